import crypto from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import {
  capturedLog,
  startTestApp,
  TestClient,
  type GraphqlResponse,
  type TestApp,
} from '../../test/harness';
import { createListing } from '../../test/marketplace';
import { disputedOrder, newStaff } from '../../test/dispute-helpers';
import { toGlobalId } from './relay';

/**
 * A net under the typed-error rule, generated from the schema so that a new field is covered the
 * day it is added: every argument leaf of every query and mutation, one at a time, gets hostile
 * values (NUL characters, 20,000-character strings, lone surrogates, int4 extremes, ids that are
 * not ids, dates beyond any calendar, lists of 5,000 items) while the rest of the input is
 * plausible, with real ids, so the hostile value gets past the first checks. The answer may be
 * any typed error or a payload error, never INTERNAL_SERVER_ERROR, and nothing is logged at error level.
 */

const hostileValues: Record<string, unknown[]> = {
  String: ['a\u0000b', 'x'.repeat(20_000), '\uD800'],
  ID: [
    'x\u0000',
    'y'.repeat(20_000),
    toGlobalId('User', 'not-a-uuid'),
    toGlobalId('Order', "' or 1=1 --"),
    crypto.randomUUID(),
  ],
  Int: [2_147_483_647, -2_147_483_648],
  DateTimeISO: ['275760-09-13T00:00:00.000Z', '0001-01-01T00:00:00Z', '2024-02-30T00:00:00Z'],
};
const longListLength = 5_000;

/** Operations whose success would change who the acting client is; sent from a fresh client. */
const sessionChanging = new Set(['logIn', 'signUp']);
const skipped = new Set(['logOut']);

type Path = (string | number)[];

describe('every query and mutation argument', () => {
  const log = capturedLog('error');
  let testApp: TestApp;
  let actors: TestClient[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await startTestApp({}, { log: log.log });
    const order = await disputedOrder(testApp);
    const staff = await newStaff(testApp, ['ADMIN', 'SUPPORT']);
    const { listingId } = await createListing(order.seller, { codes: 3 });
    Object.assign(ids, {
      listingId,
      orderId: order.orderId,
      disputeId: order.disputeId,
      userId: order.buyer.id,
      buyerId: order.buyer.id,
      assigneeId: staff.id,
    });
    actors = [staff.client, order.seller.client, order.buyer.client];
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Ids by argument name; `id` by the field it selects. */
  function plausibleId(argumentName: string, fieldName: string): string {
    if (argumentName !== 'id') return ids[argumentName] ?? ids['orderId']!;
    return ids[`${fieldName}Id`] ?? ids['orderId']!;
  }

  function plausibleString(name: string): string {
    const lower = name.toLowerCase();
    if (lower.includes('currency')) return 'EUR';
    if (lower.includes('email')) return `hostile-${crypto.randomBytes(4).toString('hex')}@example.test`;
    if (lower.includes('password')) return 'correct horse battery staple';
    if (lower.includes('idempotency')) return crypto.randomUUID();
    if (name === 'codes') return `KEY-${crypto.randomBytes(8).toString('hex').toUpperCase()}`;
    return 'A plausible value for this field';
  }

  /** A value that passes the type and, most often, the first business checks. */
  function plausible(type: GraphQLInputType, name: string, fieldName: string, depth = 0): unknown {
    if (isNonNullType(type)) return plausible(type.ofType, name, fieldName, depth);
    if (isListType(type))
      return name === 'attachments' ? [] : [plausible(type.ofType, name, fieldName, depth)];
    if (isEnumType(type)) return type.getValues()[0]!.name;
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter(
        (field) => isNonNullType(field.type) || depth < 1,
      );
      return Object.fromEntries(
        fields.map((field) => [field.name, plausible(field.type, field.name, fieldName, depth + 1)]),
      );
    }
    switch (type.name) {
      case 'ID':
        return plausibleId(name, fieldName);
      case 'Int':
        return name === 'expectedVersion' ? 1 : name === 'first' ? 5 : 1_000;
      case 'Boolean':
        return false;
      case 'DateTimeISO':
        return new Date(Date.now() + 86_400_000).toISOString();
      default:
        return plausibleString(name);
    }
  }

  /** Every place a hostile value can go: scalar leaves by type name, and lists. */
  function leaves(type: GraphQLInputType, value: unknown, path: Path): { path: Path; kind: string }[] {
    if (isNonNullType(type)) return leaves(type.ofType, value, path);
    if (isListType(type)) {
      const items =
        Array.isArray(value) && value.length > 0 ? leaves(type.ofType, value[0], [...path, 0]) : [];
      return [...items, { path, kind: 'LIST' }];
    }
    if (isInputObjectType(type)) {
      const object = (value ?? {}) as Record<string, unknown>;
      return Object.values(type.getFields())
        .filter((field) => field.name in object)
        .flatMap((field) => leaves(field.type, object[field.name], [...path, field.name]));
    }
    return [{ path, kind: getNamedType(type).name }];
  }

  function replaced(variables: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
    const copy = structuredClone(variables);
    let parent: any = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    parent[path.at(-1)!] = value;
    return copy;
  }

  function documentFor(root: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
    const definitions = field.args.map((argument) => `$${argument.name}: ${argument.type.toString()}`);
    const arguments_ = field.args.map((argument) => `${argument.name}: $${argument.name}`);
    const named = getNamedType(field.type);
    const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
    return `${root}${definitions.length ? `(${definitions.join(', ')})` : ''} { ${field.name}${
      arguments_.length ? `(${arguments_.join(', ')})` : ''
    }${selection} }`;
  }

  /** The first actor the field does not refuse outright, so the hostile values reach its resolver. */
  async function actorFor(fieldName: string, query: string, variables: Record<string, unknown>) {
    if (sessionChanging.has(fieldName)) return () => new TestClient(testApp.baseUrl);
    for (const actor of actors) {
      const response = await actor.graphql(query, variables);
      const code = response.errors?.[0]?.extensions?.['code'];
      if (code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN') return () => actor;
    }
    return () => actors[0]!;
  }

  // A few hundred requests in sequence: the timeout leaves minutes of headroom on a loaded machine.
  it('answers hostile values with typed errors, never INTERNAL_SERVER_ERROR, and logs no error', async () => {
    const failures: string[] = [];
    for (const root of ['query', 'mutation'] as const) {
      const rootType =
        root === 'query' ? testApp.app.schema.getQueryType() : testApp.app.schema.getMutationType();
      for (const field of Object.values(rootType!.getFields())) {
        if (skipped.has(field.name)) continue;
        const query = documentFor(root, field);
        const base = Object.fromEntries(
          field.args.map((argument) => [argument.name, plausible(argument.type, argument.name, field.name)]),
        );
        const actor = await actorFor(field.name, query, base);
        const cases = field.args.flatMap((argument) =>
          leaves(argument.type, base[argument.name], [argument.name]).flatMap(({ path, kind }) =>
            kind === 'LIST'
              ? [{ path, value: Array.from({ length: longListLength }, (_, index) => `item-${index}`) }]
              : (hostileValues[kind] ?? []).map((value) => ({ path, value })),
          ),
        );
        for (const { path, value } of cases) {
          const logged = log.lines.length;
          const response: GraphqlResponse = await actor().graphql(query, replaced(base, path, value));
          const internal = (response.errors ?? []).some(
            (error) => error.extensions?.['code'] === 'INTERNAL_SERVER_ERROR',
          );
          const errorLines = log.lines.slice(logged);
          if (internal || response.status >= 500 || errorLines.length > 0) {
            const shown = JSON.stringify(value).slice(0, 40);
            failures.push(
              `${field.name}(${path.join('.')} = ${shown}): ${response.status} ${errorLines.length} error lines`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
