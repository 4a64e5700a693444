/**
 * The raw MongoDB floor beside a rebuild into MongoDB: read and decode every event of
 * DIR/events.sqlite as bench/floor.ts does, and insert one small document per event with the raw
 * driver (`insertMany` of MONGO_BULK_CHUNK, the adapter's own chunk: FerretDB deadlocks on large
 * bulk writes) into a throwaway database dropped at the end. Nothing else: the least any
 * projection into that server pays per event. (A rebuild must upsert by id to stay idempotent;
 * FerretDB v1.24.2 plans each upsert's lookup as a scan of the collection, so upserts slow down
 * as a collection grows: measured at ~10 per second past 10,000 documents on this machine.)
 *   MONGODB_URI=... node dist/bench/mongo-floor.js DIR [batchSize]
 * Prints one JSON line like the rebuild's.
 */
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { SqliteEventStore } from '@app/event-store';
import { MONGO_BULK_CHUNK, MONGO_CLIENT_OPTIONS } from '@app/read-models';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const batch = Number(process.argv[3] ?? 5000);
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
  try {
    for (;;) {
      const page = await store.readAll({ after, limit: batch });
      if (page.length === 0) break;
      events += page.length;
      const docs = page.map((e) => ({ _id: e.id, type: e.type, position: e.position }));
      for (let i = 0; i < docs.length; i += MONGO_BULK_CHUNK) await collection.insertMany(docs.slice(i, i + MONGO_BULK_CHUNK), { ordered: true });
      after = page[page.length - 1].position;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await store.close();
  }
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  console.log(JSON.stringify({ events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events / seconds), peakRssMb: Math.round(peak / 1048576) }));
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
