import { expandPattern, listingPrefix, sortBySpecificity } from "../../catalog/pattern.ts";
import type { ProviderTypeInfo } from "../../catalog/provider-types.ts";
import type { DeploymentRow } from "../../db/schema.ts";
import { toGlobalId } from "../graphql/global-id.ts";
import { compareBinary, type AliasEntry, type CatalogSnapshot, type DeploymentEntry, type GroupEntry, type ProviderEntry } from "../../read/snapshot.ts";
import type { ReadView } from "../../read/view.ts";
import { aggregateFacts, type Capability, type Modality, type ModelFacts } from "../../registry/facts.ts";
import { isSealed, isSecretParam } from "../../interop/spec.ts";

/*
 * The LiteLLM/OpenAI-shaped views of the catalog, read from one ReadView per request (the
 * snapshot in memory: no SQL, docs/read-model.md) and never sending network traffic. What does
 * not depend on the time (names in listing order, each name's /v1/models entry) is kept per
 * snapshot entry or sorted list, so a listing right after a write rebuilds only what changed.
 */

/** A public name (group or alias) with the group it stands for. */
export interface NameView {
  readonly name: string;
  readonly alias: AliasEntry | null;
  readonly group: GroupEntry;
  /** Listed by /v1/models, /model/info and /model_group/info (hidden aliases are not). */
  readonly listed: boolean;
  readonly createdAt: Date;
}

/** Where one enabled deployment routes (health is the view's, asked for where a shape shows it). */
export interface RestRoute {
  deployment: DeploymentEntry;
  provider: ProviderEntry;
  type: ProviderTypeInfo;
  prefixedId: string;
  apiBase: string | null;
}

/** Relay global id of a deployment, as GraphQL shows it. */
export function deploymentGlobalId(id: number): string {
  return toGlobalId("Deployment", id);
}

/** LiteLLM's model_info.id: the imported id when there is one, else the GraphQL id. */
export function modelInfoId(deployment: Pick<DeploymentRow, "id" | "externalId">): string {
  return deployment.externalId ?? deploymentGlobalId(deployment.id);
}

/** Listings sort names by UTF-16 code units (as they always have), not SQLite's code point order. */
function byCodeUnits(a: NameView, b: NameView): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function restRoute(view: ReadView, deployment: DeploymentEntry): RestRoute {
  const provider = view.provider(deployment.providerId)!;
  return { deployment, provider, type: provider.typeInfo, prefixedId: deployment.prefixedId, apiBase: deployment.effectiveApiBase };
}

// ---------------------------------------------------------------------------------------------
// Names, kept per entry; listings patched from the previous one

const groupNames = new WeakMap<GroupEntry, NameView>();
const aliasNames = new WeakMap<AliasEntry, { group: GroupEntry; view: NameView }>();

function groupName(group: GroupEntry): NameView {
  let found = groupNames.get(group);
  if (!found) {
    found = Object.freeze({ name: group.name, alias: null, group, listed: true, createdAt: group.createdAt });
    groupNames.set(group, found);
  }
  return found;
}

/** An alias's entry stays when only its group changes (a new description, say): the view follows the group. */
function aliasName(alias: AliasEntry, group: GroupEntry): NameView {
  const found = aliasNames.get(alias);
  if (found?.group === group) return found.view;
  const view: NameView = Object.freeze({ name: alias.name, alias, group, listed: !alias.hidden, createdAt: alias.createdAt });
  aliasNames.set(alias, { group, view });
  return view;
}

/**
 * Every public name in listing order, and /v1/models' entry of each listed one, for one
 * snapshot's groups, aliases and candidate lists. Its lists are never changed once built: the
 * next listing is a patched copy.
 */
interface Listing {
  groups: readonly GroupEntry[];
  aliases: readonly AliasEntry[];
  candidates: CatalogSnapshot["candidates"];
  /** Groups and aliases, hidden ones too, by name (UTF-16 code units). */
  all: readonly NameView[];
  /** The names listings show (no hidden alias). */
  listed: readonly NameView[];
  /** Each listed name's model object as JSON; null where owned_by depends on health (a group of mixed provider types). */
  json: readonly (string | null)[];
  /** Some entry of `json` is null. */
  dynamic: boolean;
  /** The whole /v1/models body, once asked for (when not dynamic). */
  body?: string;
}

/** Past this many changed aliases a listing is built whole rather than patched. */
const MAX_PATCHED = 64;

/** The first index in `sorted` (code unit order) whose name is not below `name`. */
function lowerBound(sorted: readonly NameView[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.name < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The aliases removed from and added to a sorted list (an updated alias is both: its old entry
 * out, its new one in), or null past `limit`. Unchanged entries are the same objects in both.
 */
function aliasDelta(before: readonly AliasEntry[], after: readonly AliasEntry[], limit: number): { removed: AliasEntry[]; added: AliasEntry[] } | null {
  const removed: AliasEntry[] = [];
  const added: AliasEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const a = before[i];
    const b = after[j];
    if (a === b) {
      i++;
      j++;
      continue;
    }
    const order = a === undefined ? 1 : b === undefined ? -1 : compareBinary(a.name, b.name);
    if (order <= 0) removed.push(before[i++]!);
    if (order >= 0) added.push(after[j++]!);
    if (removed.length + added.length > limit) return null;
  }
  return { removed, added };
}

function jsonOf(view: ReadView, names: readonly NameView[]): { json: (string | null)[]; dynamic: boolean } {
  let dynamic = false;
  const json = names.map((n) => {
    const text = staticModelJson(view, n);
    if (text === null) dynamic = true;
    return text;
  });
  return { json, dynamic };
}

function buildListing(view: ReadView): Listing {
  const all: NameView[] = [];
  for (const g of view.groups()) all.push(groupName(g));
  for (const a of view.aliases()) {
    const group = view.group(a.groupId);
    if (group) all.push(aliasName(a, group));
  }
  // Two runs already in (code point) order: the sort merges them, and settles the rare pair
  // where code point and code unit order differ.
  all.sort(byCodeUnits);
  const listed = all.filter((n) => n.listed);
  return { groups: view.groups(), aliases: view.aliases(), candidates: view.snapshot.candidates, all, listed, ...jsonOf(view, listed) };
}

/** `prev` with the aliases that changed since (same groups): copies of its lists, spliced. */
function patchListing(view: ReadView, prev: Listing): Listing | null {
  const delta = aliasDelta(prev.aliases, view.aliases(), MAX_PATCHED);
  if (!delta) return null;
  const all = prev.all.slice();
  const listed = prev.listed.slice();
  const json = prev.json.slice();
  for (const alias of delta.removed) {
    const at = lowerBound(all, alias.name);
    const name = all[at];
    if (name?.alias !== alias) return null;
    all.splice(at, 1);
    if (!name.listed) continue;
    const shown = lowerBound(listed, alias.name);
    listed.splice(shown, 1);
    json.splice(shown, 1);
  }
  for (const alias of delta.added) {
    const group = view.group(alias.groupId);
    if (!group) continue;
    const name = aliasName(alias, group);
    all.splice(lowerBound(all, name.name), 0, name);
    if (!name.listed) continue;
    const shown = lowerBound(listed, name.name);
    listed.splice(shown, 0, name);
    json.splice(shown, 0, staticModelJson(view, name));
  }
  const sameOwners = prev.candidates === view.snapshot.candidates;
  const rebuilt = sameOwners ? { json, dynamic: json.includes(null) } : jsonOf(view, listed);
  return { groups: prev.groups, aliases: view.aliases(), candidates: view.snapshot.candidates, all, listed, ...rebuilt };
}

/**
 * The names the REST views list, per server: the listing of the newest snapshot seen is kept, and
 * the next one (a write changes a few aliases) is patched from it rather than built whole.
 */
export class Listings {
  private last: Listing | undefined;

  private of(view: ReadView): Listing {
    const last = this.last;
    if (last && last.groups === view.groups() && last.aliases === view.aliases()) {
      if (last.candidates === view.snapshot.candidates) return last;
      return (this.last = { ...last, candidates: view.snapshot.candidates, body: undefined, ...jsonOf(view, last.listed) });
    }
    return (this.last = (last && last.groups === view.groups() && patchListing(view, last)) || buildListing(view));
  }

  /** The names listings show (no hidden alias), by name (UTF-16 code units). */
  listed(view: ReadView): readonly NameView[] {
    return this.of(view).listed;
  }

  /**
   * The whole /v1/models body (LiteLLM's listing without wildcard expansion), of the names `keep`
   * accepts (default all). After a write it costs a splice and a string join for 15,000 names;
   * the whole body is kept while the snapshot's names and candidate lists stay (health changes
   * only the owner of a group of mixed provider types).
   */
  json(view: ReadView, keep?: (name: NameView) => boolean): string {
    const listing = this.of(view);
    if (!keep && listing.body !== undefined) return listing.body;
    let parts: readonly (string | null)[] = listing.json;
    if (keep || listing.dynamic) {
      const chosen: string[] = [];
      listing.listed.forEach((name, i) => {
        if (!keep || keep(name)) chosen.push(listing.json[i] ?? modelObjectJson(view, name));
      });
      parts = chosen;
    }
    const body = `{"object":"list","data":[${parts.join(",")}]}`;
    if (!keep && !listing.dynamic) listing.body = body;
    return body;
  }
}

/** One public name (a hidden alias too; any spelling of it), or undefined. */
export function findName(view: ReadView, name: string): NameView | undefined {
  const alias = view.aliasByName(name);
  if (alias) {
    const group = view.group(alias.groupId);
    return group ? aliasName(alias, group) : undefined;
  }
  const group = view.groupByName(name);
  return group ? groupName(group) : undefined;
}

// ---------------------------------------------------------------------------------------------
// /v1/models entries

/** OpenAI's model object. */
export interface OpenAIModel {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** The provider type of each candidate list when all its candidates share one (null: they differ). */
const uniformTypes = new WeakMap<readonly DeploymentEntry[], string | null>();

/**
 * owned_by: the type of the deployment resolve() selects now. When every candidate has the same
 * type (the usual group), that is the answer whatever the health, with no health read.
 */
function ownerOf(view: ReadView, group: GroupEntry): string {
  const candidates = view.candidatesOf(group.id);
  if (candidates.length === 0) return "modelgraph";
  return uniformType(view, candidates) ?? view.selection(group.id).choice.selected?.type.id ?? "modelgraph";
}

/**
 * The provider type all of a candidate list share, or null. Kept per list: a provider whose type
 * changes re-derives its deployments, which replaces every list holding them.
 */
function uniformType(view: ReadView, candidates: readonly DeploymentEntry[]): string | null {
  let uniform = uniformTypes.get(candidates);
  if (uniform === undefined) {
    const first = view.provider(candidates[0]!.providerId)!.typeInfo.id;
    uniform = candidates.every((d) => view.provider(d.providerId)!.typeInfo.id === first) ? first : null;
    uniformTypes.set(candidates, uniform);
  }
  return uniform;
}

export function modelObject(view: ReadView, name: NameView): OpenAIModel {
  return { id: name.name, object: "model", created: Math.floor(name.createdAt.getTime() / 1000), owned_by: ownerOf(view, name.group) };
}

/** Each name's model object as JSON, serialised once per owner. */
const modelJson = new WeakMap<NameView, { owner: string; json: string }>();

function modelObjectJson(view: ReadView, name: NameView): string {
  const owner = ownerOf(view, name.group);
  let found = modelJson.get(name);
  if (found?.owner !== owner) {
    found = { owner, json: JSON.stringify({ id: name.name, object: "model", created: Math.floor(name.createdAt.getTime() / 1000), owned_by: owner }) };
    modelJson.set(name, found);
  }
  return found.json;
}

/** The model object's JSON when it does not depend on health (every candidate of the same type), else null. */
function staticModelJson(view: ReadView, name: NameView): string | null {
  const candidates = view.candidatesOf(name.group.id);
  if (candidates.length > 0 && uniformType(view, candidates) === null) return null;
  return modelObjectJson(view, name);
}

// ---------------------------------------------------------------------------------------------
// Wildcard routes in listings

/** One id a pattern group lists in its place: a known model it routes (`anthropic/claude-3-haiku`). */
export interface ExpandedModel {
  id: string;
  /** The pattern group's name view. */
  view: NameView;
  /** The deployment the id routes to. */
  route: RestRoute;
}

/** Listed pattern groups whose name LiteLLM expands (`<prefix>/…` with an enabled deployment). */
function expandable(view: ReadView, names: readonly NameView[]): NameView[] {
  return names.filter((n) => n.alias === null && n.group.pattern && !n.group.passthrough && listingPrefix(n.name) !== null && view.candidatesOf(n.group.id).length > 0);
}

/** The pattern groups as names, by name (they are always listed). */
export function patternNames(view: ReadView): NameView[] {
  return view.patterns().map(groupName).sort(byCodeUnits);
}

/**
 * LiteLLM's /v1/models expansion of wildcard routes (`get_known_models_from_wildcard`): each
 * `<prefix>/…` pattern group among `names` lists, for each enabled deployment, the registry's
 * known models of that deployment's provider type that the pattern routes back to them, as
 * `<prefix>/<model>`. An id is listed once, by the most specific pattern (the one resolve() would
 * use), and not at all when it is a public name of its own (resolve() finds that first). Patterns
 * without known models are absent from the result (they are listed as themselves). Reads the
 * registry only when there is a pattern to expand.
 */
export function wildcardExpansions(view: ReadView, names: readonly NameView[]): Map<NameView, ExpandedModel[]> {
  const out = new Map<NameView, ExpandedModel[]>();
  if (view.patterns().length === 0) return out;
  const patterns = expandable(view, names);
  if (patterns.length === 0) return out;
  const registry = view.registry();
  const publicNames = view.snapshot.names;
  const known = new Map<string, string[]>();
  const claimed = new Set<string>();
  for (const pattern of sortBySpecificity(patterns, (v) => v.name)) {
    const list: ExpandedModel[] = [];
    for (const deployment of view.candidatesOf(pattern.group.id)) {
      const route = restRoute(view, deployment);
      let models = known.get(route.type.id);
      if (!models) known.set(route.type.id, (models = registry.modelsOf(route.type.id)));
      for (const id of expandPattern(pattern.name, deployment.model, models)) {
        if (claimed.has(id) || publicNames.has(id)) continue;
        claimed.add(id);
        list.push({ id, view: pattern, route });
      }
    }
    if (list.length > 0) out.set(pattern, list);
  }
  return out;
}

/**
 * /v1/models as LiteLLM lists it, as the JSON body: the public names, except that a pattern
 * group with known models stands aside for them (appended after the names, pattern by pattern,
 * as LiteLLM appends its wildcard models); the pattern itself only with
 * `return_wildcard_routes=true`. Patterns without known models, and passthrough `*`, are listed
 * as themselves. The same bytes as `JSON.stringify({ object: "list", data })`.
 */
export function modelListJson(view: ReadView, names: readonly NameView[], expansions: ReadonlyMap<NameView, ExpandedModel[]>, returnWildcardRoutes: boolean): string {
  const parts: string[] = [];
  for (const name of names) if (!expansions.has(name)) parts.push(modelObjectJson(view, name));
  for (const name of names) {
    const expanded = expansions.get(name);
    if (!expanded) continue;
    if (returnWildcardRoutes) parts.push(modelObjectJson(view, name));
    for (const e of expanded) parts.push(JSON.stringify(expandedModelObject(e)));
  }
  return `{"object":"list","data":[${parts.join(",")}]}`;
}

export function expandedModelObject(e: ExpandedModel): OpenAIModel {
  return { id: e.id, object: "model", created: Math.floor(e.view.createdAt.getTime() / 1000), owned_by: e.route.type.id };
}

// ---------------------------------------------------------------------------------------------
// Shapes

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
export function litellmParams(route: RestRoute): Record<string, unknown> {
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
export function modelInfo(route: RestRoute, group: GroupEntry, facts: ModelFacts): Record<string, unknown> {
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
 * `id`: only the row with that model_info.id (the others are not built).
 */
export function modelInfoRows(view: ReadView, name: NameView, id?: string): ModelInfoRow[] {
  const group = name.group;
  if (group.passthrough) {
    const row = passthroughInfoRow(name);
    return id === undefined || row.model_info.id === id ? [row] : [];
  }
  const rows: ModelInfoRow[] = [];
  for (const deployment of view.candidatesOf(group.id)) {
    if (id !== undefined && modelInfoId(deployment) !== id) continue;
    const route = restRoute(view, deployment);
    rows.push({ model_name: name.name, litellm_params: litellmParams(route), model_info: modelInfo(route, group, view.facts(deployment)) });
  }
  return rows;
}

function passthroughInfoRow(name: NameView): ModelInfoRow {
  const group = name.group;
  const none = aggregateFacts([]);
  return {
    model_name: name.name,
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
 * limits and prices the maximum, as LiteLLM; a capability true only when every deployment has it);
 * health is the view's (the selected deployment's latency, the latest check of any).
 */
export function modelGroupInfo(view: ReadView, name: NameView): Record<string, unknown> {
  const group = name.group;
  const { routes, choice } = view.selection(group.id);
  const selected = choice.selected;
  const facts = litellmFacts(view.groupFacts(group.id));
  const perRoute = routes.map((r) => view.facts(r.deployment));
  return {
    model_group: name.name,
    providers: [...new Set(routes.map((r) => r.type.id))],
    // The maximum of each deployment's max_input_tokens (its input limit, else its context window),
    // not the larger of the two group maxima: one deployment's input limit must not hide another's context.
    max_input_tokens: maxOrNull(perRoute.map((f) => f.maxInputTokens ?? f.contextWindow)),
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
    is_public_model_group: name.listed,
    health_status: view.groupHealth(group.id).toLowerCase(),
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
    alias_for: name.alias ? group.name : null,
    provider_names: [...new Set(routes.map((r) => r.provider.name))],
    description: name.alias?.description ?? group.description ?? null,
    pattern: group.pattern,
    passthrough: group.passthrough,
    fallbacks: group.fallbacks ?? [],
  };
}
