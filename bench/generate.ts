/**
 * Writes the deterministic bench workload (bench/workload.ts) into an embedded event store:
 *   npm run bench:generate -- --events 1000000 --data-dir /tmp/bench-1m
 * The file is DIR/events.sqlite with SqliteEventStore's own table (SQLITE_EVENTS_DDL) and chain hashes, so
 * `DATA_DIR=DIR npm start` and `DATA_DIR=DIR npm run rebuild` read it as the app wrote it (the demo
 * is only loaded into an empty store). Refuses a store that already holds events.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chainHash, SQLITE_EVENTS_DDL, SqliteEventStore } from '@app/event-store';
import { AppendCommand, generateWorkload } from './workload';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const events = Number(arg('events'));
  const dir = arg('data-dir');
  if (!Number.isSafeInteger(events) || events < 1 || !dir) {
    console.error('usage: npm run bench:generate -- --events N --data-dir DIR');
    process.exit(2);
  }
  const dataDir = resolve(dir);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'events.sqlite');
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  // Generation is a bulk load, synced once at the end (the adapter syncs every append).
  db.pragma('synchronous = OFF');
  db.exec(SQLITE_EVENTS_DDL);
  if ((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n > 0) {
    console.error(`${file} already holds events; choose an empty data dir`);
    process.exit(1);
  }
  const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  // The tamper-evident chain, computed as the adapter's append computes it.
  let previous: string | null = null;
  const flush = db.transaction((commands: AppendCommand[]) => {
    for (const c of commands) {
      const first = c.expected === 'no_stream' || c.expected === 'any' ? 0 : (c.expected as number) + 1;
      c.events.forEach((e, i) => {
        const data = JSON.stringify(e.data);
        const metadata = JSON.stringify(e.metadata);
        const hash = chainHash(previous, { streamId: c.streamId, revision: first + i, eventId: e.id, type: e.type, data, metadata });
        insert.run(e.id, c.streamId, first + i, e.type, data, metadata, hash);
        previous = hash;
      });
    }
  });
  const started = Date.now();
  let pending: AppendCommand[] = [];
  let written = 0;
  const tty = process.stderr.isTTY;
  const workload = generateWorkload(events, undefined, (command) => {
    pending.push(command);
    written += command.events.length;
    if (pending.length >= 5_000) {
      flush(pending);
      pending = [];
      if (tty) process.stderr.write(`\r${written.toLocaleString('en')} / ${events.toLocaleString('en')} events`);
    }
  });
  flush(pending);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (tty) process.stderr.write('\n');
  // Read it back through the adapter, as the app will.
  const store = new SqliteEventStore({ file });
  const head = await store.headPosition();
  const count = (await store.readAll({ after: null, limit: 1 })).length;
  await store.close();
  if (!head || count !== 1) throw new Error('the generated store does not read back');
  console.log(JSON.stringify({ events: workload.events, reports: workload.reports, units: workload.units, areas: workload.areas, indicators: workload.indicators, head, dataDir, seconds: (Date.now() - started) / 1000 }));
}

void main();
