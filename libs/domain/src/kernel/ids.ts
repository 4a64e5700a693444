/** Ids of units, reports, programs and areas: readable slugs or UUIDs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const ID_MESSAGE = 'must be 1-100 letters, digits, dots, dashes or underscores, starting with a letter or digit';

/** Indicator codes: snake_case. */
export const CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
export const CODE_MESSAGE = 'must be snake_case: a lowercase letter, then lowercase letters, digits or underscores (max 64)';
