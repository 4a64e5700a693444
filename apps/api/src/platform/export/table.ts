import { AsyncResource } from 'node:async_hooks';
/**
 * A table to export: named columns (a machine key, which is also the JSON field, and Vietnamese
 * and English headings) over rows that arrive page by page. The writers (csv.ts, xlsx.ts) stream
 * it, so an export of any length holds one page in memory at a time.
 */
export type ColumnKind = 'text' | 'decimal' | 'integer' | 'instant' | 'flag';

export interface Column {
  /** The field of each row, and the heading unless `lang=vi|en` asks for words. */
  key: string;
  vi: string;
  en: string;
  kind: ColumnKind;
}

export interface Table {
  /** The sheet's name in an XLSX workbook (≤ 31 characters) and the file's base name. */
  name: string;
  columns: Column[];
  rows: AsyncIterable<Record<string, unknown>>;
}

export type HeadingLanguage = 'key' | 'vi' | 'en';

export const heading = (column: Column, lang: HeadingLanguage) => (lang === 'key' ? column.key : column[lang]);

/** The columns a report's figures export and import with (`POST /api/reports/{id}/figures/import` reads these). */
export const FIGURE_COLUMNS: Column[] = [
  { key: 'indicator', vi: 'Chỉ tiêu', en: 'Indicator', kind: 'text' },
  { key: 'areaCode', vi: 'Địa bàn', en: 'Area', kind: 'text' },
  { key: 'value', vi: 'Giá trị', en: 'Value', kind: 'decimal' },
  { key: 'qualifier', vi: 'Từ định lượng', en: 'Qualifier', kind: 'text' },
  { key: 'note', vi: 'Ghi chú', en: 'Note', kind: 'text' },
  // Joint work: the activity's reference, and the other units that did it, separated by spaces.
  { key: 'activityRef', vi: 'Mã hoạt động chung', en: 'Joint activity', kind: 'text' },
  { key: 'partners', vi: 'Đơn vị cùng thực hiện', en: 'Partners', kind: 'text' },
];

type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * A table over every page of a cursor-paged query, one page in memory at a time. The first page
 * is read before this resolves, so that an error of the query itself (scope, an unknown area)
 * is answered as a problem before any byte of the file is sent.
 */
export async function pagedTable<T extends object>(
  name: string,
  columns: Column[],
  page: (cursor: string | undefined) => Promise<Page<T>>,
  toRow: (item: T) => Record<string, unknown> = (item) => ({ ...item }) as Record<string, unknown>,
): Promise<Table> {
  // The stream pulls the later pages from the socket's callbacks: they run in this request's async
  // context (its read-model scope: the models it declared, an as-of state), not in whichever the socket has.
  const next = AsyncResource.bind(page);
  const first = await page(undefined);
  async function* rows(): AsyncIterable<Record<string, unknown>> {
    let current: Page<T> = first;
    for (;;) {
      for (const item of current.items) yield toRow(item);
      if (!current.nextCursor) return;
      current = await next(current.nextCursor);
    }
  }
  return { name, columns, rows: rows() };
}

/** A table over rows already in hand (a summary, a report's figures). */
export function tableOf(name: string, columns: Column[], rows: Record<string, unknown>[]): Table {
  async function* all(): AsyncIterable<Record<string, unknown>> {
    yield* rows;
  }
  return { name, columns, rows: all() };
}
