/**
 * The behaviour every ReadModelStore adapter must share. Spec files call
 * `describeReadModelStoreContract` once per adapter. Every test works in collections and
 * checkpoints of its own (random suffix), so the suite can run against a shared database.
 */
import { randomBytes } from 'node:crypto';
import { Doc, Filter, ReadModelStore } from './read-model-store.port';

export function describeReadModelStoreContract(
  name: string,
  create: () => Promise<ReadModelStore>,
  dispose?: (store: ReadModelStore) => Promise<void>,
): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    let store: ReadModelStore;

    beforeAll(async () => {
      store = await create();
    });

    afterAll(async () => {
      if (!store) return;
      if (dispose) await dispose(store);
      else await store.close();
    });

    const unique = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

    async function seed(collection: string, docs: Doc[]): Promise<void> {
      await store.commit(docs.map((doc) => ({ collection, kind: 'put' as const, doc })));
    }

    async function ids(collection: string, filter: Filter, sortById = true): Promise<string[]> {
      const docs = await store.find(collection, filter, sortById ? { sort: [{ field: '_id', direction: 1 }] } : {});
      return docs.map((d) => d._id);
    }

    describe('given documents written with put', () => {
      it('when read back with get, then nested objects, arrays, diacritics and big decimal strings round-trip', async () => {
        const c = unique('roundtrip');
        const doc = {
          _id: 'commune-1',
          name: 'Ia R’vê',
          province: { name: 'Đắk Lắk', code: '66' },
          budgetVnd: '15300000000',
          rate: 0.125,
          households: 1234,
          active: true,
          closedAt: null,
          tags: ['biên giới', 'nông thôn'],
          periods: [{ period: '2024-Q1', amount: '15300000000.50' }, { period: '2024-Q2', amount: '0' }],
          empty: { list: [], map: {} },
        };
        await seed(c, [doc]);
        expect(await store.get(c, 'commune-1')).toEqual(doc);
      });

      it('when get asks for an id that does not exist, then it returns null', async () => {
        const c = unique('missing');
        await seed(c, [{ _id: 'a' }]);
        expect(await store.get(c, 'b')).toBeNull();
        expect(await store.get(unique('never_written'), 'a')).toBeNull();
      });

      it('when getMany asks for several ids, then it returns the existing ones in the order asked and omits the missing', async () => {
        const c = unique('many');
        await seed(c, [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, { _id: 'c', n: 3 }]);
        expect(await store.getMany(c, ['c', 'nope', 'a'])).toEqual([{ _id: 'c', n: 3 }, { _id: 'a', n: 1 }]);
        expect(await store.getMany(c, [])).toEqual([]);
        expect(await store.getMany(c, ['nope'])).toEqual([]);
      });

      it('when a document is put again, then it replaces the whole document', async () => {
        const c = unique('replace');
        await seed(c, [{ _id: 'a', kept: 'no', nested: { x: 1, y: 2 } }]);
        await seed(c, [{ _id: 'a', nested: { y: 3 } }]);
        expect(await store.get(c, 'a')).toEqual({ _id: 'a', nested: { y: 3 } });
        expect(await store.count(c, {})).toBe(1);
      });

      it('when a document has undefined fields, then they are not stored, as JSON would drop them', async () => {
        const c = unique('undef');
        await seed(c, [{ _id: 'a', kept: 1, gone: undefined, nested: { gone: undefined } }]);
        expect(Object.keys((await store.get(c, 'a')) ?? {}).sort()).toEqual(['_id', 'kept', 'nested']);
        expect(await store.get(c, 'a')).toStrictEqual({ _id: 'a', kept: 1, nested: {} });
        expect(await store.count(c, { gone: null })).toBe(1);
      });

      it('when a document is deleted, then get returns null and other documents remain; deleting a missing id is harmless', async () => {
        const c = unique('delete');
        await seed(c, [{ _id: 'a' }, { _id: 'b' }]);
        await store.commit([
          { collection: c, kind: 'delete', id: 'a' },
          { collection: c, kind: 'delete', id: 'never-existed' },
        ]);
        expect(await store.get(c, 'a')).toBeNull();
        expect(await store.get(c, 'b')).toEqual({ _id: 'b' });
      });
    });

    describe('given documents with fields of each scalar type', () => {
      let c: string;
      beforeAll(async () => {
        c = unique('find');
        await seed(c, [
          { _id: 'd1', status: 'open', amount: 100, paid: true, note: null, period: '2024-01', region: { code: 'TN', level: 1 } },
          { _id: 'd2', status: 'closed', amount: 250.5, paid: false, note: 'late', period: '2024-02', region: { code: 'TN', level: 2 } },
          { _id: 'd3', status: 'open', amount: -3, paid: false, period: '2024-03', region: { code: 'DB', level: 1 } },
          { _id: 'd4', status: 'draft', amount: 1, paid: 1, note: 'x', period: '2023-12', region: { code: 'DB', level: 3 } },
          { _id: 'd5', status: '1', amount: '100', paid: 'true', note: 'y', period: 202402, region: { code: 'NB', level: '1' } },
        ]);
      });

      it('when filtering by equality on a string field, then only exact matches are returned', async () => {
        expect(await ids(c, { status: 'open' })).toEqual(['d1', 'd3']);
        expect(await ids(c, { status: 'Open' })).toEqual([]);
      });

      it('when filtering by equality on a number field, then only numbers equal to it match, not numeric strings', async () => {
        expect(await ids(c, { amount: 100 })).toEqual(['d1']);
        expect(await ids(c, { amount: 250.5 })).toEqual(['d2']);
        expect(await ids(c, { amount: '100' })).toEqual(['d5']);
      });

      it('when filtering by equality on a boolean field, then only booleans match, not 1 or "true"', async () => {
        expect(await ids(c, { paid: true })).toEqual(['d1']);
        expect(await ids(c, { paid: false })).toEqual(['d2', 'd3']);
        expect(await ids(c, { paid: 1 })).toEqual(['d4']);
      });

      it('when filtering by null, then explicit nulls and missing fields match', async () => {
        expect(await ids(c, { note: null })).toEqual(['d1', 'd3']);
      });

      it('when filtering on a nested field with a dot path, then the nested value is compared', async () => {
        expect(await ids(c, { 'region.code': 'TN' })).toEqual(['d1', 'd2']);
        expect(await ids(c, { 'region.level': 1 })).toEqual(['d1', 'd3']);
        expect(await ids(c, { 'region.missing': 'x' })).toEqual([]);
      });

      it('when filtering by a number range, then gt, gte, lt and lte bound it and values of other types are excluded', async () => {
        expect(await ids(c, { amount: { gt: 1 } })).toEqual(['d1', 'd2']);
        expect(await ids(c, { amount: { gte: 1 } })).toEqual(['d1', 'd2', 'd4']);
        expect(await ids(c, { amount: { lt: 1 } })).toEqual(['d3']);
        expect(await ids(c, { amount: { lte: 1 } })).toEqual(['d3', 'd4']);
        expect(await ids(c, { amount: { gt: -3, lt: 250.5 } })).toEqual(['d1', 'd4']);
      });

      it('when filtering by a string range, then it compares strings and excludes numbers', async () => {
        expect(await ids(c, { period: { gte: '2024-01', lt: '2024-03' } })).toEqual(['d1', 'd2']);
        expect(await ids(c, { period: { lt: '2024-01' } })).toEqual(['d4']);
        expect(await ids(c, { period: { gt: '2024-02' } })).toEqual(['d3']);
        expect(await ids(c, { period: { lte: '2024-02' } })).toEqual(['d1', 'd2', 'd4']);
      });

      it('when filtering with in, then any listed value matches, each with its own type, and an empty list matches nothing', async () => {
        expect(await ids(c, { status: { in: ['closed', 'draft', 'nope'] } })).toEqual(['d2', 'd4']);
        expect(await ids(c, { amount: { in: [100, '100', -3] } })).toEqual(['d1', 'd3', 'd5']);
        expect(await ids(c, { paid: { in: [true, 'true'] } })).toEqual(['d1', 'd5']);
        expect(await ids(c, { note: { in: ['late', null] } })).toEqual(['d1', 'd2', 'd3']);
        expect(await ids(c, { status: { in: [] } })).toEqual([]);
      });

      it('when several conditions are combined, then all must hold', async () => {
        expect(await ids(c, { status: 'open', paid: false })).toEqual(['d3']);
        expect(await ids(c, { 'region.code': 'TN', amount: { gt: 100 }, note: 'late' })).toEqual(['d2']);
        expect(await ids(c, { status: { in: ['open', 'closed'] }, period: { gte: '2024-02' } })).toEqual(['d2', 'd3']);
      });

      it('when filtering by _id, then it behaves like any other string field', async () => {
        expect(await ids(c, { _id: 'd2' })).toEqual(['d2']);
        expect(await ids(c, { _id: { in: ['d1', 'd5', 'zz'] } })).toEqual(['d1', 'd5']);
        expect(await ids(c, { _id: { gt: 'd3' } })).toEqual(['d4', 'd5']);
      });

      it('when counting, then the count matches the filter and an empty filter counts everything', async () => {
        expect(await store.count(c, {})).toBe(5);
        expect(await store.count(c, { status: 'open' })).toBe(2);
        expect(await store.count(c, { amount: { gte: 1 } })).toBe(3);
        expect(await store.count(c, { status: 'none' })).toBe(0);
        expect(await store.count(unique('never_written'), {})).toBe(0);
      });
    });

    describe('given documents to sort', () => {
      let c: string;
      beforeAll(async () => {
        c = unique('sort');
        await seed(c, [
          { _id: 'e', region: 'north', amount: 5 },
          { _id: 'a', region: 'south', amount: 1 },
          { _id: 'c', region: 'north', amount: 9 },
          { _id: 'b', region: 'south', amount: 7 },
          { _id: 'd', region: 'north', amount: 5 },
        ]);
      });

      it('when sorting ascending on one key and descending on another, then both orders apply', async () => {
        const docs = await store.find(c, {}, {
          sort: [
            { field: 'region', direction: 1 },
            { field: 'amount', direction: -1 },
          ],
        });
        // d and e tie on both keys; _id breaks the tie, descending like the last key.
        expect(docs.map((d) => d._id)).toEqual(['c', 'e', 'd', 'b', 'a']);
      });

      it('when sorting descending then ascending, then both orders apply', async () => {
        const docs = await store.find(c, {}, {
          sort: [
            { field: 'region', direction: -1 },
            { field: 'amount', direction: 1 },
          ],
        });
        expect(docs.map((d) => d._id)).toEqual(['a', 'b', 'd', 'e', 'c']);
      });

      it('when sort keys tie, then _id breaks the tie in the direction of the last key', async () => {
        const asc = await store.find(c, { amount: 5 }, { sort: [{ field: 'amount', direction: 1 }] });
        const desc = await store.find(c, { amount: 5 }, { sort: [{ field: 'amount', direction: -1 }] });
        expect(asc.map((d) => d._id)).toEqual(['d', 'e']);
        expect(desc.map((d) => d._id)).toEqual(['e', 'd']);
      });

      it('when a limit is given, then only that many documents come back, after sorting and filtering', async () => {
        const top = await store.find(c, { region: 'north' }, { sort: [{ field: 'amount', direction: -1 }], limit: 2 });
        expect(top.map((d) => d._id)).toEqual(['c', 'e']);
        expect(await store.find(c, {}, { sort: [{ field: 'amount', direction: 1 }], limit: 1 })).toEqual([
          { _id: 'a', region: 'south', amount: 1 },
        ]);
        expect(await store.find(c, {}, { limit: 100 })).toHaveLength(5);
      });

      it('when the limit is not a positive integer or a sort key is invalid, then find rejects', async () => {
        await expect(store.find(c, {}, { limit: 0 })).rejects.toThrow(/limit/);
        await expect(store.find(c, {}, { limit: 1.5 })).rejects.toThrow(/limit/);
        await expect(store.find(c, {}, { sort: [{ field: '$natural', direction: 1 }] })).rejects.toThrow(/field/);
        await expect(store.find(c, {}, { sort: [{ field: 'amount', direction: 0 as 1 }] })).rejects.toThrow(/direction/);
      });
    });

    describe('given a find that may reuse its answer', () => {
      it('when the collection changes by a put, a delete or a drop, then the next find with reuse sees it; in between it answers as a plain find', async () => {
        const c = unique('reuse');
        const sorted = { sort: [{ field: '_id', direction: 1 as const }] };
        await seed(c, [{ _id: 'b', n: 2 }, { _id: 'a', n: 1 }]);
        const first = await store.find(c, {}, { ...sorted, reuse: true });
        expect(first).toEqual(await store.find(c, {}, sorted));
        expect(await store.find(c, {}, { ...sorted, reuse: true })).toEqual(first);
        await store.commit([{ collection: c, kind: 'put', doc: { _id: 'a', n: 10 } }, { collection: c, kind: 'put', doc: { _id: 'c', n: 3 } }]);
        expect(await store.find(c, {}, { ...sorted, reuse: true })).toEqual([{ _id: 'a', n: 10 }, { _id: 'b', n: 2 }, { _id: 'c', n: 3 }]);
        await store.commit([{ collection: c, kind: 'delete', id: 'b' }]);
        expect(await store.find(c, {}, { ...sorted, reuse: true })).toEqual([{ _id: 'a', n: 10 }, { _id: 'c', n: 3 }]);
        await store.drop([c], []);
        expect(await store.find(c, {}, { ...sorted, reuse: true })).toEqual([]);
        await seed(c, [{ _id: 'z', n: 26 }]);
        expect(await store.find(c, {}, { ...sorted, reuse: true })).toEqual([{ _id: 'z', n: 26 }]);
      });

      it('when a change to another collection is committed, then the answer stays right; a kept answer cannot be modified by its reader', async () => {
        const [c, other] = [unique('reuse'), unique('other')];
        await seed(c, [{ _id: 'a', tags: ['x'] }]);
        const kept = await store.find<Doc & { tags: string[] }>(c, {}, { reuse: true });
        await seed(other, [{ _id: 'o' }]);
        const again = await store.find<Doc & { tags: string[] }>(c, {}, { reuse: true });
        expect(again).toEqual([{ _id: 'a', tags: ['x'] }]);
        try {
          again[0].tags.push('y');
          kept[0].tags.push('y');
        } catch {
          // frozen: the store kept it for the next reader
        }
        expect(await store.find(c, {}, { reuse: true })).toEqual([{ _id: 'a', tags: ['x'] }]);
      });
    });

    describe('given commits with checkpoints', () => {
      it('when a commit carries a checkpoint, then getCheckpoint returns its position and a later commit overwrites it', async () => {
        const c = unique('ckpt');
        const cp = unique('projection');
        await store.commit([{ collection: c, kind: 'put', doc: { _id: 'a' } }], { name: cp, position: '42' });
        expect(await store.getCheckpoint(cp)).toBe('42');
        await store.commit([], { name: cp, position: '18446744073709551615' });
        expect(await store.getCheckpoint(cp)).toBe('18446744073709551615');
        expect(await store.get(c, 'a')).toEqual({ _id: 'a' });
      });

      it('when no checkpoint of that name was ever written, then getCheckpoint returns null', async () => {
        expect(await store.getCheckpoint(unique('absent'))).toBeNull();
      });

      it('when a commit spans two collections, then every change lands, applied in the order given', async () => {
        const c1 = unique('span_a');
        const c2 = unique('span_b');
        const cp = unique('projection');
        await seed(c2, [{ _id: 'old' }]);
        await store.commit(
          [
            { collection: c1, kind: 'put', doc: { _id: 'x', v: 1 } },
            { collection: c2, kind: 'put', doc: { _id: 'y', v: 2 } },
            { collection: c1, kind: 'put', doc: { _id: 'x', v: 3 } },
            { collection: c2, kind: 'delete', id: 'old' },
            { collection: c1, kind: 'put', doc: { _id: 'gone', v: 4 } },
            { collection: c1, kind: 'delete', id: 'gone' },
          ],
          { name: cp, position: '7' },
        );
        expect(await store.find(c1, {})).toEqual([{ _id: 'x', v: 3 }]);
        expect(await store.find(c2, {})).toEqual([{ _id: 'y', v: 2 }]);
        expect(await store.getCheckpoint(cp)).toBe('7');
      });

      it('when one change in a commit is invalid, then the commit rejects before writing anything', async () => {
        const c = unique('invalid');
        const cp = unique('projection');
        await expect(
          store.commit(
            [
              { collection: c, kind: 'put', doc: { _id: 'a' } },
              { collection: 'not-valid', kind: 'put', doc: { _id: 'b' } },
            ],
            { name: cp, position: '1' },
          ),
        ).rejects.toThrow(/collection/);
        await expect(
          store.commit([
            { collection: c, kind: 'put', doc: { _id: 'a' } },
            { collection: c, kind: 'put', doc: { _id: '' } },
          ]),
        ).rejects.toThrow(/id/);
        expect(await store.get(c, 'a')).toBeNull();
        expect(await store.getCheckpoint(cp)).toBeNull();
      });
    });

    describe('given collections and checkpoints to drop', () => {
      it('when dropped, then the collections are empty, the named checkpoints gone and the others kept', async () => {
        const c1 = unique('drop_a');
        const c2 = unique('drop_b');
        const kept = unique('kept');
        const cp = unique('dropped');
        await store.commit(
          [
            { collection: c1, kind: 'put', doc: { _id: 'a' } },
            { collection: c2, kind: 'put', doc: { _id: 'b' } },
          ],
          { name: cp, position: '9' },
        );
        await store.commit([], { name: kept, position: '3' });
        await store.ensureIndexes([{ collection: c1, fields: ['x'] }]);

        await store.drop([c1, c2, unique('never_written')], [cp, unique('absent')]);

        expect(await store.count(c1, {})).toBe(0);
        expect(await store.get(c2, 'b')).toBeNull();
        expect(await store.getCheckpoint(cp)).toBeNull();
        expect(await store.getCheckpoint(kept)).toBe('3');
      });

      it('when a dropped collection is written again, then it works like a new one', async () => {
        const c = unique('rebuild');
        await seed(c, [{ _id: 'a', v: 1 }]);
        await store.drop([c], []);
        await seed(c, [{ _id: 'b', v: 2 }]);
        expect(await store.find(c, {})).toEqual([{ _id: 'b', v: 2 }]);
      });
    });

    describe('given indexes', () => {
      it('when ensureIndexes runs twice, then it is harmless and queries on the indexed fields still answer correctly', async () => {
        const c = unique('indexed');
        await seed(c, [
          { _id: 'a', period: '2024-01', region: { code: 'TN' }, amount: 3 },
          { _id: 'b', period: '2024-02', region: { code: 'TN' }, amount: 1 },
          { _id: 'c', period: '2024-02', region: { code: 'DB' }, amount: 2 },
        ]);
        const specs = [
          { collection: c, fields: ['period', 'region.code'] },
          { collection: c, fields: ['amount'] },
          { collection: c, fields: ['_id'] },
        ];
        await store.ensureIndexes(specs);
        await store.ensureIndexes(specs);
        const docs = await store.find(c, { period: '2024-02' }, { sort: [{ field: 'region.code', direction: 1 }] });
        expect(docs.map((d) => d._id)).toEqual(['c', 'b']);
        expect(await ids(c, { amount: { gte: 2 } })).toEqual(['a', 'c']);
      });

      it('when an index names an invalid field, then ensureIndexes rejects', async () => {
        const c = unique('bad_index');
        await expect(store.ensureIndexes([{ collection: c, fields: ['$where'] }])).rejects.toThrow(/field/);
        await expect(store.ensureIndexes([{ collection: c, fields: [] }])).rejects.toThrow();
      });
    });

    describe('given a client trying to smuggle operators or names', () => {
      let c: string;
      beforeAll(async () => {
        c = unique('injection');
        await seed(c, [
          { _id: 'a', status: '$ne', owner: 'alice' },
          { _id: 'b', status: 'x', owner: 'bob' },
          { _id: 'c', status: null, owner: 'carol' },
        ]);
      });

      it('when a filter value is an operator object, then find and count reject instead of matching', async () => {
        const evil = { status: { $ne: null } } as any;
        await expect(store.find(c, evil)).rejects.toThrow(/scalar/);
        await expect(store.count(c, evil)).rejects.toThrow(/scalar/);
        await expect(store.find(c, { owner: { gt: { $gt: '' } } } as any)).rejects.toThrow(/scalar/);
        await expect(store.find(c, { owner: { in: [{ $exists: true }] } } as any)).rejects.toThrow(/scalar/);
        await expect(store.find(c, { owner: ['alice'] } as any)).rejects.toThrow(/scalar/);
        await expect(store.find(c, { owner: {} } as any)).rejects.toThrow();
      });

      it('when a field name is an operator or contains one, then find rejects', async () => {
        await expect(store.find(c, { $where: 'true' } as Filter)).rejects.toThrow(/field/);
        await expect(store.find(c, { 'a.$ne': 'x' })).rejects.toThrow(/field/);
        await expect(store.find(c, { $or: 'x' } as Filter)).rejects.toThrow(/field/);
        await expect(store.count(c, { 'owner.': 'x' })).rejects.toThrow(/field/);
      });

      it('when a filter value is the string "$ne", then it matches that string literally and nothing else', async () => {
        expect(await ids(c, { status: '$ne' })).toEqual(['a']);
        expect(await ids(c, { status: { in: ['$ne', '$exists'] } })).toEqual(['a']);
        expect(await ids(c, { owner: '$where' })).toEqual([]);
      });

      it('when a collection name is invalid or reserved, then every operation rejects', async () => {
        for (const bad of ['a-b', 'system.users', '', '$cmd', 'x'.repeat(65), 'checkpoints']) {
          await expect(store.get(bad, 'a')).rejects.toThrow(/collection/);
          await expect(store.find(bad, {})).rejects.toThrow(/collection/);
          await expect(store.commit([{ collection: bad, kind: 'put', doc: { _id: 'a' } }])).rejects.toThrow(/collection/);
          await expect(store.drop([bad], [])).rejects.toThrow(/collection/);
        }
      });

      it('when a range bound is null or a number is not finite, then find rejects', async () => {
        await expect(store.find(c, { owner: { gt: null } })).rejects.toThrow(/null/);
        await expect(store.find(c, { owner: Number.NaN })).rejects.toThrow(/finite/);
        await expect(store.find(c, { owner: { in: [Infinity] } })).rejects.toThrow(/finite/);
      });
    });
  });
}
