import fc from 'fast-check';
import { parseNarrative, readVietnameseNumber } from './narrative-parse';
import { CATALOGUE, SEED_PHRASES } from '../testing/narrative-seed-phrases';

describe('parseNarrative: phrases from the seeds', () => {
  it('has at least 30 phrases from all five seeds', () => {
    expect(SEED_PHRASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SEED_PHRASES.map((p) => p.seed))).toEqual(new Set(['000', '001', '002', '003', '004']));
  });

  it.each(SEED_PHRASES.map((p) => [p.seed, p.phrase, p] as const))('seed %s: %s', (_, phrase, { figures, unmatched = [], ignored }) => {
    const result = parseNarrative(phrase, CATALOGUE);
    expect(result.figures.map((f) => [f.indicator, f.value, f.qualifier, ...(f.of ? [f.of] : [])])).toEqual(
      figures.map(([indicator, value, qualifier = null, of]) => [indicator, value, qualifier ?? null, ...(of ? [of] : [])]),
    );
    expect(result.unmatched.map((u) => u.value)).toEqual(unmatched);
    if (ignored) expect(result.ignored.map((i) => i.text)).toEqual(ignored);
    for (const item of [...result.figures, ...result.unmatched]) {
      expect(result.text.slice(item.span.start, item.span.end)).toBe(item.text);
    }
  });
});

describe('parseNarrative: what a suggestion says', () => {
  it('names its span, the words it matched, and the qualifier', () => {
    const text = 'thăm hỏi, tặng gần 4.400 suất quà cho gia đình khó khăn';
    const { figures } = parseNarrative(text, CATALOGUE);
    expect(figures).toEqual([
      { indicator: 'gift_packages', value: '4400', qualifier: 'nearly', text: 'gần 4.400 suất quà', span: { start: 15, end: 33 }, matchedWords: ['suất', 'quà'] },
    ]);
  });

  it('says why a number is unmatched and which indicators came close', () => {
    const { unmatched } = parseNarrative('phân công 73 cán bộ, đảng viên', CATALOGUE);
    expect(unmatched).toEqual([
      { text: '73 cán bộ', span: { start: 10, end: 19 }, value: '73', qualifier: null, reason: 'only "cán", "bộ" of "cán bộ đào tạo" found around "cán bộ"', candidates: ['cadres_trained'] },
    ]);
  });

  it('reads table rows with the label first or last', () => {
    const row = parseNarrative('Trung đoàn 66 | 8.100 ngày công | hơn 110 km đường giao thông nông thôn | 2 tỷ 631 triệu đồng tổng trị giá', CATALOGUE);
    expect(row.figures.map((f) => [f.indicator, f.value, f.qualifier])).toEqual([
      ['work_days', '8100', null],
      ['rural_road_km', '110', 'over'],
      ['support_value_vnd', '2631000000', null],
    ]);
    expect(parseNarrative('Ngày công | 8.100', CATALOGUE).figures.map((f) => [f.indicator, f.value])).toEqual([['work_days', '8100']]);
    expect(parseNarrative('Số buổi phát động quần chúng: 1.050', CATALOGUE).figures.map((f) => [f.indicator, f.value])).toEqual([['mobilization_sessions', '1050']]);
  });

  it('knows every qualifier the seeds use', () => {
    const q = (text: string) => parseNarrative(text, CATALOGUE).figures.map((f) => f.qualifier);
    expect(q('khoảng 5.000 buổi phát động quần chúng')).toEqual(['about']);
    expect(q('gần 4.400 suất quà')).toEqual(['nearly']);
    expect(q('hơn 540 nhà ở hỗ trợ xây dựng')).toEqual(['over']);
    expect(q('trên 8.000 ngày công')).toEqual(['over']);
    expect(q('ít nhất 200 suất quà')).toEqual(['at_least']);
    expect(q('200 suất quà')).toEqual([null]);
  });

  it('refuses to suggest a value the indicator cannot hold, saying why', () => {
    const { figures, unmatched } = parseNarrative('hơn 4.200,5 con giống', CATALOGUE);
    expect(figures).toEqual([]);
    expect(unmatched).toEqual([expect.objectContaining({ value: '4200.5', reason: expect.stringContaining('livestock_given') })]);
  });

  it('matches an indicator by the catalogue given, not a fixed list', () => {
    const catalogue = [...CATALOGUE, { code: 'masks_given', name: 'khẩu trang y tế', unit: 'masks', scale: 0 }];
    expect(parseNarrative('9.500 khẩu trang y tế', catalogue).figures.map((f) => [f.indicator, f.value])).toEqual([['masks_given', '9500']]);
    expect(parseNarrative('9.500 khẩu trang y tế', CATALOGUE).figures).toEqual([]);
  });

  it('normalizes the text to NFC first, so spans index the normalized text', () => {
    const decomposed = 'ga\u0306\u0300n 4.400 suất quà'.replace('ga\u0306\u0300n', 'g\u00e2\u0300n');
    const result = parseNarrative(decomposed, CATALOGUE);
    expect(result.text).toBe(decomposed.normalize('NFC'));
    expect(result.figures[0]).toMatchObject({ qualifier: 'nearly', value: '4400' });
  });
});

describe('parseNarrative: a month or a quarter of a year is a date, not a ratio', () => {
  it('reads "tháng 12/2021" as December 2021, and the houses after it as the figure', () => {
    const result = parseNarrative('từ tháng 6/2021 đến tháng 12/2021 hỗ trợ xây dựng 12 nhà ở', CATALOGUE);
    expect(result.ignored.map((i) => [i.text, i.reason])).toEqual([['6/2021', 'a date'], ['12/2021', 'a date']]);
    expect(result.figures.map((f) => [f.indicator, f.value, f.of])).toEqual([['houses_supported', '12', undefined]]);
  });

  it('reads "Tháng 10/2020" and "quý 3/2022" as dates, and still 83/109 as a ratio', () => {
    expect(parseNarrative('Tháng 10/2020, mưa lũ làm ngập, di dời 359 hộ dân', CATALOGUE)).toMatchObject({
      figures: [{ indicator: 'households_relocated', value: '359' }], unmatched: [], ignored: [{ text: '10/2020', reason: 'a date' }],
    });
    const quarter = parseNarrative('trong quý 3/2022, tổ chức phát động quần chúng tại 83/109 thôn, buôn', CATALOGUE);
    expect(quarter.ignored.map((i) => [i.text, i.reason])).toEqual([['3/2022', 'a date']]);
    expect(quarter.figures.map((f) => [f.indicator, f.value, f.of])).toEqual([['villages_reached', '83', '109']]);
  });
});

describe('parseNarrative: m² and m2 are one unit', () => {
  it.each(['bê tông hóa 870 m2 sân trường', 'bê tông hóa 870 m² sân trường'])('%s: 870 square metres of concrete', (phrase) =>
    expect(parseNarrative(phrase, CATALOGUE).figures.map((f) => [f.indicator, f.value, f.matchedWords])).toEqual([['concrete_m2', '870', ['m2', 'bê', 'tông', 'sân', 'trường']]]));
});

describe('parseNarrative: a bulleted line starts its clause', () => {
  it.each([
    ['- Tổ chức 45 buổi phát động quần chúng', 'mobilization_sessions', '45'],
    ['+ Tặng 200 suất quà cho gia đình khó khăn', 'gift_packages', '200'],
    ['– Đóng góp 1.200 ngày công', 'work_days', '1200'],
    ['* Tổ chức 45 buổi phát động quần chúng', 'mobilization_sessions', '45'],
  ])('%s: the capital after the bullet opens the line, it names nothing', (phrase, indicator, value) => {
    const result = parseNarrative(phrase, CATALOGUE);
    expect(result.figures.map((f) => [f.indicator, f.value])).toEqual([[indicator, value]]);
    expect(result.ignored).toEqual([]);
  });

  it('a name after the first word of a bulleted line is still a name', () =>
    expect(parseNarrative('- Phối hợp với Trung đoàn 66 tặng 200 suất quà', CATALOGUE).ignored.map((i) => i.text)).toEqual(['66']));
});

describe('readVietnameseNumber', () => {
  it.each([
    ['416.000', '416000'],
    ['5.000', '5000'],
    ['15,3', '15.3'],
    ['36,24', '36.24'],
    ['04', '4'],
    ['1.234.567,50', '1234567.5'],
    ['0', '0'],
    ['005', '5'],
    ['1,05', '1.05'],
    ['2,500', '2.5'],
    ['0,50', '0.5'],
    ['12.345.678', '12345678'],
  ])('%s → %s', (token, value) => {
    expect(readVietnameseNumber(token)).toBe(value);
  });

  it.each(['36.24', '0262.859.9699', '1.23', '1,2,3', '1.2345', '1234.567', '12.34.567'])('%s is not Vietnamese notation', (token) => {
    expect(readVietnameseNumber(token)).toBeNull();
  });

  it('property: any integer written with dot groups reads back as itself, never a smaller magnitude', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), (n) => {
        const grouped = n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
        expect(readVietnameseNumber(grouped)).toBe(n.toString());
        const { figures } = parseNarrative(`${grouped} ngày công`, CATALOGUE);
        if (n >= 1900n && n <= 2100n) return; // a bare year
        expect(figures.map((f) => f.value)).toEqual([n.toString()]);
      }),
    );
  });
});

describe('parseNarrative on any text', () => {
  const vietnamese = fc.constantFrom(...'0123456789 .,;:/%|\t\nhơn gần khoảng trên ít nhất tỷ triệu nghìn đồng km m2 tấn buổi lượt người ngày công Trung đoàn Ban số năm 2021 19/1 83/109'.split(/(?=[ ,.;:/%|\t\n])/));
  it('never throws, and every span it names is the text it quotes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(vietnamese, { maxLength: 60 }).map((parts) => parts.join(''))), (text) => {
        const result = parseNarrative(text, CATALOGUE);
        for (const item of [...result.figures, ...result.unmatched, ...result.ignored]) {
          expect(result.text.slice(item.span.start, item.span.end)).toBe(item.text);
        }
        for (const f of result.figures) expect(f.value).toMatch(/^\d+(\.\d+)?$/);
      }),
      { numRuns: 500 },
    );
  });
});
