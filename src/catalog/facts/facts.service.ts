import { desc } from "drizzle-orm";
import type { DeploymentRow, ModelRegistryRow } from "../../db/schema.ts";
import type { Store, Tx } from "../../db/store.ts";
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
  /** The catalog version the import committed (null: nothing was written). */
  version: number | null;
}

/** What identifies a set of stored registries: a changed import changes it, other writes do not. */
function stampOf(rows: Iterable<{ format: string; importedAt: Date }>): string {
  return [...rows].map((r) => `${r.format}:${r.importedAt.getTime()}`).sort().join(",");
}

type StoredRegistry = Pick<ModelRegistryRow, "format" | "source" | "dataset" | "dataDate" | "content" | "importedAt">;

/**
 * Model facts for deployments: the registry (the imported datasets, newest first, then the shipped
 * package's data) looked up by (provider type, model), with the deployment's own overrides on
 * top. The registry is rebuilt only when the stored registries changed (an import, in this
 * process or another), and facts are memoised per registry, so reading `facts` on a page of
 * deployments is map reads.
 */
export class FactsService implements FactsSource {
  private current: { stamp: string; registry: ModelRegistry; memo: Map<string, ModelFacts> } | undefined;
  /** A load started by `registryFor` (PostgreSQL: the read path cannot wait for it). */
  private loading: Promise<unknown> | undefined;
  private builtFor: ReadonlyMap<string, RegistryEntry> | undefined;
  private readonly entryFacts = new WeakMap<object, { registry: ModelRegistry; facts: ModelFacts }>();

  constructor(private readonly store: Store) {}

  /** The registry in force now: one statement when no import landed since it was built. */
  async registry(tx: Tx = this.store.db): Promise<ModelRegistry> {
    const { modelRegistries } = tx.t;
    const stored = await tx.select({ format: modelRegistries.format, importedAt: modelRegistries.importedAt }).from(modelRegistries);
    if (this.current?.stamp === stampOf(stored)) return this.current.registry;
    return this.install(await this.readStored(tx));
  }

  private async readStored(tx: Tx): Promise<StoredRegistry[]> {
    const { modelRegistries: r } = tx.t;
    return tx
      .select({ format: r.format, source: r.source, dataset: r.dataset, dataDate: r.dataDate, content: r.content, importedAt: r.importedAt })
      .from(r)
      .orderBy(desc(r.importedAt));
  }

  /** Builds the registry of `rows` (newest first), unless it is the one in force. */
  private install(rows: readonly StoredRegistry[]): ModelRegistry {
    const stamp = stampOf(rows);
    if (this.current?.stamp === stamp) return this.current.registry;
    const datasets: RegistryData[] = rows.map((row) => deserializeRegistry(row.content, row.source));
    datasets.push(...shippedDatasets());
    this.current = { stamp, registry: new ModelRegistry(datasets), memo: new Map() };
    return this.current.registry;
  }

  /**
   * The registry for a snapshot's stored registries (src/read/view.ts): no statement while they
   * are the ones this registry was built from. When an import changed them, SQLite reads the new
   * ones at once (its snapshot is read synchronously too); on PostgreSQL the read path cannot
   * wait, so the registry loaded so far answers until the load started here lands (a few ms
   * after another replica's import; this replica's own imports load before they return).
   */
  registryFor(registries: ReadonlyMap<string, RegistryEntry>): ModelRegistry {
    if (this.current && this.builtFor === registries) return this.current.registry;
    const stamp = stampOf(registries.values());
    if (this.current?.stamp !== stamp) {
      // No stored registry: the shipped data alone, nothing to read.
      if (stamp === "") this.install([]);
      else this.catchUp();
    }
    if (this.current?.stamp !== stamp) return this.current?.registry ?? this.install([]);
    this.builtFor = registries;
    return this.current.registry;
  }

  private catchUp(): void {
    if (this.store.dialect === "sqlite") {
      // better-sqlite3 answers synchronously: the one place a builder runs with .all().
      const db = this.store.db;
      const { modelRegistries: r } = db.t;
      this.install(
        db
          .select({ format: r.format, source: r.source, dataset: r.dataset, dataDate: r.dataDate, content: r.content, importedAt: r.importedAt })
          .from(r)
          .orderBy(desc(r.importedAt))
          .all(),
      );
      return;
    }
    // A failed load is tried again by the next read.
    this.loading ??= this.registry()
      .catch(() => undefined)
      .finally(() => (this.loading = undefined));
  }

  /** Facts of a snapshot's deployment entry, memoised per entry (entries are replaced when they change) and registry. */
  ofDeployment(registry: ModelRegistry, deployment: FactsRequest["deployment"], providerType: string): ModelFacts {
    const memo = this.entryFacts.get(deployment);
    if (memo?.registry === registry) return memo.facts;
    const facts = this.factsFrom(registry, this.current?.registry === registry ? this.current.memo : new Map(), deployment, providerType);
    this.entryFacts.set(deployment, { registry, facts });
    return facts;
  }

  /** What is loaded now, in precedence order: imports newest first, then the shipped data. */
  async datasets(): Promise<DatasetSummary[]> {
    return (await this.registry()).summary();
  }

  /**
   * Loads a newer registry: parses the whole file first (a `RegistryFormatError` becomes
   * BAD_USER_INPUT naming the file, the JSON path and what is accepted, and nothing is written),
   * then replaces the stored registry of that format in one transaction. The next `registry()`
   * of any process on the database sees it. Importing the same data from the same source again
   * writes nothing.
   */
  async importFacts(request: ImportFactsRequest): Promise<ImportFactsResult> {
    const source = checkSource(request.source);
    if (request.content.length > MAX_REGISTRY_CHARS) {
      throw new BadUserInputError(
        `${source}: the file has ${request.content.length} characters; accepted: at most ${MAX_REGISTRY_CHARS} (a models.dev api.json or a LiteLLM model_prices_and_context_window.json is a few MB)`,
        { source, path: "$" },
      );
    }
    const previous = await this.readStored(this.store.db);
    let importedAtMs = Date.now();
    // imported_at identifies a stored registry (registry() compares it): never reuse one.
    for (const row of previous) if (row.importedAt.getTime() >= importedAtMs) importedAtMs = row.importedAt.getTime() + 1;
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
      const same = serializeRegistry({ ...data, importedAt: replaced.importedAt.toISOString(), dataset: replaced.dataset });
      if (same === replaced.content) {
        const datasets = await this.datasets();
        const imported = datasets.find((d) => d.format === format && d.importedAt !== null)!;
        return {
          imported,
          datasets,
          changed: false,
          warnings: [`the same data from ${source} is already loaded (imported ${imported.importedAt}): nothing was written`, ...warnings],
          version: null,
        };
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
    const { version } = await this.store.transaction(async (tx) => {
      const { modelRegistries } = tx.t;
      await tx
        .insert(modelRegistries)
        .values({ format, ...values })
        .onConflictDoUpdate({ target: modelRegistries.format, set: values });
    });
    const datasets = await this.datasets();
    const imported = datasets.find((d) => d.format === format && d.importedAt === importedAt)!;
    return { imported, datasets, changed: true, warnings, version };
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
function importWarnings(data: RegistryData, replaced: StoredRegistry | undefined): string[] {
  const warnings: string[] = [];
  if (replaced?.dataDate && data.date && data.date < replaced.dataDate) {
    warnings.push(`${data.source}'s data (dated ${data.date}) is older than the ${data.format} registry it replaces (${replaced.source}, dated ${replaced.dataDate})`);
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
