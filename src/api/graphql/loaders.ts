import DataLoader from "dataloader";
import type { Catalog } from "../../catalog/catalog.ts";
import { candidatesOf } from "../../catalog/resolution/select.ts";
import { aggregateFacts, type ModelFacts } from "../../registry/facts.ts";
import type { AliasRow, DeploymentRow, HealthHistoryRow, ModelGroupRow, ProviderRow } from "../../db/schema.ts";
import { upstreamKey, type UpstreamRef } from "../../health/health.store.ts";
import { UNKNOWN_HEALTH, type HealthView } from "../../health/status.ts";

function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | undefined)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k));
}

function groupedBy<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

/** What facts are looked up by: a deployment row, or an ad-hoc route (no overrides). */
export type FactsKey = Pick<DeploymentRow, "providerId" | "model" | "factsOverride" | "extraParams">;

/** loadMany's results, rethrowing the first failure (a missing provider row is a broken foreign key). */
function settled<V>(values: readonly (V | Error | undefined)[]): V[] {
  return values.map((v) => {
    if (v instanceof Error) throw v;
    if (v === undefined) throw new Error("a row the loaders expected is missing");
    return v;
  });
}

/**
 * One DataLoader per entity and key, built per request: every relation a field follows is
 * batched into one statement per level of the query, whatever the size of the result.
 */
export function createLoaders(catalog: Catalog) {
  const providerById = new DataLoader<number, ProviderRow | undefined>(async (ids) => byKey(ids, catalog.providers.byIds(ids), (p) => p.id));
  const deploymentsByGroupId = new DataLoader<number, DeploymentRow[]>(async (ids) => groupedBy(ids, catalog.deployments.byGroupIds(ids), (d) => d.groupId));
  /**
   * Facts of deployment rows (or an ad-hoc route: provider + model, no overrides): one registry
   * check per batch, then map reads, so a page of `facts` adds no statement per item.
   */
  const factsOfDeployment = new DataLoader<FactsKey, ModelFacts>(async (rows) => {
    const providers = settled(await providerById.loadMany(rows.map((d) => d.providerId)));
    return catalog.facts.forDeployments(rows.map((deployment, i) => ({ deployment, providerType: providers[i]!.type })));
  });
  return {
    providerById,
    groupById: new DataLoader<number, ModelGroupRow | undefined>(async (ids) => byKey(ids, catalog.groups.byIds(ids), (g) => g.id)),
    deploymentById: new DataLoader<number, DeploymentRow | undefined>(async (ids) => byKey(ids, catalog.deployments.byIds(ids), (d) => d.id)),
    aliasById: new DataLoader<number, AliasRow | undefined>(async (ids) => byKey(ids, catalog.aliases.byIds(ids), (a) => a.id)),
    deploymentsByGroupId,
    factsOfDeployment,
    /** A group's facts: aggregateFacts over its enabled deployments (LiteLLM's /model_group/info rule). */
    factsByGroupId: new DataLoader<number, ModelFacts>(async (ids) => {
      const lists = await deploymentsByGroupId.loadMany(ids);
      return Promise.all(
        settled(lists).map(async (rows) => aggregateFacts(settled(await factsOfDeployment.loadMany(candidatesOf(rows))))),
      );
    }),
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
