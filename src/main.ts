import "reflect-metadata";
import type { FastifyInstance } from "fastify";
import { createCatalog, type Catalog } from "./catalog/catalog.ts";
import { ConfigError, envLookup, type Config } from "./config.ts";
import { DatabaseFileError, type OpenOptions } from "./db/client.ts";
import { isPostgresUrl, openStore, SqliteStore, type Store } from "./db/store.ts";
import type { PgStore } from "./db/pg/store.ts";
import { HealthSweeper } from "./health/sweeper.ts";
import { SecretBox, type MasterKeySource } from "./secrets/secret-box.ts";
import { ReplicaHeartbeat } from "./replicas/heartbeat.ts";
import { newReplicaIdentity } from "./replicas/registry.ts";
import { attachReplica } from "./replicas/status.ts";
import { dirname, join } from "node:path";

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  sweeper: HealthSweeper;
  url: string;
  close(): Promise<void>;
}

/**
 * The database (migrated) and the services over it, as the server and the CLI both use them. The
 * server keeps the default short busy timeout; CLI commands, which block nobody, wait longer.
 */
export async function openRuntime(config: Config, options: Pick<OpenOptions, "busyTimeoutMs"> = {}): Promise<{ store: Store; catalog: Catalog }> {
  const secrets = new SecretBox(masterKeySource(config));
  const store = await openStore(config.dbPath, options).catch((error: unknown) => {
    throw unreachableDatabase(config.dbPath, error) ?? error;
  });
  try {
    const retention = { historyMs: config.historyDays * 86_400_000 };
    // Loaded only for PostgreSQL (SQLite's snapshot store is made on first read, over the commands' connection).
    const snapshotSource = store.dialect === "postgres" ? await (await import("./read/pg-snapshot-store.ts")).PgSnapshotStore.open((store as PgStore).handle, { retention }) : undefined;
    const catalog = createCatalog(store, {
      env: envLookup,
      healthStaleAfterMs: config.healthStaleAfterSec * 1000,
      health: config.health,
      secrets,
      snapshots: { retention },
      snapshotSource,
    });
    // PostgreSQL: the first snapshot's stored registries are loaded before the first read (later ones before they are published).
    if (snapshotSource) await catalog.facts.registry();
    return { store, catalog };
  } catch (error) {
    await store.close();
    throw unreachableDatabase(config.dbPath, error) ?? error;
  }
}

/** Connection failures worth one line at start-up, by the code node-postgres or PostgreSQL gives. */
const UNREACHABLE: Record<string, string> = {
  ENOENT: "no server socket there (is PostgreSQL running? is host= the socket directory?)",
  ECONNREFUSED: "connection refused (is PostgreSQL running and listening there?)",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved (DNS)",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  ECONNRESET: "the server closed the connection",
  "57P03": "the server is starting up or shutting down",
  "3D000": "the database does not exist (create it, e.g. `createdb`)",
  "28P01": "password authentication failed",
  "28000": "the server refused this user",
};

/**
 * A PostgreSQL database that cannot be reached at start-up, as one line naming it (without its
 * password) and what went wrong: DatabaseFileError, which the CLI prints alone and exits 2 on.
 * Undefined for anything else (a failed migration, a bug: those keep their own message).
 */
function unreachableDatabase(target: string, error: unknown): DatabaseFileError | undefined {
  if (!isPostgresUrl(target)) return undefined;
  const code = String((error as { code?: unknown })?.code ?? "");
  const why = UNREACHABLE[code] ?? (/^08/.test(code) || /Connection terminated/i.test(String((error as Error)?.message)) ? "the connection failed" : undefined);
  if (!why) return undefined;
  const where = describePostgresUrl(target);
  return new DatabaseFileError(where, "cannot-open", `cannot connect to the PostgreSQL database ${where} (MODELGRAPH_DB / --db): ${why} [${code}: ${(error as Error).message}]`);
}

/** `"name" on host:port` from a libpq-style URL, never its password. */
function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.searchParams.get("host") ?? (u.hostname ? decodeURIComponent(u.hostname) : "localhost");
    const port = u.searchParams.get("port") ?? (u.port || "5432");
    const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || u.searchParams.get("dbname") || decodeURIComponent(u.username) || "(default)";
    return `"${database}" on ${host}:${port}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** config → database (migrated) → app → listen → health sweeper. */
export async function startServer(config: Config): Promise<RunningServer> {
  // Loaded here, not at the top: CLI commands other than serve never pay for Fastify and Apollo.
  const { accessPolicy, buildApp } = await import("./app.ts");
  const { store, catalog } = await openRuntime(config);
  // The snapshot is loaded before the first request, not by it.
  catalog.read();
  // This process in the replica registry (src/replicas/): its id is also its probe-schedule owner.
  const identity = newReplicaIdentity();
  const app = await buildApp({ config, catalog, database: store instanceof SqliteStore ? { sqlite: store.handle.sqlite, path: store.handle.path } : undefined });
  try {
    // An explicit backlog: connections waiting to be accepted beyond it are refused by the kernel.
    await app.listen({ port: config.port, host: config.host, backlog: config.http.backlog });
  } catch (error) {
    await catalog.close();
    await store.close();
    throw error;
  }
  const sweeper = new HealthSweeper(catalog.checker, catalog.health, catalog.leases, app.log, {
    intervalMs: config.healthIntervalSec * 1000,
    historyRetentionMs: config.health.historyRetentionMs,
    historyMaxPerUpstream: config.health.historyMaxPerUpstream,
    owner: identity.id,
  });
  const heartbeat = new ReplicaHeartbeat(store, identity, { appliedVersion: () => catalog.snapshots.current().version, lastProbeAt: () => sweeper.lastProbeAt, log: app.log });
  attachReplica(catalog, heartbeat);
  await heartbeat.start();
  sweeper.start();
  const policy = accessPolicy(config);
  if (!config.adminToken) {
    app.log.warn(
      policy.loopbackOnly
        ? `MODELGRAPH_ADMIN_TOKEN is not set: mutations are allowed without a token because the server listens on loopback (${config.host}) only`
        : `MODELGRAPH_ADMIN_TOKEN is not set and the server listens on ${config.host}: mutations are refused until MODELGRAPH_ADMIN_TOKEN is set`,
    );
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    sweeper,
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        // Stop accepting and drain requests, let a running sweep end, then close the database.
        // Sockets that go idle after close began would otherwise wait for their keep-alive timeout.
        const sweepIdle = setInterval(() => app.server.closeIdleConnections(), 100);
        try {
          await app.close();
        } finally {
          clearInterval(sweepIdle);
        }
        await sweeper.stop();
        await heartbeat.stop();
        await catalog.close();
        await store.close();
      })()),
  };
}

/**
 * MODELGRAPH_SECRET_KEY, else `secret.key` (mode 0600) beside the database file. Replicas on
 * PostgreSQL must all hold the same key, which no file beside one of them gives: there it is
 * required (docs/replicas.md).
 */
export function masterKeySource(config: Pick<Config, "secretKey" | "dbPath">): MasterKeySource {
  if (config.secretKey) return { kind: "env", value: config.secretKey };
  if (isPostgresUrl(config.dbPath)) {
    throw new ConfigError(
      "MODELGRAPH_DB is a PostgreSQL URL, so MODELGRAPH_SECRET_KEY must be set: every replica seals and opens the stored provider keys with it, so give them all the same value (32+ random bytes, e.g. `openssl rand -base64 32`)",
    );
  }
  if (config.dbPath === ":memory:") return { kind: "ephemeral" };
  return { kind: "file", path: join(dirname(config.dbPath), "secret.key") };
}

/** Stops accepting, lets in-flight requests finish, closes the database, exits 0. */
export function exitOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    server.app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error) => {
        server.app.log.error({ err: error }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
