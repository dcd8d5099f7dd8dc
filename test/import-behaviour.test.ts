import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { dumpDatabase, startTestServer, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

/*
 * What an import does beyond parsing (issue 10): API bases that are references or placeholders,
 * names with inner spaces, the names an import re-routes, skipInvalid, and the kept sections of a
 * config with their secrets. Everything through GraphQL over HTTP (and the CLI for --dry-run).
 */

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, "../bin/modelgraph.js");

let upstream: FakeUpstream;
let folder: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  upstream = await FakeUpstream.start(["gpt-4o", "o1-mini"]);
  folder = mkdtempSync(join(tmpdir(), "modelgraph-import-behaviour-"));
});
afterAll(async () => {
  await upstream.close();
  rmSync(folder, { recursive: true, force: true });
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}

async function importYaml(s: TestServer, content: string, extra: { dryRun?: boolean; mode?: "MERGE" | "REPLACE"; skipInvalid?: boolean } = {}) {
  return s.gql(ops.ImportConfigReportDocument, { format: "LITELLM_YAML", content, ...extra });
}

async function healthOf(s: TestServer, name: string) {
  await s.ok(ops.CheckHealthDocument, { names: [name], force: true });
  const data = await s.ok(ops.DeploymentHealthOfDocument, { name });
  return data.resolve.candidates.map((c) => c.deployment!.health);
}

describe("API bases that are environment references or placeholders", () => {
  const config = `model_list:
  - model_name: env-base
    litellm_params:
      model: openai/gpt-4o
      api_base: os.environ/MG_TEST_UPSTREAM_BASE
      api_key: os.environ/MG_TEST_KEY
`;

  it("keeps os.environ/NAME as the API base: UNKNOWN with the reason while unset, probed once set, exported as the reference", async () => {
    const dbPath = join(folder, "env-base.db");
    const first = await server({ dbPath });
    const imported = await importYaml(first, config);
    expect(imported.errors).toBeUndefined();
    const unset = await healthOf(first, "env-base");
    expect(unset).toHaveLength(1);
    expect(unset[0]!.status).toBe("UNKNOWN");
    expect(unset[0]!.error).toContain("MG_TEST_UPSTREAM_BASE");
    const before = upstream.requests.length;
    const exported = await first.ok(ops.ExportConfigDocument, { format: "LITELLM_YAML" });
    expect(exported.exportConfig).toContain("api_base: os.environ/MG_TEST_UPSTREAM_BASE");
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await server({ dbPath, env: { MG_TEST_UPSTREAM_BASE: `http://127.0.0.1:${upstream.port}/v1`, MG_TEST_KEY: "sk-test" } });
    const set = await healthOf(second, "env-base");
    expect(set[0]!.status).toBe("HEALTHY");
    expect(upstream.requests.length).toBe(before + 1);
    // The reference, never the value, is what the catalog shows.
    const shown = await second.ok(ops.DeploymentHealthOfDocument, { name: "env-base" });
    expect(shown.resolve.candidates[0]!.deployment!.apiBase).toBe("os.environ/MG_TEST_UPSTREAM_BASE");
  });

  it("imports a placeholder API base with a warning; its health is UNKNOWN with the reason, and a URL with credentials is still refused", async () => {
    const s = await server();
    const placeholder = `model_list:
  - model_name: gpt-35
    litellm_params:
      model: azure/chatgpt-v-2
      api_base: <your-azure-endpoint>
      api_key: os.environ/AZURE_KEY
`;
    const result = await importYaml(s, placeholder);
    expect(result.errors).toBeUndefined();
    expect(result.data!.importConfig.warnings.join("\n")).toContain("<your-azure-endpoint>");
    const health = await healthOf(s, "gpt-35");
    expect(health[0]!.status).toBe("UNKNOWN");
    expect(health[0]!.error).toContain("placeholder");

    const before = dumpDatabase(s.db);
    const withPassword = placeholder.replace("<your-azure-endpoint>", "https://user:hunter2@example.openai.azure.com/");
    const refused = await importYaml(s, withPassword, { mode: "REPLACE" });
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.text).not.toContain("hunter2");
    expect(dumpDatabase(s.db)).toEqual(before);
  });
});

describe("public names with inner spaces", () => {
  it("accepts single inner spaces and refuses leading, trailing and doubled ones, changing nothing", async () => {
    const s = await server();
    const ok = await importYaml(
      s,
      `model_list:
  - model_name: Local LLM
    litellm_params:
      model: openai/gpt-4o
      api_base: http://127.0.0.1:${upstream.port}/v1
`,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.importConfig.created.groups).toEqual(["Local LLM"]);
    const before = dumpDatabase(s.db);
    for (const name of ["Local  LLM", " Local", "Local ", "Local\tLLM"]) {
      const refused = await s.gql(ops.AddAliasDocument, { input: { name, target: "Local LLM" } });
      expect(refused.errors?.[0]?.extensions?.code, name).toBe("BAD_USER_INPUT");
      expect(refused.errors?.[0]?.message, name).toContain(JSON.stringify(name));
    }
    expect(dumpDatabase(s.db)).toEqual(before);
    const alias = await s.gql(ops.AddAliasDocument, { input: { name: "my local", target: "Local LLM" } });
    expect(alias.errors).toBeUndefined();
  });
});

describe("names an import re-routes", () => {
  const base = (target: string, extra = "") => `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_base: http://127.0.0.1:${upstream.port}/v1
  - model_name: o1
    litellm_params:
      model: openai/o1-mini
      api_base: http://127.0.0.1:${upstream.port}/v1
${extra}router_settings:
  model_group_alias:
    smart: ${target}
`;

  it("lists an alias re-targeted and a group whose candidates changed, before -> after, in dry runs too", async () => {
    const s = await server();
    expect((await importYaml(s, base("gpt-4o"))).errors).toBeUndefined();
    const again = await importYaml(s, base("gpt-4o"));
    expect(again.data!.importConfig.rerouted).toEqual([]);

    const moved = base("o1").replace(
      "router_settings:",
      `  - model_name: gpt-4o
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20240620
router_settings:`,
    );
    const dry = await importYaml(s, moved, { dryRun: true });
    expect(dry.errors).toBeUndefined();
    const expected = [
      { name: "gpt-4o", entity: "group", before: "openai/gpt-4o", after: "openai/gpt-4o, anthropic/claude-3-5-sonnet-20240620" },
      { name: "smart", entity: "alias", before: "gpt-4o", after: "o1" },
    ];
    expect(dry.data!.importConfig.rerouted).toEqual(expected);
    const real = await importYaml(s, moved);
    expect(real.data!.importConfig.rerouted).toEqual(expected);
  });

  it("the CLI prints them, also with --dry-run, and writes nothing then", async () => {
    const dbPath = join(folder, "cli-reroute.db");
    const first = join(folder, "first.yaml");
    const second = join(folder, "second.yaml");
    writeFileSync(first, base("gpt-4o"));
    writeFileSync(second, base("o1"));
    await run(process.execPath, [BIN, "import", first, "--db", dbPath]);
    const dry = await run(process.execPath, [BIN, "import", second, "--dry-run", "--db", dbPath]);
    expect(dry.stdout).toContain('would reroute alias "smart": gpt-4o -> o1');
    const again = await run(process.execPath, [BIN, "import", second, "--dry-run", "--db", dbPath]);
    expect(again.stdout).toContain('would reroute alias "smart": gpt-4o -> o1');
    const real = await run(process.execPath, [BIN, "import", second, "--db", dbPath]);
    expect(real.stdout).toContain('rerouted alias "smart": gpt-4o -> o1');
  });
});

describe("every problem of a file, or the valid entries only", () => {
  const file = `model_list:
  - model_name: good-one
    litellm_params:
      model: openai/gpt-4o
  - model_name: bad-prefix
    litellm_params:
      model: nosuchprefix/model-x
  - model_name: good-two
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20240620
  - model_name: bad-rpm
    litellm_params:
      model: openai/gpt-4o-mini
      rpm: -5
`;

  it("refuses the file listing each problem with its line, and writes nothing", async () => {
    const s = await server();
    const before = dumpDatabase(s.db);
    const refused = await importYaml(s, file);
    const error = refused.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error?.message).toContain("2 problems");
    expect(error?.message).toMatch(/input:7\b.*nosuchprefix/);
    expect(error?.message).toMatch(/input:14\b.*rpm/);
    expect((error?.extensions?.problems as unknown[]).length).toBe(2);
    expect(dumpDatabase(s.db)).toEqual(before);
  });

  it("skipInvalid imports the valid entries and reports each skipped one with its line and reason", async () => {
    const s = await server();
    const result = await importYaml(s, file, { skipInvalid: true });
    expect(result.errors).toBeUndefined();
    const report = result.data!.importConfig;
    expect(report.created.groups.sort()).toEqual(["good-one", "good-two"]);
    expect(report.skipped.map((e) => e.line)).toEqual([5, 11]);
    expect(report.skipped[0]!.reason).toContain("nosuchprefix");
    expect(report.skipped[1]!.reason).toContain("rpm");
  });
});

describe("sections the catalog does not model", () => {
  const config = `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
litellm_settings:
  drop_params: true
  success_callback: ["langfuse"]
general_settings:
  master_key: sk-master-very-secret-1234
  database_url: postgresql://llm:db-pass-5678@db.internal:5432/litellm
  alerting: ["slack"]
router_settings:
  routing_strategy: simple-shuffle
  redis_password: redis-pass-9012
`;

  it("are kept, their literal secrets sealed and exported as placeholders, and importing the export changes nothing", async () => {
    const s = await server();
    const imported = await importYaml(s, config);
    expect(imported.errors).toBeUndefined();
    const stored = JSON.stringify(dumpDatabase(s.db));
    for (const secret of ["sk-master-very-secret-1234", "db-pass-5678", "redis-pass-9012"]) expect(stored).not.toContain(secret);

    const exported = (await s.ok(ops.ExportConfigDocument, { format: "LITELLM_YAML" })).exportConfig;
    for (const secret of ["sk-master-very-secret-1234", "db-pass-5678", "redis-pass-9012"]) expect(exported).not.toContain(secret);
    expect(exported).toContain("drop_params: true");
    expect(exported).toContain("routing_strategy: simple-shuffle");
    expect(exported).toMatch(/master_key: os\.environ\/MODELGRAPH_STORED_SECRET_[0-9A-F]{16}/);
    expect(exported).toMatch(/database_url: os\.environ\/MODELGRAPH_STORED_SECRET_[0-9A-F]{16}/);

    const before = dumpDatabase(s.db);
    const back = await importYaml(s, exported);
    expect(back.errors).toBeUndefined();
    expect(back.data!.importConfig.created.groups).toEqual([]);
    expect(dumpDatabase(s.db).config_documents).toEqual(before.config_documents);
  });

  it("MERGE merges sections into the kept ones, REPLACE replaces them", async () => {
    const s = await server();
    await importYaml(s, config);
    await importYaml(
      s,
      `model_list: []
litellm_settings:
  num_retries: 3
`,
    );
    let exported = (await s.ok(ops.ExportConfigDocument, { format: "LITELLM_YAML" })).exportConfig;
    expect(exported).toContain("drop_params: true");
    expect(exported).toContain("num_retries: 3");
    await importYaml(
      s,
      `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
litellm_settings:
  num_retries: 4
`,
      { mode: "REPLACE" },
    );
    exported = (await s.ok(ops.ExportConfigDocument, { format: "LITELLM_YAML" })).exportConfig;
    expect(exported).not.toContain("drop_params");
    expect(exported).not.toContain("master_key");
    expect(exported).toContain("num_retries: 4");
  });
});

describe("facts a mutation set", () => {
  it("are exported as LiteLLM model_info keys beside the kept ones, and an import of the export gives the same facts", async () => {
    const s = await server();
    const imported = await importYaml(
      s,
      `model_list:
  - model_name: tuned
    litellm_params:
      model: openai/my-own-finetune
    model_info:
      input_cost_per_token: 0.000001
`,
    );
    expect(imported.errors).toBeUndefined();
    const before = await s.ok(ops.DeploymentFactsOfDocument, { name: "tuned" });
    const id = before.resolve.candidates[0]!.deployment!.id;
    await s.ok(ops.UpdateDeploymentFactsDocument, { id, input: { facts: { contextWindow: 64000, outputPrice: 4 } } });
    const exported = (await s.ok(ops.ExportConfigDocument, { format: "LITELLM_YAML" })).exportConfig;
    expect(exported).toMatch(/input_cost_per_token: 1\.0e-6|input_cost_per_token: 0\.000001/);
    expect(exported).toContain("max_input_tokens: 64000");
    expect(exported).toMatch(/output_cost_per_token: 4\.0e-6|output_cost_per_token: 0\.000004/);

    const other = await server();
    expect((await importYaml(other, exported)).errors).toBeUndefined();
    const facts = (await other.ok(ops.DeploymentFactsOfDocument, { name: "tuned" })).resolve.candidates[0]!.deployment!.facts;
    expect(facts).toMatchObject({ contextWindow: 64000, inputPrice: 1, outputPrice: 4 });
    expect(facts.sources.find((src) => src.kind === "OVERRIDE")?.fields).toEqual(expect.arrayContaining(["contextWindow", "inputPrice", "outputPrice"]));
  });
});

describe("a provider the file gives no API base", () => {
  it("keeps the stored one on MERGE when its type has no default (nanobot vllm), saying so", async () => {
    const s = await server();
    const base = `http://127.0.0.1:${upstream.port}/v1`;
    const first = await s.gql(ops.ImportConfigReportDocument, {
      format: "NANOBOT_JSON",
      content: JSON.stringify({ providers: { vllm: { apiKey: "k-1", apiBase: base } }, modelPresets: { local: { provider: "vllm", model: "gpt-4o" } } }),
    });
    expect(first.errors).toBeUndefined();
    const again = await s.gql(ops.ImportConfigReportDocument, {
      format: "NANOBOT_JSON",
      content: JSON.stringify({ providers: { vllm: { apiKey: "k-1" } }, modelPresets: { local: { provider: "vllm", model: "gpt-4o" } } }),
    });
    expect(again.errors).toBeUndefined();
    expect(again.data!.importConfig.warnings.join("\n")).toContain(`the stored ${JSON.stringify(base)} is kept`);
    const shown = await s.ok(ops.DeploymentHealthOfDocument, { name: "local" });
    expect(shown.resolve.candidates[0]!.deployment!.apiBase).toBe(base);
  });
});
