import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { seedDesignExamples } from "./support/seed.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("docs/contract.md seed examples", () => {
  it("gives the prefixed ids of the table", async () => {
    await seedDesignExamples(server);
    const ids = await server.ok(ops.DeploymentsDocument, { first: 10 });
    expect(ids.deployments.edges.map((e) => e.node.prefixedId)).toEqual([
      "hosted_vllm/z-ai/glm4.7",
      "openrouter/anthropic/claude-opus-4-5",
      "zai/glm-4.7",
      "azure/gpt-1",
    ]);
  });
});
