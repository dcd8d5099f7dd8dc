import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import * as ops from "./generated/graphql.ts";
import { seedDesignExamples } from "./support/seed.ts";
import { dumpDatabase, startTestServer, type GraphQLErrorShape, type GraphQLResult, type TestServer } from "./support/server.ts";

/*
 * Import and export of LiteLLM proxy YAML and nanobot JSON, black-box over real HTTP. The fixtures
 * in test/fixtures/ are verbatim copies of the shared ones; the results they describe are the
 * assertions here.
 */

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const NANOBOT = fixture("nanobot-aliases.json");
const MIXED = fixture("litellm-mixed.yaml");
const ALIAS_GROUPS = fixture("litellm-alias-groups.yaml");

const servers: TestServer[] = [];
async function server(): Promise<TestServer> {
  const s = await startTestServer();
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Format = ops.ConfigFormat;

async function importOk(s: TestServer, format: Format, content: string, extra: { dryRun?: boolean; mode?: ops.ImportMode } = {}) {
  return (await s.ok(ops.ImportConfigDocument, { format, content, ...extra })).importConfig;
}

async function exportText(s: TestServer, format: Format): Promise<string> {
  return (await s.ok(ops.ExportConfigDocument, { format })).exportConfig;
}

/** The response body exactly as sent over the wire, for "this secret never appears" checks. */
async function postRaw<R, V>(s: TestServer, doc: TypedDocumentNode<R, V>, variables: V): Promise<{ text: string; result: GraphQLResult<R> }> {
  const result = await s.gql(doc, variables);
  return { text: result.text, result };
}

/** Providers, groups with their deployments, and aliases, sorted: two equal catalogs compare equal. */
async function contents(s: TestServer, options: { keySource?: boolean } = {}) {
  const data = await s.ok(ops.CatalogContentsDocument);
  return {
    providers: data.providers.edges.map(({ node }) => {
      const { apiKeySource, ...rest } = node;
      return options.keySource === false ? rest : { ...rest, apiKeySource };
    }),
    groups: data.modelGroups.edges.map((e) => e.node),
    aliases: data.aliases.edges.map((e) => e.node),
  };
}

async function resolve(s: TestServer, name: string) {
  return (await s.ok(ops.ResolveDocument, { name })).resolve;
}

function empty() {
  return { providers: [], groups: [], deployments: [], aliases: [] };
}

/**
 * Sends a refused import: asserts BAD_USER_INPUT, that the message starts with the location and
 * matches, that extensions.location is there, and that no table changed.
 */
async function expectRefused(s: TestServer, format: Format, content: string, start: string, message: RegExp, mode?: ops.ImportMode): Promise<GraphQLErrorShape> {
  const before = dumpDatabase(s.db);
  const result = await s.gql(ops.ImportConfigDocument, { format, content, mode });
  const error = result.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(result.errors)).toBe("BAD_USER_INPUT");
  expect(error!.message.startsWith(start), `"${error!.message}" should start with "${start}"`).toBe(true);
  expect(error!.message).toMatch(message);
  expect(error!.extensions?.location).toBeTruthy();
  expect(result.data).toBeNull();
  expect(dumpDatabase(s.db)).toStrictEqual(before);
  return error!;
}

describe("nanobot-aliases.json", () => {
  it("imports: nvgm is hosted_vllm/z-ai/glm4.7 on vllm (never Zhipu), smart is openrouter/anthropic/claude-opus-4-5", async () => {
    const s = await server();
    const report = await importOk(s, "NANOBOT_JSON", NANOBOT);
    expect(report).toMatchObject({ format: "NANOBOT_JSON", mode: "MERGE", dryRun: false });
    expect(report.created.providers).toEqual(["vllm", "openrouter", "zhipu"]);
    expect(report.created.aliases).toEqual(["nvgm", "llama", "mistral", "fast", "smart", "code"]);
    expect(report.created.groups).toContain("vllm/z-ai/glm4.7");
    expect(report.created.deployments).toContain("vllm/z-ai/glm4.7: hosted_vllm/z-ai/glm4.7");
    // agents.defaults.model "nvgm" names no provider and the file configures three: nanobot would
    // pick one by its own guesses, so it is kept in the file (and exported), not made an alias.
    expect(report.warnings).toContain(
      '$.agents.defaults.model: agents.defaults.model "nvgm" has provider "auto" and this file does not say which provider nanobot picks without its keyword guesses; kept in the file as written, not in the catalog: set agents.defaults.provider',
    );
    expect(JSON.parse(await exportText(s, "NANOBOT_JSON")).agents).toEqual({ defaults: { model: "nvgm" } });

    const nvgm = await resolve(s, "nvgm");
    expect(nvgm).toMatchObject({
      kind: "ALIAS",
      prefixedId: "hosted_vllm/z-ai/glm4.7",
      model: "z-ai/glm4.7",
      provider: { name: "vllm" },
      apiBase: "https://integrate.api.nvidia.com/v1",
      group: { name: "vllm/z-ai/glm4.7" },
    });
    const smart = await resolve(s, "smart");
    expect(smart).toMatchObject({ kind: "ALIAS", prefixedId: "openrouter/anthropic/claude-opus-4-5", provider: { name: "openrouter" } });
    expect((await resolve(s, "llama")).prefixedId).toBe("hosted_vllm/meta-llama/Llama-3.1-8B-Instruct");
    expect((await resolve(s, "code")).prefixedId).toBe("openrouter/openai/gpt-4-turbo");

    const { providers } = await contents(s);
    expect(providers).toEqual([
      { name: "openrouter", displayName: null, apiBase: "https://openrouter.ai/api/v1", apiKeyEnv: "OPENROUTER_API_KEY", apiKeySource: "LITERAL", type: { id: "openrouter" } },
      { name: "vllm", displayName: null, apiBase: "https://integrate.api.nvidia.com/v1", apiKeyEnv: "HOSTED_VLLM_API_KEY", apiKeySource: "LITERAL", type: { id: "hosted_vllm" } },
      // nanobot's own zhipu endpoint, not the zai type's international one.
      { name: "zhipu", displayName: null, apiBase: "https://open.bigmodel.cn/api/paas/v4", apiKeyEnv: "ZAI_API_KEY", apiKeySource: "LITERAL", type: { id: "zai" } },
    ]);
    // Zhipu serves nothing: the model containing "glm" went to vllm.
    const zhipu = await s.ok(ops.ProviderDocument, { name: "zhipu" });
    expect(zhipu.provider?.deployments.totalCount).toBe(0);
  });

  it("stores the literal apiKeys encrypted and never returns or exports them", async () => {
    const s = await server();
    const imported = await postRaw(s, ops.ImportConfigDocument, { format: "NANOBOT_JSON", content: NANOBOT });
    expect(imported.result.errors).toBeUndefined();
    const bodies = [
      imported.text,
      (await postRaw(s, ops.CatalogContentsDocument, {})).text,
      (await postRaw(s, ops.ProviderWithKeyDocument, { name: "vllm" })).text,
      (await postRaw(s, ops.ExportConfigDocument, { format: "NANOBOT_JSON" })).text,
      (await postRaw(s, ops.ExportConfigDocument, { format: "LITELLM_YAML" })).text,
      JSON.stringify(dumpDatabase(s.db)),
    ];
    for (const body of bodies) {
      expect(body).not.toContain("nvapi-xxx");
      expect(body).not.toContain("sk-or-xxx");
    }
    const vllm = await s.ok(ops.ProviderWithKeyDocument, { name: "vllm" });
    expect(vllm.provider).toMatchObject({ apiKeySource: "LITERAL", apiKeyConfigured: true, apiKeyError: null });

    const nanobot = JSON.parse(await exportText(s, "NANOBOT_JSON"));
    expect(nanobot.providers.vllm.apiKey).toBe("${MODELGRAPH_STORED_KEY_VLLM}");
    const litellm = parseYaml(await exportText(s, "LITELLM_YAML"));
    const entry = litellm.model_list.find((e: { model_name: string }) => e.model_name === "vllm/z-ai/glm4.7");
    expect(entry.litellm_params).toMatchObject({ model: "hosted_vllm/z-ai/glm4.7", api_key: "os.environ/MODELGRAPH_STORED_KEY_VLLM" });
    const { warnings } = await s.catalog.interop.exportConfig("NANOBOT_JSON");
    expect(warnings.join("\n")).toMatch(/provider "vllm": its literal API key is stored encrypted in modelgraph and not exported; apiKey says \$\{MODELGRAPH_STORED_KEY_VLLM\}/);
    const yamlWarnings = (await s.catalog.interop.exportConfig("LITELLM_YAML")).warnings.join("\n");
    expect(yamlWarnings).toMatch(/provider "vllm" has a literal API key stored encrypted in modelgraph; it is not exported: its entries say api_key: os.environ\/MODELGRAPH_STORED_KEY_VLLM/);
    expect(yamlWarnings).toMatch(/provider "zhipu" has no deployments: a LiteLLM config has no place for it/);
  });

  it("round-trips: export, import into an empty server, same catalog (keys aside); back into the first, nothing changes", async () => {
    const first = await server();
    await importOk(first, "NANOBOT_JSON", NANOBOT);
    const exported = await exportText(first, "NANOBOT_JSON");

    const second = await server();
    const report = await importOk(second, "NANOBOT_JSON", exported);
    expect(report.warnings.join("\n")).toMatch(/apiKey is modelgraph's export placeholder/);
    expect(await contents(second, { keySource: false })).toEqual(await contents(first, { keySource: false }));
    // The key itself never left the first server: the second has none.
    expect((await second.ok(ops.ProviderWithKeyDocument, { name: "vllm" })).provider?.apiKeySource).toBe("NONE");

    const before = dumpDatabase(first.db);
    const again = await importOk(first, "NANOBOT_JSON", exported);
    expect(again.created).toEqual(empty());
    expect(again.updated).toEqual(empty());
    // The export keeps the file's provider order.
    expect(again.unchanged.providers).toEqual(["vllm", "openrouter", "zhipu"]);
    expect(dumpDatabase(first.db)).toStrictEqual(before);
    expect((await first.ok(ops.ProviderWithKeyDocument, { name: "vllm" })).provider?.apiKeySource).toBe("LITERAL");

    // modelgraph's earlier placeholder text keeps the stored keys too: the catalog is unchanged and
    // the export still writes the ${MODELGRAPH_STORED_KEY_…} placeholders.
    const older = exported.replaceAll(/\$\{MODELGRAPH_STORED_KEY_[A-Z]+\}/g, "<stored encrypted in modelgraph: set it here>");
    expect(older).not.toContain("MODELGRAPH_STORED_KEY");
    const old = await importOk(first, "NANOBOT_JSON", older);
    expect(old.created).toEqual(empty());
    expect(old.updated).toEqual(empty());
    expect(old.warnings.join("\n")).toMatch(/\$\.providers\.vllm\.apiKey: apiKey is modelgraph's export placeholder; a key stored for "vllm" is kept/);
    // Nothing at all is written, the kept document included (it holds today's placeholder).
    expect(dumpDatabase(first.db)).toStrictEqual(before);
    expect((await first.ok(ops.ProviderWithKeyDocument, { name: "vllm" })).provider?.apiKeySource).toBe("LITERAL");
    expect(await exportText(first, "NANOBOT_JSON")).toBe(exported);
  });
});

describe("litellm-mixed.yaml", () => {
  it("imports providers per (type, API base, key), modes, rpm/tpm, api_version and both alias forms", async () => {
    const s = await server();
    const report = await importOk(s, "LITELLM_YAML", MIXED);
    expect(report.created.providers).toEqual(["openai", "azure-eu-openai", "anthropic", "hosted-vllm-127-0-0-1-8000"]);
    expect(report.created.groups).toEqual(["gpt-4o", "claude-sonnet", "default", "local-llama", "embed-small"]);
    expect(report.created.aliases).toEqual(["gpt-4", "smart", "GPT-4o"]);

    const gpt4o = (await s.ok(ops.ModelGroupDocument, { name: "gpt-4o" })).modelGroup!;
    expect(gpt4o.mode).toBe("CHAT");
    expect(gpt4o.deployments).toMatchObject([
      { prefixedId: "openai/gpt-4o", provider: { name: "openai" }, rpm: 500, tpm: null, apiBase: "https://api.openai.com/v1" },
      { prefixedId: "azure/gpt-4o-eu", provider: { name: "azure-eu-openai" }, rpm: null, tpm: 100000, apiBase: "https://eu-openai.example.azure.com/" },
    ]);
    expect(gpt4o.aliases.map((a) => a.name)).toEqual(["gpt-4"]);
    expect(gpt4o.allAliases).toEqual([
      { name: "GPT-4o", hidden: true },
      { name: "gpt-4", hidden: false },
    ]);
    expect((await s.ok(ops.ModelGroupDocument, { name: "embed-small" })).modelGroup?.mode).toBe("EMBEDDING");

    // `default` and `gpt-4o` share one upstream: the same provider, model and API base.
    const fallback = await resolve(s, "default");
    expect(fallback).toMatchObject({ kind: "MODEL_GROUP", provider: { name: "openai" }, prefixedId: "openai/gpt-4o", apiBase: "https://api.openai.com/v1" });
    const openai = await s.ok(ops.ProviderDocument, { name: "openai" });
    expect(openai.provider).toMatchObject({ apiKeyEnv: "OPENAI_API_KEY", deployments: { totalCount: 3 } });
    expect((await s.ok(ops.ProviderDocument, { name: "azure-eu-openai" })).provider?.apiKeyEnv).toBe("AZURE_API_KEY_EU");
    expect((await s.ok(ops.ProviderDocument, { name: "hosted-vllm-127-0-0-1-8000" })).provider).toMatchObject({ apiBase: "http://127.0.0.1:8000/v1", type: { id: "hosted_vllm" } });

    expect(await resolve(s, "smart")).toMatchObject({ kind: "ALIAS", prefixedId: "anthropic/claude-sonnet-4-5" });
    expect(await resolve(s, "GPT-4o")).toMatchObject({ kind: "ALIAS", group: { name: "gpt-4o" } });
    const visible = await s.ok(ops.AliasesDocument, {});
    expect(visible.aliases.edges.map((e) => e.node.name)).toEqual(["gpt-4", "smart"]);

    // api_version is kept and exported again as a string.
    const exported = await exportText(s, "LITELLM_YAML");
    expect(exported).toContain('api_version: "2024-06-01"');
    const azure = parseYaml(exported).model_list.find((e: { litellm_params: { model: string } }) => e.litellm_params.model === "azure/gpt-4o-eu");
    expect(azure.litellm_params).toMatchObject({ api_base: "https://eu-openai.example.azure.com/", api_key: "os.environ/AZURE_API_KEY_EU", api_version: "2024-06-01", tpm: 100000 });
    // No model_info: chat is the default mode, and an import names the provider azure-eu-openai
    // from its API base anyway. Only a mode other than chat is written.
    expect(azure.model_info).toBeUndefined();
    const entries = parseYaml(exported).model_list as { model_name: string; model_info?: unknown }[];
    expect(entries.filter((e) => e.model_name === "gpt-4o").map((e) => e.model_info)).toEqual([undefined, undefined]);
    expect(entries.find((e) => e.model_name === "embed-small")!.model_info).toEqual({ mode: "embedding" });
  });

  it("a dry run reports what the import would do and changes nothing", async () => {
    const s = await server();
    await seedDesignExamples(s);
    const before = dumpDatabase(s.db);
    const dry = await importOk(s, "LITELLM_YAML", MIXED, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.created.groups).toHaveLength(5);
    expect(dumpDatabase(s.db)).toStrictEqual(before);
    expect((await s.ok(ops.ModelGroupDocument, { name: "gpt-4o" })).modelGroup).toBeNull();

    const real = await importOk(s, "LITELLM_YAML", MIXED);
    expect({ ...real, dryRun: true }).toEqual(dry);

    const replaceDry = await importOk(s, "LITELLM_YAML", MIXED, { dryRun: true, mode: "REPLACE" });
    expect(replaceDry.removed.aliases).toEqual(["nvgm"]);
    expect(replaceDry.removed.providers).toEqual(["azure-eu", "openrouter", "vllm", "zhipu"]);
    expect((await s.ok(ops.AliasDocument, { name: "nvgm" })).alias).not.toBeNull();
  });

  it("MERGE twice is idempotent: the second report is all unchanged and nothing is written", async () => {
    const s = await server();
    const first = await importOk(s, "LITELLM_YAML", MIXED);
    const before = dumpDatabase(s.db);
    const second = await importOk(s, "LITELLM_YAML", MIXED);
    expect(second.created).toEqual(empty());
    expect(second.updated).toEqual(empty());
    expect(second.removed).toEqual(empty());
    expect(second.unchanged).toEqual(first.created);
    expect(dumpDatabase(s.db)).toStrictEqual(before);
  });

  it("MERGE updates what changed, adds what is new and keeps what the file does not mention", async () => {
    const s = await server();
    await seedDesignExamples(s);
    await importOk(s, "LITELLM_YAML", MIXED);
    const changed = MIXED.replace("rpm: 500", "rpm: 600")
      .replace("mode: embedding", "mode: chat")
      .replace("    smart: claude-sonnet\n", "    smart: gpt-4o\n    quick: default\n");
    const report = await importOk(s, "LITELLM_YAML", changed);
    expect(report.updated).toEqual({ providers: [], groups: ["embed-small"], deployments: ["gpt-4o: openai/gpt-4o"], aliases: ["smart"] });
    expect(report.created).toEqual({ ...empty(), aliases: ["quick"] });
    expect(report.unchanged.deployments).toHaveLength(5);
    expect((await s.ok(ops.ModelGroupDocument, { name: "gpt-4o" })).modelGroup?.deployments[0]?.rpm).toBe(600);
    expect((await resolve(s, "smart")).group?.name).toBe("gpt-4o");
    // The seed catalog is still there: MERGE removes nothing.
    expect((await resolve(s, "nvgm")).prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
  });

  it("REPLACE removes what the file no longer has: aliases, then deployments and groups, then unused providers", async () => {
    const s = await server();
    await seedDesignExamples(s);
    await importOk(s, "LITELLM_YAML", MIXED);
    const smaller = MIXED.replace(/  - model_name: claude-sonnet\n(?:    .*\n)+?(?=  - model_name: default)/, "")
      .replace(/  - model_name: gpt-4o\n    litellm_params:\n      model: azure\/gpt-4o-eu\n(?:      .*\n)+?(?=  - model_name: claude-sonnet|  - model_name: default)/, "")
      .replace("    smart: claude-sonnet\n", "");
    expect(smaller).not.toContain("claude-sonnet");
    expect(smaller).not.toContain("azure/");
    const report = await importOk(s, "LITELLM_YAML", smaller, { mode: "REPLACE" });
    expect(report.mode).toBe("REPLACE");
    expect(report.removed.aliases).toEqual(["nvgm", "smart"]);
    expect(report.removed.groups).toEqual(["claude-opus", "claude-sonnet", "glm-nim", "glm-zhipu", "gpt-1"]);
    expect(report.removed.deployments).toEqual([
      "gpt-4o: azure/gpt-4o-eu",
      "claude-opus: openrouter/anthropic/claude-opus-4-5",
      "claude-sonnet: anthropic/claude-sonnet-4-5",
      "glm-nim: hosted_vllm/z-ai/glm4.7",
      "glm-zhipu: zai/glm-4.7",
      "gpt-1: azure/gpt-1",
    ]);
    expect(report.removed.providers).toEqual(["anthropic", "azure-eu", "azure-eu-openai", "openrouter", "vllm", "zhipu"]);
    expect(report.unchanged.groups).toEqual(["gpt-4o", "default", "local-llama", "embed-small"]);

    const after = await contents(s);
    expect(after.providers.map((p) => p.name)).toEqual(["hosted-vllm-127-0-0-1-8000", "openai"]);
    expect(after.groups.map((g) => g.name)).toEqual(["default", "embed-small", "gpt-4o", "local-llama"]);
    expect(after.aliases.map((a) => a.name)).toEqual(["GPT-4o", "gpt-4"]);
    expect((await s.ok(ops.ModelGroupDocument, { name: "gpt-4o" })).modelGroup?.deployments.map((d) => d.prefixedId)).toEqual(["openai/gpt-4o"]);
  });

  it("REPLACE may turn an alias into a group and a group into an alias; MERGE refuses both", async () => {
    const s = await server();
    await seedDesignExamples(s);
    const yaml = `model_list:
  - model_name: smart
    litellm_params: { model: openai/gpt-4o }
router_settings:
  model_group_alias: { glm-nim: smart }
`;
    await expectRefused(s, "LITELLM_YAML", yaml, "input:2:", /"smart" would take a name that is already an alias \(it points at "claude-opus"\)/);
    const report = await importOk(s, "LITELLM_YAML", yaml, { mode: "REPLACE" });
    expect(report.created).toMatchObject({ groups: ["smart"], aliases: ["glm-nim"] });
    expect(await resolve(s, "glm-nim")).toMatchObject({ kind: "ALIAS", group: { name: "smart" }, prefixedId: "openai/gpt-4o" });
  });
});

describe("litellm-alias-groups.yaml", () => {
  it("imports one group with two Azure deployments on two providers, and alias-1", async () => {
    const s = await server();
    const report = await importOk(s, "LITELLM_YAML", ALIAS_GROUPS);
    expect(report.created).toEqual({
      providers: ["azure-xyz1", "azure-xyz2"],
      groups: ["model-group-1"],
      deployments: ["model-group-1: azure/gpt-1", "model-group-1: azure/gpt-2"],
      aliases: ["alias-1"],
    });
    const group = (await s.ok(ops.ModelGroupDocument, { name: "model-group-1" })).modelGroup!;
    expect(group.deployments).toMatchObject([
      { prefixedId: "azure/gpt-1", apiBase: "https://xyz1.openai.azure.com/", provider: { name: "azure-xyz1" } },
      { prefixedId: "azure/gpt-2", apiBase: "https://xyz2.openai.azure.com/", provider: { name: "azure-xyz2" } },
    ]);
    expect(group.aliases).toEqual([{ name: "alias-1" }]);
    expect((await s.ok(ops.ProviderDocument, { name: "azure-xyz1" })).provider).toMatchObject({ apiKeyEnv: "AOAI_KEY", type: { id: "azure" } });
    const alias = await resolve(s, "alias-1");
    expect(alias).toMatchObject({ kind: "ALIAS", group: { name: "model-group-1" }, prefixedId: "azure/gpt-1" });
    expect(alias.candidates.map((c) => c.prefixedId)).toEqual(["azure/gpt-1", "azure/gpt-2"]);
  });
});

describe("round trip through LiteLLM YAML", () => {
  for (const [name, content] of [
    ["litellm-mixed.yaml", MIXED],
    ["litellm-alias-groups.yaml", ALIAS_GROUPS],
  ] as const) {
    it(`${name}: import, export, import into an empty server: the same catalog`, async () => {
      const first = await server();
      await importOk(first, "LITELLM_YAML", content);
      const exported = await exportText(first, "LITELLM_YAML");
      const second = await server();
      await importOk(second, "LITELLM_YAML", exported);
      expect(await contents(second)).toEqual(await contents(first));
      expect(await exportText(second, "LITELLM_YAML")).toBe(exported);
      // And back into the first: nothing to do.
      const again = await importOk(first, "LITELLM_YAML", exported);
      expect(again.created).toEqual(empty());
      expect(again.updated).toEqual(empty());
    });
  }

  it("keeps what LiteLLM has no place for (names, priority, weight, disabled, probe, descriptions) under model_info.modelgraph", async () => {
    const first = await server();
    await seedDesignExamples(first);
    await first.ok(ops.UpdateProviderDocument, { name: "openrouter", input: { displayName: "OpenRouter (team)", apiKeyEnv: "TEAM_OR_KEY" } });
    await first.ok(ops.UpdateModelGroupDocument, { name: "claude-opus", input: { description: "the smart one", mode: "RESPONSES" } });
    await first.ok(ops.AddDeploymentDocument, {
      input: { group: "claude-opus", provider: "vllm", model: "anthropic/claude-opus-4-5", apiBase: "http://127.0.0.1:9000/v1", priority: 2, weight: 5, rpm: 10, tpm: 20, enabled: false },
    });
    await first.ok(ops.AddDeploymentDocument, { input: { group: "claude-opus", provider: "openrouter", model: "openrouter/auto", priority: 1, weight: 0 } });
    await first.ok(ops.UpdateAliasDocument, { name: "nvgm", input: { hidden: true } });
    const exported = await exportText(first, "LITELLM_YAML");
    const parsed = parseYaml(exported);
    const opus = parsed.model_list.filter((e: { model_name: string }) => e.model_name === "claude-opus");
    expect(opus.map((e: { litellm_params: { order: number } }) => e.litellm_params.order)).toEqual([0, 1, 2]);
    expect(opus[2].model_info.modelgraph).toEqual({ provider: "vllm", provider_api_base: "https://integrate.api.nvidia.com/v1", group_description: "the smart one", enabled: false });
    expect(parsed.router_settings.model_group_alias.nvgm).toEqual({ model: "glm-nim", hidden: true });

    const second = await server();
    const report = await importOk(second, "LITELLM_YAML", exported);
    expect(report.warnings.join("\n")).toMatch(/double prefix|already starts with "openrouter\/"/);
    expect(await contents(second)).toEqual(await contents(first));
  });
});

describe("round trip through nanobot JSON", () => {
  it("nanobot-aliases.json: import, export, import: the same providers, groups and aliases", async () => {
    const first = await server();
    await importOk(first, "NANOBOT_JSON", NANOBOT);
    await first.ok(ops.UpdateAliasDocument, { name: "mistral", input: { hidden: true, description: "small" } });
    const exported = await exportText(first, "NANOBOT_JSON");
    const parsed = JSON.parse(exported);
    expect(parsed.providers.vllm).toMatchObject({
      apiBase: "https://integrate.api.nvidia.com/v1",
      models: { nvgm: "z-ai/glm4.7", llama: "meta-llama/Llama-3.1-8B-Instruct", mistral: "mistralai/Mistral-7B-Instruct-v0.3" },
      modelgraph: { aliases: { mistral: { hidden: true, description: "small" } } },
    });
    // The key as a placeholder variable; no apiBase: nanobot's default for zhipu is what it has.
    expect(parsed.providers.zhipu).toEqual({ apiKey: "${MODELGRAPH_STORED_KEY_ZHIPU}" });
    const second = await server();
    await importOk(second, "NANOBOT_JSON", exported);
    expect(await contents(second, { keySource: false })).toEqual(await contents(first, { keySource: false }));
  });
});

describe("refused imports name the location and change nothing", () => {
  const seeded = async () => {
    const s = await server();
    await seedDesignExamples(s);
    return s;
  };

  it("an unknown provider prefix, at its line", async () => {
    const s = await seeded();
    const yaml = "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n  - model_name: b\n    litellm_params:\n      model: foo/bar\n";
    const error = await expectRefused(
      s,
      "LITELLM_YAML",
      yaml,
      "input:7:",
      /model_list\[1\] \(model_name "b"\): unknown provider prefix "foo" in litellm_params\.model "foo\/bar"; .*no first-party provider in the model registry lists exactly that id .*: write "<prefix>\/<model>" with a provider type's prefix \(the \d+ are listed by the GraphQL query providerTypes and in docs\/provider-types\.md\); or set litellm_params\.custom_llm_provider$/,
    );
    // The count it names is the providerTypes list it points at.
    const types = (await s.ok(ops.ProviderTypesDocument)).providerTypes;
    expect(error.message).toContain(`(the ${types.length} are listed by the GraphQL query providerTypes`);
    expect(types.map((t) => t.prefix)).toEqual(expect.arrayContaining(["openai", "azure"]));
  });

  it("a model without a prefix: the provider is never guessed", async () => {
    const s = await seeded();
    const error = await expectRefused(s, "LITELLM_YAML", "model_list:\n  - model_name: glm\n    litellm_params:\n      model: glm-4.7\n", "input:4:", /"glm-4.7" has no provider prefix; write "<prefix>\/<model>", e.g. "openai\/glm-4.7"/);
    expect(error.extensions?.location).toMatchObject({ source: "input", line: 4, path: "$.model_list[0].litellm_params.model" });
  });

  it("an alias to a missing group, after providers and groups were already written", async () => {
    const s = await seeded();
    const yaml = MIXED.replace("    smart: claude-sonnet\n", "    smart: claude-sonet\n");
    await expectRefused(s, "LITELLM_YAML", yaml, "input:39:", /alias "smart" points at "claude-sonet", which is not a model group in this file nor in the catalog; did you mean "claude-sonnet"/);
  });

  it("an alias that is also a group name", async () => {
    const s = await seeded();
    const yaml = MIXED.replace("    gpt-4: gpt-4o\n", "    default: gpt-4o\n");
    await expectRefused(s, "LITELLM_YAML", yaml, "input:38:", /alias "default" is also a model group in this file \(input:22\); a name is either a group or an alias/);
    const chained = MIXED.replace("    smart: claude-sonnet\n", "    smart: gpt-4\n");
    await expectRefused(s, "LITELLM_YAML", chained, "input:39:", /alias "smart" points at "gpt-4", which is an alias too \(input:38\); an alias must point at a model group: use "gpt-4o"/);
    const json = JSON.stringify({ providers: { vllm: { apiBase: "http://127.0.0.1:8000/v1", models: { "vllm/m": "m" } } } });
    await expectRefused(s, "NANOBOT_JSON", json, '$.providers.vllm.models["vllm/m"]', /alias "vllm\/m" is also a model group in this file/);
  });

  it("a duplicate alias: twice in nanobot providers, twice as a YAML key", async () => {
    const s = await seeded();
    const json = NANOBOT.replace('"fast": "anthropic/claude-haiku-3.5"', '"nvgm": "anthropic/claude-haiku-3.5"');
    await expectRefused(s, "NANOBOT_JSON", json, "$.providers.openrouter.models.nvgm (input:15):", /alias "nvgm" is defined twice \(first at \$\.providers\.vllm\.models\.nvgm \(input:7\)\)/);
    const yaml = MIXED.replace("    smart: claude-sonnet\n", "    smart: claude-sonnet\n    gpt-4: default\n");
    await expectRefused(s, "LITELLM_YAML", yaml, "input:40:", /invalid YAML: Map keys must be unique/);
    const dupJson = '{"providers": {"vllm": {"apiBase": "http://h/v1", "models": {"a": "x",\n "a": "y"}}}}';
    await expectRefused(s, "NANOBOT_JSON", dupJson, "input:2:", /duplicate key "a" in one JSON object/);
  });

  it("bad YAML and bad JSON, at their line", async () => {
    const s = await seeded();
    await expectRefused(s, "LITELLM_YAML", "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/x\n     api_base: http://h\n", "input:5:1:", /invalid YAML: All mapping items must start at the same column/);
    await expectRefused(s, "LITELLM_YAML", "model_list:\n  - model_name: a\n    litellm_params:\n\tmodel: x\n", "input:4:1:", /invalid YAML: Tabs are not allowed as indentation/);
    await expectRefused(s, "NANOBOT_JSON", '{\n  "providers": {\n    "vllm": { "apiKey": "k", }\n  }\n}\n', "input:3:30:", /invalid JSON/);
    await expectRefused(s, "NANOBOT_JSON", "{\n  'providers': {}\n}\n", "input:2:3:", /invalid JSON/);
    await expectRefused(s, "NANOBOT_JSON", "", "input:1:", /invalid JSON/);
  });

  it("the wrong top-level shape", async () => {
    const s = await seeded();
    await expectRefused(s, "LITELLM_YAML", "- model_name: a\n", "input:1:", /expected a LiteLLM proxy config: a mapping with model_list .*; got a list/);
    await expectRefused(s, "LITELLM_YAML", "general_settings: {}\n", "input:1:", /found no model_list key/);
    await expectRefused(s, "LITELLM_YAML", "model_list: {a: 1}\n", "input:1:", /model_list must be a list/);
    await expectRefused(s, "NANOBOT_JSON", "[1, 2]", "$ (input:1):", /expected a nanobot config: a JSON object with "providers"/);
    await expectRefused(s, "NANOBOT_JSON", '{"providers": []}', "$.providers (input:1):", /"providers" must be an object/);
    await expectRefused(s, "NANOBOT_JSON", '{"providers": {"vllm": {"apiBase": "http://h/v1", "models": {"a": 3}}}}', "$.providers.vllm.models.a (input:1):", /alias "a" must map to the model id/);
    // A nanobot LiteLLM file given as the other format is a shape error too, not a crash.
    await expectRefused(s, "NANOBOT_JSON", MIXED, "input:1:", /invalid JSON/);
  });

  it("an unknown nanobot provider name, with a suggestion", async () => {
    const s = await seeded();
    await expectRefused(s, "NANOBOT_JSON", '{"providers": {"openruoter": {"apiKey": "k", "models": {"x": "y/z"}}}}', "$.providers.openruoter", /unknown nanobot provider "openruoter"; did you mean "openrouter"\?/);
  });

  it("a literal secret in an extra param is stored encrypted, without showing it, and exported as a placeholder", async () => {
    const s = await seeded();
    const yaml = "model_list:\n  - model_name: claude\n    litellm_params:\n      model: bedrock/anthropic.claude-3\n      aws_access_key_id: os.environ/AWS_ID\n      aws_secret_access_key: abc123secretvalue\n      max_tokens: 4096\n";
    const raw = await postRaw(s, ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });
    expect(raw.text).not.toContain("abc123secretvalue");
    expect(raw.result.data?.importConfig.warnings.join("\n")).toMatch(/input:6: .*literal secret\(s\) in litellm_params.aws_secret_access_key \(not shown\) are stored encrypted/);
    expect(raw.result.data?.importConfig.created.deployments).toEqual(["claude: bedrock/anthropic.claude-3"]);
    const exported = await exportText(s, "LITELLM_YAML");
    expect(exported).not.toContain("abc123secretvalue");
    expect(exported).toMatch(/aws_secret_access_key: os\.environ\/MODELGRAPH_STORED_SECRET_[0-9A-F]{16}\n/);
    expect(exported).toContain("aws_access_key_id: os.environ/AWS_ID");
    expect(exported).toContain("max_tokens: 4096");
    // The same with an environment reference imports, and the reference is kept.
    const ok = await importOk(s, "LITELLM_YAML", yaml.replace("abc123secretvalue", "os.environ/AWS_SECRET"));
    expect(ok.updated.deployments).toEqual(["claude: bedrock/anthropic.claude-3"]);
    expect(await exportText(s, "LITELLM_YAML")).toContain("aws_secret_access_key: os.environ/AWS_SECRET");
  });

  it("a literal api_key is stored encrypted, with a warning, and exported as a placeholder", async () => {
    const s = await seeded();
    const yaml = "model_list:\n  - model_name: g\n    litellm_params:\n      model: openai/gpt-4o\n      api_key: sk-literal-123456\n";
    const raw = await postRaw(s, ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });
    expect(raw.text).not.toContain("sk-literal-123456");
    expect(raw.result.data?.importConfig.warnings.join("\n")).toMatch(/input:5: .*literal api_key stored encrypted/);
    expect((await s.ok(ops.ProviderWithKeyDocument, { name: "openai" })).provider?.apiKeySource).toBe("LITERAL");
    const exported = await exportText(s, "LITELLM_YAML");
    expect(exported).not.toContain("sk-literal-123456");
    expect(exported).toContain("api_key: os.environ/MODELGRAPH_STORED_KEY_OPENAI");
    // Importing it again finds the same provider (same literal key) and changes nothing.
    const again = await importOk(s, "LITELLM_YAML", yaml);
    expect(again.unchanged.providers).toEqual(["openai"]);
    expect(again.created).toEqual(empty());
  });

  it("a MERGE target that exists only in the catalog is fine; REPLACE refuses it", async () => {
    const s = await seeded();
    const yaml = "model_list:\n  - model_name: g\n    litellm_params:\n      model: openai/gpt-4o\nrouter_settings:\n  model_group_alias:\n    fast: glm-nim\n";
    const merged = await importOk(s, "LITELLM_YAML", yaml, { dryRun: true });
    expect(merged.created.aliases).toEqual(["fast"]);
    await expectRefused(s, "LITELLM_YAML", yaml, "input:7:", /"glm-nim", which is not a model group in this file; REPLACE would remove it/, "REPLACE");
  });
});

describe("an API base the file does not give, for a type without a default", () => {
  // LiteLLM and nanobot start with such an entry (LiteLLM reads the base at call time): imported
  // without one, with a warning at its location, and health says UNKNOWN "no API base" without a request.
  for (const [format, content, warning, provider, group] of [
    [
      "LITELLM_YAML",
      "model_list:\n  - model_name: local\n    litellm_params:\n      model: hosted_vllm/llama\n",
      'input:4: model_list[0] (model_name "local"): provider type "hosted_vllm" needs an API base and the entry gives none: imported without one (health stays UNKNOWN, "no API base") — add litellm_params.api_base',
      "hosted-vllm",
      "local",
    ],
    [
      "NANOBOT_JSON",
      '{"providers": {"vllm": {"apiKey": "k", "models": {"a": "m"}}}}',
      '$.providers.vllm: provider "vllm" (type "hosted_vllm") has no apiBase and no default one: imported without, its deployments stay UNKNOWN until it has one, e.g. "http://127.0.0.1:8000/v1"',
      "vllm",
      "vllm/m",
    ],
  ] as const) {
    it(`${format}: imported without one, with a warning; health UNKNOWN "no API base"`, async () => {
      const s = await server();
      const report = await importOk(s, format, content);
      expect(report.created.providers).toEqual([provider]);
      expect(report.created.groups).toEqual([group]);
      expect(report.warnings).toContain(warning);
      expect((await s.ok(ops.ProviderDocument, { name: provider })).provider).toMatchObject({ apiBase: null, type: { id: "hosted_vllm" } });
      const [deployment] = (await s.ok(ops.ModelGroupDocument, { name: group })).modelGroup!.deployments;
      expect(deployment).toMatchObject({ apiBase: null });

      const health = (await s.ok(ops.CheckHealthDocument, { names: [group], force: true })).checkHealth;
      expect(health.requestsSent).toBe(0);
      expect(health.results).toMatchObject([
        { deployment: { group: { name: group } }, status: "UNKNOWN", error: `no API base: provider "${provider}" has none and type hosted_vllm has no default` },
      ]);
    });
  }
});
