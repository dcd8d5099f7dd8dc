import { createHash } from "node:crypto";
import { Document } from "yaml";
import { isModelMode, MODEL_MODES } from "../catalog/group/modes.ts";
import { normalizeApiBase } from "../catalog/prefix.ts";
import { PROVIDER_TYPES, type ProviderTypeInfo } from "../catalog/provider-types.ts";
import { closestNames } from "../catalog/suggest.ts";
import {
  show,
  validateApiBase,
  validateApiKeyEnv,
  validateDescription,
  validateIntRange,
  validateModel,
  validateOptionalPositive,
  validateProviderName,
  validatePublicName,
} from "../catalog/validation.ts";
import { MAX_PRIORITY, MAX_WEIGHT } from "../catalog/deployment/deployment.service.ts";
import type { FactsOverride } from "../db/schema.ts";
import { CAPABILITIES, VALUE_FIELDS, type Capability, type FactValues } from "../registry/facts.ts";
import {
  atLoc,
  isRecord,
  kindOf,
  isLiteralSecret,
  isSealed,
  isSecretParam,
  locatedError,
  mapStrings,
  paramPath,
  sealedPlaceholder,
  SEALED_PREFIX,
  STORED_SECRET_ENV_PREFIX,
  where,
  type AliasSpec,
  type CatalogSnapshot,
  type ConfigSpec,
  type DeploymentSpec,
  type GroupSpec,
  type Loc,
  type ProviderSpec,
  type Serialized,
} from "./spec.ts";
import { ConfigSource } from "./source.ts";

/*
 * LiteLLM proxy config YAML (`model_list`, `router_settings.model_group_alias`). The mapping rules
 * are written down in docs/import-export.md; keep the two in step.
 */

/** Export writes `api_key: os.environ/MODELGRAPH_STORED_KEY_<PROVIDER>` for a literal key it never exports. */
export const STORED_KEY_ENV_PREFIX = "MODELGRAPH_STORED_KEY_";

export function storedKeyEnv(providerName: string): string {
  return STORED_KEY_ENV_PREFIX + providerName.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

const ENTRY_KEYS = new Set(["model_name", "litellm_params", "model_info"]);
/** litellm_params with a column of their own; the rest are kept as extra params. */
const MAPPED_PARAMS = new Set(["model", "api_base", "api_key", "rpm", "tpm", "order", "weight"]);
const INFO_KEYS = new Set(["id", "mode", "modelgraph"]);

/*
 * model_info keys that say what the model is (docs/import-export.md, "Model facts"). They are kept
 * as written with the deployment's extra params under `model_info` (where FactsService reads
 * `base_model`), exported again from there byte for byte, and read as the deployment's
 * facts_override in modelgraph's units, with the rules of the LiteLLM registry reader
 * (src/registry/formats.ts): `max_input_tokens` is the input limit and the context window;
 * prices per token × 1e6 (12 significant digits) are USD per million tokens; `max_tokens` is
 * LiteLLM's legacy field ("max_output_tokens if the provider specifies it, else
 * max_input_tokens"), checked and kept but no fact; the supports_* flags without a capability of
 * their own are checked and kept.
 */
type TokenField = "contextWindow" | "maxInputTokens" | "maxOutputTokens";
type PriceField = "inputPrice" | "outputPrice" | "cacheReadPrice" | "cacheWritePrice";
type InfoFact =
  | { key: string; kind: "tokens"; fields: TokenField[] }
  | { key: string; kind: "price"; field: PriceField }
  | { key: string; kind: "flag"; capability: Capability | null }
  | { key: string; kind: "name" };
/** In the order they are stored and exported. */
const INFO_FACTS: readonly InfoFact[] = [
  { key: "base_model", kind: "name" },
  { key: "max_tokens", kind: "tokens", fields: [] },
  { key: "max_input_tokens", kind: "tokens", fields: ["maxInputTokens", "contextWindow"] },
  { key: "max_output_tokens", kind: "tokens", fields: ["maxOutputTokens"] },
  { key: "input_cost_per_token", kind: "price", field: "inputPrice" },
  { key: "output_cost_per_token", kind: "price", field: "outputPrice" },
  { key: "cache_read_input_token_cost", kind: "price", field: "cacheReadPrice" },
  { key: "cache_creation_input_token_cost", kind: "price", field: "cacheWritePrice" },
  { key: "supports_function_calling", kind: "flag", capability: "TOOLS" },
  { key: "supports_vision", kind: "flag", capability: "VISION" },
  { key: "supports_reasoning", kind: "flag", capability: "REASONING" },
  { key: "supports_response_schema", kind: "flag", capability: "STRUCTURED_OUTPUT" },
  { key: "supports_prompt_caching", kind: "flag", capability: "PROMPT_CACHING" },
  { key: "supports_web_search", kind: "flag", capability: "WEB_SEARCH" },
  { key: "supports_pdf_input", kind: "flag", capability: null },
  { key: "supports_audio_input", kind: "flag", capability: null },
  { key: "supports_audio_output", kind: "flag", capability: null },
  { key: "supports_video_input", kind: "flag", capability: null },
];
const INFO_FACT_KEYS = new Set(INFO_FACTS.map((f) => f.key));
/** Price keys in a unit LiteLLM does not use (it prices per token), as the registry reader refuses them. */
const OTHER_UNIT = /^(input|output)_cost_per_(1k|1m|k|m|1000|1000000|thousand|million)(_tokens?)?$/;

/** USD per token (LiteLLM) to USD per million tokens, as src/registry/formats.ts converts. */
function perMillion(perToken: number): number {
  return Number((perToken * 1e6).toPrecision(12));
}

/**
 * The facts_override a deployment's kept model_info keys stand for (`extraParams.model_info`;
 * the values are checked at import): null when they state no fact. The importer compares it
 * with the stored override to tell the fields it set from those a mutation set.
 */
export function modelInfoOverride(extraParams: Record<string, unknown> | null | undefined): FactsOverride | null {
  const info = extraParams?.model_info;
  if (!isRecord(info)) return null;
  const values: Partial<FactValues> = {};
  const caps: Partial<Record<Capability, boolean>> = {};
  for (const fact of INFO_FACTS) {
    const v = info[fact.key];
    if (v === undefined || v === null) continue;
    if (fact.kind === "tokens" && typeof v === "number") for (const f of fact.fields) values[f] = v;
    else if (fact.kind === "price" && typeof v === "number") values[fact.field] = perMillion(v);
    else if (fact.kind === "flag" && fact.capability && typeof v === "boolean") caps[fact.capability] = v;
  }
  if (Object.keys(caps).length > 0) values.capabilities = Object.fromEntries(CAPABILITIES.filter((c) => c in caps).map((c) => [c, caps[c]!]));
  const out: Record<string, unknown> = {};
  for (const f of VALUE_FIELDS) if (values[f] !== undefined) out[f] = values[f];
  return Object.keys(out).length > 0 ? (out as FactsOverride) : null;
}
const METADATA_KEYS = new Set(["provider", "provider_display_name", "provider_api_base", "provider_api_key_env", "group_description", "enabled", "probe"]);
const PROBE_MODES = ["AUTO", "COMPLETION", "OFF"] as const;

const prefixes = () => PROVIDER_TYPES.map((t) => t.prefix);

function typeByPrefix(prefix: string): ProviderTypeInfo | undefined {
  return PROVIDER_TYPES.find((t) => t.prefix === prefix);
}

// ---------------------------------------------------------------------------------------------
// Provider naming

/** First labels of a host name that say nothing about whose endpoint it is. */
const GENERIC_LABELS = new Set(["api", "www", "integrate", "inference", "gateway", "gw", "llm", "models"]);

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A readable provider name for (type, API base): the type id with `_` as `-` (`openai`,
 * `hosted-vllm`) when the base is absent or the type's default; else that plus a label of the
 * host: IP addresses and localhost as host and port (`hosted-vllm-127-0-0-1-8000`), DNS names by
 * their first label that is not generic (`azure-xyz1` for xyz1.openai.azure.com,
 * `hosted-vllm-nvidia` for integrate.api.nvidia.com), with `-<port>` for an explicit port.
 * The importer adds `-2`, `-3`, … when the name is taken.
 */
export function suggestProviderName(type: ProviderTypeInfo, apiBase: string | null): string {
  const typeSlug = slug(type.id);
  if (!apiBase || (type.defaultApiBase && normalizeApiBase(apiBase) === normalizeApiBase(type.defaultApiBase))) return typeSlug;
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    return typeSlug;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let label: string;
  if (host === "localhost" || /^[0-9.]+$/.test(host) || host.includes(":")) {
    label = `${host}${url.port ? `-${url.port}` : ""}`;
  } else {
    const labels = host.split(".").filter(Boolean);
    const candidates = labels.length > 1 ? labels.slice(0, -1) : labels;
    label = (candidates.find((l) => !GENERIC_LABELS.has(l)) ?? candidates[0] ?? host) + (url.port ? `-${url.port}` : "");
  }
  const name = `${typeSlug}-${slug(label)}`.slice(0, 59).replace(/-+$/, "");
  return name || typeSlug;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface KeyRef {
  env: string | null;
  literal: string | undefined;
  placeholder: boolean;
}

/**
 * Parses a LiteLLM proxy config into the neutral spec. Every error names the line (and the
 * model_list entry) it comes from.
 */
export function parseLiteLLM(content: string, source: string): ConfigSpec {
  const file: ConfigSource = ConfigSource.yaml(content, source);
  const root = file.value;
  if (!isRecord(root)) {
    file.fail([], `expected a LiteLLM proxy config: a mapping with model_list (and optionally router_settings.model_group_alias); got ${kindOf(root)}`);
  }
  if (!("model_list" in root)) file.fail([], `expected a LiteLLM proxy config with a model_list; found no model_list key (keys: ${Object.keys(root).map((k) => show(k)).join(", ") || "none"})`);
  const list = root.model_list ?? [];
  if (!Array.isArray(list)) file.fail(["model_list"], `model_list must be a list of entries ({model_name, litellm_params}); got ${kindOf(list)}`);

  const reader = new ModelListReader(file);
  const ignored = Object.keys(root).filter((k) => k !== "model_list" && k !== "router_settings");
  if (ignored.length > 0) reader.warnings.push(`ignored top-level key(s) ${ignored.map((k) => show(k)).join(", ")}: modelgraph imports model_list and router_settings.model_group_alias`);
  list.forEach((entry: unknown, i: number) => reader.entry(entry, i));
  return reader.finish(parseAliases(file, root.router_settings, reader.warn));
}

type Path = (string | number)[];

/** Reads model_list entries one by one, collecting providers and groups across them. */
class ModelListReader {
  readonly warnings: string[] = [];
  private readonly providers: ProviderSpec[] = [];
  /** Providers named by model_info.modelgraph.provider. */
  private readonly explicit = new Map<string, ProviderSpec>();
  /** The others, by (type, API base, key reference). */
  private readonly derived = new Map<string, ProviderSpec>();
  private readonly groups = new Map<string, GroupSpec>();
  private readonly unknownInfoKeys = new Map<string, Loc>();

  constructor(private readonly file: ConfigSource) {}

  readonly warn = (loc: Loc, message: string): void => {
    this.warnings.push(`${where(loc)}: ${message}`);
  };

  entry(entry: unknown, i: number): void {
    const file: ConfigSource = this.file;
    const at = ["model_list", i];
    const label = `model_list[${i}]`;
    if (!isRecord(entry)) file.fail(at, `${label} must be a mapping with model_name and litellm_params; got ${kindOf(entry)}`);
    const rawName = entry.model_name;
    if (typeof rawName !== "string" || rawName === "") {
      file.fail([...at, "model_name"], `${label}: model_name must be a non-empty string (the public model name clients send); got ${kindOf(rawName)}`);
    }
    // Names are stored in NFC (docs/decisions.md): the file's spelling of one is the catalog's.
    const name = atLoc(file.loc([...at, "model_name"]), () => validatePublicName(rawName, "model_name"), label);
    const ctx = `${label} (model_name ${show(name)})`;
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.has(key)) this.warn(file.loc([...at, key]), `${ctx}: ignored key ${show(key)} (modelgraph reads model_name, litellm_params and model_info)`);
    }

    const params = entry.litellm_params;
    const pAt = [...at, "litellm_params"];
    if (!isRecord(params)) file.fail(pAt, `${ctx}: litellm_params must be a mapping with at least model: "<prefix>/<model>"; got ${kindOf(params)}`);
    const { type, upstream } = this.model(params.model, [...pAt, "model"], ctx);
    const info = entry.model_info ?? {};
    const iAt = [...at, "model_info"];
    if (!isRecord(info)) file.fail(iAt, `${ctx}: model_info must be a mapping; got ${kindOf(info)}`);
    const meta = parseMetadata(file, [...iAt, "modelgraph"], info.modelgraph, ctx, this.warn);

    const apiBase = optionalString(file, [...pAt, "api_base"], params.api_base, ctx);
    if (apiBase !== null) atLoc(file.loc([...pAt, "api_base"]), () => validateApiBase(apiBase, "api_base"), ctx);
    if (apiBase === null && type.requiresApiBase && !meta) {
      file.fail([...pAt, "model"], `${ctx}: provider type ${show(type.id)} has no default API base: add litellm_params.api_base (e.g. http://127.0.0.1:8000/v1)`);
    }
    const key = parseApiKey(file, [...pAt, "api_key"], params.api_key, ctx, this.warn);
    const rpm = optionalInt(file, [...pAt, "rpm"], params.rpm, ctx, (v) => validateOptionalPositive(v, "rpm"));
    const tpm = optionalInt(file, [...pAt, "tpm"], params.tpm, ctx, (v) => validateOptionalPositive(v, "tpm"));
    const order = optionalInt(file, [...pAt, "order"], params.order, ctx, (v) => validateIntRange(v, "order", 0, MAX_PRIORITY));
    const weight = optionalInt(file, [...pAt, "weight"], params.weight, ctx, (v) => validateIntRange(v, "weight", 0, MAX_WEIGHT));
    const extras = this.extraParams(params, pAt, ctx);

    let mode: string | undefined;
    if (info.mode != null) {
      if (typeof info.mode !== "string" || !isModelMode(info.mode)) {
        file.fail([...iAt, "mode"], `${ctx}: model_info.mode ${typeof info.mode === "string" ? show(info.mode) : kindOf(info.mode)} is not known; accepted: ${MODEL_MODES.join(", ")}`);
      }
      mode = info.mode;
    }
    let externalId: string | null = null;
    if (info.id != null) {
      if (typeof info.id !== "string" && typeof info.id !== "number") file.fail([...iAt, "id"], `${ctx}: model_info.id must be a string; got ${kindOf(info.id)}`);
      externalId = String(info.id);
    }
    for (const k of Object.keys(info)) {
      if (OTHER_UNIT.test(k)) {
        file.fail([...iAt, k], `${ctx}: unknown unit in model_info.${k}: LiteLLM prices are in USD per token under ${INFO_FACTS.filter((f) => f.kind === "price").map((f) => f.key).join(", ")}`);
      }
      if (!INFO_KEYS.has(k) && !INFO_FACT_KEYS.has(k) && !this.unknownInfoKeys.has(k)) this.unknownInfoKeys.set(k, file.loc([...iAt, k]));
    }
    this.keepInfoFacts(info, iAt, extras, pAt, ctx);

    const entryLoc = file.loc(at);
    const { provider, override } = this.provider(type, apiBase, key, meta, ctx, file.loc([...iAt, "modelgraph", "provider"]), entryLoc);
    const deployment: DeploymentSpec = {
      provider,
      model: upstream,
      apiBase: override,
      priority: order ?? 0,
      weight: weight ?? 1,
      rpm,
      tpm,
      enabled: meta ? (meta.enabled ?? true) : undefined,
      probe: meta ? (meta.probe ?? "AUTO") : undefined,
      externalId,
      extraParams: Object.keys(extras).length > 0 ? extras : null,
      factsOverride: modelInfoOverride(extras),
      loc: entryLoc,
    };
    this.addToGroup(name, mode, meta ? (meta.groupDescription ?? null) : undefined, deployment, ctx, iAt);
  }

  finish(aliases: AliasSpec[]): ConfigSpec {
    for (const [k, loc] of this.unknownInfoKeys) {
      this.warn(loc, `model_info.${k} is not stored by modelgraph and will not be exported (modelgraph keeps model_info.id, mode and ${[...INFO_FACT_KEYS].join(", ")})`);
    }
    return { providers: this.providers, groups: [...this.groups.values()], aliases, warnings: this.warnings };
  }

  /**
   * The entry's model fact keys (INFO_FACTS), checked, kept with the extra params under
   * `model_info` (after any keys a `litellm_params.model_info` has of its own; fact keys in the
   * order INFO_FACTS lists them, so a re-import of the export stores the same JSON). A fact key
   * in both places must agree.
   */
  private keepInfoFacts(info: Record<string, unknown>, iAt: Path, extras: Record<string, unknown>, pAt: Path, ctx: string): void {
    const file: ConfigSource = this.file;
    const inner = extras.model_info;
    const innerAt = [...pAt, "model_info"];
    const kept: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    if (isRecord(inner)) {
      for (const [k, v] of Object.entries(inner)) {
        if (INFO_FACT_KEYS.has(k)) kept[k] = checkInfoFact(file, [...innerAt, k], k, v, `litellm_params.model_info.${k}`, ctx);
        else rest[k] = v;
      }
    }
    const stated = Object.keys(info).filter((k) => INFO_FACT_KEYS.has(k));
    if (stated.length === 0 && !isRecord(inner)) return;
    if (stated.length > 0 && inner !== undefined && !isRecord(inner)) {
      file.fail(innerAt, `${ctx}: litellm_params.model_info must be a mapping when model_info states ${stated.map((k) => show(k)).join(", ")}; got ${kindOf(inner)}`);
    }
    for (const k of stated) {
      const v = checkInfoFact(file, [...iAt, k], k, info[k], `model_info.${k}`, ctx);
      if (k in kept && JSON.stringify(kept[k]) !== JSON.stringify(v)) {
        file.fail([...iAt, k], `${ctx}: model_info.${k} is ${JSON.stringify(v)} but litellm_params.model_info.${k} is ${JSON.stringify(kept[k])} (at ${where(file.loc([...innerAt, k]))}); state it once`);
      }
      kept[k] = v;
    }
    const merged: Record<string, unknown> = { ...rest };
    for (const fact of INFO_FACTS) if (fact.key in kept) merged[fact.key] = kept[fact.key];
    if (Object.keys(merged).length > 0) extras.model_info = merged;
    else delete extras.model_info;
  }

  /** `<prefix>/<model>`: the provider type by its routing prefix, and the upstream model. */
  private model(model: unknown, path: Path, ctx: string): { type: ProviderTypeInfo; upstream: string } {
    const file: ConfigSource = this.file;
    if (typeof model !== "string" || model === "") {
      file.fail(path, `${ctx}: litellm_params.model must be a string "<prefix>/<model>", e.g. "openai/gpt-4o"; got ${kindOf(model)}`);
    }
    const slash = model.indexOf("/");
    if (slash < 0) {
      file.fail(
        path,
        `${ctx}: litellm_params.model ${show(model)} has no provider prefix; write "<prefix>/<model>", e.g. "openai/${model}" (modelgraph never guesses the provider from a model name); prefixes: ${prefixes().join(", ")}`,
      );
    }
    const prefix = model.slice(0, slash);
    const type = typeByPrefix(prefix);
    if (!type) {
      const near = closestNames(prefix, prefixes(), 3);
      file.fail(
        path,
        `${ctx}: unknown provider prefix ${show(prefix)} in litellm_params.model ${show(model)}; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}write "<prefix>/<model>" with one of: ${prefixes().join(", ")}`,
      );
    }
    const upstream = model.slice(slash + 1);
    if (upstream === "") file.fail(path, `${ctx}: litellm_params.model ${show(model)} has no model after "${prefix}/"; write "${prefix}/<model>"`);
    atLoc(file.loc(path), () => validateModel(upstream), ctx);
    return { type, upstream };
  }

  /**
   * litellm_params without a column of their own. Literal secrets among them (isSecretParam:
   * credential-like names, every header value) are kept here in clear; the import service seals
   * them before anything is stored.
   */
  private extraParams(params: Record<string, unknown>, pAt: Path, ctx: string): Record<string, unknown> {
    const extras: Record<string, unknown> = {};
    const secrets: Path[] = [];
    for (const [k, v] of Object.entries(params)) {
      if (MAPPED_PARAMS.has(k)) continue;
      mapStrings(
        v,
        (leaf, path, secret) => {
          if (leaf.startsWith(SEALED_PREFIX)) {
            this.file.fail([...pAt, k, ...path], `${ctx}: litellm_params.${paramPath([k, ...path])} starts with ${show(SEALED_PREFIX)}, which modelgraph reserves for the secrets it stores encrypted; write the value itself`);
          }
          if (secret && isLiteralSecret(leaf)) secrets.push([k, ...path]);
          return leaf;
        },
        [],
        isSecretParam(k),
      );
      extras[k] = v;
    }
    if (secrets.length > 0) {
      this.warn(
        this.file.loc([...pAt, ...secrets[0]!]),
        `${ctx}: literal secret(s) in ${secrets.map((p) => `litellm_params.${paramPath(p)}`).join(", ")} (not shown) are stored encrypted, never shown by /model/info, and exported as os.environ/${STORED_SECRET_ENV_PREFIX}… placeholders; prefer os.environ/NAME`,
      );
    }
    return extras;
  }

  /**
   * The entry's provider: the one model_info.modelgraph names (then the entry's api_base is the
   * provider's, unless provider_api_base says otherwise), else one per (type, API base, key).
   */
  private provider(
    type: ProviderTypeInfo,
    apiBase: string | null,
    key: KeyRef,
    meta: Metadata | undefined,
    ctx: string,
    metaLoc: Loc,
    entryLoc: Loc,
  ): { provider: ProviderSpec; override: string | null } {
    if (meta?.provider === undefined) {
      const identity = derivedIdentity(type, apiBase, key);
      let provider = this.derived.get(identity);
      if (!provider) {
        provider = {
          name: null,
          suggestedName: suggestProviderName(type, apiBase),
          type: type.id,
          apiBase,
          apiKeyEnv: key.env,
          apiKey: key.literal,
          displayName: undefined,
          loc: entryLoc,
        };
        this.derived.set(identity, provider);
        this.providers.push(provider);
      }
      return { provider, override: null };
    }
    const overrides = meta.providerApiBase !== undefined;
    const candidate: ProviderSpec = {
      name: meta.provider,
      suggestedName: meta.provider,
      type: type.id,
      apiBase: overrides ? (meta.providerApiBase ?? null) : apiBase,
      apiKeyEnv: key.placeholder ? (meta.providerApiKeyEnv ?? null) : key.env,
      apiKey: key.literal,
      displayName: meta.providerDisplayName,
      loc: metaLoc,
    };
    const override = overrides ? apiBase : null;
    const seen = this.explicit.get(meta.provider);
    if (!seen) {
      this.explicit.set(meta.provider, candidate);
      this.providers.push(candidate);
      return { provider: candidate, override };
    }
    const diff = providerDifference(seen, candidate);
    if (diff) {
      throw locatedError(
        metaLoc,
        `${ctx}: provider ${show(meta.provider)} is described differently than at ${where(seen.loc)} (${diff}); entries naming one provider must agree on its type, API base and key`,
      );
    }
    return { provider: seen, override };
  }

  private addToGroup(name: string, mode: string | undefined, description: string | null | undefined, deployment: DeploymentSpec, ctx: string, iAt: Path): void {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, mode, description, deployments: [], loc: deployment.loc };
      this.groups.set(name, group);
    } else {
      if (mode !== undefined && group.mode !== undefined && mode !== group.mode) {
        this.file.fail([...iAt, "mode"], `${ctx}: model_info.mode ${show(mode)} differs from ${show(group.mode)} given for the same model_name at ${where(group.loc)}; a model group has one mode`);
      }
      group.mode ??= mode;
      if (description != null && group.description != null && description !== group.description) {
        this.file.fail([...iAt, "modelgraph", "group_description"], `${ctx}: group_description differs from the one given for the same model_name at ${where(group.loc)}`);
      }
      if (description !== undefined && group.description == null) group.description = description;
    }
    const twin = group.deployments.find((d) => d.provider === deployment.provider && d.model === deployment.model && d.apiBase === deployment.apiBase);
    if (twin) {
      throw locatedError(
        deployment.loc,
        `${ctx}: duplicate deployment: ${show(deployment.model)} on the same provider and API base is already listed for this model_name at ${where(twin.loc)}`,
      );
    }
    group.deployments.push(deployment);
  }
}

function optionalString(file: ConfigSource, path: Path, value: unknown, ctx: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") file.fail(path, `${ctx}: ${path.slice(2).join(".")} must be a string; got ${kindOf(value)}`);
  return value;
}

/** A model_info fact value, checked as the LiteLLM registry reader checks it; null is kept as written (no fact). */
function checkInfoFact(file: ConfigSource, path: Path, key: string, v: unknown, label: string, ctx: string): unknown {
  const fact = INFO_FACTS.find((f) => f.key === key)!;
  if (v === null) return v;
  const got = typeof v === "number" ? String(v) : typeof v === "string" ? show(v) : kindOf(v);
  switch (fact.kind) {
    case "tokens":
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) file.fail(path, `${ctx}: ${label} is ${got}; accepted: a whole number of tokens, 0 or more`);
      return v;
    case "price":
      // Finite per million tokens too (1e308 per token is not): the override is checked again on every read.
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || !Number.isFinite(perMillion(v))) {
        file.fail(path, `${ctx}: ${label} is ${got}; accepted: a finite number, 0 or more, in USD per token (e.g. 0.0000025 for $2.50 per million)`);
      }
      return v;
    case "flag":
      if (typeof v !== "boolean") file.fail(path, `${ctx}: ${label} is ${got}; accepted: true or false`);
      return v;
    case "name":
      if (typeof v !== "string" || v === "" || v.length > 512 || v.startsWith(SEALED_PREFIX)) {
        file.fail(path, `${ctx}: ${label} is ${got}; accepted: a model name such as "azure/gpt-4o" (1 to 512 characters)`);
      }
      return v;
  }
}

function optionalInt(file: ConfigSource, path: Path, value: unknown, ctx: string, check: (v: number) => number | null): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    file.fail(path, `${ctx}: ${path.slice(2).join(".")} must be an integer; got ${kindOf(value)}${typeof value === "number" ? " (modelgraph stores integers: scale fractional weights, e.g. 0.3 → 3)" : ""}`);
  }
  return atLoc(file.loc(path), () => check(value), ctx);
}

function parseApiKey(file: ConfigSource, path: Path, value: unknown, ctx: string, warn: (loc: Loc, m: string) => void): KeyRef {
  if (value === undefined || value === null) return { env: null, literal: undefined, placeholder: false };
  if (typeof value !== "string") file.fail(path, `${ctx}: litellm_params.api_key must be a string: "os.environ/NAME" or a literal key; got ${typeof value}`);
  if (value.startsWith("os.environ/")) {
    const env = atLoc(file.loc(path), () => validateApiKeyEnv(value), ctx);
    if (env.startsWith(STORED_KEY_ENV_PREFIX)) {
      warn(
        file.loc(path),
        `${ctx}: api_key ${show(value)} is modelgraph's export placeholder for a key stored encrypted; a stored key of that provider is kept, a new provider gets none: set it with updateProvider(apiKey) or apiKeyEnv`,
      );
      return { env: null, literal: undefined, placeholder: true };
    }
    return { env, literal: undefined, placeholder: false };
  }
  if (value === "" || value.trim() !== value) {
    file.fail(path, `${ctx}: litellm_params.api_key is empty or has surrounding whitespace (the value is not shown); remove it or write os.environ/NAME`);
  }
  warn(file.loc(path), `${ctx}: literal api_key stored encrypted on its provider (never returned; export writes an os.environ/ placeholder); prefer api_key: os.environ/NAME`);
  return { env: null, literal: value, placeholder: false };
}

interface Metadata {
  provider: string | undefined;
  providerDisplayName: string | null;
  /** undefined: the entry's api_base is the provider's; else the provider's own (the entry overrides it). */
  providerApiBase: string | null | undefined;
  providerApiKeyEnv: string | undefined;
  groupDescription: string | null;
  enabled: boolean | undefined;
  probe: (typeof PROBE_MODES)[number] | undefined;
}

/** `model_info.modelgraph`: what LiteLLM has no place for, written by export and read back. */
function parseMetadata(file: ConfigSource, path: Path, value: unknown, ctx: string, warn: (loc: Loc, m: string) => void): Metadata | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) file.fail(path, `${ctx}: model_info.modelgraph must be a mapping (written by modelgraph's export); got ${kindOf(value)}`);
  const str = (key: string): string | null | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return v as null | undefined;
    if (typeof v !== "string") file.fail([...path, key], `${ctx}: model_info.modelgraph.${key} must be a string; got ${kindOf(v)}`);
    return v;
  };
  for (const k of Object.keys(value)) if (!METADATA_KEYS.has(k)) warn(file.loc([...path, k]), `${ctx}: ignored model_info.modelgraph.${k}`);
  const provider = str("provider") ?? undefined;
  if (provider !== undefined) atLoc(file.loc([...path, "provider"]), () => validateProviderName(provider, "model_info.modelgraph.provider"), ctx);
  const providerApiBase = "provider_api_base" in value ? (str("provider_api_base") ?? null) : undefined;
  if (providerApiBase) atLoc(file.loc([...path, "provider_api_base"]), () => validateApiBase(providerApiBase, "provider_api_base"), ctx);
  const keyEnv = str("provider_api_key_env") ?? undefined;
  const providerApiKeyEnv = keyEnv !== undefined ? atLoc(file.loc([...path, "provider_api_key_env"]), () => validateApiKeyEnv(keyEnv), ctx) : undefined;
  const groupDescription = str("group_description") ?? null;
  atLoc(file.loc([...path, "group_description"]), () => validateDescription(groupDescription), ctx);
  const enabled = value.enabled;
  if (enabled !== undefined && typeof enabled !== "boolean") file.fail([...path, "enabled"], `${ctx}: model_info.modelgraph.enabled must be true or false; got ${kindOf(enabled)}`);
  const probe = str("probe") ?? undefined;
  const probeMode = probe === undefined ? undefined : PROBE_MODES.find((m) => m === probe);
  if (probe !== undefined && !probeMode) file.fail([...path, "probe"], `${ctx}: model_info.modelgraph.probe ${show(probe)} is not known; accepted: ${PROBE_MODES.join(", ")}`);
  return {
    provider,
    providerDisplayName: str("provider_display_name") ?? null,
    providerApiBase,
    providerApiKeyEnv,
    groupDescription,
    enabled: enabled as boolean | undefined,
    probe: probeMode,
  };
}

/** Entries without metadata share a provider when type, effective API base and key agree. */
function derivedIdentity(type: ProviderTypeInfo, apiBase: string | null, key: KeyRef): string {
  const base = normalizeApiBase(apiBase ?? type.defaultApiBase);
  const ref = key.literal !== undefined ? `literal:${createHash("sha256").update(key.literal).digest("hex")}` : `env:${key.env ?? type.apiKeyEnv}`;
  return [type.id, base, ref].join("\u0000");
}

function providerDifference(a: ProviderSpec, b: ProviderSpec): string | null {
  if (a.type !== b.type) return `type ${show(b.type)} here, ${show(a.type)} there`;
  if (a.apiBase !== b.apiBase) return `API base ${show(b.apiBase ?? "(type default)")} here, ${show(a.apiBase ?? "(type default)")} there`;
  if ((a.apiKeyEnv ?? null) !== (b.apiKeyEnv ?? null)) return `key variable ${show(b.apiKeyEnv ?? "(default)")} here, ${show(a.apiKeyEnv ?? "(default)")} there`;
  if (a.apiKey !== b.apiKey) return "a different literal api_key";
  if (a.displayName != null && b.displayName != null && a.displayName !== b.displayName) return "a different provider_display_name";
  return null;
}

function parseAliases(file: ConfigSource, settings: unknown, warn: (loc: Loc, m: string) => void): AliasSpec[] {
  if (settings === undefined || settings === null) return [];
  if (!isRecord(settings)) file.fail(["router_settings"], `router_settings must be a mapping; got ${kindOf(settings)}`);
  const ignored = Object.keys(settings).filter((k) => k !== "model_group_alias");
  if (ignored.length > 0) warn(file.loc(["router_settings"]), `ignored router_settings key(s) ${ignored.map((k) => show(k)).join(", ")}: modelgraph imports model_group_alias`);
  const map = settings.model_group_alias;
  if (map === undefined || map === null) return [];
  const at = ["router_settings", "model_group_alias"];
  if (!isRecord(map)) file.fail(at, `router_settings.model_group_alias must be a mapping {alias: group} or {alias: {model: group, hidden: true}}; got ${kindOf(map)}`);
  const out: AliasSpec[] = [];
  for (const [rawName, value] of Object.entries(map)) {
    const path = [...at, rawName];
    const loc = file.loc(path);
    const ctx = `model_group_alias ${show(rawName)}`;
    const name = atLoc(loc, () => validatePublicName(rawName, "alias name"), ctx);
    if (typeof value === "string") {
      out.push({ name, target: value.normalize("NFC"), hidden: false, description: undefined, loc });
      continue;
    }
    if (!isRecord(value)) file.fail(path, `${ctx} must point at a model_name: "alias: group" or "alias: {model: group, hidden: true}"; got ${kindOf(value)}`);
    if (typeof value.model !== "string" || value.model === "") file.fail([...path, "model"], `${ctx}: model must be the model_name of a group; got ${kindOf(value.model)}`);
    const hidden = value.hidden ?? false;
    if (typeof hidden !== "boolean") file.fail([...path, "hidden"], `${ctx}: hidden must be true or false; got ${kindOf(hidden)}`);
    for (const k of Object.keys(value)) if (k !== "model" && k !== "hidden") warn(file.loc([...path, k]), `${ctx}: ignored key ${show(k)} (LiteLLM's alias form is {model, hidden})`);
    out.push({ name, target: value.model.normalize("NFC"), hidden, description: undefined, loc });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Export

/**
 * The catalog as a LiteLLM proxy config. Names and fields LiteLLM has no place for go under
 * `model_info.modelgraph`; literal keys become `os.environ/MODELGRAPH_STORED_KEY_<PROVIDER>`.
 */
export function serializeLiteLLM(snapshot: CatalogSnapshot): Serialized {
  const warnings: string[] = [];
  const providers = new Map(snapshot.providers.map((p) => [p.name, p]));
  const literalUsed = new Set<string>();
  const exported = new Set<string>();
  const modelList: Record<string, unknown>[] = [];

  for (const group of snapshot.groups) {
    if (group.deployments.length === 0) {
      warnings.push(`model group ${show(group.name)} has no deployments: LiteLLM's model_list cannot hold it, so it is not exported`);
      continue;
    }
    exported.add(group.name);
    // LiteLLM compares `order` among deployments that have one: write it for all or none.
    const writeOrder = group.deployments.some((d) => d.priority !== 0);
    for (const d of group.deployments) {
      const p = providers.get(d.provider)!;
      const params: Record<string, unknown> = { model: d.prefixedId };
      const base = d.apiBase ?? p.apiBase;
      if (base) params.api_base = base;
      if (p.hasLiteralKey) {
        params.api_key = `os.environ/${storedKeyEnv(p.name)}`;
        literalUsed.add(p.name);
      } else if (p.apiKeyEnv) {
        params.api_key = `os.environ/${p.apiKeyEnv}`;
      }
      if (d.rpm != null) params.rpm = d.rpm;
      if (d.tpm != null) params.tpm = d.tpm;
      if (writeOrder) params.order = d.priority;
      if (d.weight !== 1) params.weight = d.weight;
      const sealed: string[] = [];
      const extras = mapStrings(d.extraParams ?? {}, (leaf, path) => {
        if (!isSealed(leaf)) return leaf;
        sealed.push(`litellm_params.${paramPath(path)}`);
        return sealedPlaceholder(leaf);
      }) as Record<string, unknown>;
      // The kept model_info fact keys go back under the entry's model_info, as they were read.
      const infoFacts: Record<string, unknown> = {};
      if (isRecord(extras.model_info)) {
        const rest: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(extras.model_info)) (INFO_FACT_KEYS.has(k) ? infoFacts : rest)[k] = v;
        if (Object.keys(rest).length > 0) extras.model_info = rest;
        else delete extras.model_info;
      }
      for (const [k, v] of Object.entries(extras)) if (!(k in params)) params[k] = v;
      if (sealed.length > 0) {
        warnings.push(
          `deployment ${show(d.prefixedId)} of ${show(group.name)}: ${sealed.join(", ")} hold secrets stored encrypted in modelgraph; they are not exported: each reads os.environ/${STORED_SECRET_ENV_PREFIX}<digest> (set those variables for LiteLLM; importing this file back into modelgraph keeps the stored values)`,
        );
      }

      const meta: Record<string, unknown> = { provider: p.name };
      if (p.displayName) meta.provider_display_name = p.displayName;
      if (d.apiBase) meta.provider_api_base = p.apiBase;
      if (p.hasLiteralKey && p.apiKeyEnv) meta.provider_api_key_env = p.apiKeyEnv;
      if (group.description) meta.group_description = group.description;
      if (!d.enabled) {
        meta.enabled = false;
        warnings.push(
          `deployment ${show(d.prefixedId)} of ${show(group.name)} is disabled: LiteLLM has no such flag and would route to it; it is marked model_info.modelgraph.enabled: false (remove the entry before giving the file to LiteLLM)`,
        );
      }
      if (d.probe !== "AUTO") meta.probe = d.probe;
      const info: Record<string, unknown> = {};
      if (d.externalId) info.id = d.externalId;
      info.mode = group.mode;
      Object.assign(info, infoFacts);
      info.modelgraph = meta;
      modelList.push({ model_name: group.name, litellm_params: params, model_info: info });
    }
  }
  const used = new Set(snapshot.groups.flatMap((g) => g.deployments.map((d) => d.provider)));
  for (const p of snapshot.providers) {
    if (!used.has(p.name)) warnings.push(`provider ${show(p.name)} has no deployments: a LiteLLM config has no place for it, so it is not exported`);
  }
  for (const name of literalUsed) {
    warnings.push(
      `provider ${show(name)} has a literal API key stored encrypted in modelgraph; it is not exported: its entries say api_key: os.environ/${storedKeyEnv(name)} (set that variable for LiteLLM)`,
    );
  }

  const aliasMap: Record<string, unknown> = {};
  for (const alias of snapshot.aliases) {
    if (!exported.has(alias.target)) {
      warnings.push(`alias ${show(alias.name)} points at ${show(alias.target)}, which has no deployments; it is not exported`);
      continue;
    }
    aliasMap[alias.name] = alias.hidden ? { model: alias.target, hidden: true } : alias.target;
    if (alias.description) warnings.push(`alias ${show(alias.name)}: its description is not exported (LiteLLM's model_group_alias has no place for it)`);
  }

  const body: Record<string, unknown> = { model_list: modelList };
  if (Object.keys(aliasMap).length > 0) body.router_settings = { model_group_alias: aliasMap };
  // YAML 1.1 quoting, as LiteLLM reads the file with PyYAML: "2024-06-01" and "yes" stay strings.
  const doc = new Document(body, { version: "1.1" });
  doc.commentBefore = [
    " LiteLLM proxy config exported by modelgraph. model_info.modelgraph keeps what LiteLLM has no",
    " place for (provider names, …); importing this file into modelgraph reads it back.",
    ...warnings.map((w) => ` warning: ${w}`),
  ].join("\n");
  return { content: doc.toString({ lineWidth: 0 }), warnings };
}
