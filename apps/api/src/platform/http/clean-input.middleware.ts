import { NextFunction, Request, Response } from 'express';
import { cleanText, expandDecimalLiteral, FieldError, firstInvalidUtf8 } from '@app/domain';
import { WrittenNumber } from './decimal-input';
import { problem } from './problem';

/**
 * One place for the hygiene of every client value, before any DTO or route sees it:
 * - a body that is not well-formed UTF-8 is refused (a decoder would quietly put U+FFFD in a name);
 * - a JSON number keeps what was written: where the double JSON.parse made of it is not exactly the
 *   literal (`416.000`, `1.10`, `0.1000000000000000000001`, 20-digit integers), the value becomes a
 *   {@link WrittenNumber} holding the literal's plain decimal text, so the decimal rules see every
 *   digit that was sent instead of a rounded or shortened number (and a text field still sees a
 *   number, not a string);
 * - every string, in the body and the query, passes the domain's text rules (no C0 controls but tab
 *   and line feed in multi-line text, no lone surrogates) and is NFC-normalized.
 * Refusals are 400 naming the field, like every other bad input.
 */

/** Free text that may span lines. */
export const MULTILINE_FIELDS = new Set(['note', 'reason', 'comment', 'text']);

type Segment = string | number;
interface RawBodyRequest extends Request {
  rawJsonBody?: Buffer;
}

/** body-parser's `verify` hook: keeps the bytes, which the number and UTF-8 checks need. */
export function keepRawJsonBody(req: Request, _res: Response, buf: Buffer): void {
  (req as RawBodyRequest).rawJsonBody = buf;
}

export function cleanInput(req: Request, _res: Response, next: NextFunction): void {
  const errors: FieldError[] = [];
  const raw = (req as RawBodyRequest).rawJsonBody;
  if (raw && req.body !== null && typeof req.body === 'object') {
    const bad = firstInvalidUtf8(raw);
    if (bad >= 0) {
      const at = raw.subarray(0, bad).toString('utf8').length;
      const token = [...scanJson(raw.toString('utf8'))].find((t) => t.kind === 'string' && t.start <= at && at < t.end);
      const field = token ? formatPath(token.path) : 'body';
      return next(problem(400, 'Invalid input', `${field} is not valid UTF-8.`, [{ field, message: 'is not valid UTF-8' }]));
    }
    keepNumbersAsWritten(req.body, raw.toString('utf8'));
  }
  // A file (an import's CSV or XLSX, as bytes) is read and checked cell by cell by its route.
  if (!Buffer.isBuffer(req.body)) cleanStrings(req.body, [], errors);

  const query = req.query as Record<string, unknown>;
  if (query && Object.keys(query).length) {
    const cleaned: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(query)) {
      cleaned[key] = cleanStrings(value, [key], errors);
    }
    // Express 5 parses req.query anew on every read: pin the cleaned copy.
    Object.defineProperty(req, 'query', { value: cleaned, writable: true, configurable: true, enumerable: true });
  }
  if (errors.length) return next(problem(400, 'Invalid input', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors));
  next();
}

function cleanStrings(value: unknown, path: Segment[], errors: FieldError[]): unknown {
  if (typeof value === 'string') {
    const key = [...path].reverse().find((s) => typeof s === 'string');
    const result = cleanText(value, { multiline: typeof key === 'string' && MULTILINE_FIELDS.has(key) });
    if (!result.ok) {
      errors.push({ field: formatPath(path), message: result.message });
      return value;
    }
    return result.value;
  }
  if (value instanceof WrittenNumber) return value;
  if (Array.isArray(value)) {
    value.forEach((item, i) => (value[i] = cleanStrings(item, [...path, i], errors)));
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = cleanStrings(record[key], [...path, key], errors);
  }
  return value;
}

function keepNumbersAsWritten(body: object, text: string): void {
  // A key given twice: JSON.parse keeps the last value, so the last literal decides.
  const last = new Map<string, { path: Segment[]; literal: string }>();
  for (const token of scanJson(text)) {
    if (token.kind === 'number') last.set(JSON.stringify(token.path), { path: token.path, literal: text.slice(token.start, token.end) });
  }
  for (const { path, literal } of last.values()) {
    const negative = literal.startsWith('-');
    const magnitude = negative ? literal.slice(1) : literal;
    const written = expandDecimalLiteral(magnitude);
    if (written !== null && written === expandDecimalLiteral(String(Math.abs(Number(magnitude))))) continue;
    setAt(body, path, new WrittenNumber((negative ? '-' : '') + (written ?? magnitude)));
  }
}

function setAt(root: object, path: Segment[], value: unknown): void {
  let holder: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (holder === null || typeof holder !== 'object' || !Object.prototype.hasOwnProperty.call(holder, segment)) return;
    holder = (holder as Record<string, unknown>)[segment];
  }
  const leaf = path[path.length - 1];
  if (holder !== null && typeof holder === 'object' && Object.prototype.hasOwnProperty.call(holder, leaf)) {
    (holder as Record<Segment, unknown>)[leaf] = value;
  }
}

export function formatPath(path: Segment[]): string {
  return path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || 'body';
}

interface JsonToken {
  kind: 'number' | 'string';
  /** Where the value sits; for a string that is an object key, the object holding it. */
  path: Segment[];
  start: number;
  end: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The numbers and strings of a JSON text that JSON.parse has already accepted, each with its path
 * and its span in the text. Not a validator: it relies on the text being valid JSON.
 */
export function* scanJson(text: string): Generator<JsonToken> {
  const stack: { path: Segment[]; array: boolean; index: number; key: string | null; expectKey: boolean }[] = [];
  const valuePath = (): Segment[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    return [...top.path, top.array ? top.index : (top.key ?? '')];
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const top = stack[stack.length - 1];
    if (ch === '{' || ch === '[') {
      stack.push({ path: valuePath(), array: ch === '[', index: 0, key: null, expectKey: ch === '{' });
      i++;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      i++;
    } else if (ch === ',') {
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const end = j + 1;
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, end)) as string;
        top.expectKey = false;
        yield { kind: 'string', path: top.path, start: i, end };
      } else {
        yield { kind: 'string', path: valuePath(), start: i, end };
      }
      i = end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const end = m ? i + m[0].length : i + 1;
      yield { kind: 'number', path: valuePath(), start: i, end };
      i = end;
    } else {
      i++;
    }
  }
}
