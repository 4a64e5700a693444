/**
 * Import directions, checked on every `npm test`:
 *   domain ← event-store ← read-models ← shared ← apps      (an arrow points at who may import)
 * The domain is pure (no I/O, no framework), libraries never reach into apps, and a library is
 * entered only through its index (`@app/<lib>`), never by a path into its files.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports nothing but itself: no Node built-ins, no packages, no other lib.',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: { pathNot: '^libs/domain/src' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'event-store-knows-no-read-models',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: '^libs/(read-models|shared|domain)/' },
    },
    {
      name: 'read-models-do-not-import-shared',
      severity: 'error',
      from: { path: '^libs/read-models/src' },
      to: { path: '^libs/shared/' },
    },
    {
      name: 'enter-libs-through-their-index',
      comment: 'From another library, import `@app/<lib>` (its index.ts), not its inner files.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/(?!index[.]ts$)', pathNot: '^libs/$1/' },
    },
    {
      name: 'apps-enter-libs-through-their-index',
      severity: 'error',
      from: { path: '^(apps|test|bench|scripts)/' },
      to: { path: '^libs/[^/]+/src/(?!index[.]ts$)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|/testing/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
