/**
 * The second shipped dataset: Pydantic's genai-prices data from the `@pydantic/genai-prices`
 * package (MIT). It keeps ids that models.dev dropped and LiteLLM's own static lists still have
 * (`gpt-3.5-turbo-16k`, `gpt-3.5-turbo-1106`, …), with context windows and prices. Read from the
 * data the package ships (never its remote update), converted to the normalised registry shape
 * keyed like models.dev data (by our provider types' `modelsDevId`). Rules and reasons:
 * docs/model-registry.md, "Shipped data".
 */
import { createRequire } from "node:module";
import type { MatchLogic, ModelInfo, ModelPrice, Provider } from "@pydantic/genai-prices";
import { findProviderType } from "../catalog/provider-types.ts";
import { emptyValues } from "./facts.ts";
import { RegistryFormatError, type RegistryData, type RegistryEntry } from "./formats.ts";

export const GENAI_PRICES_PACKAGE = "@pydantic/genai-prices";

/**
 * genai-prices provider id → the provider types whose models it lists. Its other providers
 * (huggingface_* router sub-providers, avian, arcee, cursor, doubleword, modal, quicksilverpro,
 * typesafe, zhipuai's bigmodel.cn) are no provider type's API, or not one id for one API.
 */
export const GENAI_PROVIDER_TYPES: Readonly<Record<string, readonly string[]>> = {
  openai: ["openai"],
  anthropic: ["anthropic"],
  // Its `google` prices both the Gemini API and Vertex AI (api_pattern *.googleapis.com).
  google: ["gemini", "vertex_ai"],
  aws: ["bedrock"],
  azure: ["azure"],
  cohere: ["cohere"],
  deepseek: ["deepseek"],
  mistral: ["mistral"],
  "x-ai": ["xai"],
  moonshotai: ["moonshot"],
  minimax: ["minimax"],
  perplexity: ["perplexity"],
  groq: ["groq"],
  cerebras: ["cerebras"],
  fireworks: ["fireworks_ai"],
  together: ["together_ai"],
  openrouter: ["openrouter"],
  novita: ["novita"],
  cloudflare: ["cloudflare"],
  ovhcloud: ["ovhcloud"],
  baseten: ["baseten"],
  "github-copilot": ["github_copilot"],
  zai: ["zai"],
};

/**
 * Models a provider's list holds that one of its types does not serve: genai-prices files Vertex
 * AI's Anthropic models under `google`, and the Gemini API serves no Claude model.
 */
function servedBy(genaiProvider: string, typeId: string, modelId: string): boolean {
  return !(genaiProvider === "google" && typeId === "gemini" && modelId.toLowerCase().startsWith("claude"));
}

type Matcher = (id: string, lower: string) => boolean;

/** genai-prices' own matching (case-insensitive except for regexes), compiled once per rule. */
function compile(logic: MatchLogic): Matcher {
  if ("or" in logic) {
    const parts = logic.or.map(compile);
    return (id, lower) => parts.some((m) => m(id, lower));
  }
  if ("and" in logic) {
    const parts = logic.and.map(compile);
    return (id, lower) => parts.every((m) => m(id, lower));
  }
  if ("equals" in logic) {
    const s = logic.equals.toLowerCase();
    return (_id, lower) => lower === s;
  }
  if ("starts_with" in logic) {
    const s = logic.starts_with.toLowerCase();
    return (_id, lower) => lower.startsWith(s);
  }
  if ("ends_with" in logic) {
    const s = logic.ends_with.toLowerCase();
    return (_id, lower) => lower.endsWith(s);
  }
  if ("contains" in logic) {
    const s = logic.contains.toLowerCase();
    return (_id, lower) => lower.includes(s);
  }
  if ("regex" in logic) {
    const re = new RegExp(logic.regex);
    return (id) => re.test(id);
  }
  return () => false;
}

/** The ids a model's rule names exactly: its `id` and every `equals` (never a prefix, substring or regex). */
function namedIds(model: ModelInfo): string[] {
  const out = [model.id];
  const walk = (logic: MatchLogic): void => {
    if ("or" in logic) logic.or.forEach(walk);
    else if ("and" in logic) return;
    else if ("equals" in logic) out.push(logic.equals);
  };
  walk(model.match);
  return [...new Set(out)];
}

const SECONDS_PER_DAY = 86_400;
function secondsOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(time);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : 0;
}

/**
 * The list price of a model whose price changes: dated changes apply from their start date (a
 * future one not yet); of prices by the time of day, the one in force for most of the day.
 */
function listPrice(model: ModelInfo, now: Date): ModelPrice {
  if (!Array.isArray(model.prices)) return model.prices;
  let allDay: ModelPrice | undefined;
  const windows: { prices: ModelPrice; seconds: number }[] = [];
  for (const entry of model.prices) {
    const c = entry.constraint;
    if (c === undefined) allDay ??= entry.prices;
    else if (c.type === "start_date") {
      if (new Date(c.start_date) <= now) allDay = entry.prices;
    } else {
      const start = secondsOfDay(c.start_time);
      const end = secondsOfDay(c.end_time);
      windows.push({ prices: entry.prices, seconds: end >= start ? end - start : SECONDS_PER_DAY - start + end });
    }
  }
  const rest = SECONDS_PER_DAY - windows.reduce((n, w) => n + w.seconds, 0);
  const longest = windows.reduce<{ prices: ModelPrice; seconds: number } | undefined>((best, w) => (best && best.seconds >= w.seconds ? best : w), undefined);
  if (longest && (allDay === undefined || longest.seconds > rest)) return longest.prices;
  return allDay ?? model.prices[0]!.prices;
}

/** USD per million tokens; a tiered price (long prompts cost more) is its base tier. */
function price(value: unknown, source: string, path: string): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === "object" && "base" in value ? (value as { base: unknown }).base : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
    throw new RegistryFormatError(source, path, `${JSON.stringify(n)} is not a price; expected a number, 0 or more, in USD per million tokens (or {base, tiers})`);
  }
  return n;
}

function entryOf(model: ModelInfo, name: string, now: Date, source: string, path: string): RegistryEntry {
  const e: RegistryEntry = { ...emptyValues(), fileKey: name };
  if (model.context_window !== undefined) {
    if (!Number.isSafeInteger(model.context_window) || model.context_window <= 0) {
      throw new RegistryFormatError(source, `${path}.context_window`, `${JSON.stringify(model.context_window)} is not a token count; expected a whole number above 0`);
    }
    e.contextWindow = model.context_window;
  }
  const p = listPrice(model, now);
  e.inputPrice = price(p.input_mtok, source, `${path}.prices.input_mtok`);
  e.outputPrice = price(p.output_mtok, source, `${path}.prices.output_mtok`);
  e.cacheReadPrice = price(p.cache_read_mtok, source, `${path}.prices.cache_read_mtok`);
  e.cacheWritePrice = price(p.cache_write_mtok, source, `${path}.prices.cache_write_mtok`);
  return e;
}

/**
 * A provider from the package's embedded data. Loaded on first use (a 0.5 MB module, about 20 MB
 * of memory once parsed), so processes that never read facts do not pay for it.
 */
function packageProvider(providerId: string): Provider | undefined {
  const pkg = createRequire(import.meta.url)(GENAI_PRICES_PACKAGE) as typeof import("@pydantic/genai-prices");
  return pkg.findProvider({ providerId });
}

/**
 * The genai-prices providers of GENAI_PROVIDER_TYPES as registry data. An id is listed under a
 * provider when genai-prices itself names it exactly (the model's id or an `equals` of its rule)
 * and its own matching gives that model for it (the first model whose rule matches, in the
 * package's order). `lookupProvider` defaults to the package's embedded data.
 */
export function genaiPricesData(
  version: string,
  options: { now?: Date; lookupProvider?: (id: string) => Provider | undefined } = {},
): RegistryData {
  const source = `${GENAI_PRICES_PACKAGE}@${version}`;
  const now = options.now ?? new Date();
  const lookup = options.lookupProvider ?? packageProvider;
  const providers = new Map<string, Map<string, RegistryEntry>>();
  for (const [genaiId, typeIds] of Object.entries(GENAI_PROVIDER_TYPES)) {
    const provider = lookup(genaiId);
    // findProvider falls back to a fuzzy provider_match: only the exact provider counts.
    if (!provider || provider.id !== genaiId) throw new RegistryFormatError(source, `$.${genaiId}`, `the package has no provider "${genaiId}"; update GENAI_PROVIDER_TYPES for this version`);
    const keys = typeIds.map((typeId) => {
      const key = findProviderType(typeId)?.modelsDevId;
      if (!key) throw new Error(`${source}: provider type ${typeId} (for genai-prices ${genaiId}) has no models.dev provider id to file its models under`);
      return { typeId, key };
    });
    const matchers = provider.models.map((m) => compile(m.match));
    provider.models.forEach((model, i) => {
      const path = `$.${genaiId}.models[${i}]`;
      for (const name of namedIds(model)) {
        const lower = name.toLowerCase();
        if (matchers.findIndex((m) => m(name, lower)) !== i) continue;
        const entry = entryOf(model, name, now, source, path);
        for (const { typeId, key } of keys) {
          if (!servedBy(genaiId, typeId, name)) continue;
          let models = providers.get(key);
          if (!models) providers.set(key, (models = new Map()));
          if (!models.has(name)) models.set(name, entry);
        }
      }
    });
  }
  return {
    // Keyed like models.dev data (by models.dev provider id), so every type finds it the same way.
    format: "MODELS_DEV_JSON",
    dataset: `genai-prices via ${GENAI_PRICES_PACKAGE}`,
    source,
    version,
    date: null,
    importedAt: null,
    caseInsensitive: false,
    providers,
  };
}
