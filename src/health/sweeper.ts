import type { Logger } from "../logger.ts";
import type { HealthChecker } from "./checker.ts";
import type { HealthStore } from "./health.store.ts";
import type { LeaseManager } from "./lease.ts";

export interface SweeperOptions {
  intervalMs: number;
  historyRetentionMs: number;
  historyMaxPerUpstream: number;
  /** ± this fraction of the interval, so processes and restarts do not sweep in lock-step. */
  jitter?: number;
}

/** Checks every enabled deployment on an interval (jittered) while the server runs. */
export class HealthSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  sweeps = 0;

  constructor(
    private readonly checker: HealthChecker,
    private readonly store: HealthStore,
    private readonly leases: LeaseManager,
    private readonly log: Logger,
    private readonly options: SweeperOptions,
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.schedule(Math.min(2_000, this.options.intervalMs));
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep().finally(() => {
        this.running = undefined;
        const jitter = this.options.jitter ?? 0.1;
        this.schedule(this.options.intervalMs * (1 - jitter + 2 * jitter * Math.random()));
      });
    }, delay);
    this.timer.unref();
  }

  /** One sweep; never throws (a failing sweep is logged and the next one still comes). */
  async sweep(): Promise<void> {
    try {
      const report = await this.checker.check({});
      this.sweeps++;
      const pruned = this.store.prune(this.options.historyRetentionMs, this.options.historyMaxPerUpstream);
      this.leases.pruneExpired();
      this.log.info(
        { upstreams: report.upstreamsChecked, requests: report.requestsSent, reused: report.reusedResults, durationMs: report.durationMs, pruned },
        "health sweep done",
      );
    } catch (error) {
      this.log.error({ err: error }, "health sweep failed");
    }
  }

  /** Stops scheduling and waits for a sweep in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
