/**
 * The read model on PostgreSQL (issue 13, docs/postgres.md, docs/read-model.md): the same
 * immutable snapshot as on SQLite (src/read/snapshot.ts), kept current from the change feed of
 * migrations-pg/0001_change_feed.sql. PostgreSQL cannot be asked synchronously, so `current()`
 * returns the last snapshot applied, and the store moves it forward on its own:
 *
 * - LISTEN first (a dedicated connection), then catch up: any notification, a reconnect, or the
 *   poll (the safety net for a lost notification) runs one catch-up, never two at once;
 * - a catch-up reads `catalog_version` and the log rows of `version > mine` in one REPEATABLE READ
 *   READ ONLY transaction (every row it reloads agrees with the version it ends at), reloads the
 *   rows they name, one statement per kind, and applies them with `applyChanges`; a log pruned
 *   past the snapshot (`pruned_through`) or more changes than a full load costs: load whole;
 * - the listener connection dropping (pg_terminate_backend, a restart) is retried with backoff,
 *   and the catch-up after it reads everything committed meanwhile: no version is lost.
 *
 * `waitFor(version)` is read-your-writes: it resolves once the snapshot has a version at least
 * the one a mutation returned.
 *
 * Pruning (every `pruneEveryMs`, on each replica: deleting twice is harmless) removes whole
 * versions of the change log past the retention and raises `pruned_through` with them, and change
 * history past its own retention, as SQLite's store does.
 */
import { getTableColumns, inArray, sql } from "drizzle-orm";
import pg from "pg";
import type { PgHandle } from "../db/pg/client.ts";
import { CHANGE_CHANNEL, pgTransaction, type PgDb } from "../db/pg/client.ts";
import { aliases, configDocuments, deployments, modelGroups, modelRegistries, providers, upstreamHealth } from "../db/pg/schema.ts";
import type { ChangeEntity } from "../db/schema.ts";
import { changedKeys } from "./changed.ts";
import { applyChanges, buildSnapshot, EMPTY_SNAPSHOT, type CatalogRows, type CatalogSnapshot, type ChangedRows } from "./snapshot.ts";
import { DEFAULT_HISTORY_MS, publishAdvance, type AdvanceListener, type ChangeRow, type FeedReport, type RefreshInfo, type SnapshotRetention, type SnapshotSource } from "./snapshot-store.ts";

export interface PgSnapshotStoreOptions {
  /** What the change log and the change history keep (see SnapshotRetention; the same defaults as SQLite's). */
  retention?: Partial<SnapshotRetention>;
  /** Pruning runs this often (default one minute; 0: only `prune()`). */
  pruneEveryMs?: number;
  now?: () => number;
  /** The safety-net poll of catalog_version, in ms (default 1,000; 0: none). */
  pollMs?: number;
  /** More changes than this since the snapshot: load whole (default 20,000). */
  fullLoadAfter?: number;
  /** Listen for notifications (default true; false leaves the poll alone, for tests). */
  listen?: boolean;
  /** Called with what went wrong while catching up or listening (the store retries on its own). */
  onError?: (error: unknown) => void;
}

const { content: _content, ...registryColumns } = getTableColumns(modelRegistries);

type Tx = PgDb;

export class PgSnapshotStore implements SnapshotSource {
  private snapshot: CatalogSnapshot = EMPTY_SNAPSHOT;
  /** The newest change-log seq of the applied version (the change history's key). */
  private seq = 0;
  private readonly listeners = new Set<AdvanceListener>();
  private readonly waiters = new Set<{ version: number; resolve: () => void }>();
  private info: RefreshInfo = { kind: "none", changes: 0, ms: 0 };
  private running: Promise<void> | undefined;
  private again = false;
  private lastNotificationAt: number | null = null;
  private lastNotifiedVersion: number | null = null;
  private reloadWanted = false;
  private closed = false;
  private listener: pg.Client | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private readonly fullLoadAfter: number;
  private readonly retention: SnapshotRetention;
  private readonly now: () => number;

  private constructor(
    private readonly handle: PgHandle,
    private readonly options: PgSnapshotStoreOptions,
  ) {
    this.fullLoadAfter = options.fullLoadAfter ?? 20_000;
    this.retention = {
      keepChanges: options.retention?.keepChanges ?? 100_000,
      keepMs: options.retention?.keepMs ?? 3_600_000,
      historyMs: options.retention?.historyMs ?? DEFAULT_HISTORY_MS,
    };
    this.now = options.now ?? Date.now;
  }

  /** Listens, loads the catalog whole, and starts the poll. */
  static async open(handle: PgHandle, options: PgSnapshotStoreOptions = {}): Promise<PgSnapshotStore> {
    const store = new PgSnapshotStore(handle, options);
    if (options.listen !== false) await store.connectListener();
    await store.catchUp();
    const pollMs = options.pollMs ?? 1_000;
    if (pollMs > 0) {
      store.pollTimer = setInterval(() => void store.poll(), pollMs);
      store.pollTimer.unref();
    }
    const pruneEveryMs = options.pruneEveryMs ?? 60_000;
    if (pruneEveryMs > 0) {
      store.pruneTimer = setInterval(() => store.prune().catch((error: unknown) => options.onError?.(error)), pruneEveryMs);
      store.pruneTimer.unref();
    }
    return store;
  }

  /**
   * Awaited before a new snapshot is published (set by the catalog: a snapshot whose model
   * registries changed is published once the registry built from them is loaded, so no read of
   * it answers with the previous facts).
   */
  beforePublish: ((previous: CatalogSnapshot, next: CatalogSnapshot) => Promise<void>) | undefined = undefined;

  /** The last snapshot applied: as of the newest commit this replica has heard of. */
  current(): CatalogSnapshot {
    return this.snapshot;
  }

  get lastRefresh(): RefreshInfo {
    return this.info;
  }

  /** See SnapshotSource.onAdvance: the same events, in version order. */
  onAdvance(listener: AdvanceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the catalog whole, whatever the log says (after a catch-up already running). */
  async reload(): Promise<CatalogSnapshot> {
    this.reloadWanted = true;
    await this.catchUp();
    return this.snapshot;
  }

  /** The listener's state, for /status: connected or not, and the last notification (ms since the epoch, its version). */
  feedStatus(): FeedReport {
    return { listening: this.listener !== undefined, lastNotificationAt: this.lastNotificationAt, lastNotifiedVersion: this.lastNotifiedVersion };
  }

  /** Nothing to do: notifications and the poll bring other replicas' commits. */
  watch(_intervalMs: number): void {}

  /**
   * See SnapshotStore.prune. The log loses whole versions only (never half of one), the oldest
   * up to the first that is to be kept, and `pruned_through` is raised in the same transaction,
   * so a replica behind it loads whole.
   */
  async prune(): Promise<number> {
    if (this.closed) return 0;
    const cutoff = this.now() - this.retention.keepMs;
    const historyCutoff = this.now() - this.retention.historyMs;
    return pgTransaction(this.handle.pool, async (tx) => {
      let removed = 0;
      const bound = await tx.execute<{ through: string | null }>(sql`
        with newest as (select max(seq) as seq, max(version) as version from catalog_changes)
        select least(
          coalesce((select version from catalog_changes where seq > (select seq from newest) - ${this.retention.keepChanges}::bigint order by seq limit 1), (select version from newest) + 1),
          coalesce((select version from catalog_changes where at >= ${cutoff}::bigint order by seq limit 1), (select version from newest) + 1)
        ) - 1 as through`);
      const through = bound.rows[0]?.through;
      if (through != null && Number(through) > 0) {
        removed += (await tx.execute(sql`delete from catalog_changes where version <= ${Number(through)}::bigint`)).rowCount ?? 0;
        await tx.execute(sql`update catalog_version set pruned_through = greatest(pruned_through, ${Number(through)}::bigint) where id = 1`);
      }
      // As on SQLite: the old history rows are the ones before the first young one (no index on time).
      removed += (
        await tx.execute(
          sql`delete from change_history where seq < coalesce((select seq from change_history where at >= ${historyCutoff}::bigint order by seq limit 1), (select max(seq) + 1 from change_history))`,
        )
      ).rowCount ?? 0;
      await tx.execute(
        sql`delete from change_sets where id < coalesce((select id from change_sets where at >= ${historyCutoff}::bigint order by id limit 1), (select max(id) + 1 from change_sets)) and not open and not exists (select 1 from change_history h where h.change_set = change_sets.id)`,
      );
      return removed;
    });
  }

  /** Resolves once the snapshot is at `version` or later (read-your-writes); rejects after `timeoutMs`. */
  waitFor(version: number, timeoutMs = 5_000): Promise<void> {
    if (this.snapshot.version >= version) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        version,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`the snapshot did not reach catalog version ${version} within ${timeoutMs} ms (it is at ${this.snapshot.version})`));
      }, timeoutMs);
      this.waiters.add(waiter);
      void this.catchUp();
    });
  }

  /** Brings the snapshot up to the newest committed version now (a catch-up already running is joined, and run once more after it). */
  catchUp(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.refresh();
        } while (this.again && !this.closed);
      } catch (error) {
        this.options.onError?.(error);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearInterval(this.pruneTimer);
    clearTimeout(this.reconnectTimer);
    this.listeners.clear();
    await this.running;
    await this.listener?.end().catch(() => {});
    this.listener = undefined;
  }

  private async poll(): Promise<void> {
    if (this.running || this.closed) return;
    try {
      const { rows } = await this.handle.pool.query<{ version: string }>("select version from catalog_version");
      if (Number(rows[0]?.version ?? 0) > this.snapshot.version) await this.catchUp();
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.handle.url });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      if (error) this.options.onError?.(error);
      client.end().catch(() => {});
      this.scheduleReconnect(100);
    };
    client.on("error", lost);
    client.on("end", () => lost());
    client.on("notification", (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      this.lastNotificationAt = Date.now();
      this.lastNotifiedVersion = Number(message.payload);
      if (this.lastNotifiedVersion > this.snapshot.version) void this.catchUp();
    });
    await client.connect();
    await client.query(`listen ${CHANGE_CHANNEL}`);
    this.listener = client;
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = undefined;
      try {
        await this.connectListener();
        // What was committed while nobody listened.
        await this.catchUp();
      } catch (error) {
        this.options.onError?.(error);
        this.scheduleReconnect(Math.min(delayMs * 2, 5_000));
      }
    }, delayMs);
    this.reconnectTimer.unref();
  }

  private async refresh(): Promise<void> {
    const started = performance.now();
    const previous = this.snapshot;
    const result = await pgTransaction(
      this.handle.pool,
      async (tx) => {
        const state = (
          await tx.execute<{ version: string; pruned_through: string; seq: string | null }>(
            sql`select version, pruned_through, (select max(seq) from catalog_changes) as seq from catalog_version`,
          )
        ).rows[0]!;
        const newest = Number(state.version);
        const from = previous.version;
        const reload = this.reloadWanted;
        if (newest === from && previous !== EMPTY_SNAPSHOT && !reload) return null;
        // Every row this transaction sees has a version up to `newest`, and later commits get larger seqs.
        const seq = Math.max(this.seq, Number(state.seq ?? 0));
        const whole = async (reason: string) => ({ snapshot: buildSnapshot(await readAll(tx), newest), seq, info: { kind: "full" as const, changes: newest - from, reason } });
        if (previous === EMPTY_SNAPSHOT) return whole("start");
        if (reload) return whole("reload");
        if (newest < from || Number(state.pruned_through) > from) return whole("pruned");
        const changes = (
          await tx.execute<{ seq: string; entity: ChangeEntity; entity_id: string }>(
            sql`select seq, entity, entity_id from catalog_changes where version > ${from} and version <= ${newest} order by version, seq`,
          )
        ).rows.map((r) => ({ seq: Number(r.seq), entity: r.entity, entity_id: r.entity_id }));
        if (changes.length > this.fullLoadAfter) return whole("many changes");
        return { snapshot: applyChanges(previous, await reloadChanged(tx, changes), newest), seq, info: { kind: "incremental" as const, changes: changes.length, reason: undefined }, changes };
      },
      { isolation: "repeatable read", readOnly: true },
    );
    if (result?.info.reason === "reload") this.reloadWanted = false;
    if (!result) return;
    await this.beforePublish?.(previous, result.snapshot);
    const seqs = { from: this.seq, to: result.seq };
    this.snapshot = result.snapshot;
    this.seq = result.seq;
    this.info = { ...result.info, ms: performance.now() - started };
    const changes: readonly ChangeRow[] | null = "changes" in result ? result.changes : null;
    if (result.snapshot.version !== previous.version) publishAdvance(this.listeners, { previous, next: result.snapshot, changes, seqs });
    for (const waiter of [...this.waiters]) {
      if (this.snapshot.version >= waiter.version) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

/** One statement after another: they share the transaction's connection, which runs one at a time anyway. */
async function readAll(tx: Tx): Promise<CatalogRows> {
  return {
    providers: await tx.select().from(providers),
    groups: await tx.select().from(modelGroups),
    deployments: await tx.select().from(deployments),
    aliases: await tx.select().from(aliases),
    health: await tx.select().from(upstreamHealth),
    registries: await tx.select(registryColumns).from(modelRegistries),
    documents: await tx.select({ format: configDocuments.format, updatedAt: configDocuments.updatedAt }).from(configDocuments),
  };
}

async function reloadChanged(tx: Tx, changes: readonly ChangeRow[]): Promise<ChangedRows> {
  const keys = changedKeys(changes);
  const out: ChangedRows = {};
  if (keys.provider.size > 0) out.providers = { ids: keys.provider, rows: await tx.select().from(providers).where(inArray(providers.id, [...keys.provider])) };
  if (keys.group.size > 0) out.groups = { ids: keys.group, rows: await tx.select().from(modelGroups).where(inArray(modelGroups.id, [...keys.group])) };
  if (keys.deployment.size > 0) out.deployments = { ids: keys.deployment, rows: await tx.select().from(deployments).where(inArray(deployments.id, [...keys.deployment])) };
  if (keys.alias.size > 0) out.aliases = { ids: keys.alias, rows: await tx.select().from(aliases).where(inArray(aliases.id, [...keys.alias])) };
  if (keys.health.size > 0) {
    const list = JSON.stringify([...keys.health.values()]);
    const rows = await tx
      .select()
      .from(upstreamHealth)
      .where(
        sql`(${upstreamHealth.providerId}, ${upstreamHealth.model}, ${upstreamHealth.apiBase}) in (select (k ->> 0)::integer, k ->> 1, k ->> 2 from json_array_elements(${list}::json) as k)`,
      );
    out.health = { keys: new Set(keys.health.keys()), rows };
  }
  if (keys.registry.size > 0) {
    out.registries = { formats: keys.registry, rows: await tx.select(registryColumns).from(modelRegistries).where(inArray(modelRegistries.format, [...keys.registry] as never[])) };
  }
  if (keys.document.size > 0) {
    out.documents = {
      formats: keys.document,
      rows: await tx.select({ format: configDocuments.format, updatedAt: configDocuments.updatedAt }).from(configDocuments).where(inArray(configDocuments.format, [...keys.document] as never[])),
    };
  }
  return out;
}
