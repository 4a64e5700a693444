/**
 * Text hygiene: what a person may type into a name, a note or a reason. Refused rather than
 * silently cleaned, so that what is stored is what the client meant and can see it sent:
 * - C0 control characters (NUL, ESC, ...) and DEL: never typed on purpose; tab and line feed only
 *   in multi-line free text (notes, reasons, comments);
 * - lone UTF-16 surrogates: not text at all (they cannot even be written back out as UTF-8).
 * Accepted text is NFC-normalized, so "Ia R'vê" typed with a combining accent and with a
 * precomposed ê is one name, one search key and one total.
 */

export type TextCheck = { ok: true; value: string } | { ok: false; message: string };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL_CLASS = '\\u0000-\\u001F\\u007F';
const CONTROL_BUT_TAB_AND_LF_CLASS = '\\u0000-\\u0008\\u000B-\\u001F\\u007F';
const CONTROL = new RegExp(`[${CONTROL_CLASS}]`);
const CONTROL_BUT_TAB_AND_LF = new RegExp(`[${CONTROL_BUT_TAB_AND_LF_CLASS}]`);
/** What cleanText accepts (short of lone surrogates, which a pattern cannot express), for schemas. */
export const TEXT_PATTERN = `^[^${CONTROL_CLASS}]*$`;
export const MULTILINE_TEXT_PATTERN = `^[^${CONTROL_BUT_TAB_AND_LF_CLASS}]*$`;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export function cleanText(value: string, options: { multiline?: boolean } = {}): TextCheck {
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return { ok: false, message: `contains a lone surrogate (${codePoint(surrogate[0])}), which is not text` };
  const control = (options.multiline ? CONTROL_BUT_TAB_AND_LF : CONTROL).exec(value);
  if (control) {
    const allowed = options.multiline ? ' (only tab and line feed are allowed here)' : '';
    return { ok: false, message: `contains the control character ${codePoint(control[0])}${allowed}` };
  }
  return { ok: true, value: value.normalize('NFC') };
}

/**
 * Offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or -1. A decoder would quietly turn such bytes into U+FFFD.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90; // overlong
      if (b === 0xf4) max = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}
