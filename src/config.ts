import type { HealthSettings } from "./health/checker.ts";
import { DEFAULT_MAX_FIELDS, DEFAULT_MAX_RESPONSE_BYTES } from "./api/graphql/limits.ts";

/**
 * The one place that reads process.env: every setting validated and typed here, so a bad value
 * fails at start-up with a message naming the variable, the value and what is accepted.
 */
export interface Config {
  port: number;
  host: string;
  dbPath: string;
  adminToken: string | undefined;
  readToken: string | undefined;
  secretKey: string | undefined;
  /** Seconds between background health sweeps; 0 turns the sweeper off. */
  healthIntervalSec: number;
  /** Stored health older than this reads as UNKNOWN. */
  healthStaleAfterSec: number;
  health: HealthSettings & { historyRetentionMs: number; historyMaxPerUpstream: number };
  production: boolean;
  /**
   * Browser origins allowed to read (CORS) and to write without the admin token, beside the
   * server's own origin. `"default"`: Apollo Sandbox/Studio only; `true`: any (`*`, explicit).
   */
  corsOrigins: "default" | true | string[];
  /** Host header values accepted beside the listen address and localhost (reverse proxies); `true`: any. */
  allowedHosts: true | string[];
  /** Connection limits (finding: slow bodies exhausted file descriptors). */
  http: {
    /** Open connections in total; more are closed on accept. */
    maxConnections: number;
    /** Open connections from one client address. */
    maxConnectionsPerClient: number;
    /** Listen backlog (connections waiting to be accepted). */
    backlog: number;
    /** Body limit for requests that may not write (anonymous, read token); writers get limits.bodyLimitBytes. */
    readBodyLimitBytes: number;
    /** Lexical tokens in one GraphQL document. */
    maxTokens: number;
    /** Open subscription WebSockets (they also count as connections). */
    maxSubscriptionSockets: number;
    /** Largest WebSocket message a client may send; a larger one closes the socket (1009). */
    maxSubscriptionMessageBytes: number;
  };
  logLevel: string;
  /** GraphQL introspection (default: on outside production). */
  introspection: boolean;
  /** Days of change history kept (MODELGRAPH_HISTORY_DAYS, default 90). */
  historyDays: number;
  limits: {
    maxDepth: number;
    maxCost: number;
    /** Operations in one batched HTTP request. */
    maxBatch: number;
    bodyLimitBytes: number;
    /** Deadline for receiving a request (headers and body); the socket is closed after it. */
    requestTimeoutMs: number;
    /** Fields and list items executed per HTTP request at most (run-time cap behind the cost check). */
    maxFields: number;
    /** Estimated answer bytes per HTTP request at most. */
    maxResponseBytes: number;
  };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not accepted: expected an integer from ${min} to ${max}`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name}=${JSON.stringify(env[name])} is not accepted: expected true or false`);
}

/** A comma-separated list; `*` alone means any. */
function list(env: Env, name: string): true | string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (raw === "*") return true;
  return raw.split(",").map((item) => item.trim()).filter(Boolean);
}

function origins(env: Env): Config["corsOrigins"] {
  const value = list(env, "MODELGRAPH_CORS_ORIGINS");
  if (value === undefined) return "default";
  if (value === true) return true;
  for (const origin of value) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, "")) {
      throw new ConfigError(
        `MODELGRAPH_CORS_ORIGINS entry ${JSON.stringify(origin)} is not accepted: expected origins such as https://app.example.com or http://localhost:3000 (scheme, host, optional port; no path), comma-separated, or *`,
      );
    }
  }
  return value.map((origin) => new URL(origin).origin);
}

function hosts(env: Env): Config["allowedHosts"] {
  const value = list(env, "MODELGRAPH_ALLOWED_HOSTS");
  if (value === undefined) return [];
  if (value === true) return true;
  for (const host of value) {
    if (!/^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host)) {
      throw new ConfigError(
        `MODELGRAPH_ALLOWED_HOSTS entry ${JSON.stringify(host)} is not accepted: expected host names as sent in the Host header (models.example.com, models.example.com:8443, [::1]), comma-separated, or *`,
      );
    }
  }
  return value.map((host) => host.toLowerCase());
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export function loadConfig(env: Env = process.env): Config {
  const logLevel = env.MODELGRAPH_LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`MODELGRAPH_LOG_LEVEL=${JSON.stringify(logLevel)} is not accepted: expected one of ${LOG_LEVELS.join(", ")}`);
  }
  return {
    port: integer(env, "PORT", 4000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    dbPath: env.MODELGRAPH_DB || "./data/modelgraph.db",
    adminToken: env.MODELGRAPH_ADMIN_TOKEN || undefined,
    readToken: env.MODELGRAPH_READ_TOKEN || undefined,
    secretKey: env.MODELGRAPH_SECRET_KEY || undefined,
    healthIntervalSec: integer(env, "MODELGRAPH_HEALTH_INTERVAL", 300, 0, 86_400),
    healthStaleAfterSec: integer(env, "MODELGRAPH_HEALTH_STALE_AFTER", 1800, 1, 30 * 86_400),
    health: {
      timeoutMs: integer(env, "MODELGRAPH_HEALTH_TIMEOUT_MS", 10_000, 100, 300_000),
      slowMs: integer(env, "MODELGRAPH_HEALTH_SLOW_MS", 2_000, 1, 300_000),
      freshForMs: integer(env, "MODELGRAPH_HEALTH_FRESH_FOR", 60, 0, 86_400) * 1000,
      concurrency: integer(env, "MODELGRAPH_HEALTH_CONCURRENCY", 16, 1, 1024),
      perProviderConcurrency: integer(env, "MODELGRAPH_HEALTH_PROVIDER_CONCURRENCY", 4, 1, 1024),
      maxBodyBytes: integer(env, "MODELGRAPH_HEALTH_MAX_BODY_BYTES", 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
      leaseMs: integer(env, "MODELGRAPH_HEALTH_LEASE_MS", 30_000, 1_000, 3_600_000),
      historyRetentionMs: integer(env, "MODELGRAPH_HEALTH_HISTORY_DAYS", 7, 1, 365) * 86_400_000,
      historyMaxPerUpstream: integer(env, "MODELGRAPH_HEALTH_HISTORY_MAX", 5_000, 10, 1_000_000),
    },
    production: env.NODE_ENV === "production",
    corsOrigins: origins(env),
    allowedHosts: hosts(env),
    http: {
      maxConnections: integer(env, "MODELGRAPH_MAX_CONNECTIONS", 1024, 1, 1_000_000),
      maxConnectionsPerClient: integer(env, "MODELGRAPH_MAX_CONNECTIONS_PER_CLIENT", 256, 1, 1_000_000),
      backlog: integer(env, "MODELGRAPH_LISTEN_BACKLOG", 511, 1, 65_535),
      readBodyLimitBytes: integer(env, "MODELGRAPH_READ_BODY_LIMIT", 256 * 1024, 1024, 1024 * 1024 * 1024),
      maxTokens: integer(env, "MODELGRAPH_MAX_TOKENS", 20_000, 100, 10_000_000),
      maxSubscriptionSockets: integer(env, "MODELGRAPH_MAX_SUBSCRIPTION_SOCKETS", 512, 1, 1_000_000),
      maxSubscriptionMessageBytes: integer(env, "MODELGRAPH_MAX_SUBSCRIPTION_MESSAGE", 64 * 1024, 1024, 16 * 1024 * 1024),
    },
    logLevel,
    introspection: boolean(env, "MODELGRAPH_INTROSPECTION", env.NODE_ENV !== "production"),
    historyDays: integer(env, "MODELGRAPH_HISTORY_DAYS", 90, 1, 3650),
    limits: {
      maxDepth: integer(env, "MODELGRAPH_MAX_DEPTH", 15, 2, 1000),
      maxCost: integer(env, "MODELGRAPH_MAX_COST", 250_000, 10, 100_000_000),
      maxBatch: integer(env, "MODELGRAPH_MAX_BATCH", 10, 1, 1000),
      bodyLimitBytes: integer(env, "MODELGRAPH_BODY_LIMIT", 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      requestTimeoutMs: integer(env, "MODELGRAPH_REQUEST_TIMEOUT_MS", 60_000, 1_000, 3_600_000),
      maxFields: integer(env, "MODELGRAPH_MAX_FIELDS", DEFAULT_MAX_FIELDS, 100, 1_000_000_000),
      maxResponseBytes: integer(env, "MODELGRAPH_MAX_RESPONSE_BYTES", DEFAULT_MAX_RESPONSE_BYTES, 64 * 1024, 4 * 1024 * 1024 * 1024),
    },
  };
}

/** Looks up the environment variable a provider's key lives in (by name, at call time). */
export function envLookup(name: string): string | undefined {
  return process.env[name];
}
