import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import * as ops from "./generated/graphql.ts";
import { dumpDatabase, startTestServer, type TestServer } from "./support/server.ts";

/*
 * Model facts that imports carry (issue 9): LiteLLM model_info keys become the deployment's
 * overrides, shown as an OVERRIDE source in Deployment.facts and winning over the registry;
 * bad values are refused with their line; export writes the keys back as read. Black-box: real
 * server, importConfig / exportConfig / Deployment.facts over HTTP, real SQLite.
 */

const CORPUS = "/work/shared/corpus/litellm";

const servers: TestServer[] = [];
async function server(): Promise<TestServer> {
  const s = await startTestServer();
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function importYaml(s: TestServer, content: string, mode?: ops.ImportMode) {
  return (await s.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content, mode })).importConfig;
}

async function exportYaml(s: TestServer): Promise<string> {
  return (await s.ok(ops.ExportConfigDocument, { format: "LITELLM_YAML" })).exportConfig;
}

async function groupFacts(s: TestServer, name: string) {
  const group = (await s.ok(ops.GroupDeploymentFactsDocument, { name })).modelGroup;
  expect(group, `group ${name}`).not.toBeNull();
  return group!.deployments.map((d) => d.facts);
}

/** Two gpt-4o deployments the shipped registry knows; the first with facts in model_info. */
const TUNED = `model_list:
  - model_name: tuned-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
    model_info:
      id: tuned-1
      max_tokens: 4096
      max_input_tokens: 100000
      max_output_tokens: 4096
      input_cost_per_token: 0.0000011
      output_cost_per_token: 4.4e-6
      cache_read_input_token_cost: 1.1e-7
      cache_creation_input_token_cost: 0.00000275
      supports_vision: false
      supports_reasoning: true
      supports_pdf_input: true
  - model_name: plain-4o
    litellm_params:
      model: openai/gpt-4o
`;

/** The model_info keys TUNED states for facts (id aside), as read from the file. */
const TUNED_FACT_KEYS = {
  max_tokens: 4096,
  max_input_tokens: 100000,
  max_output_tokens: 4096,
  input_cost_per_token: 0.0000011,
  output_cost_per_token: 4.4e-6,
  cache_read_input_token_cost: 1.1e-7,
  cache_creation_input_token_cost: 0.00000275,
  supports_vision: false,
  supports_reasoning: true,
  supports_pdf_input: true,
};

describe("LiteLLM model_info facts", () => {
  it("become overrides in modelgraph's units that win over the registry, with an OVERRIDE source", async () => {
    const s = await server();
    const report = await importYaml(s, TUNED);
    expect(report.created.deployments).toEqual(["tuned-4o: openai/gpt-4o", "plain-4o: openai/gpt-4o"]);
    // The fact keys are read, not warned about as "not stored".
    expect(report.warnings.join("\n")).not.toMatch(/model_info\.(max_|input_cost|supports_|cache_)/);

    const [plain] = await groupFacts(s, "plain-4o");
    expect(plain).toMatchObject({ contextWindow: 128000, inputPrice: 2.5, outputPrice: 10, maxOutputTokens: 16384 });
    expect(plain!.capabilities).toContain("VISION");
    expect(plain!.sources.map((x) => x.kind)).toEqual(["REGISTRY"]);

    const [tuned] = await groupFacts(s, "tuned-4o");
    // max_input_tokens is the input limit and the context window (LiteLLM has one number); prices × 1e6.
    expect(tuned).toMatchObject({
      contextWindow: 100000,
      maxInputTokens: 100000,
      maxOutputTokens: 4096,
      inputPrice: 1.1,
      outputPrice: 4.4,
      cacheReadPrice: 0.11,
      cacheWritePrice: 2.75,
    });
    expect(tuned!.capabilities).toEqual(expect.arrayContaining(["TOOLS", "REASONING"]));
    expect(tuned!.capabilities).not.toContain("VISION");
    expect(tuned!.absentCapabilities).toContain("VISION");
    // Not stated in model_info: still the registry's.
    expect(tuned!.inputModalities).toEqual(["TEXT", "IMAGE"]);

    const override = tuned!.sources.find((x) => x.kind === "OVERRIDE");
    expect(override).toBeDefined();
    expect(override!.fields).toEqual([
      "contextWindow",
      "maxInputTokens",
      "maxOutputTokens",
      "inputPrice",
      "outputPrice",
      "cacheReadPrice",
      "cacheWritePrice",
      "capabilities.VISION",
      "capabilities.REASONING",
    ]);
    const registry = tuned!.sources.find((x) => x.kind === "REGISTRY");
    expect(registry).toMatchObject({ key: "openai/gpt-4o" });
    expect(registry!.fields).toContain("capabilities.TOOLS");
    expect(registry!.fields).not.toContain("inputPrice");
    expect(registry!.fields).not.toContain("contextWindow");

    // Stored as an override like one a mutation writes (facts_override), beside the kept keys.
    const row = s.db.sqlite.prepare("select facts_override, extra_params from deployments where external_id = 'tuned-1'").get() as { facts_override: string; extra_params: string };
    expect(JSON.parse(row.facts_override)).toEqual({
      contextWindow: 100000,
      maxInputTokens: 100000,
      maxOutputTokens: 4096,
      inputPrice: 1.1,
      outputPrice: 4.4,
      cacheReadPrice: 0.11,
      cacheWritePrice: 2.75,
      capabilities: { VISION: false, REASONING: true },
    });
    // plain-4o on the same provider writes no api_key: tuned-4o keeps the reference it wrote.
    expect(JSON.parse(row.extra_params)).toEqual({ api_key: "os.environ/OPENAI_API_KEY", model_info: TUNED_FACT_KEYS });
  });

  it("refuses bad values with the line and the key named, all-or-nothing (database unchanged)", async () => {
    const s = await server();
    await importYaml(s, TUNED);
    const cases: [string, string, RegExp][] = [
      ["input_cost_per_token: -0.000001", "input:8:", /model_info\.input_cost_per_token is -0\.000001; accepted: a finite number, 0 or more, in USD per token/],
      ["input_cost_per_token: \"0.000001\"", "input:8:", /model_info\.input_cost_per_token is "0\.000001"; accepted: a finite number/],
      ["input_cost_per_token: 1.0e+308", "input:8:", /model_info\.input_cost_per_token is 1e\+308; accepted: a finite number/],
      ["max_input_tokens: 12.5", "input:8:", /model_info\.max_input_tokens is 12\.5; accepted: a whole number of tokens, 0 or more/],
      ["max_output_tokens: -1", "input:8:", /model_info\.max_output_tokens is -1; accepted: a whole number of tokens/],
      ["max_tokens: lots", "input:8:", /model_info\.max_tokens is "lots"; accepted: a whole number of tokens/],
      ["supports_vision: \"yes\"", "input:8:", /model_info\.supports_vision is "yes"; accepted: true or false/],
      ["input_cost_per_million_tokens: 2.5", "input:8:", /unknown unit in model_info\.input_cost_per_million_tokens: LiteLLM prices are in USD per token under input_cost_per_token/],
      ["base_model: 7", "input:8:", /model_info\.base_model is 7; accepted: a model name/],
    ];
    for (const [line, start, message] of cases) {
      // A good first entry, then the bad one: nothing of the file is written.
      const content = `model_list:
  - model_name: fine
    litellm_params:
      model: openai/gpt-4o-mini
  - model_name: tuned-4o
    litellm_params: { model: openai/gpt-4o }
    model_info:
      ${line}
`;
      const before = dumpDatabase(s.db);
      const result = await s.gql(ops.ImportConfigDocument, { format: "LITELLM_YAML", content });
      const error = result.errors?.[0];
      expect(error?.extensions?.code, `${line}: ${JSON.stringify(result.errors)}`).toBe("BAD_USER_INPUT");
      expect(error!.message.startsWith(start), `"${error!.message}" should start with "${start}"`).toBe(true);
      expect(error!.message).toContain('model_list[1] (model_name "tuned-4o")');
      expect(error!.message).toMatch(message);
      expect(result.data).toBeNull();
      expect(dumpDatabase(s.db)).toStrictEqual(before);
    }
    expect((await groupFacts(s, "tuned-4o"))[0]!.inputPrice).toBe(1.1);
  });

  it("round-trips: export writes the keys back as read; import of the export gives the same catalog and the same export", async () => {
    const first = await server();
    await importYaml(first, TUNED);
    const exported = await exportYaml(first);
    const entries = parseYaml(exported).model_list as { model_name: string; model_info: Record<string, unknown>; litellm_params: Record<string, unknown> }[];
    const tuned = entries.find((e) => e.model_name === "tuned-4o")!;
    // No mode (chat is the default) and no modelgraph.provider (an import names it openai anyway).
    expect(tuned.model_info).toEqual({ id: "tuned-1", ...TUNED_FACT_KEYS });
    expect(tuned.litellm_params).toEqual({ model: "openai/gpt-4o", api_key: "os.environ/OPENAI_API_KEY" });
    // Per-token prices exactly as written (the text, not only the number).
    expect(exported).toContain("input_cost_per_token: 0.0000011\n");
    expect(exported).toContain("cache_read_input_token_cost: 1.1e-7\n");
    const plain = entries.find((e) => e.model_name === "plain-4o")!;
    expect(plain.model_info).toBeUndefined();
    expect(plain.litellm_params).toEqual({ model: "openai/gpt-4o" });

    // Into the same catalog: nothing changes.
    const before = dumpDatabase(first.db);
    const again = await importYaml(first, exported);
    expect(again.created.deployments).toEqual([]);
    expect(again.updated.deployments).toEqual([]);
    expect([...again.unchanged.deployments].sort()).toEqual(["plain-4o: openai/gpt-4o", "tuned-4o: openai/gpt-4o"]);
    expect(dumpDatabase(first.db)).toStrictEqual(before);

    // Into an empty one: the same deployments (overrides and kept keys), facts and export.
    const second = await server();
    await importYaml(second, exported);
    // Export lists groups by name, so the second catalog inserted them in another order.
    const rows = (s: TestServer) =>
      s.db.sqlite
        .prepare("select model, external_id, extra_params, facts_override from deployments")
        .all()
        .map((r) => JSON.stringify(r))
        .sort();
    expect(rows(second)).toStrictEqual(rows(first));
    expect(await groupFacts(second, "tuned-4o")).toEqual(await groupFacts(first, "tuned-4o"));
    expect(await exportYaml(second)).toBe(exported);
  });

  it("keeps overrides a mutation set when the file is imported again; the file's own keys follow the file", async () => {
    const s = await server();
    await importYaml(s, TUNED);
    const [id] = (await s.ok(ops.GroupDeploymentFactsDocument, { name: "tuned-4o" })).modelGroup!.deployments.map((d) => d.id);
    await s.ok(ops.UpdateDeploymentFactsDocument, { id: id!, input: { facts: { knowledgeCutoff: "2023-10", openWeights: false } } });

    await importYaml(s, TUNED);
    let [facts] = await groupFacts(s, "tuned-4o");
    expect(facts).toMatchObject({ knowledgeCutoff: "2023-10", openWeights: false, inputPrice: 1.1, contextWindow: 100000 });

    // The file changes a price and drops the rest of its fact keys: those fall back to the registry.
    const changed = TUNED.replace(/      max_tokens[\s\S]*?supports_pdf_input: true\n/, "      input_cost_per_token: 0.000002\n");
    expect(changed).not.toContain("max_input_tokens");
    const report = await importYaml(s, changed);
    expect(report.updated.deployments).toEqual(["tuned-4o: openai/gpt-4o"]);
    [facts] = await groupFacts(s, "tuned-4o");
    expect(facts).toMatchObject({ knowledgeCutoff: "2023-10", openWeights: false, inputPrice: 2, contextWindow: 128000, outputPrice: 10, cacheReadPrice: 1.25 });
    expect(facts!.capabilities).toContain("VISION");
    expect(facts!.sources.find((x) => x.kind === "OVERRIDE")!.fields).toEqual(["inputPrice", "knowledgeCutoff", "openWeights"]);

    // No fact keys at all: only the mutation's overrides are left.
    await importYaml(s, changed.replace("      input_cost_per_token: 0.000002\n", ""));
    [facts] = await groupFacts(s, "tuned-4o");
    expect(facts!.inputPrice).toBe(2.5);
    expect(facts!.sources.find((x) => x.kind === "OVERRIDE")!.fields).toEqual(["knowledgeCutoff", "openWeights"]);
  });

  it("reads model_info.base_model: an Azure deployment name gets the facts of the model it stands for, and exports it again", async () => {
    const s = await server();
    const content = `model_list:
  - model_name: azure-prod
    litellm_params:
      model: azure/my-prod-deployment
      api_base: https://example-eu.openai.azure.com/
      api_version: "2024-06-01"
    model_info:
      base_model: azure/gpt-4o
      input_cost_per_token: 0.000003
`;
    await importYaml(s, content);
    const [facts] = await groupFacts(s, "azure-prod");
    expect(facts).toMatchObject({ contextWindow: 128000, outputPrice: 10, inputPrice: 3 });
    const registry = facts!.sources.find((x) => x.kind === "REGISTRY")!;
    expect(registry.normalisation).toContain("base_model azure/gpt-4o");
    const entry = parseYaml(await exportYaml(s)).model_list[0];
    expect(entry.model_info).toMatchObject({ base_model: "azure/gpt-4o", input_cost_per_token: 0.000003 });
    expect(entry.litellm_params).toEqual({ model: "azure/my-prod-deployment", api_base: "https://example-eu.openai.azure.com/", api_version: "2024-06-01" });
  });
});

describe("corpus LiteLLM configs with model_info facts", () => {
  const FACT_KEY = /^(base_model|max_(input_|output_)?tokens|input_cost_per_token|output_cost_per_token|cache_(read|creation)_input_token_cost|supports_\w+)$/;
  /** The corpus files whose model_list entries state fact keys in model_info, read at test time. */
  function withFacts(): string[] {
    return readdirSync(CORPUS)
      .filter((f) => f.endsWith(".yaml"))
      .filter((f) => {
        let doc: unknown;
        try {
          doc = parseYaml(readFileSync(`${CORPUS}/${f}`, "utf8"));
        } catch {
          return false;
        }
        const list = (doc as { model_list?: unknown } | null)?.model_list;
        return Array.isArray(list) && list.some((e) => e && typeof e === "object" && Object.keys((e as { model_info?: object }).model_info ?? {}).some((k) => FACT_KEY.test(k)));
      })
      .sort();
  }

  it("019 (custom pricing with base_model) and 026 (supports_reasoning) import and show their facts", async () => {
    const files = withFacts();
    expect(files).toEqual(expect.arrayContaining(["019-litellm-docs-custom-pricing-base-model.yaml", "026-litellm-docs-reasoning-supports-flag.yaml"]));

    const s = await server();
    const pricing = await importYaml(s, readFileSync(`${CORPUS}/019-litellm-docs-custom-pricing-base-model.yaml`, "utf8"));
    const group = pricing.created.groups[0]!;
    // input_cost_per_audio_token has no fact of its own: kept as read (no warning) and exported again.
    expect(pricing.warnings.join("\n")).not.toMatch(/audio_token/);
    const exported = parseYaml(await exportYaml(s)).model_list.find((e: { model_name: string }) => e.model_name === group);
    expect(exported.model_info).toEqual({
      base_model: "gpt-4o-mini-audio-preview",
      input_cost_per_token: 0.0000006,
      output_cost_per_token: 0.0000024,
      input_cost_per_audio_token: 0.00001,
      output_cost_per_audio_token: 0.00002,
    });
    const [audio] = await groupFacts(s, group);
    expect(audio).toMatchObject({ inputPrice: 0.6, outputPrice: 2.4 });
    expect(audio!.sources.find((x) => x.kind === "OVERRIDE")!.fields).toEqual(["inputPrice", "outputPrice"]);

    const reasoning = await importYaml(s, readFileSync(`${CORPUS}/026-litellm-docs-reasoning-supports-flag.yaml`, "utf8"));
    const custom = reasoning.created.deployments.find((d) => d.includes("openai/my-custom-model"))!;
    const [facts] = await groupFacts(s, custom.slice(0, custom.indexOf(": ")));
    expect(facts!.capabilities).toEqual(["REASONING"]);
    expect(facts!.contextWindow).toBeNull();
    expect(facts!.sources.map((x) => x.kind).sort()).toEqual(["NOT_FOUND", "OVERRIDE"]);
  });
});
