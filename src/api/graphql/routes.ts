import { candidatesOf, selectCandidate, type Selection } from "../../catalog/resolution/select.ts";
import { routeTarget, type Route } from "../../catalog/route.ts";
import type { DeploymentRow, ProviderRow } from "../../db/schema.ts";
import { deriveGroupHealth, HealthStatus } from "../../health/status.ts";
import type { Context } from "./context.ts";

/** Where a deployment routes to, with its upstream's stored health; all through the loaders. */
export async function routeOf(ctx: Context, deployment: DeploymentRow): Promise<Route> {
  const provider = (await ctx.loaders.providerById.load(deployment.providerId))!;
  const type = ctx.catalog.providers.typeOf(provider);
  const { prefixedId, apiBase, ref } = routeTarget(provider, type, deployment.model, deployment.apiBase);
  const health = await ctx.loaders.healthByUpstream.load(ref);
  return { deployment, provider, type, prefixedId, apiBase, health };
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
