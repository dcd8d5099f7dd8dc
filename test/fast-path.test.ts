import { print } from "graphql";
import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import {
  AliasDocument,
  AliasesDocument,
  AliasFactsDocument,
  CatalogContentsDocument,
  DeploymentsDocument,
  GroupAndAliasHealthDocument,
  ModelGroupDocument,
  ModelGroupsDocument,
  NodeDocument,
  ProviderDocument,
  ProvidersDocument,
  ResolveDocument,
} from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * The fast path for hot queries (src/api/graphql/fast-path.ts) against Apollo itself: two servers
 * on one database file, one with the fast path and one without, get the same requests, each sent
 * three times (a document turns hot after its second run). Every answer must be the same status,
 * content type, cache-control and bytes. The requests include what the fast path must leave to
 * Apollo (wrong variables, costs over the limit, run-time stops, unknown operation names, other
 * Accept headers, extensions, batches) and /metrics shows that it did answer the rest.
 */

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A POST with exactly these headers (fetch would add an Accept of its own). */
function post(url: string, body: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const target = new URL("/graphql", url);
    const req = httpRequest(target, { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function executions(server: TestServer, headers: Record<string, string> = {}): Promise<Partial<Record<string, number>>> {
  const text = await (await fetch(`${server.url}/metrics`, { headers })).text();
  return Object.fromEntries([...text.matchAll(/^modelgraph_graphql_executions_total\{path="(\w+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

const folders: string[] = [];
const servers: TestServer[] = [];
let fast: TestServer;
let apollo: TestServer;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-fast-path-"));
  folders.push(dir);
  const dbPath = join(dir, "catalog.db");
  // A small field budget, so that a large page stops at run time (the fast path must leave that to Apollo).
  const limits = { ...loadConfig({}).limits, maxFields: 400 };
  fast = await startTestServer({ dbPath, config: { limits } });
  servers.push(fast);
  const c = fast.catalog;
  await c.providers.create({ name: "local", type: "openai", apiBase: "http://127.0.0.1:9/v1" });
  await c.providers.create({ name: "vllm", type: "hosted_vllm", apiBase: "http://127.0.0.1:9/v1" });
  for (let g = 0; g < 30; g++) {
    await c.groups.create({ name: `group-${g}` });
    await c.deployments.add({ group: `group-${g}`, provider: g % 2 ? "local" : "vllm", model: `model-${g}`, priority: 1 });
    await c.deployments.add({ group: `group-${g}`, provider: "local", model: `backup-${g}`, priority: 2 });
    await c.aliases.add({ name: `alias-${g}`, target: `group-${g}`, hidden: g % 7 === 0 });
  }
  apollo = await startTestServer({ dbPath, config: { limits }, fastQueries: false });
  servers.push(apollo);
});

afterAll(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

const JSON_TYPE = { "content-type": "application/json" };
const body = (query: string, variables?: unknown, operationName?: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ query, variables, operationName, ...extra });

const ALIAS = "query A($n: String!) { alias(name: $n) { name provider { name } prefixedId health deployments { prefixedId } } }";
const TWO = "query One { providers(first: 1) { edges { node { name } } } } query Two { aliases(first: 2) { edges { node { name } } } }";

/** [what, body, headers]: each is sent three times to both servers. */
const cases: [string, string, Record<string, string>][] = [
  ["alias, varied names", body(ALIAS, { n: "alias-3" }), JSON_TYPE],
  ["alias, another name", body(ALIAS, { n: "alias-4" }), JSON_TYPE],
  ["alias, hidden", body(ALIAS, { n: "alias-7" }), JSON_TYPE],
  ["alias, unknown name", body(ALIAS, { n: "nope" }), JSON_TYPE],
  ["alias, a number for the name", body(ALIAS, { n: 3 }), JSON_TYPE],
  ["alias, no variables", body(ALIAS), JSON_TYPE],
  ["alias, variables null", body(ALIAS, null), JSON_TYPE],
  ["alias, extra variable", body(ALIAS, { n: "alias-5", extra: true }), JSON_TYPE],
  ["alias, Accept */*", body(ALIAS, { n: "alias-3" }), { ...JSON_TYPE, accept: "*/*" }],
  ["alias, Accept application/json", body(ALIAS, { n: "alias-3" }), { ...JSON_TYPE, accept: "application/json" }],
  ["alias, Accept graphql-response+json", body(ALIAS, { n: "alias-3" }), { ...JSON_TYPE, accept: "application/graphql-response+json" }],
  ["alias, Accept text/plain", body(ALIAS, { n: "alias-3" }), { ...JSON_TYPE, accept: "text/plain" }],
  ["alias, charset in content type", body(ALIAS, { n: "alias-3" }), { "content-type": "application/json; charset=utf-8" }],
  ["alias, with extensions", body(ALIAS, { n: "alias-3" }, undefined, { extensions: {} }), JSON_TYPE],
  ["alias, operation name given", body(ALIAS, { n: "alias-3" }, "A"), JSON_TYPE],
  ["alias, wrong operation name", body(ALIAS, { n: "alias-3" }, "B"), JSON_TYPE],
  ["two operations, One", body(TWO, {}, "One"), JSON_TYPE],
  ["two operations, Two", body(TWO, {}, "Two"), JSON_TYPE],
  ["two operations, none named", body(TWO, {}), JSON_TYPE],
  ["a batch", JSON.stringify([{ query: ALIAS, variables: { n: "alias-3" } }, { query: ALIAS, variables: { n: "alias-4" } }]), JSON_TYPE],
  ["a page that stops at run time", body(print(AliasesDocument), { first: 30 }), JSON_TYPE],
  ["a page within the budget", body(print(AliasesDocument), { first: 3 }), JSON_TYPE],
  ["a page over the cost limit", body("query { aliases(first: 1000000) { edges { node { deployments { provider { deployments { prefixedId } } } } } } }"), JSON_TYPE],
  ["a syntax error", body("query { alias(name: "), JSON_TYPE],
  ["an unknown field", body("query { nothing }"), JSON_TYPE],
  ["a mutation", body('mutation { addAlias(input: { name: "fast-new", target: "group-1" }) { alias { name } } }'), JSON_TYPE],
  ["resolve", body(print(ResolveDocument), { name: "alias-2" }), JSON_TYPE],
  ["resolve, unknown", body(print(ResolveDocument), { name: "local/unknown-model" }), JSON_TYPE],
  ["model group", body(print(ModelGroupDocument), { name: "group-5" }), JSON_TYPE],
  ["model groups, search", body(print(ModelGroupsDocument), { first: 5, search: "GROUP-1" }), JSON_TYPE],
  ["deployments", body(print(DeploymentsDocument), { first: 5 }), JSON_TYPE],
  ["providers", body(print(ProvidersDocument), { first: 5 }), JSON_TYPE],
  ["provider", body(print(ProviderDocument), { name: "local", first: 3 }), JSON_TYPE],
  ["group and alias health", body(print(GroupAndAliasHealthDocument), { group: "group-3", alias: "alias-3" }), JSON_TYPE],
  ["alias facts", body(print(AliasFactsDocument), { name: "alias-3" }), JSON_TYPE],
  ["catalog contents", body(print(CatalogContentsDocument)), JSON_TYPE],
  ["node, malformed id", body(print(NodeDocument), { id: "not-an-id" }), JSON_TYPE],
  ["alias, named document", body(print(AliasDocument), { name: "alias-9" }), JSON_TYPE],
];

describe("hot queries on the fast path", () => {
  it("answer every request as Apollo does: status, content type, cache-control and bytes", async () => {
    for (const [what, text, headers] of cases) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const a = await post(fast.url, text, headers);
        const b = await post(apollo.url, text, headers);
        const label = `${what}, attempt ${attempt}`;
        expect(a.status, label).toBe(b.status);
        expect(a.headers["content-type"], label).toBe(b.headers["content-type"]);
        expect(a.headers["cache-control"], label).toBe(b.headers["cache-control"]);
        // A mutation's answer differs by its version and its refusal on the second server (same name).
        if (what !== "a mutation") expect(a.text, label).toBe(b.text);
      }
    }
    const used = await executions(fast);
    const without = await executions(apollo);
    // Hot documents answered on the fast path from their third send on; none on the server without it.
    expect(used.fast).toBeGreaterThan(40);
    expect(without.fast).toBe(0);
    expect(without.compiled).toBeGreaterThan(used.compiled ?? Infinity);
  });

  it("sees a write before the next read, like Apollo's path", async () => {
    const read = () => post(fast.url, body(ALIAS, { n: "alias-11" }), JSON_TYPE);
    for (let i = 0; i < 3; i++) expect(JSON.parse((await read()).text).data.alias.deployments[0].prefixedId).toBe("openai/model-11");
    await fast.catalog.aliases.update("alias-11", { target: "group-12" });
    const after = JSON.parse((await read()).text);
    expect(after.data.alias.deployments[0].prefixedId).toBe("hosted_vllm/model-12");
    // And the other server, another connection on the same file, too.
    expect((await post(apollo.url, body(ALIAS, { n: "alias-11" }), JSON_TYPE)).text).toBe((await read()).text);
  });

  it("keeps the read token: a request without it is refused, however hot the document", async () => {
    const guarded = await startTestServer({ config: { readToken: "fast-read-token" } });
    servers.push(guarded);
    await guarded.catalog.providers.create({ name: "p", type: "openai" });
    const auth = { ...JSON_TYPE, authorization: "Bearer fast-read-token" };
    const q = body("query { providers(first: 1) { edges { node { name } } } }");
    for (let i = 0; i < 3; i++) expect((await post(guarded.url, q, auth)).status).toBe(200);
    const refused = await post(guarded.url, q, JSON_TYPE);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('"data"');
    expect((await executions(guarded, { authorization: "Bearer fast-read-token" })).fast).toBeGreaterThan(0);
  });
});
