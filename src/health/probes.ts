import type { ApiStyle } from "../catalog/provider-types.ts";
import { httpRequest, type HttpOptions, type HttpResult } from "./http.ts";
import { statusReason } from "./reasons.ts";
import { redactUrl } from "./redact.ts";
import { HealthStatus } from "./status.ts";

export interface Endpoint {
  style: ApiStyle;
  /** Effective API base, as configured. */
  base: string;
  key: string | undefined;
  /** For messages: the variable the key comes from. */
  keyEnv: string;
  /** Why a configured key could not be used (e.g. a wrong master key). */
  keyProblem?: string;
}

/** What one probe found: a list of served models, or a status that applies to every upstream. */
export type ListOutcome =
  | { ok: true; models: ReadonlySet<string> | null; latencyMs: number; total: number }
  | { ok: false; status: HealthStatus; error: string; latencyMs: number };

export interface UpstreamVerdict {
  status: HealthStatus;
  latencyMs: number | null;
  error: string | null;
}

const AZURE_API_VERSION = "2024-06-01";

function join(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}

/** Headers carrying the key the way each API family expects it. */
export function authHeaders(endpoint: Endpoint): Record<string, string> {
  const h: Record<string, string> = { accept: "application/json", "user-agent": "modelgraph-health/1" };
  const key = endpoint.key;
  switch (endpoint.style) {
    case "anthropic":
      h["anthropic-version"] = "2023-06-01";
      if (key) h["x-api-key"] = key;
      break;
    case "gemini":
      if (key) h["x-goog-api-key"] = key;
      break;
    case "azure":
      if (key) h["api-key"] = key;
      break;
    default:
      if (key) h.authorization = `Bearer ${key}`;
  }
  return h;
}

/** The list route of an API style, or null where it has none. */
export function listUrl(endpoint: Endpoint): string | null {
  switch (endpoint.style) {
    case "openai":
      return join(endpoint.base, "/models");
    case "anthropic":
      return join(endpoint.base, "/v1/models");
    case "gemini":
      return join(endpoint.base, "/v1beta/models?pageSize=1000");
    case "ollama":
      return join(endpoint.base, "/api/tags");
    case "azure":
      return join(endpoint.base, `/openai/models?api-version=${AZURE_API_VERSION}`);
    case "none":
      return null;
  }
}

/**
 * Maps a non-2xx answer (or a network failure) to a status and a fixed reason: the status code,
 * what it means and the configured URL. The body is never quoted: an upstream can echo the key in
 * any encoding, and an internal service's error page must not be readable through a probe.
 */
function failure(result: HttpResult, endpoint: Endpoint, url: string): { status: HealthStatus; error: string } {
  const where = redactUrl(url);
  if (result.kind === "failure") return { status: HealthStatus.UNHEALTHY, error: `${result.reason} (${where})` };
  if (result.status === 429) return { status: HealthStatus.DEGRADED, error: statusReason(429, where) };
  if (result.status === 401 || result.status === 403) {
    const hint = endpoint.key ? `the key in ${endpoint.keyEnv} was refused` : (endpoint.keyProblem ?? `no key: ${endpoint.keyEnv} is not set`);
    return { status: HealthStatus.UNHEALTHY, error: `${statusReason(result.status, where)}; ${hint}` };
  }
  return { status: HealthStatus.UNHEALTHY, error: statusReason(result.status, where) };
}

/** Extracts model ids from a list answer; null if the shape is not the style's. */
function modelIds(style: ApiStyle, json: unknown): string[] | null {
  const obj = json as Record<string, unknown> | null;
  if (!obj || typeof obj !== "object") return null;
  const ids = (list: unknown, ...fields: string[]) =>
    Array.isArray(list)
      ? list.flatMap((m) => fields.map((f) => (m && typeof m === "object" ? (m as Record<string, unknown>)[f] : undefined)).filter((v): v is string => typeof v === "string"))
      : null;
  switch (style) {
    case "gemini": {
      const names = ids(obj.models, "name");
      return names && names.flatMap((n) => [n, n.replace(/^models\//, "")]);
    }
    case "ollama": {
      const names = ids(obj.models, "name", "model");
      return names && names.flatMap((n) => [n, n.replace(/:latest$/, "")]);
    }
    default:
      return ids(obj.data, "id");
  }
}

/** One list request for an endpoint; its answer decides every upstream on it. */
export async function probeList(endpoint: Endpoint, http: HttpOptions): Promise<ListOutcome> {
  const url = listUrl(endpoint)!;
  const result = await httpRequest("GET", url, authHeaders(endpoint), undefined, http);
  if (result.kind === "failure" || result.status < 200 || result.status >= 300) {
    return { ok: false, ...failure(result, endpoint, url), latencyMs: result.latencyMs };
  }
  const bad = (why: string): ListOutcome => ({ ok: false, status: HealthStatus.UNHEALTHY, error: `malformed answer from ${redactUrl(url)}: ${why}`, latencyMs: result.latencyMs });
  if (result.body.trim() === "") return bad("empty body");
  let json: unknown;
  try {
    json = JSON.parse(result.body);
  } catch {
    return bad("not JSON");
  }
  const ids = modelIds(endpoint.style, json);
  if (ids === null) return bad(endpoint.style === "gemini" || endpoint.style === "ollama" ? "no models[] list" : "no data[] list");
  // Azure lists base models, not the deployment names LiteLLM routes to: reachability is the check.
  const models = endpoint.style === "azure" ? null : new Set(ids);
  return { ok: true, models, latencyMs: result.latencyMs, total: ids.length };
}

/** What a list outcome means for one upstream model on the endpoint. */
/** `o1-*` as a whole-string matcher: each `*` any run of characters, everything else literal. */
export function wildcardMatcher(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*")}$`);
}

export function verdictFor(outcome: ListOutcome, model: string, slowMs: number, base: string): UpstreamVerdict {
  if (!outcome.ok) return { status: outcome.status, latencyMs: outcome.latencyMs, error: outcome.error };
  if (outcome.models && model.includes("*")) {
    // A wildcard route's deployment (`*`, `o1-*`): the endpoint serves it when one listed model matches.
    const matcher = wildcardMatcher(model);
    if (model !== "*" && ![...outcome.models].some((m) => matcher.test(m))) {
      return {
        status: HealthStatus.UNHEALTHY,
        latencyMs: outcome.latencyMs,
        error: `no model matching ${JSON.stringify(model)} is served at ${redactUrl(base)} (none among the ${outcome.total} models it lists)`,
      };
    }
  } else if (outcome.models && !outcome.models.has(model)) {
    return {
      status: HealthStatus.UNHEALTHY,
      latencyMs: outcome.latencyMs,
      error: `model ${JSON.stringify(model)} is not served at ${redactUrl(base)} (not among the ${outcome.total} models it lists)`,
    };
  }
  if (outcome.latencyMs > slowMs) {
    return { status: HealthStatus.DEGRADED, latencyMs: outcome.latencyMs, error: `slow: answered in ${outcome.latencyMs} ms (threshold ${slowMs} ms)` };
  }
  return { status: HealthStatus.HEALTHY, latencyMs: outcome.latencyMs, error: null };
}

/** A 1-token completion, for endpoints without a list route; null where the style has no such call. */
export async function probeCompletion(endpoint: Endpoint, model: string, slowMs: number, http: HttpOptions): Promise<UpstreamVerdict | null> {
  let url: string;
  let body: object;
  switch (endpoint.style) {
    case "openai":
      url = join(endpoint.base, "/chat/completions");
      body = { model, max_tokens: 1, messages: [{ role: "user", content: "ping" }] };
      break;
    case "anthropic":
      url = join(endpoint.base, "/v1/messages");
      body = { model, max_tokens: 1, messages: [{ role: "user", content: "ping" }] };
      break;
    case "ollama":
      url = join(endpoint.base, "/api/generate");
      body = { model, prompt: "ping", stream: false, options: { num_predict: 1 } };
      break;
    case "gemini":
      url = join(endpoint.base, `/v1beta/models/${encodeURIComponent(model.replace(/^models\//, ""))}:generateContent`);
      body = { contents: [{ parts: [{ text: "ping" }] }], generationConfig: { maxOutputTokens: 1 } };
      break;
    default:
      return null;
  }
  const headers = { ...authHeaders(endpoint), "content-type": "application/json" };
  const result = await httpRequest("POST", url, headers, JSON.stringify(body), http);
  if (result.kind === "failure" || result.status < 200 || result.status >= 300) {
    return { ...failure(result, endpoint, url), latencyMs: result.latencyMs };
  }
  try {
    JSON.parse(result.body);
  } catch {
    return { status: HealthStatus.UNHEALTHY, latencyMs: result.latencyMs, error: `malformed answer from ${redactUrl(url)}: not JSON` };
  }
  if (result.latencyMs > slowMs) {
    return { status: HealthStatus.DEGRADED, latencyMs: result.latencyMs, error: `slow: answered in ${result.latencyMs} ms (threshold ${slowMs} ms)` };
  }
  return { status: HealthStatus.HEALTHY, latencyMs: result.latencyMs, error: null };
}
