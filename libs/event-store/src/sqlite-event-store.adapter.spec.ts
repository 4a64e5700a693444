import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { metadataFor, newEvent, newStreamId } from './event-store.contract';
import { WrongExpectedRevisionError } from './event-store.port';
import { SQLITE_EVENTS_DDL, SqliteEventStore } from './sqlite-event-store.adapter';

describe('SqliteEventStore', () => {
  let dir: string;
  const opened: SqliteEventStore[] = [];

  function open(file: string, options: { pollIntervalMs?: number; synchronous?: 'FULL' | 'NORMAL' } = {}): SqliteEventStore {
    const store = new SqliteEventStore({ file, ...options });
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-sqlite-event-store-'));
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('opening', () => {
    it('given a path in missing directories, when opened, then it creates them and the file in WAL mode', async () => {
      const file = join(dir, 'nested', 'deeper', 'events.sqlite');

      const store = open(file, { synchronous: 'NORMAL' });
      await store.append(newStreamId(), [newEvent('A')], 'no_stream');

      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
      } finally {
        raw.close();
      }
    });

    it('when given an unknown synchronous mode or a non-positive poll interval, then it refuses to open', () => {
      const file = join(dir, 'events.sqlite');

      expect(() => new SqliteEventStore({ file, synchronous: 'OFF' as 'FULL' })).toThrow(/synchronous/);
      expect(() => new SqliteEventStore({ file, pollIntervalMs: 0 })).toThrow(/pollIntervalMs/);
    });

    it('given an empty log, then the head is null, reading all is empty and the first event gets position 1', async () => {
      const store = open(':memory:');

      expect(await store.headPosition()).toBeNull();
      expect(await store.readAll({ after: null, limit: 10 })).toEqual([]);
      const result = await store.append(newStreamId(), [newEvent('A')], 'no_stream');

      expect(result.position).toBe('0000000000000001');
      expect(await store.headPosition()).toBe('0000000000000001');
    });

    it('given positions beyond the largest rowid, when reading all after one, then it is rejected as malformed', async () => {
      const store = open(':memory:');

      await expect(store.readAll({ after: '8000000000000000', limit: 1 })).rejects.toThrow(/rowid/);
      await expect(store.readAll({ after: '7fffffffffffffff', limit: 1 })).resolves.toEqual([]);
    });
  });

  describe('durability', () => {
    it('given events appended, when the store is closed and reopened, then they are all there and appends continue', async () => {
      const file = join(dir, 'events.sqlite');
      const streamId = newStreamId();
      const first = open(file);
      await first.append(streamId, [newEvent('A', { name: 'Ia R’vê' }), newEvent('B')], 'no_stream');
      const before = await first.readStream(streamId);
      const head = await first.headPosition();
      await first.close();

      const reopened = open(file);

      expect(await reopened.readStream(streamId)).toEqual(before);
      expect(await reopened.headPosition()).toBe(head);
      expect(await reopened.append(streamId, [newEvent('C')], 1)).toMatchObject({ revision: 2 });
    });
  });

  describe('idempotency', () => {
    it('given an append through one instance, when retried through another on the same file, then it answers the same and appends nothing', async () => {
      const file = join(dir, 'events.sqlite');
      const api = open(file);
      const worker = open(file);
      const streamId = newStreamId();
      const events = [newEvent('A'), newEvent('B')];

      const first = await api.append(streamId, events, 'no_stream');
      const retried = await worker.append(streamId, events, 'no_stream');

      expect(retried).toEqual(first);
      expect(await worker.readStream(streamId)).toHaveLength(2);
      expect(await api.readAll({ after: null, limit: 10 })).toHaveLength(2);
    });

    it('given the stream moved on, when an earlier append is retried with its expected revision, then it still answers like the first time', async () => {
      const store = open(':memory:');
      const streamId = newStreamId();
      const created = [newEvent('A')];
      const figures = [newEvent('B'), newEvent('C')];
      await store.append(streamId, created, 'no_stream');
      const first = await store.append(streamId, figures, 0);
      await store.append(streamId, [newEvent('D')], 2);

      expect(await store.append(streamId, figures, 0)).toEqual(first);
      expect(await store.append(streamId, figures, 'any')).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(4);
    });

    it('given recorded ids, when appended again at another expected revision or in another order, then WrongExpectedRevisionError', async () => {
      const store = open(':memory:');
      const streamId = newStreamId();
      const [a, b] = [newEvent('A'), newEvent('B')];
      await store.append(streamId, [a, b], 'no_stream');
      await store.append(streamId, [newEvent('C')], 1);

      await expect(store.append(streamId, [a, b], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(streamId, [b, a], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(streamId, [a, newEvent('X')], 'no_stream')).rejects.toMatchObject({ expected: 'no_stream', actual: 2 });
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it('given an id recorded in another stream, when appended in a batch, then it fails clearly and the batch appends nothing', async () => {
      const store = open(':memory:');
      const reused = newEvent('A');
      const other = newStreamId('other');
      await store.append(other, [reused], 'no_stream');
      const streamId = newStreamId();

      await expect(store.append(streamId, [reused], 'no_stream')).rejects.toThrow(`already recorded in stream ${other}`);
      await expect(store.append(streamId, [newEvent('B'), reused], 'no_stream')).rejects.toThrow(`event id ${reused.id} is already recorded`);
      expect(await store.readStream(streamId)).toEqual([]);
      expect(await store.readAll({ after: null, limit: 10 })).toHaveLength(1);
    });

    it('given an id recorded earlier in the same stream, when reused with the current revision, then it fails as a reused id', async () => {
      const store = open(':memory:');
      const streamId = newStreamId();
      const reused = newEvent('A');
      await store.append(streamId, [reused], 'no_stream');

      await expect(store.append(streamId, [reused], 0)).rejects.toThrow(`event id ${reused.id} is already recorded at revision 0`);
    });
  });

  describe('reading events by type', () => {
    it('given a log of mixed types, then it answers the events of the named types in (after, until], oldest first, at most limit, as readAll has them', async () => {
      const store = open(':memory:');
      const types = ['Kept', 'Skipped', 'Other', 'Kept', 'Skipped', 'Other', 'Kept', 'Kept'];
      for (const [i, type] of types.entries()) await store.append(`typed-${i}`, [newEvent(type)], 'no_stream');
      const all = await store.readAll({ limit: 100 });
      const at = (i: number) => all[i].position;
      const pick = (...indexes: number[]) => indexes.map((i) => all[i]);

      expect(await store.readTypes({ after: null, until: at(7), types: ['Kept', 'Other'], limit: 100 })).toEqual(pick(0, 2, 3, 5, 6, 7));
      // after is exclusive, until inclusive
      expect(await store.readTypes({ after: at(0), until: at(6), types: ['Kept'], limit: 100 })).toEqual(pick(3, 6));
      expect(await store.readTypes({ after: at(3), until: at(5), types: ['Kept'], limit: 100 })).toEqual([]);
      expect(await store.readTypes({ after: null, until: at(7), types: ['Kept'], limit: 2 })).toEqual(pick(0, 3));
      expect(await store.readTypes({ after: null, until: at(7), types: [], limit: 10 })).toEqual([]);
      await expect(store.readTypes({ after: null, until: at(7), types: ['Kept'], limit: 0 })).rejects.toThrow();
      await expect(store.readTypes({ after: null, until: at(7), types: 'Kept' as never, limit: 5 })).rejects.toThrow(TypeError);
      await store.close();
    });
  });

  describe('counting the events after a position', () => {
    it('given a log, then it counts the events strictly after the position, up to the cap, from the start for null', async () => {
      const store = open(':memory:');
      const appended = [];
      for (let i = 0; i < 5; i++) appended.push(await store.append(`count-${i}`, [newEvent('Counted')], 'no_stream'));
      expect(await store.countAfter(null, 100)).toBe(5);
      expect(await store.countAfter(appended[1].position, 100)).toBe(3);
      expect(await store.countAfter(appended[4].position, 100)).toBe(0);
      expect(await store.countAfter(null, 2)).toBe(2);
      expect(await store.countAfter(appended[0].position, 1)).toBe(1);
      await expect(store.countAfter(null, 0)).rejects.toThrow();
      await store.close();
    });
  });

  describe('resolving an instant to a position', () => {
    const base = Date.parse('2021-01-19T08:00:00.000Z');
    const iso = (ms: number): string => new Date(ms).toISOString();

    function insertRaw(db: Database.Database, recordedAt: string): void {
      const id = randomUUID();
      const metadata = JSON.stringify({ actor: 'raw', commandId: id, correlationId: id, causationId: id, recordedAt, schemaVersion: 1 });
      db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, 0, ?, ?, ?)').run(id, `raw-${id}`, 'Raw', '{}', metadata);
    }

    it('given a store written before positionAt existed, when opened, then the events already there resolve exactly, and reopening changes nothing', async () => {
      const file = join(dir, 'events.sqlite');
      const legacy = new Database(file);
      legacy.exec(SQLITE_EVENTS_DDL);
      for (const recordedAt of ['2021-01-19T10:00:00.000Z', '2021-01-19T12:00:00.000Z', '2021-01-19T18:00:00.000+07:00', 'not an instant', '2021-01-19T09:00:00.000Z']) {
        insertRaw(legacy, recordedAt);
      }
      legacy.close();

      const store = open(file);

      expect(await store.positionAt('2021-01-19T08:59:59.999Z')).toBeNull();
      expect(await store.positionAt('2021-01-19T09:00:00.000Z')).toBe('0000000000000005');
      expect(await store.positionAt('2021-01-19T12:00:00.000Z')).toBe('0000000000000005');
      await store.close();
      const raw = new Database(file, { readonly: true });
      const indexed = (): unknown => raw.prepare('SELECT position, floor FROM recorded_floor ORDER BY position').all();
      const before = indexed();
      expect(before).toHaveLength(4);
      const reopened = open(file);
      expect(await reopened.positionAt('2021-01-19T11:00:00.000Z')).toBe('0000000000000005');
      expect(indexed()).toEqual(before);
      expect(raw.prepare("SELECT count(*) AS n FROM store_meta WHERE key = 'recorded_floor'").get()).toEqual({ n: 1 });
      raw.close();
    });

    it('given another connection inserting rows itself (as the benchmark does), then they resolve too', async () => {
      const file = join(dir, 'events.sqlite');
      const store = open(file);
      await store.append(newStreamId(), [newEvent('A', {}, metadataFor({ recordedAt: '2021-01-19T10:00:00.000Z' }))], 'no_stream');

      const other = new Database(file);
      insertRaw(other, '2021-01-19T09:30:00.000Z');
      other.close();

      expect(await store.positionAt('2021-01-19T09:30:00.000Z')).toBe('0000000000000002');
      expect(await store.positionAt('2021-01-19T10:00:00.000Z')).toBe('0000000000000002');
      expect(await store.positionAt('2021-01-19T09:29:59.999Z')).toBeNull();
    });

    it('given random logs of nearly monotonic recordedAt with back-dated events, then every instant resolves as a scan of the whole log would', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -3, max: 10 }) }, { weight: 1, arbitrary: fc.integer({ min: -200, max: 200 }) }), { minLength: 1, maxLength: 40 }),
          fc.array(fc.integer({ min: -250, max: 600 }), { minLength: 1, maxLength: 10 }),
          async (steps, probes) => {
            const store = new SqliteEventStore({ file: ':memory:' });
            try {
              const recorded: { position: string; at: number }[] = [];
              let clock = base;
              const streamId = newStreamId();
              for (const [revision, step] of steps.entries()) {
                clock += step * 1000;
                const result = await store.append(streamId, [newEvent('Tick', {}, metadataFor({ recordedAt: iso(clock) }))], revision === 0 ? 'no_stream' : revision - 1);
                recorded.push({ position: result.position, at: clock });
              }
              for (const probe of [...probes.map((p) => base + p * 1000), ...recorded.map((r) => r.at), ...recorded.map((r) => r.at - 1)]) {
                const expected = recorded.filter((r) => r.at <= probe).at(-1)?.position ?? null;
                expect(await store.positionAt(iso(probe))).toBe(expected);
              }
            } finally {
              await store.close();
            }
          },
        ),
        { numRuns: 100 },
      );
    });
  });

  describe('waiting for appends', () => {
    it('given two instances on one file, when one appends, then a waiter on the other is woken by polling', async () => {
      const file = join(dir, 'events.sqlite');
      const projector = open(file, { pollIntervalMs: 25 });
      const api = open(file);
      let woken = false;
      const waiting = projector.waitForAppend(null, 20_000).then(() => {
        woken = true;
      });

      await sleep(150);
      expect(woken).toBe(false);
      const appendedAt = Date.now();
      await api.append(newStreamId(), [newEvent('A')], 'no_stream');
      await waiting;

      expect(Date.now() - appendedAt).toBeLessThan(5000);
    });

    it('given a poll interval longer than the wait, when another instance appends, then the waiter only wakes at its timeout', async () => {
      const file = join(dir, 'events.sqlite');
      const projector = open(file, { pollIntervalMs: 60_000 });
      const api = open(file);
      const started = Date.now();
      const waiting = projector.waitForAppend(null, 400);

      await api.append(newStreamId(), [newEvent('A')], 'no_stream');
      await waiting;

      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    });

    it('given a poll interval longer than the wait, when the same instance appends, then the waiter wakes at once', async () => {
      const store = open(join(dir, 'events.sqlite'), { pollIntervalMs: 60_000 });
      const waiting = store.waitForAppend(null, 20_000);

      await sleep(50);
      const appendedAt = Date.now();
      await store.append(newStreamId(), [newEvent('A')], 'no_stream');
      await waiting;

      expect(Date.now() - appendedAt).toBeLessThan(5000);
    });

    it('given a waiter past the head, when an event below its position is appended, then it keeps waiting', async () => {
      const store = open(':memory:', { pollIntervalMs: 20 });
      let woken = false;
      const waiting = store.waitForAppend('0000000000000002', 20_000).then(() => {
        woken = true;
      });

      await store.append(newStreamId(), [newEvent('A')], 'no_stream');
      await sleep(100);
      expect(woken).toBe(false);
      await store.append(newStreamId(), [newEvent('B'), newEvent('C')], 'no_stream');
      await waiting;
    });

    describe('with fake timers', () => {
      beforeEach(() => {
        jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
      });

      afterEach(() => {
        jest.useRealTimers();
      });

      it('given waiters resolved by an append, a timeout and an abort, then each clears its timer and polling stops with the last', async () => {
        const store = open(':memory:', { pollIntervalMs: 20 });

        const byAppend = store.waitForAppend(null, 20_000);
        const byTimeout = store.waitForAppend('0000000000000005', 50);
        const controller = new AbortController();
        const byAbort = store.waitForAppend('0000000000000005', 20_000, controller.signal);
        expect(jest.getTimerCount()).toBe(4);

        await store.append(newStreamId(), [newEvent('A')], 'no_stream');
        await byAppend;
        expect(jest.getTimerCount()).toBe(3);

        jest.advanceTimersByTime(50);
        await byTimeout;
        expect(jest.getTimerCount()).toBe(2);

        controller.abort();
        await byAbort;
        expect(jest.getTimerCount()).toBe(0);
      });
    });

    it('given a pending waiter, when the store closes, then the waiter resolves', async () => {
      const store = open(':memory:');
      const waiting = store.waitForAppend(null, 20_000);

      const closedAt = Date.now();
      await store.close();
      await waiting;

      expect(Date.now() - closedAt).toBeLessThan(5000);
    });
  });
});
