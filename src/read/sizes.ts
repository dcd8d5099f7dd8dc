/**
 * The catalog's list sizes (what a query's cost is computed from: src/catalog/list-sizes.ts),
 * from a snapshot. Each part is kept per list it counts, and lists are replaced only when they
 * change, so a health batch or an alias edit recounts nothing it did not touch.
 */
import type { CatalogSizes } from "../catalog/list-sizes.ts";
import type { AliasEntry, CatalogSnapshot, DeploymentEntry } from "./snapshot.ts";

interface DeploymentSizes {
  enabledDeployments: number;
  deploymentsPerGroup: number;
  providersPerGroup: number;
  deploymentsPerProviderModel: number;
}

const byDeployments = new WeakMap<readonly DeploymentEntry[], DeploymentSizes>();
const byAliases = new WeakMap<ReadonlyMap<number, readonly AliasEntry[]>, number>();
const bySnapshot = new WeakMap<CatalogSnapshot, CatalogSizes>();

function deploymentSizes(s: CatalogSnapshot): DeploymentSizes {
  let sizes = byDeployments.get(s.deploymentsSorted);
  if (sizes) return sizes;
  let enabled = 0;
  const perProviderModel = new Map<string, number>();
  for (const d of s.deploymentsSorted) {
    if (d.enabled) enabled++;
    const key = `${d.providerId}\u0000${d.model}`;
    perProviderModel.set(key, (perProviderModel.get(key) ?? 0) + 1);
  }
  let perProviderModelMax = 0;
  for (const n of perProviderModel.values()) if (n > perProviderModelMax) perProviderModelMax = n;
  let perGroup = 0;
  let providersPerGroup = 0;
  for (const list of s.deploymentsByGroup.values()) {
    if (list.length > perGroup) perGroup = list.length;
    if (list.length > providersPerGroup) providersPerGroup = Math.max(providersPerGroup, new Set(list.map((d) => d.providerId)).size);
  }
  sizes = {
    enabledDeployments: enabled,
    deploymentsPerGroup: perGroup,
    providersPerGroup,
    deploymentsPerProviderModel: perProviderModelMax,
  };
  byDeployments.set(s.deploymentsSorted, sizes);
  return sizes;
}

export function snapshotSizes(s: CatalogSnapshot): CatalogSizes {
  let sizes = bySnapshot.get(s);
  if (sizes) return sizes;
  let aliasesPerGroup = byAliases.get(s.aliasesByGroup);
  if (aliasesPerGroup === undefined) {
    aliasesPerGroup = 0;
    for (const list of s.aliasesByGroup.values()) if (list.length > aliasesPerGroup) aliasesPerGroup = list.length;
    byAliases.set(s.aliasesByGroup, aliasesPerGroup);
  }
  sizes = {
    // The maps' sizes, not the sorted lists' lengths: those lists are built when first read.
    publicNames: s.groups.size + s.aliases.size,
    providers: s.providers.size,
    groups: s.groups.size,
    aliases: s.aliases.size,
    deployments: s.deployments.size,
    ...deploymentSizes(s),
    aliasesPerGroup,
  };
  bySnapshot.set(s, sizes);
  return sizes;
}
