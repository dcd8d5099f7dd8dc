import { GraphQLSafeInt } from "graphql-scalars";
import { ArgsType, Field, ID, InterfaceType, Int, ObjectType } from "type-graphql";
import type { Page } from "../../catalog/paging.ts";

/** Marks a row returned by `node(id)` with its GraphQL type name. */
export const NODE_TYPE = Symbol("nodeType");

/** Anything with a global id, fetchable through `node(id)`. */
@InterfaceType("Node", {
  resolveType: (value: { [NODE_TYPE]?: string }) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(_type => ID)
  id!: string;
}

@ObjectType("PageInfo")
export class PageInfo {
  @Field(_type => Boolean)
  hasNextPage!: boolean;

  @Field(_type => Boolean)
  hasPreviousPage!: boolean;

  @Field(_type => String, { nullable: true })
  startCursor!: string | null;

  @Field(_type => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(_type => Int, { nullable: true, description: "Page size: 0 to 500, default 50." })
  first?: number | null;

  @Field(_type => String, { nullable: true, description: "A cursor from a previous page: edges.cursor or pageInfo.endCursor." })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionValue<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

type Class<T> = abstract new (...args: never[]) => T;

/** Relay connection classes (`<Name>Edge`, `<Name>Connection`) for one node type. */
export function connectionType<T>(name: string, nodeType: Class<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(_type => String)
    cursor!: string;

    @Field(_type => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(_type => [EdgeType])
    edges!: EdgeType[];

    @Field(_type => PageInfo)
    pageInfo!: PageInfo;

    @Field(_type => Int)
    totalCount!: number;
  }
  return ConnectionType;
}

export function toConnection<T>(page: Page<T>): ConnectionValue<T> {
  const edges = page.items.map((node) => ({ cursor: page.cursorOf(node), node }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export const VERSION_DESCRIPTION =
  "The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md).";

/**
 * A mutation payload `<name> { <field>: <type>!, warnings: [String!]! }`. Every create, add and
 * update mutation returns one; warnings carry non-fatal advice.
 */
export function payloadType<T>(name: string, field: string, entityType: Class<T>) {
  @ObjectType(name)
  class PayloadType {
    @Field(_type => [String], { description: "Non-fatal advice about what was written." })
    warnings!: string[];

    @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
    version!: number | null;
  }
  Field(_type => entityType)(PayloadType.prototype, field);
  return PayloadType;
}
