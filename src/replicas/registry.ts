/**
 * The replica registry (issue 13, docs/replicas.md): which server processes run on this database,
 * when each was last seen, the catalog version its snapshot has applied, and what it probes.
 *
 * Every `modelgraph serve` process has an identity made at start (`newReplicaIdentity`): a random
 * id that is also its `owner` in probe_schedule, so "which replica probes what" is one join. Its
 * heartbeat (src/replicas/heartbeat.ts) upserts its row of `replicas` every second and deletes it
 * on a clean shutdown. A process that died (kill -9, a lost host) leaves its row: it reads as gone
 * once not seen for ALIVE_MS, and is deleted PRUNE_AFTER_MS later by any live replica.
 *
 * `replicas` is not a catalog table: no change-log trigger, no version row lock. Its statements
 * run on `store.db`, outside any write transaction (`store.transaction` would take the version row
 * on PostgreSQL, and the writers' turn on SQLite, once a second per replica for nothing). The SQL
 * is the part both dialects share (`insert … on conflict … do update`), through `rows`/`exec`;
 * PostgreSQL's bigints and counts arrive as strings and are read with Number().
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import { exec, rows, type Store } from "../db/store.ts";

/** A replica not seen for this long reads as gone (its heartbeat is every HEARTBEAT_MS). */
export const ALIVE_MS = 30_000;
/** A row not seen for this long is deleted. */
export const PRUNE_AFTER_MS = 86_400_000;
/** How often a replica writes its row. */
export const HEARTBEAT_MS = 1_000;

export interface ReplicaIdentity {
  /** `host:pid:random`, new at every process start; the probe schedule's `owner` for this process. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** ms since the epoch. */
  readonly startedAt: number;
}

/**
 * A fresh identity for this process start. The id names the host and pid (readable in
 * probe_schedule.owner and pg_stat_activity-style listings) and 8 random hex digits, so a pid
 * reused after a restart, or the same pid in two containers, never gives the same id.
 */
export function newReplicaIdentity(now = Date.now()): ReplicaIdentity {
  const host = hostname();
  return { id: `${host}:${process.pid}:${randomBytes(4).toString("hex")}`, host, pid: process.pid, startedAt: now };
}

/** One row of the registry as the status views show it. */
export interface ReplicaInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  seenAt: number;
  /** The catalog version its snapshot had applied at its last heartbeat. */
  appliedVersion: number;
  /** When it last stored probe results (null: never since it started). */
  lastProbeAt: number | null;
  /** Seen within ALIVE_MS. */
  alive: boolean;
  /** Endpoints of the probe schedule it holds a live claim (lease) on now. */
  probing: number;
}

/** What a heartbeat writes. */
export interface Beat {
  seenAt: number;
  appliedVersion: number;
  lastProbeAt: number | null;
}

/** Inserts or refreshes this replica's row (one statement). */
export async function upsertReplica(store: Store, me: ReplicaIdentity, beat: Beat): Promise<void> {
  await exec(
    store.db,
    sql`insert into replicas (id, host, pid, started_at, seen_at, applied_version, last_probe_at)
      values (${me.id}, ${me.host}, ${me.pid}, ${me.startedAt}, ${beat.seenAt}, ${beat.appliedVersion}, ${beat.lastProbeAt})
      on conflict (id) do update set seen_at = excluded.seen_at, applied_version = excluded.applied_version, last_probe_at = excluded.last_probe_at`,
  );
}

/** Deletes this replica's row (clean shutdown). */
export async function removeReplica(store: Store, id: string): Promise<void> {
  await exec(store.db, sql`delete from replicas where id = ${id}`);
}

/** Deletes rows not seen for PRUNE_AFTER_MS; returns how many. */
export async function pruneReplicas(store: Store, now = Date.now()): Promise<number> {
  return exec(store.db, sql`delete from replicas where seen_at < ${now - PRUNE_AFTER_MS}`);
}

interface RawReplica {
  id: string;
  host: string;
  pid: number | string;
  started_at: number | string;
  seen_at: number | string;
  applied_version: number | string;
  last_probe_at: number | string | null;
  probing: number | string;
}

/** Every replica in the registry, oldest start first, with its live claims counted at `now`. */
export async function listReplicas(store: Store, now = Date.now()): Promise<ReplicaInfo[]> {
  const found = await rows<RawReplica>(
    store.db,
    sql`select r.id, r.host, r.pid, r.started_at, r.seen_at, r.applied_version, r.last_probe_at,
        (select count(*) from probe_schedule s where s.owner = r.id and s.lease_until >= ${now}) as probing
      from replicas r order by r.started_at, r.id`,
  );
  return found.map((r) => {
    const seenAt = Number(r.seen_at);
    return {
      id: r.id,
      host: r.host,
      pid: Number(r.pid),
      startedAt: Number(r.started_at),
      seenAt,
      appliedVersion: Number(r.applied_version),
      lastProbeAt: r.last_probe_at === null ? null : Number(r.last_probe_at),
      alive: now - seenAt < ALIVE_MS,
      probing: Number(r.probing),
    };
  });
}

/** One row of the probe schedule (times in ms; owner and lease null when unclaimed). */
export interface ScheduleEntry {
  key: string;
  nextDueAt: number;
  owner: string | null;
  leaseUntil: number | null;
}

/** The whole probe schedule, soonest due first. */
export async function readSchedule(store: Store): Promise<ScheduleEntry[]> {
  const found = await rows<{ key: string; next_due_at: number | string; owner: string | null; lease_until: number | string | null }>(
    store.db,
    sql`select key, next_due_at, owner, lease_until from probe_schedule order by next_due_at, key`,
  );
  return found.map((r) => ({
    key: r.key,
    nextDueAt: Number(r.next_due_at),
    owner: r.owner,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  }));
}
