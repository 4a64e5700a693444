import { AreaLevel } from '@app/domain';
import { SeedFigure } from './demo-catalogue';

/**
 * The boundary map, programs and figures the seeds give, for the demo. Area codes are readable
 * slugs with the Vietnamese level prefix (tinh / huyen / tx = thị xã / xa); real GSO codes are
 * not in the seeds.
 */

export const DEMO_AREAS: { code: string; name: string; level: AreaLevel; parentCode?: string }[] = [
  { code: 'tinh-dak-lak', name: 'Đắk Lắk', level: 'province' },
  { code: 'tinh-lam-dong', name: 'Lâm Đồng', level: 'province' },
  { code: 'tinh-binh-phuoc', name: 'Bình Phước', level: 'province' },
  // Seed 000: the districts of the 2021 assignments (Buôn Hồ is a thị xã, a district-level town).
  ...([
    ['huyen-krong-nang', 'Krông Năng'], ['huyen-krong-ana', 'Krông Ana'], ['huyen-krong-bong', 'Krông Bông'], ['huyen-ea-sup', 'Ea Súp'],
    ['huyen-buon-don', 'Buôn Đôn'], ['huyen-ea-hleo', "Ea H'leo"], ['huyen-krong-pac', 'Krông Pắc'], ['tx-buon-ho', 'Buôn Hồ'],
    ['huyen-cu-kuin', 'Cư Kuin'], ['huyen-cu-mgar', "Cư M'gar"], ['huyen-lak', 'Lắk'],
  ] as const).map(([code, name]) => ({ code, name, level: 'district' as const, parentCode: 'tinh-dak-lak' })),
  // Seed 000: the 15 communes.
  ...([
    ['xa-dlie-ya', 'Dliê Ya', 'huyen-krong-nang'], ['xa-dur-kmal', 'Dur Kmăl', 'huyen-krong-ana'],
    ['xa-yang-reh', 'Yang Réh', 'huyen-krong-bong'], ['xa-cu-dram', 'Cư Drăm', 'huyen-krong-bong'],
    ['xa-ea-bung', 'Ea Bung', 'huyen-ea-sup'], ['xa-ia-lop', 'Ia Lốp', 'huyen-ea-sup'], ['xa-ia-rve', "Ia R'vê", 'huyen-ea-sup'],
    ['xa-krong-na', 'Krông Na', 'huyen-buon-don'], ['xa-ea-tir', 'Ea Tir', 'huyen-ea-hleo'], ['xa-ea-yieng', 'Ea Yiêng', 'huyen-krong-pac'],
    ['xa-ea-drong', 'Ea Drông', 'tx-buon-ho'], ['xa-cu-ewi', 'Cư Êwi', 'huyen-cu-kuin'], ['xa-cu-dlie-mnong', "Cư Dliê M'nông", 'huyen-cu-mgar'],
    ['xa-ea-nuol', 'Ea Nuôl', 'huyen-buon-don'], ['xa-krong-no', 'Krông Nô', 'huyen-lak'],
  ] as const).map(([code, name, parentCode]) => ({ code, name, level: 'commune' as const, parentCode })),
];

export const DEMO_COMMUNES = DEMO_AREAS.filter((a) => a.level === 'commune').map((a) => a.code);

/** Seed 000: "giao địa bàn" at the 19/01/2021 conference: 10 units, 17 assignments, 15 communes. */
export const DAKLAK_2021_ASSIGNMENTS: { unitId: string; areaCode: string }[] = [
  ...['xa-dlie-ya', 'xa-dur-kmal', 'xa-yang-reh', 'xa-cu-dram'].map((areaCode) => ({ unitId: 'daklak-bchqs', areaCode })),
  ...['xa-ea-bung', 'xa-ia-lop', 'xa-ia-rve', 'xa-krong-na'].map((areaCode) => ({ unitId: 'daklak-bdbp', areaCode })),
  { unitId: 'td66', areaCode: 'xa-ea-tir' },
  { unitId: 'ld198', areaCode: 'xa-ea-yieng' },
  { unitId: 'td95', areaCode: 'xa-ea-drong' },
  { unitId: 'doan737', areaCode: 'xa-ia-rve' },
  { unitId: 'doan737', areaCode: 'xa-ia-lop' },
  { unitId: 'ctxd470', areaCode: 'xa-cu-ewi' },
  { unitId: 'ctcf15', areaCode: 'xa-cu-dlie-mnong' },
  { unitId: 'kho-k864', areaCode: 'xa-ea-nuol' },
  { unitId: 'viettel-daklak', areaCode: 'xa-krong-no' },
];

export const DAKLAK_PROGRAM = {
  id: 'daklak-dv-2021',
  name: 'Chương trình phối hợp công tác Dân vận năm 2021 (lực lượng vũ trang và các đơn vị quân đội trên địa bàn Đắk Lắk)',
  parties: ['daklak-bdv', 'daklak-mttq', 'daklak-bchqs', 'daklak-bdbp', 'td66', 'ld198', 'td95', 'doan737', 'ctxd470', 'ctcf15', 'kho-k864', 'viettel-daklak'],
  steeringUnitId: 'daklak-bcd',
  fromYear: 2021,
  toYear: 2021,
  calendar: [
    { periodType: 'year' as const, cutoff: 'calendar' as const, deadlineDays: 15 },
    { periodType: 'half' as const, cutoff: 'decree-09' as const, deadlineDays: 5 },
  ],
};

export const DAKLAK_PLAN_2021 =
  'Năm 2021 các đơn vị tiếp tục nâng cao hiệu quả công tác tuyên truyền, vận động; đẩy mạnh các phong trào, cuộc vận động; ' +
  'chú trọng chính sách đối với vùng đồng bào dân tộc thiểu số; không để phát sinh "điểm nóng"; nhân rộng các mô hình "Dân vận khéo", ' +
  'xây dựng "Đơn vị dân vận tốt". (Seed 000, hội nghị 19/01/2021)';

/** The 2025 reorganisation: no more districts; the demo communes move directly under the province. */
export const DISTRICT_REMOVAL = {
  effectiveFrom: '2025-07-01',
  reason: 'Tổ chức chính quyền địa phương hai cấp từ 01/07/2025: bỏ cấp huyện, xã trực thuộc tỉnh',
};

export const DEMO_PROVINCE_UNITS: { id: string; name: string; kind: string; parentId?: string }[] = [
  { id: 'lamdong-bdv', name: 'Ban Dân vận Tỉnh ủy Lâm Đồng (Trưởng Ban Chỉ đạo 502 tỉnh)', kind: 'party-committee' },
  { id: 'lamdong-bchqs', name: 'Bộ Chỉ huy Quân sự tỉnh Lâm Đồng', kind: 'military-command', parentId: 'lamdong-bdv' },
  { id: 'binhphuoc-bdv', name: 'Ban Dân vận Tỉnh ủy Bình Phước', kind: 'party-committee' },
  { id: 'binhphuoc-bchqs', name: 'Bộ Chỉ huy Quân sự tỉnh Bình Phước', kind: 'military-command', parentId: 'binhphuoc-bdv' },
  { id: 'lak-bdv', name: 'Ban Dân vận Huyện ủy Lắk', kind: 'party-committee', parentId: 'daklak-bdv' },
  { id: 'lak-dang-uy-xa', name: 'Đảng ủy các xã, thị trấn huyện Lắk', kind: 'party-committee', parentId: 'lak-bdv' },
  { id: 'binhphuoc-ubnd', name: 'Ủy ban nhân dân tỉnh Bình Phước', kind: 'people-committee', parentId: 'binhphuoc-bdv' },
  // Seed 003 names no province: the unit says so rather than guessing one.
  { id: 'seed003-bdv', name: 'Ban Dân vận Tỉnh ủy (seed 003; tỉnh không ghi trong bài)', kind: 'party-committee' },
];

/** Seed 002: the Lâm Đồng program of the provincial mass-mobilization committee and military command, 2017–2021. */
export const LAMDONG_PROGRAM = {
  id: 'lamdong-dv-qs-2017-2021',
  name: 'Chương trình phối hợp thực hiện công tác dân vận giữa Ban Dân vận Tỉnh ủy với Bộ Chỉ huy Quân sự tỉnh Lâm Đồng, giai đoạn 2017 – 2021',
  parties: ['lamdong-bdv', 'lamdong-bchqs'],
  steeringUnitId: 'lamdong-bdv',
  fromYear: 2017,
  toYear: 2021,
  calendar: [{ periodType: 'year' as const, cutoff: 'calendar' as const, deadlineDays: 15 }],
};

/** Seed 002: what the phase achieved, with the article's qualifiers. The article gives phase totals only, so they are filed with the last year of the phase. */
export const LAMDONG_PHASE_FIGURES: SeedFigure[] = [
  { indicator: 'mobilization_campaigns', value: '5' },
  { indicator: 'support_value_vnd', value: '16500000000', qualifier: 'over' },
  { indicator: 'houses_supported', value: '86', qualifier: 'over' },
  { indicator: 'clean_water_wells', value: '42' },
  { indicator: 'quarantine_points', value: '75' },
  { indicator: 'quarantine_camps', value: '6' },
];

/** Seed 001: the Bình Phước program of the mass-mobilization committee with the armed forces, 2018; the 2019 one was signed at its review. */
export const BINHPHUOC_PROGRAMS = [2018, 2019].map((year) => ({
  id: `binhphuoc-dv-llvt-${year}`,
  name: `Chương trình phối hợp giữa Ban Dân vận Tỉnh ủy với các đơn vị lực lượng vũ trang tỉnh Bình Phước năm ${year}`,
  parties: ['binhphuoc-bdv', 'binhphuoc-bchqs'],
  steeringUnitId: 'binhphuoc-bdv',
  fromYear: year,
  toYear: year,
  calendar: [{ periodType: 'year' as const, cutoff: 'calendar' as const, deadlineDays: 15 }],
}));

/** Seed 001: the provincial military command in 2018 ("gần 8.000 ngày công", "trên 400 triệu đồng"). */
export const BINHPHUOC_2018_FIGURES: SeedFigure[] = [
  { indicator: 'work_days', value: '8000', qualifier: 'nearly' },
  { indicator: 'support_value_vnd', value: '400000000', qualifier: 'over' },
];

/** Seed 001: what the provincial government did in 2018 ("Năm dân vận chính quyền"): martyr files and health-insurance cards. */
export const BINHPHUOC_UBND_2018_FIGURES: SeedFigure[] = [
  { indicator: 'martyr_files_resolved', value: '1254' },
  { indicator: 'health_cards_poor', value: '30442', qualifier: 'over' },
  { indicator: 'health_cards_near_poor', value: '9783' },
  { indicator: 'health_cards_ethnic_minority', value: '71352' },
  { indicator: 'health_cards_hardship_area', value: '73210' },
];

/** Seed 003: the six-month review of 2022; the one figure is a level (latest), never summed. */
export const SEED003_2022_H1_FIGURES: SeedFigure[] = [
  { indicator: 'poverty_rate_pct', value: '36.24', note: 'tỷ lệ hộ nghèo (đồng bào dân tộc thiểu số) cao 36,24%' },
];

/** Seed 004: huyện Lắk's 2023 review. The district's mass-mobilization committee and its own campaigns, and the district-wide results. */
export const LAK_2023_FIGURES: SeedFigure[] = [
  { indicator: 'mobilization_campaigns', value: '4', note: '04 đợt phát động quần chúng do Ban Dân vận Huyện ủy chủ trì' },
  { indicator: 'mobilization_sessions', value: '61', note: '61 buổi tại 83/109 thôn, buôn, tổ dân phố' },
  { indicator: 'mobilization_participants', value: '5300', qualifier: 'about', note: 'khoảng 5.300 lượt quần chúng Nhân dân' },
  { indicator: 'villages_reached', value: '83', note: '83/109 thôn, buôn, tổ dân phố' },
  { indicator: 'democracy_meetings', value: '107', note: '107 hội nghị lồng ghép quán triệt quy chế dân chủ' },
  { indicator: 'meeting_attendees', value: '8000', note: '8.000 người tham dự' },
  { indicator: 'land_donated_m2', value: '22590', qualifier: 'over', note: 'hơn 22.590 m2 đất hiến' },
  { indicator: 'contributions_vnd', value: '35000000', note: 'đóng góp 35 triệu đồng xây dựng nông thôn mới' },
  { indicator: 'work_days', value: '722', note: '722 ngày công xây dựng nông thôn mới' },
  { indicator: 'support_value_vnd', value: '2631000000', qualifier: 'over', note: 'hơn 2 tỷ 631 triệu đồng xã hội hoá (Nghị quyết 02-NQ/HU)' },
  { indicator: 'ornamental_seedlings', value: '10784', note: '10.784 giống cây xanh, cây hoa các loại' },
  { indicator: 'seedlings_given', value: '93724', qualifier: 'over', note: 'hơn 93.724 giống cây ăn trái (Nghị quyết 05-NQ/HU)' },
  { indicator: 'commendations_collective', value: '3', note: '03 tập thể' },
  { indicator: 'commendations_individual', value: '6', note: '06 cá nhân' },
].map((f) => ({ ...f, areaCode: 'huyen-lak' }) as SeedFigure);

/** Seed 004: the communes' and town's Party committees, in the same year. */
export const LAK_COMMUNES_2023_FIGURES: SeedFigure[] = [
  { indicator: 'mobilization_teams', value: '75', note: '75 đoàn phát động quần chúng' },
  { indicator: 'mobilization_sessions', value: '1050', note: '1.050 buổi, tại 100% thôn, buôn, tổ dân phố' },
  { indicator: 'mobilization_participants', value: '75000', qualifier: 'about', note: 'khoảng 75.000 lượt người dân' },
].map((f) => ({ ...f, areaCode: 'huyen-lak' }) as SeedFigure);
