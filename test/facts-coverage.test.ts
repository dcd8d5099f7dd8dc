import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProviderType } from "../src/catalog/provider-types.ts";
import {
  DEFAULT_CORPUS,
  formatReport,
  hasFacts,
  LITELLM_PRICES_FILE,
  measureFactsCoverage,
  MODELS_DEV_FILE,
  STAGES,
  type CoverageReport,
  type DeploymentFacts,
  type Stage,
} from "../scripts/facts-coverage.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/** The dataset providers a type's facts may come from: its models.dev id, its LiteLLM name. */
function datasetProviders(typeId: string, modelsDevId: string | null): string[] {
  return [typeId, ...(modelsDevId ? [modelsDevId] : []), ...(typeId === "vertex_ai_beta" ? ["vertex_ai"] : [])];
}

/**
 * Why a REGISTRY answer is no guess: its key's provider part is a dataset provider of the
 * deployment's own type, and its model part is the deployment's model (or base_model), unless a
 * documented normalisation is named. Returns the problem, or null.
 */
function registryKeyProblem(d: DeploymentFacts): string | null {
  const providers = datasetProviders(d.providerType, findProviderType(d.providerType)?.modelsDevId ?? null);
  const models = new Set([d.model, ...(d.baseModel ? [d.baseModel, d.baseModel.slice(d.baseModel.indexOf("/") + 1)] : [])]);
  const registry = d.facts.sources.filter((s) => s.kind === "REGISTRY");
  if (registry.length === 0) return "no REGISTRY source";
  for (const source of registry) {
    const key = source.key ?? "";
    const provider = providers.find((p) => key.startsWith(`${p}/`));
    if (!provider) return `${d.file} ${d.providerType}/${d.model}: key ${JSON.stringify(key)} names none of ${providers.join(", ")}`;
    if (!models.has(key.slice(provider.length + 1)) && source.normalisation === null) {
      return `${d.file} ${d.providerType}/${d.model}: key ${JSON.stringify(key)} is not the model and names no normalisation`;
    }
  }
  return null;
}

/** Measured once for both describes (six seconds or so: 24 catalogs, each importing both registry files). */
let measured: Promise<CoverageReport> | undefined;
function coverage(): Promise<CoverageReport> {
  measured ??= measureFactsCoverage();
  return measured;
}

describe("facts coverage of the real LiteLLM configs (../shared/corpus/litellm)", () => {
  let report: CoverageReport;

  beforeAll(async () => {
    report = await coverage();
    console.log(formatReport(report));
  }, 120_000);

  it("imports some configs and counts their deployments, the include folders through their entry files", () => {
    const imported = report.files.filter((f) => f.error === null);
    expect(imported.length).toBeGreaterThan(0);
    expect(report.total).toBe(imported.reduce((n, f) => n + f.deployments, 0));
    expect(report.total).toBeGreaterThan(0);
    expect(report.skipped).toEqual([]);
    for (const folder of ["036-litellm-include-multiple", "037-litellm-include-single"]) {
      const line = report.files.find((f) => f.file === folder);
      expect(line?.error, folder).toBeNull();
      expect(line!.deployments, folder).toBeGreaterThan(0);
    }
    for (const f of report.files.filter((f) => f.error !== null)) expect(f.error, f.file).toMatch(/\S/);
    for (const stage of STAGES) expect(report.deployments[stage]).toHaveLength(report.total);
  });

  it("coverage rises strictly with the corpus models.dev file, and does not fall with the LiteLLM prices", () => {
    console.log(`facts coverage: shipped ${report.withFacts.shipped}/${report.total}, +models.dev ${report.withFacts.modelsDev}/${report.total}, +LiteLLM prices ${report.withFacts.litellmPrices}/${report.total}`);
    expect(report.withFacts.modelsDev).toBeGreaterThan(report.withFacts.shipped);
    expect(report.withFacts.litellmPrices).toBeGreaterThanOrEqual(report.withFacts.modelsDev);
    for (const f of report.files) {
      expect(f.withFacts.modelsDev, f.file).toBeGreaterThanOrEqual(f.withFacts.shipped);
      expect(f.withFacts.litellmPrices, f.file).toBeGreaterThanOrEqual(f.withFacts.modelsDev);
    }
  });

  it("every deployment with facts has a REGISTRY source keyed under its own provider type (no guess), or overrides it stores", () => {
    for (const stage of STAGES) {
      for (const d of report.deployments[stage]) {
        if (!hasFacts(d.facts)) {
          expect(d.facts.sources.map((s) => s.kind), `${stage} ${d.file} ${d.model}`).toEqual(["NOT_FOUND"]);
          continue;
        }
        if (d.facts.sources.some((s) => s.kind === "REGISTRY")) expect(registryKeyProblem(d), stage).toBeNull();
        else expect(d.hasOverride, `${stage} ${d.file} ${d.model}: facts from no registry and no stored override`).toBe(true);
      }
    }
    // The last stage answers from the imported files, not only the shipped data.
    const datasets = new Set(report.deployments.litellmPrices.flatMap((d) => d.facts.sources.filter((s) => s.kind === "REGISTRY").map((s) => s.dataset)));
    expect(datasets.size).toBeGreaterThan(1);
  });

  it("lists the (type, model) pairs still unknown, most frequent first, each one really without facts", () => {
    const left = report.total - report.withFacts.litellmPrices;
    expect(report.unknown.reduce((n, u) => n + u.count, 0)).toBe(left);
    for (let i = 1; i < report.unknown.length; i++) expect(report.unknown[i - 1]!.count).toBeGreaterThanOrEqual(report.unknown[i]!.count);
    for (const u of report.unknown) expect(findProviderType(u.providerType), u.providerType).toBeDefined();
  });
});

describe("the same counts through GraphQL (importConfig, importFacts, Deployment.facts over HTTP)", () => {
  let server: TestServer;
  let report: CoverageReport;

  beforeAll(async () => {
    server = await startTestServer();
    report = await coverage();
  }, 120_000);

  afterAll(async () => {
    await server.close();
  });

  it("counts per file and stage what the services count", async () => {
    // importConfig over GraphQL reads no include: files, so the include folders are left out here.
    const isFolder = (f: { file: string }) => statSync(join(DEFAULT_CORPUS, "litellm", f.file)).isDirectory();
    const configs = report.files.filter((f) => f.error === null && !isFolder(f));
    const expected: Record<Stage, number> = { shipped: 0, modelsDev: 0, litellmPrices: 0 };
    for (const f of configs) for (const stage of STAGES) expected[stage] += f.withFacts[stage];
    const totals: Record<Stage, number> = { shipped: 0, modelsDev: 0, litellmPrices: 0 };
    for (const stage of STAGES) {
      if (stage === "modelsDev") {
        const content = readFileSync(join(DEFAULT_CORPUS, MODELS_DEV_FILE), "utf8");
        const r = await server.ok(ops.ImportFactsDocument, { format: "MODELS_DEV_JSON", content, source: "models.dev-api.json" });
        expect(r.importFacts.changed).toBe(true);
      }
      if (stage === "litellmPrices") {
        const content = readFileSync(join(DEFAULT_CORPUS, LITELLM_PRICES_FILE), "utf8");
        const r = await server.ok(ops.ImportFactsDocument, { format: "LITELLM_MODEL_PRICES", content, source: "model_prices.json" });
        expect(r.importFacts.changed).toBe(true);
      }
      for (const f of configs) {
        const content = readFileSync(join(DEFAULT_CORPUS, "litellm", f.file), "utf8");
        await server.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content, mode: "REPLACE" });
        const { deployments } = await server.ok(ops.CoverageDeploymentsDocument, { first: 100 });
        expect(deployments.totalCount, f.file).toBe(f.deployments);
        const withFacts = deployments.edges.filter(({ node }) => node.facts.sources.some((s) => s.kind === "REGISTRY" || s.kind === "OVERRIDE"));
        expect(withFacts.length, `${stage} ${f.file}`).toBe(f.withFacts[stage]);
        for (const { node } of withFacts) {
          for (const s of node.facts.sources.filter((s) => s.kind === "REGISTRY")) {
            expect(datasetProviders(node.provider.type.id, node.provider.type.modelsDevId).some((p) => s.key?.startsWith(`${p}/`)), `${f.file} ${s.key}`).toBe(true);
          }
        }
        totals[stage] += withFacts.length;
      }
    }
    console.log(`facts coverage over GraphQL: shipped ${totals.shipped}, +models.dev ${totals.modelsDev}, +LiteLLM prices ${totals.litellmPrices} of ${report.total}`);
    expect(totals).toEqual(expected);
  }, 120_000);
});
