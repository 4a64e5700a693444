import { AppendRequest, AppendResultWithFlag, SerializedError } from './sqlite-appender';

/** What the event store's writer thread is started with. */
export interface WriterThreadData {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  /** `checkpointer`: the same script copies the WAL into the database now and then, off the writer's path. */
  role?: 'writer' | 'checkpointer';
  /**
   * One Int32 the checkpointer bumps after each checkpoint. The writer follows each bump with a
   * checkpoint of its own between two groups (see sqlite-writer.worker.ts). Absent: no follow-up.
   */
  checkpoints?: SharedArrayBuffer;
}

export type ToWriter = { type: 'commit'; id: number; group: AppendRequest[] } | { type: 'settings' } | { type: 'close' };

export type WireOutcome = { ok: true; result: AppendResultWithFlag } | { ok: false; error: SerializedError };

export type FromWriter =
  | { type: 'ready' }
  /** The group's transaction committed (or each append's own failure); `failure`: BEGIN or COMMIT failed, nothing committed. */
  | { type: 'committed'; id: number; outcomes: WireOutcome[] }
  | { type: 'failed'; id: number; failure: SerializedError }
  /** The writer connection's own settings (SQLite reports synchronous per connection: 2 = FULL, 1 = NORMAL). */
  | { type: 'settings'; synchronous: number; journalMode: string; autocheckpoint: number }
  | { type: 'closed' };
