import 'reflect-metadata';
import fc from 'fast-check';

// CI draws every property test's cases from its commit's seed (.ci/run); locally they are random.
const fastCheckSeed = process.env['FAST_CHECK_SEED'];
if (fastCheckSeed) {
  if (!/^-?\d+$/.test(fastCheckSeed))
    throw new Error(`FAST_CHECK_SEED must be an integer, got "${fastCheckSeed}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(fastCheckSeed) });
}
// Tests hash passwords with a small argon2 memory cost; production keeps the default.
process.env['PASSWORD_HASH_MEMORY_KIB'] ??= '1024';
// Tests sign many accounts up and in at once, all from 127.0.0.1: one address's share of the
// password queue is set low only where it is tested (src/auth/password-work.test.ts).
process.env['PASSWORD_HASH_PER_ADDRESS'] ??= '1000';
process.env['LOG_LEVEL'] ??= 'silent';
