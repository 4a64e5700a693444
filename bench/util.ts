import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { resolve } from 'node:path';

/** Seconds taken by `fn`, measured with the monotonic high-resolution clock. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return Number(raw);
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtRate(n: number): string {
  return n >= 100 ? fmtInt(n) : n.toFixed(1);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** JSON with sorted keys: documents compare by content, whatever order their keys were written in. */
export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  os: string;
  node: string;
  sqlite: string;
  betterSqlite3: string;
  mongodbDriver: string;
  tmpFilesystem: string;
}

function packageVersion(name: string): string {
  try {
    const file = resolve(require.resolve(name), '..');
    // Walk up to the package's own package.json.
    for (let dir = file; dir !== '/'; dir = resolve(dir, '..')) {
      try {
        const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? 'unknown';
      } catch {
        // not here; keep walking
      }
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

/** The filesystem type and device holding `path`, from /proc/mounts (longest matching mount point). */
function filesystemOf(path: string): string {
  try {
    let best = { point: '', text: 'unknown' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, point, type] = line.split(' ');
      if (!point) continue;
      const inside = path === point || path.startsWith(point.endsWith('/') ? point : `${point}/`);
      if (inside && point.length >= best.point.length) best = { point, text: `${type} (${device}, mounted on ${point})` };
    }
    return best.text;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(tmp: string): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (model) cpu = model[1].trim();
  } catch {
    // keep os.cpus()'s answer
  }
  let os = `${process.platform} ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) os = `${pretty[1]}, kernel ${release()}`;
  } catch {
    // keep the platform
  }
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return {
    cpu,
    cores: cpus().length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os,
    node: process.version,
    sqlite,
    betterSqlite3: packageVersion('better-sqlite3'),
    mongodbDriver: packageVersion('mongodb'),
    tmpFilesystem: `${tmp}: ${filesystemOf(tmp)}`,
  };
}

/**
 * Writes `block` (a section that begins with `start` and ends with `end`, the markers included)
 * into the file `output` in place of the section between the same markers, or at its end when it
 * has none; every other line stays as it was. A missing file starts as `# Benchmarks`.
 */
export function writeSection(output: string, block: string, start: string, end: string): void {
  const current = existsSync(output) ? readFileSync(output, 'utf8') : '# Benchmarks\n';
  const at = current.indexOf(start);
  const stop = current.indexOf(end);
  const next = at >= 0 && stop > at ? current.slice(0, at) + block + current.slice(stop + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(output, next);
}

/** A section's text between its markers. */
export const marked = (start: string, section: string, end: string): string => `${start}\n${section.trim()}\n${end}`;
