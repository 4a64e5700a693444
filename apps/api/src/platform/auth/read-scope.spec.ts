import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@app/domain';
import { SqliteReadModelStore, UNITS } from '@app/read-models';
import { Principal } from './principal';
import { narrowScope, readScope, supervisedScope } from './read-scope';

/**
 * The units a caller reads in lists and totals, from the unit read model of a real SQLite read
 * model store in a temporary directory. The units:
 *
 *   prov ─ dist ─ comm        old ─ oldchild    (old merged into dist)        old2 (merged into oldchild)        other
 */
describe('read scope', () => {
  let dir: string;
  let store: SqliteReadModelStore;
  const who = (...roles: string[]) => new Principal('caller', roles);
  const sorted = (scope: 'all' | readonly string[]) => (scope === 'all' ? scope : [...scope].sort());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-scope-spec-'));
    store = new SqliteReadModelStore({ file: join(dir, 'read-models.db') });
    const units = [
      { _id: 'prov', parentId: null },
      { _id: 'dist', parentId: 'prov' },
      { _id: 'comm', parentId: 'dist' },
      { _id: 'old', parentId: null, successorId: 'dist' },
      { _id: 'oldchild', parentId: 'old' },
      { _id: 'old2', parentId: null, successorId: 'oldchild' },
      { _id: 'other', parentId: null },
    ];
    await store.commit(units.map((u) => ({ collection: UNITS, kind: 'put' as const, doc: { name: u._id, kind: 'regiment', ...u } })));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('readScope', () => {
    it('admins and auditors read all, whatever else they are', async () => {
      expect(await readScope(who('admin'), store)).toBe('all');
      expect(await readScope(who('auditor', 'reporter:comm'), store)).toBe('all');
    });

    it('a reporter reads its own units only, not what lies below them', async () => {
      expect(sorted(await readScope(who('reporter:dist', 'reporter:other'), store))).toEqual(['dist', 'other']);
      expect(await readScope(who(), store)).toEqual([]);
    });

    it('a supervisor reads its subtrees and the units merged into them, each unit once, beside its reporting units', async () => {
      expect(sorted(await readScope(who('supervisor:dist'), store))).toEqual(['comm', 'dist', 'old', 'old2', 'oldchild']);
      expect(sorted(await readScope(who('supervisor:comm', 'reporter:other', 'reporter:comm'), store))).toEqual(['comm', 'other']);
      const scope = await readScope(who('supervisor:prov', 'supervisor:dist', 'reporter:dist'), store);
      expect(sorted(scope)).toEqual(['comm', 'dist', 'old', 'old2', 'oldchild', 'prov']);
      expect(new Set(scope).size).toBe((scope as string[]).length);
    });
  });

  describe('supervisedScope', () => {
    it('subtrees and predecessors, alternating until nothing new joins', async () => {
      expect(sorted(await supervisedScope(who('supervisor:dist'), store))).toEqual(['comm', 'dist', 'old', 'old2', 'oldchild']);
      expect(sorted(await supervisedScope(who('supervisor:old'), store))).toEqual(['old', 'old2', 'oldchild']);
      expect(sorted(await supervisedScope(who('supervisor:comm', 'supervisor:other'), store))).toEqual(['comm', 'other']);
    });

    it('no supervisor role: nothing, even for an admin', async () => {
      expect(await supervisedScope(who('admin', 'reporter:dist'), store)).toEqual([]);
    });

    it('each unit once, however many roles reach it', async () => {
      const scope = await supervisedScope(who('supervisor:prov', 'supervisor:dist', 'supervisor:old'), store);
      expect([...scope].sort()).toEqual(['comm', 'dist', 'old', 'old2', 'oldchild', 'prov']);
      expect(scope).toHaveLength(6);
    });
  });

  describe('narrowScope', () => {
    it('no unitId, or one inside the scope, passes; all passes any unit', () => {
      expect(() => narrowScope(['dist', 'comm'], undefined)).not.toThrow();
      expect(() => narrowScope(['dist', 'comm'], '')).not.toThrow();
      expect(() => narrowScope(['dist', 'comm'], 'comm')).not.toThrow();
      expect(() => narrowScope('all', 'anything')).not.toThrow();
    });

    it('a unitId outside the scope is forbidden, naming it', () => {
      for (const scope of [['dist', 'comm'], []]) {
        let error: unknown;
        try {
          narrowScope(scope, 'prov');
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ kind: 'forbidden', message: 'You may not read unit prov.' });
      }
    });
  });
});
