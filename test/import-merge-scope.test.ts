import { afterEach, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * A MERGE import reads only the part of the catalog its file names (issue 11: the 10× catalog).
 * These are the rules that depend on rows the file does not name: they must still hold.
 */

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(): Promise<TestServer> {
  const s = await startTestServer();
  servers.push(s);
  return s;
}

function importYaml(s: TestServer, content: string, extra: { dryRun?: boolean; mode?: "MERGE" | "REPLACE" } = {}) {
  return s.gql(ops.ImportConfigReportDocument, { format: "LITELLM_YAML", content, ...extra });
}

const SEED = `model_list:
  - model_name: kept
    litellm_params:
      model: openai/gpt-4o
      api_base: http://127.0.0.1:9/v1
  - model_name: other
    litellm_params:
      model: openai/o1
      api_base: http://127.0.0.1:9/v1
router_settings:
  model_group_alias:
    kept-alias: kept
`;

describe("a MERGE import against the catalog it does not name", () => {
  it("an alias in the file may point at a group only the catalog has; groups the file does not name stay as they are", async () => {
    const s = await server();
    expect((await importYaml(s, SEED)).errors).toBeUndefined();
    const file = "model_list:\n  - model_name: added\n    litellm_params:\n      model: openai/o3\n      api_base: http://127.0.0.1:9/v1\nrouter_settings:\n  model_group_alias:\n    new-alias: other\n    kept-alias: other\n";
    const report = await importYaml(s, file);
    expect(report.errors).toBeUndefined();
    expect(report.data!.importConfig.created).toEqual({ groups: ["added"], deployments: ["added: openai/o3"], aliases: ["new-alias"] });
    expect(report.data!.importConfig.updated.aliases).toEqual(["kept-alias"]);
    expect(report.data!.importConfig.rerouted).toEqual([{ name: "kept-alias", entity: "alias", before: "kept", after: "other" }]);
    const after = await s.ok(ops.ResolveNameDocument, { name: "new-alias" });
    expect(after.resolve.group?.name).toBe("other");
    const kept = await s.ok(ops.ModelGroupDocument, { name: "kept" });
    expect(kept.modelGroup?.deployments.map((d) => d.prefixedId)).toEqual(["openai/gpt-4o"]);
  });

  it("refuses names the catalog already gives to the other kind, and fallbacks to an alias only the catalog has", async () => {
    const s = await server();
    expect((await importYaml(s, SEED)).errors).toBeUndefined();
    const groupOnAlias = "model_list:\n  - model_name: kept-alias\n    litellm_params:\n      model: openai/o3\n";
    expect((await importYaml(s, groupOnAlias)).errors?.[0]?.message).toMatch(/model group "kept-alias" would take a name that is already an alias/);
    const aliasOnGroup = "model_list:\n  - model_name: added\n    litellm_params:\n      model: openai/o3\nrouter_settings:\n  model_group_alias:\n    other: added\n";
    expect((await importYaml(s, aliasOnGroup)).errors?.[0]?.message).toMatch(/alias "other" would take a name that is already a model group/);
    const selfFallback = "model_list:\n  - model_name: kept\n    litellm_params:\n      model: openai/gpt-4o\n      api_base: http://127.0.0.1:9/v1\nrouter_settings:\n  fallbacks:\n    - kept: [kept-alias]\n";
    expect((await importYaml(s, selfFallback)).errors?.[0]?.message).toMatch(/"kept-alias" is an alias of the group/);
    // Nothing of the refused files was written.
    const groups = await s.ok(ops.ModelGroupsDocument, {});
    expect(groups.modelGroups.edges.map((e) => e.node.name).sort()).toEqual(["kept", "other"]);
  });

  it("reports a group the file does not name as re-routed when the file changes the type of its provider", async () => {
    const s = await server();
    await s.ok(ops.CreateProviderDocument, { input: { name: "deepseek", type: "openai", apiBase: "http://127.0.0.1:9/v1" } });
    await s.ok(ops.CreateModelGroupDocument, { input: { name: "kept" } });
    await s.ok(ops.AddDeploymentDocument, { input: { group: "kept", provider: "deepseek", model: "deepseek-chat" } });
    const nanobot = JSON.stringify({ providers: { deepseek: { apiKey: "${DEEPSEEK_API_KEY}", models: { ds: "deepseek-chat" } } } });
    const report = await s.gql(ops.ImportConfigReportDocument, { format: "NANOBOT_JSON", content: nanobot });
    expect(report.errors).toBeUndefined();
    expect(report.data!.importConfig.rerouted).toContainEqual({ name: "kept", entity: "group", before: "openai/deepseek-chat", after: "deepseek/deepseek-chat" });
    const kept = await s.ok(ops.ModelGroupDocument, { name: "kept" });
    expect(kept.modelGroup?.deployments.map((d) => d.prefixedId)).toEqual(["deepseek/deepseek-chat"]);
  });
});
