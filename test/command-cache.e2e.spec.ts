import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { reportStreamId } from '@app/domain';
import { FoldedStreams, SqliteEventStore } from '@app/event-store';
import { startApp, TestApp } from './support/app';

/*
 * Commands keep the folded state of the streams they load (FoldedStreams) and check it against the
 * store on every load. Here another writer, with its own connection to the app's event file (what
 * another API process does), moves a report's stream behind the app's back: the app's next
 * commands decide on the moved stream, never on the fold it kept.
 */
describe('commands on a report another writer moved', () => {
  let app: TestApp;
  let rep: string;

  beforeAll(async () => {
    app = await startApp();
    const admin = await app.token('admin-1', ['admin']);
    rep = await app.token('rep-1', ['reporter:u1']);
    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'u1', name: 'Đồn Biên phòng Ia Lốp', kind: 'border-guard' } })).status).toBe(201);
    expect(
      (await app.http('POST', '/api/indicators', { token: admin, body: { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 } })).status,
    ).toBe(201);
  });
  afterAll(() => app.close());

  it('sees the other writer\'s events: If-Match at the moved revision succeeds, at the kept one answers 412, and the figure it wrote is there', async () => {
    expect((await app.http('POST', '/api/reports', { token: rep, body: { id: 'r1', unitId: 'u1', period: '2021' } })).status).toBe(201);
    const first = await app.http('PUT', '/api/reports/r1/figures', { token: rep, body: { figures: [{ indicator: 'work_days', value: 10 }] } });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(1);
    // Loaded twice through the app: the second load was answered from the kept fold.
    const streams = app.nest.get(FoldedStreams);
    const before = streams.stats();
    expect((await app.http('PUT', '/api/reports/r1/figures', { token: rep, headers: { 'if-match': '"1"' }, body: { figures: [{ indicator: 'work_days', value: 10 }] } })).status).toBe(200);
    expect(streams.stats().hits).toBeGreaterThan(before.hits);

    // Another writer records a figure of its own at revision 2, as another API process would.
    const other = new SqliteEventStore({ file: join(app.config.dataDir, 'events.sqlite') });
    try {
      const [recorded] = (await other.readStream(reportStreamId('r1'))).slice(-1);
      expect(recorded.type).toBe('FigureRecorded.v1');
      await other.append(
        reportStreamId('r1'),
        [{ id: randomUUID(), type: recorded.type, data: { ...recorded.data, value: '777' }, metadata: { ...recorded.metadata, commandId: randomUUID(), actor: 'rep-2' } }],
        1,
      );
    } finally {
      await other.close();
    }

    const stale = await app.http('PUT', '/api/reports/r1/figures', { token: rep, headers: { 'if-match': '"1"' }, body: { figures: [{ indicator: 'work_days', value: 11 }] } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    // Sending the value the other writer recorded changes nothing: the app's state has it.
    const same = await app.http('PUT', '/api/reports/r1/figures', { token: rep, headers: { 'if-match': '"2"' }, body: { figures: [{ indicator: 'work_days', value: 777 }] } });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ revision: 2 });
    const moved = await app.http('PUT', '/api/reports/r1/figures', { token: rep, headers: { 'if-match': '"2"' }, body: { figures: [{ indicator: 'work_days', value: 12 }] } });
    expect(moved.status).toBe(200);
    expect(moved.body.revision).toBe(3);
    const submitted = await app.http('POST', '/api/reports/r1/submit', { token: rep });
    expect(submitted.status).toBe(200);
    expect(submitted.body.revision).toBe(4);
    const view = await app.http('GET', `/api/reports/r1?minPosition=${submitted.body.position}`, { token: rep });
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('submitted');
  });
});
