import { AggregatedStream, EventData, EventStore, WrongExpectedRevisionError } from '@app/event-store';
import { uuidV5 } from '@app/shared';
import { CommandContext } from './command-context';

/** What every command answers: the stream's revision and position after it. */
export interface CommandResult {
  revision: number;
  position: string | null;
  /** False when the command changed nothing, or was a replay of an earlier request. */
  appended: boolean;
}

/** What a command answers: the id of what it acted on (a created assignment's new id too), and its result. */
export type CommandAnswerOf = CommandResult & { id: string };

export const answered = (id: string, result: CommandResult): CommandAnswerOf => ({ id, ...result });

/** The ETag this API issues for a revision (command answers, a report, a 412); If-Match sends it back (http-command-context). */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/** If-Match named another revision than the stream's (412, with the current ETag). */
export class PreconditionFailedError extends Error {
  constructor(readonly streamId: string, readonly revision: number, readonly expected: number) {
    super(`The resource is at revision ${revision}, not ${expected}.`);
    this.name = 'PreconditionFailedError';
  }
}

/** The caller's Idempotency-Key was used before with another request (422). */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('This Idempotency-Key was used for a different request.');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/**
 * The answer to an earlier command with this context's idempotency key, when the stream holds
 * one; null otherwise. Call it after authorizing: a replay is answered only to a caller who may
 * still make the command.
 */
export function replayOf(stream: AggregatedStream<unknown>, ctx: CommandContext): CommandResult | null {
  if (!ctx.idempotency) return null;
  const earlier = stream.events.filter((e) => e.metadata.commandId === ctx.commandId);
  if (earlier.length === 0) return null;
  if (earlier[0].metadata.requestHash !== ctx.idempotency.requestHash) throw new IdempotencyKeyReusedError();
  const last = earlier[earlier.length - 1];
  return { revision: last.revision, position: last.position, appended: false };
}

/** With If-Match, the stream must be at the revision the caller named (412 otherwise). */
export function assertExpectedRevision(stream: AggregatedStream<unknown>, ctx: CommandContext): void {
  if (ctx.expectedRevision !== null && ctx.expectedRevision !== stream.revision) {
    throw new PreconditionFailedError(stream.streamId, stream.revision, ctx.expectedRevision);
  }
}

/**
 * Appends what the decider decided, expecting the revision the stream was loaded at (and, with
 * If-Match, the revision the caller named). Nothing decided: the stream's current answer.
 */
export async function appendDecided(
  store: EventStore,
  stream: AggregatedStream<unknown>,
  events: readonly { type: string; data: object }[],
  ctx: CommandContext,
): Promise<CommandResult> {
  assertExpectedRevision(stream, ctx);
  if (events.length === 0) return { revision: stream.revision, position: stream.position, appended: false };
  const result = await store.append(
    stream.streamId,
    events.map((e, i) => envelope(e, ctx, stream.streamId, i)),
    stream.revision < 0 ? 'no_stream' : stream.revision,
  );
  return { ...result, appended: true };
}

/**
 * Runs a whole command again after it lost a race on its stream, for streams where deciding
 * again on the fresh state is always safe (the area map, a program's assignments, a report
 * book). Never with If-Match: the caller pinned a revision and must hear that it moved.
 */
export async function retryOnConflict<T>(ctx: CommandContext, attempts: number, command: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await command();
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || ctx.expectedRevision !== null || attempt >= attempts) throw error;
    }
  }
}

function envelope(event: { type: string; data: object }, ctx: CommandContext, streamId: string, index: number): EventData {
  const version = /\.v(\d+)$/.exec(event.type);
  return {
    id: uuidV5(`${ctx.commandId}:${streamId}:${index}`),
    type: event.type,
    data: { ...event.data },
    metadata: {
      actor: ctx.actor.sub,
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      causationId: ctx.commandId,
      recordedAt: ctx.now,
      schemaVersion: version ? Number(version[1]) : 1,
      ...(ctx.idempotency ? { requestHash: ctx.idempotency.requestHash } : {}),
    },
  };
}
