import 'reflect-metadata';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { users } from '../auth/auth.tables';
import { Role } from '../auth/roles';
import { loadConfig } from '../config';
import { connectDatabaseServer } from '../db/connect';
import { migrate } from '../db/migrate';
import { createDatabase } from '../db/pool';
import type { RequestMeta } from '../graphql/context';
import { closeServices, createServices, type Services } from '../services';

/**
 * Demo data through the services' public paths (never by writing balances or rows by hand).
 * Safe to run twice: whatever exists already is kept.
 */
export const demoPassword = 'codesale-demo-password';

const demoUsers: { email: string; displayName: string; roles: Role[] }[] = [
  { email: 'admin@codesale.test', displayName: 'Ada Admin', roles: [Role.ADMIN] },
  { email: 'support@codesale.test', displayName: 'Sam Support', roles: [Role.SUPPORT] },
  { email: 'seller@codesale.test', displayName: 'Sela Seller', roles: [Role.BUYER, Role.SELLER] },
  { email: 'seller2@codesale.test', displayName: 'Kenji Keys', roles: [Role.BUYER, Role.SELLER] },
  { email: 'buyer@codesale.test', displayName: 'Bo Buyer', roles: [Role.BUYER] },
  { email: 'buyer2@codesale.test', displayName: 'Bea Buyer', roles: [Role.BUYER] },
];

const seedMeta: RequestMeta = { requestId: 'seed', address: '127.0.0.1', userAgent: 'codesale-seed' };

async function ensureUser(services: Services, spec: (typeof demoUsers)[number]): Promise<'created' | 'kept'> {
  const [existing] = await services.database
    .select({ id: users.id })
    .from(users)
    .where(eq(users.emailNormalized, spec.email));
  if (existing) return 'kept';
  const account = { email: spec.email, password: demoPassword, displayName: spec.displayName };
  const staff = spec.roles.includes(Role.ADMIN) || spec.roles.includes(Role.SUPPORT);
  const result = staff
    ? await services.auth.createStaffUser(null, { ...account, roles: spec.roles }, seedMeta)
    : await services.auth.signUp({ ...account, sellerAccount: spec.roles.includes(Role.SELLER) }, seedMeta);
  if ('errors' in result) throw new Error(`could not create ${spec.email}: ${JSON.stringify(result.errors)}`);
  return 'created';
}

async function main(): Promise<void> {
  const config = loadConfig();
  const databaseServer = await connectDatabaseServer(config);
  await migrate(databaseServer.url, config.migrationsDirectory);
  const database = createDatabase({ url: databaseServer.url, max: 5, statementTimeoutMs: 60_000 });
  const services = await createServices(config, database, databaseServer.url, pino({ level: 'warn' }));
  try {
    console.log('Seeding demo users');
    const rows: string[] = [];
    for (const [index, spec] of demoUsers.entries()) {
      const outcome = await ensureUser(services, spec);
      console.log(`  [${index + 1}/${demoUsers.length}] ${spec.email} ${outcome}`);
      rows.push(`  ${spec.roles.join('+').padEnd(14)} ${spec.email.padEnd(24)} ${demoPassword}`);
    }
    console.log('\nDemo logins (role, email, password):');
    console.log(rows.join('\n'));
    console.log(`\nLog in with the logIn mutation at ${config.publicUrl.origin}/graphql`);
  } finally {
    await closeServices(services);
    await databaseServer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
