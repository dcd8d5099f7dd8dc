import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** What a request may do: admin (read and write), read, or nothing but the open routes. */
export type AccessLevel = "admin" | "read" | "none";

export interface AccessPolicy {
  adminToken: string | undefined;
  readToken: string | undefined;
  /** The server listens on loopback addresses only. */
  loopbackOnly: boolean;
}

/** 127.0.0.0/8, ::1 and localhost: nobody but this machine can reach the server. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1" || /^::ffff:127\./i.test(bare);
  return false;
}

/** Compares in constant time (hashing first makes the lengths equal too). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function accessLevel(authorization: string | undefined, policy: AccessPolicy): AccessLevel {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const token = match?.[1];
  if (token !== undefined) {
    // Both comparisons always run, so timing says nothing about which token matched.
    const admin = policy.adminToken !== undefined && sameSecret(token, policy.adminToken);
    const read = policy.readToken !== undefined && sameSecret(token, policy.readToken);
    if (admin) return "admin";
    if (read) return "read";
  }
  return "none";
}

export function canRead(level: AccessLevel, policy: AccessPolicy): boolean {
  return policy.readToken === undefined || level !== "none";
}

/** null when the request may write; else why not, and how to fix it. */
export function writeRefusal(level: AccessLevel, policy: AccessPolicy): string | null {
  if (policy.adminToken !== undefined) {
    return level === "admin" ? null : "this operation writes: send Authorization: Bearer <MODELGRAPH_ADMIN_TOKEN>";
  }
  if (policy.loopbackOnly) return null;
  return (
    "writes are disabled: this server listens beyond loopback and MODELGRAPH_ADMIN_TOKEN is not set; " +
    "set MODELGRAPH_ADMIN_TOKEN on the server and send Authorization: Bearer <token>"
  );
}

export const READ_REFUSAL = "this server requires a token to read: send Authorization: Bearer <MODELGRAPH_READ_TOKEN> (or the admin token)";

/** Apollo Studio, and the embedded Sandbox's iframe (the landing page loads it from this origin). */
export const APOLLO_ORIGINS = ["https://studio.apollographql.com", "https://sandbox.embed.apollographql.com"];

/** 0.0.0.0, ::, or an empty host: every interface, so any IP literal reaches the server. */
export function isWildcardHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return bare === "" || bare === "0.0.0.0" || bare === "::" || bare === "0:0:0:0:0:0:0:0";
}

export interface BrowserPolicy {
  /** The configured listen address (HOST). */
  listenHost: string;
  /** The port actually listened on (PORT=0 picks one); undefined before listen. */
  port: () => number | undefined;
  /** MODELGRAPH_ALLOWED_HOSTS: Host values (name, or name:port) accepted beside ours; true: any. */
  allowedHosts: true | string[];
  /** MODELGRAPH_CORS_ORIGINS; "default": Apollo's origins only (our own is always allowed). */
  corsOrigins: "default" | true | string[];
}

/** Splits a Host header into a lower-case name (IPv6 without brackets) and an optional port. */
function splitHost(value: string): { name: string; port: string | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]*)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase().replace(/^\[|\]$/g, ""), port: match[2] };
}

/**
 * null when the Host header names this server; else why not and how to allow it. Against DNS
 * rebinding: a page on evil.example whose name now resolves to 127.0.0.1 still sends
 * `Host: evil.example`. Accepted: localhost (any port), the listen address, any IP literal when
 * listening on every interface, and MODELGRAPH_ALLOWED_HOSTS. No Host at all (HTTP/1.0) is
 * not a browser.
 */
export function hostRefusal(host: string | undefined, policy: BrowserPolicy): string | null {
  if (host === undefined || policy.allowedHosts === true) return null;
  // Asked on every request, nearly always with the same few values: decided once per value.
  let known = hostDecisions.get(policy);
  if (!known) hostDecisions.set(policy, (known = new Map()));
  const decided = known.get(host);
  if (decided !== undefined) return decided;
  const refusal = decideHost(host, policy);
  if (known.size >= MAX_HOST_DECISIONS) known.clear();
  known.set(host, refusal);
  return refusal;
}

/** Host values remembered per policy (a client sending random ones only empties the memo). */
const MAX_HOST_DECISIONS = 256;
const hostDecisions = new WeakMap<BrowserPolicy, Map<string, string | null>>();

/** hostRefusal's decision; it depends on the Host and the policy's fixed fields only (not the port). */
function decideHost(host: string, policy: BrowserPolicy): string | null {
  if (policy.allowedHosts === true) return null;
  const parts = splitHost(host);
  if (parts) {
    const { name } = parts;
    if (name === "localhost" || name.endsWith(".localhost")) return null;
    if (name === policy.listenHost.toLowerCase().replace(/^\[|\]$/g, "")) return null;
    if (isIP(name) !== 0 && (isWildcardHost(policy.listenHost) || isLoopbackHost(name) && isLoopbackHost(policy.listenHost))) return null;
    const lower = host.trim().toLowerCase();
    if (policy.allowedHosts.some((allowed) => allowed === lower || allowed === name || allowed.replace(/^\[|\]$/g, "") === name)) return null;
  }
  return (
    `Host ${JSON.stringify(host)} is not a name of this server; ` +
    `add it to MODELGRAPH_ALLOWED_HOSTS (comma-separated host names, for a reverse proxy or a DNS name) to accept it`
  );
}

/**
 * Whether a browser origin may read our answers (CORS) and write without the admin token: our
 * own origin (the page was served by this server: its host is the request's accepted Host, or
 * localhost/loopback on our port), Apollo's origins by default, or MODELGRAPH_CORS_ORIGINS.
 */
export function originAllowed(origin: string, host: string | undefined, policy: BrowserPolicy): boolean {
  if (policy.corsOrigins === true) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (host !== undefined && url.host === host.trim().toLowerCase() && hostRefusal(host, policy) === null) return true;
  const port = policy.port();
  const name = url.hostname.replace(/^\[|\]$/g, "");
  if (port !== undefined && url.protocol === "http:" && Number(url.port || 80) === port && (name === "localhost" || isLoopbackHost(name))) return true;
  const allowed = policy.corsOrigins === "default" ? APOLLO_ORIGINS : policy.corsOrigins;
  return allowed.includes(url.origin);
}

export function originRefusal(origin: string): string {
  return (
    `this operation writes and comes from the browser origin ${JSON.stringify(origin)}, which is not allowed to write: ` +
    `send Authorization: Bearer <MODELGRAPH_ADMIN_TOKEN>, or add the origin to MODELGRAPH_CORS_ORIGINS on the server`
  );
}

/** A request URL's path, without the query string (which can carry secrets, `?api_key=`, and must not reach a log or a route match). */
export function pathOf(url: string | undefined): string {
  const at = (url ?? "").indexOf("?");
  return at === -1 ? (url ?? "") : url!.slice(0, at);
}
