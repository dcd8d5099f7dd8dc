import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { healthHistory, upstreamHealth, type HealthHistoryRow, type UpstreamHealthRow } from "../db/schema.ts";
import { DatabaseBusyError } from "../errors.ts";
import { shownReason } from "./reasons.ts";
import { HealthStatus, UNKNOWN_HEALTH, type HealthView } from "./status.ts";

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

/** Rows by upstream; their reasons as they may be shown (see shownReason). */
function keyed<T extends UpstreamRef & { error: string | null }>(refs: readonly UpstreamRef[], rows: T[]): Map<string, T[]> {
  const wanted = new Map(refs.map((r) => [upstreamKey(r), [] as T[]]));
  for (const row of rows) {
    const error = shownReason(row.error);
    wanted.get(upstreamKey(row))?.push(error === row.error ? row : { ...row, error });
  }
  return wanted;
}

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

/** Stored per-upstream health and its history. Nothing here sends network traffic. */
/** How long a result batch waits before it tries the write lock again, and how many wait at most. */
const BUSY_RETRY_MS = 250;
const MAX_PENDING_RESULTS = 10_000;

export class HealthStore {
  constructor(
    private readonly db: Db,
    private readonly options: HealthStoreOptions,
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Raw stored rows, one statement for any number of upstreams. */
  rows(refs: readonly UpstreamRef[]): Map<string, UpstreamHealthRow> {
    const result = new Map<string, UpstreamHealthRow>();
    if (refs.length === 0) return result;
    const providerIds = [...new Set(refs.map((r) => r.providerId))];
    const rows = this.db.select().from(upstreamHealth).where(inArray(upstreamHealth.providerId, providerIds)).all();
    for (const [key, list] of keyed(refs, rows)) if (list[0]) result.set(key, list[0]);
    return result;
  }

  /** Health as shown: stale results read as UNKNOWN (their time and error kept). */
  readMany(refs: readonly UpstreamRef[]): Map<string, HealthView> {
    const rows = this.rows(refs);
    const result = new Map<string, HealthView>();
    for (const ref of refs) {
      const key = upstreamKey(ref);
      const row = rows.get(key);
      result.set(key, row ? this.view(row, ref) : { ...UNKNOWN_HEALTH, upstream: ref });
    }
    return result;
  }

  /** `select 1`: throws when the database is closed or broken (readiness probes; no upstream traffic). */
  ping(): void {
    this.db.get(sql`select 1`);
  }

  read(ref: UpstreamRef): HealthView {
    return this.readMany([ref]).get(upstreamKey(ref))!;
  }

  private view(row: UpstreamHealthRow, ref: UpstreamRef): HealthView {
    const stale = this.now() - row.checkedAt.getTime() > this.options.staleAfterMs;
    return {
      status: stale ? HealthStatus.UNKNOWN : (row.status as HealthStatus),
      checkedAt: row.checkedAt,
      latencyMs: row.latencyMs,
      error: row.error,
      consecutiveFailures: row.consecutiveFailures,
      upstream: ref,
    };
  }

  /*
   * The two writes of every probe result, prepared once: a sweep writes thousands of them and
   * building each statement anew cost more than the probes' own HTTP.
   */
  private readonly upsertHealth = this.db
    .insert(upstreamHealth)
    .values({ ...RESULT_PLACEHOLDERS, consecutiveFailures: sql.placeholder("failures") })
    .onConflictDoUpdate({
      target: [upstreamHealth.providerId, upstreamHealth.model, upstreamHealth.apiBase],
      set: {
        status: sql`excluded.status`,
        checkedAt: sql`excluded.checked_at`,
        latencyMs: sql`excluded.latency_ms`,
        error: sql`excluded.error`,
        // A run of UNHEALTHY results counts up; anything else resets it.
        consecutiveFailures: sql`case when excluded.status = 'UNHEALTHY' then ${upstreamHealth.consecutiveFailures} + 1 else 0 end`,
      },
    })
    .prepare();

  private readonly insertHistory = this.db.insert(healthHistory).values(RESULT_PLACEHOLDERS).prepare();

  /** Results that could not be written because another process held the write lock. */
  private pending: HealthRecord[] = [];
  private retry: NodeJS.Timeout | undefined;

  /**
   * Writes results and their history in one transaction; counts consecutive failures. While
   * another process holds the write lock (DatabaseBusyError, after the server's short busy
   * timeout) the results are kept and written with the next batch or a retry shortly after, so a
   * probe's work is never thrown away and the caller never fails for it.
   */
  record(records: readonly HealthRecord[]): void {
    const batch = this.pending.length > 0 ? [...this.pending, ...records] : records;
    if (batch.length === 0) return;
    try {
      this.write(batch);
      this.pending = [];
      for (const listener of this.recordListeners) {
        try {
          listener(batch);
        } catch {
          // A listener's failure is its own (metrics); the results are written.
        }
      }
    } catch (error) {
      if (!(error instanceof DatabaseBusyError)) throw error;
      // The newest results matter most; a lock held for very long must not grow this without end.
      this.pending = batch.slice(-MAX_PENDING_RESULTS);
      this.retry ??= setTimeout(() => {
        this.retry = undefined;
        try {
          this.record([]);
        } catch {
          // A broken database shows in readiness and in the next write's error.
        }
      }, BUSY_RETRY_MS);
      this.retry.unref();
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

  private write(records: readonly HealthRecord[]): void {
    this.db.transaction(
      () => {
        for (const r of records) {
          const params = {
            ...r.ref,
            status: r.status,
            checkedAt: r.checkedAt,
            latencyMs: r.latencyMs,
            // Reasons are fixed texts already; this is the last guard before the disk.
            error: shownReason(r.error),
            failures: r.status === HealthStatus.UNHEALTHY ? 1 : 0,
          };
          this.upsertHealth.run(params);
          this.insertHistory.run(params);
        }
      },
      { behavior: "immediate" },
    );
  }

  /** History since `since`, oldest first, for any number of upstreams in one statement. */
  historySince(refs: readonly UpstreamRef[], since: Date): Map<string, HealthHistoryRow[]> {
    if (refs.length === 0) return new Map();
    const rows = this.db
      .select()
      .from(healthHistory)
      .where(and(inArray(healthHistory.providerId, [...new Set(refs.map((r) => r.providerId))]), gte(healthHistory.checkedAt, since)))
      .orderBy(healthHistory.checkedAt, healthHistory.id)
      .all();
    return keyed(refs, rows);
  }

  /** The latest `last` results per upstream, newest first, in one statement. */
  latest(refs: readonly UpstreamRef[], last: number): Map<string, HealthHistoryRow[]> {
    if (refs.length === 0 || last <= 0) return keyed(refs, []);
    const ranked = this.db
      .select({
        id: healthHistory.id,
        rank: sql<number>`row_number() over (partition by ${healthHistory.providerId}, ${healthHistory.model}, ${healthHistory.apiBase} order by ${healthHistory.checkedAt} desc, ${healthHistory.id} desc)`.as("rank"),
      })
      .from(healthHistory)
      .where(inArray(healthHistory.providerId, [...new Set(refs.map((r) => r.providerId))]))
      .as("ranked");
    const rows = this.db
      .select({ row: healthHistory })
      .from(healthHistory)
      .innerJoin(ranked, eq(ranked.id, healthHistory.id))
      .where(sql`${ranked.rank} <= ${last}`)
      .orderBy(desc(healthHistory.checkedAt), desc(healthHistory.id))
      .all()
      .map((r) => r.row);
    return keyed(refs, rows);
  }

  /** Drops history older than the retention, and beyond `maxPerUpstream` rows per upstream. */
  prune(retentionMs: number, maxPerUpstream: number): number {
    const cutoff = new Date(this.now() - retentionMs);
    let removed = this.db.delete(healthHistory).where(lt(healthHistory.checkedAt, cutoff)).run().changes;
    removed += this.db.run(sql`
      delete from health_history where id in (
        select id from (
          select id, row_number() over (partition by provider_id, model, api_base order by checked_at desc, id desc) as rank
          from health_history
        ) where rank > ${maxPerUpstream}
      )`).changes;
    return removed;
  }
}
