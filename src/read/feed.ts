/**
 * The change feed of one process (docs/subscriptions.md): what each replacement of the published
 * snapshot changed, as events for subscribers. Built on SnapshotSource.onAdvance, which sees every
 * commit of any process on the database (SQLite's store looks for them on a watch timer even when
 * nobody reads; PostgreSQL's is notified), so own writes and other processes' writes arrive the
 * same way, in version order.
 *
 * Each subscriber has its own bounded queue: a subscriber that does not keep up loses its
 * subscription (its iterator ends with an error), never the server's memory or another client's
 * events.
 */
import { HealthStatus } from "../health/status.ts";
import { changedKeys } from "./changed.ts";
import type { SnapshotAdvance, SnapshotSource } from "./snapshot-store.ts";
import type { CatalogSnapshot, DeploymentEntry, HealthEntry } from "./snapshot.ts";

/** A deployment whose upstream's stored status changed. */
export interface HealthChangeEvent {
  deployment: DeploymentEntry;
  status: HealthStatus;
  previous: HealthStatus;
  checkedAt: Date | null;
  latencyMs: number | null;
  error: string | null;
  /** The snapshot the change is in (names are looked up in it). */
  snapshot: CatalogSnapshot;
}

/**
 * Catalog rows (not health) were committed: the change-log seqs in (from, to] hold them (the
 * history keeps what each was, keyed by seq on both backends), and `snapshot` has them applied.
 */
export interface CatalogChangeEvent {
  from: number;
  to: number;
  snapshot: CatalogSnapshot;
}

/** Deployments by upstream key, per deployment list (rebuilt only when deployments change). */
const byUpstream = new WeakMap<readonly DeploymentEntry[], Map<string, DeploymentEntry[]>>();

function deploymentsByUpstream(s: CatalogSnapshot): Map<string, DeploymentEntry[]> {
  let index = byUpstream.get(s.deploymentsSorted);
  if (!index) {
    index = new Map();
    for (const d of s.deploymentsSorted) {
      const list = index.get(d.upstreamKey);
      if (list) list.push(d);
      else index.set(d.upstreamKey, [d]);
    }
    byUpstream.set(s.deploymentsSorted, index);
  }
  return index;
}

const statusOf = (h: HealthEntry | undefined): HealthStatus => (h ? (h.status as HealthStatus) : HealthStatus.UNKNOWN);

/** The deployments whose upstream status differs between two snapshots (every key when `keys` is null). */
export function healthChanges(previous: CatalogSnapshot, next: CatalogSnapshot, keys: Iterable<string> | null): HealthChangeEvent[] {
  const candidates = keys ?? new Set([...previous.health.keys(), ...next.health.keys()]);
  const index = deploymentsByUpstream(next);
  const out: HealthChangeEvent[] = [];
  for (const key of candidates) {
    const before = statusOf(previous.health.get(key));
    const row = next.health.get(key);
    const after = statusOf(row);
    if (before === after) continue;
    for (const deployment of index.get(key) ?? []) {
      out.push({ deployment, status: after, previous: before, checkedAt: row?.checkedAt ?? null, latencyMs: row?.latencyMs ?? null, error: row?.error ?? null, snapshot: next });
    }
  }
  return out;
}


export interface QueueOptions {
  /** Events waiting for a slow reader before its subscription ends (default 1,000). */
  maxQueued?: number;
}

/** Raised in a subscriber's iterator when it fell too far behind. */
export class SlowSubscriberError extends Error {}

/**
 * A bounded push queue read as an async iterator. `push` never blocks; past `maxQueued` waiting
 * events the iterator ends with SlowSubscriberError. `return()` (a client unsubscribing, a socket
 * closing) detaches it at once.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((r: IteratorResult<T>) => void)[] = [];
  private failed: Error | undefined;
  private done = false;

  constructor(
    private readonly maxQueued: number,
    private readonly onEnd: () => void,
  ) {}

  push(item: T): void {
    if (this.done) return;
    const reader = this.waiting.shift();
    if (reader) return reader({ value: item, done: false });
    if (this.items.length >= this.maxQueued) {
      this.failed = new SlowSubscriberError(`more than ${this.maxQueued} events waited for this subscriber; it was closed (subscribe again to continue)`);
      this.items.length = 0;
      this.finish();
      return;
    }
    this.items.push(item);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failed) {
      const error = this.failed;
      this.failed = undefined;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.failed = undefined;
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    for (const reader of this.waiting.splice(0)) {
      if (this.failed) {
        // A reader already waiting gets the error now.
        const error = this.failed;
        this.failed = undefined;
        reader(Promise.reject(error) as never);
      } else reader({ value: undefined, done: true });
    }
    this.onEnd();
  }
}

export class ChangeFeed {
  private readonly health = new Set<(event: HealthChangeEvent) => void>();
  private readonly catalog = new Set<(event: CatalogChangeEvent) => void>();
  private readonly queues = new Set<{ return(): Promise<unknown> }>();
  private readonly detach: () => void;
  private readonly maxQueued: number;

  constructor(store: SnapshotSource, options: QueueOptions = {}) {
    this.maxQueued = options.maxQueued ?? 1_000;
    this.detach = store.onAdvance((advance) => this.advance(advance));
  }

  /** Subscribers now (both kinds), for metrics and limits. */
  get subscribers(): number {
    return this.health.size + this.catalog.size;
  }

  /** A subscriber's queue of what `select` makes of each health change (none, one or more items). */
  healthEvents<T>(select: (event: HealthChangeEvent) => readonly T[]): EventQueue<T> {
    return this.queueOn(this.health, select);
  }

  /** A subscriber's queue of what `select` makes of each catalog change. */
  catalogEvents<T>(select: (event: CatalogChangeEvent) => readonly T[]): EventQueue<T> {
    return this.queueOn(this.catalog, select);
  }

  private queueOn<E, T>(sinks: Set<(event: E) => void>, select: (event: E) => readonly T[]): EventQueue<T> {
    const queue: EventQueue<T> = new EventQueue(this.maxQueued, () => {
      sinks.delete(sink);
      this.queues.delete(queue);
    });
    this.queues.add(queue);
    const sink = (event: E) => {
      for (const item of select(event)) queue.push(item);
    };
    sinks.add(sink);
    return queue;
  }

  /** Ends every subscription (server shutdown). */
  close(): void {
    this.detach();
    for (const q of [...this.queues]) void q.return();
  }

  private advance({ previous, next, changes, seqs }: SnapshotAdvance): void {
    if (this.health.size > 0) {
      for (const event of healthChanges(previous, next, changes ? changedKeys(changes).health.keys() : null)) for (const sink of [...this.health]) sink(event);
    }
    // After a full load the slice is not known here: the history tells what it held.
    if (this.catalog.size > 0 && (changes === null || changes.some((c) => c.entity !== "health"))) {
      const event = { from: seqs.from, to: seqs.to, snapshot: next };
      for (const sink of [...this.catalog]) sink(event);
    }
  }
}
