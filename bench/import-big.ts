/**
 * The 10× catalog's import (issue 11): 50 providers, 50,000 groups, 150,000 deployments, 100,000
 * aliases as 5 LiteLLM files of 10,000 groups (one import reads at most 8 MiB), each imported with
 * `modelgraph import` (CLI, MERGE, end to end) into one file database, in order, as
 * `npm run bench read -- --big` does. Then where the last file's import spends its time, each
 * measurement in a fresh process on a fresh copy of the database holding the first four files:
 * parsing alone, the import rolled back (dry run: parse and apply), the import committed (the
 * difference is the commit), and the snapshot's full load after it (what a running server does
 * next: more than 20,000 changes are read whole); once as the database is (change-log and history
 * triggers) and once on a copy whose triggers are dropped (here only, to price them), interleaved.
 * Baselines in the same run: `node -e ''` and `modelgraph --help`.
 *
 *   npx tsx bench/import-big.ts [--root=DIR] [--runs=N] [--groups=N] [--keep=DIR]
 *
 * `--root` measures the modelgraph checked out in DIR; `--groups` scales the catalog (default
 * 50,000; 10,000 per file); `--keep` leaves the files and databases in DIR.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "./measure.ts";
import { syntheticLiteLLMFiles } from "./synthetic.ts";

const GROUPS_PER_FILE = 10_000;
const HERE = new URL(import.meta.url).pathname;
/** Linux clock ticks per second (`getconf CLK_TCK`), for /proc/self/stat. */
const TICKS_PER_SECOND = 100;

interface Timed {
  wallMs: number;
  /** User + system CPU of the child, from this process's cumulative child times. */
  cpuMs: number | null;
  stdout: string;
}

/** cutime + cstime of this process (children waited for), in ms; null off Linux. */
function childCpuMs(): number | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of proc(5), counted from the state (field 3) here.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

async function timed(command: string, args: string[], cwd?: string): Promise<Timed> {
  const cpuBefore = childCpuMs();
  const started = performance.now();
  // cwd: tsx compiles a checkout's source with that checkout's tsconfig only when run from it.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], cwd });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.slice(0, 2000)}`);
  const cpuAfter = childCpuMs();
  return { wallMs, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, stdout };
}

function copyDatabase(from: string, to: string): void {
  rmSync(to, { force: true });
  for (const suffix of ["-wal", "-shm"]) rmSync(to + suffix, { force: true });
  copyFileSync(from, to);
  for (const suffix of ["-wal", "-shm"]) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

/** Drops every trigger of the copy (the change log's and the history's). */
async function dropTriggers(root: string, path: string): Promise<number> {
  const { default: Database } = (await import(pathToFileURL(join(root, "node_modules/better-sqlite3/lib/index.js")).href)) as { default: typeof import("better-sqlite3") };
  const db = new Database(path);
  try {
    const names = (db.prepare("select name from sqlite_master where type = 'trigger'").all() as { name: string }[]).map((r) => r.name);
    for (const name of names) db.exec(`drop trigger "${name.replaceAll('"', '""')}"`);
    return names.length;
  } finally {
    db.close();
  }
}

type InnerMode = "parse" | "dry" | "import";

interface InnerResult {
  /** parse: parsing alone; dry: importConfig as a dry run (parse + apply, rolled back); import: importConfig. */
  ms: number;
  /** The same, in CPU time of the process (all its threads: the garbage collector's helpers too). */
  cpuMs: number;
  /** import only: the snapshot's full load right after. */
  loadMs: number | null;
  rssMb: number;
}

/**
 * One fresh process, one measurement on `dbPath` with the services of `root`'s source, run as the
 * CLI runs them (actor `cli`, so the import opens its change set).
 */
async function inner(root: string, mode: InnerMode, dbPath: string, file: string): Promise<InnerResult> {
  await import("reflect-metadata");
  const src = (p: string) => pathToFileURL(join(root, "src", p)).href;
  const [{ openDatabase }, { createCatalog }, { loadConfig }, { SecretBox }, { parseLiteLLM }, { setDefaultActor }] = await Promise.all([
    import(src("db/client.ts")) as Promise<typeof import("../src/db/client.ts")>,
    import(src("catalog/catalog.ts")) as Promise<typeof import("../src/catalog/catalog.ts")>,
    import(src("config.ts")) as Promise<typeof import("../src/config.ts")>,
    import(src("secrets/secret-box.ts")) as Promise<typeof import("../src/secrets/secret-box.ts")>,
    import(src("interop/litellm.ts")) as Promise<typeof import("../src/interop/litellm.ts")>,
    import(src("history/actor.ts")) as Promise<typeof import("../src/history/actor.ts")>,
  ]);
  setDefaultActor({ actor: "cli", source: "CLI" });
  const content = readFileSync(file, "utf8");
  const handle = openDatabase(dbPath);
  // A checkout from before the store (issue 13) builds the catalog on the drizzle database itself, and its commands are synchronous (awaiting them is harmless).
  const storeModule = existsSync(join(root, "src/db/store.ts")) ? ((await import(src("db/store.ts"))) as typeof import("../src/db/store.ts")) : undefined;
  try {
    const database = (storeModule ? new storeModule.SqliteStore(handle) : handle.db) as Parameters<typeof createCatalog>[0];
    const catalog = createCatalog(database, { env: () => undefined, healthStaleAfterMs: 3_600_000, health: loadConfig({}).health, secrets: new SecretBox({ kind: "ephemeral" }) });
    const at = performance.now();
    const cpuAt = process.cpuUsage();
    if (mode === "parse") {
      const registry = await catalog.facts.registry();
      parseLiteLLM(content, file, { env: () => undefined, firstParty: (model) => registry.firstPartyProvidersFor(model) });
    } else await catalog.interop.importConfig({ format: "LITELLM_YAML", content, source: file, path: file, dryRun: mode === "dry" });
    const ms = performance.now() - at;
    const cpu = process.cpuUsage(cpuAt);
    let loadMs: number | null = null;
    if (mode === "import") {
      const loadAt = performance.now();
      catalog.read();
      loadMs = performance.now() - loadAt;
    }
    await catalog.close();
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, loadMs, rssMb: process.memoryUsage().rss / 1e6 };
  } finally {
    handle.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const root = resolve(flag("root") ?? join(HERE, "../.."));
  if (args.includes("--inner")) {
    console.log(JSON.stringify(await inner(root, flag("mode") as InnerMode, flag("db")!, flag("file")!)));
    return;
  }
  const runs = Number(flag("runs") ?? 3);
  const groups = Number(flag("groups") ?? 50_000);
  const keep = flag("keep");
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), "modelgraph-import-big-"));
  mkdirSync(dir, { recursive: true });
  const bin = join(root, "bin/modelgraph.js");
  const load = () => loadavg().map((n) => n.toFixed(2)).join(" / ");
  console.log(`import of the 10× catalog — node ${process.version}, ${new Date().toISOString()}, root ${root}`);
  console.log(`load average (1/5/15 min) before: ${load()}`);
  try {
    const texts = syntheticLiteLLMFiles((p) => `http://127.0.0.1:9/p${p}/v1`, groups, GROUPS_PER_FILE);
    const files = texts.map((text, i) => {
      const file = join(dir, `synthetic-${groups}-${i}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const node = await timed(process.execPath, ["-e", ""]);
    const help = await timed(process.execPath, [bin, "--help"]);
    const dbPath = join(dir, "catalog.db");
    const before = join(dir, "before-last.db");
    const perFile: Timed[] = [];
    for (const [i, file] of files.entries()) {
      if (i === files.length - 1) copyDatabase(dbPath, before);
      perFile.push(await timed(process.execPath, [bin, "import", file, "--db", dbPath]));
      console.log(`  file ${i + 1}/${files.length}: ${Math.round(perFile[i]!.wallMs)} ms (cpu ${perFile[i]!.cpuMs ?? "?"} ms)`);
    }
    const total = perFile.reduce((a, t) => a + t.wallMs, 0);

    const bare = join(dir, "before-last-no-triggers.db");
    copyDatabase(before, bare);
    const dropped = await dropTriggers(root, bare);
    const modes: InnerMode[] = ["parse", "dry", "import"];
    const results = new Map<string, InnerResult[]>();
    const last = files[files.length - 1]!;
    const run = join(dir, "run.db");
    for (let r = 0; r < runs; r++) {
      for (const mode of modes) {
        for (const variant of ["triggers", "none"] as const) {
          copyDatabase(variant === "triggers" ? before : bare, run);
          const out = await timed(process.execPath, ["--import", "tsx", HERE, "--inner", `--mode=${mode}`, `--root=${root}`, `--db=${run}`, `--file=${last}`], root);
          const key = `${mode}:${variant}`;
          results.set(key, [...(results.get(key) ?? []), JSON.parse(out.stdout.trim().split("\n").pop()!) as InnerResult]);
        }
      }
    }

    const ms = (n: number) => `${Math.round(n).toLocaleString("en")} ms`;
    console.log(`\nCLI, end to end (modelgraph import, MERGE), ${files.length} files of ${GROUPS_PER_FILE.toLocaleString("en")} groups (30,000 deployments, 20,000 aliases each):`);
    console.table([
      ...perFile.map((t, i) => ({ measurement: `file ${i + 1} (into ${(i * GROUPS_PER_FILE).toLocaleString("en")} groups)`, wall: ms(t.wallMs), cpu: t.cpuMs === null ? "" : ms(t.cpuMs), target: "" })),
      { measurement: "total", wall: ms(total), cpu: ms(perFile.reduce((a, t) => a + (t.cpuMs ?? 0), 0)), target: `≤ 30,000 ms: ${total <= 30_000 ? "met" : "NOT met"}` },
      { measurement: "baseline: node -e ''", wall: ms(node.wallMs), cpu: node.cpuMs === null ? "" : ms(node.cpuMs), target: "" },
      { measurement: "baseline: modelgraph --help", wall: ms(help.wallMs), cpu: help.cpuMs === null ? "" : ms(help.cpuMs), target: "" },
    ]);
    console.log(`\nThe last file into the first four, in process (a fresh process and copy per measurement, median of ${runs}; "none": the ${dropped} triggers dropped):`);
    const of = (mode: InnerMode, variant: string, pick: (r: InnerResult) => number) => median(results.get(`${mode}:${variant}`)!.map(pick));
    const row = (name: string, value: (variant: string, pick: (r: InnerResult) => number) => number) => {
      const out: Record<string, string> = { phase: name };
      for (const [label, pick] of [["wall", (r: InnerResult) => r.ms], ["cpu", (r: InnerResult) => r.cpuMs]] as const) {
        const t = value("triggers", pick);
        const n = value("none", pick);
        Object.assign(out, { [`${label}: with triggers`]: ms(t), [`${label}: dropped`]: ms(n), [`${label}: triggers cost`]: ms(t - n) });
      }
      return out;
    };
    const parse = (v: string, pick: (r: InnerResult) => number) => of("parse", v, pick);
    const dry = (v: string, pick: (r: InnerResult) => number) => of("dry", v, pick);
    const full = (v: string, pick: (r: InnerResult) => number) => of("import", v, pick);
    console.table([
      row("parse (YAML with positions, then the entries)", parse),
      row("apply (dry run − parse)", (v, p) => dry(v, p) - parse(v, p)),
      row("commit (import − dry run)", (v, p) => full(v, p) - dry(v, p)),
      row("import (importConfig)", full),
    ]);
    console.log(`snapshot full load after it (a server's next read): ${ms(of("import", "triggers", (r) => r.loadMs!))} with triggers, ${ms(of("import", "none", (r) => r.loadMs!))} dropped (wall)`);
    console.log(`process RSS after the import and load: ${Math.round(of("import", "triggers", (r) => r.rssMb))} MB`);
    console.log(`load average after: ${load()}`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
