import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import { CommandAnswerOf } from '../commands/command-handling';

/** A command's answer, with what the command found when it has something to say (a submission's warnings, an import's rows). */
type Answer = CommandAnswerOf & Record<string, unknown>;

/** What a command answer may say, in this order; anything else a handler returns stays inside. */
const ANSWERED = ['id', 'revision', 'position', 'warnings', 'dryRun', 'valid', 'rows', 'errors'] as const;

/**
 * `{id, revision, position}` (and what the command found: a submission's `warnings`, an import's
 * `rows`) with the revision as ETag, for If-Match on the next command. `appended` stays inside.
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor<Answer> {
  intercept(context: ExecutionContext, next: CallHandler<Answer>): Observable<Omit<Answer, 'appended'>> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((answer) => {
        response.setHeader('ETag', `"${answer.revision}"`);
        return Object.fromEntries(ANSWERED.filter((k) => answer[k] !== undefined).map((k) => [k, answer[k]])) as Omit<Answer, 'appended'>;
      }),
    );
  }
}
