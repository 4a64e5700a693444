/**
 * Why a command was refused. The HTTP layer maps each kind to one status:
 * invalid → 400, forbidden → 403, not_found → 404, conflict → 409, unprocessable → 422.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, errors: FieldError[] = []) => new DomainError('invalid', message, errors);
export const conflict = (message: string, errors: FieldError[] = []) => new DomainError('conflict', message, errors);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const notFound = (message: string) => new DomainError('not_found', message);
export const unprocessable = (message: string, errors: FieldError[] = []) =>
  new DomainError('unprocessable', message, errors);

/** Makes a missing `case` in a switch over a union a compile error. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
