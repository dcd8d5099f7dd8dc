import type { DeploymentRow, ModelGroupRow, ProviderRow } from "../../../db/schema.ts";
import { BadUserInputError } from "../../../errors.ts";
import type { HealthStore } from "../../../health/health.store.ts";
import { upstreamKey } from "../../../health/health.store.ts";
import { deriveGroupHealth, HealthStatus, UNKNOWN_HEALTH } from "../../../health/status.ts";
import { aggregateFacts, type Capability } from "../../../registry/facts.ts";
import type { DeploymentService } from "../../../catalog/deployment/deployment.service.ts";
import type { FactsService } from "../../../catalog/facts/facts.service.ts";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../../../catalog/paging.ts";
import { findProviderType, PROVIDER_TYPES } from "../../../catalog/provider-types.ts";
import type { ProviderService } from "../../../catalog/provider/provider.service.ts";
import { candidatesOf } from "../../../catalog/resolution/select.ts";
import { routeTarget } from "../../../catalog/route.ts";
import { closestNames } from "../../../catalog/suggest.ts";
import { show } from "../../../catalog/validation.ts";
import type { GroupService } from "../../../catalog/group/group.service.ts";

/** `modelGroups(filter:)`: every given criterion must hold. */
export interface GroupFilter {
  /** Every one present in the group's aggregated facts. */
  capabilities?: readonly Capability[] | null;
  /** The aggregated context window is known and at least this. */
  minContextWindow?: number | null;
  /** The aggregated input price (the highest of the enabled deployments) is known and at most this. */
  maxInputPrice?: number | null;
  /** An enabled deployment is on a provider of this type. */
  providerType?: string | null;
  /** The group's derived health. */
  health?: HealthStatus | null;
}

export function isEmptyFilter(filter: GroupFilter | null | undefined): boolean {
  return (
    filter == null ||
    ((filter.capabilities == null || filter.capabilities.length === 0) &&
      filter.minContextWindow == null &&
      filter.maxInputPrice == null &&
      filter.providerType == null &&
      filter.health == null)
  );
}

function validateFilter(filter: GroupFilter): void {
  if (filter.minContextWindow != null && filter.minContextWindow < 0) {
    throw new BadUserInputError(`filter.minContextWindow is ${filter.minContextWindow}; accepted: a number of tokens, 0 or more`, { field: "filter.minContextWindow" });
  }
  if (filter.maxInputPrice != null && !(Number.isFinite(filter.maxInputPrice) && filter.maxInputPrice >= 0)) {
    throw new BadUserInputError(`filter.maxInputPrice is ${filter.maxInputPrice}; accepted: USD per million input tokens, 0 or more`, { field: "filter.maxInputPrice" });
  }
  if (filter.providerType != null && !findProviderType(filter.providerType)) {
    const close = closestNames(filter.providerType, PROVIDER_TYPES.map((t) => t.id), 3);
    throw new BadUserInputError(
      `filter.providerType ${show(filter.providerType)} is not a provider type${close.length > 0 ? `; did you mean ${close.map((c) => show(c)).join(", ")}?` : ""} (providerTypes lists them all)`,
      { field: "filter.providerType" },
    );
  }
}

interface FilterDeps {
  groups: GroupService;
  deployments: DeploymentService;
  providers: ProviderService;
  health: HealthStore;
  facts: FactsService;
}

/**
 * A page of the groups matching `search` and `filter`. Facts and health are not columns, so this
 * reads every matching group, every enabled deployment, their providers and their upstreams'
 * health (four statements, plus the registry check), decides each group in memory and pages over
 * the result by name; `totalCount` counts the groups that pass. Work grows with the catalog, not
 * the page (docs/model-registry.md, "GraphQL").
 */
export function filteredGroupPage(deps: FilterDeps, req: PageRequest, search: string | null | undefined, filter: GroupFilter): Page<ModelGroupRow> {
  validateFilter(filter);
  const limit = pageSize(req.first);
  const after = req.after != null ? decodeCursor<string>(req.after, "string") : null;
  const groups = deps.groups.matching(search);
  const wanted = new Set(groups.map((g) => g.id));
  const byGroup = new Map<number, DeploymentRow[]>();
  for (const d of deps.deployments.allEnabled()) {
    if (!wanted.has(d.groupId)) continue;
    const list = byGroup.get(d.groupId);
    if (list) list.push(d);
    else byGroup.set(d.groupId, [d]);
  }
  const rows = [...byGroup.values()].flat();
  const providers = new Map<number, ProviderRow>(deps.providers.byIds([...new Set(rows.map((d) => d.providerId))]).map((p) => [p.id, p]));

  const needsFacts = (filter.capabilities?.length ?? 0) > 0 || filter.minContextWindow != null || filter.maxInputPrice != null;
  const facts = needsFacts ? deps.facts.forDeployments(rows.map((d) => ({ deployment: d, providerType: providers.get(d.providerId)!.type }))) : [];
  const factsOf = new Map(facts.map((f, i) => [rows[i]!, f]));

  let healthOf: ((d: DeploymentRow) => HealthStatus) | undefined;
  if (filter.health != null) {
    const refs = new Map(rows.map((d) => {
      const provider = providers.get(d.providerId)!;
      return [d, routeTarget(provider, deps.providers.typeOf(provider), d.model, d.apiBase).ref] as const;
    }));
    const stored = deps.health.readMany([...refs.values()]);
    healthOf = (d) => (stored.get(upstreamKey(refs.get(d)!)) ?? UNKNOWN_HEALTH).status;
  }

  const passing = groups.filter((group) => {
    const enabled = candidatesOf(byGroup.get(group.id) ?? []);
    if (filter.providerType != null && !enabled.some((d) => providers.get(d.providerId)!.type === filter.providerType)) return false;
    if (healthOf && deriveGroupHealth(enabled.map(healthOf)) !== filter.health) return false;
    if (needsFacts) {
      const agg = aggregateFacts(enabled.map((d) => factsOf.get(d)!));
      if (filter.capabilities?.some((c) => agg.capabilities[c] !== true)) return false;
      if (filter.minContextWindow != null && (agg.contextWindow === null || agg.contextWindow < filter.minContextWindow)) return false;
      if (filter.maxInputPrice != null && (agg.inputPrice === null || agg.inputPrice > filter.maxInputPrice)) return false;
    }
    return true;
  });
  // The list is in SQLite's name order (UTF-8 bytes); the cursor compares the same way.
  const from = after != null ? Buffer.from(after) : null;
  const rest = from ? passing.filter((g) => Buffer.compare(Buffer.from(g.name), from) > 0) : passing;
  return toPage(rest.slice(0, limit + 1), limit, req, passing.length, (g) => g.name);
}
