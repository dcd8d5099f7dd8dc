import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HealthSweeper } from "../src/health/sweeper.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

/**
 * The dedup proof: 10 aliases over 4 groups over 6 deployments that share 3 upstreams on 2
 * endpoints. Endpoint A (provider "prov-a") serves m1 and m2; endpoint B ("prov-b") serves m3.
 */
const ALIASES = Array.from({ length: 10 }, (_, i) => `alias-${i}`);
const GROUPS: Record<string, [string, string][]> = {
  g1: [["prov-a", "m1"], ["prov-b", "m3"]],
  g2: [["prov-a", "m1"], ["prov-a", "m2"]],
  g3: [["prov-a", "m2"]],
  g4: [["prov-b", "m3"]],
};

async function seed(server: TestServer, a: FakeUpstream, b: FakeUpstream): Promise<void> {
  await server.ok(ops.CreateProviderDocument, { input: { name: "prov-a", type: "openai", apiBase: a.base } });
  await server.ok(ops.CreateProviderDocument, { input: { name: "prov-b", type: "hosted_vllm", apiBase: b.base } });
  for (const [group, deployments] of Object.entries(GROUPS)) {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: group } });
    for (const [provider, model] of deployments) await server.ok(ops.AddDeploymentDocument, { input: { group, provider, model } });
  }
  for (const [i, alias] of ALIASES.entries()) await server.ok(ops.AddAliasDocument, { input: { name: alias, target: `g${(i % 4) + 1}` } });
}

const dir = mkdtempSync(join(tmpdir(), "modelgraph-dedup-"));
let a: FakeUpstream;
let b: FakeUpstream;
let server: TestServer;

beforeAll(async () => {
  a = await FakeUpstream.start(["m1", "m2"], { delayMs: 400 });
  b = await FakeUpstream.start(["m3"], { delayMs: 400 });
  // A long probe timeout, so that the slow upstreams of the concurrency test are not cut off.
  server = await startTestServer({ dbPath: join(dir, "dedup.db"), health: { timeoutMs: 8_000 } });
  await seed(server, a, b);
});
afterAll(async () => {
  await server.close();
  await a.close();
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("health deduplication", () => {
  it("never probes for resolving or listing names", async () => {
    await server.ok(ops.ResolveDocument, { name: "alias-0" });
    await server.ok(ops.AliasesDeepDocument, { first: 100 });
    expect(a.count + b.count).toBe(0);
  });

  it("checks 10 aliases over 6 deployments with one request per endpoint", async () => {
    const report = (await server.ok(ops.CheckHealthDocument, { names: ALIASES })).checkHealth;
    expect(report).toMatchObject({ deploymentsCovered: 6, upstreamsChecked: 3, requestsSent: 2, reusedResults: 0 });
    expect([a.count, b.count]).toEqual([1, 1]);
    expect(a.requests[0]!.path).toBe("/v1/models");
    expect(report.results.map((r) => r.status)).toEqual(Array(6).fill("HEALTHY"));
    console.log(`dedup proof: one checkHealth of 10 aliases sent ${a.count + b.count} HTTP requests`);
    // The two deployments of m1 (in g1 and g2) read one stored result.
    const m1 = report.results.filter((r) => r.deployment.model === "m1");
    expect(m1).toHaveLength(2);
    expect(m1[0]!.checkedAt).toBe(m1[1]!.checkedAt);
  });

  it("shares in-flight requests among 50 concurrent forced checks", async () => {
    a.reset();
    b.reset();
    // A forced check that starts after a probe has finished must probe again; the upstreams answer
    // slowly enough that all 50 calls start while the first probes are still in flight.
    // 4 s: the 50 calls start within a second even beside other test files on 2 busy cores.
    a.delayMs = b.delayMs = 4000;
    const reports = await Promise.all(Array.from({ length: 50 }, () => server.ok(ops.CheckHealthDocument, { names: ALIASES, force: true })));
    a.delayMs = b.delayMs = 400;
    console.log(`dedup proof: 50 concurrent checkHealth calls sent ${a.count + b.count} HTTP requests`);
    expect([a.count, b.count]).toEqual([1, 1]);
    expect(reports.reduce((n, r) => n + r.checkHealth.requestsSent, 0)).toBe(2);
    expect(reports.filter((r) => r.checkHealth.requestsSent > 0)).toHaveLength(2 - (reports.some((r) => r.checkHealth.requestsSent === 2) ? 1 : 0));
    expect(reports.reduce((n, r) => n + r.checkHealth.sharedResults, 0)).toBe(50 * 3 - 3);
    // Slow (4 s > the 1 s threshold) but answered: every result is DEGRADED, from one shared probe per endpoint.
    expect(reports.every((r) => r.checkHealth.results.every((x) => x.status === "DEGRADED"))).toBe(true);
  });

  it("reuses results younger than the freshness window unless forced", async () => {
    a.reset();
    b.reset();
    const report = (await server.ok(ops.CheckHealthDocument, { names: ALIASES })).checkHealth;
    console.log(`dedup proof: a second checkHealth inside the freshness window sent ${a.count + b.count} HTTP requests`);
    expect(a.count + b.count).toBe(0);
    expect(report).toMatchObject({ requestsSent: 0, reusedResults: 3 });
    expect(report.results.every((r) => r.source === "REUSED")).toBe(true);
    const forced = (await server.ok(ops.CheckHealthDocument, { names: ["alias-2"], force: true })).checkHealth;
    expect(forced.requestsSent).toBe(1);
  });

  it("lets one of two processes on the same database probe; the other reads its result", async () => {
    a.reset();
    b.reset();
    const child = spawn(process.execPath, ["--import", "tsx", new URL("./support/check-process.ts", import.meta.url).pathname], {
      env: { ...process.env, DB_PATH: join(dir, "dedup.db"), NAMES: JSON.stringify(ALIASES) },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // Wait until the child has loaded (tsx compiles it), then start both checks together.
    for (const until = Date.now() + 30_000; !stdout.includes("ready\n") && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    child.stdin.write("go\n");
    const here = (await server.ok(ops.CheckHealthDocument, { names: ALIASES, force: true })).checkHealth;
    expect(await exited).toBe(0);
    const there = JSON.parse(stdout.slice(stdout.indexOf("ready\n") + 6)) as { requestsSent: number; reusedResults: number; statuses: string[] };
    console.log(`two processes: ${a.count + b.count} HTTP requests (this process sent ${here.requestsSent}, the other ${there.requestsSent})`);
    expect([a.count, b.count]).toEqual([1, 1]);
    expect(here.requestsSent + there.requestsSent).toBe(2);
    expect(there.statuses).toEqual(Array(6).fill("HEALTHY"));
  });

  it("sweeps in the background until stopped", async () => {
    const fresh = await startTestServer({ health: { freshForMs: 0 } });
    const up = await FakeUpstream.start(["m1"]);
    try {
      await fresh.ok(ops.CreateProviderDocument, { input: { name: "swept", type: "openai", apiBase: up.base } });
      await fresh.ok(ops.CreateModelGroupDocument, { input: { name: "sg" } });
      await fresh.ok(ops.AddDeploymentDocument, { input: { group: "sg", provider: "swept", model: "m1" } });
      const quiet = { info() {}, warn() {}, error() {} };
      const off = new HealthSweeper(fresh.catalog.checker, fresh.catalog.health, fresh.catalog.leases, quiet, { intervalMs: 0, historyRetentionMs: 86_400_000, historyMaxPerUpstream: 100 });
      off.start();
      const sweeper = new HealthSweeper(fresh.catalog.checker, fresh.catalog.health, fresh.catalog.leases, quiet, {
        intervalMs: 100,
        historyRetentionMs: 86_400_000,
        historyMaxPerUpstream: 100,
      });
      sweeper.start();
      const until = Date.now() + 10_000;
      while (sweeper.sweeps < 3 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      await sweeper.stop();
      expect(sweeper.sweeps).toBeGreaterThanOrEqual(3);
      expect(off.sweeps).toBe(0);
      const seen = up.count;
      expect(seen).toBeGreaterThanOrEqual(3);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(up.count).toBe(seen);
      const summary = (await fresh.ok(ops.HealthSummaryDocument)).healthSummary;
      expect(summary).toMatchObject({ deployments: 1, healthy: 1, upstreams: 1 });
    } finally {
      await fresh.close();
      await up.close();
    }
  });
});

describe("health concurrency limits", () => {
  it("keeps at most `concurrency` probes in flight, and at most `perProviderConcurrency` per provider", async () => {
    const up = await FakeUpstream.start(["m"], { delayMs: 150 });
    const limited = await startTestServer({ health: { concurrency: 5, perProviderConcurrency: 2 } });
    try {
      // Provider "one": 6 endpoints (per-deployment API bases); providers two…seven: one endpoint each.
      await limited.ok(ops.CreateProviderDocument, { input: { name: "one", type: "openai", apiBase: up.base } });
      await limited.ok(ops.CreateModelGroupDocument, { input: { name: "lim" } });
      for (let e = 0; e < 6; e++) {
        await limited.ok(ops.AddDeploymentDocument, { input: { group: "lim", provider: "one", model: "m", apiBase: `${up.origin}/one-${e}/v1` } });
      }
      const onlyOne = (await limited.ok(ops.CheckHealthDocument, { names: ["lim"], force: true })).checkHealth;
      expect(onlyOne.requestsSent).toBe(6);
      expect(up.maxInFlight).toBe(2);

      for (let p = 2; p <= 7; p++) {
        await limited.ok(ops.CreateProviderDocument, { input: { name: `p${p}`, type: "openai", apiBase: `${up.origin}/p${p}/v1` } });
        await limited.ok(ops.AddDeploymentDocument, { input: { group: "lim", provider: `p${p}`, model: "m" } });
      }
      up.reset();
      const all = (await limited.ok(ops.CheckHealthDocument, { names: ["lim"], force: true })).checkHealth;
      expect(all.requestsSent).toBe(12);
      expect(up.maxInFlight).toBe(5);
      expect(all.results.every((r) => r.status === "HEALTHY")).toBe(true);
    } finally {
      await limited.close();
      await up.close();
    }
  });

  it("prunes history by age and by count per upstream", async () => {
    const store = server.catalog.health;
    const ref = { providerId: 1, model: "prune-me", apiBase: "http://127.0.0.1:1/v1" };
    const now = Date.now();
    await store.record(Array.from({ length: 6 }, (_, i) => ({ ref, status: "HEALTHY" as never, latencyMs: i, error: null, checkedAt: new Date(now - i * 1000) })));
    await store.record([{ ref, status: "UNHEALTHY" as never, latencyMs: null, error: "old", checkedAt: new Date(now - 10 * 86_400_000) }]);
    expect((await store.latest([ref], 100)).get(`1\u0000prune-me\u0000http://127.0.0.1:1/v1`)).toHaveLength(7);
    await store.prune(7 * 86_400_000, 4);
    const left = (await store.latest([ref], 100)).get(`1\u0000prune-me\u0000http://127.0.0.1:1/v1`)!;
    expect(left.map((r) => r.latencyMs)).toEqual([0, 1, 2, 3]);
  });
});
