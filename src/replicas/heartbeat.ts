/**
 * A server process's heartbeat in the replica registry (src/replicas/registry.ts): its row of
 * `replicas` written at start and every HEARTBEAT_MS after, with the catalog version its snapshot
 * has applied and when it last stored probe results; deleted on a clean shutdown. Rows of replicas
 * gone for a day are pruned, by whichever replica gets there (once a minute each).
 *
 * A failed beat (the database restarting, SQLite's write lock held elsewhere) is logged once and
 * retried on the next tick: the heartbeat never stops the server, and beats never overlap.
 */
import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import { HEARTBEAT_MS, pruneReplicas, removeReplica, upsertReplica, type ReplicaIdentity } from "./registry.ts";

export interface HeartbeatOptions {
  /** The catalog version this process's snapshot has applied. */
  appliedVersion: () => number;
  /** When this process last stored probe results (ms), or null. */
  lastProbeAt?: () => number | null;
  intervalMs?: number;
  log?: Logger;
  now?: () => number;
}

/** Prune once per this many beats. */
const PRUNE_EVERY = 60;

export class ReplicaHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private beats = 0;
  private failing = false;
  private stopped = false;
  /** When the last beat was written (ms), or null. */
  lastBeatAt: number | null = null;
  /** Why the last beat failed, or null when it succeeded. */
  lastError: string | null = null;

  constructor(
    private readonly store: Store,
    readonly identity: ReplicaIdentity,
    private readonly options: HeartbeatOptions,
  ) {}

  get id(): string {
    return this.identity.id;
  }

  /** Writes the first beat (a failure is logged, not thrown) and starts the timer. */
  async start(): Promise<void> {
    await this.beat();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs ?? HEARTBEAT_MS);
    this.timer.unref();
  }

  /** One beat; a beat still running is joined, not doubled. */
  beat(): Promise<void> {
    return (this.beating ??= this.write().finally(() => (this.beating = undefined)));
  }

  /** Stops the timer, waits for a beat in flight, and deletes this replica's row. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.beating;
    try {
      await removeReplica(this.store, this.identity.id);
    } catch (error) {
      this.options.log?.warn({ err: error, replica: this.identity.id }, "replica heartbeat: could not remove this replica's row at shutdown (it reads as gone in 30 s)");
    }
  }

  private async write(): Promise<void> {
    if (this.stopped) return;
    const now = this.options.now?.() ?? Date.now();
    try {
      await upsertReplica(this.store, this.identity, {
        seenAt: now,
        appliedVersion: this.options.appliedVersion(),
        lastProbeAt: this.options.lastProbeAt?.() ?? null,
      });
      if (this.beats++ % PRUNE_EVERY === 0) await pruneReplicas(this.store, now);
      this.lastBeatAt = now;
      this.lastError = null;
      if (this.failing) {
        this.failing = false;
        this.options.log?.info({ replica: this.identity.id }, "replica heartbeat: writing again");
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      if (!this.failing) {
        this.failing = true;
        this.options.log?.warn({ err: error, replica: this.identity.id }, "replica heartbeat failed; retrying every second");
      }
    }
  }
}
