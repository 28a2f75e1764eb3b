import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { createSchema, printContract } from './schema';

/** `print` writes schema/schema.graphql from the code; `check` fails when the file and the code differ. */
async function main(): Promise<void> {
  const mode = process.argv[2];
  const file = path.join(loadConfig().repositoryRoot, 'schema', 'schema.graphql');
  const printed = printContract(await createSchema());
  if (mode === 'print') {
    fs.writeFileSync(file, printed);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
    return;
  }
  if (mode !== 'check') throw new Error('usage: schema.cli print|check');
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== printed) {
    console.error('schema/schema.graphql differs from the schema in code.');
    console.error('If the change is deliberate, run `npm run schema:print` and commit the file.');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the code');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
