/**
 * Opaque tokens the API hands out and reads back. Each has one canonical spelling, so that two
 * spellings of one token never mean two things (or one of them nothing, forever).
 */

const HEX = /^[0-9a-fA-F]+$/;

/**
 * A position in the event log is a hexadecimal counter. Read by value: case and leading zeros do
 * not change it ("000…0" of any length is position zero). Returns the canonical spelling, lower
 * case without leading zeros ("0" for zero), or null for anything that is not hex or has more
 * than `maxDigits` significant digits.
 */
export function canonicalHexPosition(text: string, maxDigits = 32): string | null {
  if (!HEX.test(text)) return null;
  const digits = text.toLowerCase().replace(/^0+(?=[0-9a-f])/, '');
  return digits.length > maxDigits ? null : digits;
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * True when `text` is the one unpadded base64url spelling of its bytes. Decoders are lenient
 * (padding, stray characters, unused low bits of the last character are ignored), which would
 * let many strings stand for one cursor.
 */
export function isCanonicalBase64url(text: string): boolean {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return false;
  const last = BASE64URL_ALPHABET.indexOf(text[text.length - 1]);
  // With 2 (or 3) characters in the last group, its last character carries 4 (or 2) unused bits, which must be zero.
  if (text.length % 4 === 2) return (last & 0b1111) === 0;
  if (text.length % 4 === 3) return (last & 0b11) === 0;
  return true;
}
