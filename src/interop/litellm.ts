import { createHash } from "node:crypto";
import { Document } from "yaml";
import { isModelMode, MODEL_MODES } from "../catalog/group/modes.ts";
import { normalizeApiBase } from "../catalog/prefix.ts";
import { findProviderType, PROVIDER_TYPES, type ProviderTypeInfo } from "../catalog/provider-types.ts";
import { closestNames } from "../catalog/suggest.ts";
import {
  API_BASE_ENV_REF,
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
import { BadUserInputError } from "../errors.ts";
import { CAPABILITIES, VALUE_FIELDS, type Capability, type FactValues } from "../registry/facts.ts";
import {
  canonicalJson,
  NANOBOT_ENV_REF,
  atLoc,
  isLiteralSecret,
  isRecord,
  isSealed,
  isSecretParam,
  kindOf,
  locatedError,
  mapStrings,
  paramPath,
  ProblemCollector,
  sealedPlaceholder,
  SEALED_PREFIX,
  STORED_SECRET_ENV_PREFIX,
  where,
  type AliasSpec,
  type CatalogSnapshot,
  type ConfigSpec,
  type DeploymentSpec,
  type FallbackKind,
  type GroupSpec,
  type Loc,
  type ParseOptions,
  type ProviderSpec,
  type Serialized,
  type SnapshotDeployment,
  type SnapshotGroup,
  type SnapshotProvider,
} from "./spec.ts";
import { ConfigSource, pyyamlExportTags } from "./source.ts";

/*
 * LiteLLM proxy config YAML, as LiteLLM's own proxy reads it: `include:` files appended,
 * `model_list` entries as deployments (the provider from the prefix, `custom_llm_provider`, or an
 * exact first-party registry id), `router_settings.model_group_alias` as aliases, the fallback
 * lists as group fallbacks, and everything else kept as read (ConfigSpec.document) so that export
 * gives the file back. The rules, and the reason for each: docs/import-export.md; keep the two in step.
 */

/** Export writes `api_key: os.environ/MODELGRAPH_STORED_KEY_<PROVIDER>` for a literal key it never exports. */
export const STORED_KEY_ENV_PREFIX = "MODELGRAPH_STORED_KEY_";

export function storedKeyEnv(providerName: string): string {
  return STORED_KEY_ENV_PREFIX + providerName.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

const ENTRY_KEYS = new Set(["model_name", "litellm_params", "model_info"]);
/** litellm_params with a column of their own; the rest are kept as extra params. */
const MAPPED_PARAMS = new Set(["model", "api_base", "api_key", "rpm", "tpm", "order", "weight"]);
/** LiteLLM's `os.environ/NAME`: read from the environment when LiteLLM loads the file. */
const ENV_REF = /^os\.environ\/(.+)$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

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

/** The three fallback lists LiteLLM's Router reads, and the kind each becomes. */
const FALLBACK_LISTS: readonly { key: string; kind: FallbackKind }[] = [
  { key: "fallbacks", kind: "GENERAL" },
  { key: "context_window_fallbacks", kind: "CONTEXT_WINDOW" },
  { key: "content_policy_fallbacks", kind: "CONTENT_POLICY" },
];

/**
 * What a LiteLLM file holds beside the catalog (ConfigSpec.document): every top-level section
 * except model_list (router_settings without model_group_alias, which is the aliases), as read;
 * the `model: "*"` entries of passthrough groups, as read; and, per fallback list, the section it
 * was read from and the keys that became group fallbacks (export writes those from the catalog,
 * the other items as read).
 */
interface LiteLLMDocument {
  sections: Record<string, unknown>;
  passthrough?: Record<string, unknown[]>;
  fallbacks?: Record<string, { section: string; applied: string[] }>;
}

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
 * `hosted-vllm`) when the base is absent, the type's default, or no URL (an `os.environ/`
 * reference, a placeholder); else that plus a label of the host: IP addresses and localhost as
 * host and port (`hosted-vllm-127-0-0-1-8000`), DNS names by their first label that is not
 * generic (`azure-xyz1` for xyz1.openai.azure.com, `hosted-vllm-nvidia` for
 * integrate.api.nvidia.com), with `-<port>` for an explicit port. The importer adds `-2`, `-3`, …
 * when the name is taken.
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
  if (url.protocol !== "http:" && url.protocol !== "https:") return typeSlug;
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
// Reading the file and its includes

type Path = (string | number)[];

/** A model_list entry and the file it was read from (the including file or an included one). */
interface EntryRef {
  file: ConfigSource;
  at: Path;
  value: unknown;
}

/** The config as LiteLLM's proxy sees it after `include:`, with where each part was read. */
interface Combined {
  root: Record<string, unknown>;
  /** The file each top-level key was (last) read from. */
  origin: Map<string, ConfigSource>;
  entries: EntryRef[];
}

function entriesOf(file: ConfigSource, list: unknown): EntryRef[] {
  return Array.isArray(list) ? list.map((value, i) => ({ file, at: ["model_list", i], value })) : [];
}

/**
 * `include:` as LiteLLM's `ProxyConfig._process_includes` does it: a list of paths (relative to
 * the including file; `readInclude` knows where that is); each included file's top-level keys are
 * merged into the config in order: a list under a key the config already has is appended to it
 * (two files' `model_list`s become one), anything else replaces the config's value. Includes of
 * included files are not followed (LiteLLM drops them).
 */
function combine(main: ConfigSource, root: Record<string, unknown>, options: ParseOptions, warn: (loc: Loc, message: string) => void): Combined {
  const out: Record<string, unknown> = {};
  const origin = new Map<string, ConfigSource>();
  for (const [k, v] of Object.entries(root)) {
    if (k === "include") continue;
    out[k] = v;
    origin.set(k, main);
  }
  let entries = entriesOf(main, root.model_list);
  if (!("include" in root)) return { root: out, origin, entries };
  const list = root.include;
  if (!Array.isArray(list)) main.fail(["include"], `include must be a list of file paths, e.g. include: [models.yaml] (LiteLLM refuses anything else); got ${kindOf(list)}`);
  if (!options.readInclude) {
    main.fail(
      ["include"],
      `include: ${list.map((p) => (typeof p === "string" ? show(p) : kindOf(p))).join(", ")} cannot be read here: an import over GraphQL (importConfig) reads no files; use the CLI \`modelgraph import FILE\` (include: paths are read relative to FILE), or paste the included model_list into this file`,
    );
  }
  list.forEach((path: unknown, i: number) => {
    if (typeof path !== "string" || path.trim() === "") main.fail(["include", i], `include[${i}] must be a file path; got ${kindOf(path)}`);
    let read: { content: string; source: string };
    try {
      read = options.readInclude!(path);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const extensions = error instanceof BadUserInputError ? (error.extensions as Record<string, unknown>) : {};
      throw locatedError(main.loc(["include", i]), error instanceof BadUserInputError ? message : `included file ${show(path)} cannot be read: ${message}`, { ...extensions, include: path });
    }
    // Errors in the included file name that file and its line.
    const file: ConfigSource = ConfigSource.yaml(read.content, read.source);
    const value = file.value ?? {};
    if (!isRecord(value)) file.fail([], `an included file must be a mapping of config sections (model_list, litellm_settings, …), as LiteLLM reads it; got ${kindOf(value)}`);
    for (const [k, v] of Object.entries(value)) {
      if (k === "include") {
        warn(file.loc(["include"]), `include inside an included file is not followed (LiteLLM reads one level of includes): ignored`);
        continue;
      }
      if (Array.isArray(v) && k in out) {
        const mine = out[k];
        if (!Array.isArray(mine)) {
          file.fail([k], `${k} is a list here, but ${where(origin.get(k)!.loc([k]))} gives ${kindOf(mine)}: LiteLLM appends an included list to the including file's list, and cannot append to that`);
        }
        out[k] = [...mine, ...v];
        if (k === "model_list") entries = [...entries, ...entriesOf(file, v)];
        continue;
      }
      if (k in out) warn(file.loc([k]), `${k} replaces the one at ${where(origin.get(k)!.loc([k]))}, as LiteLLM replaces an included key that is not a list`);
      out[k] = v;
      origin.set(k, file);
      if (k === "model_list") entries = entriesOf(file, v);
    }
  });
  return { root: out, origin, entries };
}

interface KeyRef {
  env: string | null;
  literal: string | undefined;
  /** modelgraph's export placeholder for a stored literal key: its variable name. */
  placeholder: string | null;
}

/** How an entry's litellm_params.model routes. */
interface Route {
  type: ProviderTypeInfo;
  upstream: string;
  /** The model as written, when that is not `<prefix>/<upstream>`. */
  written: string | null;
}

/**
 * Parses a LiteLLM proxy config into the neutral spec. Every error names the line (and the
 * model_list entry) it comes from; every entry's problems are collected (ProblemCollector), so a
 * refusal lists them all and `skipInvalid` imports the rest.
 */
export function parseLiteLLM(content: string, source: string, options: ParseOptions = {}): ConfigSpec {
  const main: ConfigSource = ConfigSource.yaml(content, source);
  const root = main.value;
  if (!isRecord(root)) {
    main.fail([], `expected a LiteLLM proxy config: a mapping with model_list (and optionally router_settings, litellm_settings, …); got ${kindOf(root)}`);
  }
  const reader = new ModelListReader(options);
  const combined = combine(main, root, options, reader.warn);
  if (!("model_list" in combined.root)) {
    main.fail(
      [],
      `expected a LiteLLM proxy config with a model_list; found no model_list key (keys: ${Object.keys(root).map((k) => show(k)).join(", ") || "none"}); a config whose models live elsewhere says model_list: []`,
    );
  }
  const list = combined.root.model_list;
  if (list !== null && !Array.isArray(list)) {
    combined.origin.get("model_list")!.fail(["model_list"], `model_list must be a list of entries ({model_name, litellm_params}); got ${kindOf(list)}`);
  }
  const collector = new ProblemCollector(options.skipInvalid ?? false);
  for (const ref of combined.entries) collector.attempt(ref.file.loc(ref.at), () => reader.entry(ref));
  const aliases = reader.aliases(combined, collector);
  const fallbacks = reader.fallbacks(combined, collector);
  reader.variants(collector);
  const spec = reader.finish(aliases);
  spec.document = documentOf(combined.root, reader.passthrough, fallbacks);
  spec.skipped = collector.finish();
  return spec;
}

function documentOf(root: Record<string, unknown>, passthrough: Map<string, unknown[]>, fallbacks: LiteLLMDocument["fallbacks"]): Record<string, unknown> | undefined {
  const sections: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root)) {
    if (k === "model_list") continue;
    if (k === "router_settings" && isRecord(v)) {
      // The aliases are the catalog's; a router_settings that held only them is written again with them.
      const { model_group_alias: aliases, ...rest } = v;
      if (aliases === undefined || Object.keys(rest).length > 0) sections[k] = rest;
    } else {
      sections[k] = v;
    }
  }
  const doc: LiteLLMDocument = { sections };
  if (passthrough.size > 0) doc.passthrough = Object.fromEntries(passthrough);
  if (fallbacks && Object.keys(fallbacks).length > 0) doc.fallbacks = fallbacks;
  if (Object.keys(sections).length === 0 && !doc.passthrough && !doc.fallbacks) return undefined;
  return doc as unknown as Record<string, unknown>;
}

/** Reads model_list entries one by one, collecting providers and groups across them. */
class ModelListReader {
  readonly warnings: string[] = [];
  private readonly providers: ProviderSpec[] = [];
  /** Providers named by model_info.modelgraph.provider. */
  private readonly explicit = new Map<string, ProviderSpec>();
  /** The others, by (type, API base, key reference). */
  private readonly derived = new Map<string, ProviderSpec>();
  private readonly groups = new Map<string, GroupSpec>();
  /** `model: "*"` entries as read, by model_name (the document keeps them for export). */
  readonly passthrough = new Map<string, unknown[]>();
  /** Each deployment's litellm_params as read: LiteLLM's identity of a deployment without model_info.id. */
  private readonly rawParams = new Map<DeploymentSpec, Record<string, unknown>>();
  /** Each deployment's api_key when it is an `os.environ/` reference; null when it has none. */
  private readonly keyWritten = new Map<DeploymentSpec, string | null>();
  /** api_base values already checked, as validateApiBase returned them. */
  private readonly validBases = new Map<string, string>();

  constructor(private readonly options: ParseOptions) {}

  readonly warn = (loc: Loc, message: string): void => {
    this.warnings.push(`${where(loc)}: ${message}`);
  };

  entry(ref: EntryRef): void {
    const file: ConfigSource = ref.file;
    const { at, value: entry } = ref;
    const label = `model_list[${at[1]}]`;
    if (!isRecord(entry)) file.fail(at, `${label} must be a mapping with model_name and litellm_params; got ${kindOf(entry)}`);
    const rawName = entry.model_name;
    if (typeof rawName !== "string" || rawName === "") {
      file.fail([...at, "model_name"], `${label}: model_name must be a non-empty string (the public model name clients send); got ${kindOf(rawName)}`);
    }
    // Names are stored in NFC (docs/decisions.md): the file's spelling of one is the catalog's.
    const name = atPath(file, [...at, "model_name"], () => validatePublicName(rawName, "model_name"), label);
    const ctx = `${label} (model_name ${show(name)})`;
    const entryLoc = file.loc(at);

    const params = entry.litellm_params;
    const pAt = [...at, "litellm_params"];
    if (!isRecord(params)) file.fail(pAt, `${ctx}: litellm_params must be a mapping with at least model: "<prefix>/<model>"; got ${kindOf(params)}`);
    const info = entry.model_info ?? {};
    const iAt = [...at, "model_info"];
    if (!isRecord(info)) file.fail(iAt, `${ctx}: model_info must be a mapping; got ${kindOf(info)}`);
    const meta = parseMetadata(file, [...iAt, "modelgraph"], info.modelgraph, ctx, this.warn);
    const mode = this.mode(file, info, iAt, ctx);

    const route = this.route(file, params, pAt, ctx);
    if (route === "passthrough") {
      // LiteLLM sends a request for any name matching model_name to that name itself: a pattern
      // group without deployments; the entry is kept as read so that export writes it back.
      this.checkGroup(file, name, mode, meta?.groupDescription, ctx, iAt);
      const group = this.addGroup(name, mode, meta ? meta.groupDescription : undefined, entryLoc);
      group.passthrough = true;
      const kept = this.passthrough.get(name);
      if (kept) kept.push(entry);
      else this.passthrough.set(name, [entry]);
      return;
    }
    const { type, upstream, written } = route;

    // Keys beside litellm_params, kept as read; LiteLLM reads a top-level tpm/rpm when
    // litellm_params has none (Router._add_deployment).
    const entryExtra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry)) if (!ENTRY_KEYS.has(k)) entryExtra[k] = v;
    const outerRpm = optionalInt(file, [...at, "rpm"], entry.rpm, ctx, "rpm", (v) => validateOptionalPositive(v, "rpm"));
    const outerTpm = optionalInt(file, [...at, "tpm"], entry.tpm, ctx, "tpm", (v) => validateOptionalPositive(v, "tpm"));

    const apiBase = this.apiBase(file, [...pAt, "api_base"], params.api_base, ctx);
    if (apiBase === null && type.requiresApiBase && meta?.provider === undefined) {
      this.warn(
        file.loc([...pAt, "model"]),
        `${ctx}: provider type ${show(type.id)} needs an API base and the entry gives none: imported without one (health stays UNKNOWN, "no API base") — add litellm_params.api_base`,
      );
    }
    const key = parseApiKey(file, [...pAt, "api_key"], params.api_key, ctx, this.warn);
    const rpm = optionalInt(file, [...pAt, "rpm"], params.rpm, ctx, "litellm_params.rpm", (v) => validateOptionalPositive(v, "rpm")) ?? outerRpm;
    const tpm = optionalInt(file, [...pAt, "tpm"], params.tpm, ctx, "litellm_params.tpm", (v) => validateOptionalPositive(v, "tpm")) ?? outerTpm;
    const order = optionalInt(file, [...pAt, "order"], params.order, ctx, "litellm_params.order", (v) => validateIntRange(v, "order", 0, MAX_PRIORITY));
    const weight = optionalInt(file, [...pAt, "weight"], params.weight, ctx, "litellm_params.weight", (v) => validateIntRange(v, "weight", 0, MAX_WEIGHT));
    const extras = this.extraParams(file, params, pAt, ctx);

    let externalId: string | null = null;
    if (info.id != null) {
      if (typeof info.id !== "string" && typeof info.id !== "number") file.fail([...iAt, "id"], `${ctx}: model_info.id must be a string; got ${kindOf(info.id)}`);
      externalId = String(info.id);
    }
    this.keepInfo(file, info, iAt, extras, pAt, ctx);

    this.checkGroup(file, name, mode, meta?.groupDescription, ctx, iAt);
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
      modelWritten: written,
      variant: "",
      entryExtra: Object.keys(entryExtra).length > 0 ? entryExtra : null,
      loc: entryLoc,
    };
    this.rawParams.set(deployment, params);
    this.keyWritten.set(deployment, key.env !== null && typeof params.api_key === "string" ? params.api_key : null);
    this.addGroup(name, mode, meta ? meta.groupDescription : undefined, entryLoc).deployments.push(deployment);
  }

  /**
   * litellm_params.model: `custom_llm_provider` wins (LiteLLM's get_llm_provider); else a known
   * prefix; else the exact id in the registry's first-party catalogues, as LiteLLM looks it up
   * in its own model lists. `os.environ/NAME` is read first (options.env). `"*"` without
   * custom_llm_provider is LiteLLM's pass-through: the requested name is the model.
   */
  private route(file: ConfigSource, params: Record<string, unknown>, pAt: Path, ctx: string): Route | "passthrough" {
    const path = [...pAt, "model"];
    const raw = params.model;
    if (typeof raw !== "string" || raw === "") {
      file.fail(path, `${ctx}: litellm_params.model must be a string "<prefix>/<model>", e.g. "openai/gpt-4o"; got ${kindOf(raw)}`);
    }
    let model = raw;
    let written: string | null = null;
    const ref = ENV_REF.exec(raw);
    if (ref) {
      const name = ref[1]!;
      if (!ENV_NAME.test(name)) file.fail(path, `${ctx}: litellm_params.model ${show(raw)}: ${show(name)} is not an environment variable name`);
      const value = this.options.env?.(name);
      if (value === undefined || value.trim() === "") {
        file.fail(
          path,
          `${ctx}: litellm_params.model ${show(raw)} reads the model from environment variable ${name}, which is not set${this.options.env ? "" : " here (this import reads no environment)"}; set ${name} to the model LiteLLM would read (e.g. "openai/gpt-4o") and import again, or write the model itself`,
        );
      }
      model = value.trim();
      written = raw;
    }
    const custom = params.custom_llm_provider;
    if (custom !== undefined && custom !== null) {
      const cpPath = [...pAt, "custom_llm_provider"];
      if (typeof custom !== "string" || custom === "") file.fail(cpPath, `${ctx}: litellm_params.custom_llm_provider must be a provider type id such as "openai"; got ${kindOf(custom)}`);
      const type = findProviderType(custom) ?? typeByPrefix(custom);
      if (!type) {
        const near = closestNames(custom, prefixes(), 3);
        file.fail(cpPath, `${ctx}: custom_llm_provider ${show(custom)} is not a provider type; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}accepted: ${prefixes().join(", ")}`);
      }
      // LiteLLM drops a model's own `<provider>/` when it names the same provider.
      const upstream = model.startsWith(`${type.prefix}/`) ? model.slice(type.prefix.length + 1) : model;
      return { type, upstream: this.checkModel(file, path, upstream, ctx), written: written ?? (model === `${type.prefix}/${upstream}` ? null : model) };
    }
    if (model === "*") return "passthrough";
    const slash = model.indexOf("/");
    if (slash > 0) {
      const type = typeByPrefix(model.slice(0, slash));
      if (type) return { type, upstream: this.checkModel(file, path, model.slice(slash + 1), ctx), written };
    }
    const candidates = this.options.firstParty?.(model);
    if (candidates === undefined || candidates.length !== 1) {
      const lookup =
        candidates === undefined
          ? "the model registry is not available here to look the id up"
          : candidates.length === 0
            ? "no first-party provider in the model registry lists exactly that id (the lookup LiteLLM does in its own model lists; a newer registry may know it: modelgraph facts import model_prices_and_context_window.json)"
            : `the model registry lists that exact id under several first-party providers (${candidates.map((c) => show(c)).join(", ")}), so the provider is ambiguous`;
      const prefix = slash > 0 ? model.slice(0, slash) : null;
      if (prefix) {
        const near = closestNames(prefix, prefixes(), 3);
        file.fail(
          path,
          `${ctx}: unknown provider prefix ${show(prefix)} in litellm_params.model ${show(model)}; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}and ${lookup}: write "<prefix>/<model>" with a provider type's prefix (the ${prefixes().length} are listed by the GraphQL query providerTypes and in docs/provider-types.md); or set litellm_params.custom_llm_provider`,
        );
      }
      file.fail(
        path,
        `${ctx}: litellm_params.model ${show(model)} has no provider prefix; write "<prefix>/<model>", e.g. "openai/${model}", or set litellm_params.custom_llm_provider: ${lookup}, and modelgraph never guesses a provider from a model name`,
      );
    }
    const type = findProviderType(candidates[0]!);
    if (!type) file.fail(path, `${ctx}: litellm_params.model ${show(model)}: the registry names provider type ${show(candidates[0]!)}, which modelgraph does not know`);
    this.warn(
      file.loc(path),
      `${ctx}: litellm_params.model ${show(model)} has no provider prefix; found by its exact id in the model registry under the first-party provider ${show(type.id)} (as LiteLLM finds it in its model lists): stored as ${show(`${type.prefix}/${model}`)}, exported as written`,
    );
    return { type, upstream: this.checkModel(file, path, model, ctx), written: written ?? model };
  }

  private checkModel(file: ConfigSource, path: Path, upstream: string, ctx: string): string {
    // `azure/` (an Azure deployment without a name, as LiteLLM's own config has for dall-e-2) is accepted by LiteLLM.
    if (upstream === "") {
      this.warn(file.loc(path), `${ctx}: litellm_params.model has no model after the provider prefix; LiteLLM accepts that (the API needs no deployment name), and so does this import`);
      return upstream;
    }
    return atPath(file, path, () => validateModel(upstream), ctx);
  }

  /** litellm_params.api_base: a URL, an `os.environ/NAME` reference (kept), or a placeholder (kept, with a warning). */
  private apiBase(file: ConfigSource, path: Path, value: unknown, ctx: string): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") file.fail(path, `${ctx}: litellm_params.api_base must be a string; got ${kindOf(value)}`);
    // Checked once per distinct value: a large file repeats a few bases thousands of times.
    const base = this.validBases.get(value) ?? atPath(file, path, () => validateApiBase(value, "api_base", true), ctx);
    this.validBases.set(value, base);
    if (!API_BASE_ENV_REF.test(base) && !/^https?:\/\//i.test(base)) {
      this.warn(
        file.loc(path),
        `${ctx}: api_base ${show(base, 60)} is a placeholder, not a URL: imported as written; the deployment's health stays UNKNOWN until it is set to the real endpoint`,
      );
    }
    return base;
  }

  /** model_info.mode, checked; a mode modelgraph does not know is kept as written only. */
  private mode(file: ConfigSource, info: Record<string, unknown>, iAt: Path, ctx: string): string | undefined {
    if (info.mode == null) return undefined;
    if (typeof info.mode !== "string") file.fail([...iAt, "mode"], `${ctx}: model_info.mode must be a string; got ${kindOf(info.mode)}`);
    if (isModelMode(info.mode)) return info.mode;
    this.warn(
      file.loc([...iAt, "mode"]),
      `${ctx}: model_info.mode ${show(info.mode)} is not a mode modelgraph models (${MODEL_MODES.join(", ")}): kept and exported as written; the group's mode is left as it is (chat when new)`,
    );
    return undefined;
  }

  finish(aliases: AliasSpec[]): ConfigSpec {
    const deployments = [...this.groups.values()].flatMap((g) => g.deployments);
    // A provider only an entry that was left out (skipInvalid) used is not created.
    const used = new Set(deployments.map((d) => d.provider));
    /*
     * Entries without api_key and entries with os.environ/<the type's default variable> share one
     * provider (the same key). When a provider has both, it reads the default (apiKeyEnv null) and
     * the entries that wrote the reference keep it in their own parameters, so that export writes
     * it where the file did.
     */
    const byProvider = new Map<ProviderSpec, DeploymentSpec[]>();
    for (const d of deployments) {
      const list = byProvider.get(d.provider);
      if (list) list.push(d);
      else byProvider.set(d.provider, [d]);
    }
    for (const provider of this.derived.values()) {
      const mine = byProvider.get(provider) ?? [];
      const written = new Set(mine.map((d) => this.keyWritten.get(d) ?? null));
      if (written.size < 2) continue;
      provider.apiKeyEnv = null;
      for (const d of mine) {
        const ref = this.keyWritten.get(d);
        if (ref) d.extraParams = { ...(d.extraParams ?? {}), api_key: ref };
      }
    }
    return { providers: this.providers.filter((p) => used.has(p)), groups: [...this.groups.values()], aliases, warnings: this.warnings };
  }

  /**
   * Twins: deployments of one group on the same provider, model and API base. LiteLLM tells them
   * apart by model_info.id, else by a digest of their litellm_params (its `_generate_model_id`);
   * so does the import (DeploymentSpec.variant). Literal secrets are left out of the digest (it is
   * stored and shown); twins share their provider and so their key anyway. Twins that still
   * cannot be told apart are the same deployment written twice: refused.
   */
  variants(collector: ProblemCollector): void {
    const index = new Map(this.providers.map((p, i) => [p, i]));
    for (const group of this.groups.values()) {
      const bySlot = new Map<string, DeploymentSpec[]>();
      for (const d of group.deployments) {
        const slot = `${index.get(d.provider)}\u0000${d.model}\u0000${d.apiBase ?? ""}`;
        const list = bySlot.get(slot);
        if (list) list.push(d);
        else bySlot.set(slot, [d]);
      }
      for (const twins of bySlot.values()) {
        if (twins.length < 2) continue;
        const seen = new Map<string, DeploymentSpec>();
        for (const d of twins) {
          d.variant = d.externalId !== null && d.externalId !== undefined ? `id:${d.externalId}` : `params:${paramsDigest(this.rawParams.get(d) ?? {})}`;
          const first = seen.get(d.variant);
          if (!first) {
            seen.set(d.variant, d);
            continue;
          }
          const ok = collector.attempt(d.loc, () => {
            const why = d.variant!.startsWith("id:") ? `the same model_info.id ${show(d.externalId!)}` : "the same litellm_params";
            throw locatedError(
              d.loc,
              `duplicate deployment in model group ${show(group.name)}: ${show(d.model)} on the same provider and API base, with ${why}, is already listed at ${where(first.loc)}; remove one, or tell them apart with model_info.id`,
            );
          });
          if (ok === undefined) group.deployments.splice(group.deployments.indexOf(d), 1);
        }
      }
    }
  }

  /** router_settings.model_group_alias in both LiteLLM forms; each alias's problems are collected. */
  aliases(combined: Combined, collector: ProblemCollector): AliasSpec[] {
    const settings = combined.root.router_settings;
    const origin = combined.origin.get("router_settings");
    if (!origin || settings === undefined || settings === null) return [];
    const file: ConfigSource = origin;
    if (!isRecord(settings)) {
      this.warn(file.loc(["router_settings"]), `router_settings is ${kindOf(settings)}, not a mapping: LiteLLM ignores it, and so does this import (kept as written)`);
      return [];
    }
    const map = settings.model_group_alias;
    if (map === undefined || map === null) return [];
    const at = ["router_settings", "model_group_alias"];
    if (!isRecord(map)) {
      collector.attempt(file.loc(at), () =>
        file.fail(at, `router_settings.model_group_alias must be a mapping {alias: group} or {alias: {model: group, hidden: true}}; got ${kindOf(map)}`),
      );
      return [];
    }
    const out: AliasSpec[] = [];
    for (const [rawName, value] of Object.entries(map)) {
      const path = [...at, rawName];
      const loc = file.loc(path);
      const alias = collector.attempt(loc, () => parseAlias(file, path, rawName, value, this.warn));
      if (alias) out.push(alias);
    }
    return out;
  }

  /**
   * The fallback lists (`fallbacks`, `context_window_fallbacks`, `content_policy_fallbacks`), each
   * a list of single-key mappings `{group: [targets]}`. LiteLLM's Router takes the list from
   * router_settings, or litellm_settings when router_settings has none (`fallbacks or
   * litellm.fallbacks`). A key that is a model group of this file gives that group's fallbacks
   * (the first item for a key; LiteLLM reads no later one); other keys (`*`, names of other
   * configs) are kept as read.
   */
  fallbacks(combined: Combined, collector: ProblemCollector): LiteLLMDocument["fallbacks"] {
    for (const group of this.groups.values()) group.fallbacks = [];
    const out: NonNullable<LiteLLMDocument["fallbacks"]> = {};
    const sectionOf = (name: string) => {
      const v = combined.root[name];
      return isRecord(v) ? v : undefined;
    };
    for (const { key, kind } of FALLBACK_LISTS) {
      const inRouter = sectionOf("router_settings")?.[key];
      const inSettings = sectionOf("litellm_settings")?.[key];
      const filled = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
      const section = filled(inRouter) ? "router_settings" : filled(inSettings) ? "litellm_settings" : null;
      if (!section) continue;
      const file: ConfigSource = combined.origin.get(section)!;
      if (section === "router_settings" && filled(inSettings)) {
        const other = combined.origin.get("litellm_settings")!;
        this.warn(other.loc(["litellm_settings", key]), `litellm_settings.${key} is not used: router_settings.${key} is given too and wins, as in LiteLLM's Router; kept as written`);
      }
      const list = section === "router_settings" ? inRouter : inSettings;
      const at = [section, key];
      if (!Array.isArray(list)) {
        collector.attempt(file.loc(at), () => file.fail(at, `${section}.${key} must be a list of {model_name: [fallback, …]} mappings; got ${kindOf(list)}`));
        continue;
      }
      const applied: string[] = [];
      list.forEach((item: unknown, i: number) => {
        const path = [...at, i];
        collector.attempt(file.loc(path), () => {
          if (!isRecord(item) || Object.keys(item).length !== 1) {
            file.fail(path, `${section}.${key}[${i}] must be a mapping with one key, {model_name: [fallback, …]} (LiteLLM's Router refuses anything else); got ${isRecord(item) ? `a mapping with ${Object.keys(item).length} keys` : kindOf(item)}`);
          }
          const [rawKey, targets] = Object.entries(item)[0]!;
          if (!Array.isArray(targets) || targets.some((t) => typeof t !== "string" || t === "")) {
            file.fail([...path, rawKey], `${section}.${key}: the fallbacks of ${show(rawKey)} must be a list of model names, e.g. [gpt-4o-mini]; got ${Array.isArray(targets) ? "a list with a value that is not a name" : kindOf(targets)}`);
          }
          const name = rawKey.normalize("NFC");
          const group = name === "*" ? undefined : this.groups.get(name);
          if (!group) {
            const what = name === "*" ? "the fallback of every model group that has none of its own (LiteLLM's `*` key)" : "not a model_name of this file";
            this.warn(file.loc([...path, rawKey]), `${section}.${key}: ${show(rawKey)} is ${what}: kept and exported as written; resolve() does not show it`);
            return;
          }
          if (applied.includes(name)) {
            this.warn(file.loc([...path, rawKey]), `${section}.${key}: ${show(rawKey)} is listed again; LiteLLM uses the first, and so does this import (this one is not exported)`);
            return;
          }
          applied.push(name);
          group.fallbacks!.push({ kind, to: (targets as string[]).map((t) => t.normalize("NFC")), loc: file.loc([...path, rawKey]) });
        });
      });
      out[key] = { section, applied };
    }
    return out;
  }

  /**
   * model_info as read, kept with the extra params under `model_info`, but for what has a place
   * of its own: id (the external id; a numeric one is kept too, so export writes the number back),
   * a mode modelgraph models (the group's), modelgraph (metadata). The fact keys are checked
   * (INFO_FACTS). A `litellm_params.model_info` of the file is read the same way; a key in both
   * places must agree.
   */
  private keepInfo(file: ConfigSource, info: Record<string, unknown>, iAt: Path, extras: Record<string, unknown>, pAt: Path, ctx: string): void {
    const inner = extras.model_info;
    const innerAt = [...pAt, "model_info"];
    if (inner !== undefined && inner !== null && !isRecord(inner)) {
      file.fail(innerAt, `${ctx}: litellm_params.model_info must be a mapping; got ${kindOf(inner)}`);
    }
    const kept: Record<string, unknown> = {};
    const from = new Map<string, Path>();
    const take = (source: Record<string, unknown>, at: Path, label: string) => {
      for (const [k, v] of Object.entries(source)) {
        // id is the external id, mode the group's (one modelgraph does not model is kept as written).
        if (k === "modelgraph" || (k === "id" && typeof v !== "number") || (k === "mode" && typeof v === "string" && isModelMode(v))) continue;
        if (OTHER_UNIT.test(k)) {
          file.fail([...at, k], `${ctx}: unknown unit in ${label}.${k}: LiteLLM prices are in USD per token under ${INFO_FACTS.filter((f) => f.kind === "price").map((f) => f.key).join(", ")}`);
        }
        const value = INFO_FACT_KEYS.has(k) ? checkInfoFact(file, [...at, k], k, v, `${label}.${k}`, ctx) : v;
        const before = from.get(k);
        if (before && canonicalJson(kept[k]) !== canonicalJson(value)) {
          file.fail([...at, k], `${ctx}: ${label}.${k} is ${JSON.stringify(value)} but it is ${JSON.stringify(kept[k])} at ${where(file.loc(before))}; state it once`);
        }
        kept[k] = value;
        from.set(k, [...at, k]);
      }
    };
    if (isRecord(inner)) {
      this.warn(file.loc(innerAt), `${ctx}: litellm_params.model_info is read as the entry's model_info; export writes its keys under model_info`);
      take(inner, innerAt, "litellm_params.model_info");
    }
    take(info, iAt, "model_info");
    if (Object.keys(kept).length > 0) extras.model_info = kept;
    else delete extras.model_info;
  }

  /**
   * litellm_params without a column of their own. Literal secrets among them (isSecretParam:
   * credential-like names, every header value) are kept here in clear; the import service seals
   * them before anything is stored.
   */
  private extraParams(file: ConfigSource, params: Record<string, unknown>, pAt: Path, ctx: string): Record<string, unknown> {
    const extras: Record<string, unknown> = {};
    const secrets: Path[] = [];
    for (const [k, v] of Object.entries(params)) {
      if (MAPPED_PARAMS.has(k)) continue;
      mapStrings(
        v,
        (leaf, path, secret) => {
          if (leaf.startsWith(SEALED_PREFIX)) {
            file.fail([...pAt, k, ...path], `${ctx}: litellm_params.${paramPath([k, ...path])} starts with ${show(SEALED_PREFIX)}, which modelgraph reserves for the secrets it stores encrypted; write the value itself`);
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
        file.loc([...pAt, ...secrets[0]!]),
        `${ctx}: literal secret(s) in ${secrets.map((p) => `litellm_params.${paramPath(p)}`).join(", ")} (not shown) are stored encrypted, never shown by /model/info, and exported as os.environ/${STORED_SECRET_ENV_PREFIX}… placeholders; prefer os.environ/NAME`,
      );
    }
    return extras;
  }

  /**
   * The entry's provider: the one model_info.modelgraph names (then the entry's api_base is the
   * provider's, unless provider_api_base says otherwise), else one per (type, API base, key). An
   * entry whose API base is spelled differently from its provider's (a trailing `/`) keeps its
   * spelling as the deployment's own.
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
    // An export's placeholder names the provider whose stored key it stands for, when that name is
    // the one the importer gives (type, API base) anyway: the export writes no metadata for it.
    const byPlaceholder = meta?.provider === undefined && key.placeholder ? placeholderProvider(type, apiBase, key.placeholder) : undefined;
    if (byPlaceholder) meta = { ...(meta ?? emptyMetadata()), provider: byPlaceholder, providerApiKeyEnv: undefined };
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
      return { provider, override: apiBase !== provider.apiBase ? apiBase : null };
    }
    const overrides = meta.providerApiBase !== undefined;
    const candidate: ProviderSpec = {
      name: meta.provider,
      suggestedName: meta.provider,
      type: type.id,
      apiBase: overrides ? (meta.providerApiBase ?? null) : apiBase,
      // A placeholder found by name says nothing of a key variable (the stored key is kept).
      apiKeyEnv: byPlaceholder ? undefined : key.placeholder !== null ? (meta.providerApiKeyEnv ?? null) : key.env,
      apiKey: key.literal,
      displayName: byPlaceholder ? undefined : meta.providerDisplayName,
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
    return { provider: seen, override: overrides ? apiBase : apiBase !== seen.apiBase ? apiBase : null };
  }

  /** What an entry says of its group must agree with the group's earlier entries (checked before anything is added). */
  private checkGroup(file: ConfigSource, name: string, mode: string | undefined, description: string | null | undefined, ctx: string, iAt: Path): void {
    const group = this.groups.get(name);
    if (!group) return;
    if (mode !== undefined && group.mode !== undefined && mode !== group.mode) {
      file.fail([...iAt, "mode"], `${ctx}: model_info.mode ${show(mode)} differs from ${show(group.mode)} given for the same model_name at ${where(group.loc)}; a model group has one mode`);
    }
    if (description != null && group.description != null && description !== group.description) {
      file.fail([...iAt, "modelgraph", "group_description"], `${ctx}: group_description differs from the one given for the same model_name at ${where(group.loc)}`);
    }
  }

  private addGroup(name: string, mode: string | undefined, description: string | null | undefined, loc: Loc): GroupSpec {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, mode, description, deployments: [], passthrough: false, loc };
      this.groups.set(name, group);
      return group;
    }
    group.mode ??= mode;
    if (description !== undefined && group.description == null) group.description = description;
    return group;
  }
}

/** sha256 of the canonical JSON of litellm_params (literal secrets masked), first 16 hex digits. */
function paramsDigest(params: Record<string, unknown>): string {
  const masked = mapStrings(params, (leaf, _path, secret) => (secret && isLiteralSecret(leaf) ? "<secret>" : leaf));
  return createHash("sha256").update(canonicalJson(masked)).digest("hex").slice(0, 16);
}

function parseAlias(file: ConfigSource, path: Path, rawName: string, value: unknown, warn: (loc: Loc, m: string) => void): AliasSpec {
  const loc = file.loc(path);
  const ctx = `model_group_alias ${show(rawName)}`;
  const name = atLoc(loc, () => validatePublicName(rawName, "alias name"), ctx);
  if (typeof value === "string") return { name, target: value.normalize("NFC"), hidden: false, description: undefined, loc };
  if (!isRecord(value)) file.fail(path, `${ctx} must point at a model_name: "alias: group" or "alias: {model: group, hidden: true}"; got ${kindOf(value)}`);
  if (typeof value.model !== "string" || value.model === "") file.fail([...path, "model"], `${ctx}: model must be the model_name of a group; got ${kindOf(value.model)}`);
  const hidden = value.hidden ?? false;
  if (typeof hidden !== "boolean") file.fail([...path, "hidden"], `${ctx}: hidden must be true or false; got ${kindOf(hidden)}`);
  for (const k of Object.keys(value)) if (k !== "model" && k !== "hidden") warn(file.loc([...path, k]), `${ctx}: ignored key ${show(k)} (LiteLLM's alias form is {model, hidden})`);
  return { name, target: value.model.normalize("NFC"), hidden, description: undefined, loc };
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

/**
 * atLoc with the location computed only when `fn` throws: an import checks a few values per
 * entry, and a location costs more than most checks.
 */
function atPath<T>(file: ConfigSource, path: Path, fn: () => T, context?: string): T {
  try {
    return fn();
  } catch (error) {
    return atLoc(
      file.loc(path),
      () => {
        throw error;
      },
      context,
    );
  }
}

function optionalInt(file: ConfigSource, path: Path, value: unknown, ctx: string, label: string, check: (v: number) => number | null): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    file.fail(path, `${ctx}: ${label} must be an integer; got ${kindOf(value)}${typeof value === "number" ? " (modelgraph stores integers: scale fractional weights, e.g. 0.3 → 3)" : ""}`);
  }
  return atPath(file, path, () => check(value), ctx);
}

function parseApiKey(file: ConfigSource, path: Path, value: unknown, ctx: string, warn: (loc: Loc, m: string) => void): KeyRef {
  if (value === undefined || value === null) return { env: null, literal: undefined, placeholder: null };
  if (typeof value !== "string") file.fail(path, `${ctx}: litellm_params.api_key must be a string: "os.environ/NAME" or a literal key; got ${typeof value}`);
  if (value.startsWith("os.environ/")) {
    const env = atPath(file, path, () => validateApiKeyEnv(value), ctx);
    if (env.startsWith(STORED_KEY_ENV_PREFIX)) {
      warn(
        file.loc(path),
        `${ctx}: api_key ${show(value)} is modelgraph's export placeholder for a key stored encrypted; the stored key of that provider is kept, a new provider gets none: set it with updateProvider(apiKey) or apiKeyEnv`,
      );
      return { env: null, literal: undefined, placeholder: env };
    }
    return { env, literal: undefined, placeholder: null };
  }
  if (value === "" || value.trim() !== value) {
    file.fail(path, `${ctx}: litellm_params.api_key is empty or has surrounding whitespace (the value is not shown); remove it or write os.environ/NAME`);
  }
  warn(file.loc(path), `${ctx}: literal api_key stored encrypted on its provider (never returned; export writes an os.environ/ placeholder); prefer api_key: os.environ/NAME`);
  return { env: null, literal: value, placeholder: null };
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
  if (provider !== undefined) atPath(file, [...path, "provider"], () => validateProviderName(provider, "model_info.modelgraph.provider"), ctx);
  const providerApiBase = "provider_api_base" in value ? (str("provider_api_base") ?? null) : undefined;
  if (providerApiBase) atPath(file, [...path, "provider_api_base"], () => validateApiBase(providerApiBase, "provider_api_base", true), ctx);
  const keyEnv = str("provider_api_key_env") ?? undefined;
  const providerApiKeyEnv = keyEnv !== undefined ? atPath(file, [...path, "provider_api_key_env"], () => validateApiKeyEnv(keyEnv), ctx) : undefined;
  const groupDescription = str("group_description") ?? null;
  atPath(file, [...path, "group_description"], () => validateDescription(groupDescription), ctx);
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

function emptyMetadata(): Metadata {
  return { provider: undefined, providerDisplayName: null, providerApiBase: undefined, providerApiKeyEnv: undefined, groupDescription: null, enabled: undefined, probe: undefined };
}

/** The names an import gives a new provider of (type, API base): the suggestion, then `-2`, `-3`, … */
function* providerNames(type: ProviderTypeInfo, apiBase: string | null): Generator<string> {
  const suggested = suggestProviderName(type, apiBase);
  yield suggested;
  for (let n = 2; n <= 1000; n++) yield `${suggested}-${n}`;
}

/** The provider an export placeholder `MODELGRAPH_STORED_KEY_<NAME>` stands for, among the names the importer gives. */
function placeholderProvider(type: ProviderTypeInfo, apiBase: string | null, variable: string): string | undefined {
  for (const name of providerNames(type, apiBase)) if (storedKeyEnv(name) === variable) return name;
  return undefined;
}

/** Entries without metadata share a provider when type, effective API base and key agree. */
function derivedIdentity(type: ProviderTypeInfo, apiBase: string | null, key: KeyRef): string {
  const base = normalizeApiBase(apiBase ?? type.defaultApiBase);
  const ref =
    key.literal !== undefined
      ? `literal:${createHash("sha256").update(key.literal).digest("hex")}`
      : key.placeholder !== null
        ? `stored:${key.placeholder}`
        : `env:${key.env ?? type.apiKeyEnv}`;
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

// ---------------------------------------------------------------------------------------------
// Export

/** The stored document, read defensively (it may come from an older import). */
function readDocument(value: Record<string, unknown> | null | undefined): LiteLLMDocument {
  const sections = isRecord(value?.sections) ? value.sections : {};
  const passthrough = isRecord(value?.passthrough) ? (value.passthrough as Record<string, unknown[]>) : undefined;
  const fallbacks = isRecord(value?.fallbacks) ? (value.fallbacks as LiteLLMDocument["fallbacks"]) : undefined;
  return { sections: structuredClone(sections), passthrough, fallbacks };
}

/**
 * Numbers written so that PyYAML reads them back as numbers: YAML 1.1 floats need a `.` in the
 * mantissa (`6e-7` is a string to PyYAML, `6.0e-7` a float), and JavaScript writes large and small
 * numbers with an exponent.
 */
const FLOAT_1_1 = {
  identify: (v: unknown) => typeof v === "number" && Number.isFinite(v) && (!Number.isInteger(v) || /e/i.test(String(v))),
  default: true,
  tag: "tag:yaml.org,2002:float",
  test: /^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?$/,
  resolve: (s: string) => Number.parseFloat(s.replace(/_/g, "")),
  stringify: ({ value }: { value: unknown }) => {
    const [mantissa, exponent] = String(value).split("e");
    return (mantissa!.includes(".") ? mantissa! : `${mantissa}.0`) + (exponent ? `e${exponent}` : "");
  },
};

interface ExportedProvider {
  row: SnapshotProvider;
  type: ProviderTypeInfo | undefined;
}

/** Whether an import finds a provider with a stored key by its placeholder alone (placeholderProvider). */
function byPlaceholder(p: ExportedProvider): boolean {
  return p.type !== undefined && placeholderProvider(p.type, p.row.apiBase, storedKeyEnv(p.row.name)) === p.row.name;
}

/** Whether the deployment's own API base is a real override (not the provider's, spelled otherwise). */
function ownBase(d: SnapshotDeployment, p: ExportedProvider): boolean {
  if (!d.apiBase) return false;
  return normalizeApiBase(d.apiBase) !== normalizeApiBase(p.row.apiBase ?? p.type?.defaultApiBase ?? null);
}

/**
 * Providers whose entries must name them (`model_info.modelgraph.provider`): those an import of
 * the export into an empty catalog would not re-create under the same name from (type, API base,
 * key) alone. Simulates the importer's naming (suggestProviderName, `-2`, `-3` … in file order
 * after the named ones) until nothing changes.
 */
function providersToName(order: ExportedProvider[], forced: Set<string>): Set<string> {
  const named = new Set(forced);
  const identity = (p: ExportedProvider) =>
    p.row.hasLiteralKey
      ? `literal:${p.row.name}`
      : [p.row.type, normalizeApiBase(p.row.apiBase ?? p.type?.defaultApiBase ?? null), p.row.apiKeyEnv ?? p.type?.apiKeyEnv ?? ""].join("\u0000");
  // Providers with a stored key are named by their placeholder (or by metadata): claimed first.
  const claimed = (p: ExportedProvider) => named.has(p.row.name) || p.row.hasLiteralKey;
  const suggestions = new Map(order.map((p) => [p, p.type ? suggestProviderName(p.type, p.row.apiBase) : p.row.name]));
  for (;;) {
    const taken = new Set(order.filter(claimed).map((p) => p.row.name));
    const seen = new Set(order.filter(claimed).map(identity));
    let changed = false;
    for (const p of order) {
      if (claimed(p)) continue;
      const id = identity(p);
      const suggested = suggestions.get(p)!;
      let got = suggested;
      for (let n = 2; taken.has(got); n++) got = `${suggested}-${n}`;
      if (!p.type || seen.has(id) || got !== p.row.name) {
        named.add(p.row.name);
        changed = true;
        break;
      }
      taken.add(got);
      seen.add(id);
    }
    if (!changed) return named;
  }
}

/**
 * The catalog as a LiteLLM proxy config, written the way the import read it: each deployment's
 * model as the file wrote it, its kept parameters, model_info keys and entry keys, the stored
 * sections (litellm_settings, general_settings, …) and the fallback lists where they were read.
 * Names and fields LiteLLM has no place for go under `model_info.modelgraph`, only when an import
 * would not re-create them; literal keys become `os.environ/MODELGRAPH_STORED_KEY_<PROVIDER>`.
 */
export function serializeLiteLLM(snapshot: CatalogSnapshot): Serialized {
  const warnings: string[] = [];
  const doc = readDocument(snapshot.document);
  const providers = new Map<string, ExportedProvider>(snapshot.providers.map((p) => [p.name, { row: p, type: findProviderType(p.type) }]));
  const literalUsed = new Set<string>();
  const exported = new Set<string>();
  const modelList: Record<string, unknown>[] = [];

  // Providers in the order the export first uses them: the order an import of it would create them.
  const order = new Set<ExportedProvider>();
  const forced = new Set<string>();
  for (const group of snapshot.groups) {
    for (const d of group.deployments) {
      const p = providers.get(d.provider)!;
      const first = !order.has(p);
      order.add(p);
      if (p.row.displayName || (p.row.hasLiteralKey && (p.row.apiKeyEnv || !byPlaceholder(p)))) forced.add(p.row.name);
      // A deployment's own base: an import of entries without metadata takes the first entry's
      // base as the provider's, and keeps a later one only when it is that base spelled otherwise.
      if (d.apiBase && (first || ownBase(d, p) || p.row.apiBase === null)) forced.add(p.row.name);
    }
  }
  const named = providersToName([...order], forced);

  for (const group of snapshot.groups) {
    if (group.passthrough) {
      exported.add(group.name);
      const kept = doc.passthrough?.[group.name];
      const entries = Array.isArray(kept) && kept.length > 0 ? kept : [{ litellm_params: { model: "*" } }];
      for (const e of entries) modelList.push(isRecord(e) ? { ...e, model_name: group.name } : { model_name: group.name, litellm_params: { model: "*" } });
    }
    if (group.deployments.length === 0) {
      if (!group.passthrough) warnings.push(`model group ${show(group.name)} has no deployments: LiteLLM's model_list cannot hold it, so it is not exported`);
      continue;
    }
    exported.add(group.name);
    // LiteLLM compares `order` among deployments that have one: write it for all or none.
    const writeOrder = group.deployments.some((d) => d.priority !== 0);
    for (const d of group.deployments) modelList.push(exportEntry(group, d, providers.get(d.provider)!, named, writeOrder, warnings, literalUsed));
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

  const sections = doc.sections;
  if (Object.keys(aliasMap).length > 0) {
    const router = isRecord(sections.router_settings) ? sections.router_settings : {};
    sections.router_settings = { ...router, model_group_alias: aliasMap };
  }
  writeFallbacks(sections, snapshot.groups, doc.fallbacks ?? {});

  const body: Record<string, unknown> = { model_list: modelList, ...sections };
  // YAML 1.1 quoting, as LiteLLM reads the file with PyYAML: "2024-06-01" and "yes" stay strings.
  const yaml = new Document(body, { version: "1.1", customTags: (tags) => [FLOAT_1_1, ...pyyamlExportTags(tags)] });
  yaml.commentBefore = [
    " LiteLLM proxy config exported by modelgraph. model_info.modelgraph keeps what LiteLLM has no",
    " place for (provider names, …); importing this file into modelgraph reads it back.",
    ...warnings.map((w) => ` warning: ${w}`),
  ].join("\n");
  return { content: yaml.toString({ lineWidth: 0 }), warnings };
}

/**
 * `litellm_params.model` as the file wrote it when that is a LiteLLM form: an `os.environ/NAME`
 * reference (nanobot's `${NAME}` becomes one), or the unprefixed id the registry found; anything
 * else another format wrote (a nanobot routing prefix) is written as the prefixed id.
 */
function writtenModel(d: SnapshotDeployment): string {
  const written = d.modelWritten;
  if (!written) return d.prefixedId;
  if (ENV_REF.test(written)) return written;
  const nanobotRef = NANOBOT_ENV_REF.exec(written);
  if (nanobotRef) return `os.environ/${nanobotRef[1]}`;
  return written === d.model ? written : d.prefixedId;
}

/** USD per million tokens (modelgraph) back to LiteLLM's USD per token, without float noise. */
function perToken(perMillionTokens: number): number {
  return Number((perMillionTokens / 1e6).toPrecision(12));
}

/**
 * The model_info keys for the facts a mutation set (`updateDeployment(facts:)`) that the kept
 * keys do not already state, so that LiteLLM and a re-import see them. Facts LiteLLM has no key
 * for (modalities, knowledge cutoff, release date, open weights) are named in a warning.
 */
function overrideKeys(d: SnapshotDeployment, kept: Record<string, unknown>, label: string, groupName: string, warnings: string[]): Record<string, unknown> {
  const override = d.factsOverride;
  if (!override) return {};
  const stated = modelInfoOverride({ model_info: kept }) ?? {};
  const out: Record<string, unknown> = {};
  const differs = (field: keyof FactValues) => override[field] !== undefined && override[field] !== null && JSON.stringify(override[field]) !== JSON.stringify(stated[field]);
  const window = override.maxInputTokens ?? override.contextWindow;
  if ((differs("maxInputTokens") || differs("contextWindow")) && typeof window === "number" && window !== stated.maxInputTokens) out.max_input_tokens = window;
  if (differs("maxOutputTokens")) out.max_output_tokens = override.maxOutputTokens;
  for (const fact of INFO_FACTS) {
    if (fact.kind === "price" && differs(fact.field)) out[fact.key] = perToken(override[fact.field] as number);
    if (fact.kind === "flag" && fact.capability) {
      const v = override.capabilities?.[fact.capability];
      if (v !== undefined && v !== stated.capabilities?.[fact.capability]) out[fact.key] = v;
    }
  }
  const inexpressible = (["inputModalities", "outputModalities", "knowledgeCutoff", "releaseDate", "openWeights"] as const).filter((f) => override[f] !== undefined && override[f] !== null);
  if (inexpressible.length > 0) {
    warnings.push(`deployment ${show(label)} of ${show(groupName)}: its ${inexpressible.join(", ")} override(s) have no LiteLLM model_info key and are not exported`);
  }
  return out;
}

function exportEntry(
  group: SnapshotGroup,
  d: SnapshotDeployment,
  p: ExportedProvider,
  named: Set<string>,
  writeOrder: boolean,
  warnings: string[],
  literalUsed: Set<string>,
): Record<string, unknown> {
  const label = writtenModel(d);
  const sealed: string[] = [];
  const extras = mapStrings(d.extraParams ?? {}, (leaf, path) => {
    if (!isSealed(leaf)) return leaf;
    sealed.push(`litellm_params.${paramPath(path)}`);
    return sealedPlaceholder(leaf);
  }) as Record<string, unknown>;
  const entryExtra = d.entryExtra ?? {};
  const params: Record<string, unknown> = { model: label };
  const base = d.apiBase ?? p.row.apiBase;
  if (base) params.api_base = base;
  if (p.row.hasLiteralKey) {
    params.api_key = `os.environ/${storedKeyEnv(p.row.name)}`;
    literalUsed.add(p.row.name);
  } else {
    // The reference the entry wrote, while it still names the provider's key; else the provider's.
    const written = typeof extras.api_key === "string" ? ENV_REF.exec(extras.api_key)?.[1] : undefined;
    const effective = p.row.apiKeyEnv ?? p.type?.apiKeyEnv;
    if (written !== undefined && written === effective) params.api_key = extras.api_key;
    else if (p.row.apiKeyEnv) params.api_key = `os.environ/${p.row.apiKeyEnv}`;
  }
  delete extras.api_key;
  // A top-level rpm/tpm of the entry that still says the value is written there only.
  if (d.rpm != null && entryExtra.rpm !== d.rpm) params.rpm = d.rpm;
  if (d.tpm != null && entryExtra.tpm !== d.tpm) params.tpm = d.tpm;
  if (writeOrder) params.order = d.priority;
  if (d.weight !== 1) params.weight = d.weight;
  const kept = isRecord(extras.model_info) ? extras.model_info : {};
  delete extras.model_info;
  for (const [k, v] of Object.entries(extras)) if (!(k in params)) params[k] = v;
  if (sealed.length > 0) {
    warnings.push(
      `deployment ${show(label)} of ${show(group.name)}: ${sealed.join(", ")} hold secrets stored encrypted in modelgraph; they are not exported: each reads os.environ/${STORED_SECRET_ENV_PREFIX}<digest> (set those variables for LiteLLM; importing this file back into modelgraph keeps the stored values)`,
    );
  }

  const info: Record<string, unknown> = {};
  if (d.externalId) info.id = typeof kept.id === "number" && String(kept.id) === d.externalId ? kept.id : d.externalId;
  if (group.mode !== "chat" && !("mode" in kept)) info.mode = group.mode;
  for (const [k, v] of Object.entries(kept)) if (k !== "id") info[k] = v;
  Object.assign(info, overrideKeys(d, kept, label, group.name, warnings));
  const meta: Record<string, unknown> = {};
  if (named.has(p.row.name)) {
    meta.provider = p.row.name;
    if (p.row.displayName) meta.provider_display_name = p.row.displayName;
    if (d.apiBase) meta.provider_api_base = p.row.apiBase;
    if (p.row.hasLiteralKey && p.row.apiKeyEnv) meta.provider_api_key_env = p.row.apiKeyEnv;
  }
  if (group.description) meta.group_description = group.description;
  if (!d.enabled) {
    meta.enabled = false;
    warnings.push(
      `deployment ${show(label)} of ${show(group.name)} is disabled: LiteLLM has no such flag and would route to it; it is marked model_info.modelgraph.enabled: false (remove the entry before giving the file to LiteLLM)`,
    );
  }
  if (d.probe !== "AUTO") meta.probe = d.probe;
  if (Object.keys(meta).length > 0) info.modelgraph = meta;

  const entry: Record<string, unknown> = { model_name: group.name, litellm_params: params };
  if (Object.keys(info).length > 0) entry.model_info = info;
  for (const [k, v] of Object.entries(entryExtra)) if (!(k in entry)) entry[k] = v;
  return entry;
}

/**
 * The fallback lists, in the section each was read from (router_settings for rules the catalog
 * got elsewhere): the items whose key became a group's fallbacks are written from the catalog,
 * in their place; other items as read; groups with fallbacks the list does not have yet at the end.
 */
function writeFallbacks(sections: Record<string, unknown>, groups: SnapshotGroup[], meta: NonNullable<LiteLLMDocument["fallbacks"]>): void {
  const byName = new Map(groups.map((g) => [g.name, g]));
  for (const { key, kind } of FALLBACK_LISTS) {
    const rule = (g: SnapshotGroup | undefined) => g?.fallbacks?.find((f) => f.kind === kind && f.to.length > 0);
    const remembered = isRecord(meta[key]) ? meta[key] : undefined;
    const section = remembered && typeof remembered.section === "string" ? remembered.section : "router_settings";
    const applied = new Set(Array.isArray(remembered?.applied) ? remembered.applied : []);
    const holder = isRecord(sections[section]) ? (sections[section] as Record<string, unknown>) : undefined;
    const stored = Array.isArray(holder?.[key]) ? (holder![key] as unknown[]) : undefined;
    const out: unknown[] = [];
    const written = new Set<string>();
    for (const item of stored ?? []) {
      const k = isRecord(item) && Object.keys(item).length === 1 ? Object.keys(item)[0]!.normalize("NFC") : undefined;
      if (k === undefined || !applied.has(k)) {
        out.push(item);
        continue;
      }
      const r = rule(byName.get(k));
      if (r && !written.has(k)) out.push({ [k]: [...r.to] });
      written.add(k);
    }
    for (const g of groups) {
      const r = rule(g);
      if (r && !written.has(g.name)) {
        out.push({ [g.name]: [...r.to] });
        written.add(g.name);
      }
    }
    if (stored === undefined && out.length === 0) continue;
    sections[section] = { ...(holder ?? {}), [key]: out };
  }
}
