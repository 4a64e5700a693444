import { foldDocs } from '../projection/fold-docs';
import { docProjection } from '../projection/projection';
import { APPROVAL_QUEUE, ApprovalQueueDoc, evolveQueueDoc, queueTouchedBy } from './approval-queue';

/** The approval queue per level: which unit's supervisors must act next on each submitted report. */
export const approvalQueueProjection = docProjection({
  name: 'approval_queue',
  version: 1,
  collections: [APPROVAL_QUEUE],
  indexes: [{ collection: APPROVAL_QUEUE, fields: ['status', 'mode', 'awaitingUnitId'] }, { collection: APPROVAL_QUEUE, fields: ['status', 'programId'] }],
  fold: (events, store, changes) => foldDocs<ApprovalQueueDoc>(APPROVAL_QUEUE, events, queueTouchedBy, evolveQueueDoc, store, changes),
});
