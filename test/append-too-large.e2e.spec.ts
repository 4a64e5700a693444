import { EsdbWireDouble } from '../libs/event-store/src/testing/esdb-wire-double';
import { sample } from './support/metrics';
import { startApp, TestApp } from './support/app';

/**
 * A command whose events exceed the event store's maximum append size (EventStoreDB's
 * MaxAppendSize, 1 MiB by default) answers 413 problem+json and appends nothing. Through the real
 * client and real gRPC against the wire-level double, its limit lowered to 700 bytes so that a
 * body within the HTTP limit crosses it.
 */
describe('AppendTooLargeError over HTTP (EventStoreDB wire-level double)', () => {
  let double: EsdbWireDouble;
  let app: TestApp;

  beforeAll(async () => {
    double = await EsdbWireDouble.start({ maxAppendSize: 700 });
    app = await startApp({ env: { EVENTSTORE_CONNECTION_STRING: double.connectionString } });
  });
  afterAll(async () => {
    await app.close();
    await double.stop();
  });

  it('answers 413 problem+json naming the sizes, appends nothing, and counts it', async () => {
    const admin = await app.token('admin-1', ['admin']);
    const deadline = Date.now() + 30_000;
    while ((await app.http('GET', '/health')).status !== 200) {
      if (Date.now() > deadline) throw new Error('the event store did not answer');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'small', name: 'Đồn nhỏ', kind: 'border-guard' } })).status).toBe(201);
    const head = async () => (await app.eventHead()) as string;
    const headBefore = await head();

    // 190 Vietnamese letters of 3 bytes each (names take 200 characters): 570 bytes, with the rest of the event and its metadata over 700.
    const res = await app.http('POST', '/api/units', { token: admin, body: { id: 'large', name: 'ạ'.repeat(190), kind: 'border-guard' } });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, title: 'Payload too large' });
    expect(res.body.detail).toMatch(/^The events this request would append \(\d+ bytes\) exceed the event store's maximum append size of 700 bytes; nothing was appended/);
    expect(await head()).toBe(headBefore);
    expect((await app.http('GET', '/api/units/large', { token: admin })).status).toBe(404);
    const metrics = (await app.http('GET', '/metrics', { token: admin })).body;
    expect(sample(metrics, 'danvan_appends_total', { result: 'too_large' })).toBe(1);
    expect(sample(metrics, 'danvan_appends_total', { result: 'ok' })).toBeGreaterThanOrEqual(1);
  });
});
