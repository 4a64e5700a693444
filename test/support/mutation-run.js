#!/usr/bin/env node
// `npm run test:mutation [-- <group>|<file>...]`: StrykerJS, one source file at a time, each in
// Stryker's incremental mode with its own results file under reports/mutation/files/. A file is
// re-tested only where its code or the tests that cover it changed since its last run, so a run
// that is stopped keeps every file it finished, and the next run goes on from there. Then the
// scores of every file tested so far go to TESTING.md (test/support/mutation-scores.js).
//
//   npm run test:mutation                    every group, in order (domain, guards, handlers)
//   npm run test:mutation -- domain          one group (see GROUPS): domain, guards, handlers
//   npm run test:mutation -- "command path and guards"   the guards, then the handlers
//   npm run test:mutation -- libs/domain/src/kernel/decimal.ts
//   MUTATION_CONCURRENCY=1 npm run test:mutation   (default 2: Stryker's test processes)
//   MUTATION_FORCE=1 npm run test:mutation -- <file>   (every mutant again, ignoring the incremental results)
'use strict';
const { spawnSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const root = join(__dirname, '../..');
const out = join(root, 'reports/mutation/files');

/** The command path's guards: few files, each reached by nearly every e2e test, so tested by their own specs. */
const GUARDS = [
  'apps/api/src/platform/commands/command-context.ts',
  'apps/api/src/platform/commands/command-handling.ts',
  'apps/api/src/platform/commands/http-command-context.ts',
  'apps/api/src/platform/auth/access-policy.ts',
  'apps/api/src/platform/auth/auth.guard.ts',
  'apps/api/src/platform/auth/read-scope.ts',
];

/** The e2e suites (test/<name>.e2e.spec.ts) that run each feature's commands, by the handlers' top directory. */
const HANDLER_SUITES = {
  areas: ['areas', 'programs'],
  assignments: ['areas', 'programs'],
  indicators: ['figure-checks', 'ledger', 'input-hygiene'],
  programs: ['programs', 'program-parties', 'review-conferences', 'approval-levels'],
  units: ['unit-approval-levels', 'ledger', 'input-hygiene'],
  reports: ['ledger', 'figures-import', 'approval-levels', 'back-entry', 'qualifiers', 'figure-checks', 'report-history'],
};

/**
 * What is mutated, and with which tests. Every file is its own Stryker run (incremental, with its
 * own results), so a stopped run keeps what it finished. "command path and guards" is two parts,
 * run in this order: the guards with their unit specs and two small e2e suites, then each handler
 * with its directory's specs and its feature's e2e suites only.
 */
const GROUPS = {
  domain: { files: () => walk('libs/domain/src').filter((f) => !f.includes('/testing/') && !f.endsWith('/index.ts')), config: 'stryker.config.json' },
  guards: { files: () => GUARDS, config: 'stryker.guards.config.json' },
  handlers: { files: () => walk('apps/api/src').filter((f) => f.endsWith('.command.ts')), config: 'stryker.handlers.config.json' },
};
/** Names that stand for several groups, in order. */
const ALIASES = { 'command path and guards': ['guards', 'handlers'] };

function walk(dir) {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return walk(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The Stryker config of a file, and for a handler the environment naming its tests. */
function targetOf(file) {
  if (GUARDS.includes(file)) return { file, config: GROUPS.guards.config, env: {} };
  if (file.startsWith('apps/')) {
    const feature = file.split('/')[3];
    const suites = HANDLER_SUITES[feature];
    if (!file.endsWith('.command.ts') || !suites) throw new Error(`${file}: not a file of the command path and guards (see GUARDS and HANDLER_SUITES)`);
    return { file, config: GROUPS.handlers.config, env: { MUTATION_HANDLER_DIR: dirname(file), MUTATION_SUITES: suites.join(',') } };
  }
  return { file, config: GROUPS.domain.config, env: {} };
}

const slug = (file) => file.replace(/[^A-Za-z0-9]+/g, '_');

module.exports = { GROUPS, ALIASES, GUARDS, HANDLER_SUITES, targetOf };

if (require.main === module) main();

function main() {
  const args = process.argv.slice(2);
  const expand = (name) => ALIASES[name] ?? (GROUPS[name] ? [name] : []);
  const groupsAsked = args.length === 0 ? Object.keys(GROUPS) : args.flatMap(expand);
  const targets = [
    ...groupsAsked.flatMap((g) => GROUPS[g].files()).map(targetOf),
    ...args.filter((a) => expand(a).length === 0).map(targetOf),
  ];

  mkdirSync(out, { recursive: true });
  const concurrency = process.env.MUTATION_CONCURRENCY ?? '2';
  let failures = 0;

  for (const { file, config, env } of targets) {
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
        { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } },
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
}
