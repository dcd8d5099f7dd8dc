import DataLoader from "dataloader";
import type { Catalog } from "../catalog/catalog.ts";
import type { AliasRow, DeploymentRow, HealthHistoryRow, ModelGroupRow, ProviderRow } from "../db/schema.ts";
import { upstreamKey, type UpstreamRef } from "../health/health.store.ts";
import { UNKNOWN_HEALTH, type HealthView } from "../health/status.ts";

function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | undefined)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k));
}

function groupedBy<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

/**
 * One DataLoader per entity and key, built per request: every relation a field follows is
 * batched into one statement per level of the query, whatever the size of the result.
 */
export function createLoaders(catalog: Catalog) {
  return {
    providerById: new DataLoader<number, ProviderRow | undefined>(async (ids) => byKey(ids, catalog.providers.byIds(ids), (p) => p.id)),
    groupById: new DataLoader<number, ModelGroupRow | undefined>(async (ids) => byKey(ids, catalog.groups.byIds(ids), (g) => g.id)),
    deploymentById: new DataLoader<number, DeploymentRow | undefined>(async (ids) => byKey(ids, catalog.deployments.byIds(ids), (d) => d.id)),
    aliasById: new DataLoader<number, AliasRow | undefined>(async (ids) => byKey(ids, catalog.aliases.byIds(ids), (a) => a.id)),
    deploymentsByGroupId: new DataLoader<number, DeploymentRow[]>(async (ids) =>
      groupedBy(ids, catalog.deployments.byGroupIds(ids), (d) => d.groupId),
    ),
    deploymentsByProviderId: new DataLoader<number, DeploymentRow[]>(async (ids) =>
      groupedBy(ids, catalog.deployments.byProviderIds(ids), (d) => d.providerId),
    ),
    aliasesByGroupId: new DataLoader<number, AliasRow[]>(async (ids) => groupedBy(ids, catalog.aliases.byGroupIds(ids), (a) => a.groupId)),
    healthByUpstream: new DataLoader<UpstreamRef, HealthView, string>(
      async (refs) => {
        const found = catalog.health.readMany(refs);
        return refs.map((r) => found.get(upstreamKey(r)) ?? UNKNOWN_HEALTH);
      },
      { cacheKeyFn: upstreamKey },
    ),
    /** The last 24 hours of probe results per upstream, oldest first (uptime and latency). */
    healthDayByUpstream: new DataLoader<UpstreamRef, HealthHistoryRow[], string>(
      async (refs) => {
        const found = catalog.health.historySince(refs, new Date(Date.now() - 86_400_000));
        return refs.map((r) => found.get(upstreamKey(r)) ?? []);
      },
      { cacheKeyFn: upstreamKey },
    ),
    /** The latest `last` results per upstream, newest first. */
    healthLatestByUpstream: new DataLoader<{ ref: UpstreamRef; last: number }, HealthHistoryRow[], string>(
      async (keys) => {
        const last = Math.max(...keys.map((k) => k.last));
        const found = catalog.health.latest(
          keys.map((k) => k.ref),
          last,
        );
        return keys.map((k) => (found.get(upstreamKey(k.ref)) ?? []).slice(0, k.last));
      },
      { cacheKeyFn: (k) => `${upstreamKey(k.ref)}\u0000${k.last}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
