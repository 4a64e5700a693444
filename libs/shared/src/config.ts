import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';
import { esdbConnectionStringProblem } from '@app/event-store';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase()) ? false : value;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^\d+$/.test(String(value)) ? Number(value) : value);
const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Environment variables, validated once at boot. */
class Environment {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  // Only what @eventstore/db-client parses (esdb://, esdb+discover://); checked in full by esdbConnectionStringProblem.
  @IsOptional() @Transform(blankToUndefined) @IsString()
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^mongodb(\+srv)?:\/\//, { message: 'must be a mongodb:// connection string' })
  MONGODB_URI?: string;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^[A-Za-z0-9_-]{1,63}$/)
  MONGODB_DB?: string;

  @IsOptional() @Transform(blankToUndefined) @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @IsOptional() @IsString()
  AUTH_ISSUER?: string;

  @IsOptional() @IsString()
  AUTH_AUDIENCE?: string;

  @IsOptional() @Transform(blankToUndefined) @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true }, { message: 'must be an https:// URL' })
  AUTH_JWKS_URL?: string;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^((RS|PS|ES)(256|384|512)|EdDSA)(,((RS|PS|ES)(256|384|512)|EdDSA))*$/, {
    message: 'must be a comma-separated list of asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA, ...)',
  })
  AUTH_ALGORITHMS?: string;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^[A-Za-z0-9_:/.-]{1,200}$/, { message: 'must be a claim name or a dotted path to one' })
  AUTH_ROLES_CLAIM?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10)
  TRUST_PROXY?: number;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(,https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)*$/, {
    message: 'must be a comma-separated list of origins such as https://app.example.org (no wildcard, no path)',
  })
  CORS_ORIGINS?: string;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'must be true or false' })
  RUN_PROJECTOR?: boolean;

  @IsOptional() @IsIn(['worker', 'main'], { message: 'must be worker or main' })
  PROJECTOR_THREAD?: 'worker' | 'main';

  @IsOptional() @IsIn(['worker', 'main'], { message: 'must be worker or main' })
  EVENT_WRITER_THREAD?: 'worker' | 'main';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  PROJECTOR_BATCH_SIZE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1_000)
  PROJECTOR_MIN_BATCH_INTERVAL_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64)
  AS_OF_STATES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(900)
  HEAP_GROWTH_PERCENT?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  PROJECTOR_MAX_ATTEMPTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(60_000)
  PROJECTOR_RETRY_MS?: number;

  @IsOptional() @Transform(blankToUndefined) @IsString()
  PROJECTOR_HEARTBEAT_FILE?: string;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'must be true or false' })
  DEMO_DATA?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100_000)
  READY_MAX_LAG?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  READY_MAX_STALL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(50) @Max(600_000)
  READY_REFRESH_MS?: number;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^[A-Za-z0-9._:@/-]{1,200}$/, { message: 'must be the OIDC client id of the web app (letters, digits, . _ : @ / -)' })
  WEB_OIDC_CLIENT_ID?: string;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^[\x21\x23-\x5B\x5D-\x7E]{1,100}( [\x21\x23-\x5B\x5D-\x7E]{1,100}){0,19}$/, { message: 'must be space-separated OAuth scopes' })
  WEB_OIDC_SCOPE?: string;

  @IsOptional() @IsIn(['json', 'text'], { message: 'must be json or text' })
  LOG_FORMAT?: 'json' | 'text';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3_600_000)
  SLOW_REQUEST_MS?: number;

  @IsOptional() @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStore: { kind: 'sqlite'; file: string } | { kind: 'esdb'; connectionString: string };
  readModels: { kind: 'sqlite'; file: string } | { kind: 'mongodb'; uri: string; dbName: string | undefined };
  /**
   * `hs256`: the embedded default, tokens signed with a local secret (`npm run token`).
   * `jwks`: production, tokens from an OIDC provider verified against its published keys; no HS256.
   */
  auth:
    | { mode: 'hs256'; secret: string | undefined; issuer: string; audience: string; rolesClaim: string }
    | { mode: 'jwks'; jwksUrl: string; algorithms: string[]; issuer: string; audience: string; rolesClaim: string };
  /** Requests per principal (JWT sub, else client IP) per minute. */
  rateLimitPerMinute: number;
  /** Reverse proxies in front of the API whose X-Forwarded-For is believed (0: none). */
  trustProxy: number;
  /** Origins allowed by CORS; empty means CORS stays closed. */
  corsOrigins: string[];
  /** The API runs the projector in-process (embedded default) or leaves it to apps/projector. */
  runProjector: boolean;
  /**
   * Where the API runs its projector: on a worker thread (default), so that no catch-up batch holds
   * up a request, or on the main thread beside the requests (for comparison in the benchmark).
   */
  projectorThread: 'worker' | 'main';
  /**
   * Where the API's embedded (SQLite) event store commits appends: on a writer thread with its own
   * connection (default), so that no commit and its fsync holds up a request, or on the main thread
   * (for comparison in the benchmark, and where no dist/ is built). Other event stores ignore it.
   */
  eventWriterThread: 'worker' | 'main';
  /** Events folded and committed together by the projector. */
  projectorBatchSize: number;
  /** Least time between the starts of two live projector batches that read events and are not full (see ProjectorOptions). */
  projectorMinBatchIntervalMs: number;
  /** Read-model states an as-of query may reuse, each rebuilt in memory (AsOfReadModels). */
  asOfStates: number;
  /**
   * How far the API lets V8's old generation grow past what the last full GC kept before the next
   * one starts, in percent (V8's `--heap-growing-percent`); 0 leaves it to V8's own heuristics.
   * A full GC stops the event loop for several ms: fewer of them shorten the requests' tail, at the
   * price of a heap up to (1 + p/100) times its live size between them.
   */
  heapGrowthPercent: number;
  /** A failing event is tried this many times, `projectorRetryMs` apart (doubling), then parked. */
  projectorMaxAttempts: number;
  projectorRetryMs: number;
  /** apps/projector writes the time into this file on every turn of its loop (its container healthcheck reads it). */
  projectorHeartbeatFile: string | undefined;
  demoData: boolean;
  /**
   * `/health/ready`: the projection states behind it are refreshed in the background every
   * `refreshMs`; not ready when a projection lags more than `maxLag` events, or has been behind
   * without moving its checkpoint for `maxStallSeconds`.
   */
  readiness: { maxLag: number; maxStallSeconds: number; refreshMs: number };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** `auto` (unset): text when stdout is a terminal, JSON lines otherwise. */
  logFormat: 'json' | 'text' | 'auto';
  /** A request that takes at least this long is logged again at `warn` (visible at LOG_LEVEL=warn), with its duration. */
  slowRequestMs: number;
  /**
   * The web app at /app: with AUTH_JWKS_URL, its OIDC client id at the provider (authorization
   * code + PKCE, discovery from AUTH_ISSUER) and the scopes it asks for; null: sign in by token.
   */
  web: { oidcClientId: string | null; oidcScope: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment into a typed config, or throws naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(Environment, { ...env });
  const errors = validateSync(parsed, { whitelist: true, forbidUnknownValues: true });
  // Every bad variable is named at once: the checks across variables run beside the per-variable
  // ones, each only on a value that passed its own (a malformed URL cannot be checked further).
  const invalid = new Set(errors.map((e) => e.property));
  const problems = [
    ...errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    ...(invalid.has('EVENTSTORE_CONNECTION_STRING') ? [] : eventStoreProblems(parsed)),
    ...(invalid.has('AUTH_JWKS_URL') ? [] : authProblems(parsed)).filter((p) => !invalid.has(p.slice(0, p.indexOf(':')))),
  ];
  if (problems.length) throw new ConfigError(problems);
  const dataDir = resolve(parsed.DATA_DIR ?? './data');
  const es = parsed.EVENTSTORE_CONNECTION_STRING;
  const mongo = parsed.MONGODB_URI;
  return {
    port: parsed.PORT ?? 3000,
    host: parsed.HOST ?? '127.0.0.1',
    dataDir,
    eventStore: es ? { kind: 'esdb', connectionString: es } : { kind: 'sqlite', file: resolve(dataDir, 'events.sqlite') },
    readModels: mongo
      ? { kind: 'mongodb', uri: mongo, dbName: parsed.MONGODB_DB }
      : { kind: 'sqlite', file: resolve(dataDir, 'read-models.sqlite') },
    auth: parsed.AUTH_JWKS_URL
      ? {
          mode: 'jwks',
          jwksUrl: parsed.AUTH_JWKS_URL,
          algorithms: (parsed.AUTH_ALGORITHMS ?? 'RS256,ES256').split(','),
          issuer: parsed.AUTH_ISSUER!,
          audience: parsed.AUTH_AUDIENCE!,
          rolesClaim: parsed.AUTH_ROLES_CLAIM ?? 'roles',
        }
      : {
          mode: 'hs256',
          secret: parsed.AUTH_JWT_SECRET,
          issuer: parsed.AUTH_ISSUER ?? 'danvan-ledger',
          audience: parsed.AUTH_AUDIENCE ?? 'danvan-ledger',
          rolesClaim: parsed.AUTH_ROLES_CLAIM ?? 'roles',
        },
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE ?? 600,
    trustProxy: parsed.TRUST_PROXY ?? 0,
    corsOrigins: parsed.CORS_ORIGINS ? parsed.CORS_ORIGINS.split(',') : [],
    runProjector: parsed.RUN_PROJECTOR ?? !(es && mongo),
    projectorThread: parsed.PROJECTOR_THREAD ?? 'worker',
    eventWriterThread: parsed.EVENT_WRITER_THREAD ?? 'worker',
    projectorBatchSize: parsed.PROJECTOR_BATCH_SIZE ?? 500,
    projectorMinBatchIntervalMs: parsed.PROJECTOR_MIN_BATCH_INTERVAL_MS ?? 25,
    asOfStates: parsed.AS_OF_STATES ?? 2,
    heapGrowthPercent: parsed.HEAP_GROWTH_PERCENT ?? 300,
    projectorMaxAttempts: parsed.PROJECTOR_MAX_ATTEMPTS ?? 5,
    projectorRetryMs: parsed.PROJECTOR_RETRY_MS ?? 500,
    projectorHeartbeatFile: parsed.PROJECTOR_HEARTBEAT_FILE,
    demoData: parsed.DEMO_DATA ?? true,
    readiness: {
      maxLag: parsed.READY_MAX_LAG ?? 1000,
      maxStallSeconds: parsed.READY_MAX_STALL_SECONDS ?? 60,
      refreshMs: parsed.READY_REFRESH_MS ?? 5000,
    },
    logLevel: parsed.LOG_LEVEL ?? 'log',
    logFormat: parsed.LOG_FORMAT ?? 'auto',
    slowRequestMs: parsed.SLOW_REQUEST_MS ?? 1000,
    web: { oidcClientId: parsed.WEB_OIDC_CLIENT_ID ?? null, oidcScope: parsed.WEB_OIDC_SCOPE ?? 'openid' },
  };
}

/** Refused at boot with the reason, rather than as a ParseError from the client on the first call. */
function eventStoreProblems(env: Environment): string[] {
  const connectionString = env.EVENTSTORE_CONNECTION_STRING;
  const problem = connectionString === undefined ? null : esdbConnectionStringProblem(connectionString);
  return problem ? [`EVENTSTORE_CONNECTION_STRING: ${problem}`] : [];
}

/**
 * The two authentication modes exclude each other: with a JWKS URL nothing signed with a shared
 * secret is accepted, so a secret set beside it is a mistake worth refusing at boot. Issuer and
 * audience have no safe default for a real provider, and keys must come over TLS (loopback aside,
 * for tests and a provider on the same host).
 */
function authProblems(env: Environment): string[] {
  const problems: string[] = [];
  if (!env.AUTH_JWKS_URL) {
    if (env.AUTH_ALGORITHMS) problems.push('AUTH_ALGORITHMS: only applies with AUTH_JWKS_URL (the embedded mode is HS256)');
    if (env.WEB_OIDC_CLIENT_ID) problems.push('WEB_OIDC_CLIENT_ID: only applies with AUTH_JWKS_URL (the embedded mode signs in by token)');
    return problems;
  }
  if (env.AUTH_JWT_SECRET) problems.push('AUTH_JWT_SECRET: must not be set together with AUTH_JWKS_URL (choose one mode)');
  if (!env.AUTH_ISSUER) problems.push('AUTH_ISSUER: is required with AUTH_JWKS_URL (the provider\'s issuer)');
  if (!env.AUTH_AUDIENCE) problems.push('AUTH_AUDIENCE: is required with AUTH_JWKS_URL (this API\'s audience at the provider)');
  const url = new URL(env.AUTH_JWKS_URL);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !loopback) problems.push('AUTH_JWKS_URL: must use https:// (plain http only on loopback)');
  return problems;
}

/** For entry points: the config, or the list of bad variables on stderr and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
