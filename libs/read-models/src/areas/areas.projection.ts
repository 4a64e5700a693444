import { foldDocs } from '../projection/fold-docs';
import { docProjection } from '../projection/projection';
import { AreaDoc, AREAS, areasTouchedBy, evolveAreaDoc } from './areas';

/** The boundary map: areas with their parent, status, predecessors, successors and history. */
export const areasProjection = docProjection({
  name: 'areas',
  version: 1,
  collections: [AREAS],
  indexes: [
    { collection: AREAS, fields: ['parentCode', 'status'] },
    { collection: AREAS, fields: ['successorCode'] },
    { collection: AREAS, fields: ['level'] },
  ],
  fold: (events, store, changes) => foldDocs<AreaDoc>(AREAS, events, areasTouchedBy, evolveAreaDoc, store, changes),
});
