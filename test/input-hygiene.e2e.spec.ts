import { startApp, TestApp } from './support/app';

/**
 * Issue 11 (text and tokens): control characters, lone surrogates and invalid UTF-8 are refused
 * with 400 naming the field; text is NFC-normalized on input; JSON numbers keep the digits that
 * were written; minPosition and cursor read canonically. A refusal appends nothing.
 */
describe('input hygiene over HTTP', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;

  /** Sends exact bytes: fetch would re-encode a JS string as well-formed UTF-8. */
  async function putBytes(path: string, bytes: Buffer) {
    const res = await fetch(app.url + path, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.rep}` }, body: bytes });
    return { status: res.status, body: (await res.json()) as { errors: unknown[] } };
  }

  beforeAll(async () => {
    app = await startApp();
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    expect((await app.http('POST', '/api/units', { token: t.admin, body: { id: 'u1', name: 'Đồn Biên phòng', kind: 'border-guard' } })).status).toBe(201);
    for (const indicator of [
      { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 },
      { code: 'support_value_vnd', name: 'tổng trị giá', unit: 'VND', aggregation: 'sum', scale: 0 },
      { code: 'rural_road_km', name: 'km đường', unit: 'km', aggregation: 'sum', scale: 6 },
    ]) expect((await app.http('POST', '/api/indicators', { token: t.admin, body: indicator })).status).toBe(201);
    expect((await app.http('POST', '/api/reports', { token: t.rep, body: { id: 'r1', unitId: 'u1', period: '2021' } })).status).toBe(201);
  });
  afterAll(() => app.close());

  describe('text', () => {
    it.each([
      ['a NUL in a note', 'PUT', '/api/reports/r1/figures', '{"figures":[{"indicator":"work_days","value":1,"note":"a\\u0000b"}]}', 'figures[0].note', 'U+0000'],
      ['an escape sequence in a reason', 'PUT', '/api/reports/r1/figures', '{"figures":[{"indicator":"work_days","value":1}],"reason":"\\u001b[2J"}', 'reason', 'U+001B'],
      ['a lone high surrogate in a note', 'PUT', '/api/reports/r1/figures', '{"figures":[{"indicator":"work_days","value":1,"note":"x\\ud800"}]}', 'figures[0].note', 'lone surrogate'],
      ['a lone low surrogate in a unit name', 'POST', '/api/units', '{"id":"u9","name":"Trung \\udc00 đoàn","kind":"regiment"}', 'name', 'lone surrogate'],
      ['a tab in a unit name (single-line)', 'POST', '/api/units', '{"id":"u9","name":"Trung\\tđoàn","kind":"regiment"}', 'name', 'U+0009'],
      ['a line feed in an indicator name', 'POST', '/api/indicators', '{"code":"x_y","name":"a\\nb","unit":"x","aggregation":"sum","scale":0}', 'name', 'U+000A'],
    ])('400 for %s, naming the field; nothing appended', async (_, method, path, raw, field, named) => {
      const before = await head();
      const res = await app.http(method, path, { token: method === 'PUT' ? t.rep : t.admin, raw });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field, message: expect.stringContaining(named) }]);
      expect(await head()).toBe(before);
    });

    it('400 for invalid UTF-8 bytes, naming the field that holds them; nothing appended', async () => {
      const before = await head();
      const body = Buffer.concat([Buffer.from('{"figures":[{"indicator":"work_days","value":1},{"indicator":"rural_road_km","value":2,"note":"Ia L'), Buffer.from([0xc3, 0x28]), Buffer.from('p"}]}')]);
      const res = await putBytes('/api/reports/r1/figures', body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'figures[1].note', message: 'is not valid UTF-8' }]);
      const overlong = await putBytes('/api/reports/r1/figures', Buffer.concat([Buffer.from('{"figures":[{"indicator":"work_days","value":1}],"reason":"'), Buffer.from([0xc0, 0xae]), Buffer.from('"}')]));
      expect(overlong.body.errors).toEqual([{ field: 'reason', message: 'is not valid UTF-8' }]);
      expect(await head()).toBe(before);
    });

    it('400 for a control character in a query parameter', async () => {
      const res = await app.http('GET', '/api/areas?q=ia%00lop', { token: t.admin });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'q', message: expect.stringContaining('U+0000') }]);
    });

    it('keeps tab and line feed in notes, and stores every text NFC-normalized', async () => {
      const decomposed = "Đồn Biên phòng Ia R've\u0302"; // ê as e + combining circumflex
      const unit = await app.http('POST', '/api/units', { token: t.admin, body: { id: 'u2', name: decomposed, kind: 'border-guard' } });
      expect(unit.status).toBe(201);
      const figures = await app.http('PUT', '/api/reports/r1/figures', {
        token: t.rep,
        body: { figures: [{ indicator: 'work_days', value: 3, note: 'Hội nghị\n\tsơ ke\u0302\u0301t' }] },
      });
      expect(figures.status).toBe(200);
      const read = await app.http('GET', `/api/units/u2?minPosition=${figures.body.position}`, { token: t.admin });
      expect(read.body.name).toBe("Đồn Biên phòng Ia R'vê");
      expect(read.body.name).toBe(read.body.name.normalize('NFC'));
      const report = await app.http('GET', '/api/reports/r1', { token: t.rep });
      expect(report.body.figures).toEqual([{ indicator: 'work_days', areaCode: null, value: '3', note: 'Hội nghị\n\tsơ kết' }]);
    });
  });

  describe('JSON numbers keep what was written', () => {
    it.each([
      ['416.000 as a JSON number on a count', '{"figures":[{"indicator":"work_days","value":416.000}]}', 'send 416000'],
      ['1.0 on a count', '{"figures":[{"indicator":"work_days","value":1.0}]}', 'has 1 decimal place'],
      ['a literal no double can hold, on six places', '{"figures":[{"indicator":"rural_road_km","value":0.1000000000000000000001}]}', '22 decimal places'],
    ])('400 for %s', async (_, raw, hint) => {
      const before = await head();
      const res = await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, raw });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'figures[0].value', message: expect.stringContaining(hint) }]);
      expect(await head()).toBe(before);
    });

    it('records a 20-digit JSON integer and an 18-digit decimal exactly, where a double would round them', async () => {
      expect(Number('12345678901234567890').toString()).not.toBe('12345678901234567890');
      const res = await app.http('PUT', '/api/reports/r1/figures', {
        token: t.rep,
        raw: '{"figures":[{"indicator":"support_value_vnd","value":12345678901234567890},{"indicator":"rural_road_km","value":123456789012.123456}]}',
      });
      expect(res.status).toBe(200);
      const report = await app.http('GET', `/api/reports/r1?minPosition=${res.body.position}`, { token: t.rep });
      expect(report.body.figures).toEqual(expect.arrayContaining([
        { indicator: 'support_value_vnd', areaCode: null, value: '12345678901234567890', note: null },
        { indicator: 'rural_road_km', areaCode: null, value: '123456789012.123456', note: null },
      ]));
    });

    // A kept literal is a number still: only decimal fields take it as text.
    it.each([
      ['0.0 as an indicator name', 'POST', '/api/indicators', '{"code":"x_y","name":0.0,"unit":"x","aggregation":"sum","scale":0}', 'name', 'must be a string'],
      ['1.10 as a unit name', 'POST', '/api/units', '{"id":"u9","name":1.10,"kind":"regiment"}', 'name', 'must be a string'],
      ['12345678901234567890 as a note', 'PUT', '/api/reports/r1/figures', '{"figures":[{"indicator":"work_days","value":1,"note":12345678901234567890}]}', 'figures[0].note', 'must be a string'],
      ['2.0 as a scale', 'POST', '/api/indicators', '{"code":"x_z","name":"x","unit":"x","aggregation":"sum","scale":2.0}', 'scale', 'must be an integer'],
    ])('400 for %s, as for any number where text is expected; nothing appended', async (_, method, path, raw, field, named) => {
      const before = await head();
      const res = await app.http(method, path, { token: method === 'PUT' ? t.rep : t.admin, raw });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ field, message: expect.stringContaining(named) });
      expect(await head()).toBe(before);
    });

    it('an import row takes a kept literal as its value (every digit) and refuses it as its note', async () => {
      const before = await head();
      const res = await app.http('POST', '/api/reports/r1/figures/import', { token: t.rep, raw: '{"rows":[{"indicator":"rural_road_km","value":2.50,"note":1.10}]}' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'rows[0].note', message: 'must be a string' }]);
      expect(await head()).toBe(before);
      const ok = await app.http('POST', '/api/reports/r1/figures/import', { token: t.rep, raw: '{"rows":[{"indicator":"support_value_vnd","value":12345678901234567891}]}' });
      expect(ok.status).toBe(200);
      const report = await app.http('GET', `/api/reports/r1?minPosition=${ok.body.position}`, { token: t.rep });
      expect(report.body.figures).toContainEqual(expect.objectContaining({ indicator: 'support_value_vnd', value: '12345678901234567891' }));
    });
  });

  describe('opaque tokens read canonically', () => {
    it('minPosition of any number of zeros is position zero and answers at once; a position without its leading zeros is the same position', async () => {
      const written = await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, body: { figures: [{ indicator: 'work_days', value: 5 }] } });
      const position = written.body.position as string;
      for (const minPosition of ['0'.repeat(16), '0'.repeat(17), '0'.repeat(40), position, position.replace(/^0+/, ''), position.toUpperCase(), `0000${position}`]) {
        const res = await app.http('GET', `/api/reports/r1?minPosition=${minPosition}`, { token: t.rep });
        expect([minPosition, res.status]).toEqual([minPosition, 200]);
      }
      const after = await app.http('GET', `/api/reports/r1?minPosition=${position.replace(/^0+/, '')}`, { token: t.rep });
      expect(after.body.figures).toContainEqual(expect.objectContaining({ indicator: 'work_days', value: '5' }));
    });

    it.each(['xyz', '-1', 'f'.repeat(33), '0x10'])('400 for minPosition=%s', async (minPosition) => {
      const res = await app.http('GET', `/api/reports/r1?minPosition=${minPosition}`, { token: t.rep });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'minPosition', message: expect.any(String) }]);
    });

    it('400 for a cursor spelled otherwise than the API wrote it', async () => {
      const page = await app.http('GET', '/api/audit?limit=1', { token: t.admin });
      const cursor = page.body.nextCursor as string;
      expect((await app.http('GET', `/api/audit?limit=1&cursor=${cursor}`, { token: t.admin })).status).toBe(200);
      for (const other of [`${cursor}=`, `${cursor}%20`, `${cursor}!`]) {
        const res = await app.http('GET', `/api/audit?limit=1&cursor=${other}`, { token: t.admin });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
    });
  });
});
