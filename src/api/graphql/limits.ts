import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isInputObjectType,
  isEnumType,
  isAbstractType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { CatalogSizes } from "../../catalog/list-sizes.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../catalog/paging.ts";
import { PROVIDER_TYPES } from "../../catalog/provider-types.ts";

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** Assumed size of a list field that takes no `first`/`last` argument, when the catalog's sizes are not known. */
export const PLAIN_LIST_FACTOR = 10;

/**
 * Run-time caps per HTTP request (a batch shares them), defaults until config.ts reads
 * `MODELGRAPH_MAX_FIELDS` and `MODELGRAPH_MAX_RESPONSE_BYTES`: the backstop when the catalog grows
 * between costing and execution, or the cost model is wrong. Fields count once each and list
 * items once more, so a query within the cost limit runs at most about twice its cost in fields:
 * keep the field cap at least twice MODELGRAPH_MAX_COST.
 */
export const DEFAULT_MAX_FIELDS = 500_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Root fields whose work grows with the whole catalog, or that probe upstreams: at most one of
 * each per operation (an aliased copy would repeat all of it).
 */
export const SINGLE_USE_FIELDS = new Set(["exportConfig", "importConfig", "importFacts", "checkHealth", "healthSummary", "__schema"]);

/** Cost of one exported entity (provider, group, deployment, alias): building and serialising it is many fields' work. */
export const EXPORT_COST_PER_ENTITY = 4;
/** `importConfig`: one cost unit per this many characters of content. */
export const IMPORT_CHARS_PER_COST = 100;
/** `resolve`: an unknown name is compared with every public name for suggestions; one unit per this many names. */
export const RESOLVE_NAMES_PER_COST = 100;

export interface Complexity {
  depth: number;
  cost: number;
}

export interface OperationAnalysis extends Complexity {
  /** `resolve` fields at the root (distinct response keys). */
  resolves: number;
  /** Response keys per single-use root field that appears more than once. */
  repeated: { field: string; keys: string[] }[];
}

/**
 * Sizes of introspection lists, per schema: the average per parent, rounded up (a full
 * introspection walks every type, so the averages multiply out to the schema's real totals).
 */
interface SchemaSizes {
  types: number;
  fields: number;
  args: number;
  inputFields: number;
  enumValues: number;
  interfaces: number;
  possibleTypes: number;
  directives: number;
  directiveArgs: number;
}

const schemaSizesCache = new WeakMap<GraphQLSchema, { all: SchemaSizes; one: SchemaSizes }>();

/**
 * Introspection list sizes of a schema. `all`: the average per parent, rounded up, for `__schema`
 * (a full introspection walks every type, so the averages multiply out to the schema's totals);
 * `one`: the largest, for `__type(name:)`, which may pick the largest type.
 */
function schemaSizes(schema: GraphQLSchema): { all: SchemaSizes; one: SchemaSizes } {
  let sizes = schemaSizesCache.get(schema);
  if (sizes) return sizes;
  const types = Object.values(schema.getTypeMap());
  const total = { fields: 0, args: 0, inputFields: 0, enumValues: 0, interfaces: 0, possibleTypes: 0 };
  const most = { ...total };
  const add = (key: keyof typeof total, n: number) => {
    total[key] += n;
    most[key] = Math.max(most[key], n);
  };
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const own = Object.values(type.getFields());
      add("fields", own.length);
      for (const f of own) add("args", f.args.length);
      add("interfaces", type.getInterfaces().length);
    }
    if (isAbstractType(type)) add("possibleTypes", schema.getPossibleTypes(type).length);
    if (isInputObjectType(type)) add("inputFields", Object.keys(type.getFields()).length);
    if (isEnumType(type)) add("enumValues", type.getValues().length);
  }
  const directives = schema.getDirectives();
  const directiveArgs = directives.reduce((n, d) => n + d.args.length, 0);
  const per = (n: number, parents: number) => Math.max(1, Math.ceil(n / Math.max(1, parents)));
  sizes = {
    all: {
      types: types.length,
      fields: per(total.fields, types.length),
      args: per(total.args, total.fields),
      inputFields: per(total.inputFields, types.length),
      enumValues: per(total.enumValues, types.length),
      interfaces: per(total.interfaces, types.length),
      possibleTypes: per(total.possibleTypes, types.length),
      directives: directives.length,
      directiveArgs: per(directiveArgs, directives.length),
    },
    one: {
      types: types.length,
      ...most,
      directives: directives.length,
      directiveArgs: Math.max(0, ...directives.map((d) => d.args.length)),
    },
  };
  schemaSizesCache.set(schema, sizes);
  return sizes;
}

/** The field `name` of `parent`, meta-fields included (`__schema` and `__type` exist only on the query root). */
function fieldDef(parent: GraphQLCompositeType | undefined, name: string, atRoot: boolean): GraphQLField<unknown, unknown> | undefined {
  if (name === "__typename") return TypeNameMetaFieldDef;
  if (atRoot && name === "__schema") return SchemaMetaFieldDef;
  if (atRoot && name === "__type") return TypeMetaFieldDef;
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** A field's argument as it will run: the literal, the (coerced) variable, else the schema default. */
function argument(node: FieldNode, field: GraphQLField<unknown, unknown> | undefined, name: string, variables: Record<string, unknown>): unknown {
  const def = field?.args.find((a) => a.name === name);
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (arg && def) {
    const value = valueFromAST(arg.value, def.type, variables);
    if (value !== undefined && value !== null) return value;
  } else if (arg?.value.kind === Kind.INT) {
    return Number(arg.value.value);
  }
  return def?.defaultValue;
}

/**
 * The size of a list field that is not a connection: from the catalog's real sizes when known
 * (else PLAIN_LIST_FACTOR), from the schema for introspection.
 */
function listSize(parent: string, field: string, catalogSizes: () => CatalogSizes | undefined, meta: SchemaSizes | undefined): number {
  if (meta) {
    const s = meta;
    switch (`${parent}.${field}`) {
      case "__Schema.types":
        return s.types;
      case "__Schema.directives":
        return s.directives;
      case "__Type.fields":
        return s.fields;
      case "__Type.inputFields":
        return s.inputFields;
      case "__Type.enumValues":
        return s.enumValues;
      case "__Type.interfaces":
        return s.interfaces;
      case "__Type.possibleTypes":
        return s.possibleTypes;
      case "__Field.args":
        return s.args;
      case "__Directive.args":
        return s.directiveArgs;
      default:
        return PLAIN_LIST_FACTOR;
    }
  }
  if (`${parent}.${field}` === "Query.providerTypes") return PROVIDER_TYPES.length;
  const size = CATALOG_LIST_SIZES.get(`${parent}.${field}`);
  if (!size) return PLAIN_LIST_FACTOR;
  const sizes = catalogSizes();
  return sizes ? size(sizes) : PLAIN_LIST_FACTOR;
}

/** List fields as long as the catalog's longest such list ("Type.field" → its size). */
export const CATALOG_LIST_SIZES: ReadonlyMap<string, (sizes: CatalogSizes) => number> = new Map([
  ["ModelGroup.deployments", (s: CatalogSizes) => s.deploymentsPerGroup],
  ["Alias.deployments", (s: CatalogSizes) => s.deploymentsPerGroup],
  ["ModelGroup.aliases", (s: CatalogSizes) => s.aliasesPerGroup],
  ["ModelGroup.providers", (s: CatalogSizes) => s.providersPerGroup],
  ["Alias.providers", (s: CatalogSizes) => s.providersPerGroup],
  ["Resolution.candidates", (s: CatalogSizes) => Math.max(s.deploymentsPerGroup, s.deploymentsPerProviderModel)],
  ["HealthCheckReport.results", (s: CatalogSizes) => s.enabledDeployments],
  // A group's facts name a source per deployment at most, plus the NOT_FOUND one.
  ["ModelFacts.sources", (s: CatalogSizes) => s.deploymentsPerGroup + 1],
]);

/** `resolve` fields per HTTP request at most: an unknown name is compared with every public name. */
export const MAX_RESOLVES_PER_REQUEST = 50;

const WEIGHTED_ROOT_FIELDS = new Set(["exportConfig", "healthSummary", "checkHealth", "importConfig", "importFacts", "resolve"]);

type ArgumentReader = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined, name: string) => unknown;

/** Extra cost of root fields whose work is not in their selection (it grows with the catalog). */
function rootWeight(name: string, node: FieldNode, field: GraphQLField<unknown, unknown> | undefined, read: ArgumentReader, sizes: CatalogSizes | undefined): number {
  switch (name) {
    case "exportConfig":
      return sizes ? EXPORT_COST_PER_ENTITY * (sizes.providers + sizes.groups + sizes.deployments + sizes.aliases) : 0;
    case "healthSummary":
    case "checkHealth":
      return sizes?.enabledDeployments ?? 0;
    case "importConfig":
    case "importFacts": {
      const content = read(node, field, "content");
      return typeof content === "string" ? Math.ceil(content.length / IMPORT_CHARS_PER_COST) : 0;
    }
    case "resolve":
      return sizes ? Math.ceil(sizes.publicNames / RESOLVE_NAMES_PER_COST) : 0;
    default:
      return 0;
  }
}

/**
 * Depth (nesting of fields, through fragments) and cost of an operation: every field costs 1 times
 * how many times it runs; a connection's edges run `first` times (default 50, at most 500),
 * `history` `last` times, any other list as many times as the catalog's largest such list
 * (`sizes`; PLAIN_LIST_FACTOR without them), introspection lists as the schema's. Computed with
 * the request's coerced variables, before execution.
 *
 * Linear in the document: a fragment's cost per run is computed once per (fragment, parent type,
 * page size) and multiplied where it is spread, so doubling spreads cannot make the walk itself
 * exponential (the cost it reports still is, and is refused).
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  catalogSizes?: CatalogSizes | (() => CatalogSizes),
): OperationAnalysis {
  // Read the catalog's sizes only if a list or a weighted field needs them.
  let known: CatalogSizes | undefined;
  let usedSizes = false;
  const sizes = (): CatalogSizes | undefined => {
    usedSizes = true;
    return (known ??= typeof catalogSizes === "function" ? catalogSizes() : catalogSizes);
  };
  /*
   * The cost depends on the variables only through the arguments it reads (first, last, the
   * length of content) and on the catalog only through its sizes: a later request with the same
   * operation and the same such values gets the answer computed before (Apollo hands the same
   * document object to every request with the same query text).
   */
  let memo = analyses.get(operation);
  if (memo && (memo.schema !== schema || memo.document !== document)) memo = undefined;
  if (memo) {
    const key = memoKey(memo.reads, memo.usesSizes, variables, sizes);
    const hit = memo.results.get(key);
    if (hit) return hit;
  }
  const reads: { node: FieldNode; field: GraphQLField<unknown, unknown> | undefined; name: string }[] = [];
  const read: ArgumentReader = (node, field, name) => {
    if (!reads.some((r) => r.node === node && r.name === name)) reads.push({ node, field, name });
    return argument(node, field, name, variables);
  };
  const result = walkOperation(schema, document, operation, read, sizes);
  if (!memo) {
    memo = { schema, document, reads, usesSizes: usedSizes, results: new Map() };
    analyses.set(operation, memo);
  }
  if (memo.results.size >= MEMO_PER_OPERATION) memo.results.clear();
  memo.results.set(memoKey(memo.reads, memo.usesSizes, variables, sizes), result);
  return result;
}

/** Analyses kept per operation (distinct page sizes and catalog sizes it was costed with). */
const MEMO_PER_OPERATION = 64;

interface OperationMemo {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** The arguments the walk read, in order; the same for any variables (the document decides them). */
  reads: { node: FieldNode; field: GraphQLField<unknown, unknown> | undefined; name: string }[];
  usesSizes: boolean;
  results: Map<string, OperationAnalysis>;
}

const analyses = new WeakMap<OperationDefinitionNode, OperationMemo>();

function memoKey(reads: OperationMemo["reads"], usesSizes: boolean, variables: Record<string, unknown>, sizes: () => CatalogSizes | undefined): string {
  const values = reads.map(({ node, field, name }) => {
    const v = argument(node, field, name, variables);
    // Only an import's length counts (rootWeight), never its text.
    return name === "content" ? (typeof v === "string" ? v.length : null) : (v ?? null);
  });
  return JSON.stringify(usesSizes ? [values, sizes() ?? null] : [values]);
}

function walkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  read: ArgumentReader,
  sizes: () => CatalogSizes | undefined,
): OperationAnalysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, Complexity>();
  const visiting = new Set<string>();
  const rootKeys = new Map<string, Set<string>>();
  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();

  /** Cost of one run of `set` and the depth below it. `page`: the `first` of the connection whose selection this is. */
  const unit = (set: SelectionSetNode, parent: GraphQLCompositeType | undefined, page: number, atRoot: boolean, meta?: SchemaSizes): Complexity => {
    let depth = 0;
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (atRoot && (SINGLE_USE_FIELDS.has(name) || name === "resolve")) {
          const keys = rootKeys.get(name) ?? new Set<string>();
          keys.add(sel.alias?.value ?? name);
          rootKeys.set(name, keys);
        }
        const field = fieldDef(parent, name, atRoot);
        cost += 1;
        if (atRoot && WEIGHTED_ROOT_FIELDS.has(name)) cost += rootWeight(name, sel, field, read, sizes());
        if (!sel.selectionSet) {
          depth = Math.max(depth, 1);
          continue;
        }
        let factor = 1;
        let childPage = 1;
        if (field?.args.some((a) => a.name === "first")) {
          // A connection: its edges run `first` times (pages over MAX_PAGE_SIZE are refused when it runs).
          const first = read(sel, field, "first");
          childPage = typeof first === "number" ? Math.min(Math.max(first, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
        } else if (name === "edges" && parent?.name.endsWith("Connection")) {
          factor = page;
        } else if (name === "history") {
          const last = read(sel, field, "last");
          factor = typeof last === "number" ? last : 20;
        } else if (field && isList(field.type)) {
          factor = listSize(parent?.name ?? "", name, sizes, meta);
        }
        const child = field ? (getNamedType(field.type) as GraphQLCompositeType) : undefined;
        const introspection = field === SchemaMetaFieldDef ? schemaSizes(schema).all : field === TypeMetaFieldDef ? schemaSizes(schema).one : meta;
        const inner = unit(sel.selectionSet, child, childPage, false, introspection);
        // Introspection nests type references deeply by design; its size is in the cost, and depth is about the catalog's relations.
        depth = Math.max(depth, field === SchemaMetaFieldDef || field === TypeMetaFieldDef ? 1 : 1 + inner.depth);
        cost += Math.max(1, factor) * inner.cost;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : parent;
        const inner = unit(sel.selectionSet, type, page, atRoot, meta);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // unknown or cyclic: graphql's own validation reports it
        const key = `${name}\u0000${parent?.name ?? ""}\u0000${page}\u0000${atRoot}\u0000${meta === undefined ? "" : meta === schemaSizes(schema).all ? "all" : "one"}`;
        let inner = memo.get(key);
        if (!inner) {
          visiting.add(name);
          inner = unit(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType, page, atRoot, meta);
          visiting.delete(name);
          memo.set(key, inner);
        }
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
  };

  const { depth, cost } = unit(operation.selectionSet, root ?? undefined, 1, true);
  const repeated = [...rootKeys].filter(([field, keys]) => field !== "resolve" && keys.size > 1).map(([field, keys]) => ({ field, keys: [...keys] }));
  return { depth, cost, repeated, resolves: rootKeys.get("resolve")?.size ?? 0 };
}

/** Depth and cost of an operation (see analyzeOperation). */
export function complexity(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, sizes?: CatalogSizes): Complexity {
  const { depth, cost } = analyzeOperation(schema, document, operation, variables, sizes);
  return { depth, cost };
}
