import { parsePeriod } from '../kernel/period';
import { deciderSpecification } from '../testing/decider-specification';
import { DomainError, FieldError } from '../errors';
import {
  areasAssignedTo, assignmentCovers, checkReportFitsProgram, decideProgram, evolveProgram, ExistingProgram, initialProgramState,
  ProgramCommand, ProgramDefinition, ProgramEvent, ProgramState, programStreamId,
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
const assign = (assignmentId: string, unitId: string, areaCode: string, year = 2021, decidedAt: string | null = '2021-01-19'): ProgramCommand => ({
  type: 'AssignArea', data: { assignmentId, unitId, areaCode, year, decisionRef: 'HN 19/01/2021', decidedAt },
});
const assigned = (assignmentId: string, unitId: string, areaCode: string, year = 2021): ProgramEvent => ({
  type: 'AreaAssigned.v1', data: { programId, assignmentId, unitId, areaCode, year, decisionRef: 'HN 19/01/2021', decidedAt: '2021-01-19' },
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

  describe('every refusal, word for word (the problem answered to the caller)', () => {
    const signed: ProgramEvent = { type: 'ProgramSigned.v1', data: { programId, date: '2021-01-19', signatories: ['Nguyễn Văn A'] } };
    const closed: ProgramEvent = { type: 'ProgramClosed.v1', data: { programId, date: '2022-01-19', reason: 'tổng kết' } };
    const endA1 = (reason: string, effectiveFrom: string): ProgramCommand => ({ type: 'EndAssignment', data: { assignmentId: 'a1', reason, effectiveFrom } });
    const phase: FieldError = { field: 'year', message: "must be within the program's phase 2021..2021" };
    const cases: [string, ProgramEvent[], ProgramCommand, string, string, FieldError[]][] = [
      ['creating a program that exists', [created], { type: 'CreateProgram', data: definition }, 'conflict', 'program daklak-dv-2021 already exists', []],
      ['anything on a program that does not exist', [], { type: 'RecordAnnualPlan', data: { programId, year: 2021, text: 'Kế hoạch' } }, 'not_found', 'the program does not exist', []],
      ['anything on a closed program', [created, closed], { type: 'SignProgram', data: { programId, date: '2021-01-19', signatories: ['a'] } }, 'conflict', 'program daklak-dv-2021 is closed', []],
      ['a signing on a day that is no date', [created], { type: 'SignProgram', data: { programId, date: '19/01/2021', signatories: ['a'] } }, 'invalid', 'date is not a date',
        [{ field: 'date', message: 'must be a date such as 2021-01-19' }]],
      ['a signing without signatories', [created], { type: 'SignProgram', data: { programId, date: '2021-01-19', signatories: [] } }, 'invalid', 'a signing needs its signatories',
        [{ field: 'signatories', message: 'must name at least one signatory' }]],
      ['a signing with one blank signatory among named ones', [created], { type: 'SignProgram', data: { programId, date: '2021-01-19', signatories: ['Nguyễn Văn A', '  '] } },
        'invalid', 'a signing needs its signatories', [{ field: 'signatories', message: 'must name at least one signatory' }]],
      ['a signing whose only signatory is spaces', [created], { type: 'SignProgram', data: { programId, date: '2021-01-19', signatories: [' '] } },
        'invalid', 'a signing needs its signatories', [{ field: 'signatories', message: 'must name at least one signatory' }]],
      ['a second signing', [created, signed], { type: 'SignProgram', data: { programId, date: '2021-02-01', signatories: ['b'] } }, 'conflict', 'program daklak-dv-2021 was already signed on 2021-01-19', []],
      ['a plan of spaces', [created], { type: 'RecordAnnualPlan', data: { programId, year: 2021, text: '  ' } }, 'invalid', 'a plan needs its text', [{ field: 'text', message: 'is required' }]],
      ['a plan for a year after the phase', [created], { type: 'RecordAnnualPlan', data: { programId, year: 2022, text: 'x' } }, 'unprocessable', 'the program runs 2021..2021', [phase]],
      ['a plan for a year before the phase', [created], { type: 'RecordAnnualPlan', data: { programId, year: 2020, text: 'x' } }, 'unprocessable', 'the program runs 2021..2021', [phase]],
      ['a closing on a day that is no date', [created], { type: 'CloseProgram', data: { programId, date: '2022-02-30', reason: null } }, 'invalid', 'date is not a date',
        [{ field: 'date', message: 'must be a date such as 2022-01-19' }]],
      ['an assignment decided on a day that is no date', [created], assign('a1', 'td66', 'xa-ea-tir', 2021, '2021-13-01'),
        'invalid', 'decidedAt is not a date', [{ field: 'decidedAt', message: 'must be a date such as 2021-01-19' }]],
      ['an assignment for a year outside the phase', [created], assign('a1', 'td66', 'xa-ea-tir', 2020), 'unprocessable', 'the program runs 2021..2021', [phase]],
      ['an assignment id in use', [created, assigned('a1', 'td66', 'xa-ea-tir')], assign('a1', 'td95', 'xa-ea-drong'), 'conflict', 'assignment a1 already exists', []],
      ['an area assigned twice to one unit for one year', [created, assigned('a1', 'doan737', 'xa-ia-lop')], assign('a2', 'doan737', 'xa-ia-lop'), 'conflict',
        'xa-ia-lop is already assigned to doan737 for 2021 (assignment a1)', []],
      ['ending an unknown assignment', [created], endA1('đơn vị điều chuyển', '2021-07-01'), 'not_found', 'assignment a1 does not exist', []],
      ['ending with a reason of spaces', [created, assigned('a1', 'td66', 'xa-ea-tir')], endA1('   ', '2021-07-01'), 'invalid', 'a reason is required', [{ field: 'reason', message: 'is required' }]],
      ['ending on a day that is no date', [created, assigned('a1', 'td66', 'xa-ea-tir')], endA1('r', '2021-7-1'), 'invalid', 'effectiveFrom is not a date',
        [{ field: 'effectiveFrom', message: 'must be a date such as 2021-07-01' }]],
      ['ending an ended assignment', [created, assigned('a1', 'td66', 'xa-ea-tir'), ended('a1', '2021-07-01')], endA1('r', '2021-08-01'), 'conflict', 'assignment a1 already ended on 2021-07-01', []],
      ['ending in the year after', [created, assigned('a1', 'td66', 'xa-ea-tir')], endA1('r', '2022-01-01'), 'unprocessable', 'an assignment ends within its year',
        [{ field: 'effectiveFrom', message: 'must be a date in 2021' }]],
      ['ending in the year before', [created, assigned('a1', 'td66', 'xa-ea-tir')], endA1('r', '2020-12-31'), 'unprocessable', 'an assignment ends within its year',
        [{ field: 'effectiveFrom', message: 'must be a date in 2021' }]],
    ];
    it.each(cases)('%s', (_, given, command, kind, message, errors) => spec.given(given).when(command).thenRefuses(kind as 'invalid', message, errors));

    const define = (patch: Partial<ProgramDefinition>): ProgramCommand => ({ type: 'CreateProgram', data: { ...definition, ...patch } });
    const entry = (periodType: string, cutoff: string, deadlineDays: number) => ({ periodType, cutoff, deadlineDays }) as ProgramDefinition['calendar'][number];
    const definitions: [string, Partial<ProgramDefinition>, FieldError[]][] = [
      ['a phase that ends before it starts', { fromYear: 2021, toYear: 2020 }, [{ field: 'toYear', message: 'must not be before fromYear' }]],
      ['a party named twice', { parties: ['daklak-bdv', 'daklak-mttq', 'daklak-bdv'] }, [{ field: 'parties', message: 'must be distinct' }]],
      ['no period types', { calendar: [] }, [{ field: 'calendar', message: 'must name at least one period type' }]],
      ['a period type twice', { calendar: [entry('half', 'calendar', 5), entry('half', 'decree-09', 5)] }, [{ field: 'calendar', message: 'names a period type twice' }]],
      ['a week as period type', { calendar: [entry('year', 'calendar', 15), entry('week', 'calendar', 1)] },
        [{ field: 'calendar[1].periodType', message: 'must be one of year, half, quarter, month' }]],
      ['a lunar cut-off', { calendar: [entry('year', 'lunar', 15)] }, [{ field: 'calendar[0].cutoff', message: 'must be one of calendar, decree-09' }]],
      ['a deadline a day before the cut-off', { calendar: [entry('year', 'calendar', -1)] }, [{ field: 'calendar[0].deadlineDays', message: 'must be a whole number of days, 0..366' }]],
      ['a deadline of 367 days', { calendar: [entry('year', 'calendar', 367)] }, [{ field: 'calendar[0].deadlineDays', message: 'must be a whole number of days, 0..366' }]],
      ['a deadline of half a day', { calendar: [entry('year', 'calendar', 0.5)] }, [{ field: 'calendar[0].deadlineDays', message: 'must be a whole number of days, 0..366' }]],
      ['everything wrong at once, each named in order', { fromYear: 2022, toYear: 2021, parties: ['a', 'a'], calendar: [entry('week', 'lunar', 400), entry('week', 'calendar', 1)] }, [
        { field: 'toYear', message: 'must not be before fromYear' },
        { field: 'parties', message: 'must be distinct' },
        { field: 'calendar', message: 'names a period type twice' },
        { field: 'calendar[0].periodType', message: 'must be one of year, half, quarter, month' },
        { field: 'calendar[0].cutoff', message: 'must be one of calendar, decree-09' },
        { field: 'calendar[0].deadlineDays', message: 'must be a whole number of days, 0..366' },
        { field: 'calendar[1].periodType', message: 'must be one of year, half, quarter, month' },
      ]],
    ];
    it.each(definitions)('a definition with %s', (_, patch, errors) =>
      spec.given([]).when(define(patch)).thenRefuses('invalid', 'the program definition is not valid', errors));
  });

  describe('at the edges', () => {
    const phase2017: ProgramEvent = { type: 'ProgramCreated.v1', data: { ...definition, fromYear: 2017, toYear: 2021 } };
    const entry = (deadlineDays: number) => [{ periodType: 'year' as const, cutoff: 'calendar' as const, deadlineDays }];

    it('a phase of one year, a deadline on the cut-off day and one of 366 days are accepted', () => {
      spec.given([]).when({ type: 'CreateProgram', data: { ...definition, calendar: entry(0) } }).then([{ type: 'ProgramCreated.v1', data: { ...definition, calendar: entry(0) } }]);
      spec.given([]).when({ type: 'CreateProgram', data: { ...definition, calendar: entry(366) } }).then([{ type: 'ProgramCreated.v1', data: { ...definition, calendar: entry(366) } }]);
    });

    it('a plan or an assignment for the first and the last year of a phase is accepted', () => {
      for (const year of [2017, 2021]) {
        spec.given([phase2017]).when({ type: 'RecordAnnualPlan', data: { programId, year, text: `Kế hoạch ${year}` } })
          .then([{ type: 'AnnualPlanRecorded.v1', data: { programId, year, text: `Kế hoạch ${year}` } }]);
        spec.given([phase2017]).when(assign('a1', 'td66', 'xa-ea-tir', year)).then([assigned('a1', 'td66', 'xa-ea-tir', year)]);
      }
    });

    it('an assignment decided on no recorded day is accepted (decidedAt null)', () =>
      spec.given([created]).when(assign('a1', 'td66', 'xa-ea-tir', 2021, null))
        .then([{ type: 'AreaAssigned.v1', data: { programId, assignmentId: 'a1', unitId: 'td66', areaCode: 'xa-ea-tir', year: 2021, decisionRef: 'HN 19/01/2021', decidedAt: null } }]));

    it('one unit may hold a second area the same year, and the same area again the next year', () => {
      spec.given([created, assigned('a1', 'doan737', 'xa-ia-lop')]).when(assign('a2', 'doan737', 'xa-ia-rve')).then([assigned('a2', 'doan737', 'xa-ia-rve')]);
      spec.given([phase2017, assigned('a1', 'doan737', 'xa-ia-lop', 2017)]).when(assign('a2', 'doan737', 'xa-ia-lop', 2018)).then([assigned('a2', 'doan737', 'xa-ia-lop', 2018)]);
    });

    it('an assignment may end from the first or the last day of its year', () => {
      for (const day of ['2021-01-01', '2021-12-31']) {
        spec.given([created, assigned('a1', 'td66', 'xa-ea-tir')]).when({ type: 'EndAssignment', data: { assignmentId: 'a1', reason: 'đơn vị điều chuyển', effectiveFrom: day } })
          .then([ended('a1', day)]);
      }
    });

    it('a closing carries its date and reason, and a closing without a reason is accepted', () => {
      spec.given([created]).when({ type: 'CloseProgram', data: { programId, date: '2022-01-19', reason: 'Tổng kết chương trình' } })
        .then([{ type: 'ProgramClosed.v1', data: { programId, date: '2022-01-19', reason: 'Tổng kết chương trình' } }]);
      spec.given([created]).when({ type: 'CloseProgram', data: { programId, date: '2022-01-19', reason: null } })
        .then([{ type: 'ProgramClosed.v1', data: { programId, date: '2022-01-19', reason: null } }]);
    });

    it('a program lives in the stream program-<id> (stores written before read it by that name)', () =>
      expect(programStreamId('daklak-dv-2021')).toBe('program-daklak-dv-2021'));
  });

  describe('approval levels', () => {
    const bdv = { unitId: 'daklak-bdv', name: 'Ban Dân vận Tỉnh ủy' };
    const bcd = { unitId: 'daklak-bcd', name: 'Ban Chỉ đạo tỉnh' };
    const set = (levels: { unitId: string; name: string }[]): ProgramCommand => ({ type: 'SetApprovalLevels', data: { programId, levels } });
    const levelsSet = (levels: { unitId: string; name: string }[]): ProgramEvent => ({ type: 'ApprovalLevelsSet.v1', data: { programId, levels } });

    it('given a program, when two levels are set, then ApprovalLevelsSet with both, lowest first', () =>
      spec.given([created]).when(set([bdv, bcd])).then([levelsSet([bdv, bcd])]));

    it('records only the unit and the name of each level, whatever else the request carried', () =>
      spec.given([created]).when(set([{ ...bdv, note: 'x' } as typeof bdv, bcd])).then([levelsSet([bdv, bcd])]));

    it('five levels are accepted, six refused', () => {
      const five = Array.from({ length: 5 }, (_, i) => ({ unitId: `u${i}`, name: `Cấp ${i + 1}` }));
      spec.given([created]).when(set(five)).then([levelsSet(five)]);
      spec.given([created]).when(set([...five, { unitId: 'u5', name: 'Cấp 6' }])).thenRefuses('invalid', 'the approval levels are not valid', [{ field: 'levels', message: 'must name at most 5 levels' }]);
    });

    it('a level without a name or a unit named twice is refused, each named', () =>
      spec.given([created]).when(set([bdv, { unitId: 'daklak-bcd', name: ' ' }, { unitId: 'daklak-bdv', name: 'Lần hai' }]))
        .thenRefuses('invalid', 'the approval levels are not valid', [
          { field: 'levels[1].name', message: 'is required' },
          { field: 'levels[2].unitId', message: 'names a unit of an earlier level' },
        ]));

    it('the same levels again change nothing; another order, another name or one level fewer replace them; none clears them', () => {
      const given = [created, levelsSet([bdv, bcd])];
      spec.given(given).when(set([bdv, bcd])).then([]);
      spec.given(given).when(set([bcd, bdv])).then([levelsSet([bcd, bdv])]);
      spec.given(given).when(set([bdv, { ...bcd, name: 'Ban Chỉ đạo' }])).then([levelsSet([bdv, { ...bcd, name: 'Ban Chỉ đạo' }])]);
      spec.given(given).when(set([bdv])).then([levelsSet([bdv])]);
      spec.given(given).when(set([])).then([levelsSet([])]);
      spec.given([created]).when(set([])).then([]);
    });
  });

  describe('the state, every event folded in', () => {
    it('a program signed, planned, assigned, ended, joined, levelled, reviewed and closed', () => {
      const review = { reviewId: 'rv-1', period: '2021-H1', kind: 'preliminary' as const, heldAt: '2021-07-10', title: 'Sơ kết 6 tháng đầu năm 2021', decisionRef: null };
      const events: ProgramEvent[] = [
        created,
        { type: 'ProgramSigned.v1', data: { programId, date: '2021-01-19', signatories: ["H'Kim Hoa Byă", 'Nguyễn Văn A'] } },
        { type: 'AnnualPlanRecorded.v1', data: { programId, year: 2021, text: 'Kế hoạch 2021' } },
        { type: 'AnnualPlanRecorded.v1', data: { programId, year: 2021, text: 'Kế hoạch 2021 (sửa đổi)' } },
        assigned('a1', 'daklak-bdbp', 'xa-ia-lop'),
        assigned('a2', 'doan737', 'xa-ia-lop'),
        ended('a2', '2021-07-01'),
        { type: 'ProgramPartyAdded.v1', data: { programId, unitId: 'td66' } },
        { type: 'ApprovalLevelsSet.v1', data: { programId, levels: [{ unitId: 'daklak-bcd', name: 'Ban Chỉ đạo tỉnh' }] } },
        { type: 'ReviewConferenceRecorded.v1', data: { programId, ...review } },
        { type: 'ProgramClosed.v1', data: { programId, date: '2022-01-19', reason: 'tổng kết' } },
      ];
      const assignment = (assignmentId: string, unitId: string) => ({ assignmentId, unitId, areaCode: 'xa-ia-lop', year: 2021, decisionRef: 'HN 19/01/2021', decidedAt: '2021-01-19' });
      expect(events.reduce(evolveProgram, initialProgramState)).toEqual({
        ...definition,
        parties: ['daklak-bdv', 'daklak-mttq', 'daklak-bchqs', 'td66'],
        status: 'closed',
        signed: { date: '2021-01-19', signatories: ["H'Kim Hoa Byă", 'Nguyễn Văn A'] },
        plans: { 2021: 'Kế hoạch 2021 (sửa đổi)' },
        assignments: {
          a1: { ...assignment('a1', 'daklak-bdbp'), ended: null },
          a2: { ...assignment('a2', 'doan737'), ended: { reason: 'đơn vị điều chuyển', effectiveFrom: '2021-07-01' } },
        },
        approvalLevels: [{ unitId: 'daklak-bcd', name: 'Ban Chỉ đạo tỉnh' }],
        reviews: { 'rv-1': review },
      });
    });

    it('a newly created program: active, unsigned, with nothing recorded', () =>
      expect(stateOf([created])).toEqual({ ...definition, status: 'active', signed: null, plans: {}, assignments: {}, approvalLevels: [], reviews: {} }));

    it('plans of two years are both kept', () =>
      expect(stateOf([created, ...[2021, 2022].map((year): ProgramEvent => ({ type: 'AnnualPlanRecorded.v1', data: { programId, year, text: `Kế hoạch ${year}` } }))]).plans)
        .toEqual({ 2021: 'Kế hoạch 2021', 2022: 'Kế hoạch 2022' }));

    it('an event before the program was created changes nothing', () =>
      expect(evolveProgram(initialProgramState, { type: 'ProgramSigned.v1', data: { programId, date: '2021-01-19', signatories: ['a'] } })).toEqual({ status: 'none' }));
  });

  describe('reports under a program, word for word', () => {
    const program = stateOf([created]);
    const refusal = (state: ProgramState, periodKey: string, lineage: string[]) => {
      try { checkReportFitsProgram(state, periodKey, lineage); } catch (e) {
        const { kind, message, errors } = e as DomainError;
        return { kind, message, errors };
      }
      return null;
    };
    it.each([
      ['an unknown program', initialProgramState, '2021', ['daklak-bchqs'], 'unprocessable', 'the program does not exist', [{ field: 'programId', message: 'unknown program' }]],
      ['a closed program', stateOf([created, { type: 'ProgramClosed.v1', data: { programId, date: '2022-01-19', reason: null } }]), '2021', ['daklak-bchqs'], 'conflict',
        'program daklak-dv-2021 is closed', []],
      ['a unit outside the program', program, '2021', ['binhphuoc-bchqs', 'binhphuoc-bdv'], 'unprocessable', 'unit binhphuoc-bchqs is not a party to program daklak-dv-2021',
        [{ field: 'unitId', message: 'binhphuoc-bchqs is not a party to program daklak-dv-2021 (nor under one)' }]],
      ['a unit with no known line', program, '2021', [], 'unprocessable', 'unit unknown is not a party to program daklak-dv-2021',
        [{ field: 'unitId', message: 'unknown is not a party to program daklak-dv-2021 (nor under one)' }]],
      ['a year before the phase', program, '2020-H2', ['daklak-bchqs'], 'unprocessable', 'the program runs 2021..2021', [{ field: 'period', message: "must be within the program's phase 2021..2021" }]],
      ['a quarter, which the calendar does not use', program, '2021-Q1', ['daklak-bchqs'], 'unprocessable', 'program daklak-dv-2021 does not report by quarter',
        [{ field: 'period', message: "must be a period type of the program's calendar: year, half" }]],
    ] as [string, ProgramState, string, string[], string, string, FieldError[]][])('%s', (_, state, periodKey, lineage, kind, message, errors) =>
      expect(refusal(state, periodKey, lineage)).toEqual({ kind, message, errors }));

    it('leave a period key that is none to the report\'s own check (no refusal here)', () => expect(refusal(program, 'năm 2021', ['daklak-bchqs'])).toBeNull());
  });

  describe('which areas, at the edges', () => {
    it('an area ended and assigned again to the unit is listed once', () =>
      expect(areasAssignedTo(stateOf([created, assigned('a1', 'doan737', 'xa-ia-lop'), ended('a1', '2021-07-01'), assigned('a2', 'doan737', 'xa-ia-lop')]), 'doan737', '2021'))
        .toEqual(['xa-ia-lop']));
    it('none for a period key that is none', () => expect(areasAssignedTo(stateOf([created, assigned('a1', 'doan737', 'xa-ia-lop')]), 'doan737', 'năm 2021')).toEqual([]));
  });
});
