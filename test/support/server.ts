import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import pg from "pg";
import { inject } from "vitest";
import { buildApp } from "../../src/app.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { createCatalog, type Catalog } from "../../src/catalog/catalog.ts";
import { openDatabase, type DbHandle } from "../../src/db/client.ts";
import { SqliteStore, openStore, type Store } from "../../src/db/store.ts";
import { PgStore } from "../../src/db/pg/store.ts";
import { PgSnapshotStore } from "../../src/read/pg-snapshot-store.ts";
import type { HealthSettings } from "../../src/health/checker.ts";
import { SecretBox } from "../../src/secrets/secret-box.ts";

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<R> {
  status: number;
  data: R | null | undefined;
  errors: GraphQLErrorShape[] | undefined;
  /** The response body exactly as sent, for "this secret never appears" checks. */
  text: string;
}

export interface TestServer {
  url: string;
  /** The SQLite database (a PostgreSQL server has none: `store` is the database on both). */
  db: DbHandle;
  store: Store;
  catalog: Catalog;
  /** Statements SQLite executed since the last reset. */
  statements: string[];
  /** Sends a typed operation over real HTTP. */
  gql<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, headers?: Record<string, string>): Promise<GraphQLResult<R>>;
  /** The SQL statements one GET of `path` costs (it must answer 200). */
  statementsFor(path: string): Promise<number>;
  /** Like gql, but fails the test on any GraphQL error. */
  ok<R, V>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** A SQLite file, or a PostgreSQL URL (test/support/postgres.ts). */
  dbPath?: string;
  env?: Record<string, string>;
  health?: Partial<HealthSettings>;
  /** Master key for literal provider keys (default: a per-server ephemeral key). */
  secretKey?: string;
  /** A master key file instead (what `modelgraph serve` uses without MODELGRAPH_SECRET_KEY). */
  secretFile?: string;
  /** Server settings over the defaults (tokens, limits, host as seen by the access policy…). */
  config?: Partial<Config>;
  /** false: every GraphQL request through Apollo (the fast path's differential test). */
  fastQueries?: boolean;
}

/** Health settings for tests: short timeouts, nothing else unusual. */
export const TEST_HEALTH: HealthSettings = {
  timeoutMs: 2_000,
  slowMs: 1_000,
  freshForMs: 60_000,
  concurrency: 16,
  perProviderConcurrency: 4,
  maxBodyBytes: 1024 * 1024,
};

/**
 * A real server on 127.0.0.1, port 0, over its own database (`:memory:` unless a path is given),
 * migrated from the real migrations/ folder.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const statements: string[] = [];
  const target = options.dbPath ?? (process.env.MODELGRAPH_TEST_BACKEND === "postgres" ? await freshPostgresDatabase() : ":memory:");
  const store = /^postgres(ql)?:/.test(target) ? await openStore(target) : new SqliteStore(openDatabase(target, { onStatement: (s) => statements.push(s) }));
  const db = store instanceof SqliteStore ? store.handle : (undefined as unknown as DbHandle);
  const snapshotSource = store instanceof PgStore ? await PgSnapshotStore.open(store.handle) : undefined;
  const env = options.env ?? {};
  const catalog = createCatalog(store, {
    snapshotSource,
    env: (name) => env[name],
    healthStaleAfterMs: 30 * 60_000,
    health: { ...TEST_HEALTH, ...options.health },
    secrets: new SecretBox(
      options.secretKey ? { kind: "env", value: options.secretKey } : options.secretFile ? { kind: "file", path: options.secretFile } : { kind: "ephemeral" },
    ),
  });
  if (snapshotSource) await catalog.facts.registry();
  const config = { ...loadConfig({}), logLevel: "silent", ...options.config };
  const app = await buildApp({ config, catalog, fastQueries: options.fastQueries });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  async function gql<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, headers: Record<string, string> = {}): Promise<GraphQLResult<R>> {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: R | null; errors?: GraphQLErrorShape[] };
    return { status: response.status, data: body.data, errors: body.errors, text };
  }

  return {
    url,
    db,
    store,
    catalog,
    statements,
    gql,
    async statementsFor(path) {
      statements.length = 0;
      const response = await fetch(url + path);
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      return statements.length;
    },
    async ok(doc, variables) {
      const result = await gql(doc, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data!;
    },
    async close() {
      // A client that reconnected while the server closes would hold close() up forever.
      const cut = setTimeout(() => app.server.closeAllConnections(), 2_000);
      cut.unref();
      await app.close();
      clearTimeout(cut);
      await catalog.close();
      await store.close();
    },
  };
}

let databases = 0;

/** A new database cloned from the `postgres` project's migrated template (test/support/pg-global.ts). */
async function freshPostgresDatabase(): Promise<string> {
  const { adminUrl, template } = inject("postgres");
  const name = `t${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Every row of every table, to prove that a refused mutation changed nothing. */
export function dumpDatabase(db: DbHandle): Record<string, unknown[]> {
  const tables = db.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.sqlite.prepare(`select * from "${name}" order by rowid`).all()]));
}

/** `dumpDatabase` on either backend (PostgreSQL: every table of the public schema, rows in storage order). */
export async function dumpStore(store: Store): Promise<Record<string, unknown[]>> {
  if (store instanceof SqliteStore) return dumpDatabase(store.handle);
  const pool = (store as PgStore).handle.pool;
  const tables = (await pool.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1")).rows;
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) dump[name] = (await pool.query(`select * from ${pg.escapeIdentifier(name)} order by ctid`)).rows;
  return dump;
}
