import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import { CommandResult } from '../commands/command-handling';

/** What a command route returns: the id of what it acted on, and the command's result. */
export type CommandAnswerOf = CommandResult & { id: string };

/** `{id, revision, position}` with the revision as ETag, for If-Match on the next command. */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor<CommandAnswerOf> {
  intercept(context: ExecutionContext, next: CallHandler<CommandAnswerOf>): Observable<{ id: string; revision: number; position: string | null }> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map(({ id, revision, position }) => {
        response.setHeader('ETag', `"${revision}"`);
        return { id, revision, position };
      }),
    );
  }
}
