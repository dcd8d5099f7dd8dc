/**
 * The synthetic catalog of the benchmarks, as a LiteLLM proxy config: 50 providers, 5,000 groups,
 * 15,000 deployments (3 per group on 3 providers), 10,000 aliases (2 per group).
 */
export const SYNTHETIC = { providers: 50, groups: 5_000, deploymentsPerGroup: 3, aliasesPerGroup: 2 };

/** `groups` scales the catalog down (tests); the other proportions stay. */
export function syntheticLiteLLMYaml(baseFor: (provider: number) => string, groups = SYNTHETIC.groups): string {
  const lines: string[] = ["model_list:"];
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < SYNTHETIC.deploymentsPerGroup; d++) {
      const p = (g * SYNTHETIC.deploymentsPerGroup + d) % SYNTHETIC.providers;
      lines.push(
        `  - model_name: group-${String(g).padStart(4, "0")}`,
        "    litellm_params:",
        `      model: openai/model-${g}-${d}`,
        `      api_base: ${baseFor(p)}`,
        `      api_key: os.environ/BENCH_KEY_${p}`,
        `      rpm: ${100 + d}`,
      );
    }
  }
  lines.push("router_settings:", "  model_group_alias:");
  for (let g = 0; g < groups; g++) {
    for (let a = 0; a < SYNTHETIC.aliasesPerGroup; a++) {
      lines.push(`    alias-${String(g * SYNTHETIC.aliasesPerGroup + a).padStart(5, "0")}: group-${String(g).padStart(4, "0")}`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * The synthetic catalog of `groups` groups as LiteLLM YAML texts of at most `perFile` groups each,
 * every text holding its groups' entries and the aliases of those groups (so each imports on its
 * own, MERGE, in order): how a user brings in a catalog larger than one import accepts (8 MiB;
 * 10,000 groups are about 5.9 MB).
 */
export function syntheticLiteLLMFiles(baseFor: (provider: number) => string, groups: number, perFile: number): string[] {
  const text = syntheticLiteLLMYaml(baseFor, groups);
  const chunks = Array.from({ length: Math.ceil(groups / perFile) }, () => ({ entries: [] as string[], aliases: [] as string[] }));
  const chunkOf = (line: string) => chunks[Math.floor(Number(/group-(\d+)/.exec(line)![1]) / perFile)]!;
  let inAliases = false;
  let current: (typeof chunks)[number] | undefined;
  for (const line of text.split("\n")) {
    if (line === "model_list:" || line === "") continue;
    if (line === "router_settings:" || line === "  model_group_alias:") {
      inAliases = true;
      continue;
    }
    if (inAliases) chunkOf(line).aliases.push(line);
    else if (line.startsWith("  - model_name: ")) (current = chunkOf(line)).entries.push(line);
    else current!.entries.push(line);
  }
  return chunks.map((chunk) => ["model_list:", ...chunk.entries, "router_settings:", "  model_group_alias:", ...chunk.aliases, ""].join("\n"));
}
