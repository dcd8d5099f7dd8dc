/**
 * The model registry: datasets in precedence order, looked up by (provider type, model id)
 * exactly, with a short list of documented normalisations and nothing else (no substring, no
 * closest name). Every lookup is a handful of map reads. Rules: docs/model-registry.md.
 */
import type { ProviderTypeInfo } from "../catalog/provider-types.ts";
import { findProviderType } from "../catalog/provider-types.ts";
import { emptyValues, knownFields, mergeFacts, notFoundFacts, type FactValues, type ModelFacts } from "./facts.ts";
import { countModels, type RegistryData, type RegistryEntry, type RegistryFormat } from "./formats.ts";

/** A provider type as the registry needs it: the id, its prefix and, for models.dev data, its provider id. */
export type RegistryProviderType = Pick<ProviderTypeInfo, "id" | "prefix"> & { readonly modelsDevId?: string | null };

export interface LookupOptions {
  /** LiteLLM `model_info.base_model` (e.g. "azure/gpt-4o"): the model an Azure deployment name stands for. */
  baseModel?: string | null;
}

export interface DatasetSummary {
  dataset: string;
  format: RegistryFormat;
  source: string;
  version: string | null;
  date: string | null;
  importedAt: string | null;
  providers: number;
  models: number;
}

/**
 * Model creators: the provider types whose own catalogue is where an unprefixed LiteLLM model id
 * (`gpt-4o`, `claude-3-5-sonnet-20240620`) belongs. Resellers, clouds and gateways (azure, bedrock,
 * vertex_ai, openrouter, groq, together_ai, …) serve other creators' models and are not listed.
 */
export const FIRST_PARTY_PROVIDER_TYPES: readonly string[] = [
  "openai",
  "anthropic",
  "gemini",
  "mistral",
  "cohere",
  "deepseek",
  "xai",
  "zai",
  "moonshot",
  "minimax",
  "dashscope",
  "ai21",
  "perplexity",
  "meta_llama",
  "amazon_nova",
  "xiaomi_mimo",
  "inception",
];

/** AWS cross-region inference profile prefixes on Bedrock model ids (`us.anthropic.claude-…`). */
const BEDROCK_GEO = /^(us|us-gov|eu|apac|ap|au|jp|ca|global)\.(?=[a-z0-9-]+\.)/;

interface Index {
  data: RegistryData;
  /** Only for case-insensitive datasets: provider → lowercased id → entry (first in file order wins). */
  lower: Map<string, Map<string, RegistryEntry>> | null;
}

interface Hit {
  index: Index;
  provider: string;
  model: string;
  entry: RegistryEntry;
  normalisation: string | null;
}

export class ModelRegistry {
  private readonly indexes: Index[];
  private readonly firstParty = new Map<string, string[]>();

  /** `datasets` in precedence order, highest first: the newest import, …, the shipped data last. */
  constructor(datasets: readonly RegistryData[]) {
    this.indexes = datasets.map((data) => ({ data, lower: data.caseInsensitive ? lowerIndex(data) : null }));
    for (const typeId of FIRST_PARTY_PROVIDER_TYPES) {
      const type = findProviderType(typeId);
      if (!type) continue;
      const ids = new Set<string>();
      for (const { data } of this.indexes) {
        const key = providerKey(data, type);
        for (const id of (key === null ? undefined : data.providers.get(key))?.keys() ?? []) ids.add(id);
      }
      for (const id of ids) {
        const list = this.firstParty.get(id);
        if (list) list.push(typeId);
        else this.firstParty.set(id, [typeId]);
      }
    }
  }

  get datasets(): readonly RegistryData[] {
    return this.indexes.map((i) => i.data);
  }

  /**
   * Facts of `model` as a provider of `type` serves it. Each field comes from the highest dataset
   * that knows it; `sources` says which. Unknown everywhere: all null and one NOT_FOUND source.
   */
  lookup(type: RegistryProviderType, model: string, options: LookupOptions = {}): ModelFacts {
    let facts: ModelFacts | null = null;
    const searched: string[] = [];
    const keys = new Set<string>();
    for (let i = this.indexes.length - 1; i >= 0; i--) {
      const index = this.indexes[i]!;
      const provider = providerKey(index.data, type);
      if (provider === null) continue;
      const base = options.baseModel ? this.find(index, provider, type, options.baseModel, true) : null;
      const hit = base ?? this.find(index, provider, type, model, false);
      if (!hit) {
        searched.unshift(index.data.dataset);
        if (options.baseModel) keys.add(`${provider}/${stripPrefix(options.baseModel, type)} (base model)`);
        keys.add(`${provider}/${model}`);
        continue;
      }
      const found = factsOf(hit);
      facts = facts === null ? found : mergeFacts(facts, found);
    }
    if (facts !== null) return facts;
    return notFoundFacts({
      dataset: searched.length > 0 ? searched.join("; ") : null,
      key: keys.size > 0 ? [...keys].join("; ") : `${type.id}/${model}`,
    });
  }

  private find(index: Index, provider: string, type: RegistryProviderType, model: string, isBase: boolean): Hit | null {
    const data = index.data;
    const models = data.providers.get(provider);
    let id = model;
    const notes: string[] = [];
    if (isBase) {
      notes.push(`base_model ${model}`);
      id = stripPrefix(id, type);
    }
    const exact = (candidate: string, note: string | null): Hit | null => {
      const entry = models?.get(candidate);
      if (entry) return { index, provider, model: candidate, entry, normalisation: join(...notes, note) };
      const lower = index.lower?.get(provider)?.get(candidate.toLowerCase());
      if (lower) return { index, provider, model: lower.fileKey, entry: lower, normalisation: join(...notes, note, "case-insensitive id, as LiteLLM's own lookup") };
      return null;
    };
    const direct = exact(id, null);
    if (direct) return direct;
    if (type.id.startsWith("bedrock")) {
      const geo = BEDROCK_GEO.exec(id);
      if (geo) {
        const hit = exact(id.slice(geo[0].length), `bedrock region prefix ${geo[0]} removed`);
        if (hit) return hit;
      }
    }
    if ((type.id === "gemini" || type.id.startsWith("vertex_ai")) && id.startsWith("models/")) {
      const hit = exact(id.slice("models/".length), "gemini models/ prefix removed");
      if (hit) return hit;
    }
    return null;
  }

  /** Every model id a loaded dataset lists for provider type `typeId`, sorted (LiteLLM's models_by_provider). */
  modelsOf(typeId: string): string[] {
    const type = findProviderType(typeId);
    if (!type) return [];
    const ids = new Set<string>();
    for (const { data } of this.indexes) {
      const key = providerKey(data, type);
      for (const id of (key === null ? undefined : data.providers.get(key))?.keys() ?? []) ids.add(id);
    }
    return [...ids].sort();
  }

  /**
   * Provider types (from FIRST_PARTY_PROVIDER_TYPES) whose catalogue lists exactly `modelId` in
   * any loaded dataset, in that list's order. Case-sensitive and exact.
   */
  firstPartyProvidersFor(modelId: string): string[] {
    return [...(this.firstParty.get(modelId) ?? [])];
  }

  summary(): DatasetSummary[] {
    return this.indexes.map(({ data }) => ({
      dataset: data.dataset,
      format: data.format,
      source: data.source,
      version: data.version,
      date: data.date,
      importedAt: data.importedAt,
      providers: data.providers.size,
      models: countModels(data.providers),
    }));
  }
}

/** The provider id a dataset files `type`'s models under, or null when it has none. */
function providerKey(data: RegistryData, type: RegistryProviderType): string | null {
  if (data.format === "MODELS_DEV_JSON") return type.modelsDevId ?? null;
  // LiteLLM treats vertex_ai_beta as vertex_ai (litellm/utils.py _get_model_info_helper).
  return type.id === "vertex_ai_beta" ? "vertex_ai" : type.id;
}

function lowerIndex(data: RegistryData): Map<string, Map<string, RegistryEntry>> {
  const out = new Map<string, Map<string, RegistryEntry>>();
  for (const [pid, models] of data.providers) {
    const m = new Map<string, RegistryEntry>();
    for (const [id, entry] of models) {
      const key = id.toLowerCase();
      if (!m.has(key)) m.set(key, { ...entry, fileKey: id });
    }
    out.set(pid, m);
  }
  return out;
}

/** `azure/gpt-4o` → `gpt-4o` for an azure type: base_model names carry LiteLLM's routing prefix. */
function stripPrefix(model: string, type: RegistryProviderType): string {
  return model.startsWith(type.prefix + "/") ? model.slice(type.prefix.length + 1) : model;
}

function join(...notes: (string | null)[]): string | null {
  const parts = notes.filter((n): n is string => n !== null && n !== "");
  return parts.length > 0 ? parts.join("; ") : null;
}

function factsOf(hit: Hit): ModelFacts {
  const { fileKey: _fileKey, ...rest } = hit.entry;
  const values: FactValues = { ...emptyValues(), ...rest, capabilities: { ...rest.capabilities } };
  const fields = knownFields(values);
  return {
    ...values,
    // Listed without any fact still says where it was found (fields: []).
    sources: [
      {
        fields,
        kind: "REGISTRY",
        dataset: hit.index.data.dataset,
        version: hit.index.data.version ?? hit.index.data.date,
        key: `${hit.provider}/${hit.model}`,
        normalisation: hit.normalisation,
      },
    ],
  };
}
