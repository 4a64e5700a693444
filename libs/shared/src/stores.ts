import { EsdbEventStore, EventStore, SqliteEventStore } from '@app/event-store';
import { ensureRegistered, LiveReadModels, MongoReadModelStore, PROJECTIONS, SqliteReadModelStore } from '@app/read-models';
import { AppConfig } from './config';

/**
 * Chooses each store on its own: SQLite by default, EventStoreDB / MongoDB when configured.
 * `writer`: where SQLite commits appends (the API passes its EVENT_WRITER_THREAD; the tools and
 * the projector, which append little or nothing, keep the main thread).
 */
export async function openEventStore(config: AppConfig, { writer = 'main' }: { writer?: 'main' | 'worker' } = {}): Promise<EventStore> {
  return config.eventStore.kind === 'esdb'
    ? EsdbEventStore.connect(config.eventStore.connectionString)
    : new SqliteEventStore({ file: config.eventStore.file, writer });
}

/**
 * The read models as the apps use them: each logical collection resolved to its projection's
 * live build (see LiveReadModels); every registered projection gets a build on first open.
 */
export async function openReadModelStore(config: AppConfig): Promise<LiveReadModels> {
  const store =
    config.readModels.kind === 'mongodb'
      ? await MongoReadModelStore.connect(config.readModels.uri, config.readModels.dbName)
      : new SqliteReadModelStore({ file: config.readModels.file });
  await ensureRegistered(store, PROJECTIONS);
  return new LiveReadModels(store, PROJECTIONS);
}
