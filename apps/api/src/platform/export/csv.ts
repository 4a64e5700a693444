import { Column, heading, HeadingLanguage, Table } from './table';

/** UTF-8's byte order mark: without it Excel reads a CSV as the local code page and garbles Vietnamese text. */
const BOM = '\uFEFF';

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A spreadsheet evaluates a cell that starts with =, +, - or @ as a formula (CSV injection). Text
 * columns that start so get a leading apostrophe, which spreadsheets show as text; numbers (a
 * decimal column may be negative) are left as they are.
 */
function neutralize(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(column: Column, value: unknown): string {
  // A flag the JSON answer omits (qualified) is false, said so.
  if (column.kind === 'flag') return value ? 'true' : 'false';
  if (value === null || value === undefined) return '';
  const text = String(value);
  return csvField(column.kind === 'text' ? neutralize(text) : text);
}

/** The table as CSV (RFC 4180: CRLF line ends, a header row), UTF-8 with BOM, chunk by chunk. */
export async function* csvChunks(table: Table, lang: HeadingLanguage): AsyncIterable<string> {
  yield BOM + table.columns.map((c) => csvField(heading(c, lang))).join(',') + '\r\n';
  let chunk = '';
  for await (const row of table.rows) {
    chunk += table.columns.map((c) => csvCell(c, row[c.key])).join(',') + '\r\n';
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
