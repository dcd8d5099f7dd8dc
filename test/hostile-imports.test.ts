import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { seedDesignExamples } from "./support/seed.ts";
import { dumpDatabase, startTestServer, type GraphQLErrorShape, type TestServer } from "./support/server.ts";

/*
 * Hostile imports (issue 8, findings 10 and 24): files built to stall the parser, to crash it,
 * or to smuggle keys that JavaScript objects treat specially. Black-box over real HTTP; every
 * refusal leaves the database as it was.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDesignExamples(server);
});
afterAll(async () => {
  await server?.close();
});

type Format = ops.ConfigFormat;

async function refused(format: Format, content: string): Promise<{ error: GraphQLErrorShape; ms: number }> {
  const before = dumpDatabase(server.db);
  const started = performance.now();
  const result = await server.gql(ops.ImportConfigDocument, { format, content });
  const ms = performance.now() - started;
  expect(result.status).toBeLessThan(500);
  expect(result.errors?.length, JSON.stringify(result.data)).toBe(1);
  const error = result.errors![0]!;
  expect(error.extensions?.code).toBe("BAD_USER_INPUT");
  expect(dumpDatabase(server.db)).toStrictEqual(before);
  return { error, ms };
}

/** Starts a refused import, sends a read while it runs, and says how long each took. */
async function refusedWhileReading(format: Format, content: string) {
  const importing = refused(format, content);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const started = performance.now();
  const read = await server.gql(ops.ResolveDocument, { name: "nvgm" });
  const readMs = performance.now() - started;
  const { error, ms } = await importing;
  return { error, ms, read, readMs };
}

function hugeAliasMap(keys: number): string {
  const lines = ["model_list:", "  - model_name: g", "    litellm_params:", "      model: openai/gpt-4o", "router_settings:", "  model_group_alias:"];
  for (let i = 0; i < keys; i++) lines.push(`    a${i}: g`);
  return lines.join("\n") + "\n";
}

function hugeModelsObject(keys: number): string {
  const models: string[] = [];
  for (let i = 0; i < keys; i++) models.push(`"a${i}": "m"`);
  return `{"providers": {"openai": {"models": {\n${models.join(",\n")}\n}}}}`;
}

describe("finding 10: large and duplicate-keyed mappings", () => {
  it("a 40,000-key YAML mapping is refused fast, naming the count and the cap, while a concurrent query is answered", async () => {
    const content = hugeAliasMap(40_000);
    const { error, ms, read, readMs } = await refusedWhileReading("LITELLM_YAML", content);
    console.log(`[finding 10] YAML 40,000 keys (${content.length} bytes): refused in ${ms.toFixed(0)} ms; concurrent resolve answered in ${readMs.toFixed(0)} ms`);
    // Refused while it is read: the count stops at the cap.
    expect(error.message).toMatch(/^input:7: a mapping with more than 20000 keys; at most 20000 keys per mapping are accepted: split the file/);
    expect(error.extensions).toMatchObject({ maxKeys: 20000, location: { path: "$.router_settings.model_group_alias", line: 7 } });
    // Was 9 s of duplicate-key comparisons (25 s on a loaded machine): a generous "did not hang".
    expect(ms).toBeLessThan(3000);
    expect(read.errors).toBeUndefined();
    expect(read.data?.resolve.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
  });

  it("a 40,000-key JSON object is refused fast, at its JSON path, while a concurrent query is answered", async () => {
    const content = hugeModelsObject(40_000);
    const { error, ms, read, readMs } = await refusedWhileReading("NANOBOT_JSON", content);
    console.log(`[finding 10] JSON 40,000 keys (${content.length} bytes): refused in ${ms.toFixed(0)} ms; concurrent resolve answered in ${readMs.toFixed(0)} ms`);
    expect(error.message).toMatch(/^\$\.providers\.openai\.models \(input:1\): a mapping with more than 20000 keys; at most 20000 keys per mapping are accepted/);
    expect(ms).toBeLessThan(3000);
    expect(read.data?.resolve.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
  });

  it("a duplicate key at the end of a 15,000-key mapping is still reported with its line, fast", async () => {
    const yaml = hugeAliasMap(15_000) + "    a7: g\n";
    const y = await refused("LITELLM_YAML", yaml);
    console.log(`[finding 10] YAML duplicate after 15,000 keys: refused in ${y.ms.toFixed(0)} ms`);
    expect(y.error.message).toMatch(/^input:15007:5: invalid YAML: Map keys must be unique: "a7" appears twice in one mapping \(first at line 14\)/);
    expect(y.ms).toBeLessThan(3000);

    const json = hugeModelsObject(15_000).replace(/\n\}\}\}\}$/, ',\n"a7": "m"\n}}}}');
    const j = await refused("NANOBOT_JSON", json);
    expect(j.error.message).toMatch(/^input:15002:1: duplicate key "a7" in one JSON object; each key may appear once/);
    expect(j.ms).toBeLessThan(3000);
  });

  it("keys that read alike in JavaScript (1 and \"1\") are one key", async () => {
    const { error } = await refused("LITELLM_YAML", "model_list: []\nrouter_settings:\n  model_group_alias:\n    1: g\n    '1': g\n");
    expect(error.message).toMatch(/^input:5:5: invalid YAML: Map keys must be unique: "1" appears twice/);
  });

  it("a file over 8 MiB is refused before it is parsed, naming its size and the cap", async () => {
    const content = "model_list: []\n# " + "x".repeat(8 * 1024 * 1024) + "\n";
    const { error, ms } = await refused("LITELLM_YAML", content);
    console.log(`[finding 10] ${content.length} bytes: refused in ${ms.toFixed(0)} ms (most of it the 8 MiB request body)`);
    expect(error.message).toBe(`input: the file is ${content.length} bytes; at most 8388608 bytes (8 MiB) are accepted: split it into several imports (MERGE)`);
    expect(error.extensions).toMatchObject({ bytes: content.length, maxBytes: 8388608 });
  });

  it("deeply nested flow and block collections are refused before the parser recurses (they used to abort the process)", async () => {
    // Depth 1,000 then 5,000 brackets: the second aborted node with a fatal out-of-memory
    // error inside the yaml composer's stack overflow. Each is refused now, and the server lives.
    for (const depth of [1_000, 5_000, 20_000]) {
      const { error } = await refused("LITELLM_YAML", `model_list: ${"[".repeat(depth)}${"]".repeat(depth)}\n`);
      expect(error.message).toMatch(/^input:1:\d+: invalid YAML: nested more than 100 levels deep/);
    }
    const { error: seq } = await refused("LITELLM_YAML", `model_list:\n${"- ".repeat(5_000)}a\n`);
    expect(seq.message).toMatch(/^input:2:\d+: invalid YAML: nested more than 100 levels deep/);
    const { error: json } = await refused("NANOBOT_JSON", `{"providers": ${"[".repeat(5_000)}${"]".repeat(5_000)}}`);
    expect(json.message).toMatch(/^input:1:\d+: invalid JSON: nested more than 100 levels deep/);
    // Ordinary nesting (ten levels of extra params) is fine.
    const ok = await server.gql(ops.ImportConfigDocument, {
      format: "LITELLM_YAML",
      content: "model_list:\n  - model_name: nested\n    litellm_params:\n      model: openai/gpt-4o\n      metadata: {a: {b: {c: {d: {e: {f: {g: [[[1]]]}}}}}}}\n",
      dryRun: true,
    });
    expect(ok.errors).toBeUndefined();
    expect((await server.gql(ops.ResolveDocument, { name: "nvgm" })).data?.resolve.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
  });
});

describe("finding 24: __proto__, constructor and prototype keys", () => {
  const reserved = /key "(__proto__|constructor|prototype)" is refused: __proto__, constructor and prototype are reserved in JavaScript/;

  it("YAML: refused at their line, wherever they are", async () => {
    const cases: [string, string][] = [
      ["model_list:\n  - model_name: g\n    litellm_params:\n      model: openai/gpt-4o\n      __proto__: {polluted: true}\n", "input:5: "],
      ["model_list:\n  - model_name: g\n    litellm_params:\n      model: openai/gpt-4o\nrouter_settings:\n  model_group_alias:\n    constructor: g\n", "input:7: "],
      ["model_list:\n  - model_name: g\n    litellm_params:\n      model: openai/gpt-4o\n      extra_headers:\n        prototype: x\n", "input:6: "],
      ['model_list: []\n"__proto__": 1\n', "input:2: "],
    ];
    for (const [content, prefix] of cases) {
      const { error } = await refused("LITELLM_YAML", content);
      expect(error.message.startsWith(prefix), error.message).toBe(true);
      expect(error.message).toMatch(reserved);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("JSON: refused at their JSON path and line", async () => {
    const cases: [string, string][] = [
      ['{"providers": {"vllm": {"apiBase": "http://127.0.0.1:8000/v1",\n "models": {"__proto__": "x"}}}}', "$.providers.vllm.models.__proto__ (input:2): "],
      ['{"providers": {"constructor": {"apiKey": "k"}}}', "$.providers.constructor (input:1): "],
      ['{"providers": {},\n "agents": {"defaults": {"prototype": {}}}}', "$.agents.defaults.prototype (input:2): "],
      ['{"__proto__": {"providers": {}}, "providers": {}}', "$.__proto__ (input:1): "],
    ];
    for (const [content, prefix] of cases) {
      const { error } = await refused("NANOBOT_JSON", content);
      expect(error.message.startsWith(prefix), error.message).toBe(true);
      expect(error.message).toMatch(reserved);
      expect((error.extensions?.location as { path: string }).path).toBe(prefix.split(" ")[0]);
    }
  });

  it("other names with the same letters pass (Constructor, __proto, proto)", async () => {
    const result = await server.gql(ops.ImportConfigDocument, {
      format: "NANOBOT_JSON",
      content: '{"providers": {"vllm": {"apiBase": "http://127.0.0.1:8000/v1", "models": {"Constructor": "m1", "__proto": "m2", "proto": "m3"}}}}',
      dryRun: true,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.importConfig.created.aliases).toEqual(["Constructor", "__proto", "proto"]);
  });
});
