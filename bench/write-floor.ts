/**
 * The write floor of a rebuild: how long SQLite takes to write the read models a rebuild wrote,
 * with nothing to compute. `VACUUM INTO` copies DIR/read-models.sqlite (every table and index,
 * each B-tree written in key order, which is SQLite's fastest way to write them) into a new file
 * beside it, which is synced and removed. No rebuild that writes these tables to this disk can
 * finish sooner (a rebuild also writes its rows again as batches change them, and through the WAL).
 *   node dist/bench/write-floor.js DIR EVENTS
 * Prints one JSON line: {"events","seconds","eventsPerSecond","mb"} (eventsPerSecond: the rate a
 * rebuild of EVENTS events would reach if writing its result were all it did).
 */
import { closeSync, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

function main(): void {
  const dir = process.argv[2];
  const events = Number(process.argv[3]);
  if (!dir || !Number.isInteger(events) || events <= 0) {
    console.error('usage: node dist/bench/write-floor.js DIR EVENTS');
    process.exit(2);
  }
  const source = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
  const target = join(dir, `write-floor-${process.pid}.sqlite`);
  rmSync(target, { force: true });
  try {
    const started = process.hrtime.bigint();
    source.exec(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
    const fd = openSync(target, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const mb = statSync(target).size / 1048576;
    console.log(JSON.stringify({ events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events / seconds), mb: Math.round(mb) }));
  } finally {
    source.close();
    rmSync(target, { force: true });
  }
}

main();
