import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventData, EventStore, RecordedEvent, WrongExpectedRevisionError } from '@app/event-store';
import { uuidV5 } from '@app/shared';
import { problem } from '../http/problem';
import { CommandContext } from './command-context';

export interface Decider<C, S, E extends { type: string; data: unknown }> {
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: S;
}

export interface CommandResult {
  revision: number;
  position: string | null;
  /** False when the command changed nothing, or was a replay of an earlier request. */
  appended: boolean;
}

export interface RunOptions<C, S, E extends { type: string; data: unknown }> {
  streamId: string;
  decider: Decider<C, S, E>;
  ctx: CommandContext;
  /** Builds the command from the current state (after authorization). */
  command: (state: S) => C | Promise<C>;
  /** Throws a 403/404 problem when the principal may not act on this state. */
  authorize?: (state: S) => void | Promise<void>;
  /** Reload and decide again after a lost race (for streams where a retry is always safe). */
  retries?: number;
}

/**
 * The one way commands touch the event store: load the stream, authorize, decide, append with
 * the expected revision. A handler only supplies the stream, the decider and the command.
 */
@Injectable()
export class CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run<C, S, E extends { type: string; data: unknown }>(options: RunOptions<C, S, E>): Promise<CommandResult> {
    const { streamId, decider, ctx } = options;
    for (let attempt = 0; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const replay = this.replayOf(history, ctx);
      if (replay) return replay;

      const state = history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState);
      await options.authorize?.(state);
      const revision = history.length ? history[history.length - 1].revision : -1;
      if (ctx.ifMatch !== null && ctx.ifMatch !== revision) {
        throw problem(412, 'Precondition failed', `The resource is at revision ${revision}, not ${ctx.ifMatch}.`, [], { ETag: `"${revision}"` });
      }
      const events = decider.decide(await options.command(state), state);
      if (events.length === 0) {
        return { revision, position: history.length ? history[history.length - 1].position : null, appended: false };
      }
      try {
        const result = await this.store.append(
          streamId,
          events.map((e, i) => this.envelope(e, ctx, streamId, i)),
          history.length ? revision : 'no_stream',
        );
        return { ...result, appended: true };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < (options.retries ?? 0)) continue;
        throw error;
      }
    }
  }

  /** The same Idempotency-Key again: the first answer when the request is the same, 422 when not. */
  private replayOf(history: RecordedEvent[], ctx: CommandContext): CommandResult | null {
    if (!ctx.idempotent) return null;
    const earlier = history.filter((e) => e.metadata.commandId === ctx.commandId);
    if (earlier.length === 0) return null;
    if (earlier[0].metadata.requestHash !== ctx.requestHash) {
      throw problem(422, 'Idempotency key reused', 'This Idempotency-Key was used for a different request.', [
        { field: 'Idempotency-Key', message: 'was used with another request body' },
      ]);
    }
    const last = earlier[earlier.length - 1];
    return { revision: last.revision, position: last.position, appended: false };
  }

  private envelope(event: { type: string; data: unknown }, ctx: CommandContext, streamId: string, index: number): EventData {
    const version = /\.v(\d+)$/.exec(event.type);
    return {
      id: uuidV5(`${ctx.commandId}:${streamId}:${index}`),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: {
        actor: ctx.principal.sub,
        commandId: ctx.commandId,
        correlationId: ctx.correlationId,
        causationId: ctx.commandId,
        recordedAt: ctx.now,
        schemaVersion: version ? Number(version[1]) : 1,
        requestHash: ctx.requestHash,
      },
    };
  }
}
