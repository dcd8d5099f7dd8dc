import type Database from "better-sqlite3";
import type { Db } from "../../db/client.ts";
import type { DeploymentRow, ModelRegistryRow } from "../../db/schema.ts";
import { mergeFacts, overrideFacts, type ModelFacts } from "../../registry/facts.ts";
import { deserializeRegistry, type RegistryData } from "../../registry/formats.ts";
import { ModelRegistry } from "../../registry/registry.ts";
import { shippedRegistryData } from "../../registry/shipped.ts";
import { findProviderType } from "../provider-types.ts";

/**
 * Model facts for deployments: the registry (the imported datasets, newest first, then the shipped
 * package's data) looked up by (provider type, model), with the deployment's own overrides on
 * top. The registry is rebuilt only when the database changed (this connection's
 * `total_changes()` or another process's write through `PRAGMA data_version`), and facts are
 * memoised per registry, so reading `facts` on a page of deployments is map reads.
 */
export class FactsService {
  private readonly ownWrites: Database.Statement;
  private readonly otherWrites: Database.Statement;
  private readonly storedVersion: Database.Statement;
  private readonly storedRows: Database.Statement;
  private checkedAt: string | undefined;
  private current: { stamp: string; registry: ModelRegistry; memo: Map<string, ModelFacts> } | undefined;

  constructor(private readonly db: Db) {
    const sqlite = db.$client;
    this.ownWrites = sqlite.prepare("select total_changes()").pluck();
    this.otherWrites = sqlite.prepare("pragma data_version").pluck();
    // What identifies the stored registries: a changed import changes this, other writes do not.
    this.storedVersion = sqlite.prepare("select coalesce(group_concat(format || ':' || imported_at, ','), '') from model_registries").pluck();
    this.storedRows = sqlite.prepare("select * from model_registries order by imported_at desc");
  }

  /** The registry in force now (rebuilt when another import landed, in this process or another). */
  registry(): ModelRegistry {
    const version = `${this.ownWrites.get() as number}:${this.otherWrites.get() as number}`;
    if (this.current && this.checkedAt === version) return this.current.registry;
    this.checkedAt = version;
    const stamp = this.storedVersion.get() as string;
    if (this.current?.stamp === stamp) return this.current.registry;
    const rows = this.storedRows.all() as { format: string; source: string; content: string }[];
    const datasets: RegistryData[] = rows.map((row) => deserializeRegistry(row.content, row.source));
    datasets.push(shippedRegistryData());
    this.current = { stamp, registry: new ModelRegistry(datasets), memo: new Map() };
    return this.current.registry;
  }

  /** The stored registry rows, newest first (without their content). */
  stored(): Omit<ModelRegistryRow, "content">[] {
    return (this.storedRows.all() as ModelRegistryRow[]).map(({ content: _content, ...row }) => row);
  }

  /**
   * Facts of one deployment: its overrides over what the registry knows of (its provider's type,
   * its model). `baseModel`: LiteLLM `model_info.base_model`, when the deployment has one.
   */
  forDeployment(deployment: Pick<DeploymentRow, "model" | "factsOverride" | "extraParams">, providerType: string): ModelFacts {
    const registry = this.registry();
    const memo = this.current!.memo;
    const baseModel = baseModelOf(deployment.extraParams);
    const override = deployment.factsOverride ?? null;
    const key = `${providerType}\u0000${deployment.model}\u0000${baseModel ?? ""}\u0000${override ? JSON.stringify(override) : ""}`;
    let facts = memo.get(key);
    if (facts === undefined) {
      const type = findProviderType(providerType);
      const found = type ? registry.lookup(type, deployment.model, { baseModel }) : registry.lookup({ id: providerType, prefix: providerType }, deployment.model, { baseModel });
      facts = override && Object.keys(override).length > 0 ? mergeFacts(found, overrideFacts(override, "deployment")) : found;
      if (memo.size >= 50_000) memo.clear();
      memo.set(key, facts);
    }
    return facts;
  }
}

/** LiteLLM `model_info.base_model` kept with a deployment's parameters, if any. */
function baseModelOf(extra: Record<string, unknown> | null | undefined): string | null {
  const info = extra?.model_info;
  if (info && typeof info === "object" && !Array.isArray(info)) {
    const base = (info as Record<string, unknown>).base_model;
    if (typeof base === "string" && base !== "") return base;
  }
  return null;
}
