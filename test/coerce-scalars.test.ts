import fc from "fast-check";
import { buildSchema, getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { coerceScalars } from "../src/api/graphql/execution-guard.ts";

/*
 * The fast path of variable coercion (src/api/graphql/execution-guard.ts coerceScalars) against
 * graphql-js's own getVariableValues: wherever the fast path answers, graphql-js accepts the same
 * variables and coerces them to the same values; where graphql-js refuses, the fast path never
 * answers (so the refusal keeps graphql-js's words).
 */

const schema = buildSchema(`
  input Filter { name: String }
  enum Color { RED }
  type Query { f(s: String, i: Int, x: Float, b: Boolean, id: ID, filter: Filter, c: Color, l: [String]): String }
`);

const TYPES = ["String", "String!", "Int", "Int!", "Float", "Float!", "Boolean", "Boolean!", "ID", "ID!", "Filter", "Color", "[String]"];

const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.double(),
  fc.constantFrom(0, -0, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, Number.NaN, Infinity, 1.5, "1", "true", ""),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ name: "x" }),
  fc.constant(["a"]),
);

const definition = fc.record({ type: fc.constantFrom(...TYPES), withDefault: fc.boolean() });

function operationOf(defs: { type: string; withDefault: boolean }[]): OperationDefinitionNode {
  const defaults: Record<string, string> = { String: '"d"', Int: "1", Float: "1.5", Boolean: "true", ID: '"i"', Filter: '{ name: "n" }', Color: "RED", "[String]": '["a"]' };
  const vars = defs.map((d, i) => `$v${i}: ${d.type}${d.withDefault && !d.type.endsWith("!") ? ` = ${defaults[d.type]}` : ""}`);
  const text = `query Q${vars.length ? `(${vars.join(", ")})` : ""} { f }`;
  return parse(text).definitions[0] as OperationDefinitionNode;
}

describe("coerceScalars", () => {
  it("answers only where graphql-js accepts, with graphql-js's values", () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(definition, { maxLength: 4 }), fc.array(fc.option(value, { nil: undefined }), { minLength: 5, maxLength: 5 }), fc.boolean(), (defs, values, extra) => {
        const operation = operationOf(defs);
        const variables: Record<string, unknown> = {};
        values.forEach((v, i) => {
          if (v !== undefined) variables[`v${i}`] = v;
        });
        if (extra) variables.undeclared = 1;
        const fast = coerceScalars(operation, variables);
        const slow = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
        runs++;
        if (fast === undefined) return;
        answered++;
        expect(slow.errors).toBeUndefined();
        expect({ ...fast.coerced }).toStrictEqual({ ...slow.coerced });
      }),
      { numRuns: 5000, seed: 11 },
    );
    // The fast path is not vacuous: it answers a good share of the cases.
    expect(answered).toBeGreaterThan(runs / 20);
  });

  it("answers the read path's operations, and leaves defaults to apply, enums and input objects to graphql-js", () => {
    const alias = parse("query A($n: String!) { f }").definitions[0] as OperationDefinitionNode;
    expect(coerceScalars(alias, { n: "smart" })).toEqual({ coerced: { n: "smart" } });
    expect(coerceScalars(alias, { n: 3 })).toBeUndefined();
    expect(coerceScalars(alias, {})).toBeUndefined();
    const page = parse("query P($after: String, $first: Int) { f }").definitions[0] as OperationDefinitionNode;
    expect(coerceScalars(page, { after: null, first: 500 })).toEqual({ coerced: { after: null, first: 500 } });
    expect(coerceScalars(page, { after: null, first: 2 ** 31 })).toBeUndefined();
    const withDefault = parse('query D($s: String = "d") { f }').definitions[0] as OperationDefinitionNode;
    expect(coerceScalars(withDefault, { s: "x" })).toEqual({ coerced: { s: "x" } });
    expect(coerceScalars(withDefault, {})).toBeUndefined();
    for (const text of ["query E($c: Color) { f }", "query F($f: Filter) { f }", "query L($l: [String]) { f }"]) {
      const op = parse(text).definitions[0] as OperationDefinitionNode;
      expect(coerceScalars(op, { s: "x", c: "RED", f: { name: "x" }, l: ["a"] }), text).toBeUndefined();
    }
  });
});
