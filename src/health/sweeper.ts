import { hostname } from "node:os";
import { DatabaseBusyError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { HealthChecker, SweepProbe } from "./checker.ts";
import type { HealthRecord, HealthStore } from "./health.store.ts";
import type { LeaseManager } from "./lease.ts";
import { ProbeSchedule } from "./schedule.ts";

export interface SweeperOptions {
  intervalMs: number;
  historyRetentionMs: number;
  historyMaxPerUpstream: number;
  /** ± this fraction of the interval on each endpoint's next due time, so endpoints spread out. */
  jitter?: number;
  /** How long a claim on an endpoint lasts unless renewed (default: the checker's leaseMs, else 30 s). */
  leaseMs?: number;
  /** How often this server looks for due endpoints (default: an eighth of the interval, from 10 ms to 1 s). */
  tickMs?: number;
  /** The schedule's `owner` for this server (default host:pid:id). */
  owner?: string;
}

/** A burst of work: from the first claim while idle to the moment nothing is in flight. */
interface Burst {
  started: number;
  endpoints: number;
  requests: number;
  refused: number;
}

/** A finished probe waiting for the batch write: its results, due time, and the promise to settle. */
interface Finished {
  key: string;
  dueAt: number;
  records: readonly HealthRecord[];
  queuedAt: number;
  settle: (held: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Finished probes are written together: at most this many per transaction, and the first waits at
 * most BATCH_WINDOW_MS for others (on PostgreSQL every write transaction is a catalog version that
 * every replica applies, and writers of upstream_health take turns on the version row).
 */
const BATCH_MAX = 64;
const BATCH_WINDOW_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Probes every enabled deployment once per interval, fleet-wide: the servers sharing the database
 * share one schedule of endpoints (src/health/schedule.ts). Every tick this server claims due
 * endpoints up to its free probe slots, probes them, and stores each result only while its claim
 * holds, moving the endpoint's next due time one (jittered) interval on. Claims in flight are
 * renewed every third of the lease, so a slow probe or a queue for a provider's slots keeps its
 * claim while this process lives; a process that dies or freezes stops renewing, and another
 * server claims its endpoints once the lease has run out.
 */
export class HealthSweeper {
  private timer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Claimed endpoints being probed: the probe's promise and the claim's end as last renewed. */
  private readonly inflight = new Map<string, { done: Promise<void>; leaseUntil: number }>();
  private lastSyncedPlan: ReadonlyMap<string, SweepProbe> | undefined;
  /** The claim running now, if any: one at a time, as free slots are counted before it. */
  private claiming: Promise<void> = Promise.resolve();
  private lastSync = 0;
  private lastPrune = 0;
  private lastClaimFull = false;
  private kicked = false;
  private burst: Burst | undefined;
  /** Finished probes waiting for the next batch write, the timer that flushes them, the flush running. */
  private finished: Finished[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** Bursts of probes finished (a burst: from a claim while idle until nothing is in flight). */
  sweeps = 0;
  /** Results refused by the fence since start (the claim had expired: another server has the endpoint). */
  refused = 0;
  /** When this server last stored a sweep's probe results (ms since the epoch), null before the first. */
  lastProbeAt: number | null = null;
  readonly schedule: ProbeSchedule;
  private readonly leaseMs: number;
  private readonly tickMs: number;
  private readonly capacity: number;

  constructor(
    private readonly checker: HealthChecker,
    private readonly store: HealthStore,
    private readonly leases: LeaseManager,
    private readonly log: Logger,
    private readonly options: SweeperOptions,
  ) {
    this.leaseMs = options.leaseMs ?? checker.settings.leaseMs ?? 30_000;
    this.tickMs = options.tickMs ?? Math.min(1_000, Math.max(10, options.intervalMs / 8));
    this.capacity = Math.max(1, checker.settings.concurrency);
    // The schedule lives in the leases' database: SQLite or PostgreSQL, one class for both.
    this.schedule = new ProbeSchedule(leases.store, { owner: options.owner ?? `${hostname()}:${process.pid}:${leases.owner.slice(0, 8)}`, leaseMs: this.leaseMs });
  }

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.scheduleTick(Math.min(2_000, this.options.intervalMs));
    const renew = async () => {
      if (this.stopped) return;
      await this.renew();
      if (this.stopped) return;
      this.renewTimer = setTimeout(renew, this.leaseMs / 3);
      this.renewTimer.unref();
    };
    this.renewTimer = setTimeout(renew, this.leaseMs / 3);
    this.renewTimer.unref();
  }

  private scheduleTick(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.tick();
      this.scheduleTick(this.tickMs);
    }, delay);
    this.timer.unref();
  }

  /**
   * Probes everything due now (claimable by this server) and waits for it; never throws (a
   * failure is logged). Endpoints that become due again meanwhile are left for the next tick.
   */
  async sweep(): Promise<void> {
    const dueBy = Date.now();
    try {
      for (;;) {
        await this.claim(dueBy);
        if (this.inflight.size === 0) return;
        // As the ticks do: claim again once a quarter of the slots are free.
        do await Promise.race([...this.inflight.values()].map((c) => c.done));
        while (this.inflight.size > 0 && this.capacity - this.inflight.size < Math.max(1, this.capacity / 4));
      }
    } catch (error) {
      this.log.error({ err: error }, "health sweep failed");
    }
  }

  /** Stops claiming and waits for the probes in flight to be stored (or refused). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.renewTimer);
    await this.claiming;
    // Queued results are written now, and so is every probe's that finishes from here on.
    this.flush();
    await Promise.all([...this.inflight.values()].map((c) => c.done));
    await this.flushing;
  }

  private async tick(): Promise<void> {
    try {
      await this.claim(Date.now());
      await this.prune();
    } catch (error) {
      this.log.error({ err: error }, "health sweep failed");
    }
  }

  /** Claims due endpoints up to the free probe slots and starts their probes (one claim at a time). */
  private claim(dueBy: number): Promise<void> {
    const run = this.claiming.then(() => this.claimOnce(dueBy));
    this.claiming = run.catch(() => undefined);
    return run;
  }

  private async claimOnce(dueBy: number): Promise<void> {
    if (this.stopped) return;
    const free = this.capacity - this.inflight.size;
    if (free <= 0) return;
    // The snapshot as of now (SQLite: brought up to date by this read; PostgreSQL: as its feed
    // has applied). The claim applies the plan only if no commit came after the plan's version,
    // so no row is removed for a deployment another server has just added.
    const view = this.checker.view();
    const plan = this.checker.sweepPlan(view);
    const now = Date.now();
    const sync = plan !== this.lastSyncedPlan || now - this.lastSync >= this.options.intervalMs;
    let claim;
    try {
      claim = await this.schedule.claim(free, { dueBy, plan: sync ? { keys: new Set(plan.keys()), version: view.snapshot.version } : null });
    } catch (error) {
      // Another process holds the write lock: the next tick tries again.
      if (error instanceof DatabaseBusyError) return;
      throw error;
    }
    if (claim.synced) {
      this.lastSyncedPlan = plan;
      this.lastSync = now;
    }
    this.lastClaimFull = claim.claimed.length === free;
    if (claim.added > 0 || claim.removed > 0) this.log.info({ added: claim.added, removed: claim.removed }, "health schedule updated");
    // A claim that ran out before its probes start (this process was paused between the claim and
    // here): other servers may be probing those endpoints already, and a result would be refused.
    // No request goes out for it; the endpoints come round again as due.
    if (claim.claimed.length > 0 && Date.now() >= claim.leaseUntil) {
      this.log.warn({ endpoints: claim.claimed.length }, "health claim expired before its probes started: none sent");
      return;
    }
    const unknown: string[] = [];
    for (const { key, nextDueAt } of claim.claimed) {
      const probe = plan.get(key);
      if (probe) this.launch(probe, nextDueAt, claim.leaseUntil);
      else unknown.push(key);
    }
    // Planned by a server whose catalog is newer than this one's snapshot: give them back.
    if (unknown.length > 0) this.lastSyncedPlan = undefined;
    for (const key of unknown) await this.ignoreBusy(() => this.schedule.release(key));
  }

  private launch(probe: SweepProbe, dueAt: number, leaseUntil: number): void {
    this.burst ??= { started: performance.now(), endpoints: 0, requests: 0, refused: 0 };
    const burst = this.burst;
    const entry = { done: Promise.resolve(), leaseUntil };
    entry.done = (async () => {
      try {
        const { records, requests } = await this.checker.probeForSweep(probe);
        burst.requests += requests;
        if (await this.storeFenced(probe.key, dueAt, records)) burst.endpoints++;
        else {
          burst.refused++;
          this.refused++;
          this.log.warn({ upstreams: records.length }, "health result refused: this server's claim on the endpoint had expired (another server probes it now)");
        }
      } catch (error) {
        this.log.error({ err: error }, "health sweep probe failed");
        await this.ignoreBusy(() => this.schedule.release(probe.key)).catch((releaseError: unknown) => this.log.error({ err: releaseError }, "health schedule release failed"));
      } finally {
        this.inflight.delete(probe.key);
        this.ended(burst);
      }
    })();
    this.inflight.set(probe.key, entry);
  }

  /**
   * Queues the results for the next batch write (flush) and answers, once it has committed,
   * whether this server's claim held: results whose claim is gone are not written.
   */
  private storeFenced(key: string, dueAt: number, records: readonly HealthRecord[]): Promise<boolean> {
    return new Promise<boolean>((settle, fail) => {
      this.finished.push({ key, dueAt, records, queuedAt: performance.now(), settle, fail });
      if (this.finished.length >= BATCH_MAX || this.stopped) this.flush();
      else this.flushTimer ??= setTimeout(() => this.flush(), BATCH_WINDOW_MS);
    });
  }

  /** Starts writing the queued results, unless a batch is being written (it flushes the rest when done). */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.flushing || this.finished.length === 0) return;
    this.flushing = (async () => {
      try {
        while (this.finished.length > 0) {
          await this.storeBatch(this.finished.splice(0, BATCH_MAX));
          // What came meanwhile waits out its window, unless it fills a batch (or the sweeper stops).
          const waited = performance.now() - (this.finished[0]?.queuedAt ?? 0);
          if (this.finished.length > 0 && this.finished.length < BATCH_MAX && !this.stopped && waited < BATCH_WINDOW_MS) {
            clearTimeout(this.flushTimer);
            this.flushTimer = setTimeout(() => this.flush(), BATCH_WINDOW_MS - waited);
            break;
          }
        }
      } finally {
        this.flushing = undefined;
      }
    })();
  }

  /**
   * Writes a batch of results and moves their endpoints' next due times on, in one transaction,
   * each endpoint's only while this server's claim on it holds (the fence, row by row: the others
   * are answered false and not written). The write lock held elsewhere is waited out for as long
   * as a claim lasts (a result whose claim ran out meanwhile is refused anyway). Never throws: a
   * failure fails each probe's promise.
   *
   * Next due: one jittered interval after the time it was due, so the delay of a tick and the
   * probe's own time do not add up over the intervals; never sooner than the interval's shortest
   * jittered length after now, so two probes of an endpoint are always at least that far apart
   * (and an endpoint long overdue is not probed in a burst to catch up).
   */
  private async storeBatch(batch: Finished[]): Promise<void> {
    const jitter = this.options.jitter ?? 0.1;
    const interval = this.options.intervalMs;
    let waiting = batch;
    for (;;) {
      const now = Date.now();
      const entries = waiting.map((f) => ({
        key: f.key,
        nextDueAt: Math.max(f.dueAt + Math.ceil(interval * (1 - jitter + 2 * jitter * Math.random())), now + Math.max(1, Math.ceil(interval * (1 - jitter)))),
      }));
      let held: Set<string>;
      try {
        held = await this.schedule.completeMany(entries, (tx, fenced) => this.store.write(tx, waiting.filter((f) => fenced.has(f.key)).flatMap((f) => f.records)));
      } catch (error) {
        if (!(error instanceof DatabaseBusyError)) {
          for (const f of waiting) f.fail(error);
          return;
        }
        const live = waiting.filter((f) => now <= (this.inflight.get(f.key)?.leaseUntil ?? 0));
        for (const f of waiting) if (!live.includes(f)) f.settle(false);
        if (live.length === 0) return;
        waiting = live;
        await sleep(50);
        continue;
      }
      const stored = waiting.filter((f) => held.has(f.key));
      if (stored.length > 0) {
        this.lastProbeAt = Date.now();
        this.store.announce(stored.flatMap((f) => f.records));
      }
      for (const f of waiting) f.settle(held.has(f.key));
      return;
    }
  }

  private ended(burst: Burst): void {
    if (this.inflight.size === 0 && this.burst === burst) {
      this.burst = undefined;
      this.sweeps++;
      this.log.info(
        { endpoints: burst.endpoints, requests: burst.requests, refused: burst.refused, durationMs: Math.round(performance.now() - burst.started) },
        "health sweep done",
      );
    }
    // More may be due than the free slots took: claim again once a quarter of the slots are free
    // (a claim per finished probe would cost a transaction and a snapshot catch-up each).
    const free = this.capacity - this.inflight.size;
    if (this.lastClaimFull && free >= Math.max(1, this.capacity / 4) && !this.stopped && !this.kicked) {
      this.kicked = true;
      setImmediate(() => {
        this.kicked = false;
        void this.tick();
      });
    }
  }

  private async renew(): Promise<void> {
    if (this.inflight.size === 0) return;
    try {
      const { held, leaseUntil } = await this.schedule.renew([...this.inflight.keys()]);
      for (const key of held) {
        const entry = this.inflight.get(key);
        if (entry) entry.leaseUntil = leaseUntil;
      }
    } catch (error) {
      // Busy: the claims run until their lease; the next renewal tries again.
      if (!(error instanceof DatabaseBusyError)) this.log.error({ err: error }, "health schedule renewal failed");
    }
  }

  /** History pruning, once per interval (each server: deleting twice is harmless). */
  private async prune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < Math.max(this.options.intervalMs, 1_000)) return;
    this.lastPrune = now;
    await this.ignoreBusy(async () => {
      const pruned = await this.store.prune(this.options.historyRetentionMs, this.options.historyMaxPerUpstream);
      if (pruned > 0) this.log.info({ pruned }, "health history pruned");
    });
    await this.leases.pruneExpired();
  }

  private async ignoreBusy(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof DatabaseBusyError)) throw error;
    }
  }
}
