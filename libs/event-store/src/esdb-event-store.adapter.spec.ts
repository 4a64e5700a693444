import { EventStoreDBClient, FORWARDS } from '@eventstore/db-client';
import { AppendTooLargeError, RecordedEvent } from './event-store.port';
import { EsdbEventStore, esdbConnectionStringProblem } from './esdb-event-store.adapter';
import { describeEventStoreContract, eventually, metadataFor, newEvent, newStreamId } from './event-store.contract';
import { subscribeToAll } from './subscribe-to-all';
import { EsdbWireDouble } from './testing/esdb-wire-double';

/*
 * EventStoreDB cannot run here, so these specs drive the adapter and the REAL client
 * (@eventstore/db-client) over real gRPC against a wire-level test double built from the client's
 * own protobuf service definitions (see testing/esdb-wire-double.ts for what it does and does not
 * do). The contract also runs against a real server when EVENTSTORE_CONNECTION_STRING is set
 * (event-store.contract.spec.ts).
 */

const doubles = new Map<EsdbEventStore, EsdbWireDouble>();

async function storeOnNewDouble(): Promise<EsdbEventStore> {
  const double = await EsdbWireDouble.start({ systemEventAfterEachAppend: true });
  const store = EsdbEventStore.connect(double.connectionString);
  doubles.set(store, double);
  return store;
}

describeEventStoreContract(
  'EventStoreDB adapter, real client over gRPC, against the wire-level double',
  storeOnNewDouble,
  async (store) => {
    await store.close();
    await doubles.get(store as EsdbEventStore)?.stop();
  },
  // Each double starts with an empty log.
  { createEmpty: storeOnNewDouble },
);

describe('EsdbEventStore over the wire-level double', () => {
  let double: EsdbWireDouble;
  let store: EsdbEventStore;
  const opened: { store: EsdbEventStore; double: EsdbWireDouble }[] = [];
  const extraStores: EsdbEventStore[] = [];

  async function open(options: Parameters<typeof EsdbWireDouble.start>[0] = {}): Promise<{ store: EsdbEventStore; double: EsdbWireDouble }> {
    const d = await EsdbWireDouble.start(options);
    const s = EsdbEventStore.connect(d.connectionString, { retryDelayMs: 20, maxRetryDelayMs: 200 });
    opened.push({ store: s, double: d });
    return { store: s, double: d };
  }

  beforeEach(async () => {
    ({ store, double } = await open());
  });

  afterEach(async () => {
    for (const s of extraStores.splice(0)) await s.close();
    for (const { store: s, double: d } of opened.splice(0)) {
      await s.close();
      await d.stop();
    }
  });

  it('given log positions beyond 2^53, then a one-event append answers its position from the append result, exactly', async () => {
    const streamId = newStreamId();
    const first = await store.append(streamId, [newEvent('A')], 'no_stream');
    const second = await store.append(streamId, [newEvent('B')], 0);

    const recorded = await store.readStream(streamId);
    expect(first.position).toBe('1000000000000000' + '1000000000000000');
    expect([first.position, second.position]).toEqual(recorded.map((event) => event.position));
  });

  it('given a multi-event append, then its position is the last event’s (commit of the write, prepare of the event)', async () => {
    const streamId = newStreamId();
    const result = await store.append(streamId, [newEvent('A'), newEvent('B')], 'no_stream');

    const [a, b] = await store.readStream(streamId);
    expect(result.position).toBe(b.position);
    expect(b.position.slice(0, 16)).toBe(a.position.slice(0, 16));
    expect(b.position.slice(16) > a.position.slice(16)).toBe(true);
  });

  it('given small log positions, then commit and prepare are each zero-padded to 16 hex digits', async () => {
    const small = await open({ firstPosition: 0x1234n });

    const result = await small.store.append(newStreamId(), [newEvent('A')], 'no_stream');

    expect(result.position).toBe('0000000000001234' + '0000000000001234');
    expect(await small.store.headPosition()).toBe(result.position);
  });

  it('stores the correlation and causation ids as $correlationId and $causationId, and reads them back under the port’s names', async () => {
    const streamId = newStreamId();
    const metadata = metadataFor({ correlationId: 'a4b0c1d2-0000-4000-8000-000000000001', causationId: 'a4b0c1d2-0000-4000-8000-000000000002' });
    await store.append(streamId, [newEvent('A', {}, metadata)], 'no_stream');

    const raw = EventStoreDBClient.connectionString(double.connectionString);
    try {
      const stored: unknown[] = [];
      for await (const resolved of raw.readStream(streamId, { direction: FORWARDS })) stored.push(resolved.event?.metadata);
      expect(stored).toEqual([
        {
          actor: metadata.actor,
          commandId: metadata.commandId,
          recordedAt: metadata.recordedAt,
          schemaVersion: 1,
          $correlationId: metadata.correlationId,
          $causationId: metadata.causationId,
        },
      ]);
    } finally {
      await raw.dispose();
    }
    expect((await store.readStream(streamId))[0].metadata).toEqual(metadata);
  });

  it('given more system events than a page after the last user event, when asking for the head, then it is the user event', async () => {
    const result = await store.append(newStreamId(), [newEvent('A')], 'no_stream');
    for (let i = 0; i < 300; i += 1) double.addSystemEvent();

    expect(await store.headPosition()).toBe(result.position);
  });

  it('given only system events, when asking for the head, then it is null', async () => {
    for (let i = 0; i < 100; i += 1) double.addSystemEvent();

    expect(await store.headPosition()).toBeNull();
  });

  it('given system events between user events, when reading all with small limits, then pages skip them and never repeat the event at the cursor', async () => {
    const streamId = newStreamId();
    await store.append(streamId, [newEvent('A')], 'no_stream');
    for (let i = 0; i < 300; i += 1) double.addSystemEvent();
    await store.append(streamId, [newEvent('B')], 0);

    const first = await store.readAll({ after: null, limit: 1 });
    const second = await store.readAll({ after: first[0].position, limit: 1 });
    const third = await store.readAll({ after: second[0].position, limit: 1 });

    expect([...first, ...second].map((event) => event.type)).toEqual(['A', 'B']);
    expect(third).toEqual([]);
  });

  it('subscribes with the client’s catch-up subscription: one gRPC stream, system events filtered out by the server, catch-up then live', async () => {
    const streamId = newStreamId();
    const early = await store.append(streamId, [newEvent('E0'), newEvent('E1')], 'no_stream');
    for (let i = 0; i < 100; i += 1) double.addSystemEvent();
    const controller = new AbortController();
    const delivered: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const batch of subscribeToAll(store, { after: null, batchSize: 10, signal: controller.signal })) delivered.push(...batch);
    })();

    await eventually('the catch-up events arrive', () => delivered.length === 2);
    const readsBefore = double.readCalls;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (let i = 0; i < 5; i += 1) await store.append(streamId, [newEvent(`L${i}`)], 1 + i);
    await eventually('the live events arrive', () => delivered.length === 7);
    controller.abort();
    await consuming;

    expect(delivered.map((event) => event.type)).toEqual(['E0', 'E1', 'L0', 'L1', 'L2', 'L3', 'L4']);
    expect(delivered[1].position).toBe(early.position);
    // Idle for 1.5 s and five live events: no stream was re-opened (appends read nothing back here).
    expect(double.readCalls).toBe(readsBefore);
    await eventually('the subscription is closed on the server', () => double.liveSubscriptions === 0);
  });

  it('given a subscription from a checkpoint, then it starts strictly after it', async () => {
    const streamId = newStreamId();
    await store.append(streamId, [newEvent('A')], 'no_stream');
    const checkpoint = (await store.append(streamId, [newEvent('B')], 0)).position;
    await store.append(streamId, [newEvent('C')], 1);
    const controller = new AbortController();
    const delivered: RecordedEvent[] = [];

    for await (const batch of subscribeToAll(store, { after: checkpoint, batchSize: 10, signal: controller.signal })) {
      delivered.push(...batch);
      if (delivered.length >= 1) controller.abort();
    }

    expect(delivered.map((event) => event.type)).toEqual(['C']);
  });

  it('given a waiter, when it resolves, then its subscription is closed on the server', async () => {
    const head = (await store.append(newStreamId(), [newEvent('A')], 'no_stream')).position;

    const waiting = store.waitForAppend(head, 20_000);
    await eventually('the waiter subscribed', () => double.liveSubscriptions === 1);
    double.addSystemEvent();
    await store.append(newStreamId(), [newEvent('B')], 'no_stream');
    await waiting;

    await eventually('the subscription is closed', () => double.liveSubscriptions === 0);
  });

  it('given a pending waiter, when the store closes, then the waiter resolves', async () => {
    const waiting = store.waitForAppend(null, 20_000);

    await store.close();
    await waiting;
  });

  it('given an append over the server’s 1 MiB limit, then AppendTooLargeError says so and nothing is appended', async () => {
    const streamId = newStreamId();
    const big = newEvent('Big', { text: 'x'.repeat(600_000) });
    const bigger = newEvent('Big', { text: 'y'.repeat(600_000) });

    const error = await store.append(streamId, [big, bigger], 'no_stream').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect(error).toMatchObject({ streamId, eventCount: 2, maxBytes: 1_048_576 });
    expect((error as Error).message).toMatch(/exceed the store's maximum append size of 1048576 bytes/);
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it('given 200 events, then positionAt reads $all backwards only as far as its answer, in pages of 64 doubling, and to the start for null', async () => {
    const base = Date.parse('2021-01-19T08:00:00.000Z');
    const streamId = newStreamId();
    for (let append = 0; append < 4; append += 1) {
      const events = Array.from({ length: 50 }, (_, i) => newEvent('Tick', {}, metadataFor({ recordedAt: new Date(base + (append * 50 + i) * 1000).toISOString() })));
      await store.append(streamId, events, append === 0 ? 'no_stream' : append * 50 - 1);
    }
    const positions = (await store.readStream(streamId)).map((event) => event.position);
    await store.untilAvailable();
    const readsFor = async (instant: string): Promise<{ position: string | null; reads: number }> => {
      const before = double.readCalls;
      const position = await store.positionAt(instant);
      return { position, reads: double.readCalls - before };
    };

    expect(await readsFor(new Date(base + 199_000).toISOString())).toEqual({ position: positions[199], reads: 1 });
    // Events 199..136 in the first page, 135..8 in the second.
    expect(await readsFor(new Date(base + 100_500).toISOString())).toEqual({ position: positions[100], reads: 2 });
    expect(await readsFor(new Date(base - 1).toISOString())).toEqual({ position: null, reads: 3 });
  });

  describe('while the server is down', () => {
    it('given the server down at start, then the store reports not available, calls fail, and it becomes available when the server comes', async () => {
      const { double: later } = await open();
      await later.stopListening();
      const connected = EsdbEventStore.connect(later.connectionString, { retryDelayMs: 20, maxRetryDelayMs: 100 });
      extraStores.push(connected);

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connected.availability()).toMatchObject({ available: false, reason: expect.any(String) });
      await expect(connected.headPosition()).rejects.toThrow();

      let available = false;
      const waiting = connected.untilAvailable().then(() => {
        available = true;
      });
      await later.listenAgain();
      await waiting;
      expect(available).toBe(true);
      expect(connected.availability().available).toBe(true);
      expect(await connected.append(newStreamId(), [newEvent('A')], 'no_stream')).toMatchObject({ revision: 0 });
    });

    it('given a running subscription, when the server goes away, then the subscription throws and availability turns false, then recovers', async () => {
      await store.append(newStreamId(), [newEvent('A')], 'no_stream');
      await store.untilAvailable();
      const consuming = (async () => {
        for await (const batch of subscribeToAll(store, { after: null, batchSize: 10 })) void batch;
      })();
      await eventually('subscribed', () => double.liveSubscriptions === 1);

      await double.stopListening();

      await expect(consuming).rejects.toThrow();
      await eventually('unavailable', () => !store.availability().available);
      await double.listenAgain();
      await store.untilAvailable();
      expect(await store.readAll({ after: null, limit: 10 })).toHaveLength(1);
    });
  });
});

describe('esdbConnectionStringProblem', () => {
  it.each(['esdb://localhost:2113?tls=false', 'esdb+discover://admin:changeit@cluster.example.org:2113', 'esdb://a:2113,b:2113,c:2113?nodePreference=leader'])(
    'accepts %s',
    (connectionString) => {
      expect(esdbConnectionStringProblem(connectionString)).toBeNull();
    },
  );

  it.each(['kurrentdb://localhost:2113', 'kdb://localhost:2113', 'kurrentdb+discover://localhost:2113', 'mongodb://localhost', 'localhost:2113'])(
    'refuses %s, naming the schemes the client takes',
    (connectionString) => {
      expect(esdbConnectionStringProblem(connectionString)).toMatch(/esdb:\/\/ or esdb\+discover:\/\//);
    },
  );

  it('refuses what the client’s parser refuses, with its reason', () => {
    expect(esdbConnectionStringProblem('esdb://localhost:notaport')).toMatch(/not a valid EventStoreDB connection string/);
    expect(esdbConnectionStringProblem('esdb://localhost:2113?tls=maybe')).toMatch(/not a valid/);
  });

  it('makes connect refuse it before any connection', () => {
    expect(() => EsdbEventStore.connect('kurrentdb://localhost:2113')).toThrow(/EVENTSTORE_CONNECTION_STRING must start with esdb:\/\//);
  });
});
