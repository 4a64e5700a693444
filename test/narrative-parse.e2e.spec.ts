import { CATALOGUE, SEED_PHRASES } from '../libs/domain/src/testing/narrative-seed-phrases';
import { startApp, TestApp } from './support/app';

/**
 * Issue 11 (narrative input): POST /api/reports/{id}/figures/parse reads Vietnamese text into
 * draft figures matched to the catalogue, for the reporter of the report's unit, and records
 * nothing; the client sends the figures it accepts with the normal PUT.
 */
describe('parsing figures from Vietnamese text over HTTP', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const head = async () => (await app.eventHead()) as string;
  const parse = (text: string, token = t.rep, report = 'r1') =>
    app.http('POST', `/api/reports/${report}/figures/parse`, { token, body: { text, locale: 'vi' } });

  beforeAll(async () => {
    app = await startApp();
    t.admin = await app.token('admin-1', ['admin']);
    t.rep = await app.token('rep-1', ['reporter:u1']);
    t.rep2 = await app.token('rep-2', ['reporter:u2']);
    t.sup = await app.token('sup-1', ['supervisor:u1']);
    for (const unit of [{ id: 'u1', name: 'Bộ Chỉ huy Quân sự tỉnh', kind: 'military-command' }, { id: 'u2', name: 'Trung đoàn 66', kind: 'regiment' }]) {
      expect((await app.http('POST', '/api/units', { token: t.admin, body: unit })).status).toBe(201);
    }
    for (const { code, name, unit, scale } of CATALOGUE) {
      const aggregation = ['poverty_rate_pct', 'villages_reached'].includes(code) ? 'latest' : 'sum';
      expect((await app.http('POST', '/api/indicators', { token: t.admin, body: { code, name, unit, aggregation, scale } })).status).toBe(201);
    }
    const created = await app.http('POST', '/api/reports', { token: t.rep, body: { id: 'r1', unitId: 'u1', period: '2020' } });
    expect(created.status).toBe(201);
    // The catalogue is read from the read models: wait until they hold it.
    expect((await app.http('GET', `/api/indicators?minPosition=${created.body.position}`, { token: t.rep })).body.items).toHaveLength(CATALOGUE.length);
  });
  afterAll(() => app.close());

  it('reads every phrase of the seed table into the expected figures, appending nothing', async () => {
    const before = await head();
    for (const { seed, phrase, figures, unmatched = [] } of SEED_PHRASES) {
      const res = await parse(phrase);
      expect([seed, phrase, res.status]).toEqual([seed, phrase, 200]);
      expect([phrase, res.body.figures.map((f: { indicator: string; value: string; qualifier: string | null; of?: string }) => [f.indicator, f.value, f.qualifier, ...(f.of ? [f.of] : [])])]).toEqual([
        phrase,
        figures.map(([indicator, value, qualifier = null, of]) => [indicator, value, qualifier ?? null, ...(of ? [of] : [])]),
      ]);
      expect([phrase, res.body.unmatched.map((u: { value: string }) => u.value)]).toEqual([phrase, unmatched]);
    }
    expect(SEED_PHRASES.length).toBeGreaterThanOrEqual(30);
    expect(await head()).toBe(before);
  });

  it('answers the issue examples with spans, indicators and qualifiers', async () => {
    const text = 'hỗ trợ xây dựng hơn 540 nhà ở cho gia đình khó khăn với tổng trị giá hơn 15,3 tỷ đồng; tặng gần 4.400 suất quà';
    const at = (part: string) => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length });
    const res = await parse(text);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.figures).toEqual([
      { indicator: 'houses_supported', value: '540', qualifier: 'over', text: 'hơn 540 nhà ở', span: at('hơn 540 nhà ở'), matchedWords: ['nhà', 'ở', 'hỗ', 'trợ', 'xây', 'dựng'] },
      { indicator: 'support_value_vnd', value: '15300000000', qualifier: 'over', text: 'hơn 15,3 tỷ đồng', span: at('hơn 15,3 tỷ đồng'), matchedWords: ['tổng', 'trị', 'giá'] },
      { indicator: 'gift_packages', value: '4400', qualifier: 'nearly', text: 'gần 4.400 suất quà', span: at('gần 4.400 suất quà'), matchedWords: ['suất', 'quà'] },
    ]);
    const money = await parse('vận động được hơn 2 tỷ 631 triệu đồng');
    expect(money.body.unmatched).toEqual([expect.objectContaining({ value: '2631000000', qualifier: 'over', text: 'hơn 2 tỷ 631 triệu đồng', candidates: ['support_value_vnd'] })]);
  });

  it('lets the client send the figures it accepts with the normal PUT, exactly as suggested', async () => {
    const suggested = await parse('Tổ chức hơn 5.000 buổi phát động quần chúng với hơn 416.000 lượt người tham gia;\n8.100 ngày công\t| hơn 110 km đường giao thông nông thôn');
    expect(suggested.body.figures.map((f: { indicator: string }) => f.indicator)).toEqual(['mobilization_sessions', 'mobilization_participants', 'work_days', 'rural_road_km']);
    const figures = suggested.body.figures.map((f: { indicator: string; value: string }) => ({ indicator: f.indicator, value: f.value }));
    const put = await app.http('PUT', '/api/reports/r1/figures', { token: t.rep, body: { figures } });
    expect(put.status).toBe(200);
    const report = await app.http('GET', `/api/reports/r1?minPosition=${put.body.position}`, { token: t.rep });
    expect(report.body.figures.map((f: { indicator: string; value: string }) => [f.indicator, f.value])).toEqual([
      ['mobilization_participants', '416000'],
      ['mobilization_sessions', '5000'],
      ['rural_road_km', '110'],
      ['work_days', '8100'],
    ]);
  });

  it('is for the reporter of the unit only, like setting figures (404 to whoever may not read the report)', async () => {
    expect((await parse('8.100 ngày công', t.rep2)).status).toBe(404);
    expect((await parse('8.100 ngày công', t.sup)).status).toBe(403);
    expect((await parse('8.100 ngày công', t.admin)).status).toBe(403);
    expect((await app.http('POST', '/api/reports/r1/figures/parse', { body: { text: '8.100 ngày công', locale: 'vi' } })).status).toBe(401);
    expect((await parse('8.100 ngày công', t.rep, 'no-such-report')).status).toBe(404);
  });

  it.each([
    ['another locale', { text: '8,100 work days', locale: 'en' }, 'locale'],
    ['no locale', { text: '8.100 ngày công' }, 'locale'],
    ['no text', { locale: 'vi' }, 'text'],
    ['an empty text', { text: '', locale: 'vi' }, 'text'],
    ['a text over 5,000 characters', { text: '8.100 ngày công; '.repeat(300), locale: 'vi' }, 'text'],
    ['a NUL in the text', { text: '8.100\u0000 ngày công', locale: 'vi' }, 'text'],
    ['an unknown field', { text: '8.100 ngày công', locale: 'vi', record: true }, 'record'],
  ])('400 for %s, naming the field', async (_, body, field) => {
    const res = await app.http('POST', '/api/reports/r1/figures/parse', { token: t.rep, body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});
