import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

interface ModelObject {
  id: string;
  object: string;
  created: number;
  owned_by: string;
}
interface ModelInfoRow {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}
interface GroupInfo {
  model_group: string;
  providers: string[];
  mode: string | null;
  tpm: number | null;
  rpm: number | null;
  max_input_tokens: number | null;
  max_output_tokens: number | null;
  is_public_model_group: boolean;
  health_status: string;
  alias_for: string | null;
  [key: string]: unknown;
}
interface HealthEntry {
  model: string;
  api_base?: string;
  model_name: string;
  model_id: string;
  status: string;
  error?: string;
  [key: string]: unknown;
}
interface HealthBody {
  healthy_endpoints: HealthEntry[];
  unhealthy_endpoints: HealthEntry[];
  healthy_count: number;
  unhealthy_count: number;
  unknown_endpoints: HealthEntry[];
  unknown_count: number;
  upstreams_checked: number;
  requests_sent: number;
}
interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

async function get<T>(server: TestServer, path: string): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(server.url + path);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

/** The LiteLLM feature-request case (shared/fixtures/litellm-alias-groups.yaml), built through GraphQL. */
async function seedAliasGroups(server: TestServer, apiBases: [string, string]): Promise<void> {
  await server.ok(ops.CreateProviderDocument, { input: { name: "aoai", type: "azure", apiKeyEnv: "os.environ/AOAI_KEY" } });
  await server.ok(ops.CreateModelGroupDocument, { input: { name: "model-group-1" } });
  await server.ok(ops.AddDeploymentDocument, { input: { group: "model-group-1", provider: "aoai", model: "gpt-1", apiBase: apiBases[0] } });
  await server.ok(ops.AddDeploymentDocument, { input: { group: "model-group-1", provider: "aoai", model: "gpt-2", apiBase: apiBases[1], priority: 1 } });
  await server.ok(ops.AddAliasDocument, { input: { name: "alias-1", target: "model-group-1" } });
}

/*
 * Listing views over the fixture exactly as written, with its Azure hosts. This server is never
 * asked for /health: nothing may leave 127.0.0.1 (the health suite below uses local upstreams).
 */
describe("listing views (the LiteLLM alias-groups fixture)", () => {
  let server: TestServer;
  const started = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    server = await startTestServer({ env: { AOAI_KEY: "aoai-secret-value" } });
    await seedAliasGroups(server, ["https://xyz1.openai.azure.com/", "https://xyz2.openai.azure.com/"]);
    await server.ok(ops.AddAliasDocument, { input: { name: "internal-gpt", target: "model-group-1", hidden: true } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "empty-group", mode: "EMBEDDING" } });
    // rpm/tpm summing, a disabled deployment, and an OpenAI-compatible provider.
    await server.ok(ops.CreateProviderDocument, { input: { name: "oai", type: "openai" } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "pooled" } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "pooled", provider: "oai", model: "gpt-4o", rpm: 100, tpm: 10_000 } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "pooled", provider: "aoai", model: "gpt-4o", apiBase: "https://xyz3.openai.azure.com/", rpm: 50 } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "pooled", provider: "oai", model: "gpt-4o-old", rpm: 999, enabled: false } });
  });
  afterAll(() => server.close());

  it("GET /v1/models lists every group and non-hidden alias once, sorted, in OpenAI's list shape", async () => {
    const { status, body } = await get<{ object: string; data: ModelObject[] }>(server, "/v1/models");
    expect(status).toBe(200);
    expect(body.object).toBe("list");
    expect(body.data.map((m) => m.id)).toEqual(["alias-1", "empty-group", "model-group-1", "pooled"]);
    const alias = body.data.find((m) => m.id === "alias-1")!;
    expect(alias).toMatchObject({ object: "model", owned_by: "azure" });
    expect(alias.created).toBeGreaterThanOrEqual(started - 1);
    expect(alias.created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(body.data.find((m) => m.id === "empty-group")!.owned_by).toBe("modelgraph");
    expect(body.data.find((m) => m.id === "pooled")!.owned_by).toBe("openai");

    const plain = await get<{ data: ModelObject[] }>(server, "/models");
    expect(plain.body).toEqual(body);
  });

  it("serves the official OpenAI client: list, retrieve an alias and a hidden alias, NotFoundError for a missing id", async () => {
    const client = new OpenAI({ apiKey: "unused", baseURL: server.url + "/v1" });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(["alias-1", "empty-group", "model-group-1", "pooled"]);

    const alias = await client.models.retrieve("alias-1");
    expect(alias).toMatchObject({ id: "alias-1", object: "model", owned_by: "azure" });
    // Hidden aliases are not listed but are found by id.
    expect(ids).not.toContain("internal-gpt");
    expect((await client.models.retrieve("internal-gpt")).id).toBe("internal-gpt");

    const missing = await client.models.retrieve("no-such-model").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).status).toBe(404);
  });

  it("answers a missing model id with OpenAI's 404 error shape", async () => {
    const { status, body } = await get<ErrorBody>(server, "/v1/models/no-such-model");
    expect(status).toBe(404);
    expect(body).toEqual({
      error: { message: "The model 'no-such-model' does not exist", type: "invalid_request_error", param: "model", code: "model_not_found" },
    });
    expect((await get<ErrorBody>(server, "/v1/models/")).status).toBe(404);
  });

  it("GET /model/info has two rows for each name, with the group's litellm_params, and never a key", async () => {
    const { status, body, text } = await get<{ data: ModelInfoRow[] }>(server, "/model/info");
    expect(status).toBe(200);
    const rowsOf = (name: string) => body.data.filter((r) => r.model_name === name);
    const group = rowsOf("model-group-1");
    const alias = rowsOf("alias-1");
    expect(group).toHaveLength(2);
    expect(alias).toHaveLength(2);
    expect(group.map((r) => r.litellm_params)).toEqual([
      { model: "azure/gpt-1", api_base: "https://xyz1.openai.azure.com/" },
      { model: "azure/gpt-2", api_base: "https://xyz2.openai.azure.com/" },
    ]);
    expect(alias.map((r) => r.litellm_params)).toEqual(group.map((r) => r.litellm_params));
    expect(alias.map((r) => r.model_info)).toEqual(group.map((r) => r.model_info));
    expect(group[0]!.model_info).toMatchObject({ db_model: false, key: "azure/gpt-1", mode: "chat", litellm_provider: "azure", provider: "aoai" });
    expect(group[0]!.model_info.id).not.toBe(group[1]!.model_info.id);
    // Hidden aliases, and groups without deployments, add no rows; disabled deployments are not routable.
    expect(rowsOf("internal-gpt")).toEqual([]);
    expect(rowsOf("empty-group")).toEqual([]);
    expect(rowsOf("pooled").map((r) => r.litellm_params.model)).toEqual(["openai/gpt-4o", "azure/gpt-4o"]);
    expect(rowsOf("pooled")[0]!.litellm_params).toEqual({ model: "openai/gpt-4o", api_base: "https://api.openai.com/v1", rpm: 100, tpm: 10_000 });
    expect(text).not.toContain("aoai-secret-value");
    expect(text).not.toContain("api_key");
    expect(text).not.toContain("AOAI_KEY");

    expect((await get(server, "/v1/model/info")).body).toEqual(body);
  });

  it("filters /model/info by name (hidden aliases too) and by model_info.id", async () => {
    const byName = await get<{ data: ModelInfoRow[] }>(server, "/model/info?model=internal-gpt");
    expect(byName.body.data.map((r) => [r.model_name, r.litellm_params.model])).toEqual([
      ["internal-gpt", "azure/gpt-1"],
      ["internal-gpt", "azure/gpt-2"],
    ]);
    const all = await get<{ data: ModelInfoRow[] }>(server, "/model/info");
    const id = all.body.data.find((r) => r.model_name === "alias-1" && r.litellm_params.model === "azure/gpt-2")!.model_info.id as string;
    const byId = await get<{ data: ModelInfoRow[] }>(server, `/model/info?litellm_model_id=${encodeURIComponent(id)}`);
    // The deployment itself, once, under its group's name.
    expect(byId.body.data.map((r) => [r.model_name, r.litellm_params.model])).toEqual([["model-group-1", "azure/gpt-2"]]);
    expect((await get<{ data: ModelInfoRow[] }>(server, "/model/info?model=nothing")).body).toEqual({ data: [] });
  });

  it("shows imported extra litellm_params but strips anything credential-like", async () => {
    // What an import of `api_version` (and a careless secret) would store.
    server.db.sqlite
      .prepare("update deployments set extra_params = ? where model = 'gpt-1'")
      .run(JSON.stringify({ api_version: "2024-06-01", api_key: "sk-leak-1", azure_ad_token: "tok-leak-2", nested: { client_secret: "leak-3", region: "eu" } }));
    try {
      const { body, text } = await get<{ data: ModelInfoRow[] }>(server, "/model/info?model=model-group-1");
      expect(body.data[0]!.litellm_params).toEqual({
        api_version: "2024-06-01",
        nested: { region: "eu" },
        model: "azure/gpt-1",
        api_base: "https://xyz1.openai.azure.com/",
      });
      expect(text).not.toMatch(/leak/);
    } finally {
      server.db.sqlite.prepare("update deployments set extra_params = null where model = 'gpt-1'").run();
    }
  });

  it("GET /model_group/info has the group and its alias with providers [\"azure\"]", async () => {
    const { status, body } = await get<{ data: GroupInfo[] }>(server, "/model_group/info");
    expect(status).toBe(200);
    expect(body.data.map((g) => g.model_group)).toEqual(["alias-1", "empty-group", "model-group-1", "pooled"]);
    const group = body.data.find((g) => g.model_group === "model-group-1")!;
    const alias = body.data.find((g) => g.model_group === "alias-1")!;
    for (const info of [group, alias]) {
      expect(info).toMatchObject({ providers: ["azure"], mode: "chat", tpm: null, rpm: null, max_input_tokens: null, max_output_tokens: null, is_public_model_group: true, health_status: "unknown" });
    }
    expect(alias.alias_for).toBe("model-group-1");
    expect(group.alias_for).toBeNull();
    // Sums over enabled deployments only; null where no deployment sets a limit.
    expect(body.data.find((g) => g.model_group === "pooled")).toMatchObject({ providers: ["openai", "azure"], rpm: 150, tpm: 10_000 });
    expect(body.data.find((g) => g.model_group === "empty-group")).toMatchObject({ providers: [], mode: "embedding", rpm: null });

    const hidden = await get<{ data: GroupInfo[] }>(server, "/v1/model_group/info?model_group=internal-gpt");
    expect(hidden.body.data).toHaveLength(1);
    expect(hidden.body.data[0]).toMatchObject({ model_group: "internal-gpt", providers: ["azure"], is_public_model_group: false });
  });

  it("answers bad query values with 400 in OpenAI's error shape, and unknown routes with Fastify's 404", async () => {
    const bad = await get<ErrorBody>(server, "/v1/models?healthy_only=maybe");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: "invalid_request_error", param: "healthy_only" });
    expect(bad.body.error.message).toContain('healthy_only="maybe"');
    expect(bad.body.error.message).toContain("true or false");

    const twice = await get<ErrorBody>(server, "/model/info?model=a&model=b");
    expect(twice.status).toBe(400);
    expect(twice.body.error.param).toBe("model");

    const unknown = await get<{ statusCode: number; error: string }>(server, "/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: "Not Found" });
  });
});

/** The same fixture on local upstreams: every probe stays on 127.0.0.1 and is counted. */
describe("health views", () => {
  let server: TestServer;
  let azure1: FakeUpstream;
  let azure2: FakeUpstream;
  let vllm: FakeUpstream;
  let flaky: FakeUpstream;
  const all = () => [azure1, azure2, vllm, flaky];
  const counts = () => all().map((u) => u.count);

  beforeAll(async () => {
    [azure1, azure2, vllm, flaky] = await Promise.all([
      FakeUpstream.start(["gpt-1"]),
      FakeUpstream.start(["gpt-2"]),
      FakeUpstream.start(["z-ai/glm4.7"]),
      FakeUpstream.start(["m1"]),
    ]);
    flaky.mode = "fail500";
    server = await startTestServer({ env: { AOAI_KEY: "aoai-secret-value", FLAKY_KEY: "flaky-secret-value" } });
    await seedAliasGroups(server, [azure1.origin + "/", azure2.origin + "/"]);
    // nanobot style: the group "vllm/z-ai/glm4.7", with an alias.
    await server.ok(ops.CreateProviderDocument, { input: { name: "vllm", type: "hosted_vllm", apiBase: vllm.base } });
    await server.ok(ops.AddAliasDocument, { input: { name: "nvgm", provider: "vllm", model: "z-ai/glm4.7" } });
    await server.ok(ops.CreateProviderDocument, { input: { name: "flaky", type: "openai", apiBase: flaky.base, apiKeyEnv: "FLAKY_KEY" } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "flaky-group" } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "flaky-group", provider: "flaky", model: "m1" } });
    await server.ok(ops.AddAliasDocument, { input: { name: "flaky-alias", target: "flaky-group" } });
  });
  afterAll(async () => {
    await server.close();
    await Promise.all(all().map((u) => u.close()));
  });

  it("GET /health probes each upstream once for a group and its alias, listing each deployment", async () => {
    const { status, body, text } = await get<HealthBody>(server, "/health");
    expect(status).toBe(200);
    // Two names (model-group-1, alias-1) over two upstreams: two requests, not four.
    expect(azure1.count).toBe(1);
    expect(azure2.count).toBe(1);
    expect(vllm.count).toBe(1);
    expect(flaky.count).toBe(1);
    expect(body.requests_sent).toBe(4);

    expect(body.healthy_count).toBe(3);
    expect(body.unhealthy_count).toBe(1);
    expect(body.healthy_endpoints.map((e) => [e.model_name, e.model, e.api_base])).toEqual([
      ["model-group-1", "azure/gpt-1", azure1.origin + "/"],
      ["model-group-1", "azure/gpt-2", azure2.origin + "/"],
      ["vllm/z-ai/glm4.7", "hosted_vllm/z-ai/glm4.7", vllm.base],
    ]);
    expect(body.healthy_endpoints[0]).toMatchObject({ status: "healthy", custom_llm_provider: "azure", provider: "aoai", source: "probed" });
    const [broken] = body.unhealthy_endpoints;
    expect(broken).toMatchObject({ model: "openai/m1", model_name: "flaky-group", status: "unhealthy" });
    expect(broken!.error).toMatch(/500/);
    for (const secret of ["aoai-secret-value", "flaky-secret-value", "api_key"]) expect(text).not.toContain(secret);
  });

  it("reuses fresh results: /health again, and /health?model=<alias>, send no request", async () => {
    const before = counts();
    const again = await get<HealthBody>(server, "/health");
    expect(again.body.healthy_count).toBe(3);
    expect(again.body.requests_sent).toBe(0);

    const alias = await get<HealthBody>(server, "/health?model=alias-1");
    expect(alias.status).toBe(200);
    expect(alias.body.healthy_endpoints.map((e) => [e.model_name, e.model])).toEqual([
      ["model-group-1", "azure/gpt-1"],
      ["model-group-1", "azure/gpt-2"],
    ]);
    expect(alias.body.healthy_endpoints.every((e) => e.source === "reused")).toBe(true);
    expect(alias.body.unhealthy_count).toBe(0);
    // LiteLLM's fallback: a prefixed id selects the deployments serving it.
    const prefixed = await get<HealthBody>(server, "/health?model=azure/gpt-2");
    expect(prefixed.body.healthy_endpoints.map((e) => e.model)).toEqual(["azure/gpt-2"]);
    expect(counts()).toEqual(before);
  });

  it("answers /health?model=<unknown> with a 404 rather than an empty, all-clear report", async () => {
    const before = counts();
    const { status, body } = await get<ErrorBody>(server, "/health?model=nope");
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: "model_not_found", param: "model" });
    expect(counts()).toEqual(before);
  });

  it("GET /v1/models?healthy_only=true leaves out names whose group is UNHEALTHY", async () => {
    const everything = await get<{ data: ModelObject[] }>(server, "/v1/models");
    expect(everything.body.data.map((m) => m.id)).toEqual(["alias-1", "flaky-alias", "flaky-group", "model-group-1", "nvgm", "vllm/z-ai/glm4.7"]);
    const healthy = await get<{ data: ModelObject[] }>(server, "/v1/models?healthy_only=true");
    expect(healthy.body.data.map((m) => m.id)).toEqual(["alias-1", "model-group-1", "nvgm", "vllm/z-ai/glm4.7"]);
    expect((await get<{ data: ModelObject[] }>(server, "/v1/models?healthy_only=false")).body).toEqual(everything.body);

    const groups = await get<{ data: GroupInfo[] }>(server, "/model_group/info");
    expect(groups.body.data.find((g) => g.model_group === "flaky-alias")!.health_status).toBe("unhealthy");
    expect(groups.body.data.find((g) => g.model_group === "alias-1")!.health_status).toBe("healthy");
  });

  it("retrieves an id containing '/' through the OpenAI client", async () => {
    const client = new OpenAI({ apiKey: "unused", baseURL: server.url + "/v1" });
    const model = await client.models.retrieve("vllm/z-ai/glm4.7");
    expect(model).toMatchObject({ id: "vllm/z-ai/glm4.7", object: "model", owned_by: "hosted_vllm" });
    expect((await client.models.retrieve("nvgm")).owned_by).toBe("hosted_vllm");
    // Unescaped slashes reach the same route.
    expect((await get<ModelObject>(server, "/v1/models/vllm/z-ai/glm4.7")).body.id).toBe("vllm/z-ai/glm4.7");
  });

  it("liveliness and readiness never touch an upstream", async () => {
    const before = counts();
    for (const path of ["/health/liveliness", "/health/liveness"]) {
      const response = await fetch(server.url + path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toBe("I'm alive!");
    }
    const ready = await get<{ status: string; db: string }>(server, "/health/readiness");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "healthy", db: "connected" });
    // Listings read stored health only.
    for (const path of ["/v1/models", "/model/info", "/model_group/info", "/v1/models/alias-1"]) expect((await get(server, path)).status).toBe(200);
    expect(counts()).toEqual(before);
  });
});

describe("readiness", () => {
  it("answers 503 once the database is closed, while liveliness stays 200", async () => {
    const server = await startTestServer();
    try {
      expect((await get(server, "/health/readiness")).status).toBe(200);
      server.db.close();
      const { status, body } = await get<{ status: string; db: string; detail: string }>(server, "/health/readiness");
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: "unhealthy", db: "disconnected" });
      expect(body.detail).toContain("database");
      expect((await get(server, "/health/liveliness")).status).toBe(200);
      // Reads answer from the in-memory snapshot (no SQL on the read path): the last catalog the
      // server had, while readiness tells the load balancer to send traffic elsewhere.
      const listed = await get<{ data: { id: string }[] }>(server, "/v1/models");
      expect(listed.status).toBe(200);
      expect(listed.body.data.length).toBe(server.catalog.read().aliases().filter((a) => !a.hidden).length + server.catalog.read().groups().length);
    } finally {
      await server.close();
    }
  });
});

describe("SQL statements per request", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.ok(ops.CreateProviderDocument, { input: { name: "p0", type: "openai", apiBase: "http://127.0.0.1:9/v1" } });
    await server.ok(ops.CreateProviderDocument, { input: { name: "p1", type: "groq" } });
  });
  afterAll(() => server.close());

  async function addGroups(from: number, to: number): Promise<void> {
    for (let g = from; g < to; g++) {
      await server.ok(ops.CreateModelGroupDocument, { input: { name: `group-${g}` } });
      await server.ok(ops.AddDeploymentDocument, { input: { group: `group-${g}`, provider: "p0", model: `m-${g}` } });
      await server.ok(ops.AddDeploymentDocument, { input: { group: `group-${g}`, provider: "p1", model: `m-${g}`, priority: 1 } });
      await server.ok(ops.AddAliasDocument, { input: { name: `alias-${g}`, target: `group-${g}` } });
    }
  }

  const PATHS = ["/v1/models", "/model/info", "/model_group/info", "/v1/models/alias-3", "/model/info?model=alias-3", "/model_group/info?model_group=alias-3"];

  const statementsFor = (path: string) => server.statementsFor(path);

  it("costs the same number of statements for 5 groups as for 50", async () => {
    // The first facts read after a write also checks the stored registries: warm up once.
    await addGroups(0, 5);
    await statementsFor("/model/info");
    const small: Record<string, number> = {};
    for (const p of PATHS) small[p] = await statementsFor(p);
    await addGroups(5, 50);
    await statementsFor("/model/info");
    const large: Record<string, number> = {};
    for (const p of PATHS) large[p] = await statementsFor(p);
    console.log(`REST statements, 5 groups → 50 groups: ${PATHS.map((p) => `${p} ${small[p]} → ${large[p]}`).join("; ")}`);
    expect(large).toEqual(small);
    // The info views read model facts too: the registry's freshness check (2 statements) once per request.
    for (const p of PATHS) expect(large[p]).toBeLessThanOrEqual(p.includes("info") ? 7 : 5);
    const listed = await get<{ data: ModelObject[] }>(server, "/v1/models");
    expect(listed.body.data).toHaveLength(100);
  });
});

describe("a large catalog", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // Seeded through the catalog services in-process: 15,000 mutations over HTTP would only test HTTP.
    const { catalog } = server;
    await catalog.providers.create({ name: "bulk", type: "openai", apiBase: "http://127.0.0.1:9/v1" });
    for (let g = 0; g < 10_000; g++) {
      await catalog.groups.create({ name: `g-${String(g).padStart(5, "0")}` });
      await catalog.deployments.add({ group: `g-${String(g).padStart(5, "0")}`, provider: "bulk", model: `model-${g}` });
    }
    for (let a = 0; a < 5_000; a++) await catalog.aliases.add({ name: `a-${String(a).padStart(5, "0")}`, target: `g-${String(a * 2).padStart(5, "0")}` });
  }, 120_000);
  afterAll(() => server.close());

  it("lists 15,000 names on /v1/models quickly, in a fixed number of statements", async () => {
    await fetch(server.url + "/v1/models").then((r) => r.arrayBuffer()); // warm-up
    server.statements.length = 0;
    const started = performance.now();
    const { status, body } = await get<{ data: ModelObject[] }>(server, "/v1/models");
    const ms = performance.now() - started;
    console.log(`/v1/models with 15,000 names: ${ms.toFixed(0)} ms, ${server.statements.length} SQL statements`);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(15_000);
    expect(body.data[0]!.id).toBe("a-00000");
    expect(server.statements.length).toBeLessThanOrEqual(5);
    expect(ms).toBeLessThan(2_000);
  });
});
