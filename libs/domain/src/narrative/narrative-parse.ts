import { parseDecimal } from '../kernel/decimal';
import { Qualifier } from '../kernel/qualifier';

/**
 * Reads the figures out of a Vietnamese sentence or table row ("tổ chức hơn 5.000 buổi phát động
 * quần chúng với hơn 416.000 lượt người tham gia") as drafts for a person to confirm: nothing here
 * records anything. Vietnamese notation: a dot groups thousands ("416.000"), a comma is the
 * decimal separator ("15,3"), money counts in tỷ (10^9), triệu (10^6) and nghìn (10^3) đồng.
 *
 * A number is matched to an indicator of the catalogue by its words: the noun right after the
 * number ("buổi", "lượt", "ngày công") must be a word of the indicator's name, or its unit of
 * measure (km, m2, tấn, %, đồng) must be the indicator's unit; then more than half of the words
 * of the name must appear around the number (after it, or earlier in the same clause, outside
 * other figures' own words). Anything that does not match firmly is reported as unmatched, with
 * the reason and the candidates, never guessed.
 */

export interface CatalogueEntry {
  code: string;
  name: string;
  unit: string;
  scale: number;
}

export interface TextSpan {
  start: number;
  end: number;
}

export interface DraftFigure {
  indicator: string;
  /** Canonical decimal, as the figures route takes it. */
  value: string;
  qualifier: Qualifier | null;
  /** The words of the text the figure came from, qualifier and unit included. */
  text: string;
  span: TextSpan;
  /** For a ratio ("83/109 thôn"): the whole the value is part of. */
  of?: string;
  /** Which words of the indicator's name were found around the number. */
  matchedWords: string[];
}

export interface UnmatchedNumber {
  text: string;
  span: TextSpan;
  value: string;
  qualifier: Qualifier | null;
  of?: string;
  reason: string;
  /** Indicators that came close, best first. */
  candidates: string[];
}

export interface IgnoredNumber {
  text: string;
  span: TextSpan;
  /** Why this is not a figure: a date, a year, a time, part of a name or code, a list marker, not Vietnamese notation. */
  reason: string;
}

export interface NarrativeParse {
  /** The text as read: NFC-normalized; spans index into it. */
  text: string;
  figures: DraftFigure[];
  unmatched: UnmatchedNumber[];
  ignored: IgnoredNumber[];
}

/** The word right before a number that qualifies it. */
const QUALIFIER_WORDS: [RegExp, Qualifier][] = [
  [/(?<!\p{L})(?:ít nhất|tối thiểu)\s+$/iu, 'at_least'],
  [/(?<!\p{L})(?:xấp xỉ|khoảng|chừng|ước)\s+$/iu, 'about'],
  [/(?<!\p{L})(?:gần|ngót)\s+$/iu, 'nearly'],
  [/(?<!\p{L})(?:hơn|trên)\s+$/iu, 'over'],
];
const MAGNITUDE_AFTER = /^\s*(tỷ|tỉ|triệu|nghìn|ngàn)(?!\p{L})(?!\s+lệ)/iu;

const MAGNITUDES: Record<string, number> = { tỷ: 9, tỉ: 9, triệu: 6, nghìn: 3, ngàn: 3 };
type UnitKind = 'money' | 'km' | 'm2' | 'tonnes' | 'percent' | 'ha';

/** Words that end the phrase after a number: what follows is another thing ("540 nhà ở cho gia đình"). */
const CONNECTORS = new Set(['với', 'cho', 'và', 'để', 'tại', 'của', 'trong', 'từ', 'đến', 'nhằm', 'khi', 'thì', 'gồm']);
/** Classifiers that come before the noun they count ("86 căn nhà"). */
const CLASSIFIERS = new Set(['căn', 'chiếc', 'cái', 'ngôi']);
/** Words that end a look back for a proper name: qualifiers and verbs of counting. */
const NOT_NAME_WORDS = new Set(['hơn', 'trên', 'gần', 'khoảng', 'chừng', 'ngót', 'nhất', 'thiểu', 'xỉ', 'được', 'là', 'có']);
/** Words before a slashed number that make it a date: "ngày 19/1", "tháng 12/2021" (December 2021), "quý 3/2022". */
const TIME_WORDS = new Set(['sáng', 'chiều', 'tối', 'trưa', 'đêm', 'ngày', 'hôm', 'tháng', 'quý']);

const NUMBER_TOKEN = /\d+(?:[.,]\d+)*(?:\/\d+(?:[.,]\d+)*)*/g;
const LETTER = /\p{L}/u;
const WORD = /[\p{L}\p{N}²]+/gu;
/** Where a clause ends: the words before a number are looked for back to here. */
const CLAUSE_END = /[;:!?()\n\t|…]|\.(?=\s|$)/g;
const MAX_LOOK_BACK = 400;
/** Where the words after a number end. */
const PHRASE_END = /[,;:!?()\n\t|…"“”]|\.(?=\s|$)/;

/** "416.000" → 416000, "15,3" → 15.3, "04" → 4, "1.234,5" → 1234.5; null for anything else ("36.24", "0262.859.9699"). */
export function readVietnameseNumber(token: string): string | null {
  let m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(token);
  if (!m) m = /^(\d+)(?:,(\d+))?$/.exec(token);
  if (!m) return null;
  const int = m[1].replace(/\./g, '').replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/**
 * A number that closes a proper name: one of the (up to three) words right before it is
 * capitalized and is not the first word of its clause ("... và Trung đoàn 66 phụ trách",
 * "Lữ đoàn Đặc công 198"). A row that starts with a capital ("Ngày công 8.100", "- Tổ chức 45 buổi") is not a name.
 */
function inProperName(text: string, ends: readonly number[], start: number): boolean {
  const [clauseStart] = clauseStartsBefore(ends, start);
  const from = Math.max(clauseStart, start - 120);
  const clause = text.slice(from, start);
  // The first word of the clause, after any bullet of a list line ("- Tổ chức 45 buổi").
  const firstWord = /^[\s,\-–—+*•·]*(\p{L}+)/u.exec(clause);
  const firstAt = firstWord && from === clauseStart ? firstWord[0].length - firstWord[1].length : -1;
  let rest = clause;
  for (let n = 0; n < 3; n++) {
    const w = /(\p{L}+)[\s\-–]*$/u.exec(rest);
    if (!w || w.index + w[0].length !== rest.length) return false;
    const word = w[1].toLowerCase();
    if (CONNECTORS.has(word) || NOT_NAME_WORDS.has(word)) return false;
    if (/^\p{Lu}/u.test(w[1]) && w.index !== firstAt) return true;
    rest = rest.slice(0, w.index);
  }
  return false;
}

/** value × 10^exp, exactly, as a canonical decimal. */
function shift(value: string, exp: number): string {
  const [int, frac = ''] = value.split('.');
  const digits = int + frac.padEnd(exp, '0');
  const point = int.length + exp;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const rest = digits.slice(point).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

function addDecimals(a: string, b: string): string {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  const places = Math.max(af.length, bf.length);
  const units = BigInt(ai + af.padEnd(places, '0')) + BigInt(bi + bf.padEnd(places, '0'));
  const digits = units.toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

function unitKindOfCatalogue(unit: string): UnitKind | null {
  const u = unit.trim().toLowerCase();
  if (['vnd', 'vnđ', 'đồng', 'dong', 'đ'].includes(u)) return 'money';
  if (['km', 'kilometre', 'kilometer', 'kilometres', 'kilometers'].includes(u)) return 'km';
  if (['m²', 'm2', 'square metres', 'square meters'].includes(u)) return 'm2';
  if (['tonnes', 'tonne', 'tons', 'ton', 't', 'tấn'].includes(u)) return 'tonnes';
  if (['percent', '%', 'pct'].includes(u)) return 'percent';
  if (['ha', 'hectares', 'hectare', 'héc-ta'].includes(u)) return 'ha';
  return null;
}

function unitKindOfWord(word: string): UnitKind | null {
  if (['đồng', 'vnđ', 'vnd', 'đ'].includes(word)) return 'money';
  if (word === 'km') return 'km';
  if (word === 'm2' || word === 'm²') return 'm2';
  if (word === 'tấn') return 'tonnes';
  if (word === 'ha' || word === 'héc-ta' || word === 'hécta') return 'ha';
  return null;
}

/** Offsets just past every clause end of the text, ascending. */
const clauseEnds = (text: string): number[] => [...text.matchAll(CLAUSE_END)].map((m) => m.index! + m[0].length);

/** The last clause end at or before `at` (0 when none), and the one before it. */
function clauseStartsBefore(ends: readonly number[], at: number): [number, number] {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return [ends[lo - 1] ?? 0, ends[lo - 2] ?? 0];
}

const hasWord = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);
/** A word as names are compared: lower case, m² written m2 (an indicator named "m2 ..." matches "870 m² ..."). */
const asWord = (word: string): string => word.toLowerCase().replace(/²/g, '2');
const words = (text: string): string[] => (text.match(WORD) ?? []).map(asWord);

interface Candidate {
  start: number;
  end: number;
  /** Start of the qualifier, or of the number. */
  spanStart: number;
  value: string;
  of?: string;
  qualifier: Qualifier | null;
  kind: UnitKind | null;
  /** Where the words after the number (magnitude and unit included) start and end. */
  afterStart: number;
  afterEnd: number;
  afterWords: string[];
}

export function parseNarrative(input: string, catalogue: readonly CatalogueEntry[]): NarrativeParse {
  const text = input.normalize('NFC');
  const ends = clauseEnds(text);
  const ignored: IgnoredNumber[] = [];
  const raw: { start: number; end: number; value: string; of?: string }[] = [];

  for (const m of text.matchAll(NUMBER_TOKEN)) {
    const start = m.index!;
    const end = start + m[0].length;
    const token = m[0];
    const span = { start, end };
    const ignore = (reason: string) => ignored.push({ text: token, span, reason });
    const before = text[start - 1] ?? '';
    const after = text[end] ?? '';
    const wordBefore = ((text.slice(Math.max(0, start - 30), start).match(/(\p{L}+)\s*$/u) ?? [])[1] ?? '').toLowerCase();
    if (LETTER.test(before) || ((before === '.' || before === '-' || before === '_') && LETTER.test(text[start - 2] ?? ''))) {
      ignore('part of a name or code');
    } else if (LETTER.test(after) || ((after === '-' || after === '/' || after === '.') && LETTER.test(text[end + 1] ?? ''))) {
      ignore('part of a name or code');
    } else if ((after === ':' && /\d/.test(text[end + 1] ?? '')) || (before === ':' && /\d/.test(text[start - 2] ?? ''))) {
      ignore('a time of day');
    } else if (token.includes('/')) {
      const parts = token.split('/');
      const [a, b] = parts.map(readVietnameseNumber);
      if (parts.length > 2 || TIME_WORDS.has(wordBefore) || a === null || b === null || BigInt(a.split('.')[0]) > BigInt(b.split('.')[0])) {
        ignore('a date');
      } else {
        raw.push({ start, end, value: a, of: b });
      }
    } else if (/^\d{4}$/.test(token) && Number(token) >= 1900 && Number(token) <= 2100) {
      ignore('a year');
    } else if (text.slice(text.lastIndexOf('\n', start - 1) + 1, start).trim() === '' && after === '.' && /\s/.test(text[end + 1] ?? ' ')) {
      ignore('a list marker');
    } else if (inProperName(text, ends, start)) {
      ignore('part of a proper name ("Trung đoàn 66", "Công ty Xây dựng 470")');
    } else if (wordBefore === 'số' || wordBefore === 'khóa' || wordBefore === 'khoá' || wordBefore === 'thứ') {
      ignore(`a number (${wordBefore}), not a figure`);
    } else {
      const value = readVietnameseNumber(token);
      if (value === null) ignore('not a number in Vietnamese notation (a dot groups thousands in threes, a comma marks decimals)');
      else raw.push({ start, end, value });
    }
  }

  // Magnitudes chain numbers: "2 tỷ 631 triệu đồng" is one figure.
  const candidates: Candidate[] = [];
  for (let i = 0; i < raw.length; i++) {
    const first = raw[i];
    let value = first.value;
    let cursor = first.end;
    const mag = first.of ? null : MAGNITUDE_AFTER.exec(text.slice(cursor));
    if (mag) {
      let magnitude = MAGNITUDES[mag[1].toLowerCase()];
      value = shift(value, magnitude);
      cursor += mag[0].length;
      for (;;) {
        const next = raw[i + 1];
        if (!next || next.of || !/^\s*$/.test(text.slice(cursor, next.start))) break;
        const nextMag = MAGNITUDE_AFTER.exec(text.slice(next.end));
        if (!nextMag || MAGNITUDES[nextMag[1].toLowerCase()] >= magnitude) break;
        magnitude = MAGNITUDES[nextMag[1].toLowerCase()];
        value = addDecimals(value, shift(next.value, magnitude));
        cursor = next.end + nextMag[0].length;
        i++;
      }
    }
    const lead = text.slice(Math.max(0, first.start - 20), first.start);
    const q = QUALIFIER_WORDS.map(([re, qualifier]) => ({ m: re.exec(lead), qualifier })).find((x) => x.m);
    candidates.push({
      start: first.start,
      end: cursor,
      spanStart: q ? first.start - (lead.length - q.m!.index) : first.start,
      value,
      of: first.of,
      qualifier: q ? q.qualifier : null,
      kind: null,
      afterStart: cursor,
      afterEnd: cursor,
      afterWords: [],
    });
  }

  // The words after each number, up to punctuation, a connector or the next number.
  candidates.forEach((c, i) => {
    const limit = candidates[i + 1]?.start ?? text.length;
    let rest = text.slice(c.afterStart, limit);
    if (/^\s*%/.test(rest)) {
      c.kind = 'percent';
      const pct = /^\s*%/.exec(rest)![0].length;
      c.afterStart += pct;
      c.end += pct;
      rest = rest.slice(pct);
    }
    const stop = PHRASE_END.exec(rest);
    const phrase = stop ? rest.slice(0, stop.index) : rest;
    let end = c.afterStart;
    const kept: string[] = [];
    for (const w of phrase.matchAll(WORD)) {
      const word = asWord(w[0]);
      if (CONNECTORS.has(word)) break;
      kept.push(word);
      end = c.afterStart + w.index! + w[0].length;
    }
    c.afterEnd = end;
    c.afterWords = kept;
    if (c.kind === null && kept.length) c.kind = unitKindOfWord(kept[0]);
  });

  const entries = catalogue.map((e) => ({
    entry: e,
    kind: unitKindOfCatalogue(e.unit),
    alternatives: e.name.split('/').map((alt) => [...new Set(words(alt))]).filter((a) => a.length),
  }));

  const figures: DraftFigure[] = [];
  const unmatched: UnmatchedNumber[] = [];
  for (const [index, c] of candidates.entries()) {
    // A table row names the figure before it ("Ngày công | 8.100"): with nothing after the number, the label is the cell before.
    const labelFirst = c.afterWords.length === 0 && c.kind !== 'percent' && opensItsCell(text, ends, c.spanStart);
    const before = wordsBefore(text, ends, candidates, index, labelFirst);
    const around = new Set([...c.afterWords, ...before]);
    const afterSet = new Set(c.afterWords);
    let head = c.afterWords[0];
    if (head && CLASSIFIERS.has(head)) head = c.afterWords[1];
    const scored = entries.flatMap(({ entry, kind, alternatives }) => {
      if (c.kind !== kind) return [];
      return alternatives.flatMap((alt) => {
        if (kind === null && !labelFirst && (!head || !alt.includes(head))) return [];
        const matched = alt.filter((w) => around.has(w));
        return [{ entry, matched, coverage: matched.length / alt.length, afterHits: alt.filter((w) => afterSet.has(w)).length }];
      });
    });
    // Best alternative per indicator, then best indicator.
    const best = new Map<string, (typeof scored)[number]>();
    for (const s of scored) {
      const b = best.get(s.entry.code);
      if (!b || s.coverage > b.coverage || (s.coverage === b.coverage && s.afterHits > b.afterHits)) best.set(s.entry.code, s);
    }
    const ranked = [...best.values()].filter((s) => s.matched.length > 0 || c.kind !== null).sort((a, b) => b.coverage - a.coverage || b.afterHits - a.afterHits);
    const span = { start: c.spanStart, end: Math.max(c.end, c.afterEnd) };
    const base = { text: text.slice(span.start, span.end), span, value: c.value, qualifier: c.qualifier, ...(c.of ? { of: c.of } : {}) };
    const firm = ranked.filter((s) => s.coverage > 0.5);
    const unmatchedBecause = (reason: string) => unmatched.push({ ...base, reason, candidates: ranked.map((s) => s.entry.code) });
    if (firm.length === 0) {
      const about = c.afterWords.length ? `"${c.afterWords.join(' ')}"` : 'nothing after the number';
      unmatchedBecause(ranked.length
        ? `only ${ranked[0].matched.map((w) => `"${w}"`).join(', ') || 'the unit'} of "${ranked[0].entry.name}" found around ${about}`
        : `no indicator in the catalogue matches ${about}`);
      continue;
    }
    if (firm.length > 1 && firm[0].coverage === firm[1].coverage && firm[0].afterHits === firm[1].afterHits) {
      unmatchedBecause(`ambiguous between ${firm.filter((s) => s.coverage === firm[0].coverage && s.afterHits === firm[0].afterHits).map((s) => s.entry.code).join(' and ')}`);
      continue;
    }
    const chosen = firm[0];
    const fits = parseDecimal(c.value, chosen.entry.scale);
    if (!fits.ok) {
      unmatchedBecause(`${chosen.entry.code}: ${c.value} ${fits.message}`);
      continue;
    }
    figures.push({ indicator: chosen.entry.code, ...base, value: fits.value, matchedWords: chosen.matched });
  }
  return { text, figures, unmatched, ignored };
}

/**
 * The words of the clause before a number, without the qualifier and without the words that
 * belong to another figure (its number and the phrase after it): "... tổ chức hơn 5.000 buổi
 * phát động quần chúng với hơn 416.000" gives 416.000 "... tổ chức, với", not "buổi".
 */
/** Nothing but space between the last clause or cell boundary and `at`: the number is alone in its cell. */
function opensItsCell(text: string, ends: readonly number[], at: number): boolean {
  return !hasWord(text.slice(clauseStartsBefore(ends, at)[0], at));
}

/**
 * The words of the clause before a number, without the qualifier and without the words that
 * belong to another figure (its number and the phrase after it): "... tổ chức hơn 5.000 buổi
 * phát động quần chúng với hơn 416.000" gives 416.000 "... tổ chức, với", not "buổi".
 */
function wordsBefore(text: string, ends: readonly number[], all: readonly Candidate[], index: number, previousCellIfEmpty: boolean): string[] {
  const c = all[index];
  const [last, previous] = clauseStartsBefore(ends, c.spanStart);
  const from = previousCellIfEmpty && !hasWord(text.slice(last, c.spanStart)) ? previous : last;
  // A clause longer than this says nothing more about one number, and the bound keeps long texts linear.
  const clauseStart = Math.max(from, c.spanStart - MAX_LOOK_BACK);
  const chars = text.slice(clauseStart, c.spanStart).split('');
  // Candidates are in text order and each ends before the next starts: walk back from this one.
  for (let j = index - 1; j >= 0; j--) {
    const o = all[j];
    const end = Math.max(o.end, o.afterEnd);
    if (end <= clauseStart) break;
    for (let i = Math.max(o.spanStart, clauseStart); i < Math.min(end, c.spanStart); i++) chars[i - clauseStart] = ' ';
  }
  return words(chars.join(''));
}
