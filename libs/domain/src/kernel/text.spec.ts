import fc from 'fast-check';
import { cleanText, firstInvalidUtf8 } from './text';

describe('text hygiene', () => {
  it.each([
    ['Ia R\u0027vê', 'Ia R\u0027vê'],
    ['Ia R\u0027ve\u0302', 'Ia R\u0027vê'], // combining circumflex → precomposed
    ['Đắk Lắk', 'Đắk Lắk'],
    ['H\u0027Kim Hoa Byă', 'H\u0027Kim Hoa Byă'],
    ['😀 emoji pairs are text', '😀 emoji pairs are text'],
    ['', ''],
  ])('accepts %p as %p (NFC)', (input, expected) => {
    expect(cleanText(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a\u0000b', 'U+0000'],
    ['\u001b[31mred', 'U+001B'],
    ['tab\there', 'U+0009'],
    ['two\nlines', 'U+000A'],
    ['del\u007f', 'U+007F'],
    ['lone \ud800 high', 'lone surrogate (U+D800)'],
    ['lone \udc00 low', 'lone surrogate (U+DC00)'],
    ['reversed \udc00\ud800', 'lone surrogate'],
  ])('refuses %p in a single-line field (%s)', (input, named) => {
    expect(cleanText(input)).toEqual({ ok: false, message: expect.stringContaining(named) });
  });

  it('allows tab and line feed, and only them, in multi-line text', () => {
    expect(cleanText('Hội nghị\n\tsơ kết', { multiline: true })).toEqual({ ok: true, value: 'Hội nghị\n\tsơ kết' });
    expect(cleanText('a\r\nb', { multiline: true })).toEqual({ ok: false, message: 'contains the control character U+000D (only tab and line feed are allowed here)' });
    expect(cleanText('a\u0000', { multiline: true }).ok).toBe(false);
  });

  it('property: accepted text is NFC and unchanged by a second pass; anything with a C0 control is refused', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = cleanText(s);
        const hasControl = /[\u0000-\u001f\u007f]/.test(s);
        if (hasControl) expect(once.ok).toBe(false);
        if (!once.ok) return;
        expect(once.value).toBe(s.normalize('NFC'));
        expect(cleanText(once.value)).toEqual(once);
      }),
    );
  });

  describe('firstInvalidUtf8', () => {
    const bytes = (...b: number[]) => Uint8Array.from(b);
    it.each([
      ['ASCII', bytes(0x61, 0x62), -1],
      ['ê (2 bytes)', bytes(0xc3, 0xaa), -1],
      ['Đắk', new TextEncoder().encode('Đắk'), -1],
      ['an emoji (4 bytes)', new TextEncoder().encode('x😀'), -1],
      ['a stray continuation byte', bytes(0x61, 0x80), 1],
      ['0xff', bytes(0xff), 0],
      ['an overlong NUL (C0 80)', bytes(0xc0, 0x80), 0],
      ['an overlong E0 80 80', bytes(0xe0, 0x80, 0x80), 0],
      ['an encoded surrogate (ED A0 80)', bytes(0x61, 0xed, 0xa0, 0x80), 1],
      ['above U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 0],
      ['a sequence cut short', bytes(0x61, 0x62, 0xe1, 0xba), 2],
    ])('%s → %p', (_, input, expected) => {
      expect(firstInvalidUtf8(input)).toBe(expected);
    });

    it('property: agrees with a strict decoder on any bytes, and finds nothing in encoded text', () => {
      const strict = new TextDecoder('utf-8', { fatal: true });
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
          let valid = true;
          try {
            strict.decode(b);
          } catch {
            valid = false;
          }
          const at = firstInvalidUtf8(b);
          expect(at === -1).toBe(valid);
          // Everything before the offset decodes.
          if (at >= 0) expect(() => strict.decode(b.subarray(0, at))).not.toThrow();
        }),
      );
      fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => expect(firstInvalidUtf8(new TextEncoder().encode(s))).toBe(-1)));
    });
  });

  it('says which control character, and in multi-line text which ones are allowed', () => {
    expect(cleanText('a\u0007b')).toEqual({ ok: false, message: 'contains the control character U+0007' });
    expect(cleanText('a\u0007b', { multiline: true })).toEqual({ ok: false, message: 'contains the control character U+0007 (only tab and line feed are allowed here)' });
  });

  it.each<[string, number[], number]>([
    ['the smallest two-byte lead', [0xc2, 0x80], -1],
    ['an overlong two-byte form', [0xc1, 0xbf], 0],
    ['the largest two-byte lead', [0xdf, 0xbf], -1],
    ['the smallest three-byte form', [0xe0, 0xa0, 0x80], -1],
    ['an overlong three-byte form', [0xe0, 0x9f, 0xbf], 0],
    ['the last code point before the surrogates', [0xed, 0x9f, 0xbf], -1],
    ['a surrogate', [0xed, 0xa0, 0x80], 0],
    ['a three-byte form whose last byte is no continuation', [0xe1, 0x80, 0xc0], 0],
    ['a three-byte form whose last byte is ASCII', [0x41, 0xe1, 0x80, 0x7f], 1],
    ['the smallest four-byte form', [0xf0, 0x90, 0x80, 0x80], -1],
    ['an overlong four-byte form', [0xf0, 0x8f, 0xbf, 0xbf], 0],
    ['a four-byte form from an ordinary lead', [0xf1, 0x80, 0x80, 0x80], -1],
    ['U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf], -1],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a lead byte no form uses', [0xf5, 0x80, 0x80, 0x80], 0],
    ['a four-byte form cut short', [0x61, 0xf0, 0x90, 0x80], 1],
  ])('UTF-8: %s', (_, bytes, offset) => expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset));
});
