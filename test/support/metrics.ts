/**
 * Reads one sample from Prometheus text (exposition format 0.0.4): the value of `name` with
 * exactly `labels` (any order), or undefined when there is no such sample.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const m of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) found[m[1]] = m[2].replace(/\\(.)/g, '$1');
    const keys = Object.keys(labels);
    if (keys.length !== Object.keys(found).length || keys.some((k) => found[k] !== labels[k])) continue;
    return Number(match[3]);
  }
  return undefined;
}

/** The denial counter for one reason. */
export const denials = (text: string, reason: string) => sample(text, 'danvan_denied_requests_total', { reason }) ?? 0;
