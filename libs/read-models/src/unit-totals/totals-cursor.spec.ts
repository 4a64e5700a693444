import { encodeCursor } from '../paging';
import { cursorKey } from './totals.queries';

describe('totals cursors', () => {
  it('given the empty key, then the composite key that sorts before every real one (the first page)', () => {
    expect(cursorKey(encodeCursor(''), 3)).toEqual(['', '', '']);
    expect(cursorKey(encodeCursor(''), 1)).toEqual(['']);
  });

  it('given a cursor this API issued, then its key', () => {
    expect(cursorKey(encodeCursor(JSON.stringify(['daklak-bcd', '2021', 'work_days'])), 3)).toEqual(['daklak-bcd', '2021', 'work_days']);
  });

  it.each([
    ['a key of another length', encodeCursor(JSON.stringify(['a', 'b']))],
    ['a key that is not JSON', encodeCursor('not json')],
    ['a key with a number in it', encodeCursor(JSON.stringify(['a', 1, 'c']))],
    ['no cursor at all', 'bm90IGEgY3Vyc29y'],
  ])('given %s, then a RangeError (400 at the edge)', (_what, cursor) => {
    expect(() => cursorKey(cursor, 3)).toThrow(RangeError);
  });
});
