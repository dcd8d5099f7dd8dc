import { and, asc, eq, gte, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { inJson, one, rows, stmt, type Store, type Tx } from "../db/store.ts";
import { outsideCatalog } from "./health.store.ts";

/**
 * The fleet-wide probe schedule (docs/health.md, "One schedule for every server"): one row per
 * endpoint the sweeper probes, in `probe_schedule` (key, next_due_at, owner, lease_until). Every
 * server claims due rows in small batches, probes them and writes the results only while its
 * claim still holds (the fence), so each endpoint is probed once per interval whatever the number
 * of servers. A server that dies leaves its claims to expire; one that was frozen past its lease
 * finds its late results refused. No advisory locks: a frozen process would keep one.
 *
 * One class for both dialects, over the store. Only the claim differs (claimStatement): SQLite's
 * runs in an immediate transaction, PostgreSQL's locks with FOR UPDATE SKIP LOCKED.
 *
 * Times are milliseconds since the epoch from the calling process's clock (`now`), compared with
 * those of other processes: on one host that is one clock; replicas on several hosts need their
 * clocks synchronised (NTP) to well within the lease.
 */

/**
 * Up to `limit` rows due by `dueBy` and not claimed by a live owner, claimed for `owner` until
 * `now + leaseMs`.
 *
 * SQLite: one UPDATE … WHERE key IN (SELECT … LIMIT n) RETURNING, run inside an immediate
 * transaction: the write lock is taken first, so no other process can claim between the select
 * and the update. PostgreSQL: the selected rows are locked with FOR UPDATE SKIP LOCKED, so
 * concurrent claimers skip each other's rows instead of waiting, and a row another claimer changed
 * meanwhile is checked again against the WHERE before it is taken.
 */
function claimStatement(tx: Tx, v: { owner: string; now: number; dueBy: number; leaseMs: number; limit: number }) {
  if (tx.backend === "sqlite") {
    return sql`update probe_schedule set owner = ${v.owner}, lease_until = ${v.now + v.leaseMs}
      where key in (
        select key from probe_schedule
        where next_due_at <= ${v.dueBy} and (owner is null or lease_until < ${v.now})
        order by next_due_at limit ${v.limit}
      )
      returning key, next_due_at as "nextDueAt"`;
  }
  return sql`with due as (
      select key from probe_schedule
      where next_due_at <= ${v.dueBy}::bigint and (owner is null or lease_until < ${v.now}::bigint)
      order by next_due_at limit ${v.limit}::bigint
      for update skip locked
    )
    update probe_schedule s set owner = ${v.owner}::text, lease_until = ${v.now + v.leaseMs}::bigint
    from due where s.key = due.key
    returning s.key, s.next_due_at as "nextDueAt"`;
}

/** The newest committed catalog version, read inside the claim's transaction. */
async function databaseVersion(tx: Tx): Promise<number> {
  const query = tx.backend === "sqlite" ? sql`select coalesce(max(seq), 0) as v from catalog_changes` : sql`select version as v from catalog_version where id = 1`;
  return Number((await rows<{ v: number | string }>(tx, query))[0]?.v ?? 0);
}

/**
 * The schedule's key of a probe: a hash of the checker's probe key, which holds the endpoint's
 * URL and the name of its key variable (a URL from a variable may carry credentials; the table
 * is read by status views and copied around with the database).
 */
export function scheduleKey(probeKey: string): string {
  return createHash("sha256").update(probeKey).digest("base64url").slice(0, 32);
}

export interface ScheduleOptions {
  /** This server's name in the `owner` column. */
  owner: string;
  /** How long a claim lasts unless renewed. */
  leaseMs: number;
  now?: () => number;
}

export interface ScheduleRow {
  key: string;
  nextDueAt: number;
  owner: string | null;
  leaseUntil: number | null;
}

/** The keys that should have rows, and the catalog version they were read at (the sweeper's plan). */
export interface SchedulePlan {
  keys: ReadonlySet<string>;
  /** The snapshot version of the plan; omitted: trusted whatever the database's version. */
  version?: number;
}

/** What one claim did. */
export interface Claim {
  /** Rows claimed for this owner, lease until `leaseUntil`: each key and the time it was due. */
  claimed: { key: string; nextDueAt: number }[];
  leaseUntil: number;
  /** Rows added (endpoints that appeared, due now) and removed (endpoints that went) on the way. */
  added: number;
  removed: number;
  /** Whether the plan was applied: false when none was given or it was older than the database. */
  synced: boolean;
}

/** Rows per insert of new keys (two parameters each: well within both dialects' limits). */
const ADD_CHUNK = 1_000;

type Execute<T> = { execute(values: Record<string, unknown>): PromiseLike<T> };
const completeStatements = new WeakMap<object, Execute<{ key: string }[]>>();
const releaseStatements = new WeakMap<object, Execute<unknown>>();

/** The schedule over the store, on SQLite or PostgreSQL. */
export class ProbeSchedule {
  constructor(
    private readonly store: Store,
    readonly options: ScheduleOptions,
  ) {}

  get owner(): string {
    return this.options.owner;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * In one transaction (SQLite; on PostgreSQL statement by statement, the claim being one):
   * when a `plan` is given and it is not older than the database's catalog
   * version (read inside the transaction, so a plan from a snapshot that missed a commit is not
   * applied: it could remove the row of an endpoint another server just added), rows are added
   * for new keys (due now) and removed for keys no longer planned; then up to `limit` rows due by
   * `dueBy` (default now) and not claimed by a live owner are claimed. On SQLite it throws
   * DatabaseBusyError when another process holds the write lock past the busy timeout.
   */
  async claim(limit: number, options: { plan?: SchedulePlan | null; dueBy?: number } = {}): Promise<Claim> {
    return outsideCatalog(this.store, async (tx): Promise<Claim> => {
      const { probeSchedule } = tx.t;
      const now = this.now();
      let added = 0;
      let removed = 0;
      let synced = false;
      const plan = options.plan;
      if (plan && (plan.version === undefined || plan.version >= (await databaseVersion(tx)))) {
        synced = true;
        const existing = new Set((await tx.select({ key: probeSchedule.key }).from(probeSchedule)).map((r) => r.key));
        // Sorted: concurrent claimers on PostgreSQL then lock the same keys in the same order.
        const gone = [...existing].filter((k) => !plan.keys.has(k)).sort();
        const fresh = [...plan.keys].filter((k) => !existing.has(k)).sort();
        for (let i = 0; i < gone.length; i += ADD_CHUNK) {
          const chunk = gone.slice(i, i + ADD_CHUNK);
          removed += (await tx.delete(probeSchedule).where(inJson(tx, probeSchedule.key, chunk)).returning({ key: probeSchedule.key })).length;
        }
        // Due now, and by `dueBy` (taken before this transaction began): claimable at once.
        const due = new Date(Math.min(now, options.dueBy ?? now));
        for (let i = 0; i < fresh.length; i += ADD_CHUNK) {
          const values = fresh.slice(i, i + ADD_CHUNK).map((key) => ({ key, nextDueAt: due }));
          added += (await tx.insert(probeSchedule).values(values).onConflictDoNothing().returning({ key: probeSchedule.key })).length;
        }
      }
      const leaseUntil = now + this.options.leaseMs;
      const claimed =
        limit > 0
          ? (await rows<{ key: string; nextDueAt: number | string }>(tx, claimStatement(tx, { owner: this.owner, now, dueBy: options.dueBy ?? now, leaseMs: this.options.leaseMs, limit }))).map(
              (r) => ({ key: r.key, nextDueAt: Number(r.nextDueAt) }),
            )
          : [];
      return { claimed, leaseUntil, added, removed, synced };
    });
  }

  /** Extends this owner's live claims on `keys`; returns the keys still held and the new lease end. */
  async renew(keys: readonly string[]): Promise<{ held: Set<string>; leaseUntil: number }> {
    if (keys.length === 0) return { held: new Set(), leaseUntil: this.now() + this.options.leaseMs };
    return outsideCatalog(this.store, async (tx) => {
      const { probeSchedule } = tx.t;
      const now = this.now();
      const held = await tx
        .update(probeSchedule)
        .set({ leaseUntil: new Date(now + this.options.leaseMs) })
        .where(and(eq(probeSchedule.owner, this.owner), gte(probeSchedule.leaseUntil, new Date(now)), inJson(tx, probeSchedule.key, keys)))
        .returning({ key: probeSchedule.key });
      return { held: new Set(held.map((r) => r.key)), leaseUntil: now + this.options.leaseMs };
    });
  }

  /**
   * The fence: in one write transaction of the store, if this owner's claim on `key` still holds,
   * gives the row back due at `nextDueAt` and runs `write` (the results) in the same transaction;
   * otherwise changes nothing. Returns whether the claim held (and `write` ran).
   */
  async complete(key: string, nextDueAt: number, write: (tx: Tx) => Promise<void>): Promise<boolean> {
    return (await this.completeMany([{ key, nextDueAt }], (tx) => write(tx))).has(key);
  }

  /**
   * The fence for a batch of finished probes, in one write transaction of the store: every row
   * this owner's claim still holds (owner and `lease_until ≥ now`, now read inside the
   * transaction) is given back due at its `nextDueAt`; then `write` runs with the keys that held
   * (not at all when none did), in the same transaction. The others change nothing. Returns the
   * keys that held.
   *
   * On PostgreSQL the transaction does not lock the catalog version row at BEGIN: the fence is
   * one statement on probe_schedule (rows only this owner's claims hold), and `write` should
   * write its catalog rows (upstream_health) last, so the version row is taken by that
   * statement's trigger and held only to the commit. A row fenced here stays locked to the commit,
   * so no other server can claim it in between.
   */
  async completeMany(entries: readonly { key: string; nextDueAt: number }[], write: (tx: Tx, held: ReadonlySet<string>) => Promise<void>): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    // Sorted: two transactions that lock the same rows lock them in one order.
    const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const { value } = await this.store.transaction(
      async (tx) => {
        const now = this.now();
        const held = new Set<string>();
        if (tx.backend === "sqlite") {
          // Synchronous statements: one per row costs less than building a statement per batch.
          const { probeSchedule } = tx.t;
          const p = sql.placeholder;
          const statement = stmt(completeStatements, tx, () =>
            tx
              .update(probeSchedule)
              .set({ owner: null, leaseUntil: null, nextDueAt: sql`${p("nextDueAt")}` })
              .where(and(eq(probeSchedule.key, sql`${p("key")}`), eq(probeSchedule.owner, sql`${p("owner")}`), gte(probeSchedule.leaseUntil, sql`${p("now")}`)))
              .returning({ key: probeSchedule.key })
              .prepare(),
          );
          for (const { key, nextDueAt } of sorted) if ((await statement.execute({ key, owner: this.owner, now, nextDueAt })).length === 1) held.add(key);
        } else {
          // One round trip for the batch.
          const json = JSON.stringify(sorted.map((e) => ({ k: e.key, n: e.nextDueAt })));
          const fenced = await rows<{ key: string }>(
            tx,
            sql`update probe_schedule s set owner = null, lease_until = null, next_due_at = (j.value->>'n')::bigint
              from json_array_elements(${json}::json) as j(value)
              where s.key = j.value->>'k' and s.owner = ${this.owner}::text and s.lease_until >= ${now}::bigint
              returning s.key`,
          );
          for (const r of fenced) held.add(r.key);
        }
        if (held.size > 0) await write(tx, held);
        return held;
      },
      undefined,
      { lockFirst: false },
    );
    return value;
  }

  /** Gives a claim back unprobed: the row stays due, for any server to claim. */
  async release(key: string): Promise<void> {
    await outsideCatalog(this.store, async (tx) => {
      const { probeSchedule } = tx.t;
      const p = sql.placeholder;
      const statement = stmt(releaseStatements, tx, () =>
        tx
          .update(probeSchedule)
          .set({ owner: null, leaseUntil: null })
          .where(and(eq(probeSchedule.key, sql`${p("key")}`), eq(probeSchedule.owner, sql`${p("owner")}`)))
          .prepare(),
      );
      await statement.execute({ key, owner: this.owner });
    });
  }

  /** Every row, by key (status views, tests). */
  async rows(): Promise<ScheduleRow[]> {
    const tx = this.store.db;
    const { probeSchedule } = tx.t;
    const found = await tx.select().from(probeSchedule).orderBy(asc(probeSchedule.key));
    return found.map((r) => ({ key: r.key, nextDueAt: r.nextDueAt.getTime(), owner: r.owner, leaseUntil: r.leaseUntil?.getTime() ?? null }));
  }

  /** One row, if the key has one (tests). */
  async row(key: string): Promise<ScheduleRow | undefined> {
    const tx = this.store.db;
    const { probeSchedule } = tx.t;
    const r = await one(tx.select().from(probeSchedule).where(eq(probeSchedule.key, key)).limit(1));
    return r && { key: r.key, nextDueAt: r.nextDueAt.getTime(), owner: r.owner, leaseUntil: r.leaseUntil?.getTime() ?? null };
  }
}
