import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import { CommandAnswerOf } from '../commands/command-handling';

/** A command's answer, with what the command found when it has something to say (a submission's warnings). */
type Answer = CommandAnswerOf & { warnings?: unknown[] };

/** `{id, revision, position}` (and `warnings` from a submission) with the revision as ETag, for If-Match on the next command. */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor<Answer> {
  intercept(context: ExecutionContext, next: CallHandler<Answer>): Observable<{ id: string; revision: number; position: string | null; warnings?: unknown[] }> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map(({ id, revision, position, warnings }) => {
        response.setHeader('ETag', `"${revision}"`);
        return { id, revision, position, ...(warnings ? { warnings } : {}) };
      }),
    );
  }
}
