import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalog } from "../src/catalog/catalog.ts";
import { openDatabase } from "../src/db/client.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, TEST_HEALTH, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

const dir = mkdtempSync(join(tmpdir(), "modelgraph-cache-"));
const dbPath = join(dir, "cache.db");
let s: TestServer;
let up: FakeUpstream;

beforeAll(async () => {
  up = await FakeUpstream.start(["m1", "m2"]);
  s = await startTestServer({ dbPath, cache: true });
  await s.ok(ops.CreateProviderDocument, { input: { name: "p", type: "openai", apiBase: up.base } });
  await s.ok(ops.AddAliasDocument, { input: { name: "smart", provider: "p", model: "m1" } });
  await s.ok(ops.AddAliasDocument, { input: { name: "other", provider: "p", model: "m2" } });
});
afterAll(async () => {
  await s.close();
  await up.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send<R, V>(doc: TypedDocumentNode<R, V>, variables: V) {
  const response = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: print(doc), variables }) });
  return { cache: response.headers.get("x-cache"), text: await response.text() };
}

describe("response cache", () => {
  it("answers a repeated query from the cache", async () => {
    const first = await send(ops.AliasDocument, { name: "smart" });
    const second = await send(ops.AliasDocument, { name: "smart" });
    expect(first.cache).toBe("miss");
    expect(second.cache).toBe("hit");
    expect(second.text).toBe(first.text);
    // Other variables are another entry.
    expect((await send(ops.AliasDocument, { name: "other" })).cache).toBe("miss");
  });

  it("shows a mutation's write to the very next read", async () => {
    await send(ops.AliasDocument, { name: "smart" });
    expect((await send(ops.AliasDocument, { name: "smart" })).cache).toBe("hit");
    await s.ok(ops.UpdateAliasDocument, { name: "smart", input: { target: "p/m2" } });
    const next = await send(ops.AliasDocument, { name: "smart" });
    expect(next.cache).toBe("miss");
    expect(JSON.parse(next.text).data.alias.target.name).toBe("p/m2");
  });

  it("shows a health change to the very next read", async () => {
    await send(ops.AliasDocument, { name: "other" });
    expect(JSON.parse((await send(ops.AliasDocument, { name: "other" })).text).data.alias.health).toBe("UNKNOWN");
    await s.ok(ops.CheckHealthDocument, { names: ["other"], force: true });
    expect(JSON.parse((await send(ops.AliasDocument, { name: "other" })).text).data.alias.health).toBe("HEALTHY");
  });

  it("shows another process's write to the very next read", async () => {
    await send(ops.ModelGroupsDocument, {});
    expect((await send(ops.ModelGroupsDocument, {})).cache).toBe("hit");
    const elsewhere = openDatabase(dbPath);
    createCatalog(elsewhere.db, { env: () => undefined, healthStaleAfterMs: 60_000, health: TEST_HEALTH, secrets: new SecretBox({ kind: "ephemeral" }) }).groups.create({ name: "made-elsewhere" });
    elsewhere.close();
    const next = await send(ops.ModelGroupsDocument, {});
    expect(next.cache).toBe("miss");
    expect(next.text).toContain("made-elsewhere");
  });

  it("never caches mutations or answers with errors", async () => {
    const a = await s.gql(ops.CreateModelGroupDocument, { input: { name: "once" } });
    const b = await s.gql(ops.CreateModelGroupDocument, { input: { name: "once" } });
    expect(a.errors).toBeUndefined();
    expect(b.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const missing = await send(ops.ResolveDocument, { name: "no-such-name" });
    expect(missing.text).toContain("NOT_FOUND");
    expect((await send(ops.ResolveDocument, { name: "no-such-name" })).cache).toBeNull();
  });
});

describe("response cache for REST views", () => {
  it("answers repeated listings from the cache and shows a write to the very next one", async () => {
    const get = async (path: string) => {
      const response = await fetch(`${s.url}${path}`);
      return { cache: response.headers.get("x-cache"), body: (await response.json()) as { data: { id: string }[] } };
    };
    const first = await get("/v1/models");
    expect(first.cache).toBe("miss");
    expect((await get("/v1/models")).cache).toBe("hit");
    await s.ok(ops.AddAliasDocument, { input: { name: "rest-new", target: "p/m1" } });
    const next = await get("/v1/models");
    expect(next.cache).toBe("miss");
    expect(next.body.data.map((m) => m.id)).toContain("rest-new");
    // /health may probe: never cached.
    await fetch(`${s.url}/health`);
    expect((await fetch(`${s.url}/health`)).headers.get("x-cache")).toBeNull();
  });
});
