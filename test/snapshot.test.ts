import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createCatalog, type Catalog } from "../src/catalog/catalog.ts";
import { openDatabase, type DbHandle } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { CatalogError } from "../src/errors.ts";
import { HealthStatus } from "../src/health/status.ts";
import { SnapshotStore } from "../src/read/snapshot-store.ts";
import { dumpSnapshot, lookupName, type CatalogSnapshot } from "../src/read/snapshot.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import { TEST_HEALTH } from "./support/server.ts";

/*
 * The read model (issue 11, docs/read-model.md) through real SQLite files and real writes: the
 * catalog services and imports in this process, a second process (the CLI, or a script run with
 * tsx) on the same file. The snapshot kept up to date from the change log must always equal one
 * loaded from scratch.
 */

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/modelgraph.js");
const run = promisify(execFile);

const folders: string[] = [];
const handles: DbHandle[] = [];
afterAll(() => {
  for (const h of handles.splice(0)) h.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

interface Opened {
  path: string;
  handle: DbHandle;
  catalog: Catalog;
  store: SnapshotStore;
}

function open(path?: string): Opened {
  if (!path) {
    const dir = mkdtempSync(join(tmpdir(), "modelgraph-snapshot-"));
    folders.push(dir);
    path = join(dir, "catalog.db");
  }
  const handle = openDatabase(path);
  handles.push(handle);
  const catalog = createCatalog(new SqliteStore(handle), { env: () => undefined, healthStaleAfterMs: 30 * 60_000, health: TEST_HEALTH, secrets: new SecretBox({ kind: "ephemeral" }) });
  return { path, handle, catalog, store: new SnapshotStore(handle.db, { pruneEveryMs: 0 }) };
}

/** The catalog loaded from scratch on the same connection, as a canonical dump. */
function fromScratch(o: Opened): unknown {
  const store = new SnapshotStore(o.handle.db, { pruneEveryMs: 0 });
  expect(store.lastRefresh.kind).toBe("full");
  return dumpSnapshot(store.current());
}

function expectSameAsScratch(o: Opened): CatalogSnapshot {
  const snapshot = o.store.current();
  expect(dumpSnapshot(snapshot)).toEqual(fromScratch(o));
  return snapshot;
}

function group(s: CatalogSnapshot, name: string) {
  const entry = lookupName(s, name);
  return entry?.kind === "group" ? entry.group : undefined;
}

function alias(s: CatalogSnapshot, name: string) {
  const entry = lookupName(s, name);
  return entry?.kind === "alias" ? entry.alias : undefined;
}

function candidateModels(s: CatalogSnapshot, groupName: string): string[] {
  const g = group(s, groupName);
  return g ? (s.candidates.get(g.id) ?? []).map((d) => d.model) : [];
}

const LITELLM = (groups: number, aliasesPerGroup = 1) =>
  [
    "model_list:",
    ...Array.from({ length: groups }, (_, g) => [
      `  - model_name: imported-${g}`,
      "    litellm_params:",
      `      model: openai/model-${g}`,
      `      api_base: http://127.0.0.1:${9100 + (g % 3)}/v1`,
      `  - model_name: imported-${g}`,
      "    litellm_params:",
      `      model: hosted_vllm/vllm-${g}`,
      "      api_base: http://127.0.0.1:9200/v1",
      "    model_info:",
      "      max_output_tokens: 4096",
    ]).flat(),
    "router_settings:",
    "  model_group_alias:",
    ...Array.from({ length: groups * aliasesPerGroup }, (_, a) => `    imported-alias-${a}: imported-${a % groups}`),
  ].join("\n") + "\n";

describe("snapshot after writes in this process", () => {
  it("the very next current() reflects each write, applied incrementally and equal to a fresh load", async () => {
    const o = open();
    const { catalog, store } = o;
    expect(store.current().version).toBe(0);
    expect(store.current().providers.size).toBe(0);

    await catalog.providers.create({ name: "vllm", type: "hosted_vllm", apiBase: "https://integrate.api.nvidia.com/v1" });
    let s = store.current();
    expect(store.lastRefresh.kind).toBe("incremental");
    expect(s.providersByName.get("vllm")?.typeInfo.prefix).toBe("hosted_vllm");

    await catalog.groups.create({ name: "nvgm" });
    const added = (await catalog.deployments.add({ group: "nvgm", provider: "vllm", model: "z-ai/glm4.7" })).value;
    await catalog.deployments.add({ group: "nvgm", provider: "vllm", model: "backup", priority: 5 });
    await catalog.deployments.add({ group: "nvgm", provider: "vllm", model: "off", enabled: false });
    s = store.current();
    const entry = s.deployments.get(added.id)!;
    expect(entry.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
    expect(entry.effectiveApiBase).toBe("https://integrate.api.nvidia.com/v1");
    expect(candidateModels(s, "nvgm")).toEqual(["z-ai/glm4.7", "backup"]);
    expect(s.deploymentsByGroup.get(group(s, "nvgm")!.id)!.map((d) => d.model)).toEqual(["z-ai/glm4.7", "backup", "off"]);

    await catalog.aliases.add({ name: "smart", target: "nvgm" });
    s = store.current();
    expect(alias(s, "smart")?.groupId).toBe(group(s, "nvgm")!.id);
    expect(s.aliasesByGroup.get(group(s, "nvgm")!.id)!.map((a) => a.name)).toEqual(["smart"]);

    await catalog.aliases.update("smart", { name: "clever", hidden: true });
    s = store.current();
    expect(lookupName(s, "smart")).toBeUndefined();
    expect(alias(s, "clever")?.hidden).toBe(true);

    // A provider's new API base re-derives its deployments (and their upstream keys).
    await catalog.providers.update("vllm", { apiBase: "http://127.0.0.1:8000/v1" });
    s = store.current();
    expect(s.deployments.get(added.id)!.effectiveApiBase).toBe("http://127.0.0.1:8000/v1");
    expect(s.candidates.get(group(s, "nvgm")!.id)![0]!.upstream.apiBase).toBe("http://127.0.0.1:8000/v1");

    await catalog.deployments.update(added.id, { priority: 9 });
    s = store.current();
    expect(candidateModels(s, "nvgm")).toEqual(["backup", "z-ai/glm4.7"]);

    await catalog.health.record([{ ref: s.deployments.get(added.id)!.upstream, status: HealthStatus.UNHEALTHY, latencyMs: 12, error: "HTTP 503", checkedAt: new Date() }]);
    s = store.current();
    expect(store.lastRefresh).toMatchObject({ kind: "incremental", changes: 1 });
    expect(s.health.get(s.deployments.get(added.id)!.upstreamKey)).toMatchObject({ status: "UNHEALTHY", latencyMs: 12, consecutiveFailures: 1 });

    await catalog.groups.create({ name: "openai/*" });
    s = store.current();
    expect(s.patterns.map((g) => g.name)).toEqual(["openai/*"]);
    expect(group(s, "openai/*")?.pattern).toBe(true);
    expectSameAsScratch(o);

    await catalog.groups.update("nvgm", { name: "nvgm-2", description: "renamed" });
    s = store.current();
    expect(lookupName(s, "nvgm")).toBeUndefined();
    expect(group(s, "nvgm-2")?.description).toBe("renamed");
    expect(candidateModels(s, "nvgm-2")).toEqual(["backup", "z-ai/glm4.7"]);
    expect(s.groupsSorted.map((g) => g.name)).toEqual(["nvgm-2", "openai/*"]);
    expectSameAsScratch(o);

    // A snapshot already handed out never changes.
    const before = store.current();
    const frozen = dumpSnapshot(before);
    await catalog.aliases.remove("clever");
    expect(alias(store.current(), "clever")).toBeUndefined();
    expect(dumpSnapshot(before)).toEqual(frozen);
    expect(Object.isFrozen(before.deployments.get(added.id))).toBe(true);
    expectSameAsScratch(o);
  });

  it("an idle current() returns the same snapshot object, and reads inside an open transaction see the last published one", async () => {
    const o = open();
    await o.catalog.providers.create({ name: "p", type: "openai" });
    const s = o.store.current();
    expect(o.store.current()).toBe(s);
    expect(o.store.lastRefresh.kind).toBe("none");

    // Uncommitted rows (and the change-log seqs a rollback hands out again) never reach a snapshot.
    await expect(
      o.catalog.store.transaction(async (tx) => {
        await o.catalog.groups.insert(tx, "rolled-back", null, "chat");
        expect(lookupName(o.store.current(), "rolled-back")).toBeUndefined();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(lookupName(o.store.current(), "rolled-back")).toBeUndefined();
    await o.catalog.groups.create({ name: "committed" });
    expect(lookupName(o.store.current(), "committed")?.kind).toBe("group");
    expectSameAsScratch(o);
  });
});

describe("change-log triggers", () => {
  it("capture an import (one transaction, many rows) and re-importing it changes nothing", async () => {
    const o = open();
    const before = o.store.current().version;
    const report = await o.catalog.interop.importConfig({ format: "LITELLM_YAML", content: LITELLM(40, 2), source: "import.yaml" });
    expect(report.created.groups).toHaveLength(40);
    const s = expectSameAsScratch(o);
    expect(o.store.lastRefresh.kind).toBe("incremental");
    expect(s.groups.size).toBe(40);
    expect(s.deployments.size).toBe(80);
    expect(s.aliases.size).toBe(80);
    expect(s.version).toBeGreaterThanOrEqual(before + 40 + 80 + 80);
    expect(candidateModels(s, "imported-7")).toEqual(["model-7", "vllm-7"]);
    const vllm = s.deployments.get(s.candidates.get(group(s, "imported-7")!.id)![1]!.id)!;
    expect(vllm.factsOverride).toMatchObject({ maxOutputTokens: 4096 });

    const version = s.version;
    await o.catalog.interop.importConfig({ format: "LITELLM_YAML", content: LITELLM(40, 2), source: "import.yaml" });
    expect(o.store.current().version).toBe(version);
  });

  it("capture deletes, cascades included: a group with its deployments and aliases, a provider with its health", async () => {
    const o = open();
    await o.catalog.interop.importConfig({ format: "LITELLM_YAML", content: LITELLM(6), source: "import.yaml" });
    let s = o.store.current();
    const doomed = group(s, "imported-2")!;
    const doomedDeployments = s.deploymentsByGroup.get(doomed.id)!.map((d) => d.id);
    expect(doomedDeployments).toHaveLength(2);
    await o.catalog.health.record(s.deploymentsSorted.map((d) => ({ ref: d.upstream, status: HealthStatus.HEALTHY, latencyMs: 5, error: null, checkedAt: new Date() })));
    expect(o.store.current().health.size).toBe(12);

    // removing the group with force removes its alias; its deployments go by ON DELETE CASCADE.
    await o.catalog.groups.delete("imported-2", true);
    const cascaded = o.handle.sqlite
      .prepare("select entity, entity_id, op from catalog_changes where entity = 'deployment' and op = 'delete' order by seq")
      .all() as { entity_id: string }[];
    expect(cascaded.map((c) => Number(c.entity_id)).sort()).toEqual([...doomedDeployments].sort());
    s = expectSameAsScratch(o);
    expect(lookupName(s, "imported-2")).toBeUndefined();
    expect(lookupName(s, "imported-alias-2")).toBeUndefined();
    for (const id of doomedDeployments) expect(s.deployments.has(id)).toBe(false);
    expect(s.candidates.has(doomed.id)).toBe(false);
    expect(s.aliasesByGroup.has(doomed.id)).toBe(false);

    // A provider deleted with force: its deployments, and its health rows by ON DELETE CASCADE.
    const vllm = s.providersByName.get("hosted_vllm") ?? [...s.providers.values()].find((p) => p.type === "hosted_vllm")!;
    const healthOfIt = [...s.health.values()].filter((h) => h.providerId === vllm.id).length;
    // Health is per upstream: the removed group's upstream keeps its row until its provider goes.
    expect(healthOfIt).toBe(6);
    await o.catalog.providers.delete(vllm.name, true);
    const healthDeletes = o.handle.sqlite.prepare("select count(*) from catalog_changes where entity = 'health' and op = 'delete'").pluck().get();
    expect(healthDeletes).toBe(6);
    s = expectSameAsScratch(o);
    expect(s.providers.has(vllm.id)).toBe(false);
    expect([...s.health.values()].filter((h) => h.providerId === vllm.id)).toEqual([]);
    expect(s.deploymentsByProvider.has(vllm.id)).toBe(false);
    expect(candidateModels(s, "imported-4")).toEqual(["model-4"]);
  });
});

describe("snapshot after writes of another process", () => {
  it("sees a CLI import on the same file in the very next current()", async () => {
    const o = open();
    await o.catalog.providers.create({ name: "local", type: "openai", apiBase: "http://127.0.0.1:8001/v1" });
    const before = o.store.current();
    const file = join(mkdtempSync(join(tmpdir(), "modelgraph-snapshot-cli-")), "litellm.yaml");
    folders.push(resolve(file, ".."));
    writeFileSync(file, LITELLM(5));
    await run(process.execPath, [BIN, "import", file, "--db", o.path], { timeout: 60_000 });
    const s = o.store.current();
    expect(o.store.lastRefresh.kind).toBe("incremental");
    expect(s.version).toBeGreaterThan(before.version);
    expect(group(s, "imported-3")).toBeDefined();
    expect(alias(s, "imported-alias-4")?.groupId).toBe(group(s, "imported-4")!.id);
    expectSameAsScratch(o);
  });

  it("sees another process's updates and deletes (cascades) in the very next current()", async () => {
    const o = open();
    await o.catalog.interop.importConfig({ format: "LITELLM_YAML", content: LITELLM(4), source: "import.yaml" });
    const before = o.store.current();
    expect(group(before, "imported-1")).toBeDefined();
    const script = `
      import "reflect-metadata";
      import { openDatabase } from ${JSON.stringify(join(ROOT, "src/db/client.ts"))};
      import { SqliteStore } from ${JSON.stringify(join(ROOT, "src/db/store.ts"))};
      import { createCatalog } from ${JSON.stringify(join(ROOT, "src/catalog/catalog.ts"))};
      import { SecretBox } from ${JSON.stringify(join(ROOT, "src/secrets/secret-box.ts"))};
      import { loadConfig } from ${JSON.stringify(join(ROOT, "src/config.ts"))};
      const h = new SqliteStore(openDatabase(${JSON.stringify(o.path)}));
      const c = createCatalog(h, { env: () => undefined, healthStaleAfterMs: 60000, health: loadConfig({}).health, secrets: new SecretBox({ kind: "ephemeral" }) });
      await c.groups.delete("imported-1", true);
      await c.aliases.update("imported-alias-2", { target: "imported-3" });
      await c.groups.create({ name: "from-elsewhere", description: "second process" });
      await h.close();
    `;
    await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, timeout: 60_000 });
    const s = o.store.current();
    expect(lookupName(s, "imported-1")).toBeUndefined();
    expect(lookupName(s, "imported-alias-1")).toBeUndefined();
    expect(alias(s, "imported-alias-2")?.groupId).toBe(group(s, "imported-3")!.id);
    expect(group(s, "from-elsewhere")?.description).toBe("second process");
    expect(s.deployments.size).toBe(6);
    expectSameAsScratch(o);
  });

  it("sees a write of a second connection in this process (PRAGMA data_version)", async () => {
    const o = open();
    o.store.current();
    const other = open(o.path);
    await other.catalog.providers.create({ name: "elsewhere", type: "anthropic" });
    expect(o.store.current().providersByName.get("elsewhere")?.typeInfo.id).toBe("anthropic");
    expectSameAsScratch(o);
  });
});

describe("pruning the change log", () => {
  it("a reader behind what was pruned loads whole, with the same result; rows within the retention time are kept", async () => {
    const o = open();
    await o.catalog.interop.importConfig({ format: "LITELLM_YAML", content: LITELLM(3), source: "import.yaml" });
    const reader = o.store;
    reader.current();
    const pruner = new SnapshotStore(o.handle.db, { pruneEveryMs: 0, retention: { keepChanges: 2, keepMs: 60 * 60_000 } });
    for (let i = 0; i < 5; i++) await o.catalog.groups.create({ name: `later-${i}` });
    // Everything is younger than the retention time: nothing goes.
    expect(pruner.prune()).toBe(0);

    let now = Date.now() + 2 * 60 * 60_000;
    const late = new SnapshotStore(o.handle.db, { pruneEveryMs: 0, retention: { keepChanges: 2, keepMs: 60 * 60_000 }, now: () => now });
    const total = o.handle.sqlite.prepare("select count(*) from catalog_changes").pluck().get() as number;
    expect(late.prune()).toBe(total - 2);
    expect(o.handle.sqlite.prepare("select count(*) from catalog_changes").pluck().get()).toBe(2);

    const s = reader.current();
    expect(reader.lastRefresh).toMatchObject({ kind: "full", reason: "pruned" });
    expect(group(s, "later-4")).toBeDefined();
    expectSameAsScratch(o);

    // Pruned again, but the reader is at the newest version: it keeps applying incrementally.
    now += 1;
    await o.catalog.groups.create({ name: "after-prune" });
    expect(late.prune()).toBeGreaterThan(0);
    expect(group(reader.current(), "after-prune")).toBeDefined();
    expect(reader.lastRefresh.kind).toBe("incremental");
    expectSameAsScratch(o);
  });

  it("more changes than a full load costs are loaded whole", async () => {
    const o = open();
    const store = new SnapshotStore(o.handle.db, { pruneEveryMs: 0, fullLoadAfter: 10 });
    await o.catalog.interop.importConfig({ format: "LITELLM_YAML", content: LITELLM(5), source: "import.yaml" });
    const s = store.current();
    expect(store.lastRefresh).toMatchObject({ kind: "full", reason: "many changes" });
    expect(dumpSnapshot(s)).toEqual(fromScratch(o));
  });
});

/*
 * Random sequences of writes through the services (failures such as a taken name are part of the
 * sequence: they must change nothing), with current() called at random points so that batches
 * of every size are applied. After each sequence, and at each random check, the incrementally
 * kept snapshot equals one loaded from scratch.
 */
describe("property: incremental equals from scratch", () => {
  const providerName = fc.constantFrom("p-a", "p-b", "p-c");
  const groupName = fc.constantFrom("g-1", "g-2", "g-3", "openai/*", "g-*", "*");
  const aliasName = fc.constantFrom("a-1", "a-2", "a-3", "g-1", "Ａ-4");
  const base = fc.constantFrom(null, "http://127.0.0.1:9001/v1", "http://127.0.0.1:9002/v1/");
  const model = fc.constantFrom("m-1", "m-2", "z-ai/glm4.7", "gpt-*");
  type Op = (c: Catalog, s: CatalogSnapshot) => unknown;
  const pickDeployment = (s: CatalogSnapshot, i: number) => (s.deploymentsSorted.length ? s.deploymentsSorted[i % s.deploymentsSorted.length] : undefined);
  const op: fc.Arbitrary<{ name: string; run: Op }> = fc.oneof(
    { weight: 1, arbitrary: fc.record({ p: providerName, t: fc.constantFrom("openai", "hosted_vllm", "anthropic"), b: base }).map(({ p, t, b }) => ({
      name: `createProvider ${p} ${t} ${b}`,
      run: (c: Catalog) => c.providers.create({ name: p, type: t, apiBase: b ?? (t === "hosted_vllm" ? "http://127.0.0.1:9009/v1" : null) }),
    })) },
    { weight: 3, arbitrary: fc.record({ p: providerName, b: base, rename: fc.option(providerName, { nil: undefined }) }).map(({ p, b, rename }) => ({
      name: `updateProvider ${p} ${b} ${rename}`,
      run: (c: Catalog) => c.providers.update(p, { apiBase: b, ...(rename ? { name: rename } : {}) }),
    })) },
    { weight: 1, arbitrary: providerName.map((p) => ({ name: `deleteProvider ${p}`, run: (c: Catalog) => c.providers.delete(p, true) })) },
    { weight: 1, arbitrary: groupName.map((g) => ({ name: `createGroup ${g}`, run: (c: Catalog) => c.groups.create({ name: g }) })) },
    { weight: 2, arbitrary: fc.record({ g: groupName, to: groupName, d: fc.string({ maxLength: 3 }) }).map(({ g, to, d }) => ({
      name: `updateGroup ${g}→${to}`,
      run: (c: Catalog) => c.groups.update(g, { name: to, description: d || null }),
    })) },
    { weight: 1, arbitrary: groupName.map((g) => ({ name: `deleteGroup ${g}`, run: (c: Catalog) => c.groups.delete(g, true) })) },
    { weight: 4, arbitrary: fc
      .record({ g: groupName, p: providerName, m: model, priority: fc.integer({ min: 0, max: 3 }), weight: fc.integer({ min: 1, max: 3 }), enabled: fc.boolean() })
      .map((d) => ({ name: `addDeployment ${JSON.stringify(d)}`, run: (c: Catalog) => c.deployments.add({ group: d.g, provider: d.p, model: d.m, priority: d.priority, weight: d.weight, enabled: d.enabled }) })) },
    { weight: 3, arbitrary: fc.record({ i: fc.nat(), priority: fc.integer({ min: 0, max: 3 }), enabled: fc.boolean(), m: fc.option(model, { nil: undefined }) }).map(({ i, priority, enabled, m }) => ({
      name: `updateDeployment #${i} ${priority} ${enabled} ${m}`,
      run: (c: Catalog, s: CatalogSnapshot) => {
        const d = pickDeployment(s, i);
        return d && c.deployments.update(d.id, { priority, enabled, ...(m ? { model: m } : {}) });
      },
    })) },
    { weight: 1, arbitrary: fc.nat().map((i) => ({
      name: `removeDeployment #${i}`,
      run: (c: Catalog, s: CatalogSnapshot) => {
        const d = pickDeployment(s, i);
        return d && c.deployments.remove(d.id);
      },
    })) },
    { weight: 3, arbitrary: fc.record({ a: aliasName, g: groupName, hidden: fc.boolean() }).map(({ a, g, hidden }) => ({
      name: `addAlias ${a}→${g}`,
      run: (c: Catalog) => c.aliases.add({ name: a, target: g, hidden }),
    })) },
    { weight: 3, arbitrary: fc.record({ a: aliasName, to: fc.option(aliasName, { nil: undefined }), g: fc.option(groupName, { nil: undefined }) }).map(({ a, to, g }) => ({
      name: `updateAlias ${a} ${to} ${g}`,
      run: (c: Catalog) => c.aliases.update(a, { ...(to ? { name: to } : {}), ...(g ? { target: g } : {}) }),
    })) },
    { weight: 1, arbitrary: aliasName.map((a) => ({ name: `removeAlias ${a}`, run: (c: Catalog) => c.aliases.remove(a) })) },
    { weight: 3, arbitrary: fc.record({ i: fc.nat(), status: fc.constantFrom(HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, HealthStatus.DEGRADED) }).map(({ i, status }) => ({
      name: `health #${i} ${status}`,
      run: (c: Catalog, s: CatalogSnapshot) => {
        const d = pickDeployment(s, i);
        return d && c.health.record([{ ref: d.upstream, status, latencyMs: i % 100, error: status === HealthStatus.UNHEALTHY ? "HTTP 500" : null, checkedAt: new Date(1_700_000_000_000 + i) }]);
      },
    })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({
      name: `import ${n}`,
      run: (c: Catalog) => c.interop.importConfig({ format: "LITELLM_YAML", content: LITELLM(n), source: "import.yaml" }),
    })) },
  );

  it("for random sequences of writes, the kept snapshot equals a fresh load", async () => {
    await fc.assert(
      // Each step: the write, whether to compare with a fresh load after it, else whether to bring
      // the store up to date without reading its sorted lists (which then build on a later read).
      fc.asyncProperty(fc.array(fc.tuple(op, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 30 }), async (steps) => {
        const handle = openDatabase(":memory:");
        try {
          const catalog = createCatalog(new SqliteStore(handle), { env: () => undefined, healthStaleAfterMs: 30 * 60_000, health: TEST_HEALTH, secrets: new SecretBox({ kind: "ephemeral" }) });
          const store = new SnapshotStore(handle.db, { pruneEveryMs: 0 });
          const o: Opened = { path: ":memory:", handle, catalog, store };
          // What the writes decide on (which deployment) comes from a fresh load, so it does not depend on the store under test.
          const scratch = () => new SnapshotStore(handle.db, { pruneEveryMs: 0 }).current();
          // A seeded catalog, so that most random writes find what they name.
          await catalog.providers.create({ name: "p-a", type: "openai" });
          await catalog.providers.create({ name: "p-b", type: "hosted_vllm", apiBase: "http://127.0.0.1:9009/v1" });
          for (const g of ["g-1", "g-2", "openai/*"]) await catalog.groups.create({ name: g });
          await catalog.deployments.add({ group: "g-1", provider: "p-a", model: "m-1" });
          await catalog.deployments.add({ group: "g-1", provider: "p-b", model: "m-2", priority: 1 });
          await catalog.deployments.add({ group: "openai/*", provider: "p-a", model: "*" });
          await catalog.aliases.add({ name: "a-1", target: "g-1" });
          if (steps[0]![1]) store.current();
          for (const [step, check, advance] of steps) {
            try {
              await step.run(catalog, scratch());
            } catch (error) {
              if (!(error instanceof CatalogError)) throw error;
            }
            if (check) expectSameAsScratch(o);
            else if (advance) store.current();
          }
          expectSameAsScratch(o);
        } finally {
          handle.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
