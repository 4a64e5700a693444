import { randomUUID } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  comparePositions,
  EventData,
  EventMetadata,
  EventStore,
  RecordedEvent,
  WrongExpectedRevisionError,
} from './event-store.port';
import { subscribeToAll } from './subscribe-to-all';

/*
 * The behaviour every EventStore adapter must show. It runs against a store that may be shared and
 * already hold events (a real EventStoreDB), so every test writes to its own random streams and
 * reads the global log only after a position captured at its start. It does assume nobody else
 * appends user events while it runs.
 */

export function newStreamId(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

export function metadataFor(overrides: Partial<EventMetadata> = {}): EventMetadata {
  const commandId = randomUUID();
  return {
    actor: 'reporter@daklak',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2021-01-19T08:00:00.000Z',
    schemaVersion: 1,
    ...overrides,
  };
}

export function newEvent(type: string, data: Record<string, unknown> = {}, metadata: EventMetadata = metadataFor()): EventData {
  return { id: randomUUID(), type, data, metadata };
}

/** Resolves once `condition` holds; fails the test with `what` if it does not within `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}

function ids(events: readonly { id: string }[]): string[] {
  return events.map((event) => event.id);
}

function expectStrictlyIncreasingFixedWidth(positions: readonly string[]): void {
  const width = positions[0].length;
  for (const position of positions) {
    expect(position).toMatch(/^[0-9a-f]+$/);
    expect(position).toHaveLength(width);
  }
  for (let i = 1; i < positions.length; i += 1) {
    expect(comparePositions(positions[i - 1], positions[i])).toBeLessThan(0);
    expect(comparePositions(positions[i], positions[i - 1])).toBeGreaterThan(0);
    expect(positions[i - 1] < positions[i]).toBe(true);
  }
}

export interface EventStoreContractOptions {
  /**
   * A store whose log is empty, disposed with `dispose`. The cases that need an empty log (or a
   * log whose first event they wrote) are declared only when it is given: a shared real server
   * cannot offer one.
   */
  createEmpty?: () => Promise<EventStore>;
}

export function describeEventStoreContract(
  name: string,
  create: () => Promise<EventStore>,
  dispose: (store: EventStore) => Promise<void> = (store) => store.close(),
  { createEmpty }: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await create();
    });

    afterAll(async () => {
      if (store) await dispose(store);
    });

    /** Appends to a fresh stream and returns its id and the recorded events. */
    async function givenStream(events: EventData[]): Promise<{ streamId: string; recorded: RecordedEvent[] }> {
      const streamId = newStreamId();
      await store.append(streamId, events, 'no_stream');
      return { streamId, recorded: await store.readStream(streamId) };
    }

    describe('appending and reading a stream', () => {
      it('given a new stream, when appending with no_stream, then reading it back returns every event with revisions 0..n', async () => {
        const streamId = newStreamId('report');
        const requestHash = 'sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae';
        const events = [
          newEvent('ReportCreated.v1', { reportId: 'r1', unitId: 'daklak-bchqs', period: '2021' }, metadataFor({ requestHash })),
          newEvent('AreaNamed.v1', { areaCode: 'ia-rve', name: 'Ia R’vê' }),
          newEvent('AreaNamed.v1', { areaCode: 'hkim-hoa-bya', name: 'H’Kim Hoa Byă', nested: { note: 'Đắk Lắk, xã Ea Súp', list: [1, 'ă', null] } }),
        ];

        const result = await store.append(streamId, events, 'no_stream');
        const recorded = await store.readStream(streamId);

        expect(recorded).toEqual(
          events.map((event, revision) => ({ ...event, streamId, revision, position: expect.any(String) })),
        );
        expect(recorded[0].metadata.requestHash).toBe(requestHash);
        expect(result).toEqual({ revision: 2, position: recorded[2].position });
      });

      it('given an existing stream, when appending with no_stream, then it fails with WrongExpectedRevisionError and appends nothing', async () => {
        const { streamId } = await givenStream([newEvent('A')]);

        const error = await rejectionOf(store.append(streamId, [newEvent('B')], 'no_stream'));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 0 });
        expect(ids(await store.readStream(streamId))).toHaveLength(1);
      });

      it('given a stream at revision 1, when appending two events expecting revision 0, then it fails and appends neither', async () => {
        const { streamId, recorded } = await givenStream([newEvent('A'), newEvent('B')]);
        const head = await store.headPosition();

        const error = await rejectionOf(store.append(streamId, [newEvent('C'), newEvent('D')], 0));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 0, actual: 1 });
        expect(await store.readStream(streamId)).toEqual(recorded);
        expect(await store.headPosition()).toBe(head);
      });

      it('given no stream, when appending expecting revision 0, then it fails with actual no_stream', async () => {
        const streamId = newStreamId();

        const error = await rejectionOf(store.append(streamId, [newEvent('A')], 0));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 0, actual: 'no_stream' });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('given a stream at revision 1, when appending expecting revision 1, then the events get revisions 2 and 3', async () => {
        const { streamId } = await givenStream([newEvent('A'), newEvent('B')]);

        const result = await store.append(streamId, [newEvent('C'), newEvent('D')], 1);

        const recorded = await store.readStream(streamId);
        expect(recorded.map((event) => [event.type, event.revision])).toEqual([['A', 0], ['B', 1], ['C', 2], ['D', 3]]);
        expect(result).toEqual({ revision: 3, position: recorded[3].position });
      });

      it('when appending with any, then it appends to a new stream and to an existing one', async () => {
        const streamId = newStreamId();

        const first = await store.append(streamId, [newEvent('A')], 'any');
        const second = await store.append(streamId, [newEvent('B'), newEvent('C')], 'any');

        expect(first.revision).toBe(0);
        expect(second.revision).toBe(2);
        expect((await store.readStream(streamId)).map((event) => event.type)).toEqual(['A', 'B', 'C']);
      });

      it('given a stream of four events, when reading from a revision, then only that revision and later come back', async () => {
        const { streamId, recorded } = await givenStream([newEvent('A'), newEvent('B'), newEvent('C'), newEvent('D')]);

        expect(await store.readStream(streamId, 2)).toEqual(recorded.slice(2));
        expect(await store.readStream(streamId, 0)).toEqual(recorded);
        expect(await store.readStream(streamId, 4)).toEqual([]);
        expect(await store.readStream(newStreamId('missing'), 3)).toEqual([]);
        await expect(store.readStream(streamId, -1)).rejects.toThrow('fromRevision');
      });

      it('given a missing stream, when reading it, then it is empty', async () => {
        expect(await store.readStream(newStreamId('missing'))).toEqual([]);
      });

      it('when appending an event whose id is not a lower-case UUID, then it is rejected and nothing is appended', async () => {
        const streamId = newStreamId();

        await expect(store.append(streamId, [{ ...newEvent('A'), id: 'cmd-1:0' }], 'no_stream')).rejects.toThrow(/UUID/);
        await expect(store.append(streamId, [{ ...newEvent('A'), id: randomUUID().toUpperCase() }], 'no_stream')).rejects.toThrow(/UUID/);
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('when appending no events, or the same id twice in one append, then it is rejected', async () => {
        const streamId = newStreamId();
        const event = newEvent('A');

        await expect(store.append(streamId, [], 'no_stream')).rejects.toThrow(/no events/);
        await expect(store.append(streamId, [event, { ...event }], 'no_stream')).rejects.toThrow(/twice/);
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('given data with large decimal strings, when read back from the stream and the log, then they are exactly the same strings', async () => {
        const before = await store.headPosition();
        const data = { supportValueVnd: '15300000000', precise: '123456789012345678901234.5', negative: '-0.000000000000000001' };

        const { recorded } = await givenStream([newEvent('FigureRecorded.v1', data)]);
        const [fromLog] = await store.readAll({ after: before, limit: 1 });

        expect(recorded[0].data).toEqual(data);
        expect(fromLog.data).toEqual(data);
        expect(fromLog.data.precise).toBe('123456789012345678901234.5');
      });
    });

    describe('positions and the global log', () => {
      it('given a multi-event append, then its events are adjacent in the log with strictly increasing fixed-width positions', async () => {
        const before = await store.headPosition();
        const events = [newEvent('A'), newEvent('B'), newEvent('C'), newEvent('D')];
        const streamId = newStreamId();

        const result = await store.append(streamId, events, 'no_stream');
        const log = await store.readAll({ after: before, limit: 100 });

        expect(ids(log)).toEqual(ids(events));
        const positions = log.map((event) => event.position);
        expectStrictlyIncreasingFixedWidth(before === null ? positions : [before, ...positions]);
        expect(result.position).toBe(positions[3]);
        expect((await store.readStream(streamId)).map((event) => event.position)).toEqual(positions);
      });

      it('given an append, when asking for the head position, then it is the position of the last appended event', async () => {
        const before = await store.headPosition();

        const result = await store.append(newStreamId(), [newEvent('A'), newEvent('B')], 'no_stream');

        const head = await store.headPosition();
        expect(head).toBe(result.position);
        expect(comparePositions(before, head)).toBeLessThan(0);
        expect(await store.readAll({ after: head, limit: 10 })).toEqual([]);
      });

      describe('given events in two streams appended after a captured position', () => {
        let appended: RecordedEvent[];
        let before: string | null;

        beforeAll(async () => {
          before = await store.headPosition();
          const payments = newStreamId('payments');
          const roads = newStreamId('roads');
          await store.append(payments, [newEvent('P0', { n: 0 }), newEvent('P1', { n: 1 })], 'no_stream');
          await store.append(roads, [newEvent('R0', { n: 0 })], 'no_stream');
          await store.append(payments, [newEvent('P2', { n: 2 })], 1);
          await store.append(roads, [newEvent('R1', { n: 1 }), newEvent('R2', { n: 2 })], 0);
          appended = [...(await store.readStream(payments)), ...(await store.readStream(roads))].sort((a, b) =>
            comparePositions(a.position, b.position),
          );
        });

        it('when reading all after it, then it returns exactly those events in log order', async () => {
          const log = await store.readAll({ after: before, limit: 100 });

          expect(log).toEqual(appended);
          expect(log.map((event) => event.type)).toEqual(['P0', 'P1', 'R0', 'P2', 'R1', 'R2']);
        });

        it('when reading all after one of them, then that event is excluded', async () => {
          const log = await store.readAll({ after: appended[2].position, limit: 100 });

          expect(log).toEqual(appended.slice(3));
        });

        it('when reading all with a limit, then pages hold at most limit events and continue where the last one stopped', async () => {
          const pages: RecordedEvent[][] = [];
          let after = before;
          // Bounded, so that a store which never advances fails here instead of looping forever.
          for (let read = 0; read < 5; read += 1) {
            const page = await store.readAll({ after, limit: 4 });
            if (page.length === 0) break;
            pages.push(page);
            after = page[page.length - 1].position;
          }

          expect(pages.map((page) => page.length)).toEqual([4, 2]);
          expect(pages.flat()).toEqual(appended);
        });

        it('when reading all from the start of the log, then the first events come no later than these', async () => {
          const [first] = await store.readAll({ after: null, limit: 1 });

          expect(comparePositions(first.position, appended[0].position)).toBeLessThanOrEqual(0);
          if (before !== null) expect(comparePositions(first.position, before)).toBeLessThanOrEqual(0);
        });
      });

      it('given a malformed position, when reading all or waiting after it, then it is rejected', async () => {
        const head = (await store.headPosition()) ?? (await store.append(newStreamId(), [newEvent('A')], 'no_stream')).position;

        const malformed = [
          'not-a-position',
          `0${head}`,
          head.slice(1),
          'g'.padEnd(head.length, '0'),
          'ABCDEF'.padStart(head.length, '0'),
          ` ${head.slice(1)}`,
        ];

        for (const after of malformed) {
          await expect(store.readAll({ after, limit: 1 })).rejects.toThrow(/position/);
          await expect(store.waitForAppend(after, 10)).rejects.toThrow(/position/);
        }
        await expect(store.readAll({ after: head, limit: 1 })).resolves.toEqual([]);
      });
    });

    describe('resolving an instant to a position (positionAt)', () => {
      /** An instant on a day no other case records events on, `minutes` after 10:00 UTC. */
      function at(minutes: number): string {
        const h = 10 + Math.floor(minutes / 60);
        const m = minutes % 60;
        return `2701-03-04T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;
      }

      /** Appends one event per recordedAt, each in its own append, and returns their positions in log order. */
      async function recordedAt(...instants: string[]): Promise<string[]> {
        const streamId = newStreamId('as-of');
        const positions: string[] = [];
        for (const [revision, instant] of instants.entries()) {
          const result = await store.append(streamId, [newEvent('Recorded', { instant }, metadataFor({ recordedAt: instant }))], revision === 0 ? 'no_stream' : revision - 1);
          positions.push(result.position);
        }
        return positions;
      }

      it('given events in recordedAt order, when the instant is exactly one’s recordedAt, then it is that event’s position', async () => {
        const [first, second, third] = await recordedAt(at(1), at(2), at(3));

        expect(await store.positionAt(at(1))).toBe(first);
        expect(await store.positionAt(at(2))).toBe(second);
        expect(await store.positionAt(at(3))).toBe(third);
        // The same instant written otherwise: another offset, more fraction digits.
        expect(await store.positionAt('2701-03-04T12:02:00+02:00')).toBe(second);
        expect(await store.positionAt('2701-03-04T10:02:00.000000000Z')).toBe(second);
        // One nanosecond before is before it.
        expect(await store.positionAt('2701-03-04T10:01:59.999999999Z')).toBe(first);
      });

      it('given events in recordedAt order, when the instant falls between two, then it is the earlier one’s position', async () => {
        const [first, second] = await recordedAt(at(5), at(7), at(9));

        expect(await store.positionAt(at(6))).toBe(first);
        expect(await store.positionAt('2701-03-04T10:08:59.999Z')).toBe(second);
        expect(await store.positionAt('2701-03-04T05:36:00.000-04:30')).toBe(first);
      });

      it('when the instant is after the last event, then it is the head of the log', async () => {
        const [, last] = await recordedAt(at(11), at(12));

        expect(await store.headPosition()).toBe(last);
        expect(await store.positionAt(at(13))).toBe(last);
        expect(await store.positionAt('9999-12-31T23:59:59.999Z')).toBe(last);
      });

      it('given two events whose recordedAt are out of position order, then it is the greatest position recorded at or before the instant', async () => {
        const [first, later, earlier] = await recordedAt(at(20), at(22), at(21));

        expect(await store.positionAt(at(20))).toBe(first);
        expect(await store.positionAt(at(21))).toBe(earlier);
        // The event recorded latest is not the answer: the one after it in the log qualifies too.
        expect(await store.positionAt(at(22))).toBe(earlier);
        expect(await store.positionAt(at(23))).toBe(earlier);
        expect(await store.headPosition()).toBe(earlier);
        expect(later).not.toBe(earlier);
      });

      it('given an event recorded before several events ahead of it in the log, then the instants between resolve past all of them', async () => {
        const [first, , , late] = await recordedAt(at(31), at(32), at(33), at(30));

        expect(await store.positionAt(at(30))).toBe(late);
        expect(await store.positionAt(at(32))).toBe(late);
        expect(comparePositions(await store.positionAt('2701-03-04T10:29:59.999Z'), first)).toBeLessThan(0);
      });

      it('given events in one append recorded at different instants, then each instant resolves within the append', async () => {
        const before = await store.headPosition();
        const streamId = newStreamId('as-of');
        await store.append(
          streamId,
          [at(41), at(43), at(42)].map((instant) => newEvent('Recorded', { instant }, metadataFor({ recordedAt: instant }))),
          'no_stream',
        );
        const [first, second, third] = (await store.readAll({ after: before, limit: 10 })).map((event) => event.position);

        expect(await store.positionAt(at(41))).toBe(first);
        expect(await store.positionAt(at(42))).toBe(third);
        expect(await store.positionAt(at(43))).toBe(third);
        expect(second).toBeDefined();
      });

      it('given an event whose recordedAt is written with an offset, then it compares as the instant it names', async () => {
        const [before, offset] = await recordedAt(at(50), '2701-03-04T17:51:00.000+07:00');

        expect(await store.positionAt(at(51))).toBe(offset);
        expect(await store.positionAt('2701-03-04T10:50:59.999Z')).toBe(before);
        // As raw strings '2701-03-04T17:51…' sorts after '2701-03-04T11:00…': compared as text it would be missed.
        expect(await store.positionAt('2701-03-04T11:00:00.000Z')).toBe(offset);
      });

      it('when the instant is not an ISO-8601 instant with its offset, then it is rejected', async () => {
        for (const instant of ['2021-01-19', '2021-01-19T08:00:00', 'yesterday', '2021-02-30T08:00:00Z', '2021-01-19T24:00:00Z', '']) {
          await expect(store.positionAt(instant)).rejects.toThrow(/instant/);
        }
      });

      if (createEmpty) {
        describe('on a store of its own', () => {
          let own: EventStore;

          beforeEach(async () => {
            own = await createEmpty();
          });

          afterEach(async () => {
            await dispose(own);
          });

          it('given an empty log, then no instant has a position', async () => {
            expect(await own.headPosition()).toBeNull();

            expect(await own.positionAt('2021-01-19T08:00:00.000Z')).toBeNull();
            expect(await own.positionAt('9999-12-31T23:59:59.999Z')).toBeNull();
          });

          it('given events, when the instant is before the first event’s recordedAt and every other, then it is null', async () => {
            const streamId = newStreamId('as-of');
            const first = await own.append(streamId, [newEvent('A', {}, metadataFor({ recordedAt: '2021-01-19T10:00:00.000Z' }))], 'no_stream');
            const second = await own.append(streamId, [newEvent('B', {}, metadataFor({ recordedAt: '2021-01-19T09:00:00.000Z' }))], 0);

            expect(await own.positionAt('2021-01-19T08:59:59.999Z')).toBeNull();
            expect(await own.positionAt('1970-01-01T00:00:00.000Z')).toBeNull();
            expect(await own.positionAt('2021-01-19T09:00:00.000Z')).toBe(second.position);
            expect(await own.positionAt('2021-01-19T10:00:00.000Z')).toBe(second.position);
            expect(comparePositions(first.position, second.position)).toBeLessThan(0);
          });

          it('given an event without a recordedAt instant, then it never qualifies', async () => {
            const streamId = newStreamId('as-of');
            const dated = await own.append(streamId, [newEvent('A', {}, metadataFor({ recordedAt: '2021-01-19T10:00:00.000Z' }))], 'no_stream');
            await own.append(streamId, [newEvent('B', {}, metadataFor({ recordedAt: 'now' }))], 0);
            await own.append(streamId, [newEvent('C', {}, metadataFor({ recordedAt: '2021-01-19' }))], 1);

            expect(await own.positionAt('9999-12-31T23:59:59.999Z')).toBe(dated.position);
            expect(await own.positionAt('2021-01-19T09:59:59.999Z')).toBeNull();
          });
        });
      }
    });

    describe('idempotent retries and concurrency', () => {
      it('given an append, when it is retried with the same ids and expected revision, then it answers the same and appends nothing', async () => {
        const streamId = newStreamId();
        const before = await store.headPosition();
        const created = [newEvent('A'), newEvent('B')];
        const first = await store.append(streamId, created, 'no_stream');
        const next = [newEvent('C')];
        const second = await store.append(streamId, next, 1);

        const createdAgain = await store.append(streamId, created, 'no_stream');
        const nextAgain = await store.append(streamId, next, 1);

        expect(createdAgain).toEqual(first);
        expect(nextAgain).toEqual(second);
        expect(ids(await store.readStream(streamId))).toEqual(ids([...created, ...next]));
        expect(ids(await store.readAll({ after: before, limit: 100 }))).toEqual(ids([...created, ...next]));
      });

      it('given a stream at revision 0, when 10 appends expecting revision 0 race, then exactly one succeeds and the others fail with WrongExpectedRevisionError', async () => {
        const { streamId } = await givenStream([newEvent('A')]);

        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.append(streamId, [newEvent('Racer', { i })], 0)),
        );

        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const error of lost) expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        const recorded = await store.readStream(streamId);
        expect(recorded).toHaveLength(2);
        expect(won[0]).toEqual({ status: 'fulfilled', value: { revision: 1, position: recorded[1].position } });
      });
    });

    describe('waiting for appends', () => {
      async function currentHead(): Promise<string> {
        return (await store.headPosition()) ?? (await store.append(newStreamId(), [newEvent('Seed')], 'no_stream')).position;
      }

      it('given the log already holds an event after the position, when waiting, then it resolves at once', async () => {
        const before = await currentHead();
        await store.append(newStreamId(), [newEvent('A')], 'no_stream');

        const started = Date.now();
        await store.waitForAppend(before, 10_000);

        expect(Date.now() - started).toBeLessThan(5000);
      });

      it('given a waiter at the head, when an event is appended, then it resolves promptly and releases its abort listener', async () => {
        const head = await currentHead();
        const controller = new AbortController();
        let resolved = false;
        const waiting = store.waitForAppend(head, 20_000, controller.signal).then(() => {
          resolved = true;
        });

        await sleep(300);
        expect(resolved).toBe(false);
        const appendedAt = Date.now();
        await store.append(newStreamId(), [newEvent('Wake')], 'no_stream');
        await waiting;

        expect(Date.now() - appendedAt).toBeLessThan(5000);
        expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      });

      it('given no append, when the timeout passes, then it resolves rather than rejects', async () => {
        const head = await currentHead();
        const controller = new AbortController();

        const started = Date.now();
        await expect(store.waitForAppend(head, 250, controller.signal)).resolves.toBeUndefined();

        const elapsed = Date.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(200);
        expect(elapsed).toBeLessThan(5000);
        expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      });

      it('given a waiter, when its signal aborts, then it resolves promptly', async () => {
        const head = await currentHead();
        const controller = new AbortController();
        const waiting = store.waitForAppend(head, 20_000, controller.signal);

        await sleep(100);
        const abortedAt = Date.now();
        controller.abort();

        await expect(waiting).resolves.toBeUndefined();
        expect(Date.now() - abortedAt).toBeLessThan(5000);
      });

      it('given an already aborted signal, when waiting, then it resolves at once', async () => {
        const head = await currentHead();

        const started = Date.now();
        await store.waitForAppend(head, 20_000, AbortSignal.abort());

        expect(Date.now() - started).toBeLessThan(5000);
      });
    });

    describe('subscribing to all', () => {
      it('given events before the subscription starts, then it delivers them, then live events, and stops when aborted', async () => {
        const before = await store.headPosition();
        const streamId = newStreamId('subscribed');
        const early = [newEvent('Early0'), newEvent('Early1')];
        const late = [newEvent('Late')];
        await store.append(streamId, early, 'no_stream');
        const controller = new AbortController();
        const delivered: RecordedEvent[] = [];
        const batchSizes: number[] = [];

        const consuming = (async () => {
          for await (const batch of subscribeToAll(store, { after: before, batchSize: 1, idleWaitMs: 200, signal: controller.signal })) {
            batchSizes.push(batch.length);
            delivered.push(...batch);
            // A store that redelivers would spin here without ever yielding to timers: stop it.
            if (delivered.length > 10) controller.abort();
          }
        })();

        await eventually('the catch-up events are delivered', () => delivered.length >= 2);
        await sleep(100);
        expect(ids(delivered)).toEqual(ids(early));
        await store.append(streamId, late, 1);
        await eventually('the live event is delivered', () => delivered.length >= 3);
        controller.abort();
        await consuming;

        expect(ids(delivered)).toEqual(ids([...early, ...late]));
        expect(delivered.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(batchSizes.every((size) => size === 1)).toBe(true);
      });
    });
  });
}
