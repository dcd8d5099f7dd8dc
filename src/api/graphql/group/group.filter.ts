import { BadUserInputError } from "../../../errors.ts";
import { HealthStatus } from "../../../health/status.ts";
import type { Capability } from "../../../registry/facts.ts";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../../../catalog/paging.ts";
import { findProviderType, PROVIDER_TYPES } from "../../../catalog/provider-types.ts";
import { closestNames } from "../../../catalog/suggest.ts";
import { show } from "../../../catalog/validation.ts";
import { compareBinary, type GroupEntry } from "../../../read/snapshot.ts";
import type { ReadView } from "../../../read/view.ts";

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

/**
 * A page of the groups matching `search` and `filter`. Facts and health are not indexed, so this
 * decides every matching group from the snapshot (its candidates, their providers, health and
 * facts) and pages over the result by name; `totalCount` counts the groups that pass. Work grows
 * with the catalog, not the page (docs/model-registry.md, "GraphQL").
 */
export function filteredGroupPage(view: ReadView, req: PageRequest, search: string | null | undefined, filter: GroupFilter): Page<GroupEntry> {
  validateFilter(filter);
  const limit = pageSize(req.first);
  const after = req.after != null ? decodeCursor<string>(req.after, "string") : null;
  const needsFacts = (filter.capabilities?.length ?? 0) > 0 || filter.minContextWindow != null || filter.maxInputPrice != null;
  const passing = view.matchingGroups(search).filter((group) => {
    const enabled = view.candidatesOf(group.id);
    if (filter.providerType != null && !enabled.some((d) => view.provider(d.providerId)!.type === filter.providerType)) return false;
    if (filter.health != null && view.groupHealth(group.id) !== filter.health) return false;
    if (needsFacts) {
      const agg = view.groupFacts(group.id);
      if (filter.capabilities?.some((c) => agg.capabilities[c] !== true)) return false;
      if (filter.minContextWindow != null && (agg.contextWindow === null || agg.contextWindow < filter.minContextWindow)) return false;
      if (filter.maxInputPrice != null && (agg.inputPrice === null || agg.inputPrice > filter.maxInputPrice)) return false;
    }
    return true;
  });
  // The list is in SQLite's name order (code points); the cursor compares the same way.
  const from = after != null ? passing.findIndex((g) => compareBinary(g.name, after) > 0) : 0;
  const rest = from < 0 ? [] : passing.slice(from);
  return toPage(rest.slice(0, limit + 1), limit, req, passing.length, (g) => g.name);
}
