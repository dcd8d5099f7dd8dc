import { print } from "graphql";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { mkdtempSync, rmSync, openSync, writeSync, closeSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { startServer } from "../src/main.ts";
import { SqliteStore } from "../src/db/store.ts";
import { createCatalog } from "../src/catalog/catalog.ts";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../src/db/schema.ts";
import { ConfigError, loadConfig, type Config } from "../src/config.ts";
import { openDatabase, type DbHandle } from "../src/db/client.ts";
import { nestingDepth } from "../src/api/graphql/execution-guard.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import * as ops from "./generated/graphql.ts";
import { dumpDatabase, startTestServer, TEST_HEALTH, type TestServer } from "./support/server.ts";

/*
 * The HTTP surface under attack (issue 8: findings 1, 5, 9, 17, 20 first half, 22, and first
 * contact). Real servers on 127.0.0.1 port 0, real sockets, real SQLite.
 */

const ADMIN = "admin-token-4c1d9e";
const READ = "read-token-77ab02";
const EVIL = "https://evil.example";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer(options);
  cleanups.push(() => s.close());
  return s;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** node:http, so that Host and the source address can be chosen (fetch cannot set either). */
function send(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string; localAddress?: string }): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, method: options.method ?? "GET", path: options.path, headers: options.headers, localAddress: options.localAddress, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

function json(body: unknown, headers: Record<string, string> = {}) {
  return { method: "POST", path: "/graphql", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

const evilProvider = {
  query: print(ops.CreateProviderDocument),
  variables: { input: { name: "stolen", type: "openai", apiKeyEnv: "OPENAI_API_KEY", apiBase: "https://evil.example/v1" } },
};

describe("finding 1: cross-site writes and DNS rebinding", () => {
  it("refuses a mutation from https://evil.example (single and batched) and leaves the database as it was", async () => {
    const s = await server(); // the README's setup: loopback, no admin token
    const before = dumpDatabase(s.db);
    const refused = await send(s.url, json(evilProvider, { origin: EVIL }));
    expect(refused.status).toBe(403);
    const error = (JSON.parse(refused.text) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
    expect(error.extensions.code).toBe("FORBIDDEN");
    expect(error.message).toContain('"https://evil.example"');
    expect(error.message).toContain("MODELGRAPH_CORS_ORIGINS");
    expect(refused.headers["access-control-allow-origin"]).toBeUndefined();

    const batch = await send(s.url, json([{ query: print(ops.ModelGroupsDocument) }, evilProvider], { origin: EVIL }));
    const answers = JSON.parse(batch.text) as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
    expect(answers[1]!.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect(dumpDatabase(s.db)).toEqual(before);

    // The same write without a browser origin (curl, a script on this machine) still works.
    const local = await send(s.url, json(evilProvider));
    expect(local.status).toBe(200);
  });

  it("lets the admin token, the server's own origin and configured origins write", async () => {
    const guarded = await server({ config: { adminToken: ADMIN } });
    const withToken = await send(guarded.url, json(evilProvider, { origin: EVIL, authorization: `Bearer ${ADMIN}` }));
    expect(withToken.status).toBe(200);

    const open = await server();
    const group = (name: string) => ({ query: print(ops.CreateModelGroupDocument), variables: { input: { name } } });
    // The page Apollo Sandbox is served from is this server (PORT=0: the real port is used).
    expect((await send(open.url, json(group("own"), { origin: open.url }))).status).toBe(200);
    expect((await send(open.url, json(group("own-localhost"), { origin: open.url.replace("127.0.0.1", "localhost") }))).status).toBe(200);
    expect((await send(open.url, json(group("sandbox"), { origin: "https://sandbox.embed.apollographql.com" }))).status).toBe(200);
    // Another port on localhost is another origin.
    expect((await send(open.url, json(group("other-port"), { origin: "http://localhost:1" }))).status).toBe(403);

    const configured = await server({ config: { corsOrigins: ["https://app.example.com"] } });
    expect((await send(configured.url, json(group("app"), { origin: "https://app.example.com" }))).status).toBe(200);
    expect((await send(configured.url, json(group("studio"), { origin: "https://studio.apollographql.com" }))).status).toBe(403);
    const any = await server({ config: { corsOrigins: true } });
    expect((await send(any.url, json(group("any"), { origin: EVIL }))).status).toBe(200);
  });

  it("gives CORS headers to allowed origins only, preflights included", async () => {
    const s = await server();
    const query = json({ query: "{ healthSummary { deployments } }" });
    const studio = await send(s.url, { ...query, headers: { ...query.headers, origin: "https://studio.apollographql.com" } });
    expect(studio.headers["access-control-allow-origin"]).toBe("https://studio.apollographql.com");
    const own = await send(s.url, { ...query, headers: { ...query.headers, origin: s.url } });
    expect(own.headers["access-control-allow-origin"]).toBe(s.url);
    const evil = await send(s.url, { ...query, headers: { ...query.headers, origin: EVIL } });
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();

    const preflight = (origin: string) =>
      send(s.url, { method: "OPTIONS", path: "/graphql", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    const evilPreflight = await preflight(EVIL);
    expect(evilPreflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(evilPreflight.headers["access-control-allow-methods"]).toBeUndefined();
    const sandboxPreflight = await preflight("https://sandbox.embed.apollographql.com");
    expect(sandboxPreflight.status).toBe(204);
    expect(sandboxPreflight.headers["access-control-allow-origin"]).toBe("https://sandbox.embed.apollographql.com");
    expect(sandboxPreflight.headers["access-control-allow-methods"]).toBe("GET,HEAD,POST");
    expect(sandboxPreflight.headers["access-control-allow-headers"]).toBe("content-type");
    expect(sandboxPreflight.headers.vary).toBe("Origin, Access-Control-Request-Headers");
    // Refused preflights reach the route: Apollo's 400 on /graphql, not found elsewhere.
    expect(evilPreflight.status).toBe(400);
    const evilRest = await send(s.url, { method: "OPTIONS", path: "/v1/models", headers: { origin: EVIL, "access-control-request-method": "GET" } });
    expect(evilRest.status).toBe(404);
    expect(evilRest.headers["access-control-allow-origin"]).toBeUndefined();
    // A preflight must say which method it asks for.
    const noMethod = await send(s.url, { method: "OPTIONS", path: "/graphql", headers: { origin: s.url } });
    expect(noMethod.status).toBe(400);
    // Without an Origin (programs, curl) no CORS header, but every answer varies with Origin, so a
    // cache never hands one origin's answer to another.
    const plain = await send(s.url, query);
    expect(plain.status).toBe(200);
    expect(plain.headers["access-control-allow-origin"]).toBeUndefined();
    expect(plain.headers.vary).toBe("Origin");
    expect(evil.headers.vary).toBe("Origin");
    const bare = await send(s.url, { method: "OPTIONS", path: "/v1/models", headers: { "access-control-request-method": "GET" } });
    expect(bare.status).toBe(404);
    expect(bare.headers["access-control-allow-methods"]).toBeUndefined();
  });

  it("refuses a Host that is not this server's (DNS rebinding), except on liveness and readiness", async () => {
    const s = await server();
    const graphql = await send(s.url, { ...json({ query: "{ healthSummary { deployments } }" }), headers: { "content-type": "application/json", host: "evil.example:4000" } });
    expect(graphql.status).toBe(421);
    const message = (JSON.parse(graphql.text) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
    expect(message.message).toContain('"evil.example:4000"');
    expect(message.message).toContain("MODELGRAPH_ALLOWED_HOSTS");
    expect(message.extensions.code).toBe("FORBIDDEN");
    const rest = await send(s.url, { path: "/v1/models", headers: { host: "evil.example" } });
    expect(rest.status).toBe(421);
    expect((JSON.parse(rest.text) as { error: { message: string } }).error.message).toContain("MODELGRAPH_ALLOWED_HOSTS");
    // A rebinding page cannot even write: the Host check runs before anything else.
    const before = dumpDatabase(s.db);
    expect((await send(s.url, { ...json(evilProvider), headers: { "content-type": "application/json", host: "evil.example:4000", origin: "http://evil.example:4000" } })).status).toBe(421);
    expect(dumpDatabase(s.db)).toEqual(before);

    for (const open of ["/health/liveliness", "/health/readiness"]) expect((await send(s.url, { path: open, headers: { host: "pod-10-0-0-7" } })).status, open).toBe(200);
    for (const host of ["localhost:9999", "127.0.0.1", `127.0.0.1:${new URL(s.url).port}`]) {
      expect((await send(s.url, { path: "/v1/models", headers: { host } })).status, host).toBe(200);
    }

    const proxied = await server({ config: { allowedHosts: ["models.example.com"] } });
    expect((await send(proxied.url, { path: "/v1/models", headers: { host: "models.example.com" } })).status).toBe(200);
    expect((await send(proxied.url, { path: "/v1/models", headers: { host: "other.example.com" } })).status).toBe(421);
    // Listening on every interface: any IP literal names this server, names still do not.
    const wildcard = await server({ config: { host: "0.0.0.0", adminToken: ADMIN } });
    expect((await send(wildcard.url, { path: "/v1/models", headers: { host: "192.168.1.20:4000" } })).status).toBe(200);
    expect((await send(wildcard.url, { path: "/v1/models", headers: { host: "evil.example" } })).status).toBe(421);
  });

  it("validates MODELGRAPH_CORS_ORIGINS and MODELGRAPH_ALLOWED_HOSTS", () => {
    expect(loadConfig({}).corsOrigins).toBe("default");
    expect(loadConfig({ MODELGRAPH_CORS_ORIGINS: "*" }).corsOrigins).toBe(true);
    expect(loadConfig({ MODELGRAPH_CORS_ORIGINS: "https://a.example, http://localhost:3000" }).corsOrigins).toEqual(["https://a.example", "http://localhost:3000"]);
    expect(() => loadConfig({ MODELGRAPH_CORS_ORIGINS: "a.example" })).toThrow(ConfigError);
    expect(() => loadConfig({ MODELGRAPH_CORS_ORIGINS: "https://a.example/app" })).toThrow(/MODELGRAPH_CORS_ORIGINS entry "https:\/\/a.example\/app"/);
    expect(loadConfig({ MODELGRAPH_ALLOWED_HOSTS: "Models.Example.com,models.example.com:8443" }).allowedHosts).toEqual(["models.example.com", "models.example.com:8443"]);
    expect(() => loadConfig({ MODELGRAPH_ALLOWED_HOSTS: "https://models.example.com" })).toThrow(/MODELGRAPH_ALLOWED_HOSTS entry/);
  });
});

/** Opens a socket that sends a request's headers, then one body byte per interval. */
function slowBody(port: number, intervalMs: number, localAddress?: string): { socket: Socket; closed: Promise<{ afterMs: number; answer: string }> } {
  const started = Date.now();
  const socket = connect({ port, host: "127.0.0.1", localAddress });
  let answer = "";
  let timer: NodeJS.Timeout | undefined;
  socket.on("connect", () => {
    socket.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{`);
    timer = setInterval(() => socket.writable && socket.write(" "), intervalMs);
  });
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (answer += chunk));
  socket.on("error", () => {});
  const closed = new Promise<{ afterMs: number; answer: string }>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ afterMs: Date.now() - started, answer });
    }),
  );
  return { socket, closed };
}

describe("finding 5: slow bodies", () => {
  it("cuts a slow body at the request deadline and closes the socket", async () => {
    const s = await server({ config: { limits: { ...loadConfig({}).limits, requestTimeoutMs: 1_000 } } });
    const { closed } = slowBody(Number(new URL(s.url).port), 200);
    const result = await closed;
    console.log(`[figures] slow body (1 byte / 200 ms, deadline 1000 ms) closed after ${result.afterMs} ms`);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408/);
    // Generous "did not hang" bound: before the fix this socket stayed open for 60 s and more.
    expect(result.afterMs).toBeLessThan(5_000);
  });

  it("caps connections per client: 60 slow-body sockets from one address do not keep another client waiting", async () => {
    const s = await server({ config: { http: { ...loadConfig({}).http, maxConnectionsPerClient: 20 } } });
    const port = Number(new URL(s.url).port);
    const attack = Array.from({ length: 60 }, () => slowBody(port, 1_000));
    cleanups.push(() => attack.forEach(({ socket }) => socket.destroy()));
    let refused = 0;
    for (const { closed } of attack) void closed.then(() => refused++);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(refused).toBe(40); // over the cap of 20: closed on accept; the 20 others wait for their deadline

    // Another client (127.0.0.2 is loopback too, but another address) is answered meanwhile.
    const started = Date.now();
    const other = await send(s.url, { ...json({ query: "{ healthSummary { deployments } }" }), localAddress: "127.0.0.2" });
    const latency = Date.now() - started;
    console.log(`[figures] second client answered in ${latency} ms while 20 slow bodies were open and 40 more were refused`);
    expect(other.status).toBe(200);
    expect(latency).toBeLessThan(2_000);
    attack.forEach(({ socket }) => socket.destroy());
  });

  it("validates the connection settings", () => {
    const config = loadConfig({ MODELGRAPH_MAX_CONNECTIONS: "100", MODELGRAPH_MAX_CONNECTIONS_PER_CLIENT: "10", MODELGRAPH_LISTEN_BACKLOG: "64" });
    expect(config.http).toMatchObject({ maxConnections: 100, maxConnectionsPerClient: 10, backlog: 64 });
    expect(() => loadConfig({ MODELGRAPH_MAX_CONNECTIONS_PER_CLIENT: "0" })).toThrow(/MODELGRAPH_MAX_CONNECTIONS_PER_CLIENT="0"/);
  });
});

/** One whole HTTP response (headers and a content-length body) read from a raw socket. */
function readResponse(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    socket.setEncoding("utf8");
    socket.on("error", reject);
    socket.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(text.slice(0, end));
      if (end !== -1 && length && Buffer.byteLength(text.slice(end + 4)) >= Number(length[1])) resolve(text);
    });
  });
}

describe("finding 9: refusing before parsing", () => {
  it("answers an anonymous request 401 from its headers alone when a read token is set", async () => {
    const s = await server({ config: { adminToken: ADMIN, readToken: READ } });
    // Headers announcing 14 MB, and no body at all: the answer may not wait for it.
    const socket = connect({ port: Number(new URL(s.url).port), host: "127.0.0.1" });
    cleanups.push(() => void socket.destroy());
    const started = Date.now();
    socket.on("connect", () => socket.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${14 * 1024 * 1024}\r\n\r\n`));
    const answer = await readResponse(socket);
    console.log(`[figures] anonymous 14 MB request refused after ${Date.now() - started} ms, before its body was sent`);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    // The same bytes Apollo sends when it refuses the read later.
    expect(answer.slice(answer.indexOf("\r\n\r\n") + 4)).toBe(
      '{"errors":[{"message":"this server requires a token to read: send Authorization: Bearer <MODELGRAPH_READ_TOKEN> (or the admin token)","extensions":{"code":"UNAUTHENTICATED"}}]}\n',
    );
    socket.destroy();
  });

  it("keeps a reader answered while four anonymous 14 MB bodies arrive", async () => {
    const s = await server({ config: { adminToken: ADMIN, readToken: READ } });
    const big = JSON.stringify({ query: `{ ${"healthSummary { deployments } ".repeat(470_000)}}` });
    const started = Date.now();
    // Refused with a 401, or (still uploading when the server closed the connection) a socket error.
    const attacks = Array.from({ length: 4 }, () =>
      fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: big }).then(
        (r) => r.status,
        () => "closed",
      ),
    );
    const readStarted = Date.now();
    const reader = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${READ}` }, body: JSON.stringify({ query: "{ healthSummary { deployments } }" }) });
    const readerMs = Date.now() - readStarted;
    expect(reader.status).toBe(200);
    for (const outcome of await Promise.all(attacks)) expect([401, "closed"]).toContain(outcome);
    console.log(`[figures] four anonymous ${(big.length / 1e6).toFixed(1)} MB bodies refused in ${Date.now() - started} ms in total; reader answered in ${readerMs} ms meanwhile`);
    expect(readerMs).toBeLessThan(2_000);
  });

  it("gives requests that may not write a small body limit, writers the large one", async () => {
    const s = await server({ config: { adminToken: ADMIN, readToken: READ, http: { ...loadConfig({}).http, readBodyLimitBytes: 64 * 1024 } } });
    const body = JSON.stringify({ query: `{ healthSummary { deployments } }`, variables: { padding: "x".repeat(100 * 1024) } });
    const asReader = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${READ}` }, body });
    expect(asReader.status).toBe(413);
    const message = ((await asReader.json()) as { errors: { message: string }[] }).errors[0]!.message;
    expect(message).toContain("65536 bytes");
    expect(message).toContain("MODELGRAPH_READ_BODY_LIMIT");
    // Without a content-length (chunked), the limit holds too.
    const chunked = await fetch(`${s.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${READ}` },
      body: new Blob([body]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const asAdmin = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` }, body });
    expect(asAdmin.status).toBe(200);
  });

  it("hides schema suggestions when introspection is off", async () => {
    const closed = await server({ config: { introspection: false } });
    const typo = JSON.stringify({ query: "{ modelGroupz(name: \"x\") { id } }" });
    const hidden = await fetch(`${closed.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: typo });
    const hiddenText = await hidden.text();
    expect(hiddenText).not.toMatch(/Did you mean/);
    const open = await server({ config: { introspection: true } });
    const shown = await fetch(`${open.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: typo });
    expect(await shown.text()).toMatch(/Did you mean/);
  });

  it("refuses a document with more tokens than the limit, saying which setting applies", async () => {
    const s = await server({ config: { http: { ...loadConfig({}).http, maxTokens: 1_000 } } });
    const query = `{ ${"a: healthSummary { deployments } ".repeat(300)}}`;
    const answer = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    expect(answer.status).toBe(400);
    const error = ((await answer.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
    expect(error.message).toContain("more than 1000 tokens");
    expect(error.message).toContain("MODELGRAPH_MAX_TOKENS");
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    expect((await s.gql(ops.ModelGroupsDocument, {})).status).toBe(200);
  });
});

/** A server over a file database, with the extra dependencies startTestServer does not pass. */
async function fileServer(db: DbHandle, extra: { logStream?: NodeJS.WritableStream; config?: Partial<Config> } = {}) {
  const catalog = createCatalog(new SqliteStore(db), { env: () => undefined, healthStaleAfterMs: 30 * 60_000, health: TEST_HEALTH, secrets: new SecretBox({ kind: "ephemeral" }) });
  const config = { ...loadConfig({}), logLevel: "silent", ...extra.config };
  const app = await buildApp({ config, catalog, database: { sqlite: db.sqlite, path: db.path }, logStream: extra.logStream });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  cleanups.push(async () => {
    await app.close();
    db.close();
  });
  return { url, app };
}

describe("finding 17: readiness reads a real table and proves writes would work", () => {
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-ready-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  it("is ready on a writable file database", async () => {
    const { url } = await fileServer(openDatabase(join(dir, "ok.db")));
    const answer = await fetch(`${url}/health/readiness`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      status: "healthy",
      db: "connected",
      database: "sqlite",
      feed: { mode: "poll", connected: null, applied_version: expect.any(Number), last_notified_version: null },
    });
  });

  it("answers 503 with the reason on a read-only database", async () => {
    const path = join(dir, "ro.db");
    openDatabase(path).close();
    // Opened read-only, as SQLite does when it cannot open the file for writing.
    const sqlite = new Database(path, { readonly: true });
    const { url } = await fileServer({ db: drizzle(sqlite, { schema }), sqlite, path, close: () => sqlite.close() } as unknown as DbHandle);
    const answer = await fetch(`${url}/health/readiness`);
    expect(answer.status).toBe(503);
    const body = (await answer.json()) as { status: string; detail: string };
    expect(body.status).toBe("unhealthy");
    expect(body.detail).toMatch(/readonly/);
  });

  it("answers 503 with the reason on a malformed database that `select 1` passes", async () => {
    const path = join(dir, "malformed.db");
    const setup = openDatabase(path);
    // The providers table and its indexes: the file still opens and `select 1` still answers.
    const roots = setup.sqlite.prepare("select rootpage from sqlite_master where tbl_name = 'providers' and rootpage > 0").pluck().all() as number[];
    const pageSize = setup.sqlite.pragma("page_size", { simple: true }) as number;
    setup.close();
    const fd = openSync(path, "r+");
    for (const root of roots) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    const { url } = await fileServer(openDatabase(path, { migrate: false }));
    const answer = await fetch(`${url}/health/readiness`);
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(/malformed|not a database/);
  });
});

describe("the real server (startServer)", () => {
  it("passes its database to readiness and keeps the browser rules", async () => {
    const dir = mkdtempSync(join(tmpdir(), "modelgraph-serve-"));
    const running = await startServer(
      loadConfig({ PORT: "0", MODELGRAPH_DB: join(dir, "catalog.db"), MODELGRAPH_HEALTH_INTERVAL: "0", MODELGRAPH_LOG_LEVEL: "silent", MODELGRAPH_LISTEN_BACKLOG: "64" }),
    );
    cleanups.push(async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const ready = await fetch(`${running.url}/health/readiness`);
    expect(ready.status).toBe(200);
    // The write check ran on the real handle and wrote nothing.
    expect((running.store as SqliteStore).handle.sqlite.prepare("select count(*) from providers").pluck().get()).toBe(0);
    expect((await send(running.url, { path: "/v1/models", headers: { host: "evil.example" } })).status).toBe(421);
    expect((await send(running.url, json(evilProvider, { origin: EVIL }))).status).toBe(403);
  });
});

describe("finding 20: deeply nested variables", () => {
  const deep = (levels: number) =>
    `{"query":"query($v: String) { modelGroups(search: $v) { totalCount } }","variables":{"v":${"[".repeat(levels)}${"]".repeat(levels)}}}`;

  it("refuses variables nested past the limit with a 400", async () => {
    const s = await server();
    for (const levels of [200_000, 65]) {
      const answer = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: deep(levels) });
      expect(answer.status, `${levels} levels`).toBe(400);
      const error = ((await answer.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
      expect(error.message).toContain("nested more than 64 levels");
      expect(error.extensions.code).toBe("BAD_USER_INPUT");
    }
    expect((await s.gql(ops.ModelGroupsDocument, {})).status).toBe(200);
  });

  it("measures depth without recursion", () => {
    let value: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) value = [value];
    expect(nestingDepth(value, 64)).toBe(65);
    expect(nestingDepth({ a: [1, { b: 2 }], c: "x" }, 64)).toBe(3);
    expect(nestingDepth("x", 64)).toBe(0);
  });
});

describe("finding 22: logs carry paths, never query strings", () => {
  it("keeps a query-string secret out of debug logs (requests, 404s, errors)", async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => lines.push(chunk.toString("utf8")));
    const { url } = await fileServer(openDatabase(":memory:"), { logStream: stream, config: { logLevel: "debug" } });
    const secret = "sk-querystring-secret-5150";
    await fetch(`${url}/v1/models?api_key=${secret}`);
    await fetch(`${url}/no/such/route?token=${secret}`);
    await fetch(`${url}/graphql?key=${secret}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    await fetch(`${url}/v1/models?healthy_only=${secret}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const log = lines.join("");
    expect(log).toContain('"url":"/v1/models"');
    expect(log).toContain("/no/such/route");
    expect(log).not.toContain(secret);
  });
});

describe("first contact", () => {
  it("GET / points at the API, the REST views and the docs", async () => {
    const s = await server();
    const answer = await fetch(`${s.url}/`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { graphql: { endpoint: string; send: string }; rest: string[]; docs: string };
    expect(body.graphql.endpoint).toBe("/graphql");
    expect(body.graphql.send).toContain("POST /graphql");
    expect(body.rest).toContain("/v1/models");
    expect(body.docs).toContain("README");
  });

  it("a bare GET /graphql says how to send a query; browsers still get Apollo Sandbox", async () => {
    const s = await server();
    const bare = await fetch(`${s.url}/graphql`, { headers: { accept: "*/*" } });
    expect(bare.status).toBe(400);
    const message = ((await bare.json()) as { errors: { message: string }[] }).errors[0]!.message;
    expect(message).toContain("POST /graphql with content-type: application/json");
    expect(message).toContain("apollo-require-preflight");
    const browser = await fetch(`${s.url}/graphql`, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(browser.status).toBe(200);
    expect(await browser.text()).toContain("embeddable-sandbox");
    const get = await fetch(`${s.url}/graphql?query=${encodeURIComponent("{ healthSummary { deployments } }")}`, { headers: { "apollo-require-preflight": "true" } });
    expect(get.status).toBe(200);
    // CSRF prevention still refuses a GET query without the header.
    expect((await fetch(`${s.url}/graphql?query=${encodeURIComponent("{ healthSummary { deployments } }")}`)).status).toBe(400);
  });

  it("inference routes answer in OpenAI's error shape that modelgraph is a catalog, naming where the model resolves", async () => {
    const s = await server();
    await s.ok(ops.CreateProviderDocument, { input: { name: "nim", type: "hosted_vllm", apiBase: "https://integrate.api.nvidia.com/v1" } });
    await s.ok(ops.AddAliasDocument, { input: { name: "nvgm", provider: "nim", model: "z-ai/glm4.7" } });
    const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const error = await client.chat.completions.create({ model: "nvgm", messages: [{ role: "user", content: "hi" }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const message = (error as Error).message;
    expect(message).toContain("catalog, not a proxy");
    expect(message).toContain("hosted_vllm/z-ai/glm4.7");
    expect(message).toContain('"nim"');
    expect(message).toContain("https://integrate.api.nvidia.com/v1");

    const unknown = await client.embeddings.create({ model: "nope", input: "x" }).catch((e: unknown) => e);
    expect((unknown as Error).message).toContain('"nope" is not in this catalog');
    for (const path of ["/v1/completions", "/v1/responses", "/chat/completions", "/embeddings", "/completions", "/responses"]) {
      const answer = await fetch(`${s.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "nvgm" }) });
      expect(answer.status, path).toBe(404);
      const body = (await answer.json()) as { error: { message: string; type: string; param: string | null; code: string } };
      expect(body.error).toMatchObject({ type: "invalid_request_error", param: "model", code: "not_a_proxy" });
      expect(body.error.message).toContain("hosted_vllm/z-ai/glm4.7");
    }
  });

  it("inference routes still need the read token when one is set", async () => {
    const s = await server({ config: { readToken: READ } });
    const anonymous = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: "wrong", maxRetries: 0 });
    await expect(anonymous.chat.completions.create({ model: "x", messages: [] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const reader = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: READ, maxRetries: 0 });
    await expect(reader.chat.completions.create({ model: "x", messages: [] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
