import { EsdbEventStore, EventStore, SqliteEventStore } from '@app/event-store';
import { LEDGER_INDEXES, MongoReadModelStore, ReadModelStore, SqliteReadModelStore } from '@app/read-models';
import { AppConfig } from './config';

/** Chooses each store on its own: SQLite by default, EventStoreDB / MongoDB when configured. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  return config.eventStore.kind === 'esdb'
    ? EsdbEventStore.connect(config.eventStore.connectionString)
    : new SqliteEventStore({ file: config.eventStore.file });
}

export async function openReadModelStore(config: AppConfig): Promise<ReadModelStore> {
  const store =
    config.readModels.kind === 'mongodb'
      ? await MongoReadModelStore.connect(config.readModels.uri, config.readModels.dbName)
      : new SqliteReadModelStore({ file: config.readModels.file });
  await store.ensureIndexes(LEDGER_INDEXES);
  return store;
}
