import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * Fallback rules of model groups (issue 10): set with createModelGroup / updateModelGroup, returned
 * by ModelGroup.fallbacks and by resolve() for the resolved group (alias, group, <provider>/<model>,
 * wildcard), never followed; bad rules refused with the location, the value and what is accepted.
 */

function doc<R, V>(source: string): TypedDocumentNode<R, V> {
  return parse(source) as unknown as TypedDocumentNode<R, V>;
}

type Kind = "GENERAL" | "CONTEXT_WINDOW" | "CONTENT_POLICY";
interface Rule {
  kind: Kind | string;
  to: string[];
}
interface GroupView {
  name: string;
  fallbacks: Rule[];
}

const CREATE = doc<{ createModelGroup: { modelGroup: GroupView } }, { input: { name: string; fallbacks?: Rule[] | null } }>(`
  mutation ($input: CreateModelGroupInput!) { createModelGroup(input: $input) { modelGroup { name fallbacks { kind to } } } }`);
const UPDATE = doc<{ updateModelGroup: { modelGroup: GroupView } }, { name: string; input: { name?: string; description?: string; fallbacks?: Rule[] | null } }>(`
  mutation ($name: String!, $input: UpdateModelGroupInput!) { updateModelGroup(name: $name, input: $input) { modelGroup { name fallbacks { kind to } } } }`);
const GROUP = doc<{ modelGroup: (GroupView & { description: string | null }) | null }, { name: string }>(`
  query ($name: String!) { modelGroup(name: $name) { name description fallbacks { kind to } } }`);
const RESOLVE = doc<{ resolve: { kind: string; group: { name: string } | null; fallbacks: Rule[]; deployment: { id: string } | null } }, { name: string }>(`
  query ($name: String!) { resolve(name: $name) { kind group { name } fallbacks { kind to } deployment { id } } }`);

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.ok(ops.CreateProviderDocument, { input: { name: "openai", type: "openai" } });
  await s.ok(ops.CreateProviderDocument, { input: { name: "azure-eu", type: "azure", apiBase: "https://eu.openai.azure.com/" } });
});
afterAll(() => s.close());

async function group(name: string): Promise<(GroupView & { description: string | null }) | null> {
  return (await s.ok(GROUP, { name })).modelGroup;
}

async function refused<R, V>(operation: TypedDocumentNode<R, V>, variables: V) {
  const result = await s.gql(operation, variables);
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  return result.errors![0]!.message;
}

describe("setting fallbacks", () => {
  it("createModelGroup stores the rules, one per kind in LiteLLM's order, targets in the order given", async () => {
    const created = await s.ok(CREATE, {
      input: {
        name: "gpt-4o",
        fallbacks: [
          { kind: "CONTEXT_WINDOW", to: ["gpt-4o-long"] },
          { kind: "GENERAL", to: ["claude-sonnet", "azure/gpt-4o"] },
        ],
      },
    });
    const expected = [
      { kind: "GENERAL", to: ["claude-sonnet", "azure/gpt-4o"] },
      { kind: "CONTEXT_WINDOW", to: ["gpt-4o-long"] },
    ];
    expect(created.createModelGroup.modelGroup.fallbacks).toEqual(expected);
    expect((await group("gpt-4o"))!.fallbacks).toEqual(expected);
  });

  it("a group without rules answers []", async () => {
    await s.ok(CREATE, { input: { name: "no-rules" } });
    expect((await group("no-rules"))!.fallbacks).toEqual([]);
  });

  it("updateModelGroup replaces the rules; absent leaves them; [] removes them", async () => {
    await s.ok(CREATE, { input: { name: "upd", fallbacks: [{ kind: "GENERAL", to: ["a"] }] } });
    await s.ok(UPDATE, { name: "upd", input: { description: "only the description" } });
    expect((await group("upd"))!.fallbacks).toEqual([{ kind: "GENERAL", to: ["a"] }]);
    const replaced = await s.ok(UPDATE, { name: "upd", input: { fallbacks: [{ kind: "CONTENT_POLICY", to: ["safe-model", "b"] }] } });
    expect(replaced.updateModelGroup.modelGroup.fallbacks).toEqual([{ kind: "CONTENT_POLICY", to: ["safe-model", "b"] }]);
    await s.ok(UPDATE, { name: "upd", input: { fallbacks: [] } });
    expect((await group("upd"))!.fallbacks).toEqual([]);
  });
});

describe("resolve() returns the resolved group's fallbacks, in order, without following them", () => {
  beforeAll(async () => {
    await s.ok(ops.AddDeploymentDocument, { input: { group: "gpt-4o", provider: "openai", model: "gpt-4o" } });
    await s.ok(ops.AddAliasDocument, { input: { name: "default-chat", target: "gpt-4o" } });
  });

  it("for the group itself", async () => {
    const r = (await s.ok(RESOLVE, { name: "gpt-4o" })).resolve;
    expect(r.kind).toBe("MODEL_GROUP");
    expect(r.fallbacks).toEqual([
      { kind: "GENERAL", to: ["claude-sonnet", "azure/gpt-4o"] },
      { kind: "CONTEXT_WINDOW", to: ["gpt-4o-long"] },
    ]);
    // Not followed: the answer is still the group's own deployment.
    expect(r.deployment).not.toBeNull();
  });

  it("for an alias (its target's) and for <provider>/<model> (the selected deployment's group)", async () => {
    const viaAlias = (await s.ok(RESOLVE, { name: "default-chat" })).resolve;
    expect(viaAlias.kind).toBe("ALIAS");
    expect(viaAlias.fallbacks[0]).toEqual({ kind: "GENERAL", to: ["claude-sonnet", "azure/gpt-4o"] });
    const viaProvider = (await s.ok(RESOLVE, { name: "openai/gpt-4o" })).resolve;
    expect(viaProvider.kind).toBe("PROVIDER_MODEL");
    expect(viaProvider.group?.name).toBe("gpt-4o");
    expect(viaProvider.fallbacks).toHaveLength(2);
  });

  it("for a wildcard route (the pattern group's), e.g. azure/* falling back to gpt-4o", async () => {
    await s.ok(CREATE, { input: { name: "azure/*", fallbacks: [{ kind: "GENERAL", to: ["gpt-4o"] }] } });
    await s.ok(ops.AddDeploymentDocument, { input: { group: "azure/*", provider: "azure-eu", model: "*" } });
    const r = (await s.ok(RESOLVE, { name: "azure/gpt-4o" })).resolve;
    expect(r.kind).toBe("WILDCARD");
    expect(r.group?.name).toBe("azure/*");
    expect(r.fallbacks).toEqual([{ kind: "GENERAL", to: ["gpt-4o"] }]);
  });
});

describe("bad fallback rules are refused and change nothing", () => {
  beforeAll(async () => {
    await s.ok(CREATE, { input: { name: "guarded", fallbacks: [{ kind: "GENERAL", to: ["kept"] }] } });
    await s.ok(ops.AddAliasDocument, { input: { name: "guarded-alias", target: "guarded" } });
  });
  const unchanged = async () => expect((await group("guarded"))!.fallbacks).toEqual([{ kind: "GENERAL", to: ["kept"] }]);

  it("an unknown kind (the enum names the accepted ones)", async () => {
    const result = await s.gql(UPDATE, { name: "guarded", input: { fallbacks: [{ kind: "RATE_LIMIT", to: ["x"] }] } });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toContain('"RATE_LIMIT"');
    expect(result.errors?.[0]?.message).toContain("FallbackKind");
    await unchanged();
  });

  it("more than 50 targets in one rule", async () => {
    const to = Array.from({ length: 51 }, (_, i) => `target-${i}`);
    const message = await refused(UPDATE, { name: "guarded", input: { fallbacks: [{ kind: "GENERAL", to }] } });
    expect(message).toBe("input.fallbacks[0].to: a GENERAL rule names 51 targets; at most 50 are accepted");
    await unchanged();
    // On create, the group is not created either.
    await refused(CREATE, { input: { name: "too-many", fallbacks: [{ kind: "GENERAL", to }] } });
    expect(await group("too-many")).toBeNull();
  });

  it("a group falling back to itself, by its name or one of its aliases", async () => {
    const self = await refused(UPDATE, { name: "guarded", input: { fallbacks: [{ kind: "GENERAL", to: ["other", "guarded"] }] } });
    expect(self).toBe('input.fallbacks[0].to[1]: "guarded" is the group itself: a group may not fall back to itself; name another group or model');
    const alias = await refused(UPDATE, { name: "guarded", input: { fallbacks: [{ kind: "CONTEXT_WINDOW", to: ["guarded-alias"] }] } });
    expect(alias).toMatch(/^input\.fallbacks\[0\]\.to\[0\]: "guarded-alias" is an alias of the group/);
    const created = await refused(CREATE, { input: { name: "loop", fallbacks: [{ kind: "GENERAL", to: ["loop"] }] } });
    expect(created).toMatch(/^input\.fallbacks\[0\]\.to\[0\]: "loop" is the group itself/);
    expect(await group("loop")).toBeNull();
    // Renamed onto one of its own targets: the same loop.
    const renamed = await refused(UPDATE, { name: "guarded", input: { name: "kept" } });
    expect(renamed).toMatch(/^name: "kept" is one of this group's fallback targets/);
    expect(await group("kept")).toBeNull();
    await unchanged();
  });

  it("a kind given twice, an empty list, a target that is no valid name, a target named twice", async () => {
    const cases: [Rule[], RegExp][] = [
      [[{ kind: "GENERAL", to: ["a"] }, { kind: "GENERAL", to: ["b"] }], /^input\.fallbacks\[1\]\.kind: kind GENERAL is given twice/],
      [[{ kind: "GENERAL", to: [] }], /^input\.fallbacks\[0\]\.to: a GENERAL rule needs at least one target/],
      [[{ kind: "GENERAL", to: ["fine", "bad\tname"] }], /^input\.fallbacks\[0\]\.to\[1\]: fallback target "bad\\tname" contains whitespace/],
      [[{ kind: "GENERAL", to: ["x".repeat(257)] }], /^input\.fallbacks\[0\]\.to\[0\]: fallback target "x+…" is 257 characters long; at most 256/],
      [[{ kind: "GENERAL", to: ["dup", "dup"] }], /^input\.fallbacks\[0\]\.to\[1\]: "dup" is named twice in the GENERAL rule/],
    ];
    for (const [fallbacks, pattern] of cases) {
      expect(await refused(UPDATE, { name: "guarded", input: { fallbacks, description: "must not be written" } })).toMatch(pattern);
    }
    await unchanged();
    expect((await group("guarded"))!.description).toBeNull();
  });
});

describe("fallbacks imported from a LiteLLM config", () => {
  it("litellm_settings.fallbacks of the corpus file become the group's rule, and the target resolves through the azure/* route", async () => {
    const server = await startTestServer();
    try {
      const content = readFileSync(resolvePath(import.meta.dirname, "../../shared/corpus/litellm/011-litellm-docs-reliability-azure-wildcard-fallback.yaml"), "utf8");
      await server.ok(ops.ImportConfigDocument, { format: "LITELLM_YAML", content });
      const r = (await server.ok(RESOLVE, { name: "gpt-4o" })).resolve;
      expect(r.fallbacks).toEqual([{ kind: "GENERAL", to: ["azure/gpt-4o"] }]);
      const target = (await server.ok(RESOLVE, { name: "azure/gpt-4o" })).resolve;
      expect(target.kind).toBe("WILDCARD");
      expect(target.group?.name).toBe("azure/*");
    } finally {
      await server.close();
    }
  });
});

