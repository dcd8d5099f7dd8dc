/**
 * Compiled GraphQL operations (issue 11): queries run as functions compiled by graphql-jit, once
 * per operation document, behind Apollo Server. Apollo still parses, validates, runs every plugin
 * (access, cost, masking) and formats errors; only execution changes. Anything graphql-jit refuses
 * to compile, mutations, and requests whose variables graphql-js would refuse run through
 * graphql-js as before, so every error a client can see comes from the same code as before.
 *
 * And the per-field cost under both executors: type-graphql wraps every field in a resolver of its
 * own (parameters rebuilt per call, the root copied into a class instance, middlewares applied),
 * even plain properties. `directResolvers` replaces those wrappers with direct calls where that
 * changes nothing: no middlewares, no roles, parameters that are the root, the context, the info or
 * a scalar argument. Plain properties get no resolver at all, which graphql-jit reads inline.
 */
import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import {
  execute,
  GraphQLEnumType,
  GraphQLError,
  GraphQLScalarType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { CompiledQuery } from "graphql-jit";
import { getMetadataStorage } from "type-graphql";
import { variablesRefused } from "./execution-guard.ts";
import { isPromiseLike } from "../../promise.ts";

type Gateway = ApolloServerOptionsWithGateway<never>["gateway"];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;
type GatewayRequest = Parameters<GatewayExecutor>[0];

// ---------------------------------------------------------------------------------------------
// Direct resolvers.

type ParamMeta = {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
  name?: string;
};

interface HandlerMeta {
  target: Function;
  methodName: string;
  schemaName: string;
  params?: ParamMeta[];
  middlewares?: unknown[];
  roles?: unknown[];
  kind?: "internal" | "external";
  getObjectType?: () => Function;
}

/** Scalars and enums type-graphql passes through unchanged (convertToType returns them as they are). */
function passesThrough(type: unknown): boolean {
  return (
    type === String || type === Number || type === Boolean || type === Date || type instanceof GraphQLScalarType || type instanceof GraphQLEnumType ||
    // A registered TypeScript enum is a plain object of values.
    (typeof type === "object" && type !== null && !Array.isArray(type))
  );
}

/**
 * The direct call for a handler, or undefined when type-graphql's wrapper does something the
 * direct call would not (middlewares, auth, argument classes, custom parameter decorators).
 */
function directCall(meta: HandlerMeta, instances: Map<Function, object>): GraphQLFieldResolver<unknown, unknown> | undefined {
  if ((meta.middlewares?.length ?? 0) > 0 || (meta.roles?.length ?? 0) > 0) return undefined;
  const params = [...(meta.params ?? [])].sort((a, b) => a.index - b.index);
  for (const p of params) {
    if (p.kind === "root" || p.kind === "context") {
      if (p.propertyName !== undefined || (p.kind === "root" && p.getType !== undefined)) return undefined;
    } else if (p.kind === "info") {
      // fine
    } else if (p.kind === "arg") {
      let type: unknown;
      try {
        type = p.getType?.();
      } catch {
        return undefined;
      }
      if (Array.isArray(type) || !passesThrough(type)) return undefined;
    } else {
      return undefined;
    }
  }
  let instance = instances.get(meta.target);
  if (!instance) {
    instance = new (meta.target as new () => object)();
    instances.set(meta.target, instance);
  }
  const method = (instance as Record<string, unknown>)[meta.methodName];
  if (typeof method !== "function") return undefined;
  const self = instance;
  const fn = method as (...args: unknown[]) => unknown;
  type Get = (root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown;
  const getters: Get[] = params.map((p) => {
    if (p.kind === "root") return (root) => root;
    if (p.kind === "context") return (_root, _args, ctx) => ctx;
    if (p.kind === "info") return (_root, _args, _ctx, info) => info;
    const name = p.name!;
    return (_root, args) => args[name];
  });
  // Up to three parameters without an arguments array per call.
  const [g0, g1, g2] = getters;
  switch (getters.length) {
    case 0:
      return () => fn.call(self);
    case 1:
      return (root, args, ctx, info) => fn.call(self, g0!(root, args, ctx, info));
    case 2:
      return (root, args, ctx, info) => fn.call(self, g0!(root, args, ctx, info), g1!(root, args, ctx, info));
    case 3:
      return (root, args, ctx, info) => fn.call(self, g0!(root, args, ctx, info), g1!(root, args, ctx, info), g2!(root, args, ctx, info));
    default:
      return (root, args, ctx, info) => fn.apply(self, getters.map((g) => g(root, args, ctx, info)));
  }
}

const directed = new WeakSet<GraphQLSchema>();

/**
 * Replaces type-graphql's per-field wrappers in `schema` (built by type-graphql) with direct calls
 * where they are equivalent; plain properties are left to the default resolver. The SDL does not
 * change. Idempotent.
 */
export function directResolvers(schema: GraphQLSchema): GraphQLSchema {
  if (directed.has(schema)) return schema;
  directed.add(schema);
  const storage = getMetadataStorage() as unknown as {
    objectTypes: { name: string; target: Function; fields?: { name: string; schemaName: string; middlewares?: unknown[]; roles?: unknown[] }[]; interfaceClasses?: Function[] }[];
    interfaceTypes: {
      name: string;
      target: Function;
      fields?: { name: string; schemaName: string; middlewares?: unknown[]; roles?: unknown[] }[];
      resolveType?: (...args: unknown[]) => unknown;
    }[];
    fieldResolvers: HandlerMeta[];
    queries: HandlerMeta[];
    mutations: HandlerMeta[];
  };
  const instances = new Map<Function, object>();
  const roots: [string | undefined, HandlerMeta[]][] = [
    [schema.getQueryType()?.name, storage.queries],
    [schema.getMutationType()?.name, storage.mutations],
  ];
  for (const [typeName, handlers] of roots) {
    if (!typeName) continue;
    const fields = (schema.getType(typeName) as import("graphql").GraphQLObjectType).getFields();
    for (const meta of handlers) {
      const field = fields[meta.schemaName];
      if (!field) continue;
      const call = directCall(meta, instances);
      if (call) field.resolve = call;
    }
  }
  // type-graphql makes every resolveType async, even a synchronous one; graphql-jit does not wait
  // for a type name, so the name is returned as it is when the function gives it at once.
  for (const meta of storage.interfaceTypes) {
    const type = schema.getType(meta.name);
    const resolveType = meta.resolveType;
    if (!isInterfaceType(type) || !resolveType) continue;
    const nameOf = (resolved: unknown): string | undefined =>
      !resolved || typeof resolved === "string" ? ((resolved as string | undefined) ?? undefined) : storage.objectTypes.find((o) => o.target === resolved)?.name;
    type.resolveType = (...args) => {
      const resolved = resolveType(...args);
      return isPromiseLike(resolved) ? Promise.resolve(resolved).then(nameOf) : nameOf(resolved);
    };
  }
  const subscription = schema.getSubscriptionType()?.name;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type) || type.name === subscription) continue;
    const fields = type.getFields();
    const metas = [
      ...(objectType.fields ?? []),
      ...storage.interfaceTypes.filter((i) => objectType.interfaceClasses?.includes(i.target)).flatMap((i) => i.fields ?? []),
    ];
    for (const meta of metas) {
      const field = fields[meta.schemaName];
      if (!field) continue;
      const resolver = storage.fieldResolvers.find((r) => r.methodName === meta.name && r.getObjectType?.() === objectType.target);
      if (resolver) {
        if (resolver.kind !== "external") continue;
        const call = directCall(resolver, instances);
        if (call) field.resolve = call;
      } else if ((meta.middlewares?.length ?? 0) === 0 && (meta.roles?.length ?? 0) === 0) {
        const property = meta.name;
        // type-graphql's basic resolver reads root[property]; the default resolver reads
        // root[fieldName] (and calls it if it is a function, which no row here holds).
        field.resolve = property === field.name ? undefined : (root) => (root as Record<string, unknown>)[property];
      }
    }
  }
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Compiled operations.

export interface CompiledOptions {
  /** Documents kept at most, compiled or seen once (half of them recently used). */
  maxEntries?: number;
  /**
   * Runs of one document (text and operation name) before it is compiled: compiling costs about
   * what validating does (5 ms for a large document), so a document sent once runs through
   * graphql-js, and one sent again is compiled. Tests pass 1.
   */
  compileAfter?: number;
  /** Called when graphql-jit refuses a document (it then always runs through graphql-js). */
  onRefused?: (operationName: string | null, errors: readonly unknown[]) => void;
  /**
   * Runs a mutation's execution (the app: as the request's actor, src/history/actor.ts); `run`'s
   * promise settles when every resolver of the operation has.
   */
  aroundMutation?: (context: unknown, run: () => Promise<ExecutionResult>) => Promise<ExecutionResult>;
}

/** What one document compiled to: a function, graphql-js (refused), or the runs seen so far. */
type Entry = CompiledQuery | "refused" | number;

/**
 * A bounded cache in two generations: lookups hit the young map, or move an entry up from the
 * old one; when the young map is full it becomes the old one and the oldest generation is
 * dropped. Least recently used entries go first, without reordering a map on every hit.
 */
class Generations<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly perGeneration: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const value = this.old.get(key);
    if (value !== undefined) {
      this.old.delete(key);
      this.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    if (!this.young.has(key) && this.young.size >= this.perGeneration) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

/**
 * graphql-jit's errors look like graphql-js's but are not: no `extensions` object when the
 * original error had none (Apollo's formatting reads `extensions.code` and fails), no `toJSON`.
 * Rebuilt as graphql-js builds them for a resolver's error (locatedError): same message, path
 * and locations, the original error kept (masking and codes come from it).
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const original = error.originalError ?? undefined;
  // A GraphQLError thrown with its path already set is passed on as it is, as graphql-js does.
  if (original instanceof GraphQLError && Array.isArray(original.path)) return original;
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: original });
  if (error.locations) Object.defineProperty(rebuilt, "locations", { value: error.locations, enumerable: true, writable: true, configurable: true });
  return rebuilt;
}

type Jit = typeof import("graphql-jit");
let jit: Jit | undefined;
let loadingJit: Promise<Jit> | undefined;

/**
 * graphql-jit, loaded when the first document is compiled (its second run), not at start: an idle
 * server, and one whose clients send each document once, never needs it.
 */
function loadJit(): Promise<Jit> {
  return (loadingJit ??= import("graphql-jit").then((loaded) => (jit = loaded)));
}

/**
 * A query document Apollo has parsed, validated and run compiled without an error: what the fast
 * path (src/api/graphql/fast-path.ts) needs to run it again without Apollo's pipeline.
 */
export interface HotQuery {
  readonly compiled: CompiledQuery;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
}

export interface CompiledExecutor {
  execute(request: GatewayRequest): Promise<ExecutionResult>;
  /** The hot query sent as `query` and `operationName` (as the body gives them), if there is one. */
  hot(query: string, operationName: string | null | undefined): HotQuery | undefined;
  /** Runs a hot query as `execute` would (variables already accepted by graphql-js). */
  runHot(hot: HotQuery, context: unknown, variables: Record<string, unknown>): ExecutionResult | Promise<ExecutionResult>;
  /** Operations run compiled, through graphql-js and on the fast path, and documents kept (tests, metrics). */
  readonly stats: { compiled: number; graphqlJs: number; refused: number; entries: number; fast: number };
}

export function compiledExecutor(schema: GraphQLSchema, options: CompiledOptions = {}): CompiledExecutor {
  const perGeneration = Math.max(1, Math.ceil((options.maxEntries ?? 1000) / 2));
  const cache = new Generations<Entry>(perGeneration);
  const compileAfter = Math.max(1, options.compileAfter ?? 2);
  const stats = { compiled: 0, graphqlJs: 0, refused: 0, entries: 0, fast: 0 };
  const hotQueries = new Generations<HotQuery>(perGeneration);
  /** A document's key in both caches: its text, and the operation name when one is given. */
  const keyOf = (query: string, operationName: string | null | undefined) => (operationName == null ? query : `${operationName}\u0000${query}`);

  const viaGraphqlJs = (request: GatewayRequest): ExecutionResult => {
    stats.graphqlJs++;
    return execute({
      schema,
      document: request.document,
      contextValue: request.context,
      variableValues: request.request.variables,
      operationName: request.request.operationName,
    }) as ExecutionResult;
  };

  const compile = (key: string, request: GatewayRequest, { compileQuery, isCompiledQuery }: Jit): CompiledQuery | undefined => {
    const compiled = compileQuery(schema, request.document, request.operationName ?? undefined);
    if (isCompiledQuery(compiled)) {
      cache.set(key, compiled);
      stats.entries = cache.size;
      return compiled;
    }
    stats.refused++;
    cache.set(key, "refused");
    options.onRefused?.(request.operationName, compiled.errors ?? []);
    stats.entries = cache.size;
    return undefined;
  };

  /**
   * The compiled query for this document, or undefined while it runs through graphql-js; a
   * promise only for the first document compiled, while graphql-jit loads.
   */
  const compiledFor = (request: GatewayRequest): CompiledQuery | undefined | Promise<CompiledQuery | undefined> => {
    const key = keyOf(request.source, request.operationName);
    const entry = cache.get(key);
    if (typeof entry === "object") return entry;
    if (entry === "refused") return undefined;
    const runs = (entry ?? 0) + 1;
    if (runs >= compileAfter) return jit ? compile(key, request, jit) : loadJit().then((loaded) => compile(key, request, loaded));
    cache.set(key, runs);
    stats.entries = cache.size;
    return undefined;
  };

  return {
    stats,
    hot: (query, operationName) => hotQueries.get(keyOf(query, operationName)),
    runHot(hot, context, variables) {
      stats.fast++;
      return hot.compiled.query(undefined, context, variables) as ExecutionResult | Promise<ExecutionResult>;
    },
    async execute(request) {
      if (request.operation.operation === "mutation" && options.aroundMutation) {
        return options.aroundMutation(request.context, async () => viaGraphqlJs(request));
      }
      let compiled = request.operation.operation === "query" ? compiledFor(request) : undefined;
      if (compiled instanceof Promise) compiled = await compiled;
      if (!compiled) return viaGraphqlJs(request);
      // Variables graphql-js would refuse are refused by graphql-js, in its words.
      const variables = request.request.variables ?? {};
      if (variablesRefused(schema, request.operation, request.request.variables)) {
        return viaGraphqlJs(request);
      }
      stats.compiled++;
      const result = await compiled.query(undefined, request.context, variables);
      // No data at all: graphql-jit refused the request itself; graphql-js answers it in its words.
      if (result.data === undefined && result.errors) return viaGraphqlJs(request);
      if (!result.errors) {
        const key = keyOf(request.request.query ?? request.source, request.request.operationName);
        if (hotQueries.get(key)?.compiled !== compiled) hotQueries.set(key, { compiled, document: request.document, operation: request.operation });
      }
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
    },
  };
}

/**
 * Apollo Server's supported way to execute with something other than graphql-js: a gateway whose
 * `load` gives the schema and an executor. Nothing is federated; the schema never changes.
 */
export function compiledGateway(schema: GraphQLSchema, executor: CompiledExecutor = compiledExecutor(schema)): Gateway {
  return {
    async load() {
      return { executor: (request) => executor.execute(request) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async stop() {},
  };
}
