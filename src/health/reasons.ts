/**
 * The only reasons a probe stores. Each is built from the HTTP status, Node's own error code, the
 * configured URL (redacted) and modelgraph's own words: never from anything an upstream wrote
 * (body, status text, headers, redirect locations, certificate names). An upstream can echo a key in
 * an encoding no redaction anticipates, or be an internal service whose error page a writer wants
 * to read through a probe; a fixed reason leaves it nothing to say.
 */
import { plainText } from "./redact.ts";

/** What an HTTP status means, in fixed words. */
export function statusPhrase(status: number): string {
  switch (status) {
    case 400:
      return "bad request";
    case 401:
    case 403:
      return "authentication failed";
    case 404:
      return "not found (is the API base right?)";
    case 405:
      return "method not allowed";
    case 408:
      return "request timeout";
    case 429:
      return "rate limited";
    case 500:
      return "server error";
    case 501:
      return "not implemented";
    case 502:
      return "bad gateway";
    case 503:
      return "service unavailable";
    case 504:
      return "gateway timeout";
  }
  if (status >= 400 && status < 500) return "client error";
  if (status >= 500 && status < 600) return "server error";
  return "unexpected status";
}

/** `HTTP 503 from http://host/v1/models: service unavailable` (`where` is already redacted). */
export function statusReason(status: number, where: string): string {
  return `HTTP ${status} from ${where}: ${statusPhrase(status)}`;
}

/** Node's error codes are identifiers; anything else in that slot is not shown. */
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * A network failure in fixed words, from the error's name and Node's code only: messages are
 * never used (a TLS altname error quotes the certificate, a parse error can quote the answer).
 */
export function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: unknown; cause?: { code?: unknown; name?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || e?.cause?.name === "TimeoutError") return `no answer within ${timeoutMs} ms (timeout)`;
  const raw = e?.cause?.code ?? e?.code;
  const code = typeof raw === "string" && CODE.test(raw) ? raw : undefined;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found (DNS)";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") return "connection reset by the upstream";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return `no answer within ${timeoutMs} ms (timeout)`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "host unreachable";
  if (code?.startsWith("HPE_")) return `malformed HTTP answer (${code})`;
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT") || code?.startsWith("ERR_SSL")) return `TLS error (${code})`;
  return code ? `request failed (${code})` : "request failed";
}

/** Longest reason stored; the fixed ones are far shorter, this bounds the configured URL in them. */
export const MAX_REASON = 500;

/*
 * Reasons written before reasons were fixed quoted the upstream: up to 200 characters of its body
 * after "HTTP nnn at <url>: ", an exception message after "request failed: ", the redirect target
 * after "to another host, ". Rows like that stay in upgraded databases (the current row until the
 * next probe, history for days), so they are rewritten as they are read.
 */
const LEGACY_STATUS = /^HTTP (\d{3}) at (\S+?)(?::\s[\s\S]*)?$/;
const LEGACY_NETWORK = /^request failed: [\s\S]*?( \(\S+\))?$/;
const LEGACY_REDIRECT = /^redirected \(HTTP (\d{3})\) to another host, [\s\S]*?( \(\S+\))?$/;

/** A stored reason as it may be shown: legacy upstream text dropped, no control characters, bounded. */
export function shownReason(error: string | null): string | null {
  if (error === null) return null;
  let out = error;
  const status = LEGACY_STATUS.exec(out);
  if (status) out = statusReason(Number(status[1]), status[2]!);
  else {
    const network = LEGACY_NETWORK.exec(out);
    if (network) out = `request failed${network[1] ?? ""}`;
    else {
      const redirect = LEGACY_REDIRECT.exec(out);
      if (redirect) out = `redirected (HTTP ${redirect[1]}) to another host; not followed${redirect[2] ?? ""}`;
    }
  }
  out = plainText(out);
  return out.length > MAX_REASON ? out.slice(0, MAX_REASON) + "…" : out;
}
