/**
 * The projector container's healthcheck (it has no HTTP port): healthy, exit 0, while its loop has
 * written PROJECTOR_HEARTBEAT_FILE within PROJECTOR_HEARTBEAT_MAX_AGE_SECONDS (default 60). The
 * loop writes it on every turn, at least every few seconds whether busy or idle, and also while a
 * projection is stopped at a parked event (that is readiness, reported by the API's /health/ready,
 * not liveness). A hung loop, or one that keeps failing (a store down past its backoff), goes
 * stale: exit 1.
 *   node dist/apps/projector/src/healthcheck.js
 */
import { statSync } from 'node:fs';

function main(): number {
  const file = process.env.PROJECTOR_HEARTBEAT_FILE;
  const maxAge = Number(process.env.PROJECTOR_HEARTBEAT_MAX_AGE_SECONDS ?? 60);
  if (!file) {
    console.error('PROJECTOR_HEARTBEAT_FILE is not set: the projector writes no heartbeat to check');
    return 1;
  }
  try {
    const age = (Date.now() - statSync(file).mtimeMs) / 1000;
    if (age <= maxAge) return 0;
    console.error(`the projector's last heartbeat is ${Math.round(age)} s old (more than ${maxAge} s)`);
  } catch (error) {
    console.error(`no heartbeat at ${file}: ${(error as Error).message}`);
  }
  return 1;
}

process.exit(main());
