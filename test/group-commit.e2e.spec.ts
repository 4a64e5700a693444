import { reportStreamId } from '@app/domain';
import { EVENT_STORE, SqliteEventStore } from '@app/event-store';
import { startApp, TestApp } from './support/app';

/*
 * Group commit through the whole stack: real HTTP, the real command handlers and the embedded
 * store with group commit on (the default), its groups committed on the writer thread (the
 * default) and on the request thread (EVENT_WRITER_THREAD=main). In each trial ten requests set
 * the figures of the same report expecting its revision 0 (If-Match "0"), while five other
 * reports get their figures set in the same moment: exactly one of the ten wins, and the five
 * never fail because of it.
 */
describe.each(['worker', 'main'] as const)('group commit over HTTP: racing commands on one report (commits on the %s thread)', (writer) => {
  // 250 by default, to keep every `npm test` short on a shared 2-core machine; the 1,000
  // with GROUP_COMMIT_E2E_TRIALS=1000 (the store-level spec always runs 1,000).
  const TRIALS = Number(process.env.GROUP_COMMIT_E2E_TRIALS ?? 250);
  let app: TestApp;
  let rep: string;
  let admin: string;

  beforeAll(async () => {
    if (!(Number.isSafeInteger(TRIALS) && TRIALS >= 1)) throw new Error(`GROUP_COMMIT_E2E_TRIALS must be a positive integer, got ${process.env.GROUP_COMMIT_E2E_TRIALS}`);
    app = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000', EVENT_WRITER_THREAD: writer } });
    admin = await app.token('admin-1', ['admin']);
    rep = await app.token('rep-1', ['reporter:u1']);
    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'u1', name: 'Đồn Biên phòng Ia Lốp', kind: 'border-guard' } })).status).toBe(201);
    expect(
      (await app.http('POST', '/api/indicators', { token: admin, body: { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 } }))
        .status,
    ).toBe(201);
  });

  afterAll(() => app.close());

  it(`${TRIALS} trials of 10 concurrent conflicting figure commands: exactly one winner each, bystanders in the same groups all succeed`, async () => {
    expect(app.config.eventWriterThread).toBe(writer);
    const store = app.nest.get<SqliteEventStore>(EVENT_STORE);
    const bystanders = Array.from({ length: 5 }, (_, k) => ({ id: `by-${k}`, revision: 0 }));
    for (const [k, by] of bystanders.entries()) {
      expect((await app.http('POST', '/api/reports', { token: rep, body: { id: by.id, unitId: 'u1', period: `${2095 + k}` } })).status).toBe(201);
    }
    const before = store.groupCommitStats();
    const winners: number[] = [];

    for (let trial = 0; trial < TRIALS; trial += 1) {
      const id = `race-${trial}`;
      // Distinct months of distinct years, so that no two reports of the unit overlap.
      const period = `${2010 + Math.floor(trial / 12)}-${String((trial % 12) + 1).padStart(2, '0')}`;
      expect((await app.http('POST', '/api/reports', { token: rep, body: { id, unitId: 'u1', period } })).status).toBe(201);

      const racers = Array.from({ length: 10 }, (_, i) =>
        app.http('PUT', `/api/reports/${id}/figures`, { token: rep, headers: { 'if-match': '"0"' }, body: { figures: [{ indicator: 'work_days', value: 100 + i }] } }),
      );
      const others = bystanders.map((by) =>
        app.http('PUT', `/api/reports/${by.id}/figures`, {
          token: rep,
          headers: { 'if-match': `"${by.revision}"` },
          body: { figures: [{ indicator: 'work_days', value: trial }] },
        }),
      );
      const [raced, done] = await Promise.all([Promise.all(racers), Promise.all(others)]);

      const statuses = raced.map((res) => res.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409 || status === 412)).toHaveLength(9);
      expect(done.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
      for (const [k, res] of done.entries()) bystanders[k].revision = res.body.revision as number;
      winners.push(statuses.indexOf(200));
    }

    // The winner's figure, and only it, is in each report's stream.
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const stream = await store.readStream(reportStreamId(`race-${trial}`));
      expect(stream.map((event) => event.type)).toEqual(['ReportCreated.v1', 'FigureRecorded.v1']);
      expect(stream[1].data).toMatchObject({ value: String(100 + winners[trial]) });
    }
    for (const by of bystanders) expect(await store.readStream(reportStreamId(by.id))).toHaveLength(1 + TRIALS);
    // The requests really were committed in groups, not one by one.
    const after = store.groupCommitStats();
    expect(after.largestGroup).toBeGreaterThan(1);
    expect(after.appends - before.appends).toBeGreaterThan(after.commits - before.commits);
  }, 600_000);
});
