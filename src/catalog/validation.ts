import { BadUserInputError } from "../graphql/errors.ts";

export const MAX_PUBLIC_NAME = 256;
export const MAX_MODEL = 512;
export const MAX_DESCRIPTION = 4000;
export const PROVIDER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
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
  const code = "U+" + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  if (/\p{Cs}/u.test(ch)) return `an unpaired surrogate (${code}), which is not text`;
  return /\s/u.test(ch) ? `whitespace (${code})` : `a control or invisible character (${code})`;
}

/** A group or alias name: 1–256 characters, no whitespace or control characters; case-sensitive. */
export function validatePublicName(value: string, what = "name"): string {
  const length = [...value].length;
  if (length === 0) {
    throw new BadUserInputError(`${what} must not be empty; use 1–${MAX_PUBLIC_NAME} characters without whitespace`, {
      field: what,
    });
  }
  if (length > MAX_PUBLIC_NAME) {
    throw new BadUserInputError(
      `${what} ${show(value, 40)} is ${length} characters long; at most ${MAX_PUBLIC_NAME} are accepted`,
      { field: what },
    );
  }
  if (FORBIDDEN_IN_NAMES.test(value)) {
    throw new BadUserInputError(
      `${what} ${show(value)} contains ${describeForbidden(value)}; names may not contain whitespace or control characters`,
      { field: what },
    );
  }
  return value;
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
  return value;
}

/**
 * An API base: an absolute http(s) URL. Credentials and query strings are refused because they
 * would be stored and shown in clear; keys belong in apiKeyEnv.
 */
export function validateApiBase(value: string, what = "apiBase"): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadUserInputError(`${what} ${show(value)} is not an absolute URL; expected e.g. "https://api.example.com/v1"`, { field: what });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BadUserInputError(`${what} ${show(value)} uses ${url.protocol.replace(/:$/, "")}; only http and https are accepted`, { field: what });
  }
  if (url.username || url.password) {
    const redacted = `${url.protocol}//***@${url.host}${url.pathname}`;
    throw new BadUserInputError(`${what} ${show(redacted)} must not contain credentials (user:password@); set the key through apiKeyEnv instead`, {
      field: what,
    });
  }
  if (url.search || url.hash) {
    throw new BadUserInputError(`${what} ${show(url.origin + url.pathname)} must not have a query string or fragment; keys belong in apiKeyEnv`, {
      field: what,
    });
  }
  return value;
}

/** An environment variable name; LiteLLM's "os.environ/NAME" form is accepted and reduced to NAME. */
export function validateApiKeyEnv(value: string): string {
  const name = value.startsWith("os.environ/") ? value.slice("os.environ/".length) : value;
  if (!ENV_NAME_PATTERN.test(name)) {
    throw new BadUserInputError(
      `apiKeyEnv ${show(value)} is not an environment variable name; expected e.g. "OPENAI_API_KEY" or "os.environ/OPENAI_API_KEY"`,
      { field: "apiKeyEnv" },
    );
  }
  return name;
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
