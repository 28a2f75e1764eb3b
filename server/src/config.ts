import path from 'node:path';

/**
 * Every environment variable the server reads, validated once at boot, with its default.
 * Nothing else in the code reads process.env.
 */

const repositoryRoot = path.resolve(__dirname, '..', '..');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function readString(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function readOptionalString(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function readInteger(env: Env, name: string, fallback: number, minimum: number, maximum: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < minimum || value > maximum) {
    throw new ConfigError(`${name} must be between ${minimum} and ${maximum}, got ${value}`);
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

const developmentJwtSecret = 'codesale-development-secret-not-for-production-use-0001';

export function loadConfig(env: Env = process.env) {
  const nodeEnvironment = readString(env, 'NODE_ENV', 'development');
  const production = nodeEnvironment === 'production';
  const port = readInteger(env, 'PORT', 4000, 0, 65535);
  const publicUrl = new URL(readString(env, 'PUBLIC_URL', `http://localhost:${port}`));
  const localhost = ['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname);

  const jwtSecret = readString(env, 'JWT_SECRET', production ? '' : developmentJwtSecret);
  if (jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be set to at least 32 characters (required in production)');
  }

  return {
    nodeEnvironment,
    production,
    host: readString(env, 'HOST', '0.0.0.0'),
    port,
    publicUrl,
    logLevel: readString(env, 'LOG_LEVEL', production ? 'info' : 'info'),
    repositoryRoot,
    migrationsDirectory: path.join(repositoryRoot, 'migrations'),
    database: {
      /** When unset, an embedded PostgreSQL is started with its data in embeddedDirectory. */
      url: readOptionalString(env, 'DATABASE_URL'),
      embeddedDirectory: path.resolve(
        repositoryRoot,
        readString(env, 'EMBEDDED_POSTGRES_DIR', path.join('.data', 'postgres')),
      ),
      embeddedPort: readInteger(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1024, 65535),
      poolMax: readInteger(env, 'DATABASE_POOL_MAX', 20, 1, 500),
      transactionRetries: readInteger(env, 'DATABASE_TRANSACTION_RETRIES', 5, 0, 50),
      statementTimeoutMs: readInteger(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 100, 600_000),
    },
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: readInteger(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
      refreshTokenTtlDays: readInteger(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
      /** Cookies are Secure everywhere but on a localhost PUBLIC_URL. */
      secureCookies: readBoolean(env, 'COOKIE_SECURE', !localhost),
      loginWindowMinutes: readInteger(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 1440),
      loginMaxFailuresPerAccount: readInteger(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      loginMaxFailuresPerAddress: readInteger(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 30, 1, 100_000),
      apiKeyRequestsPerMinute: readInteger(env, 'API_KEY_REQUESTS_PER_MINUTE', 600, 1, 1_000_000),
      /** argon2id memory cost in KiB; tests lower it to stay fast. */
      passwordHashMemoryKib: readInteger(env, 'PASSWORD_HASH_MEMORY_KIB', 19_456, 1024, 1_048_576),
    },
    graphql: {
      introspection: readBoolean(env, 'GRAPHQL_INTROSPECTION', !production),
      maxDepth: readInteger(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxCost: readInteger(env, 'GRAPHQL_MAX_COST', 5_000, 10, 1_000_000),
      maxAliases: readInteger(env, 'GRAPHQL_MAX_ALIASES', 20, 0, 1000),
      maxTokens: readInteger(env, 'GRAPHQL_MAX_TOKENS', 5_000, 100, 1_000_000),
      maxBatchSize: readInteger(env, 'GRAPHQL_MAX_BATCH_SIZE', 10, 1, 100),
    },
    http: {
      bodyLimitBytes: readInteger(env, 'BODY_LIMIT_BYTES', 8 * 1024 * 1024, 1024, 64 * 1024 * 1024),
      corsOrigins: readString(env, 'CORS_ORIGINS', '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 120_000),
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;
