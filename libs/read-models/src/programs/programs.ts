import { ApprovalLevel, ProgramDefinition, ProgramEvent } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { Doc } from '../read-model-store.port';

export const PROGRAMS = 'programs';
export const ASSIGNMENTS = 'assignments';

export interface ProgramDoc extends Doc, Omit<ProgramDefinition, 'programId'> {
  status: 'active' | 'closed';
  signed: { date: string; signatories: string[] } | null;
  plans: { year: number; text: string }[];
  closed: { date: string; reason: string | null } | null;
  /** Absent on documents folded before approval levels existed: none. */
  approvalLevels?: ApprovalLevel[];
  position: string;
}

/** One area assignment (giao địa bàn): who, where, which year, by which decision; ended early or not. */
export interface AssignmentDoc extends Doc {
  programId: string;
  unitId: string;
  areaCode: string;
  year: number;
  decisionRef: string | null;
  decidedAt: string | null;
  status: 'active' | 'ended';
  ended: { reason: string; effectiveFrom: string } | null;
  position: string;
}

export function programTouchedBy(event: RecordedEvent): string[] {
  const e = event as unknown as ProgramEvent;
  switch (e.type) {
    case 'ProgramCreated.v1':
    case 'ProgramSigned.v1':
    case 'AnnualPlanRecorded.v1':
    case 'ProgramClosed.v1':
    case 'ApprovalLevelsSet.v1':
    case 'ProgramPartyAdded.v1':
      return [e.data.programId];
    default:
      return [];
  }
}

export function evolveProgramDoc(doc: ProgramDoc | null, programId: string, event: RecordedEvent): ProgramDoc | null {
  const e = event as unknown as ProgramEvent;
  const position = event.position;
  if (e.type === 'ProgramCreated.v1') {
    const { programId: _, ...definition } = e.data;
    return { _id: programId, ...definition, status: 'active', signed: null, plans: [], closed: null, position };
  }
  if (!doc) return null;
  switch (e.type) {
    case 'ProgramSigned.v1':
      return { ...doc, signed: { date: e.data.date, signatories: e.data.signatories }, position };
    case 'AnnualPlanRecorded.v1': {
      const plans = [...doc.plans.filter((p) => p.year !== e.data.year), { year: e.data.year, text: e.data.text }].sort((a, b) => a.year - b.year);
      return { ...doc, plans, position };
    }
    case 'ProgramClosed.v1':
      return { ...doc, status: 'closed', closed: { date: e.data.date, reason: e.data.reason }, position };
    case 'ApprovalLevelsSet.v1':
      return { ...doc, approvalLevels: e.data.levels, position };
    case 'ProgramPartyAdded.v1':
      return doc.parties.includes(e.data.unitId) ? { ...doc, position } : { ...doc, parties: [...doc.parties, e.data.unitId], position };
    default:
      return doc;
  }
}

export function assignmentTouchedBy(event: RecordedEvent): string[] {
  const e = event as unknown as ProgramEvent;
  return e.type === 'AreaAssigned.v1' || e.type === 'AssignmentEnded.v1' ? [e.data.assignmentId] : [];
}

export function evolveAssignmentDoc(doc: AssignmentDoc | null, assignmentId: string, event: RecordedEvent): AssignmentDoc | null {
  const e = event as unknown as ProgramEvent;
  if (e.type === 'AreaAssigned.v1') {
    const { assignmentId: _, ...data } = e.data;
    return { _id: assignmentId, ...data, status: 'active', ended: null, position: event.position };
  }
  if (e.type === 'AssignmentEnded.v1' && doc) {
    return { ...doc, status: 'ended', ended: { reason: e.data.reason, effectiveFrom: e.data.effectiveFrom }, position: event.position };
  }
  return doc;
}
