/**
 * Jest for `npm run test:mutation -- "command path and guards"` (Stryker): the command handlers'
 * specs on the embedded store, and the e2e suites over real HTTP that exercise the guards, the
 * access policy, idempotency and each feature's commands. SQLite only (MONGODB_URI is ignored here).
 */
const base = require('./jest.config');

// Stryker copies the sources without dist/, and the mutants live in the API's own thread: the
// e2e apps run their projector and their event store's writer on the main thread rather than
// build dist/ for a worker.
process.env.PROJECTOR_THREAD = 'main';
process.env.EVENT_WRITER_THREAD = 'main';

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/apps/api/src/**/*.spec.ts',
    '<rootDir>/test/idempotency.e2e.spec.ts',
    '<rootDir>/test/command-metadata.e2e.spec.ts',
    '<rootDir>/test/security-auth.e2e.spec.ts',
    '<rootDir>/test/security-matrix.e2e.spec.ts',
    '<rootDir>/test/security-routes.e2e.spec.ts',
    // The feature suites that drive the handlers' refusals and replays over HTTP.
    ...[
      'areas', 'programs', 'program-parties', 'review-conferences', 'approval-levels', 'unit-approval-levels',
      'ledger', 'figures-import', 'back-entry', 'qualifiers', 'figure-checks', 'report-history', 'input-hygiene',
    ].map((suite) => `<rootDir>/test/${suite}.e2e.spec.ts`),
  ],
  reporters: ['default'],
};
