import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN } from './ids';

describe('ids and codes', () => {
  it.each(['d737-2021', 'lak-bdv-2024', 'a', '0', 'Report_1.v2', 'x'.repeat(100), '3f2c1a9e-8d1b-4c5e-9f00-1a2b3c4d5e6f'])('%s is an id', (id) => expect(ID_PATTERN.test(id)).toBe(true));

  it.each([
    ['empty', ''],
    ['101 characters', 'x'.repeat(101)],
    ['a leading dash', '-abc'],
    ['a leading dot', '.abc'],
    ['a space', 'lak bdv'],
    ['a slash', 'a/b'],
    ['a MongoDB operator', '$where'],
    ['a newline at the end', 'abc\n'],
    ['a letter with a diacritic', 'lắk'],
  ])('%s is not an id', (_, id) => expect(ID_PATTERN.test(id)).toBe(false));

  it.each(['work_days', 'houses_supported', 'a', 'support_value_vnd', `a${'b'.repeat(63)}`])('%s is an indicator code', (code) => expect(CODE_PATTERN.test(code)).toBe(true));

  it.each([
    ['empty', ''],
    ['65 characters', `a${'b'.repeat(64)}`],
    ['upper case', 'Work_days'],
    ['a leading digit', '1km'],
    ['a leading underscore', '_x'],
    ['a dash', 'work-days'],
    ['a trailing space', 'work_days '],
  ])('%s is not an indicator code', (_, code) => expect(CODE_PATTERN.test(code)).toBe(false));

  it('says what each accepts', () => {
    expect(ID_MESSAGE).toBe('must be 1-100 letters, digits, dots, dashes or underscores, starting with a letter or digit');
    expect(CODE_MESSAGE).toBe('must be snake_case: a lowercase letter, then lowercase letters, digits or underscores (max 64)');
  });
});
