import type { DeploymentRow } from "../../db/schema.ts";
import { mergeFacts, overrideFacts, type ModelFacts } from "../../registry/facts.ts";
import type { ModelRegistry } from "../../registry/registry.ts";
import { findProviderType } from "../provider-types.ts";
import type { FactsService } from "./facts.service.ts";

export interface FactsRequest {
  deployment: Pick<DeploymentRow, "model" | "factsOverride" | "extraParams">;
  /** The provider's type id. */
  providerType: string;
}

const memos = new WeakMap<ModelRegistry, Map<string, ModelFacts>>();

/**
 * Facts of many deployments against one registry check. `FactsService.forDeployment` checks
 * whether the stored registries changed on every call (two statements), which would make a page
 * of `facts` cost two statements per item; this asks for the registry once per batch and then
 * applies the same rule as forDeployment: the deployment's overrides over the registry's lookup
 * of (provider type, model, model_info.base_model), memoised per registry.
 * TODO(issue 9): fold into FactsService as a batch method and delegate.
 */
export function factsForMany(service: FactsService, requests: readonly FactsRequest[]): ModelFacts[] {
  if (requests.length === 0) return [];
  const registry = service.registry();
  let memo = memos.get(registry);
  if (!memo) memos.set(registry, (memo = new Map()));
  return requests.map(({ deployment, providerType }) => {
    const baseModel = baseModelOf(deployment.extraParams);
    const override = deployment.factsOverride ?? null;
    const hasOverride = override !== null && Object.keys(override).length > 0;
    const key = `${providerType}\u0000${deployment.model}\u0000${baseModel ?? ""}\u0000${hasOverride ? JSON.stringify(override) : ""}`;
    let facts = memo.get(key);
    if (facts === undefined) {
      const type = findProviderType(providerType) ?? { id: providerType, prefix: providerType };
      const found = registry.lookup(type, deployment.model, { baseModel });
      facts = hasOverride ? mergeFacts(found, overrideFacts(override, "deployment")) : found;
      if (memo.size >= 50_000) memo.clear();
      memo.set(key, facts);
    }
    return facts;
  });
}

/** LiteLLM `model_info.base_model` kept with a deployment's parameters, if any (as FactsService reads it). */
function baseModelOf(extra: Record<string, unknown> | null | undefined): string | null {
  const info = extra?.model_info;
  if (info && typeof info === "object" && !Array.isArray(info)) {
    const base = (info as Record<string, unknown>).base_model;
    if (typeof base === "string" && base !== "") return base;
  }
  return null;
}
