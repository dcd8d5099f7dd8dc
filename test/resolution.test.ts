import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upstreamHealth } from "../src/db/schema.ts";
import { fromGlobalId } from "../src/api/graphql/global-id.ts";
import * as ops from "./generated/graphql.ts";
import { seedDesignExamples } from "./support/seed.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

type Status = "HEALTHY" | "DEGRADED" | "UNHEALTHY";

/** The staleness limit startTestServer configures (healthStaleAfterMs). */
const STALE_AFTER_MS = 30 * 60_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

let counter = 0;
/** A fresh lower-case slug, so no test depends on names another test created. */
function unique(stem: string): string {
  counter += 1;
  return `${stem}-${counter}`;
}

interface CreatedProvider {
  name: string;
  /** Row id: the key column of upstream_health. */
  rowId: number;
}

async function createProvider(s: TestServer, stem: string, type: string, apiBase?: string): Promise<CreatedProvider> {
  const name = unique(stem);
  const data = await s.ok(ops.CreateProviderDocument, { input: { name, type, ...(apiBase ? { apiBase } : {}) } });
  return { name, rowId: fromGlobalId(data.createProvider.provider.id, "Provider").id };
}

async function createGroup(s: TestServer, name: string): Promise<string> {
  await s.ok(ops.CreateModelGroupDocument, { input: { name } });
  return name;
}

async function addDeployment(s: TestServer, input: ops.AddDeploymentInput) {
  return (await s.ok(ops.AddDeploymentDocument, { input })).addDeployment;
}

/** Writes (or overwrites) the stored health of one upstream, as a probe would. */
function setHealth(
  s: TestServer,
  upstream: { providerId: number; model: string; apiBase: string },
  status: Status,
  extra: { checkedAt?: Date; latencyMs?: number | null; error?: string | null; consecutiveFailures?: number } = {},
): void {
  const values = {
    status,
    checkedAt: extra.checkedAt ?? new Date(),
    latencyMs: extra.latencyMs ?? null,
    error: extra.error ?? null,
    consecutiveFailures: extra.consecutiveFailures ?? (status === "UNHEALTHY" ? 1 : 0),
  };
  s.db.db
    .insert(upstreamHealth)
    .values({ ...upstream, ...values })
    .onConflictDoUpdate({ target: [upstreamHealth.providerId, upstreamHealth.model, upstreamHealth.apiBase], set: values })
    .run();
}

async function resolve(s: TestServer, name: string) {
  return (await s.ok(ops.ResolveDocument, { name })).resolve;
}

async function expectNotFound(s: TestServer, name: string) {
  const result = await s.gql(ops.ResolveDocument, { name });
  expect(result.data?.resolve ?? null, `resolve(${JSON.stringify(name)}) should not answer`).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  return result.errors![0]!;
}

/**
 * A group of three enabled deployments on one provider, priorities 0, 1, 2 (so candidate order is
 * creation order), each on its own upstream.
 */
async function threeCandidateGroup(stem: string) {
  const base = `http://127.0.0.1:9/${stem}/v1`;
  const provider = await createProvider(server, stem, "openai", base);
  const group = await createGroup(server, unique(`${stem}-group`));
  const ids: string[] = [];
  for (const [i, model] of ["first-model", "second-model", "third-model"].entries()) {
    ids.push((await addDeployment(server, { group, provider: provider.name, model, priority: i })).deployment.id);
  }
  const upstream = (model: string) => ({ providerId: provider.rowId, model, apiBase: base });
  return { provider, group, ids, first: upstream("first-model"), second: upstream("second-model"), third: upstream("third-model") };
}

describe("resolve: the three paths", () => {
  it("resolves an alias to its target group (kind ALIAS) and says so in the trace", async () => {
    const provider = await createProvider(server, "alias-prov", "anthropic");
    const group = await createGroup(server, unique("alias-target"));
    const added = await addDeployment(server, { group, provider: provider.name, model: "claude-sonnet-4-5" });
    const alias = unique("alias-name");
    await server.ok(ops.AddAliasDocument, { input: { name: alias, target: group } });

    const r = await resolve(server, alias);
    expect(r.kind).toBe("ALIAS");
    expect(r.name).toBe(alias);
    expect(r.alias?.name).toBe(alias);
    expect(r.group?.name).toBe(group);
    expect(r.deployment?.id).toBe(added.deployment.id);
    expect(r.provider?.name).toBe(provider.name);
    expect(r.prefixedId).toBe("anthropic/claude-sonnet-4-5");
    expect(r.apiBase).toBe("https://api.anthropic.com");
    expect(r.trace.join("\n")).toContain(alias);
    expect(r.trace.join("\n")).toMatch(/alias/i);
  });

  it("resolves a group name to that group (kind MODEL_GROUP)", async () => {
    const provider = await createProvider(server, "group-prov", "openai", "http://127.0.0.1:9/group/v1");
    const group = await createGroup(server, unique("Group-Case"));
    const added = await addDeployment(server, { group, provider: provider.name, model: "gpt-4o" });

    const r = await resolve(server, group);
    expect(r.kind).toBe("MODEL_GROUP");
    expect(r.alias).toBeNull();
    expect(r.group?.name).toBe(group);
    expect(r.deployment?.id).toBe(added.deployment.id);
    expect(r.prefixedId).toBe("openai/gpt-4o");
    expect(r.apiBase).toBe("http://127.0.0.1:9/group/v1");
    // Names are case-sensitive: the lower-cased name is not that group.
    await expectNotFound(server, group.toLowerCase());
  });

  it("resolves <provider>/<model> to that provider's stored deployment of the model (kind PROVIDER_MODEL)", async () => {
    const provider = await createProvider(server, "pm-prov", "hosted_vllm", "http://127.0.0.1:9/pm/v1");
    const group = await createGroup(server, unique("pm-group"));
    const added = await addDeployment(server, { group, provider: provider.name, model: "z-ai/glm4.7" });

    const r = await resolve(server, `${provider.name}/z-ai/glm4.7`);
    expect(r.kind).toBe("PROVIDER_MODEL");
    expect(r.alias).toBeNull();
    // The group is the one of the deployment that was selected.
    expect(r.group?.name).toBe(group);
    expect(r.deployment?.id).toBe(added.deployment.id);
    expect(r.provider?.name).toBe(provider.name);
    expect(r.model).toBe("z-ai/glm4.7");
    expect(r.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
    expect(r.apiBase).toBe("http://127.0.0.1:9/pm/v1");
    expect(r.candidates.map((c) => c.deployment?.id)).toEqual([added.deployment.id]);
  });

  it("answers <provider>/<model> with no stored deployment with an ad-hoc candidate built from the provider", async () => {
    const own = await createProvider(server, "adhoc-prov", "openai", "http://127.0.0.1:9/adhoc/v1");
    const r = await resolve(server, `${own.name}/meta-llama/llama-3.1-8b`);
    expect(r.kind).toBe("PROVIDER_MODEL");
    expect(r.deployment).toBeNull();
    expect(r.alias).toBeNull();
    expect(r.group).toBeNull();
    expect(r.provider?.name).toBe(own.name);
    // Split at the first '/': the rest is the model as the provider knows it.
    expect(r.model).toBe("meta-llama/llama-3.1-8b");
    expect(r.prefixedId).toBe("openai/meta-llama/llama-3.1-8b");
    expect(r.apiBase).toBe("http://127.0.0.1:9/adhoc/v1");
    expect(r.health).toBe("UNKNOWN");
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0]).toMatchObject({ deployment: null, selected: true, prefixedId: "openai/meta-llama/llama-3.1-8b" });

    // Without its own API base the provider's effective base is its type's default.
    const byDefault = await createProvider(server, "adhoc-groq", "groq");
    const g = await resolve(server, `${byDefault.name}/llama-3.3-70b-versatile`);
    expect(g.deployment).toBeNull();
    expect(g.prefixedId).toBe("groq/llama-3.3-70b-versatile");
    expect(g.apiBase).toBe("https://api.groq.com/openai/v1");
  });

  it("finds a group named like <provider>/<model> as MODEL_GROUP before trying path 3", async () => {
    const provider = await createProvider(server, "gp-prov", "openai", "http://127.0.0.1:9/gp/v1");
    // nanobot style: addAlias with provider + model creates the group "<provider>/<model>".
    const alias = unique("gp-alias");
    const added = await server.ok(ops.AddAliasDocument, { input: { name: alias, provider: provider.name, model: "gpt-4o-mini" } });
    const groupName = `${provider.name}/gpt-4o-mini`;
    expect(added.addAlias.alias.target.name).toBe(groupName);

    const r = await resolve(server, groupName);
    expect(r.kind).toBe("MODEL_GROUP");
    expect(r.group?.name).toBe(groupName);
    expect(r.deployment).not.toBeNull();
    expect(r.prefixedId).toBe("openai/gpt-4o-mini");

    // A group whose name looks like "<provider>/<model>" but routes elsewhere: path 3 would
    // answer with an ad-hoc candidate on gp-prov, the group answers with its own deployment.
    const other = await createProvider(server, "gp-other", "anthropic");
    const decoy = `${provider.name}/claude-route`;
    await createGroup(server, decoy);
    await addDeployment(server, { group: decoy, provider: other.name, model: "claude-haiku-4-5" });
    const d = await resolve(server, decoy);
    expect(d.kind).toBe("MODEL_GROUP");
    expect(d.provider?.name).toBe(other.name);
    expect(d.prefixedId).toBe("anthropic/claude-haiku-4-5");
  });
});

describe("resolve: candidates", () => {
  it("orders enabled deployments by priority, then weight descending, then id, skipping disabled ones", async () => {
    const provider = await createProvider(server, "order-prov", "openai", "http://127.0.0.1:9/order/v1");
    const group = await createGroup(server, unique("order-group"));
    const add = async (model: string, priority: number, weight: number, enabled = true) =>
      (await addDeployment(server, { group, provider: provider.name, model, priority, weight, enabled })).deployment.id;
    // Created in an order that matches none of the sort keys on its own.
    const late = await add("a-late-priority", 1, 100);
    const tieFirst = await add("z-tie-first", 0, 2);
    const disabled = await add("disabled-model", 0, 1000, false);
    const tieSecond = await add("b-tie-second", 0, 2);
    const heavy = await add("m-heavy", 0, 5);

    const r = await resolve(server, group);
    expect(r.candidates.map((c) => c.deployment?.id)).toEqual([heavy, tieFirst, tieSecond, late]);
    expect(r.candidates.map((c) => c.deployment?.id)).not.toContain(disabled);
    expect(r.candidates.map((c) => c.health.status)).toEqual(["UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN"]);
    expect(r.candidates.map((c) => c.selected)).toEqual([true, false, false, false]);
    expect(r.deployment?.id).toBe(heavy);
    expect(r.prefixedId).toBe("openai/m-heavy");
    expect(r.health).toBe("UNKNOWN");
    expect(r.allUnhealthy).toBe(false);

    // The group lists enabled deployments in candidate order, then the disabled one.
    const g = await server.ok(ops.ModelGroupDocument, { name: group });
    expect(g.modelGroup?.deployments.map((d) => d.id)).toEqual([heavy, tieFirst, tieSecond, late, disabled]);
  });
});

describe("resolve: health-based selection", () => {
  it("selects the first HEALTHY candidate over an UNHEALTHY first one", async () => {
    const t = await threeCandidateGroup("sel-healthy");
    setHealth(server, t.first, "UNHEALTHY", { error: "HTTP 503" });
    setHealth(server, t.second, "HEALTHY", { latencyMs: 120 });

    const r = await resolve(server, t.group);
    expect(r.candidates.map((c) => c.health.status)).toEqual(["UNHEALTHY", "HEALTHY", "UNKNOWN"]);
    expect(r.deployment?.id).toBe(t.ids[1]);
    expect(r.candidates.map((c) => c.selected)).toEqual([false, true, false]);
    expect(r.prefixedId).toBe("openai/second-model");
    expect(r.health).toBe("HEALTHY");
    expect(r.allUnhealthy).toBe(false);
  });

  it("prefers a DEGRADED candidate over an UNKNOWN one when none is HEALTHY", async () => {
    const t = await threeCandidateGroup("sel-degraded");
    setHealth(server, t.first, "UNHEALTHY");
    // second has no row: UNKNOWN
    setHealth(server, t.third, "DEGRADED", { latencyMs: 9000 });

    const r = await resolve(server, t.group);
    expect(r.candidates.map((c) => c.health.status)).toEqual(["UNHEALTHY", "UNKNOWN", "DEGRADED"]);
    expect(r.deployment?.id).toBe(t.ids[2]);
    expect(r.health).toBe("DEGRADED");
    expect(r.allUnhealthy).toBe(false);
  });

  it("answers with the first candidate when all are UNHEALTHY, and says so", async () => {
    const t = await threeCandidateGroup("sel-all-down");
    for (const u of [t.first, t.second, t.third]) setHealth(server, u, "UNHEALTHY", { error: "connection refused" });

    const r = await resolve(server, t.group);
    expect(r.deployment?.id).toBe(t.ids[0]);
    expect(r.candidates.map((c) => c.selected)).toEqual([true, false, false]);
    expect(r.health).toBe("UNHEALTHY");
    expect(r.allUnhealthy).toBe(true);
    expect(r.trace.some((line) => /unhealthy/i.test(line) && /\b(all|every)\b/i.test(line))).toBe(true);
  });

  it("reads a result older than the staleness limit as UNKNOWN", async () => {
    const t = await threeCandidateGroup("sel-stale");
    setHealth(server, t.first, "HEALTHY", { checkedAt: new Date(Date.now() - STALE_AFTER_MS - 60_000) });
    setHealth(server, t.second, "DEGRADED", { checkedAt: new Date(Date.now() - STALE_AFTER_MS + 60_000) });

    const r = await resolve(server, t.group);
    expect(r.candidates.map((c) => c.health.status)).toEqual(["UNKNOWN", "DEGRADED", "UNKNOWN"]);
    // The stale HEALTHY no longer counts: the fresh DEGRADED one wins.
    expect(r.deployment?.id).toBe(t.ids[1]);

    const stale = await server.ok(ops.DeploymentDocument, { id: t.ids[0]! });
    expect(stale.deployment?.health.status).toBe("UNKNOWN");
  });

  it("shows stored health on deployments, derived health on groups and aliases", async () => {
    const base = "http://127.0.0.1:9/derived/v1";
    const provider = await createProvider(server, "derived-prov", "openai", base);
    const up = (model: string) => ({ providerId: provider.rowId, model, apiBase: base });
    const make = async (stem: string, models: string[]) => {
      const group = await createGroup(server, unique(stem));
      for (const [i, model] of models.entries()) await addDeployment(server, { group, provider: provider.name, model, priority: i });
      const alias = unique(`${stem}-alias`);
      await server.ok(ops.AddAliasDocument, { input: { name: alias, target: group } });
      return { group, alias };
    };
    const all = await make("all-healthy", ["all-a", "all-b"]);
    const some = await make("some-healthy", ["some-a", "some-b"]);
    const none = await make("none-healthy", ["none-a", "none-b"]);
    const unchecked = await make("unchecked", ["unchecked-a", "unchecked-b"]);
    // A disabled deployment does not count towards its group's health.
    await addDeployment(server, { group: all.group, provider: provider.name, model: "all-disabled", enabled: false });

    const checkedAt = new Date();
    setHealth(server, up("all-a"), "HEALTHY", { checkedAt, latencyMs: 42 });
    setHealth(server, up("all-b"), "HEALTHY");
    setHealth(server, up("all-disabled"), "UNHEALTHY");
    setHealth(server, up("some-a"), "HEALTHY");
    setHealth(server, up("some-b"), "UNHEALTHY", { error: "HTTP 503 from upstream", consecutiveFailures: 3 });
    setHealth(server, up("none-a"), "UNHEALTHY");
    setHealth(server, up("none-b"), "UNHEALTHY");

    const expected: [{ group: string; alias: string }, string][] = [
      [all, "HEALTHY"],
      [some, "DEGRADED"],
      [none, "UNHEALTHY"],
      [unchecked, "UNKNOWN"],
    ];
    for (const [names, status] of expected) {
      const g = await server.ok(ops.ModelGroupDocument, { name: names.group });
      expect(g.modelGroup?.health, `group ${names.group}`).toBe(status);
      const a = await server.ok(ops.AliasDocument, { name: names.alias });
      expect(a.alias?.health, `alias ${names.alias}`).toBe(status);
    }

    const g = await server.ok(ops.ModelGroupDocument, { name: all.group });
    const first = g.modelGroup!.deployments[0]!;
    expect(first.model).toBe("all-a");
    expect(first.health).toMatchObject({ status: "HEALTHY", latencyMs: 42, error: null, consecutiveFailures: 0 });
    expect(first.health.checkedAt && new Date(first.health.checkedAt).getTime()).toBe(checkedAt.getTime());

    const s = await server.ok(ops.ModelGroupDocument, { name: some.group });
    const failing = s.modelGroup!.deployments.find((d) => d.model === "some-b")!;
    expect(failing.health).toMatchObject({ status: "UNHEALTHY", error: "HTTP 503 from upstream", consecutiveFailures: 3 });
    const fresh = s.modelGroup!.deployments.find((d) => d.model === "some-a")!;
    const byId = await server.ok(ops.DeploymentDocument, { id: fresh.id });
    expect(byId.deployment?.health.status).toBe("HEALTHY");
  });

  it("reads one stored row for deployments in different groups on the same upstream", async () => {
    const base = "http://127.0.0.1:9/shared/v1";
    const provider = await createProvider(server, "shared-prov", "openai", base);
    const groupA = await createGroup(server, unique("shared-a"));
    const groupB = await createGroup(server, unique("shared-b"));
    const groupC = await createGroup(server, unique("shared-c"));
    const groupD = await createGroup(server, unique("shared-d"));
    const a = await addDeployment(server, { group: groupA, provider: provider.name, model: "llama-3" });
    const b = await addDeployment(server, { group: groupB, provider: provider.name, model: "llama-3" });
    // The provider's base with a trailing slash is the same upstream.
    const c = await addDeployment(server, { group: groupC, provider: provider.name, model: "llama-3", apiBase: `${base}/` });
    // Another base is another upstream.
    const d = await addDeployment(server, { group: groupD, provider: provider.name, model: "llama-3", apiBase: "http://127.0.0.1:9/elsewhere/v1" });

    setHealth(server, { providerId: provider.rowId, model: "llama-3", apiBase: base }, "HEALTHY", { latencyMs: 77 });

    for (const dep of [a, b, c]) {
      const r = await server.ok(ops.DeploymentDocument, { id: dep.deployment.id });
      expect(r.deployment?.health, `deployment in ${dep.deployment.group.name}`).toMatchObject({ status: "HEALTHY", latencyMs: 77 });
    }
    const other = await server.ok(ops.DeploymentDocument, { id: d.deployment.id });
    expect(other.deployment?.health.status).toBe("UNKNOWN");

    expect((await resolve(server, groupA)).health).toBe("HEALTHY");
    expect((await resolve(server, groupB)).health).toBe("HEALTHY");
    expect((await resolve(server, groupC)).health).toBe("HEALTHY");
    expect((await resolve(server, groupD)).health).toBe("UNKNOWN");
  });
});

describe("resolve: the contract's seed catalog (nanobot regression)", () => {
  let seeded: TestServer;
  beforeAll(async () => {
    seeded = await startTestServer();
    await seedDesignExamples(seeded);
  });
  afterAll(() => seeded.close());

  it("routes nvgm to hosted_vllm on vllm although a zai provider exists, and smart to openrouter", async () => {
    const nvgm = await resolve(seeded, "nvgm");
    expect(nvgm.kind).toBe("ALIAS");
    expect(nvgm.group?.name).toBe("glm-nim");
    expect(nvgm.provider?.name).toBe("vllm");
    expect(nvgm.model).toBe("z-ai/glm4.7");
    expect(nvgm.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");
    expect(nvgm.apiBase).toBe("https://integrate.api.nvidia.com/v1");
    expect(nvgm.candidates.map((c) => c.provider.name)).toEqual(["vllm"]);

    const smart = await resolve(seeded, "smart");
    expect(smart.kind).toBe("ALIAS");
    expect(smart.provider?.name).toBe("openrouter");
    expect(smart.prefixedId).toBe("openrouter/anthropic/claude-opus-4-5");
    expect(smart.apiBase).toBe("https://openrouter.ai/api/v1");
  });

  it("routes <provider>/<model> only on an exact provider name", async () => {
    const zhipu = await resolve(seeded, "zhipu/glm-4.7");
    expect(zhipu.kind).toBe("PROVIDER_MODEL");
    expect(zhipu.provider?.name).toBe("zhipu");
    expect(zhipu.prefixedId).toBe("zai/glm-4.7");
    expect(zhipu.deployment).not.toBeNull();

    const vllm = await resolve(seeded, "vllm/z-ai/glm4.7");
    expect(vllm.provider?.name).toBe("vllm");
    expect(vllm.prefixedId).toBe("hosted_vllm/z-ai/glm4.7");

    // No case-insensitive or substring guessing of the provider…
    await expectNotFound(seeded, "Zhipu/glm-4.7");
    await expectNotFound(seeded, "zh/glm");
    // …nor guessing from the model string: "z-ai/glm4.7" is not routed to zhipu (or vllm),
    // and a type prefix is not a provider name.
    await expectNotFound(seeded, "z-ai/glm4.7");
    await expectNotFound(seeded, "glm");
    await expectNotFound(seeded, "zai/glm-4.7");
  });

  it("never guesses a prefix: openrouter/auto on openrouter is openrouter/openrouter/auto, with a warning", async () => {
    await createGroup(seeded, "or-auto");
    const added = await addDeployment(seeded, { group: "or-auto", provider: "openrouter", model: "openrouter/auto" });
    expect(added.deployment.model).toBe("openrouter/auto");
    expect(added.deployment.prefixedId).toBe("openrouter/openrouter/auto");
    expect(added.warnings).toHaveLength(1);
    expect(added.warnings[0]).toContain("openrouter/auto");
    expect(added.warnings[0]).toContain("openrouter/openrouter/auto");

    const stored = await seeded.ok(ops.DeploymentDocument, { id: added.deployment.id });
    expect(stored.deployment?.model).toBe("openrouter/auto");

    const r = await resolve(seeded, "or-auto");
    expect(r.prefixedId).toBe("openrouter/openrouter/auto");
    const path3 = await resolve(seeded, "openrouter/openrouter/auto");
    expect(path3.kind).toBe("PROVIDER_MODEL");
    expect(path3.deployment?.id).toBe(added.deployment.id);
    expect(path3.prefixedId).toBe("openrouter/openrouter/auto");
    // "openrouter/auto" is provider openrouter + model "auto": an ad-hoc route, nothing stripped.
    const adHoc = await resolve(seeded, "openrouter/auto");
    expect(adHoc.deployment).toBeNull();
    expect(adHoc.model).toBe("auto");
    expect(adHoc.prefixedId).toBe("openrouter/auto");

    // A model without the prefix gets no warning.
    await createGroup(seeded, "or-plain");
    const plain = await addDeployment(seeded, { group: "or-plain", provider: "openrouter", model: "openai/gpt-4o" });
    expect(plain.warnings).toEqual([]);
  });

  it("answers an unknown name with NOT_FOUND and close names in extensions.suggestions", async () => {
    const error = await expectNotFound(seeded, "smrt");
    expect(error.message).toContain('"smrt"');
    const suggestions = error.extensions?.suggestions as string[];
    expect(suggestions[0]).toBe("smart");
    expect(suggestions).not.toContain("glm-nim");

    const glm = await expectNotFound(seeded, "glm-nin");
    expect((glm.extensions?.suggestions as string[])[0]).toBe("glm-nim");
  });
});
