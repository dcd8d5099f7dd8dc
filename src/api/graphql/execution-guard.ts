import type { ApolloServerPlugin } from "@apollo/server";
import {
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  GraphQLString,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLAbstractType,
  type GraphQLCompositeType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { CatalogSizes } from "../../catalog/list-sizes.ts";
import { snapshotSizes } from "../../read/sizes.ts";
import { show } from "../../catalog/validation.ts";
import type { Context } from "./context.ts";
import { isPromiseLike } from "../../promise.ts";
import { BadUserInputError, ErrorCode } from "../../errors.ts";
import { analyzeOperation, CATALOG_LIST_SIZES, DEFAULT_MAX_FIELDS, DEFAULT_MAX_RESPONSE_BYTES, MAX_RESOLVES_PER_REQUEST, type QueryLimits } from "./limits.ts";

/** Variables nested deeper than this are refused: no input type of the schema comes close. */
export const MAX_VARIABLE_DEPTH = 64;

/**
 * How deeply a JSON value nests (a scalar is 0, `[]` and `{}` are 1), counted without recursion
 * and stopping once past `stopAfter`: a 100,000-level body must not overflow the stack here.
 */
export function nestingDepth(value: unknown, stopAfter: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth + 1 > deepest) {
      deepest = depth + 1;
      if (deepest > stopAfter) return deepest;
    }
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === "object") pending.push([child, depth + 1]);
    }
  }
  return deepest;
}

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

/** The budget, kept on the response head itself: a WeakMap lookup per use cost more than the check. */
const BUDGET = Symbol("requestBudget");

function budgetOf(httpHead: object): RequestBudget {
  const head = httpHead as { [BUDGET]?: RequestBudget };
  return (head[BUDGET] ??= { cost: 0, operations: 0, resolves: 0, fields: 0, bytes: 0 });
}

function showCost(cost: number): string {
  if (!Number.isFinite(cost)) return "beyond any number";
  return cost < 1e15 ? String(Math.round(cost)) : cost.toExponential(2);
}

type Coerced = ReturnType<typeof getVariableValues>;

/** Per request's variables object (parsed from its body, so one per operation sent) and operation. */
const coercedByVariables = new WeakMap<object, { operation: OperationDefinitionNode; coerced: Coerced }>();
/** Operations sent without variables: their coercion (defaults only) depends on the document alone. */
const coercedWithout = new WeakMap<OperationDefinitionNode, Coerced>();

/** A variable of a built-in scalar type, as the fast path below coerces it. */
interface ScalarVariable {
  name: string;
  scalar: "String" | "ID" | "Boolean" | "Int" | "Float";
  nonNull: boolean;
}

/** Per operation: its variables when every one is a built-in scalar (nullable or not), else null. */
const scalarPlans = new WeakMap<OperationDefinitionNode, readonly ScalarVariable[] | null>();

const BUILT_IN_SCALARS = new Set(["String", "ID", "Boolean", "Int", "Float"]);

function scalarPlan(operation: OperationDefinitionNode): readonly ScalarVariable[] | null {
  const known = scalarPlans.get(operation);
  if (known !== undefined) return known;
  let plan: ScalarVariable[] | null = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const nonNull = definition.type.kind === Kind.NON_NULL_TYPE;
    const named = nonNull ? (definition.type as { type: { kind: Kind; name?: { value: string } } }).type : definition.type;
    if (named.kind !== Kind.NAMED_TYPE || !BUILT_IN_SCALARS.has(named.name!.value)) {
      plan = null;
      break;
    }
    plan.push({ name: definition.variable.name.value, scalar: named.name!.value as ScalarVariable["scalar"], nonNull });
  }
  scalarPlans.set(operation, plan);
  return plan;
}

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/**
 * graphql-js's coercion of `variables`, computed directly where it is plain: every variable a
 * built-in scalar, every value given and of the JavaScript type graphql-js's own parseValue takes
 * as it is (a string for String and ID, a boolean, an integer in 32 bits, a finite number), or null
 * for a nullable one. Anything else (a default to apply, a number for an ID, a missing or refused
 * value, input objects, enums, lists, custom scalars) returns undefined: graphql-js decides, in its
 * words. Variables the operation does not declare are left out, as graphql-js leaves them out.
 */
export function coerceScalars(operation: OperationDefinitionNode, variables: Record<string, unknown>): Coerced | undefined {
  const plan = scalarPlan(operation);
  if (!plan) return undefined;
  const coerced: Record<string, unknown> = {};
  for (const v of plan) {
    if (!Object.prototype.hasOwnProperty.call(variables, v.name)) return undefined;
    const value = variables[v.name];
    if (value === null) {
      if (v.nonNull) return undefined;
    } else if (v.scalar === "String" || v.scalar === "ID") {
      if (typeof value !== "string") return undefined;
    } else if (v.scalar === "Boolean") {
      if (typeof value !== "boolean") return undefined;
    } else if (v.scalar === "Int") {
      if (typeof value !== "number" || !Number.isInteger(value) || value > INT_MAX || value < INT_MIN) return undefined;
    } else if (typeof value !== "number" || !Number.isFinite(value)) {
      return undefined;
    }
    coerced[v.name] = value;
  }
  return { coerced };
}

/**
 * graphql-js's coercion of an operation's variables (defaults applied, or its errors), once per
 * request: the cost check and the executor (src/api/graphql/compiled.ts) both need it.
 */
export function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined): Coerced {
  if (variables === null || variables === undefined || typeof variables !== "object") {
    let coerced = coercedWithout.get(operation);
    if (!coerced) coercedWithout.set(operation, (coerced = getVariableValues(schema, operation.variableDefinitions ?? [], {})));
    return coerced;
  }
  const hit = coercedByVariables.get(variables);
  if (hit?.operation === operation) return hit.coerced;
  const coerced = coerceScalars(operation, variables) ?? getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  coercedByVariables.set(variables, { operation, coerced });
  return coerced;
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

/** Whether graphql-js refuses `variables` for `operation` (an operation without variables accepts any). */
export function variablesRefused(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined): boolean {
  return (operation.variableDefinitions?.length ?? 0) > 0 && coerceVariables(schema, operation, variables).errors !== undefined;
}

/**
 * Refuses an operation, before it runs, that is nested too deeply, costs more than the limit
 * (alone, or with the operations of its batch before it), or repeats a single-use field.
 */
export function checkOperation({ schema, document, operation, variables, sizes, limits, httpHead }: OperationToCheck): void {
  const budget = budgetOf(httpHead);
  const coerced = coerceVariables(schema, operation, variables);
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

/** The guard of the operation a context runs (set when its execution starts, per operation). */
const GUARD = Symbol("executionGuard");

interface Guard {
  budget: RequestBudget;
  maxFields: number;
  maxBytes: number;
  schema: GraphQLSchema;
  /** Marks the request stopped; the error every further field throws. */
  stop(why: "fields" | "bytes"): Error;
}

type GuardedContext = { [GUARD]?: Guard; read: { snapshot: Parameters<typeof snapshotSizes>[0] } };

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

// What a resolver's answer holds below it. Fields without a resolver (plain properties) are read
// by the executor without a call (graphql-jit inlines them), so they are counted by the nearest
// field above them that has one, from its answer, before anything below it runs.

/** The plain fields one selection reads of one object type. */
interface Plan {
  /** Plain fields whose value is a leaf (scalar, enum, or a list of them). */
  leaves: { name: string; strings: boolean; list: boolean }[];
  /** Plain fields whose value is an object or a list of objects: counted, then walked. */
  objects: { name: string; list: boolean; type: GraphQLCompositeType; nodes: readonly FieldNode[] }[];
  /** Depends on @skip/@include variables: built per use, not kept. */
  dynamic: boolean;
}

type Variables = { [name: string]: unknown };

function conditionMatches(schema: GraphQLSchema, condition: { name: { value: string } } | undefined, type: GraphQLObjectType): boolean {
  if (!condition) return true;
  const conditionType = schema.getType(condition.name.value);
  if (conditionType === type) return true;
  return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
}

/** graphql-js's @skip/@include rule; notes whether a variable decided it. */
function included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode, variables: Variables, plan: { dynamic: boolean }): boolean {
  if (!node.directives?.length) return true;
  for (const directive of node.directives) {
    if (directive.arguments?.some((a) => a.value.kind === Kind.VARIABLE)) plan.dynamic = true;
  }
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}

function collect(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: { [name: string]: FragmentDefinitionNode },
  variables: Variables,
  fields: Map<string, FieldNode[]>,
  visited: Set<string>,
  plan: { dynamic: boolean },
): void {
  for (const selection of selectionSet.selections) {
    if (!included(selection, variables, plan)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = fields.get(key);
      if (list) list.push(selection);
      else fields.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (conditionMatches(schema, selection.typeCondition, type)) collect(schema, type, selection.selectionSet, fragments, variables, fields, visited, plan);
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (visited.has(name) || !fragment) continue;
      visited.add(name);
      if (conditionMatches(schema, fragment.typeCondition, type)) collect(schema, type, fragment.selectionSet, fragments, variables, fields, visited, plan);
    }
  }
}

function buildPlan(schema: GraphQLSchema, type: GraphQLObjectType, nodes: readonly FieldNode[], info: GraphQLResolveInfo): Plan {
  const plan: Plan = { leaves: [], objects: [], dynamic: false };
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  for (const node of nodes) if (node.selectionSet) collect(schema, type, node.selectionSet, info.fragments, info.variableValues, fields, visited, plan);
  const definitions = type.getFields();
  for (const fieldNodes of fields.values()) {
    const name = fieldNodes[0]!.name.value;
    const definition = definitions[name];
    // __typename is not counted (graphql resolves it itself); a field with a resolver counts itself.
    if (!definition || definition.resolve) continue;
    const named = getNamedType(definition.type);
    const list = isListType(isNonNullType(definition.type) ? definition.type.ofType : definition.type);
    if (isLeafType(named)) plan.leaves.push({ name, strings: named === GraphQLString, list });
    else plan.objects.push({ name, list, type: named as GraphQLCompositeType, nodes: fieldNodes });
  }
  return plan;
}

/** Plans per selection (the field nodes as the executor hands them over) and object type. */
const plans = new WeakMap<object, Map<GraphQLObjectType, Plan>>();

function planFor(schema: GraphQLSchema, type: GraphQLObjectType, nodes: readonly FieldNode[], info: GraphQLResolveInfo): Plan {
  // One node (nearly always): keyed by it; merged nodes: by the list, which both executors keep per field.
  const key: object = nodes.length === 1 ? nodes[0]! : nodes;
  let byType = plans.get(key);
  let plan = byType?.get(type);
  if (plan) return plan;
  plan = buildPlan(schema, type, nodes, info);
  if (!plan.dynamic) {
    if (!byType) plans.set(key, (byType = new Map()));
    byType.set(type, plan);
  }
  return plan;
}

function objectTypeOf(schema: GraphQLSchema, type: GraphQLCompositeType, value: unknown, context: unknown, info: GraphQLResolveInfo): GraphQLObjectType | undefined {
  if (isObjectType(type)) return type;
  const resolved = (type as GraphQLAbstractType).resolveType?.(value, context, info, type as GraphQLAbstractType);
  const found = typeof resolved === "string" ? schema.getType(resolved) : undefined;
  return isObjectType(found) ? found : undefined;
}

/** Counts the plain fields below `value` (an object of the field's type), walking plain objects and lists. */
function walk(guard: Guard, type: GraphQLCompositeType, nodes: readonly FieldNode[], value: unknown, context: unknown, info: GraphQLResolveInfo): void {
  const objectType = objectTypeOf(guard.schema, type, value, context, info);
  if (!objectType) return;
  const plan = planFor(guard.schema, objectType, nodes, info);
  const budget = guard.budget;
  const item = value as Record<string, unknown>;
  for (const leaf of plan.leaves) {
    budget.fields += 1;
    budget.bytes += BYTES_PER_FIELD;
    const v = item[leaf.name];
    if (leaf.strings && typeof v === "string") budget.bytes += v.length;
    else if (leaf.list && Array.isArray(v)) {
      budget.fields += v.length;
      if (leaf.strings) for (const s of v) if (typeof s === "string") budget.bytes += s.length;
    }
  }
  for (const object of plan.objects) {
    budget.fields += 1;
    budget.bytes += BYTES_PER_FIELD;
    const v = item[object.name];
    if (v == null) continue;
    if (object.list && Array.isArray(v)) {
      budget.fields += v.length;
      for (const element of v) if (element != null) walk(guard, object.type, object.nodes, element, context, info);
    } else walk(guard, object.type, object.nodes, v, context, info);
  }
  if (budget.bytes > guard.maxBytes) throw guard.stop("bytes");
  if (budget.fields > guard.maxFields) throw guard.stop("fields");
}

/** What the guard counts of a field's own answer. */
interface FieldKind {
  strings: boolean;
  list: boolean;
  /** An object type (or a list of them): its plain fields are counted from the answer. */
  composite: GraphQLCompositeType | undefined;
  /** A catalog list: its longest size is charged before the resolver runs (see CATALOG_LIST_SIZES). */
  size?: (sizes: CatalogSizes) => number;
}

function settle(guard: Guard, kind: FieldKind, charged: number, value: unknown, context: unknown, info: GraphQLResolveInfo): unknown {
  const budget = guard.budget;
  if (typeof value === "string") budget.bytes += value.length;
  else if (Array.isArray(value)) {
    // A catalog list was charged its catalog-wide size already: only a list that grew since counts more.
    budget.fields += kind.size ? Math.max(0, value.length - charged) : value.length;
    if (kind.strings) for (const item of value) if (typeof item === "string") budget.bytes += item.length;
  }
  if (kind.composite && value != null && typeof value === "object") {
    if (Array.isArray(value)) {
      for (const item of value) if (item != null && typeof item === "object") walk(guard, kind.composite, info.fieldNodes, item, context, info);
    } else walk(guard, kind.composite, info.fieldNodes, value, context, info);
  }
  if (budget.bytes > guard.maxBytes) throw guard.stop("bytes");
  if (budget.fields > guard.maxFields) throw guard.stop("fields");
  return value;
}

function guarded(kind: FieldKind, resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, GuardedContext> {
  return (source, args, context, info) => {
    const guard = context?.[GUARD];
    // Outside an HTTP operation (subscription events): nothing to count.
    if (guard === undefined) return resolve(source, args, context, info);
    const budget = guard.budget;
    if (budget.stopped) throw guard.stop(budget.stopped);
    budget.bytes += BYTES_PER_FIELD;
    if (++budget.fields > guard.maxFields) throw guard.stop("fields");
    let charged = 0;
    if (kind.size) {
      // Charged before the resolver runs: the work of a list is done before its items are seen.
      charged = kind.size((budget.sizes ??= snapshotSizes(context.read.snapshot)));
      if ((budget.fields += charged) > guard.maxFields) throw guard.stop("fields");
    }
    const value = resolve(source, args, context, info);
    if (isPromiseLike(value)) return Promise.resolve(value).then((v) => settle(guard, kind, charged, v, context, info));
    return settle(guard, kind, charged, value, context, info);
  };
}

const guardedSchemas = new WeakSet<GraphQLSchema>();

/**
 * Wraps every field that has a resolver (after `directResolvers`, whatever type-graphql left) so
 * that it counts itself and the plain fields of its answer. Idempotent; the SDL does not change.
 * Fields of introspection types are not wrapped: introspection is priced before execution.
 */
export function guardFields(schema: GraphQLSchema): GraphQLSchema {
  if (guardedSchemas.has(schema)) return schema;
  guardedSchemas.add(schema);
  const subscription = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type === subscription) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve) continue;
      const named = getNamedType(field.type);
      field.resolve = guarded(
        {
          strings: named === GraphQLString,
          list: isListType(isNonNullType(field.type) ? field.type.ofType : field.type),
          composite: isCompositeType(named) ? named : undefined,
          size: CATALOG_LIST_SIZES.get(`${type.name}.${field.name}`),
        },
        field.resolve,
      ) as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}

/**
 * Arms the run-time charges (fields, answer bytes) for one execution with `context`, on the budget
 * of the HTTP request whose response head is `httpHead`; `onStop` is told when a field stops it.
 */
export function attachGuard(context: Context, httpHead: object, schema: GraphQLSchema, limits: ExecutionLimits, onStop: () => void = () => {}): void {
  const maxFields = limits.maxFields ?? DEFAULT_MAX_FIELDS;
  const maxBytes = limits.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const budget = budgetOf(httpHead);
  const guard: Guard = {
    budget,
    maxFields,
    maxBytes,
    schema,
    stop: (why) => {
      budget.stopped ??= why;
      onStop();
      return (budget.error ??= stoppedError(stoppedMessage(budget, maxFields, maxBytes)));
    },
  };
  (context as unknown as GuardedContext)[GUARD] = guard;
}

/**
 * While an operation runs: counts the fields it executes and estimates the bytes of its answer
 * (string values plus a fixed amount per field), per HTTP request. Over either cap, every further
 * field fails at once and the answer is replaced by one error, so a query the cost model got
 * wrong (or whose lists grew after costing) cannot exhaust memory. The counting is done by the
 * schema's own resolvers (`guardFields`), not by Apollo's per-field hook: that hook wraps every
 * field, plain properties too, in a call of every plugin (a third of a page's time). Introspection
 * fields are not counted here and are priced before execution instead.
 */
export function executionGuardPlugin(limits: ExecutionLimits): ApolloServerPlugin<Context> {
  const maxFields = limits.maxFields ?? DEFAULT_MAX_FIELDS;
  const maxBytes = limits.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return {
    async serverWillStart({ schema }) {
      guardFields(schema);
    },
    async requestDidStart() {
      let stoppedHere = false;
      return {
        async executionDidStart({ response, schema, contextValue }) {
          attachGuard(contextValue, response.http, schema, limits, () => (stoppedHere = true));
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
