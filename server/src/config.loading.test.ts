import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { productionEnvironment } from '../test/production-env';
import {
  ConfigError,
  configVariableNames,
  databaseOnThisMachine,
  defaultPoolMax,
  loadConfig,
  processEnvironment,
} from './config';

const repositoryRoot = path.resolve(__dirname, '..', '..');
const generateKeyCommand = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

function configErrorOf(environment: Record<string, string>): ConfigError {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('reports every invalid or missing variable at once, each by name', () => {
    // given a production environment with many mistakes
    const error = configErrorOf({
      NODE_ENV: 'production',
      PORT: 'eighty',
      PUBLIC_URL: 'not a url',
      COOKIE_SECURE: 'maybe',
      TOP_UP_MIN_AMOUNT: '900',
      TOP_UP_MAX_AMOUNT: '800',
      ATTACHMENT_STORAGE: 'ftp',
      RISK_THRESHOLDS: '800,600,400,200',
      JOBS_CONCURRENCY: '0',
    });
    // then one error names each of them, and each missing production secret
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual(
      [
        'ATTACHMENT_SIGNING_KEY',
        'ATTACHMENT_STORAGE',
        'CODE_ENCRYPTION_KEYS',
        'COOKIE_SECURE',
        'FINGERPRINT_KEY',
        'JOBS_CONCURRENCY',
        'JWT_SECRET',
        'PORT',
        'PUBLIC_URL',
        'RISK_THRESHOLDS',
        'STRIPE_SECRET_KEY',
        'TOP_UP_MIN_AMOUNT',
      ].sort(),
    );
    for (const problem of error.problems) {
      expect(error.message).toMatch(new RegExp(`^  - ${problem.variable}\\b`, 'm'));
    }
    expect(error.message).toMatch(/^Configuration error: 12 settings need fixing/);
  });

  it('says how to generate each secret it asks for', () => {
    const error = configErrorOf({ NODE_ENV: 'production', STRIPE_EMULATOR: 'true' });
    for (const variable of [
      'JWT_SECRET',
      'FINGERPRINT_KEY',
      'ATTACHMENT_SIGNING_KEY',
      'CODE_ENCRYPTION_KEYS',
    ]) {
      const line = error.message.split('\n').find((text) => text.startsWith(`  - ${variable}`));
      expect(line).toContain(generateKeyCommand);
    }
  });

  it('gives each value its default when nothing is set', () => {
    expect(() => loadConfig({})).not.toThrow();
  });
});

describe('PASSWORD_HASH_PER_ADDRESS', () => {
  it('defaults to half of the password places (slots and queue): one address cannot fill them', () => {
    const share = (environment: Record<string, string>) =>
      loadConfig(environment).auth.passwordHashPerAddress;
    expect(share({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE_LENGTH: '32' })).toBe(16);
    expect(share({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE_LENGTH: '0' })).toBe(1);
    expect(
      share({
        PASSWORD_HASH_CONCURRENCY: '2',
        PASSWORD_HASH_QUEUE_LENGTH: '32',
        PASSWORD_HASH_PER_ADDRESS: '3',
      }),
    ).toBe(3);
  });
});

describe('STRIPE_PUBLISHABLE_KEY', () => {
  /** Production against Stripe itself: the secret key and webhook secret set, the emulator off. */
  const realStripe = (overrides: Record<string, string> = {}) =>
    productionEnvironment({
      STRIPE_EMULATOR: 'false',
      STRIPE_SECRET_KEY: 'sk_live_abcdefgh12345678',
      STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh12345678',
      ...overrides,
    });

  it('given production with STRIPE_SECRET_KEY and no publishable key, then it is refused by name', () => {
    const error = configErrorOf(realStripe());
    expect(error.problems.map((problem) => problem.variable)).toEqual(['STRIPE_PUBLISHABLE_KEY']);
    expect(error.message).toContain('https://dashboard.stripe.com/apikeys');
  });

  it('given production with a publishable key of the same mode, then it loads and keeps the key', () => {
    const config = loadConfig(realStripe({ STRIPE_PUBLISHABLE_KEY: 'pk_live_abcdefgh12345678' }));
    expect(config.stripe.publishableKey).toBe('pk_live_abcdefgh12345678');
  });

  it.each([
    ['not a publishable key', 'sk_live_abcdefgh12345678'],
    ['a test key next to a live secret key', 'pk_test_abcdefgh12345678'],
  ])('given %s, then it is refused by name', (_case, value) => {
    const error = configErrorOf(realStripe({ STRIPE_PUBLISHABLE_KEY: value }));
    expect(error.problems.map((problem) => problem.variable)).toEqual(['STRIPE_PUBLISHABLE_KEY']);
  });

  it('given the emulator (development, or the local stack in production), then none is needed', () => {
    expect(loadConfig({}).stripe.publishableKey).toBeUndefined();
    expect(() => loadConfig(productionEnvironment())).not.toThrow();
  });
});

describe('the database pool size', () => {
  it('is four connections per core for a database on this machine, from 8 to 20, and 20 elsewhere', () => {
    expect([1, 2, 3, 4, 5, 64].map((cores) => defaultPoolMax({ onThisMachine: true, cores }))).toEqual([
      8, 8, 12, 16, 20, 20,
    ]);
    expect(defaultPoolMax({ onThisMachine: false, cores: 2 })).toBe(20);
  });

  it('takes the embedded database and a loopback or local-socket URL as on this machine', () => {
    const cases = {
      embedded: undefined,
      'postgres://localhost:5432/codesale': 'postgres://localhost:5432/codesale',
      'postgres://u:p@127.0.0.1:54329/codesale': 'postgres://u:p@127.0.0.1:54329/codesale',
      'postgres://[::1]/codesale': 'postgres://[::1]/codesale',
      'socket in host=': 'postgres:///codesale?host=/var/run/postgresql',
      'a database host': 'postgres://db:5432/codesale',
      'a managed database': 'postgres://u:p@codesale.abc123.eu-west-1.rds.amazonaws.com/codesale',
      'not a URL': 'host=localhost dbname=codesale',
    };
    expect(
      Object.fromEntries(Object.entries(cases).map(([name, url]) => [name, databaseOnThisMachine(url)])),
    ).toEqual({
      embedded: true,
      'postgres://localhost:5432/codesale': true,
      'postgres://u:p@127.0.0.1:54329/codesale': true,
      'postgres://[::1]/codesale': true,
      'socket in host=': true,
      'a database host': false,
      'a managed database': false,
      'not a URL': false,
    });
  });

  it('follows this machine for a database on it, unless DATABASE_POOL_MAX sets it', () => {
    const local = defaultPoolMax({ onThisMachine: true, cores: os.availableParallelism() });
    expect(loadConfig({}).database.poolMax).toBe(local);
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/codesale' }).database.poolMax).toBe(local);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example.test/codesale' }).database.poolMax).toBe(20);
    expect(loadConfig({ DATABASE_POOL_MAX: '13' }).database.poolMax).toBe(13);
  });
});

describe('processEnvironment', () => {
  it('reads a .env file, and a variable set in the environment wins over it', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-dotenv-'));
    const file = path.join(directory, '.env');
    fs.writeFileSync(file, '# a comment\nCODESALE_DOTENV_ONLY=from-file\nCODESALE_DOTENV_BOTH=from-file\n');
    process.env['CODESALE_DOTENV_BOTH'] = 'from-environment';
    try {
      const environment = processEnvironment(file);
      expect(environment['CODESALE_DOTENV_ONLY']).toBe('from-file');
      expect(environment['CODESALE_DOTENV_BOTH']).toBe('from-environment');
      expect(processEnvironment(path.join(directory, 'missing.env'))['CODESALE_DOTENV_ONLY']).toBeUndefined();
    } finally {
      delete process.env['CODESALE_DOTENV_BOTH'];
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the configuration documentation', () => {
  /** Every variable config.ts reads: as it runs, and as it is written (a read on a branch counts too). */
  function variablesRead(): string[] {
    const source = fs.readFileSync(path.join(__dirname, 'config.ts'), 'utf8');
    const written = [...source.matchAll(/\bread\w*\(\s*env,\s*'([A-Z][A-Z0-9_]*)'/g)].map(
      (match) => match[1]!,
    );
    return [...new Set([...configVariableNames(), ...written])].sort();
  }

  const example = fs.readFileSync(path.join(repositoryRoot, '.env.example'), 'utf8');
  /** `# NAME=default` lines, each with the line before it. */
  const exampleEntries = example.split('\n').flatMap((line, index, lines) => {
    const match = /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return match ? [{ name: match[1]!, value: match[2]!, previous: lines[index - 1] ?? '' }] : [];
  });

  it('.env.example lists every variable config.ts reads, and no other, each after a one-line comment', () => {
    expect(exampleEntries.map((entry) => entry.name).sort()).toEqual(variablesRead());
    for (const entry of exampleEntries) {
      expect({ name: entry.name, previous: entry.previous }).toEqual({
        name: entry.name,
        previous: expect.stringMatching(/^# (?![A-Z][A-Z0-9_]*=)\S/),
      });
    }
  });

  it('.env.example shows each default: setting every value it shows changes nothing', () => {
    const shown = Object.fromEntries(exampleEntries.map((entry) => [entry.name, entry.value]));
    expect(loadConfig(shown)).toEqual(loadConfig({}));
  });

  it("README's configuration table names every variable config.ts reads", () => {
    const readme = fs.readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
    );
    const missing = variablesRead().filter((name) => !section.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
