import { areaMapDecider, eventGuard, indicatorDecider, programDecider, reportBookDecider, reportDecider, unitDecider } from './decider';
import { AREA_MAP_EVENT_TYPES, decideAreaMap, evolveAreaMap, initialAreaMapState } from './areas/area-map';
import { decideIndicator, evolveIndicator, INDICATOR_EVENT_TYPES, initialIndicatorState } from './indicators/indicator';
import { decideProgram, evolveProgram, initialProgramState, PROGRAM_EVENT_TYPES } from './programs/program';
import { decideReportBook, evolveReportBook, initialReportBookState, REPORT_BOOK_EVENT_TYPES } from './reports/report-book';
import { decideReport, evolveReport, initialReportState } from './reports/report.decider';
import { REPORT_EVENT_TYPES } from './reports/report.events';
import { decideUnit, evolveUnit, initialUnitState, UNIT_EVENT_TYPES } from './units/unit';

describe('deciders as data', () => {
  it('recognises exactly the types it is given', () => {
    const isReport = eventGuard(['ReportCreated.v1', 'ReportApproved.v1']);
    expect(isReport({ type: 'ReportCreated.v1', data: {} })).toBe(true);
    expect(isReport({ type: 'ReportApproved.v1', data: {} })).toBe(true);
    expect(isReport({ type: 'UnitRegistered.v1', data: {} })).toBe(false);
    expect(isReport({ type: 'reportcreated.v1', data: {} })).toBe(false);
  });

  it.each([
    ['report', reportDecider, decideReport, evolveReport, initialReportState, REPORT_EVENT_TYPES],
    ['report book', reportBookDecider, decideReportBook, evolveReportBook, initialReportBookState, REPORT_BOOK_EVENT_TYPES],
    ['unit', unitDecider, decideUnit, evolveUnit, initialUnitState, UNIT_EVENT_TYPES],
    ['indicator', indicatorDecider, decideIndicator, evolveIndicator, initialIndicatorState, INDICATOR_EVENT_TYPES],
    ['program', programDecider, decideProgram, evolveProgram, initialProgramState, PROGRAM_EVENT_TYPES],
    ['area map', areaMapDecider, decideAreaMap, evolveAreaMap, initialAreaMapState, AREA_MAP_EVENT_TYPES],
  ] as const)('the %s decider is its stream\'s decide, evolve and initial state, and knows its own events only', (_, decider, decide, evolve, initialState, types) => {
    expect(decider.decide).toBe(decide);
    expect(decider.evolve).toBe(evolve);
    expect(decider.initialState).toBe(initialState);
    for (const type of types) expect(decider.isEvent({ type, data: {} })).toBe(true);
    expect(decider.isEvent({ type: 'SomethingElse.v1', data: {} })).toBe(false);
  });
});
