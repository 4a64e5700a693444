/** One jest config for unit, contract, projection and e2e specs. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  transform: {
    // Transpile only: `npm run typecheck` (tsc --noEmit, strict, over specs too) is the type check,
    // run by `npm test` before jest.
    // jose v6 ships only ES modules: ts-jest turns it into CommonJS for jest (Node loads it natively).
    '^.+\\.(ts|js)$': [
      'ts-jest',
      {
        diagnostics: false,
        tsconfig: { isolatedModules: true, allowJs: true, module: 'commonjs', target: 'es2022', experimentalDecorators: true, emitDecoratorMetadata: true },
      },
    ],
  },
  // Mutation testing copies the project into .stryker-tmp/ while it runs: never a second project here.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: {
    '^@app/(domain|event-store|read-models|shared)$': '<rootDir>/libs/$1/src',
  },
  // A guard against hangs, not a performance bound: on a loaded 2-core machine, suites that are
  // quick alone (1,000 racing append trials, key generation) have taken over 30 s.
  testTimeout: 120000,
  // After the summary: which store-dependent suites ran, and which were left out for want of a server.
  reporters: ['default', '<rootDir>/test/support/store-suites-reporter.js'],
};
