import { routeTarget } from "../../catalog/route.ts";
import type { DeploymentRow, ProviderRow } from "../../db/schema.ts";
import { upstreamKey } from "../../health/health.store.ts";
import type { DeploymentEntry } from "../../read/snapshot.ts";
import type { ReadView } from "../../read/view.ts";
import { HealthStatus } from "../../health/status.ts";

/**
 * The snapshot's entry of a deployment. A mutation's payload row is normally in the view already;
 * a row that is not (a removal's) gets its route derived the same way the snapshot derives it.
 */
export function deploymentEntry(view: ReadView, row: DeploymentRow | DeploymentEntry): DeploymentEntry {
  if ("prefixedId" in row) return row;
  const found = view.deployment(row.id);
  if (found && found.updatedAt.getTime() === row.updatedAt.getTime()) return found;
  const provider = view.provider(row.providerId)!;
  const target = routeTarget(provider, provider.typeInfo, row.model, row.apiBase);
  return { ...row, prefixedId: target.prefixedId, effectiveApiBase: target.apiBase, upstream: target.ref, upstreamKey: upstreamKey(target.ref) };
}

/** Distinct providers in first-seen order. */
export function distinctProviders<P extends Pick<ProviderRow, "id">>(routes: readonly { provider: P }[]): P[] {
  const seen = new Map<number, P>();
  for (const r of routes) if (!seen.has(r.provider.id)) seen.set(r.provider.id, r.provider);
  return [...seen.values()];
}

export { HealthStatus };
