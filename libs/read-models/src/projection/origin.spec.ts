import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, SqliteEventStore } from '@app/event-store';
import { MongoReadModelStore } from '../mongo-read-model-store.adapter';
import { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { PROJECTIONS } from '../projections';
import { Projector } from '../projections/projector';
import { LiveReadModels } from './live-read-models';
import { bindToLog, ForeignReadModelsError, READ_MODEL_ORIGIN } from './origin';
import { ensureRegistered } from './registry';

const unit = (unitId: string): EventData => ({
  id: randomUUID(),
  type: 'UnitRegistered.v1',
  data: { unitId, name: unitId, kind: 'regiment', parentId: null },
  metadata: { actor: 'admin', commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2021-01-01T00:00:00.000Z', schemaVersion: 1 },
});

/** Two event logs (real SQLite files) and one read-model store opened against both in turn. */
const BACKENDS: ['sqlite' | 'mongodb', () => Promise<{ store: ReadModelStore; reopen: () => Promise<ReadModelStore>; drop: () => Promise<void> }>][] = [
  ['sqlite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'danvan-origin-rm-')), 'read-models.sqlite');
    return { store: new SqliteReadModelStore({ file }), reopen: async () => new SqliteReadModelStore({ file }), drop: async () => rmSync(join(file, '..'), { recursive: true, force: true }) };
  }],
];
if (process.env.MONGODB_URI) {
  BACKENDS.push(['mongodb', async () => {
    const db = `origin_${randomUUID().slice(0, 8)}`;
    const store = await MongoReadModelStore.connect(process.env.MONGODB_URI!, db);
    return {
      store,
      reopen: () => MongoReadModelStore.connect(process.env.MONGODB_URI!, db),
      drop: async () => {
        const again = await MongoReadModelStore.connect(process.env.MONGODB_URI!, db);
        const native = again.native;
        if (native.kind === 'mongodb') await native.db.dropDatabase();
        await again.close();
      },
    };
  }]);
}

describe.each(BACKENDS)('read models bound to the event log they were built from (%s)', (_name, open) => {
  let dir: string;
  let logA: SqliteEventStore;
  let logB: SqliteEventStore;
  let rm: Awaited<ReturnType<typeof open>>;
  const stores: ReadModelStore[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-origin-'));
    logA = new SqliteEventStore({ file: join(dir, 'a.sqlite') });
    logB = new SqliteEventStore({ file: join(dir, 'b.sqlite') });
    rm = await open();
    stores.push(rm.store);
    await ensureRegistered(rm.store, PROJECTIONS);
  });

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await rm.drop();
    await Promise.all([logA.close(), logB.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function project(events: SqliteEventStore, store: ReadModelStore): Promise<LiveReadModels> {
    const live = new LiveReadModels(store, PROJECTIONS);
    await new Projector(events, live).catchUp();
    return live;
  }

  it('binds nothing while the log is empty, then binds to its first event once it has one', async () => {
    expect(await bindToLog(rm.store, logA, PROJECTIONS)).toBe(false);
    expect(await rm.store.get(READ_MODEL_ORIGIN, 'log')).toBeNull();
    const first = unit('u1');
    await logA.append('unit-u1', [first], 'no_stream');
    await project(logA, rm.store);
    expect(await rm.store.get(READ_MODEL_ORIGIN, 'log')).toMatchObject({ firstEventId: first.id });
    // The same log again (a restart): still bound, nothing refused.
    await logA.append('unit-u2', [unit('u2')], 'no_stream');
    const again = await rm.reopen();
    stores.push(again);
    expect(await bindToLog(again, logA, PROJECTIONS)).toBe(true);
  });

  it('refuses another log, even one with as many events, and the read side refuses every read', async () => {
    await logA.append('unit-u1', [unit('u1')], 'no_stream');
    await logA.append('unit-u2', [unit('u2')], 'no_stream');
    await project(logA, rm.store);
    await logB.append('unit-u1', [unit('u1')], 'no_stream');
    await logB.append('unit-u3', [unit('u3')], 'no_stream');
    await logB.append('unit-u4', [unit('u4')], 'no_stream');

    const live = new LiveReadModels(rm.store, PROJECTIONS);
    await expect(new Projector(logB, live).catchUp()).rejects.toBeInstanceOf(ForeignReadModelsError);
    // Nothing of log B was projected, and reads are refused rather than answered from log A's models.
    await expect(live.find('units', {})).rejects.toBeInstanceOf(ForeignReadModelsError);
    const units = await new LiveReadModels(rm.store, PROJECTIONS).find<{ _id: string }>('units', {});
    expect(units.map((u) => u._id).sort()).toEqual(['u1', 'u2']);
  });

  it('refuses an empty log for read models that were built (the new data dir beside an old database)', async () => {
    await logA.append('unit-u1', [unit('u1')], 'no_stream');
    await project(logA, rm.store);
    await expect(bindToLog(rm.store, logB, PROJECTIONS)).rejects.toThrow(/another event log.*this log is empty/);
  });

  it('refuses, for read models written before the binding existed, checkpoints past this log\'s head', async () => {
    await logA.append('unit-u1', [unit('u1')], 'no_stream');
    await logA.append('unit-u2', [unit('u2')], 'no_stream');
    await project(logA, rm.store);
    await rm.store.commit([{ collection: READ_MODEL_ORIGIN, kind: 'delete', id: 'log' }]);
    await logB.append('unit-u3', [unit('u3')], 'no_stream');
    await expect(bindToLog(rm.store, logB, PROJECTIONS)).rejects.toThrow(/is at position .*this log ends at/);
    // The same store with its own log is adopted: bound from then on.
    expect(await bindToLog(rm.store, logA, PROJECTIONS)).toBe(true);
    expect(await rm.store.get(READ_MODEL_ORIGIN, 'log')).not.toBeNull();
  });

  it('is not fooled by its own projector committing past the head while it checks (the API binds while commands run)', async () => {
    await logA.append('unit-u1', [unit('u1')], 'no_stream');
    await project(logA, rm.store);
    // Not bound yet, as on a live API whose log was empty at start: the next check binds it.
    await rm.store.commit([{ collection: READ_MODEL_ORIGIN, kind: 'delete', id: 'log' }]);
    // The log's head is read, then a command appends and the projector commits past that head
    // before the check goes on: a head read before the checkpoints would call them foreign.
    const racing = Object.create(logA) as SqliteEventStore;
    racing.headPosition = async () => {
      const head = await logA.headPosition();
      await logA.append('unit-u2', [unit('u2')], 'no_stream');
      await project(logA, rm.store);
      return head;
    };
    expect(await bindToLog(rm.store, racing, PROJECTIONS)).toBe(true);
    expect(await rm.store.get(READ_MODEL_ORIGIN, 'log')).not.toBeNull();
  });
});
