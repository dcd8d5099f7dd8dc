/**
 * The registry parsers on the real files of ../shared/corpus/models-metadata/ (read at test time,
 * never copied): counts, a few known values, parse time printed.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findProviderType } from "../src/catalog/provider-types.ts";
import { deserializeRegistry, parseLiteLLMPrices, parseModelsDev, serializeRegistry, type RegistryData } from "../src/registry/formats.ts";
import { ModelRegistry } from "../src/registry/registry.ts";
import { shippedRegistryData } from "../src/registry/shipped.ts";

const DIR = resolve(import.meta.dirname, "../../shared/corpus/models-metadata");
const MODELS_DEV = "models.dev-api-approx-f3fc6922.json";
const LITELLM = "litellm-model_prices_and_context_window.RoCry-mirror-2026-07-24.json";

function type(id: string) {
  const t = findProviderType(id);
  if (!t) throw new Error(`no provider type ${id}`);
  return t;
}

function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  const out = fn();
  console.log(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  return out;
}

function models(d: RegistryData): number {
  let n = 0;
  for (const m of d.providers.values()) n += m.size;
  return n;
}

describe("real registry files from the corpus", () => {
  it("models.dev api.json: 147 providers, 5,276 models, newest data 2026-06-30", () => {
    const text = readFileSync(resolve(DIR, MODELS_DEV), "utf8");
    const d = timed(`parse ${MODELS_DEV} (${text.length} chars)`, () => parseModelsDev(text, MODELS_DEV));
    console.log(`${MODELS_DEV}: ${d.providers.size} providers, ${models(d)} models, date ${d.date}`);
    expect(d.providers.size).toBe(147);
    expect(models(d)).toBe(5276);
    expect(d.date).toBe("2026-06-30");
    const f = new ModelRegistry([d]).lookup(type("openai"), "gpt-4o");
    expect(f).toMatchObject({ contextWindow: 128000, maxOutputTokens: 16384, inputPrice: 2.5, outputPrice: 10, inputModalities: ["TEXT", "IMAGE", "PDF"] });
    expect(f.capabilities.STRUCTURED_OUTPUT).toBe(true);
    // models.dev writes 0 where a limit is not published: unknown, not a zero-token model.
    expect(d.providers.get("azure")!.get("gpt-image-1")).toMatchObject({ contextWindow: null, maxOutputTokens: null });
    // A date that is not a calendar date is unknown rather than a reason to refuse the file.
    expect(d.providers.get("scaleway")!.get("qwen3-embedding-8b")!.releaseDate).toBeNull();
    const stored = timed("serialize + deserialize models.dev", () => deserializeRegistry(serializeRegistry(d)));
    expect(models(stored)).toBe(5276);
  });

  it("LiteLLM model_prices_and_context_window.json: 2,985 keys, 2,945 models (37 keys listed both bare and with their provider prefix); values in USD per million", () => {
    const text = readFileSync(resolve(DIR, LITELLM), "utf8");
    expect(Object.keys(JSON.parse(text) as object)).toHaveLength(2985); // 2,982 models + sample_spec, last_updated, fallback_generalizations
    const d = timed(`parse ${LITELLM} (${text.length} chars)`, () => parseLiteLLMPrices(text, LITELLM));
    console.log(`${LITELLM}: ${d.providers.size} providers, ${models(d)} models, date ${d.date}`);
    expect(models(d)).toBe(2945);
    expect(d.date).toBe("2026-07-24T18:23:43.215560+00:00");
    const reg = new ModelRegistry([d]);
    expect(reg.lookup(type("openai"), "gpt-4o")).toMatchObject({ contextWindow: 128000, maxInputTokens: 128000, maxOutputTokens: 16384, inputPrice: 2.5, outputPrice: 10, cacheReadPrice: 1.25 });
    expect(reg.lookup(type("azure"), "gpt-4o").sources[0]!.key).toBe("azure/gpt-4o");
    expect(reg.lookup(type("zai"), "glm-4.7").sources[0]!.kind).toBe("REGISTRY");
    // Bedrock ids that LiteLLM lists with their region prefix are matched exactly, no normalisation.
    expect(reg.lookup(type("bedrock"), "us.anthropic.claude-opus-4-6-v1").sources[0]!.normalisation).toBeNull();
    expect(reg.firstPartyProvidersFor("gpt-4o")).toEqual(["openai"]);
    expect(reg.firstPartyProvidersFor("claude-opus-4-5")).toEqual(["anthropic"]);
  });

  it("all three together: the newest import answers first, the shipped data fills the rest", () => {
    const md = parseModelsDev(readFileSync(resolve(DIR, MODELS_DEV), "utf8"), MODELS_DEV);
    const ll = parseLiteLLMPrices(readFileSync(resolve(DIR, LITELLM), "utf8"), LITELLM);
    const reg = new ModelRegistry([ll, md, shippedRegistryData()]);
    const s = reg.summary();
    console.log(s.map((x) => `${x.dataset}: ${x.providers} providers, ${x.models} models, ${x.date}`).join("\n"));
    expect(s.map((x) => x.models)).toEqual([2945, 5276, 687]);
    const f = reg.lookup(type("openai"), "gpt-4o");
    expect(f.sources.map((x) => x.dataset)).toEqual([expect.stringContaining("models.dev api.json"), expect.stringContaining("LiteLLM")]);
  });
});
