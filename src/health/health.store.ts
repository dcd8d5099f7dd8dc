import { inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { upstreamHealth, type UpstreamHealthRow } from "../db/schema.ts";
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

/** Reads stored per-upstream health. Nothing here sends network traffic. */
export class HealthStore {
  constructor(
    private readonly db: Db,
    private readonly options: HealthStoreOptions,
  ) {}

  /** One statement for any number of upstreams. */
  readMany(refs: readonly UpstreamRef[]): Map<string, HealthView> {
    const result = new Map<string, HealthView>();
    if (refs.length === 0) return result;
    const providerIds = [...new Set(refs.map((r) => r.providerId))];
    const wanted = new Set(refs.map(upstreamKey));
    const rows = this.db.select().from(upstreamHealth).where(inArray(upstreamHealth.providerId, providerIds)).all();
    for (const row of rows) {
      const key = upstreamKey(row);
      if (wanted.has(key)) result.set(key, this.view(row));
    }
    return result;
  }

  private view(row: UpstreamHealthRow): HealthView {
    const now = this.options.now?.() ?? Date.now();
    const stale = now - row.checkedAt.getTime() > this.options.staleAfterMs;
    return {
      status: stale ? HealthStatus.UNKNOWN : (row.status as HealthStatus),
      checkedAt: row.checkedAt,
      latencyMs: row.latencyMs,
      error: row.error,
      consecutiveFailures: row.consecutiveFailures,
    };
  }

  read(ref: UpstreamRef): HealthView {
    return this.readMany([ref]).get(upstreamKey(ref)) ?? UNKNOWN_HEALTH;
  }
}
