import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../catalog/paging.ts";

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** Assumed size of a list field that takes no `first`/`last` argument. */
export const PLAIN_LIST_FACTOR = 10;

export interface Complexity {
  depth: number;
  cost: number;
}

function argValue(value: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!value) return undefined;
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  return undefined;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * Depth (nesting of fields, through fragments) and cost of an operation: every field costs 1 times
 * how many times it runs; a connection's edges run `first` times (default 50, at most 500),
 * `history` `last` times, any other list 10 times. Computed with the request's variables, before
 * execution.
 */
export function complexity(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): Complexity {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  /** `page`: the `first` of the connection whose selection this is; it multiplies its edges. */
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType | undefined, multiplier: number, depth: number, seen: Set<string>, page = 1): Complexity => {
    let maxDepth = depth;
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith("__")) continue; // introspection meta-fields are cheap and bounded
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[sel.name.value] : undefined;
        cost += multiplier;
        if (!sel.selectionSet) {
          maxDepth = Math.max(maxDepth, depth + 1);
          continue;
        }
        const args = new Map((sel.arguments ?? []).map((a) => [a.name.value, argValue(a.value, variables)]));
        const count = args.get("first") ?? args.get("last");
        let factor = 1;
        let childPage = 1;
        if (field?.args.some((a) => a.name === "first")) {
          // A connection: its edges run `first` times (pages over MAX_PAGE_SIZE are refused when it runs).
          childPage = typeof count === "number" ? Math.min(count, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
        } else if (sel.name.value === "edges" && parent?.name.endsWith("Connection")) {
          factor = page;
        } else if (sel.name.value === "history") {
          factor = typeof count === "number" ? count : 20;
        } else if (field && isList(field.type)) {
          factor = PLAIN_LIST_FACTOR;
        }
        const child = field ? (getNamedType(field.type) as GraphQLCompositeType) : undefined;
        const inner = walk(sel.selectionSet, child, multiplier * Math.max(1, factor), depth + 1, seen, childPage);
        maxDepth = Math.max(maxDepth, inner.depth);
        cost += inner.cost;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : parent;
        const inner = walk(sel.selectionSet, type, multiplier, depth, seen, page);
        maxDepth = Math.max(maxDepth, inner.depth);
        cost += inner.cost;
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue; // unknown or cyclic: graphql's own validation reports it
        const inner = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType, multiplier, depth, new Set([...seen, name]), page);
        maxDepth = Math.max(maxDepth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth: maxDepth, cost };
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  return walk(operation.selectionSet, root ?? undefined, 1, 0, new Set());
}
