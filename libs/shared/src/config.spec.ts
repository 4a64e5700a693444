import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

/** The problems loadConfig reports for an environment, or [] when it accepts it. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('configuration at boot', () => {
  it('defaults to what the README documents, with nothing set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      eventStore: { kind: 'sqlite', file: resolve('./data/events.sqlite') },
      readModels: { kind: 'sqlite', file: resolve('./data/read-models.sqlite') },
      auth: { mode: 'hs256', secret: undefined, issuer: 'danvan-ledger', audience: 'danvan-ledger', rolesClaim: 'roles' },
      rateLimitPerMinute: 600,
      trustProxy: 0,
      corsOrigins: [],
      runProjector: true,
      projectorThread: 'worker',
      eventWriterThread: 'worker',
      projectorBatchSize: 500,
      projectorMinBatchIntervalMs: 25,
      asOfStates: 2,
      heapGrowthPercent: 300,
      projectorMaxAttempts: 5,
      projectorRetryMs: 500,
      projectorHeartbeatFile: undefined,
      demoData: true,
      readiness: { maxLag: 1000, maxStallSeconds: 60, refreshMs: 5000 },
      logLevel: 'log',
      logFormat: 'auto',
      slowRequestMs: 1000,
      web: { oidcClientId: null, oidcScope: 'openid' },
    });
  });

  it('configures the web app\'s OIDC sign-in only beside a JWKS URL', () => {
    const jwks = { AUTH_JWKS_URL: 'https://sso.example.org/certs', AUTH_ISSUER: 'https://sso.example.org', AUTH_AUDIENCE: 'api' };
    expect(loadConfig({ ...jwks, WEB_OIDC_CLIENT_ID: 'danvan-web', WEB_OIDC_SCOPE: 'openid profile' }).web).toEqual({ oidcClientId: 'danvan-web', oidcScope: 'openid profile' });
    expect(() => loadConfig({ WEB_OIDC_CLIENT_ID: 'danvan-web' })).toThrow(/WEB_OIDC_CLIENT_ID: only applies with AUTH_JWKS_URL/);
    expect(() => loadConfig({ ...jwks, WEB_OIDC_CLIENT_ID: 'a b' })).toThrow(/WEB_OIDC_CLIENT_ID: must be the OIDC client id/);
    expect(() => loadConfig({ ...jwks, WEB_OIDC_SCOPE: 'openid "x"' })).toThrow(/WEB_OIDC_SCOPE: must be space-separated OAuth scopes/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: '', MONGODB_URI: '', AUTH_JWT_SECRET: '', PORT: '', DEMO_DATA: '' })).toEqual(loadConfig({}));
  });

  it('places both SQLite files under DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: '/srv/danvan' });
    expect(config.dataDir).toBe('/srv/danvan');
    expect(config.eventStore).toEqual({ kind: 'sqlite', file: '/srv/danvan/events.sqlite' });
    expect(config.readModels).toEqual({ kind: 'sqlite', file: '/srv/danvan/read-models.sqlite' });
  });

  it('chooses each store on its own, and runs the projector in the API unless both are servers', () => {
    const events = loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false' });
    expect(events.eventStore).toEqual({ kind: 'esdb', connectionString: 'esdb://es:2113?tls=false' });
    expect(events.readModels.kind).toBe('sqlite');
    expect(events.runProjector).toBe(true);
    const reads = loadConfig({ MONGODB_URI: 'mongodb://db:27017/danvan', MONGODB_DB: 'ledger' });
    expect(reads.readModels).toEqual({ kind: 'mongodb', uri: 'mongodb://db:27017/danvan', dbName: 'ledger' });
    expect(reads.eventStore.kind).toBe('sqlite');
    expect(reads.runProjector).toBe(true);
    const both = loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113', MONGODB_URI: 'mongodb://db:27017' });
    expect(both.runProjector).toBe(false);
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113', MONGODB_URI: 'mongodb://db:27017', RUN_PROJECTOR: 'true' }).runProjector).toBe(true);
    expect(loadConfig({ RUN_PROJECTOR: 'false' }).runProjector).toBe(false);
  });

  it('reads numbers, booleans and lists', () => {
    const config = loadConfig({
      PORT: '0', HOST: '0.0.0.0', RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: '2', PROJECTOR_BATCH_SIZE: '10000', PROJECTOR_MIN_BATCH_INTERVAL_MS: '0', AS_OF_STATES: '9', HEAP_GROWTH_PERCENT: '0',
      CORS_ORIGINS: 'https://app.example.org,http://localhost:5173', DEMO_DATA: 'no', LOG_LEVEL: 'debug', LOG_FORMAT: 'json', SLOW_REQUEST_MS: '250',
    });
    expect(config).toMatchObject({
      port: 0, host: '0.0.0.0', rateLimitPerMinute: 5, trustProxy: 2, projectorBatchSize: 10000, projectorMinBatchIntervalMs: 0, asOfStates: 9, heapGrowthPercent: 0,
      corsOrigins: ['https://app.example.org', 'http://localhost:5173'], demoData: false, logLevel: 'debug', logFormat: 'json', slowRequestMs: 250,
    });
    for (const yes of ['1', 'true', 'TRUE', 'yes', 'on']) expect(loadConfig({ DEMO_DATA: yes }).demoData).toBe(true);
    for (const no of ['0', 'false', 'No', 'off']) expect(loadConfig({ DEMO_DATA: no }).demoData).toBe(false);
  });

  it('names every bad variable at once, and nothing else', () => {
    const bad = {
      PORT: '70000',
      EVENTSTORE_CONNECTION_STRING: 'http://es:2113',
      MONGODB_URI: 'postgres://db',
      MONGODB_DB: 'has space',
      AUTH_JWT_SECRET: 'short',
      RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY: '11',
      CORS_ORIGINS: '*',
      RUN_PROJECTOR: 'sometimes',
      PROJECTOR_THREAD: 'fiber',
      EVENT_WRITER_THREAD: 'fiber',
      PROJECTOR_BATCH_SIZE: '10001',
      DEMO_DATA: 'maybe',
      LOG_LEVEL: 'chatty',
      SLOW_REQUEST_MS: '1s',
    };
    const found = problems({ ...bad, HOST: '0.0.0.0', DATA_DIR: '/tmp/x' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(Object.keys(bad).sort());
    expect(found.find((p) => p.startsWith('AUTH_JWT_SECRET'))).toContain('at least 32 characters');
    expect(found.find((p) => p.startsWith('RUN_PROJECTOR'))).toContain('true or false');
    expect(found.find((p) => p.startsWith('PROJECTOR_THREAD'))).toContain('worker or main');
    expect(found.find((p) => p.startsWith('EVENT_WRITER_THREAD'))).toContain('worker or main');
    expect(found.find((p) => p.startsWith('EVENTSTORE_CONNECTION_STRING'))).toContain('esdb://');
  });

  it('names the problems across variables beside those of single variables', () => {
    expect(problems({ PORT: 'x', AUTH_JWKS_URL: 'https://idp.example.org/certs' }).map((p) => p.split(':')[0]).sort()).toEqual(['AUTH_AUDIENCE', 'AUTH_ISSUER', 'PORT']);
    expect(problems({ LOG_LEVEL: 'x', EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:port' }).map((p) => p.split(':')[0]).sort()).toEqual(['EVENTSTORE_CONNECTION_STRING', 'LOG_LEVEL']);
  });

  it.each([
    ['PORT', '-1'], ['PORT', '3000.5'], ['PORT', 'http'], ['RATE_LIMIT_PER_MINUTE', '1000001'], ['TRUST_PROXY', '-1'],
    ['PROJECTOR_BATCH_SIZE', '0'], ['PROJECTOR_MIN_BATCH_INTERVAL_MS', '-1'], ['PROJECTOR_MIN_BATCH_INTERVAL_MS', '1001'], ['AS_OF_STATES', '0'], ['AS_OF_STATES', '65'], ['HEAP_GROWTH_PERCENT', '901'], ['HEAP_GROWTH_PERCENT', '-1'], ['HEAP_GROWTH_PERCENT', '1.5'], ['MONGODB_DB', 'x'.repeat(64)], ['CORS_ORIGINS', 'https://app.example.org/path'],
    ['CORS_ORIGINS', 'app.example.org'], ['AUTH_ROLES_CLAIM', 'roles claim'], ['AUTH_ALGORITHMS', 'RS256'],
    ['SLOW_REQUEST_MS', '0'], ['SLOW_REQUEST_MS', '3600001'], ['SLOW_REQUEST_MS', '-5'], ['SLOW_REQUEST_MS', '1.5'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(problems({ [name]: value }).map((p) => p.split(':')[0])).toEqual([name]);
  });

  it.each([
    ['PORT', '65535'], ['PORT', '0'], ['TRUST_PROXY', '10'], ['RATE_LIMIT_PER_MINUTE', '1000000'], ['PROJECTOR_BATCH_SIZE', '1'], ['PROJECTOR_MIN_BATCH_INTERVAL_MS', '0'], ['PROJECTOR_MIN_BATCH_INTERVAL_MS', '1000'], ['AS_OF_STATES', '64'], ['HEAP_GROWTH_PERCENT', '900'],
    ['SLOW_REQUEST_MS', '1'], ['SLOW_REQUEST_MS', '3600000'], ['AUTH_JWT_SECRET', 'x'.repeat(32)], ['MONGODB_URI', 'mongodb+srv://cluster.example.org/'], ['EVENTSTORE_CONNECTION_STRING', 'esdb+discover://es:2113'],
  ])('accepts %s=%s at the edge of its range', (name, value) => {
    expect(problems({ [name]: value })).toEqual([]);
  });

  describe('the OIDC provider mode', () => {
    const jwks = { AUTH_JWKS_URL: 'https://idp.example.org/certs', AUTH_ISSUER: 'https://idp.example.org', AUTH_AUDIENCE: 'danvan' };

    it('takes the keys from the provider, with RS256 and ES256 unless told otherwise', () => {
      expect(loadConfig(jwks).auth).toEqual({
        mode: 'jwks', jwksUrl: 'https://idp.example.org/certs', algorithms: ['RS256', 'ES256'],
        issuer: 'https://idp.example.org', audience: 'danvan', rolesClaim: 'roles',
      });
      expect(loadConfig({ ...jwks, AUTH_ALGORITHMS: 'PS256,EdDSA', AUTH_ROLES_CLAIM: 'realm_access.roles' }).auth).toMatchObject({
        algorithms: ['PS256', 'EdDSA'], rolesClaim: 'realm_access.roles',
      });
    });

    it('requires its issuer and audience, refuses a shared secret beside it, and plain http off loopback', () => {
      const found = problems({ AUTH_JWKS_URL: 'http://idp.example.org/certs', AUTH_JWT_SECRET: 'x'.repeat(40) });
      expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['AUTH_AUDIENCE', 'AUTH_ISSUER', 'AUTH_JWKS_URL', 'AUTH_JWT_SECRET']);
      expect(problems({ ...jwks, AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' })).toEqual([]);
      expect(problems({ ...jwks, AUTH_JWKS_URL: 'http://localhost/certs' })).toEqual([]);
      expect(problems({ ...jwks, AUTH_JWKS_URL: 'ftp://idp.example.org/certs' }).map((p) => p.split(':')[0])).toEqual(['AUTH_JWKS_URL']);
    });

    it('an HS256 issuer and audience may be set without a JWKS URL; algorithms may not', () => {
      expect(loadConfig({ AUTH_ISSUER: 'me', AUTH_AUDIENCE: 'you' }).auth).toMatchObject({ mode: 'hs256', issuer: 'me', audience: 'you' });
      expect(problems({ AUTH_ALGORITHMS: 'ES256' }).map((p) => p.split(':')[0])).toEqual(['AUTH_ALGORITHMS']);
    });
  });
});
