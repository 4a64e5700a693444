import { assertNever, conflict, DomainError, forbidden, invalid, notFound, unprocessable } from './errors';

describe('domain errors', () => {
  it('each helper makes its kind, with its message and field errors (none unless given)', () => {
    const field = [{ field: 'reason', message: 'is required' }];
    for (const [error, kind] of [
      [invalid('bad'), 'invalid'], [conflict('bad'), 'conflict'], [unprocessable('bad'), 'unprocessable'], [forbidden('bad'), 'forbidden'], [notFound('bad'), 'not_found'],
    ] as const) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toBeInstanceOf(Error);
      expect({ name: error.name, kind: error.kind, message: error.message, errors: error.errors }).toEqual({ name: 'DomainError', kind, message: 'bad', errors: [] });
    }
    expect(invalid('bad', field).errors).toEqual(field);
    expect(conflict('bad', field).errors).toEqual(field);
    expect(unprocessable('bad', field).errors).toEqual(field);
    expect(new DomainError('invalid', 'bad').errors).toEqual([]);
  });

  it('an unhandled case throws, naming it', () => {
    expect(() => assertNever({ type: 'Unknown.v9' } as never)).toThrow('unhandled case: {"type":"Unknown.v9"}');
  });
});
