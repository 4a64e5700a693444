import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** A compiled entry point under dist/, e.g. `apps/projector/src/main.js`. */
export const dist = (path: string) => join(ROOT, 'dist', path);

/**
 * Builds dist/ before a suite runs compiled apps as real processes, so that a stale dist/ is never
 * what gets tested. The build is incremental (quick right after `npm test`'s own build); suites in
 * parallel jest workers take turns through a lock (flock), so two builds never write dist/ at once.
 */
export function buildDist(): void {
  // Without the outputs, the build info would claim that there is nothing to emit.
  if (!existsSync(dist('apps/api/src/main.js')) || !existsSync(dist('apps/projector/src/main.js'))) {
    rmSync(join(ROOT, 'dist/.tsbuildinfo'), { force: true });
  }
  const lock = join(tmpdir(), `danvan-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  execSync(`flock ${JSON.stringify(lock)} npm run --silent build`, { cwd: ROOT, stdio: 'inherit' });
}
