import { MongoClient } from 'mongodb';
import { MongoReadModelStore, writeModeOf } from './mongo-read-model-store.adapter';

/**
 * Transactions where the server has them (issue 14, item 5). The detection reads `hello`; the
 * servers CI can run (FerretDB, mongo-java-server) have no transactions, so there the ordered
 * path is what runs, and the transaction path is not exercised anywhere in CI.
 */
describe('MongoDB write mode detection from hello', () => {
  it('uses transactions on a replica-set member or a mongos with sessions, ordered writes otherwise', () => {
    // The answers' shape as MongoDB documents `hello`: the fields the decision reads.
    expect(writeModeOf({ isWritablePrimary: true, setName: 'rs0', logicalSessionTimeoutMinutes: 30, maxWireVersion: 21 })).toEqual({ transactions: true, why: 'replica set rs0' });
    expect(writeModeOf({ isWritablePrimary: true, msg: 'isdbgrid', logicalSessionTimeoutMinutes: 30, maxWireVersion: 21 })).toEqual({ transactions: true, why: 'sharded cluster (mongos)' });
    expect(writeModeOf({ isWritablePrimary: true, logicalSessionTimeoutMinutes: 30, maxWireVersion: 21 })).toMatchObject({ transactions: false, why: expect.stringMatching(/^not a replica set/) });
    expect(writeModeOf({ isWritablePrimary: true, setName: 'rs0', maxWireVersion: 21 })).toMatchObject({ transactions: false, why: expect.stringMatching(/^no sessions/) });
    expect(writeModeOf({ isWritablePrimary: true, setName: 'rs0', logicalSessionTimeoutMinutes: 30, maxWireVersion: 6 })).toMatchObject({ transactions: false });
    expect(writeModeOf({ msg: 'isdbgrid', logicalSessionTimeoutMinutes: 30, maxWireVersion: 7 })).toMatchObject({ transactions: false });
  });
});

const uri = process.env.MONGODB_URI;
if (uri) {
  it('MongoDB write mode on this server (MONGODB_URI): detects what its hello says, and commits documents and checkpoint by the fallback path', async () => {
    const client = await MongoClient.connect(uri!);
    const dbName = `write_mode_${process.pid}_${Date.now()}`;
    const store = await MongoReadModelStore.connect(uri!, dbName);
    try {
      // mongo-java-server knows only the legacy isMaster (the adapter falls back the same way).
      const hello = await client.db('admin').command({ hello: 1 }).catch(() => client.db('admin').command({ isMaster: 1 }));
      expect(store.writeMode).toEqual(writeModeOf(hello));
      // FerretDB and mongo-java-server, the servers CI has: no replica set, so no transactions.
      expect(hello.setName).toBeUndefined();
      expect(store.writeMode.transactions).toBe(false);
      await store.commit([{ collection: 'things', kind: 'put', doc: { _id: 'a', n: 1 } }, { collection: 'things', kind: 'put', doc: { _id: 'b', n: 2 } }], { name: 'things_b1', position: '0000000000000002' });
      expect(await store.find('things', {})).toEqual([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
      expect(await store.getCheckpoint('things_b1')).toBe('0000000000000002');
    } finally {
      await store.close();
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });
}
