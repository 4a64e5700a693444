#!/usr/bin/env node
// Sums every test report that a CI run left in one directory and prints, as its very last line,
// `N passed, M failed`. Used by .ci/run (in its EXIT trap, so the line comes also after a failure).
//
//   node .ci/count-results.js <results-dir> <exit-status-of-the-run> <seconds>
//
// Reports understood: `*.json` from jest (--json --outputFile) and `*.xml` JUnit files (Schemathesis'
// --report junit, Playwright's junit reporter for the browser tests). <results-dir>/expected lists, one a line, the reports that the run's steps were
// to write: a missing one counts as one failure (a step that died before reporting, e.g. a build
// error). A run that exited non-zero without any failure in its reports also counts one failure, so
// a red run never prints `0 failed`. Exits 1 when anything failed.
'use strict';
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const [dir, statusArg = '0', secondsArg = ''] = process.argv.slice(2);
const status = Number(statusArg);
let passed = 0;
let failed = 0;
const lines = [];

function jest(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // A `.filtered.json` run selected its cases by name (jest -t): the others are skipped on purpose.
  const filtered = file.endsWith('.filtered.json');
  // A suite that cannot even load (syntax error, missing module) has no test to count as failed.
  const broken = r.numRuntimeErrorTestSuites ?? 0;
  const skipped = filtered ? 0 : (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  passed += r.numPassedTests;
  failed += r.numFailedTests + broken;
  lines.push(`${file}: jest ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${broken} suites not run, ` +
    (filtered ? `${r.numPendingTests ?? 0} not selected by name` : `${skipped} skipped`));
  // Skipped tests are not passes: the project has no .skip, so any is a failure to look at.
  if (skipped) { failed += skipped; lines.push(`  ${skipped} skipped or todo tests counted as failed`); }
}

function junit(file) {
  const xml = readFileSync(file, 'utf8');
  let tests = 0, bad = 0, skipped = 0;
  // One <testcase> per operation; a failed one holds <failure> or <error>, a skipped one <skipped>.
  for (const m of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    tests++;
    const body = m[2] ?? '';
    if (/<(failure|error)\b/.test(body)) bad++;
    else if (/<skipped\b/.test(body)) skipped++;
  }
  passed += tests - bad - skipped;
  failed += bad;
  // Schemathesis skips operations no valid call can reach; the browser tests have no .skip, so a skipped one is a failure.
  const browser = /playwright/.test(file);
  if (browser) { failed += skipped; }
  lines.push(`${file}: junit ${tests - bad - skipped} passed, ${bad} failed, ${skipped} skipped` +
    (browser ? (skipped ? ' (counted as failed: the browser tests have no .skip)' : '') : ' (operations the schema lets no valid call reach)'));
}

const files = existsSync(dir) ? readdirSync(dir).sort() : [];
for (const name of files) {
  const file = join(dir, name);
  try {
    if (name.endsWith('.json')) jest(file);
    else if (name.endsWith('.xml')) junit(file);
  } catch (error) {
    failed++;
    lines.push(`${file}: unreadable report (${error.message}), counted as one failure`);
  }
}
const expected = existsSync(join(dir, 'expected')) ? readFileSync(join(dir, 'expected'), 'utf8').split('\n').filter(Boolean) : [];
for (const name of expected) {
  if (!files.includes(name)) { failed++; lines.push(`${name}: missing (its step failed before reporting), counted as one failure`); }
}
if (status !== 0 && failed === 0) { failed++; lines.push(`the run exited with ${status} without a failing report: counted as one failure`); }

for (const line of lines) console.log(`ci: ${line}`);
if (secondsArg) console.log(`ci: total time ${secondsArg} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
