/**
 * Import and export times (issue 10): the largest real LiteLLM config of the corpus and the
 * synthetic 30,000-entity catalog, each into a fresh SQLite file, through the real service. The
 * baseline, measured in the same run, is the yaml package parsing the same text (PyYAML's rules,
 * no catalog work): what reading the file alone costs on this machine now.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../src/config.ts";
import { createCatalog } from "../src/catalog/catalog.ts";
import { openDatabase } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import { syntheticLiteLLMYaml } from "./synthetic.ts";
import { median, time, timeAsync } from "./measure.ts";

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/litellm");
const RUNS = 5;

export interface InteropRow {
  name: string;
  bytes: number;
  entities: number;
  parseMs: number;
  importMs: number;
  reimportMs: number;
  exportMs: number;
}


/** Import (fresh file), import again (nothing changes) and export, `runs` times each; medians. */
async function measure(name: string, content: string, runs: number, env: Record<string, string>): Promise<InteropRow> {
  const imports: number[] = [];
  const reimports: number[] = [];
  const exports: number[] = [];
  const parses: number[] = [];
  let entities = 0;
  for (let i = 0; i < runs; i++) {
    parses.push(time(() => parse(content, { version: "1.1", uniqueKeys: false })));
    const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-interop-"));
    const store = new SqliteStore(openDatabase(join(dir, "bench.db")));
    try {
      const catalog = createCatalog(store, {
        env: (n) => env[n],
        healthStaleAfterMs: 3_600_000,
        health: loadConfig({}).health,
        secrets: new SecretBox({ kind: "ephemeral" }),
      });
      let created = 0;
      imports.push(
        await timeAsync(async () => {
          const r = await catalog.interop.importConfig({ format: "LITELLM_YAML", content, source: name });
          created = r.created.providers.length + r.created.groups.length + r.created.deployments.length + r.created.aliases.length;
        }),
      );
      entities = created;
      reimports.push(
        await timeAsync(async () => {
          const r = await catalog.interop.importConfig({ format: "LITELLM_YAML", content, source: name });
          if (r.created.groups.length + r.updated.groups.length + r.created.deployments.length > 0) throw new Error(`${name}: importing it again changed the catalog`);
        }),
      );
      exports.push(await timeAsync(() => catalog.interop.exportConfig("LITELLM_YAML")));
      await catalog.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { name, bytes: Buffer.byteLength(content), entities, parseMs: median(parses), importMs: median(imports), reimportMs: median(reimports), exportMs: median(exports) };
}

/** The corpus files broken as published (its SOURCES.md): not configs LiteLLM accepts. */
const BROKEN = /^(012|021|038|040|044)-/;

/** The largest single-file config of the corpus that LiteLLM accepts. */
function largestCorpusConfig(): { file: string; content: string } | null {
  if (!existsSync(CORPUS)) return null;
  const files = readdirSync(CORPUS)
    .filter((f) => f.endsWith(".yaml") && !BROKEN.test(f))
    .map((f) => ({ file: f, size: statSync(join(CORPUS, f)).size }))
    .sort((a, b) => b.size - a.size);
  const largest = files[0];
  return largest ? { file: largest.file, content: readFileSync(join(CORPUS, largest.file), "utf8") } : null;
}

export async function benchInterop(): Promise<InteropRow[]> {
  const rows: InteropRow[] = [];
  const real = largestCorpusConfig();
  // The corpus configs read model ids and bases from variables; these stand in for the importer's environment.
  if (real) rows.push(await measure(`corpus ${real.file}`, real.content, RUNS, {}));
  rows.push(await measure("synthetic catalog (50 providers, 5,000 groups, 15,000 deployments, 10,000 aliases)", syntheticLiteLLMYaml((p) => `http://127.0.0.1:9/p${p}/v1`), 3, {}));
  return rows;
}

export function printInteropBench(rows: InteropRow[]): void {
  const round = (n: number) => Number(n.toFixed(1));
  console.log("Import and export (LiteLLM YAML, in process, fresh SQLite file each run; medians). Baseline: the yaml package parsing the same text, same run.");
  console.table(
    rows.map((r) => ({
      config: r.name,
      KB: Math.round(r.bytes / 1024),
      "entities created": r.entities,
      "parse only (ms)": round(r.parseMs),
      "import (ms)": round(r.importMs),
      "× parse": round(r.importMs / r.parseMs),
      "import again, unchanged (ms)": round(r.reimportMs),
      "export (ms)": round(r.exportMs),
      target: r.name.startsWith("synthetic") ? "import ≤ 5,000 ms" : "",
      met: r.name.startsWith("synthetic") ? (r.importMs <= 5_000 ? "yes" : "NO") : "",
    })),
  );
}
