import { AREA_MAP_EVENT_TYPES, AreaMapCommand, AreaMapEvent, AreaMapState, decideAreaMap, evolveAreaMap, initialAreaMapState } from './areas/area-map';
import { decideIndicator, evolveIndicator, INDICATOR_EVENT_TYPES, IndicatorCommand, IndicatorEvent, IndicatorState, initialIndicatorState } from './indicators/indicator';
import { decideProgram, evolveProgram, initialProgramState, PROGRAM_EVENT_TYPES, ProgramCommand, ProgramEvent, ProgramState } from './programs/program';
import {
  decideReportBook, evolveReportBook, initialReportBookState, REPORT_BOOK_EVENT_TYPES, ReportBookCommand, ReportBookEvent, ReportBookState,
} from './reports/report-book';
import { decideReport, evolveReport, initialReportState, ReportCommand, ReportState } from './reports/report.decider';
import { REPORT_EVENT_TYPES, ReportEvent } from './reports/report.events';
import { decideUnit, evolveUnit, initialUnitState, UNIT_EVENT_TYPES, UnitCommand, UnitEvent, UnitState } from './units/unit';

/**
 * One stream's rules as data: `decide` a command against the state, `evolve` the state by an
 * event, start from `initialState`; `isEvent` recognises the stream's events by their type, so
 * whoever folds a stored event (a command handler, a projection) needs no cast.
 */
export interface Decider<C, S, E extends { type: string; data: unknown }> {
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: S;
  isEvent: (event: { type: string; data: unknown }) => event is E;
}

/** A guard from the list of a union's type names (each list is checked against its union where it is declared). */
export function eventGuard<E extends { type: string; data: unknown }>(types: readonly E['type'][]): (event: { type: string; data: unknown }) => event is E {
  const known = new Set<string>(types);
  return (event): event is E => known.has(event.type);
}

export const reportDecider: Decider<ReportCommand, ReportState, ReportEvent> = {
  decide: decideReport, evolve: evolveReport, initialState: initialReportState, isEvent: eventGuard<ReportEvent>(REPORT_EVENT_TYPES),
};

export const reportBookDecider: Decider<ReportBookCommand, ReportBookState, ReportBookEvent> = {
  decide: decideReportBook, evolve: evolveReportBook, initialState: initialReportBookState, isEvent: eventGuard<ReportBookEvent>(REPORT_BOOK_EVENT_TYPES),
};

export const unitDecider: Decider<UnitCommand, UnitState, UnitEvent> = {
  decide: decideUnit, evolve: evolveUnit, initialState: initialUnitState, isEvent: eventGuard<UnitEvent>(UNIT_EVENT_TYPES),
};

export const indicatorDecider: Decider<IndicatorCommand, IndicatorState, IndicatorEvent> = {
  decide: decideIndicator, evolve: evolveIndicator, initialState: initialIndicatorState, isEvent: eventGuard<IndicatorEvent>(INDICATOR_EVENT_TYPES),
};

export const programDecider: Decider<ProgramCommand, ProgramState, ProgramEvent> = {
  decide: decideProgram, evolve: evolveProgram, initialState: initialProgramState, isEvent: eventGuard<ProgramEvent>(PROGRAM_EVENT_TYPES),
};

export const areaMapDecider: Decider<AreaMapCommand, AreaMapState, AreaMapEvent> = {
  decide: decideAreaMap, evolve: evolveAreaMap, initialState: initialAreaMapState, isEvent: eventGuard<AreaMapEvent>(AREA_MAP_EVENT_TYPES),
};
