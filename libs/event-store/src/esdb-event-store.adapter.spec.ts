import {
  AppendToStreamOptions,
  EVENT_TYPE,
  EventData as EsdbEventData,
  EventStoreDBClient,
  NO_STREAM,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  StreamNotFoundError,
  SubscribeToAllOptions,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { EsdbEventStore } from './esdb-event-store.adapter';
import { describeEventStoreContract, newEvent, newStreamId } from './event-store.contract';

/*
 * EventStoreDB cannot run here, so these specs drive the adapter through an in-memory stand-in for
 * the gRPC client. The stand-in copies the server behaviour the adapter depends on, as documented
 * and as read in the server source: $all positions are (commit = transaction position, prepare =
 * the event's own log position) and can exceed 2^53; readAll's fromPosition is inclusive; stream
 * reads fail with StreamNotFoundError while iterating; appends report (commit, commit) or, for an
 * idempotent retry, no position; system events ($stats...) keep arriving between user events.
 * The contract must also pass against a real server: set EVENTSTORE_CONNECTION_STRING.
 */

interface FakeRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: true;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: Position;
}

function comparePosition(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function failingRead(error: Error): Readable {
  return new Readable({
    objectMode: true,
    read() {
      this.destroy(error);
    },
  });
}

class FakeEsdbClient {
  readonly log: FakeRecord[] = [];
  readonly subscriptions = new Set<PassThrough>();
  unsubscribed = 0;
  disposed = false;
  /** By default log positions start above 2^53, so that any conversion to a JS number would show. */
  constructor(private nextLogPosition = 1n << 60n) {}

  async appendToStream(streamName: string, events: EsdbEventData | EsdbEventData[], options: AppendToStreamOptions = {}) {
    this.assertOpen();
    const list = Array.isArray(events) ? events : [events];
    const expectedRevision = options.expectedRevision ?? 'any';
    const stream = this.log.filter((record) => record.streamId === streamName);
    const current = stream.length === 0 ? -1n : stream[stream.length - 1].revision;
    const expected = expectedRevision === NO_STREAM ? -1n : typeof expectedRevision === 'bigint' ? expectedRevision : null;
    const wrongVersion = () =>
      new WrongExpectedVersionError(undefined, {
        streamName,
        expected: expectedRevision,
        current: current === -1n ? NO_STREAM : current,
      });

    if (expected !== null && expected < current) {
      // The server's idempotency check: the same ids recorded right after the expected revision.
      const recorded = stream.slice(Number(expected + 1n), Number(expected + 1n) + list.length);
      if (recorded.length === list.length && recorded.every((record, i) => record.id === list[i].id)) {
        return { success: true, nextExpectedRevision: recorded[recorded.length - 1].revision, position: undefined };
      }
      throw wrongVersion();
    }
    if (expected !== null && expected !== current) throw wrongVersion();

    const transaction = this.nextLogPosition;
    const appended = list.map((event, i) =>
      this.record(streamName, event.id, current + 1n + BigInt(i), event.type, event.data, event.metadata, transaction),
    );
    this.addSystemEvent();
    return {
      success: true,
      nextExpectedRevision: appended[appended.length - 1].revision,
      position: { commit: transaction, prepare: transaction },
    };
  }

  readStream(streamName: string, { fromRevision = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {}) {
    this.assertOpen();
    let stream = this.log.filter((record) => record.streamId === streamName);
    if (stream.length === 0) return failingRead(new StreamNotFoundError(undefined, streamName));
    if (direction === 'backwards') stream = stream.reverse();
    if (typeof fromRevision === 'bigint') {
      stream = stream.filter((record) => (direction === 'forwards' ? record.revision >= fromRevision : record.revision <= fromRevision));
    }
    return Readable.from(stream.slice(0, Number(maxCount)).map((record) => ({ event: this.copy(record) })));
  }

  readAll({ fromPosition = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER }: ReadAllOptions = {}) {
    this.assertOpen();
    let records: FakeRecord[];
    if (direction === 'forwards') {
      records = fromPosition === 'end' ? [] : this.log.filter((record) => fromPosition === 'start' || comparePosition(record.position, fromPosition) >= 0);
    } else {
      records = [...this.log].reverse();
      if (fromPosition === 'start') records = [];
      else if (fromPosition !== 'end') records = records.filter((record) => comparePosition(record.position, fromPosition) < 0);
    }
    return Readable.from(records.slice(0, Number(maxCount)).map((record) => ({ event: this.copy(record), commitPosition: record.position.commit })));
  }

  subscribeToAll({ fromPosition = 'start', filter }: SubscribeToAllOptions = {}) {
    this.assertOpen();
    const matches = (record: FakeRecord): boolean =>
      !filter || !('regex' in filter) || filter.filterOn !== EVENT_TYPE || new RegExp(filter.regex).test(record.type);
    const subscription = Object.assign(new PassThrough({ objectMode: true }), {
      unsubscribe: async () => {
        this.unsubscribed += 1;
        this.subscriptions.delete(subscription);
        subscription.end();
      },
      deliver: (record: FakeRecord) => {
        if (matches(record)) subscription.write({ event: this.copy(record), commitPosition: record.position.commit });
      },
    });
    // Subscriptions start exclusive of fromPosition, and asynchronously.
    setImmediate(() => {
      if (!this.subscriptions.has(subscription)) return;
      for (const record of this.log) {
        if (fromPosition === 'end') break;
        if (fromPosition === 'start' || comparePosition(record.position, fromPosition) > 0) subscription.deliver(record);
      }
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  addSystemEvent(): void {
    this.record('$stats-127.0.0.1:2113', randomUUID(), BigInt(this.log.length), '$statsCollected', { proc: {} }, {}, this.nextLogPosition);
  }

  private record(streamId: string, id: string, revision: bigint, type: string, data: unknown, metadata: unknown, transaction: bigint): FakeRecord {
    const prepare = this.nextLogPosition;
    this.nextLogPosition += 137n;
    const record: FakeRecord = {
      streamId,
      id,
      revision,
      type,
      isJson: true,
      // The wire carries JSON; the copy makes sure nothing relies on object identity.
      data: JSON.parse(JSON.stringify(data)),
      metadata: JSON.parse(JSON.stringify(metadata)),
      created: new Date(),
      position: { commit: transaction, prepare },
    };
    this.log.push(record);
    for (const subscription of this.subscriptions) (subscription as unknown as { deliver(r: FakeRecord): void }).deliver(record);
    return record;
  }

  private copy(record: FakeRecord): FakeRecord {
    return { ...record, data: JSON.parse(JSON.stringify(record.data)), metadata: JSON.parse(JSON.stringify(record.metadata)) };
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('client disposed');
  }
}

function storeOver(fake: FakeEsdbClient): EsdbEventStore {
  return new EsdbEventStore(fake as unknown as EventStoreDBClient);
}

describeEventStoreContract('EventStoreDB adapter over an in-memory stand-in for the client', async () => storeOver(new FakeEsdbClient()));

describe('EsdbEventStore', () => {
  let fake: FakeEsdbClient;
  let store: EsdbEventStore;

  beforeEach(() => {
    fake = new FakeEsdbClient();
    store = storeOver(fake);
  });

  afterEach(async () => {
    await store.close();
  });

  it('given log positions beyond 2^53, then positions are commit and prepare as 32 hex digits, exactly', async () => {
    const result = await store.append(newStreamId(), [newEvent('A'), newEvent('B')], 'no_stream');

    const [, second] = fake.log;
    const expected = second.position.commit.toString(16).padStart(16, '0') + second.position.prepare.toString(16).padStart(16, '0');
    expect(result.position).toBe(expected);
    expect(result.position).toBe('1000000000000000' + '1000000000000089');
  });

  it('given small log positions, then commit and prepare are each zero-padded to 16 hex digits', async () => {
    const small = storeOver(new FakeEsdbClient(0x1234n));

    const result = await small.append(newStreamId(), [newEvent('A')], 'no_stream');

    expect(result.position).toBe('0000000000001234' + '0000000000001234');
    expect(await small.headPosition()).toBe(result.position);
    await small.close();
  });

  it('given more system events than a page after the last user event, when asking for the head, then it is the user event', async () => {
    const result = await store.append(newStreamId(), [newEvent('A')], 'no_stream');
    for (let i = 0; i < 300; i += 1) fake.addSystemEvent();

    expect(await store.headPosition()).toBe(result.position);
  });

  it('given only system events, when asking for the head, then it is null', async () => {
    for (let i = 0; i < 100; i += 1) fake.addSystemEvent();

    expect(await store.headPosition()).toBeNull();
  });

  it('given system events between user events, when reading all with small limits, then pages skip them and never repeat the event at the cursor', async () => {
    const streamId = newStreamId();
    await store.append(streamId, [newEvent('A')], 'no_stream');
    for (let i = 0; i < 300; i += 1) fake.addSystemEvent();
    await store.append(streamId, [newEvent('B')], 0);

    const first = await store.readAll({ after: null, limit: 1 });
    const second = await store.readAll({ after: first[0].position, limit: 1 });
    const third = await store.readAll({ after: second[0].position, limit: 1 });

    expect([...first, ...second].map((event) => event.type)).toEqual(['A', 'B']);
    expect(third).toEqual([]);
  });

  it('given a waiter, when it resolves, then its subscription is unsubscribed', async () => {
    const head = (await store.append(newStreamId(), [newEvent('A')], 'no_stream')).position;

    const waiting = store.waitForAppend(head, 20_000);
    fake.addSystemEvent();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.subscriptions.size).toBe(1);
    await store.append(newStreamId(), [newEvent('B')], 'no_stream');
    await waiting;

    expect(fake.subscriptions.size).toBe(0);
    expect(fake.unsubscribed).toBe(1);
  });

  it('given a pending waiter, when the store closes, then the waiter resolves and the client is disposed', async () => {
    const waiting = store.waitForAppend(null, 20_000);

    await store.close();
    await waiting;

    expect(fake.unsubscribed).toBe(1);
    expect(fake.disposed).toBe(true);
  });

  it('given a stream read failing for another reason than a missing stream, then the error propagates', async () => {
    const failure = new Error('access denied');
    jest.spyOn(fake, 'readStream').mockReturnValue(failingRead(failure));

    await expect(store.readStream(newStreamId())).rejects.toBe(failure);
  });
});
