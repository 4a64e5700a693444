/**
 * Jest for the "handlers" part of `npm run test:mutation -- "command path and guards"` (Stryker):
 * one `*.command.ts` at a time, tested by the unit specs of its own directory and the e2e suites of
 * its feature only. test/support/mutation-run.js names them in MUTATION_SUITES (comma-separated
 * e2e suite names under test/, without `.e2e.spec.ts`) and the handler's directory in
 * MUTATION_HANDLER_DIR; Stryker's test processes inherit both.
 */
const base = require('./jest.config');

// Stryker copies the sources without dist/: the e2e apps keep their projector and writer on the main thread.
process.env.PROJECTOR_THREAD = 'main';
process.env.EVENT_WRITER_THREAD = 'main';

const dir = process.env.MUTATION_HANDLER_DIR;
const suites = (process.env.MUTATION_SUITES ?? '').split(',').filter(Boolean);
if (!dir || suites.length === 0) throw new Error('jest.mutation.handlers.config.js: MUTATION_HANDLER_DIR and MUTATION_SUITES are set by test/support/mutation-run.js');

module.exports = {
  ...base,
  testMatch: [`<rootDir>/${dir}/*.spec.ts`, ...suites.map((suite) => `<rootDir>/test/${suite}.e2e.spec.ts`)],
  reporters: ['default'],
};
