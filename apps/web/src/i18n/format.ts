/**
 * Display formats, Vietnamese first: `416.000`, `15,3 tỷ đồng`, dates `dd/mm/yyyy` (Vietnam time).
 * Values arrive as the API's canonical decimal strings and are formatted from their digits, never
 * through a float, so what is shown is exactly what the API holds. Pure: no DOM, no globals.
 */
export type Lang = 'vi' | 'en';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

function group(digits: string, separator: string): string {
  const out: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) out.unshift(digits.slice(Math.max(0, end - 3), end));
  return out.join(separator);
}

/** `"416000"` → `416.000` (vi) / `416,000` (en); `"110.5"` → `110,5` / `110.5`. Anything else is shown as sent. */
export function formatDecimal(value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  const m = DECIMAL.exec(value);
  if (!m) return value;
  const [thousands, point] = lang === 'vi' ? ['.', ','] : [',', '.'];
  return group(m[1], thousands) + (m[2] ? point + m[2] : '');
}

const VND_SCALES: { digits: number; vi: string; en: string }[] = [
  { digits: 9, vi: 'tỷ đồng', en: 'billion VND' },
  { digits: 6, vi: 'triệu đồng', en: 'million VND' },
];

/**
 * Money in whole đồng, the way the seeds write it: `15300000000` → `15,3 tỷ đồng`, `2631000000` →
 * `2,631 tỷ đồng`, `416000` → `416.000 đồng`. The short form is used only when it is exact with at
 * most three decimals; otherwise every digit is shown.
 */
export function formatVnd(value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  const m = /^(\d+)$/.exec(value);
  if (!m) return `${formatDecimal(value, lang)} ${lang === 'vi' ? 'đồng' : 'VND'}`;
  const digits = m[1].replace(/^0+(?=\d)/, '');
  for (const scale of VND_SCALES) {
    if (digits.length <= scale.digits) continue;
    const whole = digits.slice(0, digits.length - scale.digits);
    const fraction = digits.slice(digits.length - scale.digits).replace(/0+$/, '');
    if (fraction.length > 3) continue;
    return `${formatDecimal(fraction ? `${whole}.${fraction}` : whole, lang)} ${lang === 'vi' ? scale.vi : scale.en}`;
  }
  return `${formatDecimal(digits, lang)} ${lang === 'vi' ? 'đồng' : 'VND'}`;
}

/** A figure in its indicator's unit: VND as money, everything else as a number. */
export function formatAmount(value: string | null | undefined, unit: string | undefined, lang: Lang): string {
  return unit === 'VND' ? formatVnd(value, lang) : formatDecimal(value, lang);
}

const VIETNAM = 'Asia/Ho_Chi_Minh';
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as `dd/mm/yyyy` in Vietnam time; a calendar date (`2021-01-19`) as itself. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : dateFormat.format(at);
}

/** `dd/mm/yyyy HH:mm` in Vietnam time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : `${dateFormat.format(at)} ${timeFormat.format(at)}`;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** Period keys as people say them: `2021-H1` → `6 tháng đầu năm 2021`, `2021-Q3` → `Quý III/2021`. */
export function formatPeriod(period: string, lang: Lang): string {
  const phase = /^(\d{4})\.\.(\d{4})$/.exec(period);
  if (phase) return lang === 'vi' ? `Giai đoạn ${phase[1]}–${phase[2]}` : `Phase ${phase[1]}–${phase[2]}`;
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(period);
  if (!m) return period;
  const [, year, part] = m;
  if (!part) return lang === 'vi' ? `Năm ${year}` : `Year ${year}`;
  if (part === 'H1') return lang === 'vi' ? `6 tháng đầu năm ${year}` : `H1 ${year}`;
  if (part === 'H2') return lang === 'vi' ? `6 tháng cuối năm ${year}` : `H2 ${year}`;
  if (part.startsWith('Q')) return lang === 'vi' ? `Quý ${ROMAN[Number(part[1]) - 1]}/${year}` : `Q${part[1]} ${year}`;
  return lang === 'vi' ? `Tháng ${part}/${year}` : `${part}/${year}`;
}

export type Granularity = 'month' | 'quarter' | 'half' | 'year';

/** The period keys of one year at a grain (`year`: the five years up to it), in order. */
export function periodsOf(year: number, grain: Granularity): string[] {
  switch (grain) {
    case 'month':
      return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    case 'quarter':
      return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
    case 'half':
      return [`${year}-H1`, `${year}-H2`];
    case 'year':
      return [4, 3, 2, 1, 0].map((back) => String(year - back)).filter((y) => Number(y) >= 1945);
  }
}

/**
 * A date typed as `dd/mm/yyyy` (the display format) → the RFC 3339 instant the API accepts, at
 * the start of that day in Vietnam (`endOfDay`: the last second of it); null when it is not a real
 * calendar date in the years the API accepts (1945–2100).
 */
export function parseDisplayDate(text: string, endOfDay = false): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1945 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}T${endOfDay ? '23:59:59' : '00:00:00'}+07:00`;
}

/** Plotting only (a chart needs numbers); every displayed value goes through formatDecimal. */
export function toPlotNumber(value: string | null | undefined): number {
  return value && DECIMAL.test(value) ? Number(value) : 0;
}
