import { GraphQLError } from 'graphql';
import { Field, ID, InterfaceType, ObjectType, ArgsType, Int } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { decodeCursor, encodeCursor, type KeysetCursor } from '../shared/keyset-cursor';

export { fromAnyGlobalId, fromGlobalId, toGlobalId } from '../shared/global-id';

@InterfaceType({ description: 'An object with a global id.' })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export const maxPageSize = 100;

@ArgsType()
export class ConnectionArguments {
  @Field(() => Int, { defaultValue: 20, description: `At most ${maxPageSize}.` })
  first: number = 20;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A Relay connection type for `nodeType`: `edges { cursor node }` and `pageInfo`. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/**
 * The page size `first` asks for, at most maxPageSize ("At most 100." in the schema: more is
 * served as 100). Below 1 is BAD_USER_INPUT: a page is never empty by request, and a negative
 * size is a client's bug that it should hear of.
 */
export function clampPageSize(first: number): number {
  if (!(first >= 1)) {
    throw new GraphQLError(`\`first\` is 1 to ${maxPageSize}; it was ${first}.`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  }
  return Math.min(first, maxPageSize);
}

export function malformedCursor(message = 'Malformed cursor.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * The page a connection's arguments ask for, over (createdAt, id) keysets whose ids pass `isId`
 * (uuids unless given); a malformed cursor is BAD_USER_INPUT.
 */
export function keysetPage(
  page: ConnectionArguments,
  isId?: (value: unknown) => value is string,
): { first: number; cursor: KeysetCursor | null } {
  const cursor = decodeCursor(page.after, isId);
  if (cursor === 'invalid') throw malformedCursor();
  return { first: clampPageSize(page.first), cursor };
}

/** Builds a connection from rows fetched with limit first + 1. */
export function toConnection<Row, T>(
  rows: Row[],
  first: number,
  cursorOf: (row: Row) => KeysetCursor,
  toNode: (row: Row) => T,
  hasPreviousPage: boolean,
): ConnectionShape<T> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
