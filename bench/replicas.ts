/**
 * `npm run bench replicas` (issue 13, DESIGN.md section 6, docs/replicas.md): modelgraph as
 * replicas on one PostgreSQL database, every figure against its target or a same-run baseline.
 *
 * - a write on one of 3 replicas visible on the two others (catalogChanged on every replica,
 *   cross-checked with `x-modelgraph-min-version` reads), and the subscribers' deliveries:
 *   exactly once, in version order;
 * - probes per endpoint per sweep with 1, 2, 3 and 5 replicas (3,000 endpoints, each its own API
 *   base on real HTTP upstreams that count the requests), and 50 forced checks spread over 3
 *   replicas: requests per upstream;
 * - start-up to the first `alias(name)` answer with the 30,000-entity synthetic catalog, beside
 *   a SQLite server on the same catalog;
 * - the read path (reads come from the snapshot) on PostgreSQL beside SQLite, alternated.
 *
 * modelgraph is driven only from outside: `modelgraph import` and `modelgraph serve` processes
 * (the bin, as users run it), HTTP and graphql-ws. The database is a throw-away cluster on a unix
 * socket (test/support/postgres.ts).
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { startPostgres, type PgCluster } from "../test/support/postgres.ts";
import { median } from "./measure.ts";
import { SYNTHETIC, syntheticLiteLLMYaml } from "./synthetic.ts";

const REPO = new URL("..", import.meta.url).pathname;
const SECRET_KEY = "bench-replicas-master-key-0123456789abcdefghij";

/** How each part is sized; `--quick` checks the benchmark itself (figures mean nothing). */
interface Plan {
  groups: number;
  startRuns: number;
  loadSeconds: number;
  warmSeconds: number;
  pages: number;
  writes: number;
  endpoints: number;
  intervalS: number;
  sweeps: number;
  forced: number;
}

const FULL: Plan = { groups: SYNTHETIC.groups, startRuns: 3, loadSeconds: 6, warmSeconds: 2, pages: 40, writes: 1_000, endpoints: 3_000, intervalS: 10, sweeps: 3, forced: 50 };
const QUICK: Plan = { groups: 100, startRuns: 1, loadSeconds: 2, warmSeconds: 1, pages: 10, writes: 60, endpoints: 120, intervalS: 2, sweeps: 3, forced: 12 };

const CONNECTIONS = 32;
const WRITES_PER_SECOND = 5;
const PAGE = 500;
const REPLICAS = 3;
/** Upstream servers the endpoints are spread over (each endpoint its own API base path). */
const UPSTREAMS = 4;
/** Groups whose deployments the forced checks name, and how long the upstreams take to answer them. */
const FORCED_GROUPS = 10;
const FORCED_DELAY_MS = 500;
/** The first round (every endpoint due at once) is waited for at most this many intervals. */
const FIRST_ROUND_WAIT = 6;
/** Every tenth write is also read back with its version on the two other replicas. */
const CROSS_CHECK_EVERY = 10;

const ALIAS_QUERY = "query A($n: String!) { alias(name: $n) { provider { name } prefixedId health } }";
const PAGE_QUERY = `query P($after: String) { aliases(first: ${PAGE}, after: $after) { edges { node { name deployments { prefixedId provider { name } } } } } }`;
const CURSORS_QUERY = `query C($after: String) { aliases(first: ${PAGE}, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } }`;
const ADD_ALIAS = "mutation C($n: String!, $t: String!) { addAlias(input: { name: $n, target: $t }) { alias { name } version } }";
const UPDATE_ALIAS = "mutation U($n: String!, $t: String!, $d: String) { updateAlias(name: $n, input: { target: $t, description: $d }) { alias { name } version } }";
const READ_BACK = "query R($n: String!) { alias(name: $n) { name description } }";
const CATALOG_CHANGED = "subscription { catalogChanged { id entity name action } }";
const CHECK_HEALTH = "mutation H($names: [String!]) { checkHealth(names: $names, force: true) { upstreamsChecked requestsSent sharedResults reusedResults } }";

// -----------------------------------------------------------------------------------------------
// Small helpers (as bench/read.ts)

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const ms = (n: number) => `${round(n, 1)} ms`;
const ratio = (n: number) => (Math.abs(n) >= 0.1 ? round(n) : Number(n.toPrecision(2)));
const count = (n: number) => n.toLocaleString("en-US");
const pad = (n: number, width: number) => String(n).padStart(width, "0");
const random = (n: number) => Math.floor(Math.random() * n);
const gql = (query: string, variables: object) => JSON.stringify({ query, variables });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const aliasName = (i: number) => `alias-${pad(i, 5)}`;
const groupName = (g: number) => `group-${pad(g, 4)}`;

/** Nearest-rank percentile of unsorted samples. */
function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const spread = (values: readonly number[]) => `p50 ${ms(percentile(values, 0.5))}, p99 ${ms(percentile(values, 0.99))}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The child's environment: this one without MODELGRAPH_* settings, then `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("MODELGRAPH_") && name !== "MODELGRAPH_PG_BIN") delete env[name];
  return { ...env, NODE_ENV: "production", MODELGRAPH_LOG_LEVEL: "info", MODELGRAPH_SECRET_KEY: SECRET_KEY, ...extra };
}

/** A child process whose last output is kept for error messages. */
interface Proc {
  child: ChildProcess;
  startedAt: number;
  output(): string;
  stop(): Promise<void>;
}

function start(args: string[], bin: string, env: Record<string, string> = {}): Proc {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [bin, ...args], { cwd: REPO, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    startedAt,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Runs the CLI to its end (at most `timeoutMs`); wall time in ms. An import that printed its
 * report but does not exit within 15 s is killed and reported as such (a pool left open).
 */
async function run(bin: string, args: string[], what: string, timeoutMs = 300_000): Promise<number> {
  const proc = start(args, bin);
  let lingering = false;
  let reported: NodeJS.Timeout | undefined;
  let tail = "";
  proc.child.stdout!.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-200);
    if (reported || !/(^|\n)imported /.test(tail)) return;
    reported = setTimeout(() => {
      lingering = true;
      proc.child.kill("SIGKILL");
    }, 15_000);
  });
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => proc.child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  clearTimeout(reported);
  const took = performance.now() - proc.startedAt;
  if (code !== 0) {
    const output = proc.output().replace(/^\s*warning: .*(\n|$)/gm, "").trim();
    const how = lingering ? "printed its report but did not exit within 15 s (killed)" : code === null ? `did not exit within ${timeoutMs} ms (killed)` : `exited with ${code}`;
    throw new Error(`${what} ${how}: ${output.slice(-1500)}`);
  }
  return took;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/graphql`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  return { status: response.status, text: await response.text() };
}

/** A GraphQL answer's data, or an error naming the server and the answer. */
async function query<T>(url: string, q: string, variables: object, headers: Record<string, string> = {}): Promise<T> {
  const { status, text } = await post(url, gql(q, variables), headers);
  let parsed: { data?: T; errors?: { message: string }[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`${url}: HTTP ${status} ${text.slice(0, 300)}`);
  }
  if (status !== 200 || parsed.errors || !parsed.data) throw new Error(`${url}: HTTP ${status} ${text.slice(0, 400)}`);
  return parsed.data;
}

interface Server {
  name: string;
  url: string;
  proc: Proc;
  /** ms from the spawn to the first answer of the ready check. */
  readyMs: number;
}

/**
 * `modelgraph serve` on `db` (a SQLite file or a PostgreSQL URL); ready once `ready(url)` says so
 * (default: GET /health/liveliness answers 200). Polled every 5 ms.
 */
async function serve(
  bin: string,
  name: string,
  db: string,
  options: { intervalS?: number; env?: Record<string, string>; ready?: (url: string) => Promise<boolean>; timeoutMs?: number } = {},
): Promise<Server> {
  const port = await freePort();
  const proc = start(["serve", "--port", String(port), "--db", db, "--health-interval", String(options.intervalS ?? 0)], bin, options.env);
  const url = `http://127.0.0.1:${port}`;
  const ready =
    options.ready ??
    (async (u: string) => {
      const response = await fetch(`${u}/health/liveliness`);
      await response.arrayBuffer();
      return response.status === 200;
    });
  const timeoutMs = options.timeoutMs ?? 120_000;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${name} (modelgraph serve --db ${db}) exited with ${proc.child.exitCode}: ${proc.output()}`);
    try {
      if (await ready(url)) return { name, url, proc, readyMs: performance.now() - proc.startedAt };
    } catch {
      // not listening yet
    }
    if (performance.now() - proc.startedAt > timeoutMs) {
      await proc.stop();
      throw new Error(`${name} not ready within ${timeoutMs} ms: ${proc.output()}`);
    }
    await sleep(5);
  }
}

// -----------------------------------------------------------------------------------------------
// Rows

export interface ReplicasRow {
  name: string;
  value: string;
  baseline: string;
  /** value ÷ baseline (a same-run ratio), when there is one. */
  xBaseline: number | null;
  target: string;
  met: boolean | null;
  note: string;
}

export interface ReplicasSection {
  title: string;
  rows: ReplicasRow[];
  /** Set when the part could not be measured (the error, as it came). */
  error?: string;
}

export interface ReplicasBenchResult {
  started: string;
  root: string;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  pgStartMs: number;
  /** The imports' wall times (side by side, so not a comparison). */
  imports: string;
  groups: number;
  sections: ReplicasSection[];
}

const row = (r: Partial<ReplicasRow> & { name: string; value: string }): ReplicasRow => ({ baseline: "", xBaseline: null, target: "", met: null, note: "", ...r });

// -----------------------------------------------------------------------------------------------
// The synthetic catalog on both backends; start-up; the read path

interface Synthetic {
  pgUrl: string;
  sqlitePath: string;
  groups: number;
  aliases: number;
}

interface ProbeCatalog {
  pgUrl: string;
  sqlitePath: string;
}

/**
 * The synthetic catalog and the probe catalog, each imported into SQLite and PostgreSQL with
 * `modelgraph import`: the four imports side by side (unmeasured: they only set the stage).
 */
async function importCatalogs(
  bin: string,
  cluster: PgCluster,
  dir: string,
  plan: Plan,
  upstreams: readonly RecordingUpstream[],
): Promise<{ synthetic: Synthetic | Error; probes: ProbeCatalog | Error; note: string }> {
  const syntheticFile = join(dir, "synthetic.yaml");
  writeFileSync(syntheticFile, syntheticLiteLLMYaml((p) => `http://127.0.0.1:9/p${p}/v1`, plan.groups));
  const probesFile = join(dir, "probes.yaml");
  writeFileSync(probesFile, probeYaml(plan.endpoints, (e) => upstreams[e % UPSTREAMS]!.base(e)));
  const synthetic = { pgUrl: cluster.url, sqlitePath: join(dir, "synthetic.db"), groups: plan.groups, aliases: plan.groups * SYNTHETIC.aliasesPerGroup };
  const probes = { pgUrl: await cluster.createDatabase("probes"), sqlitePath: join(dir, "probes.db") };
  const jobs = [
    ["synthetic catalog, SQLite", syntheticFile, synthetic.sqlitePath],
    ["synthetic catalog, PostgreSQL", syntheticFile, synthetic.pgUrl],
    ["probe catalog, SQLite", probesFile, probes.sqlitePath],
    ["probe catalog, PostgreSQL", probesFile, probes.pgUrl],
  ] as const;
  const outcomes = await Promise.allSettled(jobs.map(([what, file, db]) => run(bin, ["import", file, "--db", db], `modelgraph import (${what})`)));
  const failed = (from: number) => outcomes.slice(from, from + 2).find((o): o is PromiseRejectedResult => o.status === "rejected")?.reason as Error | undefined;
  const note = outcomes.map((o, i) => `${jobs[i]![0]} ${o.status === "fulfilled" ? ms(o.value) : "failed"}`).join(", ");
  return { synthetic: failed(0) ?? synthetic, probes: failed(2) ?? probes, note };
}

/** Ready = the first answer of alias(name) with the alias (not merely listening). */
const aliasAnswered = (name: string) => async (url: string) => {
  const { status, text } = await post(url, gql(ALIAS_QUERY, { n: name }));
  return status === 200 && text.startsWith('{"data":{"alias":{');
};

async function startUpRows(bin: string, c: Synthetic, runs: number, log: (line: string) => void): Promise<ReplicasRow[]> {
  const sqlite: number[] = [];
  const pg: number[] = [];
  // Alternated (sqlite, pg, pg, sqlite, …) so that the machine's load weighs on both alike.
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (["sqlite", "pg"] as const) : (["pg", "sqlite"] as const);
    for (const kind of order) {
      log(`replicas: start-up run ${i + 1}/${runs}, ${kind}`);
      const server = await serve(bin, kind, kind === "pg" ? c.pgUrl : c.sqlitePath, { ready: aliasAnswered(aliasName(1)) });
      (kind === "pg" ? pg : sqlite).push(server.readyMs);
      await server.proc.stop();
    }
  }
  const p = median(pg);
  const s = median(sqlite);
  return [
    row({
      name: "SQLite server, the same catalog: spawn to first alias(name) answer",
      value: ms(s),
      target: "(baseline)",
      note: `median of ${runs}: ${sqlite.map((v) => Math.round(v)).join(", ")} ms`,
    }),
    row({
      name: "PostgreSQL replica: spawn to first alias(name) answer",
      value: ms(p),
      baseline: `SQLite: ${ms(s)}`,
      xBaseline: ratio(p / s),
      target: "≤ 2,000 ms",
      met: p <= 2000,
      note: `median of ${runs}: ${pg.map((v) => Math.round(v)).join(", ")} ms; ready = the alias answered, not merely listening`,
    }),
  ];
}

/** The separate client that keeps the catalog changing while reads are measured (as bench/read.ts). */
class Writer {
  private timer: NodeJS.Timeout | undefined;
  private n = 0;
  private readonly pending = new Set<Promise<void>>();
  readonly failed: string[] = [];

  constructor(
    private readonly url: string,
    private readonly c: Synthetic,
    private readonly tag: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      const n = this.n++;
      const target = groupName(random(this.c.groups));
      const body = n % 2 === 0 ? gql(UPDATE_ALIAS, { n: aliasName(random(this.c.aliases)), t: target, d: null }) : gql(ADD_ALIAS, { n: `bench-rw-${this.tag}-${n}`, t: target });
      const p = post(this.url, body)
        .then(({ status, text }) => {
          if (status !== 200 || text.includes('"errors"')) this.failed.push(`HTTP ${status} ${text.slice(0, 200)}`);
        })
        .catch((error: unknown) => void this.failed.push(String(error)))
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }, 1000 / WRITES_PER_SECOND);
  }

  async stop(): Promise<number> {
    clearInterval(this.timer);
    await Promise.all(this.pending);
    if (this.failed.length > 0) throw new Error(`writes on ${this.url} failed (${this.failed.length}): ${this.failed[0]}`);
    return this.n;
  }
}

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

/** autocannon, a fresh body per request, after an unmeasured warm-up (as bench/read.ts). */
async function load(url: string, makeBody: () => string, seconds: number, warmSeconds: number): Promise<Load> {
  const go = (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      requests: [{ method: "POST", path: "/graphql", headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: makeBody() }) }],
    });
  const warm = await go(warmSeconds);
  await sleep(Math.min(10_000, warm.latency.max + 500));
  const result = await go(seconds);
  return { reqPerSec: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts };
}

async function cursorsOf(url: string): Promise<string[]> {
  type Page = { aliases: { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  const cursors: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Page = await query<Page>(url, CURSORS_QUERY, { after });
    for (const edge of data.aliases.edges) cursors.push(edge.cursor);
    if (!data.aliases.pageInfo.hasNextPage) return cursors;
    after = data.aliases.pageInfo.endCursor;
  }
}

async function readRows(bin: string, c: Synthetic, plan: Plan, log: (line: string) => void): Promise<ReplicasRow[]> {
  const sqlite = await serve(bin, "sqlite", c.sqlitePath);
  const pg = await serve(bin, "pg", c.pgUrl).catch(async (error: unknown) => {
    await sqlite.proc.stop();
    throw error;
  });
  try {
    // Same catalog, same answers, byte for byte, or the comparison says nothing.
    for (let i = 0; i < 20; i++) {
      const body = gql(ALIAS_QUERY, { n: aliasName(random(c.aliases)) });
      const [a, b] = [await post(sqlite.url, body), await post(pg.url, body)];
      if (a.status !== 200 || a.text !== b.text || a.text.includes('"errors"')) throw new Error(`SQLite and PostgreSQL answer ${body} differently:\n${a.text.slice(0, 300)}\n${b.text.slice(0, 300)}`);
    }
    const servers = { sqlite, pg };
    const cursors = { sqlite: await cursorsOf(sqlite.url), pg: await cursorsOf(pg.url) };
    if (cursors.sqlite.length !== c.aliases || cursors.pg.length !== c.aliases) throw new Error(`paged ${cursors.sqlite.length} aliases on SQLite and ${cursors.pg.length} on PostgreSQL; expected ${c.aliases}`);
    const aliasBody = () => gql(ALIAS_QUERY, { n: aliasName(random(c.aliases)) });
    const pageBody = (kind: "sqlite" | "pg") => () => gql(PAGE_QUERY, { after: cursors[kind][random(Math.max(1, c.aliases - PAGE))] });

    const loads = { sqlite: [] as Load[], pg: [] as Load[] };
    const writes = { sqlite: 0, pg: 0 };
    for (const [i, kind] of (["sqlite", "pg", "pg", "sqlite"] as const).entries()) {
      log(`replicas: alias(name) under load, round ${i + 1}/4, ${kind}`);
      const writer = new Writer(servers[kind].url, c, `${kind}-${i}`);
      writer.start();
      const result = await load(servers[kind].url, aliasBody, plan.loadSeconds, plan.warmSeconds).finally(() => writer.stop().then((n) => (writes[kind] += n)));
      if (result.errors > 0) throw new Error(`${kind}: ${result.errors} errors under load`);
      loads[kind].push(result);
    }
    const mean = (ls: Load[], f: (l: Load) => number) => ls.reduce((sum, l) => sum + f(l), 0) / ls.length;
    const rps = { sqlite: mean(loads.sqlite, (l) => l.reqPerSec), pg: mean(loads.pg, (l) => l.reqPerSec) };
    const p50 = { sqlite: mean(loads.sqlite, (l) => l.p50), pg: mean(loads.pg, (l) => l.p50) };
    const p99 = { sqlite: mean(loads.sqlite, (l) => l.p99), pg: mean(loads.pg, (l) => l.p99) };

    log("replicas: the 500-alias page, one request at a time");
    const pages = { sqlite: [] as number[], pg: [] as number[] };
    for (const kind of ["sqlite", "pg"] as const) for (let i = 0; i < 10; i++) await query(servers[kind].url, PAGE_QUERY, JSON.parse(pageBody(kind)()).variables); // warm-up
    for (const kind of ["sqlite", "pg", "pg", "sqlite"] as const) {
      const writer = new Writer(servers[kind].url, c, `${kind}-page`);
      writer.start();
      try {
        for (let i = 0; i < plan.pages / 2; i++) {
          const body = pageBody(kind)();
          const started = performance.now();
          const { status, text } = await post(servers[kind].url, body);
          if (status !== 200 || text.includes('"errors"')) throw new Error(`${kind} page: HTTP ${status} ${text.slice(0, 200)}`);
          pages[kind].push(performance.now() - started);
        }
      } finally {
        writes[kind] += await writer.stop();
      }
    }
    const page = { sqlite: percentile(pages.sqlite, 0.5), pg: percentile(pages.pg, 0.5) };
    const writesNote = `${WRITES_PER_SECOND} writes/s through the same server (updateAlias/addAlias)`;
    return [
      row({
        name: `SQLite server: alias(name) { provider { name } prefixedId health }, varied names, ${CONNECTIONS} connections`,
        value: `${Math.round(rps.sqlite)} req/s; p50 ${round(p50.sqlite, 1)}, p99 ${round(p99.sqlite, 1)} ms`,
        target: "(baseline)",
        note: `mean of 2 rounds of ${plan.loadSeconds} s, alternated sqlite, pg, pg, sqlite; ${writesNote}`,
      }),
      row({
        name: "PostgreSQL replica: the same",
        value: `${Math.round(rps.pg)} req/s; p50 ${round(p50.pg, 1)}, p99 ${round(p99.pg, 1)} ms`,
        baseline: `SQLite: ${Math.round(rps.sqlite)} req/s`,
        xBaseline: ratio(rps.pg / rps.sqlite),
        target: "≥ 0.90× SQLite req/s",
        met: rps.pg >= 0.9 * rps.sqlite,
        note: `rounds ${loads.pg.map((l) => Math.round(l.reqPerSec)).join(", ")} vs SQLite ${loads.sqlite.map((l) => Math.round(l.reqPerSec)).join(", ")} req/s; p99 ${ratio(p99.pg / p99.sqlite)}× SQLite's; answers compared byte for byte on 20 names first`,
      }),
      row({
        name: `PostgreSQL replica: aliases(first: ${PAGE}) with deployments and providers, one at a time, p50`,
        value: ms(page.pg),
        baseline: `SQLite: ${ms(page.sqlite)}`,
        xBaseline: ratio(page.pg / page.sqlite),
        target: "≤ 1.10× SQLite p50",
        met: page.pg <= 1.1 * page.sqlite,
        note: `${pages.pg.length} pages each (random cursors), alternated; p99 ${ms(percentile(pages.pg, 0.99))} vs ${ms(percentile(pages.sqlite, 0.99))}; ${writesNote}`,
      }),
    ];
  } finally {
    await sqlite.proc.stop();
    await pg.proc.stop();
  }
}

// -----------------------------------------------------------------------------------------------
// A write on one replica, seen on the others: catalogChanged on every replica

interface Write {
  replica: number;
  key: string;
  requestAt: number;
  responseAt: number;
  version: number;
}

interface Arrival {
  write: number;
  at: number;
}

async function writeRows(bin: string, c: Synthetic, plan: Plan, log: (line: string) => void): Promise<ReplicasRow[]> {
  const servers: Server[] = [];
  const clients: Client[] = [];
  try {
    for (let r = 0; r < REPLICAS; r++) servers.push(await serve(bin, `replica ${"ABC"[r]}`, c.pgUrl));
    const writes: Write[] = [];
    /** `${action}:${name}` → the write's index, set before its request is sent. */
    const byKey = new Map<string, number>();
    const arrivals: Arrival[][] = servers.map(() => []);
    const others = (r: number) => servers.map((_, i) => i).filter((i) => i !== r);
    let unexpected = 0;
    const subscriptionErrors: string[] = [];
    let waiting: { write: number; seen: Set<number>; done: () => void } | undefined;
    /** Writes in a row that some other replica's subscriber did not get within 2 s. */
    let unseenInARow = 0;

    servers.forEach((server, r) => {
      const client = createClient({ url: `${server.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
      clients.push(client);
      client.subscribe<{ catalogChanged: { id: string; entity: string; name: string | null; action: string } }>(
        { query: CATALOG_CHANGED },
        {
          next: (value) => {
            const at = performance.now();
            if (value.errors) return void subscriptionErrors.push(JSON.stringify(value.errors).slice(0, 300));
            const change = value.data!.catalogChanged;
            const write = byKey.get(`${change.action}:${change.name}`);
            if (write === undefined || change.entity !== "ALIAS") return void unexpected++;
            arrivals[r]!.push({ write, at });
            if (waiting && waiting.write === write && r !== writes[write]?.replica) {
              waiting.seen.add(r);
              if (waiting.seen.size === REPLICAS - 1) waiting.done();
            }
          },
          error: (error) => void subscriptionErrors.push(String((error as Error)?.message ?? JSON.stringify(error))),
          complete: () => {},
        },
      );
    });

    const retargets = new Map<number, number>();
    /**
     * One write on replica `r` (`onResponse` runs as soon as it answers); resolves once the other
     * replicas' subscribers have it, or after 2 s (then it counts as missing there).
     */
    const write = async (i: number, r: number, warm: boolean, onResponse?: (w: Write, description: string | null) => void): Promise<void> => {
      const server = servers[r]!;
      const index = writes.length;
      let body: string;
      let key: string;
      let description: string | null = null;
      if (i % 2 === 0) {
        const name = `bench-rep-${warm ? "warm-" : ""}${i}`;
        key = `CREATE:${name}`;
        body = gql(ADD_ALIAS, { n: name, t: groupName(random(c.groups)) });
      } else {
        // A catalog alias retargeted, with a description no other write gives: a change every time.
        const a = (warm ? c.aliases - 1 - i : i) % c.aliases;
        description = `bench-rep-${warm ? "warm-" : ""}${i}`;
        const g = ((retargets.get(a) ?? Math.floor(a / SYNTHETIC.aliasesPerGroup)) + 1 + random(c.groups - 1)) % c.groups;
        retargets.set(a, g);
        key = `UPDATE:${aliasName(a)}`;
        body = gql(UPDATE_ALIAS, { n: aliasName(a), t: groupName(g), d: description });
      }
      byKey.set(key, index);
      const entry: Write = { replica: r, key, requestAt: 0, responseAt: 0, version: 0 };
      writes.push(entry);
      const seen = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 2_000);
        waiting = { write: index, seen: new Set(), done: () => (clearTimeout(timer), resolve(true)) };
      });
      entry.requestAt = performance.now();
      const { status, text } = await post(server.url, body);
      entry.responseAt = performance.now();
      const parsed = JSON.parse(text) as { data?: Record<string, { version: number | null }>; errors?: unknown };
      const version = parsed.data ? Object.values(parsed.data)[0]?.version : null;
      if (status !== 200 || parsed.errors || typeof version !== "number") throw new Error(`${server.name}: write ${i} answered HTTP ${status} ${text.slice(0, 300)}`);
      entry.version = version;
      onResponse?.(entry, description);
      unseenInARow = (await seen) ? 0 : unseenInARow + 1;
      if (unseenInARow >= 10) throw new Error(`10 writes in a row did not reach the other replicas' subscribers within 2 s each: ${subscriptionErrors.join("; ") || "no subscription error"}`);
    };

    // Subscribed and warm: writes until every subscriber has had one, then a few more (unmeasured).
    log(`replicas: ${REPLICAS} PostgreSQL replicas up; subscribing and warming up`);
    const warmFrom = writes.length;
    for (let i = 0; ; i++) {
      await write(i, i % REPLICAS, true);
      const everyone = arrivals.every((list) => list.some((a) => a.write >= warmFrom));
      if (everyone && i >= 30) break;
      if (i > 300) throw new Error(`subscribers did not get the warm-up writes: ${subscriptionErrors.join("; ") || "no error"}`);
    }
    const measuredFrom = writes.length;

    log(`replicas: ${plan.writes} writes round robin over ${REPLICAS} replicas`);
    const readBack: { ms: number; ok: boolean }[] = [];
    for (let i = 0; i < plan.writes; i++) {
      const r = i % REPLICAS;
      if (i % CROSS_CHECK_EVERY !== CROSS_CHECK_EVERY / 2) {
        await write(i, r, false);
        continue;
      }
      // Cross-check: with the version it returned, both other replicas answer with the write at once.
      let reads: Promise<void> = Promise.resolve();
      await write(i, r, false, (w, description) => {
        const name = w.key.slice(w.key.indexOf(":") + 1);
        reads = Promise.all(
          others(r).map(async (o) => {
            const data = await query<{ alias: { name: string; description: string | null } | null }>(servers[o]!.url, READ_BACK, { n: name }, { "x-modelgraph-min-version": String(w.version) });
            const ok = data.alias !== null && (description === null || data.alias.description === description);
            readBack.push({ ms: performance.now() - w.responseAt, ok });
          }),
        ).then(() => undefined);
      });
      await reads;
    }
    await sleep(500); // duplicates, late deliveries

    // Per subscriber: each measured write once, in version order.
    const measured = writes.slice(measuredFrom);
    let missing = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    const fromResponse: number[] = [];
    const fromRequest: number[] = [];
    arrivals.forEach((list, r) => {
      const mine = list.filter((a) => a.write >= measuredFrom);
      const seen = new Map<number, number>();
      let newest = -Infinity;
      for (const a of mine) {
        seen.set(a.write, (seen.get(a.write) ?? 0) + 1);
        const v = writes[a.write]!.version;
        if (v < newest) outOfOrder++;
        newest = Math.max(newest, v);
        if (seen.get(a.write) === 1 && writes[a.write]!.replica !== r) {
          fromResponse.push(a.at - writes[a.write]!.responseAt);
          fromRequest.push(a.at - writes[a.write]!.requestAt);
        }
      }
      for (let w = measuredFrom; w < writes.length; w++) {
        const n = seen.get(w) ?? 0;
        if (n === 0) missing++;
        if (n > 1) duplicates += n - 1;
      }
    });
    const own = measured.map((w) => w.responseAt - w.requestAt);
    const deliveries = measured.length * REPLICAS;
    const versionsOk = measured.every((w, i) => i === 0 || w.version > measured[i - 1]!.version);
    const readsOk = readBack.filter((r) => r.ok).length;
    const exact = missing === 0 && duplicates === 0 && outOfOrder === 0 && subscriptionErrors.length === 0;
    return [
      row({
        name: `a write on one of ${REPLICAS} replicas visible on the two others (their catalogChanged), from the mutation's response`,
        value: spread(fromResponse),
        baseline: `the mutation itself: ${spread(own)}`,
        target: "p99 ≤ 50 ms",
        met: percentile(fromResponse, 0.99) <= 50,
        note: `${count(measured.length)} writes (addAlias/updateAlias alternating, round robin), ${count(fromResponse.length)} samples; max ${ms(Math.max(...fromResponse))}; the next write once both others had it`,
      }),
      row({
        name: "cross-check: x-modelgraph-min-version reads on the two others, sent at the response",
        value: spread(readBack.map((r) => r.ms)),
        baseline: `catalogChanged: p50 ${ms(percentile(fromResponse, 0.5))}`,
        target: "every answer has the write",
        met: readsOk === readBack.length && readBack.length > 0,
        note: `${readsOk}/${readBack.length} answers had it (every ${CROSS_CHECK_EVERY}th write); an HTTP round trip included`,
      }),
      row({
        name: "catalogChanged: a mutation on one replica reaching subscribers on the others, from its request",
        value: spread(fromRequest),
        baseline: `the mutation itself: p99 ${ms(percentile(own, 0.99))}`,
        xBaseline: ratio(percentile(fromRequest, 0.99) / percentile(own, 0.99)),
        target: "p99 ≤ 100 ms; exactly once, in version order",
        met: percentile(fromRequest, 0.99) <= 100 && exact,
        note:
          `${count(deliveries)} deliveries expected (every write, all ${REPLICAS} subscribers): ${missing} missing, ${duplicates} duplicates, ${outOfOrder} out of version order; ` +
          `${unexpected} other changes; versions returned increasing in write order: ${versionsOk ? "yes" : "NO"}${subscriptionErrors.length ? `; errors: ${subscriptionErrors[0]}` : ""}`,
      }),
    ];
  } finally {
    for (const client of clients) await Promise.resolve(client.dispose()).catch(() => {});
    await Promise.all(servers.map((server) => server.proc.stop()));
  }
}

// -----------------------------------------------------------------------------------------------
// Probes: a fleet-wide schedule

interface Hit {
  endpoint: number;
  /** The replica, from the key its environment gave it (`Bearer key-R3` → 3). */
  replica: number;
  at: number;
}

/** An OpenAI-style upstream on 127.0.0.1 answering `/e<n>/v1/models`, recording who asked for which endpoint when. */
class RecordingUpstream {
  readonly hits: Hit[] = [];
  delayMs = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: HttpServer) {
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<RecordingUpstream> {
    let upstream: RecordingUpstream;
    const server = createServer((req, res) => void upstream.handle(req, res));
    upstream = new RecordingUpstream(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return upstream;
  }

  base(endpoint: number): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/e${endpoint}/v1`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const _ of req);
    const at = performance.now();
    const endpoint = /^\/e(\d+)\/v1\/models$/.exec(req.url ?? "");
    const replica = Number(/^Bearer key-R(\d+)$/.exec(req.headers.authorization ?? "")?.[1] ?? -1);
    this.hits.push({ endpoint: endpoint ? Number(endpoint[1]) : -1, replica, at });
    if (this.delayMs > 0) await sleep(this.delayMs);
    res.writeHead(endpoint ? 200 : 404, { "content-type": "application/json" });
    res.end(endpoint ? '{"object":"list","data":[{"id":"m","object":"model"}]}' : '{"error":{"message":"no route"}}');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** `endpoints` deployments, 3 per group, each on its own API base (so its own provider and endpoint). */
function probeYaml(endpoints: number, baseOf: (endpoint: number) => string): string {
  const lines = ["model_list:"];
  for (let e = 0; e < endpoints; e++) {
    lines.push(`  - model_name: probe-${pad(Math.floor(e / 3), 4)}`, "    litellm_params:", "      model: openai/m", `      api_base: ${baseOf(e)}`, "      api_key: os.environ/BENCH_PROBE_KEY");
  }
  return lines.join("\n") + "\n";
}

interface SweepStats {
  replicas: number;
  perSweep: number;
  windowCount: number;
  closest: number;
  unprobed: number;
  share: number[];
  probes: number;
}

/** Probes in [from, to] of every endpoint: interval ÷ mean gap between an endpoint's consecutive probes (the later one in the window). */
function sweepStats(hits: readonly Hit[], endpoints: number, replicas: number, from: number, to: number, intervalMs: number): SweepStats {
  const last = new Array<number>(endpoints).fill(NaN);
  const inWindow = new Array<number>(endpoints).fill(0);
  const share = new Array<number>(replicas).fill(0);
  let gaps = 0;
  let gapSum = 0;
  let closest = Infinity;
  let probes = 0;
  for (const h of hits) {
    if (h.endpoint < 0 || h.endpoint >= endpoints || h.at > to) continue;
    if (h.at >= from) {
      probes++;
      inWindow[h.endpoint]!++;
      if (h.replica >= 1 && h.replica <= replicas) share[h.replica - 1]!++;
      const previous = last[h.endpoint]!;
      if (!Number.isNaN(previous)) {
        const gap = h.at - previous;
        gaps++;
        gapSum += gap;
        closest = Math.min(closest, gap);
      }
    }
    last[h.endpoint] = h.at;
  }
  const windowMs = to - from;
  return {
    replicas,
    perSweep: gaps > 0 ? intervalMs / (gapSum / gaps) : 0,
    windowCount: probes / endpoints / (windowMs / intervalMs),
    closest: closest / intervalMs,
    unprobed: inWindow.filter((n) => n === 0).length,
    share,
    probes,
  };
}

async function probeRows(bin: string, catalog: ProbeCatalog, upstreams: readonly RecordingUpstream[], plan: Plan, log: (line: string) => void): Promise<ReplicasRow[]> {
  const servers: Server[] = [];
  const url = catalog.pgUrl;
  const sqliteFile = catalog.sqlitePath;
  try {
    const intervalMs = plan.intervalS * 1000;
    const allHits = () => upstreams.flatMap((u) => u.hits).sort((a, b) => a.at - b.at);
    const replica = (n: number, intervalS: number, db = url) => serve(bin, `probe replica R${n}`, db, { intervalS, env: { BENCH_PROBE_KEY: `key-R${n}` } });
    /** The first round of `server`: every endpoint due at once; ms from its first answer to the last endpoint's first probe. */
    const firstRound = async (server: Server): Promise<{ ms: number; reached: number }> => {
      const readyAt = server.proc.startedAt + server.readyMs;
      const firstAt = new Map<number, number>();
      for (;;) {
        for (const h of allHits()) if (h.endpoint >= 0 && !firstAt.has(h.endpoint)) firstAt.set(h.endpoint, h.at);
        if (firstAt.size >= plan.endpoints) break;
        // Bounded, so that a fleet too slow for the interval is still measured (and shows it).
        if (performance.now() - readyAt > FIRST_ROUND_WAIT * intervalMs) break;
        await sleep(100);
      }
      return { ms: Math.max(0, ...firstAt.values()) - readyAt, reached: firstAt.size };
    };

    // Baseline: the same first round by one SQLite server on the same catalog.
    log("replicas: the first round of a SQLite server (baseline)");
    const sqliteServer = await replica(0, plan.intervalS, sqliteFile);
    const sqliteRound = await firstRound(sqliteServer).finally(() => sqliteServer.proc.stop());
    for (const u of upstreams) u.hits.length = 0;

    const stats: SweepStats[] = [];
    let pgRound = { ms: 0, reached: 0 };
    for (const size of [1, 2, 3, 5]) {
      const before = servers.length;
      while (servers.length < size) servers.push(await replica(servers.length + 1, plan.intervalS));
      if (before === 0) {
        // The first round, then one interval more before the window.
        log(`replicas: the first round of a PostgreSQL replica`);
        pgRound = await firstRound(servers[0]!);
        await sleep(intervalMs / 2);
      } else {
        await sleep(intervalMs / 4);
      }
      log(`replicas: ${size} replica${size > 1 ? "s" : ""} sweeping, ${plan.sweeps} intervals of ${plan.intervalS} s`);
      const from = performance.now();
      await sleep(plan.sweeps * intervalMs);
      const to = performance.now();
      stats.push(sweepStats(allHits(), plan.endpoints, size, from, to, intervalMs));
    }
    await Promise.all(servers.splice(0).map((server) => server.proc.stop()));

    // Forced checks: the same names on 3 replicas at once (sweepers off), upstreams answering in FORCED_DELAY_MS.
    log(`replicas: ${plan.forced} forced checks over ${REPLICAS} replicas`);
    for (let n = 1; n <= REPLICAS; n++) servers.push(await replica(n, 0));
    const names = Array.from({ length: Math.min(FORCED_GROUPS, Math.floor(plan.endpoints / 3)) }, (_, g) => `probe-${pad(g, 4)}`);
    const forcedEndpoints = names.length * 3;
    for (const u of upstreams) {
      u.hits.length = 0;
      u.delayMs = FORCED_DELAY_MS;
    }
    const sentAt: number[] = [];
    const reports = await Promise.all(
      Array.from({ length: plan.forced }, (_, i) => {
        sentAt.push(performance.now());
        return query<{ checkHealth: { upstreamsChecked: number; requestsSent: number; sharedResults: number; reusedResults: number } }>(servers[i % REPLICAS]!.url, CHECK_HEALTH, { names });
      }),
    );
    const hits = allHits();
    const perEndpoint = new Map<number, number>();
    for (const h of hits) perEndpoint.set(h.endpoint, (perEndpoint.get(h.endpoint) ?? 0) + 1);
    const counts = Array.from({ length: forcedEndpoints }, (_, e) => perEndpoint.get(e) ?? 0);
    const stray = hits.filter((h) => h.endpoint < 0 || h.endpoint >= forcedEndpoints).length;
    const sent = reports.reduce((sum, r) => sum + r.checkHealth.requestsSent, 0);
    const shared = reports.reduce((sum, r) => sum + r.checkHealth.sharedResults, 0);
    const meanPer = hits.length / forcedEndpoints;

    const rows = stats.map((s) =>
      row({
        name: `probes per endpoint per sweep, ${s.replicas} replica${s.replicas > 1 ? "s" : ""} (${count(plan.endpoints)} endpoints, ${plan.intervalS} s interval, ${plan.sweeps} sweeps)`,
        value: s.perSweep.toFixed(3),
        baseline: `without the schedule: up to ${s.replicas}.00`,
        xBaseline: null,
        target: "1.00 (± 0.05); no two probes of an endpoint < 0.9 interval apart",
        met: Math.abs(s.perSweep - 1) <= 0.05 && s.closest >= 0.9 - 0.001 && s.unprobed === 0,
        note:
          `interval ÷ mean gap; counted in the window ${s.windowCount.toFixed(3)}; closest ${s.closest.toFixed(3)} interval; ${s.unprobed} endpoints unprobed; ` +
          `${count(s.probes)} probes${s.replicas > 1 ? ` (by replica: ${s.share.join(" / ")})` : ""}`,
      }),
    );
    const shown = (r: { ms: number; reached: number }) =>
      `${r.reached < plan.endpoints ? `${count(r.reached)} endpoints in ${ms(r.ms)} (stopped waiting)` : ms(r.ms)}, ${Math.round(r.reached / (r.ms / 1000))} probes/s`;
    rows.push(
      row({
        name: `first round: ${count(plan.endpoints)} endpoints all due at once, 1 PostgreSQL replica`,
        value: shown(pgRound),
        baseline: `1 SQLite server: ${shown(sqliteRound)}`,
        xBaseline: ratio(pgRound.ms / pgRound.reached / (sqliteRound.ms / sqliteRound.reached)),
        target: `(measured) within the interval, ${ms(intervalMs)}`,
        met: pgRound.reached === plan.endpoints && pgRound.ms <= intervalMs,
        note: "from the server's first answer to the last endpoint's first probe; × baseline: time per probe; concurrency 16 (default)",
      }),
      row({
        name: `${plan.forced} forced checks (checkHealth(names: ${names.length} groups, force: true)) at once over ${REPLICAS} replicas: requests per upstream`,
        value: `${meanPer.toFixed(2)} (max ${Math.max(...counts)})`,
        baseline: `one request per check: ${plan.forced}.00`,
        xBaseline: null,
        target: "1",
        met: counts.every((n) => n === 1) && stray === 0,
        note:
          `${forcedEndpoints} upstreams, ${hits.length} requests (${stray} elsewhere); upstreams answering in ${FORCED_DELAY_MS} ms; calls sent within ${ms(Math.max(...sentAt) - Math.min(...sentAt))}; ` +
          `reports: requestsSent ${sent}, sharedResults ${shared}`,
      }),
    );
    return rows;
  } finally {
    await Promise.all(servers.map((server) => server.proc.stop()));
  }
}

// -----------------------------------------------------------------------------------------------

/** A part that could not run because an earlier step failed (reported without a stack). */
class NotMeasured extends Error {}

/** Runs every part; a part that fails is reported with its error and the others still run. */
export async function benchReplicas(options: { quick?: boolean; root?: string; log?: (line: string) => void } = {}): Promise<ReplicasBenchResult> {
  const started = performance.now();
  const plan = options.quick ? QUICK : FULL;
  const root = options.root ?? REPO;
  const bin = join(root, "bin/modelgraph.js");
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-replicas-"));
  const result: ReplicasBenchResult = { started: new Date().toISOString(), root, seconds: 0, loadBefore: loadavg(), loadAfter: [], pgStartMs: 0, imports: "", groups: plan.groups, sections: [] };
  const section = async (title: string, work: () => Promise<ReplicasRow[]>) => {
    try {
      result.sections.push({ title, rows: await work() });
    } catch (error) {
      result.sections.push({ title, rows: [], error: error instanceof NotMeasured ? error.message : String((error as Error)?.stack ?? error) });
    }
  };
  log("replicas: a throw-away PostgreSQL cluster");
  const cluster = await startPostgres({ database: "synthetic" });
  result.pgStartMs = cluster.startMs;
  const upstreams: RecordingUpstream[] = [];
  try {
    for (let i = 0; i < UPSTREAMS; i++) upstreams.push(await RecordingUpstream.start());
    log("replicas: modelgraph import of the synthetic and the probe catalogs, SQLite and PostgreSQL, side by side");
    const catalogs = await importCatalogs(bin, cluster, dir, plan, upstreams);
    result.imports = catalogs.note;
    const need = <T>(c: T | Error): T => {
      if (c instanceof Error) throw new NotMeasured(`the import failed: ${c.message}`);
      return c;
    };
    await section("Start-up: a replica with the catalog ready", () => startUpRows(bin, need(catalogs.synthetic), plan.startRuns, log));
    await section("Read path: PostgreSQL beside SQLite (reads come from the snapshot)", () => readRows(bin, need(catalogs.synthetic), plan, log));
    await section(`Every write everywhere: ${REPLICAS} replicas, catalogChanged subscribed on each`, () => writeRows(bin, need(catalogs.synthetic), plan, log));
    await section(`One probe per endpoint, fleet-wide (${count(plan.endpoints)} endpoints, each its own API base, on ${UPSTREAMS} upstreams on 127.0.0.1)`, () =>
      probeRows(bin, need(catalogs.probes), upstreams, plan, log),
    );
  } finally {
    for (const u of upstreams) await u.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  result.loadAfter = loadavg();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export function printReplicasBench(result: ReplicasBenchResult): void {
  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(" / ");
  console.log(
    `Replicas on one PostgreSQL (a throw-away cluster on a unix socket, started in ${Math.round(result.pgStartMs)} ms), every process on this host; ` +
      `modelgraph driven through its CLI, HTTP and graphql-ws; ${round(result.seconds, 0)} s in all.`,
  );
  console.log(`modelgraph measured: ${join(result.root, "bin/modelgraph.js")}`);
  console.log(`Load average (1/5/15 min) before: ${load(result.loadBefore)}; after: ${load(result.loadAfter)} (2 cores, shared)`);
  const entities = (groups: number) => SYNTHETIC.providers + groups * (1 + SYNTHETIC.deploymentsPerGroup + SYNTHETIC.aliasesPerGroup);
  console.log(`Catalogs: the synthetic one (bench/synthetic.ts, ${count(entities(result.groups))} entities) and the probe one; modelgraph import side by side: ${result.imports}`);
  for (const s of result.sections) {
    console.log(`\n${s.title}`);
    if (s.error) {
      console.log(`not measured: ${s.error}`);
      continue;
    }
    console.table(
      s.rows.map((r) => ({
        measurement: r.name,
        value: r.value,
        "baseline (same run)": r.baseline,
        "× baseline": r.xBaseline ?? "",
        target: r.target,
        met: r.met === null ? "" : r.met ? "yes" : "NO",
        note: r.note,
      })),
    );
  }
}
