import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.ts";
import * as ops from "./generated/graphql.ts";
import { dumpDatabase, startTestServer, type GraphQLResult, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

/*
 * Issue 8, findings 6, 13, 15, 16, 18 and 21: what a writer (a token holder, an import file) can
 * do with keys, API bases and names. Real servers on 127.0.0.1, real upstreams, real SQLite files.
 */

const ENV_KEY = "sk-env-HOSTILE-3b9c1e";
const LITERAL = "sk-lit-HOSTILE-77aa02";
const dir = mkdtempSync(join(tmpdir(), "modelgraph-hostile-writers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let upA: FakeUpstream;
let upB: FakeUpstream;
beforeEach(async () => {
  upA = await FakeUpstream.start(["m"]);
  upB = await FakeUpstream.start(["m"]);
});
afterEach(async () => {
  await upA.close();
  await upB.close();
});

function expectRefused<R>(result: GraphQLResult<R>, code: string, message: RegExp): void {
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  expect(result.errors![0]!.extensions?.code, result.errors![0]!.message).toBe(code);
  expect(result.errors![0]!.message).toMatch(message);
}

/** Every table except health rows written by probes. */
function catalogTables(db: DbHandle): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(dumpDatabase(db)).filter(([name]) => !/health|lease/i.test(name)));
}

/** A server whose master key is a key file (`secret.key` beside the database, as `modelgraph serve` has it). */
function startKeyFileServer(dbPath: string, keyPath: string, env: Record<string, string> = {}) {
  return startTestServer({ dbPath, secretFile: keyPath, env });
}

async function seedDeployment(s: Pick<TestServer, "ok">, provider: string, group: string): Promise<string> {
  await s.ok(ops.CreateModelGroupDocument, { input: { name: group } });
  return (await s.ok(ops.AddDeploymentDocument, { input: { group, provider, model: "m" } })).addDeployment.deployment.id;
}

// -----------------------------------------------------------------------------------------------

describe("finding 6: apiKeyEnv follows a documented rule", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ env: { MODELGRAPH_SECRET_KEY: "master", PATH: "/usr/bin", OPENAI_API_KEY: ENV_KEY } });
  });
  afterEach(() => server.close());

  it("refuses modelgraph's own variables and names that do not look like a key, on create, update and import", async () => {
    const before = dumpDatabase(server.db);
    for (const name of ["MODELGRAPH_SECRET_KEY", "os.environ/MODELGRAPH_ADMIN_TOKEN", "MODELGRAPH_READ_TOKEN", "PORT", "HOST", "NODE_ENV"]) {
      const result = await server.gql(ops.CreateProviderDocument, { input: { name: "thief", type: "openai", apiBase: upB.base, apiKeyEnv: name } });
      expectRefused(result, "BAD_USER_INPUT", /names one of modelgraph's own settings \(MODELGRAPH_\*, PORT, HOST, NODE_ENV\)/);
    }
    for (const name of ["PATH", "HOME", "DATABASE_URL", "SHELL"]) {
      const result = await server.gql(ops.CreateProviderDocument, { input: { name: "thief", type: "openai", apiKeyEnv: name } });
      expectRefused(result, "BAD_USER_INPUT", new RegExp(`"${name}" does not look like a key variable; accepted: .*KEY, TOKEN, SECRET`));
    }
    expectRefused(
      await server.gql(ops.CreateProviderDocument, { input: { name: "thief", type: "openai", apiKeyEnv: "openai_api_key" } }),
      "BAD_USER_INPUT",
      /upper-case letters, digits and '_'/,
    );
    expect(dumpDatabase(server.db)).toStrictEqual(before);

    await server.ok(ops.CreateProviderDocument, { input: { name: "ok", type: "openai", apiKeyEnv: "OPENAI_API_KEY" } });
    const snapshot = dumpDatabase(server.db);
    expectRefused(await server.gql(ops.UpdateProviderDocument, { name: "ok", input: { apiKeyEnv: "MODELGRAPH_SECRET_KEY" } }), "BAD_USER_INPUT", /modelgraph's own settings/);
    const yaml = [
      "model_list:",
      "  - model_name: stolen",
      "    litellm_params:",
      "      model: openai/m",
      `      api_base: ${upB.base}`,
      "      api_key: os.environ/MODELGRAPH_SECRET_KEY",
    ].join("\n");
    const imported = await server.gql(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });
    expectRefused(imported, "BAD_USER_INPUT", /MODELGRAPH_SECRET_KEY.*modelgraph's own settings/);
    expect(dumpDatabase(server.db)).toStrictEqual(snapshot);
  });

  it("accepts every api_key variable of the LiteLLM configs in the corpus, and the built-in types' own", async () => {
    // The os.environ/ names used for api_key in /work/shared/corpus/litellm/*.yaml.
    const corpus = [
      "ANTHROPIC_API_KEY", "AZURE_API_KEY", "AZURE_API_KEY_2", "AZURE_API_KEY_CA", "AZURE_API_KEY_EASTUS", "AZURE_API_KEY_EU",
      "AZURE_API_KEY_WESTEUROPE", "AZURE_GPT_4O", "AZURE_OPENAI_KEY", "DEEPSEEK_API_KEY", "FIREWORKS", "GEMINI_API_KEY", "GOOGLE_API_KEY",
      "GROQ_API_KEY", "LAKERA_API_KEY", "MOONSHOT_API_KEY", "OPENAI_API_KEY", "OPENAI_API_KEY_SECONDARY", "SILICONFLOW_API_KEY",
      "VLLM_API_KEY", "XAI_API_KEY", "ZHIPU_API_KEY",
      // Other names people write: nanobot/LiteLLM docs, this repository's fixtures.
      "HF_TOKEN", "AOAI_KEY", "NIM_KEY", "LANGFUSE_PROJECT1_SECRET", "AWS_SECRET_ACCESS_KEY", "VERTEXAI_CREDENTIALS", "MY_APIKEY",
    ];
    const types = (await server.ok(ops.ProviderTypesDocument, {})).providerTypes.map((t) => t.apiKeyEnv);
    let i = 0;
    for (const name of [...new Set([...corpus, ...types])]) {
      const created = await server.gql(ops.CreateProviderDocument, { input: { name: `p${i++}`, type: "openai", apiKeyEnv: `os.environ/${name}` } });
      expect(created.errors, name).toBeUndefined();
      expect(created.data?.createProvider.provider.apiKeyEnv).toBe(name);
    }
  });
});

describe("finding 6: a key never follows an API base to another origin unless the writer says so", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ env: { OPENAI_API_KEY: ENV_KEY } });
  });
  afterEach(() => server.close());

  it("updateProvider(apiBase) to another host without the key is refused, the database is unchanged and that host receives nothing", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "victim", type: "openai", apiBase: upA.base, apiKeyEnv: "OPENAI_API_KEY" } });
    await seedDeployment(server, "victim", "g");
    const before = catalogTables(server.db);

    const moved = await server.gql(ops.UpdateProviderDocument, { name: "victim", input: { apiBase: upB.base } });
    expectRefused(moved, "BAD_USER_INPUT", new RegExp(`another origin \\(${upB.origin}\\).*OPENAI_API_KEY would be sent there.*confirmKeyMove: true`));
    expect(JSON.stringify(moved)).not.toContain(ENV_KEY);
    expect(catalogTables(server.db)).toStrictEqual(before);

    await server.ok(ops.CheckHealthDocument, { names: ["g"], force: true });
    expect(upB.count).toBe(0);
    expect(upA.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ENV_KEY}`);

    // Another path on the same origin is no move.
    const samePlace = await server.ok(ops.UpdateProviderDocument, { name: "victim", input: { apiBase: `${upA.origin}/other/v1` } });
    expect(samePlace.updateProvider.warnings.join(" ")).not.toMatch(/now sent to/);
    await server.ok(ops.UpdateProviderDocument, { name: "victim", input: { apiBase: upA.base } });

    // Confirmed: it moves, and the payload says where the key goes now.
    const confirmed = await server.ok(ops.UpdateProviderDocument, { name: "victim", input: { apiBase: upB.base, confirmKeyMove: true } });
    expect(confirmed.updateProvider.provider.apiBase).toBe(upB.base);
    expect(confirmed.updateProvider.warnings.join(" ")).toContain(`the key in environment variable OPENAI_API_KEY is now sent to ${upB.origin} (it went to ${upA.origin}), as confirmed (confirmKeyMove)`);
    await server.ok(ops.CheckHealthDocument, { names: ["g"], force: true });
    expect(upB.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ENV_KEY}`);

    // Giving the key again in the same input counts as saying so.
    const restated = await server.ok(ops.UpdateProviderDocument, { name: "victim", input: { apiBase: upA.base, apiKeyEnv: "OPENAI_API_KEY" } });
    expect(restated.updateProvider.warnings.join(" ")).toContain("as given again in this input");
  });

  it("a stored literal key is protected the same way, and clearing apiBase to the type's default host is a move too", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiBase: upA.base, apiKey: LITERAL } });
    await seedDeployment(server, "lit", "lg");
    const before = catalogTables(server.db);
    expectRefused(await server.gql(ops.UpdateProviderDocument, { name: "lit", input: { apiBase: upB.base } }), "BAD_USER_INPUT", /its stored literal apiKey would be sent there/);
    expectRefused(await server.gql(ops.UpdateProviderDocument, { name: "lit", input: { apiBase: null } }), "BAD_USER_INPUT", /\(https:\/\/api\.openai\.com\)/);
    expect(catalogTables(server.db)).toStrictEqual(before);
    await server.ok(ops.CheckHealthDocument, { names: ["lg"], force: true });
    expect(upB.count).toBe(0);

    const given = await server.ok(ops.UpdateProviderDocument, { name: "lit", input: { apiBase: upB.base, apiKey: "sk-new-for-B" } });
    expect(given.updateProvider.warnings.join(" ")).toContain("as given again");
    await server.ok(ops.CheckHealthDocument, { names: ["lg"], force: true });
    expect(upB.requests.at(-1)?.headers.authorization).toBe("Bearer sk-new-for-B");
  });

  it("a provider without a key moves freely", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "keyless", type: "mistral", apiBase: upA.base } });
    const moved = await server.ok(ops.UpdateProviderDocument, { name: "keyless", input: { apiBase: upB.base } });
    expect(moved.updateProvider.provider.apiBase).toBe(upB.base);
  });

  it("a deployment's apiBase on another origin than its provider's needs confirmKeyMove (add and update)", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "victim", type: "openai", apiBase: upA.base, apiKeyEnv: "OPENAI_API_KEY" } });
    const id = await seedDeployment(server, "victim", "g");
    const before = catalogTables(server.db);
    expectRefused(
      await server.gql(ops.AddDeploymentDocument, { input: { group: "g", provider: "victim", model: "m2", apiBase: upB.base } }),
      "BAD_USER_INPUT",
      /another origin.*OPENAI_API_KEY would be sent there/,
    );
    expectRefused(await server.gql(ops.UpdateDeploymentDocument, { id, input: { apiBase: upB.base } }), "BAD_USER_INPUT", /confirmKeyMove/);
    expect(catalogTables(server.db)).toStrictEqual(before);
    await server.ok(ops.CheckHealthDocument, { names: ["g"], force: true });
    expect(upB.count).toBe(0);

    // Same origin as the provider: no confirmation needed.
    await server.ok(ops.AddDeploymentDocument, { input: { group: "g", provider: "victim", model: "m", apiBase: `${upA.origin}/alt/v1` } });
    const confirmed = await server.ok(ops.UpdateDeploymentDocument, { id, input: { apiBase: upB.base, confirmKeyMove: true } });
    expect(confirmed.updateDeployment.warnings.join(" ")).toContain(`is now sent to ${upB.origin}`);
    // Already on that origin: changing the path again is no move.
    const again = await server.ok(ops.UpdateDeploymentDocument, { id, input: { apiBase: `${upB.origin}/v2` } });
    expect(again.updateDeployment.warnings).toEqual([]);
  });

  it("an import that changes a provider's api_base without stating its key is refused with its location; stating the key moves it, with a warning", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "victim", type: "openai", apiBase: upA.base, apiKeyEnv: "OPENAI_API_KEY" } });
    await seedDeployment(server, "victim", "g");
    const before = catalogTables(server.db);
    const file = (apiKeyLine: string) =>
      ["model_list:", "  - model_name: g", "    litellm_params:", "      model: openai/m", `      api_base: ${upB.base}`, apiKeyLine, "    model_info:", "      modelgraph:", "        provider: victim"]
        .filter((l) => l !== "")
        .join("\n");
    const refused = await server.gql(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: file(""), mode: "MERGE" });
    expectRefused(refused, "BAD_USER_INPUT", /^input:8: provider "victim": the file moves its API base to http:\/\/127\.0\.0\.1:\d+ \(from http:\/\/127\.0\.0\.1:\d+\), which would send the key in environment variable OPENAI_API_KEY there; state the key in this entry/);
    expect(catalogTables(server.db)).toStrictEqual(before);
    await server.ok(ops.CheckHealthDocument, { names: ["g"], force: true });
    expect(upB.count).toBe(0);

    const stated = await server.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: file("      api_key: os.environ/OPENAI_API_KEY"), mode: "MERGE" });
    expect(stated.importConfig.updated.providers).toContain("victim");
    expect(stated.importConfig.warnings.join(" ")).toContain(`is now sent to ${upB.origin}`);
  });
});

// -----------------------------------------------------------------------------------------------

describe("finding 18: apiBase is stored normalised, capped, and never silently repaired", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  it("stores the WHATWG serialisation (trimmed, lower-case host, no default port) without forcing a trailing slash", async () => {
    const cases: [string, string][] = [
      ["  https://API.Example.COM:443/v1\n", "https://api.example.com/v1"],
      ["https://xyz1.openai.azure.com", "https://xyz1.openai.azure.com"],
      ["https://xyz1.openai.azure.com/", "https://xyz1.openai.azure.com/"],
      ["http://127.0.0.1:8000/a/../v1", "http://127.0.0.1:8000/v1"],
      ["https://café.example/v1", "https://xn--caf-dma.example/v1"],
    ];
    let i = 0;
    for (const [given, stored] of cases) {
      const created = await server.ok(ops.CreateProviderDocument, { input: { name: `n${i++}`, type: "openai", apiBase: given } });
      expect(created.createProvider.provider.apiBase, JSON.stringify(given)).toBe(stored);
    }
    const row = server.db.sqlite.prepare("select api_base from providers where name = 'n0'").get() as { api_base: string };
    expect(row.api_base).toBe("https://api.example.com/v1");
  });

  it("an import spelling a URL differently from its stored form matches it: importing twice changes nothing", async () => {
    const yaml = ["model_list:", "  - model_name: g", "    litellm_params:", "      model: openai/m", "      api_base: HTTPS://API.Example.COM:443/v1", "      api_key: os.environ/OPENAI_API_KEY"].join("\n");
    const first = await server.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });
    expect(first.importConfig.created.providers).toHaveLength(1);
    const stored = await server.ok(ops.ProviderKeysDocument, {});
    expect(stored.providers.edges.map((e) => e.node.apiBase)).toEqual(["https://api.example.com/v1"]);
    const again = await server.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });
    expect(again.importConfig.created).toEqual({ providers: [], groups: [], deployments: [], aliases: [] });
    expect(again.importConfig.updated).toEqual({ providers: [], groups: [], deployments: [], aliases: [] });
  });

  it("refuses what the URL parser would repair, and more than 2048 characters, on providers, deployments and imports", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "p", type: "openai" } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "g" } });
    const before = dumpDatabase(server.db);
    const refused: [string, RegExp][] = [
      ["http:/\\\\host/v1", /contains a backslash/],
      ["https://host\\v1", /contains a backslash/],
      ["http:host/v1", /is not written as "http:\/\/host\/path"/],
      ["https:///host/v1", /is not written as/],
      ["https://host/v 1", /contains U\+0020/],
      ["https://host/v1\n/x", /contains U\+000A/],
      ["https://host/\u200bv1", /contains U\+200B/],
      ["https://host/" + "a".repeat(100_000), /is 100013 characters long; at most 2048 are accepted/],
    ];
    for (const [value, message] of refused) {
      const started = performance.now();
      expectRefused(await server.gql(ops.CreateProviderDocument, { input: { name: "q", type: "openai", apiBase: value } }), "BAD_USER_INPUT", message);
      expectRefused(await server.gql(ops.UpdateProviderDocument, { name: "p", input: { apiBase: value } }), "BAD_USER_INPUT", message);
      expectRefused(await server.gql(ops.AddDeploymentDocument, { input: { group: "g", provider: "p", model: "m", apiBase: value } }), "BAD_USER_INPUT", message);
      if (value.length > 2048) console.log(`apiBase of ${value.length} characters refused three times in ${(performance.now() - started).toFixed(1)} ms`);
    }
    const yaml = ["model_list:", "  - model_name: x", "    litellm_params:", "      model: openai/m", '      api_base: "http:/\\\\\\\\evil/v1"'].join("\n");
    expectRefused(await server.gql(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml }), "BAD_USER_INPUT", /^input:5: .*api_base .* contains a backslash/);
    expect(dumpDatabase(server.db)).toStrictEqual(before);
  });
});

// -----------------------------------------------------------------------------------------------

describe("finding 13: the key file is written whole or not at all", () => {
  it("an empty secret.key is 'no key yet': a literal key is stored, and read back after a restart", async () => {
    const base = join(dir, "empty-key");
    mkdirSync(base);
    const dbPath = join(base, "catalog.db");
    const keyPath = join(base, "secret.key");
    writeFileSync(keyPath, ""); // what a full disk left behind
    const first = await startKeyFileServer(dbPath, keyPath);
    const created = await first.gql(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiBase: upA.base, apiKey: LITERAL } });
    expect(created.errors).toBeUndefined();
    expect(statSync(keyPath).size).toBeGreaterThan(40);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readdirSync(base).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await seedDeployment(first, "lit", "g");
    await first.close();

    const second = await startKeyFileServer(dbPath, keyPath);
    try {
      const read = await second.ok(ops.ProviderWithKeyDocument, { name: "lit" });
      expect(read.provider).toMatchObject({ apiKeySource: "LITERAL", apiKeyConfigured: true, apiKeyError: null });
      await second.ok(ops.CheckHealthDocument, { names: ["g"], force: true });
      expect(upA.requests.at(-1)?.headers.authorization).toBe(`Bearer ${LITERAL}`);
    } finally {
      await second.close();
    }
  });

  it("a key file that cannot be written is a coded error naming the path, and leaves nothing behind", async () => {
    // Tests run as root, which writes into a mode-0555 directory anyway: the key file's directory
    // is made impossible to create instead (a regular file stands where it should be).
    const base = join(dir, "unwritable");
    mkdirSync(base);
    writeFileSync(join(base, "keys"), "a file, not a directory");
    const keyPath = join(base, "keys", "secret.key");
    const server = await startKeyFileServer(join(base, "catalog.db"), keyPath);
    try {
      const before = dumpDatabase(server.db);
      const result = await server.gql(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiKey: LITERAL } });
      expectRefused(result, "CONFLICT", /cannot write the key file .*\/keys\/secret\.key \(E[A-Z]+\).*set MODELGRAPH_SECRET_KEY, or use apiKeyEnv/);
      expect(result.errors![0]!.extensions).toMatchObject({ path: keyPath, reason: "SECRET_KEY_UNAVAILABLE" });
      expect(result.text).not.toContain(LITERAL);
      expect(dumpDatabase(server.db)).toStrictEqual(before);
      expect(readdirSync(base).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(statSync(join(base, "keys")).isFile()).toBe(true);
      // An environment key still works.
      expect((await server.gql(ops.CreateProviderDocument, { input: { name: "env", type: "openai", apiKeyEnv: "OPENAI_API_KEY" } })).errors).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});

describe("finding 15: an unreadable secret.key is reported per provider", () => {
  it("providers list with apiKeyError on the literal one, no INTERNAL error, and checkHealth still probes the env-key provider", async () => {
    const base = join(dir, "unreadable");
    mkdirSync(base);
    const dbPath = join(base, "catalog.db");
    const keyPath = join(base, "secret.key");
    const env = { OPENAI_API_KEY: ENV_KEY };
    const first = await startKeyFileServer(dbPath, keyPath, env);
    await first.ok(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiBase: upA.base, apiKey: LITERAL } });
    await first.ok(ops.CreateProviderDocument, { input: { name: "envp", type: "openai", apiBase: upB.base, apiKeyEnv: "OPENAI_API_KEY" } });
    await seedDeployment(first, "lit", "lit-g");
    await seedDeployment(first, "envp", "env-g");
    await first.close();

    // Root reads mode-000 files, so reading is made to fail by a directory where the file was.
    rmSync(keyPath);
    mkdirSync(keyPath);
    const second = await startKeyFileServer(dbPath, keyPath, env);
    try {
      const listed = await second.gql(ops.ProviderKeysDocument, {});
      expect(listed.errors).toBeUndefined();
      const byName = new Map(listed.data!.providers.edges.map((e) => [e.node.name, e.node]));
      expect(byName.get("lit")).toMatchObject({ apiKeySource: "LITERAL", apiKeyConfigured: false });
      expect(byName.get("lit")?.apiKeyError).toContain(`the key file ${keyPath} is a directory, not a key file`);
      expect(byName.get("envp")).toMatchObject({ apiKeySource: "ENV", apiKeyConfigured: true, apiKeyError: null });

      const report = await second.gql(ops.CheckHealthDocument, { names: ["lit-g", "env-g"], force: true });
      expect(report.errors).toBeUndefined();
      expect(upB.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ENV_KEY}`);
      const results = report.data!.checkHealth.results;
      expect(results.find((r) => r.deployment.group.name === "env-g")?.status).toBe("HEALTHY");
      expect(upA.requests.every((r) => r.headers.authorization === undefined)).toBe(true);

      // Storing a new literal key is refused with the same cause, not INTERNAL_SERVER_ERROR.
      expectRefused(await second.gql(ops.CreateProviderDocument, { input: { name: "lit2", type: "openai", apiKey: "sk-x" } }), "CONFLICT", /is a directory, not a key file/);
    } finally {
      await second.close();
    }
  });
});

describe("finding 21: new literal keys are never stored under a second master key", () => {
  it("a wrong MODELGRAPH_SECRET_KEY: CONFLICT naming the stored key id and what to do; replacing the only such key is fine", async () => {
    const dbPath = join(dir, "second-key.db");
    const first = await startTestServer({ dbPath, secretKey: "the right key" });
    await first.ok(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiKey: LITERAL } });
    await first.ok(ops.CreateProviderDocument, { input: { name: "lit-b", type: "openai", apiKey: "sk-other" } });
    const storedKid = (first.db.sqlite.prepare("select api_key_encrypted as k from providers where name = 'lit'").get() as { k: string }).k.split(".")[1]!;
    await first.close();

    const second = await startTestServer({ dbPath, secretKey: "a wrong key" });
    try {
      const before = dumpDatabase(second.db);
      const created = await second.gql(ops.CreateProviderDocument, { input: { name: "new", type: "openai", apiKey: "sk-new" } });
      expectRefused(created, "CONFLICT", new RegExp(`the stored secrets of provider "lit", provider "lit-b" use master key id ${storedKid}.*restore the master key with id ${storedKid}.*apiKey: null`));
      expect(created.errors![0]!.extensions).toMatchObject({ storedKeyIds: [storedKid], reason: "SECRET_KEY_MISMATCH" });
      expectRefused(await second.gql(ops.UpdateProviderDocument, { name: "lit", input: { apiKey: "sk-new" } }), "CONFLICT", /provider "lit-b" use master key id/);
      expect(dumpDatabase(second.db)).toStrictEqual(before);

      // Once the other stale key is removed, the last one may be set again under the current key.
      await second.ok(ops.UpdateProviderDocument, { name: "lit-b", input: { apiKey: null } });
      await second.ok(ops.UpdateProviderDocument, { name: "lit", input: { apiKey: "sk-reset" } });
      expect((await second.ok(ops.ProviderWithKeyDocument, { name: "lit" })).provider).toMatchObject({ apiKeyConfigured: true, apiKeyError: null });
    } finally {
      await second.close();
    }
  });

  it("secrets an import sealed into deployment parameters count too", async () => {
    const dbPath = join(dir, "sealed-params.db");
    const first = await startTestServer({ dbPath, secretKey: "the right key" });
    const yaml = ["model_list:", "  - model_name: g", "    litellm_params:", "      model: openai/m", "      extra_headers:", "        X-Auth: hdr-secret-value"].join("\n");
    await first.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });
    await first.close();
    const second = await startTestServer({ dbPath, secretKey: "a wrong key" });
    try {
      expectRefused(await second.gql(ops.CreateProviderDocument, { input: { name: "new", type: "openai", apiKey: "sk-new" } }), "CONFLICT", /the stored secrets of deployment 1's parameters use master key id [0-9a-f]{8}/);
    } finally {
      await second.close();
    }
  });

  it("a deleted key file: CONFLICT, and no new key file is minted", async () => {
    const base = join(dir, "deleted-key");
    mkdirSync(base);
    const dbPath = join(base, "catalog.db");
    const keyPath = join(base, "secret.key");
    const first = await startKeyFileServer(dbPath, keyPath);
    await first.ok(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiKey: LITERAL } });
    await first.close();
    rmSync(keyPath);

    const second = await startKeyFileServer(dbPath, keyPath);
    try {
      const created = await second.gql(ops.CreateProviderDocument, { input: { name: "new", type: "openai", apiKey: "sk-new" } });
      expectRefused(created, "CONFLICT", /the stored secrets of provider "lit" use master key id [0-9a-f]{8}, and no master key: .*secret\.key does not exist/);
      expect(existsSync(keyPath)).toBe(false);
    } finally {
      await second.close();
    }
  });
});

// -----------------------------------------------------------------------------------------------

describe("finding 16: look-alike names", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  it("NFC and NFD spellings are one name", async () => {
    const nfd = "cafe\u0301";
    const nfc = "caf\u00e9";
    const created = await server.ok(ops.CreateModelGroupDocument, { input: { name: nfd } });
    expect(created.createModelGroup.modelGroup.name).toBe(nfc);
    expectRefused(await server.gql(ops.CreateModelGroupDocument, { input: { name: nfc } }), "CONFLICT", /already a model group/);
    expectRefused(await server.gql(ops.AddAliasDocument, { input: { name: nfd, target: nfc } }), "CONFLICT", /already a model group/);
    const resolved = await server.ok(ops.ResolveNameDocument, { name: nfc });
    expect(resolved.resolve.group?.name).toBe(nfc);
    // Either spelling finds it: resolve, modelGroup, alias and the REST views.
    expect((await server.ok(ops.ResolveNameDocument, { name: nfd })).resolve.group?.name).toBe(nfc);
    expect((await server.ok(ops.ModelGroupDocument, { name: nfd })).modelGroup?.name).toBe(nfc);
    await server.ok(ops.AddAliasDocument, { input: { name: `${nfd}-au-lait`, target: nfd } });
    expect((await server.ok(ops.AliasDocument, { name: `${nfd}-au-lait` })).alias?.target.name).toBe(nfc);
    const rest = await fetch(`${server.url}/v1/models/${encodeURIComponent(`${nfd}-au-lait`)}`);
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { id: string }).id).toBe(`${nfc}-au-lait`);
  });

  it("imports store names in NFC too, so a file in either spelling means the same entries", async () => {
    const nfd = "cafe\u0301";
    const nfc = "caf\u00e9";
    await server.ok(ops.CreateProviderDocument, { input: { name: "brew", type: "openai" } });
    const yaml = (name: string, alias: string) =>
      `model_list:\n  - model_name: "${name}"\n    litellm_params:\n      model: openai/gpt-4o\n      custom_llm_provider: openai\nrouter_settings:\n  model_group_alias:\n    "${alias}": "${name}"\n`;
    const first = await server.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml(nfd, `${nfd}-latte`) });
    expect(first.importConfig.warnings.join("\n")).not.toContain("error");
    expect((await server.ok(ops.ModelGroupDocument, { name: nfc })).modelGroup?.name).toBe(nfc);
    expect((await server.ok(ops.AliasDocument, { name: `${nfc}-latte` })).alias?.target.name).toBe(nfc);
    // The NFC spelling of the same file finds what the NFD one made: nothing new.
    const before = dumpDatabase(server.db);
    await server.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml(nfc, `${nfc}-latte`) });
    const after = dumpDatabase(server.db);
    expect(after.model_groups).toStrictEqual(before.model_groups);
    expect(after.aliases).toStrictEqual(before.aliases);
    const nanobot = JSON.stringify({ providers: { openai: { models: { [`${nfd}-mocha`]: "gpt-4o" } } } });
    await server.ok(ops.ImportConfigDocument, { format: "NANOBOT_JSON", content: nanobot, mode: "MERGE" });
    expect((await server.ok(ops.AliasDocument, { name: `${nfc}-mocha` })).alias?.target.name).toBe("openai/gpt-4o");
  });

  it("refuses blank-looking characters and names that start with a combining mark", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "g" } });
    await server.ok(ops.CreateProviderDocument, { input: { name: "p", type: "openai" } });
    const before = dumpDatabase(server.db);
    const cases: [string, RegExp][] = [
      ["\u3164", /U\+3164, a character that renders as blank/],
      ["gpt\u3164", /U\+3164/],
      ["\u2800", /U\+2800/],
      ["\u115f\u1160", /U\+115F/],
      ["x\uffa0", /U\+FFA0/],
      ["\u0301\u0301", /starts with the combining mark U\+0301/],
      ["\u20dd", /combining mark U\+20DD/],
    ];
    for (const [name, message] of cases) {
      expectRefused(await server.gql(ops.CreateModelGroupDocument, { input: { name } }), "BAD_USER_INPUT", message);
      expectRefused(await server.gql(ops.AddAliasDocument, { input: { name, target: "g" } }), "BAD_USER_INPUT", message);
      expectRefused(await server.gql(ops.UpdateModelGroupDocument, { name: "g", input: { name } }), "BAD_USER_INPUT", message);
      expectRefused(await server.gql(ops.AddDeploymentDocument, { input: { group: "g", provider: "p", model: name } }), "BAD_USER_INPUT", message);
    }
    expect(dumpDatabase(server.db)).toStrictEqual(before);
  });

  it("warns when a new name is drawn like an existing one (Cyrillic о in gpt-4о), and keeps model ids as the provider spells them", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "gpt-4o" } });
    const cyrillic = await server.ok(ops.AddAliasDocument, { input: { name: "gpt-4\u043e", target: "gpt-4o" } });
    expect(cyrillic.addAlias.alias.name).toBe("gpt-4\u043e");
    expect(cyrillic.addAlias.warnings.join(" ")).toContain('looks like the existing name "gpt-4o" but is a different name: U+043E where it has U+006F');
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "Opus" } });
    const greek = await server.ok(ops.CreateModelGroupDocument, { input: { name: "\u039fpus" } });
    expect(greek.createModelGroup.warnings.join(" ")).toContain('looks like the existing name "Opus"');
    const fullwidth = await server.ok(ops.UpdateModelGroupDocument, { name: "\u039fpus", input: { name: "\uff2fpus" } });
    expect(fullwidth.updateModelGroup.warnings.join(" ")).toContain("U+FF2F where it has U+004F");
    const plain = await server.ok(ops.CreateModelGroupDocument, { input: { name: "sonnet" } });
    expect(plain.createModelGroup.warnings).toEqual([]);
    // Case still makes different names, without a warning (GPT-4 may alias gpt-4).
    const upper = await server.ok(ops.AddAliasDocument, { input: { name: "GPT-4O", target: "gpt-4o" } });
    expect(upper.addAlias.warnings).toEqual([]);

    await server.ok(ops.CreateProviderDocument, { input: { name: "p", type: "openai" } });
    const nfdModel = "cafe\u0301-7b";
    const added = await server.ok(ops.AddDeploymentDocument, { input: { group: "gpt-4o", provider: "p", model: nfdModel } });
    expect(added.addDeployment.deployment.model).toBe(nfdModel);
    expect(added.addDeployment.warnings.join(" ")).toContain("is not in Unicode NFC");
  });
});
