import 'reflect-metadata';
import { Kind, type DefinitionNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { checkDocumentLimits } from '../src/graphql/document-limits';
import { documentLimits } from '../src/graphql/request-limits';
import { createSchema } from '../src/graphql/schema';

/**
 * Every operation the two clients ship fits the server's default document limits, with each page
 * size (`first`) at its largest: a change of the cost model (a field made dearer) that would refuse
 * a screen of our own fails here, not in a user's browser.
 */
const maxPage = 100;

function operationsOf(module: Record<string, unknown>): { name: string; document: DocumentNode }[] {
  const documents = Object.values(module).filter(
    (value): value is DocumentNode =>
      typeof value === 'object' && value !== null && (value as DocumentNode).kind === Kind.DOCUMENT,
  );
  const fragments = documents.flatMap((document) =>
    document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION),
  );
  return documents.flatMap((document) =>
    document.definitions
      .filter(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      )
      .map((operation) => {
        const own = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
        const byName = new Map<string, DefinitionNode>(
          [...fragments, ...own].map((fragment) => [
            (fragment as { name: { value: string } }).name.value,
            fragment,
          ]),
        );
        return {
          name: operation.name?.value ?? '(anonymous)',
          document: { kind: Kind.DOCUMENT, definitions: [operation, ...byName.values()] } as DocumentNode,
        };
      }),
  );
}

/** The documents codegen wrote for a client (outside the server's sources: loaded by path). */
function generatedDocuments(client: 'buyer' | 'console'): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, '..', '..', 'clients', client, 'src', 'gql', 'graphql.ts'));
}

describe("the clients' documents", () => {
  const operations = [
    ...operationsOf(generatedDocuments('buyer')).map((operation) => ({ ...operation, client: 'buyer' })),
    ...operationsOf(generatedDocuments('console')).map((operation) => ({ ...operation, client: 'console' })),
  ];

  it('are found', () => {
    expect(operations.length).toBeGreaterThan(60);
  });

  it.each(operations.map((operation) => [operation.client, operation.name, operation] as const))(
    '%s %s fits the default limits with every page at its largest',
    async (_client, _name, operation) => {
      const schema = await schemaOnce();
      const limits = documentLimits(loadConfig({}).graphql);
      const variables = Object.fromEntries(
        (operation.document.definitions[0] as OperationDefinitionNode).variableDefinitions
          ?.filter((definition) => ['first', 'last'].includes(definition.variable.name.value))
          .map((definition) => [definition.variable.name.value, maxPage]) ?? [],
      );
      const check = checkDocumentLimits(schema, operation.document, limits, { variables });
      expect('error' in check ? check.error.message : null).toBeNull();
    },
  );
});

let schema: ReturnType<typeof createSchema> | undefined;
function schemaOnce() {
  schema ??= createSchema();
  return schema;
}
