import fs from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator: the committed public schema -> typed documents for each client
 * (client preset: `graphql()` tagged documents with full result and variable types).
 * Run with `npm run codegen` from the repository root; generated folders are committed and checked
 * for drift. Generated files are formatted by Prettier and left out of ESLint (eslint.config.mjs).
 */
const clients = ['buyer', 'console'];

/** Only clients that exist: codegen would otherwise create `clients/<name>/src/gql` out of nothing. */
const existingClients = clients.filter((client) => fs.existsSync(`clients/${client}`));

if (existingClients.length === 0) {
  // The CLI refuses a configuration that generates nothing; nothing to do is not a failure.
  console.warn(
    `codegen: no client folder yet (${clients.map((client) => `clients/${client}`).join(', ')}); nothing to generate.`,
  );
  process.exit(0);
}

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  generates: Object.fromEntries(
    existingClients.map((client) => [
      `clients/${client}/src/gql/`,
      {
        preset: 'client',
        // Tests' own documents (cache rules tried on made-up shapes) are not the client's operations.
        documents: [
          `clients/${client}/src/**/*.{ts,tsx}`,
          `!clients/${client}/src/gql/**`,
          `!clients/${client}/src/**/*.test.{ts,tsx}`,
        ],
        config: {
          scalars: { DateTimeISO: 'string', SafeInt: 'number' },
          enumsAsTypes: true,
          useTypeImports: true,
        },
      },
    ]),
  ),
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
