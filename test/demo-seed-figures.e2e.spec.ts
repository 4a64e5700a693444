import { startApp, TestApp } from './support/app';

/**
 * Issue 11 (the whole seed record): every figure of every seed, as the demo shows it, with the
 * qualifier the article puts before it. Written out from the articles, not read from the demo
 * loader under test.
 */
type Row = [indicator: string, value: string, qualifier: 'about' | 'nearly' | 'over' | 'at_least' | null];

const SEEDS: Record<string, Row[]> = {
  // 000: Đắk Lắk, the 2020 figures at the conference of 19/01/2021.
  'daklak-bcd-2020': [
    ['border_cadres_assigned', '73', null], // phân công 73 cán bộ, đảng viên
    ['border_households_assigned', '334', null], // phụ trách 334 hộ gia đình
    ['cadres_trained', '75', null],
    ['canal_km', '28', 'over'],
    ['concrete_m2', '870', null],
    ['fertilizer_tonnes', '4200', 'nearly'],
    ['gift_packages', '4400', 'nearly'],
    ['households_relocated', '359', null],
    ['houses_supported', '540', 'over'],
    ['livestock_given', '25600', 'over'],
    ['masks_given', '9500', null],
    ['medical_visits', '7800', 'over'],
    ['mobilization_participants', '416000', 'over'],
    ['mobilization_sessions', '5000', 'over'],
    ['people_quarantined', '16360', null],
    ['quarantine_points', '10', null],
    ['rural_road_km', '110', 'over'],
    ['sanitiser_bottles', '1350', null],
    ['seedlings_given', '208000', 'over'],
    ['support_messages', '2460', null],
    ['support_value_vnd', '15300000000', 'over'],
    ['work_days', '8100', 'over'],
  ],
  // 001: Bình Phước 2018.
  'binhphuoc-bchqs-2018': [
    ['support_value_vnd', '400000000', 'over'],
    ['work_days', '8000', 'nearly'],
  ],
  'binhphuoc-ubnd-2018': [
    ['health_cards_ethnic_minority', '71352', null],
    ['health_cards_hardship_area', '73210', null],
    ['health_cards_near_poor', '9783', null],
    ['health_cards_poor', '30442', 'over'],
    ['martyr_files_resolved', '1254', null],
  ],
  // 002: Lâm Đồng 2017–2021.
  'lamdong-bchqs-2017-2021': [
    ['clean_water_wells', '42', null],
    ['houses_supported', '86', 'over'],
    ['mobilization_campaigns', '5', null],
    ['quarantine_camps', '6', null],
    ['quarantine_points', '75', null],
    ['support_value_vnd', '16500000000', 'over'],
  ],
  // 003: the first half of 2022.
  'seed003-bdv-2022-h1': [['poverty_rate_pct', '36.24', null]],
  // 004: huyện Lắk 2023.
  'lak-bdv-2023': [
    ['commendations_collective', '3', null],
    ['commendations_individual', '6', null],
    ['contributions_vnd', '35000000', null],
    ['democracy_meetings', '107', null],
    ['land_donated_m2', '22590', 'over'],
    ['meeting_attendees', '8000', null],
    ['mobilization_campaigns', '4', null],
    ['mobilization_participants', '5300', 'about'],
    ['mobilization_sessions', '61', null],
    ['ornamental_seedlings', '10784', null],
    ['seedlings_given', '93724', 'over'],
    ['support_value_vnd', '2631000000', 'over'],
    ['villages_reached', '83', null],
    ['work_days', '722', null],
  ],
  'lak-dang-uy-xa-2023': [
    ['mobilization_participants', '75000', 'about'],
    ['mobilization_sessions', '1050', null],
    ['mobilization_teams', '75', null],
  ],
};

describe('the demo reproduces every seed figure with its qualifier', () => {
  let app: TestApp;
  let admin: string;
  let head: string;

  beforeAll(async () => {
    app = await startApp({ demoData: true });
    admin = await app.token('admin-1', ['admin']);
    head = (await app.eventHead()) as string;
  });
  afterAll(() => app.close());

  it.each(Object.entries(SEEDS))('%s', async (reportId, rows) => {
    const report = await app.http('GET', `/api/reports/${reportId}?minPosition=${head}`, { token: admin });
    expect(report.body.status).toBe('approved');
    const shown = (report.body.approved.figures as { indicator: string; value: string; qualifier?: string }[]).map((f) => [f.indicator, f.value, f.qualifier ?? null]);
    expect(shown).toEqual(rows);
  });

  it('a total over qualified figures says so; one over exact figures does not', async () => {
    const qualified = await app.http('GET', `/api/totals?unitId=daklak-bcd&period=2020&indicator=work_days&minPosition=${head}`, { token: admin });
    expect(qualified.body.items).toEqual([expect.objectContaining({ indicator: 'work_days', approved: '8100', qualified: true })]);
    const exact = await app.http('GET', `/api/totals?unitId=daklak-bcd&period=2020&indicator=households_relocated&minPosition=${head}`, { token: admin });
    expect(exact.body.items).toEqual([expect.objectContaining({ indicator: 'households_relocated', approved: '359' })]);
    // An exact total carries no qualified flag at all (the API omits it rather than sending false).
    expect(exact.body.items[0]).not.toHaveProperty('qualified');
    expect(exact.body.items[0]).not.toHaveProperty('proposedQualified');
  });
});
