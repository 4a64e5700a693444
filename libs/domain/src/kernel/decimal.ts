/**
 * Exact decimals for reported figures.
 *
 * A figure travels as a canonical string ("110.5", "1", "15300000000"): no exponent, no sign for
 * zero, no trailing fractional zeros. Arithmetic is done on scaled BigInts, so totals never drift
 * the way binary floating point does (0.1 + 0.2 stays 0.3).
 */

export const MAX_SCALE = 6;
/** Upper bound on integer digits: 10^24 VND is far above any budget and keeps strings short. */
export const MAX_INTEGER_DIGITS = 24;
/** Exponents beyond this are refused before any digits are written out (a body may say 1e999999999). */
const MAX_EXPONENT = 400;

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;
const LITERAL_PATTERN = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** "416.000", "1.100": one to three digits, a dot, three digits. In Vietnamese that is a thousands separator. */
const LOOKS_GROUPED = /^[1-9]\d{0,2}(\.\d{3})+$/;

export type DecimalParseResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * Parses a non-negative decimal given as a JSON number or a decimal string, with at most `scale`
 * fractional digits as written: "416.000" has three, even though they are zeros, because in a
 * Vietnamese report it most likely means four hundred sixteen thousand. Nothing is rounded,
 * truncated or reinterpreted: the value is the canonical decimal of exactly what was given, or an
 * error that says why.
 *
 * A JSON number arrives as a double: it is read as its shortest round-trip decimal (what any JSON
 * writer prints for it, so `1e3` is 1000 and `1e-21` keeps its 21 decimal places).
 */
export function parseDecimal(input: unknown, scale: number): DecimalParseResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: 'must be a finite number' };
    if (input < 0) return { ok: false, message: 'must not be negative' };
    if (Number.isInteger(input) && !Number.isSafeInteger(input)) {
      return { ok: false, message: 'is too large for a JSON number; send it as a decimal string' };
    }
    const expanded = expandDecimalLiteral(String(input));
    if (expanded === null) return { ok: false, message: `is ${String(input)}, far outside the range of a figure` };
    text = expanded;
  } else if (typeof input === 'string') {
    text = input;
  } else {
    return { ok: false, message: 'must be a non-negative decimal number or string' };
  }
  if (text.startsWith('-')) return { ok: false, message: 'must not be negative' };
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return { ok: false, message: explainMalformed(text) };
  const integer = match[1].replace(/^0+(?=\d)/, '');
  const writtenFraction = match[2] ?? '';
  if (writtenFraction.length > scale) return { ok: false, message: explainTooManyPlaces(text, input, writtenFraction.length, scale) };
  if (integer.length > MAX_INTEGER_DIGITS) {
    return { ok: false, message: `has more than ${MAX_INTEGER_DIGITS} integer digits` };
  }
  const fraction = writtenFraction.replace(/0+$/, '');
  return { ok: true, value: fraction ? `${integer}.${fraction}` : integer };
}

function places(n: number): string {
  return `${n} decimal place${n === 1 ? '' : 's'}`;
}

function explainTooManyPlaces(text: string, input: unknown, written: number, scale: number): string {
  const shown = typeof input !== 'number' ? JSON.stringify(text) : String(input) === text || text.length > 40 ? String(input) : `${String(input)} (${text})`;
  const base = `${shown} has ${places(written)}; this indicator allows ${scale === 0 ? 'none' : `at most ${scale}`}`;
  if (LOOKS_GROUPED.test(text)) {
    return `${base}. If the dot is a Vietnamese thousands separator, send ${text.replace(/\./g, '')}`;
  }
  return base;
}

function explainMalformed(text: string): string {
  if (LOOKS_GROUPED.test(text)) {
    return `must be a decimal such as "110.5"; ${JSON.stringify(text)} reads as a number written with Vietnamese thousands separators: send ${text.replace(/\./g, '')}`;
  }
  if (/^[\d.,]+$/.test(text) && text.includes(',')) {
    return `must be a decimal such as "110.5"; ${JSON.stringify(text)} has a comma: write decimals with a dot ("15,3" is 15.3) and no thousands separators`;
  }
  return 'must be a non-negative decimal such as "110.5"';
}

/**
 * Writes a JSON number literal (`1.5e3`, `0.10`, `7`) as plain decimal text without changing a
 * digit: the exponent only moves the point, and fractional digits as written are kept ("1.50e1"
 * becomes "15.0"), so a scale check still sees them. Null for a literal that is not a non-negative
 * JSON number or whose exponent is beyond any figure.
 */
export function expandDecimalLiteral(literal: string): string | null {
  const m = LITERAL_PATTERN.exec(literal);
  if (!m) return null;
  const [, int, frac = '', expText] = m;
  if (expText === undefined) return literal.replace(/^0+(?=\d)/, '');
  const exp = Number(expText);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) return null;
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return out.replace(/^0+(?=\d)/, '');
}

/** Scaled integer representation: value = units / 10^scale. */
interface Scaled {
  units: bigint;
  scale: number;
}

function toScaled(canonical: string): Scaled {
  const [int, frac = ''] = canonical.split('.');
  return { units: BigInt(int + frac), scale: frac.length };
}

function rescale(s: Scaled, scale: number): bigint {
  return s.units * 10n ** BigInt(scale - s.scale);
}

/** The canonical decimal of units / 10^scale (figures are never negative, nor is a sum of them). */
function fromScaled(units: bigint, scale: number): string {
  const digits = units.toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** Exact sum of canonical (non-negative) decimals; "0" for an empty list. */
export function sumDecimals(values: readonly string[]): string {
  if (values.length === 0) return '0';
  const scaled = values.map(toScaled);
  const scale = Math.max(...scaled.map((s) => s.scale));
  const total = scaled.reduce((acc, s) => acc + rescale(s, scale), 0n);
  return fromScaled(total, scale);
}

export function compareDecimals(a: string, b: string): number {
  const sa = toScaled(a);
  const sb = toScaled(b);
  const scale = Math.max(sa.scale, sb.scale);
  const diff = rescale(sa, scale) - rescale(sb, scale);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

export function maxDecimal(values: readonly string[]): string | null {
  return values.reduce<string | null>((m, v) => (m === null || compareDecimals(v, m) > 0 ? v : m), null);
}
