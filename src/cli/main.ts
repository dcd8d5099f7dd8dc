import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { exitOnSignals, startServer } from "../main.ts";

const USAGE = `modelgraph — GraphQL model catalog for LLM gateways

Usage:
  modelgraph serve   [--port N] [--host ADDR] [--db PATH] [--health-interval S]
                                                            start the server (GraphQL on /graphql)
  modelgraph migrate [--db PATH]                            create or upgrade the database, then exit
  modelgraph <command> --help                               help for one command

Environment: PORT, HOST, MODELGRAPH_DB, MODELGRAPH_HEALTH_INTERVAL, MODELGRAPH_CORS_ORIGINS,
MODELGRAPH_LOG_LEVEL, NODE_ENV (see README.md). Flags override the environment.
Exit codes: 0 ok, 2 usage or input error, 1 anything else.`;

const HELP: Record<string, string> = {
  serve: `modelgraph serve [--port N] [--host ADDR] [--db PATH] [--health-interval S]

Starts the HTTP server: GraphQL on POST /graphql, Apollo Sandbox on GET /graphql (outside
production). Applies pending migrations first, then sweeps upstream health in the background.
  --port N               listen port (env PORT, default 4000; 0 picks a free one)
  --host ADDR            listen address (env HOST, default 127.0.0.1)
  --db PATH              SQLite file (env MODELGRAPH_DB, default ./data/modelgraph.db)
  --health-interval S    seconds between health sweeps, 0 turns them off
                         (env MODELGRAPH_HEALTH_INTERVAL, default 300)`,
  migrate: `modelgraph migrate [--db PATH]

Creates the database file if needed and applies pending migrations, then exits.
  --db PATH     SQLite file (env MODELGRAPH_DB, default ./data/modelgraph.db)`,
};

class UsageError extends Error {}

function parse(args: string[], options: Record<string, { type: "string" | "boolean" }>) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean" } }, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

interface Flags {
  port?: string;
  host?: string;
  db?: string;
  "health-interval"?: string;
}

function withFlags(config: Config, flags: Flags): Config {
  const next = { ...config };
  const interval = flags["health-interval"];
  if (interval !== undefined) {
    if (!/^\d+$/.test(interval) || Number(interval) > 86_400) {
      throw new UsageError(`--health-interval ${JSON.stringify(interval)} is not accepted: expected seconds from 0 (off) to 86400`);
    }
    next.healthIntervalSec = Number(interval);
  }
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || port > 65535) throw new UsageError(`--port ${JSON.stringify(flags.port)} is not accepted: expected an integer from 0 to 65535`);
    next.port = port;
  }
  if (flags.host !== undefined) next.host = flags.host;
  if (flags.db !== undefined) next.dbPath = flags.db;
  return next;
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const help = HELP[command];
  if (!help) throw new UsageError(`unknown command ${JSON.stringify(command)}; accepted: ${Object.keys(HELP).join(", ")}`);

  if (command === "serve") {
    const flags = parse(rest, { port: { type: "string" }, host: { type: "string" }, db: { type: "string" }, "health-interval": { type: "string" } });
    if (flags.help) return (console.log(help), 0);
    const config = withFlags(loadConfig(), flags as Flags);
    const server = await startServer(config);
    exitOnSignals(server);
    server.app.log.info(
      `modelgraph listening on ${server.url}/graphql (database ${config.dbPath}; health sweep ${config.healthIntervalSec > 0 ? `every ${config.healthIntervalSec} s` : "off"})`,
    );
    return -1; // keep running
  }

  const flags = parse(rest, { db: { type: "string" } });
  if (flags.help) return (console.log(help), 0);
  const config = withFlags(loadConfig(), flags as Flags);
  const db = openDatabase(config.dbPath, { migrate: false });
  const before = countMigrations(db.sqlite);
  db.close();
  const migrated = openDatabase(config.dbPath);
  const after = countMigrations(migrated.sqlite);
  migrated.close();
  console.log(`${config.dbPath}: ${after - before} migration(s) applied, ${after} in total`);
  return 0;
}

function countMigrations(sqlite: import("better-sqlite3").Database): number {
  const table = sqlite.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return 0;
  return (sqlite.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n;
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`modelgraph: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(`modelgraph: ${(error as Error)?.stack ?? String(error)}`);
      process.exitCode = 1;
    }
  },
);
