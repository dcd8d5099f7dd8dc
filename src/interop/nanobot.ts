import { findProviderType, providerTypeIds } from "../catalog/provider-types.ts";
import { closestNames } from "../catalog/suggest.ts";
import {
  API_BASE_ENV_REF,
  PROVIDER_NAME_PATTERN,
  show,
  validateApiBase,
  validateApiKeyEnv,
  validateModel,
  validateProviderName,
  validatePublicName,
} from "../catalog/validation.ts";
import type { FactsOverride } from "../db/schema.ts";
import { BadUserInputError } from "../errors.ts";
import { storedKeyEnv, STORED_KEY_ENV_PREFIX } from "./litellm.ts";
import {
  NANOBOT_ENV_REF,
  atLoc,
  isRecord,
  kindOf,
  locatedError,
  ProblemCollector,
  STORED_SECRET_ENV_PREFIX,
  type AliasSpec,
  type CatalogSnapshot,
  type ConfigSpec,
  type DeploymentSpec,
  type GroupSpec,
  type Loc,
  type ParseOptions,
  type ProviderSpec,
  type Segment,
  type Serialized,
  type SnapshotDeployment,
  type SnapshotGroup,
  type SnapshotProvider,
} from "./spec.ts";
import { ConfigSource } from "./source.ts";

/*
 * nanobot config JSON as its users write it (2026-02 to 2026-08): `providers.<name>` blocks,
 * `modelPresets` (nanobot's alias map), `agents.defaults` (the implicit `default` preset, the
 * active preset and its fallback chain) and every other section, kept as read. The rules and the
 * reasons for them: docs/import-nanobot.md.
 */

// ---------------------------------------------------------------------------------------------
// nanobot's providers

export interface NanobotProvider {
  /** The modelgraph provider type nanobot's backend for this name speaks. */
  type: string;
  /**
   * nanobot's own default API base, where it differs from the type's: the provider gets it when
   * the block has none, and export leaves it out again.
   */
  apiBase?: string;
  /**
   * The variable a provider without a key in the file reads, where the type's default belongs to
   * another service (`siliconflow` is type openai: never OPENAI_API_KEY, which would send OpenAI's
   * key to SiliconFlow). nanobot's own variable for the name where it has one.
   */
  env?: string;
  /** First model segments nanobot removes before sending (`bedrock/amazon.nova-lite-v1:0`). */
  strip?: readonly string[];
  /** nanobot uses it without a key (local server, OAuth login, cloud credentials, direct endpoint). */
  keyless?: boolean;
  /** Model keywords by which nanobot's `provider: "auto"` picks it even when it is not configured. */
  keywords?: readonly string[];
  /** Only earlier nanobot releases had it (today a block of this name is a named custom provider). */
  legacy?: boolean;
}

/**
 * Every provider name nanobot's config schema has (`ProvidersConfig`, HKUDS/nanobot 2026-08), with
 * the modelgraph type of its backend and nanobot's default API base where the type's differs.
 * Gemini keeps the type's native base (nanobot uses Google's OpenAI-compatible path of the same
 * service), Ollama the server root (nanobot's `/v1` is the OpenAI-compatible path of that server).
 */
export const NANOBOT_PROVIDERS: Readonly<Record<string, NanobotProvider>> = {
  custom: { type: "openai", env: "CUSTOM_API_KEY", keyless: true },
  azure_openai: { type: "azure", keyless: true, keywords: ["azure", "azure-openai"] },
  bedrock: {
    type: "bedrock",
    keyless: true,
    strip: ["bedrock"],
    keywords: ["bedrock", "anthropic.claude", "amazon.nova", "meta.", "mistral.", "cohere.", "qwen.", "deepseek.", "openai.gpt-oss", "ai21.", "moonshot.", "writer.", "zai."],
  },
  anthropic: { type: "anthropic" },
  openai: { type: "openai" },
  openrouter: { type: "openrouter" },
  assemblyai: { type: "assemblyai", apiBase: "https://api.assemblyai.com/v2" },
  huggingface: { type: "huggingface" },
  skywork: { type: "openai", env: "SKYWORK_API_KEY", apiBase: "https://api.apifree.ai/agent/v1" },
  deepseek: { type: "deepseek" },
  groq: { type: "groq" },
  zhipu: { type: "zai", apiBase: "https://open.bigmodel.cn/api/paas/v4" },
  dashscope: { type: "dashscope", apiBase: "https://dashscope.aliyuncs.com/compatible-mode/v1" },
  vllm: { type: "hosted_vllm", keyless: true, keywords: ["vllm"] },
  ollama: { type: "ollama_chat", keyless: true, keywords: ["ollama", "nemotron"] },
  lm_studio: { type: "lm_studio", keyless: true, keywords: ["lm-studio", "lmstudio", "lm_studio"] },
  atomic_chat: { type: "openai", env: "ATOMIC_CHAT_API_KEY", apiBase: "http://localhost:1337/v1", keyless: true, keywords: ["atomic-chat", "atomic_chat", "atomicchat"] },
  ovms: { type: "openai", env: "OVMS_API_KEY", apiBase: "http://localhost:8000/v3", keyless: true, keywords: ["openvino", "ovms"] },
  gemini: { type: "gemini" },
  moonshot: { type: "moonshot" },
  kimi_coding: { type: "anthropic", env: "KIMI_CODING_API_KEY", apiBase: "https://api.kimi.com/coding" },
  minimax: { type: "minimax", apiBase: "https://api.minimax.io/v1" },
  minimax_anthropic: { type: "anthropic", env: "MINIMAX_API_KEY", apiBase: "https://api.minimax.io/anthropic" },
  mistral: { type: "mistral" },
  stepfun: { type: "openai", env: "STEPFUN_API_KEY", apiBase: "https://api.stepfun.com/v1" },
  xiaomi_mimo: { type: "xiaomi_mimo" },
  longcat: { type: "openai", env: "LONGCAT_API_KEY", apiBase: "https://api.longcat.chat/openai/v1" },
  ant_ling: { type: "openai", env: "ANT_LING_API_KEY", apiBase: "https://api.ant-ling.com/v1" },
  aihubmix: { type: "openai", env: "AIHUBMIX_API_KEY", apiBase: "https://aihubmix.com/v1" },
  siliconflow: { type: "openai", env: "SILICONFLOW_API_KEY", apiBase: "https://api.siliconflow.cn/v1" },
  novita: { type: "novita", apiBase: "https://api.novita.ai/openai" },
  volcengine: { type: "volcengine" },
  volcengine_coding_plan: { type: "volcengine", apiBase: "https://ark.cn-beijing.volces.com/api/coding/v3" },
  byteplus: { type: "volcengine", env: "BYTEPLUS_API_KEY", apiBase: "https://ark.ap-southeast.bytepluses.com/api/v3" },
  byteplus_coding_plan: { type: "volcengine", env: "BYTEPLUS_API_KEY", apiBase: "https://ark.ap-southeast.bytepluses.com/api/coding/v3" },
  openai_codex: { type: "chatgpt", apiBase: "https://chatgpt.com/backend-api", keyless: true, keywords: ["openai-codex"] },
  github_copilot: { type: "github_copilot", apiBase: "https://api.githubcopilot.com", keyless: true, keywords: ["github_copilot", "copilot"] },
  qianfan: { type: "openai", env: "QIANFAN_API_KEY", apiBase: "https://qianfan.baidubce.com/v2" },
  nvidia: { type: "nvidia_nim" },
  opencode: { type: "openai", env: "OPENCODE_API_KEY", apiBase: "https://opencode.ai/zen/v1", strip: ["opencode", "opencode_zen", "opencode-zen"] },
  opencode_zen: { type: "openai", env: "OPENCODE_API_KEY", apiBase: "https://opencode.ai/zen/v1", strip: ["opencode", "opencode_zen", "opencode-zen"] },
  opencode_go: { type: "openai", env: "OPENCODE_API_KEY", apiBase: "https://opencode.ai/zen/go/v1", strip: ["opencode-go", "opencode_go"] },
  kilo: { type: "openai", env: "KILO_API_KEY", apiBase: "https://api.kilo.ai/api/gateway", legacy: true },
  dashscope_coding_plan: { type: "openai", env: "DASHSCOPE_CODING_PLAN_API_KEY", apiBase: "https://coding.dashscope.aliyuncs.com/v1", legacy: true },
};

/**
 * The variable a provider reads when the file gives it no key: nanobot's own for a built-in whose
 * type's default is another service's; `<NAME>_API_KEY` for a provider of the user's own name
 * (nanobot sends none; the type's OPENAI_API_KEY would go to someone else's endpoint). undefined:
 * the type's default is the service's own.
 */
function ownKeyEnv(builtin: string | undefined, slug: string): string | undefined {
  if (builtin) return NANOBOT_PROVIDERS[builtin]!.env;
  return `${slug.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_API_KEY`;
}

/** The type of nanobot's named custom providers (any other key under `providers`): OpenAI-compatible. */
const CUSTOM_TYPE = "openai";

/** What modelgraph 0.x exported instead of a literal key; still read as "keep the stored key". */
export const NANOBOT_KEY_PLACEHOLDER = "<stored encrypted in modelgraph: set it here>";

/** nanobot's reserved preset name: the implicit preset built from `agents.defaults.model`. */
export const DEFAULT_PRESET = "default";

const BUILTIN_NAMES = Object.keys(NANOBOT_PROVIDERS);
const EXTENSION_KEYS = new Set(["type", "apiKeyEnv", "displayName", "aliases"]);

/** pydantic's `to_snake`, which nanobot's `find_by_name` applies to a provider name. */
export function toSnake(name: string): string {
  let snake = SNAKE.get(name);
  if (snake === undefined) {
    snake = snakeOf(name);
    if (SNAKE.size < 10_000) SNAKE.set(name, snake);
  }
  return snake;
}

/** Field names repeat in every preset; their snake_case is computed once. */
const SNAKE = new Map<string, string>();

function snakeOf(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/([0-9])([A-Z])/g, "$1_$2")
    .replace(/([a-z])([0-9])/g, "$1_$2")
    .replace(/-/g, "_")
    .toLowerCase();
}

/** pydantic's `to_camel` for nanobot's snake_case field names: the camelCase alias of a built-in. */
export function toCamel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** The built-in a name means to nanobot's `find_by_name` (any spelling), or undefined. */
function builtinNamed(name: string): string | undefined {
  const snake = toSnake(name.replace(/-/g, "_"));
  return Object.hasOwn(NANOBOT_PROVIDERS, snake) ? snake : undefined;
}

/** A custom provider's identity in nanobot's lookup: `-` and `_` alike, case-insensitive. */
function customKey(name: string): string {
  return name.replace(/-/g, "_").toLowerCase();
}

/**
 * The catalog name of a `providers` key: a built-in by its nanobot name (`lmStudio` → `lm_studio`);
 * any other key as written when it is a valid slug (`tenant-a`, `lab-local`), else in snake_case
 * (`companyProxy` → `company_proxy`, the name nanobot's own `create_dynamic_spec` gives it).
 */
export function nanobotProviderSlug(key: string): string {
  const builtin = builtinNamed(key);
  if (builtin && (key === builtin || key === toCamel(builtin))) return builtin;
  return PROVIDER_NAME_PATTERN.test(key) ? key : toSnake(key);
}

// ---------------------------------------------------------------------------------------------
// `${VAR}` references (nanobot's loader: `\$\{([A-Za-z_][A-Za-z0-9_]*)\}` in any string, read at startup)

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function envRefs(value: string): string[] {
  return [...value.matchAll(ENV_REF)].map((m) => m[1]!);
}

/** A `${MODELGRAPH_STORED_…}` placeholder of modelgraph's export: "keep what is stored". */
function isStoredPlaceholder(value: string): boolean {
  const ref = NANOBOT_ENV_REF.exec(value)?.[1];
  return value === NANOBOT_KEY_PLACEHOLDER || (ref !== undefined && (ref.startsWith(STORED_KEY_ENV_PREFIX) || ref.startsWith(STORED_SECRET_ENV_PREFIX)));
}

/** An API base as the catalog keeps it → as nanobot writes it (`os.environ/NAME` → `${NAME}`). */
function nanobotBase(apiBase: string): string {
  const ref = API_BASE_ENV_REF.exec(apiBase);
  return ref ? `\${${ref[1]}}` : apiBase;
}

// ---------------------------------------------------------------------------------------------
// Import

/** The file being read: a ConfigSource, or (export) the stored document with no positions. */
interface Reader {
  readonly value: unknown;
  loc(path: readonly Segment[]): Loc;
  fail(path: readonly Segment[], message: string): never;
}

type AliasOrigin = { kind: "preset" } | { kind: "models"; block: string } | { kind: "default" };

/** What a file means, beside the ConfigSpec: what export needs to write it back as read. */
interface Reading {
  spec: ConfigSpec;
  /** Each imported `providers` key → its provider. */
  blocks: Map<string, ProviderSpec>;
  /** Built-in providers the file uses without a block (a preset's `provider: "openrouter"`). */
  implicit: Set<ProviderSpec>;
  origins: Map<string, AliasOrigin>;
  /** The public name of the active model (the startup preset, or `default`), if the file says. */
  primary: string | null;
  /** agents.defaults.fallbackModels as public names, in order; null: the file has none. */
  fallbacks: string[] | null;
}

const NONE = (v: unknown) => v === undefined || v === null || v === "";

/** A value that configures nothing: nanobot's generated template lists every provider so. */
function isBlank(value: unknown): boolean {
  if (NONE(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.values(value).every(isBlank);
  return false;
}

/** camelCase or snake_case (nanobot accepts both): the key present, and its value. */
function field(block: Record<string, unknown>, camel: string): [string, unknown] {
  const snake = toSnake(camel);
  if (camel in block) return [camel, block[camel]];
  return [snake, block[snake]];
}

function positiveInt(file: Reader, path: Segment[], value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  // pydantic's lax int: 4096, 4096.0 and "4096" are all 4096.
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) file.fail(path, `${what} must be a positive whole number of tokens; got ${kindOf(value)}`);
  return n;
}

class NanobotReader {
  readonly warnings: string[] = [];
  readonly collector: ProblemCollector;
  readonly blocks = new Map<string, ProviderSpec>();
  /** Blocks refused (their presets are refused too, saying why). */
  readonly failedBlocks = new Set<string>();
  readonly implicit = new Set<ProviderSpec>();
  /** Providers the file gives a key (literal, `${NAME}`, or modelgraph's placeholder for a stored one). */
  private readonly keyed = new Set<ProviderSpec>();
  readonly providers: ProviderSpec[] = [];
  private readonly bySlug = new Map<string, { key: string; spec: ProviderSpec }>();
  private readonly byBuiltin = new Map<string, string>();
  private readonly implicitByName = new Map<string, ProviderSpec>();
  /** Custom blocks by nanobot's lookup key. */
  private readonly customs = new Map<string, string>();
  readonly groups = new Map<string, GroupSpec>();
  /** Which entry set a group's facts first, for the warning when another disagrees. */
  private readonly factsFrom = new Map<string, string>();
  readonly aliases: AliasSpec[] = [];
  readonly origins = new Map<string, AliasOrigin>();
  /** Preset names imported, and the ones refused. */
  readonly presets = new Set<string>();
  readonly failedPresets = new Set<string>();
  readonly document: Record<string, unknown>;

  constructor(
    readonly file: Reader,
    readonly root: Record<string, unknown>,
    readonly options: ParseOptions,
    /** Export reads the stored document: `${VAR}` in models stays unresolved, problems are skipped. */
    readonly lenient: boolean,
  ) {
    this.collector = new ProblemCollector(lenient || (options.skipInvalid ?? false));
    this.document = structuredClone(root);
  }

  // ---- providers ------------------------------------------------------------------------

  readProviders(): void {
    const blocks = this.root.providers;
    if (blocks === undefined) return;
    if (!isRecord(blocks)) this.file.fail(["providers"], `"providers" must be an object {"<name>": {"apiKey", "apiBase", …}}; got ${kindOf(blocks)}`);
    const template: string[] = [];
    for (const [key, block] of Object.entries(blocks)) {
      const at = ["providers", key];
      const ok = this.collector.attempt(this.file.loc(at), () => {
        if (block === null || (isRecord(block) && !("models" in block) && !("modelgraph" in block) && isBlank(block))) {
          template.push(key);
          return true;
        }
        this.readBlock(key, block, at);
        return true;
      });
      if (!ok) {
        this.failedBlocks.add(key);
        delete (this.document.providers as Record<string, unknown>)[key];
      }
    }
    if (template.length > 0 && !this.lenient) {
      this.warnings.push(`skipped provider(s) that configure nothing (no apiKey, apiBase or other setting): ${template.map((k) => show(k)).join(", ")}; kept in the file as written`);
    }
  }

  private readBlock(key: string, block: unknown, at: Segment[]): void {
    const file: Reader = this.file;
    const loc = file.loc(at);
    if (!isRecord(block)) file.fail(at, `provider ${show(key)} must be an object {"apiKey", "apiBase", …}; got ${kindOf(block)}`);
    const builtin = builtinNamed(key);
    if (builtin && key !== builtin && key !== toCamel(builtin)) {
      file.fail(
        at,
        `provider ${show(key)} is nanobot's built-in ${show(builtin)} spelled another way; nanobot refuses it ("conflicts with built-in provider"): write ${show(builtin)} or ${show(toCamel(builtin))}, or choose another name for your own provider`,
      );
    }
    const slug = nanobotProviderSlug(key);
    atLoc(loc, () => validateProviderName(slug, "provider name"));
    const twin = this.bySlug.get(slug);
    if (twin) {
      throw locatedError(
        loc,
        builtin
          ? `provider ${show(key)} is the same nanobot provider as ${show(twin.key)} (${twin.spec.loc.path}; nanobot reads camelCase and snake_case alike); keep one`
          : `providers ${show(twin.key)} and ${show(key)} would both be the provider ${show(slug)} in modelgraph; rename one`,
      );
    }

    const ext = block.modelgraph;
    if (ext !== undefined && !isRecord(ext)) file.fail([...at, "modelgraph"], `"modelgraph" must be an object {"type", "apiKeyEnv", "displayName", "aliases"}; got ${kindOf(ext)}`);
    if (ext && !this.lenient) for (const k of Object.keys(ext)) if (!EXTENSION_KEYS.has(k)) this.warnings.push(`${file.loc([...at, "modelgraph", k]).path}: ignored key ${show(k)}`);

    const known = builtin ? NANOBOT_PROVIDERS[builtin]! : undefined;
    let type = known ? known.type : CUSTOM_TYPE;
    if (ext?.type !== undefined) {
      if (typeof ext.type !== "string" || !findProviderType(ext.type)) {
        const near = typeof ext.type === "string" ? closestNames(ext.type, providerTypeIds(), 3) : [];
        file.fail(
          [...at, "modelgraph", "type"],
          `unknown provider type ${typeof ext.type === "string" ? show(ext.type) : kindOf(ext.type)}; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}accepted: ${providerTypeIds().join(", ")}`,
        );
      }
      type = ext.type;
    }

    const [keyField, rawKey] = field(block, "apiKey");
    let apiKey: string | undefined;
    let apiKeyEnv: string | null | undefined;
    let keyed = false;
    if (!NONE(rawKey)) {
      if (typeof rawKey !== "string") file.fail([...at, keyField], `apiKey must be a string ("\${NAME}" or the key itself) or null; got ${typeof rawKey}`);
      const keyLoc = file.loc([...at, keyField]);
      const ref = NANOBOT_ENV_REF.exec(rawKey)?.[1];
      if (isStoredPlaceholder(rawKey)) {
        keyed = true;
        // The document keeps the placeholder of today's export, never the old text as a "secret".
        (this.document.providers as Record<string, Record<string, unknown>>)[key]![keyField] = storedKeyRef(slug);
        if (!this.lenient) {
          this.warnings.push(`${keyLoc.path}: apiKey is modelgraph's export placeholder; a key stored for ${show(slug)} is kept, a new provider gets none: set it with updateProvider(apiKey), or write "\${NAME}"`);
        }
      } else if (ref !== undefined) {
        apiKeyEnv = atLoc(keyLoc, () => validateApiKeyEnv(ref), "apiKey");
      } else if (envRefs(rawKey).length > 0) {
        file.fail(
          [...at, keyField],
          `apiKey (not shown) mixes text with ${envRefs(rawKey).map((n) => `\${${n}}`).join(", ")}; modelgraph reads a provider key from one environment variable: write apiKey: "\${NAME}"`,
        );
      } else {
        if (rawKey.trim() !== rawKey) file.fail([...at, keyField], 'apiKey has leading or trailing whitespace (the value is not shown); remove it, or write "${NAME}"');
        apiKey = rawKey;
        // The literal key is stored encrypted on the provider; the document holds the placeholder
        // export writes for it (export drops it when no key is stored any more).
        (this.document.providers as Record<string, Record<string, unknown>>)[key]![keyField] = storedKeyRef(slug);
      }
    }

    keyed ||= apiKey !== undefined || apiKeyEnv !== undefined;
    if (!keyed) apiKeyEnv = ownKeyEnv(builtin, slug);

    const [baseField, rawBase] = field(block, "apiBase");
    let apiBase: string | null = null;
    if (!NONE(rawBase)) {
      if (typeof rawBase !== "string") file.fail([...at, baseField], `apiBase must be a URL string or "\${NAME}"; got ${kindOf(rawBase)}`);
      apiBase = this.apiBase(rawBase, [...at, baseField]);
    } else if (known?.apiBase && known.type === type) {
      apiBase = known.apiBase;
    }
    if (apiBase === null) {
      if (!known) {
        const near = closestNames(key, BUILTIN_NAMES, 3);
        file.fail(
          at,
          `unknown nanobot provider ${show(key)}; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}a name that is not one of nanobot's providers (${BUILTIN_NAMES.filter((n) => !NANOBOT_PROVIDERS[n]!.legacy).join(", ")}) is your own OpenAI-compatible endpoint and needs "apiBase", e.g. "https://llm-proxy.example.com/v1"`,
        );
      }
      if (builtin === "custom" && !this.lenient) {
        this.warnings.push(`${loc.path}: nanobot's "custom" provider needs apiBase; without one it is imported as type openai at ${show(findProviderType(type)?.defaultApiBase ?? "")}`);
      } else if (findProviderType(type)?.requiresApiBase && !this.lenient) {
        this.warnings.push(`${loc.path}: provider ${show(key)} (type ${show(type)}) has no apiBase and no default one: imported without, its deployments stay UNKNOWN until it has one, e.g. "http://127.0.0.1:8000/v1"`);
      }
    }

    let displayName: string | null | undefined;
    if (ext) {
      const env = ext.apiKeyEnv;
      if (env !== undefined && env !== null && typeof env !== "string") file.fail([...at, "modelgraph", "apiKeyEnv"], `apiKeyEnv must be a string; got ${kindOf(env)}`);
      if (typeof env === "string") {
        apiKeyEnv = atLoc(file.loc([...at, "modelgraph", "apiKeyEnv"]), () => validateApiKeyEnv(env));
        keyed = true;
      }
      else if (apiKeyEnv === undefined) apiKeyEnv = null;
      const display = ext.displayName;
      if (display !== undefined && display !== null && typeof display !== "string") file.fail([...at, "modelgraph", "displayName"], `displayName must be a string; got ${kindOf(display)}`);
      displayName = typeof display === "string" ? display : null;
    }

    const provider: ProviderSpec = { name: slug, suggestedName: slug, type, apiBase, apiKeyEnv, apiKey, displayName, loc };
    // The models map (modelgraph's own alias map inside a block) is read before the provider is
    // registered, so that a bad entry refuses the block as a whole, as before.
    const models = block.models ?? {};
    if (!isRecord(models)) file.fail([...at, "models"], `models must be an object {"<alias>": "<model>"}; got ${kindOf(models)}`);
    const aliasMeta = ext?.aliases;
    if (aliasMeta !== undefined && !isRecord(aliasMeta)) file.fail([...at, "modelgraph", "aliases"], `"aliases" must be an object {"<alias>": {"hidden", "description"}}; got ${kindOf(aliasMeta)}`);
    // Everything that can refuse the block is checked before anything of it is registered.
    const entries: [string, string, Loc, { hidden?: boolean; description?: string | null } | undefined][] = [];
    for (const [alias, model] of Object.entries(models)) {
      const mAt = [...at, "models", alias];
      const mLoc = file.loc(mAt);
      // Names are stored in NFC (docs/decisions.md); the model id is kept exactly as written.
      const name = atLoc(mLoc, () => validatePublicName(alias, "alias name"));
      if (typeof model !== "string" || model === "") file.fail(mAt, `alias ${show(alias)} must map to the model id as ${show(slug)}'s API knows it, e.g. "z-ai/glm4.7"; got ${kindOf(model)}`);
      atLoc(mLoc, () => validateModel(model), `alias ${show(alias)}`);
      atLoc(mLoc, () => validatePublicName(`${slug}/${model}`, "group name"));
      entries.push([name, model, mLoc, this.aliasMeta(aliasMeta?.[alias], [...at, "modelgraph", "aliases", alias], aliasMeta !== undefined)]);
    }
    this.providers.push(provider);
    if (keyed) this.keyed.add(provider);
    this.bySlug.set(slug, { key, spec: provider });
    this.blocks.set(key, provider);
    if (builtin) this.byBuiltin.set(builtin, key);
    else this.customs.set(customKey(key), key);
    delete (this.document.providers as Record<string, Record<string, unknown>>)[key]!.modelgraph;

    for (const [name, model, mLoc, meta] of entries) {
      const group = this.group(provider, model, undefined, mLoc, `providers.${key}.models.${name}`);
      this.addAlias(name, group.name, meta, mLoc, { kind: "models", block: key });
    }
  }

  private aliasMeta(meta: unknown, path: Segment[], present: boolean): { hidden?: boolean; description?: string | null } | undefined {
    if (meta === undefined) return present ? {} : undefined;
    if (!isRecord(meta)) this.file.fail(path, `must be an object {"hidden", "description"}; got ${kindOf(meta)}`);
    if (meta.hidden !== undefined && typeof meta.hidden !== "boolean") this.file.fail([...path, "hidden"], `hidden must be true or false; got ${kindOf(meta.hidden)}`);
    if (meta.description !== undefined && meta.description !== null && typeof meta.description !== "string") {
      this.file.fail([...path, "description"], `description must be a string; got ${kindOf(meta.description)}`);
    }
    return { hidden: meta.hidden as boolean | undefined, description: meta.description as string | null | undefined };
  }

  /** An API base as written: a URL, `${NAME}` (kept as the reference `os.environ/NAME`), or a placeholder. */
  private apiBase(raw: string, path: Segment[]): string {
    const loc = this.file.loc(path);
    const ref = NANOBOT_ENV_REF.exec(raw.trim())?.[1];
    if (ref !== undefined) return `os.environ/${ref}`;
    if (envRefs(raw).length > 0) {
      // `https://${HOST}/v1`: nanobot fills it in at startup; modelgraph has no such form, so it is
      // kept as written (never used as a URL) and said so.
      if (!this.lenient) this.warnings.push(`${loc.path}: apiBase ${show(raw)} builds a URL from ${envRefs(raw).map((n) => `\${${n}}`).join(", ")}; kept as written, but modelgraph reads an API base from one whole variable ("\${NAME}"): until then its deployments stay UNKNOWN`);
      return raw;
    }
    const base = atLoc(loc, () => validateApiBase(raw, "apiBase", true));
    if (!/^https?:\/\//i.test(base) && !API_BASE_ENV_REF.test(base) && !this.lenient) {
      this.warnings.push(`${loc.path}: apiBase ${show(base)} is not a URL (a placeholder?); kept as written, its deployments stay UNKNOWN until it is set`);
    }
    return base;
  }

  /** The provider a preset, inline fallback or `agents.defaults` names (nanobot's `_match_provider` for a forced name). */
  private named(name: string, path: Segment[]): ProviderSpec {
    const builtin = builtinNamed(name);
    if (builtin) {
      const key = this.byBuiltin.get(builtin);
      if (key) return this.blocks.get(key)!;
      const failed = [...this.failedBlocks].find((k) => builtinNamed(k) === builtin);
      if (failed) this.file.fail(path, `provider ${show(name)}: its block providers.${failed} was not imported (see its own problem)`);
      return this.implicitProvider(builtin, path);
    }
    const key = this.customs.get(customKey(name));
    if (key) return this.blocks.get(key)!;
    const failed = [...this.failedBlocks].find((k) => customKey(k) === customKey(name));
    if (failed) this.file.fail(path, `provider ${show(name)}: its block providers.${failed} was not imported (see its own problem)`);
    const near = closestNames(name, [...BUILTIN_NAMES.filter((n) => !NANOBOT_PROVIDERS[n]!.legacy), ...this.blocks.keys()], 3);
    this.file.fail(
      path,
      `unknown provider ${show(name)}: neither one of nanobot's providers nor a block under "providers"; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}name a block of this file or one of: ${BUILTIN_NAMES.filter((n) => !NANOBOT_PROVIDERS[n]!.legacy).join(", ")}`,
    );
  }

  /** A built-in nanobot provider the file uses without configuring it (nanobot has every built-in). */
  private implicitProvider(builtin: string, path: Segment[]): ProviderSpec {
    const existing = this.implicitByName.get(builtin);
    if (existing) return existing;
    const known = NANOBOT_PROVIDERS[builtin]!;
    const loc = this.file.loc(path);
    if (!known.apiBase && findProviderType(known.type)?.requiresApiBase && !this.lenient) {
      this.warnings.push(`${loc.path}: provider ${show(builtin)} has no block with an apiBase in this file; imported without one, its deployments stay UNKNOWN until it has one`);
    }
    const provider: ProviderSpec = { name: builtin, suggestedName: builtin, type: known.type, apiBase: known.apiBase ?? null, apiKeyEnv: known.env, apiKey: undefined, displayName: undefined, loc };
    // Registered with its first group (group()): an entry refused after this leaves no provider behind.
    this.implicitByName.set(builtin, provider);
    return provider;
  }

  /**
   * nanobot's `provider: "auto"`, where the answer follows from the file without its keyword
   * guesses: the file's only configured provider, when nothing else can be picked (the model does
   * not name, by its first segment or a nanobot keyword, a provider nanobot uses without a key)
   * and nanobot's fallback does reach it (it has a key, or it is a local server or a named custom
   * endpoint with an apiBase). Otherwise null: modelgraph does not guess.
   */
  private auto(model: string): ProviderSpec | null {
    const first = model.includes("/") ? model.slice(0, model.indexOf("/")) : "";
    if (first) {
      const builtin = builtinNamed(first);
      const key = builtin ? this.byBuiltin.get(builtin) : this.customs.get(customKey(first));
      if (key) return this.blocks.get(key)!;
      if (builtin && NANOBOT_PROVIDERS[builtin]!.keyless) return null;
    }
    const lower = model.toLowerCase();
    const snaked = lower.replace(/-/g, "_");
    for (const [name, p] of Object.entries(NANOBOT_PROVIDERS)) {
      if (!p.keyless || this.byBuiltin.has(name)) continue;
      if (p.keywords?.some((k) => lower.includes(k) || snaked.includes(k.replace(/-/g, "_")))) return null;
    }
    const configured = [...this.blocks.entries()];
    if (configured.length !== 1) return null;
    const [key, provider] = configured[0]!;
    const builtin = builtinNamed(key);
    const keyed = this.keyed.has(provider);
    const local = builtin !== undefined && NANOBOT_PROVIDERS[builtin]!.keyless === true && builtin !== "custom" && provider.apiBase !== null;
    const custom = builtin === undefined && provider.apiBase !== null;
    return keyed || local || custom ? provider : null;
  }

  /** A model as written → as the provider's API knows it: `${VAR}` read now, nanobot's routing prefix removed. */
  private model(raw: unknown, provider: ProviderSpec, providerKey: string | undefined, path: Segment[], what: string): { model: string; written: string | undefined } {
    if (typeof raw !== "string" || raw === "") this.file.fail(path, `${what} must be the model id as the provider's API knows it, e.g. "gpt-4o-mini"; got ${kindOf(raw)}`);
    let model = raw;
    const refs = envRefs(raw);
    if (refs.length > 0 && !this.lenient) {
      const env = this.options.env ?? (() => undefined);
      const missing = refs.filter((n) => env(n) === undefined);
      if (missing.length > 0) {
        this.file.fail(path, `${what} ${show(raw)}: environment variable ${missing.map((n) => show(n)).join(", ")} is not set in the importing process (nanobot reads it at startup, so does this import); set it, or write the model id`);
      }
      model = raw.replace(ENV_REF, (_m, n: string) => env(n)!);
    }
    const slash = model.indexOf("/");
    if (slash > 0) {
      const first = model.slice(0, slash);
      const builtin = builtinNamed(providerKey ?? provider.name!);
      const strip = builtin ? (NANOBOT_PROVIDERS[builtin]!.strip ?? []) : providerKey !== undefined ? [providerKey, toSnake(providerKey)] : [];
      if (strip.some((s) => customKey(s) === customKey(first))) model = model.slice(slash + 1);
    }
    atLoc(this.file.loc(path), () => validateModel(model), what);
    return { model, written: model !== raw ? raw : undefined };
  }

  /** The group `<provider>/<model>` (shared by every name that routes there). */
  private group(provider: ProviderSpec, model: string, written: string | undefined, loc: Loc, from: string, facts?: FactsOverride | null): GroupSpec {
    const name = atLoc(loc, () => validatePublicName(`${provider.name}/${model}`, "group name"));
    if (this.implicitByName.get(provider.name!) === provider && !this.implicit.has(provider)) {
      this.implicit.add(provider);
      this.providers.push(provider);
    }
    let group = this.groups.get(name);
    if (!group) {
      const deployment: DeploymentSpec = {
        provider,
        model,
        apiBase: null,
        priority: undefined,
        weight: undefined,
        rpm: undefined,
        tpm: undefined,
        enabled: undefined,
        probe: undefined,
        externalId: undefined,
        extraParams: undefined,
        factsOverride: undefined,
        modelWritten: written ?? null,
        variant: "",
        entryExtra: undefined,
        loc,
      };
      group = { name, mode: undefined, description: undefined, deployments: [deployment], fallbacks: undefined, loc };
      this.groups.set(name, group);
    }
    const d = group.deployments[0]!;
    if (written !== undefined && !d.modelWritten) d.modelWritten = written;
    if (facts !== undefined) {
      if (d.factsOverride === undefined || (d.factsOverride === null && facts !== null)) {
        d.factsOverride = facts;
        if (facts) this.factsFrom.set(name, from);
      } else if (facts && d.factsOverride && !sameFacts(facts, d.factsOverride) && !this.lenient) {
        this.warnings.push(
          `${loc.path}: ${from} states ${describeFacts(facts)} for ${show(name)}, ${this.factsFrom.get(name) ?? "an earlier entry"} states ${describeFacts(d.factsOverride)}; one deployment has one set of facts: the first is kept, this entry is written back as read`,
        );
      }
    }
    return group;
  }

  private addAlias(name: string, target: string, meta: { hidden?: boolean; description?: string | null } | undefined, loc: Loc, origin: AliasOrigin): void {
    this.aliases.push({
      name,
      target,
      // Only modelgraph's own export says whether an alias is hidden; plain nanobot files leave it.
      hidden: meta ? (meta.hidden ?? false) : undefined,
      description: meta ? (meta.description ?? null) : undefined,
      loc,
    });
    if (!this.origins.has(name)) this.origins.set(name, origin);
  }

  // ---- presets ---------------------------------------------------------------------------

  readPresets(): void {
    const [presetsKey, presets] = field(this.root, "modelPresets");
    if (presets === undefined || presets === null) return;
    if (!isRecord(presets)) this.file.fail([presetsKey], `"modelPresets" must be an object {"<name>": {"provider", "model", …}}; got ${kindOf(presets)}`);
    for (const [name, preset] of Object.entries(presets)) {
      const at = [presetsKey, name];
      const ok = this.collector.attempt(this.file.loc(at), () => {
        this.readPreset(name, preset, at);
        return true;
      });
      if (ok) this.presets.add(name);
      else {
        this.failedPresets.add(name);
        delete (this.document[presetsKey] as Record<string, unknown>)[name];
      }
    }
  }

  private readPreset(name: string, preset: unknown, at: Segment[]): void {
    const file: Reader = this.file;
    const loc = file.loc(at);
    if (name === DEFAULT_PRESET) file.fail(at, `preset name "default" is reserved by nanobot for the model in agents.defaults ("model_preset name 'default' is reserved"); rename the preset`);
    const alias = atLoc(loc, () => validatePublicName(name, "preset name"));
    if (!isRecord(preset)) file.fail(at, `preset ${show(name)} must be an object {"provider", "model", "maxTokens", …}; got ${kindOf(preset)}`);
    const meta = preset.modelgraph;
    const m = meta === undefined ? undefined : this.aliasMeta(meta, [...at, "modelgraph"], true);
    const target = this.target(preset, at, `preset ${show(name)}`);
    if (!target) {
      if (!this.lenient) {
        this.warnings.push(
          `${loc.path}: preset ${show(name)} has provider "auto": nanobot would pick the provider by its own keyword rules, which modelgraph does not guess; kept in the file as written, not in the catalog: give it "provider"`,
        );
      }
      return;
    }
    delete ((this.document[at[0] as string] as Record<string, Record<string, unknown>>)[name] ?? {}).modelgraph;
    this.addAlias(alias, target.name, m, loc, { kind: "preset" });
  }

  /** A preset-shaped object ({provider, model, maxTokens, contextWindowTokens}) → its group; null: provider "auto" undecided. */
  private target(entry: Record<string, unknown>, at: Segment[], what: string): GroupSpec | null {
    const file: Reader = this.file;
    const [providerField, rawProvider] = field(entry, "provider");
    const [modelField, rawModel] = field(entry, "model");
    if (rawModel === undefined) file.fail(at, `${what} has no "model"; nanobot requires it`);
    if (typeof rawModel !== "string" || rawModel === "") file.fail([...at, modelField], `${what}: model must be the model id as the provider's API knows it, e.g. "gpt-4o-mini"; got ${kindOf(rawModel)}`);
    if (rawProvider !== undefined && (typeof rawProvider !== "string" || rawProvider === "")) {
      file.fail([...at, providerField], `${what}: provider must be a provider name or "auto"; got ${kindOf(rawProvider)}`);
    }
    let provider: ProviderSpec | null;
    let key: string | undefined;
    if (rawProvider === undefined || rawProvider === "auto") {
      provider = this.auto(rawModel);
      if (!provider) return null;
    } else {
      provider = this.named(rawProvider as string, [...at, providerField]);
    }
    for (const [k, p] of this.blocks) if (p === provider) key = k;
    const { model, written } = this.model(rawModel, provider, key, [...at, modelField], `${what}: model`);
    const [maxField, maxTokens] = field(entry, "maxTokens");
    const [ctxField, contextWindow] = field(entry, "contextWindowTokens");
    const facts: FactsOverride = {};
    const max = positiveInt(file, [...at, maxField], maxTokens, `${what}: maxTokens`);
    const ctx = positiveInt(file, [...at, ctxField], contextWindow, `${what}: contextWindowTokens`);
    if (ctx !== undefined) facts.contextWindow = ctx;
    if (max !== undefined) facts.maxOutputTokens = max;
    return this.group(provider, model, written, file.loc(at), formatFrom(at), Object.keys(facts).length > 0 ? facts : null);
  }

  // ---- agents.defaults ------------------------------------------------------------------------

  primary: string | null = null;
  fallbacks: string[] | null = null;

  readAgents(): void {
    const agents = this.root.agents;
    if (agents === undefined || agents === null) return;
    if (!isRecord(agents)) this.file.fail(["agents"], `"agents" must be an object {"defaults": {…}}; got ${kindOf(agents)}`);
    const defaults = agents.defaults;
    if (defaults === undefined || defaults === null) return;
    if (!isRecord(defaults)) this.file.fail(["agents", "defaults"], `"agents.defaults" must be an object; got ${kindOf(defaults)}`);
    const at = ["agents", "defaults"];
    const docDefaults = (this.document.agents as Record<string, Record<string, unknown>>).defaults as Record<string, unknown>;
    const [, rawModel] = field(defaults, "model");
    if (rawModel !== undefined) {
      const ok = this.collector.attempt(this.file.loc([...at, "model"]), () => {
        const group = this.target(defaults, at, "agents.defaults");
        if (group) this.addAlias(DEFAULT_PRESET, group.name, undefined, this.file.loc([...at, "model"]), { kind: "default" });
        else if (!this.lenient) {
          this.warnings.push(
            `${this.file.loc([...at, "model"]).path}: agents.defaults.model ${show(String(rawModel))} has provider "auto" and this file does not say which provider nanobot picks without its keyword guesses; kept in the file as written, not in the catalog: set agents.defaults.provider`,
          );
        }
        return true;
      });
      // Skipped entries are not kept: the export must not write back what was refused.
      if (!ok) for (const f of ["model", "provider"]) drop(docDefaults, f);
    }
    const [presetField, preset] = field(defaults, "modelPreset");
    if (preset !== undefined && preset !== null && preset !== DEFAULT_PRESET) {
      const ok = this.collector.attempt(this.file.loc([...at, presetField]), () => {
        if (typeof preset !== "string") this.file.fail([...at, presetField], `modelPreset must be a preset name; got ${kindOf(preset)}`);
        if (!this.presets.has(preset)) {
          if (this.failedPresets.has(preset)) this.file.fail([...at, presetField], `modelPreset ${show(preset)}: that preset was not imported (see its own problem)`);
          this.file.fail([...at, presetField], `modelPreset ${show(preset)} is not in modelPresets (nanobot refuses it: "model_preset not found"); accepted: ${[...this.presets].map((p) => show(p)).join(", ") || "none defined"}`);
        }
        if (this.origins.has(preset)) this.primary = preset;
        return true;
      });
      if (!ok) delete docDefaults[presetField];
    } else if (this.origins.get(DEFAULT_PRESET)?.kind === "default") {
      this.primary = DEFAULT_PRESET;
    }
    const [fallbackField, list] = field(defaults, "fallbackModels");
    if (list === undefined || list === null) return;
    const fAt = [...at, fallbackField];
    if (!Array.isArray(list)) this.file.fail(fAt, `fallbackModels must be a list of preset names or {"provider", "model"} objects; got ${kindOf(list)}`);
    const names: string[] = [];
    const kept: unknown[] = [];
    list.forEach((entry, i) => {
      const ok = this.collector.attempt(this.file.loc([...fAt, i]), () => {
        if (typeof entry === "string") {
          if (!this.presets.has(entry)) {
            if (this.failedPresets.has(entry)) this.file.fail([...fAt, i], `fallback ${show(entry)}: that preset was not imported (see its own problem)`);
            this.file.fail([...fAt, i], `fallback ${show(entry)} is not in modelPresets; a string in fallbackModels is a preset name, never a model id (nanobot refuses it: "fallback_models entry not found")`);
          }
          if (this.origins.has(entry)) names.push(entry);
          return true;
        }
        if (!isRecord(entry)) this.file.fail([...fAt, i], `fallback must be a preset name or an object {"provider", "model", "maxTokens", "contextWindowTokens"}; got ${kindOf(entry)}`);
        if (field(entry, "provider")[1] === undefined) this.file.fail([...fAt, i], 'an inline fallback needs "provider" (nanobot requires it)');
        const group = this.target(entry, [...fAt, i], `fallback ${i + 1}`);
        if (group) names.push(group.name);
        return true;
      });
      if (ok) kept.push(entry);
    });
    ((this.document.agents as Record<string, Record<string, unknown>>).defaults as Record<string, unknown>)[fallbackField] = kept;
    this.fallbacks = names;
  }

  finish(): Reading {
    if (this.primary) {
      const origin = this.aliases.find((a) => a.name === this.primary);
      const group = origin ? this.groups.get(origin.target) : undefined;
      if (group && this.fallbacks) {
        // nanobot would retry the active model itself; a catalog group never falls back to itself.
        const targets = new Map(this.aliases.map((a) => [a.name, a.target]));
        const self = this.fallbacks.filter((n) => (targets.get(n) ?? n) === group.name);
        if (self.length > 0 && !this.lenient) {
          this.warnings.push(`${this.file.loc(["agents", "defaults", "fallbackModels"]).path}: ${self.map((n) => show(n)).join(", ")} routes to the active model itself (${show(group.name)}); left out of its fallbacks, kept in the file as written`);
        }
        this.fallbacks = this.fallbacks.filter((n) => !self.includes(n));
      }
      if (group) group.fallbacks = this.fallbacks && this.fallbacks.length > 0 ? [{ kind: "GENERAL", to: this.fallbacks, loc: this.file.loc(["agents", "defaults", "fallbackModels"]) }] : [];
    } else if (this.fallbacks && this.fallbacks.length > 0 && !this.lenient) {
      this.warnings.push(`${this.file.loc(["agents", "defaults", "fallbackModels"]).path}: fallbackModels belong to the active model, which this file does not put in the catalog (no modelPreset, no agents.defaults.model with a provider); kept in the file as written`);
    }
    const spec: ConfigSpec = {
      providers: this.providers,
      groups: [...this.groups.values()],
      aliases: this.aliases,
      warnings: this.warnings,
      document: this.document,
    };
    spec.skipped = this.collector.finish();
    return { spec, blocks: this.blocks, implicit: this.implicit, origins: this.origins, primary: this.primary, fallbacks: this.fallbacks };
  }
}

function formatFrom(at: Segment[]): string {
  return at.map((s) => (typeof s === "number" ? `[${s}]` : s)).join(".").replace(/\.\[/g, "[");
}

function sameFacts(a: FactsOverride | null | undefined, b: FactsOverride | null | undefined): boolean {
  return (a?.contextWindow ?? null) === (b?.contextWindow ?? null) && (a?.maxOutputTokens ?? null) === (b?.maxOutputTokens ?? null);
}

function describeFacts(f: FactsOverride): string {
  return [f.maxOutputTokens !== undefined && `maxTokens ${f.maxOutputTokens}`, f.contextWindow !== undefined && `contextWindowTokens ${f.contextWindow}`].filter(Boolean).join(", ");
}

const NANOBOT_KEYS = ["providers", "modelPresets", "model_presets", "agents"];

function read(file: Reader, options: ParseOptions, lenient: boolean): Reading {
  const root = file.value;
  if (!isRecord(root)) {
    file.fail([], `expected a nanobot config: a JSON object with "providers", "modelPresets" or "agents"; got ${kindOf(root)}`);
  }
  if (!NANOBOT_KEYS.some((k) => k in root)) {
    file.fail([], `expected a nanobot config with "providers", "modelPresets" or "agents"; found none of them (keys: ${Object.keys(root).map((k) => show(k)).join(", ") || "none"})`);
  }
  const reader = new NanobotReader(file, root, options, lenient);
  reader.readProviders();
  reader.readPresets();
  reader.readAgents();
  return reader.finish();
}

/**
 * Parses a nanobot config into the neutral spec. Errors start with the JSON path; every problem
 * of the file is listed (or, with skipInvalid, the bad entries are left out and reported).
 */
export function parseNanobot(content: string, source: string, options: ParseOptions = {}): ConfigSpec {
  return read(ConfigSource.json(content, source), options, false).spec;
}

// ---------------------------------------------------------------------------------------------
// Export

/** The stored document as a file without positions (paths only). */
function documentReader(value: unknown): Reader {
  const loc = (path: readonly Segment[]): Loc => ({ syntax: "json", source: "stored nanobot document", path: formatPathLocal(path), line: null, column: null });
  return {
    value,
    loc,
    fail(path, message) {
      throw locatedError(loc(path), message);
    },
  };
}

function formatPathLocal(path: readonly Segment[]): string {
  return "$" + path.map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");
}

/** `${MODELGRAPH_STORED_KEY_<PROVIDER>}`: what export writes for a literal key (the same name as LiteLLM's placeholder). */
export function storedKeyRef(providerName: string): string {
  return `\${${storedKeyEnv(providerName)}}`;
}

/** Sets a field, in the spelling the file used (`api_key` stays `api_key`), else camelCase. */
function put(block: Record<string, unknown>, camel: string, value: unknown): void {
  const snake = toSnake(camel);
  block[!(camel in block) && snake in block ? snake : camel] = value;
}

function drop(block: Record<string, unknown>, camel: string): void {
  delete block[camel];
  delete block[toSnake(camel)];
}

function factsOf(d: SnapshotDeployment): { max?: number; ctx?: number } {
  const f = d.factsOverride ?? null;
  return { max: f?.maxOutputTokens ?? undefined, ctx: f?.contextWindow ?? undefined };
}

class NanobotWriter {
  readonly warnings: string[] = [];
  private readonly providers: Map<string, SnapshotProvider>;
  private readonly groups: Map<string, SnapshotGroup>;
  /** Catalog provider name → the `providers` key it is written under. */
  private readonly keys = new Map<string, string>();
  /** Catalog provider name → its block in the output (created on demand). */
  private readonly outBlocks = new Map<string, Record<string, unknown>>();
  private readonly presets: Record<string, unknown> = {};
  private readonly exported = new Set<string>();
  /** The document's import, indexed on first use. */
  private readTargets: Map<string, string> | undefined;
  private readGroups: Map<string, GroupSpec> | undefined;

  constructor(
    private readonly snapshot: CatalogSnapshot,
    private readonly doc: Record<string, unknown> | null,
    private readonly reading: Reading | null,
  ) {
    this.providers = new Map(snapshot.providers.map((p) => [p.name, p]));
    this.groups = new Map(snapshot.groups.map((g) => [g.name, g]));
    if (reading) for (const [key, spec] of reading.blocks) this.keys.set(spec.name!, key);
  }

  private docProviders(): Record<string, unknown> {
    return this.doc && isRecord(this.doc.providers) ? this.doc.providers : {};
  }

  private docPresets(): [string, Record<string, unknown>] {
    if (!this.doc) return ["modelPresets", {}];
    const [key, value] = field(this.doc, "modelPresets");
    return [key, isRecord(value) ? value : {}];
  }

  private keyOf(provider: string): string {
    return this.keys.get(provider) ?? provider;
  }

  /** The model as nanobot writes it: as the file wrote it while unchanged, `${NAME}` for a LiteLLM reference. */
  private modelOut(d: SnapshotDeployment): string {
    const written = d.modelWritten;
    if (!written) return d.model;
    const ref = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(written);
    if (ref) return `\${${ref[1]}}`;
    if (envRefs(written).length > 0) return written;
    const slash = written.indexOf("/");
    if (slash > 0 && written.slice(slash + 1) === d.model) return written;
    return d.model;
  }

  run(): Serialized {
    const out: Record<string, unknown> = {};
    const doc = this.doc ?? {};
    const [presetsKey, docPresets] = this.docPresets();
    // Top-level order as the file had it; providers, presets and agents where they were.
    for (const k of Object.keys(doc)) out[k] = k === "providers" || k === presetsKey || k === "agents" ? undefined : structuredClone(doc[k]);

    this.writeAliases(docPresets);
    const agents = this.writeAgents();
    const providers = this.writeProviders();

    if (Object.keys(providers).length > 0 || "providers" in doc) out.providers = providers;
    else delete out.providers;
    if (Object.keys(this.presets).length > 0 || presetsKey in doc) out[presetsKey] = this.presets;
    else delete out[presetsKey];
    if (agents !== undefined) out.agents = agents;
    else delete out.agents;
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return { content: JSON.stringify(out, null, 2) + "\n", warnings: this.warnings };
  }

  /** The block a catalog provider is written to (its document block as read, to be patched). */
  private block(provider: string): Record<string, unknown> {
    let block = this.outBlocks.get(provider);
    if (!block) {
      const key = this.keyOf(provider);
      const docBlock = this.docProviders()[key];
      block = isRecord(docBlock) && this.reading?.blocks.has(key) ? structuredClone(docBlock) : {};
      delete block.models;
      delete block.modelgraph;
      this.outBlocks.set(provider, block);
    }
    return block;
  }

  // ---- aliases: presets, models maps, agents.defaults.model ----------------------------------

  private writeAliases(docPresets: Record<string, unknown>): void {
    const aliases = new Map(this.snapshot.aliases.map((a) => [a.name, a]));
    const origins = this.reading?.origins ?? new Map<string, AliasOrigin>();
    // Presets in the order of the file, then the catalog's other names (sorted).
    const order = [...Object.keys(docPresets).filter((n) => aliases.has(n)), ...[...aliases.keys()].filter((n) => !Object.hasOwn(docPresets, n))];
    for (const name of Object.keys(docPresets)) {
      if (!aliases.has(name) && !this.reading?.origins.has(name)) {
        // Never imported (provider "auto" left undecided): written back as read.
        this.presets[name] = structuredClone(docPresets[name]);
        this.exported.add(name);
      }
    }
    for (const name of order) {
      if (name === DEFAULT_PRESET) continue;
      const alias = aliases.get(name)!;
      const group = this.groups.get(alias.target);
      const d = group?.deployments[0];
      if (!group || !d) {
        this.warnings.push(`alias ${show(name)} points at ${show(alias.target)}, which has no deployments: nanobot cannot hold it; not exported`);
        continue;
      }
      this.noteLost(group, d);
      const origin = origins.get(name);
      const meta = alias.hidden || alias.description ? { ...(alias.hidden ? { hidden: true } : {}), ...(alias.description ? { description: alias.description } : {}) } : undefined;
      if (origin?.kind === "models" && !Object.hasOwn(docPresets, name)) {
        this.modelsEntry(d.provider, name, this.modelOut(d), meta);
      } else {
        this.presets[name] = this.preset(name, isRecord(docPresets[name]) ? docPresets[name] : undefined, d, meta, group);
      }
      this.exported.add(name);
    }
    // Groups no name points at: nanobot-shaped ones are their own route (`vllm/model` works in
    // nanobot too when written as a preset); others become a preset of their own name.
    for (const group of this.snapshot.groups) {
      if (group.aliases.length > 0) {
        const d = group.deployments[0];
        if (d && !this.native(group)) this.addGroupPreset(group, d);
        continue;
      }
      const d = group.deployments[0];
      if (!d) {
        if (!group.passthrough) this.warnings.push(`model group ${show(group.name)} has no deployments: nanobot cannot hold it; not exported`);
        else this.warnings.push(`model group ${show(group.name)} is a wildcard route: nanobot has none; not exported`);
        continue;
      }
      if (this.native(group)) {
        if (!this.referencedAsFallback(group.name)) this.warnings.push(`model group ${show(group.name)} has no alias: nanobot's presets are names, so it is not exported (give it an alias to export it)`);
        continue;
      }
      this.addGroupPreset(group, d);
    }
  }

  private native(group: SnapshotGroup): boolean {
    const d = group.deployments[0];
    return !!d && group.deployments.length === 1 && group.name === `${d.provider}/${d.model}`;
  }

  private addGroupPreset(group: SnapshotGroup, d: SnapshotDeployment): void {
    if (this.exported.has(group.name)) return;
    const others = group.deployments.length - 1;
    this.warnings.push(
      `model group ${show(group.name)} is exported as the nanobot preset ${show(group.name)} → ${show(d.prefixedId)} on provider ${show(d.provider)}` +
        (others > 0 ? `; its ${others} other deployment(s) are not (a nanobot preset is one model)` : "") +
        `; importing the file back creates the group ${show(`${d.provider}/${d.model}`)}`,
    );
    this.noteLost(group, d);
    this.presets[group.name] = this.preset(group.name, undefined, d, undefined, group);
    this.exported.add(group.name);
  }

  private referencedAsFallback(name: string): boolean {
    return this.snapshot.groups.some((g) => g.fallbacks?.some((f) => f.to.includes(name)));
  }

  /** Settings of a deployment that nanobot has no place for, named once per group. */
  private readonly noted = new Set<string>();
  private noteLost(group: SnapshotGroup, d: SnapshotDeployment): void {
    if (this.noted.has(group.name)) return;
    this.noted.add(group.name);
    if (!d.enabled) this.warnings.push(`model group ${show(group.name)}: its exported deployment ${show(d.prefixedId)} is disabled in modelgraph`);
    const lost = [d.rpm != null && "rpm", d.tpm != null && "tpm", d.priority !== 0 && "priority", d.weight !== 1 && "weight", d.extraParams && "extra params", d.apiBase && "its own API base", d.probe !== "AUTO" && "probe"].filter(Boolean);
    if (lost.length > 0) this.warnings.push(`model group ${show(group.name)}: not exported: ${lost.join(", ")} of ${show(d.prefixedId)} (nanobot has no place for them)`);
  }

  private modelsEntry(provider: string, name: string, model: string, meta: Record<string, unknown> | undefined): void {
    const block = this.block(provider);
    const models = (block.models ??= {}) as Record<string, string>;
    models[name] = model;
    if (meta) {
      const ext = (block.modelgraph ??= {}) as Record<string, unknown>;
      ((ext.aliases ??= {}) as Record<string, unknown>)[name] = meta;
    }
  }

  /**
   * A preset: the document's as read while the catalog still routes it the same way; else with
   * `provider`, `model`, `maxTokens` and `contextWindowTokens` from the catalog (its other fields kept).
   */
  private preset(name: string, raw: Record<string, unknown> | undefined, d: SnapshotDeployment, meta: Record<string, unknown> | undefined, group: SnapshotGroup): Record<string, unknown> {
    const preset = raw ? structuredClone(raw) : {};
    delete preset.modelgraph;
    this.patchTarget(preset, name, d, group, !raw);
    if (meta) preset.modelgraph = meta;
    return preset;
  }

  /**
   * Writes provider/model/facts into a preset-shaped object (a preset, agents.defaults) unless it
   * still says what the catalog says: the name routes to the group the document's import gave it,
   * with the same deployment, and the facts the import gave that deployment.
   */
  private patchTarget(entry: Record<string, unknown>, name: string, d: SnapshotDeployment, group: SnapshotGroup, fresh: boolean): void {
    const imported = fresh ? undefined : this.imported(name);
    const same = imported !== undefined && imported.group === group.name && imported.provider === d.provider && imported.model === d.model;
    const [, rawProvider] = field(entry, "provider");
    if (!same) {
      put(entry, "provider", this.keyOf(d.provider));
      put(entry, "model", this.modelOut(d));
    } else if ((rawProvider === undefined || rawProvider === "auto") && !this.autoReaches(d.provider)) {
      // Found by provider "auto" through a key the catalog no longer holds: say it explicitly.
      put(entry, "provider", this.keyOf(d.provider));
    }
    const { max, ctx } = factsOf(d);
    const now = { maxOutputTokens: max, contextWindow: ctx };
    if (same && sameFacts(imported.facts, now)) return;
    if (!fresh && sameFacts({ maxOutputTokens: toInt(field(entry, "maxTokens")[1]), contextWindow: toInt(field(entry, "contextWindowTokens")[1]) }, now)) return;
    if (max !== undefined) put(entry, "maxTokens", max);
    else drop(entry, "maxTokens");
    if (ctx !== undefined) put(entry, "contextWindowTokens", ctx);
    else drop(entry, "contextWindowTokens");
  }

  /** Whether nanobot's `provider: "auto"` still ends at this provider (the reader's rule, for the one configured provider). */
  private autoReaches(name: string): boolean {
    const p = this.providers.get(name);
    if (!p) return false;
    if (p.hasLiteralKey || p.apiKeyEnv) return true;
    const key = this.keyOf(name);
    const builtin = builtinNamed(key);
    if (builtin === undefined) return p.apiBase !== null;
    return NANOBOT_PROVIDERS[builtin]!.keyless === true && builtin !== "custom" && p.apiBase !== null;
  }

  /** Where the document's import routed a name: its group, that group's deployment and facts. */
  private imported(name: string): { group: string; provider: string; model: string; facts: FactsOverride | null | undefined } | undefined {
    if (!this.readTargets) {
      this.readTargets = new Map(this.reading?.spec.aliases.map((a) => [a.name, a.target]));
      this.readGroups = new Map(this.reading?.spec.groups.map((g) => [g.name, g]));
    }
    const target = this.readTargets.get(name);
    const g = target ? this.readGroups!.get(target) : undefined;
    const d = g?.deployments[0];
    return g && d ? { group: g.name, provider: d.provider.name!, model: d.model, facts: d.factsOverride } : undefined;
  }

  // ---- agents ------------------------------------------------------------------------

  private writeAgents(): unknown {
    const doc = this.doc ?? {};
    const agents = isRecord(doc.agents) ? structuredClone(doc.agents) : doc.agents === undefined ? undefined : structuredClone(doc.agents);
    const aliases = new Map(this.snapshot.aliases.map((a) => [a.name, a]));
    const def = aliases.get(DEFAULT_PRESET);
    let defaults = isRecord(agents) && isRecord(agents.defaults) ? agents.defaults : undefined;
    let out = agents;
    if (def) {
      const group = this.groups.get(def.target);
      const d = group?.deployments[0];
      if (group && d) {
        if (!defaults) {
          out = isRecord(out) ? out : {};
          defaults = {};
          (out as Record<string, unknown>).defaults = defaults;
        }
        this.noteLost(group, d);
        const fresh = this.reading?.origins.get(DEFAULT_PRESET)?.kind !== "default";
        this.patchTarget(defaults, DEFAULT_PRESET, d, group, fresh);
        this.exported.add(DEFAULT_PRESET);
      } else {
        this.warnings.push(`alias "default" points at ${show(def.target)}, which has no deployments: not exported`);
      }
    }
    if (!defaults) {
      this.warnOtherFallbacks(null);
      return out;
    }
    // The startup preset must exist in the export (nanobot refuses the file otherwise).
    const [presetField, preset] = field(defaults, "modelPreset");
    if (typeof preset === "string" && preset !== DEFAULT_PRESET && !this.exported.has(preset)) {
      this.warnings.push(`agents.defaults.modelPreset ${show(preset)} is not in the catalog any more; left out of the export (nanobot refuses a modelPreset it does not have)`);
      delete defaults[presetField];
    }
    const [, activePreset] = field(defaults, "modelPreset");
    const primary = typeof activePreset === "string" && activePreset !== DEFAULT_PRESET ? activePreset : def ? DEFAULT_PRESET : null;
    const primaryGroup = primary ? this.groups.get(aliases.get(primary)?.target ?? "") : undefined;
    this.writeFallbacks(defaults, primaryGroup);
    this.warnOtherFallbacks(primaryGroup?.name ?? null);
    return out;
  }

  private writeFallbacks(defaults: Record<string, unknown>, group: SnapshotGroup | undefined): void {
    const [fallbackField, raw] = field(defaults, "fallbackModels");
    if (!group) return;
    const rules = group.fallbacks ?? [];
    for (const r of rules) if (r.kind !== "GENERAL") this.warnings.push(`model group ${show(group.name)}: its ${r.kind} fallbacks are not exported (nanobot's fallbackModels are one chain)`);
    const to = rules.filter((r) => r.kind === "GENERAL").flatMap((r) => r.to);
    const expected = this.reading?.fallbacks ?? [];
    if (JSON.stringify(to) === JSON.stringify(expected) && (raw !== undefined || to.length === 0)) return;
    if (to.length === 0) {
      drop(defaults, "fallbackModels");
      return;
    }
    const list: unknown[] = [];
    for (const name of to) {
      if (this.exported.has(name) && name !== DEFAULT_PRESET) {
        list.push(name);
        continue;
      }
      const target = this.groups.get(name);
      const d = target?.deployments[0];
      if (target && d && this.native(target)) {
        const { max, ctx } = factsOf(d);
        list.push({ provider: this.keyOf(d.provider), model: this.modelOut(d), ...(max !== undefined ? { maxTokens: max } : {}), ...(ctx !== undefined ? { contextWindowTokens: ctx } : {}) });
        continue;
      }
      this.warnings.push(`model group ${show(group.name)}: fallback ${show(name)} is neither an exported preset nor a model group of one deployment; left out of fallbackModels`);
    }
    defaults[fallbackField in defaults ? fallbackField : "fallbackModels"] = list;
  }

  private warnOtherFallbacks(primary: string | null): void {
    for (const g of this.snapshot.groups) {
      if (g.name !== primary && (g.fallbacks?.length ?? 0) > 0) {
        this.warnings.push(`model group ${show(g.name)}: its fallbacks are not exported (nanobot has one fallback chain, agents.defaults.fallbackModels, for its active model)`);
      }
    }
  }

  // ---- providers -----------------------------------------------------------------------

  private writeProviders(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const docProviders = this.docProviders();
    const done = new Set<string>();
    const reading = this.reading;
    for (const [key, docBlock] of Object.entries(docProviders)) {
      const spec = reading?.blocks.get(key);
      if (!spec) {
        // A block that configures nothing (nanobot's template): written back as read.
        if (!reading || isBlank(docBlock) || docBlock === null) out[key] = structuredClone(docBlock);
        continue;
      }
      const p = this.providers.get(spec.name!);
      if (!p || done.has(p.name)) continue;
      out[key] = this.providerBlock(p, spec, false);
      done.add(p.name);
    }
    for (const p of this.snapshot.providers) {
      if (done.has(p.name)) continue;
      const implicit = reading ? [...reading.implicit].find((s) => s.name === p.name) : undefined;
      const block = this.providerBlock(p, implicit, implicit !== undefined);
      if (block === null) continue;
      out[this.keyOf(p.name)] = block;
      done.add(p.name);
    }
    return out;
  }

  /** One provider's block; null when it is a built-in nanobot has anyway and nothing needs saying. */
  private providerBlock(p: SnapshotProvider, spec: ProviderSpec | undefined, implicit: boolean): Record<string, unknown> | null {
    const block = this.block(p.name);
    const key = this.keyOf(p.name);
    const builtin = builtinNamed(key);
    const known = builtin && (key === builtin || key === toCamel(builtin)) ? NANOBOT_PROVIDERS[builtin] : undefined;

    const expectedBase = spec ? spec.apiBase : (known?.apiBase ?? null);
    if (p.apiBase !== expectedBase || (!spec && p.apiBase !== null && p.apiBase !== known?.apiBase)) {
      if (p.apiBase === null || p.apiBase === known?.apiBase) drop(block, "apiBase");
      else put(block, "apiBase", nanobotBase(p.apiBase));
    }

    if (p.hasLiteralKey) {
      put(block, "apiKey", storedKeyRef(p.name));
      this.warnings.push(`provider ${show(p.name)}: its literal API key is stored encrypted in modelgraph and not exported; apiKey says ${storedKeyRef(p.name)}: set that variable for nanobot, or put the key there`);
    } else if (p.apiKeyEnv) {
      if (!spec || spec.apiKeyEnv !== p.apiKeyEnv) put(block, "apiKey", `\${${p.apiKeyEnv}}`);
    } else if (spec && typeof spec.apiKeyEnv === "string") {
      drop(block, "apiKey");
    } else if (!spec && ownKeyEnv(known ? builtin : undefined, p.name) !== undefined) {
      // The catalog reads the type's variable; importing the block back without a key would read
      // the provider's own instead: say which one.
      put(block, "apiKey", `\${${findProviderType(p.type)?.apiKeyEnv ?? storedKeyEnv(p.name)}}`);
    } else {
      const raw = field(block, "apiKey")[1];
      if (typeof raw === "string" && isStoredPlaceholder(raw)) drop(block, "apiKey");
    }

    const ext: Record<string, unknown> = {};
    const nanobotType = known ? known.type : CUSTOM_TYPE;
    if (nanobotType !== p.type) ext.type = p.type;
    if (!known && !this.keys.has(p.name)) {
      if (findProviderType(p.type)?.apiStyle !== "openai") {
        this.warnings.push(`provider ${show(p.name)} is not one of nanobot's providers: nanobot reads its block as your own OpenAI-compatible endpoint, not as type ${show(p.type)}; rename it to a nanobot provider for nanobot`);
      } else if (p.apiBase === null) {
        this.warnings.push(`provider ${show(p.name)} is not one of nanobot's providers and has no apiBase: nanobot needs one for a provider of its own name`);
      }
    }
    if (p.displayName) ext.displayName = p.displayName;
    const meta = block.modelgraph as Record<string, unknown> | undefined;
    if (meta?.aliases) ext.aliases = meta.aliases;
    delete block.modelgraph;
    if (Object.keys(ext).length > 0) block.modelgraph = ext;
    if (implicit && Object.keys(block).length === 0) return null;
    if (!spec && known && Object.keys(block).length === 0 && this.used(p.name)) return null;
    // A block with nothing in it reads as nanobot's unconfigured template entry: keep it visible.
    if (Object.keys(block).length === 0) block.models = {};
    return block;
  }

  /** Whether an exported preset, models entry or fallback routes to this provider (importing it back recreates it). */
  private used(provider: string): boolean {
    return this.snapshot.groups.some((g) => g.deployments[0]?.provider === provider && (g.aliases.some((a) => this.exported.has(a)) || this.exported.has(g.name)));
  }
}

function toInt(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * The catalog as a nanobot config in today's shape: `providers`, `modelPresets` (one per alias),
 * `agents` (the `default` alias as agents.defaults.model, the active preset's fallbacks as
 * fallbackModels) and every other section of the stored document as read. Whatever the catalog
 * still routes as the document says is written exactly as the file had it.
 */
export function serializeNanobot(snapshot: CatalogSnapshot): Serialized {
  const doc = isRecord(snapshot.document) ? snapshot.document : null;
  let reading: Reading | null = null;
  const warnings: string[] = [];
  if (doc) {
    try {
      reading = read(documentReader(doc), {}, true);
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      warnings.push(`the stored nanobot document could not be read back (${error.message.split("\n")[0]}); exported from the catalog alone`);
    }
  }
  const result = new NanobotWriter(snapshot, reading ? doc : null, reading).run();
  return { content: result.content, warnings: [...warnings, ...result.warnings] };
}
