import '../tools/node-version.guard';
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { runCli } from '../tools/cli';
import { createSchema, printContract } from './schema';

/** `print` writes schema/schema.graphql from the code; `check` fails when the file and the code differ. */
async function main(): Promise<number> {
  const mode = process.argv[2];
  const file = path.join(loadConfig().repositoryRoot, 'schema', 'schema.graphql');
  const printed = printContract(await createSchema());
  if (mode === 'print') {
    fs.writeFileSync(file, printed);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
    return 0;
  }
  if (mode !== 'check') {
    console.error('usage: schema.cli print|check');
    return 2;
  }
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== printed) {
    console.error('schema/schema.graphql differs from the schema in code.');
    console.error('If the change is deliberate, run `npm run schema:print` and commit the file.');
    return 1;
  }
  console.log('schema/schema.graphql matches the code');
  return 0;
}

runCli(main);
