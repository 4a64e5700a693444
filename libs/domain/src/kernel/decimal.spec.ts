import fc from 'fast-check';
import { compareDecimals, expandDecimalLiteral, MAX_SCALE, maxDecimal, parseDecimal, sumDecimals } from './decimal';

/** The exact value of a plain decimal text as units of 10^-scale, or null when it needs more places. */
function exactUnits(text: string, scale: number): bigint | null {
  const [int, frac = ''] = text.split('.');
  const significant = frac.replace(/0+$/, '');
  if (significant.length > scale) return null;
  return BigInt(int + significant.padEnd(scale, '0'));
}

describe('decimal', () => {
  describe('parseDecimal', () => {
    it.each([
      [110.5, 1, '110.5'],
      ['110.50', 2, '110.5'],
      ['0015300000000', 0, '15300000000'],
      [0, 0, '0'],
      [-0, 0, '0'],
      ['0', 0, '0'],
      ['36.24', 2, '36.24'],
      [1e-6, 6, '0.000001'],
      [1e3, 0, '1000'],
      [1.5e3, 0, '1500'],
      [416000, 0, '416000'],
      ['416000', 0, '416000'],
      ['416.000', 3, '416'],
      [0.1, 1, '0.1'],
      [123456.789, 3, '123456.789'],
      [Number.MAX_SAFE_INTEGER, 0, '9007199254740991'],
    ])('reads %p at scale %p as %p', (input, scale, expected) => {
      expect(parseDecimal(input, scale)).toEqual({ ok: true, value: expected });
    });

    it.each([
      ['-1', 2],
      [-0.5, 2],
      ['1.234', 2],
      ['1e3', 0],
      ['15,3', 1],
      ['5.000.000', 0],
      ['', 0],
      [' ', 0],
      [' 1', 0],
      [Number.NaN, 0],
      [Infinity, 0],
      [2 ** 60, 0],
      [1e21, 0],
      [{}, 0],
      [true, 0],
      [null, 0],
      ['0x10', 0],
      [1e-7, 6],
      ['1.0', 0],
      ['0.000', 0],
      [0.5, 0],
    ])('refuses %p at scale %p', (input, scale) => {
      expect(parseDecimal(input, scale).ok).toBe(false);
    });

    it('refuses digits beyond the scale even when they are zeros, naming the thousands separator', () => {
      expect(parseDecimal('416.000', 0)).toEqual({
        ok: false,
        message: '"416.000" has 3 decimal places; this indicator allows none. If the dot is a Vietnamese thousands separator, send 416000',
      });
      expect(parseDecimal('1.100', 1)).toEqual({
        ok: false,
        message: '"1.100" has 3 decimal places; this indicator allows at most 1. If the dot is a Vietnamese thousands separator, send 1100',
      });
      expect(parseDecimal('5.000.000', 0)).toMatchObject({ ok: false, message: expect.stringContaining('send 5000000') });
      expect(parseDecimal('15,3', 1)).toMatchObject({ ok: false, message: expect.stringContaining('"15,3" is 15.3') });
      // Not a grouping: no hint where it would mislead.
      expect(parseDecimal('0.500', 0)).toEqual({ ok: false, message: '"0.500" has 3 decimal places; this indicator allows none' });
    });

    it('refuses JSON numbers whose exact value needs more places than the scale', () => {
      expect(parseDecimal(1e-21, 0)).toEqual({ ok: false, message: '1e-21 (0.000000000000000000001) has 21 decimal places; this indicator allows none' });
      expect(parseDecimal(5e-324, 0)).toEqual({ ok: false, message: '5e-324 has 324 decimal places; this indicator allows none' });
      expect(parseDecimal(5e-324, MAX_SCALE).ok).toBe(false);
      expect(parseDecimal(1e-7, 6)).toMatchObject({ ok: false, message: expect.stringContaining('7 decimal places') });
    });

    it('keeps the integer digit bound', () => {
      expect(parseDecimal('9'.repeat(24), 0)).toEqual({ ok: true, value: '9'.repeat(24) });
      expect(parseDecimal('9'.repeat(25), 0)).toEqual({ ok: false, message: 'has more than 24 integer digits' });
    });
  });

  describe('the reason given for each refusal (the API answers it as the field\'s message)', () => {
    it.each<[string, unknown, number, string]>([
      ['a non-finite number', Number.NaN, 0, 'must be a finite number'],
      ['infinity', Number.POSITIVE_INFINITY, 2, 'must be a finite number'],
      ['a negative number', -1, 0, 'must not be negative'],
      ['a negative string', '-5', 0, 'must not be negative'],
      ['an integer past 2^53', 2 ** 60, 0, 'is too large for a JSON number; send it as a decimal string'],
      ['neither number nor string', { value: 1 }, 0, 'must be a non-negative decimal number or string'],
      ['a boolean', true, 0, 'must be a non-negative decimal number or string'],
      ['a trailing minus', '5-', 0, 'must be a non-negative decimal such as "110.5"'],
      ['letters', 'abc', 0, 'must be a non-negative decimal such as "110.5"'],
      ['a decimal comma', '15,3', 1, 'must be a decimal such as "110.5"; "15,3" has a comma: write decimals with a dot ("15,3" is 15.3) and no thousands separators'],
      ['a comma among other characters', '1,5x', 1, 'must be a non-negative decimal such as "110.5"'],
      ['a comma after other characters', 'x1,5', 1, 'must be a non-negative decimal such as "110.5"'],
      ['one place too many', '0.5', 0, '"0.5" has 1 decimal place; this indicator allows none'],
      ['places past the scale', '1.1255', 2, '"1.1255" has 4 decimal places; this indicator allows at most 2'],
      ['a JSON number with a place too many', 0.5, 0, '0.5 has 1 decimal place; this indicator allows none'],
      ['a JSON number in exponent form', 1e-7, 6, '1e-7 (0.0000001) has 7 decimal places; this indicator allows at most 6'],
      ['a JSON number whose expansion is 40 characters', 1e-38, 6, '1e-38 (0.00000000000000000000000000000000000001) has 38 decimal places; this indicator allows at most 6'],
      ['a JSON number whose expansion is longer than 40 characters', 1e-39, 6, '1e-39 has 39 decimal places; this indicator allows at most 6'],
    ])('%s', (_, input, scale, message) => {
      expect(parseDecimal(input, scale)).toEqual({ ok: false, message });
    });
  });

  describe('expandDecimalLiteral', () => {
    it('moves the point exactly, at the edges too', () => {
      expect(expandDecimalLiteral('5e-1')).toBe('0.5');
      expect(expandDecimalLiteral('15e0')).toBe('15');
      expect(expandDecimalLiteral('15e-2')).toBe('0.15');
      expect(expandDecimalLiteral('1e400')).toBe(`1${'0'.repeat(400)}`);
      expect(expandDecimalLiteral('1e401')).toBeNull();
      expect(expandDecimalLiteral('1e-401')).toBeNull();
    });

    it.each([
      ['7', '7'],
      ['1e3', '1000'],
      ['1E+3', '1000'],
      ['1.50e1', '15.0'],
      ['12.5e-1', '1.25'],
      ['1e-3', '0.001'],
      ['0.0e5', '0'],
      ['416.000', '416.000'],
      ['000123', '123'],
    ])('writes %p as %p', (literal, expected) => {
      expect(expandDecimalLiteral(literal)).toBe(expected);
    });

    it.each(['-1', '1e999999999', '1e-401', 'e3', '1.', '.5', '0x1', ''])('refuses %p', (literal) => {
      expect(expandDecimalLiteral(literal)).toBeNull();
    });
  });

  describe('properties', () => {
    const scales = fc.integer({ min: 0, max: MAX_SCALE });
    /** A canonical decimal and a scale it fits. */
    const canonical = scales.chain((scale) =>
      fc.bigInt({ min: 0n, max: 10n ** 24n - 1n }).map((units) => {
        const digits = units.toString().padStart(scale + 1, '0');
        const int = digits.slice(0, digits.length - scale).replace(/^0+(?=\d)/, '');
        const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
        return { scale, text: frac ? `${int}.${frac}` : int };
      }),
    );

    it('round-trips every canonical decimal, and any spelling of it within the scale, to itself', () => {
      fc.assert(
        fc.property(canonical, fc.nat(5), fc.nat(MAX_SCALE), ({ scale, text }, leadingZeros, trailingZeros) => {
          expect(parseDecimal(text, scale)).toEqual({ ok: true, value: text });
          const [int, frac = ''] = text.split('.');
          const padded = frac.padEnd(Math.min(scale, frac.length + trailingZeros), '0');
          const spelled = '0'.repeat(leadingZeros) + int + (padded ? `.${padded}` : '');
          if (int.length + leadingZeros <= 24 || leadingZeros === 0) {
            expect(parseDecimal(spelled, scale)).toEqual({ ok: true, value: text });
          }
          expect(sumDecimals([text])).toBe(text);
        }),
      );
    });

    it('never changes the magnitude of a decimal string: accepted means exactly equal, else refused', () => {
      const decimalish = fc.stringMatching(/^[0-9]{1,8}([.,][0-9]{1,8}){0,3}$/);
      fc.assert(
        fc.property(decimalish, scales, (text, scale) => {
          const result = parseDecimal(text, scale);
          if (!result.ok) return;
          expect(text).toMatch(/^\d+(\.\d+)?$/);
          expect(text.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(scale);
          expect(exactUnits(result.value, scale)).toBe(exactUnits(text, scale));
        }),
      );
    });

    it('refuses a Vietnamese-grouped thousand ("416.000") wherever the scale is under three places', () => {
      const grouped = fc.stringMatching(/^[1-9][0-9]{0,2}(\.[0-9]{3}){1,4}$/);
      fc.assert(fc.property(grouped, fc.integer({ min: 0, max: 2 }), (text, scale) => {
        expect(parseDecimal(text, scale).ok).toBe(false);
      }));
    });

    it('reads a JSON number as the decimal that reads back as the same double, or refuses it', () => {
      const numbers = fc.oneof(fc.double({ min: 0, noNaN: true }), fc.integer({ min: 0 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
      fc.assert(
        fc.property(numbers, scales, (n, scale) => {
          const result = parseDecimal(n, scale);
          if (!result.ok) return;
          expect(Number(result.value)).toBe(n === 0 ? 0 : n);
          expect(result.value.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(scale);
        }),
      );
    });
  });

  it('sums exactly where floating point drifts', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(Array.from({ length: 1000 }, () => '0.001'))).toBe('1');
    expect(sumDecimals(['15300000000', '2631000000'])).toBe('17931000000');
    expect(sumDecimals(['999999999999999999999999', '1'])).toBe('1000000000000000000000000');
    expect(sumDecimals([])).toBe('0');
  });

  it('sums decimals of different scales at the largest scale', () => {
    expect(sumDecimals(['1.5', '2'])).toBe('3.5');
    expect(sumDecimals(['2', '0.25', '1.5'])).toBe('3.75');
    expect(sumDecimals(['0.75', '0.25'])).toBe('1');
  });

  it('compares and takes the maximum across scales', () => {
    expect(compareDecimals('2', '10')).toBe(-1);
    expect(compareDecimals('1.5', '1.25')).toBe(1);
    expect(compareDecimals('3', '3')).toBe(0);
    expect(maxDecimal(['83', '109', '9.5'])).toBe('109');
    expect(maxDecimal([])).toBeNull();
  });
});
