/**
 * Keeps the current CatalogSnapshot of one database and brings it up to date before each read
 * (docs/read-model.md). `current()` is synchronous: one read of the wal-index header tells whether
 * anything was committed since the last look (src/read/wal-stamp.ts; without one, this connection's
 * `total_changes()` and other connections' `PRAGMA data_version`); only then it reads the change
 * log after the snapshot's version and reloads the rows it names, one statement per kind of
 * entity, and builds the next snapshot from the previous one (src/read/snapshot.ts applyChanges).
 * A log pruned past the snapshot's version, or more changes than a full load costs, loads the
 * catalog whole.
 */
import type Database from "better-sqlite3";
import { getTableColumns, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client.ts";
import { aliases, configDocuments, deployments, modelGroups, modelRegistries, providers, upstreamHealth, type ChangeEntity } from "../db/schema.ts";
import { changedKeys } from "./changed.ts";
import { applyChanges, buildSnapshot, type CatalogRows, type CatalogSnapshot, type ChangedRows } from "./snapshot.ts";
import { WalIndexStamp } from "./wal-stamp.ts";

export interface SnapshotRetention {
  /** Change-log rows always kept, the newest ones (default 100,000). */
  keepChanges: number;
  /** Rows younger than this are kept too, in ms (default one hour). */
  keepMs: number;
  /**
   * The change history (change_history, change_sets; docs/history.md) younger than this is kept,
   * in ms (default 90 days: MODELGRAPH_HISTORY_DAYS). It is not the change log: pruning that does
   * not touch it.
   */
  historyMs: number;
}

/** The change history's default retention: 90 days. */
export const DEFAULT_HISTORY_MS = 90 * 86_400_000;

export interface SnapshotStoreOptions {
  retention?: Partial<SnapshotRetention>;
  /** Pruning runs at most this often, off the read path (a timer after a refresh); default one minute. 0: only `prune()`. */
  pruneEveryMs?: number;
  /** More changes than this since the snapshot: load whole instead of applying them (default 20,000). */
  fullLoadAfter?: number;
  now?: () => number;
}

/** What the last `current()` or `reload()` did, for benchmarks, tests and metrics. */
export interface RefreshInfo {
  kind: "none" | "incremental" | "full";
  /** Change-log rows applied (incremental) or skipped over (full). */
  changes: number;
  /** Why a full load: "start", "reload", "pruned", "many changes". */
  reason?: string;
  ms: number;
}

export interface ChangeRow {
  seq: number;
  entity: ChangeEntity;
  entity_id: string;
}

/**
 * A published snapshot replaced by a newer one. `changes`: the change-log rows between the two,
 * in seq order, when they were applied one by one; null after a full load (compare the two
 * snapshots instead). `seqs`: the change-log seqs the advance covers, (from, to], which key the
 * change history on both backends (on SQLite they are the versions themselves; on PostgreSQL a
 * version has its own number, and its rows' seqs follow commit order, docs/postgres.md).
 */
export interface SnapshotAdvance {
  previous: CatalogSnapshot;
  next: CatalogSnapshot;
  changes: readonly ChangeRow[] | null;
  seqs: { from: number; to: number };
}

export type AdvanceListener = (advance: SnapshotAdvance) => void;

/**
 * Where the catalog reads its snapshots from: SQLite's SnapshotStore (below) or PostgreSQL's
 * PgSnapshotStore (src/read/pg-snapshot-store.ts). Both publish the same snapshots and advances.
 */
export interface SnapshotSource {
  /**
   * The snapshot to answer from. SQLite: as of the last commit of any process on the file (looked
   * up on each call). PostgreSQL: the last version this replica has applied (its feed moves it on).
   */
  current(): CatalogSnapshot;
  /**
   * Calls `listener` after every replacement of the published snapshot, synchronously, in version
   * order (the change feed of subscriptions and metrics). Returns the unsubscribe function. A
   * throwing listener stays subscribed and stops nothing.
   */
  onAdvance(listener: AdvanceListener): () => void;
  /**
   * Looks for other processes' commits every `intervalMs` even when nobody reads, so that they
   * reach the listeners within that time; 0 stops it. PostgreSQL: nothing to do (it LISTENs).
   */
  watch(intervalMs: number): void;
  /** What the last refresh did. */
  readonly lastRefresh: RefreshInfo;
  /** Resolves once current() has version `version` or later (read-your-writes); rejects after `timeoutMs` (default 5 s). */
  waitFor(version: number, timeoutMs?: number): Promise<void>;
  /** Loads the catalog whole, whatever the change log says (after a restore that rewound it). */
  reload(): CatalogSnapshot | Promise<CatalogSnapshot>;
  /** Removes change-log rows and change history past their retention; returns how many rows went. */
  prune(): number | Promise<number>;
  /** Stops timers and listeners (the database stays open). */
  close(): void | Promise<void>;
  /** PostgreSQL: whether the LISTEN connection is up, and the last notification heard (SQLite has no feed connection). */
  feedStatus?(): FeedReport;
}

export interface FeedReport {
  listening: boolean;
  lastNotificationAt: number | null;
  lastNotifiedVersion: number | null;
}

/** Hands an advance to every listener, in subscription order (both snapshot stores publish through this). */
export function publishAdvance(listeners: ReadonlySet<AdvanceListener>, advance: SnapshotAdvance): void {
  for (const listener of [...listeners]) {
    try {
      listener(advance);
    } catch {
      // A listener's error is its own to report (see SnapshotSource.onAdvance).
    }
  }
}

/** How long waitFor waits by default, and how often SQLite's looks again. */
const WAIT_FOR_MS = 5_000;
const WAIT_POLL_MS = 10;

const { content: _content, ...registryColumns } = getTableColumns(modelRegistries);

export class SnapshotStore implements SnapshotSource {
  private readonly sqlite: Database.Database;
  private readonly stampStatement: Database.Statement;
  private readonly walStamp: WalIndexStamp | undefined;
  private readonly changesAfter: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly retention: SnapshotRetention;
  private readonly pruneEveryMs: number;
  private readonly fullLoadAfter: number;
  private readonly now: () => number;
  private snapshot: CatalogSnapshot;
  private stamp = "";
  private lastPruneAt = -Infinity;
  private pruneTimer: NodeJS.Timeout | undefined;
  private info: RefreshInfo = { kind: "none", changes: 0, ms: 0 };
  private readonly listeners = new Set<AdvanceListener>();
  private lastChanges: readonly ChangeRow[] | null = null;
  private watchTimer: NodeJS.Timeout | undefined;
  private readonly reloads: ReturnType<typeof prepareReloads>;

  constructor(
    private readonly db: Db,
    options: SnapshotStoreOptions = {},
  ) {
    this.sqlite = db.$client;
    // Own text, so that no other holder of a cached statement changes its mode (src/db/client.ts).
    this.stampStatement = this.sqlite.prepare("select total_changes() as own, data_version as other from pragma_data_version() /* snapshot */");
    this.walStamp = WalIndexStamp.open(this.sqlite);
    this.changesAfter = this.sqlite.prepare("select seq, entity, entity_id from catalog_changes where seq > ? order by seq /* snapshot */");
    this.maxSeq = this.sqlite.prepare("select coalesce(max(seq), 0) as seq from catalog_changes /* snapshot */");
    this.reloads = prepareReloads(db);
    this.retention = {
      keepChanges: options.retention?.keepChanges ?? 100_000,
      keepMs: options.retention?.keepMs ?? 3_600_000,
      historyMs: options.retention?.historyMs ?? DEFAULT_HISTORY_MS,
    };
    this.pruneEveryMs = options.pruneEveryMs ?? 60_000;
    this.fullLoadAfter = options.fullLoadAfter ?? 20_000;
    this.now = options.now ?? Date.now;
    this.snapshot = this.load("start");
  }

  /**
   * The snapshot as of the last commit of any process on the database. Inside an open
   * transaction of this connection it is the last published one: uncommitted rows (and their
   * change-log seqs, which a rollback hands out again) never reach a snapshot.
   */
  current(): CatalogSnapshot {
    if (this.sqlite.inTransaction || !this.sqlite.open) return this.snapshot;
    const stamp = this.readStamp();
    if (stamp === this.stamp) {
      this.info = { kind: "none", changes: 0, ms: 0 };
      return this.snapshot;
    }
    const started = performance.now();
    const previous = this.snapshot;
    const { snapshot, info } = this.readTransaction(() => this.refresh(started));
    this.snapshot = snapshot;
    this.stamp = stamp;
    this.info = info;
    this.schedulePrune();
    if (snapshot !== previous) this.publish(previous, snapshot, info.kind === "incremental" ? this.lastChanges : null);
    return this.snapshot;
  }

  /** See SnapshotSource.onAdvance. */
  onAdvance(listener: AdvanceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Looks for commits every `intervalMs` even when nobody reads (one statement per tick), so that
   * another process's write reaches the listeners within that time. 0 stops it.
   */
  watch(intervalMs: number): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    if (intervalMs <= 0) return;
    this.watchTimer = setInterval(() => {
      try {
        this.current();
      } catch {
        // A broken or closed database shows in the next read and in readiness.
      }
    }, intervalMs);
    this.watchTimer.unref();
  }

  /**
   * Resolves once current() has caught up to `version`: at once when a commit of this connection
   * (or any process's) already made it; else current() is asked again every few ms, until
   * `timeoutMs`. Outside a transaction of this connection, which only a caller inside one could see.
   */
  async waitFor(version: number, timeoutMs = WAIT_FOR_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.current().version < version) {
      if (Date.now() >= deadline) {
        throw new Error(`the snapshot did not reach catalog version ${version} within ${timeoutMs} ms (it is at ${this.snapshot.version})`);
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  private publish(previous: CatalogSnapshot, next: CatalogSnapshot, changes: readonly ChangeRow[] | null): void {
    // SQLite's versions are the change log's seqs.
    publishAdvance(this.listeners, { previous, next, changes, seqs: { from: previous.version, to: next.version } });
  }

  /** Loads the catalog whole, whatever the log says. */
  reload(): CatalogSnapshot {
    if (this.sqlite.inTransaction) return this.snapshot;
    const previous = this.snapshot;
    this.snapshot = this.load("reload");
    if (this.snapshot.version !== previous.version) this.publish(previous, this.snapshot, null);
    return this.snapshot;
  }

  get lastRefresh(): RefreshInfo {
    return this.info;
  }

  /**
   * Removes change-log rows that are both older than the retention time and not among the newest
   * `keepChanges`, and change history older than `historyMs` (rows, then the change sets left
   * without rows); returns how many rows went. Never needed for correctness: a reader that falls
   * behind what is kept loads whole. A write lock held elsewhere skips this round.
   */
  prune(): number {
    this.lastPruneAt = this.now();
    if (!this.sqlite.open || this.sqlite.inTransaction) return 0;
    try {
      return this.pruneLog() + this.pruneHistory();
    } catch (error) {
      if ((error as Error).name === "DatabaseBusyError" || String((error as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY")) return 0;
      throw error;
    }
  }

  private pruneLog(): number {
    const newest = (this.maxSeq.get() as { seq: number }).seq;
    const bound = newest - this.retention.keepChanges;
    if (bound <= 0) return 0;
    return this.sqlite.prepare("delete from catalog_changes where seq <= ? and at < ? /* snapshot */").run(bound, this.now() - this.retention.keepMs).changes;
  }

  /**
   * History rows are written in seq order with the time of their write, so the old ones are the
   * rows before the first young one: found by walking from the oldest, the rows to delete are all
   * that is read (no index on time, which every catalog write would pay for).
   */
  private pruneHistory(): number {
    const cutoff = this.now() - this.retention.historyMs;
    const rows = this.sqlite
      .prepare(
        "delete from change_history where seq < coalesce((select seq from change_history where at >= ? order by seq limit 1), (select max(seq) + 1 from change_history)) /* snapshot */",
      )
      .run(cutoff).changes;
    this.sqlite
      .prepare(
        "delete from change_sets where id < coalesce((select id from change_sets where at >= ? order by id limit 1), (select max(id) + 1 from change_sets)) and open = 0 and not exists (select 1 from change_history h where h.change_set = change_sets.id) /* snapshot */",
      )
      .run(cutoff);
    return rows;
  }

  /** Stops the pruning timer (the database stays open). */
  close(): void {
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.pruneTimer = undefined;
    this.watch(0);
    this.listeners.clear();
    this.walStamp?.close();
  }

  /**
   * What tells a commit since the last look: the wal-index header (src/read/wal-stamp.ts, one
   * pread), else this connection's total_changes() and other connections' data_version (one
   * statement). Either changes with every commit of any connection; the two forms never compare
   * equal, so switching between them costs one refresh that finds nothing.
   */
  private readStamp(): string {
    const header = this.walStamp?.read();
    if (header !== undefined) return header;
    const row = this.stampStatement.get() as { own: number; other: number };
    return `sql:${row.own}:${row.other}`;
  }

  private schedulePrune(): void {
    if (this.pruneEveryMs <= 0 || this.pruneTimer || this.now() - this.lastPruneAt < this.pruneEveryMs) return;
    this.pruneTimer = setTimeout(() => {
      this.pruneTimer = undefined;
      try {
        this.prune();
      } catch {
        // A broken or closed database shows in the next read and in readiness.
      }
    }, 0);
    this.pruneTimer.unref();
  }

  /** One read transaction: every row read agrees with the version read (WAL gives it a fixed view). */
  private readTransaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }

  private load(reason: string): CatalogSnapshot {
    const started = performance.now();
    const stamp = this.readStamp();
    const snapshot = this.readTransaction(() => {
      const version = (this.maxSeq.get() as { seq: number }).seq;
      return buildSnapshot(this.readAll(), version);
    });
    this.stamp = stamp;
    this.info = { kind: "full", changes: Math.max(0, snapshot.version - (this.snapshot?.version ?? 0)), reason, ms: performance.now() - started };
    this.schedulePrune();
    return snapshot;
  }

  private readAll(): CatalogRows {
    const db = this.db;
    return {
      providers: db.select().from(providers).all(),
      groups: db.select().from(modelGroups).all(),
      deployments: db.select().from(deployments).all(),
      aliases: db.select().from(aliases).all(),
      health: db.select().from(upstreamHealth).all(),
      registries: db.select(registryColumns).from(modelRegistries).all(),
      documents: db.select({ format: configDocuments.format, updatedAt: configDocuments.updatedAt }).from(configDocuments).all(),
    };
  }

  private refresh(started: number): { snapshot: CatalogSnapshot; info: RefreshInfo } {
    const from = this.snapshot.version;
    const newest = (this.maxSeq.get() as { seq: number }).seq;
    if (newest === from) return { snapshot: this.snapshot, info: { kind: "none", changes: 0, ms: performance.now() - started } };
    const full = (reason: string) => {
      const snapshot = buildSnapshot(this.readAll(), newest);
      return { snapshot, info: { kind: "full" as const, changes: newest - from, reason, ms: performance.now() - started } };
    };
    // Seqs have no gaps (AUTOINCREMENT, and a rollback returns its seqs), except where pruned.
    if (newest < from) return full("pruned");
    if (newest - from > this.fullLoadAfter) return full("many changes");
    const rows = this.changesAfter.all(from) as ChangeRow[];
    if (rows.length === 0 || rows[0]!.seq !== from + 1) return full("pruned");
    const version = rows[rows.length - 1]!.seq;
    this.lastChanges = rows;
    const snapshot = applyChanges(this.snapshot, this.reloadChanged(rows), version);
    return { snapshot, info: { kind: "incremental", changes: rows.length, ms: performance.now() - started } };
  }

  /** The rows the log names, read now: one prepared statement per kind of entity. */
  private reloadChanged(changes: readonly ChangeRow[]): ChangedRows {
    const { provider, group, deployment, alias, health: healthKeys, registry: registries, document: documents } = changedKeys(changes);
    const q = this.reloads;
    const list = (values: Iterable<unknown>) => ({ list: JSON.stringify([...values]) });
    const out: ChangedRows = {};
    if (provider.size > 0) out.providers = { ids: provider, rows: q.providers.all(list(provider)) };
    if (group.size > 0) out.groups = { ids: group, rows: q.groups.all(list(group)) };
    if (deployment.size > 0) out.deployments = { ids: deployment, rows: q.deployments.all(list(deployment)) };
    if (alias.size > 0) out.aliases = { ids: alias, rows: q.aliases.all(list(alias)) };
    if (healthKeys.size > 0) out.health = { keys: new Set(healthKeys.keys()), rows: q.health.all(list(healthKeys.values())) };
    if (registries.size > 0) out.registries = { formats: registries, rows: q.registries.all(list(registries)) };
    if (documents.size > 0) out.documents = { formats: documents, rows: q.documents.all(list(documents)) };
    return out;
  }
}

/** The statements reloadChanged runs, each taking its keys as one JSON array (`list`). */
function prepareReloads(db: Db) {
  const list = sql.placeholder("list");
  const inList = (column: AnySQLiteColumn) => sql`${column} in (select value from json_each(${list}))`;
  const documentColumns = { format: configDocuments.format, updatedAt: configDocuments.updatedAt };
  return {
    providers: db.select().from(providers).where(inList(providers.id)).prepare(),
    groups: db.select().from(modelGroups).where(inList(modelGroups.id)).prepare(),
    deployments: db.select().from(deployments).where(inList(deployments.id)).prepare(),
    aliases: db.select().from(aliases).where(inList(aliases.id)).prepare(),
    health: db
      .select()
      .from(upstreamHealth)
      .where(sql`(${upstreamHealth.providerId}, ${upstreamHealth.model}, ${upstreamHealth.apiBase}) in (select value ->> 0, value ->> 1, value ->> 2 from json_each(${list}))`)
      .prepare(),
    registries: db.select(registryColumns).from(modelRegistries).where(inList(modelRegistries.format)).prepare(),
    documents: db.select(documentColumns).from(configDocuments).where(inList(configDocuments.format)).prepare(),
  };
}
