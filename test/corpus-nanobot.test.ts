import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Catalog } from "../src/catalog/catalog.ts";
import { isSecretParam } from "../src/interop/spec.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/*
 * Every nanobot config of the real-world corpus (../shared/corpus/nanobot: nanobot's README and
 * docs, 2026-02 to 2026-08; SOURCES.md says where each comes from) through the real import and
 * export: it imports; importing it twice changes nothing; its export imported into an empty catalog
 * gives the same catalog; and the export equals the original as data (secrets replaced by
 * placeholders; comments and key order aside). The corpus is read in place, never copied.
 */

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/nanobot");
const FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .sort();

/** What the corpus imports today; a file that stops importing fails the test. */
const EXPECTED_ACCEPTED = 18;

const servers: TestServer[] = [];
async function server(): Promise<TestServer> {
  const s = await startTestServer();
  servers.push(s);
  return s;
}
/** Closes the servers of one file (on PostgreSQL each holds a pool and a listener: 18 files' worth would exceed max_connections). */
async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}
afterAll(closeServers);

const read = (file: string) => readFileSync(join(CORPUS, file), "utf8");

/** The catalog as data, literal keys aside (they never leave the catalog they were given to). */
function state(catalog: Catalog) {
  const view = catalog.read();
  const providers = view.providers();
  const providerName = new Map(providers.map((p) => [p.id, p.name]));
  const groups = view.groups();
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return {
    providers: providers.map((p) => ({ name: p.name, type: p.type, apiBase: p.apiBase, apiKeyEnv: p.apiKeyEnv, displayName: p.displayName })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    groups: groups.map((g) => ({ name: g.name, mode: g.mode, description: g.description, fallbacks: g.fallbacks, passthrough: g.passthrough })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    deployments: view
      .deployments()
      .map((d) => ({
        group: groupName.get(d.groupId),
        provider: providerName.get(d.providerId),
        model: d.model,
        modelWritten: d.modelWritten,
        apiBase: d.apiBase,
        variant: d.variant,
        factsOverride: d.factsOverride,
        priority: d.priority,
        weight: d.weight,
        enabled: d.enabled,
      }))
      .sort((a, b) => (`${a.group} ${a.provider} ${a.model}` < `${b.group} ${b.provider} ${b.model}` ? -1 : 1)),
    aliases: view
      .aliases()
      .map((a) => ({ name: a.name, target: groupName.get(a.groupId), hidden: a.hidden, description: a.description }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

const PLACEHOLDER = /^\$\{MODELGRAPH_STORED_(SECRET_[0-9A-F]{16}|KEY_[A-Z0-9_]+)\}$/;

/**
 * Where `exported` differs from `original` as data. A literal secret (a value under a secret
 * name, per the rule the service seals by) must come back as modelgraph's placeholder, never
 * as itself; every other value must come back unchanged.
 */
function dataDifferences(original: unknown, exported: unknown, path = "$", secret = false): string[] {
  if (typeof original === "string" && secret && original !== "" && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(original)) {
    return typeof exported === "string" && PLACEHOLDER.test(exported) ? [] : [`${path}: the literal secret is not a placeholder (${typeof exported === "string" && exported === original ? "exported in clear" : JSON.stringify(exported)})`];
  }
  if (Array.isArray(original)) {
    if (!Array.isArray(exported) || exported.length !== original.length) return [`${path}: ${JSON.stringify(original)} became ${JSON.stringify(exported)}`];
    return original.flatMap((v, i) => dataDifferences(v, exported[i], `${path}[${i}]`, secret));
  }
  if (original && typeof original === "object") {
    if (!exported || typeof exported !== "object" || Array.isArray(exported)) return [`${path}: an object became ${JSON.stringify(exported)}`];
    const o = original as Record<string, unknown>;
    const e = exported as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(o), ...Object.keys(e)])];
    return keys.flatMap((k) => {
      if (!(k in e)) return [`${path}.${k}: missing from the export`];
      if (!(k in o)) return [`${path}.${k}: added by the export (${JSON.stringify(e[k])})`];
      return dataDifferences(o[k], e[k], `${path}.${k}`, secret || isSecretParam(k));
    });
  }
  return Object.is(original, exported) ? [] : [`${path}: ${JSON.stringify(original)} became ${JSON.stringify(exported)}`];
}

const noChange = { providers: [], groups: [], deployments: [], aliases: [] };

describe("the nanobot corpus (../shared/corpus/nanobot) through the real import and export", () => {
  it(`every file imports (${EXPECTED_ACCEPTED}/${FILES.length} today), and the same file twice changes nothing`, async () => {
    const refused: string[] = [];
    for (const file of FILES) {
      const s = await server();
      try {
        await s.catalog.interop.importConfig({ format: "NANOBOT_JSON", content: read(file), source: file });
      } catch (error) {
        refused.push(`${file}: ${(error as Error).message.split("\n")[0]}`);
        continue;
      }
      const again = await s.catalog.interop.importConfig({ format: "NANOBOT_JSON", content: read(file), source: file });
      expect(again.created, file).toEqual(noChange);
      expect(again.updated, file).toEqual(noChange);
      await closeServers();
    }
    const accepted = FILES.length - refused.length;
    console.log(`nanobot accepted/total: ${accepted}/${FILES.length}${refused.length > 0 ? `\n  refused:\n  ${refused.join("\n  ")}` : ""}`);
    expect(FILES.length).toBe(18);
    expect(refused).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(EXPECTED_ACCEPTED);
  });

  it("export → import into an empty catalog gives the same catalog, and the export equals the original as data", async () => {
    const problems: string[] = [];
    let roundTripped = 0;
    for (const file of FILES) {
      const original = read(file);
      const first = await server();
      await first.catalog.interop.importConfig({ format: "NANOBOT_JSON", content: original, source: file });
      const exported = (await first.catalog.interop.exportConfig("NANOBOT_JSON")).content;

      const differences = dataDifferences(JSON.parse(original), JSON.parse(exported));
      problems.push(...differences.map((d) => `${file}: ${d}`));

      const second = await server();
      await second.catalog.interop.importConfig({ format: "NANOBOT_JSON", content: exported, source: `${file} (exported)` });
      expect(state(second.catalog), file).toEqual(state(first.catalog));

      // Back into the catalog it came from: nothing changes, the stored keys stay.
      const again = await first.catalog.interop.importConfig({ format: "NANOBOT_JSON", content: exported, source: `${file} (exported)` });
      expect(again.created, file).toEqual(noChange);
      expect(again.updated, file).toEqual(noChange);
      if (differences.length === 0) roundTripped++;
      await closeServers();
    }
    console.log(`nanobot round trip (export equals the original as data): ${roundTripped}/${FILES.length}`);
    expect(problems).toEqual([]);
  });

  it("no literal secret of the corpus appears in an export", async () => {
    const literals = ["sk-or-v1-xxx", "BSA-xxx", "123456:ABC...", "BSA...", "sk-xxx", "your-api-key", "dummy"];
    for (const file of FILES) {
      const original = read(file);
      const s = await server();
      await s.catalog.interop.importConfig({ format: "NANOBOT_JSON", content: original, source: file });
      const exported = (await s.catalog.interop.exportConfig("NANOBOT_JSON")).content;
      for (const literal of literals) {
        if (original.includes(`"${literal}"`)) expect(exported, `${file}: ${literal}`).not.toContain(`"${literal}"`);
      }
      await closeServers();
    }
  });
});
