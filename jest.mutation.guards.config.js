/**
 * Jest for the "guards" part of `npm run test:mutation -- "command path and guards"` (Stryker): the
 * command context and idempotency, the command path's shared steps, the access policy, the auth
 * guard and the read scope, tested by their own unit specs (real SQLite stores in temp dirs, real
 * HS256 tokens) plus two small e2e suites over real HTTP (Idempotency-Key scope and replay after
 * authorization; correlation and causation ids in the recorded metadata). Only these: with
 * per-test coverage a guard's mutant is covered by nearly every e2e test, so the whole e2e set
 * would run for each of them (over 2 hours without finishing on a 2-core machine).
 */
const base = require('./jest.config');

// Stryker copies the sources without dist/: the e2e apps keep their projector and writer on the main thread.
process.env.PROJECTOR_THREAD = 'main';
process.env.EVENT_WRITER_THREAD = 'main';

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/apps/api/src/platform/commands/*.spec.ts',
    '<rootDir>/apps/api/src/platform/auth/{access-policy,auth.guard,read-scope}.spec.ts',
    '<rootDir>/test/idempotency.e2e.spec.ts',
    '<rootDir>/test/command-metadata.e2e.spec.ts',
  ],
  reporters: ['default'],
};
