import { randomUUID } from 'node:crypto';
import { aggregateStream, StreamFold, UnknownEventError } from './aggregate-stream';
import { SqliteEventStore } from './sqlite-event-store.adapter';

type CounterEvent = { type: 'Added.v1'; data: { n: number } };
const counter: StreamFold<number, CounterEvent> = {
  initialState: 0,
  evolve: (state, event) => state + event.data.n,
  isEvent: (event): event is CounterEvent => event.type === 'Added.v1',
};
const metadata = { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', recordedAt: '2021-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string, n: number) => ({ id: randomUUID(), type, data: { n }, metadata });

describe('aggregateStream', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ file: ':memory:' })));
  afterEach(() => store.close());

  it('a stream that does not exist: the initial state at revision -1', async () => {
    expect(await aggregateStream(store, 's', counter)).toEqual({ streamId: 's', state: 0, revision: -1, position: null, events: [] });
  });

  it('folds the stream, and carries an earlier result on with only the events after it', async () => {
    await store.append('s', [event('Added.v1', 2), event('Added.v1', 3)], 'no_stream');
    const first = await aggregateStream(store, 's', counter);
    expect(first).toMatchObject({ state: 5, revision: 1 });
    const appended = await store.append('s', [event('Added.v1', 10)], 1);
    const next = await aggregateStream(store, 's', counter, first);
    expect(next).toMatchObject({ state: 15, revision: 2, position: appended.position });
    expect(next.events).toHaveLength(1);
    expect(await aggregateStream(store, 's', counter, next)).toMatchObject({ state: 15, revision: 2, position: appended.position, events: [] });
  });

  it('refuses to fold an event type it does not know', async () => {
    await store.append('s', [event('Added.v1', 1), event('Removed.v1', 1)], 'no_stream');
    await expect(aggregateStream(store, 's', counter)).rejects.toBeInstanceOf(UnknownEventError);
  });
});
