/**
 * The one store interface commands and the snapshot loader write through (DESIGN.md section 6,
 * docs/store.md): SQLite (better-sqlite3) and PostgreSQL (`pg`) behind it.
 *
 * Commands are written once, against `Tx`: drizzle's query builder typed as the SQLite database,
 * used only in the part both dialects share, and always awaited (every builder is a promise on
 * both). The tables come from `tx.t`, the dialect's own drizzle schema, never from an import of
 * `schema.ts`: `const { aliases } = tx.t`; `tx.backend` says which (not `dialect`: that is drizzle's own). What differs is behind the helpers below (`one`,
 * `rows`, `stmt`) and in the two `transaction` implementations:
 *
 * - SQLite: one connection, one writer at a time in this process (an async mutex), BEGIN
 *   IMMEDIATE (the file's write lock, other processes wait up to the busy timeout), the writer
 *   record and the history's change set as before (src/db/client.ts). `work` must await nothing
 *   but the store: on SQLite every statement is synchronous, so the whole transaction runs
 *   without giving the event loop to anyone else.
 * - PostgreSQL: a pooled connection, READ COMMITTED, the version row locked first (so catalog
 *   writers take turns as on SQLite and never deadlock on each other's rows), the change set
 *   opened and closed in the transaction, and a deadlock or serialization failure retried.
 *
 * Every committed catalog write has a version (the change log's, docs/postgres.md); `transaction`
 * reports it, so a mutation can hand it to a client for read-your-writes.
 */
import { sql, type SQL } from "drizzle-orm";
import type Database from "better-sqlite3";
import { drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { DatabaseUnavailableError } from "../errors.ts";
import { currentActor } from "../history/actor.ts";
import { beginWrite, openDatabase, type Db, type DbHandle, type OpenOptions } from "./client.ts";
import * as sqliteSchema from "./schema.ts";
import * as pgSchema from "./pg/schema.ts";
import { connectionLost, isPostgresUrl, openPostgres, type PgHandle } from "./pg/client.ts";

export type Dialect = "sqlite" | "postgres";

type TableNames =
  | "providers"
  | "publicNames"
  | "modelGroups"
  | "deployments"
  | "aliases"
  | "upstreamHealth"
  | "healthHistory"
  | "probeLeases"
  | "probeSchedule"
  | "modelRegistries"
  | "configDocuments"
  | "catalogChanges"
  | "changeSets"
  | "changeHistory";

/** The tables of one dialect, typed as SQLite's (test/pg-schema.test.ts keeps the row types equal). */
export type Tables = Pick<typeof sqliteSchema, TableNames>;

const SQLITE_TABLES: Tables = pick(sqliteSchema);
const PG_TABLES: Tables = pick(pgSchema as unknown as typeof sqliteSchema);

function pick(s: typeof sqliteSchema): Tables {
  const { providers, publicNames, modelGroups, deployments, aliases, upstreamHealth, healthHistory, probeLeases, probeSchedule, modelRegistries, configDocuments, catalogChanges, changeSets, changeHistory } = s;
  return { providers, publicNames, modelGroups, deployments, aliases, upstreamHealth, healthHistory, probeLeases, probeSchedule, modelRegistries, configDocuments, catalogChanges, changeSets, changeHistory };
}

/**
 * A database or an open transaction on it. On PostgreSQL the object is drizzle's node-postgres
 * database: only builders both dialects have may be used, and awaited (never `.get()`, `.all()`,
 * `.run()`, `.values()`: they exist on SQLite only).
 */
export type Tx = Db & { readonly t: Tables; readonly backend: Dialect };

export interface Committed<T> {
  value: T;
  /** The catalog version this transaction committed, or null when it changed no catalog row. */
  version: number | null;
}

export interface Store {
  readonly dialect: Dialect;
  /** Statements outside any transaction (reads that need no lock). */
  readonly db: Tx;
  /**
   * Runs `work` as one write transaction: all of it commits or none. Writers take turns. A
   * thrown error rolls back and is rethrown (a lost write lock as DatabaseBusyError).
   * `within`: the caller's open transaction; `work` then runs in it (version null: the outer
   * transaction reports it). Never call `transaction` without it from inside another one: writers
   * take turns, so it would wait for itself.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>, within?: Tx): Promise<Committed<T>>;
  /** Closes the connection(s). */
  close(): Promise<void>;
}

/** A command's answer: what it wrote, advice, and the version it committed (DESIGN.md section 6). */
export interface Payload<T> {
  value: T;
  warnings: string[];
  /** The catalog version the write committed; null when it changed nothing or ran inside another write. */
  version?: number | null;
}

/** A payload with the version of the transaction that made it. */
export function committed<T>({ value, version }: Committed<Payload<T>>): Payload<T> {
  return { ...value, version };
}

/** The first row of a query, or undefined (add `.limit(1)` to a select that may match many). */
export async function one<T>(query: PromiseLike<readonly T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/** Rows of raw SQL (dialect-specific SQL belongs behind `tx.backend`). */
export async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  if (tx.backend === "sqlite") return tx.all(query) as T[];
  const result = await (tx as unknown as { execute(q: SQL): Promise<{ rows: T[] }> }).execute(query);
  return result.rows;
}

/** Runs raw SQL for its effect; returns how many rows it changed. */
export async function exec(tx: Tx, query: SQL): Promise<number> {
  if (tx.backend === "sqlite") return tx.run(query).changes;
  const result = await (tx as unknown as { execute(q: SQL): Promise<{ rowCount: number | null }> }).execute(query);
  return result.rowCount ?? 0;
}

/** `column IN (values)` with the values bound as one parameter (any count, one statement text; none: false). */
export function inJson(tx: Tx, column: SQL | SQL.Aliased | object, values: readonly (string | number)[]): SQL {
  if (values.length === 0) return sql`1 = 0`;
  const json = JSON.stringify(values);
  if (tx.backend === "sqlite") return sql`${column} in (select value from json_each(${json}))`;
  const type = typeof values[0] === "number" ? sql.raw("bigint") : sql.raw("text");
  return sql`${column} in (select json_array_elements_text(${json}::json)::${type})`;
}

/**
 * A statement built once per connection (bulk imports run thousands), run with `execute(values)`
 * on either dialect (`await`; rows for a select or a RETURNING, else the driver's result).
 */
export function stmt<T>(cache: WeakMap<object, T>, tx: Tx, prepare: () => T): T {
  const session = (tx as unknown as { session?: object }).session ?? tx;
  let statement = cache.get(session);
  if (!statement) {
    statement = prepare();
    cache.set(session, statement);
  }
  return statement;
}

/** A promise chain that lets one holder in at a time. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class SqliteStore implements Store {
  readonly dialect = "sqlite" as const;
  readonly db: Tx;
  private readonly mutex = new Mutex();
  private maxSeqStatement: Database.Statement | undefined;

  constructor(readonly handle: DbHandle) {
    this.db = Object.assign(handle.db, { t: SQLITE_TABLES, backend: "sqlite" as const }) as Tx;
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>, within?: Tx): Promise<Committed<T>> {
    if (within) return { value: await work(within), version: null };
    return this.mutex.run(async () => {
      const scope = beginWrite(this.handle.sqlite);
      try {
        const before = this.maxSeq();
        const value = await work(this.db);
        const after = this.maxSeq();
        scope.commit();
        return { value, version: after !== before ? after : null };
      } catch (error) {
        throw scope.rollback(error);
      }
    });
  }

  async close(): Promise<void> {
    this.handle.close();
  }

  /** The change log's last seq: the version (prepared on first use: `modelgraph migrate` opens a file without the table). */
  private maxSeq(): number {
    this.maxSeqStatement ??= this.handle.sqlite.prepare("select coalesce(max(seq), 0) as seq from catalog_changes /* version */").pluck();
    return this.maxSeqStatement.get() as number;
  }
}

/** The SQLSTATE of a PostgreSQL error, also when drizzle wrapped it (a builder's query error keeps the driver's as `cause`). */
function pgCode(error: unknown): string {
  for (let e = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return "";
}

/** PostgreSQL errors worth a second attempt of the whole transaction. */
const RETRYABLE = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

export class PgStore implements Store {
  readonly dialect = "postgres" as const;
  readonly db: Tx;

  constructor(readonly handle: PgHandle) {
    this.db = withTables(handle.db);
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>, within?: Tx): Promise<Committed<T>> {
    if (within) return { value: await work(within), version: null };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work);
      } catch (error) {
        if (attempt < ATTEMPTS && RETRYABLE.has(pgCode(error))) continue;
        throw error;
      }
    }
  }

  private async attempt<T>(work: (tx: Tx) => Promise<T>): Promise<Committed<T>> {
    const client = await this.handle.pool.connect().catch((error: unknown) => {
      throw unavailable(error, false);
    });
    let broken: Error | undefined;
    let committing = false;
    try {
      await client.query("begin");
      try {
        await client.query("select 1 from catalog_version where id = 1 for update");
        const set = await openChangeSet(client);
        const value = await work(withTables(pgDrizzle(client, { schema: pgSchema })));
        if (set !== undefined) await closeChangeSet(client, set);
        const version = await client.query<{ v: string | null }>("select nullif(current_setting('modelgraph.catalog_version', true), '') as v");
        committing = true;
        await client.query("commit");
        const v = version.rows[0]?.v;
        return { value, version: v != null ? Number(v) : null };
      } catch (error) {
        await client.query("rollback").catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } catch (error) {
      if (connectionLost(error) || connectionLost((error as { cause?: unknown })?.cause)) {
        broken ??= error as Error;
        throw unavailable(error, committing);
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** A lost connection as the error a client may retry (the driver's message names no secret: host, code, reason). */
function unavailable(error: unknown, duringCommit: boolean): DatabaseUnavailableError {
  const code = String((error as { code?: unknown })?.code ?? "");
  const message = String((error as Error)?.message ?? error).split("\n")[0]!.slice(0, 200);
  return new DatabaseUnavailableError(code ? `${code}: ${message}` : message, duringCommit);
}

/** drizzle's node-postgres database (or a transaction's) as a `Tx` (for reads in a transaction of their own, e.g. an export's REPEATABLE READ). */
export function withTables(db: unknown): Tx {
  return Object.assign(db as object, { t: PG_TABLES, backend: "postgres" as const }) as Tx;
}

/** The history's change set of this transaction (src/history/recorder.ts does the same on SQLite). */
async function openChangeSet(client: pg.PoolClient): Promise<number | undefined> {
  const actor = currentActor();
  if (!actor) return undefined;
  const result = await client.query<{ id: number }>("insert into change_sets (at, actor, source, summary, open) values ($1, $2, $3, $4, true) returning id", [
    Date.now(),
    actor.actor,
    actor.source,
    actor.summary ?? null,
  ]);
  return Number(result.rows[0]!.id);
}

async function closeChangeSet(client: pg.PoolClient, id: number): Promise<void> {
  const dropped = await client.query("delete from change_sets where id = $1 and not exists (select 1 from change_history where change_set = $1)", [id]);
  if (dropped.rowCount === 0) await client.query("update change_sets set open = false where id = $1", [id]);
}

export interface OpenStoreOptions extends OpenOptions {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

/**
 * Opens what MODELGRAPH_DB names: a PostgreSQL URL (`postgres://`, `postgresql://`) or a SQLite
 * file path (or `:memory:`), migrated unless told not to.
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(target)) return new PgStore(await openPostgres(target, { migrate: options.migrate, max: options.poolSize }));
  return new SqliteStore(openDatabase(target, options));
}
