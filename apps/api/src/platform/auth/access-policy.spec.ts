import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, programStreamId, unitStreamId } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { Reference, ReferenceData } from '../reference/reference-data';
import {
  assertProgramManager, assertReportInReach, assertReporter, assertReviewer, assertUnitLevelsSetter, canRead, canReadReport, OutOfScopeError, steers, supervises,
} from './access-policy';
import { Principal } from './principal';

/**
 * The access policy against the reference data of a real embedded event store (a SQLite file in a
 * temporary directory). The units:
 *
 *   prov ─ dist ─ comm        old (merged into dist)        bcd (steers program p1)        other (steers program "null")
 *
 * Ids are free text under ID_PATTERN ("null" is one): a report under no program must never be
 * looked up as program "null".
 */
describe('access policy', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ref: Reference;
  const who = (...roles: string[]) => new Principal(`user-${roles.join('+') || 'none'}`, roles);

  const append = (streamId: string, events: { type: string; data: object }[]) =>
    store.append(
      streamId,
      events.map((e) => ({ id: randomUUID(), type: e.type, data: { ...e.data }, metadata: { actor: 'seed', commandId: randomUUID(), correlationId: 'seed', causationId: 'seed', recordedAt: '2021-07-01T03:00:00.000Z', schemaVersion: 1 } })),
      'any',
    );
  const unit = (unitId: string, parentId: string | null) => append(unitStreamId(unitId), [{ type: 'UnitRegistered.v1', data: { unitId, name: unitId, kind: 'regiment', parentId } }]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'access-policy-spec-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await unit('prov', null);
    await unit('dist', 'prov');
    await unit('comm', 'dist');
    await unit('old', null);
    await append(unitStreamId('old'), [{ type: 'UnitSucceeded.v1', data: { unitId: 'old', successorId: 'dist', effectiveFrom: '2025-07-01', reason: 'merger' } }]);
    await unit('bcd', null);
    await unit('other', null);
    const program = (programId: string, steeringUnitId: string) => append(programStreamId(programId), [{
      type: 'ProgramCreated.v1',
      data: { programId, steeringUnitId, name: programId, parties: [steeringUnitId], fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }] },
    }]);
    await program('p1', 'bcd');
    await program('null', 'other');
    ref = await new ReferenceData(store).current();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The refusal a call throws, as kind and message (fails when it does not throw). */
  const refusal = (call: () => void) => {
    try {
      call();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { kind: error.kind, message: error.message, class: error.constructor.name };
    }
    throw new Error('expected a refusal, and the call passed');
  };

  describe('supervises', () => {
    it('a supervisor oversees the unit itself and every unit below it, not above it nor beside it', () => {
      expect(['prov', 'dist', 'comm'].map((u) => supervises(who('supervisor:prov'), u, ref))).toEqual([true, true, true]);
      expect(['prov', 'dist', 'comm'].map((u) => supervises(who('supervisor:dist'), u, ref))).toEqual([false, true, true]);
      expect(['prov', 'dist', 'comm'].map((u) => supervises(who('supervisor:comm'), u, ref))).toEqual([false, false, true]);
      expect(['bcd', 'other'].map((u) => supervises(who('supervisor:prov'), u, ref))).toEqual([false, false]);
    });

    it('a merged unit is overseen by its successor and the successor\'s ancestors, and not the other way round', () => {
      expect(supervises(who('supervisor:dist'), 'old', ref)).toBe(true);
      expect(supervises(who('supervisor:prov'), 'old', ref)).toBe(true);
      expect(supervises(who('supervisor:old'), 'dist', ref)).toBe(false);
    });

    it('any one of several supervisor roles is enough', () => {
      expect(supervises(who('supervisor:other', 'supervisor:comm'), 'comm', ref)).toBe(true);
      expect(supervises(who('supervisor:other', 'supervisor:comm'), 'dist', ref)).toBe(false);
    });

    it('no supervisor role: nobody, whatever other roles the caller has', () => {
      for (const roles of [[], ['admin'], ['auditor'], ['reporter:comm']]) expect(supervises(who(...roles), 'comm', ref)).toBe(false);
    });

    it('a unit that does not exist is overseen by nobody', () => {
      expect(supervises(who('supervisor:prov'), 'ghost', ref)).toBe(false);
    });
  });

  describe('steers', () => {
    it('supervisors of the steering unit steer the program; other supervisors do not', () => {
      expect(steers(who('supervisor:bcd'), 'p1', ref)).toBe(true);
      expect(steers(who('supervisor:prov'), 'p1', ref)).toBe(false);
    });

    it('no program, a program that does not exist, or no supervisor role: steers nothing', () => {
      expect(steers(who('supervisor:bcd'), null, ref)).toBe(false);
      expect(steers(who('supervisor:bcd'), '', ref)).toBe(false);
      expect(steers(who('supervisor:bcd'), 'ghost', ref)).toBe(false);
      expect(steers(who('admin'), 'p1', ref)).toBe(false);
      expect(steers(who('reporter:bcd'), 'p1', ref)).toBe(false);
    });

    it('a report under no program is not steered by a program called "null"', () => {
      expect(steers(who('supervisor:other'), 'null', ref)).toBe(true);
      expect(steers(who('supervisor:other'), null, ref)).toBe(false);
      expect(canReadReport(who('supervisor:other'), { unitId: 'comm', programId: null }, ref)).toBe(false);
    });
  });

  describe('canRead and canReadReport', () => {
    it('admins and auditors read every unit; a reporter its own unit only; a supervisor its subtree', () => {
      expect(['comm', 'other', 'ghost'].map((u) => canRead(who('admin'), u, ref))).toEqual([true, true, true]);
      expect(['comm', 'other', 'ghost'].map((u) => canRead(who('auditor'), u, ref))).toEqual([true, true, true]);
      expect(['dist', 'comm', 'prov'].map((u) => canRead(who('reporter:dist'), u, ref))).toEqual([true, false, false]);
      expect(['dist', 'comm', 'prov'].map((u) => canRead(who('supervisor:dist'), u, ref))).toEqual([true, true, false]);
      expect(canRead(who(), 'comm', ref)).toBe(false);
    });

    it('a report under a program is also read by the steering unit\'s supervisors; one under no program is not', () => {
      expect(canReadReport(who('supervisor:bcd'), { unitId: 'comm', programId: 'p1' }, ref)).toBe(true);
      expect(canReadReport(who('supervisor:bcd'), { unitId: 'comm', programId: null }, ref)).toBe(false);
      expect(canReadReport(who('reporter:comm'), { unitId: 'comm', programId: null }, ref)).toBe(true);
      expect(canReadReport(who('reporter:dist'), { unitId: 'comm', programId: 'p1' }, ref)).toBe(false);
    });
  });

  describe('assertReportInReach', () => {
    const report = { reportId: 'r1', unitId: 'comm', programId: 'p1' };

    it('passes for the unit\'s readers and the steering unit\'s supervisors', () => {
      for (const roles of [['reporter:comm'], ['supervisor:dist'], ['supervisor:bcd'], ['auditor'], ['admin']]) {
        expect(() => assertReportInReach(who(...roles), report, ref)).not.toThrow();
      }
    });

    it('anyone else hears that the report does not exist (404), and the log hears why', () => {
      let error: unknown;
      try {
        assertReportInReach(who('reporter:dist', 'supervisor:other'), report, ref);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OutOfScopeError);
      expect(error).toMatchObject({ kind: 'not_found', message: 'Report r1 does not exist.', reason: "report r1 of unit comm is outside the caller's scope" });
    });
  });

  describe('assertReporter', () => {
    it('a reporter of the unit passes; anyone else is forbidden, supervisors and admins included', () => {
      expect(() => assertReporter(who('reporter:comm'), 'comm')).not.toThrow();
      for (const roles of [['reporter:dist'], ['supervisor:comm'], ['admin']]) {
        expect(refusal(() => assertReporter(who(...roles), 'comm'))).toEqual({ kind: 'forbidden', message: 'Only a reporter of unit comm may do this.', class: 'DomainError' });
      }
    });
  });

  describe('assertReviewer', () => {
    it('a supervisor of the unit or above, or of the program\'s steering unit, passes', () => {
      expect(() => assertReviewer(who('supervisor:comm'), { unitId: 'comm', programId: null }, ref)).not.toThrow();
      expect(() => assertReviewer(who('supervisor:prov'), { unitId: 'comm', programId: 'p1' }, ref)).not.toThrow();
      expect(() => assertReviewer(who('supervisor:bcd'), { unitId: 'comm', programId: 'p1' }, ref)).not.toThrow();
    });

    it('reporters, admins, other supervisors, and the steering unit for a report under no program are forbidden', () => {
      const message = 'Only a supervisor of unit comm, or of the steering unit of its program, may do this.';
      for (const [roles, programId] of [[['reporter:comm'], 'p1'], [['admin'], 'p1'], [['supervisor:other'], 'p1'], [['supervisor:bcd'], null]] as const) {
        expect(refusal(() => assertReviewer(who(...roles), { unitId: 'comm', programId }, ref))).toEqual({ kind: 'forbidden', message, class: 'DomainError' });
      }
    });
  });

  describe('assertProgramManager', () => {
    it('admins and supervisors of the steering unit (or above it) pass', () => {
      expect(() => assertProgramManager(who('admin'), 'bcd', ref)).not.toThrow();
      expect(() => assertProgramManager(who('supervisor:bcd'), 'bcd', ref)).not.toThrow();
      expect(() => assertProgramManager(who('supervisor:prov'), 'dist', ref)).not.toThrow();
    });

    it('auditors, reporters and other supervisors are forbidden', () => {
      const message = 'Only an admin or a supervisor of the steering unit bcd may do this.';
      for (const roles of [['auditor'], ['reporter:bcd'], ['supervisor:prov']]) {
        expect(refusal(() => assertProgramManager(who(...roles), 'bcd', ref))).toEqual({ kind: 'forbidden', message, class: 'DomainError' });
      }
    });
  });

  describe('assertUnitLevelsSetter', () => {
    it('an admin passes whatever the levels', () => {
      expect(() => assertUnitLevelsSetter(who('admin'), 'comm', ['other'], ref)).not.toThrow();
    });

    it('a supervisor of the unit and of every final unit passes; unnamed final units do not count', () => {
      expect(() => assertUnitLevelsSetter(who('supervisor:prov'), 'comm', ['dist', undefined, 'prov'], ref)).not.toThrow();
      expect(() => assertUnitLevelsSetter(who('supervisor:dist'), 'comm', [undefined, 'dist'], ref)).not.toThrow();
      expect(() => assertUnitLevelsSetter(who('supervisor:dist'), 'comm', [], ref)).not.toThrow();
    });

    it('a district cannot name the province as the final approver, nor drop it: every unit needed is named once', () => {
      expect(refusal(() => assertUnitLevelsSetter(who('supervisor:dist'), 'comm', ['prov', undefined, 'dist', 'prov'], ref))).toEqual({
        kind: 'forbidden',
        message: 'Only an admin, or a supervisor of comm and prov and dist, may set these approval levels of unit comm.',
        class: 'DomainError',
      });
      expect(refusal(() => assertUnitLevelsSetter(who('supervisor:other', 'auditor'), 'comm', [], ref))).toEqual({
        kind: 'forbidden',
        message: 'Only an admin, or a supervisor of comm, may set these approval levels of unit comm.',
        class: 'DomainError',
      });
    });
  });
});
