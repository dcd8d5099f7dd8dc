import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerRestRoutes } from "../src/api/rest/rest.ts";
import { createCatalog } from "../src/catalog/catalog.ts";
import { openDatabase } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { HealthStatus } from "../src/health/status.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, TEST_HEALTH, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

/*
 * No SQL on the read path (issue 11, DESIGN.md section 5): once the snapshot is loaded, the REST
 * views, resolution, the CLI's resolve and the health planner read memory only. On a database file
 * the snapshot's version check is no statement either: it reads the wal-index header from the -shm
 * file (src/read/wal-stamp.ts), which is how a commit of another process is seen before the next
 * read, as the last tests show with a real second process on the same file. Where there is no
 * wal-index (an in-memory database) the check is one statement (`select total_changes(),
 * data_version …`), once per request.
 */

const ROOT = resolve(import.meta.dirname, "..");
const run = promisify(execFile);

/** The snapshot store's version check (src/read/snapshot-store.ts). */
const VERSION_CHECK = /from pragma_data_version\(\) \/\* snapshot \*\/$/;

/** Statements as a list a failure can be read from: the version check by name, anything else as its SQL. */
const named = (statements: readonly string[]) => statements.map((s) => (VERSION_CHECK.test(s.trim()) ? "version check" : s));

const folders: string[] = [];
afterAll(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-read-path-"));
  folders.push(dir);
  return join(dir, "catalog.db");
}

/** A group per provider type, a group of two types (its owner in /v1/models depends on health), aliases (one hidden), a wildcard route. */
async function seed(catalog: TestServer["catalog"], upstream: FakeUpstream, options: { wildcard?: boolean } = {}): Promise<void> {
  await catalog.providers.create({ name: "local", type: "openai", apiBase: upstream.base });
  await catalog.providers.create({ name: "vllm", type: "hosted_vllm", apiBase: upstream.base });
  await catalog.providers.create({ name: "claude", type: "anthropic", apiBase: upstream.origin });
  await catalog.groups.create({ name: "gpt-4o" });
  await catalog.deployments.add({ group: "gpt-4o", provider: "local", model: "gpt-4o", priority: 1 });
  await catalog.deployments.add({ group: "gpt-4o", provider: "local", model: "gpt-4o-mini", priority: 2 });
  await catalog.groups.create({ name: "mixed" });
  await catalog.deployments.add({ group: "mixed", provider: "local", model: "m1" });
  await catalog.deployments.add({ group: "mixed", provider: "vllm", model: "m2" });
  if (options.wildcard ?? true) await addWildcard(catalog);
  await catalog.aliases.add({ name: "smart", target: "gpt-4o" });
  await catalog.aliases.add({ name: "internal", target: "mixed", hidden: true });
}

/** `anthropic/*` on the anthropic provider: /v1/models lists the registry's anthropic models in its place. */
async function addWildcard(catalog: TestServer["catalog"]): Promise<void> {
  await catalog.groups.create({ name: "anthropic/*" });
  await catalog.deployments.add({ group: "anthropic/*", provider: "claude", model: "*" });
}

async function get(server: TestServer, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(server.url + path);
  return { status: response.status, text: await response.text() };
}

/** What `read` ran, as named(); waits for timers a refresh may have scheduled first. */
async function statementsOf(server: TestServer, read: () => unknown): Promise<string[]> {
  await new Promise((done) => setTimeout(done, 20));
  server.statements.length = 0;
  await read();
  return named(server.statements);
}

describe("reads after start-up run no catalog statement", () => {
  let upstream: FakeUpstream;
  let server: TestServer;
  let expanded: string;

  beforeAll(async () => {
    upstream = await FakeUpstream.start(["gpt-4o", "gpt-4o-mini", "m1", "m2"]);
    server = await startTestServer({ dbPath: tempDb() });
    await seed(server.catalog, upstream);
    // A known anthropic model the wildcard route lists in its place.
    expanded = `anthropic/${server.catalog.read().registry().modelsOf("anthropic")[0]}`;
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it("answers every REST view with the snapshot's version check alone, once per request", async () => {
    const rows = JSON.parse((await get(server, "/model/info?model=mixed")).text) as { data: { model_info: { id: string } }[] };
    const id = rows.data[1]!.model_info.id;
    const paths = [
      "/v1/models",
      "/models",
      "/v1/models?healthy_only=true",
      "/v1/models?return_wildcard_routes=true",
      "/v1/models/smart",
      "/v1/models/internal",
      `/v1/models/${expanded}`,
      "/model/info",
      "/model/info?model=smart",
      "/model/info?model=internal",
      `/model/info?litellm_model_id=${encodeURIComponent(id)}`,
      "/model_group/info",
      "/model_group/info?model_group=mixed",
    ];
    // Start-up: the first reads build the model registry from its stored rows (once).
    for (const path of paths) expect((await get(server, path)).status, path).toBe(200);
    for (const path of paths) {
      let status = 0;
      const statements = await statementsOf(server, async () => (status = (await get(server, path)).status));
      expect(status, path).toBe(200);
      expect(statements, path).toEqual([]);
    }
  });

  it("names where a model resolves on the inference routes without SQL", async () => {
    let body = "";
    const statements = await statementsOf(server, async () => {
      const response = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "smart", messages: [] }) });
      expect(response.status).toBe(404);
      body = await response.text();
    });
    expect(body).toContain("resolves to openai/gpt-4o on provider \\\"local\\\"");
    expect(statements).toEqual([]);
  });

  it("resolves from the snapshot without a statement, with the current view or one given", async () => {
    const fresh = await statementsOf(server, () => expect(server.catalog.resolution.resolve("smart").selected?.prefixedId).toBe("openai/gpt-4o"));
    expect(fresh).toEqual([]);
    const view = server.catalog.read();
    for (const name of ["smart", "internal", "mixed", "local/gpt-4o", "local/not-stored", expanded]) {
      const statements = await statementsOf(server, () => server.catalog.resolution.resolve(name, { view }));
      expect(statements, name).toEqual([]);
    }
  });

  it("plans /health from the snapshot: a check whose results are all fresh runs no statement", async () => {
    // The first check probes (leases, results written); the read after it takes the new snapshot.
    const first = JSON.parse((await get(server, "/health")).text) as { requests_sent: number; upstreams_checked: number };
    expect(first.requests_sent).toBeGreaterThan(0);
    await get(server, "/v1/models");
    for (const path of ["/health", "/health?model=smart", "/health?model=openai/gpt-4o", "/health?model=internal"]) {
      let report: { requests_sent: number; healthy_count: number } | undefined;
      const statements = await statementsOf(server, async () => (report = JSON.parse((await get(server, path)).text)));
      expect(report!.requests_sent, path).toBe(0);
      expect(report!.healthy_count, path).toBeGreaterThan(0);
      expect(statements, path).toEqual([]);
    }
    const view = server.catalog.read();
    const planned = await statementsOf(server, async () => {
      const report = await server.catalog.checker.check({ names: ["smart", "mixed"], view });
      expect(report.reusedResults).toBe(report.upstreamsChecked);
      expect(report.results.map((r) => r.deployment.prefixedId)).toEqual(["openai/gpt-4o", "openai/gpt-4o-mini", "openai/m1", "hosted_vllm/m2"]);
    });
    expect(planned).toEqual([]);
    const summary = await statementsOf(server, () => expect(server.catalog.checker.summary(view).deployments).toBe(5));
    expect(summary).toEqual([]);
  });
});

describe("GraphQL reads after start-up run no catalog statement", () => {
  it("answers lookups, pages, resolve, health and facts with the snapshot's version check at most", async () => {
    const upstream = await FakeUpstream.start(["gpt-4o", "m1"]);
    const server = await startTestServer();
    try {
      await seed(server.catalog, upstream);
      const reads: [string, () => Promise<{ errors?: unknown }>][] = [
        ["alias", () => server.gql(ops.AliasDocument, { name: "smart" })],
        ["aliases", () => server.gql(ops.AliasesDocument, { first: 10, includeHidden: true })],
        ["modelGroup", () => server.gql(ops.ModelGroupDocument, { name: "mixed" })],
        ["modelGroups", () => server.gql(ops.ModelGroupsDocument, { first: 10, search: "GPT" })],
        ["deployments", () => server.gql(ops.DeploymentsDocument, { first: 10 })],
        ["providers", () => server.gql(ops.ProvidersDocument, { first: 10 })],
        ["provider", () => server.gql(ops.ProviderDocument, { name: "local", first: 10 })],
        ["providerTypes", () => server.gql(ops.ProviderTypesDocument, {})],
        ["resolve", () => server.gql(ops.ResolveDocument, { name: "smart" })],
        ["resolve (wildcard)", () => server.gql(ops.ResolveDocument, { name: "anthropic/claude-3-haiku-20240307" })],
        ["group and alias health", () => server.gql(ops.GroupAndAliasHealthDocument, { group: "mixed", alias: "internal" })],
        ["group facts", () => server.gql(ops.GroupFactsDocument, { name: "gpt-4o" })],
        ["alias facts", () => server.gql(ops.AliasFactsDocument, { name: "smart" })],
      ];
      for (const [what, read] of reads) expect((await read()).errors, what).toBeUndefined();
      for (const [what, read] of reads) {
        const statements = await statementsOf(server, read);
        // At most one view per request (providerTypes needs none: the types are built in).
        expect(statements.length, what).toBeLessThanOrEqual(1);
        expect(statements.filter((s) => s !== "version check"), what).toEqual([]);
      }
    } finally {
      await server.close();
      await upstream.close();
    }
  });
});

/** `modelgraph ARGS` from the sources (src/cli/main.ts through tsx), as a child process. */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}, preload: string[] = []): Promise<string> {
  const imports = ["tsx", ...preload].flatMap((p) => ["--import", p]);
  const { stdout } = await run(process.execPath, [...imports, join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } });
  return stdout;
}

describe("modelgraph resolve (the CLI) reads the snapshot it loads", () => {
  it("runs statements only to open the database and to load the snapshot", async () => {
    const path = tempDb();
    const upstream = await FakeUpstream.start(["gpt-4o"]);
    const setup = await startTestServer({ dbPath: path });
    await seed(setup.catalog, upstream);
    await setup.close();
    await upstream.close();

    // Loaded before the CLI: records every statement any connection executes, and where from.
    const dir = mkdtempSync(join(tmpdir(), "modelgraph-read-path-cli-"));
    folders.push(dir);
    const recorder = join(dir, "record-statements.mjs");
    const out = join(dir, "statements.json");
    writeFileSync(
      recorder,
      `
      import Database from ${JSON.stringify(join(ROOT, "node_modules/better-sqlite3/lib/index.js"))};
      import { writeFileSync } from "node:fs";
      const probe = new Database(":memory:");
      const proto = Object.getPrototypeOf(probe.prepare("select 1"));
      probe.close();
      const executed = [];
      for (const method of ["run", "get", "all", "iterate"]) {
        const original = proto[method];
        proto[method] = function (...args) {
          executed.push({ sql: this.source, stack: new Error().stack });
          return original.apply(this, args);
        };
      }
      process.on("exit", () => writeFileSync(process.env.STATEMENTS_OUT, JSON.stringify(executed)));
    `,
    );
    const printed = await cli(["resolve", "smart", "--json", "--db", path], { STATEMENTS_OUT: out }, [recorder]);
    expect(JSON.parse(printed)).toMatchObject({ kind: "ALIAS", group: "gpt-4o", prefixedId: "openai/gpt-4o", provider: "local" });

    const executed = JSON.parse(readFileSync(out, "utf8")) as { sql: string; stack: string }[];
    const origin = (stack: string) => (stack.includes("/src/read/snapshot-store.ts") ? "snapshot" : /\/src\/db\//.test(stack) ? "open" : "other");
    expect(executed.filter((e) => origin(e.stack) === "other").map((e) => e.sql)).toEqual([]);
    expect(executed.filter((e) => origin(e.stack) === "snapshot").length).toBeGreaterThan(0);
  });
});

describe("a write by another process reaches the very next REST read", () => {
  let upstream: FakeUpstream;
  let server: TestServer;
  let path: string;

  beforeAll(async () => {
    upstream = await FakeUpstream.start(["gpt-4o"]);
    path = tempDb();
    server = await startTestServer({ dbPath: path });
    await seed(server.catalog, upstream);
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  /** Runs `body` in a child process (tsx) with `c`, a catalog on the server's database file. */
  async function inChild(body: string): Promise<void> {
    const script = `
      import "reflect-metadata";
      import { openDatabase } from ${JSON.stringify(join(ROOT, "src/db/client.ts"))};
      import { SqliteStore } from ${JSON.stringify(join(ROOT, "src/db/store.ts"))};
      import { createCatalog } from ${JSON.stringify(join(ROOT, "src/catalog/catalog.ts"))};
      import { SecretBox } from ${JSON.stringify(join(ROOT, "src/secrets/secret-box.ts"))};
      import { loadConfig } from ${JSON.stringify(join(ROOT, "src/config.ts"))};
      const h = new SqliteStore(openDatabase(${JSON.stringify(path)}));
      const c = createCatalog(h, { env: () => undefined, healthStaleAfterMs: 60000, health: loadConfig({}).health, secrets: new SecretBox({ kind: "ephemeral" }) });
      ${body}
      await h.close();
    `;
    await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, timeout: 60_000 });
  }

  const ids = async () => (JSON.parse((await get(server, "/v1/models")).text) as { data: { id: string }[] }).data.map((m) => m.id);

  it("lists, retrieves and describes an alias another process added, hid or removed", async () => {
    expect(await ids()).not.toContain("from-child");
    await inChild(`await c.aliases.add({ name: "from-child", target: "mixed", description: "written elsewhere" });`);
    expect(await ids()).toContain("from-child");
    expect((await get(server, "/v1/models/from-child")).status).toBe(200);
    const info = JSON.parse((await get(server, "/model_group/info?model_group=from-child")).text) as { data: { alias_for: string; description: string }[] };
    expect(info.data[0]).toMatchObject({ alias_for: "mixed", description: "written elsewhere" });

    await inChild(`await c.aliases.update("from-child", { hidden: true }); await c.aliases.remove("smart");`);
    const after = await ids();
    expect(after).not.toContain("from-child");
    expect(after).not.toContain("smart");
    expect((await get(server, "/v1/models/from-child")).status).toBe(200);
    expect((await get(server, "/v1/models/smart")).status).toBe(404);
  });

  it("lists a group another process imported through the CLI's import command", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "modelgraph-read-path-import-")), "litellm.yaml");
    folders.push(resolve(file, ".."));
    writeFileSync(
      file,
      ["model_list:", "  - model_name: imported-elsewhere", "    litellm_params:", `      model: openai/gpt-4o`, `      api_base: ${upstream.base}`, "router_settings:", "  model_group_alias:", "    imported-alias: imported-elsewhere", ""].join("\n"),
    );
    await cli(["import", file, "--db", path]);
    const listed = await ids();
    expect(listed).toContain("imported-elsewhere");
    expect(listed).toContain("imported-alias");
    const rows = JSON.parse((await get(server, "/model/info?model=imported-alias")).text) as { data: { litellm_params: { model: string } }[] };
    expect(rows.data.map((r) => r.litellm_params.model)).toEqual(["openai/gpt-4o"]);
  });
});

describe("/v1/models patched after writes equals one built whole", () => {
  it("after each kind of write, lists what a server that never saw the earlier listings lists", async () => {
    const upstream = await FakeUpstream.start(["gpt-4o", "m1"]);
    const path = tempDb();
    const server = await startTestServer({ dbPath: path });
    const { catalog } = server;
    // No wildcard route at first: /v1/models is then the kept listing's JSON, patched.
    await seed(catalog, upstream, { wildcard: false });
    const paths = ["/v1/models", "/v1/models?healthy_only=true", "/v1/models?return_wildcard_routes=true", "/model/info", "/model_group/info"];

    /** The listings of a new catalog and REST scope on the same file: built whole. */
    async function wholeListings(): Promise<string[]> {
      const handle = openDatabase(path);
      const fresh = createCatalog(new SqliteStore(handle), { env: () => undefined, healthStaleAfterMs: 30 * 60_000, health: TEST_HEALTH, secrets: new SecretBox({ kind: "ephemeral" }) });
      const app = Fastify();
      try {
        await registerRestRoutes(app, fresh);
        const bodies: string[] = [];
        for (const url of paths) bodies.push((await app.inject({ method: "GET", url })).body);
        return bodies;
      } finally {
        await app.close();
        await fresh.close();
        handle.close();
      }
    }

    const steps: [string, () => Promise<unknown>][] = [
      ["add an alias", () => catalog.aliases.add({ name: "a-new", target: "gpt-4o" })],
      ["add one that sorts first", () => catalog.aliases.add({ name: "0-first", target: "mixed" })],
      ["rename", () => catalog.aliases.update("a-new", { name: "z-renamed" })],
      ["hide", () => catalog.aliases.update("smart", { hidden: true })],
      ["unhide another", () => catalog.aliases.update("internal", { hidden: false })],
      ["retarget to a group of two types", () => catalog.aliases.update("z-renamed", { target: "mixed" })],
      ["remove", () => catalog.aliases.remove("0-first")],
      ["add a deployment of another type, first", () => catalog.deployments.add({ group: "gpt-4o", provider: "vllm", model: "gpt-4o", priority: 0 })],
      ["a probe result", async () => catalog.health.record([{ ref: catalog.read().deployments().find((d) => d.model === "m2")!.upstream, status: HealthStatus.HEALTHY, latencyMs: 5, error: null, checkedAt: new Date() }])],
      ["add a group", () => catalog.groups.create({ name: "b-group" })],
      ["give it one deployment", () => catalog.deployments.add({ group: "b-group", provider: "local", model: "m1" })],
      [
        "an alias added and the group's deployment moved to another provider type, between two reads",
        async () => {
          await catalog.aliases.add({ name: "b-alias", target: "b-group" });
          await catalog.deployments.remove(catalog.read().candidatesOf(catalog.read().groupByName("b-group")!.id)[0]!.id);
          await catalog.deployments.add({ group: "b-group", provider: "claude", model: "claude-x" });
        },
      ],
      ["names where code point and code unit order differ (U+1F600, U+FF01)", async () => (await catalog.aliases.add({ name: "x\u{1F600}", target: "gpt-4o" }), await catalog.aliases.add({ name: "x\uFF01", target: "gpt-4o" }))],
      ["hide one of them, then add a wildcard route (listed through its expansion)", async () => (await catalog.aliases.update("x\uFF01", { hidden: true }), await addWildcard(catalog))],
      ["add an alias beside it", () => catalog.aliases.add({ name: "c-alias", target: "mixed" })],
      ["many aliases at once", async () => { for (let i = 0; i < 100; i++) await catalog.aliases.add({ name: `bulk-${String(i).padStart(3, "0")}`, target: "gpt-4o" }); }],
      ["add a group with an alias", async () => (await catalog.groups.create({ name: "doomed" }), await catalog.aliases.add({ name: "doomed-alias", target: "doomed" }))],
      ["remove it with its alias", () => catalog.groups.delete("doomed", true)],
    ];
    try {
      for (const path of paths) expect((await get(server, path)).status).toBe(200);
      for (const [what, write] of steps) {
        await write();
        const patched: string[] = [];
        for (const path of paths) patched.push((await get(server, path)).text);
        expect(patched, what).toEqual(await wholeListings());
      }
      const names = (JSON.parse((await get(server, "/v1/models")).text) as { data: { id: string; owned_by: string }[] }).data;
      expect(names.map((n) => n.id)).toContain("z-renamed");
      expect(names.map((n) => n.id)).not.toContain("smart");
      expect(names.map((n) => n.id)).not.toContain("doomed-alias");
      expect(names.map((n) => n.id)).not.toContain("anthropic/*");
      expect(names.filter((n) => n.id.startsWith("anthropic/")).length).toBeGreaterThan(0);
      // gpt-4o's first candidate is now on hosted_vllm; m2 (hosted_vllm) is the one HEALTHY candidate of mixed.
      expect(names.find((n) => n.id === "gpt-4o")?.owned_by).toBe("hosted_vllm");
      expect(names.find((n) => n.id === "mixed")?.owned_by).toBe("hosted_vllm");
      expect(names.find((n) => n.id === "b-alias")?.owned_by).toBe("anthropic");
    } finally {
      await server.close();
      await upstream.close();
    }
  });
});
