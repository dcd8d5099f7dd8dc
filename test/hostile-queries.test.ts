import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type Config } from "../src/config.ts";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Issue 8, hostile queries: a reader with a crafted query must not block other clients, exhaust
 * memory, or multiply the limits (findings 2, 3, 4, 7, 8, 20, 25).
 */

interface Answer {
  status: number;
  ms: number;
  bytes: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } & unknown[];
}

async function post(server: TestServer, body: unknown): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, bytes: text.length, body: JSON.parse(text) };
}

function firstError(answer: Answer): { message: string; extensions?: { code?: string } } {
  const error = answer.body.errors?.[0];
  expect(error, JSON.stringify(answer.body).slice(0, 500)).toBeDefined();
  return error!;
}

/** A simple query from another client while `attack` runs: it must be answered. */
async function whileAttacked(server: TestServer, attack: () => Promise<Answer>): Promise<{ attack: Answer; other: Answer }> {
  const pending = attack();
  await new Promise((r) => setTimeout(r, 10));
  const other = await post(server, { query: "{ modelGroups(first: 1) { totalCount } }" });
  return { attack: await pending, other };
}

/** Peak resident memory of this process (the test server runs in it) while `run` runs. */
async function peakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: Math.round(peak / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}

/** One provider and a group "big" of `n` deployments, written through the catalog (setup only). */
async function seedBigGroup(server: TestServer, n: number): Promise<void> {
  await server.catalog.providers.create({ name: "p", type: "openai", apiBase: "http://127.0.0.1:9/v1" });
  await server.catalog.groups.create({ name: "big" });
  for (let i = 0; i < n; i++) await server.catalog.deployments.add({ group: "big", provider: "p", model: `model-${i}` });
}

/** The query of finding 3 (102 bytes as the issue wrote it): 300 × 300 × 300 deployments. */
const CUBE = '{modelGroup(name:"big"){deployments{group{deployments{group{deployments{id}}}}}}}';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await seedBigGroup(s, 300);
});
afterAll(() => s.close());

describe("cost walk (finding 2)", () => {
  it("refuses 22 levels of doubled fragment spreads in well under a second, while another client is answered", async () => {
    const fragments = ["fragment F0 on Query { providerTypes { id prefix } }"];
    for (let i = 1; i <= 22; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
    const query = `{ ...F22 } ${fragments.join(" ")}`;
    const { attack, other } = await whileAttacked(s, () => post(s, { query }));
    console.log(`finding 2: ${query.length}-byte query of 22 doubled spreads refused in ${attack.ms.toFixed(1)} ms; the other client answered in ${other.ms.toFixed(1)} ms`);
    expect(attack.status).toBe(400);
    expect(firstError(attack).message).toMatch(/query cost .* is over the limit of 250000/);
    expect(other.status).toBe(200);
    // Before: the walk re-visited every spread, 2^22 times (6.5 s of a blocked event loop).
    expect(attack.ms).toBeLessThan(2_000);
  });

  it("costs a fragment once per place it is spread, so equal documents cost the same with or without fragments", async () => {
    const { parse } = await import("graphql");
    const { buildGraphQLSchema } = await import("../src/api/graphql/schema.ts");
    const { complexity } = await import("../src/api/graphql/limits.ts");
    const schema = buildGraphQLSchema();
    const cost = (q: string) => {
      const doc = parse(q);
      return complexity(schema, doc, doc.definitions[0] as import("graphql").OperationDefinitionNode, {}).cost;
    };
    const inline = cost("{ aliases(first: 5) { edges { node { name target { name } } } } providers(first: 2) { edges { node { name } } } }");
    const spread = cost("{ aliases(first: 5) { edges { node { ...A } } } providers(first: 2) { edges { node { name } } } } fragment A on Alias { name target { ...G } } fragment G on ModelGroup { name }");
    expect(spread).toBe(inline);
  });
});

describe("list sizes from the catalog and a run-time cap (finding 3)", () => {
  it("refuses the 102-byte query on a group of 300 deployments before running it, with the cost from the real sizes", async () => {
    const { result: answer, peakMb } = await peakRss(() => post(s, { query: CUBE }));
    console.log(`finding 3 (cost): refused in ${answer.ms.toFixed(1)} ms, peak RSS ${peakMb} MB`);
    expect(answer.status).toBe(400);
    const error = firstError(answer);
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    // 1 + 1 + 300 × (1 + 1 + 300 × (1 + 1 + 300)) = 27,180,602
    expect(error.message).toContain("query cost 27180602 is over the limit of 250000");
    expect(error.message).toContain("lower first:, or ask for fewer nested lists");
    // Still serving.
    const after = await s.ok(ops.ModelGroupDocument, { name: "big" });
    expect(after.modelGroup?.deployments).toHaveLength(300);
  });

  it("the cost follows the catalog: the same query is accepted while the group is small", async () => {
    const small = await startTestServer();
    try {
      await seedBigGroup(small, 3);
      const answer = await post(small, { query: CUBE });
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).toContain('"deployments"');
      // The sizes are re-read after a write: 67 more deployments make it 2 + 70 × (2 + 70 × 72) > 250,000.
      for (let i = 3; i < 70; i++) await small.catalog.deployments.add({ group: "big", provider: "p", model: `model-${i}` });
      const grown = await post(small, { query: CUBE });
      expect(grown.status).toBe(400);
      expect(firstError(grown).message).toMatch(/query cost \d+ is over the limit/);
    } finally {
      await small.close();
    }
  });

  it("stops a query the cost limit let through at the field cap with one clear error; the process lives and answers", async () => {
    // A cost limit high enough to let the 27-million-field query run: the run-time cap must stop it.
    const loose = await startTestServer({ config: { limits: { ...defaultLimits(), maxCost: 100_000_000 } } });
    try {
      await seedBigGroup(loose, 300);
      const { result: answer, peakMb } = await peakRss(() => post(loose, { query: CUBE }));
      console.log(`finding 3 (run-time cap): stopped in ${answer.ms.toFixed(0)} ms, peak RSS ${peakMb} MB, answer ${answer.bytes} bytes`);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toHaveLength(1);
      const error = firstError(answer);
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error.message).toBe(
        "the answer was stopped after 500000 fields, the limit per request; ask for fewer nested lists, smaller pages (first:) or fewer operations per request",
      );
      expect(answer.body.data).toBeNull();
      const after = await loose.ok(ops.ModelGroupDocument, { name: "big" });
      expect(after.modelGroup?.deployments).toHaveLength(300);
    } finally {
      await loose.close();
    }
  });

  it("takes both run-time caps from the environment, validated", () => {
    expect(defaultLimits()).toMatchObject({ maxFields: 500_000, maxResponseBytes: 32 * 1024 * 1024 });
    const set = loadConfig({ MODELGRAPH_MAX_FIELDS: "1000", MODELGRAPH_MAX_RESPONSE_BYTES: "200000" }).limits;
    expect(set).toMatchObject({ maxFields: 1000, maxResponseBytes: 200_000 });
    expect(() => loadConfig({ MODELGRAPH_MAX_FIELDS: "ten" })).toThrow(ConfigError);
    expect(() => loadConfig({ MODELGRAPH_MAX_RESPONSE_BYTES: "10" })).toThrow(/MODELGRAPH_MAX_RESPONSE_BYTES="10" is not accepted/);
  });

  it("stops an answer over the response byte cap with one clear error", async () => {
    const limits = { ...loadConfig({ MODELGRAPH_MAX_RESPONSE_BYTES: "200000" }).limits, maxCost: 100_000_000 };
    const capped = await startTestServer({ config: { limits } });
    try {
      await seedBigGroup(capped, 300);
      // 300 × 300 model names: far under the field cap, far over 200,000 bytes.
      const answer = await post(capped, { query: '{ modelGroup(name: "big") { deployments { group { deployments { model prefixedId } } } } }' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toHaveLength(1);
      expect(firstError(answer).message).toContain("the answer was stopped at about 200000 bytes, the limit per request");
      expect(answer.bytes).toBeLessThan(1_000);
      // A smaller answer of the same shape goes through.
      const fine = await post(capped, { query: '{ modelGroup(name: "big") { deployments { model } } }' });
      expect(fine.status).toBe(200);
    } finally {
      await capped.close();
    }
  });
});

function defaultLimits(): Config["limits"] {
  return loadConfig({}).limits;
}

describe("variable defaults (finding 4)", () => {
  const query = "query($f: Int = 500) { providers(first: $f) { edges { node { name deployments(first: 500) { edges { node { model } } } } } } }";

  it("costs a variable's default value when the variable is not sent", async () => {
    const answer = await post(s, { query });
    expect(answer.status).toBe(400);
    // 1 + 1 + 500 × (1 + 1 + 1 + 1 + 500 × 2): at the default of 500, not the page size of 50.
    expect(firstError(answer).message).toContain("query cost 502002 is over the limit of 250000");
  });

  it("costs the value sent when there is one", async () => {
    const answer = await post(s, { query, variables: { f: 5 } });
    expect(answer.status).toBe(200);
  });
});

describe("expensive fields (finding 7)", () => {
  it.each([
    ["exportConfig", "{ a: exportConfig(format: LITELLM_YAML) b: exportConfig(format: NANOBOT_JSON) }"],
    ["healthSummary", "{ a: healthSummary { deployments } b: healthSummary { healthy } }"],
    ["checkHealth", "mutation { a: checkHealth(names: [\"big\"]) { upstreamsChecked } b: checkHealth(names: [\"big\"], force: true) { upstreamsChecked } }"],
    ["importConfig", 'mutation { a: importConfig(format: NANOBOT_JSON, content: "{}", dryRun: true) { dryRun } b: importConfig(format: NANOBOT_JSON, content: "{}", dryRun: true) { dryRun } }'],
    ["importFacts", 'mutation { a: importFacts(format: MODELS_DEV_JSON, content: "{}") { changed } b: importFacts(format: MODELS_DEV_JSON, content: "{}") { changed } }'],
  ])("refuses %s asked for twice in one operation, before running either", async (field, query) => {
    const answer = await post(s, { query });
    expect(answer.status).toBe(400);
    const error = firstError(answer);
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.message).toBe(
      `${field} is asked for 2 times in one operation (as "a", "b"); at most one ${field} per operation is accepted: ask for it once, or in separate requests`,
    );
  });

  it("still runs one exportConfig and one healthSummary", async () => {
    const answer = await post(s, { query: "{ exportConfig(format: LITELLM_YAML) healthSummary { deployments } }" });
    expect(answer.status).toBe(200);
    expect((answer.body.data as { healthSummary: { deployments: number } }).healthSummary.deployments).toBe(300);
  });

  it("weighs exportConfig by the size of the catalog", async () => {
    const tight = await startTestServer({ config: { limits: { ...defaultLimits(), maxCost: 1_000 } } });
    try {
      await seedBigGroup(tight, 100);
      expect((await post(tight, { query: "{ exportConfig(format: LITELLM_YAML) }" })).status).toBe(200);
      for (let i = 100; i < 300; i++) await tight.catalog.deployments.add({ group: "big", provider: "p", model: `model-${i}` });
      // 4 per provider, group, deployment and alias: 4 × 302 + 1 = 1,209.
      const answer = await post(tight, { query: "{ exportConfig(format: LITELLM_YAML) }" });
      expect(answer.status).toBe(400);
      expect(firstError(answer).message).toContain("query cost 1209 is over the limit of 1000");
    } finally {
      await tight.close();
    }
  });

  it("weighs importFacts by the size of its content, before parsing it", async () => {
    const tight = await startTestServer({ config: { limits: { ...defaultLimits(), maxCost: 1_000 } } });
    try {
      // 1 per 100 characters: 150,000 characters cost 1,500 + the selection.
      const content = JSON.stringify({ openai: { id: "openai", name: "OpenAI", models: {} }, padding: "x".repeat(150_000) });
      const answer = await post(tight, { query: "mutation($c: String!) { importFacts(format: MODELS_DEV_JSON, content: $c) { changed } }", variables: { c: content } });
      expect(answer.status).toBe(400);
      expect(firstError(answer).message).toMatch(/query cost 15\d\d is over the limit of 1000/);
      expect(tight.db.sqlite.prepare("select count(*) as n from model_registries").get()).toEqual({ n: 0 });
    } finally {
      await tight.close();
    }
  });

  it("answers 50 requests for unknown names from one read of the name list, without blocking another client; refuses 51 resolves in one request", async () => {
    const many = await startTestServer();
    try {
      // 3,000 groups written straight into the tables (setup only: creating them one by one takes long).
      const insertName = many.db.sqlite.prepare("insert into public_names (name, kind) values (?, 'group')");
      const insertGroup = many.db.sqlite.prepare("insert into model_groups (name) values (?)");
      many.db.sqlite.transaction(() => {
        for (let i = 0; i < 3_000; i++) {
          const name = `group-${String(i).padStart(4, "0")}-${"x".repeat(40)}`;
          insertName.run(name);
          insertGroup.run(name);
        }
      })();
      const fields = (n: number) => Array.from({ length: n }, (_, i) => `r${i}: resolve(name: "unknown-${i}-${"y".repeat(40)}") { kind }`).join(" ");
      many.statements.length = 0;
      // 50 requests of one unknown name each (in one operation, the first NOT_FOUND of a non-null root field ends it).
      const { attack, other } = await whileAttacked(many, async () => {
        const started = performance.now();
        const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post(many, { query: `{ resolve(name: "unknown-${i}-${"y".repeat(40)}") { kind } }` })));
        for (const answer of answers) expect(firstError(answer).extensions?.code).toBe("NOT_FOUND");
        return { ...answers[0]!, ms: performance.now() - started };
      });
      const nameLoads = many.statements.filter((q) => /from "public_names"$/.test(q.trim())).length;
      console.log(`finding 7 (suggestions): 50 requests for unknown names among 3,000 answered in ${attack.ms.toFixed(0)} ms, name list read ${nameLoads} time(s); the other client answered in ${other.ms.toFixed(1)} ms`);
      // Before: every unknown name read all 3,000 names again; now the names come from the snapshot (its name list is made once per version).
      expect(nameLoads).toBe(0);
      expect(other.status).toBe(200);
      expect(attack.ms).toBeLessThan(5_000);
      const refused = await post(many, { query: `{ ${fields(51)} }` });
      expect(refused.status).toBe(400);
      expect(firstError(refused).message).toBe(
        "51 resolve fields in one request are over the limit of 50 (an unknown name is compared with every name for suggestions); send the rest in another request",
      );
      // Suggestions still work, and a write makes the next ones see the new name.
      await many.catalog.groups.create({ name: "smart" });
      const near = await many.gql(ops.ResolveDocument, { name: "smrt" });
      expect(near.errors?.[0]?.extensions?.suggestions).toContain("smart");
    } finally {
      await many.close();
    }
  });
});

describe("introspection (finding 8)", () => {
  it("refuses 1,000 aliases of __schema", async () => {
    const query = `{ ${Array.from({ length: 1_000 }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(" ")} }`;
    const { attack, other } = await whileAttacked(s, () => post(s, { query }));
    console.log(`finding 8: 1,000 × __schema refused in ${attack.ms.toFixed(1)} ms (${attack.bytes} bytes answered); the other client answered in ${other.ms.toFixed(1)} ms`);
    expect(attack.status).toBe(400);
    expect(firstError(attack).message).toMatch(/^__schema is asked for 1000 times in one operation \(as "s0", "s1", .*at most one __schema per operation is accepted/);
    expect(other.status).toBe(200);
  });

  it("prices __type by the schema's size: 500 aliased deep __type queries are over the limit", async () => {
    const query = `{ ${Array.from({ length: 500 }, (_, i) => `t${i}: __type(name: "Mutation") { fields { name description args { name description type { name ofType { name ofType { name } } } } } }`).join(" ")} }`;
    const answer = await post(s, { query });
    expect(answer.status).toBe(400);
    expect(firstError(answer).message).toMatch(/query cost \d+ is over the limit of 250000/);
  });

  it("still answers the introspection query Apollo Sandbox and GraphiQL send", async () => {
    for (const query of [getIntrospectionQuery(), getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true })]) {
      const answer = await post(s, { query, operationName: "IntrospectionQuery" });
      expect(answer.status, JSON.stringify(answer.body.errors)).toBe(200);
      const schema = (answer.body.data as { __schema: { types: { name: string }[] } }).__schema;
      expect(schema.types.map((t) => t.name)).toContain("ModelGroup");
    }
  });
});

describe("search length (finding 20)", () => {
  it("refuses a search of 50,001 characters as BAD_USER_INPUT naming the length and the cap", async () => {
    const r = await s.gql(ops.ModelGroupsDocument, { search: "x".repeat(50_001) });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toBe("search is 50001 characters long; at most 256 are accepted (no name is longer)");
  });

  it("accepts a search of 256 characters", async () => {
    const r = await s.gql(ops.ModelGroupsDocument, { search: "b".repeat(256) });
    expect(r.errors).toBeUndefined();
    expect(r.data?.modelGroups.totalCount).toBe(0);
  });
});

describe("batches (finding 25)", () => {
  it("limits the total cost of a batched request, not each operation alone", async () => {
    const tight = await startTestServer({ config: { limits: { ...defaultLimits(), maxCost: 1_000 } } });
    try {
      // 1 + 1 + 100 × 4 = 402 each: one or two fit in 1,000, three do not.
      const op = { query: "{ providers(first: 100) { edges { node { name type { id } } } } }" };
      expect((await post(tight, op)).status).toBe(200);
      const answer = await post(tight, [op, op, op]);
      const bodies = answer.body as unknown as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }[];
      expect(bodies).toHaveLength(3);
      const refused = bodies.filter((b) => b.errors);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
      expect(refused[0]!.errors![0]!.message).toBe(
        "the operations of this batched request cost 1206 together (this one 402), over the limit of 1000 per request; send them in separate requests or ask for less",
      );
      // Each request has its own budget.
      const two = (await post(tight, [op, op])).body as unknown as { errors?: unknown }[];
      expect(two.every((b) => !b.errors)).toBe(true);
    } finally {
      await tight.close();
    }
  });
});
