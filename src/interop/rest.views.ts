import type { Catalog } from "../catalog/catalog.ts";
import { routeTarget, type Route } from "../catalog/route.ts";
import { candidatesOf, selectCandidate } from "../catalog/resolution/select.ts";
import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../db/schema.ts";
import { toGlobalId } from "../graphql/global-id.ts";
import { upstreamKey, type UpstreamRef } from "../health/health.store.ts";
import { deriveGroupHealth, HealthStatus, UNKNOWN_HEALTH, type HealthView } from "../health/status.ts";
import { isSealed, isSecretParam } from "./spec.ts";

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

  const views = new Map<number, GroupView>();
  for (const group of groups) {
    const list = routes.get(group.id)!;
    views.set(group.id, {
      group,
      routes: list,
      selected: selectCandidate(list, (r) => r.health.status).selected,
      health: deriveGroupHealth(list.map((r) => r.health.status)),
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

/** LiteLLM's model_info of a deployment, plus modelgraph's own routing fields. */
export function modelInfo(route: Route, group: ModelGroupRow): Record<string, unknown> {
  const { deployment } = route;
  return {
    id: modelInfoId(deployment),
    db_model: false,
    key: route.prefixedId,
    mode: group.mode,
    litellm_provider: route.type.id,
    // modelgraph has no token limits or prices: null, as LiteLLM shows models missing from its cost map.
    max_tokens: null,
    max_input_tokens: null,
    max_output_tokens: null,
    input_cost_per_token: null,
    output_cost_per_token: null,
    supported_openai_params: null,
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

/** /model/info rows of a name: one per enabled deployment of its group, in candidate order. */
export function modelInfoRows(view: NameView): ModelInfoRow[] {
  return view.group.routes.map((route) => ({
    model_name: view.name,
    litellm_params: litellmParams(route),
    model_info: modelInfo(route, view.group.group),
  }));
}

function sumOrNull(values: (number | null)[]): number | null {
  const set = values.filter((v): v is number => v !== null);
  return set.length === 0 ? null : set.reduce((a, b) => a + b, 0);
}

function latest(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

/** LiteLLM's ModelGroupInfo (proxy flavour) for a name. */
export function modelGroupInfo(view: NameView): Record<string, unknown> {
  const { routes, group } = view.group;
  return {
    model_group: view.name,
    providers: [...new Set(routes.map((r) => r.type.id))],
    max_input_tokens: null,
    max_output_tokens: null,
    input_cost_per_token: null,
    output_cost_per_token: null,
    mode: group.mode,
    tpm: sumOrNull(routes.map((r) => r.deployment.tpm)),
    rpm: sumOrNull(routes.map((r) => r.deployment.rpm)),
    // No capability data in the catalog: false, LiteLLM's value for models it does not know.
    supports_parallel_function_calling: false,
    supports_vision: false,
    supports_function_calling: false,
    supported_openai_params: null,
    is_public_model_group: view.listed,
    health_status: view.group.health.toLowerCase(),
    health_checked_at: latest(routes.map((r) => r.health.checkedAt))?.toISOString() ?? null,
    // modelgraph's own fields.
    alias_for: view.alias ? group.name : null,
    provider_names: [...new Set(routes.map((r) => r.provider.name))],
    description: view.alias?.description ?? group.description ?? null,
  };
}
