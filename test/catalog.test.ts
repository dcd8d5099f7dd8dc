import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { seedDesignExamples } from "./support/seed.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { PROVIDER_TYPES } from "../src/catalog/provider-types.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { OPENROUTER_API_KEY: "sk-or-test-value", NIM_KEY: "nvapi-test" } });
  await seedDesignExamples(server);
});
afterAll(() => server.close());

describe("provider types", () => {
  it("lists the built-in types with their routing prefixes", async () => {
    const { providerTypes } = await server.ok(ops.ProviderTypesDocument);
    expect(providerTypes).toHaveLength(PROVIDER_TYPES.length);
    const vllm = providerTypes.find((t) => t.id === "hosted_vllm")!;
    expect(vllm).toMatchObject({ prefix: "hosted_vllm", apiStyle: "OPENAI", defaultApiBase: null, requiresApiBase: true });
    expect(providerTypes.find((t) => t.id === "anthropic")).toMatchObject({ apiStyle: "ANTHROPIC", defaultApiBase: "https://api.anthropic.com" });
  });
});

describe("providers", () => {
  it("creates a provider, reporting whether its key variable is set but never a key", async () => {
    const created = await server.ok(ops.CreateProviderDocument, { input: { name: "nim", type: "nvidia_nim", apiKeyEnv: "os.environ/NIM_KEY" } });
    expect(created.createProvider.provider).toMatchObject({
      name: "nim",
      apiKeyEnv: "NIM_KEY",
      apiKeyConfigured: true,
      apiBase: "https://integrate.api.nvidia.com/v1",
      type: { id: "nvidia_nim", prefix: "nvidia_nim" },
    });
    expect(created.createProvider.warnings).toEqual([]);
    expect(JSON.stringify(created)).not.toContain("nvapi-test");

    const other = await server.ok(ops.CreateProviderDocument, { input: { name: "groq-main", type: "groq" } });
    expect(other.createProvider.provider).toMatchObject({ apiKeyEnv: "GROQ_API_KEY", apiKeyConfigured: false });
    expect(other.createProvider.warnings.join(" ")).toContain("GROQ_API_KEY is not set");

    const openrouter = await server.ok(ops.ProviderDocument, { name: "openrouter" });
    expect(openrouter.provider?.apiKeyConfigured).toBe(true);
  });

  it("updates a provider: rename, API base and clearing it, and deployments follow", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "local", type: "openai", apiBase: "http://127.0.0.1:8001/v1" } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "local-llama" } });
    const added = await server.ok(ops.AddDeploymentDocument, { input: { group: "local-llama", provider: "local", model: "llama-3" } });
    expect(added.addDeployment.deployment.apiBase).toBe("http://127.0.0.1:8001/v1");

    const renamed = await server.ok(ops.UpdateProviderDocument, { name: "local", input: { name: "local-2", apiBase: "http://127.0.0.1:8002/v1", displayName: "Local box" } });
    expect(renamed.updateProvider.provider).toMatchObject({ name: "local-2", apiBase: "http://127.0.0.1:8002/v1", displayName: "Local box" });
    const after = await server.ok(ops.DeploymentDocument, { id: added.addDeployment.deployment.id });
    expect(after.deployment).toMatchObject({ apiBase: "http://127.0.0.1:8002/v1", provider: { name: "local-2" } });

    const cleared = await server.ok(ops.UpdateProviderDocument, { name: "local-2", input: { apiBase: null } });
    expect(cleared.updateProvider.provider.apiBase).toBe("https://api.openai.com/v1");
    expect(await server.ok(ops.ProviderDocument, { name: "local" })).toEqual({ provider: null });
  });

  it("deletes a provider with its deployments only when forced", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "doomed", type: "mistral" } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "mistral-large" } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "mistral-large", provider: "doomed", model: "mistral-large-latest" } });
    const refused = await server.gql(ops.DeleteProviderDocument, { name: "doomed" });
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const deleted = await server.ok(ops.DeleteProviderDocument, { name: "doomed", force: true });
    expect(deleted.deleteProvider).toMatchObject({ name: "doomed", removedDeployments: 1 });
    const group = await server.ok(ops.ModelGroupDocument, { name: "mistral-large" });
    expect(group.modelGroup?.deployments).toEqual([]);
  });

  it("pages providers and a provider's deployments as connections", async () => {
    const page1 = await server.ok(ops.ProvidersDocument, { first: 2 });
    expect(page1.providers.edges.map((e) => e.node.name)).toEqual(["azure-eu", "groq-main"]);
    expect(page1.providers.pageInfo.hasNextPage).toBe(true);
    const page2 = await server.ok(ops.ProvidersDocument, { first: 2, after: page1.providers.pageInfo.endCursor });
    expect(page2.providers.edges[0]!.node.name).toBe("local-2");
    expect(page2.providers.totalCount).toBe(page1.providers.totalCount);

    await server.ok(ops.CreateModelGroupDocument, { input: { name: "vllm-extra" } });
    for (const model of ["a", "b", "c"]) await server.ok(ops.AddDeploymentDocument, { input: { group: "vllm-extra", provider: "vllm", model } });
    const first = await server.ok(ops.ProviderDocument, { name: "vllm", first: 2 });
    expect(first.provider?.deployments.totalCount).toBe(4);
    expect(first.provider?.deployments.edges.map((e) => e.node.model)).toEqual(["z-ai/glm4.7", "a"]);
    const rest = await server.ok(ops.ProviderDocument, { name: "vllm", first: 10, after: first.provider?.deployments.pageInfo.endCursor });
    expect(rest.provider?.deployments.edges.map((e) => e.node.prefixedId)).toEqual(["hosted_vllm/b", "hosted_vllm/c"]);
    expect(rest.provider?.deployments.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});

describe("model groups and deployments", () => {
  it("creates a group with a mode, adds, updates and removes deployments", async () => {
    const created = await server.ok(ops.CreateModelGroupDocument, { input: { name: "embed", description: "embeddings", mode: "EMBEDDING" } });
    expect(created.createModelGroup.modelGroup).toMatchObject({ name: "embed", mode: "EMBEDDING", description: "embeddings" });
    const d = await server.ok(ops.AddDeploymentDocument, {
      input: { group: "embed", provider: "openrouter", model: "openai/text-embedding-3-small", rpm: 100, tpm: 50_000 },
    });
    expect(d.addDeployment.deployment).toMatchObject({
      prefixedId: "openrouter/openai/text-embedding-3-small",
      apiBase: "https://openrouter.ai/api/v1",
      apiBaseOverride: null,
      rpm: 100,
      tpm: 50_000,
      priority: 0,
      weight: 1,
      enabled: true,
      group: { name: "embed" },
      health: { status: "UNKNOWN", checkedAt: null, latencyMs: null, error: null, consecutiveFailures: 0 },
    });
    const id = d.addDeployment.deployment.id;
    const updated = await server.ok(ops.UpdateDeploymentDocument, {
      id,
      // Another origin than openrouter.ai receives OPENROUTER_API_KEY: only when confirmed (issue 8, finding 6).
      input: { priority: 3, weight: 7, enabled: false, apiBase: "http://127.0.0.1:9999/v1", rpm: null, confirmKeyMove: true },
    });
    expect(updated.updateDeployment.deployment).toMatchObject({ priority: 3, weight: 7, enabled: false, apiBase: "http://127.0.0.1:9999/v1", apiBaseOverride: "http://127.0.0.1:9999/v1", rpm: null, tpm: 50_000 });
    expect(updated.updateDeployment.warnings.join(" ")).toContain("OPENROUTER_API_KEY is now sent to http://127.0.0.1:9999");
    const removed = await server.ok(ops.RemoveDeploymentDocument, { id });
    expect(removed.removeDeployment.id).toBe(id);
    expect(removed.removeDeployment.warnings.join(" ")).toContain("no deployments left");
    expect(await server.ok(ops.DeploymentDocument, { id })).toEqual({ deployment: null });
  });

  it("renames a group while its aliases keep pointing at it", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "old-name" } });
    await server.ok(ops.AddAliasDocument, { input: { name: "follows", target: "old-name" } });
    const renamed = await server.ok(ops.UpdateModelGroupDocument, { name: "old-name", input: { name: "new-name", mode: "COMPLETION" } });
    expect(renamed.updateModelGroup.modelGroup).toMatchObject({ name: "new-name", mode: "COMPLETION", aliases: [{ name: "follows" }] });
    const alias = await server.ok(ops.AliasDocument, { name: "follows" });
    expect(alias.alias?.target.name).toBe("new-name");
    // The old name is free again, for a group or an alias.
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "old-name" } });
  });

  it("refuses to delete a group that aliases point at unless forced, then removes them too", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "to-delete" } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "to-delete", provider: "openrouter", model: "x/y" } });
    await server.ok(ops.AddAliasDocument, { input: { name: "td-1", target: "to-delete" } });
    await server.ok(ops.AddAliasDocument, { input: { name: "td-2", target: "to-delete", hidden: true } });
    const refused = await server.gql(ops.DeleteModelGroupDocument, { name: "to-delete" });
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(refused.errors?.[0]?.message).toContain('"td-1"');
    const deleted = await server.ok(ops.DeleteModelGroupDocument, { name: "to-delete", force: true });
    expect(deleted.deleteModelGroup).toMatchObject({ name: "to-delete", removedAliases: ["td-1", "td-2"], removedDeployments: 1 });
    expect(await server.ok(ops.AliasDocument, { name: "td-2" })).toEqual({ alias: null });
    // The names are free again.
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "td-1" } });
  });

  it("pages and searches model groups", async () => {
    for (const n of ["page-a", "page-b", "page-c", "page-d", "page-e"]) await server.ok(ops.CreateModelGroupDocument, { input: { name: n } });
    const p1 = await server.ok(ops.ModelGroupsDocument, { first: 2, search: "PAGE-" });
    expect(p1.modelGroups.totalCount).toBe(5);
    expect(p1.modelGroups.edges.map((e) => e.node.name)).toEqual(["page-a", "page-b"]);
    expect(p1.modelGroups.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p3 = await server.ok(ops.ModelGroupsDocument, { first: 2, search: "page-", after: p1.modelGroups.edges[1]!.cursor });
    expect(p3.modelGroups.edges.map((e) => e.node.name)).toEqual(["page-c", "page-d"]);
    const p4 = await server.ok(ops.ModelGroupsDocument, { first: 2, search: "page-", after: p3.modelGroups.pageInfo.endCursor });
    expect(p4.modelGroups.edges.map((e) => e.node.name)).toEqual(["page-e"]);
    expect(p4.modelGroups.pageInfo.hasNextPage).toBe(false);
    // % and _ are literal characters in a search, not wildcards.
    expect((await server.ok(ops.ModelGroupsDocument, { search: "%" })).modelGroups.totalCount).toBe(0);
  });
});

describe("aliases", () => {
  it("adds an alias by target and reads what it routes to", async () => {
    const { alias } = await server.ok(ops.AliasDocument, { name: "smart" });
    expect(alias).toMatchObject({
      name: "smart",
      hidden: false,
      target: { name: "claude-opus" },
      provider: { name: "openrouter" },
      providers: [{ name: "openrouter" }],
      prefixedId: "openrouter/anthropic/claude-opus-4-5",
      health: "UNKNOWN",
      deployments: [{ model: "anthropic/claude-opus-4-5", prefixedId: "openrouter/anthropic/claude-opus-4-5" }],
    });
    expect(new Date(alias!.createdAt).toISOString()).toBe(alias!.createdAt);
  });

  it("adds an alias nanobot style: creates the group <provider>/<model>, then reuses it", async () => {
    const first = await server.ok(ops.AddAliasDocument, { input: { name: "nv-llama", provider: "vllm", model: "meta-llama/Llama-3.1-8B-Instruct" } });
    expect(first.addAlias.alias).toMatchObject({
      target: { name: "vllm/meta-llama/Llama-3.1-8B-Instruct" },
      prefixedId: "hosted_vllm/meta-llama/Llama-3.1-8B-Instruct",
      provider: { name: "vllm" },
    });
    expect(first.addAlias.warnings.join(" ")).toContain("created group");
    const second = await server.ok(ops.AddAliasDocument, { input: { name: "llama", provider: "vllm", model: "meta-llama/Llama-3.1-8B-Instruct", hidden: true } });
    expect(second.addAlias.alias.target.name).toBe("vllm/meta-llama/Llama-3.1-8B-Instruct");
    expect(second.addAlias.warnings.join(" ")).toContain("reused existing group");
    const group = await server.ok(ops.ModelGroupDocument, { name: "vllm/meta-llama/Llama-3.1-8B-Instruct" });
    expect(group.modelGroup?.deployments).toHaveLength(1);
    expect(group.modelGroup?.aliases.map((a) => a.name)).toEqual(["nv-llama"]);
    expect(group.modelGroup?.allAliases.map((a) => a.name)).toEqual(["llama", "nv-llama"]);
  });

  it("renames, retargets, hides and removes an alias", async () => {
    await server.ok(ops.AddAliasDocument, { input: { name: "fast", target: "glm-nim", description: "quick" } });
    const renamed = await server.ok(ops.UpdateAliasDocument, { name: "fast", input: { name: "quick" } });
    expect(renamed.updateAlias.alias).toMatchObject({ name: "quick", target: { name: "glm-nim" }, description: "quick" });
    const retargeted = await server.ok(ops.UpdateAliasDocument, { name: "quick", input: { target: "glm-zhipu" } });
    expect(retargeted.updateAlias.alias).toMatchObject({ target: { name: "glm-zhipu" }, prefixedId: "zai/glm-4.7", provider: { name: "zhipu" } });
    expect(new Date(retargeted.updateAlias.alias.updatedAt) >= new Date(retargeted.updateAlias.alias.createdAt)).toBe(true);

    const hidden = await server.ok(ops.UpdateAliasDocument, { name: "quick", input: { hidden: true } });
    expect(hidden.updateAlias.alias.hidden).toBe(true);
    const visible = await server.ok(ops.AliasesDocument, { first: 500 });
    expect(visible.aliases.edges.map((e) => e.node.name)).not.toContain("quick");
    const all = await server.ok(ops.AliasesDocument, { first: 500, includeHidden: true });
    expect(all.aliases.edges.map((e) => e.node.name)).toContain("quick");
    expect(all.aliases.totalCount).toBe(visible.aliases.totalCount + all.aliases.edges.filter((e) => e.node.hidden).length);
    // Hidden aliases still resolve and are found by name.
    expect((await server.ok(ops.ResolveDocument, { name: "quick" })).resolve.prefixedId).toBe("zai/glm-4.7");

    const removed = await server.ok(ops.RemoveAliasDocument, { name: "quick" });
    expect(removed.removeAlias.name).toBe("quick");
    expect(await server.ok(ops.AliasDocument, { name: "quick" })).toEqual({ alias: null });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "quick" } });
  });

  it("keeps names case-sensitive: GPT-4 may alias gpt-4", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "gpt-4" } });
    const added = await server.ok(ops.AddAliasDocument, { input: { name: "GPT-4", target: "gpt-4" } });
    expect(added.addAlias.alias.target.name).toBe("gpt-4");
  });
});

describe("global ids", () => {
  it("fetches every node type by id", async () => {
    const { alias } = await server.ok(ops.AliasDocument, { name: "nvgm" });
    const group = await server.ok(ops.ModelGroupDocument, { name: "glm-nim" });
    const provider = await server.ok(ops.ProviderDocument, { name: "vllm" });
    const deploymentId = group.modelGroup!.deployments[0]!.id;
    const cases = [
      [alias!.id, "Alias", "nvgm"],
      [group.modelGroup!.id, "ModelGroup", "glm-nim"],
      [provider.provider!.id, "Provider", "vllm"],
      [deploymentId, "Deployment", "z-ai/glm4.7"],
    ] as const;
    for (const [id, typename, label] of cases) {
      const { node } = await server.ok(ops.NodeDocument, { id });
      expect(node?.__typename).toBe(typename);
      expect(node?.id).toBe(id);
      expect("name" in node! ? node.name : "model" in node! ? node.model : undefined).toBe(label);
    }
    expect(new Set(cases.map((c) => c[0])).size).toBe(4);
  });
});

describe("HTTP surface", () => {
  it("serves the Apollo Sandbox landing page on GET /graphql", async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/apollo/i);
  });

  it("keeps Apollo's CSRF prevention on for simple GET requests", async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ providers { totalCount } }")}`);
    expect(response.status).toBe(400);
    const allowed = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ providers { totalCount } }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(allowed.status).toBe(200);
  });

  it("answers CORS preflights from configured origins only", async () => {
    const preflight = (url: string) =>
      fetch(`${url}/graphql`, {
        method: "OPTIONS",
        headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    // The default allows the server's own origin and Apollo's, not another local dev server.
    const refused = await preflight(server.url);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    const configured = await startTestServer({ config: { corsOrigins: ["http://localhost:5173"] } });
    try {
      const response = await preflight(configured.url);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    } finally {
      await configured.close();
    }
  });

  it("masks unexpected errors and gives a request id", async () => {
    const broken = await startTestServer();
    broken.db.sqlite.close();
    const result = await broken.gql(ops.ProvidersDocument, {});
    expect(result.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(result.errors?.[0]?.message).not.toMatch(/database|sqlite/i);
    expect(result.errors?.[0]?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await broken.close();
  });
});
