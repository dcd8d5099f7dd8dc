import "reflect-metadata";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { editDistance } from "../catalog/suggest.ts";
import type { Config } from "../config.ts";
import type { ConfigFormatValue, EntityChanges } from "../interop/interop.service.ts";
import type { RegistryFormat } from "../registry/formats.ts";
import type { DatasetSummary } from "../registry/registry.ts";
import { progressBar, table } from "./format.ts";

// Everything else is imported inside the commands that use it: `--help`, usage errors and unknown
// commands load no database, catalog or GraphQL code, and only `serve` loads Fastify, Apollo and
// type-graphql (src/main.ts imports src/app.ts inside startServer). test/build.test.ts checks it.

/** What the commands that read or write the catalog need. */
async function catalogModules() {
  (await import("../history/actor.ts")).setDefaultActor({ actor: "cli", source: "CLI" }); // the change history's "who" for this process's writes
  const [{ loadConfig }, { WAITING_BUSY_TIMEOUT_MS }, { openRuntime }, { SqliteStore }, { isPostgresUrl }] = await Promise.all([
    import("../config.ts"),
    import("../db/client.ts"),
    import("../main.ts"),
    import("../db/store.ts"),
    import("../db/pg/client.ts"),
  ]);
  /** The database and the catalog over it (SQLite file or PostgreSQL URL); `close` ends both. */
  const open = async (config: Config) => {
    const { store, catalog } = await openRuntime(config, { busyTimeoutMs: WAITING_BUSY_TIMEOUT_MS });
    return {
      store,
      catalog,
      /** Named beside a SQLite file while a transaction holds its write lock, so that a server refused meanwhile can say what it waits for. */
      announceWriter: (command: string) => {
        if (store instanceof SqliteStore) store.handle.announceWriter(command);
      },
      close: async () => {
        await catalog.close();
        await store.close();
      },
    };
  };
  return { loadConfig, open, isPostgresUrl };
}

const USAGE = `modelgraph — GraphQL model catalog for LLM gateways

Usage:
  modelgraph serve   [--port N] [--host ADDR] [--db PATH] [--health-interval S]
                                        start the server (GraphQL on /graphql, REST beside it)
  modelgraph migrate [--db PATH]        create or upgrade the database, then exit
  modelgraph import  FILE [--format F] [--dry-run] [--replace] [--skip-invalid] [--json] [--db PATH]
                                        import a LiteLLM YAML or nanobot JSON config
  modelgraph export  [--format F] [--out FILE] [--db PATH]
                                        print the catalog as LiteLLM YAML or nanobot JSON
  modelgraph resolve NAME [--json] [--db PATH]
                                        what a name routes to (no network traffic)
  modelgraph check   [NAME…] [--force] [--json] [--db PATH]
                                        probe the upstreams behind names (all when none)
  modelgraph facts   [--json] [--db PATH]
                                        the model registry loaded (datasets, dates, counts)
  modelgraph facts import FILE [--format F] [--json] [--db PATH]
                                        load a newer models.dev or LiteLLM registry file
  modelgraph <command> --help           help for one command

Environment: PORT, HOST, MODELGRAPH_DB, MODELGRAPH_SECRET_KEY, MODELGRAPH_HEALTH_* and more
(see README.md). Flags override the environment.
Exit codes: 0 ok; 1 an UNHEALTHY deployment was found (check), the database is busy (retry),
or an unexpected failure; 2 usage or input error (bad flag, unknown name, invalid config file,
a database, port or output file that cannot be used). Details: docs/cli.md.`;

const DB_HELP = "  --db PATH              SQLite file or PostgreSQL URL (env MODELGRAPH_DB, default ./data/modelgraph.db)";
const FORMAT_HELP = "  --format F             litellm (YAML) or nanobot (JSON)";

const HELP: Record<string, string> = {
  serve: `modelgraph serve [--port N] [--host ADDR] [--db PATH] [--health-interval S]

Starts the HTTP server: GraphQL on POST /graphql, Apollo Sandbox on GET /graphql (outside
production), OpenAI/LiteLLM-compatible REST views (/v1/models, /model/info, /health, …).
Applies pending migrations first, then sweeps upstream health in the background.
  --port N               listen port (env PORT, default 4000; 0 picks a free one)
  --host ADDR            listen address (env HOST, default 127.0.0.1)
${DB_HELP}
  --health-interval S    seconds between health sweeps, 0 turns them off
                         (env MODELGRAPH_HEALTH_INTERVAL, default 300)`,
  migrate: `modelgraph migrate [--db PATH]

Creates the database file if needed and applies pending migrations, then exits.
${DB_HELP}`,
  import: `modelgraph import FILE [--format F] [--dry-run] [--replace] [--skip-invalid] [--json] [--db PATH]

Imports a LiteLLM proxy config (YAML, include: files followed relative to FILE) or a nanobot
config (JSON) in one transaction: all of it or nothing, every problem listed with its line.
Prints what was created, updated, left alone (and removed, with --replace), and every existing
name that now routes elsewhere (before -> after), also with --dry-run.
${FORMAT_HELP} (default: from the file name, .yaml/.yml or .json)
  --dry-run              report what would change, write nothing
  --replace              make the catalog exactly the file (default: merge into it)
  --skip-invalid         import the valid entries; print each skipped one with its line and reason
  --json                 print the report as JSON
${DB_HELP}`,
  export: `modelgraph export [--format F] [--out FILE] [--db PATH]

Writes the catalog as a LiteLLM proxy config (YAML) or a nanobot config (JSON). Keys are never
written: literal keys become placeholders (a warning on stderr says which).
${FORMAT_HELP} (default litellm)
  --out FILE             write to FILE instead of standard output
${DB_HELP}`,
  resolve: `modelgraph resolve NAME [--json] [--db PATH]

Says what NAME routes to: an alias's group, a group, or "<provider>/<model>" on a configured
provider; its provider, prefixed id, API base, stored health, candidates and the steps taken.
Sends no network traffic. Exit 2 when NAME is unknown (with suggestions).
  --json                 print the resolution as JSON
${DB_HELP}`,
  check: `modelgraph check [NAME…] [--force] [--json] [--db PATH]

Probes the upstreams behind the names (aliases, groups, <provider>/<model>), or behind every
enabled deployment when none is given: each upstream once, each endpoint's list route once,
results younger than the freshness window reused unless --force. Shows a progress bar on a
terminal, then a table. Exit 1 when any deployment is UNHEALTHY.
  --force                probe even when a fresh result is stored
  --json                 print the report as JSON
${DB_HELP}`,
  facts: `modelgraph facts [--json] [--db PATH]
modelgraph facts import FILE [--format F] [--json] [--db PATH]

facts: prints the model registry loaded, in precedence order (imports newest first, then the
data shipped with modelgraph): each dataset's name, format, source, version, date, provider and
model counts.
facts import: loads a models.dev api.json or a LiteLLM model_prices_and_context_window.json into
the database, replacing the stored registry of that format; running servers on the database use
it on their next read. All or nothing: a bad file is refused (exit 2, one line naming the file and
the JSON path) and the registry loaded before stays in force.
  --format F             models-dev or litellm (default: told from the content)
  --json                 print the datasets (or the import's result) as JSON
${DB_HELP}`,
};

class UsageError extends Error {}

interface Flags {
  port?: string;
  host?: string;
  db?: string;
  "health-interval"?: string;
  format?: string;
  out?: string;
  "dry-run"?: boolean;
  replace?: boolean;
  "skip-invalid"?: boolean;
  json?: boolean;
  force?: boolean;
  help?: boolean;
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

function parse(command: string, args: string[], options: Options, positionals: "none" | "one" | "many"): { flags: Flags; positionals: string[] } {
  const all: Options = { ...options, help: { type: "boolean" } };
  let parsed;
  try {
    parsed = parseArgs({ args, options: all, allowPositionals: positionals !== "none", strict: true });
  } catch (error) {
    throw new UsageError(parseProblem(command, error as Error & { code?: string }, Object.keys(all)));
  }
  return { flags: parsed.values as Flags, positionals: parsed.positionals };
}

/** node:util's parseArgs messages, rewritten to name the command and suggest the flag meant. */
function parseProblem(command: string, error: Error & { code?: string }, flags: string[]): string {
  const help = `see modelgraph ${command} --help`;
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const name = quoted.replace(/^-+/, "").split("=")[0]!;
      const meant = closest(name, flags);
      return meant
        ? `unknown flag ${quoted} for ${command}: did you mean --${meant}? (${help})`
        : `unknown flag ${quoted} for ${command}; accepted: ${flags.map((f) => `--${f}`).join(", ")}`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `${command} takes no arguments (got ${JSON.stringify(quoted)}); ${help}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const needsValue = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(error.message);
      if (needsValue) return `${needsValue[1]} needs a value (${help})`;
      const noValue = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(error.message);
      if (noValue) return `${noValue[1]} takes no value (${help})`;
      return `${error.message} (${help})`;
    }
    default:
      return `${error.message} (${help})`;
  }
}

/** The accepted word nearest to a mistyped one, if it is near enough to be what was meant. */
function closest(wanted: string, accepted: string[]): string | undefined {
  const w = wanted.toLowerCase();
  let best: { word: string; distance: number } | undefined;
  for (const word of accepted) {
    const squashed = word.replace(/-/g, "");
    const prefix = w.length >= 2 && (word.startsWith(w) || w.startsWith(word));
    const distance = w === squashed || prefix ? 0.5 : editDistance(w, word, 3);
    if (distance <= (word.length >= 4 ? 2 : 1) && (!best || distance < best.distance)) best = { word, distance };
  }
  return best?.word;
}

function withFlags(config: Config, flags: Flags): Config {
  const next = { ...config };
  const interval = flags["health-interval"];
  if (interval !== undefined) {
    if (!/^\d+$/.test(interval) || Number(interval) > 86_400) {
      throw new UsageError(`--health-interval ${JSON.stringify(interval)} is not accepted: expected seconds from 0 (off) to 86400`);
    }
    next.healthIntervalSec = Number(interval);
  }
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || port > 65535) throw new UsageError(`--port ${JSON.stringify(flags.port)} is not accepted: expected an integer from 0 to 65535`);
    next.port = port;
  }
  if (flags.host !== undefined) next.host = flags.host;
  if (flags.db !== undefined) next.dbPath = flags.db;
  return next;
}

const FORMATS: Record<string, ConfigFormatValue> = {
  litellm: "LITELLM_YAML",
  litellm_yaml: "LITELLM_YAML",
  yaml: "LITELLM_YAML",
  nanobot: "NANOBOT_JSON",
  nanobot_json: "NANOBOT_JSON",
  json: "NANOBOT_JSON",
};

function formatOf(flag: string | undefined, file?: string): ConfigFormatValue {
  if (flag !== undefined) {
    const format = FORMATS[flag.toLowerCase()];
    if (!format) throw new UsageError(`--format ${JSON.stringify(flag)} is not accepted: expected litellm or nanobot`);
    return format;
  }
  if (!file) return "LITELLM_YAML";
  const ext = extname(file).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") return "LITELLM_YAML";
  if (ext === ".json") return "NANOBOT_JSON";
  throw new UsageError(`cannot tell the format of ${JSON.stringify(basename(file))} from its name; pass --format litellm or --format nanobot`);
}

const DB_OPTION: Options = { db: { type: "string" } };

function changesLine(label: string, c: EntityChanges): string {
  const parts = (["providers", "groups", "deployments", "aliases"] as const).map((k) => `${c[k].length} ${k}`);
  const names = [...c.providers, ...c.groups, ...c.aliases].slice(0, 8);
  return `  ${label.padEnd(10)}${parts.join(", ")}${names.length > 0 ? `  (${names.join(", ")}${c.providers.length + c.groups.length + c.aliases.length > 8 ? ", …" : ""})` : ""}`;
}

async function serve(rest: string[]): Promise<number> {
  const { flags } = parse("serve", rest, { port: { type: "string" }, host: { type: "string" }, "health-interval": { type: "string" }, ...DB_OPTION }, "none");
  if (flags.help) return (console.log(HELP.serve), 0);
  const [{ loadConfig }, { exitOnSignals, startServer }] = await Promise.all([import("../config.ts"), import("../main.ts")]);
  const config = withFlags(loadConfig(), flags);
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    throw listenProblem(error, config) ?? error;
  }
  exitOnSignals(server);
  server.app.log.info(
    `modelgraph listening on ${server.url}/graphql (database ${shownDatabase(config.dbPath)}; health sweep ${config.healthIntervalSec > 0 ? `every ${config.healthIntervalSec} s` : "off"})`,
  );
  return -1; // keep running
}

/** A listen failure as one line with what to do about it (undefined: not a listen failure). */
function listenProblem(error: unknown, config: Config): UsageError | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  const where = `${config.host}:${config.port}`;
  switch (code) {
    case "EADDRINUSE":
      return new UsageError(`cannot listen on ${where}: the port is already in use (another modelgraph, or another program); pick another with --port N (PORT; 0 picks a free one) or stop the other process`);
    case "EACCES":
      return new UsageError(`cannot listen on ${where}: permission denied (EACCES); ports below 1024 need privileges, pick --port 1024 or above`);
    case "EADDRNOTAVAIL":
      return new UsageError(`cannot listen on ${where}: ${config.host} is not an address of this machine (EADDRNOTAVAIL); use --host 127.0.0.1, or 0.0.0.0 for every interface`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new UsageError(`cannot listen on ${where}: the host name ${JSON.stringify(config.host)} does not resolve (${code}); pass an IP address with --host`);
    default:
      return undefined;
  }
}

/** A database target as printed: a PostgreSQL URL without its password. */
function shownDatabase(target: string): string {
  if (!/^postgres(ql)?:\/\//i.test(target)) return target;
  return target.replace(/^([a-z]+:\/\/[^/@:?#]*):[^/@?#]*@/i, "$1:***@").replace(/([?&]password=)[^&#]*/i, "$1***");
}

/**
 * Read commands refuse a database file that does not exist instead of creating an empty one and
 * answering from it as if the catalog were empty (a PostgreSQL URL names a server, which says for itself).
 */
function requireDatabase(config: Config, flags: Flags, isPostgresUrl: (target: string) => boolean): void {
  if (isPostgresUrl(config.dbPath) || config.dbPath === ":memory:" || config.dbPath.startsWith("file:") || existsSync(config.dbPath)) return;
  const db = flags.db !== undefined ? ` --db ${config.dbPath}` : "";
  const from = flags.db !== undefined ? "--db" : process.env.MODELGRAPH_DB ? "MODELGRAPH_DB" : "the default path";
  throw new UsageError(
    `no database at ${resolve(config.dbPath)} (${from}): create it with \`modelgraph migrate${db}\` or \`modelgraph import FILE${db}\`, or point --db (MODELGRAPH_DB) at an existing one`,
  );
}

function writeOutput(path: string, content: string): void {
  try {
    writeFileSync(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const dir = dirname(resolve(path));
    const cause =
      code === "ENOENT"
        ? `the directory ${dir} does not exist`
        : code === "EISDIR"
          ? "it is a directory"
          : code === "ENOTDIR"
            ? `a part of ${dir} is a file, not a directory`
            : code === "EROFS"
              ? "the filesystem is read-only"
              : code === "EACCES" || code === "EPERM"
                ? "permission denied"
                : (error as Error).message;
    throw new UsageError(`cannot write --out ${resolve(path)}: ${cause} (${code ?? "error"}); choose a file in an existing, writable directory, or leave --out off to print to standard output`);
  }
}

async function migrate(rest: string[]): Promise<number> {
  const { flags } = parse("migrate", rest, DB_OPTION, "none");
  if (flags.help) return (console.log(HELP.migrate), 0);
  const [{ loadConfig }, { openDatabase, WAITING_BUSY_TIMEOUT_MS }, { isPostgresUrl, openPostgres }] = await Promise.all([
    import("../config.ts"),
    import("../db/client.ts"),
    import("../db/pg/client.ts"),
  ]);
  const config = withFlags(loadConfig(), flags);
  if (existsSync(config.dbPath) && statSync(config.dbPath).isDirectory()) {
    throw new UsageError(`${resolve(config.dbPath)} is a directory; --db (MODELGRAPH_DB) takes the path of a database file, e.g. ${config.dbPath.replace(/\/+$/, "")}/modelgraph.db`);
  }
  // drizzle's record of applied migrations: __drizzle_migrations on SQLite, drizzle.__drizzle_migrations on PostgreSQL.
  const count = async (migrateNow: boolean): Promise<number> => {
    if (isPostgresUrl(config.dbPath)) {
      const handle = await openPostgres(config.dbPath, { migrate: migrateNow, max: 1 });
      try {
        const table = await handle.pool.query<{ present: boolean }>(`select to_regclass('drizzle."__drizzle_migrations"') is not null as present`);
        if (!table.rows[0]?.present) return 0;
        const { rows } = await handle.pool.query<{ n: string }>(`select count(*) as n from drizzle."__drizzle_migrations"`);
        return Number(rows[0]!.n);
      } finally {
        await handle.close();
      }
    }
    const handle = openDatabase(config.dbPath, { migrate: migrateNow, busyTimeoutMs: WAITING_BUSY_TIMEOUT_MS });
    try {
      const table = handle.sqlite.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
      return table ? (handle.sqlite.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n : 0;
    } finally {
      handle.close();
    }
  };
  const before = await count(false);
  const after = await count(true);
  console.log(`${shownDatabase(config.dbPath)}: ${after - before} migration(s) applied, ${after} in total`);
  return 0;
}

async function importCommand(rest: string[]): Promise<number> {
  const options = {
    format: { type: "string" },
    "dry-run": { type: "boolean" },
    replace: { type: "boolean" },
    "skip-invalid": { type: "boolean" },
    json: { type: "boolean" },
    ...DB_OPTION,
  } as const;
  const { flags, positionals } = parse("import", rest, options, "one");
  if (flags.help) return (console.log(HELP.import), 0);
  if (positionals.length !== 1) throw new UsageError(`import takes exactly one FILE (got ${positionals.length}); see modelgraph import --help`);
  const file = positionals[0]!;
  const format = formatOf(flags.format, file);
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { loadConfig, open } = await catalogModules();
  const runtime = await open(withFlags(loadConfig(), flags));
  const { catalog } = runtime;
  runtime.announceWriter(`modelgraph import ${file}${flags["dry-run"] ? " --dry-run" : ""}${flags.replace ? " --replace" : ""}`);
  try {
    const report = await catalog.interop.importConfig({
      format,
      content,
      dryRun: flags["dry-run"] ?? false,
      mode: flags.replace ? "REPLACE" : "MERGE",
      skipInvalid: flags["skip-invalid"] ?? false,
      source: file,
      path: file,
    });
    if (flags.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    console.log(`${report.dryRun ? "dry run (nothing written): would import" : "imported"} ${file} (${report.format}, ${report.mode})`);
    console.log(changesLine("created", report.created));
    console.log(changesLine("updated", report.updated));
    console.log(changesLine("unchanged", report.unchanged));
    if (report.mode === "REPLACE") console.log(changesLine("removed", report.removed));
    for (const r of report.rerouted) console.log(`${report.dryRun ? "would reroute" : "rerouted"} ${r.entity} ${JSON.stringify(r.name)}: ${r.before} -> ${r.after}`);
    for (const skipped of report.skipped) console.log(`skipped ${skipped.reason}`);
    for (const warning of report.warnings) console.error(`warning: ${warning}`);
    return 0;
  } finally {
    await runtime.close();
  }
}

async function exportCommand(rest: string[]): Promise<number> {
  const { flags } = parse("export", rest, { format: { type: "string" }, out: { type: "string" }, ...DB_OPTION }, "none");
  if (flags.help) return (console.log(HELP.export), 0);
  const format = formatOf(flags.format);
  const { loadConfig, open, isPostgresUrl } = await catalogModules();
  const config = withFlags(loadConfig(), flags);
  requireDatabase(config, flags, isPostgresUrl);
  const runtime = await open(config);
  const { catalog } = runtime;
  try {
    const result = await catalog.interop.exportConfig(format);
    if (flags.out) writeOutput(flags.out, result.content);
    else process.stdout.write(result.content.endsWith("\n") ? result.content : result.content + "\n");
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    return 0;
  } finally {
    await runtime.close();
  }
}

async function resolveCommand(rest: string[]): Promise<number> {
  const { flags, positionals } = parse("resolve", rest, { json: { type: "boolean" }, ...DB_OPTION }, "one");
  if (flags.help) return (console.log(HELP.resolve), 0);
  if (positionals.length !== 1) throw new UsageError(`resolve takes exactly one NAME (got ${positionals.length}); see modelgraph resolve --help`);
  const { loadConfig, open, isPostgresUrl } = await catalogModules();
  const config = withFlags(loadConfig(), flags);
  requireDatabase(config, flags, isPostgresUrl);
  const runtime = await open(config);
  const { catalog } = runtime;
  try {
    // One snapshot of the catalog, loaded once: resolution reads it, no SQL of its own.
    const r = catalog.resolution.resolve(positionals[0]!, { view: catalog.read() });
    const s = r.selected;
    const view = {
      name: r.name,
      kind: r.kind,
      alias: r.alias?.name ?? null,
      group: r.group?.name ?? null,
      provider: s?.provider.name ?? null,
      providerType: s ? catalog.providers.typeOf(s.provider).id : null,
      model: s?.model ?? null,
      prefixedId: s?.prefixedId ?? null,
      apiBase: s?.apiBase ?? null,
      health: r.health,
      allUnhealthy: r.allUnhealthy,
      candidates: r.candidates.map((c) => ({
        deployment: c.deployment?.id ?? null,
        provider: c.provider.name,
        prefixedId: c.prefixedId,
        apiBase: c.apiBase,
        priority: c.deployment?.priority ?? null,
        weight: c.deployment?.weight ?? null,
        health: c.health.status,
        selected: c.selected,
      })),
      trace: r.trace,
    };
    if (flags.json) {
      console.log(JSON.stringify(view, null, 2));
      return 0;
    }
    console.log(`${view.name} → ${view.prefixedId ?? "(no enabled deployment)"}`);
    console.log(`  kind      ${view.kind}${view.group ? ` (group ${JSON.stringify(view.group)})` : ""}`);
    if (view.provider) console.log(`  provider  ${view.provider} (type ${view.providerType})`);
    if (view.apiBase) console.log(`  api base  ${view.apiBase}`);
    console.log(`  health    ${view.health}${view.allUnhealthy ? " (every candidate is UNHEALTHY)" : ""}`);
    if (view.candidates.length > 0) {
      console.log("\ncandidates:");
      console.log(
        table(
          ["", "prefixed id", "provider", "health", "priority", "weight", "api base"],
          view.candidates.map((c) => [c.selected ? "*" : "", c.prefixedId, c.provider, c.health, c.priority, c.weight, c.apiBase]),
        ),
      );
    }
    console.log("\ntrace:");
    for (const step of view.trace) console.log(`  - ${step}`);
    return 0;
  } finally {
    await runtime.close();
  }
}

async function checkCommand(rest: string[]): Promise<number> {
  const { flags, positionals } = parse("check", rest, { force: { type: "boolean" }, json: { type: "boolean" }, ...DB_OPTION }, "many");
  if (flags.help) return (console.log(HELP.check), 0);
  const [{ loadConfig, open, isPostgresUrl }, { HealthStatus }] = await Promise.all([catalogModules(), import("../health/status.ts")]);
  const config = withFlags(loadConfig(), flags);
  requireDatabase(config, flags, isPostgresUrl);
  const runtime = await open(config);
  const { catalog } = runtime;
  try {
    const bar = flags.json ? progressBar("", { isTTY: false } as NodeJS.WriteStream) : progressBar("probing");
    // The check is planned from this view, and its results are named from it.
    const view = catalog.read();
    const report = await catalog.checker.check({ names: positionals, force: flags.force ?? false, onProgress: (done, total) => bar.update(done, total), view });
    bar.end();
    const rows = report.results.map((r) => {
      const provider = view.provider(r.deployment.providerId)!;
      return {
        group: view.group(r.deployment.groupId)?.name ?? "?",
        prefixedId: r.deployment.prefixedId,
        provider: provider.name,
        status: r.status,
        latencyMs: r.latencyMs,
        source: r.source,
        error: r.error,
      };
    });
    const unhealthy = report.results.filter((r) => r.status === HealthStatus.UNHEALTHY).length;
    if (flags.json) {
      const { results: _results, ...summary } = report;
      console.log(JSON.stringify({ ...summary, unhealthy, results: rows }, null, 2));
    } else {
      if (rows.length > 0) {
        console.log(table(["group", "prefixed id", "provider", "status", "latency", "source", "error"], rows.map((r) => [r.group, r.prefixedId, r.provider, r.status, r.latencyMs == null ? "" : `${r.latencyMs} ms`, r.source, r.error ?? ""])));
        console.log("");
      }
      console.log(
        `${report.deploymentsCovered} deployment(s) on ${report.upstreamsChecked} upstream(s): ${report.requestsSent} HTTP request(s), ${report.reusedResults} reused, ${report.sharedResults} shared; ${unhealthy} UNHEALTHY (${report.durationMs} ms)`,
      );
    }
    return unhealthy > 0 ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

const FACTS_FORMATS: Record<string, RegistryFormat> = {
  "models-dev": "MODELS_DEV_JSON",
  "models.dev": "MODELS_DEV_JSON",
  modelsdev: "MODELS_DEV_JSON",
  models_dev_json: "MODELS_DEV_JSON",
  litellm: "LITELLM_MODEL_PRICES",
  litellm_model_prices: "LITELLM_MODEL_PRICES",
};

async function factsCommand(rest: string[]): Promise<number> {
  const sub = rest[0];
  if (sub === "import") return factsImport(rest.slice(1));
  if (sub !== undefined && !sub.startsWith("-")) {
    const meant = closest(sub, ["import"]);
    throw new UsageError(`unknown facts subcommand ${JSON.stringify(sub)}${meant ? `: did you mean ${meant}?` : ""} (accepted: facts, facts import FILE; see modelgraph facts --help)`);
  }
  const { flags } = parse("facts", rest, { json: { type: "boolean" }, ...DB_OPTION }, "none");
  if (flags.help) return (console.log(HELP.facts), 0);
  const { loadConfig, open, isPostgresUrl } = await catalogModules();
  const config = withFlags(loadConfig(), flags);
  requireDatabase(config, flags, isPostgresUrl);
  const runtime = await open(config);
  const { catalog } = runtime;
  try {
    const datasets = await catalog.facts.datasets();
    if (flags.json) console.log(JSON.stringify({ datasets }, null, 2));
    else printDatasets(datasets);
    return 0;
  } finally {
    await runtime.close();
  }
}

function printDatasets(datasets: DatasetSummary[]): void {
  console.log("model registry, in precedence order (each fact from the first dataset that knows it):");
  console.log(
    table(
      ["dataset", "format", "source", "version", "date", "imported", "providers", "models"],
      datasets.map((d) => [d.dataset, d.format, d.source, d.version ?? "", d.date ?? "", d.importedAt ?? "(shipped)", d.providers, d.models]),
    ),
  );
}

async function factsImport(rest: string[]): Promise<number> {
  const { flags, positionals } = parse("facts import", rest, { format: { type: "string" }, json: { type: "boolean" }, ...DB_OPTION }, "one");
  if (flags.help) return (console.log(HELP.facts), 0);
  if (positionals.length !== 1) throw new UsageError(`facts import takes exactly one FILE (got ${positionals.length}); see modelgraph facts --help`);
  const file = positionals[0]!;
  let format: RegistryFormat | null = null;
  if (flags.format !== undefined) {
    format = FACTS_FORMATS[flags.format.toLowerCase()] ?? null;
    if (!format) throw new UsageError(`--format ${JSON.stringify(flags.format)} is not accepted: expected models-dev (a models.dev api.json) or litellm (a LiteLLM model_prices_and_context_window.json)`);
  }
  const [{ loadConfig, open }, { MAX_REGISTRY_CHARS }, { CatalogError }] = await Promise.all([
    catalogModules(),
    import("../catalog/facts/facts.service.ts"),
    import("../errors.ts"),
  ]);
  let content: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_REGISTRY_CHARS) throw new UsageError(`cannot import ${JSON.stringify(file)}: it is ${(size / 1024 / 1024).toFixed(0)} MiB; accepted: at most ${MAX_REGISTRY_CHARS / 1024 / 1024} MiB`);
    content = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const runtime = await open(withFlags(loadConfig(), flags));
  const { catalog } = runtime;
  runtime.announceWriter(`modelgraph facts import ${file}`);
  try {
    let result;
    try {
      result = await catalog.facts.importFacts({ format, content, source: basename(file) });
    } catch (error) {
      // The service names formats as GraphQL does; say it in this command's flag.
      if (error instanceof CatalogError) {
        error.message = error.message
          .replace(/import it as MODELS_DEV_JSON$/, "import it with --format models-dev (or without --format)")
          .replace(/import it as LITELLM_MODEL_PRICES$/, "import it with --format litellm (or without --format)");
      }
      throw error;
    }
    if (flags.json) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    const d = result.imported;
    console.log(
      result.changed
        ? `imported ${file} (${d.format}): ${d.providers} providers, ${d.models} models, data dated ${d.date ?? "unknown"}`
        : `${file} (${d.format}) is already loaded (imported ${d.importedAt}): nothing written`,
    );
    printDatasets(result.datasets);
    for (const warning of result.warnings) if (result.changed || !warning.startsWith("the same data")) console.error(`warning: ${warning}`);
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case "serve":
      return serve(rest);
    case "migrate":
      return migrate(rest);
    case "import":
      return importCommand(rest);
    case "export":
      return exportCommand(rest);
    case "resolve":
      return resolveCommand(rest);
    case "check":
      return checkCommand(rest);
    case "facts":
      return factsCommand(rest);
    default: {
      const meant = closest(command.replace(/^-+/, ""), Object.keys(HELP));
      throw new UsageError(`unknown command ${JSON.stringify(command)}${meant ? `: did you mean ${meant}?` : ""} (accepted: ${Object.keys(HELP).join(", ")})`);
    }
  }
}

// `modelgraph resolve x | head`: the reader went away; stop quietly, as cat and grep do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw error;
  });
}

/** The error classes a command may raise; undefined when loading them fails too. */
async function errorClasses() {
  try {
    const [{ ConfigError }, { DatabaseFileError }, { CatalogError, DatabaseBusyError }] = await Promise.all([import("../config.ts"), import("../db/client.ts"), import("../errors.ts")]);
    return { ConfigError, DatabaseFileError, CatalogError, DatabaseBusyError };
  } catch {
    return undefined;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  async (error: unknown) => {
    // A usage error is raised before any command module is loaded: answer it without loading them.
    const classes = error instanceof UsageError ? undefined : await errorClasses();
    if (error instanceof UsageError || (classes && (error instanceof classes.ConfigError || error instanceof classes.DatabaseFileError))) {
      console.error(`modelgraph: ${(error as Error).message}`);
      process.exitCode = 2;
    } else if (classes && error instanceof classes.DatabaseBusyError) {
      console.error(`modelgraph: ${error.message}`);
      process.exitCode = 1;
    } else if (classes && error instanceof classes.CatalogError) {
      const suggestions = (error.extensions as { suggestions?: string[] }).suggestions;
      console.error(`modelgraph: ${error.message}`);
      if (suggestions?.length && !error.message.includes("did you mean")) console.error(`did you mean: ${suggestions.join(", ")}`);
      process.exitCode = 2;
    } else {
      console.error(`modelgraph: ${(error as Error)?.stack ?? String(error)}`);
      process.exitCode = 1;
    }
  },
);
