import type Database from "better-sqlite3";
import { desc, getTableColumns } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { modelRegistries, type DeploymentRow, type ModelRegistryRow } from "../../db/schema.ts";
import { BadUserInputError } from "../../errors.ts";
import { detectRegistryFormat } from "../../registry/detect.ts";
import { mergeFacts, overrideFacts, type ModelFacts } from "../../registry/facts.ts";
import {
  countModels,
  deserializeRegistry,
  parseLiteLLMPrices,
  parseModelsDev,
  RegistryFormatError,
  serializeRegistry,
  type RegistryData,
  type RegistryFormat,
} from "../../registry/formats.ts";
import { ModelRegistry, type DatasetSummary } from "../../registry/registry.ts";
import type { RegistryEntry } from "../../read/snapshot.ts";
import type { FactsSource } from "../../read/view.ts";
import { shippedDatasets, shippedRegistryData } from "../../registry/shipped.ts";
import { findProviderType, PROVIDER_TYPES } from "../provider-types.ts";

/** Largest registry file accepted (characters). The corpus files are 1.5 and 2.4 MB. */
export const MAX_REGISTRY_CHARS = 64 * 1024 * 1024;
/** Longest `source` label. */
const MAX_SOURCE_CHARS = 200;

export interface ImportFactsRequest {
  /** null: detected from the content (the CLI without --format). */
  format: RegistryFormat | null;
  content: string;
  /** A name for the data, shown in `sources` and `modelgraph facts` (a file name, "importFacts"). */
  source: string;
}

export interface ImportFactsResult {
  /** The dataset the import loaded (or found already loaded). */
  imported: DatasetSummary;
  /** What is loaded now, in precedence order: imports newest first, then the shipped data. */
  datasets: DatasetSummary[];
  /** False when the same data from the same source was already loaded: nothing was written. */
  changed: boolean;
  warnings: string[];
}

/**
 * Model facts for deployments: the registry (the imported datasets, newest first, then the shipped
 * package's data) looked up by (provider type, model), with the deployment's own overrides on
 * top. The registry is rebuilt only when the database changed (this connection's
 * `total_changes()` or another process's write through `PRAGMA data_version`), and facts are
 * memoised per registry, so reading `facts` on a page of deployments is map reads.
 */
export class FactsService implements FactsSource {
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
    datasets.push(...shippedDatasets());
    this.current = { stamp, registry: new ModelRegistry(datasets), memo: new Map() };
    return this.current.registry;
  }

  /**
   * The registry for a snapshot's stored registries (src/read/view.ts): no statement while they
   * are the ones this registry was built from, a rebuild through `registry()` when an import
   * changed them.
   */
  registryFor(registries: ReadonlyMap<string, RegistryEntry>): ModelRegistry {
    if (this.current && this.builtFor === registries) return this.current.registry;
    const stamp = [...registries.values()].map((r) => `${r.format}:${r.importedAt.getTime()}`).sort().join(",");
    if (!this.current || this.snapshotStamp !== stamp) this.registry();
    this.snapshotStamp = stamp;
    this.builtFor = registries;
    return this.current!.registry;
  }

  private builtFor: ReadonlyMap<string, RegistryEntry> | undefined;
  private snapshotStamp: string | undefined;
  private readonly entryFacts = new WeakMap<object, { registry: ModelRegistry; facts: ModelFacts }>();

  /** Facts of a snapshot's deployment entry, memoised per entry (entries are replaced when they change) and registry. */
  ofDeployment(registry: ModelRegistry, deployment: FactsRequest["deployment"], providerType: string): ModelFacts {
    const memo = this.entryFacts.get(deployment);
    if (memo?.registry === registry) return memo.facts;
    const facts = this.factsFrom(registry, this.current?.registry === registry ? this.current.memo : new Map(), deployment, providerType);
    this.entryFacts.set(deployment, { registry, facts });
    return facts;
  }

  /** What is loaded now, in precedence order: imports newest first, then the shipped data. */
  datasets(): DatasetSummary[] {
    return this.registry().summary();
  }

  /**
   * Loads a newer registry: parses the whole file first (a `RegistryFormatError` becomes
   * BAD_USER_INPUT naming the file, the JSON path and what is accepted, and nothing is written),
   * then replaces the stored registry of that format in one transaction. The next `registry()`
   * of any process on the database sees it. Importing the same data from the same source again
   * writes nothing.
   */
  importFacts(request: ImportFactsRequest): ImportFactsResult {
    const source = checkSource(request.source);
    if (request.content.length > MAX_REGISTRY_CHARS) {
      throw new BadUserInputError(
        `${source}: the file has ${request.content.length} characters; accepted: at most ${MAX_REGISTRY_CHARS} (a models.dev api.json or a LiteLLM model_prices_and_context_window.json is a few MB)`,
        { source, path: "$" },
      );
    }
    const previous = this.storedRows.all() as RawRegistryRow[];
    let importedAtMs = Date.now();
    // imported_at identifies a stored registry (registry() compares it): never reuse one.
    for (const row of previous) if (row.imported_at >= importedAtMs) importedAtMs = row.imported_at + 1;
    const importedAt = new Date(importedAtMs).toISOString();
    let data: RegistryData;
    let format: RegistryFormat;
    try {
      format = request.format ?? detectRegistryFormat(request.content, source);
      data = format === "MODELS_DEV_JSON" ? parseModelsDev(request.content, source, { importedAt }) : parseLiteLLMPrices(request.content, source, { importedAt });
    } catch (error) {
      if (error instanceof RegistryFormatError) {
        throw new BadUserInputError(error.message, { source: error.source, path: error.path, ...(request.format ? { format: request.format } : {}) });
      }
      throw error;
    }
    const replaced = previous.find((row) => row.format === format);
    const warnings = importWarnings(data, replaced);
    if (replaced && replaced.source === source) {
      const same = serializeRegistry({ ...data, importedAt: new Date(replaced.imported_at).toISOString(), dataset: replaced.dataset });
      if (same === replaced.content) {
        const datasets = this.datasets();
        const imported = datasets.find((d) => d.format === format && d.importedAt !== null)!;
        return { imported, datasets, changed: false, warnings: [`the same data from ${source} is already loaded (imported ${imported.importedAt}): nothing was written`, ...warnings] };
      }
    }
    const values = {
      source,
      dataset: data.dataset,
      version: data.version,
      dataDate: data.date,
      providers: data.providers.size,
      models: countModels(data.providers),
      content: serializeRegistry(data),
      importedAt: new Date(importedAtMs),
    };
    this.db.transaction(
      (tx) => {
        tx.insert(modelRegistries)
          .values({ format, ...values })
          .onConflictDoUpdate({ target: modelRegistries.format, set: values })
          .run();
      },
      { behavior: "immediate" },
    );
    const datasets = this.datasets();
    const imported = datasets.find((d) => d.format === format && d.importedAt === importedAt)!;
    return { imported, datasets, changed: true, warnings };
  }

  /** The stored registry rows, newest first (without their content). */
  stored(): Omit<ModelRegistryRow, "content">[] {
    const { content: _content, ...columns } = getTableColumns(modelRegistries);
    return this.db.select(columns).from(modelRegistries).orderBy(desc(modelRegistries.importedAt)).all();
  }

  /**
   * Facts of one deployment: its overrides over what the registry knows of (its provider's type,
   * its model). `baseModel`: LiteLLM `model_info.base_model`, when the deployment has one.
   */
  forDeployment(deployment: FactsRequest["deployment"], providerType: string): ModelFacts {
    return this.forDeployments([{ deployment, providerType }])[0]!;
  }

  /**
   * Facts of many deployments against one freshness check of the registry (two statements
   * whatever the number of items), memoised per registry.
   */
  forDeployments(requests: readonly FactsRequest[]): ModelFacts[] {
    if (requests.length === 0) return [];
    const registry = this.registry();
    const memo = this.current!.memo;
    return requests.map(({ deployment, providerType }) => this.factsFrom(registry, memo, deployment, providerType));
  }

  private factsFrom(registry: ModelRegistry, memo: Map<string, ModelFacts>, deployment: FactsRequest["deployment"], providerType: string): ModelFacts {
    const baseModel = baseModelOf(deployment.extraParams);
    const override = deployment.factsOverride ?? null;
    const hasOverride = override !== null && Object.keys(override).length > 0;
    const key = `${providerType}\u0000${deployment.model}\u0000${baseModel ?? ""}\u0000${hasOverride ? JSON.stringify(override) : ""}`;
    let facts = memo.get(key);
    if (facts === undefined) {
      const type = findProviderType(providerType) ?? { id: providerType, prefix: providerType };
      const found = registry.lookup(type, deployment.model, { baseModel });
      facts = hasOverride ? mergeFacts(found, overrideFacts(override, "deployment")) : found;
      if (memo.size >= MAX_MEMOISED_FACTS) memo.clear();
      memo.set(key, facts);
    }
    return facts;
  }
}

/** One deployment whose facts are asked for, with its provider's type id. */
export interface FactsRequest {
  deployment: Pick<DeploymentRow, "model" | "factsOverride" | "extraParams">;
  providerType: string;
}

/** Facts kept per registry; past this the memo starts again (a catalog has fewer distinct models). */
const MAX_MEMOISED_FACTS = 50_000;

interface RawRegistryRow {
  format: RegistryFormat;
  source: string;
  dataset: string;
  data_date: string | null;
  content: string;
  imported_at: number;
}

function checkSource(source: string): string {
  if (source.length === 0 || source.length > MAX_SOURCE_CHARS || /[\u0000-\u001f\u007f]/.test(source) || source.trim() !== source) {
    throw new BadUserInputError(
      `source ${JSON.stringify(source.length > 60 ? source.slice(0, 60) + "…" : source)} is not accepted: expected 1 to ${MAX_SOURCE_CHARS} characters without control characters or surrounding spaces, e.g. the file name`,
      { field: "source" },
    );
  }
  return source;
}

/** Advice about an import that is loaded anyway: data older than what it replaces, providers no type looks up. */
function importWarnings(data: RegistryData, replaced: RawRegistryRow | undefined): string[] {
  const warnings: string[] = [];
  if (replaced?.data_date && data.date && data.date < replaced.data_date) {
    warnings.push(`${data.source}'s data (dated ${data.date}) is older than the ${data.format} registry it replaces (${replaced.source}, dated ${replaced.data_date})`);
  }
  const shipped = shippedRegistryData().date;
  if (data.format === "MODELS_DEV_JSON" && shipped && data.date && data.date < shipped) {
    warnings.push(`${data.source}'s data (dated ${data.date}) is older than the shipped data (dated ${shipped}); where both know a fact, the import's value is used`);
  }
  const looked = new Set(
    data.format === "MODELS_DEV_JSON" ? PROVIDER_TYPES.flatMap((t) => (t.modelsDevId ? [t.modelsDevId] : [])) : PROVIDER_TYPES.map((t) => t.id),
  );
  const unused = [...data.providers.keys()].filter((p) => !looked.has(p)).sort();
  if (unused.length > 0) {
    const models = unused.reduce((n, p) => n + data.providers.get(p)!.size, 0);
    const what = data.format === "MODELS_DEV_JSON" ? "models.dev provider id of no provider type" : "LiteLLM provider that is no provider type";
    warnings.push(
      `${unused.length} of ${data.providers.size} providers in ${data.source} (${models} models) are a ${what}, so no deployment looks them up: ${unused.slice(0, 10).join(", ")}${unused.length > 10 ? ", …" : ""}`,
    );
  }
  return warnings;
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
