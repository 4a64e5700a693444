/**
 * What the live projector costs per batch: every registered projection fed from DIR/events.sqlite
 * (a generated store, read only) into a fresh embedded read-model store, as the live loop feeds
 * them (small batches, nothing deferred), after a warm-up that is not counted.
 *   node dist/bench/live-feed.js DIR [--skip 5000] [--events 10000] [--batch 5]
 * Prints one JSON line: steps, CPU and wall milliseconds per step, and per projection (its writer's
 * wall time per step). In-process, so compare runs of one session, alternated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { BuildFeeder, PROJECTIONS, SqliteReadModelStore } from '@app/read-models';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || dir.startsWith('--')) throw new Error('usage: node dist/bench/live-feed.js DIR [--skip N] [--events N] [--batch N]');
  const [skip, count, batch] = [arg('skip', 5000), arg('events', 10000), arg('batch', 5)];
  const events = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  const tmp = mkdtempSync(join(tmpdir(), 'danvan-live-feed-'));
  const store = new SqliteReadModelStore({ file: join(tmp, 'read-models.sqlite') });
  try {
    const feeder = new BuildFeeder(events, store);
    await feeder.use(PROJECTIONS.map((projection) => ({ projection, ref: { projection: projection.name, version: projection.version, build: 1 } })));
    let fed = 0;
    /** Feeds up to event `until` (or the log's end) in steps of `size`; returns the steps taken. */
    const feedTo = async (until: number, size: number): Promise<number> => {
      let steps = 0;
      while (fed < until) {
        const { read } = await feeder.step(Math.min(size, until - fed));
        if (read === 0) break;
        fed += read;
        steps += 1;
      }
      return steps;
    };
    await feedTo(skip, 500);
    const before = feeder.timings.projections;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const steps = await feedTo(skip + count, batch);
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const per = (ms: number) => Number((ms / Math.max(1, steps)).toFixed(3));
    const projections = Object.fromEntries(Object.entries(feeder.timings.projections).map(([name, ms]) => [name, per(ms - (before[name] ?? 0))]));
    console.log(JSON.stringify({ events: fed - skip, batch, steps, cpuMsPerStep: per((used.user + used.system) / 1000), wallMsPerStep: per(wall), projectionMsPerStep: projections }));
  } finally {
    await Promise.allSettled([store.close(), events.close()]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
