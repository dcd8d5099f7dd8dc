import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProviderType, PROVIDER_TYPES, providerTypeIds } from "../src/catalog/provider-types.ts";
import { validateApiBase, validateApiKeyEnv } from "../src/catalog/validation.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/** models.dev provider ids, read from the shared corpus at test time (a missing file fails the test). */
const MODELS_DEV_FILE = resolve(import.meta.dirname, "../../shared/corpus/models-metadata/models.dev-api-approx-f3fc6922.json");

/** LlmProviders members that are not model providers (docs/provider-types.md says why). */
const NOT_MODEL_PROVIDERS = [
  "aws_polly", "reducto", "runwayml", "black_forest_labs", "milvus", "a2a", "nvidia_riva", "soniox", "deepgram",
  "elevenlabs", "langfuse", "humanloop", "topaz", "pg_vector", "s3_vectors", "recraft", "fal_ai", "stability",
  "dotprompt", "auto_router", "manus", "a2a_agent", "langgraph", "langflow", "litellm_agent", "custom",
];

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function entry(id: string) {
  const t = findProviderType(id);
  if (!t) throw new Error(`no provider type ${id}`);
  return t;
}

describe("built-in provider types (LiteLLM's provider list)", () => {
  it("has every routable LiteLLM provider: at least 100 types, ids unique, prefix = id", () => {
    expect(PROVIDER_TYPES.length).toBeGreaterThanOrEqual(100);
    const ids = providerTypeIds();
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of PROVIDER_TYPES) expect(t.prefix, t.id).toBe(t.id);
    for (const id of ["openai", "azure", "azure_ai", "bedrock", "vertex_ai", "gemini", "huggingface", "cohere", "mistral", "groq", "together_ai", "fireworks_ai", "ollama", "hosted_vllm", "openrouter", "zai", "watsonx", "sagemaker", "databricks", "cloudflare", "voyage", "xai", "deepseek"]) {
      expect(findProviderType(id), id).toBeDefined();
    }
  });

  it("leaves out the enum members that serve no chat, completion or embedding model", () => {
    for (const id of NOT_MODEL_PROVIDERS) expect(findProviderType(id), id).toBeUndefined();
  });

  it("gives every default API base as a valid https URL (http only for local servers) that createProvider would accept", () => {
    const withBase = PROVIDER_TYPES.filter((t) => t.defaultApiBase !== null);
    expect(withBase.length).toBeGreaterThanOrEqual(50);
    for (const t of withBase) {
      const url = new URL(t.defaultApiBase!);
      if (url.protocol === "http:") expect(LOCAL_HOSTS.has(url.hostname), `${t.id}: ${t.defaultApiBase}`).toBe(true);
      else expect(url.protocol, t.id).toBe("https:");
      expect(url.search + url.hash, t.id).toBe("");
      expect(() => validateApiBase(t.defaultApiBase!), t.id).not.toThrow();
    }
    for (const t of PROVIDER_TYPES.filter((t) => t.requiresApiBase)) expect(t.defaultApiBase, t.id).toBeNull();
  });

  it("names a valid key variable for every type, and says why a type without a probe has none", () => {
    for (const t of PROVIDER_TYPES) {
      expect(t.apiKeyEnv, t.id).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(validateApiKeyEnv(t.apiKeyEnv), t.id).toBe(t.apiKeyEnv);
      expect(t.source.length, t.id).toBeGreaterThan(0);
      if (t.apiStyle === "none") expect(t.probeNote?.length ?? 0, t.id).toBeGreaterThan(10);
      else expect(t.probeNote, t.id).toBeNull();
    }
    expect(entry("bedrock").probeNote).toContain("SigV4");
    expect(entry("vertex_ai").probeNote).toContain("OAuth");
  });

  it("keeps the values LiteLLM's source gives for well-known types", () => {
    expect(entry("openai")).toMatchObject({ apiStyle: "openai", defaultApiBase: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", requiresApiBase: false, modelsDevId: "openai" });
    expect(entry("anthropic")).toMatchObject({ apiStyle: "anthropic", defaultApiBase: "https://api.anthropic.com", apiKeyEnv: "ANTHROPIC_API_KEY", modelsDevId: "anthropic" });
    expect(entry("hosted_vllm")).toMatchObject({ apiStyle: "openai", defaultApiBase: null, apiKeyEnv: "HOSTED_VLLM_API_KEY", requiresApiBase: true, modelsDevId: null });
    expect(entry("openrouter")).toMatchObject({ apiStyle: "openai", defaultApiBase: "https://openrouter.ai/api/v1", apiKeyEnv: "OPENROUTER_API_KEY", modelsDevId: "openrouter" });
    expect(entry("zai")).toMatchObject({ apiStyle: "openai", defaultApiBase: "https://api.z.ai/api/paas/v4", apiKeyEnv: "ZAI_API_KEY", modelsDevId: "zai" });
    expect(entry("bedrock")).toMatchObject({ apiStyle: "none", defaultApiBase: null, apiKeyEnv: "AWS_ACCESS_KEY_ID", requiresApiBase: false, modelsDevId: "amazon-bedrock" });
    expect(entry("azure")).toMatchObject({ apiStyle: "azure", defaultApiBase: null, apiKeyEnv: "AZURE_API_KEY", requiresApiBase: true, modelsDevId: "azure" });
    expect(entry("huggingface")).toMatchObject({ apiStyle: "openai", defaultApiBase: "https://router.huggingface.co/v1", apiKeyEnv: "HUGGINGFACE_API_KEY", modelsDevId: "huggingface" });
    expect(entry("cohere")).toMatchObject({ apiStyle: "none", apiKeyEnv: "COHERE_API_KEY", modelsDevId: "cohere" });
    expect(entry("hyperbolic")).toMatchObject({ defaultApiBase: "https://api.hyperbolic.xyz/v1", apiKeyEnv: "HYPERBOLIC_API_KEY", source: "llms/hyperbolic/chat/transformation.py" });
    expect(entry("scaleway")).toMatchObject({ defaultApiBase: "https://api.scaleway.ai/v1", apiKeyEnv: "SCW_SECRET_KEY" });
  });

  it("maps types to models.dev provider ids that exist in the models.dev corpus", () => {
    const modelsDev = JSON.parse(readFileSync(MODELS_DEV_FILE, "utf8")) as Record<string, unknown>;
    const mapped = PROVIDER_TYPES.filter((t) => t.modelsDevId !== null);
    expect(mapped.length).toBeGreaterThanOrEqual(40);
    for (const t of mapped) expect(Object.hasOwn(modelsDev, t.modelsDevId!), `${t.id} → ${t.modelsDevId}`).toBe(true);
  });
});

describe("provider types over GraphQL", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HYPERBOLIC_API_KEY: "hyp-test-key" } });
  });
  afterAll(() => server.close());

  it("lists every built-in type, and a provider of a new type gets LiteLLM's default base and key variable", async () => {
    const { providerTypes } = await server.ok(ops.ProviderTypesDocument);
    expect(providerTypes.map((t) => t.id)).toEqual(providerTypeIds());
    expect(providerTypes.find((t) => t.id === "bedrock")).toMatchObject({ apiStyle: "NONE", defaultApiBase: null });

    const created = await server.ok(ops.CreateProviderDocument, { input: { name: "hyper", type: "hyperbolic" } });
    expect(created.createProvider.provider).toMatchObject({
      apiBase: "https://api.hyperbolic.xyz/v1",
      apiKeyEnv: "HYPERBOLIC_API_KEY",
      apiKeyConfigured: true,
      type: { id: "hyperbolic", prefix: "hyperbolic" },
    });
    expect(created.createProvider.warnings).toEqual([]);
    expect(created.createProvider.warnings.join(" ") + JSON.stringify(created)).not.toContain("hyp-test-key");
  });

  it("says through GraphQL which models.dev provider each type's facts come from, and why a type has no probe", async () => {
    const { providerTypes } = await server.ok(ops.ProviderTypeLinksDocument);
    const byId = new Map(providerTypes.map((t) => [t.id, t]));
    expect(byId.get("openai")).toMatchObject({ modelsDevId: "openai", probeNote: null });
    expect(byId.get("anthropic")?.modelsDevId).toBe("anthropic");
    expect(byId.get("bedrock")?.apiStyle).toBe("NONE");
    expect(byId.get("bedrock")?.probeNote).toBe(entry("bedrock").probeNote);
    expect(byId.get("bedrock")?.probeNote).toMatch(/\S/);
    for (const t of providerTypes) {
      expect(t.modelsDevId).toBe(entry(t.id).modelsDevId);
      expect(t.probeNote === null).toBe(t.apiStyle !== "NONE");
    }
  });
});
