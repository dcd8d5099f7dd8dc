import { redact, redactUrl } from "./redact.ts";

export interface HttpOptions {
  timeoutMs: number;
  /** Bodies larger than this are not read to the end. */
  maxBytes: number;
  /** Values to scrub from any error text. */
  secrets: readonly (string | undefined)[];
  /** Called once per HTTP request actually sent (redirect hops included). */
  onRequest?: () => void;
}

export type HttpResult =
  | { kind: "response"; status: number; body: string; latencyMs: number; url: string }
  | { kind: "failure"; reason: string; latencyMs: number };

const MAX_REDIRECTS = 3;

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no answer within ${timeoutMs} ms (timeout)`;
  const code = e?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found (DNS)";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset by the upstream";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return `no answer within ${timeoutMs} ms (timeout)`;
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS error (${code})`;
  return `request failed: ${e?.cause?.message ?? e?.message ?? String(error)}`;
}

/** Reads at most `maxBytes` of a body; null when it is larger. */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * One HTTP exchange with a deadline covering headers and body, a size cap, and redirects followed
 * only within the same origin (a key is never sent to another host). Never throws.
 */
export async function httpRequest(
  method: "GET" | "POST",
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  options: HttpOptions,
): Promise<HttpResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  const elapsed = () => Math.round(performance.now() - started);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      options.onRequest?.();
      const response = await fetch(current, { method, headers, body, redirect: "manual", signal });
      if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
        await response.body?.cancel();
        const next = new URL(response.headers.get("location")!, current);
        if (next.origin !== new URL(current).origin) {
          return { kind: "failure", reason: `redirected (HTTP ${response.status}) to another host, ${next.host}; not followed`, latencyMs: elapsed() };
        }
        if (hop >= MAX_REDIRECTS) return { kind: "failure", reason: `more than ${MAX_REDIRECTS} redirects`, latencyMs: elapsed() };
        current = next.href;
        continue;
      }
      const text = await readCapped(response, options.maxBytes);
      if (text === null) {
        return { kind: "failure", reason: `answer larger than ${options.maxBytes} bytes (HTTP ${response.status}); not read`, latencyMs: elapsed() };
      }
      return { kind: "response", status: response.status, body: text, latencyMs: elapsed(), url: redactUrl(current) };
    }
  } catch (error) {
    return { kind: "failure", reason: redact(describeNetworkError(error, options.timeoutMs), options.secrets), latencyMs: elapsed() };
  }
}
