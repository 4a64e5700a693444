import { parsePeriod } from '../kernel/period';
import { deciderSpecification } from '../testing/decider-specification';
import {
  areasAssignedTo, assignmentCovers, checkReportFitsProgram, decideProgram, evolveProgram, ExistingProgram, initialProgramState,
  ProgramCommand, ProgramDefinition, ProgramEvent,
} from './program';
import { dataWindow, submissionDeadline } from './reporting-calendar';

const spec = deciderSpecification({ decide: decideProgram, evolve: evolveProgram, initialState: initialProgramState });

const programId = 'daklak-dv-2021';
const definition: ProgramDefinition = {
  programId,
  name: 'Chương trình phối hợp công tác Dân vận năm 2021',
  parties: ['daklak-bdv', 'daklak-mttq', 'daklak-bchqs'],
  steeringUnitId: 'daklak-bcd',
  fromYear: 2021,
  toYear: 2021,
  calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }, { periodType: 'half', cutoff: 'decree-09', deadlineDays: 5 }],
};
const created: ProgramEvent = { type: 'ProgramCreated.v1', data: definition };
const assign = (assignmentId: string, unitId: string, areaCode: string, year = 2021): ProgramCommand => ({
  type: 'AssignArea', data: { assignmentId, unitId, areaCode, year, decisionRef: 'HN 19/01/2021', decidedAt: '2021-01-19' },
});
const assigned = (assignmentId: string, unitId: string, areaCode: string): ProgramEvent => ({
  type: 'AreaAssigned.v1', data: { programId, assignmentId, unitId, areaCode, year: 2021, decisionRef: 'HN 19/01/2021', decidedAt: '2021-01-19' },
});
const ended = (assignmentId: string, effectiveFrom: string): ProgramEvent => ({
  type: 'AssignmentEnded.v1', data: { programId, assignmentId, reason: 'đơn vị điều chuyển', effectiveFrom },
});
const stateOf = (events: ProgramEvent[]) => events.reduce(evolveProgram, initialProgramState) as ExistingProgram;

describe('program', () => {
  describe('creating', () => {
    it('given nothing, when created, then ProgramCreated', () => spec.given([]).when({ type: 'CreateProgram', data: definition }).then([created]));

    it('given a program, when created again, then conflict', () => spec.given([created]).when({ type: 'CreateProgram', data: definition }).thenFails('conflict'));

    it.each([
      ['a phase that ends before it starts', { fromYear: 2021, toYear: 2017 }, 'toYear'],
      ['no period types', { calendar: [] }, 'calendar'],
      ['a period type twice', { calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 1 }, { periodType: 'year', cutoff: 'decree-09', deadlineDays: 1 }] }, 'calendar'],
      ['a negative deadline', { calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: -1 }] }, 'calendar[0].deadlineDays'],
      ['an unknown cut-off rule', { calendar: [{ periodType: 'year', cutoff: 'lunar', deadlineDays: 1 }] }, 'calendar[0].cutoff'],
      ['a party named twice', { parties: ['a', 'a'] }, 'parties'],
    ])('given nothing, when created with %s, then invalid naming the field', (_, patch, field) =>
      spec.given([]).when({ type: 'CreateProgram', data: { ...definition, ...patch } as ProgramDefinition }).thenFails('invalid', field));
  });

  describe('signing, plans, closing', () => {
    it('given a program, when signed, then ProgramSigned with date and signatories', () =>
      spec.given([created]).when({ type: 'SignProgram', data: { programId, date: '2021-01-19', signatories: ["H'Kim Hoa Byă"] } })
        .then([{ type: 'ProgramSigned.v1', data: { programId, date: '2021-01-19', signatories: ["H'Kim Hoa Byă"] } }]));

    it('given a signed program, when signed again, then conflict', () =>
      spec.given([created, { type: 'ProgramSigned.v1', data: { programId, date: '2021-01-19', signatories: ['a'] } }])
        .when({ type: 'SignProgram', data: { programId, date: '2021-01-20', signatories: ['b'] } }).thenFails('conflict'));

    it('given a program, when signed without signatories, then invalid', () =>
      spec.given([created]).when({ type: 'SignProgram', data: { programId, date: '2021-01-19', signatories: [] } }).thenFails('invalid', 'signatories'));

    it('given a program, when an annual plan is recorded for a year of its phase, then AnnualPlanRecorded', () =>
      spec.given([created]).when({ type: 'RecordAnnualPlan', data: { programId, year: 2021, text: 'Kế hoạch 2021' } })
        .then([{ type: 'AnnualPlanRecorded.v1', data: { programId, year: 2021, text: 'Kế hoạch 2021' } }]));

    it('given a program, when a plan is recorded outside its phase, then unprocessable naming year', () =>
      spec.given([created]).when({ type: 'RecordAnnualPlan', data: { programId, year: 2022, text: 'x' } }).thenFails('unprocessable', 'year'));

    it('given a closed program, when anything happens, then conflict', () => {
      const closed: ProgramEvent = { type: 'ProgramClosed.v1', data: { programId, date: '2022-01-19', reason: 'tổng kết' } };
      spec.given([created, closed]).when(assign('a1', 'td66', 'xa-ea-tir')).thenFails('conflict');
      spec.given([created, closed]).when({ type: 'CloseProgram', data: { programId, date: '2022-01-20', reason: null } }).thenFails('conflict');
    });

    it('given nothing, when signed, then not found', () =>
      spec.given([]).when({ type: 'SignProgram', data: { programId, date: '2021-01-19', signatories: ['a'] } }).thenFails('not_found'));
  });

  describe('assigning areas', () => {
    it('given a program, when an area is assigned, then AreaAssigned', () =>
      spec.given([created]).when(assign('a1', 'daklak-bdbp', 'xa-ia-lop')).then([assigned('a1', 'daklak-bdbp', 'xa-ia-lop')]));

    it('given an area held by one unit, when assigned to a second unit the same year, then AreaAssigned (Ia Lốp: border guards and Đoàn 737)', () =>
      spec.given([created, assigned('a1', 'daklak-bdbp', 'xa-ia-lop')]).when(assign('a2', 'doan737', 'xa-ia-lop')).then([assigned('a2', 'doan737', 'xa-ia-lop')]));

    it('given an assignment, when the same unit, area and year is assigned again, then conflict', () =>
      spec.given([created, assigned('a1', 'doan737', 'xa-ia-lop')]).when(assign('a2', 'doan737', 'xa-ia-lop')).thenFails('conflict'));

    it('given an ended assignment, when the same unit, area and year is assigned again, then AreaAssigned', () =>
      spec.given([created, assigned('a1', 'doan737', 'xa-ia-lop'), ended('a1', '2021-03-01')]).when(assign('a2', 'doan737', 'xa-ia-lop'))
        .then([assigned('a2', 'doan737', 'xa-ia-lop')]));

    it('given a program for 2021, when an area is assigned for 2022, then unprocessable naming year', () =>
      spec.given([created]).when(assign('a1', 'td66', 'xa-ea-tir', 2022)).thenFails('unprocessable', 'year'));

    it('given an assignment id in use, when used again, then conflict', () =>
      spec.given([created, assigned('a1', 'td66', 'xa-ea-tir')]).when(assign('a1', 'td95', 'xa-ea-drong')).thenFails('conflict'));

    it('given an assignment, when ended with a reason and a date in its year, then AssignmentEnded', () =>
      spec.given([created, assigned('a1', 'td66', 'xa-ea-tir')]).when({ type: 'EndAssignment', data: { assignmentId: 'a1', reason: 'đơn vị điều chuyển', effectiveFrom: '2021-07-01' } })
        .then([ended('a1', '2021-07-01')]));

    it('given an assignment, when ended outside its year, then unprocessable naming effectiveFrom', () =>
      spec.given([created, assigned('a1', 'td66', 'xa-ea-tir')]).when({ type: 'EndAssignment', data: { assignmentId: 'a1', reason: 'r', effectiveFrom: '2022-01-01' } })
        .thenFails('unprocessable', 'effectiveFrom'));

    it('given an ended assignment, when ended again, then conflict', () =>
      spec.given([created, assigned('a1', 'td66', 'xa-ea-tir'), ended('a1', '2021-07-01')]).when({ type: 'EndAssignment', data: { assignmentId: 'a1', reason: 'r', effectiveFrom: '2021-08-01' } })
        .thenFails('conflict'));

    it('given no such assignment, when ended, then not found', () =>
      spec.given([created]).when({ type: 'EndAssignment', data: { assignmentId: 'nope', reason: 'r', effectiveFrom: '2021-08-01' } }).thenFails('not_found'));

    it('given an assignment, when ended without a reason, then invalid naming reason', () =>
      spec.given([created, assigned('a1', 'td66', 'xa-ea-tir')]).when({ type: 'EndAssignment', data: { assignmentId: 'a1', reason: '', effectiveFrom: '2021-08-01' } })
        .thenFails('invalid', 'reason'));
  });

  describe('which areas a unit holds in a period', () => {
    const program = stateOf([created, assigned('a1', 'daklak-bdbp', 'xa-ia-lop'), assigned('a2', 'daklak-bdbp', 'xa-ia-rve'), assigned('a3', 'doan737', 'xa-ia-lop'), ended('a2', '2021-07-01')]);

    it('lists every area assigned to the unit that year', () => expect(areasAssignedTo(program, 'daklak-bdbp', '2021')).toEqual(['xa-ia-lop', 'xa-ia-rve']));
    it('keeps an assignment ended from 1 July for the first half, not the second', () => {
      expect(areasAssignedTo(program, 'daklak-bdbp', '2021-H1')).toEqual(['xa-ia-lop', 'xa-ia-rve']);
      expect(areasAssignedTo(program, 'daklak-bdbp', '2021-H2')).toEqual(['xa-ia-lop']);
      expect(areasAssignedTo(program, 'daklak-bdbp', '2021-06')).toEqual(['xa-ia-lop', 'xa-ia-rve']);
    });
    it('is empty for another unit or year', () => {
      expect(areasAssignedTo(program, 'td66', '2021')).toEqual([]);
      expect(areasAssignedTo(program, 'doan737', '2022')).toEqual([]);
    });
    it('an assignment ended from 1 January of its year covers nothing', () =>
      expect(assignmentCovers({ year: 2021, ended: { reason: 'r', effectiveFrom: '2021-01-01' } }, parsePeriod('2021-01')!)).toBe(false));
    it('an assignment ended mid-July still covers July', () =>
      expect(assignmentCovers({ year: 2021, ended: { reason: 'r', effectiveFrom: '2021-07-15' } }, parsePeriod('2021-07')!)).toBe(true));
  });

  describe('reports under a program', () => {
    const program = stateOf([created]);
    const failure = (run: () => void) => {
      try { run(); } catch (e) { return e as { kind: string; errors: { field: string }[] }; }
      return null;
    };
    it('fit when their year is in the phase and their period type in the calendar', () => expect(failure(() => checkReportFitsProgram(program, '2021-H2', ['daklak-bchqs']))).toBeNull());
    it('do not fit a year outside the phase (422 period)', () =>
      expect(failure(() => checkReportFitsProgram(program, '2022', ['daklak-bchqs']))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'period' }] }));
    it('do not fit a period type the calendar does not use (422 period)', () =>
      expect(failure(() => checkReportFitsProgram(program, '2021-Q1', ['daklak-bchqs']))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'period' }] }));
    it('are filed by a party, the steering unit or a unit under one of them', () => {
      expect(failure(() => checkReportFitsProgram(program, '2021', ['lak-bdv', 'daklak-bdv']))).toBeNull();
      expect(failure(() => checkReportFitsProgram(program, '2021', ['daklak-bcd']))).toBeNull();
    });
    it('are refused to a unit that is not a party (422 unitId, naming the program and the unit)', () =>
      expect(failure(() => checkReportFitsProgram(program, '2021', ['binhphuoc-bchqs', 'binhphuoc-bdv']))).toMatchObject({
        kind: 'unprocessable', message: 'unit binhphuoc-bchqs is not a party to program daklak-dv-2021', errors: [{ field: 'unitId' }],
      }));
    it('admit a unit the steering unit added later, and adding it twice changes nothing', () => {
      const added = evolveProgram(program, { type: 'ProgramPartyAdded.v1', data: { programId, unitId: 'td66' } }) as ExistingProgram;
      expect(failure(() => checkReportFitsProgram(added, '2021', ['td66']))).toBeNull();
      expect(decideProgram({ type: 'AddProgramParty', data: { programId, unitId: 'td66' } }, added)).toEqual([]);
      expect(decideProgram({ type: 'AddProgramParty', data: { programId, unitId: 'td66' } }, program)).toEqual([{ type: 'ProgramPartyAdded.v1', data: { programId, unitId: 'td66' } }]);
    });
    it('need the program to exist (422 programId)', () =>
      expect(failure(() => checkReportFitsProgram(initialProgramState, '2021', ['daklak-bchqs']))).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'programId' }] }));
  });

  describe('reporting calendar', () => {
    it('calendar cut-off: a year closes on 31 December', () => expect(dataWindow('calendar', parsePeriod('2021')!)).toEqual({ from: '2021-01-01', to: '2021-12-31' }));
    it('Decree 09 cut-off: the year 2021 runs from 15/12/2020 to 14/12/2021', () =>
      expect(dataWindow('decree-09', parsePeriod('2021')!)).toEqual({ from: '2020-12-15', to: '2021-12-14' }));
    it('Decree 09 cut-off: the first half runs from 15/12 to 14/06, a month from the 15th before', () => {
      expect(dataWindow('decree-09', parsePeriod('2021-H1')!)).toEqual({ from: '2020-12-15', to: '2021-06-14' });
      expect(dataWindow('decree-09', parsePeriod('2021-03')!)).toEqual({ from: '2021-02-15', to: '2021-03-14' });
    });
    it('calendar cut-off of February in a leap year', () => expect(dataWindow('calendar', parsePeriod('2024-02')!).to).toBe('2024-02-29'));
    it('the deadline is the cut-off plus the days of its period type; none for a type the calendar lacks', () => {
      expect(submissionDeadline(definition.calendar, parsePeriod('2021')!)).toBe('2022-01-15');
      expect(submissionDeadline(definition.calendar, parsePeriod('2021-H1')!)).toBe('2021-06-19');
      expect(submissionDeadline(definition.calendar, parsePeriod('2021-Q1')!)).toBeNull();
    });
  });
});
