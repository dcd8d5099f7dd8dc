import { effectiveApiBase, normalizeApiBase, prefixedId } from "../catalog/prefix.ts";
import type { ProviderTypeInfo } from "../catalog/provider-types.ts";
import { candidatesOf, selectCandidate, type Selection } from "../catalog/resolution/select.ts";
import type { DeploymentRow, ProviderRow } from "../db/schema.ts";
import { deriveGroupHealth, HealthStatus, type HealthView } from "../health/status.ts";
import type { Context } from "./context.ts";

/** Where a deployment routes to, with its upstream's stored health; all through the loaders. */
export interface Route {
  deployment: DeploymentRow;
  provider: ProviderRow;
  type: ProviderTypeInfo;
  prefixedId: string;
  apiBase: string | null;
  health: HealthView;
}

export async function routeOf(ctx: Context, deployment: DeploymentRow): Promise<Route> {
  const provider = (await ctx.loaders.providerById.load(deployment.providerId))!;
  const type = ctx.catalog.providers.typeOf(provider);
  const apiBase = effectiveApiBase(deployment.apiBase, provider.apiBase, type);
  const health = await ctx.loaders.healthByUpstream.load({ providerId: provider.id, model: deployment.model, apiBase: normalizeApiBase(apiBase) });
  return { deployment, provider, type, prefixedId: prefixedId(type, deployment.model), apiBase, health };
}

/** The candidates of a group in order, and the one resolution would select now. */
export async function groupSelection(ctx: Context, groupId: number): Promise<{ routes: Route[]; choice: Selection<Route> }> {
  const rows = candidatesOf(await ctx.loaders.deploymentsByGroupId.load(groupId));
  const routes = await Promise.all(rows.map((d) => routeOf(ctx, d)));
  return { routes, choice: selectCandidate(routes, (r) => r.health.status) };
}

export async function groupHealth(ctx: Context, groupId: number): Promise<HealthStatus> {
  const { routes } = await groupSelection(ctx, groupId);
  return deriveGroupHealth(routes.map((r) => r.health.status));
}

/** Distinct providers in first-seen order. */
export function distinctProviders(routes: readonly { provider: ProviderRow }[]): ProviderRow[] {
  const seen = new Map<number, ProviderRow>();
  for (const r of routes) if (!seen.has(r.provider.id)) seen.set(r.provider.id, r.provider);
  return [...seen.values()];
}

export { HealthStatus };
