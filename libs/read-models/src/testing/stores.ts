import { randomUUID } from 'node:crypto';
import { MongoReadModelStore } from '../mongo-read-model-store.adapter';
import { BuildHandle } from '../projection/replay';
import { Projection } from '../projection/projection';
import { PROJECTIONS } from '../projections';
import { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';

export type StoreFactory = () => Promise<{ store: ReadModelStore; dispose: () => Promise<void> }>;

/**
 * For specs that run on both read-model stores: SQLite in memory always, and MongoDB when
 * MONGODB_URI is set (a fresh database named `<prefix>_<random>`, whose builds of `projections`
 * are dropped when disposed).
 */
export function readModelStoreFactories(prefix: string, projections: readonly Projection[] = PROJECTIONS): [string, StoreFactory][] {
  const factories: [string, StoreFactory][] = [['sqlite', async () => {
    const store = new SqliteReadModelStore({ file: ':memory:' });
    return { store, dispose: () => store.close() };
  }]];
  if (process.env.MONGODB_URI) {
    factories.push(['mongodb', async () => {
      const store = await MongoReadModelStore.connect(process.env.MONGODB_URI!, `${prefix}_${randomUUID().slice(0, 8)}`);
      return { store, dispose: async () => { for (const p of projections) await new BuildHandle(store, p).drop(); await store.close(); } };
    }]);
  }
  return factories;
}
