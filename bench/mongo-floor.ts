/**
 * The raw MongoDB floors beside a rebuild into MongoDB: read and decode every event of
 * DIR/events.sqlite as bench/floor.ts does, and write one small document per event with the raw
 * driver, in the adapter's own chunks (MONGO_BULK_CHUNK: FerretDB deadlocks on large bulk writes),
 * into a throwaway database dropped at the end. Nothing else: the least any projection into that
 * server pays per event.
 *   - `insert` (the default): `insertMany`;
 *   - `upsert`: a `bulkWrite` of `replaceOne` by `_id` with `upsert: true`, what a rebuild does
 *     (it must upsert by id to stay idempotent). On FerretDB v1.24.2 as released, every by-id
 *     lookup scans the collection (see .ci/start-ferretdb.sh), so this floor slows down as the
 *     collection grows; `maxSeconds` stops it between chunks, and the line says where.
 *   MONGODB_URI=... node dist/bench/mongo-floor.js DIR [batchSize] [insert|upsert] [maxSeconds]
 * Prints one JSON line like the rebuild's, with `"stopped": true` when maxSeconds ran out.
 */
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { SqliteEventStore } from '@app/event-store';
import { MONGO_BULK_CHUNK, MONGO_CLIENT_OPTIONS } from '@app/read-models';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const batch = Number(process.argv[3] ?? 5000);
  const mode = process.argv[4] ?? 'insert';
  if (mode !== 'insert' && mode !== 'upsert') throw new Error(`mode must be insert or upsert, not ${mode}`);
  const maxSeconds = Number(process.argv[5] ?? Infinity);
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set');
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  const client = await MongoClient.connect(uri, MONGO_CLIENT_OPTIONS);
  const db = client.db(`floor_${Date.now().toString(36)}`);
  const collection = db.collection<{ _id: string; type: string; position: string }>('events');
  let peak = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  let after: string | null = null;
  let events = 0;
  let seconds = NaN;
  let stopped = false;
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    reading: for (;;) {
      const page = await store.readAll({ after, limit: batch });
      if (page.length === 0) break;
      const docs = page.map((e) => ({ _id: e.id, type: e.type, position: e.position }));
      for (let i = 0; i < docs.length; i += MONGO_BULK_CHUNK) {
        if (elapsed() > maxSeconds) {
          stopped = true;
          break reading;
        }
        const chunk = docs.slice(i, i + MONGO_BULK_CHUNK);
        if (mode === 'insert') await collection.insertMany(chunk, { ordered: true });
        else await collection.bulkWrite(chunk.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })), { ordered: true });
        events += chunk.length;
      }
      after = page[page.length - 1].position;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    seconds = elapsed();
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await store.close();
  }
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  console.log(JSON.stringify({ events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events / seconds), peakRssMb: Math.round(peak / 1048576), ...(stopped ? { stopped } : {}) }));
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
