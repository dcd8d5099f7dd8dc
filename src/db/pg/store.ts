/**
 * The PostgreSQL store (src/db/store.ts has the interface and docs/replicas.md the why): loaded
 * only when MODELGRAPH_DB is a PostgreSQL URL.
 */
import { sql } from "drizzle-orm";
import { DatabaseUnavailableError } from "../../errors.ts";
import { currentActor } from "../../history/actor.ts";
import * as sqliteSchema from "../schema.ts";
import { connectionLost, exec, pick, rows, type Committed, type Store, type Tables, type TransactionOptions, type Tx } from "../store.ts";
import { openPostgres, pgTransaction, type PgHandle, type PgOpenOptions } from "./client.ts";
import * as pgSchema from "./schema.ts";

const PG_TABLES: Tables = pick(pgSchema as unknown as typeof sqliteSchema);

export async function openPgStore(url: string, options: PgOpenOptions): Promise<PgStore> {
  return new PgStore(await openPostgres(url, options));
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

  async transaction<T>(work: (tx: Tx) => Promise<T>, within?: Tx, options: TransactionOptions = {}): Promise<Committed<T>> {
    if (within) return { value: await work(within), version: null };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work, options.lockFirst !== false);
      } catch (error) {
        if (attempt < ATTEMPTS && RETRYABLE.has(pgCode(error))) continue;
        throw error;
      }
    }
  }

  /** One try, on pgTransaction's connection handling (always released; destroyed when it broke). */
  private async attempt<T>(work: (tx: Tx) => Promise<T>, lockFirst: boolean): Promise<Committed<T>> {
    let committing = false;
    try {
      return await pgTransaction(this.handle.pool, async (db) => {
        const tx = withTables(db);
        // Without it, the first catalog statement's trigger takes the row (modelgraph_catalog_lock).
        if (lockFirst) await rows(tx, sql`select 1 from catalog_version where id = 1 for update`);
        const set = await openChangeSet(tx);
        const value = await work(tx);
        if (set !== undefined) await closeChangeSet(tx, set);
        const [version] = await rows<{ v: string | null }>(tx, sql`select nullif(current_setting('modelgraph.catalog_version', true), '') as v`);
        committing = true; // what fails from here on is the COMMIT
        return { value, version: version?.v != null ? Number(version.v) : null };
      });
    } catch (error) {
      if (connectionLost(error)) throw unavailable(error, committing);
      throw error;
    }
  }

  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return pgTransaction(this.handle.pool, (db) => work(withTables(db)), { isolation: "repeatable read", readOnly: true });
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
async function openChangeSet(tx: Tx): Promise<number | undefined> {
  const actor = currentActor();
  if (!actor) return undefined;
  const [set] = await rows<{ id: number | string }>(
    tx,
    sql`insert into change_sets (at, actor, source, summary, open) values (${Date.now()}, ${actor.actor}, ${actor.source}, ${actor.summary ?? null}, true) returning id`,
  );
  return Number(set!.id);
}

async function closeChangeSet(tx: Tx, id: number): Promise<void> {
  const dropped = await exec(tx, sql`delete from change_sets where id = ${id} and not exists (select 1 from change_history where change_set = ${id})`);
  if (dropped === 0) await exec(tx, sql`update change_sets set open = false where id = ${id}`);
}

