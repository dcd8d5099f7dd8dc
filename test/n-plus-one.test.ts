import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // 5 providers, 20 groups of 2 deployments each, 100 aliases spread over the groups.
  for (let p = 0; p < 5; p++) {
    await server.ok(ops.CreateProviderDocument, { input: { name: `prov-${p}`, type: "openai", apiBase: `http://127.0.0.1:${9000 + p}/v1` } });
  }
  for (let g = 0; g < 20; g++) {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: `group-${g}` } });
    for (let d = 0; d < 2; d++) {
      await server.ok(ops.AddDeploymentDocument, { input: { group: `group-${g}`, provider: `prov-${(g + d) % 5}`, model: `model-${g}-${d}`, priority: d } });
    }
  }
  for (let a = 0; a < 100; a++) {
    await server.ok(ops.AddAliasDocument, { input: { name: `alias-${String(a).padStart(3, "0")}`, target: `group-${a % 20}` } });
  }
});
afterAll(() => server.close());

async function statementsFor(first: number): Promise<{ count: number; aliases: number }> {
  server.statements.length = 0;
  const data = await server.ok(ops.AliasesDeepDocument, { first });
  return { count: server.statements.length, aliases: data.aliases.edges.length };
}

describe("DataLoader batching", () => {
  it("lists 100 aliases with target, deployments and provider in as many statements as 5", async () => {
    // The first read after the setup's writes also reads the catalog's list sizes for costing (once per database version).
    await statementsFor(5);
    const small = await statementsFor(5);
    const large = await statementsFor(100);
    expect(small.aliases).toBe(5);
    expect(large.aliases).toBe(100);
    console.log(`N+1 check: first:5 → ${small.count} SQL statements, first:100 → ${large.count} SQL statements`);
    expect(large.count).toBe(small.count);
    // A fixed, small number: page + count, then one batch per relation (groups, deployments, providers, health).
    expect(large.count).toBeLessThanOrEqual(8);
  });

  it("reads facts on pages of aliases, groups and deployments without a statement per item", async () => {
    const counts: string[] = [];
    async function measure<R, V>(name: string, doc: import("@graphql-typed-document-node/core").TypedDocumentNode<R, V>, small: V, large: V, items: (data: R) => number) {
      await server.ok(doc, small); // warms the list sizes and the registry for this database version
      server.statements.length = 0;
      const a = await server.ok(doc, small);
      const smallCount = server.statements.length;
      server.statements.length = 0;
      const b = await server.ok(doc, large);
      const largeCount = server.statements.length;
      counts.push(`${name} ${items(a)} → ${smallCount}, ${items(b)} → ${largeCount}`);
      expect(items(b)).toBeGreaterThan(items(a));
      expect(largeCount).toBe(smallCount);
      return largeCount;
    }
    const aliases = await measure("aliases", ops.AliasesFactsDocument, { first: 5 }, { first: 100 }, (d) => d.aliases.edges.length);
    await measure("modelGroups", ops.GroupsFactsDocument, { first: 3 }, { first: 20 }, (d) => d.modelGroups.edges.length);
    await measure("deployments", ops.DeploymentsFactsDocument, { first: 5 }, { first: 40 }, (d) => d.deployments.edges.length);
    console.log(`facts statements (items → statements): ${counts.join("; ")}`);
    // The list sizes' change check (2), page + count, groups, deployments, providers, and one
    // registry change check (2) for every facts field of the request.
    expect(aliases).toBeLessThanOrEqual(9);
    const data = await server.ok(ops.AliasesFactsDocument, { first: 1 });
    expect(data.aliases.edges[0]!.node.deployments[0]!.facts.sources[0]!.kind).toBe("NOT_FOUND");
  });

  it("answers the deep listing with every relation filled", async () => {
    const data = await server.ok(ops.AliasesDeepDocument, { first: 100 });
    const first = data.aliases.edges[0]!.node;
    expect(first.name).toBe("alias-000");
    expect(first.target.name).toBe("group-0");
    expect(first.deployments.map((d) => d.prefixedId)).toEqual(["openai/model-0-0", "openai/model-0-1"]);
    expect(first.deployments[0]!.provider.name).toBe("prov-0");
    expect(first.deployments[0]!.apiBase).toBe("http://127.0.0.1:9000/v1");
    expect(first.provider?.name).toBe("prov-0");
    expect(first.prefixedId).toBe("openai/model-0-0");
    expect(first.health).toBe("UNKNOWN");
    expect(first.target.providers.map((p) => p.name)).toEqual(["prov-0", "prov-1"]);
    expect(data.aliases.totalCount).toBe(100);
  });
});
