import { eq, or, sql } from "drizzle-orm";
import type { Tx } from "../db/store.ts";
import { BadUserInputError } from "../errors.ts";

export const MAX_PUBLIC_NAME = 256;
export const MAX_MODEL = 512;
export const MAX_DESCRIPTION = 4000;
export const PROVIDER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const ENV_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,127}$/;
export const MAX_API_BASE = 2048;
/**
 * Whitespace, control, format (zero-width…), line/paragraph separators, and unpaired surrogates
 * (not text: SQLite would store them as replacement characters, so two names would read the same).
 */
const FORBIDDEN_IN_NAMES = /[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Quotes a user value for an error message, escaping control characters and cutting it short. */
export function show(value: string, max = 80): string {
  const cut = [...value].length > max ? [...value].slice(0, max).join("") + "…" : value;
  return JSON.stringify(cut);
}

function describeForbidden(value: string): string {
  const ch = FORBIDDEN_IN_NAMES.exec(value)?.[0] ?? "";
  const code = codePointLabel(ch);
  if (/\p{Cs}/u.test(ch)) return `an unpaired surrogate (${code}), which is not text`;
  return /\s/u.test(ch) ? `whitespace (${code})` : `a control or invisible character (${code})`;
}

/**
 * Letters and symbols that render as nothing (Hangul fillers, the blank braille pattern, marks that
 * join nothing visible): not whitespace to Unicode, so FORBIDDEN_IN_NAMES misses them, yet a name
 * made of or padded with them looks empty or equal to another.
 */
const BLANK_LOOKING = /[\u115F\u1160\u3164\uFFA0\u2800\u034F\u17B4\u17B5\u{1D159}]/u;
const MARK = /^\p{M}/u;

function codePointLabel(ch: string): string {
  return "U+" + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

/** Why `value` would read as blank or as another name, or null; `shown` is the value as the writer sent it. */
function invisibleProblem(value: string, what: string, shown = value): string | null {
  const blank = BLANK_LOOKING.exec(value)?.[0];
  if (blank) return `${what} ${show(shown)} contains ${codePointLabel(blank)}, a character that renders as blank`;
  if (MARK.test(value)) return `${what} ${show(shown)} starts with the combining mark ${codePointLabel([...value][0]!)}, which has no letter to sit on`;
  return null;
}

/**
 * A group or alias name: 1–256 characters, no whitespace, control or blank-looking characters, not
 * starting with a combining mark; case-sensitive. Returned in Unicode NFC, so "café" typed with a
 * combining accent (NFD) and with a precomposed é are one name.
 */
export function validatePublicName(value: string, what = "name"): string {
  if (value.length === 0) {
    throw new BadUserInputError(`${what} must not be empty; use 1–${MAX_PUBLIC_NAME} characters (single inner spaces allowed)`, {
      field: what,
    });
  }
  // Single inner spaces are allowed (`Local LLM` is a real LiteLLM model_name); other whitespace,
  // and spaces at either end or doubled, would make two names look the same.
  if (value.includes(" ") && !/^[^ ]+( [^ ]+)*$/.test(value)) {
    const where = value.startsWith(" ") ? "a leading space" : value.endsWith(" ") ? "a trailing space" : "two spaces in a row";
    throw new BadUserInputError(`${what} ${show(value)} has ${where}; names may hold single spaces between words only`, { field: what });
  }
  const rest = value.replaceAll(" ", "");
  if (FORBIDDEN_IN_NAMES.test(rest)) {
    throw new BadUserInputError(
      `${what} ${show(value)} contains ${describeForbidden(rest)}; names may not contain whitespace other than single inner spaces, nor control characters`,
      { field: what },
    );
  }
  const normalized = value.normalize("NFC");
  const length = [...normalized].length;
  if (length > MAX_PUBLIC_NAME) {
    throw new BadUserInputError(
      `${what} ${show(value, 40)} is ${length} characters long; at most ${MAX_PUBLIC_NAME} are accepted`,
      { field: what },
    );
  }
  const invisible = invisibleProblem(normalized, what, value);
  if (invisible) {
    throw new BadUserInputError(`${invisible}; names may not contain whitespace, control or blank-looking characters`, { field: what });
  }
  refuseReserved(normalized, what);
  return normalized;
}

/**
 * Keys that JavaScript objects treat specially: config files refuse them as keys (issue 8,
 * finding 24), so a name spelled so could be created but never exported and imported again.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function refuseReserved(value: string, what: string, accepted = "any other name"): void {
  if (RESERVED_KEYS.has(value)) {
    throw new BadUserInputError(
      `${what} ${show(value)} is reserved: __proto__, constructor and prototype cannot be keys of a config file, so the catalog could not be exported and imported again; use ${accepted}`,
      { field: what },
    );
  }
}

/**
 * Look-alike letters mapped to the Latin letter they are drawn like (Cyrillic and Greek): the
 * skeleton of a name, after NFKC (fullwidth and other compatibility forms), with these replaced.
 * Deliberately small: letters that are identical in common fonts, no case folding (names are
 * case-sensitive) and no digit/letter pairs such as 0/O.
 */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  "а": "a", "в": "B", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
  // Greek
  "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "υ": "u",
  "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
};

/** The form two names share when they are drawn alike (see LOOK_ALIKES). */
export function nameSkeleton(name: string): string {
  let out = "";
  for (const ch of name.normalize("NFKC")) out += LOOK_ALIKES[ch] ?? ch;
  return out;
}

/**
 * The look-alike warning for a new public name, checked against the stored names. Only a name
 * with a character outside printable ASCII can be drawn like another name (an ASCII name's
 * skeleton is itself), so ASCII names cost nothing; the others are compared with the name equal
 * to their skeleton and with the stored non-ASCII names (one scan, no per-row work in SQL).
 * Limitation: an ASCII name created after its look-alike is not warned about.
 */
export async function lookAlikeWarningIn(tx: Tx, name: string, what: string): Promise<string | null> {
  if (!/[^\x20-\x7e]/.test(name)) return null;
  const { publicNames } = tx.t;
  // Characters unlike bytes: a name outside ASCII (octet_length is SQLite's too since 3.43).
  const candidates = (
    await tx
      .select({ name: publicNames.name })
      .from(publicNames)
      .where(or(eq(publicNames.name, nameSkeleton(name)), sql`length(${publicNames.name}) <> octet_length(${publicNames.name})`))
  ).map((r) => r.name);
  return lookAlikeWarning(name, candidates, what);
}

/**
 * A warning when `name` is drawn like one of `existing` without being it (`gpt-4о` with a Cyrillic
 * о beside `gpt-4o`); null otherwise. Look-alikes are accepted (they are real, different names in
 * some scripts) but the writer is told.
 */
export function lookAlikeWarning(name: string, existing: Iterable<string>, what = "name"): string | null {
  const skeleton = nameSkeleton(name);
  for (const other of existing) {
    if (other === name || nameSkeleton(other) !== skeleton) continue;
    const a = [...name];
    const b = [...other];
    const at = a.findIndex((ch, i) => ch !== b[i]);
    const detail = at >= 0 && b[at] !== undefined ? `: ${codePointLabel(a[at]!)} where it has ${codePointLabel(b[at]!)}` : "";
    return `${what} ${show(name)} looks like the existing name ${show(other)} but is a different name${detail}; clients typing it will get one or the other`;
  }
  return null;
}

export function validateProviderName(value: string, what = "provider name"): string {
  if (!PROVIDER_NAME_PATTERN.test(value)) {
    const hint = value.includes("/")
      ? "it may not contain '/' (a provider name is the part before the first '/' of \"<provider>/<model>\")"
      : /[A-Z]/.test(value)
        ? "it must be lower case"
        : "use lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 63 characters";
    throw new BadUserInputError(`${what} ${show(value)} is not a valid slug: ${hint} (pattern ${PROVIDER_NAME_PATTERN.source})`, {
      field: what,
    });
  }
  refuseReserved(value, what, `another slug (pattern ${PROVIDER_NAME_PATTERN.source})`);
  return value;
}

/** The upstream model id, exactly as the provider's API knows it (never rewritten). */
export function validateModel(value: string): string {
  if (value.length === 0) throw new BadUserInputError("model must not be empty; give the id the provider's API uses, e.g. \"z-ai/glm4.7\"", { field: "model" });
  if ([...value].length > MAX_MODEL) {
    throw new BadUserInputError(`model ${show(value, 40)} is longer than ${MAX_MODEL} characters`, { field: "model" });
  }
  if (FORBIDDEN_IN_NAMES.test(value)) {
    throw new BadUserInputError(`model ${show(value)} contains ${describeForbidden(value)}; model ids may not contain whitespace or control characters`, {
      field: "model",
    });
  }
  const invisible = invisibleProblem(value, "model");
  if (invisible) throw new BadUserInputError(`${invisible}; model ids may not contain whitespace, control or blank-looking characters`, { field: "model" });
  return value;
}

/** Advice for a model id that is not in NFC: it is kept as given (the provider's id), but looks like its NFC form. */
export function modelNormalizationWarning(model: string): string | null {
  if (!model.isWellFormed() || model.normalize("NFC") === model) return null;
  return `model ${show(model)} is not in Unicode NFC (it holds combining characters that usually come precomposed); it is stored exactly as given, so it only matches an upstream id written the same way`;
}

/**
 * An API base: an absolute http(s) URL of at most 2048 characters, stored in its WHATWG URL
 * serialisation (scheme and host lower-cased, default port dropped, dot segments resolved), except
 * that a URL without a path keeps none (`https://host` is not given a trailing `/`). Surrounding
 * whitespace is trimmed. Refused: what the URL parser would silently repair (backslashes, inner
 * whitespace or control characters, a scheme not followed by `//`), and credentials, query strings
 * and fragments, which would be stored and shown in clear (keys belong in apiKeyEnv).
 */
/** `os.environ/NAME` in an API base: kept as the reference, read from the server's environment when used. */
export const API_BASE_ENV_REF = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]{0,127})$/;

/**
 * An API base as stored: a URL, an `os.environ/NAME` reference (LiteLLM's form; read when the
 * deployment is probed or shown), or, from an import only, a placeholder the file wrote where a
 * URL belongs (`<your-azure-endpoint>`): kept as written, never used, health UNKNOWN with the reason.
 */
export type ApiBaseUse = { kind: "URL"; url: string } | { kind: "ENV"; name: string; url: string | null } | { kind: "PLACEHOLDER"; value: string };

export function apiBaseUse(stored: string, env: (name: string) => string | undefined): ApiBaseUse {
  const ref = API_BASE_ENV_REF.exec(stored);
  if (ref) {
    const raw = env(ref[1]!);
    if (raw === undefined || raw.trim() === "") return { kind: "ENV", name: ref[1]!, url: null };
    try {
      return { kind: "ENV", name: ref[1]!, url: validateApiBase(raw) };
    } catch {
      return { kind: "ENV", name: ref[1]!, url: null };
    }
  }
  // `https://${HOST}/v1`: a template nothing fills in here, however URL-like it looks.
  if (/^https?:\/\//i.test(stored) && !/\$\{|%7B/i.test(stored)) return { kind: "URL", url: stored };
  return { kind: "PLACEHOLDER", value: stored };
}

/** Why a stored API base cannot be used now (health reports it as UNKNOWN), or null when it can. */
export function apiBaseProblem(use: ApiBaseUse): string | null {
  if (use.kind === "URL") return null;
  if (use.kind === "ENV") return use.url ? null : `API base os.environ/${use.name}: environment variable ${use.name} is not set to an http(s) URL on this server`;
  return `API base ${show(use.value, 60)} is a placeholder, not a URL: set the real endpoint`;
}

/**
 * `placeholders`: an import may keep a value that is no URL at all (a `<placeholder>`), with a
 * warning; a value that is a URL must still pass every rule below (no credentials, no query).
 */
export function validateApiBase(value: string, what = "apiBase", placeholders = false): string {
  const input = value.trim();
  if (API_BASE_ENV_REF.test(input)) return input;
  if (placeholders && input !== "" && [...input].length <= MAX_API_BASE && !/[\p{Cc}\p{Cf}]/u.test(input) && !URL.canParse(input)) return input;
  // What messages quote: never user:password@ or a query string, which may hold a key.
  const shown = input.replace(/\/\/[^/?#]*@/, "//***@").replace(/[?#][^]*$/, "?…");
  const length = [...input].length;
  if (length > MAX_API_BASE) {
    throw new BadUserInputError(`${what} ${show(shown, 40)} is ${length} characters long; at most ${MAX_API_BASE} are accepted`, { field: what });
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new BadUserInputError(`${what} ${show(shown)} is not an absolute URL; expected e.g. "https://api.example.com/v1", or os.environ/NAME to read it from the server's environment`, { field: what });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BadUserInputError(`${what} ${show(shown)} uses ${url.protocol.replace(/:$/, "")}; only http and https are accepted`, { field: what });
  }
  if (url.username || url.password || shown !== input.replace(/[?#][^]*$/, "?…")) {
    const redacted = `${url.protocol}//***@${url.host}${url.pathname}`;
    throw new BadUserInputError(`${what} ${show(redacted)} must not contain credentials (user:password@); set the key through apiKeyEnv instead`, {
      field: what,
    });
  }
  if (url.search || url.hash || /[?#]/.test(input)) {
    throw new BadUserInputError(`${what} ${show(url.origin + url.pathname)} must not have a query string or fragment; keys belong in apiKeyEnv`, {
      field: what,
    });
  }
  // The parser accepted it, possibly by repairing it: refuse what it would have changed silently.
  if (input.includes("\\")) {
    throw new BadUserInputError(`${what} ${show(shown)} contains a backslash; write the URL with forward slashes, e.g. "https://api.example.com/v1"`, { field: what });
  }
  const bad = /[\s\p{Cc}\p{Cf}]/u.exec(input)?.[0];
  if (bad) {
    throw new BadUserInputError(`${what} ${show(shown)} contains ${codePointLabel(bad)} (whitespace, control or invisible); percent-encode it or remove it`, { field: what });
  }
  if (!/^https?:\/\/[^/]/i.test(input)) {
    throw new BadUserInputError(`${what} ${show(shown)} is not written as "${url.protocol}//host/path"; expected e.g. "${url.protocol}//api.example.com/v1"`, { field: what });
  }
  // A bare origin keeps no path: WHATWG would add "/", and "https://host" was what was meant.
  const hasPath = /^https?:\/\/[^/]+\//i.test(input);
  return url.pathname === "/" && !hasPath ? url.href.slice(0, -1) : url.href;
}

/** The origin (scheme, host, port) an API base sends requests to; the value itself if it is no URL. */
export function originOf(apiBase: string): string {
  try {
    return new URL(apiBase.trim()).origin;
  } catch {
    return apiBase;
  }
}

/** Variables the server reads for itself: no provider may name one as its key (one list; config.ts reads them). */
export const SERVER_ENV_PREFIX = "MODELGRAPH_";
export const SERVER_ENV_NAMES: readonly string[] = ["PORT", "HOST", "NODE_ENV"];

/** A part of a variable name that says it holds a credential: OPENAI_API_KEY_2, HF_TOKEN, AZURE_OPENAI_KEY, LANGFUSE_SECRET. */
const CREDENTIAL_PART = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/;

/** An environment variable name; LiteLLM's "os.environ/NAME" form is accepted and reduced to NAME. */
export function validateApiKeyEnv(value: string): string {
  const name = value.startsWith("os.environ/") ? value.slice("os.environ/".length) : value;
  if (!ENV_NAME_PATTERN.test(name)) {
    throw new BadUserInputError(
      `apiKeyEnv ${show(value)} is not an environment variable name of upper-case letters, digits and '_' (at most 128); expected e.g. "OPENAI_API_KEY" or "os.environ/OPENAI_API_KEY"`,
      { field: "apiKeyEnv" },
    );
  }
  return name;
}

/**
 * Whether a provider may read its key from variable `name` (already through validateApiKeyEnv):
 * never one of modelgraph's own settings; else a declared key variable of a built-in type, a name
 * with a part ending in KEY, TOKEN, SECRET, PASSWORD or CREDENTIALS, or a name in a built-in
 * provider's family (first part of its key variable: AZURE_GPT_4O, FIREWORKS). Throws otherwise.
 * `declared`: the built-in types' key variables.
 */
export function checkKeyEnvAllowed(name: string, declared: readonly string[]): string {
  if (name.startsWith(SERVER_ENV_PREFIX) || SERVER_ENV_NAMES.includes(name)) {
    throw new BadUserInputError(
      `apiKeyEnv ${show(name)} names one of modelgraph's own settings (${SERVER_ENV_PREFIX}*, ${SERVER_ENV_NAMES.join(", ")}); a provider key must live in a variable of its own, e.g. "OPENAI_API_KEY"`,
      { field: "apiKeyEnv" },
    );
  }
  if (declared.includes(name)) return name;
  const parts = name.split("_");
  if (parts.some((p) => CREDENTIAL_PART.test(p))) return name;
  const families = new Set(declared.map((d) => d.split("_")[0]!));
  if (families.has(parts[0]!)) return name;
  throw new BadUserInputError(
    `apiKeyEnv ${show(name)} does not look like a key variable; accepted: a built-in type's key variable (e.g. "OPENAI_API_KEY"), a name with a part ending in KEY, TOKEN, SECRET, PASSWORD or CREDENTIALS (e.g. "AZURE_API_KEY_EU", "HF_TOKEN"), or a name starting with a built-in provider's family (e.g. "AZURE_GPT_4O")`,
    { field: "apiKeyEnv" },
  );
}

/**
 * Free text (descriptions, display names): at most `max` characters of well-formed text. An empty
 * string means "none" and is stored as null, so exports and imports agree on it.
 */
export function validateText(value: string | null | undefined, what: string, max: number): string | null {
  if (value == null || value === "") return null;
  if (value.length > max) {
    throw new BadUserInputError(`${what} is ${value.length} characters long; at most ${max} are accepted`, { field: what });
  }
  if (!value.isWellFormed()) {
    throw new BadUserInputError(`${what} contains an unpaired surrogate, which is not text; send well-formed UTF-16 (a JSON string with a lone \\uD800 is not)`, {
      field: what,
    });
  }
  return value;
}

export function validateDescription(value: string | null | undefined): string | null {
  return validateText(value, "description", MAX_DESCRIPTION);
}

export const MAX_DISPLAY_NAME = 256;

export function validateDisplayName(value: string | null | undefined): string | null {
  return validateText(value, "displayName", MAX_DISPLAY_NAME);
}

export function validateIntRange(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${what} ${value} is out of range; accepted: an integer from ${min} to ${max}`, { field: what });
  }
  return value;
}

export function validateOptionalPositive(value: number | null | undefined, what: string): number | null {
  if (value == null) return null;
  return validateIntRange(value, what, 1, 2_000_000_000);
}
