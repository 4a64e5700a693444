import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import { CommandAnswerOf } from '../commands/command-handling';

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
