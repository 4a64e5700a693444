import { CatalogueEntry, parseNarrative } from './narrative-parse';
import { CATALOGUE, Expected } from '../testing/narrative-seed-phrases';

/**
 * Report phrases as a Vietnamese reader reads them, beyond the seeds: every figure, every number
 * left unmatched with the reason the person confirming the drafts is shown, and every number
 * that is no figure with its reason, each word for word.
 */
const NAME_OR_CODE = 'part of a name or code';
const PROPER_NAME = 'part of a proper name ("Trung đoàn 66", "Công ty Xây dựng 470")';
const NOT_NOTATION = 'not a number in Vietnamese notation (a dot groups thousands in threes, a comma marks decimals)';
const NOTHING_AFTER = 'no indicator in the catalogue matches nothing after the number';

const READER_PHRASES: { phrase: string; figures: Expected[]; unmatched?: [value: string, reason: string][]; ignored?: [text: string, reason: string][] }[] = [
  // Numbers that are no figure.
  { phrase: 'triển khai Chỉ thị 05-CT/TU của Ban Thường vụ Tỉnh ủy', figures: [], ignored: [['05', NAME_OR_CODE]] },
  { phrase: 'theo Quyết định 125/QĐ-UBND, tặng 200 suất quà', figures: [['gift_packages', '200']], ignored: [['125', NAME_OR_CODE]] },
  { phrase: 'làm nhiệm vụ tại 75 chốt kiểm dịch bệnh Covid-19', figures: [['quarantine_points', '75']], ignored: [['19', NAME_OR_CODE]] },
  { phrase: 'tại P.5, thành phố Đà Lạt', figures: [], ignored: [['5', NAME_OR_CODE]] },
  { phrase: 'nhân dịp 30/4 tặng 200 suất quà', figures: [['gift_packages', '200']], ignored: [['30/4', 'a date']] },
  { phrase: 'ký ngày 26/10/2019, tặng 200 suất quà', figures: [['gift_packages', '200']], ignored: [['26/10/2019', 'a date']] },
  { phrase: 'Sáng 19/1, trao 200 suất quà', figures: [['gift_packages', '200']], ignored: [['19/1', 'a date']] },
  { phrase: 'họp lúc 7:30, trao 200 suất quà', figures: [['gift_packages', '200']], ignored: [['7', 'a time of day'], ['30', 'a time of day']] },
  { phrase: 'Kỷ niệm 75 năm Ngày truyền thống (1945 - 2020)', figures: [], unmatched: [['75', 'no indicator in the catalogue matches "năm ngày truyền thống"']], ignored: [['1945', 'a year'], ['2020', 'a year']] },
  { phrase: 'năm 1900 và năm 2100', figures: [], ignored: [['1900', 'a year'], ['2100', 'a year']] },
  { phrase: 'hơn 1899 lượt người tham gia', figures: [['mobilization_participants', '1899', 'over']] },
  { phrase: 'hơn 2101 lượt người tham gia', figures: [['mobilization_participants', '2101', 'over']] },
  { phrase: '1. Kết quả thực hiện\n2. Công tác phối hợp', figures: [], ignored: [['1', 'a list marker'], ['2', 'a list marker']] },
  { phrase: 'Ngày công tham gia: 8.100. Kết quả tốt', figures: [['work_days', '8100']] },
  { phrase: 'trong đó Trung đoàn 66 đóng góp 1.200 ngày công', figures: [['work_days', '1200']], ignored: [['66', PROPER_NAME]] },
  { phrase: 'và Trung đoàn  66 phụ trách', figures: [], ignored: [['66', PROPER_NAME]] },
  { phrase: 'Huyện Lắk đã tổ chức 45 buổi phát động quần chúng', figures: [['mobilization_sessions', '45']] },
  { phrase: 'theo kế hoạch số  12 của Ban', figures: [], ignored: [['12', 'a number (số), not a figure']] },
  { phrase: 'mã hồ sơ HS_2021', figures: [], ignored: [['2021', NAME_OR_CODE]] },
  { phrase: 'Hội nghị tổ chức 1/10/2019 tại Đà Lạt', figures: [], ignored: [['1/10/2019', 'a date']] },
  { phrase: 'Đợt 1: tổ chức 45 buổi phát động quần chúng', figures: [['mobilization_sessions', '45']], unmatched: [['1', NOTHING_AFTER]] },
  { phrase: 'Số buổi phát động quần chúng:1.050', figures: [['mobilization_sessions', '1050']] },
  { phrase: 'Ngày công|8.100', figures: [['work_days', '8100']] },
  { phrase: 'Suất quà | 200 | Ngày công | 8.100', figures: [['gift_packages', '200'], ['work_days', '8100']] },
  { phrase: 'theo kế hoạch số 12 của Ban', figures: [], ignored: [['12', 'a number (số), not a figure']] },
  { phrase: 'lớp bồi dưỡng khóa 3 cho cán bộ', figures: [], ignored: [['3', 'a number (khóa), not a figure']] },
  { phrase: 'lớp bồi dưỡng khoá 2 cho cán bộ', figures: [], ignored: [['2', 'a number (khoá), not a figure']] },
  { phrase: 'Đại hội lần thứ 13 của Đảng', figures: [], ignored: [['13', 'a number (thứ), not a figure']] },
  { phrase: 'số điện thoại 0262.859.9699', figures: [], ignored: [['0262.859.9699', NOT_NOTATION]] },
  { phrase: 'tăng 1.5 lần so với cùng kỳ', figures: [], ignored: [['1.5', NOT_NOTATION]] },
  // Magnitudes and units.
  { phrase: 'hỗ trợ 1 tỷ 500 triệu 250 nghìn đồng tổng trị giá', figures: [['support_value_vnd', '1500250000']] },
  { phrase: 'hỗ trợ 0,5 tỷ đồng tổng trị giá', figures: [['support_value_vnd', '500000000']] },
  { phrase: 'hỗ trợ 0,05 tỷ đồng tổng trị giá', figures: [['support_value_vnd', '50000000']] },
  { phrase: 'tổng trị giá 1,25 triệu đồng', figures: [['support_value_vnd', '1250000']] },
  { phrase: 'tổng trị giá 2 tỉ đồng', figures: [['support_value_vnd', '2000000000']] },
  { phrase: 'tặng 300 ngàn đồng tổng trị giá', figures: [['support_value_vnd', '300000']] },
  { phrase: 'tổng trị giá 500.000 đ', figures: [['support_value_vnd', '500000']] },
  { phrase: 'tổng trị giá 2 triệu VNĐ', figures: [['support_value_vnd', '2000000']] },
  { phrase: 'hơn 2 tỷ, 631 triệu đồng tổng trị giá', figures: [['support_value_vnd', '631000000']], unmatched: [['2000000000', NOTHING_AFTER]] },
  { phrase: 'tỷ lệ hộ nghèo giảm còn 4,5 %', figures: [['poverty_rate_pct', '4.5']] },
  { phrase: 'tỷ lệ hộ nghèo còn 36,24% năm 2021', figures: [['poverty_rate_pct', '36.24']], ignored: [['2021', 'a year']] },
  { phrase: 'bê tông hóa 870 m² sân trường', figures: [['concrete_m2', '870']] },
  // Qualifiers.
  { phrase: 'tối thiểu 200 suất quà', figures: [['gift_packages', '200', 'at_least']] },
  { phrase: 'xấp xỉ 200 suất quà', figures: [['gift_packages', '200', 'about']] },
  { phrase: 'chừng 200 suất quà', figures: [['gift_packages', '200', 'about']] },
  { phrase: 'ước 200 suất quà', figures: [['gift_packages', '200', 'about']] },
  { phrase: 'ngót 200 suất quà', figures: [['gift_packages', '200', 'nearly']] },
  // Unmatched, and why.
  { phrase: 'phát 9.500 khẩu trang y tế', figures: [], unmatched: [['9500', 'no indicator in the catalogue matches "khẩu trang y tế"']] },
  { phrase: 'đóng góp 35 triệu đồng', figures: [], unmatched: [['35000000', 'only the unit of "tổng trị giá" found around "đồng"']] },
  { phrase: 'đóng góp 0,05 tỷ đồng', figures: [], unmatched: [['50000000', 'only the unit of "tổng trị giá" found around "đồng"']] },
  { phrase: 'Tổng số: 9.500', figures: [], unmatched: [['9500', NOTHING_AFTER]] },
  { phrase: 'tặng 200 suất quà cho học sinh, 15 suất học bổng', figures: [['gift_packages', '200']], unmatched: [['15', 'only "suất" of "suất quà" found around "suất học bổng"']] },
  { phrase: 'trên 30.442 người dân hộ nghèo', figures: [], unmatched: [['30442', 'only "người" of "người cách ly" found around "người dân hộ nghèo"']] },
  { phrase: 'hơn 4.200,5 con giống', figures: [], unmatched: [['4200.5', 'livestock_given: 4200.5 "4200.5" has 1 decimal place; this indicator allows none']] },
];

describe('parseNarrative: phrases as a reader reads them', () => {
  it.each(READER_PHRASES.map((p) => [p.phrase, p] as const))('%s', (phrase, { figures, unmatched = [], ignored = [] }) => {
    const result = parseNarrative(phrase, CATALOGUE);
    expect(result.figures.map((f) => [f.indicator, f.value, f.qualifier, ...(f.of ? [f.of] : [])])).toEqual(
      figures.map(([indicator, value, qualifier = null, of]) => [indicator, value, qualifier ?? null, ...(of ? [of] : [])]),
    );
    expect(result.unmatched.map((u) => [u.value, u.reason])).toEqual(unmatched);
    expect(result.ignored.map((i) => [i.text, i.reason])).toEqual(ignored);
    for (const item of [...result.figures, ...result.unmatched, ...result.ignored]) expect(result.text.slice(item.span.start, item.span.end)).toBe(item.text);
  });
});

describe('parseNarrative: the words a figure came from', () => {
  it.each([
    ['(tỷ lệ hộ nghèo cao 36,24%)', '36,24%'],
    ['tỷ lệ hộ nghèo giảm còn 4,5 % trên địa bàn, tăng thu nhập', '4,5 % trên địa bàn'],
    ['hơn 2 tỷ 631 triệu đồng tổng trị giá, tặng 200 suất quà', 'hơn 2 tỷ 631 triệu đồng tổng trị giá'],
    ['gần 4.400 suất quà cho gia đình khó khăn', 'gần 4.400 suất quà'],
  ])('%s quotes %p', (phrase, text) => expect(parseNarrative(phrase, CATALOGUE).figures[0].text).toBe(text));

  it('an indicator of two names keeps the name better covered, and says which words it found', () => {
    const catalogue: CatalogueEntry[] = [{ code: 'medical_visits', name: 'lượt khám bệnh, phát thuốc / lượt người được khám', unit: 'person-visits', scale: 0 }];
    expect(parseNarrative('khám bệnh, phát thuốc cho 1.200 lượt người', catalogue).figures.map((f) => [f.indicator, f.value, f.matchedWords]))
      .toEqual([['medical_visits', '1200', ['lượt', 'khám', 'bệnh', 'phát', 'thuốc']]]);
  });

  it('of two names both around the number, it found the one whose noun follows the number', () =>
    expect(parseNarrative('thành lập các chốt kiểm dịch và 10 điểm cách ly', CATALOGUE).figures.map((f) => [f.indicator, f.value, f.matchedWords]))
      .toEqual([['quarantine_points', '10', ['điểm', 'cách', 'ly']]]));
});

describe('parseNarrative: the unit of an indicator, however the catalogue spells it', () => {
  const one = (unit: string, name: string): CatalogueEntry[] => [{ code: 'x', name, unit, scale: 2 }];
  it.each([
    ...['VND', 'vnđ', 'đồng', 'dong', 'đ', ' VND '].map((unit) => [unit, 'tổng trị giá', 'tổng trị giá 15,3 tỷ đồng', '15300000000']),
    ...['km', 'kilometre', 'kilometer', 'kilometres', 'kilometers', 'KM'].map((unit) => [unit, 'km đường giao thông nông thôn', 'làm mới hơn 110 km đường giao thông nông thôn', '110']),
    ...['m²', 'm2', 'square metres', 'square meters'].map((unit) => [unit, 'm2 đất hiến', 'hiến hơn 22.590 m2 đất', '22590']),
    ...['tonnes', 'tonne', 'tons', 'ton', 't', 'tấn'].map((unit) => [unit, 'tấn phân bón', 'gần 4.200 tấn phân bón', '4200']),
    ...['percent', '%', 'pct'].map((unit) => [unit, 'tỷ lệ hộ nghèo', 'tỷ lệ hộ nghèo cao 36,24%', '36.24']),
    ...['ha', 'hectares', 'hectare', 'héc-ta'].map((unit) => [unit, 'ha rừng nhận khoán bảo vệ', 'nhận khoán bảo vệ 1.250 ha rừng', '1250']),
  ])('%p: %s', (unit, name, phrase, value) => expect(parseNarrative(phrase, one(unit, name)).figures.map((f) => [f.indicator, f.value])).toEqual([['x', value]]));

  it('a unit the parser does not know is matched by words alone: "110 km" is then no figure of it', () =>
    expect(parseNarrative('làm mới hơn 110 km đường giao thông nông thôn', one('kilómetros', 'km đường giao thông nông thôn')).figures).toEqual([]));

  it.each([
    ['1.250 ha rừng', '1250'],
    ['1.250 hécta rừng', '1250'],
    ['hơn 1.250,5 ha rừng', '1250.5'],
  ])('the text may write hectares as %s', (phrase, value) =>
    expect(parseNarrative(`nhận khoán bảo vệ ${phrase}`, one('ha', 'ha rừng nhận khoán bảo vệ')).figures.map((f) => f.value)).toEqual([value]));
});

describe('parseNarrative: which indicator, when several come close', () => {
  const catalogue: CatalogueEntry[] = [
    ...CATALOGUE,
    { code: 'poor_households', name: 'hộ nghèo', unit: 'households', scale: 0 },
    { code: 'near_poor_households', name: 'hộ cận nghèo', unit: 'households', scale: 0 },
    { code: 'gifts_tet', name: 'suất quà Tết', unit: 'packages', scale: 0 },
    { code: 'gifts_summer', name: 'suất quà hè', unit: 'packages', scale: 0 },
  ];
  const read = (phrase: string) => {
    const r = parseNarrative(phrase, catalogue);
    return { figures: r.figures.map((f) => [f.indicator, f.value]), unmatched: r.unmatched.map((u) => [u.value, u.reason, u.candidates]) };
  };

  it('the name covered more wins: "suất quà" over "suất quà Tết"; "suất quà Tết" over "suất quà"', () => {
    expect(read('tặng 4.400 suất quà')).toEqual({ figures: [['gift_packages', '4400']], unmatched: [] });
    expect(read('tặng 4.400 suất quà Tết')).toEqual({ figures: [['gifts_tet', '4400']], unmatched: [] });
  });

  it('both names covered: the one with more words right after the number wins (hộ cận nghèo is not hộ nghèo)', () => {
    expect(read('thăm 12 hộ nghèo và 3 hộ cận nghèo')).toEqual({ figures: [['poor_households', '12'], ['near_poor_households', '3']], unmatched: [] });
    expect(read('cấp thẻ BHYT cho 9.783 hộ cận nghèo')).toEqual({ figures: [['near_poor_households', '9783']], unmatched: [] });
  });

  it('two names covered alike: unmatched, naming both, never guessed', () => {
    const only = [...CATALOGUE.filter((e) => e.code !== 'gift_packages'), catalogue[catalogue.length - 2], catalogue[catalogue.length - 1]];
    const r = parseNarrative('trao tặng 4.400 suất quà cho các gia đình chính sách', only);
    expect(r.figures).toEqual([]);
    expect(r.unmatched.map((u) => [u.value, u.reason, u.candidates])).toEqual([['4400', 'ambiguous between gifts_tet and gifts_summer', ['gifts_tet', 'gifts_summer']]]);
  });
});
