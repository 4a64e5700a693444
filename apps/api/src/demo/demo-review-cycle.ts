import { ApprovalLevel } from '@app/domain';
import { SeedFigure } from './demo-catalogue';
import { DAKLAK_PROGRAM } from './demo-programs';

/**
 * The review cycle on the demo: seed 000's 2020 review, and a two-level program in huyện Lắk
 * with one report waiting at each level.
 */

/**
 * Seed 000: "Hội nghị sơ kết chương trình phối hợp năm 2020" (19/01/2021) reviews the steering
 * committee's coordination program of 2020, the year before the 2021 program the same conference
 * assigned areas for: a program of one year with the same parties, like the 2021 one. The seed
 * gives no reporting calendar; the year's report was adopted at that conference, so the demo's
 * calendar gives it until 20 January.
 */
export const DAKLAK_2020_PROGRAM = {
  id: 'daklak-dv-2020',
  name: 'Chương trình phối hợp công tác Dân vận năm 2020 (lực lượng vũ trang và các đơn vị quân đội trên địa bàn Đắk Lắk)',
  parties: DAKLAK_PROGRAM.parties,
  steeringUnitId: 'daklak-bcd',
  fromYear: 2020,
  toYear: 2020,
  calendar: [{ periodType: 'year' as const, cutoff: 'calendar' as const, deadlineDays: 20 }],
};

/** Seed 000: the conference that adopted the 2020 figures (a sơ kết: the program goes on in 2021). */
export const DAKLAK_2020_REVIEW = {
  period: '2020',
  heldAt: '2021-01-19',
  kind: 'preliminary' as const,
  title: 'Hội nghị sơ kết chương trình phối hợp năm 2020, triển khai nhiệm vụ năm 2021',
};

/** The two levels in huyện Lắk: the district's mass-mobilization committee, then the province's steering committee. */
export const LAK_LEVELS: ApprovalLevel[] = [
  { unitId: 'lak-bdv', name: 'Ban Dân vận Huyện ủy Lắk' },
  { unitId: 'daklak-bcd', name: 'Ban Chỉ đạo điều hành chương trình phối hợp công tác Dân vận tỉnh Đắk Lắk' },
];

/**
 * An illustration, not a seed: no article names a huyện Lắk program or its 2024 figures. The
 * district committee steers it, its communes' Party committees take part, and the province's
 * steering committee approves after the district, as seeds 002 and 004 describe districts
 * reporting up to the province. Its reports are entered live, so they are late against the
 * program's 15-day calendar.
 */
export const LAK_PROGRAM = {
  id: 'lak-dv-2024',
  name: 'Chương trình phối hợp công tác Dân vận huyện Lắk năm 2024 (minh họa duyệt hai cấp, không có trong các bài)',
  parties: ['lak-dang-uy-xa'],
  steeringUnitId: 'lak-bdv',
  fromYear: 2024,
  toYear: 2024,
  calendar: [{ periodType: 'year' as const, cutoff: 'calendar' as const, deadlineDays: 15 }],
};

const NOTE = 'Minh họa (không có trong các bài)';

/** The district committee's own report (approved by the district, waiting for the province) and the communes' (waiting for the district). */
export const LAK_2024_REPORTS: { reportId: string; unitId: string; figures: SeedFigure[]; districtApproves: boolean }[] = [
  {
    reportId: 'lak-bdv-2024', unitId: 'lak-bdv', districtApproves: true,
    figures: [
      { indicator: 'mobilization_campaigns', value: '3', note: NOTE },
      { indicator: 'mobilization_sessions', value: '58', note: NOTE },
      { indicator: 'work_days', value: '650', note: NOTE },
    ],
  },
  {
    reportId: 'lak-dang-uy-xa-2024', unitId: 'lak-dang-uy-xa', districtApproves: false,
    figures: [
      { indicator: 'mobilization_sessions', value: '980', note: NOTE },
      { indicator: 'mobilization_participants', value: '70000', qualifier: 'about', note: NOTE },
    ],
  },
];
