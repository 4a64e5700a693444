import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import {
  AppendResult,
  comparePositions,
  EventStore,
  ReadAllOptions,
  RecordedEvent,
} from '@app/event-store';
import {
  Checkpoint,
  Doc,
  DocChange,
  FindOptions,
  Filter,
  IndexSpec,
  BuildHandle,
  LiveReadModels,
  NativeHandle,
  PROJECTIONS,
  ReadModelStore,
} from '@app/read-models';

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
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface Snapshot {
  /** collection → canonical JSON of each document, sorted by _id. */
  collections: Record<string, string[]>;
  /** collection → JSON.stringify as stored (key order included). */
  raw: Record<string, string[]>;
  checkpoint: string | null;
}

/** Every ledger read-model document and the ledger checkpoint. */
export async function snapshot(store: ReadModelStore): Promise<Snapshot> {
  const collections: Record<string, string[]> = {};
  const raw: Record<string, string[]> = {};
  for (const p of PROJECTIONS) {
    const dump = await new BuildHandle(store, p).dump();
    for (const [collection, docs] of Object.entries(dump)) {
      if (collection === 'checkpoint') continue;
      collections[collection] = docs.map(canonical);
      raw[collection] = docs.map((d) => JSON.stringify(d));
    }
  }
  return { collections, raw, checkpoint: await new LiveReadModels(store, PROJECTIONS).position(true) };
}

export interface Comparison {
  identical: boolean;
  sameKeyOrder: boolean;
  documents: number;
  differences: string[];
}

export function compareSnapshots(a: Snapshot, b: Snapshot): Comparison {
  const differences: string[] = [];
  let documents = 0;
  let sameKeyOrder = true;
  if (a.checkpoint !== b.checkpoint) differences.push(`checkpoint ${a.checkpoint} vs ${b.checkpoint}`);
  for (const collection of Object.keys(a.collections)) {
    const x = a.collections[collection];
    const y = b.collections[collection] ?? [];
    documents += x.length;
    if (x.length !== y.length) differences.push(`${collection}: ${x.length} vs ${y.length} documents`);
    const n = Math.min(x.length, y.length);
    let differing = 0;
    for (let i = 0; i < n; i++) if (x[i] !== y[i]) differing++;
    if (differing) differences.push(`${collection}: ${differing} documents differ (first: ${firstDifference(x, y)})`);
    const rx = a.raw[collection];
    const ry = b.raw[collection];
    if (rx.length !== ry.length || rx.some((r, i) => r !== ry[i])) sameKeyOrder = false;
  }
  return { identical: differences.length === 0, sameKeyOrder, documents, differences };
}

function firstDifference(x: string[], y: string[]): string {
  const i = x.findIndex((d, j) => d !== y[j]);
  return i < 0 ? '-' : `${x[i].slice(0, 160)} … vs … ${y[i].slice(0, 160)}`;
}

/**
 * A read-only view of the first events of a log: the projector sees a log whose head is `cap`.
 * Lets one 100k-event store serve the smaller runs (equivalence check, MongoDB subset).
 */
export class LogPrefix implements EventStore {
  private constructor(
    private readonly inner: EventStore,
    private readonly cap: string,
  ) {}

  static async of(inner: EventStore, events: number): Promise<LogPrefix> {
    const first = await inner.readAll({ after: null, limit: events });
    if (first.length < events) throw new Error(`the log holds ${first.length} events, fewer than ${events}`);
    return new LogPrefix(inner, first[first.length - 1].position);
  }

  append(): Promise<AppendResult> {
    return Promise.reject(new Error('LogPrefix is read-only'));
  }
  readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId);
  }
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readAll(options);
    return events.filter((e) => comparePositions(e.position, this.cap) <= 0);
  }
  async headPosition(): Promise<string | null> {
    return this.cap;
  }
  async waitForAppend(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface RecordedCommit {
  changes: readonly DocChange[];
  checkpoint?: Checkpoint;
  /** How long the store took to commit, in milliseconds. */
  ms?: number;
}

/** Passes everything through and keeps each commit (and its duration), so the raw floors can replay the same writes. */
export class RecordingStore implements ReadModelStore {
  readonly commits: RecordedCommit[] = [];
  constructor(private readonly inner: ReadModelStore) {}

  get native(): NativeHandle {
    return this.inner.native;
  }
  resolve(collection: string): Promise<string> {
    return this.inner.resolve(collection);
  }
  get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    return this.inner.get<T>(collection, id);
  }
  getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<T[]> {
    return this.inner.getMany<T>(collection, ids);
  }
  find<T extends Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find<T>(collection, filter, options);
  }
  count(collection: string, filter: Filter): Promise<number> {
    return this.inner.count(collection, filter);
  }
  async commit(changes: readonly DocChange[], checkpoint?: Checkpoint): Promise<void> {
    const entry: RecordedCommit = { changes, checkpoint };
    this.commits.push(entry);
    const start = process.hrtime.bigint();
    await this.inner.commit(changes, checkpoint);
    entry.ms = Number(process.hrtime.bigint() - start) / 1e6;
  }
  getCheckpoint(name: string): Promise<string | null> {
    return this.inner.getCheckpoint(name);
  }
  ensureIndexes(specs: readonly IndexSpec[]): Promise<void> {
    return this.inner.ensureIndexes(specs);
  }
  drop(collections: readonly string[], checkpointNames: readonly string[]): Promise<void> {
    return this.inner.drop(collections, checkpointNames);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

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
