import fc from 'fast-check';
import { canonicalHexPosition, isCanonicalBase64url } from './token';

describe('opaque tokens', () => {
  describe('canonicalHexPosition', () => {
    it.each([
      ['000000000000002a', '2a'],
      ['000000000000002A', '2a'],
      ['0'.repeat(16), '0'],
      ['0'.repeat(17), '0'],
      ['0'.repeat(1000), '0'],
      ['0'.repeat(40) + 'f'.repeat(32), 'f'.repeat(32)],
    ])('%p reads as %p', (text, expected) => {
      expect(canonicalHexPosition(text)).toBe(expected);
    });

    it.each(['', '-1', '0x2a', '12g', ' 2a', '1'.repeat(33)])('refuses %p', (text) => {
      expect(canonicalHexPosition(text)).toBeNull();
    });

    it('property: leading zeros and case never change the value', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.nat(40), fc.boolean(), (n, zeros, upper) => {
          const hex = n.toString(16);
          const spelled = '0'.repeat(zeros) + (upper ? hex.toUpperCase() : hex);
          const canonical = canonicalHexPosition(spelled);
          expect(canonical).toBe(hex);
          expect(BigInt(`0x${canonical}`)).toBe(n);
        }),
      );
    });
  });

  describe('isCanonicalBase64url', () => {
    it('accepts exactly what an encoder writes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (bytes) => {
          const encoded = Buffer.from(bytes).toString('base64url');
          expect(isCanonicalBase64url(encoded)).toBe(true);
        }),
      );
    });

    it('refuses every other spelling a lenient decoder would take', () => {
      const token = Buffer.from('{"k":"x"}').toString('base64url'); // 12 chars, no tail
      const short = Buffer.from('ab').toString('base64url'); // "YWI"
      expect(isCanonicalBase64url(token)).toBe(true);
      expect(isCanonicalBase64url(short)).toBe(true);
      expect(isCanonicalBase64url('YWJ')).toBe(false); // same bytes, unused bits set
      expect(Buffer.from('YWJ', 'base64url').toString()).toBe('ab');
      for (const other of [`${short}=`, `${token}==`, ` ${token}`, `${token}\n`, token.replace(/./, '+'), 'A', '']) {
        expect(isCanonicalBase64url(other)).toBe(false);
      }
    });
  });

  it('the unused bits of a last character must be zero: four of them after two characters, two after three', () => {
    expect(isCanonicalBase64url('AQ')).toBe(true);
    expect(isCanonicalBase64url('AR')).toBe(false);
    expect(isCanonicalBase64url('AB')).toBe(false);
    expect(isCanonicalBase64url('AAE')).toBe(true);
    expect(isCanonicalBase64url('AAF')).toBe(false);
    expect(isCanonicalBase64url('AAAB')).toBe(true);
  });
});
