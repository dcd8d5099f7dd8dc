import * as ops from "../generated/graphql.ts";
import type { TestServer } from "./server.ts";

/**
 * The contract's seed catalog (docs/contract.md): the four providers of the prefixed-id table, a group per provider,
 * and the aliases `nvgm` and `smart`.
 */
export async function seedDesignExamples(server: TestServer): Promise<void> {
  const providers = [
    { name: "vllm", type: "hosted_vllm", apiBase: "https://integrate.api.nvidia.com/v1" },
    { name: "openrouter", type: "openrouter" },
    { name: "zhipu", type: "zai" },
    { name: "azure-eu", type: "azure", apiBase: "https://xyz1.openai.azure.com/" },
  ];
  for (const input of providers) await server.ok(ops.CreateProviderDocument, { input });
  const deployments = [
    { group: "glm-nim", provider: "vllm", model: "z-ai/glm4.7" },
    { group: "claude-opus", provider: "openrouter", model: "anthropic/claude-opus-4-5" },
    { group: "glm-zhipu", provider: "zhipu", model: "glm-4.7" },
    { group: "gpt-1", provider: "azure-eu", model: "gpt-1" },
  ];
  for (const d of deployments) {
    await server.ok(ops.CreateModelGroupDocument, { input: { name: d.group } });
    await server.ok(ops.AddDeploymentDocument, { input: d });
  }
  await server.ok(ops.AddAliasDocument, { input: { name: "nvgm", target: "glm-nim" } });
  await server.ok(ops.AddAliasDocument, { input: { name: "smart", target: "claude-opus" } });
}
