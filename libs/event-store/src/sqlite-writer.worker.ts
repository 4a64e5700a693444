import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteAppender, serializeError } from './sqlite-appender';
import { FromWriter, ToWriter, WireOutcome, WriterThreadData } from './sqlite-writer.messages';

/**
 * The SQLite event store's writer thread (see `writer: 'worker'` in sqlite-event-store.adapter.ts):
 * it owns the append connection and commits each group it is sent in one transaction (BEGIN
 * IMMEDIATE, a savepoint per append, COMMIT with the store's synchronous setting, so under FULL the
 * fsync happens here), then answers with an outcome per append. Groups arrive one at a time: the
 * store sends the next only after this one's answer.
 */
function main(): void {
  const port = parentPort;
  if (!port) throw new Error('sqlite-writer.worker runs as a worker thread of the event store');
  const { file, synchronous, role = 'writer', checkpoints } = workerData as WriterThreadData;
  const generation = checkpoints ? new Int32Array(checkpoints) : null;
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  if (role === 'checkpointer') return checkpointer(db, generation);
  // The checkpointer thread keeps the WAL short; the writer checkpoints only if it falls far behind
  // (or has stopped), not every 1,000 pages in the middle of a command's commit.
  db.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
  const appender = new SqliteAppender(db);
  const post = (message: FromWriter) => port.postMessage(message);
  let followed = generation ? Atomics.load(generation, 0) : 0;
  /**
   * After the checkpointer's pass, the writer checkpoints too, between two groups: only the frames
   * committed since that pass are left to copy, so it is short; and the WAL is then fully copied
   * when the writer's next transaction begins, which is what lets SQLite start the WAL over from
   * its beginning (a writer restarts the WAL only if its transaction began on a fully checkpointed
   * WAL, and no reader holds an older snapshot). Under steady commits the checkpointer's own pass
   * never leaves it fully copied (a commit lands while it runs), so without this the WAL grew to the
   * writer's autocheckpoint, and the command whose commit crossed it waited ~40 ms for a second of
   * frames to be copied and synced (BENCHMARKS.md, *The commands' tail: the WAL that never started over*).
   */
  const followCheckpointer = () => {
    if (!generation) return;
    const now = Atomics.load(generation, 0);
    if (now === followed) return;
    followed = now;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing: the checkpointer's next pass brings the next try.
    }
  };

  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') {
      db.close();
      post({ type: 'closed' });
      port.close();
      return;
    }
    if (message.type === 'settings') {
      post({
        type: 'settings', synchronous: db.pragma('synchronous', { simple: true }) as number, journalMode: db.pragma('journal_mode', { simple: true }) as string,
        autocheckpoint: db.pragma('wal_autocheckpoint', { simple: true }) as number,
      });
      return;
    }
    let outcomes;
    try {
      outcomes = appender.commitGroup(message.group);
    } catch (error) {
      post({ type: 'failed', id: message.id, failure: serializeError(error) });
      return;
    }
    post({
      type: 'committed',
      id: message.id,
      outcomes: outcomes.map((outcome): WireOutcome => (outcome.ok ? outcome : { ok: false, error: serializeError(outcome.error) })),
    });
    // The group's commands have their answer; the next group waits for this.
    followCheckpointer();
  });
  post({ type: 'ready' });
}

/**
 * Copies the WAL's committed frames into the database file every second (a PASSIVE
 * checkpoint: it waits for no reader or writer, and the writer goes on appending meanwhile). SQLite
 * otherwise runs it inside the commit that crosses 1,000 pages of WAL, so that one command group
 * waited for the copy and its fsync: under 500 commands/s on the 1M store, 64 commits over 10 ms
 * in a run with that autocheckpoint, 8 with it off (BENCHMARKS.md).
 */
function checkpointer(db: Database.Database, generation: Int32Array | null): void {
  const port = parentPort!;
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      if (generation) Atomics.add(generation, 0, 1);
    } catch {
      // Busy or failing: the next period tries again, and the writer's own fallback stays.
    }
  }, CHECKPOINT_MS);
  port.on('message', (message: ToWriter) => {
    if (message.type !== 'close') return;
    clearInterval(timer);
    db.close();
    port.close();
  });
}

/** The writer's own autocheckpoint, a fallback: 16,384 pages (64 MiB of WAL at 4 KiB pages). */
const WRITER_AUTOCHECKPOINT_PAGES = 16384;
const CHECKPOINT_MS = 1000;

main();
