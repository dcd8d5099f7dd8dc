/**
 * PostgreSQL connections and migrations (issue 13, docs/postgres.md). The store interface that
 * commands and the snapshot loader use is built on this in the next part; for now it opens a pool
 * with drizzle's node-postgres driver and brings the schema up to date.
 */
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import * as schema from "./schema.ts";
import { connectionLost } from "../store.ts";

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const PG_MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../migrations-pg");

/** The channel the change feed notifies on; the payload is the committed catalog version, as text. */
export const CHANGE_CHANNEL = "modelgraph_changes";

export { isPostgresUrl } from "../store.ts";

export interface PgHandle {
  db: PgDb;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

export interface PgOpenOptions {
  /** Apply migrations-pg/ before returning (default true). */
  migrate?: boolean;
  /** Pool size (default 10). */
  max?: number;
}

/** How long a connection may sit idle inside an open transaction before PostgreSQL ends it. */
export const IDLE_IN_TRANSACTION_MS = 10_000;

/** Opens a pool on a libpq-style URL (`postgresql:///db?host=/socket/dir`, `postgres://user@host/db`), migrated unless told not to. */
export async function openPostgres(url: string, options: PgOpenOptions = {}): Promise<PgHandle> {
  // A replica frozen inside a transaction (SIGSTOP, a debugger, a stuck event loop) would hold the
  // catalog's version row, and so every writer of the fleet, for as long as it stays frozen:
  // PostgreSQL ends such a session after IDLE_IN_TRANSACTION_MS and its transaction rolls back.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS });
  // A connection dropping (a restart, pg_terminate_backend) must not crash the process: an idle
  // client's error reaches the pool; a checked-out client's (a transaction's) its own listener, and
  // the query in flight fails with it.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  try {
    if (options.migrate !== false) await migratePostgres(pool);
    else await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const db = drizzle(pool, { schema }) as PgDb;
  return { db, pool, url, close: () => pool.end() };
}

const MIGRATIONS_TABLE = 'drizzle."__drizzle_migrations"';

/** A concurrent CREATE … IF NOT EXISTS that lost the race (both saw nothing, one committed first). */
function lostCreateRace(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "23505" || code === "42P06" || code === "42P07";
}

/**
 * Applies the migrations of `folder` that the database has not seen, in one transaction, keeping
 * drizzle's own record (`drizzle.__drizzle_migrations`, hash and folder time), so drizzle-kit sees
 * the same state. Unlike drizzle's migrator it locks that table before reading it: replicas that
 * start together apply each migration once, the later ones waiting and then finding nothing to do.
 * Returns how many it applied.
 */
export async function migratePostgres(pool: pg.Pool, folder = PG_MIGRATIONS_DIR): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const client = await pool.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query("begin");
        await client.query("create schema if not exists drizzle");
        await client.query(`create table if not exists ${MIGRATIONS_TABLE} (id serial primary key, hash text not null, created_at bigint)`);
        await client.query(`lock table ${MIGRATIONS_TABLE} in exclusive mode`);
        const last = await client.query<{ created_at: string }>(`select created_at from ${MIGRATIONS_TABLE} order by created_at desc limit 1`);
        const lastMillis = last.rows[0] ? Number(last.rows[0].created_at) : -Infinity;
        let applied = 0;
        for (const migration of migrations) {
          if (migration.folderMillis <= lastMillis) continue;
          for (const statement of migration.sql) if (statement.trim()) await client.query(statement);
          await client.query(`insert into ${MIGRATIONS_TABLE} (hash, created_at) values ($1, $2)`, [migration.hash, migration.folderMillis]);
          applied++;
        }
        await client.query("commit");
        return applied;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        if (attempt < 5 && lostCreateRace(error)) continue;
        throw error;
      }
    }
  } finally {
    client.release();
  }
}

export interface PgTransactionOptions {
  isolation?: "read committed" | "repeatable read" | "serializable";
  readOnly?: boolean;
}

/**
 * One transaction on one pooled connection, with drizzle bound to it. Unlike drizzle's own
 * `transaction()` (which leaks the connection when BEGIN fails, and gives a broken connection back
 * to the pool), the connection is always released, and destroyed when it failed.
 */
export async function pgTransaction<T>(pool: pg.Pool, work: (tx: PgDb) => Promise<T>, options: PgTransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const mode = [options.isolation ? `isolation level ${options.isolation}` : "", options.readOnly ? "read only" : ""].filter(Boolean).join(" ");
    await client.query(`begin${mode ? ` ${mode}` : ""}`);
    try {
      const result = await work(drizzle(client, { schema }) as unknown as PgDb);
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  } catch (error) {
    broken ??= connectionLost(error) ? (error as Error) : undefined;
    throw error;
  } finally {
    client.release(broken);
  }
}
