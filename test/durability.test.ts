import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import Database from "better-sqlite3";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { print } from "graphql";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { syntheticLiteLLMYaml } from "../bench/synthetic.ts";
import * as ops from "./generated/graphql.ts";
import type { GraphQLErrorShape } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

/**
 * Durability and load against the real `modelgraph serve` in a child process, on a SQLite file in
 * a temporary directory, all traffic on 127.0.0.1: kill -9 during writes and during a large
 * import (acknowledged writes survive, an interrupted import leaves nothing), SIGTERM (in-flight
 * requests finish, new connections are refused, exit 0 within 5 s), and a bounded load test.
 */

const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "modelgraph-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// -----------------------------------------------------------------------------------------------
// Child processes

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** stdout + stderr so far (the tail, bounded). */
  output(): string;
}

const children = new Set<ChildProcess>();
const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function killAll(): Promise<void> {
  for (const child of children) {
    if (alive(child)) {
      const exit = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exit;
    }
  }
  children.clear();
}
afterEach(killAll);
afterAll(killAll);

function track(child: ChildProcess): { exited: Promise<Exit>; output(): string } {
  children.add(child);
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 256 * 1024) output = output.slice(-128 * 1024);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { exited, output: () => output };
}

/**
 * The environment of the child processes: the test runner's, without NODE_ENV. Vitest sets
 * NODE_ENV=test, which changes how the server stops (Apollo Server installs its own SIGINT/SIGTERM
 * handlers unless NODE_ENV is "test"); `npm start` runs without it, so the children do too.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MODELGRAPH_LOG_LEVEL: "info", ...extra };
  delete env.NODE_ENV;
  return env;
}

/** `modelgraph serve --port 0 --db FILE`; resolves with its URL once it logs that it listens. */
async function startServe(dbPath: string, options: { healthInterval?: number; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [BIN, "serve", "--port", "0", "--host", "127.0.0.1", "--db", dbPath, "--health-interval", String(options.healthInterval ?? 0)],
    { cwd: dir, env: childEnv(options.env), stdio: ["ignore", "pipe", "pipe"] },
  );
  const { exited, output } = track(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /modelgraph listening on (http:\/\/[^/\s]+)\/graphql/.exec(output());
    if (match) return { child, url: match[1]!, exited, output };
    if (!alive(child)) throw new Error(`modelgraph serve exited before listening (${child.exitCode ?? child.signalCode}):\n${output()}`);
    if (Date.now() > deadline) throw new Error(`modelgraph serve did not log its address within 60 s:\n${output()}`);
    await sleep(25);
  }
}

/** SIGTERM; resolves with the exit and the milliseconds from the signal to the exit. */
async function terminate(server: ServerProcess): Promise<Exit & { ms: number }> {
  const started = performance.now();
  server.child.kill("SIGTERM");
  const exit = await server.exited;
  return { ...exit, ms: performance.now() - started };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// -----------------------------------------------------------------------------------------------
// GraphQL over HTTP

interface Reply<R> {
  status: number;
  data: R | null | undefined;
  errors: GraphQLErrorShape[] | undefined;
  headers: Headers;
}

const printed = new Map<unknown, string>();
function queryText(doc: TypedDocumentNode<any, any> | string): string {
  if (typeof doc === "string") return doc;
  let text = printed.get(doc);
  if (text === undefined) printed.set(doc, (text = print(doc)));
  return text;
}

interface RawReply {
  status: number;
  text: string;
  headers: Headers;
}
type Transport = (url: string, body: string) => Promise<RawReply>;

/** fetch (undici's default dispatcher: keep-alive). */
const viaFetch: Transport = async (url, body) => {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: response.status, text: await response.text(), headers: response.headers };
};

/**
 * node:http over a keep-alive agent: one socket per concurrent client, reused. The load test uses
 * it because it costs the test process (which shares 2 cores with the server) less than fetch.
 */
function keepAliveTransport(): { send: Transport; agent: HttpAgent } {
  const agent = new HttpAgent({ keepAlive: true });
  const send: Transport = (url, body) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${url}/graphql`, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  return { send, agent };
}

async function gql<R, V>(url: string, doc: TypedDocumentNode<R, V> | string, variables?: V, send: Transport = viaFetch): Promise<Reply<R>> {
  const response = await send(url, JSON.stringify({ query: queryText(doc), variables }));
  const text = response.text;
  let body: { data?: R | null; errors?: GraphQLErrorShape[] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { errors: [{ message: `not JSON (HTTP ${response.status}): ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
}

async function ok<R, V>(url: string, doc: TypedDocumentNode<R, V> | string, variables?: V): Promise<R> {
  const reply = await gql(url, doc, variables);
  if (reply.status !== 200 || reply.errors?.length || !reply.data) {
    throw new Error(`HTTP ${reply.status}, GraphQL errors: ${JSON.stringify(reply.errors, null, 2)}`);
  }
  return reply.data;
}

/** Every alias name, page by page (500 a page), hidden ones included; and the totalCount seen. */
async function allAliasNames(url: string): Promise<{ names: string[]; totalCount: number }> {
  const names: string[] = [];
  let after: string | null | undefined;
  let totalCount = -1;
  for (;;) {
    const page = (await ok(url, ops.AliasesDocument, { first: 500, after, includeHidden: true })).aliases;
    totalCount = page.totalCount;
    names.push(...page.edges.map((e) => e.node.name));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { names, totalCount };
}

/** A request on a connection of its own (no pooled keep-alive socket): the status or the error code. */
function freshConnection(url: string): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${url}/graphql`, { method: "POST", agent: false, headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode }));
      res.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.end(JSON.stringify({ query: "{ __typename }" }));
  });
}

// -----------------------------------------------------------------------------------------------
// The database file, opened by the test once no server writes to it

interface FileCheck {
  integrity: string[];
  foreignKeyViolations: unknown[];
}

function checkFile(dbPath: string): FileCheck {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check),
      foreignKeyViolations: db.pragma("foreign_key_check") as unknown[],
    };
  } finally {
    db.close();
  }
}

function expectClean(dbPath: string): void {
  const check = checkFile(dbPath);
  expect(check.integrity).toEqual(["ok"]);
  expect(check.foreignKeyViolations).toEqual([]);
}

function readOnly<T>(dbPath: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * Every row of every table (as the test support's dumpDatabase, over a read-only connection),
 * but `replicas`: a running server's heartbeat rewrites its row every second by design.
 */
function dumpFile(dbPath: string): Record<string, unknown[]> {
  return readOnly(dbPath, (db) => {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> 'replicas' order by name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by rowid`).all()]));
  });
}

const walBytes = (dbPath: string) => (existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0);

/**
 * Watches the file's write lock from a connection of the test's own: `BEGIN IMMEDIATE` with no
 * busy timeout fails while another process holds the lock, i.e. is inside a write transaction.
 * Resolves once the lock has been held continuously for `heldMs` (momentary writes such as a
 * migration check do not count; an import's transaction does). The connection stays open until close(): closing
 * the last connection would checkpoint the WAL, and recovering it is the restarted server's job.
 */
function lockWatcher(dbPath: string) {
  const probe = new Database(dbPath, { fileMustExist: true, timeout: 0 });
  const locked = () => {
    try {
      probe.exec("BEGIN IMMEDIATE");
      probe.exec("ROLLBACK");
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
      throw error;
    }
  };
  return {
    async heldFor(heldMs: number, stillWorthWaiting: () => boolean, timeoutMs = 120_000): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      let since: number | undefined;
      for (;;) {
        if (locked()) {
          since ??= performance.now();
          if (performance.now() - since >= heldMs) return performance.now() - since;
        } else {
          since = undefined;
        }
        if (!stillWorthWaiting()) {
          throw new Error(`the writer finished before its write transaction was seen held for ${heldMs} ms`);
        }
        if (Date.now() > deadline) throw new Error(`no write transaction held for ${heldMs} ms within ${timeoutMs} ms`);
        await sleep(5);
      }
    },
    /** How long the next write transaction holds the lock, from first sight to release. */
    async nextHold(stillWorthWaiting: () => boolean, timeoutMs = 120_000): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      let since: number | undefined;
      for (;;) {
        if (locked()) since ??= performance.now();
        else if (since !== undefined) return performance.now() - since;
        else if (!stillWorthWaiting()) throw new Error("the writer finished before its write transaction was seen");
        if (Date.now() > deadline) throw new Error(`no write transaction ended within ${timeoutMs} ms`);
        await sleep(5);
      }
    },
    close: () => probe.close(),
  };
}

/** The synthetic LiteLLM config of the benchmarks, cut down to `groups` groups (3 deployments and 2 aliases each). */
function syntheticYaml(groups: number): string {
  return syntheticLiteLLMYaml((p) => `http://127.0.0.1:9/p${p}/v1`, groups);
}

/**
 * Groups in the interrupted import: 2,000 groups, 6,000 deployments, 4,000 aliases, 1.1 MB of
 * YAML. Measured on this 2-core machine while the importer was being optimised: about 1 s to
 * parse and 0.3–1 s in the write transaction, 1.5–3 s end to end through GraphQL (the control
 * import prints it). Each test first times the transaction with a dry run of the same import
 * (same work, rolled back) and kills the real one a third of the way through (a third, not half:
 * on this shared machine the same transaction varies by 2× from run to run).
 */
const IMPORT_GROUPS = 2_000;
/** Never kill before the transaction has been seen held this long (short writes do not count). */
const MIN_HELD_MS = 50;

const countsOf = (db: Database.Database) =>
  Object.fromEntries(
    ["providers", "model_groups", "deployments", "aliases", "public_names"].map((t) => [t, (db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n]),
  );

// -----------------------------------------------------------------------------------------------

describe("durability: kill -9", () => {
  it("loses no acknowledged addAlias when the server is killed during 1,000 of them", { timeout: 180_000 }, async () => {
    const dbPath = join(dir, "kill-aliases.db");
    let server = await startServe(dbPath);
    await ok(server.url, ops.CreateProviderDocument, { input: { name: "p1", type: "hosted_vllm", apiBase: "http://127.0.0.1:9/v1" } });
    await ok(server.url, ops.CreateModelGroupDocument, { input: { name: "g1" } });
    await ok(server.url, ops.AddDeploymentDocument, { input: { group: "g1", provider: "p1", model: "m1" } });

    const names = Array.from({ length: 1_000 }, (_, i) => `dur-${String(i).padStart(4, "0")}`);
    const killAt = 250 + Math.floor(Math.random() * 200);
    const CONCURRENCY = 8;
    const sent = new Set<string>();
    const acked = new Set<string>();
    const refusedBeforeKill: string[] = [];
    let failedInFlight = 0;
    let inFlight = 0;
    let inFlightAtKill = 0;
    let killed = false;
    let next = 0;
    const first = server;
    const worker = async () => {
      while (!killed && next < names.length) {
        const name = names[next++]!;
        sent.add(name);
        inFlight++;
        try {
          const reply = await gql(first.url, ops.AddAliasDocument, { input: { name, target: "g1" } });
          // Acknowledged: the server answered 200 with the alias and no error, so it had committed.
          if (reply.status === 200 && !reply.errors && reply.data?.addAlias.alias.name === name) acked.add(name);
          else if (!killed) refusedBeforeKill.push(`${name}: HTTP ${reply.status} ${JSON.stringify(reply.errors)}`);
          if (!killed && acked.size >= killAt) {
            killed = true;
            inFlightAtKill = inFlight - 1;
            first.child.kill("SIGKILL");
          }
        } catch {
          failedInFlight++; // connection reset or refused: the server is gone
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(killed).toBe(true);
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(refusedBeforeKill).toEqual([]);

    // The file as the killed server left it: consistent, and holding every acknowledged alias.
    expectClean(dbPath);
    const inFile = new Set(readOnly(dbPath, (db) => (db.prepare("select name from aliases").pluck().all() as string[])));
    for (const name of acked) expect(inFile.has(name), `acknowledged alias ${name} is in the file`).toBe(true);

    // Restarted on the same file, the server lists exactly those plus at most the ones in flight.
    server = await startServe(dbPath);
    const listed = await allAliasNames(server.url);
    const present = new Set(listed.names);
    expect(listed.totalCount).toBe(present.size);
    expect(present).toEqual(inFile);
    const missing = [...acked].filter((n) => !present.has(n));
    const unexpected = [...present].filter((n) => !sent.has(n));
    const unacknowledged = [...present].filter((n) => !acked.has(n));
    expect(missing).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(unacknowledged.length).toBeLessThanOrEqual(inFlightAtKill);
    console.log(
      `kill -9 during addAlias: killed after ${acked.size} acks (target ${killAt}), ${sent.size} sent, ` +
        `${inFlightAtKill} in flight at the kill (${failedInFlight} failed), ${present.size} present after restart ` +
        `(${unacknowledged.length} committed but never acknowledged)`,
    );

    // The restarted server takes the rest: 1,000 in all, and a clean shutdown leaves a clean file.
    const rest = names.filter((n) => !present.has(n));
    let cursor = 0;
    const second = server;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < rest.length) {
          const name = rest[cursor++]!;
          await ok(second.url, ops.AddAliasDocument, { input: { name, target: "g1" } });
        }
      }),
    );
    const final = await allAliasNames(server.url);
    expect(final.totalCount).toBe(1_000);
    expect(final.names).toEqual(names);
    const exit = await terminate(server);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expectClean(dbPath);
    expect(readOnly(dbPath, (db) => (db.prepare("select count(*) from aliases").pluck().get() as number))).toBe(1_000);
  });

  it("leaves nothing of a large importConfig when the server is killed during it", { timeout: 180_000 }, async () => {
    const dbPath = join(dir, "kill-import.db");
    let server = await startServe(dbPath);
    await ok(server.url, ops.CreateProviderDocument, { input: { name: "keep", type: "hosted_vllm", apiBase: "http://127.0.0.1:9/v1" } });
    await ok(server.url, ops.AddAliasDocument, { input: { name: "kept", provider: "keep", model: "m-kept" } });
    const before = dumpFile(dbPath); // committed state, read beside the running server (WAL)
    const yaml = syntheticYaml(IMPORT_GROUPS);

    const watcher = lockWatcher(dbPath);
    try {
      // A dry run does the same work in the same kind of transaction and rolls it back: time it.
      // Twice: the first one also warms the server up (JIT, prepared statements), as the real one finds it.
      const first = server;
      let dryHeld = Infinity;
      for (let i = 0; i < 2; i++) {
        let drySettled = false;
        const dry = gql(first.url, ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml, dryRun: true }).finally(() => (drySettled = true));
        dryHeld = Math.min(dryHeld, await watcher.nextHold(() => !drySettled));
        const dryReply = await dry;
        expect(dryReply.errors).toBeUndefined();
        expect(dryReply.data?.importConfig.created.groups).toHaveLength(IMPORT_GROUPS);
      }
      expect(dumpFile(dbPath)).toEqual(before);
      const killAtHeld = Math.max(MIN_HELD_MS, dryHeld / 3);

      let settled = false;
      const request = gql(first.url, ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml }).then(
        (reply) => ({ reply }),
        (error: unknown) => ({ error }),
      );
      void request.finally(() => (settled = true));
      const sentAt = performance.now();
      const held = await watcher.heldFor(killAtHeld, () => !settled && alive(first.child));
      first.child.kill("SIGKILL");
      const killedAfter = performance.now() - sentAt;
      expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
      const outcome = await request;
      // The request never got an answer: had it, the import would have committed before the kill.
      expect("error" in outcome, `the import answered before the kill: ${JSON.stringify(outcome)}`).toBe(true);
      console.log(
        `kill -9 during importConfig of ${IMPORT_GROUPS} groups: a warm dry run held the write lock ${dryHeld.toFixed(0)} ms; ` +
          `killed ${killedAfter.toFixed(0)} ms after sending, ${held.toFixed(0)} ms into the transaction`,
      );

      // The file is exactly what it was before the import, and consistent.
      expectClean(dbPath);
      expect(dumpFile(dbPath)).toEqual(before);

      // Restarted, the server shows none of the import.
      server = await startServe(dbPath);
      const after = await ok<Record<string, unknown>, never>(
        server.url,
        `{ modelGroups(first: 0) { totalCount } aliases(first: 0, includeHidden: true) { totalCount } deployments(first: 0) { totalCount }
           providers(first: 0) { totalCount } imported: alias(name: "alias-00000") { name } group: modelGroup(name: "group-0000") { name } }`,
      );
      expect(after).toEqual({
        modelGroups: { totalCount: 1 },
        aliases: { totalCount: 1 },
        deployments: { totalCount: 1 },
        providers: { totalCount: 1 },
        imported: null,
        group: null,
      });
    } finally {
      watcher.close();
    }

    // Control: the same import, left alone, succeeds on the recovered file (so the kill did interrupt real work).
    const started = performance.now();
    const done = await ok(server.url, ops.ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });
    const importMs = performance.now() - started;
    expect(done.importConfig.created.groups).toHaveLength(IMPORT_GROUPS);
    expect(done.importConfig.created.deployments).toHaveLength(IMPORT_GROUPS * 3);
    expect(done.importConfig.created.aliases).toHaveLength(IMPORT_GROUPS * 2);
    console.log(`control importConfig of ${IMPORT_GROUPS} groups (${(yaml.length / 1024).toFixed(0)} kB) took ${importMs.toFixed(0)} ms end to end`);
    expect(await terminate(server)).toMatchObject({ code: 0, signal: null });
    expectClean(dbPath);
    expect(readOnly(dbPath, countsOf)).toEqual({
      providers: 1 + 50,
      model_groups: 1 + IMPORT_GROUPS,
      deployments: 1 + IMPORT_GROUPS * 3,
      aliases: 1 + IMPORT_GROUPS * 2,
      public_names: 2 + IMPORT_GROUPS * 3,
    });
  });

  it("leaves nothing of `modelgraph import FILE` when the CLI is killed during it", { timeout: 180_000 }, async () => {
    const dbPath = join(dir, "kill-cli-import.db");
    const file = join(dir, "synthetic.yaml");
    writeFileSync(file, syntheticYaml(IMPORT_GROUPS));
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [BIN, "migrate", "--db", dbPath], { cwd: dir, env: childEnv(), timeout: 60_000 }, (error) => (error ? reject(error) : resolve())),
    );
    const before = dumpFile(dbPath);

    const watcher = lockWatcher(dbPath);
    try {
      const dry = spawn(process.execPath, [BIN, "import", file, "--dry-run", "--db", dbPath], { cwd: dir, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
      const dryRun = track(dry);
      const dryHeld = await watcher.nextHold(() => alive(dry));
      expect(await dryRun.exited, dryRun.output()).toEqual({ code: 0, signal: null });
      expect(dryRun.output()).toContain(`would import`);
      expect(dumpFile(dbPath)).toEqual(before);

      const child = spawn(process.execPath, [BIN, "import", file, "--db", dbPath], { cwd: dir, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
      const { exited, output } = track(child);
      const held = await watcher.heldFor(Math.max(MIN_HELD_MS, dryHeld / 3), () => alive(child));
      child.kill("SIGKILL");
      expect(await exited, output()).toEqual({ code: null, signal: "SIGKILL" });
      expect(output()).not.toContain("imported");
      console.log(`kill -9 during modelgraph import: the dry run held the write lock ${dryHeld.toFixed(0)} ms; killed ${held.toFixed(0)} ms into the transaction`);
      expectClean(dbPath);
      expect(dumpFile(dbPath)).toEqual(before);
    } finally {
      watcher.close();
    }
    // Once the watcher has closed (the last connection: it checkpoints), the file is still the same.
    expectClean(dbPath);
    expect(dumpFile(dbPath)).toEqual(before);
  });
});

describe("durability: SIGTERM", () => {
  it("finishes the in-flight request, refuses new connections, closes the database and exits 0 within 5 s", { timeout: 120_000 }, async () => {
    const dbPath = join(dir, "sigterm.db");
    const upstream = await FakeUpstream.start(["slow-model"], { delayMs: 1_500 });
    try {
      const server = await startServe(dbPath);
      await ok(server.url, ops.CreateProviderDocument, { input: { name: "slowp", type: "hosted_vllm", apiBase: upstream.base } });
      await ok(server.url, ops.AddAliasDocument, { input: { name: "slow", provider: "slowp", model: "slow-model" } });
      upstream.reset();

      let inFlightDoneAt = Infinity;
      const inFlight = gql(server.url, ops.CheckHealthDocument, { names: ["slow"], force: true }).finally(() => (inFlightDoneAt = performance.now()));
      void inFlight.catch(() => undefined);
      await waitFor("the probe to reach the upstream", () => upstream.inFlight >= 1);

      const signalledAt = performance.now();
      server.child.kill("SIGTERM");
      await waitFor("the server to log that it shuts down", () => server.output().includes('"shutting down"'), 5_000, 5);
      await sleep(100);
      // Fastify closes the listening socket (new connections: ECONNREFUSED) and idle keep-alive
      // sockets; a request arriving on a busy keep-alive socket would get its 503.
      const fresh = await freshConnection(server.url);
      const refusedAt = performance.now();
      const pooled = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' }).then(
        (r) => r.status,
        () => "failed" as const,
      );

      const reply = await inFlight;
      const exit = await server.exited;
      const exitMs = performance.now() - signalledAt;
      console.log(
        `SIGTERM with a request in flight: exit code ${exit.code} after ${exitMs.toFixed(0)} ms; new connection ${JSON.stringify(fresh)}, ` +
          `pooled fetch ${pooled}; in-flight checkHealth answered ${(inFlightDoneAt - signalledAt).toFixed(0)} ms after the signal`,
      );

      expect(fresh).toEqual({ error: "ECONNREFUSED" });
      expect(refusedAt).toBeLessThan(inFlightDoneAt); // refused while the in-flight request was still running
      expect(["failed", 503]).toContain(pooled);
      expect(reply.status).toBe(200);
      expect(reply.errors).toBeUndefined();
      expect(reply.data?.checkHealth.results).toEqual([expect.objectContaining({ status: "HEALTHY", source: "PROBED" })]);
      expect(upstream.count).toBe(1);
      // Soft: a failure here still lets the checks of the file below run and report.
      expect.soft(exit).toEqual({ code: 0, signal: null });
      expect.soft(exitMs).toBeLessThan(5_000);

      // Closed cleanly: the WAL was checkpointed away, the file is consistent, the probe's result is in it.
      expect.soft(walBytes(dbPath)).toBe(0);
      expectClean(dbPath);
      const stored = readOnly(dbPath, (db) => db.prepare("select model, status from upstream_health").all());
      expect(stored).toEqual([{ model: "slow-model", status: "HEALTHY" }]);
      expect(readOnly(dbPath, (db) => db.prepare("select name from aliases").pluck().all())).toEqual(["slow"]);
    } finally {
      await upstream.close();
    }
  });

  it("waits for a sweep in progress and exits 0 within 5 s with the sweeper on", { timeout: 120_000 }, async () => {
    const dbPath = join(dir, "sigterm-sweep.db");
    const upstream = await FakeUpstream.start(["swept-model"], { delayMs: 1_500 });
    try {
      const server = await startServe(dbPath, { healthInterval: 1 });
      expect(server.output()).toContain("health sweep every 1 s");
      await ok(server.url, ops.CreateProviderDocument, { input: { name: "sweptp", type: "hosted_vllm", apiBase: upstream.base } });
      await ok(server.url, ops.AddAliasDocument, { input: { name: "swept", provider: "sweptp", model: "swept-model" } });

      await waitFor("a sweep to probe the upstream", () => upstream.inFlight >= 1, 30_000);
      const exit = await terminate(server);
      const sweepsDone = server.output().split('"health sweep done"').length - 1;
      console.log(`SIGTERM during a sweep: exit code ${exit.code} after ${exit.ms.toFixed(0)} ms; ${upstream.count} probe(s) sent, ${sweepsDone} sweep(s) logged done`);
      expect.soft(exit).toMatchObject({ code: 0, signal: null });
      expect.soft(exit.ms).toBeLessThan(5_000);

      expect.soft(walBytes(dbPath)).toBe(0);
      expectClean(dbPath);
      // The sweep in progress was finished, not dropped: every probe the upstream saw is recorded.
      const history = readOnly(dbPath, (db) => db.prepare("select status from health_history where model = 'swept-model'").pluck().all());
      expect(history).toHaveLength(upstream.count);
      expect(new Set(history)).toEqual(new Set(["HEALTHY"]));
      expect(readOnly(dbPath, (db) => db.prepare("select status from upstream_health").pluck().all())).toEqual(["HEALTHY"]);
    } finally {
      await upstream.close();
    }
  });
});

describe("load", () => {
  it("serves 200 concurrent clients for 20 s without 5xx, errors or inconsistent answers", { timeout: 240_000 }, async () => {
    const CLIENTS = 200;
    const DURATION_MS = 20_000;
    const MAX_ITERATIONS = 5_000; // per client: the deadline ends the loops, this only bounds them
    const GROUPS = 20;
    const ALIASES = 50;
    const dbPath = join(dir, "load.db");
    const upstreams = await Promise.all([0, 1, 2].map(() => FakeUpstream.start(Array.from({ length: GROUPS }, (_, g) => `m${g}`))));
    try {
      const server = await startServe(dbPath);
      const url = server.url;

      // Seed: 3 providers (one per upstream), 20 groups of 2 deployments on 2 providers, 50 aliases.
      for (const [i, u] of upstreams.entries()) {
        await ok(url, ops.CreateProviderDocument, { input: { name: `lp${i}`, type: "hosted_vllm", apiBase: u.base } });
      }
      const groupName = (g: number) => `lg-${String(g).padStart(2, "0")}`;
      for (let g = 0; g < GROUPS; g++) {
        await ok(url, ops.CreateModelGroupDocument, { input: { name: groupName(g) } });
        await ok(url, ops.AddDeploymentDocument, { input: { group: groupName(g), provider: `lp${g % 3}`, model: `m${g}` } });
        await ok(url, ops.AddDeploymentDocument, { input: { group: groupName(g), provider: `lp${(g + 1) % 3}`, model: `m${g}` } });
      }
      const seedAlias = (a: number) => `la-${String(a).padStart(2, "0")}`;
      const seedTarget = (a: number) => a % GROUPS;
      for (let a = 0; a < ALIASES; a++) await ok(url, ops.AddAliasDocument, { input: { name: seedAlias(a), target: groupName(seedTarget(a)) } });
      const seeded = new Set(Array.from({ length: ALIASES }, (_, a) => seedAlias(a)));

      const transport = keepAliveTransport();
      const statuses = new Map<number, number>();
      const firstLatencies: number[] = []; // each client's first request: includes its connection being accepted
      /** Problems of one kind: how many, and the first few. */
      const problems = () => ({ count: 0, samples: [] as string[] });
      const networkErrors = problems();
      const graphqlErrors = problems();
      const inconsistencies = problems();
      const latencies: number[] = [];
      const kinds = new Map<string, number[]>(); // latencies per kind of request
      const sample = (list: ReturnType<typeof problems>, line: string) => {
        list.count++;
        if (list.samples.length < 20) list.samples.push(line);
      };

      const answeredOnce = new Set<number>(); // clients whose first request has been answered
      async function call<R, V>(c: number, kind: string, doc: TypedDocumentNode<R, V>, variables: V): Promise<R | undefined> {
        const sentAt = performance.now();
        let reply: Reply<R>;
        try {
          reply = await gql(url, doc, variables, transport.send);
        } catch (error) {
          sample(networkErrors, `${kind}: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? "")}`);
          return undefined;
        }
        const ms = performance.now() - sentAt;
        latencies.push(ms);
        if (!answeredOnce.has(c)) {
          answeredOnce.add(c);
          firstLatencies.push(ms);
        }
        if (!kinds.has(kind)) kinds.set(kind, []);
        kinds.get(kind)!.push(ms);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.errors?.length || reply.status !== 200 || !reply.data) {
          sample(graphqlErrors, `${kind} ${JSON.stringify(variables)}: HTTP ${reply.status} ${JSON.stringify(reply.errors)}`);
          return undefined;
        }
        return reply.data;
      }

      const mine = new Map<number, Set<string>>(); // per client: its aliases that exist now
      const deadline = Date.now() + DURATION_MS;
      const client = async (c: number) => {
        const own = new Set<string>();
        mine.set(c, own);
        const target = groupName(c % GROUPS);
        let seq = 0;
        for (let i = 0; i < MAX_ITERATIONS && Date.now() < deadline; i++) {
          const r = Math.random();
          const a = Math.floor(Math.random() * ALIASES);
          const bad = (what: string) => sample(inconsistencies, `client ${c}: ${what}`);
          if (r < 0.25) {
            const data = await call(c, "alias", ops.AliasDocument, { name: seedAlias(a) });
            if (data && (data.alias?.name !== seedAlias(a) || data.alias.target.name !== groupName(seedTarget(a)))) bad(`alias ${seedAlias(a)} → ${JSON.stringify(data.alias)}`);
          } else if (r < 0.4) {
            const data = await call(c, "aliases", ops.AliasesDocument, { first: 100, includeHidden: true });
            if (data) {
              const { totalCount, edges } = data.aliases;
              const listed = edges.map((e) => e.node.name);
              const sorted = [...listed].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
              if (totalCount < ALIASES || edges.length !== Math.min(100, totalCount) || listed.join() !== sorted.join()) {
                bad(`aliases: totalCount ${totalCount}, ${edges.length} edges`);
              }
              if (listed.some((n) => !seeded.has(n) && !/^lc-\d+-\d+$/.test(n))) bad(`aliases lists a name nobody created: ${listed.join()}`);
              for (const n of own) if (n < listed[listed.length - 1]! && !listed.includes(n)) bad(`aliases misses own ${n}`);
            }
          } else if (r < 0.55) {
            const data = await call(c, "resolve", ops.ResolveDocument, { name: seedAlias(a) });
            const g = seedTarget(a);
            if (data && (data.resolve.kind !== "ALIAS" || data.resolve.group?.name !== groupName(g) || data.resolve.prefixedId !== `hosted_vllm/m${g}` || data.resolve.candidates.length !== 2)) {
              bad(`resolve ${seedAlias(a)} → ${JSON.stringify(data.resolve)}`);
            }
          } else if (r < 0.65 && own.size > 0) {
            // Re-read one of its own aliases: others' writes never touch it.
            const name = [...own][Math.floor(Math.random() * own.size)]!;
            const data = await call(c, "alias (own)", ops.AliasDocument, { name });
            if (data && data.alias?.target.name !== target) bad(`own alias ${name} reads ${JSON.stringify(data.alias)}`);
          } else if (r < 0.9) {
            if (own.size < 3 && (own.size === 0 || Math.random() < 0.6)) {
              const name = `lc-${c}-${seq++}`;
              const added = await call(c, "addAlias", ops.AddAliasDocument, { input: { name, target } });
              if (!added) continue;
              if (added.addAlias.alias.name !== name) bad(`addAlias ${name} answered ${added.addAlias.alias.name}`);
              own.add(name);
              // Read-your-writes through the response cache.
              const read = await call(c, "alias (after add)", ops.AliasDocument, { name });
              if (read && read.alias?.target.name !== target) bad(`alias ${name} right after addAlias reads ${JSON.stringify(read.alias)}`);
            } else {
              const name = [...own][Math.floor(Math.random() * own.size)]!;
              const removed = await call(c, "removeAlias", ops.RemoveAliasDocument, { name });
              if (!removed) continue;
              if (removed.removeAlias.name !== name) bad(`removeAlias ${name} answered ${removed.removeAlias.name}`);
              own.delete(name);
              const read = await call(c, "alias (after remove)", ops.AliasDocument, { name });
              if (read && read.alias !== null) bad(`alias ${name} right after removeAlias reads ${JSON.stringify(read.alias)}`);
            }
          } else {
            const force = Math.random() < 0.05;
            const data = await call(c, force ? "checkHealth (force)" : "checkHealth", ops.CheckHealthDocument, { names: [seedAlias(a)], force });
            if (data) {
              const results = data.checkHealth.results;
              const good = results.length === 2 && results.every((x) => x.deployment.group.name === groupName(seedTarget(a)) && (x.status === "HEALTHY" || x.status === "DEGRADED"));
              if (!good) bad(`checkHealth ${seedAlias(a)} → ${JSON.stringify(results)}`);
            }
          }
        }
      };

      const loadStartedAt = performance.now();
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      const elapsed = (performance.now() - loadStartedAt) / 1000;
      transport.agent.destroy();

      const expected = new Set([...seeded, ...[...mine.values()].flatMap((s) => [...s])]);
      const final = await allAliasNames(url);
      const requests = latencies.length + networkErrors.count;
      const pct = (list: number[], p: number) => {
        const sorted = [...list].sort((x, y) => x - y);
        return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(0);
      };
      const byKind = [...kinds].map(([kind, list]) => `${kind} ${list.length} (p50 ${pct(list, 0.5)}, p99 ${pct(list, 0.99)}, max ${pct(list, 1)} ms)`);
      console.log(
        `load: ${CLIENTS} clients, ${requests} requests in ${elapsed.toFixed(1)} s (${(requests / elapsed).toFixed(0)} req/s), ` +
          `p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, max ${pct(latencies, 1)} ms ` +
          `(each client's first request, which waits for its connection to be accepted: p50 ${pct(firstLatencies, 0.5)}, max ${pct(firstLatencies, 1)} ms); ` +
          `statuses ${JSON.stringify(Object.fromEntries(statuses))}; upstream requests ${upstreams.map((u) => u.count).join("/")}; ` +
          `by kind: ${byKind.join("; ")}; ` +
          `aliases at the end ${final.totalCount} (${ALIASES} seeded + ${expected.size - ALIASES} clients')`,
      );

      expect(networkErrors).toEqual({ count: 0, samples: [] });
      expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      expect([...statuses.keys()]).toEqual([200]);
      expect(graphqlErrors).toEqual({ count: 0, samples: [] });
      expect(inconsistencies).toEqual({ count: 0, samples: [] });
      expect(requests).toBeGreaterThan(CLIENTS); // every client got through more than one iteration
      expect(final.totalCount).toBe(expected.size);
      expect(new Set(final.names)).toEqual(expected);

      const exit = await terminate(server);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expectClean(dbPath);
    } finally {
      await Promise.all(upstreams.map((u) => u.close()));
    }
  });
});
