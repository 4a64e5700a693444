import { comparePositions } from '@app/event-store';
import { ReadModelStore } from './read-model-store.port';
import { LEDGER_SUBSCRIPTION } from './projections/ledger.projection';

/**
 * Read-your-writes: resolves true once the read models include `position`, false after
 * `timeoutMs`. Reads the committed checkpoint, so it works when the projector is another process.
 */
export async function waitForPosition(
  store: ReadModelStore,
  position: string,
  timeoutMs: number,
  pollMs = 25,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checkpoint = await store.getCheckpoint(LEDGER_SUBSCRIPTION);
    if (checkpoint !== null && comparePositions(checkpoint, position) >= 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
