import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { table } from "../src/cli/format.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Upstreams that attack what they are sent: they echo the key in every encoding, serve internal
 * error pages, redirect to hosts named after the key, and put line breaks, escape sequences and bidi
 * overrides in everything they answer. None of it may reach a reader, the database or a terminal.
 */

const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;
const KEY_ENV = "HOSTILE_API_KEY";
// '/', '+', '=' and '"' make the JSON-escaped, URL-encoded and base64 forms differ from the key.
const KEY = 'sk-QzX7hostileK3y/Plus+Eq=9f"end';
const CORE = "qzx7hostilek3y";
const PAGE_MARKERS = ["INTERNAL-ONLY", "db-password=hunter2", "Traceback (most recent call last)", "10.13.37.5"];
const CONTROL_BAIT = "\n  all deployments HEALTHY\r\n\u001b[2K\u001b[1A\u001b]0;pwned\u0007\u009b2J\u202e\u2066\u2028\u0085\t";

interface Echoes {
  plain: string;
  lower: string;
  upper: string;
  base64: string;
  base64Header: string;
  base64url: string;
  urlEncoded: string;
  jsonEscaped: string;
  unicodeEscaped: string;
  header: string;
}

/** Every way an upstream could give the key back. */
function echoes(authorization: string): Echoes {
  const key = authorization.replace(/^Bearer /, "");
  return {
    plain: key,
    lower: key.toLowerCase(),
    upper: key.toUpperCase(),
    base64: Buffer.from(key).toString("base64"),
    base64Header: Buffer.from(authorization).toString("base64"),
    base64url: Buffer.from(key).toString("base64url"),
    urlEncoded: encodeURIComponent(key),
    jsonEscaped: JSON.stringify(key).slice(1, -1).replace(/\//g, "\\/"),
    unicodeEscaped: [...key].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join(""),
    header: authorization,
  };
}

/** The strings that must never be found anywhere a reader or the disk can see. */
const CANARIES = [...new Set([...Object.values(echoes(`Bearer ${KEY}`)), ...PAGE_MARKERS, "pwned", "all deployments HEALTHY"])];

function internalPage(authorization: string): string {
  const e = echoes(authorization);
  // The echoes come first: the old code kept the first 200 characters and only masked the exact key.
  return (
    `${e.lower} ${e.base64} ${e.urlEncoded} ${e.jsonEscaped} ${e.upper} ${e.base64url} ${e.unicodeEscaped} ${e.base64Header}` +
    `<html><title>INTERNAL-ONLY admin console</title><pre>Traceback (most recent call last)\n db-password=hunter2 host 10.13.37.5</pre>` +
    CONTROL_BAIT +
    `</html>`
  );
}

type Route = (req: IncomingMessage, res: ServerResponse, auth: string) => void;

/** One HTTP server whose first path segment picks the attack. */
const ROUTES: Record<string, Route> = {
  // Error statuses whose bodies are internal error pages echoing the key.
  s401: (_req, res, auth) => send(res, 401, internalPage(auth), "text/html"),
  s403: (_req, res, auth) => send(res, 403, JSON.stringify({ error: internalPage(auth) })),
  s404: (_req, res, auth) => send(res, 404, internalPage(auth), "text/html"),
  s500: (_req, res, auth) => send(res, 500, JSON.stringify({ error: { message: internalPage(auth) } })),
  s503: (_req, res, auth) => send(res, 503, internalPage(auth), "text/html"),
  s418: (_req, res, auth) => send(res, 418, internalPage(auth)),
  // Line breaks, escape sequences and bidi overrides first, where a cut at 200 characters keeps them.
  ctl: (_req, res, auth) => send(res, 502, CONTROL_BAIT + internalPage(auth), "text/plain"),
  // A 200 that is not JSON, and one whose model list is made of echoes and control characters.
  notjson: (_req, res, auth) => send(res, 200, internalPage(auth), "text/html"),
  list: (_req, res, auth) =>
    send(res, 200, JSON.stringify({ object: "list", data: [...Object.values(echoes(auth)), CONTROL_BAIT, ...PAGE_MARKERS].map((id) => ({ id })) })),
  // Redirects to a host named after the key, and to an unparseable location.
  redirect: (_req, res, auth) => {
    res.writeHead(302, { location: `http://${echoes(auth).lower.replace(/[^a-z0-9-]/g, "-")}.example.invalid/v1/models` });
    res.end();
  },
  badredirect: (_req, res) => {
    res.writeHead(302, { location: "http://[::bad-INTERNAL-ONLY" });
    res.end();
  },
  // A same-origin redirect to a path full of bait, which then fails.
  hop: (req, res, auth) => {
    if (req.url?.includes("INTERNAL-ONLY")) return send(res, 500, internalPage(auth));
    res.writeHead(307, { location: `/hop/INTERNAL-ONLY/${encodeURIComponent(echoes(auth).lower)}/models?x=${echoes(auth).base64}` });
    res.end();
  },
  // Completion probes get the same treatment.
  cmpl: (_req, res, auth) => send(res, 500, JSON.stringify({ error: { message: internalPage(auth) } })),
};

function send(res: ServerResponse, status: number, body: string, type = "application/json"): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

let hostile: Server;
let hostileOrigin: string;
const received: string[] = [];

const dir = mkdtempSync(join(tmpdir(), "modelgraph-hostile-"));
const dbPath = join(dir, "hostile.db");
let server: TestServer;

beforeAll(async () => {
  hostile = createServer((req, res) => {
    const auth = String(req.headers.authorization ?? "");
    received.push(auth);
    const route = ROUTES[(req.url ?? "/").split("/")[1] ?? ""];
    if (!route) return send(res, 404, "{}");
    req.resume();
    req.on("end", () => route(req, res, auth));
  });
  await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
  hostileOrigin = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  server = await startTestServer({ dbPath, env: { [KEY_ENV]: KEY } });
});

afterAll(async () => {
  await server?.close();
  hostile.closeAllConnections();
  await new Promise<void>((resolve) => hostile.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

interface Seeded {
  route: string;
  group: string;
  id: string;
}

/** One provider, group and deployment per attack route (the provider's API base picks the route). */
async function seedRoutes(target: TestServer, routes: string[], tag: string): Promise<Seeded[]> {
  const seeded: Seeded[] = [];
  for (const route of routes) {
    const provider = `${tag}-${route}`;
    const group = `${tag}-g-${route}`;
    await target.ok(ops.CreateProviderDocument, { input: { name: provider, type: "openai", apiBase: `${hostileOrigin}/${route}/v1`, apiKeyEnv: KEY_ENV } });
    await target.ok(ops.CreateModelGroupDocument, { input: { name: group } });
    const added = await target.ok(ops.AddDeploymentDocument, {
      input: { group, provider, model: "served-model", ...(route === "cmpl" ? { probe: "COMPLETION" as const } : {}) },
    });
    seeded.push({ route, group, id: added.addDeployment.deployment.id });
  }
  return seeded;
}

/** The raw text and every string value inside it once decoded, so an escaped echo is found either way. */
function haystack(text: string): string {
  const strings: string[] = [text];
  const walk = (v: unknown): void => {
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(text));
  } catch {
    // not JSON: the raw text is searched
  }
  return strings.join("\n");
}

function leaksIn(where: string, text: string): string[] {
  const hay = haystack(text);
  const found = CANARIES.filter((c) => hay.includes(c)).map((c) => `${where}: ${JSON.stringify(c)}`);
  if (hay.toLowerCase().includes(CORE)) found.push(`${where}: the key's core, in some case`);
  return found;
}

async function rawGql<R, V>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<string> {
  const result = await server.gql(doc, variables);
  expect(result.errors, result.text).toBeUndefined();
  return result.text;
}

const ATTACKS = ["s401", "s403", "s404", "s500", "s503", "s418", "ctl", "notjson", "list", "redirect", "badredirect", "hop", "cmpl"];

describe("hostile upstreams: nothing an upstream says is stored or shown", () => {
  it("echoed keys (plain, lower/upper-cased, base64, JSON-escaped, URL-encoded) and internal error pages reach no answer, no REST /health and no database file", async () => {
    const seeded = await seedRoutes(server, ATTACKS, "h");
    const ids = seeded.map((s) => s.id);
    const texts: { where: string; text: string }[] = [];

    const checked = await server.gql(ops.CheckHealthDocument, { deploymentIds: ids, force: true });
    expect(checked.errors, checked.text).toBeUndefined();
    texts.push({ where: "checkHealth", text: checked.text });
    const results = checked.data!.checkHealth.results;
    expect(results).toHaveLength(ATTACKS.length);
    expect(results.every((r) => r.status === "UNHEALTHY")).toBe(true);
    // The key did reach the upstream (so every echo above was real), as a bearer token.
    expect(received).toContain(`Bearer ${KEY}`);

    // The reasons are the fixed ones: the status and what it means, the configured URL, nothing the upstream wrote.
    const reason = Object.fromEntries(results.map((r) => [seeded.find((s) => s.id === r.deployment.id)!.route, r.error!]));
    console.log(`hostile upstreams: stored reasons\n${Object.entries(reason).map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);
    expect(reason.s401).toMatch(/^HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/s401\/v1\/models: authentication failed; the key in HOSTILE_API_KEY was refused$/);
    expect(reason.s403).toMatch(/^HTTP 403 from \S+: authentication failed; /);
    expect(reason.s404).toMatch(/^HTTP 404 from \S+: not found \(is the API base right\?\)$/);
    expect(reason.s500).toMatch(/^HTTP 500 from \S+: server error$/);
    expect(reason.s503).toMatch(/^HTTP 503 from \S+: service unavailable$/);
    expect(reason.s418).toMatch(/^HTTP 418 from \S+: client error$/);
    expect(reason.ctl).toMatch(/^HTTP 502 from \S+: bad gateway$/);
    expect(reason.notjson).toMatch(/^malformed answer from \S+: not JSON$/);
    expect(reason.list).toMatch(/^model "served-model" is not served at \S+ \(not among the \d+ models it lists\)$/);
    expect(reason.redirect).toMatch(/^redirected \(HTTP 302\) to another host; not followed \(\S+\/redirect\/v1\/models\)$/);
    expect(reason.badredirect).toMatch(/^redirected \(HTTP 302\) to an unparseable location; not followed \(\S+\)$/);
    expect(reason.hop).toMatch(/^HTTP 500 from \S+\/hop\/v1\/models: server error$/);
    expect(reason.cmpl).toMatch(/^HTTP 500 from \S+\/cmpl\/v1\/chat\/completions: server error$/);

    // Every place a reader sees health: the deployment with its history, resolution, the summary.
    for (const s of seeded) {
      texts.push({ where: `deployment health ${s.route}`, text: await rawGql(ops.DeploymentHealthDetailDocument, { id: s.id, last: 10 }) });
      texts.push({ where: `deployment ${s.route}`, text: await rawGql(ops.DeploymentDocument, { id: s.id }) });
      texts.push({ where: `resolve ${s.route}`, text: await rawGql(ops.ResolveDocument, { name: s.group }) });
    }
    texts.push({ where: "healthSummary", text: await rawGql(ops.HealthSummaryDocument) });
    const detail = JSON.parse(texts.find((t) => t.where === "deployment health s503")!.text) as { data: ops.DeploymentHealthDetailQuery };
    expect(detail.data.deployment!.health.error).toMatch(/^HTTP 503 from \S+: service unavailable$/);
    expect(detail.data.deployment!.health.history[0]!.error).toBe(detail.data.deployment!.health.error);

    // REST /health probes again (each upstream once) and shows the reasons LiteLLM-style.
    for (const s of seeded) {
      const response = await fetch(`${server.url}/health?model=${encodeURIComponent(s.group)}`);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expect((JSON.parse(text) as { unhealthy_count: number }).unhealthy_count).toBe(1);
      texts.push({ where: `REST /health ${s.route}`, text });
    }

    // The database file and its write-ahead log, as bytes.
    for (const file of [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f))) {
      texts.push({ where: `database file ${file}`, text: readFileSync(file).toString("latin1") });
    }
    expect(texts.some((t) => t.where.startsWith("database file") && t.text.includes("service unavailable"))).toBe(true);

    const leaks = texts.flatMap((t) => leaksIn(t.where, t.text));
    expect(leaks).toEqual([]);
    // No control or bidi character survives in what is stored, either.
    const stored = server.db.sqlite.prepare("select error from upstream_health union all select error from health_history").all() as { error: string | null }[];
    expect(stored.length).toBeGreaterThanOrEqual(ATTACKS.length * 2);
    for (const { error } of stored) expect(error ?? "").not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
  });

  it("a broken HTTP answer and TLS spoken to a plain port give reasons from Node's error codes only", async () => {
    // Raw bytes: a header line carrying the key and control characters, which the HTTP parser refuses.
    const raw = createNetServer((socket) => {
      socket.once("data", () => {
        socket.write(`HTTP/1.1 200 OK\r\nX-Echo: ${KEY}\u0001${CONTROL_BAIT}\r\n\r\n{}`);
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    const port = (raw.address() as AddressInfo).port;
    try {
      const ids: string[] = [];
      for (const [name, base] of [["rawhttp", `http://127.0.0.1:${port}/v1`], ["rawtls", `https://127.0.0.1:${port}/v1`]] as const) {
        await server.ok(ops.CreateProviderDocument, { input: { name, type: "openai", apiBase: base, apiKeyEnv: KEY_ENV } });
        await server.ok(ops.CreateModelGroupDocument, { input: { name: `g-${name}` } });
        ids.push((await server.ok(ops.AddDeploymentDocument, { input: { group: `g-${name}`, provider: name, model: "m" } })).addDeployment.deployment.id);
      }
      const checked = await server.gql(ops.CheckHealthDocument, { deploymentIds: ids, force: true });
      expect(checked.errors, checked.text).toBeUndefined();
      const [http, tls] = checked.data!.checkHealth.results;
      expect(http!.error).toMatch(/^malformed HTTP answer \(HPE_[A-Z_]+\) \(http:\/\/127\.0\.0\.1:\d+\/v1\/models\)$/);
      expect(tls!.error).toMatch(/^TLS error \([A-Z_]+\) \(https:\/\/127\.0\.0\.1:\d+\/v1\/models\)$/);
      expect(leaksIn("raw answers", checked.text)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it("a reason stored by an older version (upstream text and control characters in it) is shown without them", async () => {
    const [s] = await seedRoutes(server, ["s500"], "legacy");
    await server.ok(ops.CheckHealthDocument, { deploymentIds: [s!.id], force: true });
    // What the old code wrote: the first 200 characters of the body, with line breaks kept.
    const page = internalPage(`Bearer ${KEY}`).slice(0, 200);
    const upstream = `${hostileOrigin}/s500/v1`;
    server.db.sqlite.prepare("update upstream_health set error = ? where api_base = ?").run(`HTTP 500 at ${upstream}/models: ${page}`, upstream);
    server.db.sqlite
      .prepare("update health_history set error = ? where api_base = ?")
      .run(`request failed: getaddrinfo ${CONTROL_BAIT} ${page} (${upstream}/models)`, upstream);
    const shown = await rawGql(ops.DeploymentHealthDetailDocument, { id: s!.id, last: 5 });
    const health = (JSON.parse(shown) as { data: ops.DeploymentHealthDetailQuery }).data.deployment!.health;
    expect(health.error).toBe(`HTTP 500 from ${upstream}/models: server error`);
    expect(health.history.map((h) => h.error)).toEqual([`request failed (${upstream}/models)`]);
    expect(leaksIn("legacy rows", shown)).toEqual([]);
  });
});

describe("hostile upstreams: the check table", () => {
  it("CLI check prints exactly one line per deployment and no ESC, C1, bidi or line-separator character", async () => {
    // A database of its own, filled through a server, then checked by the CLI in a child process.
    const cliDb = join(dir, "cli.db");
    const seeder = await startTestServer({ dbPath: cliDb });
    const seeded = await seedRoutes(seeder, ATTACKS, "c");
    await seeder.close();

    const { code, stdout, stderr } = await cliCheck(["check", "--force", "--db", cliDb], { [KEY_ENV]: KEY });
    expect(stderr).toBe("");
    expect(code).toBe(1); // something is UNHEALTHY
    expect(stdout).not.toMatch(/[\u001b\u009b\u0085\u202a-\u202e\u2066-\u2069\u2028\u2029\r\t]/);
    const lines = stdout.split("\n");
    const blank = lines.indexOf("");
    const rows = lines.slice(1, blank);
    expect(lines[0]).toMatch(/^group\s+prefixed id\s+provider\s+status/);
    expect(rows).toHaveLength(seeded.length);
    for (const s of seeded) expect(rows.filter((r) => r.startsWith(`${s.group} `))).toHaveLength(1);
    expect(rows.every((r) => /\sUNHEALTHY\s/.test(r))).toBe(true);
    const summary = lines.slice(blank + 1).filter((l) => l !== "");
    expect(summary).toHaveLength(1); // the summary line, nothing else
    console.log(`hostile upstreams: CLI check of ${seeded.length} hostile upstreams: ${summary[0]}`);
    expect(leaksIn("CLI check output", stdout)).toEqual([]);
  });

  it("table cells cannot start a line or move the cursor, whatever they hold", () => {
    const out = table(["name", "note"], [
      ["a\nHEALTHY fake", "x\u001b[2K\u001b[1Ay"],
      ["b\r\u2028c", "\u009b2J\u202eevil\u2066"],
      [null, 3],
    ]);
    const lines = out.split("\n");
    expect(lines).toHaveLength(4);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    // Escape sequences are dropped whole, other controls become spaces; columns still line up.
    expect(lines[1]).toBe("a HEALTHY fake  xy");
    expect(lines[2]).toBe("b  c" + " ".repeat(12) + " evil"); // the bidi override became the space before "evil"
    expect(lines[3]).toBe(" ".repeat(16) + "3");
  });
});

async function cliCheck(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: dir, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
