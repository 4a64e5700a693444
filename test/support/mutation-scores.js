#!/usr/bin/env node
// Writes the scores of every file tested so far (reports/mutation/files/*.json, one Stryker report
// per file, written by test/support/mutation-run.js) into TESTING.md, between the markers
// <!-- mutation:begin --> and <!-- mutation:end -->: per group and file, mutants killed (timeouts
// count as killed, as Stryker does), survived and not covered, the score and the time the file's
// last run took; then each surviving mutant by file and line, for the notes below to explain.
// A report whose source no longer matches the file is marked stale.
//   node test/support/mutation-scores.js
'use strict';
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '../..');
const dir = join(root, 'reports/mutation/files');
const report = { files: {} };
const meta = {};
for (const name of existsSync(dir) ? readdirSync(dir) : []) {
  if (name.endsWith('.meta.json')) {
    const m = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    meta[m.file] = m;
  } else if (!name.endsWith('.incremental.json') && name.endsWith('.json')) {
    Object.assign(report.files, JSON.parse(readFileSync(join(dir, name), 'utf8')).files);
  }
}
let seconds = 0;
const groupOf = (file) => (file.startsWith('libs/domain/') ? 'domain' : 'command path and guards');

const rows = [];
const groups = {};
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
  const m = meta[relative(root, join(root, file))] ?? meta[file];
  seconds += m?.seconds ?? 0;
  const stale = existsSync(join(root, file)) && readFileSync(join(root, file), 'utf8') !== source ? ' (stale: the file changed since)' : '';
  const group = groupOf(relative(root, join(root, file)));
  groups[group] ??= { killed: 0, survived: 0, noCoverage: 0 };
  for (const k of ['killed', 'survived', 'noCoverage']) groups[group][k] += c[k];
  rows.push(`| ${group} | \`${file}\`${stale} | ${c.killed} | ${c.survived} | ${c.noCoverage} | ${valid ? ((100 * c.killed) / valid).toFixed(1) : '-'}% | ${m ? `${m.seconds} s, ${m.at.slice(0, 16).replace('T', ' ')}` : '-'} |`);
}
const valid = total.killed + total.survived + total.noCoverage;
const pct = (c) => `${((100 * c.killed) / (c.killed + c.survived + c.noCoverage)).toFixed(1)}%`;
const block = [
  '<!-- mutation:begin -->',
  `Written ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC from the last run of each file (${Object.keys(report.files).length} files; ` +
    `their runs took ${Math.round(seconds / 60)} min in all): ${valid} mutants, **${pct(total)} killed** (timeouts count as killed; compile errors are not mutants).`,
  '',
  ...Object.entries(groups).map(([g, c]) => `- ${g}: ${c.killed + c.survived + c.noCoverage} mutants, **${pct(c)} killed**`),
  '',
  '| group | file | killed | survived | no coverage | score | last run |',
  '|---|---|---:|---:|---:|---:|---|',
  ...rows,
  `| | **all** | **${total.killed}** | **${total.survived}** | **${total.noCoverage}** | **${pct(total)}** | |`,
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
