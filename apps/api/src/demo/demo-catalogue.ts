import { Aggregation } from '@app/domain';

/** The indicator catalogue of DOMAIN.md, with the suggested codes. */
export const DEMO_INDICATORS: { code: string; name: string; unit: string; aggregation: Aggregation; scale: number }[] = [
  { code: 'mobilization_sessions', name: 'buổi phát động quần chúng', unit: 'sessions', aggregation: 'sum', scale: 0 },
  { code: 'mobilization_participants', name: 'lượt người tham gia', unit: 'person-visits', aggregation: 'sum', scale: 0 },
  { code: 'mobilization_campaigns', name: 'đợt công tác dân vận tập trung', unit: 'campaigns', aggregation: 'sum', scale: 0 },
  { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0 },
  { code: 'rural_road_km', name: 'km đường giao thông nông thôn', unit: 'km', aggregation: 'sum', scale: 2 },
  { code: 'canal_km', name: 'km kênh mương nội đồng', unit: 'km', aggregation: 'sum', scale: 2 },
  { code: 'concrete_m2', name: 'm2 bê tông sân trường, nhà sinh hoạt', unit: 'm²', aggregation: 'sum', scale: 1 },
  { code: 'gift_packages', name: 'suất quà', unit: 'packages', aggregation: 'sum', scale: 0 },
  { code: 'medical_visits', name: 'lượt khám bệnh, phát thuốc', unit: 'person-visits', aggregation: 'sum', scale: 0 },
  { code: 'houses_supported', name: 'nhà ở hỗ trợ xây dựng', unit: 'houses', aggregation: 'sum', scale: 0 },
  { code: 'support_value_vnd', name: 'tổng trị giá', unit: 'VND', aggregation: 'sum', scale: 0 },
  { code: 'livestock_given', name: 'con giống', unit: 'animals', aggregation: 'sum', scale: 0 },
  { code: 'seedlings_given', name: 'cây giống', unit: 'seedlings', aggregation: 'sum', scale: 0 },
  { code: 'fertilizer_tonnes', name: 'tấn phân bón', unit: 'tonnes', aggregation: 'sum', scale: 1 },
  { code: 'households_relocated', name: 'hộ dân di dời', unit: 'households', aggregation: 'sum', scale: 0 },
  { code: 'quarantine_points', name: 'điểm cách ly / chốt kiểm dịch', unit: 'points', aggregation: 'sum', scale: 0 },
  { code: 'people_quarantined', name: 'người cách ly', unit: 'persons', aggregation: 'sum', scale: 0 },
  { code: 'cadres_trained', name: 'cán bộ đào tạo', unit: 'persons', aggregation: 'sum', scale: 0 },
  { code: 'clean_water_wells', name: 'giếng nước sạch', unit: 'wells', aggregation: 'sum', scale: 0 },
  { code: 'land_donated_m2', name: 'm2 đất hiến', unit: 'm²', aggregation: 'sum', scale: 0 },
  { code: 'villages_reached', name: 'thôn, buôn được phát động', unit: 'villages', aggregation: 'latest', scale: 0 },
  { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: 'percent', aggregation: 'latest', scale: 2 },
  { code: 'commendations_collective', name: 'khen thưởng tập thể', unit: 'collectives', aggregation: 'sum', scale: 0 },
  { code: 'commendations_individual', name: 'khen thưởng cá nhân', unit: 'persons', aggregation: 'sum', scale: 0 },
];

/** The units of seed 000 (Đắk Lắk, 2021 assignments), under the steering committee. */
export const DEMO_UNITS: { id: string; name: string; kind: string; parentId?: string }[] = [
  { id: 'daklak-bcd', name: 'Ban Chỉ đạo điều hành chương trình phối hợp công tác Dân vận tỉnh Đắk Lắk', kind: 'steering-committee' },
  { id: 'daklak-bdv', name: 'Ban Dân vận Tỉnh ủy Đắk Lắk', kind: 'party-committee', parentId: 'daklak-bcd' },
  { id: 'daklak-mttq', name: 'Ủy ban MTTQ Việt Nam tỉnh Đắk Lắk', kind: 'fatherland-front', parentId: 'daklak-bcd' },
  { id: 'daklak-bchqs', name: 'Bộ Chỉ huy Quân sự tỉnh Đắk Lắk', kind: 'military-command', parentId: 'daklak-bcd' },
  { id: 'daklak-bdbp', name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đắk Lắk', kind: 'border-guard', parentId: 'daklak-bcd' },
  { id: 'td66', name: 'Trung đoàn 66', kind: 'regiment', parentId: 'daklak-bcd' },
  { id: 'ld198', name: 'Lữ đoàn Đặc công 198', kind: 'brigade', parentId: 'daklak-bcd' },
  { id: 'td95', name: 'Trung đoàn 95', kind: 'regiment', parentId: 'daklak-bcd' },
  { id: 'doan737', name: 'Đoàn Kinh tế - Quốc phòng 737', kind: 'economic-defence-group', parentId: 'daklak-bcd' },
  { id: 'ctxd470', name: 'Công ty Xây dựng 470', kind: 'company', parentId: 'daklak-bcd' },
  { id: 'ctcf15', name: 'Công ty Cà phê 15', kind: 'company', parentId: 'daklak-bcd' },
  { id: 'kho-k864', name: 'Kho K.864', kind: 'depot', parentId: 'daklak-bcd' },
  { id: 'viettel-daklak', name: 'Viettel Đắk Lắk (Tập đoàn Công nghiệp Viễn thông Quân đội, chi nhánh Đắk Lắk)', kind: 'company', parentId: 'daklak-bcd' },
];

/** What seed 000 says the armed forces and partners did in 2020 ("hơn" = at least these figures). */
export const DEMO_2020_FIGURES: { indicator: string; value: string }[] = [
  { indicator: 'mobilization_sessions', value: '5000' },
  { indicator: 'mobilization_participants', value: '416000' },
  { indicator: 'cadres_trained', value: '75' },
  { indicator: 'work_days', value: '8100' },
  { indicator: 'rural_road_km', value: '110' },
  { indicator: 'canal_km', value: '28' },
  { indicator: 'concrete_m2', value: '870' },
  { indicator: 'gift_packages', value: '4400' },
  { indicator: 'medical_visits', value: '7800' },
  { indicator: 'houses_supported', value: '540' },
  { indicator: 'support_value_vnd', value: '15300000000' },
  { indicator: 'livestock_given', value: '25600' },
  { indicator: 'seedlings_given', value: '208000' },
  { indicator: 'fertilizer_tonnes', value: '4200' },
  { indicator: 'households_relocated', value: '359' },
  { indicator: 'quarantine_points', value: '10' },
  { indicator: 'people_quarantined', value: '16360' },
];
