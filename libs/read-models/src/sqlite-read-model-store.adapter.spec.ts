import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore } from './sqlite-read-model-store.adapter';

/**
 * The rejection of `promise`. Not `rejects.toThrow`: better-sqlite3's native addon keeps the
 * SqliteError class of the first test file that loaded it in this worker, and jest's toThrow
 * does not recognise errors from another file's realm.
 */
async function rejectionOf(promise: Promise<unknown>): Promise<{ message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { message: string };
  }
  throw new Error('expected the promise to reject');
}

describe('SqliteReadModelStore', () => {
  let dir: string;
  let file: string;
  const open: SqliteReadModelStore[] = [];
  const openStore = (f = file): SqliteReadModelStore => {
    const s = new SqliteReadModelStore({ file: f });
    open.push(s);
    return s;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-rm-sqlite-'));
    file = join(dir, 'a', 'b', 'rm.sqlite');
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('given a file path', () => {
    it('when opened, then parent directories are created, WAL is on and data survives a reopen', async () => {
      const store = openStore();
      await store.commit([{ collection: 'ledger', kind: 'put', doc: { _id: 'a', v: 'Ia R’vê' } }], { name: 'p', position: '5' });
      await store.close();

      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.prepare('SELECT id, doc FROM "rm_ledger"').all()).toEqual([{ id: 'a', doc: '{"_id":"a","v":"Ia R’vê"}' }]);
      } finally {
        raw.close();
      }

      const reopened = openStore();
      expect(await reopened.get('ledger', 'a')).toEqual({ _id: 'a', v: 'Ia R’vê' });
      expect(await reopened.getCheckpoint('p')).toBe('5');
    });

    it('when given :memory:, then it works without touching the file system', async () => {
      const store = openStore(':memory:');
      await store.commit([{ collection: 'c', kind: 'put', doc: { _id: 'x' } }]);
      expect(await store.count('c', {})).toBe(1);
    });
  });

  describe('given a find that reuses its answer', () => {
    it('when another connection commits to the collection, then the next find sees it; until then the kept answer is handed out again', async () => {
      const reader = openStore();
      const writer = openStore();
      await writer.commit([{ collection: 'units', kind: 'put', doc: { _id: 'u1', name: 'one' } }]);
      const first = await reader.find('units', {}, { reuse: true });
      expect(await reader.find('units', {}, { reuse: true })).toBe(first);
      await writer.commit([{ collection: 'units', kind: 'put', doc: { _id: 'u1', name: 'renamed' } }]);
      expect(await reader.find('units', {}, { reuse: true })).toEqual([{ _id: 'u1', name: 'renamed' }]);
      await writer.commit([{ collection: 'areas', kind: 'put', doc: { _id: 'a1' } }], { name: 'p', position: '9' });
      const kept = await reader.find('units', {}, { reuse: true });
      expect(await reader.find('units', {}, { reuse: true })).toBe(kept);
      expect(Object.isFrozen(kept[0])).toBe(true);
    });
  });

  describe('given a commit whose write fails inside the transaction', () => {
    it('when it throws, then no change and no checkpoint of that commit is kept', async () => {
      const store = openStore();
      await store.commit([{ collection: 'first', kind: 'put', doc: { _id: 'pre' } }]);
      // A table created behind the adapter's back with a constraint makes the last write fail
      // after the earlier ones have run inside the transaction.
      const raw = new Database(file);
      raw.exec('CREATE TABLE "rm_strict" (id TEXT PRIMARY KEY, doc TEXT NOT NULL CHECK (length(doc) < 20))');
      raw.close();

      const error = await rejectionOf(
        store.commit(
          [
            { collection: 'first', kind: 'put', doc: { _id: 'new' } },
            { collection: 'first', kind: 'delete', id: 'pre' },
            { collection: 'strict', kind: 'put', doc: { _id: 'big', padding: 'x'.repeat(50) } },
          ],
          { name: 'proj', position: '10' },
        ),
      );
      expect(error.message).toMatch(/CHECK constraint/);

      expect(await store.find('first', {})).toEqual([{ _id: 'pre' }]);
      expect(await store.getCheckpoint('proj')).toBeNull();
    });
  });

  describe('given two connections on the same file', () => {
    it('when one drops a collection the other has used, then the other recreates it instead of failing', async () => {
      const rebuilder = openStore();
      const reader = openStore();
      await rebuilder.commit([{ collection: 'balances', kind: 'put', doc: { _id: 'a', n: 1 } }]);
      expect(await reader.get('balances', 'a')).toEqual({ _id: 'a', n: 1 });

      await rebuilder.drop(['balances'], []);

      expect(await reader.get('balances', 'a')).toBeNull();
      expect(await reader.find('balances', { n: 1 })).toEqual([]);
      await reader.commit([{ collection: 'balances', kind: 'put', doc: { _id: 'b', n: 2 } }]);
      expect(await rebuilder.getMany('balances', ['a', 'b'])).toEqual([{ _id: 'b', n: 2 }]);
    });
  });

  describe('given expression indexes', () => {
    let store: SqliteReadModelStore;
    beforeEach(async () => {
      store = openStore();
      await store.commit(
        Array.from({ length: 50 }, (_, i) => ({
          collection: 'entries',
          kind: 'put' as const,
          doc: { _id: `e${i}`, period: `2024-${String((i % 12) + 1).padStart(2, '0')}`, region: { code: `R${i % 5}` }, amount: i },
        })),
      );
    });

    const plan = (lines: string[]): string => lines.join('\n');

    it('when no index exists, then the planner scans the table (the baseline the next tests improve on)', () => {
      const lines = store.explainFind('entries', { period: '2024-01' });
      expect(plan(lines)).toMatch(/SCAN/);
      expect(plan(lines)).not.toMatch(/USING INDEX/);
    });

    it('when filtering by equality and sorting by the next indexed field, then the index serves both and no sort step remains', async () => {
      await store.ensureIndexes([{ collection: 'entries', fields: ['period', 'region.code'] }]);
      for (const direction of [1, -1] as const) {
        const lines = store.explainFind('entries', { period: '2024-01' }, { sort: [{ field: 'region.code', direction }], limit: 3 });
        expect(plan(lines)).toMatch(/USING INDEX ix_rm_entries\(period,region\.code\) /);
        expect(plan(lines)).not.toMatch(/TEMP B-TREE/);
      }
      const docs = await store.find('entries', { period: '2024-01' }, { sort: [{ field: 'region.code', direction: 1 }] });
      expect(docs.map((d) => d._id)).toEqual(['e0', 'e36', 'e12', 'e48', 'e24']);
    });

    it('when filtering by a range on the indexed field, then the index bounds the search', async () => {
      await store.ensureIndexes([{ collection: 'entries', fields: ['amount'] }]);
      const lines = store.explainFind('entries', { amount: { gte: 10, lt: 13 } });
      expect(plan(lines)).toMatch(/SEARCH .* USING INDEX ix_rm_entries\(amount\) \(<expr>>\? AND <expr><\?\)/);
      expect((await store.find('entries', { amount: { gte: 10, lt: 13 } })).map((d) => d._id).sort()).toEqual(['e10', 'e11', 'e12']);
    });

    it('when filtering by _id, then the primary key is used', () => {
      expect(plan(store.explainFind('entries', { _id: { in: ['e1', 'e2'] } }))).toMatch(/USING INDEX sqlite_autoindex_rm_entries_1/);
    });
  });
});
