import { afterAll, describe, expect, it } from "vitest";
import { BadUserInputError } from "../src/errors.ts";
import { dumpDatabase, startTestServer, type TestServer } from "./support/server.ts";

/*
 * nanobot config JSON as its users write it (docs/import-nanobot.md): every provider name nanobot
 * has and users' own, modelPresets as aliases with their facts, agents.defaults, `${VAR}`,
 * `apiKey: null`, everything else kept; export in today's shape, as read while unchanged. Through
 * the real service (catalog.interop) over a migrated in-memory database, one server per test.
 */

const servers: TestServer[] = [];
async function server(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ env });
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const json = (value: unknown) => JSON.stringify(value, null, 2);
function importOk(s: TestServer, content: unknown, options: { skipInvalid?: boolean; mode?: "MERGE" | "REPLACE" } = {}) {
  return s.catalog.interop.importConfig({ format: "NANOBOT_JSON", content: typeof content === "string" ? content : json(content), ...options });
}
async function refused(s: TestServer, content: unknown): Promise<BadUserInputError> {
  const before = dumpDatabase(s.db);
  let error: unknown;
  try {
    await importOk(s, content);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BadUserInputError);
  expect(dumpDatabase(s.db)).toStrictEqual(before);
  return error as BadUserInputError;
}
const exported = async (s: TestServer) => JSON.parse((await s.catalog.interop.exportConfig("NANOBOT_JSON")).content) as Record<string, any>;
const provider = (s: TestServer, name: string) => s.catalog.read().providerByName(name);
function route(s: TestServer, name: string) {
  const r = s.catalog.resolution.resolve(name);
  return { kind: r.kind, provider: r.selected?.provider.name, model: r.selected?.model, prefixedId: r.selected?.prefixedId, apiBase: r.selected?.apiBase, group: r.group?.name };
}
function deployment(s: TestServer, group: string) {
  const view = s.catalog.read();
  const g = view.groupByName(group)!;
  return view.deployments().find((d) => d.groupId === g.id)!;
}
const groupNamed = (s: TestServer, name: string) => s.catalog.read().groupByName(name);

describe("provider names as nanobot reads them", () => {
  const file = {
    providers: {
      lmStudio: { apiKey: null, apiBase: "http://localhost:1234/v1" },
      ollama: { apiBase: "http://localhost:11434" },
      azure_openai: { apiKey: "${AZURE_OPENAI_API_KEY}", apiBase: "https://my-resource.openai.azure.com" },
      siliconflow: { apiKey: "${SILICONFLOW_KEY}" },
      companyProxy: { apiKey: "${COMPANY_PROXY_API_KEY}", apiBase: "https://llm-proxy.example.com/v1" },
      "tenant-a": { apiBase: "https://tenant-a.example.com/v1" },
    },
    modelPresets: {
      local: { provider: "lm_studio", model: "local-model" },
      llama: { provider: "ollama", model: "llama3.2" },
      azure: { provider: "azure_openai", model: "my-gpt-5-deployment" },
      qwen: { provider: "siliconflow", model: "Qwen/Qwen3-8B" },
      company: { provider: "companyProxy", model: "gpt-4o-mini" },
      tenant: { provider: "tenant-a", model: "served-model-name" },
    },
  };

  it("built-ins by their nanobot name (camelCase or snake_case), users' own names as written or in snake_case; each preset routes to its block's provider", async () => {
    const s = await server();
    const report = await importOk(s, file);
    expect(report.created.providers).toEqual(["lm_studio", "ollama", "azure_openai", "siliconflow", "company_proxy", "tenant-a"]);
    expect(provider(s, "lm_studio")).toMatchObject({ type: "lm_studio", apiBase: "http://localhost:1234/v1", apiKeyEncrypted: null });
    expect(provider(s, "ollama")).toMatchObject({ type: "ollama_chat", apiBase: "http://localhost:11434" });
    expect(provider(s, "azure_openai")).toMatchObject({ type: "azure", apiKeyEnv: "AZURE_OPENAI_API_KEY" });
    // nanobot's default API base for the gateway; its own key variable, never the type's OPENAI_API_KEY.
    expect(provider(s, "siliconflow")).toMatchObject({ type: "openai", apiBase: "https://api.siliconflow.cn/v1", apiKeyEnv: "SILICONFLOW_KEY" });
    expect(provider(s, "company_proxy")).toMatchObject({ type: "openai", apiBase: "https://llm-proxy.example.com/v1", apiKeyEnv: "COMPANY_PROXY_API_KEY" });
    // A user's endpoint without a key reads a variable of its own name, so OpenAI's key never goes there.
    expect(provider(s, "tenant-a")).toMatchObject({ type: "openai", apiBase: "https://tenant-a.example.com/v1", apiKeyEnv: "TENANT_A_API_KEY" });

    expect(route(s, "company")).toEqual({ kind: "ALIAS", provider: "company_proxy", model: "gpt-4o-mini", prefixedId: "openai/gpt-4o-mini", apiBase: "https://llm-proxy.example.com/v1", group: "company_proxy/gpt-4o-mini" });
    expect(route(s, "azure")).toMatchObject({ provider: "azure_openai", prefixedId: "azure/my-gpt-5-deployment" });
    expect(route(s, "llama")).toMatchObject({ provider: "ollama", prefixedId: "ollama_chat/llama3.2" });
    expect(route(s, "qwen")).toMatchObject({ provider: "siliconflow", model: "Qwen/Qwen3-8B", apiBase: "https://api.siliconflow.cn/v1" });
  });

  it("export writes every provider key as the file wrote it, and nothing it did not write", async () => {
    const s = await server();
    await importOk(s, file);
    const out = await exported(s);
    expect(out.providers).toEqual(file.providers);
    expect(out.modelPresets).toEqual(file.modelPresets);
  });

  it("a built-in spelled another way is refused as nanobot refuses it; a user's name without apiBase is refused with the nanobot name it resembles", async () => {
    const s = await server();
    const error = await refused(s, { providers: { "lm-studio": { apiBase: "http://localhost:1234/v1" }, openruoter: { apiKey: "k" } } });
    expect(error.message).toMatch(/^2 problems; nothing was imported:/);
    expect(error.message).toContain('$.providers.lm-studio (input:3): provider "lm-studio" is nanobot\'s built-in "lm_studio" spelled another way; nanobot refuses it');
    expect(error.message).toMatch(/\$\.providers\.openruoter \(input:6\): unknown nanobot provider "openruoter"; did you mean "openrouter"\? .*needs "apiBase"/);
    expect(error.message).not.toContain('"k"');
  });

  it("two spellings of one provider, or two names that become one catalog name, are refused", async () => {
    const s = await server();
    expect((await refused(s, { providers: { lmStudio: { apiBase: "http://a/v1" }, lm_studio: { apiBase: "http://b/v1" } } })).message).toMatch(/provider "lm_studio" is the same nanobot provider as "lmStudio"/);
    expect((await refused(s, { providers: { companyProxy: { apiBase: "http://a/v1" }, company_proxy: { apiBase: "http://b/v1" } } })).message).toMatch(/providers "companyProxy" and "company_proxy" would both be the provider "company_proxy" in modelgraph; rename one/);
  });

  it("a block that configures nothing (nanobot's template) is not a provider, and is written back as read", async () => {
    const s = await server();
    const report = await importOk(s, { providers: { openai: { apiKey: "", apiBase: null }, groq: { apiKey: "${GROQ_API_KEY}" } } });
    expect(report.created.providers).toEqual(["groq"]);
    expect(report.warnings.join("\n")).toMatch(/skipped provider\(s\) that configure nothing.*"openai"/);
    expect((await exported(s)).providers).toEqual({ openai: { apiKey: "", apiBase: null }, groq: { apiKey: "${GROQ_API_KEY}" } });
  });
});

describe("modelPresets are aliases; their maxTokens and contextWindowTokens are facts", () => {
  it("each preset is an alias of the group <provider>/<model>, with the facts on its deployment and the other fields kept", async () => {
    const s = await server();
    const file = {
      modelPresets: {
        fast: { label: "Fast", model: "gpt-4.1-mini", provider: "openai", maxTokens: 4096, contextWindowTokens: 128000, temperature: 0.2, reasoningEffort: "low" },
        deep: { model: "claude-opus-4-5", provider: "anthropic", maxTokens: 8192, contextWindowTokens: 200000, reasoningEffort: "high" },
      },
    };
    const report = await importOk(s, file);
    expect(report.created.aliases).toEqual(["fast", "deep"]);
    // Built-ins the file uses without a block: nanobot has every built-in, so the catalog gets them.
    expect(report.created.providers).toEqual(["openai", "anthropic"]);
    expect(route(s, "fast")).toMatchObject({ kind: "ALIAS", provider: "openai", prefixedId: "openai/gpt-4.1-mini", group: "openai/gpt-4.1-mini" });
    expect(deployment(s, "openai/gpt-4.1-mini").factsOverride).toEqual({ contextWindow: 128000, maxOutputTokens: 4096 });
    expect(deployment(s, "anthropic/claude-opus-4-5").factsOverride).toEqual({ contextWindow: 200000, maxOutputTokens: 8192 });
    const facts = s.catalog.read().facts(deployment(s, "openai/gpt-4.1-mini"));
    expect(facts.maxOutputTokens).toBe(4096);
    // label, temperature, reasoningEffort: kept as read; no providers section was written, none is exported.
    expect((await exported(s))).toEqual(file);
  });

  it("two presets of one model with different facts: the first sets them, a warning names both, both are exported as read", async () => {
    const s = await server();
    const file = { modelPresets: { short: { provider: "openai", model: "gpt-4o", maxTokens: 1024 }, long: { provider: "openai", model: "gpt-4o", maxTokens: 16384, temperature: 1 } } };
    const report = await importOk(s, file);
    expect(report.created.groups).toEqual(["openai/gpt-4o"]);
    expect(deployment(s, "openai/gpt-4o").factsOverride).toEqual({ maxOutputTokens: 1024 });
    expect(report.warnings.join("\n")).toContain("modelPresets.long states maxTokens 16384 for \"openai/gpt-4o\", modelPresets.short states maxTokens 1024; one deployment has one set of facts: the first is kept");
    expect((await exported(s))).toEqual(file);
  });

  it("a mutation of the catalog shows in the export: another model, other facts; the preset's other fields stay", async () => {
    const s = await server();
    await importOk(s, { modelPresets: { fast: { provider: "openai", model: "gpt-4.1-mini", maxTokens: 4096, temperature: 0.2 } } });
    const d = deployment(s, "openai/gpt-4.1-mini");
    await s.catalog.deployments.update(d.id, { model: "gpt-4.1-nano", facts: { maxOutputTokens: 2048 } });
    expect((await exported(s)).modelPresets.fast).toEqual({ provider: "openai", model: "gpt-4.1-nano", maxTokens: 2048, temperature: 0.2 });
  });

  it('"default" is nanobot\'s reserved preset name: refused; provider "auto" with nothing to decide it is kept as written, not guessed', async () => {
    const s = await server();
    expect((await refused(s, { modelPresets: { default: { provider: "openai", model: "gpt-4o" } } })).message).toMatch(/^\$\.modelPresets\.default \(input:3\): preset name "default" is reserved by nanobot/);
    const file = { providers: { openai: { apiKey: "${OPENAI_API_KEY}" }, anthropic: { apiKey: "${ANTHROPIC_API_KEY}" } }, modelPresets: { any: { model: "claude-opus-4-5" } } };
    const report = await importOk(s, file);
    expect(report.created.aliases).toEqual([]);
    expect(report.warnings.join("\n")).toMatch(/\$\.modelPresets\.any: preset "any" has provider "auto": nanobot would pick the provider by its own keyword rules, which modelgraph does not guess/);
    expect((await exported(s)).modelPresets).toEqual(file.modelPresets);
  });
});

describe("agents.defaults", () => {
  it("model with provider is the alias default; modelPreset's group gets fallbackModels, by preset name or inline object, in order", async () => {
    const s = await server();
    const file = {
      modelPresets: {
        fast: { provider: "openrouter", model: "anthropic/claude-sonnet-4.5", maxTokens: 4096, contextWindowTokens: 65536 },
        deep: { provider: "anthropic", model: "claude-opus-4-5" },
      },
      agents: {
        defaults: {
          model: "llama3.2",
          provider: "ollama",
          modelPreset: "fast",
          fallbackModels: ["deep", { provider: "deepseek", model: "deepseek-v4-pro", maxTokens: 4096, contextWindowTokens: 262144 }],
          workspace: "~/.nanobot/workspace",
        },
      },
    };
    await importOk(s, file);
    expect(route(s, "default")).toMatchObject({ kind: "ALIAS", provider: "ollama", model: "llama3.2", group: "ollama/llama3.2" });
    expect(groupNamed(s, "openrouter/anthropic/claude-sonnet-4.5")!.fallbacks).toEqual([{ kind: "GENERAL", to: ["deep", "deepseek/deepseek-v4-pro"] }]);
    // The inline fallback is the group <provider>/<model>, with its own facts.
    expect(deployment(s, "deepseek/deepseek-v4-pro").factsOverride).toEqual({ contextWindow: 262144, maxOutputTokens: 4096 });
    expect(groupNamed(s, "ollama/llama3.2")!.fallbacks).toBeNull();
    expect((await exported(s))).toEqual(file);
  });

  it("a fallback to the active model itself is left out of the group's fallbacks (a group never falls back to itself), with a warning; the file keeps it", async () => {
    const s = await server();
    const file = { modelPresets: { fast: { provider: "openai", model: "gpt-4o" }, same: { provider: "openai", model: "gpt-4o", temperature: 1 }, deep: { provider: "anthropic", model: "claude-opus-4-5" } }, agents: { defaults: { modelPreset: "fast", fallbackModels: ["same", "deep"] } } };
    const report = await importOk(s, file);
    expect(report.warnings.join("\n")).toContain('"same" routes to the active model itself ("openai/gpt-4o"); left out of its fallbacks');
    expect(groupNamed(s, "openai/gpt-4o")!.fallbacks).toEqual([{ kind: "GENERAL", to: ["deep"] }]);
    expect((await exported(s))).toEqual(file);
  });

  it("without modelPreset, the default model's group gets the fallbacks", async () => {
    const s = await server();
    await importOk(s, { modelPresets: { deep: { provider: "anthropic", model: "claude-opus-4-5" } }, agents: { defaults: { model: "gpt-4o", provider: "openai", fallbackModels: ["deep"] } } });
    expect(groupNamed(s, "openai/gpt-4o")!.fallbacks).toEqual([{ kind: "GENERAL", to: ["deep"] }]);
  });

  it('provider "auto": the file\'s only configured provider when nanobot can end nowhere else; with two, nothing is guessed', async () => {
    const one = await server();
    await importOk(one, { providers: { openrouter: { apiKey: "sk-or-1" } }, agents: { defaults: { model: "anthropic/claude-opus-4-5" } } });
    expect(route(one, "default")).toMatchObject({ provider: "openrouter", prefixedId: "openrouter/anthropic/claude-opus-4-5" });

    // A model nanobot would send to a local server it has built in (by its ollama/ prefix): not decided here.
    const local = await server();
    expect((await await importOk(local, { providers: { openrouter: { apiKey: "sk-or-1" } }, agents: { defaults: { model: "ollama/llama3.2" } } })).created.aliases).toEqual([]);

    const two = await server();
    const report = await importOk(two, { providers: { openai: { apiKey: "k1" }, anthropic: { apiKey: "k2" } }, agents: { defaults: { model: "gpt-4o" } } });
    expect(report.created.aliases).toEqual([]);
    expect(report.warnings.join("\n")).toMatch(/agents\.defaults\.model "gpt-4o" has provider "auto" and this file does not say which provider nanobot picks/);
    expect((await exported(two)).agents).toEqual({ defaults: { model: "gpt-4o" } });
  });

  it("a modelPreset or fallback that names no preset is refused as nanobot refuses it; a string fallback is never a model id", async () => {
    const s = await server();
    const error = await refused(s, { modelPresets: { fast: { provider: "openai", model: "gpt-4o" } }, agents: { defaults: { modelPreset: "fsat", fallbackModels: ["gpt-4o-mini"] } } });
    expect(error.message).toContain('$.agents.defaults.modelPreset (input:10): modelPreset "fsat" is not in modelPresets (nanobot refuses it: "model_preset not found"); accepted: "fast"');
    expect(error.message).toContain('$.agents.defaults.fallbackModels[0] (input:12): fallback "gpt-4o-mini" is not in modelPresets; a string in fallbackModels is a preset name, never a model id');
  });
});

describe("${VAR} as nanobot interpolates it", () => {
  it("apiKey ${NAME} is the provider's key variable (no literal stored); apiBase ${NAME} a reference read when used; model ${NAME} read now and written back", async () => {
    const s = await server({ VLLM_MODEL: "Qwen/Qwen3-32B-AWQ" });
    const file = {
      providers: { vllm: { apiKey: "${VLLM_TOKEN}", apiBase: "${VLLM_BASE}" } },
      modelPresets: { local: { provider: "vllm", model: "${VLLM_MODEL}" } },
    };
    await importOk(s, file);
    expect(provider(s, "vllm")).toMatchObject({ apiKeyEnv: "VLLM_TOKEN", apiKeyEncrypted: null, apiBase: "os.environ/VLLM_BASE" });
    expect(route(s, "local")).toMatchObject({ model: "Qwen/Qwen3-32B-AWQ", group: "vllm/Qwen/Qwen3-32B-AWQ" });
    expect(deployment(s, "vllm/Qwen/Qwen3-32B-AWQ").modelWritten).toBe("${VLLM_MODEL}");
    expect((await exported(s))).toEqual(file);
  });

  it("an unset variable in a model is refused naming it; a key mixing text and ${NAME} is refused without showing it", async () => {
    const s = await server();
    const error = await refused(s, { providers: { openai: { apiKey: "sk-live-${SUFFIX}" } }, modelPresets: { m: { provider: "deepseek", model: "${DEEPSEEK_MODEL}" } } });
    expect(error.message).toContain('$.modelPresets.m.model (input:10): preset "m": model "${DEEPSEEK_MODEL}": environment variable "DEEPSEEK_MODEL" is not set in the importing process');
    expect(error.message).toContain("$.providers.openai.apiKey (input:4): apiKey (not shown) mixes text with ${SUFFIX}");
    expect(error.message).not.toContain("sk-live");
  });
});

describe("apiKey null, literal keys and other secrets", () => {
  it("apiKey: null is no key, and is exported as null", async () => {
    const s = await server();
    const file = { providers: { atomic_chat: { apiKey: null, apiBase: "http://127.0.0.1:1337/v1" } }, agents: { defaults: { provider: "atomic_chat", model: "qwen3-32b" } } };
    await importOk(s, file);
    expect(s.catalog.providers.keyOf(provider(s, "atomic_chat")!).source).toBe("NONE");
    expect(route(s, "default")).toMatchObject({ provider: "atomic_chat", prefixedId: "openai/qwen3-32b", apiBase: "http://127.0.0.1:1337/v1" });
    expect((await exported(s))).toEqual(file);
  });

  it("a literal apiKey is stored encrypted and exported as ${MODELGRAPH_STORED_KEY_…}; importing that keeps the stored key; other secrets become ${MODELGRAPH_STORED_SECRET_…}", async () => {
    const s = await server();
    const file = {
      providers: { openrouter: { apiKey: "sk-or-v1-LITERAL-1", extraHeaders: { "HTTP-Referer": "https://example.com", Authorization: "Bearer HEADER-LITERAL-2" } } },
      channels: { telegram: { enabled: true, token: "123456:TOKEN-LITERAL-3", allowFrom: ["123456789"] } },
    };
    await importOk(s, file);
    expect(s.catalog.providers.keyOf(provider(s, "openrouter")!).source).toBe("LITERAL");
    const text = (await s.catalog.interop.exportConfig("NANOBOT_JSON")).content;
    for (const literal of ["LITERAL-1", "LITERAL-2", "LITERAL-3"]) {
      expect(text).not.toContain(literal);
      expect(JSON.stringify(dumpDatabase(s.db))).not.toContain(literal);
    }
    const out = JSON.parse(text);
    expect(out.providers.openrouter.apiKey).toBe("${MODELGRAPH_STORED_KEY_OPENROUTER}");
    expect(out.providers.openrouter.extraHeaders.Authorization).toMatch(/^\$\{MODELGRAPH_STORED_SECRET_[0-9A-F]{16}\}$/);
    expect(out.channels.telegram).toMatchObject({ enabled: true, allowFrom: ["123456789"], token: expect.stringMatching(/^\$\{MODELGRAPH_STORED_SECRET_[0-9A-F]{16}\}$/) });

    const before = dumpDatabase(s.db);
    const again = await importOk(s, text);
    expect(again.created).toEqual({ providers: [], groups: [], deployments: [], aliases: [] });
    expect(again.updated).toEqual({ providers: [], groups: [], deployments: [], aliases: [] });
    expect(dumpDatabase(s.db)).toStrictEqual(before);
    expect(s.catalog.providers.keyOf(provider(s, "openrouter")!).source).toBe("LITERAL");
  });

  it("modelgraph's earlier placeholder is still read as \"keep the stored key\"", async () => {
    const s = await server();
    await importOk(s, { providers: { groq: { apiKey: "gsk-LITERAL" } } });
    const report = await importOk(s, { providers: { groq: { apiKey: "<stored encrypted in modelgraph: set it here>" } } });
    expect(report.warnings.join("\n")).toMatch(/apiKey is modelgraph's export placeholder; a key stored for "groq" is kept/);
    expect(s.catalog.providers.keyOf(provider(s, "groq")!).source).toBe("LITERAL");
  });
});

describe("everything else is kept as read", () => {
  it("providers' other keys, channels, tools and agents settings come back unchanged", async () => {
    const s = await server();
    const file = {
      agents: { defaults: { workspace: "~/bots/one", maxToolIterations: 40, timezone: "Europe/Berlin" } },
      providers: {
        openai: { apiKey: "${OPENAI_API_KEY}", apiType: "responses", extraBody: { tools: [{ type: "web_search" }], include: ["web_search_call.action.sources"] } },
        companyProxy: { apiKey: "${COMPANY_PROXY_API_KEY}", apiBase: "https://api.your-provider.com/v1", thinkingStyle: "enable_thinking", proxy: "http://127.0.0.1:7890" },
      },
      modelPresets: { company: { provider: "companyProxy", model: "served-model-name", reasoningEffort: "high" } },
      channels: { whatsapp: { enabled: false }, sendProgress: true },
      tools: { web: { enable: false }, ssrfWhitelist: ["100.64.0.0/10"] },
      gateway: { port: 18790 },
    };
    const report = await importOk(s, file);
    expect(report.warnings.join("\n")).not.toMatch(/ignored/);
    expect((await exported(s))).toEqual(file);
  });
});

describe("nanobot's routing prefixes", () => {
  it("bedrock/, opencode/ and a user's own provider name before the model are removed as nanobot removes them; export writes them back", async () => {
    const s = await server();
    const file = {
      providers: { companyProxy: { apiBase: "https://llm-proxy.example.com/v1" } },
      modelPresets: {
        nova: { provider: "bedrock", model: "bedrock/amazon.nova-lite-v1:0" },
        zen: { provider: "opencode", model: "opencode/deepseek-v4-pro" },
        proxied: { provider: "companyProxy", model: "companyProxy/gpt-4o" },
        gateway: { provider: "openrouter", model: "anthropic/claude-sonnet-4.5" },
      },
    };
    await importOk(s, file);
    expect(route(s, "nova")).toMatchObject({ provider: "bedrock", model: "amazon.nova-lite-v1:0", prefixedId: "bedrock/amazon.nova-lite-v1:0" });
    expect(route(s, "zen")).toMatchObject({ provider: "opencode", model: "deepseek-v4-pro", apiBase: "https://opencode.ai/zen/v1" });
    expect(route(s, "proxied")).toMatchObject({ provider: "company_proxy", model: "gpt-4o" });
    // A gateway keeps the vendor prefix: it is its routing instruction.
    expect(route(s, "gateway")).toMatchObject({ provider: "openrouter", model: "anthropic/claude-sonnet-4.5" });
    expect((await exported(s))).toEqual(file);
  });
});

describe("problems: every one listed, or skipInvalid imports the rest", () => {
  const file = {
    providers: { "lm-studio": { apiBase: "http://localhost:1234/v1" }, deepseek: { apiKey: "${DEEPSEEK_API_KEY}" } },
    modelPresets: {
      ok: { provider: "deepseek", model: "deepseek-chat" },
      bad: { provider: "nope", model: "m" },
      big: { provider: "deepseek", model: "deepseek-reasoner", maxTokens: "lots" },
      also: { provider: "deepseek", model: "deepseek-reasoner" },
    },
    agents: { defaults: { modelPreset: "ok", fallbackModels: ["bad", "also"] } },
  };

  it("all-or-nothing by default: one located problem per bad entry", async () => {
    const s = await server();
    const error = await refused(s, file);
    expect(error.message).toMatch(/^4 problems; nothing was imported:/);
    const problems = (error.extensions as { problems: { message: string }[] }).problems.map((p) => p.message.split(":")[0]);
    expect(problems).toEqual(["$.providers.lm-studio (input", "$.modelPresets.bad.provider (input", "$.modelPresets.big.maxTokens (input", "$.agents.defaults.fallbackModels[0] (input"]);
  });

  it("skipInvalid: the valid entries are imported, each skipped one reported with its location and reason, and left out of the export", async () => {
    const s = await server();
    const report = await importOk(s, file, { skipInvalid: true });
    expect(report.created.aliases).toEqual(["ok", "also"]);
    expect(report.skipped.map((k) => k.location)).toEqual(["$.providers.lm-studio (input:3)", "$.modelPresets.bad (input:15)", "$.modelPresets.big (input:19)", "$.agents.defaults.fallbackModels[0] (input:33)"]);
    expect(report.skipped[3]!.reason).toMatch(/fallback "bad": that preset was not imported/);
    expect(groupNamed(s, "deepseek/deepseek-chat")!.fallbacks).toEqual([{ kind: "GENERAL", to: ["also"] }]);
    const out = await exported(s);
    expect(Object.keys(out.providers)).toEqual(["deepseek"]);
    expect(Object.keys(out.modelPresets)).toEqual(["ok", "also"]);
    expect(out.agents.defaults.fallbackModels).toEqual(["also"]);
  });
});

describe("export of a catalog that no nanobot file made", () => {
  it("today's shape: one preset per alias, providers by name, a group without an alias as a preset of its own name, with a warning", async () => {
    const s = await server();
    await s.catalog.interop.importConfig({
      format: "LITELLM_YAML",
      content: [
        "model_list:",
        "  - model_name: gpt-4o",
        "    litellm_params:",
        "      model: openai/gpt-4o",
        "      api_key: os.environ/OPENAI_API_KEY",
        "  - model_name: local",
        "    litellm_params:",
        "      model: hosted_vllm/meta-llama/Llama-3.1-8B-Instruct",
        "      api_base: http://vllm:8000/v1",
        "router_settings:",
        "  model_group_alias:",
        "    smart: gpt-4o",
        "",
      ].join("\n"),
    });
    const result = await s.catalog.interop.exportConfig("NANOBOT_JSON");
    const out = JSON.parse(result.content);
    expect(out.modelPresets).toMatchObject({ smart: { provider: expect.any(String), model: "gpt-4o" }, "gpt-4o": { model: "gpt-4o" }, local: { model: "meta-llama/Llama-3.1-8B-Instruct" } });
    expect(result.warnings.join("\n")).toMatch(/model group "local" is exported as the nanobot preset "local"/);
    // Imported back as nanobot: every name routes to the same upstream.
    const back = await server();
    await importOk(back, result.content);
    expect(route(back, "smart").prefixedId).toBe("openai/gpt-4o");
    expect(route(back, "local")).toMatchObject({ prefixedId: "hosted_vllm/meta-llama/Llama-3.1-8B-Instruct", apiBase: "http://vllm:8000/v1" });
  });
});
