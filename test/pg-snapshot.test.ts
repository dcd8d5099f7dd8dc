/**
 * The read model on a real PostgreSQL cluster (issue 13): a PgSnapshotStore follows writes made
 * through another pool (another replica) by LISTEN/NOTIFY, equals a fresh load after any sequence
 * of writes, loses no version when its listener connection is terminated or the server restarts,
 * and tells its listeners of each version once, in order.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, pgTransaction, type PgHandle } from "../src/db/pg/client.ts";
import * as t from "../src/db/pg/schema.ts";
import { PgStore } from "../src/db/pg/store.ts";
import { HealthStore } from "../src/health/health.store.ts";
import { HealthStatus } from "../src/health/status.ts";
import { PgSnapshotStore } from "../src/read/pg-snapshot-store.ts";
import type { SnapshotAdvance, SnapshotSource } from "../src/read/snapshot-store.ts";
import { dumpSnapshot } from "../src/read/snapshot.ts";
import { startPostgres, type PgCluster } from "./support/postgres.ts";

let cluster: PgCluster;
let writer: PgHandle;
let reader: PgHandle;
let store: PgSnapshotStore;
// Both snapshot stores are one interface to the catalog.
const _source: (s: PgSnapshotStore) => SnapshotSource = (s) => s;
const errors: unknown[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
  writer = await openPostgres(cluster.url);
  reader = await openPostgres(cluster.url, { migrate: false, max: 4 });
  store = await PgSnapshotStore.open(reader, { pollMs: 500, onError: (e) => errors.push(e) });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await reader?.close();
  await writer?.close();
  await cluster?.stop();
});

async function committedVersion(): Promise<number> {
  return Number((await writer.pool.query<{ version: string }>("select version from catalog_version")).rows[0]!.version);
}

/** A fresh load of the same database: what the kept snapshot must equal. */
async function freshDump(): Promise<unknown> {
  const fresh = await PgSnapshotStore.open(reader, { listen: false, pollMs: 0 });
  try {
    return dumpSnapshot(fresh.current());
  } finally {
    await fresh.close();
  }
}

/** A write retried while the connection it got was one the restart closed. */
async function retried<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let counter = 0;
const now = () => new Date();

async function addGroup(name: string, providerId: number, models: string[]): Promise<number> {
  return pgTransaction(writer.pool, async (tx) => {
    await tx.insert(t.publicNames).values({ name, kind: "group" });
    const [group] = await tx.insert(t.modelGroups).values({ name, createdAt: now(), updatedAt: now() }).returning();
    for (const model of models) await tx.insert(t.deployments).values({ groupId: group!.id, providerId, model, createdAt: now(), updatedAt: now() });
    return group!.id;
  });
}

async function addAlias(name: string, groupId: number): Promise<void> {
  await pgTransaction(writer.pool, async (tx) => {
    await tx.insert(t.publicNames).values({ name, kind: "alias" });
    await tx.insert(t.aliases).values({ name, groupId, createdAt: now(), updatedAt: now() });
  });
}

describe("PgSnapshotStore", () => {
  let providerId: number;

  it("loads the catalog, then follows another pool's writes through notifications", async () => {
    expect(store.current().version).toBe(await committedVersion());
    const [provider] = await writer.db.insert(t.providers).values({ name: "prov", type: "openai", createdAt: now(), updatedAt: now() }).returning();
    providerId = provider!.id;
    const groupId = await addGroup("smart", providerId, ["gpt-4o", "gpt-4o-mini"]);
    await addAlias("fast", groupId);
    const version = await committedVersion();
    await store.waitFor(version);
    const s = store.current();
    expect(s.version).toBe(version);
    expect(s.names.get("fast")).toMatchObject({ kind: "alias" });
    expect(s.candidates.get(groupId)?.map((d) => d.prefixedId)).toEqual(["openai/gpt-4o", "openai/gpt-4o-mini"]);
    expect(store.lastRefresh.kind).toBe("incremental");
    expect(dumpSnapshot(s)).toEqual(await freshDump());
  });

  it("equals a fresh load after a random mix of inserts, updates, cascaded deletes and health upserts", async () => {
    const versions: number[] = [];
    const stop = store.onAdvance(({ next }) => versions.push(next.version));
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const groups: number[] = [];
    for (let i = 0; i < 40; i++) {
      const op = random();
      if (op < 0.35 || groups.length === 0) groups.push(await addGroup(`g-${counter++}`, providerId, ["m-a", "m-b"].slice(0, 1 + Math.floor(random() * 2))));
      else if (op < 0.5) await addAlias(`a-${counter++}`, groups[Math.floor(random() * groups.length)]!);
      else if (op < 0.65) {
        const id = groups[Math.floor(random() * groups.length)]!;
        await writer.db.update(t.deployments).set({ priority: Math.floor(random() * 5), enabled: random() < 0.8, updatedAt: now() }).where(eq(t.deployments.groupId, id));
      } else if (op < 0.75) {
        // A group with its aliases, its deployments (cascade) and its public names.
        const id = groups.splice(Math.floor(random() * groups.length), 1)[0]!;
        await pgTransaction(writer.pool, async (tx) => {
          const names = await tx.delete(t.aliases).where(eq(t.aliases.groupId, id)).returning({ name: t.aliases.name });
          const [group] = await tx.delete(t.modelGroups).where(eq(t.modelGroups.id, id)).returning();
          for (const n of [...names.map((x) => x.name), group!.name]) await tx.delete(t.publicNames).where(eq(t.publicNames.name, n));
        });
      } else {
        const status = random() < 0.5 ? "HEALTHY" : "UNHEALTHY";
        await writer.db
          .insert(t.upstreamHealth)
          .values({ providerId, model: random() < 0.5 ? "m-a" : "m-b", apiBase: "https://api.openai.com/v1", status, checkedAt: now(), latencyMs: 12, error: null, consecutiveFailures: 0 })
          .onConflictDoUpdate({ target: [t.upstreamHealth.providerId, t.upstreamHealth.model, t.upstreamHealth.apiBase], set: { status: sql`excluded.status`, checkedAt: sql`excluded.checked_at` } });
      }
    }
    const version = await committedVersion();
    await store.waitFor(version);
    stop();
    expect(dumpSnapshot(store.current())).toEqual(await freshDump());
    // Each advance once, in increasing order.
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions.at(-1)).toBe(version);
  });

  it("catches up after its listener connection is terminated, and after PostgreSQL restarts", async () => {
    const pids = await writer.pool.query<{ pid: number }>("select pid from pg_stat_activity where query ilike 'listen%'");
    expect(pids.rows.length).toBeGreaterThan(0);
    for (const { pid } of pids.rows) await writer.pool.query("select pg_terminate_backend($1)", [pid]);
    await addGroup(`after-terminate-${counter++}`, providerId, ["m-a"]);
    await store.waitFor(await committedVersion(), 10_000);
    expect(dumpSnapshot(store.current())).toEqual(await freshDump());

    await cluster.restart();
    // The pools' old connections fail once (a writer retries, as a replica's command would); the
    // store's listener reconnects with backoff and its poll retries a failed catch-up.
    for (let i = 0; i < 3; i++) await retried(() => addGroup(`after-restart-${counter++}`, providerId, ["m-b"]));
    await store.waitFor(await committedVersion(), 15_000);
    expect(dumpSnapshot(store.current())).toEqual(await freshDump());
  });

  it("measures how soon another pool's commit is in the snapshot (printed, not asserted)", async () => {
    const lags: number[] = [];
    for (let i = 0; i < 100; i++) {
      const seen = new Promise<number>((resolve) => {
        const stop = store.onAdvance(() => {
          stop();
          resolve(performance.now());
        });
      });
      await writer.db.update(t.providers).set({ displayName: `v${i}`, updatedAt: now() }).where(eq(t.providers.id, providerId));
      const committed = performance.now();
      lags.push((await seen) - committed);
    }
    lags.sort((a, b) => a - b);
    console.log(`commit → snapshot on another pool: p50 ${lags[49]!.toFixed(1)} ms, p99 ${lags[98]!.toFixed(1)} ms (100 writes)`);
    expect(store.current().providers.get(providerId)?.displayName).toBe("v99");
  });

  it("advances carry the change-log seqs of their versions (the change history's key)", async () => {
    const advances: SnapshotAdvance[] = [];
    const stop = store.onAdvance((a) => advances.push(a));
    await addGroup(`seqs-${counter++}`, providerId, ["m-a", "m-b"]);
    await addGroup(`seqs-${counter++}`, providerId, ["m-a"]);
    const version = await committedVersion();
    await store.waitFor(version);
    stop();
    const logged = await writer.pool.query<{ version: string; seq: string }>("select version, seq from catalog_changes where version > $1 order by seq", [advances[0]!.previous.version]);
    for (const [i, a] of advances.entries()) {
      if (i > 0) expect(a.seqs.from).toBe(advances[i - 1]!.seqs.to);
      const inRange = logged.rows.filter((r) => Number(r.seq) > a.seqs.from && Number(r.seq) <= a.seqs.to);
      // Exactly the rows of the versions the advance applied.
      expect(new Set(inRange.map((r) => Number(r.version)))).toEqual(new Set(logged.rows.filter((r) => Number(r.version) > a.previous.version && Number(r.version) <= a.next.version).map((r) => Number(r.version))));
      expect(inRange.length).toBeGreaterThan(0);
    }
    expect(advances.at(-1)!.seqs.to).toBe(Number(logged.rows.at(-1)!.seq));
  });

  it("health results written through the store: one version per batch, consecutive failures counted, the snapshot has them", async () => {
    const health = new HealthStore(new PgStore(writer), { staleAfterMs: 60_000 });
    const ref = { providerId, model: "m-a", apiBase: "https://batch.example/v1" };
    const other = { providerId, model: "m-b", apiBase: "https://batch.example/v1" };
    const before = await committedVersion();
    const at = (ms: number) => new Date(Date.now() - ms);
    // The same upstream three times in one batch (a PostgreSQL upsert may touch a row once per statement).
    await health.record([
      { ref, status: HealthStatus.UNHEALTHY, latencyMs: null, error: "HTTP 500", checkedAt: at(3) },
      { ref: other, status: HealthStatus.HEALTHY, latencyMs: 7, error: null, checkedAt: at(3) },
      { ref, status: HealthStatus.UNHEALTHY, latencyMs: null, error: "HTTP 502", checkedAt: at(2) },
      { ref, status: HealthStatus.UNHEALTHY, latencyMs: null, error: "HTTP 503", checkedAt: at(1) },
    ]);
    expect(await committedVersion()).toBe(before + 1);
    const rows = await health.rows([ref, other]);
    expect([...rows.values()].map((r) => [r.model, r.status, r.consecutiveFailures, r.error])).toEqual(
      expect.arrayContaining([
        ["m-a", "UNHEALTHY", 3, "HTTP 503"],
        ["m-b", "HEALTHY", 0, null],
      ]),
    );
    expect((await health.latest([ref], 10)).get(`${providerId}\u0000m-a\u0000https://batch.example/v1`)?.map((r) => r.error)).toEqual(["HTTP 503", "HTTP 502", "HTTP 500"]);
    await health.record([{ ref, status: HealthStatus.HEALTHY, latencyMs: 4, error: null, checkedAt: new Date() }]);
    expect((await health.rows([ref])).values().next().value?.consecutiveFailures).toBe(0);
    await store.waitFor(await committedVersion());
    expect(store.current().health.get(`${providerId}\u0000m-a\u0000https://batch.example/v1`)?.status).toBe("HEALTHY");
    expect(await health.prune(86_400_000, 2)).toBe(2);
    await health.ping();
  });

  it("prunes whole versions of the log past the retention and raises pruned_through; a replica behind it loads whole", async () => {
    const behind = await PgSnapshotStore.open(reader, { listen: false, pollMs: 0, pruneEveryMs: 0 });
    try {
      for (let i = 0; i < 4; i++) await addGroup(`prune-${counter++}`, providerId, ["m-a", "m-b"]);
      const perVersion = async () =>
        new Map((await writer.pool.query<{ version: string; n: string }>("select version, count(*) as n from catalog_changes group by version")).rows.map((r) => [Number(r.version), Number(r.n)]));
      const counts = await perVersion();
      const newestSeq = Number((await writer.pool.query<{ seq: string }>("select max(seq) as seq from catalog_changes")).rows[0]!.seq);
      const pruner = await PgSnapshotStore.open(reader, { listen: false, pollMs: 0, pruneEveryMs: 0, retention: { keepChanges: 3, keepMs: 0 } });
      const removed = await pruner.prune();
      await pruner.close();
      const left = await perVersion();
      expect(removed).toBeGreaterThan(0);
      // Whole versions: each one left has all its rows, and at least the newest 3 rows are kept.
      for (const [version, n] of left) expect(n).toBe(counts.get(version));
      const kept = Number((await writer.pool.query<{ n: string }>("select count(*) as n from catalog_changes where seq > $1", [newestSeq - 3])).rows[0]!.n);
      expect(kept).toBe(3);
      const state = (await writer.pool.query<{ pruned_through: string }>("select pruned_through from catalog_version")).rows[0]!;
      expect(Number(state.pruned_through)).toBe(Math.min(...left.keys()) - 1);
      // `behind` was opened before the writes: its next catch-up cannot read the pruned versions.
      await behind.catchUp();
      expect(behind.lastRefresh).toMatchObject({ kind: "full", reason: "pruned" });
      expect(dumpSnapshot(behind.current())).toEqual(await freshDump());
      await store.waitFor(await committedVersion());
      expect(dumpSnapshot(store.current())).toEqual(await freshDump());
      // reload() loads whole whatever the log says.
      expect(dumpSnapshot(await store.reload())).toEqual(await freshDump());
      expect(store.lastRefresh).toMatchObject({ kind: "full", reason: "reload" });
    } finally {
      await behind.close();
    }
  });
});
