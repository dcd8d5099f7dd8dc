import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCatalog, type Catalog } from "../src/catalog/catalog.ts";
import { openDatabase, type DbHandle } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { ConfigSource } from "../src/interop/source.ts";
import { isLiteralSecret, isRecord, isSecretParam } from "../src/interop/spec.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";

/*
 * Every LiteLLM proxy config of the real-world corpus (../shared/corpus/litellm: LiteLLM's docs,
 * its repo, public deployments), imported through the real service into its own :memory:
 * catalog: the ones LiteLLM accepts must import, the ones broken as published must be refused
 * with their line. Each accepted file round-trips: its export imported into an empty catalog
 * gives the same catalog, imported back into the first changes nothing, and the exported config
 * is the original as data (secrets replaced by placeholders; comments, key order and the order
 * of model_list entries aside; include: files flattened). Never copied into the project.
 */

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus/litellm");

/** The variables 056 and 058 read their model ids from (values as their own comments describe them). */
const ENV: Record<string, string> = {
  LITELLM_MODEL_ID: "hosted_vllm/Qwen/Qwen2.5-VL-7B-Instruct",
  VLLM_MODEL_ID: "openai/qwen36-27b",
};

/** Broken as published (SOURCES.md): refused, naming the file's line. */
const REFUSED: Record<string, number> = {
  "012": 7, // mis-indented model: under litellm_params (YAML error)
  "021": 176, // a `}` inside a block mapping (YAML error)
  "038": 2, // include: of a file that does not exist
  "040": 38, // duplicate key success_callback
  "044": 34, // general_settings indentation (YAML error)
};

/**
 * Entries LiteLLM's proxy itself drops at start-up (`Router(ignore_invalid_deployments=True)`: "LLM
 * Provider NOT provided"), by the line the entry starts on and the line of the problem: the file is
 * refused naming them, and `skipInvalid` imports the rest, as LiteLLM serves it.
 */
const LITELLM_DROPS: Record<string, { entry: number; line: number }[]> = {
  "041": [{ entry: 21, line: 23 }], // mistralai/mistral-7b-instruct: no provider prefix, no registry id
};

interface CorpusFile {
  id: string;
  name: string;
  /** The file imported (the include: entry file for the 036/037 folders). */
  path: string;
  /** The files it includes, in order. */
  includes: string[];
}

function corpus(): CorpusFile[] {
  return readdirSync(CORPUS)
    .filter((f) => f !== "SOURCES.md")
    .sort()
    .map((name) => {
      const full = join(CORPUS, name);
      if (!statSync(full).isDirectory()) return { id: name.slice(0, 3), name, path: full, includes: [] };
      const entry = readdirSync(full).find((f) => f.startsWith("config_with"))!;
      const main = yamlData(readFileSync(join(full, entry), "utf8")) as { include?: string[] };
      return { id: name.slice(0, 3), name, path: join(full, entry), includes: (main.include ?? []).map((p) => join(full, p)) };
    });
}

interface Opened {
  handle: DbHandle;
  store: SqliteStore;
  catalog: Catalog;
}

const opened: Opened[] = [];
/**
 * Files whose unprefixed models only LiteLLM's own price list knows (034: `dall-e-3`, which
 * neither shipped dataset has): imported into catalogs that loaded that list with importFacts, as
 * a LiteLLM user would (docs/import-export.md, "Unprefixed models"). Without it they are refused,
 * naming the model.
 */
const NEEDS_LITELLM_PRICES: Record<string, string> = { "034": "dall-e-3" };
const LITELLM_PRICES = resolve(CORPUS, "../models-metadata/litellm-model_prices_and_context_window.RoCry-mirror-2026-07-24.json");
let pricesText: string | undefined;

async function fresh(withLiteLLMPrices = false): Promise<Catalog> {
  const handle = openDatabase(":memory:");
  const store = new SqliteStore(handle);
  const catalog = createCatalog(store, {
    env: (name) => ENV[name],
    healthStaleAfterMs: 30 * 60_000,
    health: { timeoutMs: 2000, slowMs: 1000, freshForMs: 60_000, concurrency: 1, perProviderConcurrency: 1, maxBodyBytes: 1_000_000 },
    secrets: new SecretBox({ kind: "ephemeral" }),
  });
  opened.push({ handle, store, catalog });
  if (withLiteLLMPrices) await catalog.facts.importFacts({ format: "LITELLM_MODEL_PRICES", content: (pricesText ??= readFileSync(LITELLM_PRICES, "utf8")), source: "model_prices_and_context_window.json" });
  return catalog;
}

function importFile(catalog: Catalog, file: CorpusFile, skipInvalid = false) {
  return catalog.interop.importConfig({ format: "LITELLM_YAML", content: readFileSync(file.path, "utf8"), source: file.name, path: file.path, skipInvalid });
}

async function refusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the import to be refused");
}

/** YAML as LiteLLM reads it (PyYAML, YAML 1.1: `20_000` is 20000, `6e-7` a string). */
function yamlData(text: string): Record<string, unknown> {
  return (ConfigSource.yaml(text, "test").value ?? {}) as Record<string, unknown>;
}

/** The config as LiteLLM's proxy loads it: included files' top-level lists appended, other keys replaced. */
function originalData(file: CorpusFile): Record<string, unknown> {
  const root = yamlData(readFileSync(file.path, "utf8"));
  const out: Record<string, unknown> = { ...root };
  delete out.include;
  for (const path of file.includes) {
    const included = yamlData(readFileSync(path, "utf8"));
    for (const [k, v] of Object.entries(included)) out[k] = Array.isArray(v) && Array.isArray(out[k]) ? [...(out[k] as unknown[]), ...v] : v;
  }
  return out;
}

const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;
const PLACEHOLDER = /^os\.environ\/MODELGRAPH_STORED_(SECRET|KEY)_[A-Z0-9_]+$/;

/** Every literal secret of the original (a string under a credential-like name, a URL with a password) as `<secret>`. */
function maskSecrets(value: unknown, secret = false, found: string[] = []): unknown {
  if (typeof value === "string") {
    if ((secret && isLiteralSecret(value)) || URL_WITH_PASSWORD.test(value)) {
      found.push(value);
      return "<secret>";
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, secret, found));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, secret || isSecretParam(k), found)]));
  return value;
}

/** The export's placeholders as `<secret>`. */
function maskPlaceholders(value: unknown): unknown {
  if (typeof value === "string") return PLACEHOLDER.test(value) ? "<secret>" : value;
  if (Array.isArray(value)) return value.map(maskPlaceholders);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPlaceholders(v)]));
  return value;
}

function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** model_list as a multiset (LiteLLM does not order entries across groups; `order` says it within one). */
function comparable(config: Record<string, unknown>): unknown {
  const list = Array.isArray(config.model_list) ? config.model_list : [];
  return JSON.parse(canonical({ ...config, model_list: list.map((e) => canonical(e)).sort() }));
}

/**
 * The catalog as data, by names (ids and timestamps differ between databases): sealed secrets and
 * unresolved export placeholders both as `<secret>`; literal provider keys as a flag only (a new
 * database has none until they are set again, by design).
 */
function dump(handle: DbHandle): Record<string, unknown> {
  const rows = (sql: string) => handle.sqlite.prepare(sql).all() as Record<string, unknown>[];
  const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
  const secrets = (v: unknown): unknown => {
    if (typeof v === "string") return v.startsWith("modelgraph-sealed:") || PLACEHOLDER.test(v) ? "<secret>" : v;
    if (Array.isArray(v)) return v.map(secrets);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, secrets(x)]));
    return v;
  };
  return secrets({
    providers: rows("select name, type, display_name, api_base, api_key_env from providers order by name"),
    groups: rows("select name, description, mode, fallbacks, passthrough from model_groups order by name").map((g) => ({ ...g, fallbacks: json(g.fallbacks) })),
    deployments: rows(
      `select g.name as grp, p.name as provider, d.model, d.api_base, d.priority, d.weight, d.rpm, d.tpm, d.enabled, d.probe, d.external_id,
              d.extra_params, d.facts_override, d.model_written, d.variant, d.entry_extra
         from deployments d join model_groups g on g.id = d.group_id join providers p on p.id = d.provider_id
        order by g.name, p.name, d.model, d.api_base, d.variant`,
    ).map((d) => ({ ...d, extra_params: json(d.extra_params), facts_override: json(d.facts_override), entry_extra: json(d.entry_extra) })),
    aliases: rows("select a.name, g.name as target, a.hidden, a.description from aliases a join model_groups g on g.id = a.group_id order by a.name"),
    documents: rows("select format, content from config_documents order by format").map((d) => ({ ...d, content: json(d.content) })),
  }) as Record<string, unknown>;
}

function nothingChanged(report: { created: object; updated: object; removed: object }): void {
  const none = { providers: [], groups: [], deployments: [], aliases: [] };
  expect(report.created).toEqual(none);
  expect(report.updated).toEqual(none);
  expect(report.removed).toEqual(none);
}

const files = corpus();
const accepted: string[] = [];
const withSkips: string[] = [];
const refused: string[] = [];

afterAll(async () => {
  console.log(
    `litellm accepted/total: ${accepted.length + withSkips.length}/${files.length}` +
      ` (${withSkips.length} of them with skipInvalid, leaving out only the entries LiteLLM itself drops: ${withSkips.join(", ") || "none"};` +
      ` refused as published: ${refused.join(", ")})`,
  );
  for (const { catalog, handle } of opened.splice(0)) {
    await catalog.close();
    handle.close();
  }
});

describe("the LiteLLM corpus through the real import service", () => {
  it("has the files SOURCES.md lists", () => {
    expect(files.length).toBeGreaterThanOrEqual(53);
    for (const id of [...Object.keys(REFUSED), ...Object.keys(LITELLM_DROPS)]) expect(files.some((f) => f.id === id), id).toBe(true);
  });

  it.each(files.filter((f) => REFUSED[f.id] !== undefined).map((f) => [f.name, f] as const))("%s, broken as published, is refused at its line", async (_name, file) => {
    const catalog = await fresh();
    const message = await refusal(() => importFile(catalog, file));
    expect(message).toMatch(new RegExp(`^${file.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${REFUSED[file.id]}\\b`));
    expect((await catalog.interop.exportConfig("LITELLM_YAML")).content).not.toMatch(/model_name/);
    refused.push(file.id);
  });

  it.each(files.filter((f) => LITELLM_DROPS[f.id] !== undefined).map((f) => [f.name, f] as const))(
    "%s is refused naming the entries LiteLLM drops, and skipInvalid imports the rest",
    async (_name, file) => {
      const message = await refusal(async () => importFile(await fresh(), file));
      for (const { line } of LITELLM_DROPS[file.id]!) expect(message).toContain(`${file.name}:${line}:`);
      const report = await importFile(await fresh(), file, true);
      expect(report.skipped.map((s) => s.line)).toEqual(LITELLM_DROPS[file.id]!.map((d) => d.entry));
      withSkips.push(file.id);
    },
  );

  it.each(Object.entries(NEEDS_LITELLM_PRICES))("%s without LiteLLM's price list is refused naming %s and how to load it", async (id, model) => {
    const file = files.find((f) => f.id === id)!;
    const message = await refusal(async () => importFile(await fresh(), file));
    expect(message).toContain(JSON.stringify(model));
  });

  const roundTrips = files.filter((f) => REFUSED[f.id] === undefined);
  it.each(roundTrips.map((f) => [f.name, f] as const))("%s imports, and round-trips as the same catalog and the same config", async (_name, file) => {
    const skip = LITELLM_DROPS[file.id] !== undefined;
    const prices = NEEDS_LITELLM_PRICES[file.id] !== undefined;
    const first = await fresh(prices);
    const handleA = opened.at(-1)!.handle;
    await importFile(first, file, skip);
    if (!skip) accepted.push(file.id);
    // The same file again changes nothing.
    nothingChanged(await importFile(first, file, skip));

    const exported = (await first.interop.exportConfig("LITELLM_YAML")).content;
    const data = yamlData(exported);

    // The export is the original as data: secrets as placeholders, never in clear.
    const found: string[] = [];
    const original = maskSecrets(originalData(file), false, found) as Record<string, unknown>;
    if (skip) {
      const dropped = new Set(LITELLM_DROPS[file.id]!.map((d) => canonical(maskSecrets(entryAtLine(file, d.entry)))));
      original.model_list = (original.model_list as unknown[]).filter((e) => !dropped.has(canonical(e)));
    }
    expect(comparable(maskPlaceholders(data) as Record<string, unknown>)).toEqual(comparable(original));
    // Not as any value, nor in the export's comments (a value also written where it is no secret aside).
    const visible = new Set<string>();
    collectStrings(original, visible);
    const values = new Set<string>();
    collectStrings(data, values);
    const comments = exported.split("\n").filter((l) => l.startsWith("#")).join("\n");
    for (const secret of found.filter((v) => !visible.has(v))) {
      expect(values.has(secret)).toBe(false);
      if (secret.length >= 6) expect(comments).not.toContain(secret);
    }

    // Into an empty catalog: the same catalog.
    const second = await fresh(prices);
    const handleB = opened.at(-1)!.handle;
    await second.interop.importConfig({ format: "LITELLM_YAML", content: exported, source: "export.yaml" });
    expect(dump(handleB)).toEqual(dump(handleA));
    // And that catalog exports the same config, but for the literal keys it does not hold.
    expect(comparable(withoutStoredKeys(yamlData((await second.interop.exportConfig("LITELLM_YAML")).content)))).toEqual(comparable(withoutStoredKeys(data)));
    // Back into the first: nothing changes.
    nothingChanged(await first.interop.importConfig({ format: "LITELLM_YAML", content: exported, source: "export.yaml" }));
  });
});

/**
 * The config without what a catalog that does not hold the literal provider keys (a new one, by
 * design) cannot write: their api_key placeholders, and the provider names that then need saying.
 */
function withoutStoredKeys(config: Record<string, unknown>): Record<string, unknown> {
  const list = Array.isArray(config.model_list) ? config.model_list : [];
  const model_list = list.map((entry) => {
    if (!isRecord(entry) || !isRecord(entry.litellm_params)) return entry;
    const { api_key, ...params } = entry.litellm_params;
    const out: Record<string, unknown> = typeof api_key === "string" && api_key.startsWith("os.environ/MODELGRAPH_STORED_KEY_") ? { ...entry, litellm_params: params } : { ...entry };
    if (isRecord(out.model_info) && isRecord(out.model_info.modelgraph)) {
      const { provider: _provider, ...meta } = out.model_info.modelgraph;
      const { modelgraph: _meta, ...info } = out.model_info;
      out.model_info = Object.keys(meta).length > 0 ? { ...info, modelgraph: meta } : info;
      if (Object.keys(out.model_info as object).length === 0) delete out.model_info;
    }
    return out;
  });
  return maskPlaceholders({ ...config, model_list }) as Record<string, unknown>;
}

/** Every string value, into `out`. */
function collectStrings(value: unknown, out: Set<string>): void {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (isRecord(value)) for (const v of Object.values(value)) collectStrings(v, out);
}

/** The model_list entry of the original that starts at `line` (1-based), as parsed data. */
function entryAtLine(file: CorpusFile, line: number): unknown {
  const text = readFileSync(file.path, "utf8").replace(/\r\n/g, "\n");
  const list = yamlData(text).model_list as unknown[];
  const starts = text
    .split("\n")
    .map((l, i) => (/^\s*-\s+model_name:/.test(l) ? i + 1 : 0))
    .filter(Boolean);
  return list[starts.indexOf(line)];
}
