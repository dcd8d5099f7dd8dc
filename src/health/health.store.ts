import { and, desc, eq, gte, sql } from "drizzle-orm";
import { connectionLost } from "../db/store.ts";
import type { HealthHistoryRow, UpstreamHealthRow } from "../db/schema.ts";
import { exec, inJson, rows, stmt, type Store, type Tx } from "../db/store.ts";
import { DatabaseBusyError } from "../errors.ts";
import { shownReason } from "./reasons.ts";
import { HealthStatus } from "./status.ts";

/** The identity of an upstream: (provider, model, effective API base without trailing slash). */
export interface UpstreamRef {
  providerId: number;
  model: string;
  apiBase: string;
}

export function upstreamKey(ref: UpstreamRef): string {
  return `${ref.providerId}\u0000${ref.model}\u0000${ref.apiBase}`;
}

export interface HealthStoreOptions {
  /** Results older than this read as UNKNOWN. */
  staleAfterMs: number;
  now?: () => number;
}

/** One probe result for one upstream, as written. */
export interface HealthRecord {
  ref: UpstreamRef;
  status: HealthStatus;
  latencyMs: number | null;
  error: string | null;
  checkedAt: Date;
}

/** PostgreSQL errors worth a second attempt (a deadlock victim, a serialization failure). */
const RETRYABLE = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

/**
 * Writes to tables outside the catalog (probe leases, the probe schedule, health history).
 * SQLite: one write transaction of the store (this connection has one writer at a time; BEGIN
 * IMMEDIATE). PostgreSQL: the statements run on the pool, each committing by itself, without the
 * catalog version row that the store's transactions lock first, so that claims and leases of
 * several replicas run side by side instead of taking turns with every catalog write. Every write
 * that must be atomic is one statement (a claim locks and takes its rows in one), and `work` is
 * run again when PostgreSQL picked one as a deadlock victim, so it must be safe to repeat.
 * `work` must not write catalog tables.
 */
export async function outsideCatalog<T>(store: Store, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (store.dialect === "sqlite") return (await store.transaction(work)).value;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(store.db);
    } catch (error) {
      if (attempt < ATTEMPTS && RETRYABLE.has(String((error as { code?: unknown })?.code ?? ""))) continue;
      throw error;
    }
  }
}

/** Rows by upstream; their reasons as they may be shown (see shownReason). */
function keyed<T extends UpstreamRef & { error: string | null }>(refs: readonly UpstreamRef[], rows: T[]): Map<string, T[]> {
  const wanted = new Map(refs.map((r) => [upstreamKey(r), [] as T[]]));
  for (const row of rows) {
    const error = shownReason(row.error);
    wanted.get(upstreamKey(row))?.push(error === row.error ? row : { ...row, error });
  }
  return wanted;
}

const providerIdsOf = (refs: readonly UpstreamRef[]) => [...new Set(refs.map((r) => r.providerId))];

/** The columns one probe result writes, to both upstream_health and health_history. */
const RESULT_PLACEHOLDERS = {
  providerId: sql.placeholder("providerId"),
  model: sql.placeholder("model"),
  apiBase: sql.placeholder("apiBase"),
  status: sql.placeholder("status"),
  checkedAt: sql.placeholder("checkedAt"),
  latencyMs: sql.placeholder("latencyMs"),
  error: sql.placeholder("error"),
};

/** A result as the two tables' columns. */
function resultRow(r: HealthRecord) {
  return {
    ...r.ref,
    status: r.status,
    checkedAt: r.checkedAt,
    latencyMs: r.latencyMs,
    // Reasons are fixed texts already; this is the last guard before the disk.
    error: shownReason(r.error),
  };
}

/**
 * Results in rounds where no upstream appears twice (a PostgreSQL upsert may not touch one row
 * twice in a statement), each round in the order given, each upstream's results in order.
 */
function rounds(records: readonly HealthRecord[]): HealthRecord[][] {
  const out: HealthRecord[][] = [];
  const seen = new Map<string, number>();
  for (const r of records) {
    const key = upstreamKey(r.ref);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (out[round] ??= []).push(r);
  }
  return out;
}

/** What a result does to the upstream's stored row. */
function healthUpsert(tx: Tx) {
  const { upstreamHealth } = tx.t;
  return {
    target: [upstreamHealth.providerId, upstreamHealth.model, upstreamHealth.apiBase],
    set: {
      status: sql`excluded.status`,
      checkedAt: sql`excluded.checked_at`,
      latencyMs: sql`excluded.latency_ms`,
      error: sql`excluded.error`,
      // A run of UNHEALTHY results counts up; anything else resets it.
      consecutiveFailures: sql`case when excluded.status = 'UNHEALTHY' then ${upstreamHealth.consecutiveFailures} + 1 else 0 end`,
    },
  };
}

/** Rows per multi-row statement on PostgreSQL (8 parameters each: within its 65,535). */
const PG_CHUNK = 4_000;

type Execute = { execute(values: Record<string, unknown>): PromiseLike<unknown> };
const upsertStatements = new WeakMap<object, Execute>();
const historyStatements = new WeakMap<object, Execute>();

/** How long a result batch waits before it tries the write lock again, and how many wait at most. */
const BUSY_RETRY_MS = 250;
const MAX_PENDING_RESULTS = 10_000;

/** Stored per-upstream health and its history. Nothing here sends network traffic. */
export class HealthStore {
  constructor(
    private readonly store: Store,
    private readonly options: HealthStoreOptions,
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Raw stored rows, one statement for any number of upstreams. */
  async rows(refs: readonly UpstreamRef[]): Promise<Map<string, UpstreamHealthRow>> {
    const result = new Map<string, UpstreamHealthRow>();
    if (refs.length === 0) return result;
    const tx = this.store.db;
    const { upstreamHealth } = tx.t;
    const found = await tx.select().from(upstreamHealth).where(inJson(tx, upstreamHealth.providerId, providerIdsOf(refs)));
    for (const [key, list] of keyed(refs, found)) if (list[0]) result.set(key, list[0]);
    return result;
  }

  /** `select 1`: throws when the database is closed or broken (readiness probes; no upstream traffic). */
  async ping(): Promise<void> {
    await rows(this.store.db, sql`select 1`);
  }

  /** Results that could not be written because another process held the write lock (or the connection was lost). */
  private pending: HealthRecord[] = [];
  private retry: NodeJS.Timeout | undefined;

  /**
   * Writes results and their history in one transaction of the store; counts consecutive
   * failures. While another process holds the write lock (DatabaseBusyError, after the server's
   * short busy timeout) or the database connection is lost, the results are kept and written with
   * the next batch or a retry shortly after, so a probe's work is not thrown away and the caller
   * does not fail for it.
   */
  async record(records: readonly HealthRecord[]): Promise<void> {
    const batch = this.pending.length > 0 ? [...this.pending, ...records] : [...records];
    this.pending = [];
    if (batch.length === 0) return;
    try {
      await this.store.transaction(async (tx) => this.write(tx, batch));
    } catch (error) {
      if (!(error instanceof DatabaseBusyError) && !connectionLost(error)) throw error;
      // The newest results matter most; a lock held for very long must not grow this without end.
      this.pending = [...batch, ...this.pending].slice(-MAX_PENDING_RESULTS);
      this.retry ??= setTimeout(() => {
        this.retry = undefined;
        // A broken database shows in readiness and in the next write's error.
        this.record([]).catch(() => {});
      }, BUSY_RETRY_MS);
      this.retry.unref();
      return;
    }
    this.announce(batch);
  }

  /**
   * Writes results inside the caller's write transaction (the sweeper's fence), without telling
   * the listeners: the caller calls `announce` once it has committed.
   */
  async write(tx: Tx, records: readonly HealthRecord[]): Promise<void> {
    const { upstreamHealth, healthHistory } = tx.t;
    if (tx.backend === "sqlite") {
      /*
       * The two writes of every probe result, prepared once per connection: a sweep writes
       * thousands of them and building each statement anew cost more than the probes' own HTTP.
       */
      const upsertOne = stmt(upsertStatements, tx, () =>
        tx
          .insert(upstreamHealth)
          .values({ ...RESULT_PLACEHOLDERS, consecutiveFailures: sql.placeholder("failures") })
          .onConflictDoUpdate(healthUpsert(tx))
          .prepare(),
      );
      const historyOne = stmt(historyStatements, tx, () => tx.insert(healthHistory).values(RESULT_PLACEHOLDERS).prepare());
      for (const r of records) {
        const params = { ...resultRow(r), failures: r.status === HealthStatus.UNHEALTHY ? 1 : 0 };
        await upsertOne.execute(params);
        await historyOne.execute(params);
      }
      return;
    }
    // PostgreSQL: a statement per batch, whose statement triggers log it in one insert (each row a
    // round trip would cost more than the probes). The history first, upstream_health last: its
    // statement trigger takes the catalog version row (a transaction begun without it holds it
    // only from there to the commit).
    for (let i = 0; i < records.length; i += PG_CHUNK) await tx.insert(healthHistory).values(records.slice(i, i + PG_CHUNK).map(resultRow));
    for (const round of rounds(records)) {
      for (let i = 0; i < round.length; i += PG_CHUNK) {
        const values = round.slice(i, i + PG_CHUNK).map((r) => ({ ...resultRow(r), consecutiveFailures: r.status === HealthStatus.UNHEALTHY ? 1 : 0 }));
        await tx
          .insert(upstreamHealth)
          .values(values)
          .onConflictDoUpdate(healthUpsert(tx));
      }
    }
  }

  /** Tells the listeners of results written and committed (record does it itself). */
  announce(records: readonly HealthRecord[]): void {
    for (const listener of this.recordListeners) {
      try {
        listener(records);
      } catch {
        // A listener's failure is its own (metrics); the results are written.
      }
    }
  }

  private readonly recordListeners = new Set<(records: readonly HealthRecord[]) => void>();

  /** Calls `listener` with every batch of results once it is written (metrics). Returns the unsubscribe function. */
  onRecord(listener: (records: readonly HealthRecord[]) => void): () => void {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  /** Results waiting for the write lock (tests, status). */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** History since `since`, oldest first, for any number of upstreams in one statement. */
  async historySince(refs: readonly UpstreamRef[], since: Date): Promise<Map<string, HealthHistoryRow[]>> {
    if (refs.length === 0) return new Map();
    const tx = this.store.db;
    const { healthHistory } = tx.t;
    const found = await tx
      .select()
      .from(healthHistory)
      .where(and(inJson(tx, healthHistory.providerId, providerIdsOf(refs)), gte(healthHistory.checkedAt, since)))
      .orderBy(healthHistory.checkedAt, healthHistory.id);
    return keyed(refs, found);
  }

  /** The latest `last` results per upstream, newest first, in one statement. */
  async latest(refs: readonly UpstreamRef[], last: number): Promise<Map<string, HealthHistoryRow[]>> {
    if (refs.length === 0 || last <= 0) return keyed(refs, []);
    const tx = this.store.db;
    const { healthHistory } = tx.t;
    const ranked = tx
      .select({
        id: healthHistory.id,
        rank: sql<number>`row_number() over (partition by ${healthHistory.providerId}, ${healthHistory.model}, ${healthHistory.apiBase} order by ${healthHistory.checkedAt} desc, ${healthHistory.id} desc)`.as("rank"),
      })
      .from(healthHistory)
      .where(inJson(tx, healthHistory.providerId, providerIdsOf(refs)))
      .as("ranked");
    const found = await tx
      .select({ row: healthHistory })
      .from(healthHistory)
      .innerJoin(ranked, eq(ranked.id, healthHistory.id))
      .where(sql`${ranked.rank} <= ${last}`)
      .orderBy(desc(healthHistory.checkedAt), desc(healthHistory.id));
    return keyed(
      refs,
      found.map((r) => r.row),
    );
  }

  /** Drops history older than the retention, and beyond `maxPerUpstream` rows per upstream. */
  async prune(retentionMs: number, maxPerUpstream: number): Promise<number> {
    const cutoff = this.now() - retentionMs;
    return outsideCatalog(this.store, async (tx) => {
      let removed = await exec(tx, sql`delete from health_history where checked_at < ${cutoff}`);
      removed += await exec(
        tx,
        sql`delete from health_history where id in (
          select id from (
            select id, row_number() over (partition by provider_id, model, api_base order by checked_at desc, id desc) as rank
            from health_history
          ) as ranked where rank > ${maxPerUpstream}
        )`,
      );
      return removed;
    });
  }
}
