import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StreamFold } from './aggregate-stream';
import { FoldedStreams } from './folded-streams';
import { SqliteEventStore } from './sqlite-event-store.adapter';

type CounterEvent = { type: 'Added.v1'; data: { n: number } };
const counter: StreamFold<number, CounterEvent> = {
  initialState: 0,
  evolve: (state, event) => state + event.data.n,
  isEvent: (event): event is CounterEvent => event.type === 'Added.v1',
};
/** Another fold over the same events: how many there are. */
const count: StreamFold<number, CounterEvent> = { ...counter, evolve: (state) => state + 1 };
const metadata = { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', recordedAt: '2021-01-01T00:00:00.000Z', schemaVersion: 1 };
const added = (n: number) => ({ id: randomUUID(), type: 'Added.v1', data: { n }, metadata });

/**
 * Appends `values` to `streamId` from another process (the real adapter, transpiled on the fly),
 * expecting `expected`; prints the append's result.
 */
function appendFromAnotherProcess(file: string, streamId: string, values: number[], expected: number): { revision: number; position: string } {
  const adapter = resolve(__dirname, 'sqlite-event-store.adapter.ts');
  const script = `
    const ts = require('typescript');
    const fs = require('fs');
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      module._compile(outputText, filename);
    };
    const { SqliteEventStore } = require(${JSON.stringify(adapter)});
    const { randomUUID } = require('crypto');
    const store = new SqliteEventStore({ file: ${JSON.stringify(file)} });
    const events = ${JSON.stringify(values)}.map((n) => ({ id: randomUUID(), type: 'Added.v1', data: { n }, metadata: ${JSON.stringify(metadata)} }));
    store.append(${JSON.stringify(streamId)}, events, ${expected}).then(async (result) => {
      process.stdout.write(JSON.stringify(result));
      await store.close();
    }, (error) => { process.stderr.write(String(error)); process.exit(3); });
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: resolve(__dirname, '../../..'), encoding: 'utf8' }));
}

describe('FoldedStreams', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'danvan-folded-'));
    file = join(dir, 'events.sqlite');
    store = new SqliteEventStore({ file });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a kept fold and nothing appended since, then it answers from the fold with every event of the stream', async () => {
    await store.append('s', [added(2), added(3)], 'no_stream');
    const streams = new FoldedStreams(store);
    const first = await streams.load('s', counter);
    const again = await streams.load('s', counter);
    expect(again).toEqual(first);
    expect(again).toMatchObject({ state: 5, revision: 1 });
    expect(again.events.map((e) => e.data.n)).toEqual([2, 3]);
    expect(streams.stats()).toMatchObject({ hits: 1, misses: 1, streams: 1, events: 2 });
  });

  it('given another process moved the stream after the fold was kept, then the next load folds in its events (never the stale state)', async () => {
    await store.append('s', [added(2), added(3)], 'no_stream');
    const streams = new FoldedStreams(store);
    expect(await streams.load('s', counter)).toMatchObject({ state: 5, revision: 1 });

    const moved = appendFromAnotherProcess(file, 's', [10, 20], 1);
    expect(moved.revision).toBe(3);

    const after = await streams.load('s', counter);
    expect(after).toMatchObject({ state: 35, revision: 3, position: moved.position });
    expect(after.events.map((e) => e.data.n)).toEqual([2, 3, 10, 20]);
    expect(streams.stats()).toMatchObject({ hits: 1, misses: 1 });
    // A command deciding on it appends at the revision the other process left.
    await expect(store.append('s', [added(1)], after.revision)).resolves.toMatchObject({ revision: 4 });
    expect(await streams.load('s', counter)).toMatchObject({ state: 36, revision: 4 });
  });

  it('given another instance of the store (its own connection) appends, then the fold follows it too', async () => {
    await store.append('s', [added(1)], 'no_stream');
    const streams = new FoldedStreams(store);
    await streams.load('s', counter);
    const other = new SqliteEventStore({ file });
    try {
      await other.append('s', [added(100)], 0);
    } finally {
      await other.close();
    }
    expect(await streams.load('s', counter)).toMatchObject({ state: 101, revision: 1 });
  });

  it('keeps one fold per stream: another fold over the same stream reads it whole', async () => {
    await store.append('s', [added(2), added(3)], 'no_stream');
    const streams = new FoldedStreams(store);
    expect(await streams.load('s', counter)).toMatchObject({ state: 5 });
    expect(await streams.load('s', count)).toMatchObject({ state: 2 });
    expect(await streams.load('s', counter)).toMatchObject({ state: 5 });
    expect(streams.stats()).toMatchObject({ hits: 0, misses: 3 });
  });

  it('keeps no fold of a stream that does not exist, and holds at most maxEvents events, least recently loaded out first', async () => {
    const streams = new FoldedStreams(store, 4);
    expect(await streams.load('none', counter)).toMatchObject({ state: 0, revision: -1, events: [] });
    expect(streams.stats().streams).toBe(0);
    for (const id of ['a', 'b', 'c']) await store.append(id, [added(1), added(1)], 'no_stream');
    await streams.load('a', counter);
    await streams.load('b', counter);
    await streams.load('a', counter); // a is now the most recent
    await streams.load('c', counter); // b goes
    expect(streams.stats()).toMatchObject({ streams: 2, events: 4 });
    await streams.load('a', counter); // kept: a hit
    expect(streams.stats()).toMatchObject({ hits: 2, misses: 4 });
    await streams.load('b', counter); // evicted: read whole again
    expect(streams.stats()).toMatchObject({ hits: 2, misses: 5, streams: 2, events: 4 });
  });

  it('given two loads at once of a stream that moves between them, then it keeps the further fold', async () => {
    await store.append('s', [added(1)], 'no_stream');
    const streams = new FoldedStreams(store);
    await streams.load('s', counter);
    const [a] = await Promise.all([streams.load('s', counter), store.append('s', [added(5)], 0)]);
    const b = await streams.load('s', counter);
    expect(b.revision).toBeGreaterThanOrEqual(a.revision);
    expect(b).toMatchObject({ state: 6, revision: 1 });
  });
});
