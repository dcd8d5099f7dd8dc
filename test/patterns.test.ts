import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * Wildcard routes (issue 10): pattern groups imported from real LiteLLM configs (read from the
 * shared corpus, never copied), resolved with kind WILDCARD in LiteLLM's order, listed by the REST
 * views as LiteLLM lists them; passthrough `*` groups created by mutation.
 */

const CORPUS = resolvePath(import.meta.dirname, "../../shared/corpus/litellm");
const corpus = (file: string) => readFileSync(resolvePath(CORPUS, file), "utf8");

// Operations on fields added with this issue, typed here until the lead regenerates codegen.
function doc<R, V>(source: string): TypedDocumentNode<R, V> {
  return parse(source) as unknown as TypedDocumentNode<R, V>;
}

interface Candidate {
  deployment: { id: string; model: string } | null;
  provider: { name: string; type: { id: string } };
  model: string;
  prefixedId: string;
  apiBase: string | null;
  selected: boolean;
}
interface Resolved {
  name: string;
  kind: string;
  group: { name: string; pattern: boolean; passthrough: boolean } | null;
  deployment: { id: string } | null;
  provider: { name: string } | null;
  model: string | null;
  prefixedId: string | null;
  apiBase: string | null;
  facts: { contextWindow: number | null };
  candidates: Candidate[];
  trace: string[];
}
const RESOLVE = doc<{ resolve: Resolved }, { name: string }>(`
  query ($name: String!) {
    resolve(name: $name) {
      name kind
      group { name pattern passthrough }
      deployment { id }
      provider { name }
      model prefixedId apiBase
      facts { contextWindow }
      candidates { deployment { id model } provider { name type { id } } model prefixedId apiBase selected }
      trace
    }
  }`);

interface GroupInput {
  name: string;
  passthrough?: boolean | null;
}
const CREATE_GROUP = doc<{ createModelGroup: { modelGroup: { name: string; pattern: boolean; passthrough: boolean } } }, { input: GroupInput }>(`
  mutation ($input: CreateModelGroupInput!) { createModelGroup(input: $input) { modelGroup { name pattern passthrough } } }`);
const UPDATE_GROUP = doc<{ updateModelGroup: { modelGroup: { passthrough: boolean } } }, { name: string; input: { passthrough?: boolean } }>(`
  mutation ($name: String!, $input: UpdateModelGroupInput!) { updateModelGroup(name: $name, input: $input) { modelGroup { passthrough } } }`);
const GROUP = doc<{ modelGroup: { name: string; pattern: boolean; passthrough: boolean; deployments: { model: string }[] } | null }, { name: string }>(`
  query ($name: String!) { modelGroup(name: $name) { name pattern passthrough deployments { model } } }`);

async function importLiteLLM(s: TestServer, content: string) {
  return (await s.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content })).importConfig;
}

async function resolve(s: TestServer, name: string): Promise<Resolved> {
  return (await s.ok(RESOLVE, { name })).resolve;
}

async function get<T>(s: TestServer, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(s.url + path);
  return { status: response.status, body: (await response.json()) as T };
}

interface ModelList {
  data: { id: string; owned_by: string }[];
}

describe("wildcard routes imported from LiteLLM configs", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    // anthropic/*, groq/*, fo::*:static::* (015); openai/*, openai/o1-* (013); byok-wildcard/* over model openai/* (014).
    for (const file of ["015-litellm-docs-wildcard-routing-patterns.yaml", "013-litellm-docs-access-groups-wildcard-prefix.yaml", "014-litellm-docs-forward-headers-byok-wildcard.yaml"]) {
      await importLiteLLM(s, corpus(file));
    }
  });
  afterAll(() => s.close());

  it("marks pattern groups: ModelGroup.pattern is true for a name with *, false otherwise", async () => {
    const pattern = (await s.ok(GROUP, { name: "anthropic/*" })).modelGroup!;
    expect(pattern).toMatchObject({ pattern: true, passthrough: false, deployments: [{ model: "*" }] });
    expect((await s.ok(GROUP, { name: "standard-gpt-4" })).modelGroup).toMatchObject({ pattern: false, passthrough: false });
  });

  it("resolves anthropic/claude-3-haiku-20240307 through the anthropic/* route (WILDCARD): the * part becomes the deployment's model", async () => {
    const r = await resolve(s, "anthropic/claude-3-haiku-20240307");
    expect(r.kind).toBe("WILDCARD");
    expect(r.group?.name).toBe("anthropic/*");
    expect(r.model).toBe("claude-3-haiku-20240307");
    expect(r.prefixedId).toBe("anthropic/claude-3-haiku-20240307");
    expect(r.provider?.name).toBe("anthropic");
    expect(r.apiBase).toBe("https://api.anthropic.com");
    // The stored deployment is the pattern's own (model "*"); the candidate carries the filled-in model.
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0]).toMatchObject({ deployment: { model: "*" }, model: "claude-3-haiku-20240307", selected: true });
    expect(r.deployment?.id).toBe(r.candidates[0]!.deployment!.id);
    expect(r.trace.join("\n")).toContain('pattern "anthropic/*" matched');
    // Facts are those of the filled-in model (the shipped registry knows it), not of "*".
    expect(r.facts.contextWindow).toBeGreaterThan(0);
  });

  it("takes the most specific matching pattern first, as LiteLLM's PatternMatchRouter sorts them (openai/o1-* before openai/*)", async () => {
    const o1 = await resolve(s, "openai/o1-mini");
    expect(o1.kind).toBe("WILDCARD");
    expect(o1.group?.name).toBe("openai/o1-*");
    // The pattern's literal part stays: "o1-*" with "mini" is "o1-mini".
    expect(o1.model).toBe("o1-mini");
    expect(o1.trace.join("\n")).toMatch(/matches pattern groups "openai\/o1-\*", "openai\/\*" \(most specific first/);

    const gpt = await resolve(s, "openai/gpt-4o");
    expect(gpt.group?.name).toBe("openai/*");
    expect(gpt.model).toBe("gpt-4o");
  });

  it("substitutes every * part in order (fo::*:static::*), and a model * takes the part whole (byok-wildcard/* → gpt-4o on its own API base)", async () => {
    const fo = await resolve(s, "fo::hi::static::hi");
    expect(fo.group?.name).toBe("fo::*:static::*");
    expect(fo.model).toBe("fo::hi::static::hi");
    expect(fo.prefixedId).toBe("openai/fo::hi::static::hi");

    const byok = await resolve(s, "byok-wildcard/gpt-4o");
    expect(byok.group?.name).toBe("byok-wildcard/*");
    expect(byok.model).toBe("gpt-4o");
    expect(byok.prefixedId).toBe("openai/gpt-4o");
    expect(byok.apiBase).toBe("https://your-openai-endpoint.com");
  });

  it("keeps the earlier steps first: a group named exactly (also a pattern's own name) and <provider>/<model> with a stored deployment", async () => {
    expect((await resolve(s, "openai/*")).kind).toBe("MODEL_GROUP");
    await s.ok(CREATE_GROUP, { input: { name: "anthropic/claude-pinned" } });
    await s.ok(ops.AddDeploymentDocument, { input: { group: "anthropic/claude-pinned", provider: "anthropic", model: "claude-3-opus-20240229" } });
    const exact = await resolve(s, "anthropic/claude-pinned");
    expect(exact.kind).toBe("MODEL_GROUP");
    expect(exact.model).toBe("claude-3-opus-20240229");
    // "anthropic" is also a configured provider: its stored deployment of the model wins over the pattern.
    const stored = await resolve(s, "anthropic/claude-3-opus-20240229");
    expect(stored.kind).toBe("PROVIDER_MODEL");
    expect(stored.group?.name).toBe("anthropic/claude-pinned");
  });

  it("prefers a matching pattern to the ad-hoc <provider>/<model> candidate, and answers with that candidate when no pattern matches", async () => {
    // "groq" is a configured provider and groq/* a pattern: the explicit route wins.
    const viaPattern = await resolve(s, "groq/llama-3.3-70b-versatile");
    expect(viaPattern.kind).toBe("WILDCARD");
    expect(viaPattern.group?.name).toBe("groq/*");
    expect(viaPattern.candidates[0]!.deployment).not.toBeNull();

    await s.ok(ops.CreateProviderDocument, { input: { name: "vllm-local", type: "hosted_vllm", apiBase: "http://127.0.0.1:9/v1" } });
    const adHoc = await resolve(s, "vllm-local/z-ai/glm4.7");
    expect(adHoc.kind).toBe("PROVIDER_MODEL");
    expect(adHoc.candidates[0]).toMatchObject({ deployment: null, model: "z-ai/glm4.7", prefixedId: "hosted_vllm/z-ai/glm4.7" });
  });

  it("tries an unprefixed name as <type>/<name> when the registry lists it under one first-party type (LiteLLM's get_pattern)", async () => {
    const r = await resolve(s, "claude-3-5-haiku-20241022");
    expect(r.kind).toBe("WILDCARD");
    expect(r.group?.name).toBe("anthropic/*");
    expect(r.model).toBe("claude-3-5-haiku-20241022");
    expect(r.trace.join("\n")).toContain('tried as "anthropic/claude-3-5-haiku-20241022"');
  });

  it("answers NOT_FOUND for a name no pattern matches", async () => {
    const result = await s.gql(RESOLVE, { name: "mistral/mistral-large" });
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(result.errors?.[0]?.message).toContain('"mistral/mistral-large" does not exist');
  });

  it("lists anthropic/* in /v1/models as the registry's known anthropic models, the pattern only with return_wildcard_routes=true", async () => {
    const plain = (await get<ModelList>(s, "/v1/models")).body.data;
    const ids = plain.map((m) => m.id);
    expect(ids).toContain("anthropic/claude-3-haiku-20240307");
    expect(ids).not.toContain("anthropic/*");
    expect(plain.find((m) => m.id === "anthropic/claude-3-haiku-20240307")?.owned_by).toBe("anthropic");
    // openai/o1-* lists only its o1- models; an id both patterns route is listed once.
    expect(ids).toContain("openai/o1-mini");
    expect(ids.filter((id) => id === "openai/o1-mini")).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith("openai/")).length).toBeGreaterThan(ids.filter((id) => id.startsWith("openai/o1")).length);
    // Prefixed as the model_name is, whatever the deployment's provider prefix.
    expect(ids).toContain("byok-wildcard/gpt-4o");
    // No "<prefix>/" to expand under: listed as itself.
    expect(ids).toContain("fo::*:static::*");
    // A public name of its own is listed once, as itself.
    expect(ids.filter((id) => id === "anthropic/claude-pinned")).toHaveLength(1);
    expect(ids).toContain("standard-gpt-4");

    const withRoutes = (await get<ModelList>(s, "/v1/models?return_wildcard_routes=true")).body.data.map((m) => m.id);
    expect(withRoutes).toContain("anthropic/*");
    expect(withRoutes).toContain("anthropic/claude-3-haiku-20240307");
    expect(withRoutes.length).toBe(ids.length + 5);
  });

  it("answers /v1/models/{id} for an expanded id, and 404 for an id no pattern lists", async () => {
    const found = await get<{ id: string; owned_by: string }>(s, "/v1/models/anthropic/claude-3-haiku-20240307");
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: "anthropic/claude-3-haiku-20240307", object: "model", owned_by: "anthropic" });
    // resolve() would route it, but the registry does not know it: not listed, so not retrievable.
    const unknown = await get<{ error: { code: string } }>(s, "/v1/models/anthropic/claude-does-not-exist");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("model_not_found");
  });

  it("shows pattern groups in /model/info and /model_group/info as LiteLLM does: under their own name, model as written", async () => {
    const info = (await get<{ data: { model_name: string; litellm_params: { model: string }; model_info: { litellm_provider: string } }[] }>(s, "/model/info?model=anthropic/*")).body.data;
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ model_name: "anthropic/*", litellm_params: { model: "anthropic/*" }, model_info: { litellm_provider: "anthropic" } });
    const groups = (await get<{ data: { model_group: string; providers: string[]; pattern: boolean; max_input_tokens: number | null }[] }>(s, "/model_group/info")).body.data;
    const anthropic = groups.find((g) => g.model_group === "anthropic/*");
    expect(anthropic).toMatchObject({ providers: ["anthropic"], pattern: true, max_input_tokens: null });
    expect(groups.find((g) => g.model_group === "standard-gpt-4")?.pattern).toBe(false);
  });
});

describe("passthrough pattern groups (LiteLLM model: \"*\")", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    const created = await s.ok(CREATE_GROUP, { input: { name: "*", passthrough: true } });
    expect(created.createModelGroup.modelGroup).toEqual({ name: "*", pattern: true, passthrough: true });
  });
  afterAll(() => s.close());

  it("routes a name with a provider type prefix to that type's own defaults when no provider of it is configured", async () => {
    const r = await resolve(s, "anthropic/claude-3-5-haiku-20241022");
    expect(r.kind).toBe("WILDCARD");
    expect(r.group).toEqual({ name: "*", pattern: true, passthrough: true });
    expect(r.deployment).toBeNull();
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0]).toMatchObject({
      deployment: null,
      provider: { name: "anthropic", type: { id: "anthropic" } },
      model: "claude-3-5-haiku-20241022",
      prefixedId: "anthropic/claude-3-5-haiku-20241022",
      apiBase: "https://api.anthropic.com",
      selected: true,
    });
    expect(r.trace.join("\n")).toContain("the candidate is the type's own");
    expect(r.facts.contextWindow).toBeGreaterThan(0);
  });

  it("prefers a configured provider of the type on its default API base, the first by name", async () => {
    await s.ok(ops.CreateProviderDocument, { input: { name: "anthropic-eu", type: "anthropic", apiBase: "https://eu.anthropic.example" } });
    expect((await resolve(s, "anthropic/claude-x")).provider?.name).toBe("anthropic");
    await s.ok(ops.CreateProviderDocument, { input: { name: "zz-anthropic", type: "anthropic" } });
    await s.ok(ops.CreateProviderDocument, { input: { name: "main-anthropic", type: "anthropic", apiBase: "https://api.anthropic.com/" } });
    const r = await resolve(s, "anthropic/claude-x");
    expect(r.provider?.name).toBe("main-anthropic");
    expect(r.trace.join("\n")).toContain('provider "main-anthropic" is the first configured one');
  });

  it("routes an unprefixed name by the registry's one first-party type for that exact id", async () => {
    const r = await resolve(s, "gpt-4o");
    expect(r.kind).toBe("WILDCARD");
    expect(r.prefixedId).toBe("openai/gpt-4o");
    expect(r.model).toBe("gpt-4o");
    expect(r.trace.join("\n")).toContain("first-party type openai only");
  });

  it("answers NOT_FOUND saying why when the registry lists the id nowhere, or under several first-party types", async () => {
    const none = await s.gql(RESOLVE, { name: "my-own-model-xyz" });
    expect(none.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(none.errors?.[0]?.message).toContain('passthrough pattern "*": "my-own-model-xyz" has no provider type prefix and no first-party provider in the model registry lists that exact id');

    // A registry that lists one id under two first-party types.
    const prices = JSON.stringify({
      "twin-model": { litellm_provider: "openai", max_input_tokens: 1000, mode: "chat" },
      "anthropic/twin-model": { litellm_provider: "anthropic", max_input_tokens: 1000, mode: "chat" },
    });
    await s.ok(ops.ImportFactsDocument, { format: "LITELLM_MODEL_PRICES", content: prices, source: "twins.json" });
    const twin = await s.gql(RESOLVE, { name: "twin-model" });
    expect(twin.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(twin.errors?.[0]?.message).toContain("is listed by several first-party provider types (openai, anthropic)");
    expect(twin.errors?.[0]?.extensions?.reasons).toHaveLength(1);
  });

  it("leaves a name it cannot route to the ad-hoc <provider>/<model> candidate of a configured provider", async () => {
    await s.ok(ops.CreateProviderDocument, { input: { name: "nim", type: "hosted_vllm", apiBase: "https://integrate.api.nvidia.com/v1" } });
    const r = await resolve(s, "nim/z-ai/glm4.7");
    expect(r.kind).toBe("PROVIDER_MODEL");
    expect(r.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
  });

  it("lets a more specific pattern win over the passthrough *", async () => {
    await s.ok(ops.CreateProviderDocument, { input: { name: "groq", type: "groq" } });
    await s.ok(CREATE_GROUP, { input: { name: "fast/*" } });
    await s.ok(ops.AddDeploymentDocument, { input: { group: "fast/*", provider: "groq", model: "*" } });
    const r = await resolve(s, "fast/llama-3.1-8b-instant");
    expect(r.group?.name).toBe("fast/*");
    expect(r.prefixedId).toBe("groq/llama-3.1-8b-instant");
  });

  it("lists the passthrough group as itself in /v1/models, and as LiteLLM's model: \"*\" entry in /model/info and /model_group/info", async () => {
    const ids = (await get<ModelList>(s, "/v1/models")).body.data.map((m) => m.id);
    expect(ids).toContain("*");
    const info = (await get<{ data: { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> }[] }>(s, "/model/info?model=*")).body.data;
    expect(info).toEqual([expect.objectContaining({ model_name: "*", litellm_params: { model: "*" } })]);
    expect(info[0]!.model_info).toMatchObject({ key: "*", litellm_provider: null, passthrough: true });
    const group = (await get<{ data: { model_group: string; providers: string[]; passthrough: boolean }[] }>(s, "/model_group/info?model_group=*")).body.data;
    expect(group).toEqual([expect.objectContaining({ model_group: "*", providers: [], passthrough: true })]);
  });

  it("refuses passthrough for a name without *, and for a group that has deployments; nothing changes", async () => {
    const plain = await s.gql(CREATE_GROUP, { input: { name: "plain-passthrough", passthrough: true } });
    expect(plain.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(plain.errors?.[0]?.message).toMatch(/^passthrough: "plain-passthrough" is not a pattern/);
    expect((await s.ok(GROUP, { name: "plain-passthrough" })).modelGroup).toBeNull();

    const busy = await s.gql(UPDATE_GROUP, { name: "fast/*", input: { passthrough: true } });
    expect(busy.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(busy.errors?.[0]?.message).toContain('model group "fast/*" has 1 deployment(s)');
    expect((await s.ok(GROUP, { name: "fast/*" })).modelGroup).toMatchObject({ passthrough: false, deployments: [{ model: "*" }] });
  });
});

describe("a passthrough * imported from LiteLLM's quick-start config (model_name \"*\", model \"*\")", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    const report = await importLiteLLM(s, corpus("001-litellm-docs-configs-wildcard-star.yaml"));
    expect(report.created.groups).toContain("*");
  });
  afterAll(() => s.close());

  it("stores it as a passthrough pattern group without deployments", async () => {
    expect((await s.ok(GROUP, { name: "*" })).modelGroup).toEqual({ name: "*", pattern: true, passthrough: true, deployments: [] });
  });

  it("answers the config's own names first, and routes any other model by its own name", async () => {
    const own = await resolve(s, "gpt-4o");
    expect(own.kind).toBe("MODEL_GROUP");
    expect(own.prefixedId).toMatch(/^azure\/gpt-4o-/);
    // "Use this if you want to make requests to claude-3-haiku-20240307 … without defining them" (the file's comment).
    const other = await resolve(s, "claude-3-haiku-20240307");
    expect(other.kind).toBe("WILDCARD");
    expect(other.group?.name).toBe("*");
    expect(other.prefixedId).toBe("anthropic/claude-3-haiku-20240307");
    expect(other.candidates[0]!.provider.type.id).toBe("anthropic");
    // Its prefix names the type; the bedrock provider the import created is on the type's default API base.
    const prefixed = await resolve(s, "bedrock/anthropic.claude-3-haiku-20240307-v1:0");
    expect(prefixed.kind).toBe("WILDCARD");
    expect(prefixed.provider?.name).toBe("bedrock");
    expect(prefixed.model).toBe("anthropic.claude-3-haiku-20240307-v1:0");
  });
});

