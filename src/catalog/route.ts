import type { DeploymentRow, ProviderRow } from "../db/schema.ts";
import type { UpstreamRef } from "../health/health.store.ts";
import type { HealthView } from "../health/status.ts";
import { effectiveApiBase, normalizeApiBase, prefixedId } from "./prefix.ts";
import type { ProviderTypeInfo } from "./provider-types.ts";

/** Where a model on a provider routes to, and the upstream whose stored health applies. */
export interface RouteTarget {
  prefixedId: string;
  /** Effective API base: the deployment's override, else the provider's, else the type's default. */
  apiBase: string | null;
  ref: UpstreamRef;
}

export function routeTarget(provider: ProviderRow, type: ProviderTypeInfo, model: string, deploymentApiBase?: string | null): RouteTarget {
  const apiBase = effectiveApiBase(deploymentApiBase, provider.apiBase, type);
  return { prefixedId: prefixedId(type, model), apiBase, ref: { providerId: provider.id, model, apiBase: normalizeApiBase(apiBase) } };
}

/** A deployment with where it routes and its upstream's stored health. */
export interface Route {
  deployment: DeploymentRow;
  provider: ProviderRow;
  type: ProviderTypeInfo;
  prefixedId: string;
  apiBase: string | null;
  health: HealthView;
}
