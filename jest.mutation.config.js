/** Jest for `npm run test:mutation` (Stryker): the domain's own specs, nothing that needs a server. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/libs/domain/**/*.spec.ts'],
  reporters: ['default'],
};
