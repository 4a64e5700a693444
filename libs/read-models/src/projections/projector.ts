import { comparePositions, EventStore, subscribeToAll } from '@app/event-store';
import { ReadModelStore } from '../read-model-store.port';
import { LEDGER_SUBSCRIPTION, LedgerProjection } from './ledger.projection';

export interface ProjectorOptions {
  batchSize?: number;
  idleWaitMs?: number;
  /** Delay before retrying after a failed batch; doubles up to 30 s. */
  retryDelayMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Pulls the global log from the checkpoint, in batches, and feeds the ledger projection. The
 * checkpoint is read from the store on every (re)start, so a crash anywhere resumes where the
 * last committed batch ended.
 */
export class Projector {
  private abort = new AbortController();
  private running: Promise<void> | null = null;
  private processed: string | null = null;
  private readonly projection: LedgerProjection;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly options: ProjectorOptions = {},
  ) {
    this.projection = new LedgerProjection(readModels);
  }

  get position(): string | null {
    return this.processed;
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    this.running = this.loop(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.running = null;
  }

  /** Processes everything in the log now, then returns: for rebuilds, tests and benchmarks. */
  async catchUp(): Promise<void> {
    let after = await this.readModels.getCheckpoint(LEDGER_SUBSCRIPTION);
    const head = await this.events.headPosition();
    while (head !== null && comparePositions(after, head) < 0) {
      const batch = await this.events.readAll({ after, limit: this.options.batchSize ?? 500 });
      if (batch.length === 0) break;
      await this.projection.apply(batch);
      after = batch[batch.length - 1].position;
      this.processed = after;
    }
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let delay = this.options.retryDelayMs ?? 500;
    while (!signal.aborted) {
      try {
        const after = await this.readModels.getCheckpoint(LEDGER_SUBSCRIPTION);
        this.processed = after;
        const batches = subscribeToAll(this.events, {
          after,
          batchSize: this.options.batchSize ?? 500,
          idleWaitMs: this.options.idleWaitMs ?? 1000,
          signal,
        });
        for await (const batch of batches) {
          await this.projection.apply(batch);
          this.processed = batch[batch.length - 1].position;
          delay = this.options.retryDelayMs ?? 500;
        }
      } catch (error) {
        if (signal.aborted) return;
        this.options.log?.(`projection batch failed; retrying in ${delay} ms`, error);
        await sleep(delay, signal);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
