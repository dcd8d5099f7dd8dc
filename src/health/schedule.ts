import { createHash } from "node:crypto";
import type { Db } from "../db/client.ts";

/**
 * The fleet-wide probe schedule (docs/health.md, "One schedule for every server"): one row per
 * endpoint the sweeper probes, in `probe_schedule` (key, next_due_at, owner, lease_until). Every
 * server claims due rows in small batches, probes them and writes the results only while its
 * claim still holds (the fence), so each endpoint is probed once per interval whatever the number
 * of servers. A server that dies leaves its claims to expire; one that was frozen past its lease
 * finds its late results refused. No advisory locks: a frozen process would keep one.
 *
 * Times are milliseconds since the epoch from the calling process's clock (`now`), compared with
 * those of other processes: on one host that is one clock; replicas on several hosts need their
 * clocks synchronised (NTP) to well within the lease.
 */

export type Dialect = "sqlite" | "postgresql";

/** A statement's text in one dialect, and the order its parameters bind in (PostgreSQL's $1, $2, …). */
export interface ScheduleStatement {
  readonly text: string;
  readonly params: readonly string[];
}

export type ScheduleStatementName = "keys" | "add" | "remove" | "claim" | "renew" | "complete" | "release";

/*
 * SQLite's claim is one UPDATE … WHERE key IN (SELECT … LIMIT n) RETURNING, run inside an
 * immediate transaction: the write lock is taken first, so no other process can claim between
 * the select and the update. PostgreSQL's locks the selected rows with FOR UPDATE SKIP LOCKED:
 * concurrent claimers skip each other's rows instead of waiting, and a row another claimer
 * changed meanwhile is checked again against the WHERE before it is taken.
 */
const SQLITE: Record<ScheduleStatementName, string> = {
  keys: "select key from probe_schedule",
  add: "insert into probe_schedule (key, next_due_at) select value, @now from json_each(@keys) where true on conflict (key) do nothing",
  remove: "delete from probe_schedule where key in (select value from json_each(@keys))",
  claim: `update probe_schedule set owner = @owner, lease_until = @now + @leaseMs
    where key in (
      select key from probe_schedule
      where next_due_at <= @dueBy and (owner is null or lease_until < @now)
      order by next_due_at limit @limit
    )
    returning key, next_due_at as nextDueAt`,
  renew: `update probe_schedule set lease_until = @now + @leaseMs
    where owner = @owner and lease_until >= @now and key in (select value from json_each(@keys))
    returning key`,
  complete: `update probe_schedule set owner = null, lease_until = null, next_due_at = @nextDueAt
    where key = @key and owner = @owner and lease_until >= @now`,
  release: "update probe_schedule set owner = null, lease_until = null where key = @key and owner = @owner",
};

const POSTGRES: Record<ScheduleStatementName, ScheduleStatement> = {
  keys: { text: "select key from probe_schedule", params: [] },
  add: {
    text: "insert into probe_schedule (key, next_due_at) select k, $2::bigint from unnest($1::text[]) as k on conflict (key) do nothing",
    params: ["keys", "now"],
  },
  remove: { text: "delete from probe_schedule where key = any($1::text[])", params: ["keys"] },
  claim: {
    text: `with due as (
      select key from probe_schedule
      where next_due_at <= $3::bigint and (owner is null or lease_until < $2::bigint)
      order by next_due_at limit $5::bigint
      for update skip locked
    )
    update probe_schedule s set owner = $1::text, lease_until = $2::bigint + $4::bigint
    from due where s.key = due.key
    returning s.key, s.next_due_at as "nextDueAt"`,
    params: ["owner", "now", "dueBy", "leaseMs", "limit"],
  },
  renew: {
    text: `update probe_schedule set lease_until = $2::bigint + $3::bigint
    where owner = $1::text and lease_until >= $2::bigint and key = any($4::text[])
    returning key`,
    params: ["owner", "now", "leaseMs", "keys"],
  },
  complete: {
    text: `update probe_schedule set owner = null, lease_until = null, next_due_at = $4::bigint
    where key = $1::text and owner = $2::text and lease_until >= $3::bigint`,
    params: ["key", "owner", "now", "nextDueAt"],
  },
  release: { text: "update probe_schedule set owner = null, lease_until = null where key = $1::text and owner = $2::text", params: ["key", "owner"] },
};

/**
 * The schedule's statements in `dialect`. SQLite's take named parameters (`@now`, `@keys` as a
 * JSON array); PostgreSQL's bind positionally in `params` order (`keys` as a text[]). `complete`
 * is the fence: it changes one row only while the caller's claim holds, and the caller writes the
 * results in the same transaction only when it did.
 */
export function scheduleStatements(dialect: Dialect): Readonly<Record<ScheduleStatementName, ScheduleStatement>> {
  if (dialect === "postgresql") return POSTGRES;
  const named = (text: string): ScheduleStatement => ({ text, params: [...new Set([...text.matchAll(/@(\w+)/g)].map((m) => m[1]!))] });
  return Object.fromEntries(Object.entries(SQLITE).map(([name, text]) => [name, named(text)])) as Record<ScheduleStatementName, ScheduleStatement>;
}

/** Binds named values for `statement` in `dialect`: an object for SQLite (key lists as JSON), an array for PostgreSQL. */
export function bindSchedule(dialect: Dialect, statement: ScheduleStatement, values: Readonly<Record<string, unknown>>): Record<string, unknown> | unknown[] {
  const value = (name: string) => {
    if (!(name in values)) throw new Error(`schedule statement parameter ${name} has no value`);
    const v = values[name];
    return dialect === "sqlite" && Array.isArray(v) ? JSON.stringify(v) : v;
  };
  if (dialect === "postgresql") return statement.params.map(value);
  return Object.fromEntries(statement.params.map((name) => [name, value(name)]));
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

/** What one claim did. */
export interface Claim {
  /** Rows claimed for this owner, lease until `leaseUntil`: each key and the time it was due. */
  claimed: { key: string; nextDueAt: number }[];
  leaseUntil: number;
  /** Rows added (endpoints that appeared, due now) and removed (endpoints that went) on the way. */
  added: number;
  removed: number;
}

/** The schedule on SQLite (better-sqlite3: synchronous). */
export class ProbeSchedule {
  private readonly sqlite: Db["$client"];
  private readonly statements = scheduleStatements("sqlite");

  constructor(
    db: Db,
    readonly options: ScheduleOptions,
  ) {
    this.sqlite = db.$client;
  }

  get owner(): string {
    return this.options.owner;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private run(name: ScheduleStatementName, values: Record<string, unknown>) {
    const statement = this.statements[name];
    return this.sqlite.prepare(statement.text).run(bindSchedule("sqlite", statement, values) as Record<string, unknown>);
  }

  private all<T>(name: ScheduleStatementName, values: Record<string, unknown>): T[] {
    const statement = this.statements[name];
    return this.sqlite.prepare(statement.text).all(bindSchedule("sqlite", statement, values) as Record<string, unknown>) as T[];
  }

  /**
   * In one immediate transaction: when `planned` gives the keys that should exist (it is called
   * inside the transaction, so a plan read from the catalog there sees every commit before this
   * one), rows are added for new keys (due now) and removed for keys no longer planned; then up to
   * `limit` rows due by `dueBy` (default now) and not claimed by a live owner are claimed.
   * Throws DatabaseBusyError when another process holds the write lock past the busy timeout.
   */
  claim(limit: number, options: { planned?: () => ReadonlySet<string> | null; dueBy?: number } = {}): Claim {
    return this.sqlite.transaction((): Claim => {
      const now = this.now();
      let added = 0;
      let removed = 0;
      const planned = options.planned?.();
      if (planned) {
        const existing = new Set(this.all<{ key: string }>("keys", {}).map((r) => r.key));
        const gone = [...existing].filter((k) => !planned.has(k));
        const fresh = [...planned].filter((k) => !existing.has(k));
        if (gone.length > 0) removed = this.run("remove", { keys: gone }).changes;
        // Due now, and by `dueBy` (taken before this transaction began): claimable at once.
        if (fresh.length > 0) added = this.run("add", { keys: fresh, now: Math.min(now, options.dueBy ?? now) }).changes;
      }
      const leaseUntil = now + this.options.leaseMs;
      const claimed =
        limit > 0
          ? this.all<{ key: string; nextDueAt: number }>("claim", { owner: this.owner, now, dueBy: options.dueBy ?? now, leaseMs: this.options.leaseMs, limit })
          : [];
      return { claimed, leaseUntil, added, removed };
    }).immediate();
  }

  /** Extends this owner's live claims on `keys`; returns the keys still held and the new lease end. */
  renew(keys: readonly string[]): { held: Set<string>; leaseUntil: number } {
    const now = this.now();
    if (keys.length === 0) return { held: new Set(), leaseUntil: now + this.options.leaseMs };
    const rows = this.all<{ key: string }>("renew", { owner: this.owner, now, leaseMs: this.options.leaseMs, keys });
    return { held: new Set(rows.map((r) => r.key)), leaseUntil: now + this.options.leaseMs };
  }

  /**
   * The fence: in one immediate transaction, if this owner's claim on `key` still holds, gives
   * the row back due at `nextDueAt` and runs `write` (the results); otherwise changes nothing.
   * Returns whether the claim held (and `write` ran).
   */
  complete(key: string, nextDueAt: number, write: () => void): boolean {
    return this.sqlite.transaction((): boolean => {
      const held = this.run("complete", { key, owner: this.owner, now: this.now(), nextDueAt }).changes === 1;
      if (held) write();
      return held;
    }).immediate();
  }

  /** Gives a claim back unprobed: the row stays due, for any server to claim. */
  release(key: string): void {
    this.run("release", { key, owner: this.owner });
  }

  /** Every row, by key (status views, tests). */
  rows(): ScheduleRow[] {
    return this.sqlite.prepare("select key, next_due_at as nextDueAt, owner, lease_until as leaseUntil from probe_schedule order by key").all() as ScheduleRow[];
  }
}
