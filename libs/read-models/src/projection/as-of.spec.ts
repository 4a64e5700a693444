import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@app/event-store';
import { PROJECTIONS } from '../projections';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { UndeclaredReadModelError } from '../read-scope';
import { sampleLog, unitRegistered } from '../testing/sample-log';
import { AsOfReadModels } from './as-of';
import { LiveReadModels } from './live-read-models';
import { BuildHandle, ReadSide } from './replay';

const dumpOf = async (store: SqliteReadModelStore, models: readonly string[]) => {
  const out: Record<string, unknown> = {};
  for (const p of PROJECTIONS.filter((x) => models.includes(x.name))) out[p.name] = await new BuildHandle(store, p).dump();
  return out;
};

const physicalOf = (lease: { store: unknown }) => (lease.store as LiveReadModels).physical as SqliteReadModelStore;

describe('read models as of a position (a scratch replay)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let log: RecordedEvent[];
  const ALL = PROJECTIONS.map((p) => p.name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-asof-'));
    events = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    // The sample log's events, appended to a real store stream by stream in log order.
    const source = [unitRegistered(1, 'u1'), unitRegistered(2, 'u2'), ...sampleLog().events];
    for (const e of source) await events.append(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], e.revision === 0 ? 'no_stream' : e.revision - 1);
    log = await events.readAll({ after: null, limit: 10_000 });
    expect(log).toHaveLength(source.length);
  });

  afterAll(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The live read models as they stood when their checkpoint was at `position`: batch by batch, one event at a time. */
  async function reference(position: string | null, models: readonly string[]) {
    const store = new SqliteReadModelStore({ file: ':memory:' });
    const side = new ReadSide(store, PROJECTIONS.filter((p) => models.includes(p.name)));
    await side.apply([]);
    for (const e of log) if (position !== null && e.position <= position) await side.apply([e]);
    const dump = await dumpOf(store, models);
    await store.close();
    return dump;
  }

  it('holds every model exactly as incremental processing left it at each position of the log, from zero and from an earlier state', async () => {
    // One cache walks forward from its last state; a new cache per position rebuilds from zero.
    const walking = new AsOfReadModels(events, { entries: 64, batchSize: 3 });
    for (const position of [null, ...log.map((e) => e.position)]) {
      const expected = await reference(position, ALL);
      const fromZero = new AsOfReadModels(events, { entries: 1, batchSize: 3 });
      // Positions are read by value: the walking cache is asked with the leading zeros a client may leave out.
      for (const [cache, asked] of [[fromZero, position], [walking, position?.replace(/^0+(?=.)/, '') ?? null]] as const) {
        const lease = await cache.at(asked, ALL);
        expect(await dumpOf(physicalOf(lease), ALL)).toEqual(expected);
        lease.release();
      }
      await fromZero.close();
    }
    expect(walking.kept()).toHaveLength(log.length + 1);
    await walking.close();
  });

  it('answers a position again from the state it kept, and builds a state once for questions that arrive together', async () => {
    const cache = new AsOfReadModels(events, { entries: 4, batchSize: 1000 });
    const middle = log[Math.floor(log.length / 2)].position;
    const [a, b] = await Promise.all([cache.at(middle, ['unit_totals', 'reports']), cache.at(middle, ['reports'])]);
    const c = await cache.at(middle, ['unit_totals']);
    expect(physicalOf(a)).toBe(physicalOf(c));
    expect(cache.kept()).toHaveLength(a.store === b.store ? 1 : 2);
    // A state with more models serves a question about fewer.
    expect(cache.kept().some((k) => k.models.includes('unit_totals') && k.models.includes('reports'))).toBe(true);
    for (const l of [a, b, c]) l.release();
    await cache.close();
  });

  it('closes a state it no longer keeps once the last query using it has released it', async () => {
    const cache = new AsOfReadModels(events, { entries: 1, batchSize: 1000 });
    const first = await cache.at(log[3].position, ['units']);
    const second = await cache.at(log[5].position, ['units']);
    expect(cache.kept().map((k) => k.position)).toEqual([log[5].position]);
    // Still lent out: still open.
    expect((physicalOf(first).native.db as import("better-sqlite3").Database).open).toBe(true);
    first.release();
    await new Promise((r) => setImmediate(r));
    expect((physicalOf(first).native.db as import("better-sqlite3").Database).open).toBe(false);
    second.release();
    await cache.close();
  });

  it("through a query's view, reads of a model the query did not declare are refused, as on the live read models", async () => {
    const cache = new AsOfReadModels(events, { entries: 2, batchSize: 1000 });
    const liveStore = new SqliteReadModelStore({ file: ':memory:' });
    const live = await new ReadSide(liveStore).apply(log);
    const lease = await cache.at(log[log.length - 1].position, ['units']);
    const view = live.live.within({ route: 'Test.route', models: ['units'], asOf: lease });
    expect(await view.count('units', {})).toBe(2);
    await expect(view.find('reports', {})).rejects.toBeInstanceOf(UndeclaredReadModelError);
    lease.release();
    await liveStore.close();
    await cache.close();
  });

  it("a query's view answers its reads from the state of the scope's position", async () => {
    const cache = new AsOfReadModels(events, { entries: 2, batchSize: 1000 });
    const liveStore = new SqliteReadModelStore({ file: ':memory:' });
    const live = await new ReadSide(liveStore).apply(log);
    // Before u2 was registered: one unit as of that position, two now.
    const lease = await cache.at(log[0].position, ['units']);
    const view = live.live.within({ route: 'Test.route', models: ['units'], asOf: lease });
    expect(await live.live.count('units', {})).toBe(2);
    expect(await view.count('units', {})).toBe(1);
    // The view's native handle and table names are the state's, for the queries run in the store.
    const db = (store: { native: unknown }) => (store.native as { kind: 'sqlite'; db: unknown }).db;
    expect(db(view)).toBe(db(lease.store));
    expect(db(view)).not.toBe(db(live.live));
    expect(await view.resolve('units')).toBe(await lease.store.resolve('units'));
    lease.release();
    await liveStore.close();
    await cache.close();
  });
});
