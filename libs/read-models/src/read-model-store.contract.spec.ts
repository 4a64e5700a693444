import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { dbNameFromUri, MongoReadModelStore } from './mongo-read-model-store.adapter';
import { describeReadModelStoreContract } from './read-model-store.contract';
import { SqliteReadModelStore } from './sqlite-read-model-store.adapter';

const sqliteDir = mkdtempSync(join(tmpdir(), 'danvan-rm-contract-'));
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

describeReadModelStoreContract(
  'SQLite',
  // A nested path also exercises the creation of missing parent directories.
  async () => new SqliteReadModelStore({ file: join(sqliteDir, 'nested', 'read-models.sqlite') }),
);

// MongoDB (or FerretDB in CI) runs only where one is provided, in a database of its own.
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  const dbName = `danvan_contract_${process.pid}_${randomBytes(4).toString('hex')}`;
  describeReadModelStoreContract(
    `MongoDB (${mongoUri.replace(/\/\/[^@/]*@/, '//***@')})`,
    () => MongoReadModelStore.connect(mongoUri, dbName),
    async (store) => {
      await store.close();
      const client = await MongoClient.connect(mongoUri);
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  );
}

describe('MongoReadModelStore database name', () => {
  it.each([
    ['mongodb://127.0.0.1:27017/', undefined],
    ['mongodb://127.0.0.1:27017', undefined],
    ['mongodb://127.0.0.1:27017/?replicaSet=rs0', undefined],
    ['mongodb://127.0.0.1:27017/ledger', 'ledger'],
    ['mongodb://user:p%40ss@a:1,b:2/ledger?replicaSet=rs0&authSource=admin', 'ledger'],
    ['mongodb+srv://user:pw@cluster0.example.net/reports?retryWrites=true', 'reports'],
  ])('given the URI %s, when the database name is derived, then it is %s', (uri, expected) => {
    expect(dbNameFromUri(uri)).toBe(expected);
  });
});
