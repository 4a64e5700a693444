/**
 * How a reported number is qualified in the source: "khoảng 5.000" (about), "gần 4.400" (nearly),
 * "hơn / trên 416.000" (over), "ít nhất 200" (at least). The qualifier belongs to the figure.
 */
export const QUALIFIERS = ['about', 'nearly', 'over', 'at_least'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export function isQualifier(value: unknown): value is Qualifier {
  return typeof value === 'string' && (QUALIFIERS as readonly string[]).includes(value);
}
