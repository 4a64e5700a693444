import { Inject, Injectable } from '@nestjs/common';
import { EventChainWalk, VerifyResult } from '@app/event-store';
import { AppConfig } from '@app/shared';
import { APP_CONFIG } from '../../platform/infrastructure.module';
import { problem } from '../../platform/http/problem';

/** How long one step of the walk may hold the event loop before other requests get their turn. */
const SLICE_MS = 20;
const EVENTS_PER_SLICE = 5_000;

export interface VerificationProgress {
  verified: number;
  head: string;
}

export interface VerificationReport extends VerifyResult {
  /** The log's last position when the walk began: the walk covers the log up to there. */
  head: string;
  seconds: number;
}

const position = (n: number) => n.toString(16).padStart(16, '0');

/**
 * Walks the embedded log's chain hashes inside the API process, in slices of ~20 ms with the
 * event loop free in between (other requests keep being answered), one walk at a time.
 */
@Injectable()
export class LogVerification {
  private running = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async run(onProgress: (p: VerificationProgress) => void, isCancelled: () => boolean): Promise<VerificationReport | null> {
    const store = this.config.eventStore;
    if (store.kind !== 'sqlite') {
      throw problem(501, 'Not implemented', 'Chain hashes are kept by the embedded event store only; this deployment stores its events in EventStoreDB (see README, "A tamper-evident log").');
    }
    if (this.running) {
      throw problem(429, 'Too many requests', 'A verification of the log is already running; try again when it has finished.', [], { 'Retry-After': '10' });
    }
    this.running = true;
    const started = Date.now();
    const walk = new EventChainWalk(store.file);
    try {
      let reported = 0;
      let lastReport = started;
      for (;;) {
        const result = walk.step(EVENTS_PER_SLICE, Date.now() + SLICE_MS);
        if (result) return { ...result, head: position(walk.head), seconds: (Date.now() - started) / 1000 };
        if (walk.verified - reported >= 50_000 || Date.now() - lastReport >= 1000) {
          reported = walk.verified;
          lastReport = Date.now();
          onProgress({ verified: walk.verified, head: position(walk.head) });
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (isCancelled()) return null;
      }
    } finally {
      walk.close();
      this.running = false;
    }
  }
}
