import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { afterAll, describe, expect, it } from "vitest";
import { HISTORY_TABLES, API_KEY_MARKER } from "../src/history/tables.ts";
import { openActorScopes, runAs } from "../src/history/actor.ts";
import { changeId, changeSetId } from "../src/history/ids.ts";
import { SnapshotStore } from "../src/read/snapshot-store.ts";
import {
  AddAliasDocument,
  AddDeploymentDocument,
  AliasDocument,
  AliasHistoryDocument,
  CatalogContentsDocument,
  CreateModelGroupDocument,
  CreateProviderDocument,
  DeleteModelGroupDocument,
  ExportConfigDocument,
  GroupHistoryDocument,
  HistoryChangeDocument,
  HistoryChangesDocument,
  HistoryChangeSetDocument,
  ImportConfigDocument,
  ImportFactsDocument,
  RemoveAliasDocument,
  RevertChangeDocument,
  UpdateAliasDocument,
  UpdateProviderDocument,
} from "./generated/graphql.ts";
import { startTestServer, type GraphQLResult, type TestServer, type TestServerOptions } from "./support/server.ts";

/*
 * The change history (issue 12, docs/history.md), black box: GraphQL over real HTTP, real SQLite
 * files, the CLI as a second process. Every committed write is a change with who, source, before
 * and after; imports are one change set; revertChange undoes a change or a set, or says why not.
 */

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/modelgraph.js");
const run = promisify(execFile);

const servers: TestServer[] = [];
const folders: string[] = [];
afterAll(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-history-"));
  folders.push(dir);
  return dir;
}

async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const s = await startTestServer({ dbPath: join(folder(), "catalog.db"), ...options });
  servers.push(s);
  return s;
}

async function ok<R, V>(s: TestServer, doc: TypedDocumentNode<R, V>, variables?: V, headers?: Record<string, string>): Promise<R> {
  const result = await s.gql(doc, variables, headers);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data!;
}

function errorOf<R>(result: GraphQLResult<R>) {
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  return result.errors![0]!;
}

/** A provider, two groups with a deployment each, and the alias "smart" on the first. */
async function seed(s: TestServer, headers?: Record<string, string>) {
  await ok(s, CreateProviderDocument, { input: { name: "oai", type: "openai" } }, headers);
  for (const name of ["g1", "g2"]) {
    await ok(s, CreateModelGroupDocument, { input: { name } }, headers);
    await ok(s, AddDeploymentDocument, { input: { group: name, provider: "oai", model: `model-${name}` } }, headers);
  }
  await ok(s, AddAliasDocument, { input: { name: "smart", target: "g1" } }, headers);
}

async function changesOf(s: TestServer, variables: { name?: string; first?: number; entity?: "MODEL_REGISTRY" } = {}) {
  return (await ok(s, HistoryChangesDocument, { first: 500, ...variables })).changes;
}

/** Every provider, group, deployment and alias, and the LiteLLM export: two views that must match after a revert. */
async function dump(s: TestServer) {
  const contents = await ok(s, CatalogContentsDocument);
  const exported = (await ok(s, ExportConfigDocument, { format: "LITELLM_YAML" })).exportConfig;
  return { contents, exported };
}

describe("what is recorded", () => {
  it("a mutation is recorded with actor, source, before and after", async () => {
    const s = await server();
    await seed(s);
    await ok(s, UpdateAliasDocument, { name: "smart", input: { target: "g2", description: "re-pointed" } });

    const smart = await changesOf(s, { name: "smart" });
    expect(smart.totalCount).toBe(2);
    const [update, create] = smart.edges.map((e) => e.node);
    expect(update).toMatchObject({ entity: "ALIAS", action: "UPDATE", name: "smart", actor: "loopback", source: "MUTATION" });
    expect(create).toMatchObject({ entity: "ALIAS", action: "CREATE", before: null, actor: "loopback", source: "MUTATION" });
    const groups = (await changesOf(s, { name: "g1" })).edges.map((e) => e.node).filter((c) => c.entity === "MODEL_GROUP");
    const g1Id = groups[0]!.after.id as number;
    expect(update!.before).toMatchObject({ name: "smart", groupId: g1Id, description: null, hidden: false });
    expect(update!.after).toMatchObject({ name: "smart", groupId: (await changesOf(s, { name: "g2" })).edges.at(-1)!.node.after.id, description: "re-pointed" });
    expect(typeof update!.after.updatedAt).toBe("string");
    expect(update!.changeSet).toMatchObject({ actor: "loopback", source: "MUTATION" });
    expect(update!.changeSet!.id).not.toBe(create!.changeSet!.id);
    expect(new Date(update!.at).getTime()).toBeGreaterThanOrEqual(new Date(create!.at).getTime());

    // Alias.history is the same list, and one page of it pages on.
    const history = (await ok(s, AliasHistoryDocument, { name: "smart", first: 1 })).alias!.history;
    expect(history.totalCount).toBe(2);
    expect(history.edges.map((e) => e.node.id)).toEqual([update!.id]);
    const rest = (await ok(s, AliasHistoryDocument, { name: "smart", first: 5, after: history.pageInfo.endCursor })).alias!.history;
    expect(rest.edges.map((e) => e.node.id)).toEqual([create!.id]);
    expect(rest.pageInfo.hasNextPage).toBe(false);

    // A group's history holds its deployments' changes too.
    const g1 = (await ok(s, GroupHistoryDocument, { name: "g1" })).modelGroup!.history;
    expect(g1.edges.map((e) => `${e.node.entity} ${e.node.action}`)).toEqual(["DEPLOYMENT CREATE", "MODEL_GROUP CREATE"]);
    expect(g1.edges[0]!.node.after).toMatchObject({ model: "model-g1", enabled: true });
  });

  it("names the actor of a mutation however the request carries it: picked by operationName, in a batch, after a query", async () => {
    // Only requests that may write run as their actor (src/api/http/actor.ts): each of these must.
    const s = await server();
    await seed(s);
    const post = async (body: unknown) => {
      const response = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(response.status).toBe(200);
      return (await response.json()) as unknown;
    };
    const retarget = (name: string, target: string) => `mutation M${name} { updateAlias(name: "${name}", input: { target: "${target}" }) { alias { name } } }`;
    await post({ query: `query Q { alias(name: "smart") { name } } ${retarget("smart", "g2")}`, operationName: "Msmart" });
    await post([{ query: `{ alias(name: "smart") { name } }` }, { query: retarget("smart", "g1") }]);
    const smart = (await changesOf(s, { name: "smart" })).edges.map((e) => e.node);
    expect(smart.map((c) => [c.action, c.actor, c.source])).toEqual([
      ["UPDATE", "loopback", "MUTATION"],
      ["UPDATE", "loopback", "MUTATION"],
      ["CREATE", "loopback", "MUTATION"],
    ]);
    // A GET cannot write (Apollo runs mutations from POST only), and a query writes nothing.
    const get = await fetch(`${s.url}/graphql?query=${encodeURIComponent(retarget("smart", "g2"))}`, { headers: { "apollo-require-preflight": "true" } });
    expect(get.status).toBe(405);
    expect((await changesOf(s, { name: "smart" })).totalCount).toBe(3);
  });

  it("names the token: admin, read; a rename is one change and keeps the alias's history", async () => {
    const withAdmin = await server({ config: { adminToken: "history-admin-token", readToken: "history-read-token" } });
    const admin = { authorization: "Bearer history-admin-token" };
    await seed(withAdmin, admin);
    await ok(withAdmin, UpdateAliasDocument, { name: "smart", input: { name: "clever" } }, admin);
    const history = (await ok(withAdmin, AliasHistoryDocument, { name: "clever" }, admin)).alias!.history;
    expect(history.edges.map((e) => [e.node.action, e.node.name, e.node.actor])).toEqual([
      ["UPDATE", "clever", "admin"],
      ["CREATE", "smart", "admin"],
    ]);
    expect(history.edges[0]!.node.before).toMatchObject({ name: "smart" });

    // No admin token on a loopback server: the read token may write, and is named.
    const readOnly = await server({ config: { readToken: "history-read-only" } });
    const read = { authorization: "Bearer history-read-only" };
    await ok(readOnly, CreateProviderDocument, { input: { name: "oai", type: "openai" } }, read);
    const [change] = (await ok(readOnly, HistoryChangesDocument, { first: 5 }, read)).changes.edges;
    expect(change!.node).toMatchObject({ entity: "PROVIDER", action: "CREATE", actor: "read", source: "MUTATION" });
  });

  it("concurrent mutations each record their own actor, and no actor scope stays open once they have answered", async () => {
    const s = await server();
    await seed(s);
    // Mutations over HTTP (loopback) interleaved with writes of this process as another actor.
    const names = Array.from({ length: 24 }, (_, i) => `concurrent-${i}`);
    const script = { actor: "script", source: "IMPORT" as const };
    await Promise.all(
      names.map((name, i) =>
        i % 3 === 0 ? runAs(script, () => s.catalog.aliases.add({ name, target: "g2" })) : ok(s, AddAliasDocument, { input: { name, target: i % 2 ? "g1" : "g2" } }),
      ),
    );
    for (const [i, name] of names.entries()) {
      const [create] = (await changesOf(s, { name })).edges;
      expect(create!.node, name).toMatchObject(i % 3 === 0 ? { action: "CREATE", actor: "script", source: "IMPORT" } : { action: "CREATE", actor: "loopback", source: "MUTATION" });
    }
    // The AsyncLocalStorage behind the actor is disabled again (src/history/actor.ts): reads pay no promise hook.
    expect(openActorScopes()).toBe(0);
  });

  it("an import is one change set, source IMPORT", async () => {
    const s = await server();
    const content = readFileSync(join(ROOT, "test/fixtures/litellm-mixed.yaml"), "utf8");
    await ok(s, ImportConfigDocument, { format: "LITELLM_YAML", content });
    const changes = (await changesOf(s)).edges.map((e) => e.node);
    expect(changes.length).toBeGreaterThan(10);
    const sets = new Set(changes.map((c) => c.changeSet?.id));
    expect(sets.size).toBe(1);
    expect(changes[0]!.changeSet).toMatchObject({ actor: "loopback", source: "IMPORT" });
    expect(changes[0]!.changeSet!.summary).toMatch(/^import LITELLM_YAML MERGE/);
    expect(new Set(changes.map((c) => c.entity))).toEqual(new Set(["PROVIDER", "MODEL_GROUP", "DEPLOYMENT", "ALIAS"]));
    const set = (await ok(s, HistoryChangeSetDocument, { id: changes[0]!.changeSet!.id, first: 500 })).changeSet!;
    expect(set.changeCount).toBe(changes.length);
    expect(set.changes.edges.map((e) => e.node.id)).toEqual(changes.map((c) => c.id).reverse());
  });

  it("a CLI import, a second process, is one change set by cli and is read by the running server", async () => {
    const dir = folder();
    const db = join(dir, "shared.db");
    const s = await server({ dbPath: db });
    await ok(s, CreateProviderDocument, { input: { name: "before-cli", type: "openai" } });
    const file = join(dir, "nanobot.json");
    writeFileSync(file, readFileSync(join(ROOT, "test/fixtures/nanobot-aliases.json")));
    await run(process.execPath, [BIN, "import", file, "--db", db], { timeout: 120_000, env: { ...process.env, MODELGRAPH_SECRET_KEY: "history-test-master-key" } });
    const changes = (await changesOf(s)).edges.map((e) => e.node);
    const cli = changes.filter((c) => c.actor === "cli");
    expect(cli.length).toBeGreaterThan(1);
    expect(new Set(cli.map((c) => c.changeSet!.id)).size).toBe(1);
    expect(cli.every((c) => c.source === "IMPORT")).toBe(true);
    expect(cli[0]!.changeSet!.summary).toBe("import NANOBOT_JSON MERGE from nanobot.json");
    expect(changes.at(-1)).toMatchObject({ name: "before-cli", actor: "loopback" });
  });

  it("never records a secret: a provider's key, sealed parameters and config secrets", async () => {
    const s = await server({ secretKey: "history-secret-master-key" });
    const first = "sk-history-FIRST-0123456789abcdef";
    const second = "sk-history-SECOND-0123456789abcdef";
    const litellmKey = "sk-history-LITELLM-0123456789abcdef";
    const masterKey = "sk-history-MASTER-0123456789abcdef";
    const headerKey = "sk-history-HEADER-0123456789abcdef";
    await ok(s, CreateProviderDocument, { input: { name: "keyed", type: "openai", apiKey: first } });
    await ok(s, UpdateProviderDocument, { name: "keyed", input: { apiKey: second, displayName: "Keyed" } });
    const yaml = [
      "model_list:",
      "  - model_name: secretive",
      "    litellm_params:",
      "      model: openai/gpt-4o",
      `      api_key: ${litellmKey}`,
      "      extra_headers:",
      `        Authorization: Bearer ${headerKey}`,
      "general_settings:",
      `  master_key: ${masterKey}`,
      "",
    ].join("\n");
    await ok(s, ImportConfigDocument, { format: "LITELLM_YAML", content: yaml });

    const result = await s.gql(HistoryChangesDocument, { first: 500 });
    expect(result.errors).toBeUndefined();
    const stored = s.db.sqlite.prepare("select api_key_encrypted as k from providers where api_key_encrypted is not null").all() as { k: string }[];
    const sealed = [...JSON.stringify(s.db.sqlite.prepare("select extra_params, (select content from config_documents) as doc from deployments").all()).matchAll(/modelgraph-sealed:[^"\\]+/g)].map(
      (m) => m[0],
    );
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(sealed.length).toBeGreaterThanOrEqual(2);
    for (const secret of [first, second, litellmKey, masterKey, headerKey, ...stored.map((r) => r.k), ...sealed, "modelgraph-sealed:"]) {
      expect(result.text).not.toContain(secret);
    }
    const changes = result.data!.changes.edges.map((e) => e.node);
    const keyed = changes.filter((c) => c.entity === "PROVIDER" && c.name === "keyed");
    expect(keyed.map((c) => [c.action, c.before?.[API_KEY_MARKER] ?? null, c.after?.[API_KEY_MARKER]])).toEqual([
      ["UPDATE", "stored", "changed"],
      ["CREATE", null, "stored"],
    ]);
    for (const c of keyed) expect(Object.keys(c.after!)).not.toContain("apiKeyEncrypted");
    const deployment = changes.find((c) => c.entity === "DEPLOYMENT" && c.name === "secretive")!;
    expect(deployment.after!.extraParams).toMatchObject({ extra_headers: { Authorization: "(secret)" } });
    const document = changes.find((c) => c.entity === "CONFIG_DOCUMENT")!;
    expect(JSON.stringify(document.after)).toContain("(secret)");
    // The before/after columns themselves hold no plaintext and no ciphertext.
    const columns = JSON.stringify(s.db.sqlite.prepare("select before, after from change_history").all());
    for (const secret of [first, second, litellmKey, masterKey, headerKey, ...stored.map((r) => r.k), "modelgraph-sealed:"]) expect(columns).not.toContain(secret);
  });

  it("every column of every recorded table is in its change, secrets aside", async () => {
    const s = await server();
    await seed(s);
    await ok(s, ImportConfigDocument, { format: "LITELLM_YAML", content: "model_list: []\nlitellm_settings:\n  drop_params: true\n" });
    const rows = s.db.sqlite.prepare("select entity, after from change_history where after is not null").all() as { entity: string; after: string }[];
    for (const table of HISTORY_TABLES.filter((t) => t.entity !== "registry")) {
      const row = rows.find((r) => r.entity === table.entity);
      expect(row, table.name).toBeDefined();
      const expected = table.columns.filter((c) => c.kind !== "omitted").map((c) => (c.kind === "secret" ? API_KEY_MARKER : c.field));
      expect(Object.keys(JSON.parse(row!.after)), table.name).toEqual(expected);
    }
  });
});

describe("revertChange", () => {
  it("undoes one change: an update, a delete (the same id back), a nanobot-style create", async () => {
    const s = await server();
    await seed(s);
    const before = await ok(s, AliasDocument, { name: "smart" });
    await ok(s, UpdateAliasDocument, { name: "smart", input: { target: "g2", hidden: true } });
    const [update] = (await changesOf(s, { name: "smart" })).edges;
    const reverted = (await ok(s, RevertChangeDocument, { id: update!.node.id })).revertChange;
    expect(reverted.changeSet).toMatchObject({ source: "REVERT", actor: "loopback", reverts: null, revertsChange: { id: update!.node.id }, changeCount: 1 });
    expect(reverted.changeSet.summary).toBe(`revert of change ${update!.node.id}`);
    const after = await ok(s, AliasDocument, { name: "smart" });
    expect(after.alias).toEqual(before.alias);
    expect((await ok(s, HistoryChangeDocument, { id: update!.node.id })).change!.revertedBy).toEqual({ id: reverted.changeSet.id });

    await ok(s, RemoveAliasDocument, { name: "smart" });
    const [removal] = (await changesOf(s, { name: "smart" })).edges;
    expect(removal!.node).toMatchObject({ action: "DELETE", after: null });
    await ok(s, RevertChangeDocument, { id: removal!.node.id });
    expect((await ok(s, AliasDocument, { name: "smart" })).alias).toEqual(before.alias);

    // addAlias with provider + model writes a group, its deployment and the alias: one set.
    const dumped = await dump(s);
    await ok(s, AddAliasDocument, { input: { name: "quick", provider: "oai", model: "gpt-4o-mini" } });
    const [alias] = (await changesOf(s, { name: "quick" })).edges;
    const set = (await ok(s, HistoryChangeSetDocument, { id: alias!.node.changeSet!.id, first: 10 })).changeSet!;
    expect(set.changes.edges.map((e) => `${e.node.entity} ${e.node.action}`)).toEqual(["MODEL_GROUP CREATE", "DEPLOYMENT CREATE", "ALIAS CREATE"]);
    const undone = (await ok(s, RevertChangeDocument, { id: set.id })).revertChange.changeSet;
    expect(undone.reverts).toEqual({ id: set.id });
    expect(undone.changes.edges.map((e) => `${e.node.entity} ${e.node.action}`)).toEqual(["ALIAS DELETE", "DEPLOYMENT DELETE", "MODEL_GROUP DELETE"]);
    expect(await dump(s)).toEqual(dumped);
  });

  it("undoes a whole import, MERGE or REPLACE, to the catalog it found", async () => {
    const s = await server();
    await seed(s);
    const seeded = await dump(s);
    const content = readFileSync(join(ROOT, "test/fixtures/litellm-mixed.yaml"), "utf8");
    await ok(s, ImportConfigDocument, { format: "LITELLM_YAML", content });
    const imported = await dump(s);
    expect(imported).not.toEqual(seeded);
    const [latest] = (await changesOf(s, { first: 1 })).edges;
    const merge = latest!.node.changeSet!;
    expect(merge.source).toBe("IMPORT");
    await ok(s, RevertChangeDocument, { id: merge.id });
    expect(await dump(s)).toEqual(seeded);

    // REPLACE removes what the file lacks (the seeded groups, their deployments and aliases).
    await ok(s, ImportConfigDocument, { format: "LITELLM_YAML", content, mode: "REPLACE" });
    const replaced = await dump(s);
    expect(replaced.contents.modelGroups.edges.map((e) => e.node.name)).not.toContain("g1");
    const [replace] = (await changesOf(s, { first: 1 })).edges;
    const set = (await ok(s, HistoryChangeSetDocument, { id: replace!.node.changeSet!.id, first: 500 })).changeSet!;
    expect(set.changes.edges.some((e) => e.node.entity === "MODEL_GROUP" && e.node.action === "DELETE" && e.node.name === "g1")).toBe(true);
    const undone = (await ok(s, RevertChangeDocument, { id: set.id })).revertChange.changeSet;
    expect(undone.changeCount).toBe(set.changeCount);
    expect(await dump(s)).toEqual(seeded);
    // ...and the revert is itself revertible: the import again.
    await ok(s, RevertChangeDocument, { id: undone.id });
    expect(await dump(s)).toEqual(replaced);
  });

  it("restores a provider's literal key from the history, and never shows it", async () => {
    const s = await server({ secretKey: "history-secret-master-key" });
    const key = "sk-history-RESTORED-0123456789abcdef";
    await ok(s, CreateProviderDocument, { input: { name: "keyed", type: "openai", apiKey: key } });
    const ciphertext = (s.db.sqlite.prepare("select api_key_encrypted as k from providers").get() as { k: string }).k;
    await ok(s, UpdateProviderDocument, { name: "keyed", input: { apiKey: "sk-history-OTHER-0123456789abcdef" } });
    const [update] = (await changesOf(s, { name: "keyed" })).edges;
    const result = await s.gql(RevertChangeDocument, { id: update!.node.id });
    expect(result.errors).toBeUndefined();
    expect(result.text).not.toContain(ciphertext);
    expect(result.text).not.toContain(key);
    expect((s.db.sqlite.prepare("select api_key_encrypted as k from providers").get() as { k: string }).k).toBe(ciphertext);
  });

  it("is refused naming the later change, and changes nothing", async () => {
    const s = await server();
    await seed(s);
    await ok(s, UpdateAliasDocument, { name: "smart", input: { target: "g2" } });
    await ok(s, UpdateAliasDocument, { name: "smart", input: { description: "later" } });
    const [later, first] = (await changesOf(s, { name: "smart" })).edges.map((e) => e.node);
    const total = (await changesOf(s)).totalCount;
    const error = errorOf(await s.gql(RevertChangeDocument, { id: first!.id }));
    expect(error.extensions?.code).toBe("CONFLICT");
    expect(error.message).toContain(later!.id);
    expect(error.message).toContain('alias "smart"');
    expect(error.extensions?.conflictingChange).toBe(later!.id);
    expect((await changesOf(s)).totalCount).toBe(total);
    expect((await ok(s, AliasDocument, { name: "smart" })).alias).toMatchObject({ description: "later", target: { name: "g2" } });

    // Undo the later one first, and the first one may go too.
    await ok(s, RevertChangeDocument, { id: later!.id });
    await ok(s, RevertChangeDocument, { id: first!.id });
    expect((await ok(s, AliasDocument, { name: "smart" })).alias).toMatchObject({ description: null, target: { name: "g1" } });
  });

  it("is refused when undoing would break the catalog: a group that gained an alias since", async () => {
    const s = await server();
    await seed(s);
    const [created] = (await changesOf(s, { name: "g2" })).edges.filter((e) => e.node.entity === "MODEL_GROUP");
    const setId = created!.node.changeSet!.id;
    await ok(s, AddAliasDocument, { input: { name: "fast", target: "g2" } });
    const error = errorOf(await s.gql(RevertChangeDocument, { id: setId }));
    expect(error.extensions?.code).toBe("CONFLICT");
    expect(error.message).toMatch(/aliases point at it \("fast"\)/);
    expect((await ok(s, GroupHistoryDocument, { name: "g2" })).modelGroup).not.toBeNull();
  });

  it("an unknown id is NOT_FOUND, a foreign one BAD_USER_INPUT", async () => {
    const s = await server();
    await seed(s);
    for (const id of [changeId(987_654), changeSetId(987_654)]) {
      const error = errorOf(await s.gql(RevertChangeDocument, { id }));
      expect(error.extensions?.code).toBe("NOT_FOUND");
      expect(error.message).toContain(id);
    }
    const alias = (await ok(s, AliasDocument, { name: "smart" })).alias!;
    const error = errorOf(await s.gql(RevertChangeDocument, { id: alias.id }));
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.message).toContain("not the id of a Change or a ChangeSet");
  });

  it("reverting twice is refused naming the revert; a revert of the revert redoes it", async () => {
    const s = await server();
    await seed(s);
    await ok(s, UpdateAliasDocument, { name: "smart", input: { target: "g2" } });
    const [update] = (await changesOf(s, { name: "smart" })).edges.map((e) => e.node);
    const revert = (await ok(s, RevertChangeDocument, { id: update!.id })).revertChange.changeSet;
    for (const id of [update!.id, update!.changeSet!.id]) {
      const error = errorOf(await s.gql(RevertChangeDocument, { id }));
      expect(error.extensions?.code).toBe("CONFLICT");
      expect(error.message).toContain(revert.id);
      expect(error.extensions?.revertedBy).toBe(revert.id);
    }
    await ok(s, RevertChangeDocument, { id: revert.id });
    expect((await ok(s, AliasDocument, { name: "smart" })).alias!.target.name).toBe("g2");
    expect((await ok(s, HistoryChangeSetDocument, { id: revert.id })).changeSet!.revertedBy).not.toBeNull();
  });

  it("a registry change is recorded without its content, and is not revertible", async () => {
    const s = await server();
    const content = JSON.stringify({ acme: { id: "acme", name: "Acme", models: { "acme-1": { id: "acme-1", name: "Acme 1", limit: { context: 8192, output: 1024 } } } } });
    await ok(s, ImportFactsDocument, { format: "MODELS_DEV_JSON", content, source: "tiny.json" });
    const [change] = (await changesOf(s, { entity: "MODEL_REGISTRY" })).edges.map((e) => e.node);
    expect(change).toMatchObject({ entity: "MODEL_REGISTRY", action: "CREATE", name: "MODELS_DEV_JSON", entityId: "MODELS_DEV_JSON", source: "MUTATION" });
    expect(change!.after).toMatchObject({ format: "MODELS_DEV_JSON", source: "tiny.json", models: 1 });
    expect(Object.keys(change!.after!)).not.toContain("content");
    const error = errorOf(await s.gql(RevertChangeDocument, { id: change!.id }));
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.message).toMatch(/import the older registry file again/);
  });

  it("a group deleted with force comes back with its deployments and aliases", async () => {
    const s = await server();
    await seed(s);
    const seeded = await dump(s);
    await ok(s, DeleteModelGroupDocument, { name: "g1", force: true });
    const [latest] = (await changesOf(s, { first: 1 })).edges;
    await ok(s, RevertChangeDocument, { id: latest!.node.changeSet!.id });
    expect(await dump(s)).toEqual(seeded);
  });
});

describe("retention and transactions", () => {
  it("pruning keeps history younger than the retention, and the change log's pruning leaves it alone", async () => {
    const s = await server();
    await seed(s);
    const total = (await changesOf(s)).totalCount;
    const sets = (s.db.sqlite.prepare("select count(*) as n from change_sets").get() as { n: number }).n;
    const day = 86_400_000;
    const count = (table: string) => (s.db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    // Two days on, with a three-day history: the change log goes, the history stays.
    const young = new SnapshotStore(s.db.db, { pruneEveryMs: 0, now: () => Date.now() + 2 * day, retention: { keepChanges: 0, keepMs: 0, historyMs: 3 * day } });
    expect(young.prune()).toBeGreaterThan(0);
    expect(count("catalog_changes")).toBe(0);
    expect((await changesOf(s)).totalCount).toBe(total);
    expect(count("change_sets")).toBe(sets);
    // A write after that is read as usual (the snapshot reader loads whole past the pruned log).
    await ok(s, UpdateAliasDocument, { name: "smart", input: { target: "g2" } });
    expect((await ok(s, AliasDocument, { name: "smart" })).alias!.target.name).toBe("g2");
    // Four days on: everything but the last write is older than the history keeps.
    const old = new SnapshotStore(s.db.db, { pruneEveryMs: 0, now: () => Date.now() + 4 * day, retention: { keepChanges: 0, keepMs: 0, historyMs: 3 * day } });
    old.prune();
    expect((await changesOf(s)).totalCount).toBe(0);
    expect(count("change_sets")).toBe(0);
    young.close();
    old.close();
  });

  it("a rolled-back transaction, a dry run and a refused import leave no change set", async () => {
    const s = await server();
    await seed(s);
    const sqlite = s.db.sqlite;
    const count = () => (sqlite.prepare("select (select count(*) from change_sets) as sets, (select count(*) from change_history) as changes").get() as object);
    const before = count();
    await ok(s, ImportConfigDocument, { format: "LITELLM_YAML", content: readFileSync(join(ROOT, "test/fixtures/litellm-mixed.yaml"), "utf8"), dryRun: true });
    expect(count()).toEqual(before);
    const refused = await s.gql(ImportConfigDocument, { format: "LITELLM_YAML", content: "model_list:\n  - model_name: x\n    litellm_params:\n      model: nosuchprefix-zz/m\n" });
    expect(refused.errors).toBeDefined();
    expect(count()).toEqual(before);
    expect(() =>
      runAs({ actor: "test", source: "MUTATION" }, () =>
        sqlite
          .transaction(() => {
            sqlite.prepare("insert into public_names (name, kind) values ('doomed', 'alias')").run();
            sqlite.prepare("insert into aliases (name, group_id) values ('doomed', (select id from model_groups limit 1))").run();
            throw new Error("rolled back on purpose");
          })
          .immediate(),
      ),
    ).toThrow("rolled back on purpose");
    expect(count()).toEqual(before);
    // A write transaction that wrote no catalog row (a lease) leaves no empty set behind.
    runAs({ actor: "test", source: "MUTATION" }, () => sqlite.transaction(() => sqlite.prepare("insert into probe_leases (key, owner, expires_at) values ('k', 'o', 0)").run()).immediate());
    expect(count()).toEqual(before);
    expect(sqlite.prepare("select count(*) as n from change_sets where open = 1").get()).toEqual({ n: 0 });
  });
});
