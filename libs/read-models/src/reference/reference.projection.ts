import { INDICATOR_EVENT_TYPES, IndicatorEvent, UnitEvent, UNIT_EVENT_TYPES } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { foldDocs } from '../projection/fold-docs';
import { docProjection } from '../projection/projection';
import { IndicatorDoc, INDICATORS, UnitDoc, UNITS } from './reference';

/** Units: names, kinds, the hierarchy, successions and each unit's own approval levels. */
export const unitsProjection = docProjection({
  name: 'units',
  version: 1,
  collections: [UNITS],
  indexes: [],
  fold: (events, store, changes) => foldDocs<UnitDoc>(UNITS, events, unitTouchedBy, evolveUnitDoc, store, changes),
});

/** The indicator catalogue (its aggregation decides how totals add up) with each indicator's rules. */
export const indicatorsProjection = docProjection({
  name: 'indicators',
  version: 1,
  collections: [INDICATORS],
  indexes: [],
  fold: (events, store, changes) => foldDocs<IndicatorDoc>(INDICATORS, events, indicatorTouchedBy, evolveIndicatorDoc, store, changes),
});

function indicatorTouchedBy(event: RecordedEvent): string[] {
  return (INDICATOR_EVENT_TYPES as readonly string[]).includes(event.type) ? [(event.data as { code: string }).code] : [];
}

function evolveIndicatorDoc(doc: IndicatorDoc | null, code: string, event: RecordedEvent): IndicatorDoc | null {
  const e = event as unknown as IndicatorEvent;
  const position = event.position;
  if (e.type === 'IndicatorDefined.v1') {
    const { code: _code, ...definition } = e.data;
    return { _id: code, ...definition, position };
  }
  if (!doc) return null;
  const { rules, range } = e.data;
  return { ...doc, rules, range, position };
}

function unitTouchedBy(event: RecordedEvent): string[] {
  return (UNIT_EVENT_TYPES as readonly string[]).includes(event.type) ? [(event.data as { unitId: string }).unitId] : [];
}

function evolveUnitDoc(doc: UnitDoc | null, unitId: string, event: RecordedEvent): UnitDoc | null {
  const e = event as unknown as UnitEvent;
  const position = event.position;
  if (e.type === 'UnitRegistered.v1') {
    const { name, kind, parentId } = e.data;
    return { _id: unitId, name, kind, parentId, successorId: null, succeededFrom: null, position };
  }
  if (!doc) return null;
  switch (e.type) {
    case 'UnitRenamed.v1':
      return { ...doc, name: e.data.name, position };
    case 'UnitMoved.v1':
      return { ...doc, parentId: e.data.parentId, position };
    case 'UnitSucceeded.v1':
      return { ...doc, successorId: e.data.successorId, succeededFrom: e.data.effectiveFrom, position };
    case 'UnitApprovalLevelsSet.v1':
      return { ...doc, approvalLevels: e.data.levels, position };
  }
}
