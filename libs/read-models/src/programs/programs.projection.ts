import { foldDocs } from '../projection/fold-docs';
import { docProjection } from '../projection/projection';
import {
  ASSIGNMENTS, AssignmentDoc, assignmentTouchedBy, evolveAssignmentDoc, evolveProgramDoc, PROGRAMS, ProgramDoc, programTouchedBy,
} from './programs';

/** Coordination programs and their commune assignments (both live in the program streams). */
export const programsProjection = docProjection({
  name: 'programs',
  version: 1,
  collections: [PROGRAMS, ASSIGNMENTS],
  indexes: [
    { collection: ASSIGNMENTS, fields: ['programId', 'year'] },
    { collection: ASSIGNMENTS, fields: ['unitId', 'year'] },
    { collection: ASSIGNMENTS, fields: ['areaCode'] },
  ],
  fold: async (events, store, changes) => {
    await foldDocs<ProgramDoc>(PROGRAMS, events, programTouchedBy, evolveProgramDoc, store, changes);
    await foldDocs<AssignmentDoc>(ASSIGNMENTS, events, assignmentTouchedBy, evolveAssignmentDoc, store, changes);
  },
});
