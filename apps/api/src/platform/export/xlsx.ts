import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { Column, heading, HeadingLanguage, Table } from './table';

/**
 * A decimal as a numeric cell when a spreadsheet number (an IEEE double) holds it exactly, with a
 * number format showing its own decimals; as text otherwise (more than 15 significant digits), so
 * that no figure changes on its way into Excel. `#,##0` is Excel's locale-neutral code for a
 * grouped integer: a Vietnamese-locale Excel shows 416000 as 416.000 and 15,3 with a comma.
 */
export function decimalCell(text: string): { value: number | string; numFmt?: string } {
  const n = Number(text);
  const [, fraction = ''] = text.split('.');
  const exact = Number.isFinite(n) && canonical(n, fraction.length) === text;
  if (!exact) return { value: text };
  return { value: n, numFmt: fraction.length ? `#,##0.${'0'.repeat(fraction.length)}` : '#,##0' };
}

function canonical(n: number, decimals: number): string {
  if (!Number.isSafeInteger(Math.round(n * 10 ** decimals)) && decimals > 0) return '';
  if (decimals === 0) return Number.isSafeInteger(n) ? String(n) : '';
  return n.toFixed(decimals);
}

function cellOf(column: Column, value: unknown): { value: ExcelJS.CellValue; numFmt?: string } {
  if (column.kind === 'flag') return { value: Boolean(value) };
  if (value === null || value === undefined) return { value: null };
  switch (column.kind) {
    case 'decimal':
      return decimalCell(String(value));
    case 'integer':
      return { value: Number(value), numFmt: '#,##0' };
    case 'instant':
      // ISO text, not a date cell: a date cell would lose the time zone and the milliseconds.
      return { value: String(value) };
    default:
      return { value: String(value) };
  }
}

/** The table as one XLSX worksheet, written row by row through exceljs' streaming writer. */
export function xlsxStream(table: Table, lang: HeadingLanguage): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.name.slice(0, 31));
  sheet.columns = table.columns.map((c) => ({ header: heading(c, lang), key: c.key, width: Math.max(10, heading(c, lang).length + 2) }));
  sheet.getRow(1).font = { bold: true };
  (async () => {
    for await (const row of table.rows) {
      const written = sheet.addRow([]);
      table.columns.forEach((column, i) => {
        const { value, numFmt } = cellOf(column, row[column.key]);
        const cell = written.getCell(i + 1);
        cell.value = value;
        if (numFmt) cell.numFmt = numFmt;
      });
      written.commit();
      // Flat memory: the next page is read only once the client has taken what is written.
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
