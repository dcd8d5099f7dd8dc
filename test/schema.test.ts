import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printSortedSchema } from "../src/api/graphql/schema.ts";

describe("schema/schema.graphql", () => {
  it("matches the schema the code builds (run `npm run schema:emit` after changing types)", () => {
    const committed = readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8");
    expect(printSortedSchema()).toBe(committed);
  });

  it("keeps the names docs/contract.md section 3 promises", () => {
    const sdl = printSortedSchema();
    for (const query of ["providerTypes", "providers(", "provider(", "modelGroups(", "modelGroup(", "aliases(", "alias(", "deployments(", "deployment(", "resolve(", "node("]) {
      expect(sdl, query).toContain(`  ${query}`);
    }
    for (const mutation of [
      "createProvider(input: CreateProviderInput!): CreateProviderPayload!",
      "updateProvider(input: UpdateProviderInput!, name: String!): UpdateProviderPayload!",
      "deleteProvider(",
      "createModelGroup(input: CreateModelGroupInput!): CreateModelGroupPayload!",
      "updateModelGroup(",
      "deleteModelGroup(",
      "addDeployment(input: AddDeploymentInput!): AddDeploymentPayload!",
      "updateDeployment(",
      "removeDeployment(",
      "addAlias(input: AddAliasInput!): AddAliasPayload!",
      "updateAlias(",
      "removeAlias(",
    ]) {
      expect(sdl, mutation).toContain(`  ${mutation}`);
    }
    expect(sdl).toMatch(/enum ResolutionKind \{\s+ALIAS\s+MODEL_GROUP\s+PROVIDER_MODEL\s+WILDCARD\s+\}/);
  });
});
