import type { Catalog } from "../../catalog/catalog.ts";
import { expandPattern, isPattern, listingPrefix, sortBySpecificity } from "../../catalog/pattern.ts";
import { routeTarget, type Route } from "../../catalog/route.ts";
import { candidatesOf, selectCandidate } from "../../catalog/resolution/select.ts";
import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../../db/schema.ts";
import { toGlobalId } from "../graphql/global-id.ts";
import { upstreamKey, type UpstreamRef } from "../../health/health.store.ts";
import { deriveGroupHealth, HealthStatus, UNKNOWN_HEALTH } from "../../health/status.ts";
import { aggregateFacts, type Capability, type Modality, type ModelFacts } from "../../registry/facts.ts";
import { isSealed, isSecretParam } from "../../interop/spec.ts";

/*
 * The LiteLLM/OpenAI-shaped views of the catalog. Everything here is computed from rows loaded
 * in bulk (one statement per table, whatever the catalog's size) and never sends network traffic.
 */

export interface GroupView {
  group: ModelGroupRow;
  /** Enabled deployments in candidate order. */
  routes: Route[];
  /** The deployment resolve() would select now. */
  selected: Route | undefined;
  health: HealthStatus;
  /** Model facts, when loaded (LoadOptions.facts): per route, and aggregated over the routes. */
  facts: { routes: ModelFacts[]; group: ModelFacts } | null;
}

/** A public name (group or alias) with the group it stands for. */
export interface NameView {
  name: string;
  alias: AliasRow | null;
  group: GroupView;
  /** Listed by /v1/models, /model/info and /model_group/info (hidden aliases are not). */
  listed: boolean;
  createdAt: Date;
}

export interface LoadOptions {
  /** Read stored health (selection, group health). Without it every route reads UNKNOWN. */
  health: boolean;
  /** Look up each route's model facts (the registry's freshness is checked once for the request). */
  facts?: boolean;
}

/** Relay global id of a deployment, as GraphQL shows it. */
export function deploymentGlobalId(id: number): string {
  return toGlobalId("Deployment", id);
}

/** LiteLLM's model_info.id: the imported id when there is one, else the GraphQL id. */
export function modelInfoId(deployment: DeploymentRow): string {
  return deployment.externalId ?? deploymentGlobalId(deployment.id);
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Builds routes and group views from loaded rows; reads health in one statement when asked. */
function buildGroups(catalog: Catalog, groups: ModelGroupRow[], deployments: DeploymentRow[], providers: Map<number, ProviderRow>, options: LoadOptions): Map<number, GroupView> {
  const byGroup = new Map<number, DeploymentRow[]>(groups.map((g) => [g.id, []]));
  for (const d of deployments) byGroup.get(d.groupId)?.push(d);
  const types = new Map([...providers.values()].map((p) => [p.id, catalog.providers.typeOf(p)]));

  // Routes first with UNKNOWN health, then one read for every distinct upstream (a catalog of
  // thousands of names is listed in one pass; nothing here is per-item SQL).
  const routes = new Map<number, Route[]>();
  const refs = new Map<string, UpstreamRef>();
  const keys = new Map<Route, string>();
  for (const [groupId, rows] of byGroup) {
    const list: Route[] = [];
    for (const deployment of candidatesOf(rows)) {
      const provider = providers.get(deployment.providerId)!;
      const type = types.get(provider.id)!;
      const { prefixedId, apiBase, ref } = routeTarget(provider, type, deployment.model, deployment.apiBase);
      const route: Route = { deployment, provider, type, prefixedId, apiBase, health: UNKNOWN_HEALTH };
      list.push(route);
      if (options.health) {
        const key = upstreamKey(ref);
        refs.set(key, ref);
        keys.set(route, key);
      }
    }
    routes.set(groupId, list);
  }
  if (refs.size > 0) {
    const health = catalog.health.readMany([...refs.values()]);
    for (const [route, key] of keys) route.health = health.get(key) ?? UNKNOWN_HEALTH;
  }

  // Facts of every route in one batch: one registry check for the request, map reads after it.
  let facts: ModelFacts[] | undefined;
  if (options.facts) {
    const all = groups.flatMap((g) => routes.get(g.id)!);
    facts = catalog.facts.forDeployments(all.map((r) => ({ deployment: r.deployment, providerType: r.type.id })));
  }
  let next = 0;
  const views = new Map<number, GroupView>();
  for (const group of groups) {
    const list = routes.get(group.id)!;
    let groupFacts: GroupView["facts"] = null;
    if (facts) {
      const perRoute = facts.slice(next, (next += list.length));
      groupFacts = { routes: perRoute, group: aggregateFacts(perRoute) };
    }
    views.set(group.id, {
      group,
      routes: list,
      selected: selectCandidate(list, (r) => r.health.status).selected,
      health: deriveGroupHealth(list.map((r) => r.health.status)),
      facts: groupFacts,
    });
  }
  return views;
}

function nameViews(groups: Map<number, GroupView>, aliases: AliasRow[]): NameView[] {
  const names: NameView[] = [];
  for (const view of groups.values()) names.push({ name: view.group.name, alias: null, group: view, listed: true, createdAt: view.group.createdAt });
  for (const alias of aliases) {
    const group = groups.get(alias.groupId);
    if (group) names.push({ name: alias.name, alias, group, listed: !alias.hidden, createdAt: alias.createdAt });
  }
  return names.sort(byName);
}

/**
 * Every public name (groups and aliases, hidden ones too), sorted by name with a plain code-unit
 * comparison. Costs five statements at most: providers, groups, aliases, enabled deployments and
 * stored health.
 */
export function loadAllNames(catalog: Catalog, options: LoadOptions): NameView[] {
  const providers = new Map(catalog.providers.list().map((p) => [p.id, p]));
  const groups = catalog.groups.all();
  const aliases = catalog.aliases.all();
  const deployments = catalog.deployments.allEnabled();
  return nameViews(buildGroups(catalog, groups, deployments, providers, options), aliases);
}

/** One public name (a hidden alias too), or undefined; a handful of statements, none per item. */
export function loadName(catalog: Catalog, name: string, options: LoadOptions): NameView | undefined {
  const alias = catalog.aliases.byName(name) ?? null;
  const group = alias ? catalog.groups.byId(alias.groupId) : catalog.groups.byName(name);
  if (!group) return undefined;
  const deployments = catalog.deployments.byGroupIds([group.id]).filter((d) => d.enabled);
  const providers = new Map(catalog.providers.byIds([...new Set(deployments.map((d) => d.providerId))]).map((p) => [p.id, p]));
  const view = buildGroups(catalog, [group], deployments, providers, options).get(group.id)!;
  return alias
    ? { name: alias.name, alias, group: view, listed: !alias.hidden, createdAt: alias.createdAt }
    : { name: group.name, alias: null, group: view, listed: true, createdAt: group.createdAt };
}

// ---------------------------------------------------------------------------------------------
// Wildcard routes in listings

/** One id a pattern group lists in its place: a known model it routes (`anthropic/claude-3-haiku`). */
export interface ExpandedModel {
  id: string;
  /** The pattern group's name view. */
  view: NameView;
  /** The deployment the id routes to. */
  route: Route;
}

/** Listed pattern groups whose name LiteLLM expands (`<prefix>/…` with an enabled deployment). */
function expandable(views: readonly NameView[]): NameView[] {
  return views.filter((v) => v.alias === null && isPattern(v.name) && !v.group.group.passthrough && listingPrefix(v.name) !== null && v.group.routes.length > 0);
}

/**
 * LiteLLM's /v1/models expansion of wildcard routes (`get_known_models_from_wildcard`): each
 * `<prefix>/…` pattern group lists, for each enabled deployment, the registry's known models of
 * that deployment's provider type that the pattern routes back to them, as `<prefix>/<model>`.
 * An id is listed once, by the most specific pattern (the one resolve() would use), and not at all
 * when it is a public name of its own (resolve() finds that first). Patterns without known
 * models are absent from the result (they are listed as themselves). Reads the registry only when
 * there is a pattern to expand.
 */
export function wildcardExpansions(catalog: Catalog, views: readonly NameView[], publicNames: ReadonlySet<string>): Map<NameView, ExpandedModel[]> {
  const out = new Map<NameView, ExpandedModel[]>();
  const patterns = expandable(views);
  if (patterns.length === 0) return out;
  const registry = catalog.facts.registry();
  const known = new Map<string, string[]>();
  const claimed = new Set<string>();
  for (const view of sortBySpecificity(patterns, (v) => v.name)) {
    const list: ExpandedModel[] = [];
    for (const route of view.group.routes) {
      let models = known.get(route.type.id);
      if (!models) known.set(route.type.id, (models = registry.modelsOf(route.type.id)));
      for (const id of expandPattern(view.name, route.deployment.model, models)) {
        if (claimed.has(id) || publicNames.has(id)) continue;
        claimed.add(id);
        list.push({ id, view, route });
      }
    }
    if (list.length > 0) out.set(view, list);
  }
  return out;
}

/**
 * /v1/models as LiteLLM lists it: the public names, except that a pattern group with known
 * models stands aside for them (appended after the names, pattern by pattern, as LiteLLM appends
 * its wildcard models); the pattern itself only with `return_wildcard_routes=true`. Patterns
 * without known models, and passthrough `*`, are listed as themselves.
 */
export function listModelObjects(views: readonly NameView[], expansions: ReadonlyMap<NameView, ExpandedModel[]>, returnWildcardRoutes: boolean): OpenAIModel[] {
  const out = views.filter((v) => !expansions.has(v)).map(modelObject);
  for (const view of views) {
    const expanded = expansions.get(view);
    if (!expanded) continue;
    if (returnWildcardRoutes) out.push(modelObject(view));
    for (const e of expanded) out.push(expandedModelObject(e));
  }
  return out;
}

export function expandedModelObject(e: ExpandedModel): OpenAIModel {
  return { id: e.id, object: "model", created: Math.floor(e.view.createdAt.getTime() / 1000), owned_by: e.route.type.id };
}

// ---------------------------------------------------------------------------------------------
// Shapes

/** OpenAI's model object. */
export interface OpenAIModel {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

export function modelObject(view: NameView): OpenAIModel {
  return {
    id: view.name,
    object: "model",
    created: Math.floor(view.createdAt.getTime() / 1000),
    owned_by: view.group.selected?.type.id ?? "modelgraph",
  };
}

/**
 * A copy without credentials, at any depth: parameters that isSecretParam names (credential
 * words, every headers mapping) go whole, `os.environ/` references included, and so does any
 * stored secret under another name. Whatever an import stored in extraParams.
 */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => !isSealed(item)).map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (!isSecretParam(key) && !isSealed(inner)) out[key] = withoutSecrets(inner);
  return out;
}

/** LiteLLM's litellm_params of a deployment: never a key, not even an `os.environ/` reference. */
export function litellmParams(route: Route): Record<string, unknown> {
  const { deployment } = route;
  const extra = deployment.extraParams ? (withoutSecrets(deployment.extraParams) as Record<string, unknown>) : {};
  return {
    ...extra,
    model: route.prefixedId,
    ...(route.apiBase !== null ? { api_base: route.apiBase } : {}),
    ...(deployment.rpm !== null ? { rpm: deployment.rpm } : {}),
    ...(deployment.tpm !== null ? { tpm: deployment.tpm } : {}),
  };
}

/** USD per million tokens (models.dev's unit, modelgraph's) to LiteLLM's USD per token, 12 significant digits. */
function perToken(perMillion: number | null): number | null {
  return perMillion === null ? null : Number((perMillion / 1e6).toPrecision(12));
}

function capability(facts: ModelFacts, c: Capability): boolean | null {
  return facts.capabilities[c] ?? null;
}

function accepts(modalities: Modality[] | null, m: Modality): boolean | null {
  return modalities === null ? null : modalities.includes(m);
}

/**
 * LiteLLM's limit, price and capability fields of `ModelInfo` from modelgraph's facts, in LiteLLM's
 * units; `null` where unknown. Rules (docs/rest.md, "Facts in LiteLLM's fields"):
 * `max_input_tokens` is the input limit, else the context window (LiteLLM has one number);
 * `max_tokens` is LiteLLM's legacy field: the output limit, else the input limit.
 */
export function litellmFacts(facts: ModelFacts) {
  const maxInput = facts.maxInputTokens ?? facts.contextWindow;
  return {
    max_tokens: facts.maxOutputTokens ?? maxInput,
    max_input_tokens: maxInput,
    max_output_tokens: facts.maxOutputTokens,
    input_cost_per_token: perToken(facts.inputPrice),
    output_cost_per_token: perToken(facts.outputPrice),
    cache_read_input_token_cost: perToken(facts.cacheReadPrice),
    cache_creation_input_token_cost: perToken(facts.cacheWritePrice),
    supports_function_calling: capability(facts, "TOOLS"),
    // No dataset modelgraph reads says which models take parallel tool calls.
    supports_parallel_function_calling: null,
    supports_vision: capability(facts, "VISION"),
    supports_reasoning: capability(facts, "REASONING"),
    supports_response_schema: capability(facts, "STRUCTURED_OUTPUT"),
    supports_prompt_caching: capability(facts, "PROMPT_CACHING"),
    supports_web_search: capability(facts, "WEB_SEARCH"),
    supports_pdf_input: accepts(facts.inputModalities, "PDF"),
    supports_audio_input: accepts(facts.inputModalities, "AUDIO"),
    supports_audio_output: accepts(facts.outputModalities, "AUDIO"),
  };
}

/** LiteLLM's model_info of a deployment, plus modelgraph's own routing fields. */
export function modelInfo(route: Route, group: ModelGroupRow, facts: ModelFacts): Record<string, unknown> {
  const { deployment } = route;
  return {
    id: modelInfoId(deployment),
    db_model: false,
    key: route.prefixedId,
    mode: group.mode,
    litellm_provider: route.type.id,
    ...litellmFacts(facts),
    tpm: deployment.tpm,
    rpm: deployment.rpm,
    // LiteLLM computes this list from its provider code, not from data: modelgraph has no such
    // table, and an empty list (not null) keeps clients that iterate over it working.
    supported_openai_params: [],
    // modelgraph's own fields.
    deployment_id: deploymentGlobalId(deployment.id),
    provider: route.provider.name,
    model_group: group.name,
    priority: deployment.priority,
    weight: deployment.weight,
  };
}

export interface ModelInfoRow {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}

/**
 * /model/info rows of a name: one per enabled deployment of its group, in candidate order. A
 * pattern group is shown as LiteLLM shows it, under its own name with its model as written
 * (`anthropic/*`); a passthrough group, which has no deployment, as LiteLLM's `model: "*"` entry.
 */
export function modelInfoRows(view: NameView): ModelInfoRow[] {
  if (view.group.group.passthrough) return [passthroughInfoRow(view)];
  const facts = loadedFacts(view).routes;
  return view.group.routes.map((route, i) => ({
    model_name: view.name,
    litellm_params: litellmParams(route),
    model_info: modelInfo(route, view.group.group, facts[i]!),
  }));
}

function passthroughInfoRow(view: NameView): ModelInfoRow {
  const group = view.group.group;
  const none = aggregateFacts([]);
  return {
    model_name: view.name,
    litellm_params: { model: "*" },
    model_info: {
      id: toGlobalId("ModelGroup", group.id),
      db_model: false,
      key: "*",
      mode: group.mode,
      litellm_provider: null,
      ...litellmFacts(none),
      tpm: null,
      rpm: null,
      supported_openai_params: [],
      deployment_id: null,
      provider: null,
      model_group: group.name,
      priority: null,
      weight: null,
      passthrough: true,
    },
  };
}

function loadedFacts(view: NameView): NonNullable<GroupView["facts"]> {
  if (!view.group.facts) throw new Error(`facts of ${view.name} were not loaded (LoadOptions.facts)`);
  return view.group.facts;
}

function sumOrNull(values: (number | null)[]): number | null {
  const set = values.filter((v): v is number => v !== null);
  return set.length === 0 ? null : set.reduce((a, b) => a + b, 0);
}

function maxOrNull(values: (number | null)[]): number | null {
  let best: number | null = null;
  for (const v of values) if (v !== null && (best === null || v > best)) best = v;
  return best;
}

function latest(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

/**
 * LiteLLM's ModelGroupInfo (proxy flavour, `ModelGroupInfoProxy`) for a name, every field LiteLLM
 * has, then modelgraph's own. Facts are aggregated over the enabled deployments (aggregateFacts:
 * limits and prices the maximum, as LiteLLM; a capability true only when every deployment has it).
 */
export function modelGroupInfo(view: NameView): Record<string, unknown> {
  const { routes, group, selected } = view.group;
  const loaded = loadedFacts(view);
  const facts = litellmFacts(loaded.group);
  return {
    model_group: view.name,
    providers: [...new Set(routes.map((r) => r.type.id))],
    // The maximum of each deployment's max_input_tokens (its input limit, else its context window),
    // not the larger of the two group maxima: one deployment's input limit must not hide another's context.
    max_input_tokens: maxOrNull(loaded.routes.map((f) => f.maxInputTokens ?? f.contextWindow)),
    max_output_tokens: facts.max_output_tokens,
    input_cost_per_token: facts.input_cost_per_token,
    output_cost_per_token: facts.output_cost_per_token,
    input_cost_per_pixel: null,
    mode: group.mode,
    tpm: sumOrNull(routes.map((r) => r.deployment.tpm)),
    rpm: sumOrNull(routes.map((r) => r.deployment.rpm)),
    // Input and output token limits per minute: modelgraph stores tpm only.
    itpm: null,
    otpm: null,
    supports_parallel_function_calling: facts.supports_parallel_function_calling,
    supports_vision: facts.supports_vision,
    supports_web_search: facts.supports_web_search,
    supports_url_context: null,
    supports_reasoning: facts.supports_reasoning,
    supports_function_calling: facts.supports_function_calling,
    supports_fast_mode: null,
    supported_reasoning_efforts: null,
    supported_openai_params: [],
    configurable_clientside_auth_params: null,
    is_public_model_group: view.listed,
    health_status: view.group.health.toLowerCase(),
    health_response_time: selected?.health.latencyMs ?? null,
    health_checked_at: latest(routes.map((r) => r.health.checkedAt))?.toISOString() ?? null,
    // modelgraph's own fields: the rest of the facts in model_info's names, then catalog fields.
    cache_read_input_token_cost: facts.cache_read_input_token_cost,
    cache_creation_input_token_cost: facts.cache_creation_input_token_cost,
    supports_response_schema: facts.supports_response_schema,
    supports_prompt_caching: facts.supports_prompt_caching,
    supports_pdf_input: facts.supports_pdf_input,
    supports_audio_input: facts.supports_audio_input,
    supports_audio_output: facts.supports_audio_output,
    alias_for: view.alias ? group.name : null,
    provider_names: [...new Set(routes.map((r) => r.provider.name))],
    description: view.alias?.description ?? group.description ?? null,
    pattern: isPattern(group.name),
    passthrough: group.passthrough,
    fallbacks: group.fallbacks ?? [],
  };
}
