import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { dumpDatabase, startTestServer, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

let server: TestServer;
let upstream: FakeUpstream;

async function addDeployment(input: ops.AddDeploymentInput) {
  return (await server.ok(ops.AddDeploymentWithFactsDocument, { input })).addDeployment.deployment;
}

async function group(name: string, deployments: Omit<ops.AddDeploymentInput, "group">[]): Promise<string[]> {
  await server.ok(ops.CreateModelGroupDocument, { input: { name } });
  const ids: string[] = [];
  for (const d of deployments) ids.push((await addDeployment({ group: name, ...d })).id);
  return ids;
}

beforeAll(async () => {
  upstream = await FakeUpstream.start(["gpt-4o"]);
  server = await startTestServer();
  await server.ok(ops.CreateProviderDocument, { input: { name: "oai", type: "openai" } });
  await server.ok(ops.CreateProviderDocument, { input: { name: "ant", type: "anthropic" } });
  await server.ok(ops.CreateProviderDocument, { input: { name: "grq", type: "groq" } });
  await server.ok(ops.CreateProviderDocument, { input: { name: "local", type: "openai", apiBase: `${upstream.origin}/v1` } });
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

describe("Deployment.facts", () => {
  it("answers an openai gpt-4o deployment from the shipped models.dev data", async () => {
    const [id] = await group("facts-known", [{ provider: "oai", model: "gpt-4o" }]);
    const facts = (await server.ok(ops.DeploymentFactsDocument, { id: id! })).deployment!.facts;
    expect(facts.contextWindow).toBe(128000);
    expect(facts.inputPrice).toBe(2.5);
    expect(facts.outputPrice).toBe(10);
    expect(facts.maxOutputTokens).toBe(16384);
    expect(facts.inputModalities).toEqual(["TEXT", "IMAGE"]);
    expect(facts.capabilities).toEqual(expect.arrayContaining(["TOOLS", "VISION"]));
    expect(facts.absentCapabilities).toContain("REASONING");
    expect(facts.capabilities).not.toContain("REASONING");
    expect(facts.sources).toHaveLength(1);
    expect(facts.sources[0]).toMatchObject({ kind: "REGISTRY", key: "openai/gpt-4o", normalisation: null });
    expect(facts.sources[0]!.dataset).toContain("models.dev");
    expect(facts.sources[0]!.fields).toEqual(expect.arrayContaining(["contextWindow", "inputPrice", "outputPrice"]));
  });

  it("gives an unknown model null facts and a NOT_FOUND source, not an error", async () => {
    const [id] = await group("facts-unknown", [{ provider: "oai", model: "no-such-model-xyz" }]);
    const facts = (await server.ok(ops.DeploymentFactsDocument, { id: id! })).deployment!.facts;
    expect(facts.contextWindow).toBeNull();
    expect(facts.inputPrice).toBeNull();
    expect(facts.inputModalities).toBeNull();
    expect(facts.openWeights).toBeNull();
    expect(facts.capabilities).toEqual([]);
    expect(facts.absentCapabilities).toEqual([]);
    expect(facts.sources).toHaveLength(1);
    expect(facts.sources[0]).toMatchObject({ kind: "NOT_FOUND", key: "openai/no-such-model-xyz" });
    expect(facts.sources[0]!.fields).toContain("contextWindow");
  });
});

describe("fact overrides (ModelFactsInput)", () => {
  it("win over the registry, say so in sources, and are stored in facts_override", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "facts-override" } });
    const added = await addDeployment({
      group: "facts-override",
      provider: "oai",
      model: "gpt-4o",
      facts: { contextWindow: 64000, inputPrice: 1.25, capabilities: ["TOOLS"], knowledgeCutoff: "2023-10" },
    });
    expect(added.facts.contextWindow).toBe(64000);
    expect(added.facts.inputPrice).toBe(1.25);
    expect(added.facts.outputPrice).toBe(10); // not overridden: the registry's
    expect(added.facts.knowledgeCutoff).toBe("2023-10");
    expect(added.facts.capabilities).toEqual(["TOOLS"]);
    expect(added.facts.absentCapabilities).toEqual(expect.arrayContaining(["VISION", "REASONING", "WEB_SEARCH"]));
    const override = added.facts.sources.find((s) => s.kind === "OVERRIDE")!;
    expect(override.fields).toEqual(expect.arrayContaining(["contextWindow", "inputPrice", "knowledgeCutoff", "capabilities.TOOLS", "capabilities.VISION"]));
    const registry = added.facts.sources.find((s) => s.kind === "REGISTRY")!;
    expect(registry.fields).toContain("outputPrice");
    expect(registry.fields).not.toContain("contextWindow");
    const stored = () =>
      (
        server.db.sqlite
          .prepare("select facts_override from deployments where group_id = (select id from model_groups where name = 'facts-override')")
          .get() as { facts_override: string | null }
      ).facts_override;
    expect(JSON.parse(stored()!)).toMatchObject({ contextWindow: 64000, inputPrice: 1.25, capabilities: { TOOLS: true, VISION: false } });

    // Omitted facts keep the overrides; a field set to null drops that one; facts: null drops all.
    const kept = (await server.ok(ops.UpdateDeploymentFactsDocument, { id: added.id, input: { enabled: true } })).updateDeployment.deployment;
    expect(kept.facts.contextWindow).toBe(64000);
    const one = (await server.ok(ops.UpdateDeploymentFactsDocument, { id: added.id, input: { facts: { contextWindow: null, outputPrice: 12 } } })).updateDeployment
      .deployment;
    expect(one.facts.contextWindow).toBe(128000);
    expect(one.facts.inputPrice).toBe(1.25);
    expect(one.facts.outputPrice).toBe(12);
    expect(one.facts.capabilities).toEqual(["TOOLS"]);
    const cleared = (await server.ok(ops.UpdateDeploymentFactsDocument, { id: added.id, input: { facts: null } })).updateDeployment.deployment;
    expect(cleared.facts.inputPrice).toBe(2.5);
    expect(cleared.facts.outputPrice).toBe(10);
    expect(cleared.facts.capabilities).toContain("VISION");
    expect(cleared.facts.sources.map((s) => s.kind)).toEqual(["REGISTRY"]);
    expect(stored()).toBeNull();
  });

  it("gives an unknown model the facts its deployment states", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "facts-private" } });
    const added = await addDeployment({
      group: "facts-private",
      provider: "oai",
      model: "in-house-model",
      facts: { contextWindow: 32768, maxOutputTokens: 4096, inputModalities: ["TEXT"], openWeights: true, capabilities: [] },
    });
    expect(added.facts).toMatchObject({ contextWindow: 32768, maxOutputTokens: 4096, inputModalities: ["TEXT"], openWeights: true, capabilities: [] });
    expect(added.facts.absentCapabilities).toHaveLength(7);
    const kinds = added.facts.sources.map((s) => s.kind);
    expect(kinds).toEqual(["NOT_FOUND", "OVERRIDE"]);
    // NOT_FOUND keeps only the facts nobody stated.
    expect(added.facts.sources[0]!.fields).not.toContain("contextWindow");
    expect(added.facts.sources[0]!.fields).toContain("inputPrice");
  });

  it("refuses out-of-range values naming the field, and changes nothing", async () => {
    const [id] = await group("facts-refused", [{ provider: "oai", model: "gpt-4o", facts: { contextWindow: 1000 } }]);
    const before = dumpDatabase(server.db);
    const cases: [ops.ModelFactsInput, string][] = [
      [{ contextWindow: -5 }, "facts.contextWindow is -5"],
      [{ maxOutputTokens: -1 }, "facts.maxOutputTokens is -1"],
      [{ inputPrice: -0.5 }, "facts.inputPrice is -0.5"],
      [{ cacheWritePrice: -1e-9 }, "facts.cacheWritePrice"],
      [{ releaseDate: "2024-13" }, "facts.releaseDate"],
      [{ inputModalities: ["TEXT", "TEXT"] }, "facts.inputModalities"],
    ];
    for (const [facts, message] of cases) {
      const add = await server.gql(ops.AddDeploymentWithFactsDocument, { input: { group: "facts-refused", provider: "grq", model: "x", facts } });
      expect(add.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(add.errors?.[0]?.message).toContain(message);
      expect(add.errors?.[0]?.message).toMatch(/accepted|list each modality once/);
      const update = await server.gql(ops.UpdateDeploymentFactsDocument, { id: id!, input: { facts } });
      expect(update.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(update.errors?.[0]?.message).toContain(message);
    }
    // A fractional token count is not an Int: GraphQL refuses it before any resolver runs.
    const fractional = await server.gql(ops.UpdateDeploymentFactsDocument, { id: id!, input: { facts: { contextWindow: 1.5 } } });
    expect(fractional.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(fractional.errors?.[0]?.message).toContain("contextWindow");
    expect(fractional.errors?.[0]?.message).toContain("1.5");
    const unknownCapability = await server.gql(ops.UpdateDeploymentFactsDocument, { id: id!, input: { facts: { capabilities: ["TELEPATHY" as ops.Capability] } } });
    expect(unknownCapability.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknownCapability.errors?.[0]?.message).toContain("TELEPATHY");
    expect(dumpDatabase(server.db)).toEqual(before);
    const still = (await server.ok(ops.DeploymentFactsDocument, { id: id! })).deployment!.facts;
    expect(still.contextWindow).toBe(1000);
  });
});

describe("aggregated facts on groups, aliases and resolutions", () => {
  beforeAll(async () => {
    await group("agg-openai", [
      { provider: "oai", model: "gpt-4o" },
      { provider: "oai", model: "gpt-4o-mini", priority: 1 },
      { provider: "oai", model: "o3-mini", enabled: false },
    ]);
    await group("agg-mixed", [
      { provider: "oai", model: "gpt-4o" },
      { provider: "oai", model: "o3-mini", priority: 1 },
    ]);
    await server.ok(ops.AddAliasDocument, { input: { name: "agg-smart", target: "agg-mixed" } });
  });

  it("takes the maximum of limits and prices over the enabled deployments only", async () => {
    const g = (await server.ok(ops.GroupFactsDocument, { name: "agg-openai" })).modelGroup!;
    // o3-mini (200k context, disabled) is left out.
    expect(g.facts.contextWindow).toBe(128000);
    expect(g.facts.inputPrice).toBe(2.5);
    expect(g.facts.outputPrice).toBe(10);
    expect(g.facts.capabilities).toEqual(expect.arrayContaining(["TOOLS", "VISION"]));
    expect(g.facts.sources.map((s) => s.key).sort()).toEqual(["openai/gpt-4o", "openai/gpt-4o-mini"]);
    const m = (await server.ok(ops.GroupFactsDocument, { name: "agg-mixed" })).modelGroup!;
    expect(m.facts.contextWindow).toBe(200000);
    expect(m.facts.maxOutputTokens).toBe(100000);
    expect(m.facts.inputPrice).toBe(2.5);
    // A capability only when every enabled deployment has it: o3-mini has no vision, gpt-4o no reasoning.
    expect(m.facts.capabilities).toContain("TOOLS");
    expect(m.facts.capabilities).not.toContain("VISION");
    expect(m.facts.capabilities).not.toContain("REASONING");
    expect(m.facts.absentCapabilities).toEqual(expect.arrayContaining(["VISION", "REASONING"]));
    expect(m.facts.inputModalities).toEqual(["TEXT"]);
  });

  it("gives an alias its group's facts", async () => {
    const a = (await server.ok(ops.AliasFactsDocument, { name: "agg-smart" })).alias!;
    const g = (await server.ok(ops.GroupFactsDocument, { name: "agg-mixed" })).modelGroup!;
    expect(a.facts).toEqual(g.facts);
  });

  it("gives a resolution the selected candidate's facts and each candidate its own", async () => {
    const r = (await server.ok(ops.ResolveFactsDocument, { name: "agg-smart" })).resolve;
    expect(r.prefixedId).toBe("openai/gpt-4o");
    expect(r.facts.contextWindow).toBe(128000);
    expect(r.facts.sources[0]!.key).toBe("openai/gpt-4o");
    expect(r.candidates.map((c) => [c.prefixedId, c.selected, c.facts.contextWindow])).toEqual([
      ["openai/gpt-4o", true, 128000],
      ["openai/o3-mini", false, 200000],
    ]);
    // An ad-hoc "<provider>/<model>" candidate is looked up too.
    const adHoc = (await server.ok(ops.ResolveFactsDocument, { name: "grq/llama-3.1-8b-instant" })).resolve;
    expect(adHoc.kind).toBe("PROVIDER_MODEL");
    expect(adHoc.facts.contextWindow).toBe(131072);
    expect(adHoc.candidates[0]!.facts.sources[0]).toMatchObject({ kind: "REGISTRY", key: "groq/llama-3.1-8b-instant" });
  });
});

describe("modelGroups(filter:)", () => {
  beforeAll(async () => {
    await group("flt-vision", [
      { provider: "oai", model: "gpt-4o" },
      { provider: "oai", model: "gpt-4o-mini" },
    ]);
    await group("flt-reason", [{ provider: "oai", model: "o3-mini" }]);
    await group("flt-cheap", [{ provider: "grq", model: "llama-3.1-8b-instant" }]);
    await group("flt-haiku", [{ provider: "ant", model: "claude-3-5-haiku-20241022" }]);
    await group("flt-unknown", [{ provider: "ant", model: "not-a-model" }]);
    await group("flt-healthy", [{ provider: "local", model: "gpt-4o" }]);
    await group("flt-empty", []);
    const report = (await server.ok(ops.CheckHealthDocument, { names: ["flt-healthy"] })).checkHealth;
    expect(report.results.map((r) => r.status)).toEqual(["HEALTHY"]);
  });

  async function names(filter: ops.ModelGroupFilter, search = "flt-"): Promise<string[]> {
    const data = await server.ok(ops.FilteredGroupsDocument, { search, filter, first: 100 });
    expect(data.modelGroups.totalCount).toBe(data.modelGroups.edges.length);
    return data.modelGroups.edges.map((e) => e.node.name);
  }

  it("filters on each criterion", async () => {
    expect(await names({})).toEqual(["flt-cheap", "flt-empty", "flt-haiku", "flt-healthy", "flt-reason", "flt-unknown", "flt-vision"]);
    expect(await names({ capabilities: ["REASONING"] })).toEqual(["flt-reason"]);
    expect(await names({ capabilities: ["VISION", "TOOLS"] })).toEqual(["flt-haiku", "flt-healthy", "flt-vision"]);
    expect(await names({ minContextWindow: 150000 })).toEqual(["flt-haiku", "flt-reason"]);
    expect(await names({ minContextWindow: 128000 })).toEqual(["flt-cheap", "flt-haiku", "flt-healthy", "flt-reason", "flt-vision"]);
    expect(await names({ maxInputPrice: 1 })).toEqual(["flt-cheap", "flt-haiku"]);
    expect(await names({ maxInputPrice: 2.5 })).toEqual(["flt-cheap", "flt-haiku", "flt-healthy", "flt-reason", "flt-vision"]);
    expect(await names({ providerType: "groq" })).toEqual(["flt-cheap"]);
    expect(await names({ providerType: "anthropic" })).toEqual(["flt-haiku", "flt-unknown"]);
    expect(await names({ health: "HEALTHY" })).toEqual(["flt-healthy"]);
    expect(await names({ health: "UNKNOWN" })).toEqual(["flt-cheap", "flt-empty", "flt-haiku", "flt-reason", "flt-unknown", "flt-vision"]);
  });

  it("combines criteria with each other, with search and with pagination", async () => {
    const filter: ops.ModelGroupFilter = { capabilities: ["TOOLS"], minContextWindow: 150000, maxInputPrice: 1.2 };
    expect(await names(filter)).toEqual(["flt-haiku", "flt-reason"]);
    expect(await names(filter, "reason")).toEqual(["flt-reason"]);
    // Groups outside the search are not counted.
    const all = await server.ok(ops.FilteredGroupsDocument, { filter: { providerType: "groq" }, first: 100 });
    expect(all.modelGroups.totalCount).toBe(1);
    const first = await server.ok(ops.FilteredGroupsDocument, { search: "flt-", filter, first: 1 });
    expect(first.modelGroups.totalCount).toBe(2);
    expect(first.modelGroups.edges.map((e) => e.node.name)).toEqual(["flt-haiku"]);
    expect(first.modelGroups.pageInfo.hasNextPage).toBe(true);
    const second = await server.ok(ops.FilteredGroupsDocument, { search: "flt-", filter, first: 1, after: first.modelGroups.pageInfo.endCursor });
    expect(second.modelGroups.edges.map((e) => e.node.name)).toEqual(["flt-reason"]);
    expect(second.modelGroups.pageInfo.hasNextPage).toBe(false);
    expect(second.modelGroups.edges[0]!.node.facts).toMatchObject({ contextWindow: 200000, inputPrice: 1.1 });
  });

  it("reads the catalog in a fixed number of statements, whatever the number of groups", async () => {
    const filter: ops.ModelGroupFilter = { capabilities: ["TOOLS"], health: "UNKNOWN" };
    await server.ok(ops.FilteredGroupsDocument, { filter, first: 500 });
    server.statements.length = 0;
    await server.ok(ops.FilteredGroupsDocument, { filter, first: 500 });
    const before = server.statements.length;
    for (let i = 0; i < 20; i++) await group(`flt-more-${i}`, [{ provider: "oai", model: "gpt-4o-mini" }]);
    await server.ok(ops.FilteredGroupsDocument, { filter, first: 500 });
    server.statements.length = 0;
    const data = await server.ok(ops.FilteredGroupsDocument, { filter, first: 500 });
    console.log(`modelGroups(filter:) statements: ${before} before, ${server.statements.length} with 20 more groups (${data.modelGroups.totalCount} match)`);
    expect(data.modelGroups.edges.length).toBeGreaterThanOrEqual(20);
    expect(server.statements.length).toBe(before);
  });

  it("refuses a bad filter naming the field", async () => {
    const unknown = await server.gql(ops.FilteredGroupsDocument, { filter: { providerType: "opneai" } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknown.errors?.[0]?.message).toContain('filter.providerType "opneai"');
    expect(unknown.errors?.[0]?.message).toContain('"openai"');
    const price = await server.gql(ops.FilteredGroupsDocument, { filter: { maxInputPrice: -1 } });
    expect(price.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(price.errors?.[0]?.message).toContain("filter.maxInputPrice");
    const context = await server.gql(ops.FilteredGroupsDocument, { filter: { minContextWindow: -1 } });
    expect(context.errors?.[0]?.message).toContain("filter.minContextWindow");
  });
});
