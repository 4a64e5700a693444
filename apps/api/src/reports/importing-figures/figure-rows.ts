import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { cleanText, CODE_PATTERN, DomainError, FieldError, FigureInput, firstInvalidUtf8, ID_PATTERN, invalid } from '@app/domain';
import { FIGURE_COLUMNS } from '../../platform/export/table';
import { decimalText } from '../../platform/http/decimal-input';
import { boundedWorkbook } from './workbook-entries';

/**
 * The rows of a data value set as the import reads them from CSV, XLSX or JSON: each with its line
 * (the CSV line its record starts on, the worksheet's row number, or the JSON row's place counting
 * from 1), the prefix its errors are named by (`line 3`, `rows[0]`), and either the figure it
 * states or what is wrong with its cells. A figure a row states is whole: an empty or absent note,
 * qualifier or joint activity means none (not "keep the one there").
 */
export interface ImportRow {
  line: number;
  field: string;
  input: FigureInput | null;
  errors: FieldError[];
}

/** Figures per import, as per PUT figures. */
export const MAX_IMPORT_ROWS = 500;

type Cell = string | number | null;
type ColumnKey = 'indicator' | 'areaCode' | 'value' | 'qualifier' | 'note' | 'activityRef' | 'partners';
const KEYS: readonly ColumnKey[] = ['indicator', 'areaCode', 'value', 'qualifier', 'note', 'activityRef', 'partners'];

/** Headings in any of the export's spellings (field names, Vietnamese, English), case and spacing aside. */
const HEADINGS = new Map<string, ColumnKey>(
  FIGURE_COLUMNS.flatMap((c) => [c.key, c.vi, c.en].map((h) => [headingKey(h), c.key as ColumnKey] as const)),
);

function headingKey(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function fileError(message: string, field = 'body'): never {
  throw invalid(message, [{ field, message }]);
}

/** Which column holds which field, from the header row; unknown or repeated headings and missing required ones are 400. */
function columnsOf(header: Cell[], where: string): Map<ColumnKey, number> {
  const columns = new Map<ColumnKey, number>();
  header.forEach((cell, i) => {
    const text = cell === null ? '' : String(cell);
    if (text.trim() === '') return;
    const key = HEADINGS.get(headingKey(text));
    if (!key) fileError(`${where}: unknown column ${JSON.stringify(text.slice(0, 100))}; the columns are ${KEYS.join(', ')}`, `${where}.${i + 1}`);
    if (columns.has(key)) fileError(`${where}: column ${key} appears twice`, `${where}.${key}`);
    columns.set(key, i);
  });
  for (const key of ['indicator', 'value'] as const) {
    if (!columns.has(key)) fileError(`${where}: the header row has no ${key} column (the columns are ${KEYS.join(', ')})`, `${where}.${key}`);
  }
  return columns;
}

/**
 * One row's cells as a figure. Text follows the API's hygiene (no control characters, NFC); a
 * text cell the export protected from spreadsheets with an apostrophe (`'=…`, `'-…`) is read
 * without it, so an exported file imports as it was exported.
 */
function rowOf(line: number, field: string, cells: Partial<Record<ColumnKey, Cell>>, extra: number): ImportRow {
  const errors: FieldError[] = [];
  const text = (key: ColumnKey, options: { multiline?: boolean; pattern?: RegExp; max: number }): string | null => {
    const cell = cells[key];
    if (cell === null || cell === undefined) return null;
    if (typeof cell !== 'string') {
      errors.push({ field: `${field}.${key}`, message: 'must be text' });
      return null;
    }
    const checked = cleanText(cell, { multiline: options.multiline });
    if (!checked.ok) {
      errors.push({ field: `${field}.${key}`, message: checked.message });
      return null;
    }
    let value = /^'[=+\-@\t\r]/.test(checked.value) ? checked.value.slice(1) : checked.value;
    if (key !== 'note') value = value.trim();
    if (value === '') return null;
    if (value.length > options.max) errors.push({ field: `${field}.${key}`, message: `is longer than ${options.max} characters` });
    else if (options.pattern && !options.pattern.test(value)) errors.push({ field: `${field}.${key}`, message: `is not a valid ${key}` });
    return value;
  };
  if (extra > 0) errors.push({ field, message: `has ${extra} more cell${extra === 1 ? '' : 's'} than the header row` });
  const indicator = text('indicator', { pattern: CODE_PATTERN, max: 64 });
  const areaCode = text('areaCode', { pattern: ID_PATTERN, max: 100 });
  const qualifier = text('qualifier', { max: 20 });
  const note = text('note', { multiline: true, max: 1000 });
  // Joint work: the activity's reference, and its partner units separated by spaces (or commas).
  const activityRef = text('activityRef', { pattern: ID_PATTERN, max: 100 });
  const partnerText = text('partners', { max: 20 * 101 });
  const partners = partnerText === null ? null : partnerText.split(/[\s,;]+/).filter(Boolean);
  if (partners && partners.length > 20) errors.push({ field: `${field}.partners`, message: 'names more than 20 units' });
  else if (partners?.some((p) => !ID_PATTERN.test(p))) errors.push({ field: `${field}.partners`, message: 'must be unit ids separated by spaces' });
  let value: string | number | null = null;
  const raw = cells.value;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && raw.trim() !== '') value = raw.trim();
  if (indicator === null && !errors.some((e) => e.field === `${field}.indicator`)) errors.push({ field: `${field}.indicator`, message: 'is required' });
  if (value === null) errors.push({ field: `${field}.value`, message: 'is required (an import records figures; PUT figures removes them)' });
  if (errors.length) return { line, field, input: null, errors };
  return { line, field, input: { indicator: indicator!, value, areaCode, qualifier, note, activityRef, partners }, errors };
}

function tooMany(): never {
  return fileError(`an import holds at most ${MAX_IMPORT_ROWS} rows`);
}

// ----- CSV ------------------------------------------------------------------------------------------

/** RFC 4180 records with the line each starts on; LF alone ends a record too, and CRLF inside a quoted cell reads as LF (files saved on other systems). */
function csvRecords(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0] === '' && !fieldStarted)) records.push({ line: start, cells });
    cells = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') fileError(`line ${line}: text after a closing quote`, `line ${line}`);
      } else if (c === '\r' && text[i + 1] === '\n') {
        // A line break inside a cell, saved as CRLF: the line end of the file's system, kept as LF (notes hold LF).
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      if (field !== '') fileError(`line ${line}: a quote inside an unquoted field`, `line ${line}`);
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      cells.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
      fieldStarted = true;
    }
    if (records.length > MAX_IMPORT_ROWS + 1) tooMany();
  }
  if (quoted) fileError(`line ${start}: a quoted field is not closed`, `line ${start}`);
  if (field !== '' || cells.length || fieldStarted) endRecord();
  return records;
}

export function rowsFromCsv(bytes: Buffer): ImportRow[] {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const line = bytes.subarray(0, bad).toString('utf8').split('\n').length;
    fileError(`line ${line} is not valid UTF-8 (save the file as UTF-8)`, `line ${line}`);
  }
  let text = bytes.toString('utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const records = csvRecords(text);
  if (records.length === 0) fileError('the file is empty: a header row (indicator, areaCode, value, qualifier, note) and rows are expected');
  const [header, ...rows] = records;
  const columns = columnsOf(header.cells, `line ${header.line}`);
  if (rows.length === 0) fileError('the file has a header row but no figures');
  return rows.map(({ line, cells }) => {
    const values = Object.fromEntries([...columns].map(([key, i]) => [key, cells[i] ?? null]));
    return rowOf(line, `line ${line}`, values, Math.max(0, cells.length - header.cells.length));
  });
}

// ----- XLSX -----------------------------------------------------------------------------------------

/** A worksheet cell as text or number; formulas, dates, booleans and errors are not figures. */
function xlsxCell(value: ExcelJS.CellValue): Cell | { unreadable: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return { unreadable: 'is a true/false cell' };
  if (value instanceof Date) return { unreadable: 'is a date cell' };
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return { unreadable: 'is a formula; enter its value' };
  if ('text' in value && typeof value.text === 'string') return value.text;
  return { unreadable: 'is not a number or text' };
}

/**
 * The first worksheet, read as a stream (the rows are counted as they come; a huge sheet is
 * refused early) from the entries boundedWorkbook inflated under its caps.
 */
export async function rowsFromXlsx(bytes: Buffer): Promise<ImportRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(boundedWorkbook(bytes)), {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit',
  });
  let header: { line: number; cells: Cell[] } | null = null;
  let columns: Map<ColumnKey, number> | null = null;
  const rows: ImportRow[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (Array.isArray(row.values) ? row.values.slice(1) : []) as ExcelJS.CellValue[];
        const cells = values.map(xlsxCell);
        if (cells.every((c) => c === null || c === '')) continue;
        const line = row.number;
        if (!header) {
          header = { line, cells: cells.map((c) => (c !== null && typeof c === 'object' ? null : c)) };
          columns = columnsOf(header.cells, `line ${line}`);
          continue;
        }
        if (rows.length >= MAX_IMPORT_ROWS) tooMany();
        const picked: Partial<Record<ColumnKey, Cell>> = {};
        const unreadable: FieldError[] = [];
        for (const [key, i] of columns!) {
          const cell = cells[i] ?? null;
          if (cell !== null && typeof cell === 'object') unreadable.push({ field: `line ${line}.${key}`, message: cell.unreadable });
          else picked[key] = cell;
        }
        const extra = cells.slice(header.cells.length).filter((c) => c !== null && c !== '').length;
        const read = rowOf(line, `line ${line}`, picked, extra);
        rows.push(unreadable.length ? { ...read, input: null, errors: [...unreadable, ...read.errors] } : read);
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    fileError('the body is not an XLSX workbook that can be read');
  }
  if (!header) fileError('the workbook is empty: a header row (indicator, areaCode, value, qualifier, note) and rows are expected');
  if (rows.length === 0) fileError('the workbook has a header row but no figures');
  return rows;
}

// ----- JSON -----------------------------------------------------------------------------------------

/** `{rows: [{indicator, value, areaCode?, qualifier?, note?}]}`: every row checked, each error named `rows[i].field`. */
export function rowsFromJson(body: unknown): ImportRow[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fileError('the body must be an object {rows: [...]}');
  const extra = Object.keys(body).filter((k) => k !== 'rows');
  if (extra.length) fileError(`property ${extra[0]} should not exist`, extra[0]);
  const rows = (body as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) fileError('rows must be an array', 'rows');
  if (rows.length === 0) fileError('rows must contain at least 1 element', 'rows');
  if (rows.length > MAX_IMPORT_ROWS) fileError(`rows must contain no more than ${MAX_IMPORT_ROWS} elements`, 'rows');
  return rows.map((row: unknown, i) => {
    const field = `rows[${i}]`;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return { line: i + 1, field, input: null, errors: [{ field, message: 'must be an object' }] };
    const record = row as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !(KEYS as readonly string[]).includes(k));
    const cells: Partial<Record<ColumnKey, Cell>> = {};
    const errors: FieldError[] = unknown.map((k) => ({ field: `${field}.${k}`, message: 'should not exist' }));
    for (const key of KEYS) {
      const value = key === 'value' ? decimalText(record[key]) : record[key];
      if (value === undefined || value === null) continue;
      if (key === 'partners' && Array.isArray(value) && value.every((p) => typeof p === 'string')) cells[key] = value.join(' ');
      else if (typeof value === 'string' || (key === 'value' && typeof value === 'number')) cells[key] = value;
      else errors.push({ field: `${field}.${key}`, message: key === 'value' ? 'must be a decimal (number or string)' : key === 'partners' ? 'must be a list of unit ids' : 'must be a string' });
    }
    const read = rowOf(i + 1, field, cells, 0);
    return errors.length ? { ...read, input: null, errors: [...errors, ...read.errors] } : read;
  });
}

// ----- the body ---------------------------------------------------------------------------------

/**
 * An import's body as the route received it, not yet read: the handler reads it only once the
 * caller may import into the report, so nobody out of scope gets a file parsed.
 */
export type ImportBody = { kind: 'csv' | 'xlsx'; bytes: Buffer } | { kind: 'json'; json: unknown } | { kind: 'none' };

export async function rowsOf(body: ImportBody): Promise<ImportRow[]> {
  switch (body.kind) {
    case 'csv':
      return rowsFromCsv(body.bytes);
    case 'xlsx':
      return rowsFromXlsx(body.bytes);
    case 'json':
      return rowsFromJson(body.json);
    case 'none':
      throw invalid('an import needs a body: JSON {rows}, CSV or XLSX', [{ field: 'body', message: 'is required' }]);
  }
}
