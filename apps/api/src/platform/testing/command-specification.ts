import { randomUUID } from 'node:crypto';
import { AREA_MAP_STREAM, IndicatorEvent, indicatorStreamId, ProgramDefinition, programStreamId, UnitEvent, unitStreamId } from '@app/domain';
import { FoldedStreams, SqliteEventStore } from '@app/event-store';
import { SqliteReadModelStore } from '@app/read-models';
import { Principal } from '../auth/principal';
import { CommandContext, commandContext, CommandContextOptions } from '../commands/command-context';
import { ReferenceData } from '../reference/reference-data';

export const NOW = new Date('2021-07-01T03:00:00.000Z');

/** A caller with these roles (`reporter:u1`, `supervisor:u1`, `admin`, `auditor`). */
export const actor = (sub: string, ...roles: string[]) => new Principal(sub, roles);

/** A command context as the HTTP edge would build it, with a fixed clock. */
export const ctx = (who: Principal, options: CommandContextOptions = {}): CommandContext => commandContext(who, { now: NOW, ...options });

type AnyEvent = { type: string; data: object };

/**
 * Handler specs without HTTP, against the embedded event store:
 * `given(stream, events)` → run the handler → `appended(stream)` lists the events the command appended.
 */
export function commandSpecification() {
  const store = new SqliteEventStore({ file: ':memory:' });
  // For the few handlers that read a read model (a submission's history); the spec writes its documents.
  const readModels = new SqliteReadModelStore({ file: ':memory:' });
  const reference = new ReferenceData(store);
  const streams = new FoldedStreams(store);
  const givenCount = new Map<string, number>();

  const given = async (streamId: string, events: AnyEvent[]): Promise<void> => {
    const metadata = { actor: 'seed', commandId: randomUUID(), correlationId: 'seed', causationId: 'seed', recordedAt: NOW.toISOString(), schemaVersion: 1 };
    await store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: { ...e.data }, metadata })), 'any');
    givenCount.set(streamId, (givenCount.get(streamId) ?? 0) + events.length);
  };

  return {
    store,
    readModels,
    reference,
    /** The kept folds the report commands load their streams through (one per spec, as the app has one). */
    streams,
    given,
    /** The events appended to the stream after the given ones, as `{type, data}`. */
    async appended(streamId: string): Promise<AnyEvent[]> {
      const events = await store.readStream(streamId, givenCount.get(streamId) ?? 0);
      return events.map(({ type, data }) => ({ type, data }));
    },
    /** The whole stream's events with their metadata. */
    recorded: (streamId: string) => store.readStream(streamId),
    givenUnit: (unitId: string, parentId: string | null = null) =>
      given(unitStreamId(unitId), [{ type: 'UnitRegistered.v1', data: { unitId, name: unitId, kind: 'regiment', parentId } } satisfies UnitEvent]),
    givenIndicator: (code: string, scale = 0) =>
      given(indicatorStreamId(code), [{ type: 'IndicatorDefined.v1', data: { code, name: code, unit: 'x', aggregation: 'sum', scale } } satisfies IndicatorEvent]),
    givenArea: (code: string) =>
      given(AREA_MAP_STREAM, [{ type: 'AreaRegistered.v1', data: { code, name: code, level: 'commune', parentCode: null } }]),
    givenProgram: (definition: Pick<ProgramDefinition, 'programId' | 'steeringUnitId'> & Partial<ProgramDefinition>) =>
      given(programStreamId(definition.programId), [{
        type: 'ProgramCreated.v1',
        data: { name: definition.programId, parties: [definition.steeringUnitId], fromYear: 2021, toYear: 2021, calendar: [{ periodType: 'year', cutoff: 'calendar', deadlineDays: 15 }], ...definition },
      }]),
    close: async () => {
      await store.close();
      await readModels.close();
    },
  };
}

export type CommandSpecification = ReturnType<typeof commandSpecification>;

/**
 * One line of setup per handler spec: a fresh embedded store for every test, the handler built on
 * it, and the givens every test of the file shares. Read `t.spec` and `t.handler` inside a test.
 */
export function handlerSpecification<H>(build: (spec: CommandSpecification) => H, givens: (spec: CommandSpecification) => Promise<void> = async () => {}) {
  let current: { spec: CommandSpecification; handler: H } | null = null;
  beforeEach(async () => {
    const spec = commandSpecification();
    current = { spec, handler: build(spec) };
    await givens(spec);
  });
  afterEach(() => current?.spec.close());
  const now = () => {
    if (!current) throw new Error('handlerSpecification is read inside a test');
    return current;
  };
  return { get spec() { return now().spec; }, get handler() { return now().handler; } };
}

/** Runs `promise` and answers the error it rejects with (fails the test when it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to fail, and it succeeded');
}
