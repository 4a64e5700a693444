import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { metadataFor, newEvent, newStreamId } from '../libs/event-store/src/event-store.contract';
import { startApp, TestApp } from './support/app';

/**
 * Issue 12 (a tamper-evident log): `GET /api/audit/verify` walks the embedded log's chain hashes
 * through the API, for auditors; a changed byte in a copied store is found at its position.
 */

const count = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** A file-level copy of the live store: the WAL folded in first, so that the copy alone holds the log. */
function copyStore(file: string, to: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(file, to);
}

/** Reads an NDJSON answer line by line, calling `onLine` as each arrives. */
async function readLines(response: Response, onLine: (line: Record<string, unknown>) => Promise<void> | void): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      await onLine(line);
    }
  }
  expect(buffered).toBe('');
  return lines;
}

describe('GET /api/audit/verify (the embedded log)', () => {
  let app: TestApp;
  let auditor: string;

  beforeAll(async () => {
    app = await startApp({ demoData: true });
    auditor = await app.token('auditor-1', ['auditor']);
  });
  afterAll(() => app.close());

  it('walks the whole log: every event verified, none broken, for an auditor and an admin', async () => {
    const events = count(app.config.eventStore.kind === 'sqlite' ? app.config.eventStore.file : '');
    expect(events).toBeGreaterThan(100);
    const res = await app.http('GET', '/api/audit/verify', { token: auditor });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    // Nothing was appended since the count (no command ran), so the walk covers exactly those events.
    expect(res.body).toEqual({ verified: events, head: expect.stringMatching(/^[0-9a-f]{16}$/), firstBroken: null, seconds: expect.any(Number) });
    expect(parseInt(res.body.head, 16)).toBe(events);
    const admin = await app.http('GET', '/api/audit/verify', { token: await app.token('admin-1', ['admin']) });
    expect(admin.status).toBe(200);
    expect(admin.body.firstBroken).toBeNull();
  });

  it('is refused to reporters and supervisors (403) and to anonymous callers (401)', async () => {
    expect((await app.http('GET', '/api/audit/verify', { token: await app.token('r-1', ['reporter:daklak-bcd']) })).status).toBe(403);
    expect((await app.http('GET', '/api/audit/verify', { token: await app.token('s-1', ['supervisor:daklak-bcd']) })).status).toBe(403);
    const anonymous = await app.http('GET', '/api/audit/verify');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('finds a changed byte in a copied store, at its position, and verifies the log up to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'danvan-verify-copy-'));
    try {
      const file = app.config.eventStore.kind === 'sqlite' ? app.config.eventStore.file : '';
      copyStore(file, join(dir, 'events.sqlite'));
      const total = count(join(dir, 'events.sqlite'));
      const victim = Math.floor(total / 2);
      const db = new Database(join(dir, 'events.sqlite'));
      const before = db.prepare('SELECT data FROM events WHERE position = ?').get(victim) as { data: string };
      // One character of the stored JSON changed, the way an editor of the file would (the JSON stays valid).
      const at = before.data.search(/[0-9a-z]/);
      const flipped = before.data.slice(0, at) + (before.data[at] === '1' ? '2' : '1') + before.data.slice(at + 1);
      expect(flipped).not.toBe(before.data);
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(flipped, victim);
      db.close();

      const copy = await startApp({ env: { DATA_DIR: dir, RUN_PROJECTOR: 'false' } });
      try {
        const res = await copy.http('GET', '/api/audit/verify', { token: await copy.token('auditor-2', ['auditor']) });
        expect(res.status).toBe(200);
        expect(res.body.verified).toBe(victim - 1);
        expect(res.body.firstBroken).toEqual({ position: victim.toString(16).padStart(16, '0'), reason: expect.stringContaining('does not match') });
      } finally {
        await copy.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/audit/verify on a long log (streamed progress, one walk at a time)', () => {
  const EVENTS = 100_000;
  let dir: string;
  let app: TestApp;
  let auditor: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-verify-long-'));
    // Written through the adapter (chained at append), 1,000 events per append; the projector stays
    // off, since these are not domain events: only the log's chain is under test here.
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    for (let s = 0; s < EVENTS / 1000; s += 1) {
      const stream = newStreamId('verify');
      const metadata = metadataFor();
      await store.append(stream, Array.from({ length: 1000 }, (_, i) => newEvent('Noted.v1', { i, s, text: 'Đồn Biên phòng Ia R’vê' }, metadata)), 'no_stream');
    }
    await store.close();
    app = await startApp({ env: { DATA_DIR: dir, RUN_PROJECTOR: 'false' } });
    auditor = await app.token('auditor-1', ['auditor']);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams progress lines and the result last; meanwhile other requests are answered and a second walk gets 429', async () => {
    const response = await fetch(`${app.url}/api/audit/verify`, { headers: { authorization: `Bearer ${auditor}`, accept: 'application/x-ndjson' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const during: Promise<[number, number]>[] = [];
    let ended = false;
    const lines = await readLines(response, (line) => {
      if (during.length || 'firstBroken' in line) return;
      // After the first progress line the walk is under way: the API still answers, and refuses a second walk.
      const answered = (res: Response) => [res.status, ended ? 1 : 0] as [number, number];
      during.push(fetch(`${app.url}/health/live`).then(answered));
      during.push(fetch(`${app.url}/api/audit/verify`, { headers: { authorization: `Bearer ${auditor}` } }).then(async (res) => {
        if (res.status === 429) {
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          expect(await res.json()).toMatchObject({ status: 429, detail: expect.stringContaining('already running') });
        }
        return answered(res);
      }));
    });
    ended = true;
    const [health, second] = await Promise.all(during);
    expect(health).toEqual([200, 0]); // answered before the walk ended
    expect(second).toEqual([429, 0]);

    const progress = lines.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    for (const [i, line] of progress.entries()) {
      expect(line).toEqual({ verified: expect.any(Number), head: EVENTS.toString(16).padStart(16, '0') });
      if (i > 0) expect(line.verified as number).toBeGreaterThan(progress[i - 1].verified as number);
    }
    expect(lines[lines.length - 1]).toEqual({ verified: EVENTS, head: EVENTS.toString(16).padStart(16, '0'), firstBroken: null, seconds: expect.any(Number) });

    // The walk is over: the next one may run.
    const again = await app.http('GET', '/api/audit/verify', { token: auditor });
    expect(again.status).toBe(200);
    expect(again.body.verified).toBe(EVENTS);
  });
});
