import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataFor, newEvent, newStreamId } from './event-store.contract';
import { chainHash, verifyEventChain } from './event-chain';
import { SqliteEventStore } from './sqlite-event-store.adapter';

/** mulberry32: a small seeded generator, so that a failing flip can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the tamper-evident chain of the embedded event log', () => {
  let dir: string;
  let file: string;

  /** A store written through the adapter: several streams, multi-event appends, groups, Vietnamese text. */
  async function writeRealStore(): Promise<void> {
    const store = new SqliteEventStore({ file });
    const streams = Array.from({ length: 12 }, (_, i) => ({ id: newStreamId(`report-${i}`), revision: -1 }));
    for (let round = 0; round < 12; round += 1) {
      await Promise.all(
        streams.map(async (stream, i) => {
          const events = Array.from({ length: 1 + ((round + i) % 3) }, (_, k) =>
            newEvent('FigureRecorded.v1', { reportId: stream.id, indicator: 'work_days', value: String(round * 100 + k), note: `Đồn Biên phòng Ia R’vê, lần ${round}` }, metadataFor()),
          );
          const result = await store.append(stream.id, events, stream.revision < 0 ? 'no_stream' : stream.revision);
          stream.revision = result.revision;
        }),
      );
    }
    await store.close();
    // Fold the WAL into the file, so that the file alone holds the log.
    const raw = new Database(file);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.pragma('journal_mode = DELETE');
    // Rebuilt compactly: page splits leave stale copies of cells in free space, and the flip test
    // below must know where the one live copy of each field sits.
    raw.exec('VACUUM');
    raw.close();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-chain-'));
    file = join(dir, 'events.sqlite');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('given an untouched store, then every event verifies, and each hash chains its predecessor over the stored bytes', async () => {
    await writeRealStore();

    const result = verifyEventChain(file);

    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare('SELECT * FROM events ORDER BY position').all() as {
      stream_id: string; revision: number; event_id: string; type: string; data: string; metadata: string; chain_hash: string;
    }[];
    raw.close();
    expect(result).toEqual({ verified: rows.length, firstBroken: null });
    expect(rows.length).toBeGreaterThan(200);
    let previous: string | null = null;
    for (const row of rows) {
      const expected = chainHash(previous, { streamId: row.stream_id, revision: row.revision, eventId: row.event_id, type: row.type, data: row.data, metadata: row.metadata });
      expect(row.chain_hash).toBe(expected);
      previous = row.chain_hash;
    }
  });

  it('given 1,000 copies of a real store, each with one random byte changed (seeded) in an event’s stored data, metadata, type or chain hash, then every one is detected at that event', async () => {
    await writeRealStore();
    const original = readFileSync(file);
    const raw = new Database(file, { readonly: true });
    const rows = raw
      .prepare('SELECT position, CAST(data AS BLOB) AS data, CAST(metadata AS BLOB) AS metadata, CAST(chain_hash AS BLOB) AS chain_hash, CAST(type AS BLOB) AS type FROM events ORDER BY position')
      .all() as { position: number; data: Buffer; metadata: Buffer; chain_hash: Buffer; type: Buffer }[];
    raw.close();
    // Where each field's live bytes sit in the file. Free space can still hold stale copies of a
    // cell (page splits copy cells), so a field found more than once is located by probing: flip a
    // byte of each candidate in a scratch copy and see which one SQLite then reads back changed.
    const probe = join(dir, 'probe.sqlite');
    const live = (position: number, column: string, value: Buffer): number => {
      const found: number[] = [];
      for (let at = original.indexOf(value); at >= 0; at = original.indexOf(value, at + 1)) found.push(at);
      if (found.length === 1) return found[0];
      for (const at of found) {
        const scratch = Buffer.from(original);
        scratch[at] ^= 0x01;
        writeFileSync(probe, scratch);
        const db = new Database(probe, { readonly: true });
        const read = (db.prepare(`SELECT CAST(${column} AS BLOB) AS v FROM events WHERE position = ?`).get(position) as { v: Buffer }).v;
        db.close();
        if (!read.equals(value)) return at;
      }
      throw new Error(`row ${position}: no live copy of ${column} found`);
    };
    const targets: { position: number; field: string; offset: number; length: number }[] = [];
    for (const row of rows) {
      for (const field of ['data', 'metadata', 'chain_hash'] as const) {
        targets.push({ position: row.position, field, offset: live(row.position, field, row[field]), length: row[field].length });
      }
      // A type alone is not distinctive; the record stores its columns in order, so the row's type
      // ends right where its live data begins.
      const typeAt = targets[targets.length - 3].offset - row.type.length;
      if (!original.subarray(typeAt, typeAt + row.type.length).equals(row.type)) throw new Error(`row ${row.position}: type not found before data`);
      targets.push({ position: row.position, field: 'type', offset: typeAt, length: row.type.length });
    }

    const random = seeded(20_260_112);
    const copy = join(dir, 'tampered.sqlite');
    const missed: string[] = [];
    for (let flip = 0; flip < 1000; flip += 1) {
      const target = targets[Math.floor(random() * targets.length)];
      const offset = target.offset + Math.floor(random() * target.length);
      const xor = 1 + Math.floor(random() * 255);
      const tampered = Buffer.from(original);
      tampered[offset] ^= xor;
      writeFileSync(copy, tampered);

      const result = verifyEventChain(copy);

      const expected = target.position.toString(16).padStart(16, '0');
      if (result.firstBroken?.position !== expected) {
        missed.push(`flip ${flip}: byte ${offset} (${target.field} of ${expected}) ^ ${xor} → ${JSON.stringify(result)}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('given a deleted event, or two events with their contents swapped, then the chain breaks at the first changed position', async () => {
    await writeRealStore();

    const deleted = join(dir, 'deleted.sqlite');
    copyFileSync(file, deleted);
    const a = new Database(deleted);
    a.prepare('DELETE FROM events WHERE position = 40').run();
    a.close();
    expect(verifyEventChain(deleted)).toEqual({ verified: 39, firstBroken: { position: (41).toString(16).padStart(16, '0'), reason: expect.stringMatching(/removed or reordered/) } });

    const swapped = join(dir, 'swapped.sqlite');
    copyFileSync(file, swapped);
    const b = new Database(swapped);
    const [x, y] = b.prepare('SELECT data FROM events WHERE position IN (10, 11) ORDER BY position').all() as { data: string }[];
    b.prepare('UPDATE events SET data = ? WHERE position = 10').run(y.data);
    b.prepare('UPDATE events SET data = ? WHERE position = 11').run(x.data);
    b.close();
    expect(verifyEventChain(swapped).firstBroken?.position).toBe((10).toString(16).padStart(16, '0'));
  });

  it('given a store written before the chain existed, when opened, then its events are chained once and later appends continue the chain', async () => {
    const legacy = new Database(file);
    legacy.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision))`);
    const event = newEvent('ReportCreated.v1', { reportId: 'r1' });
    legacy.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, 0, ?, ?, ?)').run(
      event.id, 'report-r1', event.type, JSON.stringify(event.data), JSON.stringify(event.metadata),
    );
    legacy.close();

    const store = new SqliteEventStore({ file });
    await store.append('report-r1', [newEvent('FigureRecorded.v1')], 0);
    await store.close();

    expect(verifyEventChain(file)).toEqual({ verified: 2, firstBroken: null });
  });

  it('given a chained store whose event was edited and whose hashes from there on were cleared, when opened again, then nothing is re-chained and verification names that event', async () => {
    await writeRealStore();
    const edited = new Database(file);
    edited.prepare("UPDATE events SET data = replace(data, 'r', 'x') WHERE position = 30").run();
    edited.prepare('UPDATE events SET chain_hash = NULL WHERE position >= 30').run();
    edited.close();

    const store = new SqliteEventStore({ file });
    await store.close();

    expect(verifyEventChain(file)).toEqual({ verified: 29, firstBroken: { position: (30).toString(16).padStart(16, '0'), reason: 'the event has no chain hash' } });
  });

  it('reports progress while walking a long log', async () => {
    await writeRealStore();
    const seen: number[] = [];

    verifyEventChain(file, { progressEvery: 50, onProgress: (n) => seen.push(n) });

    expect(seen.slice(0, 3)).toEqual([50, 100, 150]);
  });
});
