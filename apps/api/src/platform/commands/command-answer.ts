import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { CommandAnswerOf, etagOf } from './command-handling';

/** A command's answer, with what the command found when it has something to say (a submission's warnings, an import's rows). */
type Answered = CommandAnswerOf & Record<string, unknown>;

/** What a command answer may say, in this order; anything else a handler returns stays inside. */
const ANSWERED = ['id', 'revision', 'position', 'warnings', 'dryRun', 'valid', 'rows', 'errors'] as const;

/** What a command route sends: `{id, revision, position}` and what the command found. */
export type CommandResponse = Partial<Record<(typeof ANSWERED)[number], unknown>>;

/** Turns a command's result into the route's answer, with the revision as ETag (If-Match for the next command). */
export type CommandAnswerer = (result: Promise<CommandAnswerOf> | CommandAnswerOf) => Promise<CommandResponse>;

export function answererOf(_: unknown, context: ExecutionContext): CommandAnswerer {
  const response = context.switchToHttp().getResponse<Response>();
  return async (result) => {
    const answer = (await result) as Answered;
    response.setHeader('ETag', etagOf(answer.revision));
    return Object.fromEntries(ANSWERED.filter((k) => answer[k] !== undefined).map((k) => [k, answer[k]]));
  };
}

/**
 * `@Answer() answer: CommandAnswerer` in a command route (one with `@CommandAnswer`):
 * `return answer(this.commands.execute(...))`.
 *
 * A parameter rather than an interceptor: Nest wraps each interceptor's `next.handle()` in
 * `AsyncResource.bind`, which on Node 20 builds two deprecation wrappers per call and changes
 * their prototype (`Object.setPrototypeOf`); on V8 that makes what they hold (the request's
 * closures) outlive the next minor GC. Per `PUT figures` at 500/s, the interceptor alone more
 * than doubled the request thread's minor-GC time (BENCHMARKS.md).
 */
export const Answer = createParamDecorator(answererOf);
