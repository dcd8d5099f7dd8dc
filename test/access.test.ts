import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { accessLevel, isLoopbackHost, writeRefusal } from "../src/api/http/access.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const ADMIN = "admin-token-1f2e3d";
const READ = "read-token-9a8b7c";
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function server(config: Parameters<typeof startTestServer>[0] extends infer O ? (O extends { config?: infer C } ? C : never) : never) {
  const s = await startTestServer({ config });
  servers.push(s);
  return s;
}

function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

async function raw<R, V>(s: TestServer, doc: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = {}) {
  const response = await fetch(`${s.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: print(doc), variables }) });
  return { status: response.status, body: (await response.json()) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const createGroup = { input: { name: "g" } };

describe("access control", () => {
  it("with an admin token, mutations need it and reads stay open", async () => {
    const s = await server({ adminToken: ADMIN });
    const refused = await raw(s, ops.CreateModelGroupDocument, createGroup);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(refused.body.errors?.[0]?.message).toContain("Authorization: Bearer <MODELGRAPH_ADMIN_TOKEN>");
    expect((await raw(s, ops.CreateModelGroupDocument, createGroup, bearer("wrong-token"))).status).toBe(401);
    expect((await raw(s, ops.CreateModelGroupDocument, createGroup, bearer(READ))).status).toBe(401);
    const allowed = await raw(s, ops.CreateModelGroupDocument, createGroup, bearer(ADMIN));
    expect(allowed.status).toBe(200);
    expect(allowed.body.data?.createModelGroup.modelGroup.name).toBe("g");
    // Nothing was written by the refused attempts: exactly one group.
    expect((await raw(s, ops.ModelGroupsDocument, {})).body.data?.modelGroups.totalCount).toBe(1);
  });

  it("without an admin token, a server listening beyond loopback refuses writes and says how to fix it", async () => {
    const s = await server({ host: "0.0.0.0" });
    const refused = await raw(s, ops.CreateModelGroupDocument, createGroup);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.message).toMatch(/writes are disabled.*set MODELGRAPH_ADMIN_TOKEN/);
    expect((await raw(s, ops.ModelGroupsDocument, {})).status).toBe(200);
    const loopback = await server({ host: "127.0.0.1" });
    expect((await raw(loopback, ops.CreateModelGroupDocument, createGroup)).status).toBe(200);
  });

  it("a read token protects queries and REST views, not liveness and readiness", async () => {
    const s = await server({ adminToken: ADMIN, readToken: READ });
    const anonymous = await raw(s, ops.ModelGroupsDocument, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.message).toContain("MODELGRAPH_READ_TOKEN");
    expect((await raw(s, ops.ModelGroupsDocument, {}, bearer(READ))).status).toBe(200);
    expect((await raw(s, ops.ModelGroupsDocument, {}, bearer(ADMIN))).status).toBe(200);
    // The read token does not write.
    expect((await raw(s, ops.CreateModelGroupDocument, createGroup, bearer(READ))).status).toBe(401);

    const models = await fetch(`${s.url}/v1/models`);
    expect(models.status).toBe(401);
    expect(((await models.json()) as { error: { type: string } }).error.type).toBe("authentication_error");
    expect((await fetch(`${s.url}/v1/models`, { headers: bearer(READ) })).status).not.toBe(401);
    for (const open of ["/health/liveliness", "/health/liveness", "/health/readiness"]) {
      expect((await fetch(`${s.url}${open}`)).status, open).not.toBe(401);
    }
  });

  it("parses tokens strictly and knows loopback addresses", () => {
    const policy = { adminToken: ADMIN, readToken: READ, loopbackOnly: false };
    expect(accessLevel(`Bearer ${ADMIN}`, policy)).toBe("admin");
    expect(accessLevel(`bearer ${READ}`, policy)).toBe("read");
    expect(accessLevel(`Bearer ${ADMIN}x`, policy)).toBe("none");
    expect(accessLevel(ADMIN, policy)).toBe("none");
    expect(accessLevel(undefined, policy)).toBe("none");
    expect(writeRefusal("none", { adminToken: undefined, readToken: undefined, loopbackOnly: true })).toBeNull();
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "192.168.1.1", "example.com"]) expect(isLoopbackHost(host), host).toBe(false);
  });
});
