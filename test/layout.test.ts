import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * One direction of imports (issue 11): the API (src/api, src/app.ts, src/main.ts, src/cli) uses
 * the catalog; the catalog and everything under it never import the API. Read from the sources'
 * own import statements, so a new file is checked as soon as it exists.
 */

const SRC = resolve(import.meta.dirname, "../src");
const API = ["api", "app.ts", "main.ts", "cli"];
const BELOW_API = ["catalog", "interop", "health", "registry", "db", "secrets", "read", "history"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** The src-relative paths a file imports (static and dynamic imports, type imports too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)["'](\.[^"']+)["']/gm)].map((m) => m[1]!);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)));
}

describe("layout", () => {
  it("nothing below the API imports it", () => {
    const offending: string[] = [];
    let checked = 0;
    for (const top of BELOW_API) {
      let files: string[] = [];
      try {
        files = sources(join(SRC, top));
      } catch {
        continue;
      }
      for (const file of files) {
        checked++;
        for (const target of importsOf(file)) {
          if (API.some((a) => target === a || target.startsWith(`${a}/`))) offending.push(`${relative(SRC, file)} imports ${target}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(offending).toEqual([]);
  });
});
