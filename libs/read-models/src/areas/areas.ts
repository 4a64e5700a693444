import { AreaLevel, AreaMapEvent, foldName } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { Doc } from '../read-model-store.port';

export const AREAS = 'areas';

/** One boundary change as an area's history shows it. */
export interface AreaHistoryEntry {
  change: 'registered' | 'renamed' | 'reparented' | 'merged_into' | 'absorbed' | 'split_into' | 'split_from';
  effectiveFrom: string | null;
  reason: string | null;
  /** What changed: the old and new name or parent, the areas on the other side of a merge or split. */
  details: Record<string, unknown>;
  eventId: string;
  position: string;
}

/**
 * An area of the boundary map, as search and roll-ups need it. `nameFolded` is the name without
 * diacritics for search; `successorCode` (retired areas only) is where the area's history counts
 * now, which is what roll-ups follow. `predecessors` / `successors` are the lineage as people
 * read it: every part of a split names the source as its predecessor, though only the default
 * successor carries the source's figures.
 */
export interface AreaDoc extends Doc {
  name: string;
  nameFolded: string;
  level: AreaLevel;
  parentCode: string | null;
  status: 'active' | 'retired';
  successorCode: string | null;
  retiredFrom: string | null;
  predecessors: string[];
  successors: string[];
  history: AreaHistoryEntry[];
  position: string;
}

/** The area documents an event changes. */
export function areasTouchedBy(event: RecordedEvent): string[] {
  const e = event as unknown as AreaMapEvent;
  switch (e.type) {
    case 'AreaRegistered.v1':
    case 'AreaRenamed.v1':
    case 'AreaReparented.v1':
      return [e.data.code];
    case 'AreasMerged.v1':
      return [...e.data.sourceCodes, e.data.successorCode];
    case 'AreaSplit.v1':
      return [e.data.sourceCode, ...e.data.partCodes];
    default:
      return [];
  }
}

/** Applies an event to one of the documents it touches. */
export function evolveAreaDoc(doc: AreaDoc | null, code: string, event: RecordedEvent): AreaDoc | null {
  const e = event as unknown as AreaMapEvent;
  const entry = (change: AreaHistoryEntry['change'], effectiveFrom: string | null, reason: string | null, details: Record<string, unknown>): AreaHistoryEntry =>
    ({ change, effectiveFrom, reason, details, eventId: event.id, position: event.position });
  const at = { position: event.position };
  if (e.type === 'AreaRegistered.v1') {
    const { name, level, parentCode } = e.data;
    return {
      _id: code, name, nameFolded: foldName(name), level, parentCode, status: 'active', successorCode: null, retiredFrom: null,
      predecessors: [], successors: [], history: [entry('registered', null, null, { name, parentCode })], ...at,
    };
  }
  if (!doc) return null;
  switch (e.type) {
    case 'AreaRenamed.v1': {
      const { name, previousName, effectiveFrom, reason } = e.data;
      return { ...doc, name, nameFolded: foldName(name), history: [...doc.history, entry('renamed', effectiveFrom, reason, { from: previousName, to: name })], ...at };
    }
    case 'AreaReparented.v1': {
      const { parentCode, previousParentCode, effectiveFrom, reason } = e.data;
      return { ...doc, parentCode, history: [...doc.history, entry('reparented', effectiveFrom, reason, { from: previousParentCode, to: parentCode })], ...at };
    }
    case 'AreasMerged.v1': {
      const { sourceCodes, successorCode, effectiveFrom, reason } = e.data;
      if (code === successorCode) {
        return {
          ...doc, predecessors: [...doc.predecessors, ...sourceCodes],
          history: [...doc.history, entry('absorbed', effectiveFrom, reason, { sources: sourceCodes })], ...at,
        };
      }
      return {
        ...doc, status: 'retired', successorCode, retiredFrom: effectiveFrom, successors: [successorCode],
        history: [...doc.history, entry('merged_into', effectiveFrom, reason, { successor: successorCode, with: sourceCodes.filter((c) => c !== code) })], ...at,
      };
    }
    case 'AreaSplit.v1': {
      const { sourceCode, partCodes, defaultSuccessorCode, effectiveFrom, reason } = e.data;
      if (code === sourceCode) {
        return {
          ...doc, status: 'retired', successorCode: defaultSuccessorCode, retiredFrom: effectiveFrom, successors: [...partCodes],
          history: [...doc.history, entry('split_into', effectiveFrom, reason, { parts: partCodes, defaultSuccessor: defaultSuccessorCode })], ...at,
        };
      }
      return {
        ...doc, predecessors: [...doc.predecessors, sourceCode],
        history: [...doc.history, entry('split_from', effectiveFrom, reason, { source: sourceCode, carriesHistory: code === defaultSuccessorCode })], ...at,
      };
    }
    default:
      return doc;
  }
}
