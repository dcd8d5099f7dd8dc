import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as ops from "./generated/graphql.ts";
import { serveProcess } from "./support/serve-process.ts";
import { startPostgres, type PgCluster } from "./support/postgres.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

/*
 * Subscriptions with the real graphql-ws client over a real socket (issue 12): health changes of
 * this process and of another process on the same database file, filtering by name, the access
 * rules, and the refusals; and on every replica of one PostgreSQL database (issue 13).
 */

const dir = mkdtempSync(join(tmpdir(), "modelgraph-subscriptions-"));
const dbPath = join(dir, "subs.db");
let up: FakeUpstream;
let down: FakeUpstream;
let server: TestServer;
const clients: Client[] = [];

function client(url: string, params?: Record<string, unknown>): Client {
  const c = createClient({ url: url.replace(/^http/, "ws") + "/graphql", webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: true });
  clients.push(c);
  return c;
}

/** Subscribes and collects events; `next(n)` waits for the n-th event (or the timeout). */
function collect<T>(c: Client, query: string, variables?: Record<string, unknown>) {
  const events: T[] = [];
  const arrivals: number[] = [];
  const errors: unknown[] = [];
  let done = false;
  const next = (v: { data?: unknown; errors?: unknown }) => {
    if (v.errors) return void errors.push(v.errors);
    events.push(v.data as T);
    arrivals.push(Date.now());
  };
  const stop = c.subscribe<T>({ query, variables }, { next, error: (e) => errors.push(e), complete: () => (done = true) });
  return {
    events,
    arrivals,
    errors,
    get done() {
      return done;
    },
    stop,
    async until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
      for (const end = Date.now() + timeoutMs; !predicate() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

const HEALTH = `subscription($names: [String!]) { healthChanged(names: $names) { name status previous deployment { model prefixedId } } }`;
type HealthEvent = { healthChanged: { name: string; status: string; previous: string; deployment: { model: string; prefixedId: string } } };

beforeAll(async () => {
  up = await FakeUpstream.start(["m-up"]);
  down = await FakeUpstream.start(["m-down"]);
  server = await startTestServer({ dbPath });
  await server.ok(ops.CreateProviderDocument, { input: { name: "p-up", type: "openai", apiBase: up.base } });
  await server.ok(ops.CreateProviderDocument, { input: { name: "p-down", type: "openai", apiBase: down.base } });
  for (const [group, provider, model] of [["g-up", "p-up", "m-up"], ["g-down", "p-down", "m-down"]] as const) {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: group } });
    await server.ok(ops.AddDeploymentDocument, { input: { group, provider, model } });
  }
  await server.ok(ops.AddAliasDocument, { input: { name: "watched", target: "g-down" } });
});

afterAll(async () => {
  for (const c of clients) await c.dispose();
  await server.close();
  await up.close();
  await down.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("healthChanged", () => {
  it("fires once per status change of this process's probes, named by the alias asked for, and not for an unchanged probe", async () => {
    const c = client(server.url);
    const all = collect<HealthEvent>(c, HEALTH);
    const watched = collect<HealthEvent>(c, HEALTH, { names: ["watched"] });
    await new Promise((r) => setTimeout(r, 200)); // both subscribed before the first probe
    await server.ok(ops.CheckHealthDocument, { names: ["g-up", "g-down"], force: true });
    await all.until(() => all.events.length >= 2);
    expect(all.events.map((e) => e.healthChanged).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "g-down", status: "HEALTHY", previous: "UNKNOWN", deployment: { model: "m-down", prefixedId: "openai/m-down" } },
      { name: "g-up", status: "HEALTHY", previous: "UNKNOWN", deployment: { model: "m-up", prefixedId: "openai/m-up" } },
    ]);
    await watched.until(() => watched.events.length >= 1);
    expect(watched.events.map((e) => e.healthChanged.name)).toEqual(["watched"]);

    // The same status again: no event. Then a failure: one event, for the alias's group only.
    await server.ok(ops.CheckHealthDocument, { names: ["g-up", "g-down"], force: true });
    down.mode = "fail500";
    await server.ok(ops.CheckHealthDocument, { names: ["g-down"], force: true });
    await watched.until(() => watched.events.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(watched.events.map((e) => [e.healthChanged.name, e.healthChanged.previous, e.healthChanged.status])).toEqual([
      ["watched", "UNKNOWN", "HEALTHY"],
      ["watched", "HEALTHY", "UNHEALTHY"],
    ]);
    expect(all.events).toHaveLength(3);
    all.stop();
    watched.stop();
    down.mode = "ok";
  });

  it("fires for a probe another process made on the same database file, within a second of its commit", async () => {
    down.mode = "fail500";
    const c = client(server.url);
    const watched = collect<HealthEvent>(c, HEALTH, { names: ["g-down"] });
    await new Promise((r) => setTimeout(r, 200));
    const child = spawn(process.execPath, ["--import", "tsx", new URL("./support/check-process.ts", import.meta.url).pathname], {
      env: { ...process.env, DB_PATH: dbPath, NAMES: JSON.stringify(["g-down"]) },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    for (const until = Date.now() + 30_000; !stdout.includes("ready\n") && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    down.mode = "ok";
    child.stdin.write("go\n");
    expect(await exited).toBe(0);
    const { committedAt } = JSON.parse(stdout.slice(stdout.indexOf("ready\n") + 6)) as { committedAt: number };
    await watched.until(() => watched.events.length >= 1, 5_000);
    expect(watched.events.map((e) => [e.healthChanged.name, e.healthChanged.status])).toEqual([["g-down", "HEALTHY"]]);
    // The contract's bound: within a second (the feed looks for other processes' commits every 100 ms).
    const latency = watched.arrivals[0]! - committedAt;
    console.log(`other-process health change reached the subscriber ${latency} ms after the other process committed it`);
    expect(latency).toBeLessThan(1_000);
    watched.stop();
  });

  it("refuses an unknown name with suggestions, too many names, and a document over the depth limit, as errors of that operation", async () => {
    const c = client(server.url);
    const unknown = collect<HealthEvent>(c, HEALTH, { names: ["watchd"] });
    await unknown.until(() => unknown.errors.length > 0);
    expect(JSON.stringify(unknown.errors)).toMatch(/"watchd".*watched/);
    const many = collect<HealthEvent>(c, HEALTH, { names: Array.from({ length: 101 }, (_, i) => `n${i}`) });
    await many.until(() => many.errors.length > 0);
    expect(JSON.stringify(many.errors)).toMatch(/names has 101 entries; at most 100/);
    const deep = collect<unknown>(c, `subscription { healthChanged { deployment { ${"group { deployments { ".repeat(8)}id${" } }".repeat(8)} } } }`);
    await deep.until(() => deep.errors.length > 0);
    expect(JSON.stringify(deep.errors)).toMatch(/depth \d+ is over the limit/);
    const mutation = collect<unknown>(c, `mutation { removeAlias(name: "watched") { name } }`);
    await mutation.until(() => mutation.errors.length > 0);
    expect(JSON.stringify(mutation.errors)).toMatch(/mutations are accepted over HTTP POST/);
    expect((await server.ok(ops.AliasDocument, { name: "watched" })).alias?.name).toBe("watched");
  });

  it("closes a socket that sends a message over the size limit (1009), and other sockets go on", async () => {
    const other = client(server.url);
    const still = collect<HealthEvent>(other, HEALTH);
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(server.url.replace(/^http/, "ws") + "/graphql", "graphql-transport-ws");
      ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { pad: "x".repeat(70 * 1024) } })));
      ws.on("close", (closeCode) => resolve(closeCode));
      ws.on("error", () => {});
    });
    expect(code).toBe(1009);
    await new Promise((r) => setTimeout(r, 200));
    expect(still.errors).toEqual([]);
    expect(still.done).toBe(false);
    still.stop();
  });

  it("answers a subscription sent over HTTP with where to send it", async () => {
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: HEALTH }) });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/subscriptions are served over WebSocket at \/graphql/);
  });
});

const CATALOG = `subscription($names: [String!]) { catalogChanged(names: $names) { id actor entity name action source before after } }`;
type CatalogEvent = { catalogChanged: { id: string; actor: string; entity: string; name: string | null; action: string; source: string; before: unknown; after: Record<string, unknown> | null } };

describe("catalogChanged", () => {
  it("yields the Change of every committed write, this server's and another process's, filtered by name", async () => {
    const c = client(server.url);
    const all = collect<CatalogEvent>(c, CATALOG);
    const onDown = collect<CatalogEvent>(c, CATALOG, { names: ["g-down"] });
    await new Promise((r) => setTimeout(r, 200));
    await server.ok(ops.AddAliasDocument, { input: { name: "fresh", target: "g-up" } });
    await server.ok(ops.UpdateAliasDocument, { name: "watched", input: { description: "points down" } });
    await all.until(() => all.events.length >= 2);
    expect(all.events.map((e) => [e.catalogChanged.entity, e.catalogChanged.name, e.catalogChanged.action, e.catalogChanged.source])).toEqual([
      ["ALIAS", "fresh", "CREATE", "MUTATION"],
      ["ALIAS", "watched", "UPDATE", "MUTATION"],
    ]);
    expect(all.events[0]!.catalogChanged.after).toMatchObject({ name: "fresh" });
    // "watched" routes to g-down: its change is one of g-down's; "fresh" (g-up) is not.
    await onDown.until(() => onDown.events.length >= 1);
    expect(onDown.events.map((e) => e.catalogChanged.name)).toEqual(["watched"]);

    const child = spawn(process.execPath, ["--import", "tsx", new URL("./support/write-process.ts", import.meta.url).pathname], {
      env: { ...process.env, DB_PATH: dbPath, ALIAS: "from-elsewhere", TARGET: "g-down" },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await new Promise<number | null>((resolve) => child.once("exit", resolve))).toBe(0);
    const { committedAt } = JSON.parse(stdout) as { committedAt: number };
    await onDown.until(() => onDown.events.length >= 2);
    const latency = onDown.arrivals[1]! - committedAt;
    console.log(`other-process catalog change reached the subscriber ${latency} ms after the other process committed it`);
    expect(onDown.events[1]!.catalogChanged).toMatchObject({ name: "from-elsewhere", actor: "cli", source: "CLI", action: "CREATE" });
    expect(latency).toBeLessThan(1_000);
    expect(all.events.map((e) => e.catalogChanged.name)).toEqual(["fresh", "watched", "from-elsewhere"]);
    all.stop();
    onDown.stop();
  });
});

describe("access", () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ dbPath, config: { readToken: "read-secret", adminToken: "admin-secret" } });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it("needs the read token in connection_init when one is set, and refuses a browser origin HTTP would refuse", async () => {
    const anonymous = collect<HealthEvent>(client(guarded.url), HEALTH);
    await anonymous.until(() => anonymous.errors.length > 0);
    expect(String((anonymous.errors[0] as { code?: number }).code)).toBe("4403");
    const reader = collect<HealthEvent>(client(guarded.url, { authorization: "Bearer read-secret" }), HEALTH);
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.errors).toEqual([]);
    reader.stop();

    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(guarded.url.replace(/^http/, "ws") + "/graphql", "graphql-transport-ws", { headers: { origin: "https://evil.example" } });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => resolve(101));
      ws.on("error", () => {});
    });
    expect(refused).toBe(403);
  });
});

describe("replicas on PostgreSQL", () => {
  let cluster: PgCluster;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    cluster = await startPostgres();
    a = await startTestServer({ dbPath: cluster.url });
    b = await startTestServer({ dbPath: cluster.url });
    await a.ok(ops.CreateProviderDocument, { input: { name: "p-up", type: "openai", apiBase: up.base } });
    for (const group of ["g-one", "g-two"]) await a.ok(ops.CreateModelGroupDocument, { input: { name: group } });
    await a.ok(ops.AddDeploymentDocument, { input: { group: "g-one", provider: "p-up", model: "m-up" } });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  it("catalogChanged on one replica yields each Change written on another, once, in order, filtered by name; healthChanged too", async () => {
    // b learns of a's writes from the change feed: wait until it has the seed.
    await b.catalog.snapshots.waitFor(a.catalog.snapshots.current().version);
    const c = client(b.url);
    const all = collect<CatalogEvent>(c, CATALOG);
    const onOne = collect<CatalogEvent>(c, CATALOG, { names: ["g-one"] });
    const health = collect<HealthEvent>(c, HEALTH, { names: ["g-one"] });
    await new Promise((r) => setTimeout(r, 200));
    await a.ok(ops.AddAliasDocument, { input: { name: "to-one", target: "g-one" } });
    await a.ok(ops.AddAliasDocument, { input: { name: "to-two", target: "g-two" } });
    await a.ok(ops.UpdateAliasDocument, { name: "to-two", input: { target: "g-one" } });
    await a.ok(ops.CheckHealthDocument, { names: ["g-one"], force: true });
    await all.until(() => all.events.length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(all.errors).toEqual([]);
    expect(all.events.map((e) => [e.catalogChanged.entity, e.catalogChanged.name, e.catalogChanged.action, e.catalogChanged.source])).toEqual([
      ["ALIAS", "to-one", "CREATE", "MUTATION"],
      ["ALIAS", "to-two", "CREATE", "MUTATION"],
      ["ALIAS", "to-two", "UPDATE", "MUTATION"],
    ]);
    // A retarget onto g-one is one of g-one's changes; the alias's creation on g-two is not.
    await onOne.until(() => onOne.events.length >= 2);
    expect(onOne.events.map((e) => [e.catalogChanged.name, e.catalogChanged.action])).toEqual([
      ["to-one", "CREATE"],
      ["to-two", "UPDATE"],
    ]);
    await health.until(() => health.events.length >= 1);
    expect(health.events.map((e) => [e.healthChanged.name, e.healthChanged.status, e.healthChanged.previous])).toEqual([["g-one", "HEALTHY", "UNKNOWN"]]);
    for (const x of [all, onOne, health]) x.stop();
  });
});

describe("shutdown", () => {
  it("SIGTERM with subscribers connected: their sockets close, the server exits 0 within 5 s", async () => {
    const served = await serveProcess(join(dir, "shutdown.db"), { cwd: dir });
    const c = createClient({ url: served.url.replace(/^http/, "ws") + "/graphql", webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(c);
    const closed = new Promise<number>((resolve) => c.on("closed", (event) => resolve((event as { code: number }).code)));
    const subs = [collect<HealthEvent>(c, HEALTH), collect<HealthEvent>(c, HEALTH)];
    await new Promise((r) => setTimeout(r, 500));
    expect(subs.flatMap((x) => x.errors)).toEqual([]);
    const started = Date.now();
    const code = await served.stop();
    const took = Date.now() - started;
    console.log(`SIGTERM with 2 subscriptions open: exit ${code} after ${took} ms`);
    expect(code).toBe(0);
    expect(took).toBeLessThan(5_000);
    expect(await closed).toBe(1001);
  });
});
