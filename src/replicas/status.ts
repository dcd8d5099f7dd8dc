/**
 * The status view of a fleet (issue 13 "Operations", docs/replicas.md): what `GET /status` answers
 * and the `replicas` query reads. For this replica: its id, the catalog version its snapshot has
 * applied, the database kind and how it hears of other replicas' commits (the feed). For the
 * fleet: every replica in the registry (alive or gone, the version it had applied at its last
 * heartbeat, how many endpoints it holds a claim on, when it last probed), and the probe schedule
 * per endpoint (who holds it, until when, when it is next due, when its result was last stored).
 *
 * No secret is shown: an endpoint is named by its provider (id and name), model and API base as
 * stored (a URL, or an `os.environ/NAME` reference, never its value); keys never reach this file.
 */
import type { Catalog } from "../catalog/catalog.ts";
import { upstreamKey } from "../health/health.store.ts";
import type { ReplicaHeartbeat } from "./heartbeat.ts";
import { listReplicas, readSchedule, type ReplicaInfo } from "./registry.ts";

const heartbeats = new WeakMap<object, ReplicaHeartbeat>();

/** Makes `heartbeat` this catalog's replica (src/main.ts startServer; a test server has none). */
export function attachReplica(catalog: Catalog, heartbeat: ReplicaHeartbeat): void {
  heartbeats.set(catalog, heartbeat);
}

/** This catalog's replica heartbeat, if it runs as a server process. */
export function replicaOf(catalog: Catalog): ReplicaHeartbeat | undefined {
  return heartbeats.get(catalog);
}

/**
 * How a replica hears of commits made elsewhere. PostgreSQL: LISTEN/NOTIFY, with a poll of the
 * version row as the safety net; `connected` is the listener's connection. SQLite: the snapshot
 * store looks at the file's data_version (every 100 ms while anyone subscribes, else on read).
 */
export interface FeedStatus {
  mode: "listen" | "poll";
  /** The LISTEN connection is up (PostgreSQL); null when the snapshot store does not say. */
  connected: boolean | null;
  /** When the last notification arrived (ISO 8601), and the version it named; null if none yet or not reported. */
  lastNotificationAt: string | null;
  lastNotifiedVersion: number | null;
  /** The last catch-up: incremental (changes applied) or full (reason), and how long it took. */
  lastRefresh: { kind: string; changes: number; reason?: string; ms: number } | null;
}

export function feedStatus(catalog: Catalog): FeedStatus {
  const snapshots = catalog.snapshots;
  const report = snapshots.feedStatus?.();
  const refresh = snapshots.lastRefresh;
  const at = report?.lastNotificationAt;
  return {
    mode: catalog.store.dialect === "postgres" ? "listen" : "poll",
    connected: catalog.store.dialect === "postgres" ? (report?.listening ?? null) : null,
    lastNotificationAt: at != null ? new Date(at).toISOString() : null,
    lastNotifiedVersion: report?.lastNotifiedVersion ?? null,
    lastRefresh: refresh ? { kind: refresh.kind, changes: refresh.changes, ...(refresh.reason ? { reason: refresh.reason } : {}), ms: Math.round(refresh.ms * 10) / 10 } : null,
  };
}

/** An endpoint of the probe schedule as /status shows it. */
export interface ScheduleStatus {
  key: string;
  /** What one probe of this key covers (one list request covers every model of the endpoint). */
  upstreams: { providerId: number; provider: string | null; model: string; apiBase: string }[];
  /** The replica that claimed it last (null: unclaimed), until when, and whether that claim holds now. */
  owner: string | null;
  leaseUntil: string | null;
  claimed: boolean;
  nextDueAt: string;
  /** When a result for it was last stored (the newest of its upstreams), null if never. */
  lastCheckedAt: string | null;
}

export interface ReplicaStatus {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  seenAt: string;
  appliedVersion: number;
  alive: boolean;
  probing: number;
  lastProbeAt: string | null;
}

export interface Status {
  replica: { id: string | null; version: number; startedAt: string | null; heartbeat: { lastAt: string | null; error: string | null } | null };
  database: { kind: "sqlite" | "postgres" };
  feed: FeedStatus;
  replicas: ReplicaStatus[];
  schedule: { endpoints: number; claimed: number; items: ScheduleStatus[] };
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function replicaStatus(r: ReplicaInfo): ReplicaStatus {
  return { ...r, startedAt: iso(r.startedAt)!, seenAt: iso(r.seenAt)!, lastProbeAt: iso(r.lastProbeAt) };
}

/** Everything /status shows, read now (two statements; the rest from the snapshot). */
export async function readStatus(catalog: Catalog, now = Date.now()): Promise<Status> {
  const heartbeat = replicaOf(catalog);
  const view = catalog.read();
  const snapshot = view.snapshot;
  const [replicas, schedule] = await Promise.all([listReplicas(catalog.store, now), readSchedule(catalog.store)]);
  const plan = catalog.checker.sweepPlan(view);
  const items = schedule.map((row): ScheduleStatus => {
    const probe = plan.get(row.key);
    let checked: number | null = null;
    const upstreams = (probe?.upstreams ?? []).map((ref) => {
      const health = snapshot.health.get(upstreamKey(ref));
      if (health) checked = Math.max(checked ?? 0, health.checkedAt.getTime());
      return { providerId: ref.providerId, provider: snapshot.providers.get(ref.providerId)?.name ?? null, model: ref.model, apiBase: ref.apiBase };
    });
    return {
      key: row.key,
      upstreams,
      owner: row.owner,
      leaseUntil: iso(row.leaseUntil),
      claimed: row.owner !== null && row.leaseUntil !== null && row.leaseUntil >= now,
      nextDueAt: iso(row.nextDueAt)!,
      lastCheckedAt: iso(checked),
    };
  });
  return {
    replica: {
      id: heartbeat?.id ?? null,
      version: snapshot.version,
      startedAt: heartbeat ? iso(heartbeat.identity.startedAt) : null,
      heartbeat: heartbeat ? { lastAt: iso(heartbeat.lastBeatAt), error: heartbeat.lastError } : null,
    },
    database: { kind: catalog.store.dialect },
    feed: feedStatus(catalog),
    replicas: replicas.map(replicaStatus),
    schedule: { endpoints: items.length, claimed: items.filter((i) => i.claimed).length, items },
  };
}
