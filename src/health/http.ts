import { networkReason } from "./reasons.ts";

export interface HttpOptions {
  timeoutMs: number;
  /** Bodies larger than this are not read to the end. */
  maxBytes: number;
  /** Called once per HTTP request actually sent (redirect hops included). */
  onRequest?: () => void;
}

export type HttpResult =
  | { kind: "response"; status: number; body: string; latencyMs: number }
  | { kind: "failure"; reason: string; latencyMs: number };

const MAX_REDIRECTS = 3;

function parseLocation(location: string, base: string): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
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
 * only within the same origin (a key is never sent to another host). Never throws. A failure's
 * reason is fixed text: nothing the upstream sent (status text, headers, a redirect's target) is
 * put in it, and the body is for the caller to parse, never to quote.
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
        const next = parseLocation(response.headers.get("location")!, current);
        if (next === null) return { kind: "failure", reason: `redirected (HTTP ${response.status}) to an unparseable location; not followed`, latencyMs: elapsed() };
        // The target is not named: a host like "<the key, lower-cased>.attacker.example" would publish it.
        if (next.origin !== new URL(current).origin) {
          return { kind: "failure", reason: `redirected (HTTP ${response.status}) to another host; not followed`, latencyMs: elapsed() };
        }
        if (hop >= MAX_REDIRECTS) return { kind: "failure", reason: `more than ${MAX_REDIRECTS} redirects`, latencyMs: elapsed() };
        current = next.href;
        continue;
      }
      const text = await readCapped(response, options.maxBytes);
      if (text === null) {
        return { kind: "failure", reason: `answer larger than ${options.maxBytes} bytes (HTTP ${response.status}); not read`, latencyMs: elapsed() };
      }
      return { kind: "response", status: response.status, body: text, latencyMs: elapsed() };
    }
  } catch (error) {
    return { kind: "failure", reason: networkReason(error, options.timeoutMs), latencyMs: elapsed() };
  }
}
