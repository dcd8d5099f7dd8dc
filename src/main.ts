import "reflect-metadata";
import type { FastifyInstance } from "fastify";
import { createCatalog, type Catalog } from "./catalog/catalog.ts";
import { envLookup, type Config } from "./config.ts";
import { openDatabase, type DbHandle, type OpenOptions } from "./db/client.ts";
import { HealthSweeper } from "./health/sweeper.ts";
import { SecretBox, type MasterKeySource } from "./secrets/secret-box.ts";
import { dirname, join } from "node:path";

export interface RunningServer {
  app: FastifyInstance;
  db: DbHandle;
  sweeper: HealthSweeper;
  url: string;
  close(): Promise<void>;
}

/**
 * The database (migrated) and the services over it, as the server and the CLI both use them. The
 * server keeps the default short busy timeout; CLI commands, which block nobody, wait longer.
 */
export function openRuntime(config: Config, options: Pick<OpenOptions, "busyTimeoutMs"> = {}): { db: DbHandle; catalog: Catalog } {
  const db = openDatabase(config.dbPath, options);
  const catalog = createCatalog(db.db, {
    env: envLookup,
    healthStaleAfterMs: config.healthStaleAfterSec * 1000,
    health: config.health,
    secrets: new SecretBox(masterKeySource(config)),
    snapshots: { retention: { historyMs: config.historyDays * 86_400_000 } },
  });
  return { db, catalog };
}

/** config → database (migrated) → app → listen → health sweeper. */
export async function startServer(config: Config): Promise<RunningServer> {
  // Loaded here, not at the top: CLI commands other than serve never pay for Fastify and Apollo.
  const { accessPolicy, buildApp } = await import("./app.ts");
  const { db, catalog } = openRuntime(config);
  // The snapshot is loaded before the first request, not by it.
  catalog.read();
  const app = await buildApp({ config, catalog, database: { sqlite: db.sqlite, path: db.path } });
  try {
    // An explicit backlog: connections waiting to be accepted beyond it are refused by the kernel.
    await app.listen({ port: config.port, host: config.host, backlog: config.http.backlog });
  } catch (error) {
    db.close();
    throw error;
  }
  const sweeper = new HealthSweeper(catalog.checker, catalog.health, catalog.leases, app.log, {
    intervalMs: config.healthIntervalSec * 1000,
    historyRetentionMs: config.health.historyRetentionMs,
    historyMaxPerUpstream: config.health.historyMaxPerUpstream,
  });
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
    db,
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
        catalog.close();
        db.close();
      })()),
  };
}

/** MODELGRAPH_SECRET_KEY, else `secret.key` (mode 0600) beside the database file. */
export function masterKeySource(config: Pick<Config, "secretKey" | "dbPath">): MasterKeySource {
  if (config.secretKey) return { kind: "env", value: config.secretKey };
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
