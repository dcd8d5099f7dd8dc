/**
 * How many deployments of the real LiteLLM configs in ../shared/corpus/litellm/ get model facts
 * (a REGISTRY or OVERRIDE source), through the real services: each config file is imported
 * (MERGE) into its own fresh `:memory:` catalog, and every deployment's facts are read through
 * `catalog.facts` (a) with the shipped data only, (b) after importing the corpus models.dev
 * api.json, (c) after also importing the corpus LiteLLM model_prices file.
 *
 *   npx tsx scripts/facts-coverage.ts [--corpus DIR] [--json]
 *
 * An `include-*` folder is measured through its entry file (`config_with…`), whose include: files
 * are read relative to it. Model ids written `os.environ/NAME` (056, 058) are read from this
 * process's environment: set those variables to measure those files.
 */
import "reflect-metadata";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { createCatalog, type Catalog } from "../src/catalog/catalog.ts";
import { openDatabase } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import type { DeploymentRow } from "../src/db/schema.ts";
import type { ModelFacts } from "../src/registry/facts.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";

export const DEFAULT_CORPUS = resolve(import.meta.dirname, "../../shared/corpus");
export const MODELS_DEV_FILE = "models-metadata/models.dev-api-approx-f3fc6922.json";
export const LITELLM_PRICES_FILE = "models-metadata/litellm-model_prices_and_context_window.RoCry-mirror-2026-07-24.json";

export const STAGES = ["shipped", "modelsDev", "litellmPrices"] as const;
export type Stage = (typeof STAGES)[number];

/** One deployment's facts at one stage. */
export interface DeploymentFacts {
  file: string;
  group: string;
  providerType: string;
  model: string;
  /** LiteLLM model_info.base_model, when the deployment has one. */
  baseModel: string | null;
  /** Whether the deployment stores facts overrides (LiteLLM model_info facts). */
  hasOverride: boolean;
  facts: ModelFacts;
}

export interface FileCoverage {
  file: string;
  /** null: imported; otherwise the first line of the refusal. */
  error: string | null;
  deployments: number;
  /** Deployments with facts per stage (0 for a file that does not import). */
  withFacts: Record<Stage, number>;
}

export interface CoverageReport {
  files: FileCoverage[];
  skipped: { path: string; reason: string }[];
  /** Deployments of the files that import. */
  total: number;
  withFacts: Record<Stage, number>;
  /** Every deployment's facts per stage, in file order. */
  deployments: Record<Stage, DeploymentFacts[]>;
  /** (provider type, model) pairs without facts after the last stage, most frequent first. */
  unknown: { providerType: string; model: string; count: number; files: string[] }[];
}

/** The refusal's first line, without the list of every accepted prefix. */
function firstLine(message: string): string {
  const line = message.split("\n")[0]!.replace(/; (write "<prefix>\/<model>" with one of|prefixes): .*$/, "");
  return line.length > 320 ? line.slice(0, 320) + "…" : line;
}

/** A fact counts when some source answered it from a registry or an override. */
export function hasFacts(facts: ModelFacts): boolean {
  return facts.sources.some((s) => s.kind === "REGISTRY" || s.kind === "OVERRIDE");
}

function openCatalog(): { catalog: Catalog; close: () => Promise<void> } {
  const store = new SqliteStore(openDatabase(":memory:"));
  const catalog = createCatalog(store, {
    env: (name) => process.env[name],
    healthStaleAfterMs: 30 * 60_000,
    health: { timeoutMs: 2_000, slowMs: 1_000, freshForMs: 60_000, concurrency: 1, perProviderConcurrency: 1, maxBodyBytes: 1024 * 1024 },
    secrets: new SecretBox({ kind: "ephemeral" }),
  });
  return {
    catalog,
    close: async () => {
      await catalog.close();
      await store.close();
    },
  };
}

function baseModelOf(row: DeploymentRow): string | null {
  const info = row.extraParams?.model_info;
  if (info && typeof info === "object" && !Array.isArray(info)) {
    const base = (info as Record<string, unknown>).base_model;
    if (typeof base === "string" && base !== "") return base;
  }
  return null;
}

function readFacts(catalog: Catalog, file: string): DeploymentFacts[] {
  const view = catalog.read();
  const rows = view.deployments();
  const facts = rows.map((row) => view.facts(row));
  return rows.map((row, i) => ({
    file,
    group: view.group(row.groupId)?.name ?? String(row.groupId),
    providerType: view.provider(row.providerId)!.typeInfo.id,
    model: row.model,
    baseModel: baseModelOf(row),
    hasOverride: row.factsOverride !== null && row.factsOverride !== undefined && Object.keys(row.factsOverride).length > 0,
    facts: facts[i]!,
  }));
}

/** Measures the corpus under `corpusDir` (with `litellm/` and `models-metadata/` inside). */
export async function measureFactsCoverage(corpusDir: string = DEFAULT_CORPUS): Promise<CoverageReport> {
  const configDir = join(corpusDir, "litellm");
  const modelsDev = readFileSync(join(corpusDir, MODELS_DEV_FILE), "utf8");
  const prices = readFileSync(join(corpusDir, LITELLM_PRICES_FILE), "utf8");
  const report: CoverageReport = {
    files: [],
    skipped: [],
    total: 0,
    withFacts: { shipped: 0, modelsDev: 0, litellmPrices: 0 },
    deployments: { shipped: [], modelsDev: [], litellmPrices: [] },
    unknown: [],
  };
  for (const entry of readdirSync(configDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    let path = join(configDir, entry.name);
    if (entry.isDirectory()) {
      const main = readdirSync(path).find((f) => f.startsWith("config_with"));
      if (!main) {
        report.skipped.push({ path: entry.name, reason: "folder without a config_with… entry file" });
        continue;
      }
      path = join(path, main);
    } else if (!/\.ya?ml$/.test(entry.name)) continue;
    const file = entry.name;
    const content = readFileSync(path, "utf8");
    const { catalog, close } = openCatalog();
    try {
      try {
        await catalog.interop.importConfig({ format: "LITELLM_YAML", content, mode: "MERGE", source: file, path });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report.files.push({ file, error: firstLine(message).replace(`${file}:`, "line "), deployments: 0, withFacts: { shipped: 0, modelsDev: 0, litellmPrices: 0 } });
        continue;
      }
      const line: FileCoverage = { file, error: null, deployments: 0, withFacts: { shipped: 0, modelsDev: 0, litellmPrices: 0 } };
      for (const stage of STAGES) {
        if (stage === "modelsDev") await catalog.facts.importFacts({ format: "MODELS_DEV_JSON", content: modelsDev, source: basename(MODELS_DEV_FILE) });
        if (stage === "litellmPrices") await catalog.facts.importFacts({ format: "LITELLM_MODEL_PRICES", content: prices, source: basename(LITELLM_PRICES_FILE) });
        const read = readFacts(catalog, file);
        line.deployments = read.length;
        line.withFacts[stage] = read.filter((d) => hasFacts(d.facts)).length;
        report.deployments[stage].push(...read);
      }
      report.files.push(line);
      report.total += line.deployments;
      for (const stage of STAGES) report.withFacts[stage] += line.withFacts[stage];
    } finally {
      await close();
    }
  }
  const unknown = new Map<string, CoverageReport["unknown"][number]>();
  for (const d of report.deployments.litellmPrices) {
    if (hasFacts(d.facts)) continue;
    const key = `${d.providerType}\u0000${d.model}`;
    const seen = unknown.get(key) ?? { providerType: d.providerType, model: d.model, count: 0, files: [] };
    seen.count++;
    if (!seen.files.includes(d.file)) seen.files.push(d.file);
    unknown.set(key, seen);
  }
  report.unknown = [...unknown.values()].sort((a, b) => b.count - a.count || a.providerType.localeCompare(b.providerType) || a.model.localeCompare(b.model));
  return report;
}

const LABELS: Record<Stage, string> = { shipped: "shipped", modelsDev: "+models.dev", litellmPrices: "+LiteLLM prices" };

export function formatReport(report: CoverageReport, top = 15): string {
  const out: string[] = [];
  out.push(`file | deployments | ${STAGES.map((s) => LABELS[s]).join(" | ")}`);
  for (const f of report.files) {
    if (f.error !== null) out.push(`${f.file}: does not import: ${f.error}`);
    else out.push(`${f.file} | ${f.deployments} | ${STAGES.map((s) => f.withFacts[s]).join(" | ")}`);
  }
  for (const s of report.skipped) out.push(`${s.path}: skipped (${s.reason})`);
  const imported = report.files.filter((f) => f.error === null).length;
  out.push("");
  out.push(`${report.files.length} config files, ${imported} import, ${report.total} deployments`);
  for (const stage of STAGES) {
    const overrideOnly = report.deployments[stage].filter((d) => hasFacts(d.facts) && !d.facts.sources.some((s) => s.kind === "REGISTRY")).length;
    out.push(`with facts, ${LABELS[stage]}: ${report.withFacts[stage]}/${report.total} (${overrideOnly} from overrides only)`);
  }
  out.push("");
  out.push(`most common (type, model) without facts after all imports (${report.unknown.length} distinct):`);
  for (const u of report.unknown.slice(0, top)) out.push(`  ${u.count}× ${u.providerType} ${u.model}  (${u.files.join(", ")})`);
  return out.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--corpus");
  const report = await measureFactsCoverage(at >= 0 && args[at + 1] ? resolve(args[at + 1]!) : DEFAULT_CORPUS);
  if (args.includes("--json")) {
    const { deployments: _deployments, ...summary } = report;
    console.log(JSON.stringify(summary, null, 2));
  } else {
    console.log(formatReport(report));
  }
}
