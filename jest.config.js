/** One jest config for unit, contract, projection and e2e specs. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  transform: {
    // jose v6 ships only ES modules: let swc turn it into CommonJS for jest (Node itself loads it natively).
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: {
    '^@app/(domain|event-store|read-models|shared)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
};
