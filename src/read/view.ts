/**
 * Reads over one snapshot (docs/read-model.md): what GraphQL resolvers, REST views, the CLI and
 * the health planner ask of the catalog, answered from memory. A view is made per request (or per
 * planner run) and fixes the time health staleness is judged at, so one answer never mixes two
 * versions of the catalog nor two clocks. Routes, selections and facts are memoised: per view
 * where they depend on the time (health), per snapshot entry where they do not (facts).
 */
import { checkSearch, decodeCursor, encodeCursor, pageSize, type Page, type PageRequest } from "../catalog/paging.ts";
import { selectCandidate, type Selection } from "../catalog/resolution/select.ts";
import type { Route } from "../catalog/route.ts";
import { upstreamKey, type UpstreamRef } from "../health/health.store.ts";
import { deriveGroupHealth, HealthStatus, UNKNOWN_HEALTH, type HealthView } from "../health/status.ts";
import { aggregateFacts, type ModelFacts } from "../registry/facts.ts";
import type { ModelRegistry } from "../registry/registry.ts";
import {
  compareBinary,
  lookupName,
  type AliasEntry,
  type CatalogSnapshot,
  type DeploymentEntry,
  type GroupEntry,
  type HealthEntry,
  type ProviderEntry,
  type RegistryEntry,
} from "./snapshot.ts";

/** Where facts come from: the registry in force for the snapshot's stored registries, and facts per deployment. */
export interface FactsSource {
  registryFor(registries: ReadonlyMap<string, RegistryEntry>): ModelRegistry;
  /** Facts of a deployment (its overrides over the registry), memoised per entry and registry. */
  ofDeployment(registry: ModelRegistry, deployment: DeploymentEntry, providerType: string): ModelFacts;
}

export interface ViewOptions {
  /** Health results older than this read as UNKNOWN. */
  staleAfterMs: number;
  facts: FactsSource;
  /** The time staleness is judged at (ms); default now. */
  now?: number;
}

/** A route from the snapshot: the deployment and provider entries, with the upstream's health as shown now. */
export interface EntryRoute extends Route {
  deployment: DeploymentEntry;
  provider: ProviderEntry;
}

export interface GroupSelection {
  routes: readonly EntryRoute[];
  choice: Selection<EntryRoute>;
}

const EMPTY: readonly never[] = Object.freeze([]);

/** Counts kept per sorted list (the list is replaced whenever it changes). */
const visibleCounts = new WeakMap<readonly AliasEntry[], number>();

/** SQLite's LIKE folds ASCII letters only: so does this, so a search finds what SQL found. */
function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : text;
}

/** The first index whose item sorts after `key` (binary order). */
function indexAfter<T>(sorted: readonly T[], key: string, keyOf: (item: T) => string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBinary(keyOf(sorted[mid]!), key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexAfterId<T extends { id: number }>(sorted: readonly T[], id: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A page of `sorted` after the cursor, keeping items `keep` accepts; `total` counts them all. */
function pageOf<T>(
  sorted: readonly T[],
  req: PageRequest,
  start: (after: string | number) => number,
  cursorKind: "string" | "number",
  keyOf: (item: T) => string | number,
  total: number,
  keep?: (item: T) => boolean,
): Page<T> {
  const limit = pageSize(req.first);
  const from = req.after != null ? start(decodeCursor(req.after, cursorKind)) : 0;
  const items: T[] = [];
  let i = from;
  for (; i < sorted.length && items.length <= limit; i++) {
    const item = sorted[i]!;
    if (!keep || keep(item)) items.push(item);
  }
  const hasNextPage = items.length > limit;
  if (hasNextPage) items.pop();
  return { items, hasNextPage, hasPreviousPage: req.after != null, totalCount: total, cursorOf: (item) => encodeCursor(keyOf(item)) };
}

export class ReadView {
  readonly now: number;
  private readonly staleAfterMs: number;
  private readonly factsSource: FactsSource;
  private readonly selections = new Map<number, GroupSelection>();
  private registryMemo: ModelRegistry | undefined;

  constructor(
    readonly snapshot: CatalogSnapshot,
    options: ViewOptions,
  ) {
    this.now = options.now ?? Date.now();
    this.staleAfterMs = options.staleAfterMs;
    this.factsSource = options.facts;
  }

  get version(): number {
    return this.snapshot.version;
  }

  // Providers.

  provider(id: number): ProviderEntry | undefined {
    return this.snapshot.providers.get(id);
  }

  providerByName(name: string): ProviderEntry | undefined {
    return this.snapshot.providersByName.get(name);
  }

  /** Every provider, by name. */
  providers(): readonly ProviderEntry[] {
    return this.snapshot.providersSorted;
  }

  providerPage(req: PageRequest): Page<ProviderEntry> {
    const sorted = this.snapshot.providersSorted;
    return pageOf(sorted, req, (after) => indexAfter(sorted, after as string, (p) => p.name), "string", (p) => p.name, sorted.length);
  }

  // Groups.

  group(id: number): GroupEntry | undefined {
    return this.snapshot.groups.get(id);
  }

  /** Names are stored in NFC, so any spelling of one finds it. */
  groupByName(name: string): GroupEntry | undefined {
    const found = lookupName(this.snapshot, name);
    return found?.kind === "group" ? found.group : undefined;
  }

  /** Every group, by name. */
  groups(): readonly GroupEntry[] {
    return this.snapshot.groupsSorted;
  }

  /** Groups whose name holds `search` (ASCII letters folded, as SQLite's LIKE folds them), by name. */
  matchingGroups(search: string | null | undefined): readonly GroupEntry[] {
    checkSearch(search);
    if (!search) return this.snapshot.groupsSorted;
    const needle = asciiLower(search);
    return this.snapshot.groupsSorted.filter((g) => asciiLower(g.name).includes(needle));
  }

  groupPage(req: PageRequest, search?: string | null): Page<GroupEntry> {
    const sorted = this.matchingGroups(search);
    return pageOf(sorted, req, (after) => indexAfter(sorted, after as string, (g) => g.name), "string", (g) => g.name, sorted.length);
  }

  /** Pattern groups, most specific first (resolution's order). */
  patterns(): readonly GroupEntry[] {
    return this.snapshot.patterns;
  }

  // Aliases.

  alias(id: number): AliasEntry | undefined {
    return this.snapshot.aliases.get(id);
  }

  /** Hidden aliases are found by name too; any spelling of the name finds it. */
  aliasByName(name: string): AliasEntry | undefined {
    const found = lookupName(this.snapshot, name);
    return found?.kind === "alias" ? found.alias : undefined;
  }

  /** Every alias, hidden ones included, by name. */
  aliases(): readonly AliasEntry[] {
    return this.snapshot.aliasesSorted;
  }

  aliasPage(req: PageRequest, includeHidden: boolean): Page<AliasEntry> {
    const sorted = this.snapshot.aliasesSorted;
    const start = (after: string | number) => indexAfter(sorted, after as string, (a) => a.name);
    if (includeHidden) return pageOf(sorted, req, start, "string", (a) => a.name, sorted.length);
    let visible = visibleCounts.get(sorted);
    if (visible === undefined) {
      visible = 0;
      for (const a of sorted) if (!a.hidden) visible++;
      visibleCounts.set(sorted, visible);
    }
    return pageOf(sorted, req, start, "string", (a) => a.name, visible, (a) => !a.hidden);
  }

  /** A group's aliases by name. */
  aliasesOf(groupId: number, includeHidden = true): readonly AliasEntry[] {
    const list = this.snapshot.aliasesByGroup.get(groupId) ?? EMPTY;
    return includeHidden ? list : list.filter((a) => !a.hidden);
  }

  // Deployments.

  deployment(id: number): DeploymentEntry | undefined {
    return this.snapshot.deployments.get(id);
  }

  /** Every deployment, by id. */
  deployments(): readonly DeploymentEntry[] {
    return this.snapshot.deploymentsSorted;
  }

  /** A group's deployments for display: enabled ones in candidate order, then disabled ones. */
  deploymentsOf(groupId: number): readonly DeploymentEntry[] {
    return this.snapshot.deploymentsByGroup.get(groupId) ?? EMPTY;
  }

  /** A group's enabled deployments in candidate order. */
  candidatesOf(groupId: number): readonly DeploymentEntry[] {
    return this.snapshot.candidates.get(groupId) ?? EMPTY;
  }

  /** A provider's deployments, by id. */
  deploymentsOfProvider(providerId: number): readonly DeploymentEntry[] {
    return this.snapshot.deploymentsByProvider.get(providerId) ?? EMPTY;
  }

  deploymentPage(req: PageRequest, providerId?: number | null): Page<DeploymentEntry> {
    const sorted = providerId != null ? this.deploymentsOfProvider(providerId) : this.snapshot.deploymentsSorted;
    return pageOf(sorted, req, (after) => indexAfterId(sorted, after as number), "number", (d) => d.id, sorted.length);
  }

  // Health.

  /** An upstream's stored health as shown now: a result older than the staleness limit reads UNKNOWN. */
  healthOf(ref: UpstreamRef, key: string = upstreamKey(ref)): HealthView {
    const row = this.snapshot.health.get(key);
    if (!row) {
      let unknown = unknownViews.get(ref);
      if (!unknown) unknownViews.set(ref, (unknown = Object.freeze({ ...UNKNOWN_HEALTH, upstream: ref })));
      return unknown;
    }
    let views = healthViews.get(row);
    // The first deployment's ref stands for every one on the upstream (they are equal by value).
    if (!views) {
      const base = { checkedAt: row.checkedAt, latencyMs: row.latencyMs, error: row.error, consecutiveFailures: row.consecutiveFailures, upstream: ref };
      views = { fresh: Object.freeze({ ...base, status: row.status as HealthStatus }), stale: Object.freeze({ ...base, status: HealthStatus.UNKNOWN }) };
      healthViews.set(row, views);
    }
    return this.now - row.checkedAt.getTime() > this.staleAfterMs ? views.stale : views.fresh;
  }

  /** A deployment's upstream health. */
  health(deployment: DeploymentEntry): HealthView {
    return this.healthOf(deployment.upstream, deployment.upstreamKey);
  }

  /** A deployment's route with its health as shown now; the same object while neither changes. */
  route(deployment: DeploymentEntry): EntryRoute {
    const health = this.health(deployment);
    const kept = routes.get(deployment);
    if (kept && kept.health === health) return kept;
    const provider = this.snapshot.providers.get(deployment.providerId)!;
    const route: EntryRoute = Object.freeze({
      deployment,
      provider,
      type: provider.typeInfo,
      prefixedId: deployment.prefixedId,
      apiBase: deployment.effectiveApiBase,
      health,
    });
    routes.set(deployment, route);
    return route;
  }

  /** A group's candidates in order with their health, and the one resolution selects now. */
  selection(groupId: number): GroupSelection {
    let found = this.selections.get(groupId);
    if (found) return found;
    const candidates = this.candidatesOf(groupId);
    const current = candidates.map((d) => this.route(d));
    const kept = selections.get(candidates);
    // Kept while every route is the same object (same entries, same health as shown).
    if (kept && kept.routes.length === current.length && kept.routes.every((r, i) => r === current[i])) found = kept;
    else {
      found = { routes: current, choice: selectCandidate(current, (r) => r.health.status) };
      selections.set(candidates, found);
    }
    this.selections.set(groupId, found);
    return found;
  }

  /** A group's derived health from its enabled deployments. */
  groupHealth(groupId: number): HealthStatus {
    return deriveGroupHealth(this.selection(groupId).routes.map((r) => r.health.status));
  }

  // Facts.

  /** The model registry in force for this snapshot's stored registries. */
  registry(): ModelRegistry {
    return (this.registryMemo ??= this.factsSource.registryFor(this.snapshot.registries));
  }

  facts(deployment: DeploymentEntry): ModelFacts {
    const provider = this.snapshot.providers.get(deployment.providerId)!;
    return this.factsSource.ofDeployment(this.registry(), deployment, provider.type);
  }

  /** A group's facts: aggregated over its enabled deployments (LiteLLM's /model_group/info rule). */
  groupFacts(groupId: number): ModelFacts {
    const candidates = this.candidatesOf(groupId);
    const registry = this.registry();
    let memo = groupFactsMemo.get(candidates);
    if (memo?.registry !== registry) {
      memo = { registry, facts: aggregateFacts(candidates.map((d) => this.facts(d))) };
      // The shared empty list stands for every group without candidates: its facts are the same.
      groupFactsMemo.set(candidates, memo);
    }
    return memo.facts;
  }
}

/**
 * Health as shown, per stored health entry (fresh and stale), and UNKNOWN per upstream without
 * one; routes per deployment entry; selections per candidate list. Entries and lists are replaced
 * whenever they change, so these hold only what is still true, and many requests share them
 * instead of each allocating its own.
 */
const healthViews = new WeakMap<HealthEntry, { fresh: HealthView; stale: HealthView }>();
const unknownViews = new WeakMap<UpstreamRef, HealthView>();
const routes = new WeakMap<DeploymentEntry, EntryRoute>();
const selections = new WeakMap<readonly DeploymentEntry[], GroupSelection>();

/** Aggregated facts per candidate list (a list is replaced whenever the group's deployments change). */
const groupFactsMemo = new WeakMap<readonly DeploymentEntry[], { registry: ModelRegistry; facts: ModelFacts }>();
