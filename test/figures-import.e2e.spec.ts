import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { DEMO_2020_FIGURES } from '../apps/api/src/demo/demo-catalogue';
import { csvObjects } from './support/csv';
import { READ_MODEL_BACKENDS, startApp, TestApp } from './support/app';

/**
 * Issue 12 (import of a data value set): POST /api/reports/{id}/figures/import takes JSON rows, or
 * the report export's own CSV and XLSX files; a report's exports re-import to identical figures;
 * every bad row is listed by line and nothing is recorded; a dry run records nothing; the whole
 * set is one command (one append), under If-Match and Idempotency-Key like PUT figures.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const MiB = 1024 * 1024;

/**
 * A small XLSX whose parts inflate far past their size (a zip bomb): a header row and one figure
 * whose note (in the shared strings, or inline in the sheet) is `noteMiB` of one letter, and
 * optionally a formula cell of `formulaMiB` (in the sheet). Deflate packs each MiB into about 1 KB.
 */
async function inflatingWorkbook(options: { sharedStrings: boolean; noteMiB: number; formulaMiB?: number }): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: options.sharedStrings, useStyles: false, zip: { zlib: { level: 9 } } });
  const sheet = workbook.addWorksheet('figures');
  sheet.addRow(['indicator', 'value', 'note']).commit();
  const row: ExcelJS.CellValue[] = ['work_days', 1, 'A'.repeat(options.noteMiB * MiB)];
  if (options.formulaMiB) row.push({ formula: `"${'B'.repeat(options.formulaMiB * MiB)}"` } as ExcelJS.CellFormulaValue);
  sheet.addRow(row).commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

type Figure = { indicator: string; areaCode: string | null; value: string; qualifier: string | null; note: string | null; activityRef?: string | null; partners?: string[] | null };

describe.each(READ_MODEL_BACKENDS)('figures import (read models: %s)', (readModels) => {
  let app: TestApp;
  let reporter: string;
  let auditor: string;
  let events: EventStore;

  async function fileOf(path: string, token: string) {
    const response = await fetch(app.url + path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  async function upload(reportId: string, body: Buffer | string, type: string, query = '', headers: Record<string, string> = {}) {
    const response = await fetch(`${app.url}/api/reports/${reportId}/figures/import${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporter}`, 'content-type': type, ...headers },
      body,
    });
    return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
  }

  async function createReport(id: string, period: string) {
    const created = await app.http('POST', '/api/reports', { token: reporter, body: { id, unitId: 'daklak-bcd', period } });
    expect(created.status).toBe(201);
  }

  async function figuresOf(id: string, position?: string): Promise<Figure[]> {
    const report = await app.http('GET', `/api/reports/${id}${position ? `?minPosition=${position}` : ''}`, { token: auditor });
    expect(report.status).toBe(200);
    return (report.body.figures as Figure[])
      .map(({ indicator, areaCode, value, qualifier, note, activityRef, partners }) => ({ indicator, areaCode, value, qualifier: qualifier ?? null, note, activityRef: activityRef ?? null, partners: partners ?? null }))
      .sort((a, b) => `${a.indicator}@${a.areaCode}`.localeCompare(`${b.indicator}@${b.areaCode}`));
  }

  const source = 'import-src-2011';

  beforeAll(async () => {
    app = await startApp({ readModels, demoData: true });
    reporter = await app.token('rep-bcd', ['reporter:daklak-bcd']);
    auditor = await app.token('aud', ['auditor']);
    events = app.nest.get(EVENT_STORE);
    // The source: the seed's 2020 figures, plus figures whose text a spreadsheet would mangle.
    await createReport(source, '2011');
    const figures = [
      ...DEMO_2020_FIGURES.map((f) => ({ ...f, note: 'Seed 000: sơ kết năm 2020' })),
      { indicator: 'poverty_rate_pct', value: '36.24', note: '=1+1, "trích" báo cáo\ndòng hai' },
      { indicator: 'villages_reached', value: '83', areaCode: 'xa-ia-lop', note: '-83/109 thôn, buôn', qualifier: 'about' },
      { indicator: 'rural_road_km', value: '12.5', areaCode: 'xa-ia-rve' },
      { indicator: 'support_value_vnd', value: '123456789012345678901', areaCode: 'xa-ia-rve', note: '@Ia R\'vê' },
      // Joint work with two other units: the activity and its partners go out and come back.
      { indicator: 'mobilization_sessions', value: '3', areaCode: 'xa-ia-lop', activityRef: 'ia-lop-2011-chung', partners: ['doan737', 'daklak-bdbp'] },
    ];
    const put = await app.http('PUT', `/api/reports/${source}/figures`, { token: reporter, body: { figures } });
    expect(put.status).toBe(200);
    await app.http('GET', `/api/reports/${source}?minPosition=${put.body.position}`, { token: auditor });
  });
  afterAll(() => app.close());

  it('the CSV export of a report re-imports to identical figures, in one append', async () => {
    const csv = await fileOf(`/api/reports/${source}?format=csv`, auditor);
    await createReport('import-csv-2012', '2012');
    const imported = await upload('import-csv-2012', csv, 'text/csv');
    expect(imported.status).toBe(200);
    expect(imported.headers.get('etag')).toBe(`"${imported.body.revision}"`);
    const expected = await figuresOf(source);
    expect(imported.body).toMatchObject({ id: 'import-csv-2012', dryRun: false, valid: true, errors: [] });
    expect(imported.body.rows).toHaveLength(expected.length);
    expect(imported.body.rows.every((r: { result: string }) => r.result === 'added')).toBe(true);
    // CSV lines: the header is line 1; the note with a line break makes its record two lines long.
    expect(imported.body.rows[0].line).toBe(2);
    expect(await figuresOf('import-csv-2012', imported.body.position)).toEqual(expected);

    // One command, one append: every figure event of the import carries the same command id and sits in one revision run.
    const stream = await events.readStream('report-import-csv-2012');
    const recorded = stream.filter((e) => e.type === 'FigureRecorded.v1');
    expect(recorded).toHaveLength(expected.length);
    expect(new Set(recorded.map((e) => e.metadata.commandId)).size).toBe(1);
    expect(recorded[recorded.length - 1].revision - recorded[0].revision).toBe(expected.length - 1);

    // And the re-imported report exports to the same file (the same rows, in the same order).
    const again = await fileOf(`/api/reports/import-csv-2012?format=csv`, auditor);
    expect(csvObjects(again.toString('utf8').slice(1))).toEqual(csvObjects(csv.toString('utf8').slice(1)));
  });

  it('the XLSX export (Vietnamese headings) re-imports to identical figures, numbers read from numeric cells', async () => {
    const xlsx = await fileOf(`/api/reports/${source}?format=xlsx&lang=vi`, auditor);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('Chỉ tiêu');
    // The cells the import reads are the export's own: a number where a double holds the value, text where it does not.
    const values = new Map<string, unknown>();
    sheet.eachRow((row, n) => n > 1 && values.set(`${row.getCell(1).value}@${row.getCell(2).value ?? ''}`, row.getCell(3).value));
    expect(values.get('rural_road_km@xa-ia-rve')).toBe(12.5);
    expect(values.get('support_value_vnd@xa-ia-rve')).toBe('123456789012345678901');

    await createReport('import-xlsx-2013', '2013');
    const imported = await upload('import-xlsx-2013', xlsx, XLSX);
    expect(imported.status).toBe(200);
    expect(imported.body.rows[0].line).toBe(2);
    expect(await figuresOf('import-xlsx-2013', imported.body.position)).toEqual(await figuresOf(source));
  });

  it('importing the same file again changes nothing; a changed file records only the rows that differ', async () => {
    const csv = (await fileOf(`/api/reports/${source}?format=csv`, auditor)).toString('utf8');
    const before = await events.readStream('report-import-csv-2012');
    const same = await upload('import-csv-2012', csv, 'text/csv; charset=utf-8');
    expect(same.status).toBe(200);
    expect(same.body.rows.every((r: { result: string }) => r.result === 'unchanged')).toBe(true);
    expect(await events.readStream('report-import-csv-2012')).toHaveLength(before.length);

    const edited = csv.replace('work_days,,8100,over', 'work_days,,8200,over');
    expect(edited).not.toBe(csv);
    const changed = await upload('import-csv-2012', edited, 'text/csv');
    expect(changed.status).toBe(200);
    expect(changed.body.rows.filter((r: { result: string }) => r.result !== 'unchanged')).toEqual([
      { line: expect.any(Number), indicator: 'work_days', areaCode: null, result: 'changed', errors: [] },
    ]);
  });

  it('bad rows: 400 listing every one by line (unknown references too, beside malformed rows, as PUT answers 400 first), nothing recorded; a dry run answers the same per row and records nothing', async () => {
    await createReport('import-bad-2014', '2014');
    const csv = [
      '\uFEFFindicator,areaCode,value,qualifier,note',
      'work_days,,722,,',
      'mobilization_participants,,416.000,over,"viết kiểu Việt Nam"',
      'no_such_indicator,,5,,',
      'gift_packages,xa-khong-co,10,,',
      'rural_road_km,,12.555,,',
      'work_days,,1,,',
      'houses_supported,,5,maybe,',
      'cadres_trained,,,,',
      '',
    ].join('\r\n');
    const before = await events.readStream('report-import-bad-2014');

    const refused = await upload('import-bad-2014', csv, 'text/csv');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toContain('lines 3, 4, 5, 6, 7, 8, 9');
    const fields = (refused.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(['line 3.value', 'line 4.indicator', 'line 5.areaCode', 'line 6.value', 'line 7', 'line 8.qualifier', 'line 9.value']);
    expect(refused.body.errors[0].message).toMatch(/416000/);
    expect(await events.readStream('report-import-bad-2014')).toHaveLength(before.length);

    const dry = await upload('import-bad-2014', csv, 'text/csv', '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, valid: false, revision: before[before.length - 1].revision, errors: [] });
    expect(dry.body.rows.map((r: { line: number; result: string }) => [r.line, r.result])).toEqual([
      [2, 'added'], [3, 'invalid'], [4, 'invalid'], [5, 'invalid'], [6, 'invalid'], [7, 'invalid'], [8, 'invalid'], [9, 'invalid'],
    ]);
    expect(dry.body.rows[2].errors).toEqual([{ field: 'line 4.indicator', message: 'unknown indicator no_such_indicator' }]);
    expect(await events.readStream('report-import-bad-2014')).toHaveLength(before.length);

    // A clean dry run: valid, what each row would do, still nothing recorded.
    const clean = await upload('import-bad-2014', 'indicator,value\r\nwork_days,722\r\n', 'text/csv', '?dryRun=true');
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ dryRun: true, valid: true, rows: [{ line: 2, indicator: 'work_days', areaCode: null, result: 'added', errors: [] }] });
    expect(await events.readStream('report-import-bad-2014')).toHaveLength(before.length);
  });

  it('rows that only name unknown references answer 422 as PUT figures does, each named by line or rows[i]; nothing recorded', async () => {
    await createReport('import-ref-2019', '2019');
    const before = await events.readStream('report-import-ref-2019');
    const figures = [{ indicator: 'work_days', value: '5' }, { indicator: 'no_such_indicator', value: '5' }, { indicator: 'gift_packages', areaCode: 'xa-khong-co', value: '10' }];
    const put = await app.http('PUT', '/api/reports/import-ref-2019/figures', { token: reporter, body: { figures } });
    expect(put.status).toBe(422);
    const csv = ['indicator,areaCode,value', ...figures.map((f) => `${f.indicator},${f.areaCode ?? ''},${f.value}`), ''].join('\r\n');
    const file = await upload('import-ref-2019', csv, 'text/csv');
    const json = await app.http('POST', '/api/reports/import-ref-2019/figures/import', { token: reporter, body: { rows: figures } });
    for (const imported of [file, json]) {
      expect(imported.status).toBe(422);
      expect(imported.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect({ type: imported.body.type, title: imported.body.title }).toEqual({ type: put.body.type, title: put.body.title });
      expect(imported.body.errors.map((e: { message: string }) => e.message)).toEqual(put.body.errors.map((e: { message: string }) => e.message));
    }
    expect(put.body.errors.map((e: { field: string }) => e.field)).toEqual(['figures[1].indicator', 'figures[2].areaCode']);
    expect(file.body.errors.map((e: { field: string }) => e.field)).toEqual(['line 3.indicator', 'line 4.areaCode']);
    expect(file.body.detail).toContain('lines 3, 4');
    expect(json.body.errors.map((e: { field: string }) => e.field)).toEqual(['rows[1].indicator', 'rows[2].areaCode']);
    expect(await events.readStream('report-import-ref-2019')).toEqual(before);
  });

  it('JSON rows: one command under If-Match and Idempotency-Key, as PUT figures', async () => {
    await createReport('import-json-2015', '2015');
    const body = { rows: [{ indicator: 'work_days', value: 722 }, { indicator: 'rural_road_km', value: '12.5', areaCode: 'xa-ia-lop', qualifier: 'about', note: 'đường bê tông' }] };
    const stale = await app.http('POST', '/api/reports/import-json-2015/figures/import', { token: reporter, body, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);

    const headers = { 'idempotency-key': 'import-json-2015-once', 'if-match': '"0"' };
    const first = await app.http('POST', '/api/reports/import-json-2015/figures/import', { token: reporter, body, headers });
    expect(first.status).toBe(200);
    expect(first.body.rows.map((r: { line: number; result: string }) => [r.line, r.result])).toEqual([[1, 'added'], [2, 'added']]);
    const replay = await app.http('POST', '/api/reports/import-json-2015/figures/import', { token: reporter, body, headers: { 'idempotency-key': 'import-json-2015-once' } });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await events.readStream('report-import-json-2015')).toHaveLength(3);
    const other = await app.http('POST', '/api/reports/import-json-2015/figures/import', { token: reporter, body: { rows: [body.rows[0]] }, headers: { 'idempotency-key': 'import-json-2015-once' } });
    expect(other.status).toBe(422);
    expect(await figuresOf('import-json-2015', first.body.position)).toEqual([
      { indicator: 'rural_road_km', areaCode: 'xa-ia-lop', value: '12.5', qualifier: 'about', note: 'đường bê tông', activityRef: null, partners: null },
      { indicator: 'work_days', areaCode: null, value: '722', qualifier: null, note: null, activityRef: null, partners: null },
    ]);

    const bad = await app.http('POST', '/api/reports/import-json-2015/figures/import', {
      token: reporter, body: { rows: [{ indicator: 'work_days', value: -1 }, { indicator: 'work_days', value: 5, extra: 1 }, 'x'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['rows[0].value', 'rows[1].extra', 'rows[2]']);
  });

  it('a submitted report needs a reason, as PUT figures; an approved one refuses (409), and a dry run says why', async () => {
    const csv = 'indicator,value\r\nwork_days,10\r\n';
    await createReport('import-flow-2016', '2016');
    expect((await upload('import-flow-2016', csv, 'text/csv')).status).toBe(200);
    expect((await app.http('POST', '/api/reports/import-flow-2016/submit', { token: reporter })).status).toBe(200);
    const supervisor = await app.token('sup-bcd', ['supervisor:daklak-bcd']);
    expect((await app.http('POST', '/api/reports/import-flow-2016/reject', { token: supervisor, body: { reason: 'Thiếu số liệu' } })).status).toBe(200);
    const noReason = await upload('import-flow-2016', 'indicator,value\r\nwork_days,11\r\n', 'text/csv');
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const withReason = await upload('import-flow-2016', 'indicator,value\r\nwork_days,11\r\n', 'text/csv', `?reason=${encodeURIComponent('Bổ sung số liệu')}`);
    expect(withReason.status).toBe(200);
    expect((await app.http('POST', '/api/reports/import-flow-2016/submit', { token: reporter })).status).toBe(200);
    expect((await app.http('POST', '/api/reports/import-flow-2016/approve', { token: supervisor, body: {} })).status).toBe(200);

    const closed = await upload('import-flow-2016', csv, 'text/csv', '?reason=x');
    expect(closed.status).toBe(409);
    const dry = await upload('import-flow-2016', csv, 'text/csv', '?dryRun=true&reason=x');
    expect(dry.status).toBe(200);
    expect(dry.body.valid).toBe(false);
    expect(dry.body.errors).toEqual([{ field: 'report', message: 'figures of a approved report cannot change' }]);
  });

  it('files that cannot be read: 400 naming the line; other media types 415', async () => {
    const unknownColumn = await upload(source, 'indicator,value,colour\r\nwork_days,1,red\r\n', 'text/csv');
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.errors[0].field).toBe('line 1.3');
    const unclosed = await upload(source, 'indicator,value,note\r\nwork_days,1,"open\r\n', 'text/csv');
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.errors[0].field).toBe('line 2');
    const latin1 = await upload(source, Buffer.from('indicator,value,note\r\nwork_days,1,ghi ch\xfa\r\n', 'latin1'), 'text/csv');
    expect(latin1.status).toBe(400);
    expect(latin1.body.errors[0].field).toBe('line 2');
    const notXlsx = await upload(source, Buffer.from('not a zip'), XLSX);
    expect(notXlsx.status).toBe(400);
    const text = await upload(source, 'work_days 1', 'text/plain');
    expect(text.status).toBe(415);
    // A file on any other route is still refused.
    const elsewhere = await fetch(`${app.url}/api/reports/${source}/figures`, { method: 'PUT', headers: { authorization: `Bearer ${reporter}`, 'content-type': 'text/csv' }, body: 'indicator,value\r\n' });
    expect(elsewhere.status).toBe(415);
  });

  it('an XLSX that inflates past the caps (shared strings, a worksheet, or its parts together) is refused 413 naming the body; nothing recorded', async () => {
    await createReport('import-bomb-2017', '2017');
    const before = await events.readStream('report-import-bomb-2017');
    const bombs = [
      { file: await inflatingWorkbook({ sharedStrings: true, noteMiB: 24 }), message: /more than 8 MiB in xl\/sharedStrings\.xml/ },
      { file: await inflatingWorkbook({ sharedStrings: false, noteMiB: 24 }), message: /more than 8 MiB in xl\/worksheets\/sheet1\.xml/ },
      { file: await inflatingWorkbook({ sharedStrings: true, noteMiB: 7, formulaMiB: 7 }), message: /more than 12 MiB in the parts the import reads/ },
    ];
    for (const { file, message } of bombs) {
      expect(file.length).toBeLessThan(MiB);
      for (const query of ['', '?dryRun=true']) {
        const refused = await upload('import-bomb-2017', file, XLSX, query);
        expect(refused.status).toBe(413);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(refused.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(message) }]);
      }
    }
    expect(await events.readStream('report-import-bomb-2017')).toEqual(before);
    // Under the caps, the same kind of file is read as usual (here: its row is refused for its too long note).
    const small = await upload('import-bomb-2017', await inflatingWorkbook({ sharedStrings: true, noteMiB: 1 }), XLSX);
    expect(small.status).toBe(400);
    expect(small.body.errors).toEqual([{ field: 'line 2.note', message: 'is longer than 1000 characters' }]);
  });

  it('access is checked before the body is read: a caller who may not import gets 403 (404 out of scope) for a garbage or inflating body; nothing recorded', async () => {
    await createReport('import-auth-2018', '2018');
    const before = await events.readStream('report-import-auth-2018');
    const supervisor = await app.token('sup-bcd', ['supervisor:daklak-bcd']);
    const outsider = await app.token('rep-td66', ['reporter:td66']);
    const bomb = await inflatingWorkbook({ sharedStrings: true, noteMiB: 24 });
    const bodies: [Buffer | string, string][] = [[Buffer.from('PK\x03\x04 not a workbook'), XLSX], [bomb, XLSX], ['indicator,value\r\n"unclosed', 'text/csv']];
    for (const [body, type] of bodies) {
      for (const [token, status] of [[auditor, 403], [supervisor, 403], [outsider, 404]] as const) {
        const response = await fetch(`${app.url}/api/reports/import-auth-2018/figures/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      }
    }
    // The reporter, for the same bodies, gets the body's own answers: the access checks passed and the body was read.
    expect((await upload('import-auth-2018', bodies[0][0], XLSX)).status).toBe(400);
    expect((await upload('import-auth-2018', bomb, XLSX)).status).toBe(413);
    expect((await upload('import-auth-2018', bodies[2][0], 'text/csv')).status).toBe(400);
    expect(await events.readStream('report-import-auth-2018')).toEqual(before);
  });

  it('the spec describes JSON, CSV and XLSX bodies and the per-row answer', async () => {
    const spec = (await app.http('GET', '/docs-json')).body;
    const op = spec.paths['/api/reports/{id}/figures/import'].post;
    expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/json', XLSX, 'text/csv'].sort());
    expect(op.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ImportFiguresDto' });
    expect(spec.components.schemas.ImportFiguresDto.properties.rows.maxItems).toBe(500);
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'dryRun', 'reason', 'Idempotency-Key', 'If-Match']));
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ImportAnswerDto' });
    expect(op.responses['415'].description).toMatch(/text\/csv/);
    expect(op.summary).toContain('422 as PUT figures');
    expect(op.responses['413'].description).toMatch(/8 MiB each or 12 MiB together/);
  });
});
