/**
 * Exact decimals for reported figures.
 *
 * A figure travels as a canonical string ("110.5", "1", "15300000000"): no exponent, no sign for
 * zero, no trailing fractional zeros. Arithmetic is done on scaled BigInts, so totals never drift
 * the way binary floating point does (0.1 + 0.2 stays 0.3).
 */

export const MAX_SCALE = 6;
/** Upper bound on integer digits: 10^24 VND is far above any budget and keeps strings short. */
const MAX_INTEGER_DIGITS = 24;

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

export type DecimalParseResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * Parses a non-negative decimal given as a JSON number or a string, with at most `scale`
 * fractional digits. Vietnamese grouping ("5.000", "15,3") is not accepted: the API speaks
 * JSON, where the decimal separator is always a dot.
 */
export function parseDecimal(input: unknown, scale: number): DecimalParseResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: 'must be a finite number' };
    if (Number.isInteger(input) && !Number.isSafeInteger(input)) {
      return { ok: false, message: 'is too large for a JSON number; send it as a decimal string' };
    }
    text = numberToPlainString(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return { ok: false, message: 'must be a non-negative decimal number or string' };
  }
  if (text.startsWith('-')) return { ok: false, message: 'must not be negative' };
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return { ok: false, message: 'must be a non-negative decimal such as "110.5"' };
  const integer = match[1].replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) {
    return { ok: false, message: `has more than ${scale} decimal place${scale === 1 ? '' : 's'}` };
  }
  if (integer.length > MAX_INTEGER_DIGITS) {
    return { ok: false, message: `has more than ${MAX_INTEGER_DIGITS} integer digits` };
  }
  return { ok: true, value: fraction ? `${integer}.${fraction}` : integer };
}

function numberToPlainString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Small numbers such as 1e-7 print with an exponent; expand them so the scale check sees every digit.
  return n.toFixed(20).replace(/\.?0+$/, '');
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

function fromScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (negative ? '-' : '') + (frac ? `${int}.${frac}` : int);
}

/** Exact sum of canonical decimals; "0" for an empty list. */
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
