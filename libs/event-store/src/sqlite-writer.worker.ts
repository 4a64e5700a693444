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
  const { file, synchronous } = workerData as WriterThreadData;
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  const appender = new SqliteAppender(db);
  const post = (message: FromWriter) => port.postMessage(message);

  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') {
      db.close();
      post({ type: 'closed' });
      port.close();
      return;
    }
    if (message.type === 'settings') {
      post({ type: 'settings', synchronous: db.pragma('synchronous', { simple: true }) as number, journalMode: db.pragma('journal_mode', { simple: true }) as string });
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
  });
  post({ type: 'ready' });
}

main();
