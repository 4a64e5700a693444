import ExcelJS from 'exceljs';
import { csvObjects, parseCsv } from './support/csv';
import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Issue 12 (exports): totals, breakdowns, summaries and the audit trail as CSV (RFC 4180, UTF-8
 * with BOM) or XLSX, by `format` or `Accept`; every page in one streamed answer; the same figures
 * as the JSON answers, exactly.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function raw(app: TestApp, path: string, token: string, accept?: string) {
  const response = await fetch(app.url + path, { headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Every page of a JSON list. */
async function allItems(app: TestApp, path: string, token: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page = await app.http('GET', `${path}${path.includes('?') ? '&' : '?'}limit=7${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** A JSON item as its CSV row: absent fields empty, flags as true/false, everything else as text. */
function asCsvRow(item: Record<string, unknown>, columns: string[]): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c, item[c] === undefined || item[c] === null ? '' : String(item[c])]));
}

describe.each(READ_MODEL_BACKENDS)('exports (read models: %s)', (readModels) => {
  let app: TestApp;
  let auditor: string;
  let head: string;

  beforeAll(async () => {
    app = await startApp({ readModels, demoData: true });
    auditor = await app.token('auditor-1', ['auditor']);
    head = (await app.eventHead()) as string;
    await app.caughtUp(head);
  });
  afterAll(() => app.close());

  it('totals as CSV: a BOM, the JSON field names as header, every page, the same figures', async () => {
    const path = '/api/totals?period=2020';
    const json = await allItems(app, path, auditor);
    expect(json.length).toBeGreaterThan(7); // more than one JSON page: the export reads them all
    const csv = await raw(app, `${path}&format=csv`, auditor);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="totals.csv"');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8').slice(1);
    const header = parseCsv(text)[0];
    expect(header).toEqual(['unitId', 'areaCode', 'period', 'indicator', 'approved', 'qualified', 'proposed', 'proposedQualified', 'units']);
    const rows = csvObjects(text);
    const expected = json.map((item) => ({ ...asCsvRow(item, header), qualified: item.qualified ? 'true' : 'false', proposedQualified: item.proposedQualified ? 'true' : 'false' }));
    expect(rows).toEqual(expected);
    // Accept chooses the same answer.
    const byAccept = await raw(app, path, auditor, 'text/csv');
    expect(byAccept.bytes.equals(csv.bytes)).toBe(true);
  });

  it('Vietnamese headings under lang=vi', async () => {
    const csv = await raw(app, '/api/summaries/2020?format=csv&lang=vi', auditor);
    expect(csv.status).toBe(200);
    const [header] = parseCsv(csv.bytes.toString('utf8').slice(1));
    expect(header).toEqual(['Kỳ', 'Chỉ tiêu', 'Đã duyệt', 'Đã duyệt có số ước lượng', 'Đề xuất', 'Đề xuất có số ước lượng', 'Số đơn vị']);
  });

  it('a summary as CSV holds its indicators exactly as the JSON answer', async () => {
    const json = await app.http('GET', '/api/summaries/2020', { token: auditor });
    const csv = await raw(app, '/api/summaries/2020&format=csv'.replace('&', '?'), auditor);
    const rows = csvObjects(csv.bytes.toString('utf8').slice(1));
    expect(rows.map((r) => [r.indicator, r.approved, r.proposed, r.units])).toEqual(
      (json.body.indicators as Record<string, unknown>[]).map((i) => [i.indicator, i.approved ?? '', i.proposed ?? '', String(i.units)]),
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('a breakdown as CSV: every row, then the total row', async () => {
    const path = '/api/totals/breakdown?period=2020&indicator=houses_supported&by=area&areaCode=tinh-dak-lak';
    const first = await app.http('GET', path, { token: auditor });
    expect(first.status).toBe(200);
    const json = await allItems(app, path, auditor);
    const rows = csvObjects((await raw(app, `${path}&format=csv`, auditor)).bytes.toString('utf8').slice(1));
    expect(rows.slice(0, -1).map((r) => [r.key, r.name, r.approved, r.proposed])).toEqual(json.map((i) => [i.key, i.name, i.approved ?? '', i.proposed ?? '']));
    expect(rows[rows.length - 1]).toMatchObject({ key: '', name: 'Total', approved: first.body.total.approved ?? '', proposed: first.body.total.proposed ?? '' });
  });

  it('totals as XLSX (by Accept): numeric cells with a grouped number format, Vietnamese text intact', async () => {
    const path = '/api/totals?unitId=daklak-bcd&period=2020';
    const json = await allItems(app, path, auditor);
    const xlsx = await raw(app, `${path}&lang=vi`, auditor, XLSX);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('totals')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Đơn vị', 'Địa bàn', 'Kỳ', 'Chỉ tiêu', 'Đã duyệt', 'Đã duyệt có số ước lượng', 'Đề xuất', 'Đề xuất có số ước lượng', 'Số đơn vị']);
    expect(sheet.rowCount).toBe(json.length + 1);
    json.forEach((item, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(item.unitId);
      expect(row.getCell(4).value).toBe(item.indicator);
      const approved = row.getCell(5);
      expect(String(approved.value)).toBe(item.approved);
      expect(typeof approved.value).toBe('number');
      expect(approved.numFmt).toBe(String(item.approved).includes('.') ? `#,##0.${'0'.repeat(String(item.approved).split('.')[1].length)}` : '#,##0');
    });
    const money = json.findIndex((i) => i.indicator === 'support_value_vnd');
    expect(sheet.getRow(money + 2).getCell(5).value).toBe(15_300_000_000);
  });

  it('refuses an unknown format with 400 naming the field, and keeps scope: a reporter exports only their unit', async () => {
    const bad = await app.http('GET', '/api/totals?format=pdf', { token: auditor });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
    const reporter = await app.token('rep-1', ['reporter:daklak-bcd']);
    const rows = csvObjects((await raw(app, '/api/totals?format=csv', reporter)).bytes.toString('utf8').slice(1));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.unitId))).toEqual(new Set(['daklak-bcd']));
    expect((await raw(app, '/api/audit?format=csv', reporter)).status).toBe(403);
  });

  it("a report as CSV or XLSX: its working figures in the columns figures/import reads (indicator, areaCode, value, qualifier, note, activityRef, partners), exactly the JSON's", async () => {
    const report = await app.http('GET', `/api/reports/daklak-bcd-2020?minPosition=${head}`, { token: auditor });
    const csv = await raw(app, '/api/reports/daklak-bcd-2020?format=csv', auditor);
    expect([csv.status, csv.headers.get('content-disposition'), csv.headers.get('etag')]).toEqual([200, 'attachment; filename="report-daklak-bcd-2020.csv"', null]);
    // The spec says so: the report's ETag comes with its JSON answer only (a client checking the
    // spec's required headers found it missing on the file once), while a route without exports keeps it required.
    expect(report.headers.get('etag')).toBe(`"${report.body.revision}"`);
    const spec = (await app.http('GET', '/docs-json')).body;
    expect(spec.paths['/api/reports/{id}'].get.responses['200'].headers.ETag).toMatchObject({ required: false, description: expect.stringContaining('JSON answers only') });
    expect(spec.paths['/api/reports/{id}/submit'].post.responses['200'].headers.ETag).toMatchObject({ required: true });
    const text = csv.bytes.toString('utf8').slice(1);
    expect(parseCsv(text)[0]).toEqual(['indicator', 'areaCode', 'value', 'qualifier', 'note', 'activityRef', 'partners']);
    const columns = ['indicator', 'areaCode', 'value', 'qualifier', 'note', 'activityRef', 'partners'];
    expect(csvObjects(text)).toEqual(report.body.figures.map((f: Record<string, unknown>) => asCsvRow(f, columns)));
    expect(csvObjects(text).find((r) => r.indicator === 'support_value_vnd')).toEqual({ indicator: 'support_value_vnd', areaCode: '', value: '15300000000', qualifier: 'over', note: 'Seed 000: sơ kết năm 2020', activityRef: '', partners: '' });
    const xlsx = await raw(app, '/api/reports/daklak-bcd-2020', auditor, XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets[0].rowCount).toBe(report.body.figures.length + 1);
    // Out of scope is 404 in every format, as it is in JSON.
    const other = await app.token('rep-2', ['reporter:td66']);
    expect((await raw(app, '/api/reports/daklak-bcd-2020?format=csv', other)).status).toBe(404);
  });

  it("the audit export carries each figure change's note and the note it replaced", async () => {
    const rows = csvObjects((await raw(app, '/api/audit?reportId=daklak-bcd-2020&format=csv', auditor)).bytes.toString('utf8').slice(1));
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['oldNote', 'note']));
    expect(rows.find((r) => r.indicator === 'houses_supported' && r.action === 'figure_recorded')).toMatchObject({ note: 'Seed 000: sơ kết năm 2020', oldNote: '' });
  });

  it('an explanation as CSV: a row per side of every contribution of every page, each with its events, then the two totals', async () => {
    const query = 'unitId=lak-bdv&includeDescendants=true&period=2023&indicator=mobilization_sessions';
    const pages: Record<string, any>[] = [];
    let cursor: string | null = null;
    do {
      const page = await app.http('GET', `/api/totals/explain?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: auditor });
      expect(page.status).toBe(200);
      pages.push(page.body);
      cursor = page.body.nextCursor;
    } while (cursor);
    const items = pages.flatMap((p) => p.items as Record<string, any>[]);
    expect(items.length).toBeGreaterThan(1);
    const csv = await raw(app, `/api/totals/explain?${query}&format=csv`, auditor);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="explain-lak-bdv-2023-mobilization_sessions.csv"');
    const rows = csvObjects(csv.bytes.toString('utf8').slice(1));
    const side = (name: string, item: Record<string, any>) => {
      const s = item[name];
      return {
        side: name, reportId: item.reportId, unitId: item.unitId, period: item.period, indicator: 'mobilization_sessions', areaCode: item.areaCode ?? '',
        value: s.value, qualifier: s.qualifier ?? '', wins: s.wins ? 'true' : 'false',
        eventType: s.event?.type ?? '', eventId: s.event?.eventId ?? '', position: s.event?.position ?? '', recordedAt: s.event?.recordedAt ?? '',
        occurredAt: s.event?.occurredAt ?? '', actor: s.event?.actor ?? '', reason: s.event?.reason ?? '',
        decidedByType: s.decidedBy?.type ?? '', decidedByEventId: s.decidedBy?.eventId ?? '', decidedByPosition: s.decidedBy?.position ?? '',
        decidedAt: s.decidedBy?.occurredAt ?? s.decidedBy?.recordedAt ?? '', decidedByActor: s.decidedBy?.actor ?? '', comment: s.decidedBy?.comment ?? '',
      };
    };
    const first = pages[0];
    const total = (name: 'approved' | 'proposed') => expect.objectContaining({ side: name, reportId: '', unitId: 'lak-bdv', value: first[name] ?? '', eventType: '' });
    expect(rows).toEqual([
      ...items.flatMap((item) => ['approved', 'proposed'].filter((n) => item[n]).map((n) => side(n, item))),
      total('approved'),
      total('proposed'),
    ]);
    expect(rows.some((r) => r.side === 'approved' && r.decidedByType === 'ReportApproved.v1')).toBe(true);

    const xlsx = await raw(app, `/api/totals/explain?${query}&format=xlsx&lang=vi`, auditor);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('Loại tổng');
    expect(sheet.rowCount).toBe(rows.length + 1);
    expect(String(sheet.getRow(rows.length + 1).getCell(7).value)).toBe(String(first.proposed));
  });
});

describe('a 50,000-row audit export', () => {
  let app: TestApp;
  const INDICATORS = 200;
  const REPORTS = 50;
  const ROUNDS = 5;

  beforeAll(async () => {
    app = await startApp();
    const admin = await app.token('admin-1', ['admin']);
    const reporter = await app.token('rep-1', ['reporter:u1']);
    expect((await app.http('POST', '/api/units', { token: admin, body: { id: 'u1', name: 'Đồn Biên phòng Ia Lốp', kind: 'border-guard' } })).status).toBe(201);
    for (let i = 0; i < INDICATORS; i += 1) {
      const created = await app.http('POST', '/api/indicators', { token: admin, body: { code: `ind_${i}`, name: `chỉ tiêu ${i}`, unit: 'lượt', aggregation: 'sum', scale: 0 } });
      expect(created.status).toBe(201);
    }
    let position = '';
    // Monthly reports (2020-01, 2020-02, ...), each with 200 figures recorded and then corrected 4 times.
    for (let r = 0; r < REPORTS; r += 1) {
      const period = `${2020 + Math.floor(r / 12)}-${String((r % 12) + 1).padStart(2, '0')}`;
      expect((await app.http('POST', '/api/reports', { token: reporter, body: { id: `r${r}`, unitId: 'u1', period } })).status).toBe(201);
      for (let round = 1; round <= ROUNDS; round += 1) {
        const figures = Array.from({ length: INDICATORS }, (_, i) => ({ indicator: `ind_${i}`, value: round * 1000 + i }));
        const put = await app.http('PUT', `/api/reports/r${r}/figures`, { token: reporter, body: { figures } });
        expect(put.status).toBe(200);
        position = put.body.position;
      }
    }
    // The projector may be well behind after 50,000 events: one minPosition wait lasts 5 s and then
    // answers 503, so wait as many of them as it takes (the hook's timeout is the hang guard).
    const auditor = await app.token('auditor-1', ['auditor']);
    let fresh = await app.http('GET', `/api/audit?limit=1&minPosition=${position}`, { token: auditor });
    while (fresh.status === 503) fresh = await app.http('GET', `/api/audit?limit=1&minPosition=${position}`, { token: auditor });
    expect(fresh.status).toBe(200);
  }, 900_000);
  afterAll(() => app.close());

  it('streams every entry in log order, in one answer', async () => {
    const auditor = await app.token('auditor-1', ['auditor']);
    const response = await fetch(`${app.url}/api/audit?unitId=u1&format=csv`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.status).toBe(200);
    // Streamed: no Content-Length, the body arrives in chunks.
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks += 1;
      text += decoder.decode(chunk, { stream: true });
    }
    expect(chunks).toBeGreaterThan(10);
    const rows = csvObjects(text.slice(1));
    // Per report: its creation, 200 recorded figures, then 4 rounds of 200 corrections.
    expect(rows).toHaveLength(REPORTS * (1 + INDICATORS * ROUNDS));
    expect(rows.length).toBeGreaterThanOrEqual(50_000);
    expect(rows.filter((r) => r.action === 'created')).toHaveLength(REPORTS);
    expect(rows.filter((r) => r.action === 'figure_recorded')).toHaveLength(REPORTS * INDICATORS);
    expect(rows.filter((r) => r.action === 'figure_corrected')).toHaveLength(REPORTS * INDICATORS * (ROUNDS - 1));
    const positions = rows.map((r) => r.position);
    expect([...positions].sort()).toEqual(positions);
    const last = rows[rows.length - 1];
    expect(last).toMatchObject({ reportId: `r${REPORTS - 1}`, indicator: `ind_${INDICATORS - 1}`, oldValue: String((ROUNDS - 1) * 1000 + INDICATORS - 1), newValue: String(ROUNDS * 1000 + INDICATORS - 1) });
  }, 300_000);
});
