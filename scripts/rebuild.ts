/**
 * Rebuilds read models beside the live ones while the API keeps serving them, then switches:
 *   npm run rebuild -- [model ...] [--fresh]   (all when none is named; the stores of DATA_DIR / the configured URIs)
 * A build left by a killed rebuild is resumed from its checkpoint (--fresh starts another).
 * REBUILD_BATCH_SIZE (default 4000) events per batch; REBUILD_PAUSE_MS pauses between batches.
 * Shows progress on a TTY (stderr); ends with one JSON line on stdout:
 *   {"events":N,"seconds":S,"eventsPerSecond":R,"peakRssMb":M,"readSeconds":T,"projectionSeconds":{"<model>":T,...}}
 * (readSeconds: reading and decoding the log; projectionSeconds: each read model's own writer, its
 * final pass included: where the time goes).
 */
import { buildBeside, dropRetired, PROJECTIONS, projectionsNamed, REBUILD_BATCH_SIZE, RETIRE_GRACE_MS } from '@app/read-models';
import { loadConfigOrExit, openEventStore, openReadModelStore } from '@app/shared';

async function main(): Promise<void> {
  let projections;
  try {
    projections = projectionsNamed(process.argv.slice(2).filter((a) => !a.startsWith('-')));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const events = await openEventStore(config);
  const live = await openReadModelStore(config);
  const native = live.physical.native;
  if (native.kind === 'sqlite') {
    // A rebuild writes far more than the API: checkpoint the WAL into the file every 64 MiB
    // rather than every 4 MiB (each checkpoint syncs the file).
    native.db.pragma(`wal_autocheckpoint = ${Number(process.env.REBUILD_WAL_PAGES ?? 16384)}`);
    native.db.pragma(`cache_size = -${Number(process.env.REBUILD_CACHE_KIB ?? 32768)}`);
  }
  const batchSize = Number(process.env.REBUILD_BATCH_SIZE ?? REBUILD_BATCH_SIZE);
  const started = process.hrtime.bigint();
  let peakRss = process.memoryUsage().rss;
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  const result = await buildBeside(events, live.physical, projections, {
    owner: `rebuild-${process.pid}`,
    batchSize,
    fresh: process.argv.includes('--fresh'),
    signal: abort.signal,
    pauseMs: Number(process.env.REBUILD_PAUSE_MS ?? 0),
    onProgress: ({ events: n }) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const now = Date.now();
      if (!tty || now - lastDraw < 250) return;
      lastDraw = now;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stderr.write(`\r${projections.map((p) => p.name).join(',')}: ${n.toLocaleString('en')} events, ${Math.round(n / Math.max(seconds, 1e-3)).toLocaleString('en')} events/s   `);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // The kernel's high-water mark, so a peak between two progress calls (the final passes) counts too.
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  if (tty) process.stderr.write(`\rswitched: ${result.switched.join(', ') || 'none'}${' '.repeat(30)}\n`);
  // Readers refresh their view of the registry well within the grace; then the old builds go.
  if (result.switched.length) {
    await new Promise((r) => setTimeout(r, RETIRE_GRACE_MS + 100));
    await dropRetired(live.physical, PROJECTIONS);
  }
  console.log(JSON.stringify({ events: result.events, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(result.events / Math.max(seconds, 1e-9)), peakRssMb: Math.round(peakRss / 1048576),
    readSeconds: Number((result.timings.readMs / 1000).toFixed(3)),
    projectionSeconds: Object.fromEntries(Object.entries(result.timings.projections).map(([name, ms]) => [name, Number((ms / 1000).toFixed(3))])),
  }));
  await Promise.allSettled([events.close(), live.close()]);
  process.exit(result.switched.length === projections.length ? 0 : 1);
}

void main();
