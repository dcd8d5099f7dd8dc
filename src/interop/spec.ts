import { createHash } from "node:crypto";
import { BadUserInputError, CatalogError } from "../errors.ts";
import type { FactsOverride } from "../db/schema.ts";

/*
 * The neutral form both config formats parse into and the catalog is applied from, plus the
 * source positions that let every error name the line (YAML) or JSON path it comes from.
 */

export type ConfigSyntax = "yaml" | "json";

/** Where a value came from: `path` is JSONPath-like (`$.model_list[3].litellm_params.model`). */
export interface Loc {
  syntax: ConfigSyntax;
  source: string;
  path: string;
  line: number | null;
  column: number | null;
}

/**
 * A provider as a file describes it. LiteLLM entries without `model_info.modelgraph.provider`
 * leave `name` null: the importer reuses a provider with the same (type, API base, key) or creates
 * one called `suggestedName` (with a numeric suffix on collision).
 */
export interface ProviderSpec {
  name: string | null;
  suggestedName: string;
  type: string;
  /** The provider's own API base; null: its type's default. */
  apiBase: string | null;
  /** undefined: the format cannot say (leave a stored value alone); null: the type's default. */
  apiKeyEnv: string | null | undefined;
  /** A literal key to store encrypted; undefined keeps whatever is stored. */
  apiKey: string | undefined;
  displayName: string | null | undefined;
  loc: Loc;
}

/** Fields left undefined are not expressed by the file: defaults on create, untouched on update. */
export interface DeploymentSpec {
  provider: ProviderSpec;
  model: string;
  /** The deployment's own API base override; null uses the provider's. */
  apiBase: string | null;
  priority: number | undefined;
  weight: number | undefined;
  rpm: number | null | undefined;
  tpm: number | null | undefined;
  enabled: boolean | undefined;
  probe: "AUTO" | "COMPLETION" | "OFF" | undefined;
  externalId: string | null | undefined;
  extraParams: Record<string, unknown> | null | undefined;
  /**
   * Model facts the file states for this deployment (LiteLLM `model_info.max_input_tokens`,
   * `input_cost_per_token`, …) as a `facts_override`: null = the file states none; undefined =
   * the format has no place for facts (the stored override is left alone).
   */
  factsOverride?: FactsOverride | null;
  /**
   * The model exactly as the file wrote it when that is not the format's usual form (LiteLLM
   * `<prefix>/<model>`, nanobot the bare id): an environment reference read at import time
   * (`os.environ/NAME`, `${NAME}`), or an unprefixed LiteLLM id found in the registry (`gpt-4o`).
   * Stored; export writes it back while the model is unchanged. null/undefined: the usual form.
   */
  modelWritten?: string | null;
  /**
   * What tells this deployment apart from another of the same (provider, model, API base) in one
   * group (LiteLLM's identity: `model_info.id`, else a digest of its parameters); "" when the
   * group has no such twin. Part of the deployment's identity on re-import.
   */
  variant?: string;
  /**
   * Keys of the entry beside the ones the format maps (LiteLLM: keys next to `litellm_params`,
   * such as a top-level `tpm`), kept as read and written back by export. null: none.
   */
  entryExtra?: Record<string, unknown> | null;
  loc: Loc;
}

export type FallbackKind = "GENERAL" | "CONTEXT_WINDOW" | "CONTENT_POLICY";

/** Where a failing call to a group goes next (LiteLLM `fallbacks`, …; nanobot `fallbackModels`). */
export interface FallbackSpec {
  kind: FallbackKind;
  /** Public names (or LiteLLM model strings) in order; they need not be in the catalog. */
  to: string[];
  loc: Loc;
}

export interface GroupSpec {
  name: string;
  mode: string | undefined;
  description: string | null | undefined;
  deployments: DeploymentSpec[];
  /** undefined: the file cannot say (stored rules are left alone); []: none. */
  fallbacks?: FallbackSpec[];
  /**
   * LiteLLM `model: "*"` (no prefix): a pattern group without deployments of its own, whose
   * matches are routed by the requested name (its prefix, or an exact first-party registry id).
   */
  passthrough?: boolean;
  loc: Loc;
}

export interface AliasSpec {
  name: string;
  target: string;
  hidden: boolean | undefined;
  description: string | null | undefined;
  loc: Loc;
}

export interface ConfigSpec {
  providers: ProviderSpec[];
  groups: GroupSpec[];
  aliases: AliasSpec[];
  warnings: string[];
  /**
   * Everything the file holds that the catalog does not model (LiteLLM `litellm_settings`,
   * `general_settings`, the other `router_settings` keys, …; nanobot `agents`, `channels`, preset
   * fields, …), as read, in the parser's own shape: stored per format (literal secrets sealed) and
   * handed back to the serializer as `CatalogSnapshot.document`. undefined: nothing to keep.
   */
  document?: Record<string, unknown>;
  /** `skipInvalid`: the entries left out, each with its location and why. */
  skipped?: SkippedEntry[];
}

export interface SkippedEntry {
  loc: Loc;
  reason: string;
}

/** What a parser needs from outside the file. */
export interface ParseOptions {
  /** Import the valid entries and report the others (default: refuse the whole file). */
  skipInvalid?: boolean;
  /** The importing process's environment: model ids given as `os.environ/NAME` / `${NAME}` are read here. */
  env?: (name: string) => string | undefined;
  /**
   * Reads a file that this one includes (LiteLLM `include:`), by the path written in the file;
   * absent when no file can be read (GraphQL importConfig): then `include:` is refused.
   */
  readInclude?: (path: string) => { content: string; source: string };
  /**
   * Provider type ids whose first-party catalogue lists exactly this model id (the registry's
   * firstPartyProvidersFor): how an unprefixed LiteLLM model finds its provider.
   */
  firstParty?: (model: string) => string[];
}

/** The catalog as export sees it; literal keys only as a flag. */
export interface CatalogSnapshot {
  providers: SnapshotProvider[];
  /** By name; deployments in display order (enabled in candidate order, then disabled). */
  groups: SnapshotGroup[];
  aliases: SnapshotAlias[];
  /**
   * The stored `ConfigSpec.document` of this format (null: none), with every sealed secret
   * replaced by the format's placeholder (LiteLLM `os.environ/MODELGRAPH_STORED_SECRET_…`,
   * nanobot `${MODELGRAPH_STORED_SECRET_…}`).
   */
  document?: Record<string, unknown> | null;
}

export interface SnapshotProvider {
  name: string;
  type: string;
  prefix: string;
  apiBase: string | null;
  apiKeyEnv: string | null;
  hasLiteralKey: boolean;
  displayName: string | null;
}

export interface SnapshotDeployment {
  provider: string;
  model: string;
  prefixedId: string;
  apiBase: string | null;
  priority: number;
  weight: number;
  rpm: number | null;
  tpm: number | null;
  enabled: boolean;
  probe: string;
  externalId: string | null;
  extraParams: Record<string, unknown> | null;
  /** See DeploymentSpec.modelWritten. */
  modelWritten?: string | null;
  variant?: string;
  entryExtra?: Record<string, unknown> | null;
  /** The deployment's model facts overrides (mutations and imports). */
  factsOverride?: FactsOverride | null;
}

export interface SnapshotGroup {
  name: string;
  mode: string;
  description: string | null;
  deployments: SnapshotDeployment[];
  /** Names of the aliases pointing at it, sorted. */
  aliases: string[];
  fallbacks?: { kind: FallbackKind; to: string[] }[];
  passthrough?: boolean;
}

export interface SnapshotAlias {
  name: string;
  target: string;
  hidden: boolean;
  description: string | null;
}

export interface Serialized {
  content: string;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Locations and errors

export type Segment = string | number;

/** `$.a.b[2]["x.y"]`: identifiers after a dot, anything else quoted in brackets. */
export function formatPath(segments: readonly Segment[]): string {
  let out = "$";
  for (const s of segments) out = appendPath(out, s);
  return out;
}

/** `path` (formatted) extended by one segment, as formatPath writes it. */
export function appendPath(path: string, s: Segment): string {
  if (typeof s === "number") return `${path}[${s}]`;
  if (/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(s)) return `${path}.${s}`;
  return `${path}[${JSON.stringify(s)}]`;
}

/** The prefix of every located message: `input:12` for YAML, `$.providers.vllm (input:7)` for JSON. */
export function where(loc: Loc): string {
  if (loc.syntax === "json") return loc.line != null ? `${loc.path} (${loc.source}:${loc.line})` : loc.path;
  return loc.line != null ? `${loc.source}:${loc.line}` : `${loc.source}: ${loc.path}`;
}

function locationExtension(loc: Loc) {
  return { source: loc.source, path: loc.path, line: loc.line, column: loc.column };
}

export function locatedError(loc: Loc, message: string, extensions: Record<string, unknown> = {}): BadUserInputError {
  return new BadUserInputError(`${where(loc)}: ${message}`, { ...extensions, location: locationExtension(loc) });
}

/** Runs `fn`; a catalog error it throws (a validation helper's, a service's) gets the location. */
export function atLoc<T>(loc: Loc, fn: () => T, context?: string): T {
  try {
    return fn();
  } catch (error) {
    throw located(loc, error, context);
  }
}

/** `atLoc` for a command that runs in the import's transaction. */
export async function atLocAsync<T>(loc: Loc, fn: () => Promise<T>, context?: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw located(loc, error, context);
  }
}

function located(loc: Loc, error: unknown, context: string | undefined): unknown {
  if (!(error instanceof CatalogError) || (error.extensions as Record<string, unknown>).location) return error;
  const { code: _code, ...rest } = error.extensions as Record<string, unknown>;
  return locatedError(loc, context ? `${context}: ${error.message}` : error.message, rest);
}

/** Says what a JSON/YAML value is, for "expected X, got Y" messages. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

/** JSON with sorted keys: equal values (parameters, documents, rules) compare and digest equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** nanobot's whole-value environment reference `${NAME}` (group 1: NAME). */
export const NANOBOT_ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * File-level checks both formats share: a name is a group or an alias, never both; an alias is
 * defined once and points at a group, not at another alias. Targets missing from the file are
 * checked against the catalog when the import runs (MERGE may point at existing groups).
 */
export function checkNames(spec: ConfigSpec): void {
  const groups = new Map(spec.groups.map((g) => [g.name, g]));
  const aliases = new Map<string, AliasSpec>();
  for (const alias of spec.aliases) {
    const group = groups.get(alias.name);
    if (group) {
      throw locatedError(
        alias.loc,
        `alias ${JSON.stringify(alias.name)} is also a model group in this file (${where(group.loc)}); a name is either a group or an alias, never both: rename one of them`,
      );
    }
    const first = aliases.get(alias.name);
    if (first) {
      throw locatedError(alias.loc, `alias ${JSON.stringify(alias.name)} is defined twice (first at ${where(first.loc)}); alias names must be unique`);
    }
    aliases.set(alias.name, alias);
  }
  for (const alias of spec.aliases) {
    const other = aliases.get(alias.target);
    if (other && !groups.has(alias.target)) {
      throw locatedError(
        alias.loc,
        `alias ${JSON.stringify(alias.name)} points at ${JSON.stringify(alias.target)}, which is an alias too (${where(other.loc)}); an alias must point at a model group: use ${JSON.stringify(other.target)}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets in deployment parameters (docs/import-export.md, "Secrets in extra parameters")

/**
 * Words that make a parameter name a credential. A name is split into words (camelCase, `-`,
 * `_`, `.` and spaces separate them; lower-cased), and it is a secret when one of its words is
 * here: `x_auth_token`, `X-Auth`, `session_cookie`, `aws_secret_access_key`, `apiKey`. Whole
 * words only, so `max_tokens`, `tokenizer`, `tpm` and `keywords` are not.
 */
const SECRET_WORDS = new Set([
  "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "jwt", "bearer", "cookie", "cookies",
  "credential", "credentials", "creds", "auth", "authorization", "signature", "key", "keys", "apikey", "privatekey", "accesskey",
]);
/** A last word that makes the name a reference to a credential or a fact about one: `litellm_credential_name`, `auth_type`, `token_url`. */
const REFERENCE_WORDS = new Set([
  "name", "names", "env", "type", "types", "url", "uri", "path", "file",
  // A measure of tokens or keys, not one: `cache_read_input_token_cost`, `max_token_limit`, `key_count`.
  "cost", "costs", "price", "prices", "limit", "limits", "count", "counts", "budget", "size", "length", "ttl", "timeout",
]);
/** A word before `token` (or another) that makes it a count or a price: `max_token`, `cost_per_token`. */
const COUNT_WORDS = new Set(["per", "max", "min", "num"]);

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a parameter of this name holds a credential (the rule: SECRET_WORDS). */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || REFERENCE_WORDS.has(words.at(-1)!)) return false;
  return words.some((w, i) => SECRET_WORDS.has(w) && !(i > 0 && COUNT_WORDS.has(words[i - 1]!)));
}

/** `extra_headers`, `headers`, `default_headers`, `extraHeaders`: every value inside is a secret. */
export function isHeadersName(name: string): boolean {
  const last = nameWords(name).at(-1);
  return last === "headers" || last === "header";
}

/** A parameter whose value (all of it, at any depth) is secret. */
export function isSecretParam(name: string): boolean {
  return isSecretName(name) || isHeadersName(name);
}

/** How a secret is stored inside a deployment's extra params: the SecretBox ciphertext, marked. */
export const SEALED_PREFIX = "modelgraph-sealed:";
/** Export writes `os.environ/MODELGRAPH_STORED_SECRET_<fingerprint>` in place of a stored secret. */
export const STORED_SECRET_ENV_PREFIX = "MODELGRAPH_STORED_SECRET_";

export function isSealed(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(SEALED_PREFIX);
}

/** The placeholder of a sealed value: a digest of its ciphertext, so it says nothing about the secret. */
export function sealedPlaceholder(sealed: string): string {
  return `os.environ/${STORED_SECRET_ENV_PREFIX}${createHash("sha256").update(sealed).digest("hex").slice(0, 16).toUpperCase()}`;
}

/** A value a secret parameter may hold in clear: an `os.environ/` reference (LiteLLM reads it), or nothing. */
export function isLiteralSecret(value: unknown): value is string {
  return typeof value === "string" && value !== "" && !value.startsWith("os.environ/");
}

/**
 * A copy of `value` with `fn` applied to every string leaf; `secret` says whether the leaf is
 * inside a secret parameter (its own name, or a mapping above it, per isSecretParam). Numbers,
 * booleans and nulls are never secrets: `max_tokens: 4096` stays.
 */
export function mapStrings(value: unknown, fn: (leaf: string, path: Segment[], secret: boolean) => unknown, path: Segment[] = [], secret = false): unknown {
  if (typeof value === "string") return fn(value, path, secret);
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, fn, [...path, i], secret));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn, [...path, k], secret || isSecretParam(k));
    return out;
  }
  return value;
}

/** `extra_headers.Cookie`, `vertex_credentials[0]`: a parameter path as the docs write it. */
export function paramPath(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

// ---------------------------------------------------------------------------------------------
// Every problem of a file, not only the first (docs/import-export.md, "Errors")

/** At most this many problems are listed in one refusal; the count says how many there were. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * Collects the located errors of a file's entries so that a refusal lists every problem, and
 * `skipInvalid` can leave the bad entries out instead. `attempt` runs one entry's reading: a
 * BadUserInputError it throws is recorded (with the entry's location when it has none) and the
 * next entry is read.
 */
export class ProblemCollector {
  readonly problems: BadUserInputError[] = [];
  readonly skipped: SkippedEntry[] = [];

  constructor(private readonly skipInvalid: boolean) {}

  /** Runs `fn`; on a BadUserInputError, records it against `loc` and returns undefined. */
  attempt<T>(loc: Loc, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      const located = (error.extensions as Record<string, unknown>).location ? error : locatedError(loc, error.message, error.extensions as Record<string, unknown>);
      this.problems.push(located);
      this.skipped.push({ loc, reason: located.message });
      return undefined;
    }
  }

  /**
   * After the last entry: refuses the file with every problem (one per line, each located; the
   * first one's location and all of them in extensions.problems), unless skipInvalid asked for
   * the valid entries only.
   */
  finish(): SkippedEntry[] {
    if (this.problems.length === 0) return [];
    if (this.skipInvalid) return this.skipped;
    throw combinedProblems(this.problems);
  }
}

/** One error standing for several: the first is the headline, every one is listed. */
export function combinedProblems(problems: readonly BadUserInputError[]): BadUserInputError {
  if (problems.length === 1) return problems[0]!;
  const listed = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length - listed.length;
  const message =
    `${problems.length} problems; nothing was imported:\n` +
    listed.map((p) => `- ${p.message}`).join("\n") +
    (more > 0 ? `\n- … and ${more} more` : "");
  const first = problems[0]!.extensions as Record<string, unknown>;
  return new BadUserInputError(message, {
    location: first.location,
    problems: listed.map((p) => ({ message: p.message, location: (p.extensions as Record<string, unknown>).location ?? null })),
    problemCount: problems.length,
  });
}
