import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, programStreamId, unitDecider, unitStreamId } from '@app/domain';
import { aggregateStream, SqliteEventStore, WrongExpectedRevisionError } from '@app/event-store';
import { uuidV5 } from '@app/shared';
import { EndAssignment, EndAssignmentHandler } from '../../assignments/ending-assignment/end-assignment.command';
import { Principal } from '../auth/principal';
import { ReferenceData } from '../reference/reference-data';
import { commandContext } from './command-context';
import { answered, appendDecided, assertExpectedRevision, IdempotencyKeyReusedError, PreconditionFailedError, replayOf, retryOnConflict } from './command-handling';

const NOW = new Date('2021-07-01T03:00:00.000Z');
const registered = (unitId: string) => ({ type: 'UnitRegistered.v1', data: { unitId, name: unitId, kind: 'regiment', parentId: null } });
const renamed = (unitId: string, name: string, previousName: string) => ({ type: 'UnitRenamed.v1', data: { unitId, name, previousName } });

/** The command path's shared steps against the embedded event store, a SQLite file in a temporary directory. */
describe('command handling on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  const alice = new Principal('alice', ['admin']);
  const bob = new Principal('bob', ['admin']);
  const load = (unitId: string) => aggregateStream(store, unitStreamId(unitId), unitDecider);
  const ctx = (who: Principal, options: Parameters<typeof commandContext>[1] = {}) => commandContext(who, { now: NOW, correlationId: 'req-1', ...options });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'command-handling-spec-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('appendDecided', () => {
    it('appends the decided events with who, which command, correlation and causation, the clock and the schema version', async () => {
      const c = ctx(alice);
      const result = await appendDecided(store, await load('u1'), [registered('u1')], c);
      const [event] = await store.readStream(unitStreamId('u1'));
      expect(result).toEqual({ revision: 0, position: event.position, appended: true });
      expect(event).toMatchObject({
        id: uuidV5(`${c.commandId}:unit-u1:0`),
        type: 'UnitRegistered.v1',
        data: registered('u1').data,
        metadata: { actor: 'alice', commandId: c.commandId, correlationId: 'req-1', causationId: c.commandId, recordedAt: '2021-07-01T03:00:00.000Z', schemaVersion: 1 },
      });
      expect(event.metadata).not.toHaveProperty('requestHash');
    });

    it('the schema version is read from the type\'s .vN suffix, 1 without one', async () => {
      const c = ctx(alice);
      await appendDecided(store, await load('u1'), [registered('u1'), { type: 'UnitRenamed.v12', data: {} }, { type: 'Plain', data: {} }, { type: 'Odd.v2x', data: {} }], c);
      const events = await store.readStream(unitStreamId('u1'));
      expect(events.map((e) => e.metadata.schemaVersion)).toEqual([1, 12, 1, 1]);
      // Every event of one command: its own id (command, stream, index), the same command as causation.
      expect(events.map((e) => e.id)).toEqual([0, 1, 2, 3].map((i) => uuidV5(`${c.commandId}:unit-u1:${i}`)));
      expect(new Set(events.map((e) => e.metadata.causationId))).toEqual(new Set([c.commandId]));
    });

    it('with an Idempotency-Key, the request hash goes with every event, and the event ids are the same on a retry', async () => {
      const c = ctx(alice, { idempotencyKey: 'k-1', requestHash: 'h-1' });
      await appendDecided(store, await load('u1'), [registered('u1')], c);
      const [event] = await store.readStream(unitStreamId('u1'));
      expect(event.metadata).toMatchObject({ commandId: idempotentId(alice, 'k-1'), requestHash: 'h-1' });
      expect(event.id).toBe(uuidV5(`${idempotentId(alice, 'k-1')}:unit-u1:0`));
    });

    it('copies the data: a decider\'s object changed afterwards does not change what was appended', async () => {
      const decided = registered('u1');
      await appendDecided(store, await load('u1'), [decided], ctx(alice));
      (decided.data as { name: string }).name = 'changed';
      expect((await store.readStream(unitStreamId('u1')))[0].data).toMatchObject({ name: 'u1' });
    });

    it('nothing decided: the stream\'s current revision and position, nothing appended', async () => {
      await appendDecided(store, await load('u1'), [registered('u1')], ctx(alice));
      const stream = await load('u1');
      expect(await appendDecided(store, stream, [], ctx(alice))).toEqual({ revision: 0, position: stream.position, appended: false });
      expect(await store.readStream(unitStreamId('u1'))).toHaveLength(1);
      expect(await appendDecided(store, await load('none'), [], ctx(alice))).toEqual({ revision: -1, position: null, appended: false });
    });

    it('expects the revision the stream was loaded at: a stream created or grown meanwhile is a conflict, nothing appended', async () => {
      const before = await load('u1');
      await appendDecided(store, await load('u1'), [registered('u1')], ctx(bob));
      await expect(appendDecided(store, before, [registered('u1')], ctx(alice))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const loaded = await load('u1');
      await appendDecided(store, await load('u1'), [renamed('u1', 'b', 'u1')], ctx(bob));
      await expect(appendDecided(store, loaded, [renamed('u1', 'a', 'u1')], ctx(alice))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(unitStreamId('u1'))).map((e) => e.metadata.actor)).toEqual(['bob', 'bob']);
    });

    it('with If-Match, refuses (412) before appending when the stream is elsewhere, decided events or not', async () => {
      await appendDecided(store, await load('u1'), [registered('u1')], ctx(alice));
      const stream = await load('u1');
      await expect(appendDecided(store, stream, [renamed('u1', 'x', 'u1')], ctx(alice, { expectedRevision: 1 }))).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(appendDecided(store, stream, [], ctx(alice, { expectedRevision: 1 }))).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await store.readStream(unitStreamId('u1'))).toHaveLength(1);
      await expect(appendDecided(store, stream, [renamed('u1', 'x', 'u1')], ctx(alice, { expectedRevision: 0 }))).resolves.toMatchObject({ revision: 1, appended: true });
    });
  });

  describe('assertExpectedRevision', () => {
    it('no If-Match: any revision; If-Match: exactly the stream\'s, with both revisions in the error', async () => {
      await appendDecided(store, await load('u1'), [registered('u1'), renamed('u1', 'b', 'u1')], ctx(alice));
      const stream = await load('u1');
      expect(() => assertExpectedRevision(stream, ctx(alice))).not.toThrow();
      expect(() => assertExpectedRevision(stream, ctx(alice, { expectedRevision: 1 }))).not.toThrow();
      for (const expected of [0, 2]) {
        let error: unknown;
        try {
          assertExpectedRevision(stream, ctx(alice, { expectedRevision: expected }));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(PreconditionFailedError);
        expect(error).toMatchObject({ name: 'PreconditionFailedError', streamId: 'unit-u1', revision: 1, expected, message: `The resource is at revision 1, not ${expected}.` });
      }
      expect(() => assertExpectedRevision(stream, ctx(alice, { expectedRevision: 0 }))).toThrow(PreconditionFailedError);
    });

    it('a stream that does not exist is at revision -1: If-Match "0" is refused there', async () => {
      const none = await load('none');
      expect(() => assertExpectedRevision(none, ctx(alice))).not.toThrow();
      expect(() => assertExpectedRevision(none, ctx(alice, { expectedRevision: 0 }))).toThrow('The resource is at revision -1, not 0.');
    });
  });

  describe('replayOf', () => {
    it('no Idempotency-Key: never a replay, even of a command with the same id', async () => {
      const c = ctx(alice, { idempotencyKey: 'k-1' });
      await appendDecided(store, await load('u1'), [registered('u1')], c);
      expect(replayOf(await load('u1'), { ...c, idempotency: null })).toBeNull();
    });

    it('the same caller, key and request: the first answer again (the command\'s last event), nothing appended', async () => {
      const c = ctx(alice, { idempotencyKey: 'k-1', requestHash: 'h-1' });
      await appendDecided(store, await load('u1'), [renamed('u1', 'a', 'b'), registered('u1')].reverse(), c);
      await appendDecided(store, await load('u1'), [renamed('u1', 'c', 'a')], ctx(bob));
      const stream = await load('u1');
      const [, second] = stream.events;
      expect(replayOf(stream, ctx(alice, { idempotencyKey: 'k-1', requestHash: 'h-1' }))).toEqual({ revision: 1, position: second.position, appended: false });
    });

    it('the same caller and key with another request: refused (422), not answered', async () => {
      await appendDecided(store, await load('u1'), [registered('u1')], ctx(alice, { idempotencyKey: 'k-1', requestHash: 'h-1' }));
      const stream = await load('u1');
      expect(() => replayOf(stream, ctx(alice, { idempotencyKey: 'k-1', requestHash: 'h-2' }))).toThrow(IdempotencyKeyReusedError);
      expect(() => replayOf(stream, ctx(alice, { idempotencyKey: 'k-1', requestHash: 'h-2' }))).toThrow('This Idempotency-Key was used for a different request.');
      expect(new IdempotencyKeyReusedError().name).toBe('IdempotencyKeyReusedError');
    });

    it('another caller with the same key and request is not answered from the first caller\'s command', async () => {
      await appendDecided(store, await load('u1'), [registered('u1')], ctx(alice, { idempotencyKey: 'k-1', requestHash: 'h-1' }));
      expect(replayOf(await load('u1'), ctx(bob, { idempotencyKey: 'k-1', requestHash: 'h-1' }))).toBeNull();
      expect(replayOf(await load('u1'), ctx(alice, { idempotencyKey: 'k-2', requestHash: 'h-1' }))).toBeNull();
    });
  });

  describe('retryOnConflict', () => {
    const conflict = () => new WrongExpectedRevisionError('unit-u1', 0, 1);

    it('runs the command again after a lost race, up to `attempts` more times, then gives up with the conflict', async () => {
      let calls = 0;
      await expect(retryOnConflict(ctx(alice), 2, async () => {
        calls++;
        if (calls <= 2) throw conflict();
        return 'done';
      })).resolves.toBe('done');
      expect(calls).toBe(3);
      calls = 0;
      await expect(retryOnConflict(ctx(alice), 2, async () => {
        calls++;
        throw conflict();
      })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(calls).toBe(3);
    });

    it('never retries with If-Match (the caller must hear the stream moved), nor any other error', async () => {
      let calls = 0;
      await expect(retryOnConflict(ctx(alice, { expectedRevision: 0 }), 5, async () => {
        calls++;
        throw conflict();
      })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(calls).toBe(1);
      calls = 0;
      await expect(retryOnConflict(ctx(alice), 5, async () => {
        calls++;
        throw new DomainError('conflict', 'decided: no');
      })).rejects.toThrow('decided: no');
      expect(calls).toBe(1);
    });

    it('a real race on the store: the loser decides again on the fresh state and appends after the winner', async () => {
      await appendDecided(store, await load('u1'), [registered('u1')], ctx(alice));
      const stale = await load('u1');
      await appendDecided(store, await load('u1'), [renamed('u1', 'by-bob', 'u1')], ctx(bob));
      let first = true;
      const result = await retryOnConflict(ctx(alice), 1, async () => {
        const stream = first ? stale : await load('u1');
        first = false;
        return appendDecided(store, stream, [renamed('u1', 'by-alice', (stream.state as { name?: string }).name ?? '')], ctx(alice));
      });
      expect(result).toMatchObject({ revision: 2, appended: true });
      expect((await store.readStream(unitStreamId('u1')))[2].data).toEqual({ unitId: 'u1', name: 'by-alice', previousName: 'by-bob' });
    });
  });

  it('answered: the id acted on beside the result', () => {
    expect(answered('u1', { revision: 3, position: 'p', appended: false })).toEqual({ id: 'u1', revision: 3, position: 'p', appended: false });
  });

  describe('a replay is answered only after authorization (ending an assignment)', () => {
    const assignmentId = 'p1~0123456789ab';
    const seed = (streamId: string, events: { type: string; data: object }[]) =>
      store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: { ...e.data }, metadata: { actor: 'seed', commandId: randomUUID(), correlationId: 'seed', causationId: 'seed', recordedAt: NOW.toISOString(), schemaVersion: 1 } })), 'any');

    beforeEach(async () => {
      await seed(unitStreamId('bcd'), [{ type: 'UnitRegistered.v1', data: { unitId: 'bcd', name: 'bcd', kind: 'regiment', parentId: null } }]);
      await seed(programStreamId('p1'), [
        { type: 'ProgramCreated.v1', data: { programId: 'p1', steeringUnitId: 'bcd', name: 'p1', parties: ['bcd'], fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }] } },
        { type: 'AreaAssigned.v1', data: { programId: 'p1', assignmentId, unitId: 'bcd', areaCode: 'ia-lop', year: 2021, decisionRef: null, decidedAt: null } },
      ]);
    });

    it('the caller who may still do it gets the first answer again; once the role is gone, 403 instead of the cached answer', async () => {
      const handler = new EndAssignmentHandler(store, new ReferenceData(store));
      const end = (who: Principal) => new EndAssignment(ctx(who, { idempotencyKey: 'k-1', requestHash: 'h-1' }), assignmentId, { reason: 'Điều chuyển', effectiveFrom: '2021-07-01' });
      const first = await handler.execute(end(new Principal('sam', ['supervisor:bcd'])));
      expect(first).toMatchObject({ id: assignmentId, revision: 2, appended: true });
      expect(await handler.execute(end(new Principal('sam', ['supervisor:bcd'])))).toEqual({ ...first, appended: false });
      await expect(handler.execute(end(new Principal('sam', ['reporter:bcd'])))).rejects.toMatchObject({ kind: 'forbidden' });
      expect(await store.readStream(programStreamId('p1'))).toHaveLength(3);
    });
  });

  function idempotentId(who: Principal, key: string): string {
    return commandContext(who, { idempotencyKey: key }).commandId;
  }
});
