import { assertNever, conflict, invalid, notFound, unprocessable } from '../errors';
import { isIsoDate } from '../kernel/date';

/**
 * The boundary map (địa bàn): provinces, districts, communes, villages. One aggregate, one stream
 * (`areamap`), because a merge or a split changes several areas at once and a code, once used,
 * must never be used again: both rules need the whole map in one consistent state. The map is
 * small (thousands of areas, a few changes a year), so one stream costs nothing.
 *
 * Areas are never deleted. A merged or split area is `retired` and names its successor: the
 * area under which its history counts now. Figures keep the code they were reported against;
 * read models resolve codes through the current map at query time.
 */

export const AREA_LEVELS = ['province', 'district', 'commune', 'village'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
const RANK: Record<AreaLevel, number> = { province: 0, district: 1, commune: 2, village: 3 };

export const AREA_MAP_STREAM = 'areamap';

export interface AreaRecord {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  status: 'active' | 'retired';
  /** For a retired area: the area its history now counts under (merge successor, or a split's default successor). */
  successorCode: string | null;
}

export interface AreaMapState {
  areas: Record<string, AreaRecord>;
}

export const initialAreaMapState: AreaMapState = { areas: {} };

interface Change {
  /** The date the change takes effect (`2025-07-01`). */
  effectiveFrom: string;
  reason: string;
}

export type AreaMapEvent =
  | { type: 'AreaRegistered.v1'; data: { code: string; name: string; level: AreaLevel; parentCode: string | null } }
  | { type: 'AreaRenamed.v1'; data: Change & { code: string; name: string; previousName: string } }
  | { type: 'AreaReparented.v1'; data: Change & { code: string; parentCode: string; previousParentCode: string | null } }
  | { type: 'AreasMerged.v1'; data: Change & { sourceCodes: string[]; successorCode: string } }
  | { type: 'AreaSplit.v1'; data: Change & { sourceCode: string; partCodes: string[]; defaultSuccessorCode: string } };

/** A successor or part named by code: an existing area, or a new one (then `name` is required). */
export interface AreaRef {
  code: string;
  name?: string;
}

export type AreaMapCommand =
  | { type: 'RegisterArea'; data: { code: string; name: string; level: AreaLevel; parentCode: string | null } }
  | { type: 'RenameArea'; data: Change & { code: string; name: string } }
  | { type: 'ReparentArea'; data: Change & { code: string; parentCode: string } }
  | { type: 'MergeAreas'; data: Change & { sourceCodes: string[]; successor: AreaRef & { parentCode?: string | null } } }
  | { type: 'SplitArea'; data: Change & { sourceCode: string; parts: AreaRef[]; defaultSuccessorCode: string } };

export function decideAreaMap(command: AreaMapCommand, state: AreaMapState): AreaMapEvent[] {
  switch (command.type) {
    case 'RegisterArea': {
      const { code, name, level, parentCode } = command.data;
      if (state.areas[code]) throw conflict(`area code ${code} is already used (codes are never reused)`);
      if (parentCode !== null) parentFor(state, level, parentCode, 'parentCode');
      return [{ type: 'AreaRegistered.v1', data: { code, name, level, parentCode } }];
    }
    case 'RenameArea': {
      const { code, name, effectiveFrom, reason } = command.data;
      checkChange(command.data);
      const area = activeTarget(state, code);
      if (area.name === name) return [];
      return [{ type: 'AreaRenamed.v1', data: { code, name, previousName: area.name, effectiveFrom, reason } }];
    }
    case 'ReparentArea': {
      const { code, parentCode, effectiveFrom, reason } = command.data;
      checkChange(command.data);
      const area = activeTarget(state, code);
      // Parents rank strictly above their children, so a move can never close a cycle.
      parentFor(state, area.level, parentCode, 'parentCode');
      if (area.parentCode === parentCode) return [];
      return [{ type: 'AreaReparented.v1', data: { code, parentCode, previousParentCode: area.parentCode, effectiveFrom, reason } }];
    }
    case 'MergeAreas':
      return merge(state, command.data);
    case 'SplitArea':
      return split(state, command.data);
    default:
      return assertNever(command);
  }
}

function merge(state: AreaMapState, data: Extract<AreaMapCommand, { type: 'MergeAreas' }>['data']): AreaMapEvent[] {
  const { sourceCodes, successor, effectiveFrom, reason } = data;
  checkChange(data);
  if (sourceCodes.length === 0) throw invalid('a merge needs at least one source', [{ field: 'sourceCodes', message: 'must not be empty' }]);
  if (new Set(sourceCodes).size !== sourceCodes.length) throw invalid('a source is named twice', [{ field: 'sourceCodes', message: 'must be distinct' }]);
  if (sourceCodes.includes(successor.code)) {
    throw invalid('an area cannot merge into itself', [{ field: 'successor.code', message: 'must not be one of the sources' }]);
  }
  const sources = sourceCodes.map((code, i) => activeReference(state, code, `sourceCodes[${i}]`));
  const level = sources[0].level;
  sources.forEach((s, i) => {
    if (s.level !== level) throw unprocessable('merged areas must be of one level', [{ field: `sourceCodes[${i}]`, message: `is a ${s.level}, not a ${level}` }]);
  });
  refuseActiveChildren(state, sourceCodes);

  const events: AreaMapEvent[] = [];
  const existing = state.areas[successor.code];
  if (existing) {
    if (existing.status !== 'active') throw conflict(`area ${successor.code} is retired and cannot receive a merge`);
    if (existing.level !== level) {
      throw unprocessable('the successor must be of the same level', [{ field: 'successor.code', message: `is a ${existing.level}, not a ${level}` }]);
    }
  } else {
    if (!successor.name?.trim()) throw invalid('a new successor needs a name', [{ field: 'successor.name', message: 'is required for a new area' }]);
    const parentCode = successor.parentCode === undefined ? sources[0].parentCode : successor.parentCode;
    if (parentCode !== null) parentFor(state, level, parentCode, 'successor.parentCode');
    events.push({ type: 'AreaRegistered.v1', data: { code: successor.code, name: successor.name, level, parentCode } });
  }
  events.push({ type: 'AreasMerged.v1', data: { sourceCodes: [...sourceCodes], successorCode: successor.code, effectiveFrom, reason } });
  return events;
}

function split(state: AreaMapState, data: Extract<AreaMapCommand, { type: 'SplitArea' }>['data']): AreaMapEvent[] {
  const { sourceCode, parts, defaultSuccessorCode, effectiveFrom, reason } = data;
  checkChange(data);
  const source = activeTarget(state, sourceCode);
  const codes = parts.map((p) => p.code);
  if (parts.length < 2) throw invalid('a split needs at least two parts', [{ field: 'parts', message: 'must name at least two areas' }]);
  if (new Set(codes).size !== codes.length) throw invalid('a part is named twice', [{ field: 'parts', message: 'must be distinct' }]);
  if (!codes.includes(defaultSuccessorCode)) {
    throw invalid('the default successor must be one of the parts', [{ field: 'defaultSuccessorCode', message: 'must be one of the parts' }]);
  }
  refuseActiveChildren(state, [sourceCode]);

  const events: AreaMapEvent[] = [];
  parts.forEach((part, i) => {
    if (part.code === sourceCode) throw invalid('an area is not a part of its own split', [{ field: `parts[${i}].code`, message: 'is the source' }]);
    const existing = state.areas[part.code];
    if (existing) {
      if (existing.status !== 'active') throw conflict(`area ${part.code} is retired`);
      if (existing.level !== source.level) {
        throw unprocessable('parts must be of the source level', [{ field: `parts[${i}].code`, message: `is a ${existing.level}, not a ${source.level}` }]);
      }
    } else {
      if (!part.name?.trim()) throw invalid('a new part needs a name', [{ field: `parts[${i}].name`, message: 'is required for a new area' }]);
      events.push({ type: 'AreaRegistered.v1', data: { code: part.code, name: part.name, level: source.level, parentCode: source.parentCode } });
    }
  });
  events.push({ type: 'AreaSplit.v1', data: { sourceCode, partCodes: codes, defaultSuccessorCode, effectiveFrom, reason } });
  return events;
}

function checkChange({ effectiveFrom, reason }: Change): void {
  if (!isIsoDate(effectiveFrom)) throw invalid('effectiveFrom is not a date', [{ field: 'effectiveFrom', message: 'must be a date such as 2025-07-01' }]);
  if (!reason || !reason.trim()) throw invalid('a reason is required', [{ field: 'reason', message: 'is required' }]);
}

/** The area a command is about (named in the path): 404 when unknown, 409 when retired. */
function activeTarget(state: AreaMapState, code: string): AreaRecord {
  const area = state.areas[code];
  if (!area) throw notFound(`area ${code} does not exist`);
  if (area.status !== 'active') throw conflict(`area ${code} was retired (its successor is ${area.successorCode})`);
  return area;
}

/** An area named in the body: 422 when unknown, 409 when retired. */
function activeReference(state: AreaMapState, code: string, field: string): AreaRecord {
  const area = state.areas[code];
  if (!area) throw unprocessable(`area ${code} does not exist`, [{ field, message: 'unknown area' }]);
  if (area.status !== 'active') throw conflict(`area ${code} was retired (its successor is ${area.successorCode})`);
  return area;
}

function parentFor(state: AreaMapState, level: AreaLevel, parentCode: string, field: string): AreaRecord {
  const parent = state.areas[parentCode];
  if (!parent) throw unprocessable(`parent area ${parentCode} does not exist`, [{ field, message: 'unknown area' }]);
  if (parent.status !== 'active') throw unprocessable(`parent area ${parentCode} was retired`, [{ field, message: 'is retired' }]);
  if (RANK[parent.level] >= RANK[level]) {
    throw unprocessable(`a ${level} cannot be placed under a ${parent.level}`, [{ field, message: `must be an area above the ${level} level` }]);
  }
  return parent;
}

/** A merged or split area leaves no area behind it: its children move first, each with its own reason. */
function refuseActiveChildren(state: AreaMapState, codes: readonly string[]): void {
  const orphans = Object.values(state.areas).filter((a) => a.status === 'active' && a.parentCode !== null && codes.includes(a.parentCode));
  if (orphans.length) {
    throw conflict(`re-parent the areas under ${orphans[0].parentCode} first (${orphans.map((a) => a.code).join(', ')})`);
  }
}

export function evolveAreaMap(state: AreaMapState, event: AreaMapEvent): AreaMapState {
  const areas = { ...state.areas };
  switch (event.type) {
    case 'AreaRegistered.v1':
      areas[event.data.code] = { ...event.data, status: 'active', successorCode: null };
      break;
    case 'AreaRenamed.v1':
      areas[event.data.code] = { ...areas[event.data.code], name: event.data.name };
      break;
    case 'AreaReparented.v1':
      areas[event.data.code] = { ...areas[event.data.code], parentCode: event.data.parentCode };
      break;
    case 'AreasMerged.v1':
      for (const code of event.data.sourceCodes) areas[code] = { ...areas[code], status: 'retired', successorCode: event.data.successorCode };
      break;
    case 'AreaSplit.v1':
      areas[event.data.sourceCode] = { ...areas[event.data.sourceCode], status: 'retired', successorCode: event.data.defaultSuccessorCode };
      break;
    default:
      return assertNever(event);
  }
  return { areas };
}

export const AREA_MAP_EVENT_TYPES: readonly AreaMapEvent['type'][] = [
  'AreaRegistered.v1', 'AreaRenamed.v1', 'AreaReparented.v1', 'AreasMerged.v1', 'AreaSplit.v1',
];

/**
 * Folds a name for search: no diacritics (ố → o, đ → d), no apostrophes (R'vê → rve), lower
 * case, single spaces. `ia lop` then finds `Ia Lốp`, and `ia rve` finds `Ia R'vê`.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
