import { EsdbWireDouble } from '../libs/event-store/src/testing/esdb-wire-double';
import { startApp, TestApp } from './support/app';

/*
 * The whole API on the EventStoreDB adapter: the real @eventstore/db-client over real gRPC against
 * the wire-level test double (no EventStoreDB can run here), read models on SQLite, the projector
 * in-process on the client's catch-up subscription.
 */
describe('the API on EventStoreDB (the wire-level test double)', () => {
  let double: EsdbWireDouble;
  let app: TestApp | null = null;

  beforeEach(async () => {
    double = await EsdbWireDouble.start({ systemEventAfterEachAppend: true });
  });

  afterEach(async () => {
    await app?.close();
    app = null;
    await double.stop();
  });

  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('runs a report from creation to approval, and the projection follows over the subscription', async () => {
    app = await startApp({ env: { EVENTSTORE_CONNECTION_STRING: double.connectionString } });
    const admin = await app.token('admin-1', ['admin']);
    const rep = await app.token('rep-1', ['reporter:u1']);
    const sup = await app.token('sup-1', ['supervisor:u1']);
    await until('the event store answers', async () => (await app!.http('GET', '/health')).status === 200);

    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'u1', name: 'Đồn Biên phòng Ia Lốp', kind: 'border-guard' } })).status).toBe(201);
    expect(
      (await app.http('POST', '/api/indicators', { token: admin, body: { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 } })).status,
    ).toBe(201);
    expect((await app.http('POST', '/api/reports', { token: rep, body: { id: 'r1', unitId: 'u1', period: '2021' } })).status).toBe(201);
    expect((await app.http('PUT', '/api/reports/r1/figures', { token: rep, body: { figures: [{ indicator: 'work_days', value: 722 }] } })).status).toBe(200);
    expect((await app.http('POST', '/api/reports/r1/submit', { token: rep })).status).toBe(200);
    const approved = await app.http('POST', '/api/reports/r1/approve', { token: sup, body: { comment: 'Đạt' } });
    expect(approved.status).toBe(200);
    expect(approved.body.position).toMatch(/^[0-9a-f]{32}$/);

    const totals = await app.http('GET', `/api/totals?unitId=u1&period=2021&indicator=work_days&minPosition=${approved.body.position}`, { token: sup });
    expect(totals.status).toBe(200);
    expect(totals.body.items).toEqual([expect.objectContaining({ unitId: 'u1', period: '2021', indicator: 'work_days', approved: '722', proposed: '722' })]);
    const health = await app.http('GET', '/health');
    expect(health.body).toMatchObject({ ready: true, projection: { head: approved.body.position, lag: 0 } });

    // The chain hashes are the embedded store's: on EventStoreDB the verify route says so, plainly.
    const verify = await app.http('GET', '/api/audit/verify', { token: await app.token('auditor-1', ['auditor']) });
    expect(verify.status).toBe(501);
    expect(verify.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(verify.body.detail).toContain('EventStoreDB');
  });

  it('given EventStoreDB down at boot, then the API starts, answers not-ready, and loads the demo once the store answers', async () => {
    await double.stopListening();

    app = await startApp({ demoData: true, env: { EVENTSTORE_CONNECTION_STRING: double.connectionString } });

    const health = await app.http('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ready: false });
    const ready = await app.http('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.reasons).toContain('event store unavailable');
    await double.listenAgain();
    await until('ready', async () => (await app!.http('GET', '/health')).status === 200);
    await until('/health/ready', async () => (await app!.http('GET', '/health/ready')).status === 200);
    const admin = await app.token('admin-1', ['admin']);
    await until('the demo report is projected', async () => (await app!.http('GET', '/api/reports/daklak-bcd-2020', { token: admin })).status === 200, 120_000);
  }, 180_000);
});
