import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { maxPostingAmount } from './domain/money';
import { parseCodeKeys } from './catalog/code-keys';
import { parseTrustedProxies } from './http/trusted-proxies';
import { defaultRiskThresholds, parseRiskThresholds } from './domain/risk-scoring';

/**
 * Every environment variable the server reads, validated once at boot, with its default.
 * Nothing else in the code reads process.env.
 */

const repositoryRoot = path.resolve(__dirname, '..', '..');

/** One invalid or missing variable: its name, and a sentence saying what is wrong. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

const generateKeyCommand = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

/** How to fix a variable whose message alone does not say it (secrets: how to make one). */
const howToFix: Record<string, string> = {
  JWT_SECRET: `generate one with ${generateKeyCommand}`,
  ATTACHMENT_SIGNING_KEY: `generate one with ${generateKeyCommand}`,
  FINGERPRINT_KEY: `generate one with ${generateKeyCommand}`,
  CODE_ENCRYPTION_KEYS: `generate a key with ${generateKeyCommand} and set CODE_ENCRYPTION_KEYS=key-1:<that key>`,
  CODE_ENCRYPTION_ACTIVE_KEY_ID: 'set it to the key id before the colon of one CODE_ENCRYPTION_KEYS entry',
  STRIPE_SECRET_KEY: 'copy it from https://dashboard.stripe.com/apikeys',
  STRIPE_WEBHOOK_SECRET: "copy the endpoint's signing secret from https://dashboard.stripe.com/webhooks",
  STRIPE_PUBLISHABLE_KEY:
    'copy it from https://dashboard.stripe.com/apikeys (the pk_ key next to the secret key)',
  DATABASE_URL: 'unset it to use the embedded PostgreSQL',
  METRICS_TOKEN: `generate one with ${generateKeyCommand}`,
};

/**
 * Every configuration problem at once, so a newcomer fixes them in one go. Printed without a
 * stack trace by main.ts and the command-line tools (tools/cli.ts). A single message names its
 * variable by its first word.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: string | readonly ConfigProblem[]) {
    const list =
      typeof problems === 'string'
        ? [{ variable: /^[A-Z][A-Z0-9_]*/.exec(problems)?.[0] ?? '', message: problems }]
        : problems;
    super(
      [
        `Configuration error: ${list.length === 1 ? 'one setting needs' : `${list.length} settings need`} fixing ` +
          '(set them in the environment or in .env; .env.example lists every variable):',
        ...list.map(({ variable, message }) => {
          const named = variable === '' || message.includes(variable) ? message : `${variable}: ${message}`;
          return `  - ${named}${howToFix[variable] ? `; ${howToFix[variable]}` : ''}`;
        }),
      ].join('\n'),
    );
    this.problems = list;
  }
}

/**
 * The environment being read. Readers record a problem and carry on with the default, so that
 * loadConfig can report every problem at once; it throws before any such default is used.
 */
class ConfigSource {
  readonly problems: ConfigProblem[] = [];
  /** Every variable looked up, for the documentation check (config.loading.test.ts). */
  readonly variablesRead = new Set<string>();

  constructor(private readonly values: Record<string, string | undefined>) {}

  get(name: string): string | undefined {
    this.variablesRead.add(name);
    return this.values[name];
  }

  report(variable: string, message: string): void {
    this.problems.push({ variable, message });
  }

  /**
   * Records the problems (one a line, each naming its variable first, else `variable`) in place of
   * a value that has no sensible default; loadConfig throws before that value is read.
   */
  invalid(variable: string, message: string): never {
    for (const line of message.split('\n'))
      this.report(/^[A-Z][A-Z0-9_]+\b/.exec(line)?.[0] ?? variable, line);
    return undefined as never;
  }
}

type Env = ConfigSource;

function readString(env: Env, name: string, fallback: string): string {
  const value = env.get(name);
  return value === undefined || value === '' ? fallback : value;
}

function readOptionalString(env: Env, name: string): string | undefined {
  const value = env.get(name);
  return value === undefined || value === '' ? undefined : value;
}

function readInteger(env: Env, name: string, fallback: number, minimum: number, maximum: number): number {
  const raw = env.get(name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) {
    env.report(name, `${name} must be a whole number from ${minimum} to ${maximum}, got "${raw}"`);
    return fallback;
  }
  const value = Number(raw);
  if (value < minimum || value > maximum) {
    env.report(name, `${name} must be between ${minimum} and ${maximum}, got ${value}`);
    return fallback;
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env.get(name);
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  env.report(name, `${name} must be true or false, got "${raw}"`);
  return fallback;
}

function readUrl(env: Env, name: string, fallback: string): URL {
  const raw = readString(env, name, fallback);
  if (URL.canParse(raw)) return new URL(raw);
  env.report(name, `${name} must be an absolute URL such as http://localhost:4000, got "${raw}"`);
  return new URL(fallback);
}

function readOptionalUrl(env: Env, name: string): URL | null {
  const raw = readOptionalString(env, name);
  if (raw === undefined) return null;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url;
  env.report(name, `${name} must be an absolute http(s) URL such as http://localhost:3000/, got "${raw}"`);
  return null;
}

const developmentJwtSecret = 'codesale-development-secret-not-for-production-use-0001';

/**
 * The configuration from `environment` (by default the process environment over the repository's
 * .env file). Every problem is collected first and thrown as one ConfigError.
 */
export function loadConfig(environment: Record<string, string | undefined> = processEnvironment()) {
  const env = new ConfigSource(environment);
  let config: ReturnType<typeof readConfig> | undefined;
  try {
    config = readConfig(env);
  } catch (error) {
    // A check that still throws stops the reading; its problem joins those found before it.
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) env.report(problem.variable, problem.message);
  }
  if (env.problems.length > 0 || config === undefined) throw new ConfigError(env.problems);
  return config;
}

/** The process environment over the repository's .env file when there is one: the environment wins. */
export function processEnvironment(
  file: string = path.join(repositoryRoot, '.env'),
): Record<string, string | undefined> {
  const fromFile = fs.existsSync(file) ? util.parseEnv(fs.readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

/** Every variable the configuration reads (with everything unset), for the documentation check. */
export function configVariableNames(): string[] {
  const env = new ConfigSource({});
  readConfig(env);
  return [...env.variablesRead].sort();
}

function readConfig(env: Env) {
  const databaseUrl = readOptionalString(env, 'DATABASE_URL');
  const embeddedDirectory = path.resolve(
    repositoryRoot,
    readString(env, 'EMBEDDED_POSTGRES_DIR', path.join('.data', 'postgres')),
  );
  const nodeEnvironment = readString(env, 'NODE_ENV', 'development');
  const production = nodeEnvironment === 'production';
  const port = readInteger(env, 'PORT', 4000, 0, 65535);
  const publicUrl = readUrl(env, 'PUBLIC_URL', `http://localhost:${port}`);
  const localhost = ['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname);

  const jwtSecret = readString(env, 'JWT_SECRET', production ? '' : developmentJwtSecret);
  if (jwtSecret.length < 32) {
    env.report('JWT_SECRET', 'JWT_SECRET must be set to at least 32 characters (required in production)');
  }
  // The development secret is published in this file: in production anyone could sign sessions with it.
  if (production && jwtSecret === developmentJwtSecret) {
    env.report('JWT_SECRET', 'JWT_SECRET is the public development secret, which production refuses');
  }

  const passwordHashConcurrency = readInteger(
    env,
    'PASSWORD_HASH_CONCURRENCY',
    Math.max(1, Math.floor(os.availableParallelism() / 2)),
    1,
    64,
  );
  const passwordHashQueueLength = readInteger(env, 'PASSWORD_HASH_QUEUE_LENGTH', 32, 0, 10_000);

  return {
    nodeEnvironment,
    production,
    host: readString(env, 'HOST', '0.0.0.0'),
    port,
    publicUrl,
    logLevel: readString(env, 'LOG_LEVEL', production ? 'info' : 'info'),
    /** pretty or json; unset: pretty on a terminal outside production, json otherwise (logger.ts). */
    logFormat: readLogFormat(env),
    repositoryRoot,
    migrationsDirectory: path.join(repositoryRoot, 'migrations'),
    /**
     * The buyer app (the store), when it runs apart from the API: the API's `/` sends browsers there,
     * so the console's "Go to the store" (a link to `/`) leads to the store on the API's origin too.
     * `npm start` sets it to the buyer app it starts. Unset: `/` opens the console.
     */
    storefrontUrl: readOptionalUrl(env, 'STOREFRONT_URL'),
    console: {
      /** The built console (`npm run build -w clients/console`), served at /console/ (http/console.route.ts). */
      distDirectory: path.resolve(
        repositoryRoot,
        readString(env, 'CONSOLE_DIST_DIR', path.join('clients', 'console', 'dist')),
      ),
    },
    database: {
      /** When unset, an embedded PostgreSQL is started with its data in embeddedDirectory. */
      url: databaseUrl,
      embeddedDirectory,
      embeddedPort: readInteger(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1024, 65535),
      poolMax: readInteger(
        env,
        'DATABASE_POOL_MAX',
        defaultPoolMax({
          onThisMachine: databaseOnThisMachine(databaseUrl),
          cores: os.availableParallelism(),
        }),
        1,
        500,
      ),
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
      /** An address the account signed up or in from within these days is not locked out by other addresses' failures (0: none is). */
      loginKnownAddressDays: readInteger(env, 'LOGIN_KNOWN_ADDRESS_DAYS', 30, 0, 365),
      /** Distinct emails signUp answers EMAIL_TAKEN for per client address within the login window, then it refuses (auth.service.ts). */
      signUpMaxTakenPerAddress: readInteger(env, 'SIGN_UP_MAX_TAKEN_PER_ADDRESS', 30, 1, 100_000),
      /**
       * Accounts one client address may open an hour; past it, signUp refuses TOO_MANY_ATTEMPTS
       * (auth.service.ts). 30 in production; 500 elsewhere, where every account a developer or a
       * test run opens comes from 127.0.0.1.
       */
      signUpMaxAccountsPerAddress: readInteger(
        env,
        'SIGN_UP_MAX_ACCOUNTS_PER_ADDRESS',
        production ? 30 : 500,
        1,
        1_000_000,
      ),
      apiKeyRequestsPerMinute: readInteger(env, 'API_KEY_REQUESTS_PER_MINUTE', 600, 1, 1_000_000),
      /** argon2id memory cost in KiB; tests lower it to stay fast. */
      passwordHashMemoryKib: readInteger(env, 'PASSWORD_HASH_MEMORY_KIB', 19_456, 1024, 1_048_576),
      /**
       * Password hashes and checks running at once (by default half the CPU cores: the rest are left
       * to the event loop and the database); the rest wait in a queue of at most passwordHashQueueLength.
       */
      passwordHashConcurrency,
      passwordHashQueueLength,
      /**
       * Of those places (running or waiting), how many one client address may hold; its next request
       * is SERVER_BUSY. By default half of them: one address cannot fill the queue, and a client
       * signing up a crowd of accounts at once still gets most of it.
       */
      passwordHashPerAddress: readInteger(
        env,
        'PASSWORD_HASH_PER_ADDRESS',
        Math.max(1, Math.floor((passwordHashConcurrency + passwordHashQueueLength) / 2)),
        1,
        10_000,
      ),
      /** Password checks (logIn, signUp, createStaffUser) one HTTP request (a whole batch) or one graphql-ws operation may run. */
      maxPasswordChecksPerRequest: readInteger(env, 'AUTH_MAX_PASSWORD_CHECKS_PER_REQUEST', 1, 1, 100),
      /** Open sessions a user may hold; a new one revokes the oldest beyond it. */
      maxSessionsPerUser: readInteger(env, 'AUTH_MAX_SESSIONS_PER_USER', 10, 1, 1000),
      /** Hours an initial password an admin set for a staff account signs in, unless its owner changes it. */
      staffInitialPasswordHours: readInteger(env, 'STAFF_INITIAL_PASSWORD_HOURS', 72, 1, 720),
    },
    escrow: {
      /** The platform's fee on released orders, in basis points (500 = 5%). */
      platformFeeBasisPoints: readInteger(env, 'PLATFORM_FEE_BASIS_POINTS', 500, 0, 5_000),
      /** Without confirmation or an open dispute, escrow is released this long after purchase. */
      protectionWindowHours: readInteger(env, 'PROTECTION_WINDOW_HOURS', 72, 1, 24 * 90),
      /** A released order becomes eligible for payout this long after release. */
      payoutHoldHours: readInteger(env, 'PAYOUT_HOLD_HOURS', 48, 0, 24 * 90),
      /** How often the job worker looks for held orders whose window has ended (an order waits at most this long). */
      autoReleaseSweepSeconds: readInteger(env, 'AUTO_RELEASE_SWEEP_SECONDS', 60, 1, 3_600),
    },
    graphql: {
      introspection: readBoolean(env, 'GRAPHQL_INTROSPECTION', !production),
      /** The GraphQL IDE at GET /graphql in a browser (http/graphql-ide.route.ts); never in production. */
      ide: readBoolean(env, 'GRAPHQL_IDE', !production) && !production,
      maxDepth: readInteger(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxCost: readInteger(env, 'GRAPHQL_MAX_COST', 5_000, 10, 1_000_000),
      maxAliases: readInteger(env, 'GRAPHQL_MAX_ALIASES', 20, 0, 1000),
      maxTokens: readInteger(env, 'GRAPHQL_MAX_TOKENS', 5_000, 100, 1_000_000),
      /** Characters of one document: comments and whitespace are not tokens, and a parsed document keeps its text. */
      maxQueryLength: readInteger(env, 'GRAPHQL_MAX_QUERY_LENGTH', 100_000, 1_000, 8 * 1024 * 1024),
      maxBatchSize: readInteger(env, 'GRAPHQL_MAX_BATCH_SIZE', 10, 1, 100),
      /** Root mutation fields one HTTP request (a whole batch) or one graphql-ws operation may run. */
      maxMutationsPerRequest: readInteger(env, 'GRAPHQL_MAX_MUTATIONS_PER_REQUEST', 10, 1, 1000),
      maxOperations: readInteger(env, 'GRAPHQL_MAX_OPERATIONS', 10, 1, 1000),
      maxFragments: readInteger(env, 'GRAPHQL_MAX_FRAGMENTS', 50, 0, 10_000),
      /** Fields, fragment spreads and inline fragments written in one document. */
      maxSelections: readInteger(env, 'GRAPHQL_MAX_SELECTIONS', 500, 10, 100_000),
      /** Arguments of fields and directives in one document. */
      maxArguments: readInteger(env, 'GRAPHQL_MAX_ARGUMENTS', 100, 0, 100_000),
      maxDirectives: readInteger(env, 'GRAPHQL_MAX_DIRECTIVES', 50, 0, 100_000),
      /** Times one response name may be selected in one selection set, fragments included. */
      maxFieldRepeats: readInteger(env, 'GRAPHQL_MAX_FIELD_REPEATS', 30, 1, 1000),
      /** Field comparisons graphql-js's overlap check may need for repeated selections (see document-limits.ts). */
      maxOverlapComparisons: readInteger(env, 'GRAPHQL_MAX_OVERLAP_COMPARISONS', 10_000, 0, 10_000_000),
      /** Validation errors reported for one document; building each one costs a scan of the document. */
      maxValidationErrors: readInteger(env, 'GRAPHQL_MAX_VALIDATION_ERRORS', 10, 1, 100),
      /** Operations one graphql-ws socket may have running at once, subscriptions included. */
      maxSocketOperations: readInteger(env, 'GRAPHQL_WS_MAX_OPERATIONS', 100, 1, 10_000),
      /** Operations one user (one address, without credentials) may have running over all its sockets on one instance. */
      maxOperationsPerHolder: readInteger(env, 'GRAPHQL_WS_MAX_OPERATIONS_PER_USER', 250, 1, 1_000_000),
      /** graphql-ws sockets one user may have open on one instance (one address, for sockets without credentials). */
      maxSocketsPerHolder: readInteger(env, 'GRAPHQL_WS_MAX_SOCKETS', 50, 1, 1_000_000),
      /**
       * Operations (subscriptions, queries, mutations) one user (one address without credentials)
       * may start over graphql-ws per minute on one instance: a token bucket, so a reconnect that
       * subscribes again to everything fits, a subscribe-and-complete loop does not.
       */
      operationStartsPerMinute: readInteger(
        env,
        'GRAPHQL_WS_OPERATION_STARTS_PER_MINUTE',
        600,
        60,
        1_000_000,
      ),
      /** Missed events resumed subscriptions may replay per minute for one user (one address without credentials). */
      replayEventsPerMinute: readInteger(
        env,
        'GRAPHQL_WS_REPLAY_EVENTS_PER_MINUTE',
        10_000,
        1_000,
        10_000_000,
      ),
    },
    http: {
      bodyLimitBytes: readInteger(env, 'BODY_LIMIT_BYTES', 8 * 1024 * 1024, 1024, 64 * 1024 * 1024),
      corsOrigins: readString(env, 'CORS_ORIGINS', '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 120_000),
      /** Longest a client may take to send one request, headers and body: a body dripped a byte at a time holds a connection no longer. */
      requestTimeoutMs: readInteger(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 60, 1, 3_600) * 1000,
      /** Proxies whose X-Forwarded-For is believed (http/trusted-proxies.ts); nobody by default. */
      trustedProxies: readTrustedProxies(env),
      /** Bearer token of GET /metrics; unset: open in development, 404 in production. */
      metricsToken: readSecret(env, 'METRICS_TOKEN'),
    },
    stripe: readStripeConfig(env, production, databaseUrl === undefined ? embeddedDirectory : undefined),
    mail: readMailConfig(env, production),
    passwordReset: readPasswordResetConfig(env),
    wallet: readWalletConfig(env),
    jobs: readJobsConfig(env),
    catalog: readCatalogConfig(env, production),
    disputes: readDisputesConfig(env),
    attachments: readAttachmentsConfig(env, production, repositoryRoot),
    listingImages: readListingImagesConfig(env, repositoryRoot),
    risk: readRiskConfig(env),
    payouts: readPayoutsConfig(env),
    moneyInvariants: {
      /** The admins' invariant panel recomputes at most once per this interval, however fast money moves. */
      minIntervalMs: readInteger(env, 'MONEY_INVARIANTS_MIN_INTERVAL_MS', 1_000, 50, 60_000),
    },
  };
}

/**
 * The pool's size when DATABASE_POOL_MAX does not set it. A PostgreSQL on this machine (the
 * embedded one, or a DATABASE_URL on the loopback) runs on the same cores as the API: transactions
 * beyond what those cores can run only contend. On 2 cores, 8 connections ran 32 clients'
 * purchases faster than 20 did, with 8 to 24% less database CPU per purchase (bench/README.md, "a
 * smaller database pool"). So: four per core, at least 8 (the job worker's LISTEN connection and
 * its running jobs come from the same pool), at most 20, the size for a database elsewhere, whose
 * cores this process cannot see.
 */
export function defaultPoolMax(database: { onThisMachine: boolean; cores: number }): number {
  return database.onThisMachine ? Math.min(20, Math.max(8, 4 * database.cores)) : 20;
}

/** The embedded database, or a URL whose host is this machine (the loopback, or a local socket). */
export function databaseOnThisMachine(url: string | undefined): boolean {
  if (url === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const socket = parsed.searchParams.get('host');
  if (host === '' || (socket !== null && socket.startsWith('/'))) return true;
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An optional secret: unset, or at least 32 characters. */
function readSecret(env: Env, name: string): string | undefined {
  const value = readOptionalString(env, name);
  if (value !== undefined && value.length < 32) {
    env.report(name, `${name} must be at least 32 characters (e.g. openssl rand -hex 32)`);
    return undefined;
  }
  return value;
}

function readTrustedProxies(env: Env) {
  const trustedProxies = parseTrustedProxies(readString(env, 'TRUST_PROXY', ''));
  if (!('error' in trustedProxies)) return trustedProxies;
  env.report('TRUST_PROXY', trustedProxies.error);
  return { kind: 'none' } as const;
}

/**
 * Stripe: the real API when STRIPE_SECRET_KEY is set; otherwise the in-repo emulator, started
 * in-process on 127.0.0.1 (dev and tests). Production refuses to start on the emulator unless
 * STRIPE_EMULATOR=true says so explicitly (the production-like local stack).
 */
function readStripeConfig(env: Env, production: boolean, embeddedDirectory: string | undefined) {
  const secretKey = readOptionalString(env, 'STRIPE_SECRET_KEY');
  const webhookSecret = readOptionalString(env, 'STRIPE_WEBHOOK_SECRET');
  const emulator = readBoolean(env, 'STRIPE_EMULATOR', secretKey === undefined && !production);
  if (secretKey !== undefined && emulator) {
    env.report('STRIPE_EMULATOR', 'STRIPE_EMULATOR=true and STRIPE_SECRET_KEY exclude each other');
  }
  if (secretKey === undefined && !emulator) {
    env.report(
      'STRIPE_SECRET_KEY',
      'STRIPE_SECRET_KEY is required in production (STRIPE_EMULATOR=true: a local stack)',
    );
  }
  if (secretKey !== undefined && !/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/.test(secretKey)) {
    env.report(
      'STRIPE_SECRET_KEY',
      'STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_... or rk_...)',
    );
  }
  if (secretKey !== undefined && (webhookSecret === undefined || !webhookSecret.startsWith('whsec_'))) {
    env.report(
      'STRIPE_WEBHOOK_SECRET',
      'STRIPE_WEBHOOK_SECRET (whsec_...) is required with STRIPE_SECRET_KEY',
    );
  }
  // The browser's key (Stripe.js); with the emulator, the emulator makes its own and this is unused.
  const publishableKey = readOptionalString(env, 'STRIPE_PUBLISHABLE_KEY');
  if (publishableKey !== undefined && !/^pk_(test|live)_[A-Za-z0-9]{8,}$/.test(publishableKey)) {
    env.report('STRIPE_PUBLISHABLE_KEY', 'STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_...)');
  } else if (
    publishableKey !== undefined &&
    secretKey !== undefined &&
    /_live_/.test(publishableKey) !== /_live_/.test(secretKey)
  ) {
    env.report(
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_PUBLISHABLE_KEY and STRIPE_SECRET_KEY are of different modes (one test, one live)',
    );
  } else if (publishableKey === undefined && secretKey !== undefined && production) {
    env.report(
      'STRIPE_PUBLISHABLE_KEY',
      "STRIPE_PUBLISHABLE_KEY (pk_...) is required in production with STRIPE_SECRET_KEY: the buyer app's card form needs it",
    );
  }
  const connectWebhookSecret = readOptionalString(env, 'STRIPE_CONNECT_WEBHOOK_SECRET');
  if (connectWebhookSecret !== undefined && !connectWebhookSecret.startsWith('whsec_')) {
    env.report(
      'STRIPE_CONNECT_WEBHOOK_SECRET',
      "STRIPE_CONNECT_WEBHOOK_SECRET is the Connect endpoint's signing secret (whsec_...)",
    );
  }
  const apiUrl = readOptionalString(env, 'STRIPE_API_URL');
  let apiEndpoint: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
  if (apiUrl !== undefined) {
    const parsed = URL.canParse(apiUrl) ? new URL(apiUrl) : null;
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.pathname !== '/') {
      env.report('STRIPE_API_URL', 'STRIPE_API_URL must be an origin like http://127.0.0.1:12111 (no path)');
    } else if (secretKey === undefined) {
      env.report('STRIPE_API_URL', 'STRIPE_API_URL needs STRIPE_SECRET_KEY (the key that API accepts)');
    } else if (production) {
      env.report('STRIPE_API_URL', 'STRIPE_API_URL is for tests and local tools; production talks to Stripe');
    } else {
      const protocol = parsed.protocol === 'https:' ? 'https' : 'http';
      apiEndpoint = {
        host: parsed.hostname,
        port: parsed.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80,
        protocol,
      };
    }
  }
  return {
    secretKey,
    /** Stripe.js's key for the buyer app (Query.paymentSettings); unused with the emulator. */
    publishableKey,
    /** The Connect webhook endpoint's secret, when connected accounts' events come to a separate endpoint. */
    connectWebhookSecret,
    /** A Stripe-compatible API instead of Stripe's (another process's emulator, stripe-mock); never in production. */
    apiEndpoint,
    /** With the emulator: the secret it signs webhooks with (generated at start when unset). */
    webhookSecret,
    emulator,
    /** 0: any free port. */
    emulatorPort: readInteger(env, 'STRIPE_EMULATOR_PORT', 0, 0, 65535),
    /**
     * Where the emulator keeps what Stripe would still know after a restart (accounts, balances,
     * payment intents, undelivered webhooks): beside the embedded database by default, whose rows
     * name those objects; with DATABASE_URL, only when set. Unset: in memory, gone at exit.
     */
    emulatorStateFile: readEmulatorStateFile(env, embeddedDirectory),
    /** The emulator's answer time, to measure payouts against a slow Stripe (benchmarks); 0: at once. */
    emulatorLatencyMs: readInteger(env, 'STRIPE_EMULATOR_LATENCY_MS', 0, 0, 10_000),
    timeoutMs: readInteger(env, 'STRIPE_TIMEOUT_MS', 20_000, 1_000, 120_000),
    maxNetworkRetries: readInteger(env, 'STRIPE_MAX_NETWORK_RETRIES', 2, 0, 5),
    /** Stripe events are small; anything larger is refused before its signature is checked. */
    webhookBodyLimitBytes: readInteger(env, 'STRIPE_WEBHOOK_BODY_LIMIT_BYTES', 262_144, 1024, 4_194_304),
  };
}

/** Beside the embedded database (`.data/stripe-emulator.json`) unless STRIPE_EMULATOR_STATE_FILE names a file. */
function readEmulatorStateFile(env: Env, embeddedDirectory: string | undefined): string | undefined {
  const file = readOptionalString(env, 'STRIPE_EMULATOR_STATE_FILE');
  if (file !== undefined) return path.resolve(repositoryRoot, file);
  return embeddedDirectory === undefined
    ? undefined
    : path.join(path.dirname(embeddedDirectory), 'stripe-emulator.json');
}

/**
 * Mail (password reset links): SMTP when SMTP_URL is set; outside production without it, each mail
 * is written to the log instead (the developer reads the link there); production without SMTP_URL
 * sends none, and what needs a mail says it is not set up. Production never logs a mail: a reset
 * link in a log line would open the account to whoever reads the logs.
 */
function readMailConfig(env: Env, production: boolean) {
  const smtpUrl = readOptionalString(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(smtpUrl)) {
    env.report('SMTP_URL', 'SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465');
  }
  const fallback = smtpUrl !== undefined ? 'smtp' : production ? 'none' : 'log';
  const transport = readString(env, 'MAIL_TRANSPORT', fallback);
  if (!['smtp', 'log', 'none'].includes(transport)) {
    env.report('MAIL_TRANSPORT', `MAIL_TRANSPORT must be smtp, log or none, got "${transport}"`);
  } else if (transport === 'smtp' && smtpUrl === undefined) {
    env.report('MAIL_TRANSPORT', 'MAIL_TRANSPORT=smtp needs SMTP_URL');
  } else if (transport === 'log' && production) {
    env.report('MAIL_TRANSPORT', 'MAIL_TRANSPORT=log is refused in production: logs would hold reset links');
  }
  return {
    transport: transport as 'smtp' | 'log' | 'none',
    smtpUrl,
    /** The From header of every mail. */
    from: readString(env, 'MAIL_FROM', 'CodeSale <no-reply@codesale.localhost>'),
  };
}

function readPasswordResetConfig(env: Env) {
  return {
    /** How long a reset link works. */
    linkTtlMinutes: readInteger(env, 'PASSWORD_RESET_LINK_MINUTES', 30, 5, 1440),
    /** Reset requests one client address may make per hour, whatever the emails (then TOO_MANY_REQUESTS). */
    maxRequestsPerAddress: readInteger(env, 'PASSWORD_RESET_MAX_PER_ADDRESS', 10, 1, 10_000),
    /** Reset mails one email receives per hour; further requests answer the same and send nothing. */
    maxMailsPerAccount: readInteger(env, 'PASSWORD_RESET_MAX_MAILS_PER_ACCOUNT', 3, 1, 100),
  };
}

function readWalletConfig(env: Env) {
  const topUpMinAmount = readInteger(env, 'TOP_UP_MIN_AMOUNT', 500, 1, maxPostingAmount);
  const topUpMaxAmount = readInteger(env, 'TOP_UP_MAX_AMOUNT', 50_000, 1, maxPostingAmount);
  if (topUpMinAmount > topUpMaxAmount) {
    env.report(
      'TOP_UP_MIN_AMOUNT',
      `TOP_UP_MIN_AMOUNT (${topUpMinAmount}) exceeds TOP_UP_MAX_AMOUNT (${topUpMaxAmount})`,
    );
  }
  return {
    /** Minor units, the same bounds in every currency. */
    topUpMinAmount,
    topUpMaxAmount,
    /** Top-ups a buyer may have waiting for payment at once (each one is a Stripe PaymentIntent). */
    topUpMaxPendingPerBuyer: readInteger(env, 'TOP_UP_MAX_PENDING_PER_BUYER', 5, 1, 100),
    /** Top-ups a buyer may start in an hour, paid, canceled or waiting (each one calls Stripe). */
    topUpMaxPerHour: readInteger(env, 'TOP_UP_MAX_PER_HOUR', 20, 1, 1000),
  };
}

function readJobsConfig(env: Env) {
  return {
    /** The long-running worker in this process; tests drain the queue with runJobsOnce instead. */
    workerEnabled: readBoolean(env, 'JOBS_WORKER_ENABLED', true),
    concurrency: readInteger(env, 'JOBS_CONCURRENCY', 4, 1, 32),
    pollIntervalMs: readInteger(env, 'JOBS_POLL_INTERVAL_MS', 2_000, 100, 60_000),
    /** Default attempts of a job before it is left failed for an operator (graphile-worker backs off exponentially). */
    maxAttempts: readInteger(env, 'JOBS_MAX_ATTEMPTS', 12, 1, 100),
  };
}

/** The catalog: the code vault's keys (see catalog/code-keys.ts) and the limits of a code upload. */
function readCatalogConfig(env: Env, production: boolean) {
  const keys = parseCodeKeys(
    {
      encryptionKeys: readOptionalString(env, 'CODE_ENCRYPTION_KEYS'),
      activeKeyId: readOptionalString(env, 'CODE_ENCRYPTION_ACTIVE_KEY_ID'),
      fingerprintKey: readOptionalString(env, 'FINGERPRINT_KEY'),
    },
    production,
  );
  return {
    codeKeys: 'error' in keys ? env.invalid('CODE_ENCRYPTION_KEYS', keys.error) : keys,
    /** Codes one addCodes call may carry. */
    maxCodesPerUpload: readInteger(env, 'MAX_CODES_PER_UPLOAD', 10_000, 1, 10_000),
    /** Code lines one seller may send an hour, over all their uploads (each costs CPU to seal). */
    maxCodeLinesPerHour: readInteger(env, 'CODE_LINES_MAX_PER_HOUR', 200_000, 1, 100_000_000),
    /**
     * Codes another seller already holds that one seller may meet in their uploads a day: each such
     * refusal tells that the code exists, so more pause the seller's uploads until the day is over.
     */
    maxForeignCodeCollisionsPerDay: readInteger(env, 'CODE_COLLISIONS_MAX_PER_DAY', 100, 1, 1_000_000),
    /** AVAILABLE codes one listing may hold. */
    maxAvailableCodesPerListing: readInteger(env, 'MAX_AVAILABLE_CODES_PER_LISTING', 100_000, 1, 1_000_000),
    /** Listings a seller may have that are not archived. */
    maxOpenListingsPerSeller: readInteger(env, 'MAX_OPEN_LISTINGS_PER_SELLER', 1_000, 1, 100_000),
  };
}

function readDisputesConfig(env: Env) {
  return {
    /** Open disputes one buyer may have at once (the risk area may lower it per buyer). */
    maxOpenDisputesPerBuyer: readInteger(env, 'MAX_OPEN_DISPUTES_PER_BUYER', 3, 1, 100),
    /** The longest deadline support may give a party to respond. */
    maxResponseDeadlineHours: readInteger(env, 'DISPUTE_MAX_RESPONSE_DEADLINE_HOURS', 24 * 14, 1, 24 * 90),
    /** Attachments one dispute message may carry. */
    maxAttachmentsPerMessage: readInteger(env, 'DISPUTE_MAX_ATTACHMENTS_PER_MESSAGE', 5, 0, 20),
    /** Messages one participant (a party or a staff member) may post in one dispute, the opening included. */
    maxMessagesPerParticipant: readInteger(env, 'DISPUTE_MAX_MESSAGES_PER_PARTICIPANT', 100, 1, 10_000),
  };
}

function readPayoutsConfig(env: Env) {
  return {
    /** The smallest withdrawal a seller may request, in minor units. */
    minimumWithdrawalAmount: readInteger(env, 'PAYOUT_MIN_WITHDRAWAL_AMOUNT', 1_000, 1, 100_000_000),
    /** Automated payouts: every this many hours, each enabled seller with at least the minimum eligible is paid. */
    sweepIntervalHours: readInteger(env, 'PAYOUT_SWEEP_INTERVAL_HOURS', 24, 1, 24 * 31),
    sweepMinimumAmount: readInteger(env, 'PAYOUT_SWEEP_MIN_AMOUNT', 2_000, 1, 100_000_000),
    /** A refused payout waits this long before the seller's next automated attempt, doubled each time, capped. */
    retryBaseDelaySeconds: readInteger(env, 'PAYOUT_RETRY_BASE_SECONDS', 300, 1, 86_400),
    retryMaxDelaySeconds: readInteger(env, 'PAYOUT_RETRY_MAX_SECONDS', 86_400, 1, 30 * 86_400),
    /** A payout still PENDING this long after phase 1 is re-driven by the recovery job. */
    stuckAfterSeconds: readInteger(env, 'PAYOUT_STUCK_AFTER_SECONDS', 600, 1, 86_400),
    /** How often the eligibility job re-reads the facts (hold windows ending, tiers, holds); also how often recovery looks for stuck payouts. */
    eligibilityRefreshMinutes: readInteger(env, 'PAYOUT_ELIGIBILITY_REFRESH_MINUTES', 1, 1, 1440),
    /** How often reconciliation compares Stripe's transfers with the payouts and the ledger. */
    reconcileIntervalHours: readInteger(env, 'PAYOUT_RECONCILE_INTERVAL_HOURS', 24, 1, 24 * 31),
    /** Where a seller's connected account may be (ISO 3166-1 alpha-2); the first is the default. */
    connectCountries: readCountries(env, 'PAYOUT_CONNECT_COUNTRIES', 'DE,AT,BE,ES,FR,IE,IT,NL,GB,US'),
  };
}

/** A comma-separated list of 1 to 50 distinct ISO 3166-1 alpha-2 codes, in the order given. */
function readCountries(env: Env, name: string, fallback: string): string[] {
  const countries = readString(env, name, fallback)
    .split(',')
    .map((country) => country.trim().toUpperCase());
  const valid =
    countries.length <= 50 &&
    countries.every((country) => /^[A-Z]{2}$/.test(country)) &&
    new Set(countries).size === countries.length;
  if (valid) return countries;
  env.report(name, `${name} must list distinct two-letter country codes, such as DE,FR,US`);
  return fallback.split(',');
}

const developmentAttachmentSigningKey = 'codesale-development-attachment-key-not-for-production';

/**
 * Dispute evidence files: a local directory by default, or an S3-compatible bucket (S3, R2, MinIO)
 * with ATTACHMENT_STORAGE=s3. Files are served through short-lived URLs signed with
 * ATTACHMENT_SIGNING_KEY (required in production).
 */
function readAttachmentsConfig(env: Env, production: boolean, root: string) {
  const driver = readString(env, 'ATTACHMENT_STORAGE', 'local');
  if (driver !== 'local' && driver !== 's3') {
    env.report('ATTACHMENT_STORAGE', `ATTACHMENT_STORAGE must be local or s3, got "${driver}"`);
  }
  const signingKey = readString(
    env,
    'ATTACHMENT_SIGNING_KEY',
    production ? '' : developmentAttachmentSigningKey,
  );
  if (signingKey.length < 32) {
    env.report(
      'ATTACHMENT_SIGNING_KEY',
      'ATTACHMENT_SIGNING_KEY must be set to at least 32 characters (required in production)',
    );
  }
  if (production && signingKey === developmentAttachmentSigningKey) {
    env.report(
      'ATTACHMENT_SIGNING_KEY',
      'ATTACHMENT_SIGNING_KEY is the public development key, which production refuses',
    );
  }
  const s3 = {
    endpoint: readOptionalString(env, 'S3_ENDPOINT'),
    region: readString(env, 'S3_REGION', 'auto'),
    bucket: readOptionalString(env, 'S3_BUCKET'),
    accessKeyId: readOptionalString(env, 'S3_ACCESS_KEY_ID'),
    secretAccessKey: readOptionalString(env, 'S3_SECRET_ACCESS_KEY'),
    /** MinIO and most self-hosted servers want path-style URLs. */
    forcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', false),
    keyPrefix: readString(env, 'S3_KEY_PREFIX', 'dispute-attachments/'),
  };
  if (driver === 's3' && (!s3.bucket || !s3.accessKeyId || !s3.secretAccessKey)) {
    env.report(
      'ATTACHMENT_STORAGE',
      'ATTACHMENT_STORAGE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    );
  }
  return {
    driver: driver as 'local' | 's3',
    localDirectory: path.resolve(root, readString(env, 'ATTACHMENT_DIR', path.join('.data', 'attachments'))),
    s3,
    /** The largest file accepted, in bytes (default 5 MiB). */
    maxBytes: readInteger(env, 'ATTACHMENT_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    /** Uploads one user may make in 24 hours. */
    maxUploadsPerUserPerDay: readInteger(env, 'ATTACHMENT_MAX_UPLOADS_PER_DAY', 50, 1, 10_000),
    /** Uploads of a user not yet attached to a dispute message, at any time. */
    maxUnattached: readInteger(env, 'ATTACHMENT_MAX_UNATTACHED', 10, 1, 1_000),
    /** An upload still unattached this long after it was made is deleted, and its bytes with it. */
    unattachedTtlHours: readInteger(env, 'ATTACHMENT_UNATTACHED_TTL_HOURS', 24, 1, 24 * 30),
    signingKey,
    /** How long a signed download URL stays valid. */
    urlTtlSeconds: readInteger(env, 'ATTACHMENT_URL_TTL_SECONDS', 300, 5, 3_600),
  };
}

/**
 * Listing images (catalog/listing-images.service.ts): upload limits, where the normalised
 * originals live, and ImageKit when its three variables are set.
 */
function readListingImagesConfig(env: Env, root: string) {
  const attachmentDriver = readString(env, 'ATTACHMENT_STORAGE', 'local') === 's3' ? 's3' : 'local';
  const attachmentDirectory = path.resolve(
    root,
    readString(env, 'ATTACHMENT_DIR', path.join('.data', 'attachments')),
  );
  const imagekit = {
    publicKey: readOptionalString(env, 'IMAGEKIT_PUBLIC_KEY'),
    privateKey: readOptionalString(env, 'IMAGEKIT_PRIVATE_KEY'),
    urlEndpoint: readOptionalString(env, 'IMAGEKIT_URL_ENDPOINT'),
    /** ImageKit's upload API; a local server in tests. */
    uploadUrl: readUrl(env, 'IMAGEKIT_UPLOAD_URL', 'https://upload.imagekit.io/api/v1/files/upload'),
    folder: '/listing-images',
  };
  const imagekitValues = [imagekit.publicKey, imagekit.privateKey, imagekit.urlEndpoint];
  const imagekitSet = imagekitValues.every((value) => value !== undefined);
  if (!imagekitSet && imagekitValues.some((value) => value !== undefined)) {
    env.report(
      'IMAGEKIT_PRIVATE_KEY',
      'IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and IMAGEKIT_URL_ENDPOINT are set together or not at all',
    );
  }
  if (imagekit.urlEndpoint !== undefined && !/^https?:\/\/[^\s?#]+$/.test(imagekit.urlEndpoint)) {
    env.report(
      'IMAGEKIT_URL_ENDPOINT',
      `IMAGEKIT_URL_ENDPOINT must be a URL such as https://ik.imagekit.io/your_id, got "${imagekit.urlEndpoint}"`,
    );
  }
  const driver = readString(env, 'LISTING_IMAGE_DRIVER', imagekitSet ? 'imagekit' : 'local');
  if (driver !== 'local' && driver !== 'imagekit') {
    env.report('LISTING_IMAGE_DRIVER', `LISTING_IMAGE_DRIVER must be local or imagekit, got "${driver}"`);
  }
  if (driver === 'imagekit' && !imagekitSet) {
    env.report(
      'LISTING_IMAGE_DRIVER',
      'LISTING_IMAGE_DRIVER=imagekit needs IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and IMAGEKIT_URL_ENDPOINT',
    );
  }
  return {
    driver: driver as 'local' | 'imagekit',
    /** Where the local driver keeps normalised originals: beside the evidence, in the same storage driver. */
    storage: {
      driver: attachmentDriver as 'local' | 's3',
      localDirectory: path.join(attachmentDirectory, 'listing-images'),
      keyPrefix: readString(env, 'LISTING_IMAGE_S3_KEY_PREFIX', 'listing-images/'),
    },
    imagekit:
      imagekitSet && driver === 'imagekit'
        ? {
            publicKey: imagekit.publicKey!,
            privateKey: imagekit.privateKey!,
            urlEndpoint: imagekit.urlEndpoint!.replace(/\/+$/, ''),
            uploadUrl: imagekit.uploadUrl,
            folder: imagekit.folder,
          }
        : null,
    /** The largest upload accepted, in bytes (default 10 MiB). */
    maxBytes: readInteger(env, 'LISTING_IMAGE_MAX_BYTES', 10 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    /** width × height of an upload (default 40 megapixels): decompression bombs stop here. */
    maxPixels: readInteger(env, 'LISTING_IMAGE_MAX_PIXELS', 40_000_000, 10_000, 268_402_689),
    maxPerListing: readInteger(env, 'LISTING_IMAGE_MAX_PER_LISTING', 8, 1, 32),
    /** Uploads one seller may make in 24 hours, attached or not. */
    maxUploadsPerDay: readInteger(env, 'LISTING_IMAGE_MAX_UPLOADS_PER_DAY', 200, 1, 100_000),
    /** Uploads of a seller not yet attached to a listing, at any time. */
    maxUnattached: readInteger(env, 'LISTING_IMAGE_MAX_UNATTACHED', 40, 1, 10_000),
    /**
     * Uploads decoded and re-encoded at once in this process (each may hold a decoded image of up
     * to maxPixels × 4 bytes): default half the cores. Beyond them, processingQueueLength wait and
     * the rest are refused with SERVER_BUSY.
     */
    processingConcurrency: readInteger(
      env,
      'LISTING_IMAGE_PROCESSING_CONCURRENCY',
      Math.max(1, Math.floor(os.availableParallelism() / 2)),
      1,
      64,
    ),
    processingQueueLength: readInteger(env, 'LISTING_IMAGE_PROCESSING_QUEUE_LENGTH', 16, 0, 10_000),
    /** Uploads of one seller decoded or waiting at once: a few sellers cannot fill the queue for everyone. */
    processingPerSeller: readInteger(env, 'LISTING_IMAGE_PROCESSING_PER_SELLER', 2, 1, 1_000),
    /**
     * Variants rendered on a cache miss (GET /listing-images/:id/:width, open to anyone) also hold
     * one of processingConcurrency's slots, in a queue of their own: a page of cards waits in it,
     * and a flood beyond it is answered 503 instead of taking every core.
     */
    renderQueueLength: readInteger(env, 'LISTING_IMAGE_RENDER_QUEUE_LENGTH', 64, 0, 10_000),
    /** The local driver's in-memory cache of rendered variants, in bytes (default 64 MiB). */
    variantCacheBytes: readInteger(
      env,
      'LISTING_IMAGE_CACHE_BYTES',
      64 * 1024 * 1024,
      0,
      4 * 1024 * 1024 * 1024,
    ),
  };
}

export type Config = ReturnType<typeof loadConfig>;

function readLogFormat(env: Env): 'pretty' | 'json' | undefined {
  const value = readOptionalString(env, 'LOG_FORMAT');
  if (value === undefined || value === 'pretty' || value === 'json') return value;
  env.report('LOG_FORMAT', `LOG_FORMAT must be pretty or json, got "${value}"`);
  return undefined;
}

/** Risk tiers: the score thresholds of each tier, and what a buyer's tier allows (risk/README.md). */
function readRiskConfig(env: Env) {
  const { WARNING, AT_RISK, RESTRICTED, BANNED } = defaultRiskThresholds;
  const defaultThresholds = `${WARNING},${AT_RISK},${RESTRICTED},${BANNED}`;
  const thresholds = parseRiskThresholds(readString(env, 'RISK_THRESHOLDS', defaultThresholds));
  const openDisputeLimits = {
    NORMAL: readInteger(env, 'RISK_OPEN_DISPUTE_LIMIT_NORMAL', 3, 0, 100),
    WARNING: readInteger(env, 'RISK_OPEN_DISPUTE_LIMIT_WARNING', 1, 0, 100),
    /** Also RESTRICTED; a BANNED account may open none. */
    AT_RISK: readInteger(env, 'RISK_OPEN_DISPUTE_LIMIT_AT_RISK', 0, 0, 100),
  };
  const { NORMAL: normal, WARNING: warning, AT_RISK: atRisk } = openDisputeLimits;
  if (normal < warning || warning < atRisk) {
    env.report(
      'RISK_OPEN_DISPUTE_LIMIT_NORMAL',
      'RISK_OPEN_DISPUTE_LIMIT_NORMAL >= RISK_OPEN_DISPUTE_LIMIT_WARNING >= RISK_OPEN_DISPUTE_LIMIT_AT_RISK must hold',
    );
  }
  return {
    /** The lowest score of WARNING, AT_RISK, RESTRICTED and BANNED; strictly ascending. */
    thresholds: 'error' in thresholds ? env.invalid('RISK_THRESHOLDS', thresholds.error) : thresholds,
    /** Disputes a buyer may have open at once, by BUYER tier. */
    openDisputeLimits,
    /** The longest an admin's tier override may last. */
    overrideMaxDays: readInteger(env, 'RISK_OVERRIDE_MAX_DAYS', 365, 1, 365),
    /** How often the job worker recomputes the users whose facts changed (a tier follows within this). */
    recomputeSweepSeconds: readInteger(env, 'RISK_RECOMPUTE_SWEEP_SECONDS', 2, 1, 300),
  };
}
