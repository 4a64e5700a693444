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
const GROUP_KEYS = { domain: 'domain', 'command path and guards': 'edge' };
// The files each group mutates, from the runner (its parts: the guards, then the handlers).
const { GROUPS } = require('./mutation-run.js');
const PARTS = { domain: ['domain'], 'command path and guards': ['guards', 'handlers'] };
const partOf = (file) => Object.keys(GROUPS).find((g) => GROUPS[g].files().includes(file)) ?? '-';
const groupOf = (file) => (file.startsWith('libs/domain/') ? 'domain' : 'command path and guards');
const pct = (c) => `${((100 * c.killed) / (c.killed + c.survived + c.noCoverage)).toFixed(1)}%`;

/** One group's block: its files' scores, and every surviving mutant by file and line. */
function groupBlock(group, files) {
  const multipart = PARTS[group].length > 1;
  const parts = {};
  let seconds = 0;
  const rows = [];
  const survivors = [];
  const runs = new Set();
  const total = { killed: 0, survived: 0, noCoverage: 0, ignored: 0 };
  for (const [file, { mutants, source }] of files) {
    const c = { killed: 0, survived: 0, noCoverage: 0, ignored: 0 };
    const lines = source.split('\n');
    for (const m of mutants) {
      if (m.status === 'Killed' || m.status === 'Timeout') c.killed++;
      else if (m.status === 'Survived') c.survived++;
      else if (m.status === 'NoCoverage') c.noCoverage++;
      else c.ignored++;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        const line = m.location.start.line;
        survivors.push(`- \`${file}:${line}\` ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no test reaches it)' : ''}: \`${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}\` in \`${lines[line - 1].trim().slice(0, 100)}\``);
      }
    }
    for (const k of Object.keys(total)) total[k] += c[k];
    const part = (parts[partOf(file)] ??= { killed: 0, survived: 0, noCoverage: 0, files: 0 });
    for (const k of ['killed', 'survived', 'noCoverage']) part[k] += c[k];
    part.files += 1;
    const valid = c.killed + c.survived + c.noCoverage;
    const m = meta[file];
    // A file run with the rest of its group (meta.run) shares that run's time: count it once.
    if (m?.run) {
      if (!runs.has(m.run)) seconds += m.seconds;
      runs.add(m.run);
    } else seconds += m?.seconds ?? 0;
    const stale = existsSync(join(root, file)) && readFileSync(join(root, file), 'utf8') !== source ? ' (stale: the file changed since)' : '';
    const when = m ? `${m.run ? `group run of ${m.seconds} s` : `${m.seconds} s`}, ${m.at.slice(0, 16).replace('T', ' ')}` : '-';
    rows.push(`|${multipart ? ` ${partOf(file)} |` : ''} \`${file}\`${stale} | ${c.killed} | ${c.survived} | ${c.noCoverage} | ${valid ? ((100 * c.killed) / valid).toFixed(1) : '-'}% | ${when} |`);
  }
  const valid = total.killed + total.survived + total.noCoverage;
  const tested = new Set(files.map(([file]) => file));
  const notRun = PARTS[group].flatMap((g) => GROUPS[g].files()).filter((f) => !tested.has(f));
  return {
    summary: `${group}: ${valid} mutants, ${pct(total)} killed, ${survivors.length} survivors listed`,
    text: [
      `Group **${group}**, written ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC from the last run of each file (${files.length} files; ` +
        `their runs took ${Math.round(seconds / 60)} min in all): ${valid} mutants, **${pct(total)} killed** (timeouts count as killed; compile errors are not mutants).`,
      '',
      ...(multipart ? [...Object.entries(parts).map(([p, c]) => `- ${p}: ${c.files} files, ${c.killed + c.survived + c.noCoverage} mutants, **${pct(c)} killed**`)] : []),
      '',
      `|${multipart ? ' part |' : ''} file | killed | survived | no coverage | score | last run |`,
      `|${multipart ? '---|' : ''}---|---:|---:|---:|---:|---|`,
      ...rows,
      `|${multipart ? ' |' : ''} **all** | **${total.killed}** | **${total.survived}** | **${total.noCoverage}** | **${pct(total)}** | |`,
      '',
      ...(notRun.length ? [`Not run yet (${notRun.length}): ${notRun.map((f) => `\`${f}\``).join(', ')}.`, ''] : []),
      `Surviving mutants (${survivors.length}):`,
      '',
      ...survivors,
    ].join('\n'),
  };
}

// Each group has its own block in TESTING.md; a group with no report here keeps the block it has
// (the reports are not committed: a fresh clone rewrites only what it ran).
const byGroup = {};
for (const [file, r] of Object.entries(report.files).sort()) {
  const rel = relative(root, join(root, file));
  (byGroup[groupOf(rel)] ??= []).push([rel, r]);
}
const path = join(root, 'TESTING.md');
let text = readFileSync(path, 'utf8');
for (const [group, files] of Object.entries(byGroup)) {
  const key = GROUP_KEYS[group];
  const beginMark = `<!-- mutation:${key}:begin -->`;
  const endMark = `<!-- mutation:${key}:end -->`;
  const begin = text.indexOf(beginMark);
  const end = text.indexOf(endMark);
  if (begin < 0 || end < 0) throw new Error(`TESTING.md lacks the markers ${beginMark} … ${endMark}`);
  const order = (file) => PARTS[group].indexOf(partOf(file));
  const block = groupBlock(group, [...files].sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0)));
  text = text.slice(0, begin) + `${beginMark}\n${block.text}\n` + text.slice(end);
  console.log(`TESTING.md: ${block.summary}`);
}
writeFileSync(path, text);
