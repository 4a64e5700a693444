import { compareDecimals, maxDecimal, parseDecimal, sumDecimals } from './decimal';

describe('decimal', () => {
  it.each([
    [110.5, 1, '110.5'],
    ['110.50', 2, '110.5'],
    ['0015300000000', 0, '15300000000'],
    [0, 0, '0'],
    ['0.000', 0, '0'],
    ['36.24', 2, '36.24'],
    [1e-6, 6, '0.000001'],
  ])('parses %p at scale %p as %p', (input, scale, expected) => {
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
    [Number.NaN, 0],
    [Infinity, 0],
    [2 ** 60, 0],
    [{}, 0],
    [true, 0],
    ['0x10', 0],
    [1e-7, 6],
  ])('rejects %p at scale %p', (input, scale) => {
    expect(parseDecimal(input, scale).ok).toBe(false);
  });

  it('sums exactly where floating point drifts', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(Array.from({ length: 1000 }, () => '0.001'))).toBe('1');
    expect(sumDecimals(['15300000000', '2631000000'])).toBe('17931000000');
    expect(sumDecimals(['999999999999999999999999', '1'])).toBe('1000000000000000000000000');
    expect(sumDecimals([])).toBe('0');
  });

  it('compares and takes the maximum across scales', () => {
    expect(compareDecimals('2', '10')).toBe(-1);
    expect(compareDecimals('1.5', '1.25')).toBe(1);
    expect(compareDecimals('3', '3')).toBe(0);
    expect(maxDecimal(['83', '109', '9.5'])).toBe('109');
    expect(maxDecimal([])).toBeNull();
  });
});
