import { Column, ColumnKind } from './table';

/** Column headings in Vietnamese and English for the fields the read models answer with. */
const HEADINGS: Record<string, [vi: string, en: string]> = {
  unitId: ['Đơn vị', 'Unit'],
  areaCode: ['Địa bàn', 'Area'],
  period: ['Kỳ', 'Period'],
  indicator: ['Chỉ tiêu', 'Indicator'],
  approved: ['Đã duyệt', 'Approved'],
  qualified: ['Đã duyệt có số ước lượng', 'Approved includes estimates'],
  proposed: ['Đề xuất', 'Proposed'],
  proposedQualified: ['Đề xuất có số ước lượng', 'Proposed includes estimates'],
  units: ['Số đơn vị', 'Units'],
  key: ['Mã', 'Code'],
  name: ['Tên', 'Name'],
  at: ['Thời điểm ghi', 'Recorded at'],
  occurredAt: ['Thời điểm thực hiện', 'Occurred at'],
  actor: ['Người thực hiện', 'Actor'],
  action: ['Thao tác', 'Action'],
  reportId: ['Báo cáo', 'Report'],
  oldValue: ['Giá trị cũ', 'Old value'],
  oldQualifier: ['Từ định lượng cũ', 'Old qualifier'],
  newValue: ['Giá trị mới', 'New value'],
  newQualifier: ['Từ định lượng mới', 'New qualifier'],
  oldNote: ['Ghi chú cũ', 'Old note'],
  note: ['Ghi chú', 'Note'],
  reason: ['Lý do', 'Reason'],
  comment: ['Ý kiến', 'Comment'],
  eventType: ['Loại sự kiện', 'Event type'],
  eventId: ['Mã sự kiện', 'Event id'],
  position: ['Vị trí trong nhật ký', 'Log position'],
  side: ['Loại tổng', 'Total'],
  value: ['Giá trị', 'Value'],
  qualifier: ['Từ định lượng', 'Qualifier'],
  wins: ['Là tổng (lớn nhất / mới nhất)', 'Is the total (max / latest)'],
  recordedAt: ['Thời điểm ghi', 'Recorded at'],
  decidedByType: ['Quyết định đưa vào tổng', 'Decided by (event)'],
  decidedByEventId: ['Mã sự kiện quyết định', 'Decision event id'],
  decidedByPosition: ['Vị trí quyết định trong nhật ký', 'Decision log position'],
  decidedByActor: ['Người quyết định', 'Decided by'],
  decidedAt: ['Thời điểm quyết định', 'Decided at'],
};

/** Columns by field name, with their headings from the shared vocabulary. */
export function columns(...fields: [key: string, kind: ColumnKind][]): Column[] {
  return fields.map(([key, kind]) => {
    const words = HEADINGS[key];
    if (!words) throw new Error(`no heading for export column ${key}`);
    return { key, vi: words[0], en: words[1], kind };
  });
}

/** approved, qualified, proposed, proposedQualified: the pair every total carries. */
export const TOTAL_FIELDS: [string, ColumnKind][] = [['approved', 'decimal'], ['qualified', 'flag'], ['proposed', 'decimal'], ['proposedQualified', 'flag']];
