import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppendOutcome, AppendRequest, deserializeError } from './sqlite-appender';
import { FromWriter, ToWriter, WriterThreadData } from './sqlite-writer.messages';

/**
 * The compiled writer script. Worker threads run JavaScript: from dist/ the file beside this one;
 * under ts-jest (this file is TypeScript) the one in dist/, which `npm test` builds first.
 */
export function sqliteWriterFile(): string {
  const dir = __filename.endsWith('.ts') ? resolve(__dirname, '../../../dist/libs/event-store/src') : __dirname;
  return join(dir, 'sqlite-writer.worker.js');
}

interface InFlight {
  resolve(outcomes: AppendOutcome[]): void;
  reject(error: unknown): void;
}

/**
 * The main thread's side of the writer thread: sends a group, resolves with its outcomes (errors
 * rebuilt as the same classes) once the worker's transaction committed. The worker starts with the
 * first group; one that ends unasked fails the group it held (whether that group committed is then
 * unknown, as after an I/O error at COMMIT: a retried command answers from its recorded ids) and
 * the next group starts another. The thread keeps the process alive only while a group is in flight.
 */
export class SqliteWriterThread {
  private worker: Worker | null = null;
  private checkpointer: Worker | null = null;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 0;
  private failure: string | null = null;
  /** Shared by the checkpointer and the writer (WriterThreadData.checkpoints). */
  private readonly checkpoints = new SharedArrayBuffer(4);

  constructor(
    private readonly data: WriterThreadData,
    private readonly file: string = sqliteWriterFile(),
  ) {
    if (!existsSync(file)) throw new Error(`the event store's writer thread ${file} is not built: run npm run build (or set EVENT_WRITER_THREAD=main)`);
  }

  commit(group: AppendRequest[]): Promise<AppendOutcome[]> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<AppendOutcome[]>((resolveCommit, rejectCommit) => {
      this.inFlight.set(id, { resolve: resolveCommit, reject: rejectCommit });
      worker.ref();
      worker.postMessage({ type: 'commit', id, group } satisfies ToWriter);
    });
  }

  /** How many checkpoints the checkpointer thread has made since the store opened. */
  checkpointerPasses(): number {
    return Atomics.load(new Int32Array(this.checkpoints), 0);
  }

  /** The writer connection's synchronous and journal mode, as it reports them (tests). */
  settings(): Promise<{ synchronous: number; journalMode: string; autocheckpoint: number }> {
    const worker = this.worker ?? this.spawn();
    return new Promise((resolveSettings, rejectSettings) => {
      const onMessage = (message: FromWriter) => {
        if (message.type !== 'settings') return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolveSettings({ synchronous: message.synchronous, journalMode: message.journalMode, autocheckpoint: message.autocheckpoint });
      };
      const onExit = () => {
        worker.off('message', onMessage);
        rejectSettings(new Error("the event store's writer thread ended"));
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.postMessage({ type: 'settings' } satisfies ToWriter);
    });
  }

  /** Closes the workers' connections and waits for the threads to end; call with no group in flight. */
  async close(): Promise<void> {
    await Promise.all([this.worker, this.checkpointer].map(async (worker) => {
      if (!worker) return;
      const exited = new Promise<void>((resolveExit) => worker.once('exit', () => resolveExit()));
      worker.ref();
      worker.postMessage({ type: 'close' } satisfies ToWriter);
      await exited;
    }));
  }

  /**
   * The checkpointer thread (the same script, role `checkpointer`): it keeps the WAL short off the
   * writer's path. It never holds the process alive; one that ends is started again with the next writer.
   */
  private startCheckpointer(): void {
    if (this.checkpointer) return;
    const worker = new Worker(this.file, { workerData: { ...this.data, role: 'checkpointer', checkpoints: this.checkpoints } satisfies WriterThreadData });
    this.checkpointer = worker;
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (this.checkpointer === worker) this.checkpointer = null;
    });
    worker.unref();
  }

  private spawn(): Worker {
    this.startCheckpointer();
    const worker = new Worker(this.file, { workerData: { ...this.data, checkpoints: this.checkpoints } satisfies WriterThreadData });
    this.worker = worker;
    this.failure = null;
    worker.on('message', (message: FromWriter) => {
      if (message.type === 'committed' || message.type === 'failed') {
        const waiting = this.inFlight.get(message.id);
        this.inFlight.delete(message.id);
        if (this.inFlight.size === 0) worker.unref();
        if (!waiting) return;
        if (message.type === 'failed') waiting.reject(deserializeError(message.failure));
        else waiting.resolve(message.outcomes.map((outcome): AppendOutcome => (outcome.ok ? outcome : { ok: false, error: deserializeError(outcome.error) })));
      }
    });
    worker.on('error', (error) => {
      this.failure = error.stack ?? error.message;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      const error = new Error(`the event store's writer thread ended (${this.failure?.split('\n')[0] ?? `exit code ${code}`}); the append's outcome is unknown`);
      for (const waiting of this.inFlight.values()) waiting.reject(error);
      this.inFlight.clear();
    });
    worker.unref();
    return worker;
  }
}
