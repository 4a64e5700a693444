import { AnyBulkWriteOperation, Db } from 'mongodb';
import { Doc } from '@app/read-models';
import { RecordedCommit, timed } from './util';

/*
 * MongoDB floors with the `mongodb` driver alone, on the same server as the adapter run.
 */

/**
 * Replays the projection's recorded commits: per batch, one ordered bulkWrite of replaceOne
 * upserts per collection (in order of first appearance) and the checkpoint last, which is what
 * MongoReadModelStore.commit sends. No reads and no folding: the write floor of the catch-up.
 */
export async function rawBulkWriteReplay(db: Db, commits: readonly RecordedCommit[]): Promise<number> {
  const batches = commits.map(({ changes, checkpoint }) => {
    const groups = new Map<string, AnyBulkWriteOperation<Doc>[]>();
    for (const change of changes) {
      if (change.kind !== 'put') throw new Error('the ledger projection only puts documents');
      const ops = groups.get(change.collection) ?? [];
      ops.push({ replaceOne: { filter: { _id: change.doc._id }, replacement: change.doc, upsert: true } });
      groups.set(change.collection, ops);
    }
    return { groups, checkpoint };
  });
  return timed(async () => {
    for (const { groups, checkpoint } of batches) {
      for (const [name, ops] of groups) await db.collection<Doc>(name).bulkWrite(ops, { ordered: true });
      if (checkpoint) {
        await db
          .collection<{ _id: string; position: string }>('checkpoints')
          .replaceOne({ _id: checkpoint.name }, { position: checkpoint.position }, { upsert: true });
      }
    }
  });
}

/** insertMany of the given documents into an empty collection, `batchSize` at a time. */
export async function rawInsertMany(db: Db, collection: string, docs: readonly Doc[], batchSize: number): Promise<number> {
  // Copies: insertMany may add fields to what it is given.
  const copies: Doc[] = docs.map((d) => ({ ...d }));
  const coll = db.collection<Doc>(collection);
  return timed(async () => {
    for (let i = 0; i < copies.length; i += batchSize) await coll.insertMany(copies.slice(i, i + batchSize), { ordered: true });
  });
}
