import '../tools/node-version.guard';
import 'reflect-metadata';
import readline from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig, processEnvironment } from '../config';
import { connectDatabaseServer } from '../db/connect';
import { migrate } from '../db/migrate';
import { createDatabase } from '../db/pool';
import { closeServices, createServices } from '../services';
import { commandLineMeta } from '../shared/request-meta';
import { runCli } from '../tools/cli';
import { Role, staffRoles } from './roles';
import { runningApiPort } from '../tools/running-api';

/**
 * `npm run staff:create -- --email <email> --name <display name> [--role ADMIN|SUPPORT ...]`:
 * opens a staff account on this installation's database, as an admin's `createStaffUser` does.
 * It is how the first admin of a new installation gets in (every later one can be made in the
 * console); the seed's demo accounts are for development only. The password is read from
 * standard input: typed at a hidden prompt on a terminal, or the first line of a pipe. Audited
 * as `user.staff_created` with no actor. Exits 0 when the account was created, 1 when it was
 * refused (the reason is printed), 2 on a usage error.
 */

const usage =
  'usage: npm run staff:create -- --email <email> --name <display name> [--role ADMIN|SUPPORT ...]\n' +
  '  the password is read from standard input (a hidden prompt on a terminal, else its first line);\n' +
  '  --role may be given more than once (default ADMIN)';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    let muted = false;
    const output = new Writable({
      write(chunk, _encoding, done) {
        if (!muted) process.stderr.write(chunk as Buffer);
        done();
      },
    });
    const prompt = readline.createInterface({ input: process.stdin, output, terminal: true });
    try {
      process.stderr.write('Password (not shown): ');
      muted = true;
      return await prompt.question('');
    } finally {
      muted = false;
      process.stderr.write('\n');
      prompt.close();
    }
  }
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString('utf8');
  return text.split(/\r?\n/)[0] ?? '';
}

async function main(): Promise<number> {
  let options: { email?: string; name?: string; role?: string[] };
  try {
    ({ values: options } = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const roles = [...new Set(options.role ?? [Role.ADMIN])];
  const unknown = roles.filter((role) => !(staffRoles as readonly string[]).includes(role));
  if (!options.email || !options.name || unknown.length > 0) {
    const problem =
      unknown.length > 0 ? `unknown staff role ${unknown.join(', ')}` : 'both --email and --name are needed';
    console.error(`${problem}\n${usage}`);
    return 2;
  }
  const password = await readPassword();
  if (password.length === 0) {
    console.error(`no password on standard input\n${usage}`);
    return 2;
  }

  // It writes a user and calls no Stripe: its own emulator takes any free port, not the one a
  // running `npm start` holds (STRIPE_EMULATOR_PORT in .env failed with EADDRINUSE, a newcomer probe).
  const config = loadConfig({ ...processEnvironment(), STRIPE_EMULATOR_PORT: '0' });
  const databaseServer = await connectDatabaseServer(config);
  await migrate(databaseServer.url, config.migrationsDirectory);
  const database = createDatabase({ url: databaseServer.url, max: 2, statementTimeoutMs: 60_000 });
  const services = await createServices(config, database, databaseServer.url, pino({ level: 'warn' }));
  try {
    const result = await services.auth.createStaffUser(
      null,
      { email: options.email, password, displayName: options.name, roles: roles as Role[] },
      commandLineMeta('staff-create'),
    );
    if ('refused' in result) {
      console.error('The server is busy hashing passwords; run the command again.');
      return 1;
    }
    if ('errors' in result) {
      for (const error of result.errors) console.error(`refused (${error.code}): ${error.message}`);
      return 1;
    }
    console.log(`created ${roles.join('+')} account ${result.user.email} (user ${result.user.id})`);
    // Where npm start runs now, whatever its PORT; else where it will run with this command's settings.
    const runningPort = await runningApiPort(config);
    console.log(
      runningPort === null
        ? `Sign in to the console at ${config.publicUrl.origin}/console/ once npm start runs`
        : `Sign in to the console at http://localhost:${runningPort}/console/`,
    );
    return 0;
  } finally {
    await closeServices(services);
    await databaseServer.stop();
  }
}

runCli(main);
