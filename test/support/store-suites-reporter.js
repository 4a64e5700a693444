// A jest reporter that says, after every run, which store-dependent suites ran and which were left
// out and why. Suites that need a server (MongoDB, EventStoreDB) only register their cases when
// the server's variable is set; without this report a plain `npm test` would drop them silently.
//
// A spec file depends on a store when its source (or test/support/app.ts, through
// READ_MODEL_BACKENDS) reads that store's variable; the list is found from the files, so a new
// suite is covered without being registered here.
'use strict';
const { readFileSync } = require('node:fs');
const { relative } = require('node:path');

const STORES = [
  {
    name: 'MongoDB read models',
    variable: 'MONGODB_URI',
    uses: /process\.env\.MONGODB_URI|READ_MODEL_BACKENDS/,
    named: /mongo/i,
  },
  {
    name: 'EventStoreDB (a real server)',
    variable: 'EVENTSTORE_CONNECTION_STRING',
    uses: /process\.env\.EVENTSTORE_CONNECTION_STRING/,
    named: /eventstoredb|esdb/i,
  },
];

class StoreSuitesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const lines = ['', 'Store-dependent suites:'];
    for (const store of STORES) {
      const suites = results.testResults.filter((r) => {
        try {
          return store.uses.test(readFileSync(r.testFilePath, 'utf8'));
        } catch {
          return false;
        }
      });
      const files = suites.map((r) => relative(this.rootDir, r.testFilePath)).sort();
      if (files.length === 0) continue;
      const value = process.env[store.variable];
      if (value) {
        // The store's cases name it (e.g. "(read models: mongodb)", "MongoDB adapter").
        const cases = suites.flatMap((r) => r.testResults).filter((t) => store.named.test(t.fullName));
        const passed = cases.filter((t) => t.status === 'passed').length;
        lines.push(`  ran     ${store.name} (${store.variable}=${redact(value)}): ${cases.length} cases naming it (${passed} passed) in ${files.join(', ')}`);
      } else {
        lines.push(`  SKIPPED ${store.name}: ${store.variable} is unset, so these files ran without their ${store.name} cases: ${files.join(', ')}`);
      }
    }
    if (lines.length > 2) process.stderr.write(lines.join('\n') + '\n');
  }
}

/** A connection string without its password. */
function redact(uri) {
  return uri.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

module.exports = StoreSuitesReporter;
