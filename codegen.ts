import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator: the committed public schema -> typed documents for each client
 * (client preset: `graphql()` tagged documents with full result and variable types).
 * Run with `npm run codegen`; generated folders are committed and checked for drift.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'clients/buyer/src/gql/': {
      preset: 'client',
      documents: ['clients/buyer/src/**/*.{ts,tsx}', '!clients/buyer/src/gql/**'],
      config: { scalars: { DateTimeISO: 'string' }, enumsAsTypes: true },
    },
    'clients/console/src/gql/': {
      preset: 'client',
      documents: ['clients/console/src/**/*.{ts,tsx}', '!clients/console/src/gql/**'],
      config: { scalars: { DateTimeISO: 'string' }, enumsAsTypes: true },
    },
  },
};

export default config;
