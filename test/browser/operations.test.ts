import { readFileSync } from "node:fs";
import { buildSchema, parse, validate, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import * as operations from "../../dashboard/src/operations.ts";

/**
 * The dashboard's operations against the committed SDL: a field renamed or removed in the API
 * fails here, naming the operation, rather than as a blank page in the browser tests.
 */
const schema = buildSchema(readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8"));

describe("dashboard operations", () => {
  const entries = Object.entries(operations);

  it("are all GraphQL documents with one named operation each", () => {
    expect(entries.length).toBeGreaterThan(10);
    for (const [name, text] of entries) {
      const document = parse(text);
      expect(document.definitions, name).toHaveLength(1);
      expect(document.definitions[0]).toMatchObject({ kind: "OperationDefinition", name: { value: expect.stringMatching(/^Dashboard/) } });
    }
  });

  it.each(entries)("%s is valid against schema/schema.graphql", (_name, text) => {
    const document = parse(text);
    // graphql 16's validation does not check that the schema has the operation's root type.
    const { operation } = document.definitions[0] as OperationDefinitionNode;
    expect(schema.getRootType(operation), `the schema has no ${operation} type`).toBeDefined();
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
