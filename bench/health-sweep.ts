import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCatalog } from "../src/catalog/catalog.ts";
import { openDatabase } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import type { HealthSettings } from "../src/health/checker.ts";
import { Semaphore } from "../src/health/limiter.ts";
import { FakeUpstream } from "../test/support/upstream.ts";
import { median } from "./measure.ts";

const ENDPOINTS = 50;
const MODELS_PER_ENDPOINT = 20; // 50 × 20 = 1,000 deployments
const UPSTREAM_MS = 50;
const ROUNDS = 5;

const SETTINGS: HealthSettings = {
  timeoutMs: 10_000,
  slowMs: 2_000,
  freshForMs: 60_000,
  concurrency: 16,
  perProviderConcurrency: 4,
  maxBodyBytes: 8 * 1024 * 1024,
};

export interface SweepBenchResult {
  rows: { name: string; ms: number; requests: number; note: string }[];
}

/**
 * A full forced sweep of 1,000 deployments on 50 endpoints (local upstreams answering in 50 ms),
 * against the ideal (endpoints / concurrency × 50 ms) and a baseline measured in the same run:
 * the same 50 list requests sent with bare fetch under the same concurrency limit.
 */
export async function benchHealthSweep(): Promise<SweepBenchResult> {
  const models = Array.from({ length: MODELS_PER_ENDPOINT }, (_, i) => `model-${i}`);
  const upstream = await FakeUpstream.start(models, { delayMs: UPSTREAM_MS });
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-"));
  const store = new SqliteStore(openDatabase(join(dir, "bench.db")));
  const catalog = createCatalog(store, { env: () => undefined, healthStaleAfterMs: 3_600_000, health: SETTINGS, secrets: new SecretBox({ kind: "ephemeral" }) });
  try {
    for (let e = 0; e < ENDPOINTS; e++) {
      const provider = `bench-${e}`;
      await catalog.providers.create({ name: provider, type: "openai", apiBase: `${upstream.origin}/e${e}/v1` });
      const group = `group-${e}`;
      await catalog.groups.create({ name: group });
      for (const model of models) await catalog.deployments.add({ group, provider, model });
    }

    const sweeps: number[] = [];
    let requests = 0;
    for (let round = 0; round < ROUNDS; round++) {
      upstream.reset();
      const started = performance.now();
      const report = await catalog.checker.check({ force: true });
      sweeps.push(performance.now() - started);
      requests = upstream.count;
      if (report.deploymentsCovered !== ENDPOINTS * MODELS_PER_ENDPOINT || report.results.some((r) => r.status !== "HEALTHY")) {
        throw new Error(`sweep did not cover 1,000 healthy deployments: ${report.deploymentsCovered}`);
      }
    }

    const baseline: number[] = [];
    const limit = new Semaphore(SETTINGS.concurrency);
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: ENDPOINTS }, (_, e) =>
          limit.run(async () => {
            const response = await fetch(`${upstream.origin}/e${e}/v1/models`);
            await response.json();
          }),
        ),
      );
      baseline.push(performance.now() - started);
    }

    const ideal = (ENDPOINTS / SETTINGS.concurrency) * UPSTREAM_MS;
    return {
      rows: [
        { name: "ideal: endpoints / concurrency × 50 ms", ms: ideal, requests: ENDPOINTS, note: `${ENDPOINTS} / ${SETTINGS.concurrency} × ${UPSTREAM_MS} ms` },
        { name: "baseline: 50 bare fetches, same limit", ms: median(baseline), requests: ENDPOINTS, note: `median of ${ROUNDS}` },
        { name: "modelgraph sweep, 1,000 deployments", ms: median(sweeps), requests, note: `median of ${ROUNDS}; min ${Math.min(...sweeps).toFixed(0)} ms` },
      ],
    };
  } finally {
    await catalog.close();
    await store.close();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
