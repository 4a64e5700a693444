#!/usr/bin/env node
/**
 * `npm start` runs this first: it builds dist/ (incrementally, `npm run build`) only when a source
 * file or a build setting is newer than the last build, so a start with nothing changed goes
 * straight to the app. Plain JavaScript: it must run before anything is compiled.
 *   node scripts/build-if-stale.js [--quiet]
 */
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const INFO = join(ROOT, 'dist/.tsbuildinfo');
const ENTRY_POINTS = ['dist/apps/api/src/main.js', 'dist/apps/projector/src/main.js'].map((p) => join(ROOT, p));
const SOURCES = ['apps', 'libs', 'scripts', 'bench'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** The newest source (non-spec .ts) or build setting, or null when none is newer than `since`. */
function newerThan(since) {
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        // apps/web is the browser app, built by vite (webStale below), not by tsc.
        if (entry.name !== 'node_modules' && full !== join(ROOT, 'apps/web')) {
          const found = walk(full);
          if (found) return found;
        }
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && statSync(full).mtimeMs > since) {
        return full;
      }
    }
    return null;
  };
  for (const f of SETTINGS.map((s) => join(ROOT, s))) if (existsSync(f) && statSync(f).mtimeMs > since) return f;
  for (const d of SOURCES.map((s) => join(ROOT, s))) {
    const found = existsSync(d) ? walk(d) : null;
    if (found) return found;
  }
  return null;
}

/** The web app (apps/web: .tsx, .css, .html too) against its own output, dist/web/index.html. */
function webStale() {
  const out = join(ROOT, 'dist/web/index.html');
  if (!existsSync(out)) return 'no web build yet';
  const since = statSync(out).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        const found = walk(full);
        if (found) return found;
      } else if (statSync(full).mtimeMs > since) return full;
    }
    return null;
  };
  for (const f of ['package.json', 'package-lock.json'].map((s) => join(ROOT, s))) if (existsSync(f) && statSync(f).mtimeMs > since) return f;
  return existsSync(join(ROOT, 'apps/web')) ? walk(join(ROOT, 'apps/web')) : null;
}

function main() {
  const quiet = process.argv.includes('--quiet');
  const built = existsSync(INFO) && ENTRY_POINTS.every(existsSync);
  const stale = built ? newerThan(statSync(INFO).mtimeMs) : 'no build yet';
  if (!stale) {
    // `npm run build` builds the web app too; with the server up to date, only the web app may be stale.
    const web = webStale();
    if (web) {
      if (!quiet) console.error(`building dist/web (${web === 'no web build yet' ? web : `${web.slice(ROOT.length + 1)} changed`})`);
      execSync('npm run --silent build:web', { cwd: ROOT, stdio: 'inherit' });
    } else if (!quiet) console.error('dist/ is up to date; not building');
    return;
  }
  // Without the outputs, tsc's build info would claim that there is nothing to emit.
  if (!ENTRY_POINTS.every(existsSync)) rmSync(INFO, { force: true });
  if (!quiet) console.error(`building dist/ (${stale === 'no build yet' ? stale : `${stale.slice(ROOT.length + 1)} changed`})`);
  execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });
}

main();
