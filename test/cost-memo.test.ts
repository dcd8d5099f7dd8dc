import "reflect-metadata";
import fc from "fast-check";
import { parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { buildGraphQLSchema } from "../src/api/graphql/schema.ts";
import { analyzeOperation } from "../src/api/graphql/limits.ts";
import type { CatalogSizes } from "../src/catalog/list-sizes.ts";

/*
 * The cost of an operation is remembered per document, keyed by the arguments it reads and the
 * catalog's sizes (issue 11: "query cost computed once per document and variables shape"). A
 * remembered answer must be exactly what a fresh walk gives, whatever the variables.
 */

const schema = buildGraphQLSchema();
const QUERY = `query Q($name: String!, $n: Int, $m: Int) {
  alias(name: $name) { name provider { name } prefixedId health }
  aliases(first: $n) { edges { node { name deployments { model provider { name } } } } }
  modelGroups(first: $m) { edges { node { name deployments { id } aliases { name } } } }
}`;

function sizes(n: number): CatalogSizes {
  return { publicNames: 3 * n, providers: n, groups: n, aliases: 2 * n, deployments: 3 * n, enabledDeployments: 3 * n, deploymentsPerGroup: 3 + n, aliasesPerGroup: 2 + n, providersPerGroup: 3, deploymentsPerProviderModel: 1 };
}

describe("cost memo", () => {
  it("answers a later request with the same page sizes from memory, and equals a fresh walk for any variables and catalog sizes", () => {
    const cached = parse(QUERY);
    const op = cached.definitions[0] as OperationDefinitionNode;
    let sizeReads = 0;
    const count = (s: CatalogSizes) => () => (sizeReads++, s);
    fc.assert(
      fc.property(fc.string(), fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }), fc.integer({ min: 1, max: 5 }), (name, n, m, scale) => {
        const variables = { name, n, m };
        const fresh = parse(QUERY);
        const expected = analyzeOperation(schema, fresh, fresh.definitions[0] as OperationDefinitionNode, variables, sizes(scale * 100));
        expect(analyzeOperation(schema, cached, op, variables, count(sizes(scale * 100)))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    // Another alias name, same pages and sizes: the very object computed before.
    const a = analyzeOperation(schema, cached, op, { name: "x", n: 10, m: 20 }, sizes(100));
    const b = analyzeOperation(schema, cached, op, { name: "y", n: 10, m: 20 }, sizes(100));
    expect(b).toBe(a);
    // A different page size is a different cost.
    const c = analyzeOperation(schema, cached, op, { name: "y", n: 11, m: 20 }, sizes(100));
    expect(c.cost).toBeGreaterThan(a.cost);
    expect(sizeReads).toBeGreaterThan(0);
  });
});
