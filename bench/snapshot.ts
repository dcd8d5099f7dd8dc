/**
 * The read model's costs (issue 11, docs/read-model.md), on the synthetic 30,000-entity catalog
 * in a fresh SQLite file: a full load of the snapshot and the heap it holds, `current()` after one
 * addAlias and after a 1,000-row health batch, and what the change-log triggers add to that batch
 * (the same batch on a copy of the database with the triggers dropped). Medians of `runs`.
 * Run alone: `npx tsx bench/snapshot.ts`.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCatalog, type Catalog } from "../src/catalog/catalog.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type DbHandle } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { HealthStatus } from "../src/health/status.ts";
import { SnapshotStore } from "../src/read/snapshot-store.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import { syntheticLiteLLMYaml } from "./synthetic.ts";
import { median, time, timeAsync } from "./measure.ts";

export interface SnapshotBenchResult {
  entities: number;
  importMs: number;
  /** Full load (start-up) of the snapshot, median. */
  fullLoadMs: number;
  /** Heap the snapshot holds (after GC, with --expose-gc; else null), MB; and process RSS after loading, MB. */
  snapshotHeapMb: number | null;
  rssMb: number;
  /** addAlias through the service, then current(): medians in ms. */
  addAliasMs: number;
  currentAfterAddAliasMs: number;
  /** A 1,000-row health batch through HealthStore.record, with and without the triggers, then current(). */
  healthBatchMs: number;
  healthBatchNoTriggersMs: number;
  currentAfterHealthBatchMs: number;
  /** current() with nothing changed, in microseconds. */
  currentIdleUs: number;
}


function open(path: string): { handle: DbHandle; catalog: Catalog } {
  const handle = openDatabase(path);
  const catalog = createCatalog(new SqliteStore(handle), {
    env: () => undefined,
    healthStaleAfterMs: 3_600_000,
    health: loadConfig({}).health,
    secrets: new SecretBox({ kind: "ephemeral" }),
  });
  return { handle, catalog };
}

/** 1,000 results for the first 1,000 deployments' upstreams. */
function healthBatch(store: SnapshotStore, round: number) {
  const snapshot = store.current();
  return snapshot.deploymentsSorted.slice(0, 1000).map((d) => ({
    ref: d.upstream,
    status: round % 2 === 0 ? HealthStatus.HEALTHY : HealthStatus.DEGRADED,
    latencyMs: 10 + round,
    error: null,
    checkedAt: new Date(),
  }));
}

export async function benchSnapshot(runs = 7): Promise<SnapshotBenchResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-snapshot-"));
  try {
    const path = join(dir, "bench.db");
    const { handle, catalog } = open(path);
    const content = syntheticLiteLLMYaml((p) => `http://127.0.0.1:${9000 + p}/v1`);
    const importMs = await timeAsync(() => catalog.interop.importConfig({ format: "LITELLM_YAML", content, source: "synthetic" }));

    const loads: number[] = [];
    const heaps: number[] = [];
    // The store measured is held here until the next one is measured, then dropped before the GC.
    const held: SnapshotStore[] = [];
    // Something in the stack keeps the last rows alive until the current job ends: collect after a tick.
    const settled = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    for (let i = 0; i < runs; i++) {
      held.pop()?.close();
      const before = await settled();
      const started = performance.now();
      held.push(new SnapshotStore(handle.db, { pruneEveryMs: 0 }));
      loads.push(performance.now() - started);
      heaps.push((await settled()) - before);
    }
    held.pop()?.close();
    const heapMb = gc ? median(heaps) / 1e6 : null;
    const store = new SnapshotStore(handle.db, { pruneEveryMs: 0 });
    const first = store.current();
    const entities = first.providers.size + first.groups.size + first.deployments.size + first.aliases.size;
    const rssMb = process.memoryUsage().rss / 1e6;

    const idle: number[] = [];
    for (let i = 0; i < 1000; i++) idle.push(time(() => void store.current()));

    const adds: number[] = [];
    const afterAdd: number[] = [];
    for (let i = 0; i < runs * 3; i++) {
      adds.push(await timeAsync(() => catalog.aliases.add({ name: `bench-alias-${i}`, target: "group-0001" })));
      afterAdd.push(time(() => void store.current()));
      if (store.lastRefresh.kind !== "incremental") throw new Error(`addAlias: expected an incremental refresh, got ${JSON.stringify(store.lastRefresh)}`);
    }

    // The same batches on a copy without the triggers, interleaved with the real ones (a loaded
    // machine drifts; alternating keeps the two series comparable).
    handle.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const copy = join(dir, "no-triggers.db");
    copyFileSync(path, copy);
    const bare = open(copy);
    const triggers = bare.handle.sqlite.prepare("select name from sqlite_master where type = 'trigger' and name like 'catalog_changes_%'").pluck().all() as string[];
    if (triggers.length === 0) throw new Error("no change-log triggers found");
    for (const t of triggers) bare.handle.sqlite.exec(`drop trigger "${t}"`);
    const batches: number[] = [];
    const bareBatches: number[] = [];
    const afterBatch: number[] = [];
    for (let i = 0; i < runs * 2; i++) {
      const batch = healthBatch(store, i);
      bareBatches.push(await timeAsync(() => bare.catalog.health.record(batch)));
      batches.push(await timeAsync(() => catalog.health.record(batch)));
      afterBatch.push(time(() => void store.current()));
      if (store.lastRefresh.kind !== "incremental" || store.lastRefresh.changes !== 1000) throw new Error(`health batch: ${JSON.stringify(store.lastRefresh)}`);
    }
    bare.handle.close();
    store.close();
    handle.close();

    return {
      entities,
      importMs,
      fullLoadMs: median(loads),
      snapshotHeapMb: heapMb,
      rssMb,
      addAliasMs: median(adds),
      currentAfterAddAliasMs: median(afterAdd),
      healthBatchMs: median(batches),
      healthBatchNoTriggersMs: median(bareBatches),
      currentAfterHealthBatchMs: median(afterBatch),
      currentIdleUs: median(idle) * 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSnapshot(), null, 2));
}
