import { assignmentCovers, parsePeriod, ReportStatus } from '@app/domain';
import { Condition, Filter, ReadModelStore } from '../read-model-store.port';
import { REPORTS, ReportViewDoc } from '../reports/report-view';
import { ASSIGNMENTS, AssignmentDoc, PROGRAMS, ProgramDoc } from './programs';

export const listPrograms = (store: ReadModelStore) => store.find<ProgramDoc>(PROGRAMS, {}, { sort: [{ field: '_id', direction: 1 }] });

export const getProgram = (store: ReadModelStore, id: string) => store.get<ProgramDoc>(PROGRAMS, id);

export const getAssignment = (store: ReadModelStore, id: string) => store.get<AssignmentDoc>(ASSIGNMENTS, id);

export interface AssignmentSearch {
  programId?: string;
  year?: number;
  unitId?: string;
  /** One code, or every code of an area under the current map (see expandArea). */
  areaCodes?: readonly string[];
}

export async function listAssignments(store: ReadModelStore, s: AssignmentSearch): Promise<AssignmentDoc[]> {
  const filter: Record<string, Condition> = {};
  if (s.programId) filter.programId = s.programId;
  if (s.year !== undefined) filter.year = s.year;
  if (s.unitId) filter.unitId = s.unitId;
  if (s.areaCodes) filter.areaCode = { in: s.areaCodes };
  const docs = await store.find<AssignmentDoc>(ASSIGNMENTS, filter as Filter);
  return docs.sort((a, b) => a.year - b.year || cmp(a.programId, b.programId) || cmp(a.unitId, b.unitId) || cmp(a.areaCode, b.areaCode) || cmp(a._id, b._id));
}

export interface CompletenessUnit {
  unitId: string;
  /** The areas the unit holds under the program for (part of) the period; empty for a report nobody expected. */
  areas: string[];
  expected: boolean;
  reportId: string | null;
  status: ReportStatus | null;
  received: boolean;
  approved: boolean;
  onTime: boolean | null;
}

export interface Completeness {
  programId: string;
  period: string;
  /** Units holding an assignment for (part of) the period. */
  expected: number;
  /** Of those, reports submitted at least once; approved (an approved version exists); first submitted by the deadline. */
  received: number;
  approved: number;
  onTime: number;
  units: CompletenessUnit[];
}

/**
 * Who was expected to report for the period (the units holding assignments under the program),
 * and who did: received, approved, on time. Reports from units without an assignment are listed
 * (expected: false) but not counted.
 */
export async function programCompleteness(store: ReadModelStore, programId: string, periodKey: string): Promise<Completeness> {
  const period = parsePeriod(periodKey);
  if (!period) throw new RangeError('period');
  const assignments = (await store.find<AssignmentDoc>(ASSIGNMENTS, { programId, year: period.year })).filter((a) => assignmentCovers(a, period));
  const reports = await store.find<ReportViewDoc>(REPORTS, { programId, period: periodKey });
  const byUnit = new Map<string, CompletenessUnit>();
  const unit = (unitId: string) => {
    let u = byUnit.get(unitId);
    if (!u) byUnit.set(unitId, (u = { unitId, areas: [], expected: false, reportId: null, status: null, received: false, approved: false, onTime: null }));
    return u;
  };
  for (const a of assignments) {
    const u = unit(a.unitId);
    u.expected = true;
    if (!u.areas.includes(a.areaCode)) u.areas.push(a.areaCode);
  }
  for (const r of reports) {
    const u = unit(r.unitId);
    Object.assign(u, { reportId: r._id, status: r.status, received: r.everSubmitted, approved: r.approved !== null, onTime: r.onTime ?? null });
  }
  const units = [...byUnit.values()].sort((a, b) => cmp(a.unitId, b.unitId));
  units.forEach((u) => u.areas.sort());
  const expected = units.filter((u) => u.expected);
  return {
    programId,
    period: periodKey,
    expected: expected.length,
    received: expected.filter((u) => u.received).length,
    approved: expected.filter((u) => u.approved).length,
    onTime: expected.filter((u) => u.onTime === true).length,
    units,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
