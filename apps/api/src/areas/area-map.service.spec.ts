import { randomUUID } from 'node:crypto';
import { AREA_MAP_STREAM, AreaMapCommand, AreaMapState, decideAreaMap, evolveAreaMap, initialAreaMapState } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { AreaMapService } from './area-map.service';

describe('AreaMapService on a real SQLite event store', () => {
  let store: SqliteEventStore;
  let truth: AreaMapState = initialAreaMapState;
  let revision = -1;

  beforeEach(() => {
    store = new SqliteEventStore({ file: ':memory:' });
    truth = initialAreaMapState;
    revision = -1;
  });
  afterEach(() => store.close());

  async function register(code: string, level: 'province' | 'district' | 'commune', parentCode: string | null) {
    const command: AreaMapCommand = { type: 'RegisterArea', data: { code, name: code, level, parentCode } };
    const events = decideAreaMap(command, truth);
    const metadata = { actor: 'admin', commandId: 'c', correlationId: 'c', causationId: 'c', recordedAt: '2025-07-01T00:00:00.000Z', schemaVersion: 1 };
    const result = await store.append(AREA_MAP_STREAM, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data as never, metadata })), revision < 0 ? 'no_stream' : revision);
    revision = result.revision;
    truth = events.reduce(evolveAreaMap, truth);
  }

  it('given a kept fold, when the map grows, then it reads only the new events and answers the whole map', async () => {
    const service = new AreaMapService(store);
    const reads = jest.spyOn(store, 'readStream');
    await register('tinh', 'province', null);
    await register('huyen', 'district', 'tinh');
    expect(Object.keys((await service.state()).areas).sort()).toEqual(['huyen', 'tinh']);

    await register('xa', 'commune', 'huyen');
    const after = await service.state();
    expect(after).toEqual(truth);
    expect(reads).toHaveBeenLastCalledWith(AREA_MAP_STREAM, 2);
    expect(await reads.mock.results.at(-1)!.value).toHaveLength(1);

    expect(await service.state()).toEqual(truth);
    expect(await reads.mock.results.at(-1)!.value).toHaveLength(0);
  });
});
