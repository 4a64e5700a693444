#!/usr/bin/env node
// `npm run test:mutation [-- <group>|<file>...]`: StrykerJS, one source file at a time, each in
// Stryker's incremental mode with its own results file under reports/mutation/files/. A file is
// re-tested only where its code or the tests that cover it changed since its last run, so a run
// that is stopped keeps every file it finished, and the next run goes on from there. Then the
// scores of every file tested so far go to TESTING.md (test/support/mutation-scores.js).
//
//   npm run test:mutation                    every group, in order
//   npm run test:mutation -- domain          one group (see GROUPS)
//   npm run test:mutation -- libs/domain/src/kernel/decimal.ts
//   MUTATION_CONCURRENCY=1 npm run test:mutation   (default 2: Stryker's test processes)
//   MUTATION_FORCE=1 npm run test:mutation -- <file>   (every mutant again, ignoring the incremental results)
'use strict';
const { spawnSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '../..');
const out = join(root, 'reports/mutation/files');

/** What is mutated, and with which tests: the domain by its own specs; the command path and the HTTP edge by theirs. */
const GROUPS = {
  domain: { dir: 'libs/domain/src', config: 'stryker.config.json', skip: (f) => f.includes('/testing/') || f.endsWith('/index.ts') },
  'command path and guards': {
    dir: 'apps/api/src',
    config: 'stryker.edge.config.json',
    // One Stryker run for the whole group: its tests are e2e suites that reach every file, so a
    // run per file would repeat the same long first (unmutated) run 21 times.
    together: true,
    skip: (f) =>
      !f.endsWith('.command.ts') &&
      ![
        'apps/api/src/platform/commands/command-context.ts',
        'apps/api/src/platform/commands/command-handling.ts',
        'apps/api/src/platform/commands/http-command-context.ts',
        'apps/api/src/platform/auth/access-policy.ts',
        'apps/api/src/platform/auth/auth.guard.ts',
        'apps/api/src/platform/auth/read-scope.ts',
      ].includes(f),
  },
};

function walk(dir) {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return walk(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function filesOf(group) {
  const g = GROUPS[group];
  return walk(g.dir).filter((f) => !g.skip(f)).map((file) => ({ file, config: g.config, group }));
}

const slug = (file) => file.replace(/[^A-Za-z0-9]+/g, '_');

const args = process.argv.slice(2);
const groupsAsked = args.length === 0 ? Object.keys(GROUPS) : args.filter((a) => GROUPS[a]);
const wholeGroups = groupsAsked.filter((g) => GROUPS[g].together);
const targets = [
  ...groupsAsked.filter((g) => !GROUPS[g].together).flatMap(filesOf),
  ...args.filter((a) => !GROUPS[a]).map((a) => ({ file: a, config: (a.startsWith('apps/') ? GROUPS['command path and guards'] : GROUPS.domain).config })),
];

mkdirSync(out, { recursive: true });
const concurrency = process.env.MUTATION_CONCURRENCY ?? '2';
let failures = 0;

for (const group of wholeGroups) {
  const files = filesOf(group).map((t) => t.file);
  const started = Date.now();
  process.stdout.write(`mutation: ${group}, ${files.length} files in one run ... `);
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', GROUPS[group].config, '--mutate', files.join(','), '--concurrency', concurrency, '--reporters', 'json,progress'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0) {
    console.log(`failed after ${seconds} s`);
    console.error(run.stdout ?? '');
    failures += 1;
    continue;
  }
  // Split the group's report into one report per file, as a run per file writes them.
  const whole = JSON.parse(readFileSync(join(root, 'reports/mutation/mutation.json'), 'utf8'));
  const at = new Date().toISOString();
  for (const [file, data] of Object.entries(whole.files)) {
    const rel = relative(root, join(root, file));
    writeFileSync(join(out, `${slug(rel)}.json`), JSON.stringify({ ...whole, files: { [file]: data } }));
    writeFileSync(join(out, `${slug(rel)}.meta.json`), JSON.stringify({ file: rel, seconds, at, run: `${group} ${at}` }));
  }
  console.log(`${seconds} s`);
}

for (const { file, config } of targets) {
  const name = slug(file);
  const started = Date.now();
  process.stdout.write(`mutation: ${file} ... `);
  const stryker = (configFile) =>
    spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', configFile,
        '--mutate', file,
        '--incremental', '--incrementalFile', relative(root, join(out, `${name}.incremental.json`)),
        '--concurrency', concurrency,
        '--reporters', 'json',
        ...(process.env.MUTATION_FORCE ? ['--force'] : []),
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  let run = stryker(config);
  if (run.status !== 0 && /No tests were (found|executed)/.test(run.stdout + run.stderr)) {
    // Jest finds no spec importing this file directly (it is reached through others): run them all.
    const everySpec = join(root, 'reports/mutation', `all-specs.${config}`);
    const c = JSON.parse(readFileSync(join(root, config), 'utf8'));
    writeFileSync(everySpec, JSON.stringify({ ...c, jest: { ...c.jest, configFile: join(root, c.jest.configFile), enableFindRelatedTests: false } }));
    run = stryker(relative(root, everySpec));
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0) {
    console.log(`failed after ${seconds} s`);
    console.error((run.stdout ?? '') + (run.stderr ?? ''));
    failures += 1;
    continue;
  }
  copyFileSync(join(root, 'reports/mutation/mutation.json'), join(out, `${name}.json`));
  writeFileSync(join(out, `${name}.meta.json`), JSON.stringify({ file, seconds, at: new Date().toISOString() }));
  console.log(`${seconds} s`);
}

const scores = spawnSync(process.execPath, [join(__dirname, 'mutation-scores.js')], { cwd: root, stdio: 'inherit' });
process.exit(failures ? 1 : (scores.status ?? 1));
