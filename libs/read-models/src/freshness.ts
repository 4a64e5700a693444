import { comparePositions } from '@app/event-store';
import { ReadModelStore } from './read-model-store.port';
import { LiveReadModels } from './projection/live-read-models';

/**
 * Read-your-writes: resolves true once the live read models named in `models` (every one when
 * omitted) include `position`, false after `timeoutMs`. Reads the committed checkpoints, so it
 * works when the projector is another process.
 */
export async function waitForPosition(store: ReadModelStore, position: string, timeoutMs: number, models?: readonly string[], pollMs = 25): Promise<boolean> {
  if (!(store instanceof LiveReadModels)) throw new Error('waitForPosition needs the live read models');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checkpoint = await store.position(true, models);
    if (checkpoint !== null && comparePositions(checkpoint, position) >= 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
