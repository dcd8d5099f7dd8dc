/**
 * Import and export on both backends (DESIGN.md section 6: "export byte-identical configs"): each
 * file of the real-world corpora (../shared/corpus) and the fixtures is imported through the real
 * service into a fresh SQLite catalog and a fresh PostgreSQL one. Both give the same report (or the
 * same refusal) and the same export, byte for byte; on PostgreSQL the export imported back changes
 * nothing and exports the same bytes again. Literal secrets are the one allowed difference: each
 * backend seals them with a fresh IV, and the export's placeholder is a digest of that ciphertext,
 * so placeholders are compared by order of first appearance.
 *
 * Also on PostgreSQL: a dry run writes nothing, and reverting an import's change set gives back
 * the catalog (and the export) it found.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../src/db/pg/client.ts";
import type { ConfigFormatValue, ImportReport } from "../src/interop/interop.service.ts";
import { startPostgres, type PgCluster } from "./support/postgres.ts";
import { dumpStore, startTestServer, type TestServer } from "./support/server.ts";

const ROOT = resolve(import.meta.dirname, "..");
const LITELLM = resolve(ROOT, "../shared/corpus/litellm");
const NANOBOT = resolve(ROOT, "../shared/corpus/nanobot");
/** The variables two corpus files read their model ids from (as corpus-litellm.test.ts sets them). */
const ENV: Record<string, string> = { LITELLM_MODEL_ID: "hosted_vllm/Qwen/Qwen2.5-VL-7B-Instruct", VLLM_MODEL_ID: "openai/qwen36-27b" };
const SECRET_KEY = "store-interop-master-key-0123456789abcdef";
const TEMPLATE = "interop_template";

interface ConfigFile {
  name: string;
  format: ConfigFormatValue;
  /** The file imported (an include: folder's entry file). */
  path: string;
}

function litellmFiles(): ConfigFile[] {
  return readdirSync(LITELLM)
    .filter((f) => f !== "SOURCES.md")
    .sort()
    .map((name) => {
      const full = join(LITELLM, name);
      const path = statSync(full).isDirectory() ? join(full, readdirSync(full).find((f) => f.startsWith("config_with"))!) : full;
      return { name, format: "LITELLM_YAML" as const, path };
    });
}

function nanobotFiles(): ConfigFile[] {
  return readdirSync(NANOBOT)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((name) => ({ name, format: "NANOBOT_JSON" as const, path: join(NANOBOT, name) }));
}

const FIXTURES: ConfigFile[] = [
  { name: "litellm-mixed.yaml", format: "LITELLM_YAML", path: join(ROOT, "test/fixtures/litellm-mixed.yaml") },
  { name: "litellm-alias-groups.yaml", format: "LITELLM_YAML", path: join(ROOT, "test/fixtures/litellm-alias-groups.yaml") },
  { name: "nanobot-aliases.json", format: "NANOBOT_JSON", path: join(ROOT, "test/fixtures/nanobot-aliases.json") },
];

let cluster: PgCluster;
let databases = 0;

beforeAll(async () => {
  cluster = await startPostgres({ database: TEMPLATE });
  const pool = new pg.Pool({ connectionString: cluster.url, max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

/** A fresh migrated PostgreSQL database (a copy of the template), and a server over it. */
async function pgServer(): Promise<TestServer> {
  const name = `interop_${++databases}`;
  const admin = new pg.Client({ connectionString: cluster.urlOf("postgres") });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(TEMPLATE)}`);
  } finally {
    await admin.end();
  }
  return startTestServer({ dbPath: cluster.urlOf(name), env: ENV, secretKey: SECRET_KEY });
}

const sqliteServer = () => startTestServer({ env: ENV, secretKey: SECRET_KEY });

/** Runs `fn` on a fresh SQLite server and a fresh PostgreSQL one, closing both after. */
async function onBoth<T>(fn: (s: TestServer) => Promise<T>): Promise<{ sqlite: T; postgres: T; pgServer: TestServer; close(): Promise<void> }> {
  const lite = await sqliteServer();
  const post = await pgServer();
  try {
    const [sqlite, postgres] = [await fn(lite), await fn(post)];
    return { sqlite, postgres, pgServer: post, close: async () => void (await Promise.all([lite.close(), post.close()])) };
  } catch (error) {
    await Promise.all([lite.close(), post.close()]);
    throw error;
  }
}

/** Export placeholders of sealed secrets (a digest of each backend's own ciphertext) numbered by first appearance. */
function samePlaceholders(text: string): string {
  const seen = new Map<string, number>();
  return text.replace(/MODELGRAPH_STORED_SECRET_[0-9A-F]{16}/g, (p) => `MODELGRAPH_STORED_SECRET_#${seen.get(p) ?? seen.set(p, seen.size + 1).get(p)!}`);
}

type Outcome = { refused: string } | { report: Omit<ImportReport, "version">; exported: string };

async function importAndExport(s: TestServer, file: ConfigFile): Promise<Outcome> {
  let report: ImportReport;
  try {
    report = await s.catalog.interop.importConfig({ format: file.format, content: readFileSync(file.path, "utf8"), source: file.name, path: file.path, skipInvalid: true });
  } catch (error) {
    return { refused: (error as Error).message };
  }
  const { version: _version, ...rest } = report;
  return { report: rest, exported: (await s.catalog.interop.exportConfig(file.format)).content };
}

const none = { providers: [], groups: [], deployments: [], aliases: [] };

describe("import and export give the same bytes on SQLite and PostgreSQL", () => {
  const files = [...FIXTURES, ...litellmFiles(), ...nanobotFiles()];

  it("has the corpora", () => {
    expect(files.filter((f) => f.format === "LITELLM_YAML").length).toBeGreaterThanOrEqual(50);
    expect(files.filter((f) => f.format === "NANOBOT_JSON").length).toBeGreaterThanOrEqual(18);
  });

  it.each(files.map((f) => [f.name, f] as const))("%s", async (_name, file) => {
    const both = await onBoth((s) => importAndExport(s, file));
    try {
      if ("refused" in both.sqlite) {
        expect(both.postgres).toEqual(both.sqlite);
        return;
      }
      expect("report" in both.postgres, "refused on PostgreSQL only").toBe(true);
      const lite = both.sqlite;
      const post = both.postgres as typeof lite;
      expect(post.report).toEqual(lite.report);
      expect(samePlaceholders(post.exported)).toBe(samePlaceholders(lite.exported));

      // The export back into the PostgreSQL catalog changes nothing, and exports the same bytes.
      const s = both.pgServer;
      const again = await s.catalog.interop.importConfig({ format: file.format, content: post.exported, source: "export" });
      expect({ created: again.created, updated: again.updated, removed: again.removed }).toEqual({ created: none, updated: none, removed: none });
      expect(again.version).toBeNull();
      expect((await s.catalog.interop.exportConfig(file.format)).content).toBe(post.exported);
    } finally {
      await both.close();
    }
  });
});

describe("on PostgreSQL", () => {
  const mixed = FIXTURES[0]!;
  const content = () => readFileSync(mixed.path, "utf8");

  it("a dry run reports what the import does and writes nothing; the import returns the version it committed", async () => {
    const s = await pgServer();
    try {
      const before = await dumpStore(s.store);
      const dry = await s.catalog.interop.importConfig({ format: mixed.format, content: content(), source: mixed.name, dryRun: true });
      expect(dry.dryRun).toBe(true);
      expect(dry.version).toBeNull();
      expect(dry.created.groups.length).toBeGreaterThan(0);
      expect(await dumpStore(s.store)).toEqual(before);
      const real = await s.catalog.interop.importConfig({ format: mixed.format, content: content(), source: mixed.name });
      expect({ ...real, dryRun: true, version: null }).toEqual(dry);
      expect(real.version).toBeGreaterThan(0);
      // Read-your-writes: the snapshot already has what the import committed.
      expect(s.catalog.read().groups().map((g) => g.name)).toEqual(expect.arrayContaining(real.created.groups));
    } finally {
      await s.close();
    }
  });

  it("reverting an import's change set gives back the catalog and the export it found; the history reads it", async () => {
    const s = await pgServer();
    try {
      const seed = ["model_list:", "  - model_name: kept", "    litellm_params:", "      model: openai/gpt-4o-mini", "      api_key: os.environ/OPENAI_API_KEY", ""].join("\n");
      await s.catalog.interop.importConfig({ format: "LITELLM_YAML", content: seed, source: "seed.yaml" });
      const exportBefore = (await s.catalog.interop.exportConfig("LITELLM_YAML")).content;
      const imported = await s.catalog.interop.importConfig({ format: "LITELLM_YAML", content: content(), source: mixed.name, mode: "REPLACE" });
      expect(imported.removed.groups).toEqual(["kept"]);

      const page = await s.catalog.history.page({}, { first: 5 });
      const latest = page.items[0]!;
      expect(latest.changeSet).toMatchObject({ source: "IMPORT", summary: `import LITELLM_YAML REPLACE from ${mixed.name}` });
      const set = latest.changeSet!.id;
      expect(await s.catalog.history.countOfSet(set)).toBeGreaterThan(imported.created.groups.length);
      expect((await s.catalog.history.changeSet(set))?.source).toBe("IMPORT");
      expect((await s.catalog.history.change(latest.seq))?.seq).toBe(latest.seq);

      const reverted = await s.catalog.history.revert({ kind: "set", id: set });
      expect(reverted.version).toBeGreaterThan(imported.version!);
      expect((await s.catalog.interop.exportConfig("LITELLM_YAML")).content).toBe(exportBefore);
      expect(s.catalog.read().groups().map((g) => g.name)).toEqual(["kept"]);
      expect((await s.catalog.history.changeSet(reverted.setId))).toMatchObject({ source: "REVERT", revertsSet: set });
      expect(await s.catalog.history.revertedBy(set)).toBe(reverted.setId);
      // Twice is refused, naming the revert.
      await expect(s.catalog.history.revert({ kind: "set", id: set })).rejects.toThrow(/was already reverted by change set/);
    } finally {
      await s.close();
    }
  });
});
