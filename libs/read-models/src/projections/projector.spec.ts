import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, ReadAllOptions, RecordedEvent, SqliteEventStore } from '@app/event-store';
import { LiveReadModels } from '../projection/live-read-models';
import { PROJECTIONS } from '../projections';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { Projector } from './projector';

const unit = (unitId: string): EventData => ({
  id: randomUUID(),
  type: 'UnitRegistered.v1',
  data: { unitId, name: unitId, kind: 'regiment', parentId: null },
  metadata: { actor: 'admin', commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2021-01-01T00:00:00.000Z', schemaVersion: 1 },
});

/** The real embedded log, noting how many events each batch read of the whole log returned (not the origin check's read of the first event). */
class CountingLog extends SqliteEventStore {
  readonly reads: number[] = [];

  override async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await super.readAll(options);
    if (options.limit > 1 && events.length > 0) this.reads.push(events.length);
    return events;
  }
}

/** The live loop's batching, on real SQLite stores: which appends go in one batch, and when a batch waits. */
describe('Projector: the least interval between live batches', () => {
  let dir: string;
  let log: CountingLog;
  let store: SqliteReadModelStore;
  let live: LiveReadModels;
  let projector: Projector | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-projector-'));
    log = new CountingLog({ file: join(dir, 'events.sqlite') });
    store = new SqliteReadModelStore({ file: join(dir, 'read-models.sqlite') });
    live = new LiveReadModels(store, PROJECTIONS);
  });

  afterEach(async () => {
    await projector?.stop();
    projector = null;
    await Promise.all([log.close(), store.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Resolves once every live model has projected the log's head (polls; fails the test after 20 s). */
  async function projected(): Promise<void> {
    const head = await log.headPosition();
    const deadline = Date.now() + 20_000;
    while ((await live.position(true)) !== head) {
      if (Date.now() > deadline) throw new Error(`not projected up to ${head} within 20 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('reads the first append at once, then takes the appends of the rest of the interval in one batch', async () => {
    projector = new Projector(log, live, { minBatchIntervalMs: 1_000, idleWaitMs: 50 });
    projector.start();
    await log.append('unit-u0', [unit('u0')], 'no_stream');
    await projected();
    // The batch of u0 started less than the interval ago: these five wait for its end, together.
    for (let i = 1; i <= 5; i++) await log.append(`unit-u${i}`, [unit(`u${i}`)], 'no_stream');
    await projected();
    expect(log.reads).toEqual([1, 5]);
    expect(await live.get('units', 'u5')).not.toBeNull();
  });

  it('does not hold an append back for a step that found nothing', async () => {
    projector = new Projector(log, live, { minBatchIntervalMs: 2_000, idleWaitMs: 50 });
    projector.start();
    await log.append('unit-u0', [unit('u0')], 'no_stream');
    await projected();
    // The loop waits out the interval after u0's batch, steps once more (finding nothing), then
    // waits for an append. Were that empty step counted as a batch, u1 would wait ~1.7 s more.
    await new Promise((r) => setTimeout(r, 2_300));
    const appended = Date.now();
    await log.append('unit-u1', [unit('u1')], 'no_stream');
    await projected();
    expect(Date.now() - appended).toBeLessThan(1_000);
    expect(log.reads).toEqual([1, 1]);
  });

  it('lets appends take a batch each with no interval', async () => {
    projector = new Projector(log, live, { minBatchIntervalMs: 0, idleWaitMs: 50 });
    projector.start();
    for (let i = 0; i < 3; i++) {
      await log.append(`unit-u${i}`, [unit(`u${i}`)], 'no_stream');
      await projected();
    }
    expect(log.reads).toEqual([1, 1, 1]);
  });

  it('never waits between full batches: a catch-up goes at once, however long the interval', async () => {
    for (let i = 0; i < 5; i++) await log.append(`unit-u${i}`, [unit(`u${i}`)], 'no_stream');
    // Were full batches held to the interval, the third batch would start a minute after the first.
    projector = new Projector(log, live, { minBatchIntervalMs: 60_000, batchSize: 2, idleWaitMs: 50 });
    projector.start();
    await projected();
    expect(log.reads).toEqual([2, 2, 1]);
  });
});
