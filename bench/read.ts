/**
 * `npm run bench read` (issue 11): reads as users make them. A different alias name or page cursor
 * per request while a separate client writes 5 times per second, `GET /v1/models` right after a
 * write, `addAlias` end to end, a page one request at a time, start-up to the first answer,
 * `--help`, idle memory; each against baselines measured in the same run: a bare `node:http`
 * server answering the same bytes (the ceiling) and a peer (Apollo Server 5 on Fastify 5 reading
 * a `Map` of the same catalog, bench/read-peer.ts), each in its own process. `--big`: the same
 * on ten times the catalog.
 *
 * modelgraph is driven only from outside: its CLI (`import`, `migrate`, `--help`) and HTTP.
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "./measure.ts";
import type { PeerAlias } from "./read-peer.ts";
import { SYNTHETIC, syntheticLiteLLMFiles, syntheticLiteLLMYaml } from "./synthetic.ts";

export const CONNECTIONS = 32;
const DURATION_S = 8;
export const WARM_UP_S = 3;
const WRITES_PER_SECOND = 5;
const PAGE = 500;
const REPO = new URL("..", import.meta.url).pathname;
const PEER = new URL("./read-peer.ts", import.meta.url).pathname;

/** How the benchmark runs modelgraph: a command line for given arguments. */
export type Modelgraph = (args: string[]) => [string, string[]];

/**
 * The bin of a checkout (`root`, default this one), as `npm start` and users run it (since the
 * compiled build, bin/modelgraph.js runs dist/; `npm run bench` builds first). Another
 * checkout (`--root=DIR`) measures another version against the same peer and ceilings.
 */
export function modelgraphAt(root: string): Modelgraph {
  const bin = join(root, "bin/modelgraph.js");
  return (args) => [process.execPath, [bin, ...args]];
}

const ALIAS_QUERY = "query A($n: String!) { alias(name: $n) { provider { name } prefixedId health } }";
const PAGE_QUERY = `query P($after: String) { aliases(first: ${PAGE}, after: $after) { edges { node { name deployments { prefixedId provider { name } } } } } }`;
const ADD_ALIAS = "mutation C($n: String!, $t: String!) { addAlias(input: { name: $n, target: $t }) { alias { name } } }";
const PEER_DATA_QUERY = `query D($after: String) { aliases(first: ${PAGE}, after: $after) { edges { cursor node { name provider { name } prefixedId health deployments { prefixedId provider { name } } } } pageInfo { hasNextPage endCursor } } }`;

export interface ReadRow {
  name: string;
  reqPerSec: number | null;
  p50: number;
  p99: number;
  /** Load rows: req/s ÷ ceiling req/s. Sequential rows: ceiling p50 ÷ p50 (the same: fraction of the ceiling's speed). */
  xCeiling: number | null;
  /** req/s ÷ peer req/s (load rows with a peer row). */
  xPeer: number | null;
  /** 10× catalog: p50 ÷ the same row's p50 at 30,000 entities. */
  x30k: number | null;
  target: string;
  met: boolean | null;
  note: string;
}

export interface ReadMeasure {
  name: string;
  value: number;
  unit: "ms" | "MB";
  baseline: string;
  /** value ÷ baseline value. */
  xBaseline: number | null;
  target: string;
  met: boolean | null;
}

export interface ReadScale {
  title: string;
  /** Set when this catalog size could not be measured. */
  error?: string;
  rows: ReadRow[];
  measures: ReadMeasure[];
}

export interface ReadBenchResult {
  started: string;
  /** The checkout whose bin was measured. */
  root: string;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  scales: ReadScale[];
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const ms = (n: number) => round(n, 1);
/** A ratio with two decimals, or two significant digits below 0.1 (0.0023, not 0). */
const ratio = (n: number) => (Math.abs(n) >= 0.1 ? round(n) : Number(n.toPrecision(2)));
const gql = (query: string, variables: object) => JSON.stringify({ query, variables });
const pad = (n: number, width: number) => String(n).padStart(width, "0");
const random = (n: number) => Math.floor(Math.random() * n);

/** Nearest-rank percentile of unsorted samples. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A child process whose stderr is kept (for error messages) and stdout discarded. */
export interface Proc {
  child: ChildProcess;
  startedAt: number;
  output(): string;
  stop(): Promise<void>;
}

function start(command: string, args: string[], env: Record<string, string> = {}): Proc {
  const startedAt = performance.now();
  const child = spawn(command, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stderr!.on("data", keep);
  child.stdout!.on("data", (chunk: Buffer) => {
    if (output.length < 4000) keep(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    startedAt,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Polls `url` until it answers 200; returns ms from the spawn to that answer. */
async function firstAnswer(proc: Proc, url: string, what: string, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited with ${proc.child.exitCode}: ${proc.output()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - proc.startedAt;
    } catch {
      // not listening yet
    }
    if (performance.now() - proc.startedAt > timeoutMs) throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms: ${proc.output()}`);
    await sleep(5);
  }
}

/** Runs a command to its end; returns its wall time in ms. */
async function wallTime(command: string, args: string[], what: string): Promise<number> {
  const proc = start(command, args);
  const code = await new Promise<number | null>((resolve) => proc.child.once("exit", (c) => resolve(c)));
  const ms = performance.now() - proc.startedAt;
  if (code !== 0) throw new Error(`${what} exited with ${code}: ${proc.output()}`);
  return ms;
}

export interface Server {
  url: string;
  proc: Proc;
  startMs: number;
}

export async function startModelgraph(mg: Modelgraph, dbPath: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const [command, args] = mg(["serve", "--port", String(port), "--db", dbPath, "--health-interval", "0"]);
  const proc = start(command, args, { NODE_ENV: "production", MODELGRAPH_LOG_LEVEL: "info", ...env });
  const url = `http://127.0.0.1:${port}`;
  const startMs = await firstAnswer(proc, `${url}/health/liveliness`, "modelgraph serve");
  return { url, proc, startMs };
}

/** A bare node:http server answering every request with the same bytes: the ceiling. */
async function startCeiling(body: string, dir: string): Promise<Server> {
  const port = await freePort();
  const file = join(dir, `ceiling-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, body);
  const script = `
    const body = require("fs").readFileSync(${JSON.stringify(file)});
    const server = require("http").createServer((req, res) => {
      req.resume();
      req.on("end", () => { res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length }); res.end(body); });
    });
    server.listen(${port}, "127.0.0.1");`;
  const proc = start(process.execPath, ["-e", script]);
  const url = `http://127.0.0.1:${port}`;
  const startMs = await firstAnswer(proc, url, "ceiling server");
  return { url, proc, startMs };
}

/** The peer in its own process; `nodeArgs` go before the script (bench/read-ab.ts profiles it). */
export async function startPeer(data: PeerAlias[], dir: string, nodeArgs: string[] = []): Promise<Server> {
  const file = join(dir, "peer-data.json");
  writeFileSync(file, JSON.stringify(data));
  const proc = start(process.execPath, [...nodeArgs, "--import", "tsx", PEER, file], { NODE_ENV: "production" });
  const port = await new Promise<string>((resolve, reject) => {
    let seen = "";
    proc.child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /peer on (\d+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    proc.child.once("exit", (code) => reject(new Error(`peer exited with ${code}: ${proc.output()}`)));
  });
  return { url: `http://127.0.0.1:${port}`, proc, startMs: performance.now() - proc.startedAt };
}

export async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/graphql`, { method: "POST", body, headers: { "content-type": "application/json" } });
  return { status: response.status, text: await response.text() };
}

/** A GraphQL answer's data, or an error naming what was asked. */
async function query<T>(url: string, q: string, variables: object): Promise<T> {
  const { status, text } = await post(url, gql(q, variables));
  const parsed = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
  if (status !== 200 || parsed.errors || !parsed.data) throw new Error(`${url}: HTTP ${status} ${text.slice(0, 400)}`);
  return parsed.data;
}

export interface Catalog {
  aliases: number;
  groups: number;
}

const aliasName = (i: number) => `alias-${pad(i, 5)}`;
const groupName = (g: number) => `group-${pad(g, 4)}`;

/**
 * The separate client that keeps the catalog changing: WRITES_PER_SECOND writes over HTTP,
 * alternating `updateAlias` (retarget a random alias to a random group) and `addAlias` (a new name).
 */
export class Writer {
  private timer: NodeJS.Timeout | undefined;
  private n = 0;
  private failed: string[] = [];
  private latencies: number[] = [];
  private issued = 0;
  private window = { from: 0, to: 0 };
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly catalog: Catalog,
    private readonly tag: string,
  ) {}

  /** One write, awaited: used alone by the sequential rows. */
  async writeOnce(): Promise<void> {
    const n = this.n++;
    const target = groupName(random(this.catalog.groups));
    const body =
      n % 2 === 0
        ? gql("mutation U($n: String!, $t: String!) { updateAlias(name: $n, input: { target: $t }) { alias { name } } }", { n: aliasName(random(this.catalog.aliases)), t: target })
        : gql(ADD_ALIAS, { n: `bench-w-${this.tag}-${n}`, t: target });
    const started = performance.now();
    try {
      const { status, text } = await post(this.url, body);
      if (status !== 200 || text.includes('"errors"')) this.failed.push(`HTTP ${status} ${text.slice(0, 200)}`);
      else this.latencies.push(performance.now() - started);
    } catch (error) {
      this.failed.push(String(error));
    }
  }

  start(): void {
    this.window.from = performance.now();
    this.timer = setInterval(() => {
      this.issued++;
      const p = this.writeOnce().finally(() => this.pending.delete(p));
      this.pending.add(p);
    }, 1000 / WRITES_PER_SECOND);
  }

  /** Stops issuing writes; stop() then waits for those in flight. */
  pause(): void {
    clearInterval(this.timer);
    this.window.to = performance.now();
  }

  /** What the writer did, for the row's note: writes issued per second of the row, their latency. */
  async stop(): Promise<string> {
    if (!this.window.to) this.pause();
    await Promise.all(this.pending);
    if (this.failed.length > 0) throw new Error(`writes failed (${this.failed.length}): ${this.failed[0]}`);
    if (this.latencies.length === 0) return "";
    const rate = this.issued / ((this.window.to - this.window.from) / 1000);
    return `${round(rate, 1)} writes/s, write p50 ${ms(percentile(this.latencies, 0.5))} ms, max ${ms(Math.max(...this.latencies))} ms`;
  }
}

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * autocannon with a fresh body per request (`makeBody`), CONNECTIONS connections, `seconds` long,
 * after an unmeasured warm-up of the same load (a cold server answers its first seconds at a
 * fraction of its speed while V8 compiles the hot paths).
 */
async function load(url: string, makeBody: () => string, seconds: number): Promise<Load> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      requests: [{ method: "POST", path: "/graphql", headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: makeBody() }) }],
    });
  const warm = await run(Math.min(WARM_UP_S, seconds / 2));
  // The server still works through what was in flight when the warm-up stopped: let it drain.
  await sleep(Math.min(10_000, warm.latency.max + 500));
  const result = await run(seconds);
  const errors = result.errors + result.non2xx + result.timeouts;
  return { reqPerSec: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99, errors };
}

/** `n` sequential calls of `fn` (after `before`, untimed); latencies in ms. */
async function sequential(n: number, fn: (i: number) => Promise<void>, before?: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    if (before) await before();
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function getModels(url: string): Promise<void> {
  const response = await fetch(`${url}/v1/models`);
  const text = await response.text();
  if (response.status !== 200 || !text.startsWith('{"')) throw new Error(`GET /v1/models: HTTP ${response.status} ${text.slice(0, 200)}`);
}

export interface Scenario {
  aliasBody: () => string;
  pageBody: () => string;
}

/** Request bodies: a random one of the catalog's own alias names, a random cursor with a full page after it. */
export function scenario(catalog: Catalog, cursors: string[]): Scenario {
  const fullPages = Math.max(1, cursors.length - PAGE);
  return {
    aliasBody: () => gql(ALIAS_QUERY, { n: aliasName(random(catalog.aliases)) }),
    pageBody: () => gql(PAGE_QUERY, { after: cursors[random(fullPages)] }),
  };
}

/** Every alias with what the peer serves, paged through modelgraph's own API (before any write). */
export async function peerData(url: string): Promise<PeerAlias[]> {
  type PageData = { aliases: { edges: { cursor: string; node: Omit<PeerAlias, "cursor"> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  const all: PeerAlias[] = [];
  let after: string | null = null;
  for (;;) {
    const data: PageData = await query<PageData>(url, PEER_DATA_QUERY, { after });
    for (const edge of data.aliases.edges) all.push({ cursor: edge.cursor, ...edge.node });
    if (!data.aliases.pageInfo.hasNextPage) return all;
    after = data.aliases.pageInfo.endCursor;
  }
}

/** The peer must give modelgraph's answers, byte for byte, or its numbers say nothing. */
export async function checkSame(a: string, b: string, bodies: string[]): Promise<void> {
  for (const body of bodies) {
    const [x, y] = [await post(a, body), await post(b, body)];
    if (x.status !== 200 || x.text !== y.text || x.text.includes('"errors"')) {
      throw new Error(`peer and modelgraph differ for ${body.slice(0, 200)}:\n${x.text.slice(0, 300)}\n${y.text.slice(0, 300)}`);
    }
  }
}

/** Groups per file: modelgraph reads at most 8 MiB per import, and 10,000 groups are about 5.9 MB. */
const GROUPS_PER_FILE = 10_000;

/**
 * The synthetic catalog as LiteLLM YAML files of at most GROUPS_PER_FILE groups each, every file
 * holding its groups' entries and the aliases of those groups (so each imports on its own, MERGE):
 * how a user brings in a catalog larger than one import accepts.
 */
export function writeYaml(dir: string, groups: number): string[] {
  const baseFor = (p: number) => `http://127.0.0.1:9/p${p}/v1`;
  if (groups <= GROUPS_PER_FILE) {
    const file = join(dir, `synthetic-${groups}.yaml`);
    writeFileSync(file, syntheticLiteLLMYaml(baseFor, groups));
    return [file];
  }
  return syntheticLiteLLMFiles(baseFor, groups, GROUPS_PER_FILE).map((text, i) => {
    const file = join(dir, `synthetic-${groups}-${i}.yaml`);
    writeFileSync(file, text);
    return file;
  });
}

/** `modelgraph import` of each file in turn (MERGE) into `dbPath`; total wall time. */
export async function importCatalog(mg: Modelgraph, files: string[], dbPath: string): Promise<number> {
  let total = 0;
  for (const file of files) {
    const [command, args] = mg(["import", file, "--db", dbPath]);
    total += await wallTime(command, args, "modelgraph import");
  }
  return total;
}

/**
 * How long the last server of a start-up run is left idle before its settled RSS is read. Start-up
 * grows V8's young generation to its full size; V8's memory reducer gives that back once allocation
 * has stopped for a while (seen 10–25 s after the first answer), and that is what an idle server holds.
 */
const SETTLE_MS = 30_000;

export interface StartUp {
  /** Start to first answer, median. */
  ms: number;
  /** RSS 2 s after the first answer, median. */
  rss: number;
  /** RSS of the last process after SETTLE_MS idle; it runs on (stopped then) while the caller goes on. */
  settledRss: Promise<number>;
}

/**
 * Start to first answer and idle RSS, median of `runs` fresh processes; `begin` should track its
 * servers (stopped when the benchmark fails).
 */
export async function startUp(runs: number, begin: () => Promise<Server>): Promise<StartUp> {
  const ms: number[] = [];
  const rss: number[] = [];
  let last: Server | undefined;
  for (let i = 0; i < runs; i++) {
    const server = await begin();
    try {
      ms.push(server.startMs);
      await sleep(2000);
      rss.push(rssMb(server.proc.child.pid!));
    } finally {
      if (i < runs - 1) await server.proc.stop();
      else last = server;
    }
  }
  const settledRss = (async () => {
    try {
      await sleep(SETTLE_MS - 2000);
      return rssMb(last!.proc.child.pid!);
    } finally {
      await last!.proc.stop();
    }
  })();
  settledRss.catch(() => {});
  return { ms: median(ms), rss: median(rss), settledRss };
}

function measure(name: string, value: number, unit: "ms" | "MB", baseline: { name: string; value: number } | null, target: string, limit: number | null): ReadMeasure {
  return {
    name,
    value,
    unit,
    baseline: baseline ? `${baseline.name}: ${Math.round(baseline.value)} ${unit}` : "",
    xBaseline: baseline ? ratio(value / baseline.value) : null,
    target,
    met: limit === null ? null : value <= limit,
  };
}

interface LoadRows {
  alias: Load & { note: string };
  page: Load & { note: string };
}

/** Rounds of each load row; alternated with the peer's (peer, modelgraph, modelgraph, peer). */
const ROUNDS = 2;

/** The mean of rounds of one row (req/s, p50 and p99 each averaged). */
function mean(rounds: Load[]): Load {
  const avg = (f: (l: Load) => number) => rounds.reduce((sum, l) => sum + f(l), 0) / rounds.length;
  return { reqPerSec: avg((l) => l.reqPerSec), p50: round(avg((l) => l.p50), 1), p99: round(avg((l) => l.p99), 1), errors: avg((l) => l.errors) };
}

/**
 * The alias and page rows against one server, the writer running through each, and against the
 * peer when there is one: rounds alternate (peer, modelgraph, modelgraph, peer), so that a
 * change in the machine's load during the row weighs on both alike (the machine is shared).
 */
async function varied(server: Server, s: Scenario, catalog: Catalog, tag: string, seconds: number, peer?: Server): Promise<{ rows: LoadRows; peer?: { alias: Load; page: Load } }> {
  const rows = {} as LoadRows;
  const peerRows = {} as { alias: Load; page: Load };
  for (const [key, makeBody] of [["alias", s.aliasBody], ["page", s.pageBody]] as const) {
    const ours: Load[] = [];
    const theirs: Load[] = [];
    const notes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const peerFirst = round % 2 === 0;
      if (peer && peerFirst) theirs.push(await load(peer.url, makeBody, seconds));
      const writer = new Writer(server.url, catalog, `${tag}-${key}-${round}`);
      writer.start();
      const result = await load(server.url, makeBody, seconds).finally(() => writer.pause());
      notes.push(await writer.stop());
      if (result.errors > 0) throw new Error(`${tag} ${key}: ${result.errors} errors under load`);
      ours.push(result);
      if (peer && !peerFirst) theirs.push(await load(peer.url, makeBody, seconds));
    }
    rows[key] = { ...mean(ours), note: `mean of ${ROUNDS} rounds; ${notes.join("; ")}` };
    if (peer) peerRows[key] = mean(theirs);
  }
  return { rows, peer: peer ? peerRows : undefined };
}

interface Seq {
  modelsP50: number;
  modelsP99: number;
  addP50: number;
  addP99: number;
  pageP50: number;
  pageP99: number;
  pageNote: string;
}

/** One page request at a time, the writer running meanwhile; latencies in ms. */
async function pagesOneAtATime(url: string, makeBody: () => string, n: number): Promise<number[]> {
  return sequential(n, async () => {
    const { status, text } = await post(url, makeBody());
    if (status !== 200 || text.includes('"errors"')) throw new Error(`page: HTTP ${status} ${text.slice(0, 200)}`);
  });
}

/**
 * GET /v1/models right after a write (alternating), then addAlias with distinct names, then
 * pages one at a time while the writer runs (the page's own latency, without 32 connections'
 * queue in front of it).
 */
async function sequentialRows(server: Server, s: Scenario, catalog: Catalog, tag: string, n: { models: number; add: number; pages: number }): Promise<Seq> {
  const writer = new Writer(server.url, catalog, `${tag}-seq`);
  const models = await sequential(n.models, () => getModels(server.url), () => writer.writeOnce());
  await writer.stop();
  const add = await sequential(n.add, async (i) => {
    await query(server.url, ADD_ALIAS, {
      n: `bench-add-${tag}-${i}`,
      t: groupName(random(catalog.groups)),
    });
  });
  await pagesOneAtATime(server.url, s.pageBody, Math.min(20, n.pages)); // warm-up, unmeasured
  const pageWriter = new Writer(server.url, catalog, `${tag}-seq-page`);
  pageWriter.start();
  const pages = await pagesOneAtATime(server.url, s.pageBody, n.pages).finally(() => pageWriter.pause());
  const pageNote = `${n.pages} pages; ${await pageWriter.stop()}`;
  return {
    modelsP50: percentile(models, 0.5),
    modelsP99: percentile(models, 0.99),
    addP50: percentile(add, 0.5),
    addP99: percentile(add, 0.99),
    pageP50: percentile(pages, 0.5),
    pageP99: percentile(pages, 0.99),
    pageNote,
  };
}

interface Reference {
  peerAlias: Load;
  peerPage: Load;
  ceilAlias: Load;
  ceilPage: Load;
  /** Sequential p50s of the ceiling answering the same bytes. */
  ceilModels: number;
  ceilAdd: number;
  ceilPageOne: number;
}

interface Measured {
  catalog: Catalog;
  importMs: number;
  importFiles: number;
  loaded: { ms: number; rss: number; settledRss: number };
  rows: LoadRows;
  seq: Seq;
  rssAfter: number;
  seqCounts: { models: number; add: number; pages: number };
}

/** Peer and ceilings for the request rows, against the data and answers of `on`. */
/** The peer's rows (measured beside modelgraph's, see varied) and the ceilings, against the answers of `on`. */
async function reference(on: Server, peerRows: { alias: Load; page: Load }, s: Scenario, seconds: number, dir: string, track: (s: Promise<Server>) => Promise<Server>): Promise<Reference> {
  const peerAlias = peerRows.alias;
  const peerPage = peerRows.page;

  const ceiling = async <T>(body: string, run: (url: string) => Promise<T>): Promise<T> => {
    const server = await track(startCeiling(body, dir));
    try {
      return await run(server.url);
    } finally {
      await server.proc.stop();
    }
  };
  const ceilAlias = await ceiling((await post(on.url, s.aliasBody())).text, (url) => load(url, s.aliasBody, seconds));
  const ceilPage = await ceiling((await post(on.url, s.pageBody())).text, (url) => load(url, s.pageBody, seconds));
  const ceilModels = await ceiling(await (await fetch(`${on.url}/v1/models`)).text(), async (url) => percentile(await sequential(30, () => getModels(url)), 0.5));
  const ceilAdd = await ceiling('{"data":{"addAlias":{"alias":{"name":"bench"}}}}', async (url) =>
    percentile(await sequential(200, () => post(url, gql(ADD_ALIAS, { n: "x", t: "y" })).then(() => undefined)), 0.5),
  );
  const ceilPageOne = await ceiling((await post(on.url, s.pageBody())).text, async (url) => percentile(await pagesOneAtATime(url, s.pageBody, 60), 0.5));
  return { peerAlias, peerPage, ceilAlias, ceilPage, ceilModels, ceilAdd, ceilPageOne };
}

interface Scale {
  groups: number;
  /** autocannon seconds per row. */
  seconds: number;
  /** Start-up runs (median). */
  runs: number;
  seq: { models: number; add: number; pages: number };
}

/**
 * Import, start-up, and the request rows on one catalog size. Every answer is computed: the
 * response cache is gone (docs/benchmarks.md); a checkout from before its removal (`--root`) is
 * run with it off (MODELGRAPH_RESPONSE_CACHE, which later versions do not read).
 */
async function measureScale(
  mg: Modelgraph,
  scale: Scale,
  dir: string,
  withReference: boolean,
  track: (s: Promise<Server>) => Promise<Server>,
  log: (line: string) => void,
): Promise<{ measured: Measured; reference?: Reference }> {
  const catalog: Catalog = { groups: scale.groups, aliases: scale.groups * SYNTHETIC.aliasesPerGroup };
  const tag = String(scale.groups);
  const dbPath = join(dir, `catalog-${tag}.db`);

  log(`read ${tag}: import (modelgraph import, CLI)`);
  const files = writeYaml(dir, scale.groups);
  const importMs = await importCatalog(mg, files, dbPath);
  log(`read ${tag}: start-up`);
  const startUps = await startUp(scale.runs, () => track(startModelgraph(mg, dbPath, {})));

  log(`read ${tag}: paging every alias for the peer`);
  const server = await track(startModelgraph(mg, dbPath, { MODELGRAPH_RESPONSE_CACHE: "off" }));
  const data = await peerData(server.url);
  if (data.length !== catalog.aliases) throw new Error(`expected ${catalog.aliases} aliases, paged ${data.length}`);
  const s = scenario(catalog, data.map((a) => a.cursor));
  let peer: Server | undefined;
  if (withReference) {
    peer = await track(startPeer(data, dir));
    await checkSame(server.url, peer.url, [...Array.from({ length: 20 }, s.aliasBody), ...Array.from({ length: 3 }, s.pageBody)]);
  }
  log(`read ${tag}: alias and page rows${peer ? ", beside the peer's" : ""}`);
  const { rows, peer: peerRows } = await varied(server, s, catalog, tag, scale.seconds, peer);
  let ref: Reference | undefined;
  if (peer && peerRows) {
    await peer.proc.stop();
    log(`read ${tag}: ceilings`);
    ref = await reference(server, peerRows, s, scale.seconds, dir, track);
  }
  log(`read ${tag}: /v1/models after a write, addAlias, pages one at a time`);
  const seq = await sequentialRows(server, s, catalog, tag, scale.seq);
  const rssAfter = rssMb(server.proc.child.pid!);
  await server.proc.stop();
  const loaded = { ms: startUps.ms, rss: startUps.rss, settledRss: await startUps.settledRss };
  return { measured: { catalog, importMs, importFiles: files.length, loaded, rows, seq, rssAfter, seqCounts: scale.seq }, reference: ref };
}

const count = (n: number) => n.toLocaleString("en-US");

function describe(c: Catalog): string {
  const deployments = c.groups * SYNTHETIC.deploymentsPerGroup;
  const entities = SYNTHETIC.providers + c.groups + deployments + c.aliases;
  return `${count(entities)} entities: ${SYNTHETIC.providers} providers, ${count(c.groups)} groups, ${count(deployments)} deployments, ${count(c.aliases)} aliases`;
}

/** The request rows; `ref` at 30,000 entities, `base` (the 30,000 figures) for the 10× catalog. */
function requestRows(m: Measured, ref: Reference | undefined, base: Measured | undefined): ReadRow[] {
  const rows: ReadRow[] = [];
  const x30k = (p50: number, at30k: number | undefined) => (at30k === undefined ? null : ratio(p50 / at30k));
  const within = (p50: number, at30k: number | undefined) => at30k === undefined || p50 <= 1.5 * at30k;
  if (ref) {
    const { ceilAlias, peerAlias, ceilPage, peerPage } = ref;
    const baselineRow = (name: string, r: Load, ceiling: Load, peer: Load): ReadRow => ({
      name, reqPerSec: r.reqPerSec, p50: r.p50, p99: r.p99,
      xCeiling: ratio(r.reqPerSec / ceiling.reqPerSec), xPeer: ratio(r.reqPerSec / peer.reqPerSec), x30k: null, target: "", met: null, note: "",
    });
    rows.push(
      baselineRow("ceiling: bare node:http answering the alias answer's bytes", ceilAlias, ceilAlias, peerAlias),
      baselineRow("peer: Apollo 5 on Fastify 5, Map; alias(name), varied names", peerAlias, ceilAlias, peerAlias),
    );
  }
  {
    const r = m.rows.alias;
    const at30k = base?.rows.alias.p50;
    rows.push({
      name: `modelgraph alias(name) { provider { name } prefixedId health }, varied names, ${WRITES_PER_SECOND} writes/s`,
      reqPerSec: r.reqPerSec,
      p50: r.p50,
      p99: r.p99,
      xCeiling: ref ? ratio(r.reqPerSec / ref.ceilAlias.reqPerSec) : null,
      xPeer: ref ? ratio(r.reqPerSec / ref.peerAlias.reqPerSec) : null,
      x30k: x30k(r.p50, at30k),
      target: ref ? "≥ peer req/s, p99 ≤ 1.5× peer's (stretch: 2× peer req/s)" : "p50 ≤ 1.5× 30k's",
      met: ref ? r.reqPerSec >= ref.peerAlias.reqPerSec && r.p99 <= 1.5 * ref.peerAlias.p99 : at30k === undefined ? null : within(r.p50, at30k),
      note: r.note,
    });
  }
  if (ref) {
    rows.push(
      {
        name: "ceiling: bare node:http answering the page's bytes", reqPerSec: ref.ceilPage.reqPerSec, p50: ref.ceilPage.p50, p99: ref.ceilPage.p99,
        xCeiling: 1, xPeer: ratio(ref.ceilPage.reqPerSec / ref.peerPage.reqPerSec), x30k: null, target: "", met: null, note: "",
      },
      {
        name: "peer: Apollo 5 on Fastify 5, Map; the same page, varied cursors", reqPerSec: ref.peerPage.reqPerSec, p50: ref.peerPage.p50, p99: ref.peerPage.p99,
        xCeiling: ratio(ref.peerPage.reqPerSec / ref.ceilPage.reqPerSec), xPeer: 1, x30k: null, target: "", met: null, note: "",
      },
    );
  }
  {
    const r = m.rows.page;
    const at30k = base?.rows.page.p50;
    rows.push({
      name: `modelgraph aliases(first: 500, after: <random cursor>) with deployments and providers, ${WRITES_PER_SECOND} writes/s`,
      reqPerSec: r.reqPerSec,
      p50: r.p50,
      p99: r.p99,
      xCeiling: ref ? ratio(r.reqPerSec / ref.ceilPage.reqPerSec) : null,
      xPeer: ref ? ratio(r.reqPerSec / ref.peerPage.reqPerSec) : null,
      x30k: x30k(r.p50, at30k),
      target: base ? "p50 ≤ 20 ms and ≤ 1.5× 30k's" : "p50 ≤ 20 ms",
      met: r.p50 <= 20 && within(r.p50, at30k),
      note: `${CONNECTIONS} connections: p50 is mostly the queue; ${r.note}`,
    });
    const at30kOne = base?.seq.pageP50;
    rows.push({
      name: `modelgraph the same page, one request at a time, ${WRITES_PER_SECOND} writes/s`,
      reqPerSec: null,
      p50: ms(m.seq.pageP50),
      p99: ms(m.seq.pageP99),
      xCeiling: ref ? ratio(ref.ceilPageOne / m.seq.pageP50) : null,
      xPeer: null,
      x30k: x30k(m.seq.pageP50, at30kOne),
      target: base ? "p50 ≤ 20 ms and ≤ 1.5× 30k's" : "p50 ≤ 20 ms",
      met: m.seq.pageP50 <= 20 && within(m.seq.pageP50, at30kOne),
      note: m.seq.pageNote,
    });
  }
  const names = m.catalog.groups + m.catalog.aliases;
  rows.push(
    {
      name: `modelgraph GET /v1/models (${names.toLocaleString("en-US")} names) right after a write; write, GET, write, …`,
      reqPerSec: null,
      p50: ms(m.seq.modelsP50),
      p99: ms(m.seq.modelsP99),
      xCeiling: ref ? ratio(ref.ceilModels / m.seq.modelsP50) : null,
      xPeer: null,
      x30k: x30k(m.seq.modelsP50, base?.seq.modelsP50),
      target: base ? "p50 ≤ 40 ms and ≤ 1.5× 30k's" : "p50 ≤ 40 ms",
      met: m.seq.modelsP50 <= 40 && within(m.seq.modelsP50, base?.seq.modelsP50),
      note: `${m.seqCounts.models} GETs`,
    },
    {
      name: "modelgraph addAlias end to end, distinct names, one at a time",
      reqPerSec: null,
      p50: ms(m.seq.addP50),
      p99: ms(m.seq.addP99),
      xCeiling: ref ? ratio(ref.ceilAdd / m.seq.addP50) : null,
      xPeer: null,
      x30k: x30k(m.seq.addP50, base?.seq.addP50),
      target: "p50 ≤ 3 ms",
      met: m.seq.addP50 <= 3,
      note: `${m.seqCounts.add} calls`,
    },
  );
  return rows;
}

/** The 30,000-entity catalog (and with `big`, ten times it). */
export async function benchRead(options: { big: boolean; quick?: boolean; root?: string; log?: (line: string) => void }): Promise<ReadBenchResult> {
  const root = options.root ?? REPO;
  const mg = modelgraphAt(root);
  // quick: a small catalog and short rows, to see that the benchmark itself works (figures mean nothing).
  const groups = options.quick ? 100 : SYNTHETIC.groups;
  const seconds = options.quick ? 2 : DURATION_S;
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-read-"));
  const result: ReadBenchResult = { started: new Date().toISOString(), root, seconds, loadBefore: loadavg(), loadAfter: [], scales: [] };
  const running: Server[] = [];
  const track = async (server: Promise<Server>) => {
    const s = await server;
    running.push(s);
    return s;
  };
  try {
    log("read: baselines (node start, a bare node:http server's start), modelgraph --help, empty catalog");
    const nodeRuns: number[] = [];
    for (let i = 0; i < 5; i++) nodeRuns.push(await wallTime(process.execPath, ["-e", ""], "node"));
    const node = { name: "node -e ''", value: median(nodeRuns) };
    const bareRun = await startUp(3, () => track(startCeiling("{}", dir)));
    const bare = { name: "bare node:http", value: bareRun.ms };
    const bareRss = { name: "bare node:http", value: bareRun.rss };
    const [helpCommand, helpArgs] = mg(["--help"]);
    const helps: number[] = [];
    for (let i = 0; i < 5; i++) helps.push(await wallTime(helpCommand, helpArgs, "modelgraph --help"));
    const emptyDb = join(dir, "empty.db");
    const [migrateCommand, migrateArgs] = mg(["migrate", "--db", emptyDb]);
    await wallTime(migrateCommand, migrateArgs, "modelgraph migrate");
    const empty = await startUp(3, () => track(startModelgraph(mg, emptyDb, {})));

    const small = await measureScale(
      mg,
      { groups, seconds, runs: 3, seq: { models: 30, add: 200, pages: 60 } },
      dir,
      true,
      track,
      log,
    );
    const m = small.measured;
    // Read now: those servers have sat idle (and apart) since their start-up runs.
    const bareSettled = { name: "bare node:http, settled", value: await bareRun.settledRss };
    const emptySettled = await empty.settledRss;
    result.scales.push({
      title: describe(m.catalog),
      rows: requestRows(m, small.reference, undefined),
      measures: [
        measure("import of the synthetic catalog (modelgraph import, CLI, end to end)", m.importMs, "ms", node, "≤ 5,000 ms", 5000),
        measure("start-up to first answer, empty catalog", empty.ms, "ms", bare, "≤ 1,000 ms", 1000),
        measure("start-up to first answer, loaded catalog", m.loaded.ms, "ms", bare, "≤ 3,000 ms", 3000),
        measure("modelgraph --help, wall time", median(helps), "ms", node, "≤ 300 ms", 300),
        measure("RSS, empty catalog, 2 s after the first answer", empty.rss, "MB", bareRss, "(measured)", null),
        measure("idle RSS, empty catalog (30 s after the first answer)", emptySettled, "MB", bareSettled, "≤ 90 MB", 90),
        measure("RSS, loaded catalog, 2 s after the first answer", m.loaded.rss, "MB", bareRss, "(measured)", null),
        measure("idle RSS, loaded catalog (30 s after the first answer)", m.loaded.settledRss, "MB", bareSettled, "≤ 250 MB", 250),
        measure("RSS after the load rows (and /v1/models, addAlias, pages)", m.rssAfter, "MB", bareRss, "(measured)", null),
      ],
    });

    if (options.big) {
      // The smaller catalog's figures are kept when this fails (a refused import, a crash at 10×).
      const outcome = await measureScale(mg, { groups: groups * 10, seconds, runs: 1, seq: { models: 10, add: 100, pages: 30 } }, dir, false, track, log).then(
        (r) => r.measured,
        (error: unknown) => String((error as Error)?.stack ?? error),
      );
      if (typeof outcome === "string") {
        result.scales.push({ title: `10× catalog (${count(groups * 10)} groups)`, rows: [], measures: [], error: outcome });
      } else {
        const big = outcome;
        result.scales.push({
          title: `10× catalog: ${describe(big.catalog)} (× 30k: p50 ÷ the same row's p50 on the smaller catalog)`,
          rows: requestRows(big, undefined, m),
          measures: [
            measure(`import of the 10× catalog (modelgraph import, CLI, end to end: ${big.importFiles} files, MERGE)`, big.importMs, "ms", node, "≤ 30,000 ms", 30_000),
            measure("start-up to first answer, 10× catalog", big.loaded.ms, "ms", bare, "≤ 10,000 ms", 10_000),
            measure("RSS, 10× catalog, 2 s after the first answer", big.loaded.rss, "MB", bareRss, "≤ 700 MB", 700),
            measure("idle RSS, 10× catalog (30 s after the first answer)", big.loaded.settledRss, "MB", bareSettled, "≤ 700 MB", 700),
            measure("RSS after the load rows (and /v1/models, addAlias, pages)", big.rssAfter, "MB", bareRss, "≤ 700 MB", 700),
          ],
        });
      }
    }
  } finally {
    for (const server of running) await server.proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  result.loadAfter = loadavg();
  return result;
}

export function printReadBench(result: ReadBenchResult): void {
  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(" / ");
  console.log(
    `Reads as users make them: a different name or cursor per request, ${WRITES_PER_SECOND} writes/s from another client (updateAlias/addAlias over HTTP), ` +
      `autocannon ${CONNECTIONS} connections, ${result.seconds} s per row; modelgraph, peer and ceiling each in its own process; no response cache (every answer computed).`,
  );
  console.log(`modelgraph measured: ${join(result.root, "bin/modelgraph.js")}`);
  console.log(`Load average (1/5/15 min) before: ${load(result.loadBefore)}; after: ${load(result.loadAfter)} (2 cores, shared)`);
  for (const scale of result.scales) {
    console.log(`\n${scale.title}`);
    if (scale.error) {
      console.log(`not measured: ${scale.error}`);
      continue;
    }
    console.table(
      scale.rows.map((r) => ({
        request: r.name,
        "req/s": r.reqPerSec === null ? "" : r.reqPerSec < 10 ? round(r.reqPerSec, 1) : Math.round(r.reqPerSec),
        "p50 ms": r.p50,
        "p99 ms": r.p99,
        "× ceiling": r.xCeiling ?? "",
        "× peer": r.xPeer ?? "",
        ...(scale.rows.some((row) => row.x30k !== null) ? { "× 30k": r.x30k ?? "" } : {}),
        target: r.target,
        met: r.met === null ? "" : r.met ? "yes" : "NO",
        note: r.note,
      })),
    );
    console.table(
      scale.measures.map((m) => ({
        measurement: m.name,
        value: `${Math.round(m.value)} ${m.unit}`,
        baseline: m.baseline,
        "× baseline": m.xBaseline ?? "",
        target: m.target,
        met: m.met === null ? "" : m.met ? "yes" : "NO",
      })),
    );
  }
  console.log("(× ceiling: req/s ÷ the ceiling's for load rows; the ceiling's p50 ÷ ours for sequential rows)");
}
