import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createCatalog, type Catalog } from "../src/catalog/catalog.ts";
import { openDatabase, type DbHandle } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { parseLiteLLM } from "../src/interop/litellm.ts";
import { ConfigSource } from "../src/interop/source.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * LiteLLM proxy YAML as its users write it (issue 10), rule by rule (docs/import-export.md,
 * "LiteLLM proxy config"): through the real import service on :memory: databases, the catalog
 * read back from SQLite and the export read as LiteLLM reads YAML. The parser is called directly
 * only where the registry answer must be staged (an id listed by two first-party providers).
 */

interface Opened {
  handle: DbHandle;
  catalog: Catalog;
}
const opened: Opened[] = [];
function open(env: Record<string, string> = {}): Opened {
  const handle = openDatabase(":memory:");
  const catalog = createCatalog(new SqliteStore(handle), {
    env: (name) => env[name],
    healthStaleAfterMs: 30 * 60_000,
    health: { timeoutMs: 2000, slowMs: 1000, freshForMs: 60_000, concurrency: 1, perProviderConcurrency: 1, maxBodyBytes: 1_000_000 },
    secrets: new SecretBox({ kind: "ephemeral" }),
  });
  const o = { handle, catalog };
  opened.push(o);
  return o;
}
afterAll(async () => {
  for (const { catalog, handle } of opened.splice(0)) {
    await catalog.close();
    handle.close();
  }
});

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const folders: string[] = [];
afterAll(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function yaml(...lines: string[]): string {
  return lines.join("\n") + "\n";
}

function importYaml(o: Opened, content: string, extra: { path?: string; skipInvalid?: boolean } = {}) {
  return o.catalog.interop.importConfig({ format: "LITELLM_YAML", content, source: "input", ...extra });
}

async function refused(fn: () => unknown): Promise<Error & { extensions?: Record<string, unknown> }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { extensions?: Record<string, unknown> };
  }
  throw new Error("expected a refusal");
}

async function exported(o: Opened): Promise<Record<string, unknown>> {
  return ConfigSource.yaml((await o.catalog.interop.exportConfig("LITELLM_YAML")).content, "export").value as Record<string, unknown>;
}

async function entries(o: Opened): Promise<Record<string, any>[]> {
  return (await exported(o)).model_list as Record<string, any>[];
}

function deployments(o: Opened): Record<string, any>[] {
  return (
    o.handle.sqlite
      .prepare(
        `select g.name as grp, p.name as provider, p.type, p.api_base as provider_base, p.api_key_env, d.model, d.model_written, d.variant, d.api_base,
                d.rpm, d.tpm, d.external_id, d.extra_params, d.entry_extra
           from deployments d join model_groups g on g.id = d.group_id join providers p on p.id = d.provider_id order by d.id`,
      )
      .all() as Record<string, any>[]
  ).map((d) => ({ ...d, extra_params: d.extra_params ? JSON.parse(d.extra_params) : null, entry_extra: d.entry_extra ? JSON.parse(d.entry_extra) : null }));
}

function group(o: Opened, name: string): Record<string, any> | undefined {
  const row = o.handle.sqlite.prepare("select name, mode, fallbacks, passthrough from model_groups where name = ?").get(name) as Record<string, any> | undefined;
  return row && { ...row, fallbacks: row.fallbacks ? JSON.parse(row.fallbacks) : null };
}

function unchanged(report: { created: object; updated: object; removed: object }): void {
  const none = { providers: [], groups: [], deployments: [], aliases: [] };
  expect({ created: report.created, updated: report.updated, removed: report.removed }).toEqual({ created: none, updated: none, removed: none });
}

describe("unprefixed models", () => {
  it("are found by their exact id among the registry's first-party providers, reported, stored explicitly and exported as written", async () => {
    const o = open();
    const report = await importYaml(o, yaml("model_list:", "  - model_name: gpt-4o", "    litellm_params:", "      model: gpt-4o", "      api_key: os.environ/OPENAI_API_KEY"));
    expect(report.warnings.join("\n")).toMatch(/input:4: .*"gpt-4o" has no provider prefix; found by its exact id in the model registry under the first-party provider "openai"/);
    expect(deployments(o)).toMatchObject([{ grp: "gpt-4o", type: "openai", model: "gpt-4o", model_written: "gpt-4o" }]);
    expect((await entries(o))).toEqual([{ model_name: "gpt-4o", litellm_params: { model: "gpt-4o", api_key: "os.environ/OPENAI_API_KEY" } }]);
    unchanged(await importYaml(o, (await o.catalog.interop.exportConfig("LITELLM_YAML")).content));
  });

  it("take custom_llm_provider over any lookup", async () => {
    const o = open();
    await importYaml(
      o,
      yaml("model_list:", "  - model_name: eu", "    litellm_params:", "      model: gpt-4o", "      custom_llm_provider: azure", "      api_base: https://eu.openai.azure.com/"),
    );
    expect(deployments(o)).toMatchObject([{ type: "azure", model: "gpt-4o", model_written: "gpt-4o", extra_params: { custom_llm_provider: "azure" } }]);
    expect((await entries(o))[0]!.litellm_params).toEqual({ model: "gpt-4o", custom_llm_provider: "azure", api_base: "https://eu.openai.azure.com/" });
  });

  it("are refused when no first-party provider lists exactly that id: never a substring match", async () => {
    const o = open();
    const error = await refused(() => importYaml(o, yaml("model_list:", "  - model_name: mine", "    litellm_params:", "      model: my-gpt-4o-finetune")));
    expect(error.message).toMatch(/^input:4: model_list\[0\] \(model_name "mine"\): litellm_params.model "my-gpt-4o-finetune" has no provider prefix; .*no first-party provider in the model registry lists exactly that id/);
    expect(deployments(o)).toEqual([]);
    // z-ai/… is not Zhipu's (zai) because it looks like it.
    expect((await refused(() => importYaml(o, yaml("model_list:", "  - model_name: g", "    litellm_params:", "      model: z-ai/glm4.7")))).message).toMatch(
      /unknown provider prefix "z-ai" in litellm_params.model "z-ai\/glm4.7"/,
    );
  });

  it("are refused with the candidates when several first-party providers list the id", async () => {
    const content = yaml("model_list:", "  - model_name: twin", "    litellm_params:", "      model: shared-model");
    const error = await refused(() => parseLiteLLM(content, "input", { firstParty: () => ["openai", "mistral"] }));
    expect(error.message).toMatch(/^input:4: .*under several first-party providers \("openai", "mistral"\), so the provider is ambiguous/);
  });
});

describe("os.environ/ references", () => {
  const file = yaml(
    "model_list:",
    "  - model_name: local",
    "    litellm_params:",
    "      model: os.environ/SERVED_MODEL",
    "      api_base: os.environ/VLLM_BASE",
    "      api_key: os.environ/VLLM_KEY",
  );

  it("in model are read at import and written back; in api_base are kept as the reference", async () => {
    const o = open({ SERVED_MODEL: "hosted_vllm/Qwen/Qwen3-8B" });
    await importYaml(o, file);
    expect(deployments(o)).toMatchObject([{ type: "hosted_vllm", model: "Qwen/Qwen3-8B", model_written: "os.environ/SERVED_MODEL", provider_base: "os.environ/VLLM_BASE", api_key_env: "VLLM_KEY" }]);
    expect((await entries(o))[0]!.litellm_params).toEqual({ model: "os.environ/SERVED_MODEL", api_base: "os.environ/VLLM_BASE", api_key: "os.environ/VLLM_KEY" });
    unchanged(await importYaml(o, file));
  });

  it("in model, unset at import, refuse the entry naming the variable", async () => {
    const o = open();
    const error = await refused(() => importYaml(o, file));
    expect(error.message).toMatch(/^input:4: .*reads the model from environment variable SERVED_MODEL, which is not set/);
  });
});

describe("wildcard routes", () => {
  it("are pattern groups; model: \"*\" is a pass-through group without deployments whose entry is exported as read", async () => {
    const o = open();
    const file = yaml(
      "model_list:",
      '  - model_name: "anthropic/*"',
      "    litellm_params:",
      '      model: "anthropic/*"',
      "      api_key: os.environ/ANTHROPIC_API_KEY",
      '  - model_name: "*"',
      "    litellm_params:",
      '      model: "*"',
      "      drop_params: true",
      "    model_info:",
      "      note: catch-all",
    );
    await importYaml(o, file);
    expect(deployments(o)).toMatchObject([{ grp: "anthropic/*", type: "anthropic", model: "*" }]);
    expect(group(o, "*")).toMatchObject({ passthrough: 1 });
    expect(group(o, "anthropic/*")).toMatchObject({ passthrough: 0 });
    expect((await entries(o))).toContainEqual({ model_name: "*", litellm_params: { model: "*", drop_params: true }, model_info: { note: "catch-all" } });
    unchanged(await importYaml(o, file));
  });
});

describe("placeholders and missing API bases", () => {
  it("are imported with a warning, not refused", async () => {
    const o = open();
    const report = await importYaml(
      o,
      yaml(
        "model_list:",
        "  - model_name: docs",
        "    litellm_params:",
        "      model: azure/<your-deployment-name>",
        "      api_base: <your-azure-endpoint>",
        "  - model_name: bare",
        "    litellm_params:",
        "      model: azure/gpt-4",
      ),
    );
    const warnings = report.warnings.join("\n");
    expect(warnings).toMatch(/input:5: .*api_base "<your-azure-endpoint>" is a placeholder, not a URL: imported as written/);
    expect(warnings).toMatch(/input:8: .*provider type "azure" needs an API base and the entry gives none: imported without one/);
    expect(deployments(o).map((d) => [d.grp, d.provider_base])).toEqual([
      ["docs", "<your-azure-endpoint>"],
      ["bare", null],
    ]);
  });
});

describe("two deployments of one model that differ in parameters", () => {
  const file = yaml(
    "model_list:",
    "  - model_name: claude",
    "    litellm_params:",
    "      model: bedrock/anthropic.claude-sonnet",
    "      tags: [code]",
    "  - model_name: claude",
    "    litellm_params:",
    "      model: bedrock/anthropic.claude-sonnet",
    "      tags: [default]",
    "  - model_name: claude",
    "    litellm_params:",
    "      model: bedrock/anthropic.claude-sonnet",
    "    model_info:",
    "      id: third",
  );

  it("stay two, told apart like LiteLLM (model_info.id, else a digest of the parameters), and importing twice changes nothing", async () => {
    const o = open();
    await importYaml(o, file);
    const variants = deployments(o).map((d) => d.variant as string);
    expect(variants).toHaveLength(3);
    expect(variants[0]).toMatch(/^params:[0-9a-f]{16}$/);
    expect(variants[1]).toMatch(/^params:[0-9a-f]{16}$/);
    expect(variants[0]).not.toBe(variants[1]);
    expect(variants[2]).toBe("id:third");
    unchanged(await importYaml(o, file));
    unchanged(await importYaml(o, (await o.catalog.interop.exportConfig("LITELLM_YAML")).content));
  });

  it("are refused when nothing tells them apart, naming both lines", async () => {
    const o = open();
    const twice = yaml("model_list:", "  - model_name: g", "    litellm_params:", "      model: openai/gpt-4o", "  - model_name: g", "    litellm_params:", "      model: openai/gpt-4o");
    expect((await refused(() => importYaml(o, twice))).message).toMatch(/^input:5: duplicate deployment in model group "g": "gpt-4o" .* already listed at input:2/);
  });
});

describe("rate limits", () => {
  it("given beside litellm_params (and as 20_000, a YAML 1.1 int) are the deployment's, written back where they were", async () => {
    const o = open();
    await importYaml(o, yaml("model_list:", "  - model_name: g", "    litellm_params:", "      model: openai/gpt-4o", "    tpm: 20_000", "    rpm: 3"));
    expect(deployments(o)).toMatchObject([{ tpm: 20000, rpm: 3, entry_extra: { tpm: 20000, rpm: 3 } }]);
    expect((await entries(o))).toEqual([{ model_name: "g", litellm_params: { model: "openai/gpt-4o" }, tpm: 20000, rpm: 3 }]);
  });
});

describe("fallbacks", () => {
  const file = yaml(
    "model_list:",
    "  - model_name: a",
    "    litellm_params:",
    "      model: openai/gpt-4o",
    "  - model_name: b",
    "    litellm_params:",
    "      model: openai/gpt-4o-mini",
    "router_settings:",
    "  fallbacks: [{a: [b, elsewhere]}, {'*': [b]}]",
    "litellm_settings:",
    "  context_window_fallbacks: [{b: [a]}]",
    "  drop_params: true",
  );

  it("become the groups' fallbacks; keys that are no group of the file are kept; export writes each list back in its section", async () => {
    const o = open();
    const report = await importYaml(o, file);
    expect(report.warnings.join("\n")).toMatch(/router_settings.fallbacks: "\*" is the fallback of every model group/);
    expect(group(o, "a")!.fallbacks).toEqual([{ kind: "GENERAL", to: ["b", "elsewhere"] }]);
    expect(group(o, "b")!.fallbacks).toEqual([{ kind: "CONTEXT_WINDOW", to: ["a"] }]);
    const data = await exported(o);
    expect(data.router_settings).toEqual({ fallbacks: [{ a: ["b", "elsewhere"] }, { "*": ["b"] }] });
    expect(data.litellm_settings).toEqual({ context_window_fallbacks: [{ b: ["a"] }], drop_params: true });
    unchanged(await importYaml(o, file));
  });
});

describe("everything else", () => {
  it("is kept as read and exported again; literal secrets are stored sealed and exported as placeholders", async () => {
    const o = open();
    await importYaml(
      o,
      yaml(
        "model_list:",
        "  - model_name: g",
        "    litellm_params:",
        "      model: openai/gpt-4o",
        "      timeout: 30",
        "    model_info:",
        "      mode: batch",
        "      access_groups: [beta]",
        "general_settings:",
        "  master_key: sk-master-secret-1234",
        "  database_url: postgresql://user:pa55word@db:5432/litellm",
        "guardrails:",
        "  - guardrail_name: pii",
      ),
    );
    const text = (await o.catalog.interop.exportConfig("LITELLM_YAML")).content;
    expect(text).not.toContain("sk-master-secret-1234");
    expect(text).not.toContain("pa55word");
    expect(JSON.stringify(o.handle.sqlite.prepare("select content from config_documents").all())).not.toContain("sk-master-secret-1234");
    const data = await exported(o);
    expect(data.model_list).toEqual([{ model_name: "g", litellm_params: { model: "openai/gpt-4o", timeout: 30 }, model_info: { mode: "batch", access_groups: ["beta"] } }]);
    expect((data.general_settings as Record<string, string>).master_key).toMatch(/^os\.environ\/MODELGRAPH_STORED_SECRET_[0-9A-F]{16}$/);
    expect((data.general_settings as Record<string, string>).database_url).toMatch(/^os\.environ\/MODELGRAPH_STORED_SECRET_[0-9A-F]{16}$/);
    expect(data.guardrails).toEqual([{ guardrail_name: "pii" }]);
  });
});

describe("include:", () => {
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "modelgraph-include-"));
    folders.push(dir);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  }

  it("appends the included files' model_list, relative to the file (CLI, file imports)", async () => {
    const main = yaml("include:", "  - models.yaml", "model_list:", "  - model_name: own", "    litellm_params:", "      model: openai/gpt-4o", "litellm_settings:", "  drop_params: true");
    const dir = folder({
      "main.yaml": main,
      "models.yaml": yaml("model_list:", "  - model_name: included", "    litellm_params:", "      model: anthropic/claude-sonnet-4-5", "litellm_settings:", "  num_retries: 2"),
    });
    const o = open();
    const report = await importYaml(o, main, { path: join(dir, "main.yaml") });
    expect(deployments(o).map((d) => d.grp)).toEqual(["own", "included"]);
    // A key that is not a list replaces the including file's, as LiteLLM does: said so.
    expect(report.warnings.join("\n")).toMatch(/models\.yaml:5: litellm_settings replaces the one at input:7/);
    const data = await exported(o);
    expect(data.include).toBeUndefined();
    expect(data.litellm_settings).toEqual({ num_retries: 2 });
  });

  it("names the included file and its line for a problem in it", async () => {
    const dir = folder({ "models.yaml": yaml("model_list:", "  - model_name: bad", "    litellm_params:", "      model: nope/x") });
    const o = open();
    const error = await refused(() => importYaml(o, yaml("include: [models.yaml]", "model_list: []"), { path: join(dir, "main.yaml") }));
    expect(error.message).toMatch(new RegExp(`^${join(dir, "models.yaml").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4: .*unknown provider prefix "nope"`));
  });

  it("is refused over GraphQL, which reads no files, saying what to do instead", async () => {
    const s = await startTestServer();
    servers.push(s);
    const result = await s.gql(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml("include:", "  - models.yaml", "model_list: []") });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/^input:1: include: "models.yaml" cannot be read here: an import over GraphQL \(importConfig\) reads no files; use the CLI `modelgraph import FILE`.*or paste the included model_list/);
  });
});

describe("every problem of a file", () => {
  const file = yaml(
    "model_list:",
    "  - model_name: good",
    "    litellm_params:",
    "      model: openai/gpt-4o",
    "  - model_name: bad-prefix",
    "    litellm_params:",
    "      model: nope/x",
    "  - model_name: bad-rpm",
    "    litellm_params:",
    "      model: openai/gpt-4o-mini",
    "      rpm: lots",
  );

  it("is listed in one refusal, each at its line; nothing is written", async () => {
    const o = open();
    const error = await refused(() => importYaml(o, file));
    expect(error.message).toMatch(/^2 problems; nothing was imported:\n- input:7: .*unknown provider prefix "nope"[^\n]*\n- input:11: .*rpm must be an integer/);
    expect(deployments(o)).toEqual([]);
  });

  it("skipInvalid imports the valid entries and reports each skipped one with its line", async () => {
    const o = open();
    const report = await importYaml(o, file, { skipInvalid: true });
    expect(deployments(o).map((d) => d.grp)).toEqual(["good"]);
    expect(report.skipped.map((s) => [s.line, s.reason.split(":")[0]])).toEqual([
      [5, "input"],
      [8, "input"],
    ]);
  });
});
