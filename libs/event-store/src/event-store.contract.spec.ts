import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore } from './esdb-event-store.adapter';
import { describeEventStoreContract } from './event-store.contract';
import { SqliteEventStore } from './sqlite-event-store.adapter';
import { buildDist } from '../../../test/support/build';

const sqliteDir = mkdtempSync(join(tmpdir(), 'danvan-event-store-contract-'));
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

let emptyStores = 0;
const emptyFile = (): string => join(sqliteDir, `empty-${(emptyStores += 1)}.sqlite`);

describeEventStoreContract('SQLite', async () => new SqliteEventStore({ file: join(sqliteDir, 'events.sqlite') }), undefined, {
  createEmpty: async () => new SqliteEventStore({ file: emptyFile() }),
});

// The writer thread runs the compiled sqlite-writer.worker.js from dist/.
describe('with the writer thread', () => {
  beforeAll(() => buildDist(), 300_000);
  describeEventStoreContract(
    'SQLite, writer thread',
    async () => new SqliteEventStore({ file: join(sqliteDir, 'events-writer-thread.sqlite'), writer: 'worker' }),
    undefined,
    { createEmpty: async () => new SqliteEventStore({ file: emptyFile(), writer: 'worker' }) },
  );
});

const esdbConnectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (esdbConnectionString) {
  describeEventStoreContract('EventStoreDB', async () => EsdbEventStore.connect(esdbConnectionString));
}
