import { CatalogueEntry } from '../narrative/narrative-parse';

/** The starting catalogue of DOMAIN.md: names and units as an admin would define them. */
export const CATALOGUE: CatalogueEntry[] = [
  { code: 'mobilization_sessions', name: 'buổi phát động quần chúng', unit: 'sessions', scale: 0 },
  { code: 'mobilization_participants', name: 'lượt người tham gia', unit: 'person-visits', scale: 0 },
  { code: 'mobilization_campaigns', name: 'đợt công tác dân vận tập trung', unit: 'campaigns', scale: 0 },
  { code: 'work_days', name: 'ngày công', unit: 'work-days', scale: 0 },
  { code: 'rural_road_km', name: 'km đường giao thông nông thôn', unit: 'km', scale: 2 },
  { code: 'canal_km', name: 'km kênh mương nội đồng', unit: 'km', scale: 2 },
  { code: 'concrete_m2', name: 'm2 bê tông sân trường, nhà sinh hoạt', unit: 'm²', scale: 1 },
  { code: 'gift_packages', name: 'suất quà', unit: 'packages', scale: 0 },
  { code: 'medical_visits', name: 'lượt khám bệnh, phát thuốc', unit: 'person-visits', scale: 0 },
  { code: 'houses_supported', name: 'nhà ở hỗ trợ xây dựng', unit: 'houses', scale: 0 },
  { code: 'support_value_vnd', name: 'tổng trị giá', unit: 'VND', scale: 0 },
  { code: 'livestock_given', name: 'con giống', unit: 'animals', scale: 0 },
  { code: 'seedlings_given', name: 'cây giống', unit: 'seedlings', scale: 0 },
  { code: 'fertilizer_tonnes', name: 'tấn phân bón', unit: 'tonnes', scale: 1 },
  { code: 'households_relocated', name: 'hộ dân di dời', unit: 'households', scale: 0 },
  { code: 'quarantine_points', name: 'điểm cách ly / chốt kiểm dịch', unit: 'points', scale: 0 },
  { code: 'people_quarantined', name: 'người cách ly', unit: 'persons', scale: 0 },
  { code: 'cadres_trained', name: 'cán bộ đào tạo', unit: 'persons', scale: 0 },
  { code: 'clean_water_wells', name: 'giếng nước sạch', unit: 'wells', scale: 0 },
  { code: 'land_donated_m2', name: 'm2 đất hiến', unit: 'm²', scale: 0 },
  { code: 'villages_reached', name: 'thôn, buôn được phát động', unit: 'villages', scale: 0 },
  { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: 'percent', scale: 2 },
  { code: 'commendations_collective', name: 'khen thưởng tập thể', unit: 'collectives', scale: 0 },
  { code: 'commendations_individual', name: 'khen thưởng cá nhân', unit: 'persons', scale: 0 },
];

export type Expected = [indicator: string, value: string, qualifier?: string | null, of?: string];

/**
 * Phrases copied from the five seeds, with the figures a careful reader takes from them, and the
 * numbers that must stay unmatched (counted things the catalogue has no indicator for, or whose
 * words do not say firmly which indicator).
 */
export const SEED_PHRASES: { seed: string; phrase: string; figures: Expected[]; unmatched?: string[]; ignored?: string[] }[] = [
  { seed: '000', phrase: 'tổ chức hơn 5.000 buổi phát động quần chúng với hơn 416.000 lượt người tham gia', figures: [['mobilization_sessions', '5000', 'over'], ['mobilization_participants', '416000', 'over']] },
  { seed: '000', phrase: 'các đơn vị phối hợp đào tạo 75 cán bộ đại học, cao đẳng, trung cấp quân sự bổ sung nguồn cán bộ quân sự cho cấp xã', figures: [['cadres_trained', '75']] },
  { seed: '000', phrase: 'phân công 73 cán bộ, đảng viên phụ trách 334 hộ gia đình ở khu vực biên giới', figures: [], unmatched: ['73', '334'] },
  { seed: '000', phrase: 'đóng góp hơn 8.100 ngày công tu sửa, làm mới hơn 110 km đường giao thông nông thôn, hơn 28 km kênh mương nội đồng', figures: [['work_days', '8100', 'over'], ['rural_road_km', '110', 'over'], ['canal_km', '28', 'over']] },
  { seed: '000', phrase: 'bê tông hóa 870 m2 sân trường, nhà sinh hoạt cộng đồng', figures: [['concrete_m2', '870']] },
  { seed: '000', phrase: 'thăm hỏi, tặng gần 4.400 suất quà cho gia đình khó khăn', figures: [['gift_packages', '4400', 'nearly']] },
  { seed: '000', phrase: 'khám bệnh, phát thuốc, tư vấn sức khỏe cho hơn 7.800 lượt người', figures: [['medical_visits', '7800', 'over']] },
  { seed: '000', phrase: 'hỗ trợ xây dựng hơn 540 nhà ở cho gia đình khó khănvới tổng trị giá hơn 15,3 tỷ đồng', figures: [['houses_supported', '540', 'over'], ['support_value_vnd', '15300000000', 'over']] },
  { seed: '000', phrase: 'tặng hơn 25.600 con giống, hơn 208.000 cây giống, gần 4.200 tấn phân bón cho người dân', figures: [['livestock_given', '25600', 'over'], ['seedlings_given', '208000', 'over'], ['fertilizer_tonnes', '4200', 'nearly']] },
  { seed: '000', phrase: 'với việc di dời 359 hộ dân bị ngập đến nơi an toàn', figures: [['households_relocated', '359']] },
  { seed: '000', phrase: 'tham mưu thành lập 10 điểm cách ly, cách ly 16.360 người phòng chống dịch', figures: [['quarantine_points', '10'], ['people_quarantined', '16360']] },
  { seed: '000', phrase: 'vận động 2.460 lượt tin nhắn, ủng hộ 1 ngày lương, 9.500 khẩu trang y tế, 1.350 chai dung dịch sát khuẩn', figures: [], unmatched: ['2460', '1', '9500', '1350'] },
  { seed: '000', phrase: 'Sáng 19/1, Ban Chỉ đạo tổ chức Hội nghị sơ kết chương trình phối hợp năm 2020', figures: [], ignored: ['19/1', '2020'] },
  { seed: '000', phrase: 'Lữ đoàn Đặc công 198 phụ trách địa bàn xã Ea Yiêng', figures: [], ignored: ['198'] },
  { seed: '001', phrase: 'Tổ chức huấn luyện dã ngoại kết hợp công tác dân vận với gần 8.000 ngày công', figures: [['work_days', '8000', 'nearly']] },
  { seed: '001', phrase: 'thương binh, gia đình liệt sĩ với tổng số tiền trên 400 triệu đồng', figures: [], unmatched: ['400000000'] },
  { seed: '001', phrase: 'đã giải quyết 1.254 hồ sơ liệt sĩ, cấp phát thẻ BHYT cho trên 30.442 người dân hộ nghèo, 9.783 hộ cận nghèo', figures: [], unmatched: ['1254', '30442', '9783'] },
  { seed: '001', phrase: '11/11 huyện, thị xã ký kết kế hoạch thực hiện', figures: [], unmatched: ['11'] },
  { seed: '001', phrase: 'Thứ bảy - 26/10/2019 19:18', figures: [], ignored: ['26/10/2019', '19', '18'] },
  { seed: '002', phrase: 'tổ chức 05 đợt công tác dân vận tập trung tại các xã vùng đồng bào dân tộc thiểu số, vùng khó khăn của tỉnh với tổng trị giá hơn 16,5 tỷ đồng', figures: [['mobilization_campaigns', '5'], ['support_value_vnd', '16500000000', 'over']] },
  { seed: '002', phrase: 'Đó là hỗ trợ xây dựng hơn 86 căn Nhà Tình thương, Nhà đại đoàn kết, Nhà tình nghĩa quân-dân', figures: [['houses_supported', '86', 'over']] },
  { seed: '002', phrase: '42 giếng nước sạch, hệ thống làm sạch nước', figures: [['clean_water_wells', '42']] },
  { seed: '002', phrase: 'làm nhiệm vụ tại 75 chốt kiểm dịch bệnh Covid-19, duy trì hoạt động 06 khu cách ly tập trung trên địa bàn tỉnh', figures: [['quarantine_points', '75']], unmatched: ['6'], ignored: ['19'] },
  { seed: '002', phrase: 'Bộ Chỉ huy Quân sự tỉnh Lâm Đồng giai đoạn 2017 – 2021', figures: [], ignored: ['2017', '2021'] },
  { seed: '003', phrase: 'Đời sống của đồng bào dân tộc thiểu số vẫn còn khó khăn (tỷ lệ hộ nghèo cao 36,24%)', figures: [['poverty_rate_pct', '36.24']] },
  { seed: '003', phrase: 'Hội nghị sơ kết công tác dân vận 6 tháng đầu năm 2022', figures: [], unmatched: ['6'], ignored: ['2022'] },
  { seed: '004', phrase: 'tổ chức phát động quần chúng được 04 đợt, 61 buổi tại 83/109 thôn, buôn, tổ dân phố và đã thu hút khoảng 5.300 lượt quần chúng Nhân dân tham gia', figures: [['mobilization_sessions', '61'], ['villages_reached', '83', null, '109'], ['mobilization_participants', '5300', 'about']], unmatched: ['4'] },
  { seed: '004', phrase: 'đã tổ chức phát động quần chúng được 1.050 buổi, tại 100% thôn, buôn, tổ dân phố, thu hút khoảng 75.000 lượt người dân tham gia', figures: [['mobilization_sessions', '1050'], ['mobilization_participants', '75000', 'about']], unmatched: ['100'] },
  { seed: '004', phrase: 'vận động nhân dân tham gia hiến đất được hơn 22.590 m2 đất, đóng góp 35 triệu đồng, với 722 ngày công để xây dựng nông thôn mới', figures: [['land_donated_m2', '22590', 'over'], ['work_days', '722']], unmatched: ['35000000'] },
  { seed: '004', phrase: 'vận động mọi nguồn lực xã hội hoá được hơn 2 tỷ 631 triệu đồng để mua 10.784 giống cây xanh, cây hoa các loại', figures: [['seedlings_given', '10784']], unmatched: ['2631000000'] },
  { seed: '004', phrase: 'tích cực vận động huy động mọi nguồn lực xã hội được hơn 93.724 giống cây ăn trái các loại', figures: [['seedlings_given', '93724', 'over']] },
  { seed: '004', phrase: 'Ban Thường vụ Huyện uỷ đã khen thưởng cho 03 tập thể và 06 cá nhân có thành tích xuất sắc', figures: [['commendations_collective', '3'], ['commendations_individual', '6']] },
  { seed: '004', phrase: 'đã tổ chức 107 hội nghị lồng ghép quán triệt, tuyên truyền về công tác dân vận gắn với việc thực hiện quy chế dân chủ 8.000 người tham dự', figures: [], unmatched: ['107', '8000'] },
  { seed: '004', phrase: 'Đảng uỷ các xã, thị trấn đã thành lập 75 đoàn phát động quần chúng', figures: [], unmatched: ['75'] },
];
