import { EVENT_STORE, EventStore } from '@app/event-store';
import { reportStreamId } from '@app/domain';
import { startApp, TestApp } from './support/app';

/**
 * What every recorded event says about the request that made it: who, which command, which
 * request (X-Request-Id, so a log line leads to its events and back), when. Read from the event
 * store itself, the record an auditor's questions end at.
 */
describe('command metadata on recorded events', () => {
  let app: TestApp;
  let store: EventStore;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp();
    store = app.nest.get<EventStore>(EVENT_STORE);
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-a', ['reporter:u1']);
    expect((await app.http('POST', '/api/units', { token: t.admin, body: { id: 'u1', name: 'Bộ CHQS tỉnh', kind: 'military-command' } })).status).toBe(201);
    const indicator = { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 };
    expect((await app.http('POST', '/api/indicators', { token: t.admin, body: indicator })).status).toBe(201);
    expect((await app.http('POST', '/api/reports', { token: t.rep, body: { id: 'm-1', unitId: 'u1', period: '2031' } })).status).toBe(201);
  });

  afterAll(() => app.close());

  const lastEvent = async () => (await store.readStream(reportStreamId('m-1'))).slice(-1)[0];
  const put = (value: number, headers: Record<string, string> = {}) =>
    app.http('PUT', '/api/reports/m-1/figures', { token: t.rep, headers, body: { figures: [{ indicator: 'work_days', value }] } });

  it('the caller\'s X-Request-Id is the correlation id of the events its command recorded', async () => {
    const res = await put(1, { 'X-Request-Id': 'req-from-caller.1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-from-caller.1');
    const event = await lastEvent();
    expect(event.metadata).toMatchObject({ actor: 'rep-a', correlationId: 'req-from-caller.1' });
  });

  it('without one, the id the API gave the request (its X-Request-Id answer) is the correlation id, and each request has its own', async () => {
    const first = await put(2);
    const firstEvent = await lastEvent();
    const second = await put(3);
    const secondEvent = await lastEvent();
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(firstEvent.metadata.correlationId).toBe(first.headers.get('x-request-id'));
    expect(secondEvent.metadata.correlationId).toBe(second.headers.get('x-request-id'));
    expect(secondEvent.metadata.correlationId).not.toBe(firstEvent.metadata.correlationId);
    // Two commands without an Idempotency-Key are two commands, with two ids.
    expect(secondEvent.metadata.commandId).not.toBe(firstEvent.metadata.commandId);
    expect(firstEvent.metadata.causationId).toBe(firstEvent.metadata.commandId);
  });

  it('with an Idempotency-Key the command id is the key\'s, the request\'s hash is kept, and a retry records nothing new', async () => {
    const headers = { 'Idempotency-Key': 'meta-1' };
    const first = await put(4, headers);
    const event = await lastEvent();
    expect(event.metadata.requestHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const retry = await put(4, headers);
    expect(retry.body).toEqual(first.body);
    expect((await lastEvent()).id).toBe(event.id);
    // Without a key, no request hash is recorded (nothing to compare a retry with).
    await put(5);
    expect((await lastEvent()).metadata).not.toHaveProperty('requestHash');
  });
});
