import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer, type TestServerOptions } from "./support/server.ts";
import { closedPort, FakeUpstream } from "./support/upstream.ts";

/**
 * Health probes against real faulty upstreams: every fault maps to the right status and a clear,
 * redacted reason; every API style probes its own route with its own key header; the key from the
 * environment reaches the upstream and nothing else.
 */

const KEY = "sk-test-SECRET-1234567890";
const KEY_ENV = "FAKE_KEY";

const servers: TestServer[] = [];
const upstreams: FakeUpstream[] = [];
const rawServers: Server[] = [];

async function serverWith(options: TestServerOptions = {}): Promise<TestServer> {
  const s = await startTestServer({ env: { [KEY_ENV]: KEY }, ...options });
  servers.push(s);
  return s;
}

async function upstream(models: string[], options: { delayMs?: number } = {}): Promise<FakeUpstream> {
  const u = await FakeUpstream.start(models, options);
  upstreams.push(u);
  return u;
}

let main: TestServer;
beforeAll(async () => {
  main = await serverWith();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const u of upstreams) await u.close();
  for (const r of rawServers) {
    r.closeAllConnections();
    await new Promise<void>((resolve) => r.close(() => resolve()));
  }
});

let seq = 0;
const fresh = (prefix: string) => `${prefix}-${++seq}`;

interface Setup {
  provider: string;
  group: string;
  /** Global ids of the deployments, in the order of `models`. */
  ids: string[];
}

/** A provider, a group and one deployment per model on it. */
async function setup(
  server: TestServer,
  options: {
    type?: string;
    apiBase?: string;
    apiKeyEnv?: string | null;
    models: string[];
    probe?: ops.ProbeMode;
  },
): Promise<Setup> {
  const provider = fresh(`p-${options.type ?? "openai"}`.replace(/_/g, "-"));
  const group = fresh("g");
  await server.ok(ops.CreateProviderDocument, {
    input: {
      name: provider,
      type: options.type ?? "openai",
      ...(options.apiBase ? { apiBase: options.apiBase } : {}),
      ...(options.apiKeyEnv === null ? {} : { apiKeyEnv: options.apiKeyEnv ?? KEY_ENV }),
    },
  });
  await server.ok(ops.CreateModelGroupDocument, { input: { name: group } });
  const ids: string[] = [];
  for (const model of options.models) {
    const added = await server.ok(ops.AddDeploymentDocument, { input: { group, provider, model, ...(options.probe ? { probe: options.probe } : {}) } });
    ids.push(added.addDeployment.deployment.id);
  }
  return { provider, group, ids };
}

async function check(server: TestServer, ids: string[]) {
  return (await server.ok(ops.CheckHealthDocument, { deploymentIds: ids, force: true })).checkHealth;
}

async function detail(server: TestServer, id: string, last = 5) {
  const { deployment } = await server.ok(ops.DeploymentHealthDetailDocument, { id, last });
  return deployment!.health;
}

async function postRaw<R, V>(server: TestServer, doc: TypedDocumentNode<R, V>, variables?: V): Promise<string> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect((JSON.parse(text) as { errors?: unknown }).errors, text).toBeUndefined();
  return text;
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("health probes: the happy path", () => {
  it("an OpenAI-style endpoint that lists the model is HEALTHY, probed with one GET /v1/models", async () => {
    const up = await upstream(["gpt-x"]);
    const { ids } = await setup(main, { apiBase: up.base, models: ["gpt-x"] });
    const report = await check(main, ids);
    expect(report).toMatchObject({ deploymentsCovered: 1, upstreamsChecked: 1, requestsSent: 1 });
    const [result] = report.results;
    expect(result).toMatchObject({ status: "HEALTHY", error: null, source: "PROBED" });
    expect(result!.latencyMs).toEqual(expect.any(Number));
    expect(result!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result!.checkedAt).not.toBeNull();
    expect(up.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models"]);
  });
});

describe("health probes: faults", () => {
  it("connection refused → UNHEALTHY, 'connection refused'", async () => {
    const port = await closedPort();
    const { ids } = await setup(main, { apiBase: `http://127.0.0.1:${port}/v1`, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/connection refused/i);
  });

  it("a hang past the timeout → UNHEALTHY with a timeout reason, within about the timeout", async () => {
    const server = await serverWith({ health: { timeoutMs: 300 } });
    const up = await upstream(["m"]);
    up.mode = "hang";
    const { ids } = await setup(server, { apiBase: up.base, models: ["m"] });
    const started = performance.now();
    const [result] = (await check(server, ids)).results;
    const took = performance.now() - started;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/timeout/i);
    expect(result!.error).toContain("300 ms");
    expect(took).toBeLessThan(3_000);
    expect(up.count).toBe(1);
  });

  it("the server keeps answering queries while a probe hangs", async () => {
    const server = await serverWith({ health: { timeoutMs: 1_500 } });
    const up = await upstream(["m"]);
    up.mode = "hang";
    const { group, ids } = await setup(server, { apiBase: up.base, models: ["m"] });

    let checkDoneAt: number | null = null;
    const pending = check(server, ids).then((report) => {
      checkDoneAt = performance.now();
      return report;
    });
    await waitFor(() => up.count === 1); // the probe is in flight and hanging

    const started = performance.now();
    const providers = await server.ok(ops.ProvidersDocument, { first: 10 });
    const resolved = await server.ok(ops.ResolveDocument, { name: group });
    const answeredAt = performance.now();
    expect(checkDoneAt).toBeNull(); // the queries answered before the hanging check finished
    expect(answeredAt - started).toBeLessThan(1_000);
    expect(providers.providers.totalCount).toBeGreaterThan(0);
    expect(resolved.resolve.group?.name).toBe(group);

    const report = await pending;
    expect(checkDoneAt).not.toBeNull();
    expect(checkDoneAt!).toBeGreaterThan(answeredAt);
    expect(report.results[0]).toMatchObject({ status: "UNHEALTHY" });
    expect(report.results[0]!.error).toMatch(/timeout/i);
  });

  it("HTTP 500 → UNHEALTHY 'HTTP 500'", async () => {
    const up = await upstream(["m"]);
    up.mode = "fail500";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toContain("HTTP 500");
  });

  it("HTTP 401 → UNHEALTHY 'authentication failed', naming the key variable", async () => {
    const up = await upstream(["m"]);
    up.mode = "auth401";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/authentication failed/i);
    expect(result!.error).toContain(KEY_ENV);
    expect(result!.error).not.toContain(KEY);
  });

  it("HTTP 401 without a key set names the unset variable", async () => {
    const up = await upstream(["m"]);
    up.mode = "auth401";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"], apiKeyEnv: "UNSET_KEY_VAR" });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/authentication failed/i);
    expect(result!.error).toContain("UNSET_KEY_VAR");
    expect(up.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("HTTP 429 → DEGRADED 'rate limited'", async () => {
    const up = await upstream(["m"]);
    up.mode = "rate429";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("DEGRADED");
    expect(result!.error).toMatch(/rate limited/i);
  });

  it("malformed JSON → UNHEALTHY 'malformed answer … not JSON'", async () => {
    const up = await upstream(["m"]);
    up.mode = "malformed";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/malformed answer.*not JSON/);
  });

  it("an empty body → UNHEALTHY 'empty'", async () => {
    const up = await upstream(["m"]);
    up.mode = "empty";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/empty/);
  });

  it("JSON without a data[] list → UNHEALTHY 'no data[] list'", async () => {
    const up = await upstream(["m"]);
    up.mode = "no-list";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toContain("no data[] list");
  });

  it("a body past maxBodyBytes → UNHEALTHY 'larger than'", async () => {
    const server = await serverWith({ health: { maxBodyBytes: 100_000 } });
    const up = await upstream(["m"]);
    up.mode = "huge";
    const { ids } = await setup(server, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(server, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toContain("larger than");
    expect(result!.error).toContain("100000");
  });

  it("a model missing from the list → UNHEALTHY 'not served'; a listed one on the same endpoint is HEALTHY; one request", async () => {
    const up = await upstream(["served-model", "other"]);
    const { ids } = await setup(main, { apiBase: up.base, models: ["gone-model", "served-model"] });
    const report = await check(main, ids);
    expect(report).toMatchObject({ deploymentsCovered: 2, upstreamsChecked: 2, requestsSent: 1 });
    const byModel = Object.fromEntries(report.results.map((r) => [r.deployment.model, r]));
    expect(byModel["gone-model"]!.status).toBe("UNHEALTHY");
    expect(byModel["gone-model"]!.error).toContain("gone-model");
    expect(byModel["gone-model"]!.error).toMatch(/not served/);
    expect(byModel["served-model"]).toMatchObject({ status: "HEALTHY", error: null });
    expect(up.count).toBe(1);
  });

  it("a redirect to another host is not followed (UNHEALTHY 'another host'), and the key goes out once", async () => {
    const up = await upstream(["m"]);
    up.mode = "redirect-other-host";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/another host/);
    // The redirect target is the same fake under the name "localhost": a followed redirect would show here.
    expect(up.count).toBe(1);
    expect(up.requests[0]!.headers.host).toBe(`127.0.0.1:${up.port}`);
  });

  it("a redirect within the same host is followed → HEALTHY", async () => {
    const up = await upstream(["m"]);
    up.mode = "redirect-same-host";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(main, ids)).results;
    expect(result).toMatchObject({ status: "HEALTHY", error: null });
    expect(up.requests.map((r) => r.path)).toEqual(["/v1/models", "/moved/v1/models"]);
  });

  it("an answer slower than slowMs → DEGRADED 'slow'", async () => {
    const server = await serverWith({ health: { slowMs: 100 } });
    const up = await upstream(["m"], { delayMs: 250 });
    const { ids } = await setup(server, { apiBase: up.base, models: ["m"] });
    const [result] = (await check(server, ids)).results;
    expect(result!.status).toBe("DEGRADED");
    expect(result!.error).toMatch(/slow/);
    expect(result!.latencyMs).toBeGreaterThanOrEqual(250);
  });
});

describe("health probes: API styles", () => {
  it("openai: GET {base}/models with Authorization: Bearer <key>", async () => {
    const up = await upstream(["gpt-4o"]);
    const { ids } = await setup(main, { apiBase: up.base, models: ["gpt-4o"] });
    const [result] = (await check(main, ids)).results;
    expect(result!.status).toBe("HEALTHY");
    expect(up.requests).toHaveLength(1);
    const [req] = up.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("anthropic: GET {base}/v1/models with x-api-key and anthropic-version, no Authorization", async () => {
    const up = await upstream(["claude-x"]);
    const { ids } = await setup(main, { type: "anthropic", apiBase: up.origin, models: ["claude-x", "claude-missing"] });
    const report = await check(main, ids);
    const byModel = Object.fromEntries(report.results.map((r) => [r.deployment.model, r]));
    expect(byModel["claude-x"]!.status).toBe("HEALTHY");
    expect(byModel["claude-missing"]!.status).toBe("UNHEALTHY");
    expect(up.requests).toHaveLength(1);
    const [req] = up.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(req!.headers["x-api-key"]).toBe(KEY);
    expect(req!.headers["anthropic-version"]).toEqual(expect.any(String));
    expect(req!.headers.authorization).toBeUndefined();
  });

  it("gemini: GET {base}/v1beta/models with the key in x-goog-api-key, never in the query string", async () => {
    const up = await upstream(["gemini-x"]);
    const { ids } = await setup(main, { type: "gemini", apiBase: up.origin, models: ["gemini-x", "gemini-missing"] });
    const report = await check(main, ids);
    const byModel = Object.fromEntries(report.results.map((r) => [r.deployment.model, r]));
    expect(byModel["gemini-x"]!.status).toBe("HEALTHY");
    expect(byModel["gemini-missing"]!.status).toBe("UNHEALTHY");
    expect(up.requests).toHaveLength(1);
    const [req] = up.requests;
    expect(req!.method).toBe("GET");
    expect(new URL(req!.path, up.origin).pathname).toBe("/v1beta/models");
    expect(req!.path).not.toContain(KEY);
    expect(req!.path).not.toMatch(/[?&]key=/);
    expect(req!.headers["x-goog-api-key"]).toBe(KEY);
    expect(req!.headers.authorization).toBeUndefined();
  });

  it("ollama: GET {base}/api/tags, ':latest' tags match the bare name", async () => {
    const up = await upstream(["llama3:latest", "qwen2:7b"]);
    const { ids } = await setup(main, { type: "ollama", apiBase: up.origin, models: ["llama3", "qwen2:7b", "mistral"] });
    const report = await check(main, ids);
    const byModel = Object.fromEntries(report.results.map((r) => [r.deployment.model, r.status]));
    expect(byModel).toEqual({ llama3: "HEALTHY", "qwen2:7b": "HEALTHY", mistral: "UNHEALTHY" });
    expect(up.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/tags"]);
  });

  it("azure: GET {base}/openai/models?api-version=… with api-key; reachability only", async () => {
    const up = await upstream(["gpt-4o"]);
    // Azure lists base models, not deployment names: a deployment name not in the list is still HEALTHY.
    const { ids } = await setup(main, { type: "azure", apiBase: up.origin, models: ["my-azure-deployment"] });
    const [result] = (await check(main, ids)).results;
    expect(result).toMatchObject({ status: "HEALTHY", error: null });
    expect(up.requests).toHaveLength(1);
    const [req] = up.requests;
    expect(req!.method).toBe("GET");
    expect(req!.path).toMatch(/^\/openai\/models\?api-version=[\w.-]+$/);
    expect(req!.headers["api-key"]).toBe(KEY);
    expect(req!.headers.authorization).toBeUndefined();
  });

  it("a type without a list route (bedrock) stays UNKNOWN with a reason pointing at COMPLETION, and sends nothing", async () => {
    const up = await upstream(["anthropic.claude-v2"]);
    const { ids } = await setup(main, { type: "bedrock", apiBase: up.base, models: ["anthropic.claude-v2"] });
    const report = await check(main, ids);
    expect(report.requestsSent).toBe(0);
    expect(report.results[0]!.status).toBe("UNKNOWN");
    expect(report.results[0]!.error).toContain("COMPLETION");
    expect(up.count).toBe(0);
  });

  it("vertex_ai without an API base stays UNKNOWN with a reason, and sends nothing", async () => {
    const { ids } = await setup(main, { type: "vertex_ai", models: ["gemini-pro"], apiKeyEnv: null });
    const report = await check(main, ids);
    expect(report.requestsSent).toBe(0);
    expect(report.results[0]!.status).toBe("UNKNOWN");
    expect(report.results[0]!.error).toEqual(expect.stringMatching(/\S/));
  });

  it("probe COMPLETION sends one 1-token POST {base}/chat/completions for the deployment's model → HEALTHY", async () => {
    const up = await upstream(["chat-only"]);
    const { ids } = await setup(main, { apiBase: up.base, models: ["chat-only"], probe: "COMPLETION" });
    const report = await check(main, ids);
    expect(report.requestsSent).toBe(1);
    expect(report.results[0]).toMatchObject({ status: "HEALTHY", error: null, source: "PROBED" });
    expect(up.requests).toHaveLength(1);
    const [req] = up.requests;
    expect(req).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    const body = JSON.parse(req!.body) as { model: string; max_tokens: number };
    expect(body).toMatchObject({ model: "chat-only", max_tokens: 1 });
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("probe OFF and disabled deployments are not probed and not covered", async () => {
    const up = await upstream(["on", "off", "disabled"]);
    const { provider, group, ids } = await setup(main, { apiBase: up.base, models: ["on"] });
    const off = await main.ok(ops.AddDeploymentDocument, { input: { group, provider, model: "off", probe: "OFF" } });
    const disabled = await main.ok(ops.AddDeploymentDocument, { input: { group, provider, model: "disabled", enabled: false } });
    const offId = off.addDeployment.deployment.id;
    const disabledId = disabled.addDeployment.deployment.id;

    const byName = (await main.ok(ops.CheckHealthDocument, { names: [group], force: true })).checkHealth;
    expect(byName.deploymentsCovered).toBe(1);
    expect(byName.results.map((r) => r.deployment.id)).toEqual(ids);

    const byId = await check(main, [ids[0]!, offId, disabledId]);
    expect(byId.deploymentsCovered).toBe(1);
    expect(byId.results.map((r) => r.deployment.id)).toEqual(ids);

    const onlySkipped = await check(main, [offId, disabledId]);
    expect(onlySkipped).toMatchObject({ deploymentsCovered: 0, requestsSent: 0, results: [] });

    expect(up.count).toBe(2); // one list request per check that covered "on"
    expect((await detail(main, offId)).status).toBe("UNKNOWN");
    expect((await detail(main, disabledId)).status).toBe("UNKNOWN");
  });
});

describe("health probes: secrets", () => {
  /** A tiny upstream that echoes the key (and a URL with a query string) in its error bodies. */
  async function echoServer(body: (path: string) => string): Promise<string> {
    const server = createServer((req, res) => {
      const path = req.url ?? "/";
      const status = path.startsWith("/e401") ? 401 : 500;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body(path));
    });
    rawServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("the key from the environment reaches the upstream and appears in no response, error or log", async () => {
    const output: string[] = [];
    const capture =
      (write: typeof process.stdout.write) =>
      (...args: Parameters<typeof process.stdout.write>) => {
        output.push(String(args[0]));
        return write.apply(process.stdout, args);
      };
    const spies = [
      vi.spyOn(process.stdout, "write").mockImplementation(capture(process.stdout.write.bind(process.stdout)) as typeof process.stdout.write),
      vi.spyOn(process.stderr, "write").mockImplementation(capture(process.stderr.write.bind(process.stderr)) as typeof process.stderr.write),
      ...(["log", "info", "warn", "error", "debug"] as const).map((m) =>
        vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" "))),
      ),
    ];
    try {
      const server = await serverWith({ env: { [KEY_ENV]: KEY } });

      // The key is sent, as a bearer token, to the upstream it belongs to.
      const up = await upstream(["good"]);
      const good = await setup(server, { apiBase: up.base, models: ["good"] });
      expect((await check(server, good.ids)).results[0]!.status).toBe("HEALTHY");
      expect(up.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);

      // Upstreams whose error bodies echo the key and a URL with credentials and a query string.
      const echo = await echoServer(
        () => JSON.stringify({ error: `bad key ${KEY} at https://user:pw@echo.example/v1/models?key=${KEY}&sig=querysecret` }),
      );
      const e500 = await setup(server, { apiBase: `${echo}/e500/v1`, models: ["m500"] });
      const e401 = await setup(server, { apiBase: `${echo}/e401/v1`, models: ["m401"] });
      const report = await check(server, [...e500.ids, ...e401.ids]);
      const byModel = Object.fromEntries(report.results.map((r) => [r.deployment.model, r]));
      expect(byModel.m500!.status).toBe("UNHEALTHY");
      expect(byModel.m500!.error).toContain("HTTP 500");
      expect(byModel.m401!.status).toBe("UNHEALTHY");
      expect(byModel.m401!.error).toMatch(/authentication failed/);
      for (const r of report.results) {
        expect(r.error).not.toContain(KEY);
        expect(r.error).not.toContain("querysecret");
        expect(r.error).not.toContain("?");
        expect(r.error).not.toContain("user:pw");
      }

      // Stored and shown: the detail with history, the summary, the deployment and the resolution.
      const texts = [
        await postRaw(server, ops.CheckHealthDocument, { deploymentIds: [...good.ids, ...e500.ids, ...e401.ids], force: true }),
        await postRaw(server, ops.HealthSummaryDocument),
      ];
      for (const id of [...good.ids, ...e500.ids, ...e401.ids]) {
        texts.push(await postRaw(server, ops.DeploymentHealthDetailDocument, { id, last: 10 }));
        texts.push(await postRaw(server, ops.DeploymentDocument, { id }));
      }
      for (const name of [good.group, e500.group, e401.group]) texts.push(await postRaw(server, ops.ResolveDocument, { name }));
      const e500Detail = JSON.parse(texts[2 + 2 * good.ids.length]!) as { data: ops.DeploymentHealthDetailQuery };
      expect(e500Detail.data.deployment!.health.history.length).toBe(2);
      expect(e500Detail.data.deployment!.health.error).toContain("HTTP 500");
      for (const text of texts) {
        expect(text).not.toContain(KEY);
        expect(text).not.toContain("querysecret");
        expect(text).not.toContain("user:pw");
      }
      // The stored rows themselves.
      expect(JSON.stringify(server.db.sqlite.prepare("select * from upstream_health").all())).not.toContain(KEY);
      expect(JSON.stringify(server.db.sqlite.prepare("select * from health_history").all())).not.toContain(KEY);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(output.join("\n")).not.toContain(KEY);
  });

  it("a key across where an echoed error body used to be cut leaks no part of it: the body is not quoted at all", async () => {
    const server = await serverWith({ env: { [KEY_ENV]: KEY } });
    // Older versions quoted the first 200 characters of the body: put the key across that cut.
    const echo = await echoServer(() => `${"x".repeat(187)} ${KEY} trailing text`);
    const { ids } = await setup(server, { apiBase: `${echo}/e500/v1`, models: ["m"] });
    const [result] = (await check(server, ids)).results;
    expect(result!.status).toBe("UNHEALTHY");
    expect(result!.error).toMatch(/^HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/e500\/v1\/models: server error$/);
    expect(result!.error).not.toContain(KEY.slice(0, 12)); // "sk-test-SECR"
    expect(result!.error).not.toContain("xxx");
  });
});

describe("health over time", () => {
  it("consecutiveFailures counts up and resets; history newest first; uptime and latency percentiles", async () => {
    const up = await upstream(["m"]);
    up.mode = "fail500";
    const { ids } = await setup(main, { apiBase: up.base, models: ["m"] });
    const id = ids[0]!;

    await check(main, ids);
    expect((await detail(main, id)).consecutiveFailures).toBe(1);
    await check(main, ids);
    const failing = await detail(main, id);
    expect(failing).toMatchObject({ status: "UNHEALTHY", consecutiveFailures: 2, latencyP50: null, latencyP95: null, uptimeDay: 0 });

    up.mode = "ok";
    await check(main, ids);
    const health = await detail(main, id, 5);
    expect(health).toMatchObject({ status: "HEALTHY", consecutiveFailures: 0, error: null });
    expect(health.history.map((h) => h.status)).toEqual(["HEALTHY", "UNHEALTHY", "UNHEALTHY"]);
    const times = health.history.map((h) => Date.parse(h.checkedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(health.history[0]!.checkedAt).toBe(health.checkedAt);
    expect(health.uptimeDay).toBeGreaterThan(0);
    expect(health.uptimeDay).toBeLessThan(1);
    expect(health.uptimeDay).toBeCloseTo(1 / 3, 5);
    expect(health.latencyP50).toEqual(expect.any(Number));
    expect(health.latencyP95).toEqual(expect.any(Number));

    // history(last:) caps the list.
    await check(main, ids);
    await check(main, ids);
    await check(main, ids);
    expect((await detail(main, id, 5)).history).toHaveLength(5);
    expect((await detail(main, id, 2)).history.map((h) => h.status)).toEqual(["HEALTHY", "HEALTHY"]);
  });

  it("group and alias health derive from real probes: one HEALTHY + one UNHEALTHY → DEGRADED", async () => {
    const ok = await upstream(["m-ok"]);
    const bad = await upstream(["m-bad"]);
    bad.mode = "fail500";
    const { group, ids } = await setup(main, { apiBase: ok.base, models: ["m-ok"] });
    const badProvider = fresh("p-bad");
    await main.ok(ops.CreateProviderDocument, { input: { name: badProvider, type: "openai", apiBase: bad.base, apiKeyEnv: KEY_ENV } });
    await main.ok(ops.AddDeploymentDocument, { input: { group, provider: badProvider, model: "m-bad" } });
    const alias = fresh("alias");
    await main.ok(ops.AddAliasDocument, { input: { name: alias, target: group } });

    expect(await main.ok(ops.GroupAndAliasHealthDocument, { group, alias })).toEqual({ modelGroup: { health: "UNKNOWN" }, alias: { health: "UNKNOWN" } });

    const report = (await main.ok(ops.CheckHealthDocument, { names: [alias], force: true })).checkHealth;
    expect(report.deploymentsCovered).toBe(2);
    expect(report.results.map((r) => [r.deployment.model, r.status]).sort()).toEqual([
      ["m-bad", "UNHEALTHY"],
      ["m-ok", "HEALTHY"],
    ]);
    expect(await main.ok(ops.GroupAndAliasHealthDocument, { group, alias })).toEqual({ modelGroup: { health: "DEGRADED" }, alias: { health: "DEGRADED" } });

    // Both healthy → HEALTHY; both failing → UNHEALTHY.
    bad.mode = "ok";
    await main.ok(ops.CheckHealthDocument, { names: [group], force: true });
    expect(await main.ok(ops.GroupAndAliasHealthDocument, { group, alias })).toEqual({ modelGroup: { health: "HEALTHY" }, alias: { health: "HEALTHY" } });
    bad.mode = ok.mode = "fail500";
    await main.ok(ops.CheckHealthDocument, { names: [group], force: true });
    expect(await main.ok(ops.GroupAndAliasHealthDocument, { group, alias })).toEqual({ modelGroup: { health: "UNHEALTHY" }, alias: { health: "UNHEALTHY" } });
    expect(ids).toHaveLength(1);
  });
});
