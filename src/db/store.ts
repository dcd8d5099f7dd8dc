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
import { beginWrite, openDatabase, type Db, type DbHandle, type OpenOptions } from "./client.ts";
import * as sqliteSchema from "./schema.ts";

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

/** The tables a schema module exports (PostgreSQL's is typed as SQLite's: src/db/pg/store.ts). */
export function pick(s: typeof sqliteSchema): Tables {
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

/** How a transaction starts (PostgreSQL; SQLite ignores it: BEGIN IMMEDIATE is its only kind). */
export interface TransactionOptions {
  /**
   * Lock the catalog version row at BEGIN (default true), so that the checks a command makes
   * before it writes see every earlier commit. false: only the catalog tables' statement trigger
   * takes it, at the transaction's first catalog statement, and holds it to commit. For writes that
   * check nothing in the catalog (the sweeper's health batches, whose catalog statement comes last).
   */
  lockFirst?: boolean;
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
   * take turns, so it would wait for itself. `options`: see TransactionOptions.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>, within?: Tx, options?: TransactionOptions): Promise<Committed<T>>;
  /**
   * Runs `work`'s reads in one read-only transaction: they see one state of the catalog while
   * writers go on (an export). SQLite: a deferred transaction (WAL gives it a fixed view, and it
   * takes no write lock), taking its turn with this process's writers; PostgreSQL: REPEATABLE
   * READ READ ONLY on a pooled connection.
   */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
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

  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const sqlite = this.handle.sqlite;
      sqlite.exec("BEGIN DEFERRED");
      try {
        const value = await work(this.db);
        sqlite.exec("COMMIT");
        return value;
      } finally {
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
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

export interface OpenStoreOptions extends OpenOptions {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

/**
 * Opens what MODELGRAPH_DB names: a PostgreSQL URL (`postgres://`, `postgresql://`) or a SQLite
 * file path (or `:memory:`), migrated unless told not to.
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (!isPostgresUrl(target)) return new SqliteStore(openDatabase(target, options));
  // Loaded only here: SQLite users (and every CLI command on a file) never load pg.
  const { openPgStore } = await import("./pg/store.ts");
  return openPgStore(target, { migrate: options.migrate, max: options.poolSize });
}

/** Whether MODELGRAPH_DB names a PostgreSQL database rather than a SQLite file (DESIGN.md section 6). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** An error that means the connection itself is gone (not a refused statement); drizzle's wrapper keeps the driver's error as `cause`. */
export function connectionLost(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    if (/^(EPIPE|ECONNRESET|ECONNREFUSED|ENOENT|ETIMEDOUT|57P0[123]|08)/.test(code) || /Connection terminated/i.test(String((e as Error).message ?? ""))) return true;
  }
  return false;
}
