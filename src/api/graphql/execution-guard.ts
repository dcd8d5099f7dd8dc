import type { ApolloServerPlugin } from "@apollo/server";
import {
  getNamedType,
  getVariableValues,
  GraphQLString,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { CatalogSizes } from "../../catalog/list-sizes.ts";
import { snapshotSizes } from "../../read/sizes.ts";
import { show } from "../../catalog/validation.ts";
import type { Context } from "./context.ts";
import { BadUserInputError, ErrorCode } from "../../errors.ts";
import { analyzeOperation, CATALOG_LIST_SIZES, DEFAULT_MAX_FIELDS, DEFAULT_MAX_RESPONSE_BYTES, MAX_RESOLVES_PER_REQUEST, type QueryLimits } from "./limits.ts";

export interface ExecutionLimits extends QueryLimits {
  /** Fields executed per HTTP request at most (default DEFAULT_MAX_FIELDS). */
  maxFields?: number;
  /** Estimated answer bytes per HTTP request at most (default DEFAULT_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
}

/**
 * What one HTTP request has used so far. The operations of a batch run as separate GraphQL
 * requests, but Apollo gives them one shared HTTP response head, so that object is the key.
 */
interface RequestBudget {
  cost: number;
  operations: number;
  resolves: number;
  fields: number;
  bytes: number;
  stopped?: "fields" | "bytes";
  /** The catalog's list sizes, read once per request for costing and for the run-time charges. */
  sizes?: CatalogSizes;
  /** Thrown by every field after the stop: one object, so that thousands of failing fields stay cheap. */
  error?: Error;
}

const budgets = new WeakMap<object, RequestBudget>();

function budgetOf(httpHead: object): RequestBudget {
  let budget = budgets.get(httpHead);
  if (!budget) {
    budget = { cost: 0, operations: 0, resolves: 0, fields: 0, bytes: 0 };
    budgets.set(httpHead, budget);
  }
  return budget;
}

function showCost(cost: number): string {
  if (!Number.isFinite(cost)) return "beyond any number";
  return cost < 1e15 ? String(Math.round(cost)) : cost.toExponential(2);
}

export interface OperationToCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The variables as sent; they are coerced (defaults applied) before costing. */
  variables: Record<string, unknown> | undefined;
  sizes: () => CatalogSizes;
  limits: QueryLimits;
  /** Apollo's HTTP response head of the request (shared by the operations of a batch). */
  httpHead: object;
}

/**
 * Refuses an operation, before it runs, that is nested too deeply, costs more than the limit
 * (alone, or with the operations of its batch before it), or repeats a single-use field.
 */
export function checkOperation({ schema, document, operation, variables, sizes, limits, httpHead }: OperationToCheck): void {
  const budget = budgetOf(httpHead);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  // Invalid variables: execution refuses them with graphql's own message; cost the raw values meanwhile.
  const values = coerced.coerced ?? variables ?? {};
  const { depth, cost, repeated, resolves } = analyzeOperation(schema, document, operation, values, () => (budget.sizes ??= sizes()));
  if (depth > limits.maxDepth) {
    throw new BadUserInputError(`query depth ${depth} is over the limit of ${limits.maxDepth}; ask for fewer nested levels`, { http: { status: 400 } });
  }
  const [again] = repeated;
  if (again) {
    throw new BadUserInputError(
      `${again.field} is asked for ${again.keys.length} times in one operation (as ${again.keys.map((k) => show(k)).join(", ")}); at most one ${again.field} per operation is accepted: ask for it once, or in separate requests`,
      { http: { status: 400 } },
    );
  }
  if (cost > limits.maxCost) {
    throw new BadUserInputError(
      `query cost ${showCost(cost)} is over the limit of ${limits.maxCost} (each field counts once per item, lists as long as the catalog's longest: lower first:, or ask for fewer nested lists)`,
      { http: { status: 400 } },
    );
  }
  if (budget.resolves + resolves > MAX_RESOLVES_PER_REQUEST) {
    throw new BadUserInputError(
      `${budget.resolves + resolves} resolve fields in one request are over the limit of ${MAX_RESOLVES_PER_REQUEST} (an unknown name is compared with every name for suggestions); send the rest in another request`,
      { http: { status: 400 } },
    );
  }
  budget.resolves += resolves;
  budget.cost += cost;
  budget.operations += 1;
  if (budget.cost > limits.maxCost) {
    throw new BadUserInputError(
      `the operations of this batched request cost ${showCost(budget.cost)} together (this one ${showCost(cost)}), over the limit of ${limits.maxCost} per request; send them in separate requests or ask for less`,
      { http: { status: 400 } },
    );
  }
}

/** Bytes counted for every field besides its string value: the key, quotes, punctuation, a scalar. */
const BYTES_PER_FIELD = 16;

/** What the guard does for a field, found by its (wrapped) output type: one Map lookup per field. */
interface FieldKind {
  /** Count the length of its string value(s). */
  strings: boolean;
  /** A list: count its items. */
  list: boolean;
  /** A catalog list: its longest size is charged before the resolver runs (see CATALOG_LIST_SIZES). */
  size?: (sizes: CatalogSizes) => number;
}

const fieldKindsCache = new WeakMap<GraphQLSchema, Map<GraphQLOutputType, FieldKind>>();

function fieldKinds(schema: GraphQLSchema): Map<GraphQLOutputType, FieldKind> {
  let kinds = fieldKindsCache.get(schema);
  if (kinds) return kinds;
  kinds = new Map();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const strings = getNamedType(field.type) === GraphQLString;
      const list = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
      const size = CATALOG_LIST_SIZES.get(`${type.name}.${field.name}`);
      // Each field definition has its own wrapper objects, so the type identifies the field here.
      if (strings || list) kinds.set(field.type, { strings, list, size });
    }
  }
  fieldKindsCache.set(schema, kinds);
  return kinds;
}

/**
 * The error every field throws once a request is stopped. It carries a path already, so graphql-js
 * passes it on as it is instead of wrapping it in a new error (with a stack trace formatted through
 * source maps) for every abandoned field: that cost seconds. The answer is replaced by one error.
 */
function stoppedError(message: string): Error {
  const error = new BadUserInputError(message);
  Object.defineProperty(error, "path", { value: [], enumerable: true });
  return error;
}

function stoppedMessage(budget: RequestBudget, maxFields: number, maxBytes: number): string {
  return budget.stopped === "fields"
    ? `the answer was stopped after ${maxFields} fields, the limit per request; ask for fewer nested lists, smaller pages (first:) or fewer operations per request`
    : `the answer was stopped at about ${maxBytes} bytes, the limit per request; ask for fewer fields, smaller pages (first:) or fewer operations per request`;
}

/**
 * While an operation runs: counts the fields it executes and estimates the bytes of its answer
 * (string values plus a fixed amount per field), per HTTP request. Over either cap, every further
 * field fails at once and the answer is replaced by one error, so a query the cost model got
 * wrong (or whose lists grew after costing) cannot exhaust memory. Per field this is a counter
 * and one Set lookup; introspection fields are not seen here (Apollo does not wrap them) and are
 * priced before execution instead.
 */
export function executionGuardPlugin(limits: ExecutionLimits): ApolloServerPlugin<Context> {
  const maxFields = limits.maxFields ?? DEFAULT_MAX_FIELDS;
  const maxBytes = limits.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return {
    async requestDidStart() {
      let stoppedHere = false;
      return {
        async executionDidStart({ response, schema, contextValue }) {
          const budget = budgetOf(response.http);
          const kinds = fieldKinds(schema);
          const stop = (why: "fields" | "bytes") => {
            budget.stopped ??= why;
            stoppedHere = true;
            return (budget.error ??= stoppedError(stoppedMessage(budget, maxFields, maxBytes)));
          };
          const count = (_error: Error | null, result?: unknown) => {
            if (typeof result === "string") budget.bytes += result.length;
            else if (Array.isArray(result)) {
              budget.fields += result.length;
              for (const item of result) if (typeof item === "string") budget.bytes += item.length;
            }
            if (budget.bytes > maxBytes) stop("bytes");
            else if (budget.fields > maxFields) stop("fields");
          };
          return {
            willResolveField({ info }) {
              if (budget.stopped) throw stop(budget.stopped);
              budget.bytes += BYTES_PER_FIELD;
              if (++budget.fields > maxFields) throw stop("fields");
              const kind = kinds.get(info.returnType);
              if (!kind) return undefined;
              if (kind.size) {
                // Charged before the resolver runs: the work of a list is done before its items are seen.
                const charged = kind.size((budget.sizes ??= snapshotSizes(contextValue.read.snapshot)));
                if ((budget.fields += charged) > maxFields) throw stop("fields");
                // The list may have grown since the sizes were read: charge what is over.
                return (_error: Error | null, result?: unknown) => {
                  if (Array.isArray(result) && result.length > charged) {
                    budget.fields += result.length - charged;
                    if (budget.fields > maxFields) stop("fields");
                  }
                };
              }
              return count;
            },
          };
        },
        async willSendResponse({ response, requestIsBatched }) {
          if (!stoppedHere || response.body.kind !== "single") return;
          const budget = budgetOf(response.http);
          response.body.singleResult = {
            data: null,
            errors: [{ message: stoppedMessage(budget, maxFields, maxBytes), extensions: { code: ErrorCode.BAD_USER_INPUT } }],
          };
          if (!requestIsBatched) response.http.status = 400;
        },
      };
    },
  };
}
