import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** A compiled entry point under dist/, e.g. `apps/projector/src/main.js`. */
export const dist = (path: string) => join(ROOT, 'dist', path);

/**
 * Builds dist/ before a suite runs compiled apps as real processes, so that a stale dist/ is never
 * what gets tested: unless the last build is newer than every source file it compiles, it runs
 * `npm run build` (incremental). Suites in parallel jest workers take turns through a lock
 * (flock), so two builds never write dist/ at once.
 */
export function buildDist(): void {
  if (distIsFresh()) return;
  // Without the outputs, the build info would claim that there is nothing to emit.
  if (!existsSync(dist('apps/api/src/main.js')) || !existsSync(dist('apps/projector/src/main.js'))) {
    rmSync(join(ROOT, 'dist/.tsbuildinfo'), { force: true });
  }
  const lock = join(tmpdir(), `danvan-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  // The build info's time is what distIsFresh compares; an incremental build with nothing to emit
  // (sources touched, as after a rebase, but not changed) leaves it as it was, so it is touched here.
  execSync(`flock ${JSON.stringify(lock)} sh -c 'npm run --silent build && touch dist/.tsbuildinfo'`, { cwd: ROOT, stdio: 'inherit' });
}

/** True when dist/'s build info is newer than every non-spec source file and build setting. */
function distIsFresh(): boolean {
  const info = join(ROOT, 'dist/.tsbuildinfo');
  if (!existsSync(info) || !existsSync(dist('apps/api/src/main.js')) || !existsSync(dist('apps/projector/src/main.js'))) return false;
  const builtAt = statSync(info).mtimeMs;
  const newer = (path: string): boolean => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && newer(full)) return true;
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && statSync(full).mtimeMs > builtAt) {
        return true;
      }
    }
    return false;
  };
  const settings = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => join(ROOT, f)).filter(existsSync);
  return !settings.some((f) => statSync(f).mtimeMs > builtAt) && !['apps', 'libs', 'scripts', 'bench'].some((d) => existsSync(join(ROOT, d)) && newer(join(ROOT, d)));
}
