import { AsyncLocalStorage } from 'node:async_hooks';
import { pagedTable } from './table';

describe('pagedTable', () => {
  it('reads every later page in the async context the table was made in, not the one that pulls the rows', async () => {
    // The export's stream pulls pages from socket callbacks; the request's read-model scope (its
    // declared models, an as-of state) must still hold there, or a later page would read the live models.
    const context = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const table = await context.run('request', () =>
      pagedTable<{ n: number }>('t', [{ key: 'n', vi: 'n', en: 'n', kind: 'integer' }], async (cursor) => {
        seen.push(context.getStore());
        const from = cursor ? Number(cursor) : 0;
        return { items: [{ n: from }, { n: from + 1 }], nextCursor: from < 4 ? String(from + 2) : null };
      }),
    );
    const rows: unknown[] = [];
    await context.run('elsewhere', async () => {
      for await (const row of table.rows) rows.push(row);
    });
    expect(rows).toEqual([0, 1, 2, 3, 4, 5].map((n) => ({ n })));
    expect(seen).toEqual(['request', 'request', 'request']);
  });
});
