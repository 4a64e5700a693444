import { SqliteReadModelStore } from '../sqlite-read-model-store.adapter';
import { PROJECTIONS } from '../projections';
import { UndeclaredReadModelError } from '../read-scope';
import { INDICATORS, UNITS } from '../reference/reference';
import { LiveReadModels } from './live-read-models';
import { checkpointName } from './projection';
import { ensureRegistered, PROJECTION_BUILDS } from './registry';

const at = (n: number) => n.toString(16).padStart(16, '0');

describe('live read models, per model', () => {
  let physical: SqliteReadModelStore;
  let live: LiveReadModels;

  beforeEach(async () => {
    physical = new SqliteReadModelStore({ file: ':memory:' });
    await ensureRegistered(physical, PROJECTIONS);
    live = new LiveReadModels(physical, PROJECTIONS);
    // Every build 1 at 10, but units at 3 and indicators at 7.
    for (const p of PROJECTIONS) {
      const position = p.name === 'units' ? at(3) : p.name === 'indicators' ? at(7) : at(10);
      await physical.commit([], { name: checkpointName({ projection: p.name, build: 1 }), position });
    }
  });
  afterEach(() => physical.close());

  it('position: the lowest checkpoint of the named models, or of every model when none are named', async () => {
    expect(await live.position(true)).toBe(at(3));
    expect(await live.position(true, ['indicators', 'reports'])).toBe(at(7));
    expect(await live.position(true, ['reports', 'unit_totals'])).toBe(at(10));
    await expect(live.position(true, ['reports', 'unit_total'])).rejects.toThrow('unknown read model unit_total');
  });

  it("a query's view: a read of a model its scope does not declare fails, naming the route and the model; it writes nothing", async () => {
    await physical.commit([{ collection: await live.resolve(UNITS), kind: 'put', doc: { _id: 'u1', name: 'u1' } }]);
    const scope = { route: 'UnitsController.getUnit', models: ['units'] };
    const view = live.within(scope);
    expect(await view.get(UNITS, 'u1')).toMatchObject({ name: 'u1' });
    expect(await view.count(UNITS, {})).toBe(1);
    expect(await view.resolve(UNITS)).toBe(await live.resolve(UNITS));
    for (const read of [view.get(INDICATORS, 'x'), view.find(INDICATORS, {}), view.count(INDICATORS, {}), view.resolve(INDICATORS), view.getMany(INDICATORS, ['x'])]) {
      const refused = await read.catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UndeclaredReadModelError);
      expect(refused).toMatchObject({ route: 'UnitsController.getUnit', model: 'indicators', declared: ['units'] });
    }
    // A collection no projection owns (the registry, checkpoints) is not a read model.
    expect((await view.find(PROJECTION_BUILDS, {})).map((d) => d._id)).toContain('units');
    // Read-only, and the live read models themselves (commands, the projector, health) check nothing.
    await expect(view.commit([{ collection: UNITS, kind: 'put', doc: { _id: 'u2', name: 'u2' } }])).rejects.toThrow('commit is not a query');
    await expect(view.close()).rejects.toThrow('close is not a query');
    expect(await live.count(UNITS, {})).toBe(1);
    expect(await live.get(INDICATORS, 'x')).toBeNull();
  });
});
