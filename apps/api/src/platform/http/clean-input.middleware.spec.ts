import fc from 'fast-check';
import { formatPath, scanJson } from './clean-input.middleware';

const at = (root: unknown, path: (string | number)[]) => path.reduce<unknown>((v, s) => (v as Record<string | number, unknown>)[s], root);

describe('scanJson', () => {
  it('finds every number and string value of any JSON text at its path, with its exact span', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify({ body: value }, null, pretty ? 2 : undefined);
        const parsed = JSON.parse(text) as unknown;
        let numbers = 0;
        let strings = 0;
        for (const token of scanJson(text)) {
          const literal = text.slice(token.start, token.end);
          if (token.kind === 'number') {
            numbers++;
            expect(at(parsed, token.path)).toBe(Number(literal));
          } else {
            strings++;
            const decoded = JSON.parse(literal) as string;
            const holder = at(parsed, token.path);
            // A string token is a value at its path, or a key of the object at its path.
            expect(holder === decoded || (holder !== null && typeof holder === 'object' && Object.prototype.hasOwnProperty.call(holder, decoded))).toBe(true);
          }
        }
        const count = (v: unknown): [number, number] =>
          typeof v === 'number' ? [1, 0] : typeof v === 'string' ? [0, 1]
            : Array.isArray(v) ? v.map(count).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0])
            : v !== null && typeof v === 'object' ? Object.values(v).reduce<[number, number]>((acc, x) => { const [a, b] = count(x); return [acc[0] + a, acc[1] + b + 1]; }, [0, 0])
            : [0, 0];
        const [n, s] = count(parsed);
        expect(numbers).toBe(n);
        // Keys are string tokens too.
        expect(strings).toBe(s);
      }),
    );
  });

  it('names paths the way the validation errors do', () => {
    expect(formatPath(['figures', 0, 'value'])).toBe('figures[0].value');
    expect(formatPath(['reason'])).toBe('reason');
    expect(formatPath([])).toBe('body');
  });
});
