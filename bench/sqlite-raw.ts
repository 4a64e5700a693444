import Database from 'better-sqlite3';
import { SQLITE_EVENTS_DDL } from '@app/event-store';
import { DocChange } from '@app/read-models';
import { RecordedCommit, timed } from './util';
import { AppendCommand } from './workload';

/*
 * The floors: what better-sqlite3 alone costs for the same rows, with no adapter in between.
 * Rows are serialised before the clock starts, so these loops time SQLite only.
 */

type Row = [string, string, number, string, string, string];

/** One row per event, grouped by the command (append) that produced it. */
export function eventRows(commands: readonly AppendCommand[]): Row[][] {
  return commands.map((command) => {
    const first = command.expected === 'no_stream' ? 0 : command.expected === 'any' ? 0 : command.expected + 1;
    return command.events.map((e, i): Row => [e.id, command.streamId, first + i, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]);
  });
}

/** A database with SqliteEventStore's pragmas (busy_timeout, WAL, synchronous FULL) and table. */
function openEventsDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_EVENTS_DDL);
  return db;
}

export type Grouping = 'row' | 'command' | 'all';

/**
 * Inserts the rows with one BEGIN IMMEDIATE … COMMIT per row, per command, or around all of them.
 * Returns seconds; the database is closed (and checkpointed) outside the timing.
 */
export async function rawEventInsert(file: string, groups: readonly Row[][], grouping: Grouping): Promise<number> {
  const db = openEventsDb(file);
  const insert = db.prepare<Row>('INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const one = db.transaction((row: Row) => insert.run(...row));
  const many = db.transaction((rows: readonly Row[]) => {
    for (const row of rows) insert.run(...row);
  });
  const everything = db.transaction((all: readonly Row[][]) => {
    for (const rows of all) for (const row of rows) insert.run(...row);
  });
  const seconds = await timed(() => {
    if (grouping === 'row') for (const rows of groups) for (const row of rows) one.immediate(row);
    else if (grouping === 'command') for (const rows of groups) many.immediate(rows);
    else everything.immediate(groups);
  });
  db.close();
  return seconds;
}

/**
 * Replays the projection's recorded commits straight into SQLite: the same documents, the same
 * upsert statements and one transaction per batch, with SqliteReadModelStore's pragmas (WAL,
 * synchronous NORMAL). No reads, no folding: the write floor of the catch-up. The tables and
 * indexes must already exist (the caller creates them through the adapter, untimed).
 */
export async function rawReadModelReplay(file: string, commits: readonly RecordedCommit[]): Promise<number> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const upserts = new Map<string, Database.Statement<[string, string]>>();
  const upsert = (collection: string) => {
    let stmt = upserts.get(collection);
    if (!stmt) {
      stmt = db.prepare<[string, string]>(`INSERT INTO "rm_${collection}" (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`);
      upserts.set(collection, stmt);
    }
    return stmt;
  };
  const checkpoint = db.prepare<[string, string]>(
    'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  );
  // Serialised up front, like the event rows: the loop below times SQLite only.
  const batches = commits.map(({ changes, checkpoint: cp }) => ({
    writes: changes.map((c: DocChange) => {
      if (c.kind !== 'put') throw new Error('the ledger projection only puts documents');
      return { collection: c.collection, id: c.doc._id, json: JSON.stringify(c.doc) };
    }),
    checkpoint: cp,
  }));
  // Prepare every statement outside the timing.
  for (const b of batches) for (const w of b.writes) upsert(w.collection);
  const commit = db.transaction((batch: (typeof batches)[number]) => {
    for (const w of batch.writes) upsert(w.collection).run(w.id, w.json);
    if (batch.checkpoint) checkpoint.run(batch.checkpoint.name, batch.checkpoint.position);
  });
  const seconds = await timed(() => {
    for (const batch of batches) commit.immediate(batch);
  });
  db.close();
  return seconds;
}
