import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { RecordedEvent, SqliteEventStore } from '@app/event-store';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { PROJECTIONS } from '../projections';
import { checkpointName, Projection } from '../projection/projection';
import { BuildHandle } from '../projection/replay';
import { sampleLog } from '../testing/sample-log';
import { BuildFeeder } from './projector';
import { readParked } from './parked';

/**
 * A live step on SQLite commits every build's batch in one transaction when it may (no version
 * build writing beside it), and a build whose batch fails there costs the step nothing: the step
 * is rolled back and applied build by build, as without. Real stores: the sample log appended to
 * an embedded event store, every projection on an embedded read-model store.
 */
describe('BuildFeeder: a step committed together', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteReadModelStore;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-feeder-'));
    events = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    for (const e of sampleLog().events) await events.append(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], e.revision === 0 ? 'no_stream' : e.revision - 1);
    store = new SqliteReadModelStore({ file: join(dir, 'read-models.sqlite') });
    db = (store.native as { db: Database }).db;
  });

  afterEach(async () => {
    await Promise.all([events.close(), store.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every projection's build 1, its writer watched: whether each apply ran inside an open transaction, and failing where `fails` says. */
  function builds(fails: (p: Projection, batch: readonly RecordedEvent[]) => boolean = () => false) {
    const seen: { name: string; inTransaction: boolean }[] = [];
    const projections = PROJECTIONS.map((p): Projection => ({
      ...p,
      open(s, ref, mode) {
        const writer = p.open(s, ref, mode);
        return {
          ...writer,
          apply: async (batch, checkpoint) => {
            seen.push({ name: p.name, inTransaction: db.inTransaction });
            if (fails(p, batch)) throw new Error(`${p.name} refuses this batch`);
            return writer.apply(batch, checkpoint);
          },
        };
      },
    }));
    return { seen, list: projections.map((projection) => ({ projection, ref: { projection: projection.name, version: projection.version, build: 1 } })) };
  }

  /** What every projection's build 1 holds in `on`, and its stored checkpoint. */
  async function contents(on: SqliteReadModelStore): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const p of PROJECTIONS) out[p.name] = { rows: await new BuildHandle(on, p).dump(), checkpoint: await on.getCheckpoint(checkpointName({ projection: p.name, build: 1 })) };
    return out;
  }

  /** The same log fed to a store of its own, build by build, each batch committed on its own. */
  async function apart(): Promise<Record<string, unknown>> {
    const other = new SqliteReadModelStore({ file: join(dir, 'apart', 'read-models.sqlite') });
    try {
      const { seen, list } = builds();
      const feeder = new BuildFeeder(events, other, {}, { bulk: false }, () => false);
      await feeder.use(list);
      while ((await feeder.step(4)).read > 0);
      expect(seen.length).toBeGreaterThan(0);
      return await contents(other);
    } finally {
      await other.close();
    }
  }

  it('applies every build inside one transaction, and the builds hold what builds committed one by one hold', async () => {
    const { seen, list } = builds();
    const feeder = new BuildFeeder(events, store, {}, { bulk: false }, () => true);
    await feeder.use(list);
    while ((await feeder.step(4)).read > 0);
    expect(seen.length).toBeGreaterThan(PROJECTIONS.length);
    expect(seen.every((s) => s.inTransaction)).toBe(true);
    expect(await contents(store)).toEqual(await apart());
  });

  it('rolls the step back when a build fails in it, then applies it build by build: the others commit, the failing one goes event by event and parks the event it cannot take', async () => {
    const poison = sampleLog().events[5];
    let refusals = 0;
    const refuses = (p: Projection, batch: readonly RecordedEvent[]) => p.name === 'audit_trail' && batch.some((e) => e.type === poison.type && e.position === poison.position);
    const { seen, list } = builds((p, batch) => refuses(p, batch) && ++refusals > 0);
    const feeder = new BuildFeeder(events, store, { maxAttempts: 2, retryDelayMs: 1 }, { bulk: false }, () => true);
    await feeder.use(list);
    while ((await feeder.step(100)).read > 0);

    // The whole log came in one step: once together (rolled back), then build by build.
    const first = seen.slice(0, PROJECTIONS.findIndex((p) => p.name === 'audit_trail') + 1);
    expect(first.every((s) => s.inTransaction)).toBe(true);
    expect(db.inTransaction).toBe(false);
    const head = (await events.headPosition())!;
    for (const b of feeder.builds) expect([b.ref.projection, b.checkpoint]).toEqual([b.ref.projection, head]);
    // Memory and the store agree, and every other build holds the whole log.
    for (const p of PROJECTIONS) expect(await store.getCheckpoint(checkpointName({ projection: p.name, build: 1 }))).toBe(head);
    // audit_trail's policy is skip: the event it refused is parked, the rest of the log is in it;
    // every other build holds what a build fed without the failure holds.
    expect((await readParked(store)).map((e) => [e.projection, e.position])).toEqual([['audit_trail', poison.position]]);
    const [got, want] = [await contents(store), await apart()];
    for (const p of PROJECTIONS.filter((x) => x.name !== 'audit_trail')) expect([p.name, got[p.name]]).toEqual([p.name, want[p.name]]);
    // Refused together, in the batch build by build, then at each of its two attempts alone.
    expect(refusals).toBe(4);
  });
});
