/**
 * Compiled operations (src/api/graphql/compiled.ts): graphql-jit answers exactly what graphql-js
 * answers, errors included; documents compile on their second run, in a bounded cache; the
 * run-time caps still count every field, plain properties too (src/api/graphql/execution-guard.ts).
 */
import { execute, getOperationAST, parse, type ExecutionResult } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledExecutor, directResolvers } from "../src/api/graphql/compiled.ts";
import { createContext } from "../src/api/graphql/context.ts";
import { guardFields } from "../src/api/graphql/execution-guard.ts";
import { buildGraphQLSchema } from "../src/api/graphql/schema.ts";
import { loadConfig } from "../src/config.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const silent = { info() {}, warn() {}, error() {} };
// The schema as the server runs it: direct resolvers, guarded fields.
const schema = guardFields(directResolvers(buildGraphQLSchema()));

let server: TestServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  await server.ok(ops.CreateProviderDocument, { input: { name: "vllm", type: "hosted_vllm", apiBase: "https://integrate.api.nvidia.com/v1" } });
  await server.ok(ops.CreateProviderDocument, { input: { name: "openrouter", type: "openrouter" } });
  await server.ok(ops.CreateModelGroupDocument, { input: { name: "glm", description: "GLM 4.7" } });
  await server.ok(ops.AddDeploymentDocument, { input: { group: "glm", provider: "vllm", model: "z-ai/glm4.7", priority: 0 } });
  await server.ok(ops.AddDeploymentDocument, { input: { group: "glm", provider: "openrouter", model: "z-ai/glm-4.7", priority: 1 } });
  await server.ok(ops.AddDeploymentDocument, { input: { group: "glm", provider: "openrouter", model: "z-ai/glm-4.6", enabled: false } });
  await server.ok(ops.CreateModelGroupDocument, { input: { name: "empty" } });
  await server.ok(ops.AddAliasDocument, { input: { name: "smart", target: "glm", description: "the default" } });
  await server.ok(ops.AddAliasDocument, { input: { name: "secret", target: "glm", hidden: true } });
  await server.ok(ops.AddAliasDocument, { input: { name: "nothing", target: "empty" } });
  ids.alias = (await server.ok(ops.AliasDocument, { name: "smart" })).alias!.id;
  const group = (await server.ok(ops.ModelGroupDocument, { name: "glm" })).modelGroup!;
  ids.group = group.id;
  ids.deployment = group.deployments[0]!.id;
  ids.provider = (await server.ok(ops.ProviderDocument, { name: "vllm" })).provider!.id;
});
afterAll(() => server.close());

/** The same request through graphql-js and compiled, each with a fresh context, as JSON. */
async function both(query: string, variables: Record<string, unknown> = {}, operationName: string | null = null) {
  const document = parse(query);
  const operation = getOperationAST(document, operationName ?? undefined)!;
  const context = () => createContext(server.catalog, "test", silent);
  const reference = (await execute({ schema, document, contextValue: context(), variableValues: variables, operationName })) as ExecutionResult;
  const executor = compiledExecutor(schema, { compileAfter: 1 });
  const compiled = await executor.execute({
    document,
    operation,
    operationName,
    source: query,
    context: context(),
    request: { query, variables, operationName: operationName ?? undefined },
  } as unknown as Parameters<typeof executor.execute>[0]);
  return { reference: JSON.parse(JSON.stringify(reference)), compiled: JSON.parse(JSON.stringify(compiled)), stats: executor.stats };
}

const READS: [string, string, Record<string, unknown>?][] = [
  ["an alias with what it routes to", `query($n: String!) { alias(name: $n) { id name hidden description createdAt updatedAt provider { name type { id prefix } } prefixedId health target { name deployments { id model prefixedId apiBase apiBaseOverride priority weight enabled health { status checkedAt latencyMs error consecutiveFailures } provider { name apiKeyConfigured } } } deployments { model } providers { name } facts { contextWindow inputPrice capabilities sources { field kind } } } }`, { n: "smart" }],
  ["an unknown alias (null)", `query($n: String!) { alias(name: $n) { name } }`, { n: "nope" }],
  ["an alias whose group has no deployments", `{ alias(name: "nothing") { provider { name } prefixedId health deployments { id } } }`],
  ["pages of aliases, hidden ones and a cursor", `query($after: String) { visible: aliases(first: 1, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } all: aliases(first: 10, includeHidden: true) { totalCount edges { node { name hidden } } } }`, { after: null }],
  ["groups searched and filtered, with aliases and fallbacks", `{ modelGroups(first: 5, search: "GL") { totalCount edges { node { id name description mode pattern health fallbacks { kind to } aliases(includeHidden: true) { name } deployments { model enabled } } } } f: modelGroups(filter: { providerType: "openrouter" }) { edges { node { name } } } }`],
  ["providers with their deployments and types", `{ providers(first: 5) { totalCount edges { node { id name displayName apiBase apiKeyEnv apiKeyConfigured type { id prefix displayName apiStyle defaultApiBase apiKeyEnv } deployments(first: 2) { totalCount edges { node { model group { name } } } } } } } providerTypes { id prefix } }`],
  ["every node type by id, with fragments and __typename", `query($a: ID!, $g: ID!, $d: ID!, $p: ID!) { a: node(id: $a) { __typename id ...on Alias { name } } g: node(id: $g) { __typename ... on ModelGroup { name } } d: node(id: $d) { __typename ...D } p: node(id: $p) { __typename ... on Provider { name } } } fragment D on Deployment { model prefixedId }`, {}],
  ["resolve: alias, group, provider/model, unknown (an error with suggestions)", `{ a: resolve(name: "smart") { name kind prefixedId apiBase health trace candidates { prefixedId health } fallbacks { kind to } } b: resolve(name: "glm") { kind } c: resolve(name: "vllm/some-model") { kind prefixedId } d: resolve(name: "smrt") { kind } }`],
  ["a NOT_FOUND from a non-null root field (data: null)", `{ deployments(provider: "nope") { totalCount } providers { totalCount } }`],
  ["a BAD_USER_INPUT from a nullable field, beside data", `{ node(id: "not-an-id") { id } providers { totalCount } }`],
  ["@skip and @include from variables, and field aliases", `query($yes: Boolean!, $no: Boolean!) { alias(name: "smart") { name @include(if: $yes) hidden @skip(if: $yes) x: prefixedId y: prefixedId ... @include(if: $no) { description } } }`, { yes: true, no: false }],
  ["a named operation among several", `query One { alias(name: "smart") { name } } query Two { alias(name: "secret") { name hidden } }`],
  ["introspection of one type", `{ __type(name: "Alias") { name kind fields { name } } }`],
];

describe("compiled operations answer as graphql-js does", () => {
  for (const [name, query, variables] of READS) {
    it(name, async () => {
      const vars = variables && Object.keys(variables).length === 0 ? { a: ids.alias, g: ids.group, d: ids.deployment, p: ids.provider } : (variables ?? {});
      const { reference, compiled, stats } = await both(query, vars, name === "a named operation among several" ? "Two" : null);
      expect(stats.compiled).toBe(1);
      expect(compiled).toEqual(reference);
      expect(reference.data ?? reference.errors).toBeTruthy();
    });
  }

  it("errors keep their code, message, path and locations", async () => {
    const { reference, compiled } = await both(`{ deployments(provider: "nope") { totalCount } }`);
    expect(compiled.errors).toHaveLength(1);
    expect(compiled.errors[0]).toMatchObject({ path: ["deployments"], locations: [{ line: 1, column: 3 }], extensions: { code: "NOT_FOUND" } });
    expect(compiled.errors[0].message).toContain('"nope"');
    expect(compiled).toEqual(reference);
  });
});

describe("when a document is compiled", () => {
  const run = (executor: ReturnType<typeof compiledExecutor>, query: string, operationName: string | null = null) => {
    const document = parse(query);
    return executor.execute({
      document,
      operation: getOperationAST(document, operationName ?? undefined) ?? getOperationAST(document)!,
      operationName,
      source: query,
      context: createContext(server.catalog, "test", silent),
      request: { query, variables: {}, operationName: operationName ?? undefined },
    } as unknown as Parameters<typeof executor.execute>[0]);
  };

  it("on its second run: the first runs through graphql-js", async () => {
    const executor = compiledExecutor(schema);
    const first = await run(executor, `{ alias(name: "smart") { name } }`);
    expect(executor.stats).toMatchObject({ compiled: 0, graphqlJs: 1 });
    const second = await run(executor, `{ alias(name: "smart") { name } }`);
    expect(executor.stats).toMatchObject({ compiled: 1, graphqlJs: 1 });
    expect(second).toEqual(first);
    // Another operation name in the same text is another document.
    await run(executor, `query A { alias(name: "smart") { name } } query B { alias(name: "secret") { name } }`, "A");
    await run(executor, `query A { alias(name: "smart") { name } } query B { alias(name: "secret") { name } }`, "B");
    expect(executor.stats).toMatchObject({ compiled: 1, graphqlJs: 3 });
  });

  it("never for mutations", async () => {
    const executor = compiledExecutor(schema, { compileAfter: 1 });
    for (const name of ["m-1", "m-2"]) {
      const result = await run(executor, `mutation { addAlias(input: { name: "${name}", target: "glm" }) { alias { name } } }`);
      expect(result.errors).toBeUndefined();
    }
    expect(executor.stats).toMatchObject({ compiled: 0, graphqlJs: 2 });
  });

  it("a document graphql-jit refuses runs through graphql-js, in graphql-js's words, and is not compiled again", async () => {
    const refusals: string[] = [];
    const executor = compiledExecutor(schema, { compileAfter: 1, onRefused: (op) => refusals.push(String(op)) });
    const query = `query A { alias(name: "smart") { name } }`;
    // An operation name the document does not hold (Apollo refuses it before execution; here it reaches the executor).
    const answers = [await run(executor, query, "Missing"), await run(executor, query, "Missing")];
    expect(refusals).toEqual(["Missing"]);
    expect(executor.stats).toMatchObject({ compiled: 0, refused: 1, graphqlJs: 2 });
    expect(answers[0]!.errors?.[0]?.message).toBe('Unknown operation named "Missing".');
  });

  it("keeps a bounded number of documents", async () => {
    const executor = compiledExecutor(schema, { maxEntries: 4 });
    for (let i = 0; i < 20; i++) for (let k = 0; k < 2; k++) await run(executor, `{ alias(name: "smart") { n${i}: name } }`);
    expect(executor.stats.compiled).toBe(20);
    expect(executor.stats.entries).toBeLessThanOrEqual(4);
  });
});

describe("over HTTP", () => {
  const post = async (s: TestServer, body: object) => {
    const response = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text(), cacheControl: response.headers.get("cache-control") };
  };

  it("refuses variables graphql-js refuses, in its words, on the first run and once compiled", async () => {
    const body = { query: "query($n: String!) { alias(name: $n) { name } }", variables: { n: 5 } };
    const answers = [await post(server, body), await post(server, body), await post(server, body)];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).errors[0]).toMatchObject({
        message: 'Variable "$n" got invalid value 5; String cannot represent a non string value: 5',
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
  });

  it("answers a repeated query the same every time, errors included, with cache-control: no-store", async () => {
    const body = { query: `{ alias(name: "smart") { name prefixedId health } node(id: "not-an-id") { id } }` };
    const answers = [await post(server, body), await post(server, body), await post(server, body)];
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    const parsed = JSON.parse(answers[0]!.text);
    expect(parsed.data.alias).toEqual({ name: "smart", prefixedId: "hosted_vllm/z-ai/glm4.7", health: "UNKNOWN" });
    expect(parsed.errors[0]).toMatchObject({ path: ["node"], extensions: { code: "BAD_USER_INPUT" } });
    expect(answers.map((a) => a.cacheControl)).toEqual(["no-store", "no-store", "no-store"]);
  });
});

describe("the run-time caps count plain fields too", () => {
  let capped: TestServer;
  beforeAll(async () => {
    const limits = { ...loadConfig({ MODELGRAPH_MAX_FIELDS: "1000", MODELGRAPH_MAX_RESPONSE_BYTES: "200000" }).limits, maxCost: 100_000_000 };
    capped = await startTestServer({ config: { limits } });
    await capped.catalog.groups.create({ name: "g" });
    for (let i = 0; i < 200; i++) await capped.catalog.aliases.add({ name: `a-${String(i).padStart(3, "0")}`, target: "g", description: "d".repeat(4000) });
  });
  afterAll(() => capped.close());

  // Every field below is a plain property (no resolver): counted from the page's answer.
  const page = (first: number, fields: string) => ({ query: `{ aliases(first: ${first}) { edges { node { ${fields} } } } }` });

  it("stops at the field cap: 200 aliases × 5 fields, on the first run and once compiled", async () => {
    for (let run = 0; run < 2; run++) {
      const response = await fetch(`${capped.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(page(200, "name hidden createdAt updatedAt")) });
      const body = (await response.json()) as { data: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(response.status).toBe(400);
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([
        {
          message: "the answer was stopped after 1000 fields, the limit per request; ask for fewer nested lists, smaller pages (first:) or fewer operations per request",
          extensions: { code: "BAD_USER_INPUT" },
        },
      ]);
    }
    const fine = await capped.gql(ops.AliasesDocument, { first: 50 });
    expect(fine.status).toBe(200);
  });

  it("stops at the byte cap: 60 descriptions of 4,000 characters", async () => {
    for (let run = 0; run < 2; run++) {
      const response = await fetch(`${capped.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(page(60, "description")) });
      const body = (await response.json()) as { errors: { message: string }[] };
      expect(response.status).toBe(400);
      expect(body.errors[0]!.message).toContain("the answer was stopped at about 200000 bytes, the limit per request");
    }
    const fine = await fetch(`${capped.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(page(40, "description")) });
    expect(fine.status).toBe(200);
  });
});
