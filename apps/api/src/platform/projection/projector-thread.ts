import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EventStore } from '@app/event-store';
import { AppConfig } from '@app/shared';
import { FromWorker, ToWorker } from './projector-thread.messages';

/** How the projector worker is doing, for readiness. */
export interface ProjectorThreadState {
  /** The worker is up (started its projector, not exited). */
  running: boolean;
  /** Workers started after one ended unasked. */
  restarts: number;
  /** The last unasked end: when, and the error or exit code. */
  lastExit: { at: string; reason: string } | null;
  /** When the next worker starts (ISO), while none runs. */
  restartAt: string | null;
}

export interface ThreadLogger {
  log(message: string): void;
  error(message: string, detail?: string): void;
}

/** A worker that ran this long before it ended starts again at once: its end was not a start-up failure. */
const HEALTHY_RUN_MS = 30_000;

/**
 * The compiled worker script. Worker threads run JavaScript: from dist/ the file beside this one;
 * under ts-jest (this file is TypeScript) the one in dist/, which `npm test` builds first.
 */
export function projectorWorkerFile(): string {
  const dir = __filename.endsWith('.ts') ? resolve(__dirname, '../../../../../dist/apps/api/src/platform/projection') : __dirname;
  return join(dir, 'projector.worker.js');
}

/**
 * The embedded default runs the projector on a worker thread of the API process: the thread opens
 * its own connections to the same stores (SQLite in WAL mode takes readers and one writer at a
 * time across connections; MongoDB is a server), so a catch-up batch (better-sqlite3 is
 * synchronous) blocks the worker's event loop, never the one that answers requests. Everything
 * the API reads of the projections (checkpoints for `minPosition`, lag for /health, parked events
 * for readiness) it reads from the store, as it would of apps/projector.
 *
 * The main thread tells the worker of each append it sees (one message per wake-up, whatever the
 * number of appends), so the projection starts on new events at once instead of at its 100 ms poll.
 *
 * A worker that ends unasked (an uncaught error, a failure to open the stores, terminated) is
 * logged, readiness answers 503 naming it while none runs, and another starts after
 * `projectorRetryMs` (doubling up to 30 s while they keep failing at start); it resumes from the
 * committed checkpoints. `stop()` asks the worker to finish its batch and close its stores, and
 * terminates it if it has not ended within `stopTimeoutMs`.
 */
export class ProjectorThread {
  private worker: Worker | null = null;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartDelay: number;
  private readonly abort = new AbortController();
  private readonly current: ProjectorThreadState = { running: false, restarts: 0, lastExit: null, restartAt: null };

  constructor(
    private readonly config: AppConfig,
    private readonly events: EventStore,
    private readonly logger: ThreadLogger,
    private readonly options: { file?: string; stopTimeoutMs?: number; startTimeoutMs?: number } = {},
  ) {
    this.restartDelay = config.projectorRetryMs;
  }

  state(): ProjectorThreadState {
    return { ...this.current, lastExit: this.current.lastExit && { ...this.current.lastExit } };
  }

  /** The running worker (null between a crash and its restart): tests end it to see what follows. */
  get thread(): Worker | null {
    return this.worker;
  }

  /**
   * Starts the worker; resolves once it has opened its stores and started projecting (or has
   * ended, or after `startTimeoutMs`: a worker that cannot start is retried in the background and
   * shows in readiness, it does not hold the API up).
   */
  start(): Promise<void> {
    const file = this.options.file ?? projectorWorkerFile();
    if (!existsSync(file)) throw new Error(`the projector worker ${file} is not built: run npm run build (or set PROJECTOR_THREAD=main)`);
    const worker = this.spawn(file);
    if (this.config.eventStore.kind === 'sqlite') void this.notifyAppends();
    return new Promise<void>((resolveStart) => {
      const timer = setTimeout(done, this.options.startTimeoutMs ?? 30_000);
      timer.unref();
      function done() {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', done);
        resolveStart();
      }
      function onMessage(message: FromWorker) {
        if (message.type === 'started') done();
      }
      worker.on('message', onMessage);
      worker.once('exit', done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolveExit) => worker.once('exit', () => resolveExit()));
    this.send({ type: 'stop' });
    const timeout = new Promise<'timeout'>((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), this.options.stopTimeoutMs ?? 15_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      this.logger.error('the projector worker did not stop within its timeout; terminating it');
      await worker.terminate();
    }
  }

  private spawn(file: string): Worker {
    const startedAt = Date.now();
    let failure: string | null = null;
    const worker = new Worker(file, { workerData: { config: this.config } });
    this.worker = worker;
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'started') {
        this.current.running = true;
        this.current.restartAt = null;
      } else if (message.type === 'log') {
        // A message with a detail is a failure; without one, news (a build switched live).
        if (message.detail === undefined) this.logger.log(message.message);
        else this.logger.error(message.message, message.detail);
      }
    });
    worker.on('error', (error) => {
      failure = error.stack ?? error.message;
    });
    worker.on('exit', (code) => {
      this.worker = null;
      this.current.running = false;
      if (this.stopped) return;
      const reason = failure ?? `exit code ${code}`;
      this.current.lastExit = { at: new Date().toISOString(), reason: reason.split('\n')[0] };
      if (Date.now() - startedAt >= HEALTHY_RUN_MS) this.restartDelay = this.config.projectorRetryMs;
      const delay = this.restartDelay;
      this.restartDelay = Math.min(this.restartDelay * 2, 30_000);
      this.current.restartAt = new Date(Date.now() + delay).toISOString();
      this.logger.error(`the projector worker ended unasked (${this.current.lastExit.reason}); starting another in ${delay} ms`, failure ?? undefined);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (this.stopped) return;
        this.current.restarts += 1;
        this.spawn(file);
      }, delay);
    });
    return worker;
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** Wakes the worker on every append this process (or another) makes to the embedded log. */
  private async notifyAppends(): Promise<void> {
    const signal = this.abort.signal;
    try {
      let head = await this.events.headPosition();
      while (!signal.aborted) {
        await this.events.waitForAppend(head, 1000, signal);
        if (signal.aborted) return;
        const now = await this.events.headPosition();
        if (now !== head) {
          head = now;
          this.send({ type: 'appended' });
        }
      }
    } catch (error) {
      // The store closed under us (shutdown) or failed: the worker's own poll still finds appends.
      if (!signal.aborted) this.logger.error('no longer telling the projector worker of appends; it polls for them', error instanceof Error ? error.stack : String(error));
    }
  }
}
