import DataLoader from "dataloader";
import type { Catalog } from "../../catalog/catalog.ts";
import type { HealthHistoryRow } from "../../db/schema.ts";
import { upstreamKey, type UpstreamRef } from "../../health/health.store.ts";

/**
 * Health history is not in the snapshot (it grows with every probe): these loaders batch its
 * reads into one statement per level of the query, whatever the size of the result. Built on a
 * request's first history field.
 */
export function createLoaders(catalog: Catalog) {
  return {
    /** The last 24 hours of probe results per upstream, oldest first (uptime and latency). */
    healthDayByUpstream: new DataLoader<UpstreamRef, HealthHistoryRow[], string>(
      async (refs) => {
        const found = await catalog.health.historySince(refs, new Date(Date.now() - 86_400_000));
        return refs.map((r) => found.get(upstreamKey(r)) ?? []);
      },
      { cacheKeyFn: upstreamKey },
    ),
    /** The latest `last` results per upstream, newest first. */
    healthLatestByUpstream: new DataLoader<{ ref: UpstreamRef; last: number }, HealthHistoryRow[], string>(
      async (keys) => {
        const last = Math.max(...keys.map((k) => k.last));
        const found = await catalog.health.latest(
          keys.map((k) => k.ref),
          last,
        );
        return keys.map((k) => (found.get(upstreamKey(k.ref)) ?? []).slice(0, k.last));
      },
      { cacheKeyFn: (k) => `${upstreamKey(k.ref)}\u0000${k.last}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
