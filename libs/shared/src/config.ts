import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';

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

  @IsOptional() @Transform(blankToUndefined) @Matches(/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//, { message: 'must be an esdb:// connection string' })
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

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'must be true or false' })
  RUN_PROJECTOR?: boolean;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'must be true or false' })
  DEMO_DATA?: boolean;

  @IsOptional() @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStore: { kind: 'sqlite'; file: string } | { kind: 'esdb'; connectionString: string };
  readModels: { kind: 'sqlite'; file: string } | { kind: 'mongodb'; uri: string; dbName: string | undefined };
  auth: { secret: string | undefined; issuer: string; audience: string };
  /** The API runs the projector in-process (embedded default) or leaves it to apps/projector. */
  runProjector: boolean;
  demoData: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
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
  if (errors.length) {
    throw new ConfigError(errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`));
  }
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
    auth: {
      secret: parsed.AUTH_JWT_SECRET,
      issuer: parsed.AUTH_ISSUER ?? 'danvan-ledger',
      audience: parsed.AUTH_AUDIENCE ?? 'danvan-ledger',
    },
    runProjector: parsed.RUN_PROJECTOR ?? !(es && mongo),
    demoData: parsed.DEMO_DATA ?? true,
    logLevel: parsed.LOG_LEVEL ?? 'log',
  };
}
