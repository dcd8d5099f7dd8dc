import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { loadConfig } from "../src/config.ts";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ config: { limits: { ...loadConfig({}).limits, maxDepth: 8, maxCost: 5_000, maxBatch: 3, bodyLimitBytes: 64 * 1024 }, introspection: false } });
  await s.ok(ops.CreateModelGroupDocument, { input: { name: "g" } });
});
afterAll(() => s.close());

async function post(body: unknown) {
  const response = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown } | unknown[] };
}

describe("request limits", () => {
  it("refuses a query nested deeper than the limit, naming the depth and the limit", async () => {
    const deep = "{ modelGroups { edges { node { aliases { target { aliases { target { aliases { target { name } } } } } } } } } }";
    const r = await post({ query: deep });
    expect(r.status).toBe(400);
    const error = (r.body as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    expect(error.message).toMatch(/query depth 10 is over the limit of 8/);
  });

  it("refuses a query whose cost (items × fields) is over the limit, and accepts a smaller one", async () => {
    // Connections cost their page size whatever the catalog holds; plain lists cost the catalog's longest (see hostile-queries).
    const expensive = "{ providers(first: 500) { edges { node { name deployments(first: 500) { edges { node { model } } } } } } }";
    const r = await post({ query: expensive });
    expect(r.status).toBe(400);
    expect((r.body as { errors: { message: string }[] }).errors[0]!.message).toMatch(/query cost \d+ is over the limit of 5000.*lower first:/);
    const cheap = await post({ query: "{ providers(first: 5) { edges { node { name deployments(first: 5) { edges { node { model } } } } } } }" });
    expect(cheap.status).toBe(200);
    // Variables count too.
    const viaVariable = await post({ query: "query($n: Int) { providers(first: $n) { edges { node { name deployments(first: 500) { edges { node { model } } } } } } }", variables: { n: 500 } });
    expect(viaVariable.status).toBe(400);
  });

  it("refuses page sizes over 500", async () => {
    const r = await s.gql(ops.ModelGroupsDocument, { first: 501 });
    expect(r.errors?.[0]?.message).toContain("first 501 is out of range; accepted: 0 to 500");
  });

  it("runs batches up to the limit and refuses larger ones", async () => {
    const op = { query: "{ modelGroups { totalCount } }" };
    const ok = await post([op, op, op]);
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(3);
    const refused = await post([op, op, op, op]);
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: { message: string }[] }).errors[0]!.message).toContain("a batch of 4 operations is over the limit of 3");
  });

  it("refuses a body over the size limit with a GraphQL error, not a crash", async () => {
    const r = await post({ query: `{ modelGroups(search: "${"x".repeat(70 * 1024)}") { totalCount } }` });
    expect(r.status).toBe(413);
    expect((r.body as { errors: { message: string }[] }).errors[0]!.message).toContain("request body is larger than 65536 bytes");
    // Still serving.
    expect((await post({ query: "{ modelGroups { totalCount } }" })).status).toBe(200);
  });

  it("answers malformed JSON with a clear 400", async () => {
    const r = await post("{ not json");
    expect(r.status).toBe(400);
  });

  it("can switch introspection off", async () => {
    const r = await post({ query: "{ __schema { queryType { name } } }" });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/introspection/i);
  });
});

describe("complexity()", () => {
  it("counts edges first times, plain lists 10 times, everything else once", async () => {
    const { parse } = await import("graphql");
    const { buildGraphQLSchema } = await import("../src/api/graphql/schema.ts");
    const { complexity } = await import("../src/api/graphql/limits.ts");
    const doc = parse("query($n: Int) { aliases(first: $n) { totalCount pageInfo { hasNextPage } edges { node { name deployments { model } } } } }");
    const op = doc.definitions[0] as import("graphql").OperationDefinitionNode;
    // aliases 1 + totalCount 1 + pageInfo 1 + hasNextPage 1 + edges 1 + 3 × (node + name + deployments) + 3 × 10 × model
    expect(complexity(buildGraphQLSchema(), doc, op, { n: 3 })).toEqual({ depth: 5, cost: 5 + 9 + 30 });
    expect(complexity(buildGraphQLSchema(), doc, op, {}).cost).toBe(5 + 150 + 500);
    expect(complexity(buildGraphQLSchema(), doc, op, { n: 10_000 }).cost).toBe(5 + 1500 + 5000);
  });
});
