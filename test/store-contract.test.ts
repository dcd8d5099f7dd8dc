/**
 * The store's contract (DESIGN.md section 6, docs/replicas.md), through GraphQL over HTTP. This
 * file runs in both test projects (vitest.config.ts): on SQLite, and on PostgreSQL with a fresh
 * database per server. What it checks must hold on both: every write returns the version it
 * committed, versions grow in commit order, concurrent writers each commit once, a refused write
 * takes no version, the history names who wrote, a request can ask for read-your-writes, and a
 * literal key is stored sealed.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpStore, startTestServer, type GraphQLResult, type TestServer } from "./support/server.ts";

const BACKEND = process.env.MODELGRAPH_TEST_BACKEND === "postgres" ? "postgres" : "sqlite";

function doc<R = Record<string, any>, V = Record<string, unknown>>(source: string): TypedDocumentNode<R, V> {
  return parse(source) as TypedDocumentNode<R, V>;
}

const CREATE_PROVIDER = doc(`mutation ($input: CreateProviderInput!) { createProvider(input: $input) { provider { name } warnings version } }`);
const CREATE_GROUP = doc(`mutation ($input: CreateModelGroupInput!) { createModelGroup(input: $input) { modelGroup { name } version } }`);
const ADD_DEPLOYMENT = doc(`mutation ($input: AddDeploymentInput!) { addDeployment(input: $input) { deployment { id model } version } }`);
const ADD_ALIAS = doc(`mutation ($input: AddAliasInput!) { addAlias(input: $input) { alias { name prefixedId provider { name } } version } }`);
const UPDATE_ALIAS = doc(`mutation ($name: String!, $input: UpdateAliasInput!) { updateAlias(name: $name, input: $input) { alias { name target { name } } version } }`);
const REMOVE_ALIAS = doc(`mutation ($name: String!) { removeAlias(name: $name) { name version } }`);
const ALIAS = doc(`query ($name: String!) { alias(name: $name) { name target { name } prefixedId } }`);
const ALIASES = doc(`query { aliases(first: 500) { totalCount edges { node { name } } } }`);
const CHANGES = doc(`query { changes(first: 50) { edges { node { id entity action name actor source } } } }`);
const REVERT = doc(`mutation ($id: ID!) { revertChange(id: $id) { version } }`);

let server: TestServer;

async function ok<R>(result: Promise<GraphQLResult<R>>): Promise<R> {
  const r = await result;
  if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

beforeAll(async () => {
  server = await startTestServer({ secretKey: "store-contract-master-key-0123456789" });
  await ok(server.gql(CREATE_PROVIDER, { input: { name: "router", type: "openrouter", apiKey: "sk-or-contract-secret-4242" } }));
  await ok(server.gql(CREATE_GROUP, { input: { name: "opus" } }));
  await ok(server.gql(ADD_DEPLOYMENT, { input: { group: "opus", provider: "router", model: "anthropic/claude-opus-4-5" } }));
  await ok(server.gql(CREATE_GROUP, { input: { name: "sonnet" } }));
  await ok(server.gql(ADD_DEPLOYMENT, { input: { group: "sonnet", provider: "router", model: "anthropic/claude-sonnet-4-5" } }));
});

afterAll(async () => {
  await server?.close();
});

describe(`the store on ${BACKEND}`, () => {
  it("runs on the backend this project names", () => {
    expect(server.store.dialect).toBe(BACKEND);
  });

  it("every write returns the version it committed, and versions grow", async () => {
    const a = (await ok(server.gql(ADD_ALIAS, { input: { name: "smart", target: "opus" } }))).addAlias;
    expect(a.alias).toEqual({ name: "smart", prefixedId: "openrouter/anthropic/claude-opus-4-5", provider: { name: "router" } });
    const b = (await ok(server.gql(UPDATE_ALIAS, { name: "smart", input: { target: "sonnet" } }))).updateAlias;
    expect(b.alias.target.name).toBe("sonnet");
    const c = (await ok(server.gql(REMOVE_ALIAS, { name: "smart" }))).removeAlias;
    expect(Number.isSafeInteger(a.version)).toBe(true);
    expect(b.version).toBeGreaterThan(a.version);
    expect(c.version).toBeGreaterThan(b.version);
    expect((await ok(server.gql(ALIAS, { name: "smart" }))).alias).toBeNull();
  });

  it("a refused write changes nothing and takes no version", async () => {
    const first = (await ok(server.gql(ADD_ALIAS, { input: { name: "fast", target: "sonnet" } }))).addAlias.version;
    const before = await dumpStore(server.store);
    const taken = await server.gql(ADD_ALIAS, { input: { name: "opus", target: "sonnet" } });
    expect(taken.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(taken.errors?.[0]?.message).toMatch(/"opus" is already a model group/);
    const missing = await server.gql(ADD_ALIAS, { input: { name: "nowhere", target: "sonet" } });
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(missing.errors?.[0]?.extensions?.suggestions).toContain("sonnet");
    expect(await dumpStore(server.store)).toStrictEqual(before);
    // The same write again, with and without refusals in between, moves the version as far.
    const second = (await ok(server.gql(ADD_ALIAS, { input: { name: "faster", target: "sonnet" } }))).addAlias.version;
    const third = (await ok(server.gql(ADD_ALIAS, { input: { name: "fastest", target: "sonnet" } }))).addAlias.version;
    expect(second - first).toBeGreaterThan(0);
    expect(second - first).toBe(third - second);
  });

  it("concurrent writers each commit once, at distinct versions, and all are read back", async () => {
    const names = Array.from({ length: 24 }, (_, i) => `burst-${String(i).padStart(2, "0")}`);
    const results = await Promise.all(names.map((name, i) => ok(server.gql(ADD_ALIAS, { input: { name, target: i % 2 ? "opus" : "sonnet" } }))));
    const versions = results.map((r) => r.addAlias.version as number);
    expect(new Set(versions).size).toBe(names.length);
    const listed = (await ok(server.gql(ALIASES))).aliases.edges.map((e: { node: { name: string } }) => e.node.name);
    for (const name of names) expect(listed).toContain(name);
  });

  it("the history names the writer, and a revert is a write with its own version", async () => {
    const added = (await ok(server.gql(ADD_ALIAS, { input: { name: "undo-me", target: "opus" } }))).addAlias.version;
    const changes = (await ok(server.gql(CHANGES))).changes.edges.map((e: { node: unknown }) => e.node) as { id: string; entity: string; action: string; name: string; actor: string; source: string }[];
    const change = changes.find((c) => c.name === "undo-me" && c.entity === "ALIAS");
    expect(change, JSON.stringify(changes.slice(0, 5))).toBeDefined();
    expect(change!.action).toBe("CREATE");
    expect({ actor: change!.actor, source: change!.source }).toEqual({ actor: "loopback", source: "MUTATION" });
    const reverted = (await ok(server.gql(REVERT, { id: change!.id }))).revertChange.version;
    expect(reverted).toBeGreaterThan(added);
    expect((await ok(server.gql(ALIAS, { name: "undo-me" }))).alias).toBeNull();
  });

  it("a request naming a version is answered from it; a malformed one is refused", async () => {
    const version = (await ok(server.gql(ADD_ALIAS, { input: { name: "ryw", target: "opus" } }))).addAlias.version as number;
    const read = await server.gql(ALIAS, { name: "ryw" }, { "x-modelgraph-min-version": String(version) });
    expect(read.status).toBe(200);
    expect(read.data?.alias?.name).toBe("ryw");
    const bad = await fetch(`${server.url}/v1/models`, { headers: { "x-modelgraph-min-version": "soon" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/x-modelgraph-min-version: \\?"soon\\?" is not a catalog version/);
  });

  it("readiness reports the database and the feed", async () => {
    const response = await fetch(`${server.url}/health/readiness`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; database: string; feed: { mode: string; connected: boolean | null; applied_version: number } };
    expect(body.status).toBe("healthy");
    expect(body.database).toBe(BACKEND);
    expect(body.feed.mode).toBe(BACKEND === "postgres" ? "listen" : "poll");
    expect(body.feed.connected).toBe(BACKEND === "postgres" ? true : null);
    expect(body.feed.applied_version).toBe(server.catalog.snapshots.current().version);
  });

  it("a literal key is stored sealed, and no response or dump holds it", async () => {
    const dump = JSON.stringify(await dumpStore(server.store));
    expect(dump).not.toContain("sk-or-contract-secret-4242");
    expect(dump).toMatch(/"api_key_encrypted":"[^"]+"/);
    const listed = await fetch(`${server.url}/v1/models`);
    expect(await listed.text()).not.toContain("sk-or-contract-secret-4242");
  });
});
