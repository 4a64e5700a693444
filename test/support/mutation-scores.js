#!/usr/bin/env node
// Writes the scores of the last `stryker run` (reports/mutation/mutation.json) into TESTING.md,
// between the markers <!-- mutation:begin --> and <!-- mutation:end -->: per file, mutants killed
// (timeouts count as killed, as Stryker does), survived and not covered, and the score; then each
// surviving mutant by file and line, for the notes below the table to explain.
//   node test/support/mutation-scores.js <seconds the run took>
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '../..');
const seconds = Number(process.argv[2] ?? NaN);
const report = JSON.parse(readFileSync(join(root, 'reports/mutation/mutation.json'), 'utf8'));

const rows = [];
const survivors = [];
const total = { killed: 0, survived: 0, noCoverage: 0, ignored: 0 };
for (const [file, { mutants, source }] of Object.entries(report.files).sort()) {
  const c = { killed: 0, survived: 0, noCoverage: 0, ignored: 0 };
  const lines = source.split('\n');
  for (const m of mutants) {
    if (m.status === 'Killed' || m.status === 'Timeout') c.killed++;
    else if (m.status === 'Survived') c.survived++;
    else if (m.status === 'NoCoverage') c.noCoverage++;
    else c.ignored++;
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const line = m.location.start.line;
      survivors.push(`- \`${relative(root, join(root, file))}:${line}\` ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no test reaches it)' : ''}: \`${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}\` in \`${lines[line - 1].trim().slice(0, 100)}\``);
    }
  }
  for (const k of Object.keys(total)) total[k] += c[k];
  const valid = c.killed + c.survived + c.noCoverage;
  rows.push(`| \`${file}\` | ${c.killed} | ${c.survived} | ${c.noCoverage} | ${valid ? ((100 * c.killed) / valid).toFixed(1) : '-'}% |`);
}
const valid = total.killed + total.survived + total.noCoverage;
const block = [
  '<!-- mutation:begin -->',
  `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Number.isFinite(seconds) ? `${Math.round(seconds / 60)} min (${seconds} s)` : 'duration not recorded'}, ` +
    `${valid} mutants, **${((100 * total.killed) / valid).toFixed(1)}% killed** (timeouts count as killed; compile errors are not mutants).`,
  '',
  '| file | killed | survived | no coverage | score |',
  '|---|---:|---:|---:|---:|',
  ...rows,
  `| **all** | **${total.killed}** | **${total.survived}** | **${total.noCoverage}** | **${((100 * total.killed) / valid).toFixed(1)}%** |`,
  '',
  `Surviving mutants (${survivors.length}):`,
  '',
  ...survivors,
  '<!-- mutation:end -->',
].join('\n');

const path = join(root, 'TESTING.md');
const text = readFileSync(path, 'utf8');
const begin = text.indexOf('<!-- mutation:begin -->');
const end = text.indexOf('<!-- mutation:end -->');
if (begin < 0 || end < 0) throw new Error('TESTING.md lacks the mutation markers');
writeFileSync(path, text.slice(0, begin) + block + text.slice(end + '<!-- mutation:end -->'.length));
console.log(`TESTING.md: ${valid} mutants, ${((100 * total.killed) / valid).toFixed(1)}% killed, ${survivors.length} survivors listed`);
