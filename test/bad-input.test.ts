import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { seedDesignExamples } from "./support/seed.ts";
import { dumpStore, startTestServer, type GraphQLErrorShape, type GraphQLResult, type TestServer } from "./support/server.ts";

/*
 * Bad input is refused with a clear error and changes nothing (docs/contract.md section 3: the message
 * names the offending value and says what would be accepted). Every case goes through real HTTP
 * and compares a dump of every table before and after.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDesignExamples(server);
});
afterAll(() => server.close());

type Code = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT";

/**
 * Sends the request, asserts the first error's code and message, that no payload came back, and
 * that the database is unchanged. Takes a thunk rather than a promise so that the "before" dump is
 * certainly taken before the request is sent.
 */
async function expectRefused<R>(send: () => Promise<GraphQLResult<R>>, code: Code, message: RegExp): Promise<GraphQLErrorShape> {
  const before = await dumpStore(server.store);
  const result = await send();
  const error = result.errors?.[0];
  expect(error?.extensions?.code, `errors: ${JSON.stringify(result.errors)}; data: ${JSON.stringify(result.data)}`).toBe(code);
  expect(error!.message).toMatch(message);
  // A refused root field is null (and, being non-null in the schema, nulls the whole data).
  if (result.data != null) for (const value of Object.values(result.data)) expect(value).toBeNull();
  expect(await dumpStore(server.store)).toStrictEqual(before);
  return error!;
}

/** The value as the service quotes it in messages (a JSON string), ready for a RegExp. */
function q(value: string): string {
  return JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The response body exactly as sent over the wire, for "this secret never appears" checks. */
async function postRaw<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<{ text: string; result: GraphQLResult<R> }> {
  const result = await server.gql(doc, variables);
  return { text: result.text, result };
}

async function idOfAlias(name: string): Promise<string> {
  const { alias } = await server.ok(ops.AliasDocument, { name });
  return alias!.id;
}

async function idOfFirstDeployment(group: string): Promise<string> {
  const { modelGroup } = await server.ok(ops.ModelGroupDocument, { name: group });
  return modelGroup!.deployments[0]!.id;
}

const base64url = (s: string) => Buffer.from(s, "utf8").toString("base64url");

describe("providers", () => {
  it("refuses an unknown provider type, listing the accepted types and suggesting the near miss", async () => {
    const error = await expectRefused(
      () => server.gql(ops.CreateProviderDocument, { input: { name: "or-typo", type: "openrouterr" } }),
      "BAD_USER_INPUT",
      /"openrouterr"/,
    );
    expect(error.extensions?.suggestions).toContain("openrouter");
    const { providerTypes } = await server.ok(ops.ProviderTypesDocument, {});
    for (const type of providerTypes) expect(error.message).toContain(type.id);
  });

  it("refuses a provider name containing '/'", async () => {
    await expectRefused(
      () => server.gql(ops.CreateProviderDocument, { input: { name: "nvidia/nim", type: "openai" } }),
      "BAD_USER_INPUT",
      new RegExp(`${q("nvidia/nim")}.*'/'`),
    );
  });

  it("refuses a provider name with upper-case letters", async () => {
    await expectRefused(
      () => server.gql(ops.CreateProviderDocument, { input: { name: "NvidiaNim", type: "openai" } }),
      "BAD_USER_INPUT",
      new RegExp(`${q("NvidiaNim")}.*lower case`),
    );
  });

  it("refuses an empty provider name", async () => {
    await expectRefused(
      () => server.gql(ops.CreateProviderDocument, { input: { name: "", type: "openai" } }),
      "BAD_USER_INPUT",
      /provider name "".*lower-case letters, digits/,
    );
  });

  it("refuses a duplicate provider name, naming the existing provider's type", async () => {
    await expectRefused(
      () => server.gql(ops.CreateProviderDocument, { input: { name: "vllm", type: "openai" } }),
      "CONFLICT",
      /provider "vllm" already exists.*type "hosted_vllm"/,
    );
  });

  it("refuses updateProvider on a missing provider (NOT_FOUND, with suggestions)", async () => {
    const error = await expectRefused(
      () => server.gql(ops.UpdateProviderDocument, { name: "openroutr", input: { displayName: "OR" } }),
      "NOT_FOUND",
      /provider "openroutr" does not exist/,
    );
    expect(error.extensions?.suggestions).toContain("openrouter");
  });

  it("refuses deleteProvider while it has deployments, without force", async () => {
    await server.ok(ops.CreateProviderDocument, { input: { name: "del-prov", type: "openai" } });
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "del-prov-group" } });
    await server.ok(ops.AddDeploymentDocument, { input: { group: "del-prov-group", provider: "del-prov", model: "gpt-4o" } });
    await expectRefused(
      () => server.gql(ops.DeleteProviderDocument, { name: "del-prov" }),
      "CONFLICT",
      /provider "del-prov" still serves 1 deployment.*"del-prov-group".*force: true/,
    );
  });

  describe("a malformed literal apiKey is refused and never echoed", () => {
    // Keys are accepted (stored encrypted: test/secrets.test.ts); one with surrounding whitespace is not.
    const KEY = " sk-live-DO-NOT-ECHO-8f3a9c1e\n";

    it("on createProvider", async () => {
      let body = "";
      await expectRefused(
        async () => {
          const raw = await postRaw(ops.CreateProviderDocument, { input: { name: "keyed", type: "openai", apiKey: KEY } });
          body = raw.text;
          return raw.result;
        },
        "BAD_USER_INPUT",
        /apiKey must be 1–8192 characters without leading or trailing whitespace \(the value is not shown\)/,
      );
      expect(body).not.toContain("8f3a9c1e");
    });

    it("on updateProvider", async () => {
      let body = "";
      await expectRefused(
        async () => {
          const raw = await postRaw(ops.UpdateProviderDocument, { name: "openrouter", input: { apiKey: KEY } });
          body = raw.text;
          return raw.result;
        },
        "BAD_USER_INPUT",
        /apiKey must be/,
      );
      expect(body).not.toContain("8f3a9c1e");
    });
  });
});

describe("public names (groups and aliases share one namespace)", () => {
  it("refuses a duplicate group name", async () => {
    await expectRefused(
      () => server.gql(ops.CreateModelGroupDocument, { input: { name: "claude-opus" } }),
      "CONFLICT",
      /"claude-opus" is already a model group/,
    );
  });

  it("refuses a duplicate alias name, saying it is an alias and what it points at", async () => {
    await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "smart", target: "gpt-1" } }),
      "CONFLICT",
      /"smart" is already an alias.*points at "claude-opus"/,
    );
  });

  it("refuses an alias whose name is an existing group, naming the group", async () => {
    await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "glm-nim", target: "claude-opus" } }),
      "CONFLICT",
      /"glm-nim" is already a model group/,
    );
  });

  it("refuses a group whose name is an existing alias", async () => {
    await expectRefused(
      () => server.gql(ops.CreateModelGroupDocument, { input: { name: "smart" } }),
      "CONFLICT",
      /"smart" is already an alias.*"claude-opus"/,
    );
  });

  it("refuses an alias to a missing group (NOT_FOUND, suggesting the close name)", async () => {
    const error = await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "opus-typo", target: "claude-opsu" } }),
      "NOT_FOUND",
      /"claude-opsu" does not exist.*"claude-opus"/,
    );
    expect(error.extensions?.suggestions).toContain("claude-opus");
  });

  it("refuses an alias to an alias", async () => {
    await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "smarter", target: "smart" } }),
      "BAD_USER_INPUT",
      /"smart".*an alias must point at a model group/,
    );
  });

  it("refuses addAlias with both target and provider + model", async () => {
    await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "both", target: "claude-opus", provider: "openrouter", model: "anthropic/claude-opus-4-5" } }),
      "BAD_USER_INPUT",
      /either target .*or provider \+ model, not both/,
    );
  });

  it("refuses addAlias with neither target nor provider + model", async () => {
    await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "neither" } }),
      "BAD_USER_INPUT",
      /either target .*or provider \+ model.*neither/,
    );
  });

  it("refuses addAlias with provider but no model", async () => {
    await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "half", provider: "openrouter" } }),
      "BAD_USER_INPUT",
      /provider and model go together.*model is missing/,
    );
  });

  it("refuses deleteModelGroup while aliases point at it, without force, naming the alias", async () => {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: "del-group" } });
    await server.ok(ops.AddAliasDocument, { input: { name: "del-group-alias", target: "del-group" } });
    const error = await expectRefused(
      () => server.gql(ops.DeleteModelGroupDocument, { name: "del-group" }),
      "CONFLICT",
      /"del-group".*"del-group-alias".*force: true/,
    );
    expect(error.extensions?.aliases).toEqual(["del-group-alias"]);
  });

  it("refuses updateAlias renaming onto an existing group name", async () => {
    await expectRefused(
      () => server.gql(ops.UpdateAliasDocument, { name: "smart", input: { name: "gpt-1" } }),
      "CONFLICT",
      /"gpt-1" is already a model group/,
    );
  });

  it("refuses updateAlias retargeting to an alias", async () => {
    await expectRefused(
      () => server.gql(ops.UpdateAliasDocument, { name: "smart", input: { target: "nvgm" } }),
      "BAD_USER_INPUT",
      /"nvgm".*an alias must point at a model group/,
    );
  });
});

describe("name syntax", () => {
  const long257 = "n" + "x".repeat(255) + "z";
  /** [label, name, what the message must say about the character (RegExp source)] */
  const refusedNames: [string, string, string][] = [
    ["a tab", "gpt\t4o", "whitespace \\(U\\+0009\\)"],
    ["a newline", "gpt\n4o", "whitespace \\(U\\+000A\\)"],
    ["a non-breaking space (U+00A0)", "gpt\u00a04o", "whitespace \\(U\\+00A0\\)"],
    ["a control character (U+0007)", "gpt\u00074o", "a control .*\\(U\\+0007\\)"],
    ["a zero-width space (U+200B)", "gpt\u200b4o", ".*\\(U\\+200B\\)"],
  ];
  const refusal = (name: string, why: string) => new RegExp(`${q(name)} contains ${why}.*may not contain whitespace other than single inner spaces, nor control characters`);
  /** Spaces: one between words is a real LiteLLM model_name (`Local LLM`); others are refused, naming the problem. */
  const spacedNames: [string, string, string][] = [
    ["a leading space", " gpt4o", "a leading space"],
    ["a trailing space", "gpt4o ", "a trailing space"],
    ["two spaces in a row", "gpt  4o", "two spaces in a row"],
  ];

  for (const [label, name, why] of refusedNames) {
    it(`refuses a group name with ${label}`, async () => {
      await expectRefused(() => server.gql(ops.CreateModelGroupDocument, { input: { name } }), "BAD_USER_INPUT", refusal(name, why));
    });

    it(`refuses an alias name with ${label}`, async () => {
      await expectRefused(() => server.gql(ops.AddAliasDocument, { input: { name, target: "claude-opus" } }), "BAD_USER_INPUT", refusal(name, why));
    });
  }

  for (const [label, name, why] of spacedNames) {
    it(`refuses a group name and an alias name with ${label}`, async () => {
      const message = new RegExp(`${q(name)} has ${why}; names may hold single spaces between words only`);
      await expectRefused(() => server.gql(ops.CreateModelGroupDocument, { input: { name } }), "BAD_USER_INPUT", message);
      await expectRefused(() => server.gql(ops.AddAliasDocument, { input: { name, target: "claude-opus" } }), "BAD_USER_INPUT", message);
    });
  }

  it("accepts a group name and an alias name with single inner spaces", async () => {
    const group = await server.gql(ops.CreateModelGroupDocument, { input: { name: "Local LLM" } });
    expect(group.errors).toBeUndefined();
    const alias = await server.gql(ops.AddAliasDocument, { input: { name: "my local model", target: "Local LLM" } });
    expect(alias.errors).toBeUndefined();
  });

  it("refuses an empty group name and an empty alias name", async () => {
    await expectRefused(() => server.gql(ops.CreateModelGroupDocument, { input: { name: "" } }), "BAD_USER_INPUT", /must not be empty.*1–256 characters/);
    await expectRefused(
      () => server.gql(ops.AddAliasDocument, { input: { name: "", target: "claude-opus" } }),
      "BAD_USER_INPUT",
      /must not be empty.*1–256 characters/,
    );
  });

  it("refuses a 257-character group name and alias name", async () => {
    expect(long257).toHaveLength(257);
    const why = new RegExp(`"${long257.slice(0, 20)}.*257 characters.*at most 256`);
    await expectRefused(() => server.gql(ops.CreateModelGroupDocument, { input: { name: long257 } }), "BAD_USER_INPUT", why);
    await expectRefused(() => server.gql(ops.AddAliasDocument, { input: { name: long257, target: "claude-opus" } }), "BAD_USER_INPUT", why);
  });

  it("accepts a 256-character group name and alias name (positive control)", async () => {
    const group = "g".repeat(255) + "1";
    const alias = "a".repeat(255) + "1";
    expect(group).toHaveLength(256);
    const created = await server.ok(ops.CreateModelGroupDocument, { input: { name: group } });
    expect(created.createModelGroup.modelGroup.name).toBe(group);
    const added = await server.ok(ops.AddAliasDocument, { input: { name: alias, target: group } });
    expect(added.addAlias.alias.target.name).toBe(group);
    const resolved = await server.ok(ops.ResolveDocument, { name: alias });
    expect(resolved.resolve.group?.name).toBe(group);
  });
});

describe("deployments", () => {
  for (const type of ["azure", "hosted_vllm"]) {
    it(`refuses addDeployment without apiBase on a ${type} provider that has none`, async () => {
      const provider = `bare-${type.replace("_", "-")}`;
      const group = `${provider}-group`;
      await server.ok(ops.CreateProviderDocument, { input: { name: provider, type } });
      await server.ok(ops.CreateModelGroupDocument, { input: { name: group } });
      await expectRefused(
        () => server.gql(ops.AddDeploymentDocument, { input: { group, provider, model: "gpt-4o" } }),
        "BAD_USER_INPUT",
        new RegExp(`provider ${q(provider)} \\(type ${q(type)}\\) has no API base.*apiBase`),
      );
    });
  }

  const badSettings: [string, { priority?: number; weight?: number; rpm?: number }, RegExp][] = [
    ["priority -1", { priority: -1 }, /priority -1 is out of range; accepted: an integer from 0/],
    ["weight -5", { weight: -5 }, /weight -5 is out of range; accepted: an integer from 0/],
    ["rpm 0", { rpm: 0 }, /rpm 0 is out of range; accepted: an integer from 1/],
  ];
  for (const [label, settings, why] of badSettings) {
    it(`refuses addDeployment with ${label}`, async () => {
      await expectRefused(
        () => server.gql(ops.AddDeploymentDocument, { input: { group: "claude-opus", provider: "openrouter", model: "anthropic/claude-sonnet-4", ...settings } }),
        "BAD_USER_INPUT",
        why,
      );
    });

    it(`refuses updateDeployment with ${label}`, async () => {
      const id = await idOfFirstDeployment("claude-opus");
      await expectRefused(() => server.gql(ops.UpdateDeploymentDocument, { id, input: settings }), "BAD_USER_INPUT", why);
    });
  }

  it("answers NOT_FOUND for updateDeployment and removeDeployment of a well-formed id that does not exist", async () => {
    const id = base64url("Deployment:999999");
    await expectRefused(() => server.gql(ops.UpdateDeploymentDocument, { id, input: { priority: 1 } }), "NOT_FOUND", /deployment 999999 does not exist/);
    await expectRefused(() => server.gql(ops.RemoveDeploymentDocument, { id }), "NOT_FOUND", /deployment 999999 does not exist/);
  });
});

describe("malformed ids", () => {
  const malformed: [string, string][] = [
    ["xyz", "xyz"],
    ["the empty string", ""],
    ['base64 of "Deployment:abc"', Buffer.from("Deployment:abc", "utf8").toString("base64")],
    ['base64url of "Deployment:abc"', base64url("Deployment:abc")],
  ];
  const notAnId = (id: string) => new RegExp(`id ${q(id)} is not a modelgraph id.*use the id field`);

  for (const [label, id] of malformed) {
    it(`deployment(id:) refuses ${label}`, async () => {
      await expectRefused(() => server.gql(ops.DeploymentDocument, { id }), "BAD_USER_INPUT", notAnId(id));
    });
    it(`updateDeployment refuses ${label}`, async () => {
      await expectRefused(() => server.gql(ops.UpdateDeploymentDocument, { id, input: { priority: 1 } }), "BAD_USER_INPUT", notAnId(id));
    });
    it(`removeDeployment refuses ${label}`, async () => {
      await expectRefused(() => server.gql(ops.RemoveDeploymentDocument, { id }), "BAD_USER_INPUT", notAnId(id));
    });
    it(`node(id:) refuses ${label}`, async () => {
      await expectRefused(() => server.gql(ops.NodeDocument, { id }), "BAD_USER_INPUT", notAnId(id));
    });
  }

  const aliasIdWhereDeployment = (id: string) => new RegExp(`id ${q(id)} is the id of an Alias, not of a Deployment`);

  it("deployment(id:) refuses a valid Alias id", async () => {
    const id = await idOfAlias("smart");
    await expectRefused(() => server.gql(ops.DeploymentDocument, { id }), "BAD_USER_INPUT", aliasIdWhereDeployment(id));
  });

  it("updateDeployment refuses a valid Alias id", async () => {
    const id = await idOfAlias("smart");
    await expectRefused(() => server.gql(ops.UpdateDeploymentDocument, { id, input: { priority: 1 } }), "BAD_USER_INPUT", aliasIdWhereDeployment(id));
  });

  it("removeDeployment refuses a valid Alias id", async () => {
    const id = await idOfAlias("smart");
    await expectRefused(() => server.gql(ops.RemoveDeploymentDocument, { id }), "BAD_USER_INPUT", aliasIdWhereDeployment(id));
    // The alias whose id it was is untouched.
    expect((await server.ok(ops.AliasDocument, { name: "smart" })).alias?.target.name).toBe("claude-opus");
  });
});

describe("apiBase", () => {
  const PASSWORD = "hunter2-pw-77";
  const QUERY_KEY = "sk-query-5e1d";
  const cases: [string, string, RegExp, string[]][] = [
    ["not a URL", "not a url", new RegExp(`${q("not a url")} is not an absolute URL`), []],
    ["an ftp:// URL", "ftp://files.example.com/v1", new RegExp(`${q("ftp://files.example.com/v1")} uses ftp; only http and https`), []],
    ["a URL with user:password@", `https://alice:${PASSWORD}@api.example.com/v1`, /"https:\/\/\*\*\*@api\.example\.com\/v1" must not contain credentials.*apiKeyEnv/, [PASSWORD, "alice"]],
    ["a URL with a query string", `https://api.example.com/v1?key=${QUERY_KEY}`, /"https:\/\/api\.example\.com\/v1" must not have a query string/, [QUERY_KEY]],
  ];

  const senders: Record<string, (apiBase: string) => Promise<{ text: string; result: GraphQLResult<unknown> }>> = {
    createProvider: (apiBase: string) => postRaw(ops.CreateProviderDocument, { input: { name: "base-check", type: "openai", apiBase } }),
    updateProvider: (apiBase: string) => postRaw(ops.UpdateProviderDocument, { name: "openrouter", input: { apiBase } }),
    addDeployment: (apiBase: string) =>
      postRaw(ops.AddDeploymentDocument, { input: { group: "claude-opus", provider: "openrouter", model: "anthropic/claude-haiku-4-5", apiBase } }),
  };

  for (const [label, apiBase, why, secrets] of cases) {
    for (const [operation, send] of Object.entries(senders)) {
      it(`${operation} refuses ${label}${secrets.length ? " without echoing the secret" : ""}`, async () => {
        let body = "";
        await expectRefused(
          async () => {
            const raw = await send(apiBase);
            body = raw.text;
            return raw.result;
          },
          "BAD_USER_INPUT",
          why,
        );
        expect(body).toContain("apiBase");
        for (const secret of secrets) expect(body).not.toContain(secret);
      });
    }
  }
});

describe("connections", () => {
  const connections: [string, (page: { first?: number; after?: string }) => Promise<GraphQLResult<unknown>>][] = [
    ["modelGroups", (page) => server.gql(ops.ModelGroupsDocument, page)],
    ["aliases", (page) => server.gql(ops.AliasesDocument, page)],
    ["deployments", (page) => server.gql(ops.DeploymentsDocument, page)],
    ["providers", (page) => server.gql(ops.ProvidersDocument, page)],
    ["Provider.deployments", (page) => server.gql(ops.ProviderDocument, { name: "openrouter", ...page })],
  ];

  for (const [label, send] of connections) {
    it(`${label} refuses first: 501`, async () => {
      await expectRefused(() => send({ first: 501 }), "BAD_USER_INPUT", /first 501 is out of range; accepted: 0 to 500/);
    });

    it(`${label} refuses a garbage after cursor`, async () => {
      await expectRefused(() => send({ after: "garbage!!" }), "BAD_USER_INPUT", /after "garbage!!" is not a cursor of this list/);
    });
  }

  it("deployments refuses a cursor taken from another list (modelGroups)", async () => {
    const groups = await server.ok(ops.ModelGroupsDocument, { first: 1 });
    const after = groups.modelGroups.pageInfo.endCursor!;
    await expectRefused(() => server.gql(ops.DeploymentsDocument, { after }), "BAD_USER_INPUT", new RegExp(`after ${q(after)} is not a cursor of this list`));
  });
});

describe("resolve", () => {
  it('refuses resolve("")', async () => {
    await expectRefused(() => server.gql(ops.ResolveDocument, { name: "" }), "BAD_USER_INPUT", /must not be empty/);
  });

  it("answers NOT_FOUND for an unknown name, with suggestions", async () => {
    const error = await expectRefused(() => server.gql(ops.ResolveDocument, { name: "smrt" }), "NOT_FOUND", /"smrt" does not exist.*did you mean.*"smart"/);
    expect(error.extensions?.suggestions).toContain("smart");
  });

  it("answers NOT_FOUND for a near miss of a group name, suggesting the group", async () => {
    const error = await expectRefused(() => server.gql(ops.ResolveDocument, { name: "claude-opsu" }), "NOT_FOUND", /"claude-opsu" does not exist/);
    expect(error.extensions?.suggestions).toContain("claude-opus");
  });
});
