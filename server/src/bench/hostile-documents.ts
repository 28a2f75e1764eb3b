/**
 * Documents built to make GraphQL validation or execution expensive, each small enough to pass the
 * token and body limits, and the typed error the default limits (config.ts) answer it with. Shared
 * by the hostile-document test (server/test/hostile-documents.test.ts) and `npm run bench:hostile`.
 * Several operations in `operations` are sent as one HTTP batch, and one by one over graphql-ws.
 */

export interface HostileDocument {
  name: string;
  operations: { query: string; variables?: Record<string, unknown> }[];
  code: string;
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/**
 * Fragments that each spread the next one twice: 2^24 paths (under 1 kB) for a walker that does not
 * memoise; the depth rule before issue 7 spent seconds on it, and each added fragment doubles that.
 */
const fanOutFragments = 24;
const fanOut = `query { ...F0 } ${range(fanOutFragments)
  .map((index) => {
    const last = index === fanOutFragments - 1;
    return `fragment F${index} on Query { ${last ? 'me { id }' : `...F${index + 1} ...F${index + 1}`} }`;
  })
  .join(' ')}`;

/** Each of 40 fragments one field deeper than the last. */
const deepThroughFragments = `query { ...F0 } ${range(40)
  .map((index) => `fragment F${index} on Query { me { ${index < 39 ? `...F${index + 1}` : 'id'} } }`)
  .join(' ')}`;

/** graphql-js compares same-named fields with different arguments pairwise (OverlappingFieldsCanBeMerged). */
const repeatedWithArguments = (count: number, name = 'x') =>
  range(count)
    .map((index) => `${name}(a: ${index})`)
    .join(' ');

const listingConnection =
  'edges { cursor node { id title description kind platform region stock status version createdAt updatedAt price { amount currency } seller { id displayName } } } pageInfo { hasNextPage endCursor }';

/** A wallet page of 100, each with 100 ledger entries: 30,301 with the connection estimator. */
const nestedConnections = (first: string) =>
  `flaggedWallets(first: ${first}) { edges { node { history(first: ${first}) { edges { node { id } } } } } }`;

export const hostileDocuments: HostileDocument[] = [
  {
    name: 'exponential fragment fan-out',
    operations: [{ query: fanOut }],
    code: 'FIELD_REPETITION_LIMIT_EXCEEDED',
  },
  {
    name: 'deep nesting',
    operations: [{ query: `{ ${'a { '.repeat(60)}b${' }'.repeat(60)} }` }],
    code: 'DEPTH_LIMIT_EXCEEDED',
  },
  {
    name: 'deep nesting through fragments',
    operations: [{ query: deepThroughFragments }],
    code: 'DEPTH_LIMIT_EXCEEDED',
  },
  {
    name: 'introspection nested past its bound',
    operations: [
      { query: `{ __schema { types { ${'fields { type { '.repeat(12)}name${' } }'.repeat(12)} } } }` },
    ],
    code: 'DEPTH_LIMIT_EXCEEDED',
  },
  {
    name: 'alias bomb',
    operations: [
      {
        query: `{ ${range(400)
          .map((index) => `a${index}: __typename`)
          .join(' ')} }`,
      },
    ],
    code: 'ALIAS_LIMIT_EXCEEDED',
  },
  {
    name: '800 same-named fields with different arguments x 10 operations (a batch)',
    operations: range(10).map(() => ({ query: `{ ${repeatedWithArguments(800)} }` })),
    code: 'SELECTION_LIMIT_EXCEEDED',
  },
  {
    name: 'same-named fields with different arguments in 3 operations of one document',
    operations: [
      {
        query: range(3)
          .map((operation) => `query Q${operation} { ${repeatedWithArguments(31)} }`)
          .join(' '),
      },
    ],
    code: 'FIELD_REPETITION_LIMIT_EXCEEDED',
  },
  {
    name: 'same-named fields spread from 40 fragments',
    operations: [
      {
        query: `{ ${range(40)
          .map((index) => `...F${index}`)
          .join(' ')} } ${range(40)
          .map((index) => `fragment F${index} on Query { listing(id: "${index}") { id } }`)
          .join(' ')}`,
      },
    ],
    code: 'FIELD_REPETITION_LIMIT_EXCEEDED',
  },
  {
    name: 'large same-named selections repeated',
    operations: [
      {
        query: `{ ${range(10)
          .map(() => `listings { ${listingConnection} }`)
          .join(' ')} }`,
      },
    ],
    code: 'FIELD_REPETITION_LIMIT_EXCEEDED',
  },
  {
    name: 'many fragments',
    operations: [
      {
        query: `{ __typename } ${range(300)
          .map((index) => `fragment F${index} on Query { __typename }`)
          .join(' ')}`,
      },
    ],
    code: 'FRAGMENT_LIMIT_EXCEEDED',
  },
  {
    name: 'many operations',
    operations: [
      {
        query: range(300)
          .map((index) => `query Q${index} { __typename }`)
          .join(' '),
      },
    ],
    code: 'OPERATION_LIMIT_EXCEEDED',
  },
  {
    name: 'huge argument list',
    operations: [
      {
        query: `{ listing(${range(400)
          .map((index) => `id: "${index}"`)
          .join(' ')}) { id } }`,
      },
    ],
    code: 'ARGUMENT_LIMIT_EXCEEDED',
  },
  {
    name: 'directive flood',
    operations: [{ query: `{ __typename ${'@skip(if: false) '.repeat(400)}}` }],
    code: 'DIRECTIVE_LIMIT_EXCEEDED',
  },
  {
    name: 'cost bomb through nested first: 100 connections',
    operations: [{ query: `{ ${nestedConnections('100')} }` }],
    code: 'COST_LIMIT_EXCEEDED',
  },
  {
    name: 'cost bomb with first from a variable',
    operations: [
      { query: `query ($first: Int!) { ${nestedConnections('$first')} }`, variables: { first: 100 } },
    ],
    code: 'COST_LIMIT_EXCEEDED',
  },
  {
    name: 'mutation flood through aliases',
    operations: [
      {
        query: `mutation { ${range(15)
          .map((index) => `m${index}: logOut { loggedOut }`)
          .join(' ')} }`,
      },
    ],
    code: 'MUTATION_LIMIT_EXCEEDED',
  },
  {
    name: 'fragment cycle',
    operations: [{ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }],
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
];
