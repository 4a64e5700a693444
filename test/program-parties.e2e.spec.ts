import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';
import { denials } from './support/metrics';

/**
 * Program parties (issue: a regiment filed under another province's program, and that program's
 * supervisors could approve it) and out-of-scope commands answering 404 like reads, on the demo.
 */
describe.each(READ_MODEL_BACKENDS)('program parties and out-of-scope commands (read models: %s)', (readModels) => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;

  beforeAll(async () => {
    app = await startApp({ readModels, demoData: true });
    t.admin = await app.token('adm', ['admin']);
    t.td66 = await app.token('rep-td66', ['reporter:td66']);
    t.binhphuoc = await app.token('bp-sup', ['supervisor:binhphuoc-bdv']);
    t.daklak = await app.token('dl-sup', ['supervisor:daklak-bcd']);
    t.lak = await app.token('lak-rep', ['reporter:lak-dang-uy-xa']);
    await app.caughtUp();
  }, 180_000);
  afterAll(() => app.close());

  it('refuses a report under a program its unit is not a party to: 422 naming the program and the unit, nothing appended', async () => {
    const before = await head();
    const res = await app.http('POST', '/api/reports', { token: t.td66, body: { id: 'td66-bp-2019', unitId: 'td66', period: '2019', programId: 'binhphuoc-dv-llvt-2019' } });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('unit td66 is not a party to program binhphuoc-dv-llvt-2019');
    expect(res.body.errors).toEqual([{ field: 'unitId', message: 'td66 is not a party to program binhphuoc-dv-llvt-2019 (nor under one)' }]);
    expect(await head()).toBe(before);
    expect((await app.http('GET', '/api/reports/td66-bp-2019', { token: t.admin })).status).toBe(404);
  });

  it('admits a unit under a party (the descendants of a party file too)', async () => {
    // lak-dang-uy-xa sits under lak-bdv, under daklak-bdv, a party to the 2021 program.
    const res = await app.http('POST', '/api/reports', { token: t.lak, body: { id: 'lak-xa-2021', unitId: 'lak-dang-uy-xa', period: '2021', programId: 'daklak-dv-2021' } });
    expect(res.status).toBe(201);
  });

  it('admits a unit once the steering unit adds it as a party; only its managers may add one', async () => {
    const foreign = await app.http('POST', '/api/programs/binhphuoc-dv-llvt-2019/parties', { token: t.daklak, body: { unitId: 'td66' } });
    expect(foreign.status).toBe(403);
    const unknown = await app.http('POST', '/api/programs/binhphuoc-dv-llvt-2019/parties', { token: t.binhphuoc, body: { unitId: 'no-such-unit' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'unitId', message: 'unknown unit' }]);

    const added = await app.http('POST', '/api/programs/binhphuoc-dv-llvt-2019/parties', { token: t.binhphuoc, body: { unitId: 'td66' } });
    expect(added.status).toBe(200);
    const again = await app.http('POST', '/api/programs/binhphuoc-dv-llvt-2019/parties', { token: t.binhphuoc, body: { unitId: 'td66' } });
    expect(again.body.revision).toBe(added.body.revision);
    const program = await app.http('GET', `/api/programs/binhphuoc-dv-llvt-2019?minPosition=${added.body.position}`, { token: t.td66 });
    expect(program.body.parties).toContain('td66');
    const res = await app.http('POST', '/api/reports', { token: t.td66, body: { id: 'td66-bp-2019', unitId: 'td66', period: '2019', programId: 'binhphuoc-dv-llvt-2019' } });
    expect(res.status).toBe(201);
  });

  it('answers 404 to a command on a report outside the caller\'s scope, as to reading it; 403 to one in sight but not theirs', async () => {
    // A td66 report outside any program: Bình Phước's supervisors cannot see it.
    await app.http('POST', '/api/reports', { token: t.td66, body: { id: 'td66-2022-scope', unitId: 'td66', period: '2022' } });
    await app.http('PUT', '/api/reports/td66-2022-scope/figures', { token: t.td66, body: { figures: [{ indicator: 'work_days', value: 12 }] } });
    const submitted = await app.http('POST', '/api/reports/td66-2022-scope/submit', { token: t.td66 });
    expect(submitted.status).toBe(200);
    const before = await head();
    for (const [method, path, body] of [
      ['POST', '/api/reports/td66-2022-scope/approve', {}],
      ['POST', '/api/reports/td66-2022-scope/reject', { reason: 'x' }],
      ['PUT', '/api/reports/td66-2022-scope/figures', { figures: [{ indicator: 'work_days', value: 1 }] }],
      ['POST', '/api/reports/td66-2022-scope/figures/parse', { text: '12 ngày công', locale: 'vi' }],
    ] as const) {
      const res = await app.http(method, path, { token: t.binhphuoc, body });
      expect({ path, status: res.status, detail: res.body.detail }).toEqual({ path, status: 404, detail: 'Report td66-2022-scope does not exist.' });
    }
    expect((await app.http('GET', `/api/reports/td66-2022-scope?minPosition=${submitted.body.position}`, { token: t.binhphuoc })).status).toBe(404);
    expect(await head()).toBe(before);
    // The province's supervisor sees it: a reporter's command is refused with 403, an approval goes through.
    expect((await app.http('PUT', '/api/reports/td66-2022-scope/figures', { token: t.daklak, body: { figures: [{ indicator: 'work_days', value: 1 }] } })).status).toBe(403);
    expect((await app.http('POST', '/api/reports/td66-2022-scope/approve', { token: t.daklak, body: {} })).status).toBe(200);
  });

  it('counts a command hidden as 404 as a denial', async () => {
    const denied = async () => denials((await app.http('GET', '/metrics', { token: t.admin })).body, 'object_access');
    const before = await denied();
    expect((await app.http('POST', '/api/reports/td66-2022-scope/reopen', { token: t.binhphuoc, body: { reason: 'x' } })).status).toBe(404);
    expect(await denied()).toBe(before + 1);
  });
});
