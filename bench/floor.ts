/**
 * The raw floor of a rebuild: read and decode every event of DIR/events.sqlite through the
 * adapter's readAll (SQL read and JSON decode), in the rebuild's batch size, and nothing else.
 *   node dist/bench/floor.js DIR [batchSize]
 * Prints one JSON line like the rebuild's.
 */
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const batch = Number(process.argv[3] ?? 5000);
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  let peak = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  let after: string | null = null;
  let events = 0;
  let checksum = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: batch });
    if (page.length === 0) break;
    events += page.length;
    // Touch the decoded data so nothing is optimised away.
    for (const e of page) checksum += e.type.length + (e.data ? 1 : 0);
    after = page[page.length - 1].position;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  await store.close();
  console.log(JSON.stringify({ events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events / seconds), peakRssMb: Math.round(peak / 1048576), checksum }));
}

void main();
