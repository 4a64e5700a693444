/**
 * Import directions, checked on every `npm test`:
 *   domain ← event-store ← read-models ← shared ← apps      (an arrow points at who may import)
 * Inside apps/api: platform ← features (each feature a folder of use-case slices) ← demo, app.module.
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
      name: 'platform-knows-no-feature',
      comment:
        'apps/api/src/platform (http, auth, command handling, interceptors, reference data) serves every feature and imports none of them.',
      severity: 'error',
      from: { path: '^apps/api/src/platform/' },
      to: { path: '^apps/api/src/', pathNot: '^apps/api/src/platform/' },
    },
    {
      name: 'features-do-not-import-each-other',
      comment:
        'A feature (apps/api/src/<feature>/) imports the platform, the libs and itself only; what two features share belongs in the platform or a lib. The demo loader and app.module compose them.',
      severity: 'error',
      from: { path: '^apps/api/src/([^/]+)/', pathNot: '^apps/api/src/(platform|demo)/' },
      to: { path: '^apps/api/src/[^/]+/', pathNot: '^apps/api/src/($1|platform)/' },
    },
    {
      name: 'use-cases-do-not-import-each-other',
      comment: 'A use-case folder (<feature>/<use-case>/) imports no sibling use case; what they share sits at the feature level.',
      severity: 'error',
      from: { path: '^apps/api/src/([^/]+)/([^/]+)/', pathNot: '^apps/api/src/(platform|demo)/' },
      to: { path: '^apps/api/src/$1/[^/]+/', pathNot: '^apps/api/src/$1/$2/' },
    },
    {
      name: 'web-app-is-a-client',
      comment:
        'apps/web is a browser app: it talks to the API over HTTP with types generated from the OpenAPI spec (apps/web/src/api/schema.d.ts), and imports no server code.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^(apps/(?!web/)|libs/|scripts/|test/)' },
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
