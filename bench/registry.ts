/**
 * Time and heap added by loading the model registry: the shipped package, then the corpus
 * models.dev api.json (5,276 models). Each load runs in a fresh child process so that the numbers
 * are "against the same start without it". Not wired into bench/run.ts (run: npx tsx bench/registry.ts).
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/models-metadata/models.dev-api-approx-f3fc6922.json");
const which = process.argv[2];

if (which === undefined) {
  for (const w of ["none", "shipped", "models.dev"]) {
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", import.meta.filename, w], { encoding: "utf8" });
    console.log(out.trim());
  }
} else {
  const gc = (globalThis as { gc?: () => void }).gc!;
  // Load the modules first so that only the data counts.
  const { parseModelsDev } = await import("../src/registry/formats.ts");
  const { ModelRegistry } = await import("../src/registry/registry.ts");
  const { readFileSync } = await import("node:fs");
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let keep: unknown = null;
  if (which === "shipped") {
    const { shippedRegistryData } = await import("../src/registry/shipped.ts");
    keep = new ModelRegistry([shippedRegistryData()]);
  } else if (which === "models.dev") {
    keep = new ModelRegistry([parseModelsDev(readFileSync(CORPUS, "utf8"), "api.json")]);
  }
  const ms = performance.now() - t0;
  gc();
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const u = process.memoryUsage();
  console.log(`${which}: load ${ms.toFixed(0)} ms, heap +${mb(u.heapUsed - heap0)} MB, rss +${mb(u.rss - rss0)} MB, datasets kept ${keep === null ? 0 : 1}`); // printing `keep` keeps it alive across gc()
}
