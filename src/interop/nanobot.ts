import { findProviderType, providerTypeIds } from "../catalog/provider-types.ts";
import { closestNames } from "../catalog/suggest.ts";
import { show, validateApiBase, validateApiKeyEnv, validateModel, validateProviderName, validatePublicName } from "../catalog/validation.ts";
import {
  atLoc,
  isRecord,
  kindOf,
  locatedError,
  type AliasSpec,
  type CatalogSnapshot,
  type ConfigSpec,
  type GroupSpec,
  type ProviderSpec,
  type Serialized,
} from "./spec.ts";
import { ConfigSource } from "./source.ts";

/*
 * nanobot config JSON: `providers.<name>.{apiKey, apiBase, models: {alias: model}}`. Each alias
 * becomes the group `<provider>/<model>` with one deployment, plus the alias, exactly as nanobot
 * resolves it: the provider comes from the block the alias is in, never from the model name.
 * The rules are written down in docs/import-export.md.
 */

/**
 * nanobot's provider names (its registry and config schema) → modelgraph provider type, with
 * the API base nanobot itself uses when the block has none (for the OpenAI-compatible gateways).
 * Not here, because modelgraph has no matching routing prefix: minimax, openai_codex,
 * github_copilot; give those `"modelgraph": {"type": "<provider type>"}` to import them.
 */
export const NANOBOT_PROVIDERS: Readonly<Record<string, { type: string; apiBase?: string }>> = {
  custom: { type: "openai" },
  openrouter: { type: "openrouter" },
  kilo: { type: "openai", apiBase: "https://api.kilo.ai/api/gateway" },
  aihubmix: { type: "openai", apiBase: "https://aihubmix.com/v1" },
  siliconflow: { type: "openai", apiBase: "https://api.siliconflow.cn/v1" },
  volcengine: { type: "volcengine" },
  anthropic: { type: "anthropic" },
  openai: { type: "openai" },
  deepseek: { type: "deepseek" },
  gemini: { type: "gemini" },
  zhipu: { type: "zai" },
  dashscope: { type: "dashscope" },
  dashscope_coding_plan: { type: "openai", apiBase: "https://coding.dashscope.aliyuncs.com/v1" },
  moonshot: { type: "moonshot" },
  vllm: { type: "hosted_vllm" },
  groq: { type: "groq" },
};

/** What export writes instead of a literal key; import treats it as "no key in this file". */
export const NANOBOT_KEY_PLACEHOLDER = "<stored encrypted in modelgraph: set it here>";

const BLOCK_KEYS = new Set(["apiKey", "api_key", "apiBase", "api_base", "models", "extraHeaders", "extra_headers", "modelgraph"]);
const EXTENSION_KEYS = new Set(["type", "apiKeyEnv", "displayName", "aliases"]);

/** nanobot accepts camelCase and snake_case keys (pydantic `to_camel` + populate_by_name). */
function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function pick(block: Record<string, unknown>, camel: string, snake: string): [unknown, string] {
  return camel in block ? [block[camel], camel] : [block[snake], snake];
}

/** Parses a nanobot config into the neutral spec; errors start with the JSON path. */
export function parseNanobot(content: string, source: string): ConfigSpec {
  const file: ConfigSource = ConfigSource.json(content, source);
  const root = file.value;
  const warnings: string[] = [];
  if (!isRecord(root)) {
    file.fail([], `expected a nanobot config: a JSON object with "providers": {"<name>": {"apiKey", "apiBase", "models"}}; got ${kindOf(root)}`);
  }
  if (!("providers" in root)) {
    file.fail([], `expected a nanobot config with "providers"; found no providers key (keys: ${Object.keys(root).map((k) => show(k)).join(", ") || "none"})`);
  }
  const ignored = Object.keys(root).filter((k) => k !== "providers");
  if (ignored.length > 0) warnings.push(`ignored top-level key(s) ${ignored.map((k) => show(k)).join(", ")}: modelgraph imports providers and their model aliases`);
  const blocks = root.providers;
  if (!isRecord(blocks)) file.fail(["providers"], `"providers" must be an object {"<name>": {"apiKey", "apiBase", "models"}}; got ${kindOf(blocks)}`);

  const providers: ProviderSpec[] = [];
  const byName = new Map<string, ProviderSpec>();
  const groups = new Map<string, GroupSpec>();
  const aliases: AliasSpec[] = [];
  const skipped: string[] = [];

  for (const [key, block] of Object.entries(blocks)) {
    const at = ["providers", key];
    const loc = file.loc(at);
    if (block === null) {
      skipped.push(key);
      continue;
    }
    if (!isRecord(block)) file.fail(at, `provider ${show(key)} must be an object {"apiKey", "apiBase", "models"}; got ${kindOf(block)}`);
    const name = snakeCase(key);
    atLoc(loc, () => validateProviderName(name, "provider name"));
    const twin = byName.get(name);
    if (twin) throw locatedError(loc, `provider ${show(key)} is the same nanobot provider as ${twin.loc.path} (nanobot reads camelCase and snake_case alike); keep one`);

    const ext = block.modelgraph;
    if (ext !== undefined && !isRecord(ext)) file.fail([...at, "modelgraph"], `"modelgraph" must be an object {"type", "apiKeyEnv", "displayName", "aliases"}; got ${kindOf(ext)}`);
    for (const k of Object.keys(block)) {
      if (!BLOCK_KEYS.has(k)) warnings.push(`${file.loc([...at, k]).path}: ignored key ${show(k)} (modelgraph reads apiKey, apiBase and models)`);
    }
    if (ext) for (const k of Object.keys(ext)) if (!EXTENSION_KEYS.has(k)) warnings.push(`${file.loc([...at, "modelgraph", k]).path}: ignored key ${show(k)}`);

    const [rawKey, keyField] = pick(block, "apiKey", "api_key");
    let apiKey: string | undefined;
    if (rawKey !== undefined && rawKey !== null && rawKey !== "") {
      if (typeof rawKey !== "string") file.fail([...at, keyField], `apiKey must be a string; got ${typeof rawKey}`);
      if (rawKey === NANOBOT_KEY_PLACEHOLDER) {
        warnings.push(
          `${file.loc([...at, keyField]).path}: apiKey is modelgraph's export placeholder; a key stored for ${show(name)} is kept, a new provider gets none: set it with updateProvider(apiKey)`,
        );
      } else {
        if (rawKey.trim() !== rawKey) file.fail([...at, keyField], "apiKey has leading or trailing whitespace (the value is not shown); remove it");
        apiKey = rawKey;
      }
    }
    const [rawBase, baseField] = pick(block, "apiBase", "api_base");
    let apiBase: string | null = null;
    if (rawBase !== undefined && rawBase !== null && rawBase !== "") {
      if (typeof rawBase !== "string") file.fail([...at, baseField], `apiBase must be a URL string; got ${kindOf(rawBase)}`);
      apiBase = atLoc(file.loc([...at, baseField]), () => validateApiBase(rawBase, "apiBase"));
    }
    const models = block.models ?? {};
    if (!isRecord(models)) file.fail([...at, "models"], `models must be an object {"<alias>": "<model>"}; got ${kindOf(models)}`);
    const [headers, headersField] = pick(block, "extraHeaders", "extra_headers");
    if (isRecord(headers) && Object.keys(headers).length > 0) {
      warnings.push(`${file.loc([...at, headersField]).path}: extra headers are not imported (modelgraph keeps no headers; they may hold credentials)`);
    }

    if (apiKey === undefined && apiBase === null && !("models" in block) && ext === undefined && rawKey !== NANOBOT_KEY_PLACEHOLDER) {
      // nanobot's generated config lists every provider with an empty key; those configure nothing.
      skipped.push(key);
      continue;
    }

    const known = NANOBOT_PROVIDERS[name];
    let type: string;
    if (ext?.type !== undefined) {
      if (typeof ext.type !== "string" || !findProviderType(ext.type)) {
        const near = typeof ext.type === "string" ? closestNames(ext.type, providerTypeIds(), 3) : [];
        file.fail(
          [...at, "modelgraph", "type"],
          `unknown provider type ${typeof ext.type === "string" ? show(ext.type) : kindOf(ext.type)}; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}accepted: ${providerTypeIds().join(", ")}`,
        );
      }
      type = ext.type;
    } else if (known) {
      type = known.type;
    } else {
      const near = closestNames(name, Object.keys(NANOBOT_PROVIDERS), 3);
      file.fail(
        at,
        `unknown nanobot provider ${show(key)}; ${near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : ""}accepted: ${Object.keys(NANOBOT_PROVIDERS).join(", ")}; or say which provider type it is with "modelgraph": {"type": "<provider type>"}`,
      );
    }
    if (apiBase === null && known?.apiBase && known.type === type) apiBase = known.apiBase;
    if (name === "custom" && apiBase === null) {
      warnings.push(`${loc.path}: nanobot's "custom" provider needs apiBase; without one it is imported as type openai at ${show(findProviderType(type)?.defaultApiBase ?? "")}`);
    }

    let apiKeyEnv: string | null | undefined;
    let displayName: string | null | undefined;
    if (ext) {
      const env = ext.apiKeyEnv;
      if (env !== undefined && env !== null && typeof env !== "string") file.fail([...at, "modelgraph", "apiKeyEnv"], `apiKeyEnv must be a string; got ${kindOf(env)}`);
      apiKeyEnv = typeof env === "string" ? atLoc(file.loc([...at, "modelgraph", "apiKeyEnv"]), () => validateApiKeyEnv(env)) : null;
      const display = ext.displayName;
      if (display !== undefined && display !== null && typeof display !== "string") file.fail([...at, "modelgraph", "displayName"], `displayName must be a string; got ${kindOf(display)}`);
      displayName = typeof display === "string" ? display : null;
    }
    if (apiBase === null && findProviderType(type)?.requiresApiBase && Object.keys(models).length > 0) {
      file.fail(at, `provider ${show(key)} (type ${show(type)}) has no default API base: add "apiBase", e.g. "http://127.0.0.1:8000/v1"`);
    }
    const provider: ProviderSpec = { name, suggestedName: name, type, apiBase, apiKeyEnv, apiKey, displayName, loc };
    providers.push(provider);
    byName.set(name, provider);

    const aliasMeta = ext?.aliases;
    if (aliasMeta !== undefined && !isRecord(aliasMeta)) file.fail([...at, "modelgraph", "aliases"], `"aliases" must be an object {"<alias>": {"hidden", "description"}}; got ${kindOf(aliasMeta)}`);
    for (const [alias, model] of Object.entries(models)) {
      const mAt = [...at, "models", alias];
      const mLoc = file.loc(mAt);
      // Names are stored in NFC (docs/decisions.md); the model id is kept exactly as written.
      const aliasName = atLoc(mLoc, () => validatePublicName(alias, "alias name"));
      if (typeof model !== "string" || model === "") file.fail(mAt, `alias ${show(alias)} must map to the model id as ${show(name)}'s API knows it, e.g. "z-ai/glm4.7"; got ${kindOf(model)}`);
      atLoc(mLoc, () => validateModel(model), `alias ${show(alias)}`);
      const groupName = atLoc(mLoc, () => validatePublicName(`${name}/${model}`, "group name"));
      if (!groups.has(groupName)) {
        groups.set(groupName, {
          name: groupName,
          mode: undefined,
          description: undefined,
          loc: mLoc,
          deployments: [
            {
              provider,
              model,
              apiBase: null,
              priority: undefined,
              weight: undefined,
              rpm: undefined,
              tpm: undefined,
              enabled: undefined,
              probe: undefined,
              externalId: undefined,
              extraParams: undefined,
              loc: mLoc,
            },
          ],
        });
      }
      const meta = aliasMeta?.[alias];
      if (meta !== undefined && !isRecord(meta)) file.fail([...at, "modelgraph", "aliases", alias], `must be an object {"hidden", "description"}; got ${kindOf(meta)}`);
      if (meta?.hidden !== undefined && typeof meta.hidden !== "boolean") file.fail([...at, "modelgraph", "aliases", alias, "hidden"], `hidden must be true or false; got ${kindOf(meta.hidden)}`);
      if (meta?.description !== undefined && meta.description !== null && typeof meta.description !== "string") {
        file.fail([...at, "modelgraph", "aliases", alias, "description"], `description must be a string; got ${kindOf(meta.description)}`);
      }
      aliases.push({
        name: aliasName,
        target: groupName,
        // Only modelgraph's own export says whether an alias is hidden; plain nanobot files leave it.
        hidden: aliasMeta ? ((meta?.hidden as boolean | undefined) ?? false) : undefined,
        description: aliasMeta ? ((meta?.description as string | null | undefined) ?? null) : undefined,
        loc: mLoc,
      });
    }
  }
  if (skipped.length > 0) {
    warnings.push(`skipped provider(s) without apiKey, apiBase or models: ${skipped.map((k) => show(k)).join(", ")}`);
  }
  return { providers, groups: [...groups.values()], aliases, warnings };
}

// ---------------------------------------------------------------------------------------------
// Export

/**
 * The catalog as a nanobot config: one block per provider with its aliases in `models`. nanobot
 * maps a name to one model, so a group is written through its first deployment; fields nanobot
 * has no place for go under each block's `modelgraph` object (nanobot ignores unknown keys).
 */
export function serializeNanobot(snapshot: CatalogSnapshot): Serialized {
  const warnings: string[] = [];
  const models = new Map<string, Record<string, string>>();
  const aliasMeta = new Map<string, Record<string, { hidden?: boolean; description?: string }>>();
  const aliases = new Map(snapshot.aliases.map((a) => [a.name, a]));

  for (const group of snapshot.groups) {
    const first = group.deployments[0];
    if (!first) {
      warnings.push(`model group ${show(group.name)} has no deployments: nanobot cannot hold it${group.aliases.length > 0 ? ` (nor its aliases ${group.aliases.map((a) => show(a)).join(", ")})` : ""}; not exported`);
      continue;
    }
    const native = group.name === `${first.provider}/${first.model}` && group.deployments.length === 1;
    const names = native ? [...group.aliases] : [group.name, ...group.aliases];
    if (names.length === 0) {
      warnings.push(`model group ${show(group.name)} has no alias: nanobot's models map holds names, so it is not exported`);
      continue;
    }
    if (!native) {
      const others = group.deployments.length - 1;
      warnings.push(
        `model group ${show(group.name)} is exported as nanobot name(s) ${names.map((n) => show(n)).join(", ")} → ${show(first.prefixedId)} on provider ${show(first.provider)}` +
          (others > 0 ? `; its ${others} other deployment(s) are not (nanobot maps a name to one model)` : "") +
          `; importing the file back creates the group ${show(`${first.provider}/${first.model}`)}`,
      );
    }
    if (!first.enabled) warnings.push(`model group ${show(group.name)}: its only exported deployment ${show(first.prefixedId)} is disabled in modelgraph`);
    const settings = [first.rpm != null && "rpm", first.tpm != null && "tpm", first.priority !== 0 && "priority", first.weight !== 1 && "weight", first.extraParams && "extra params", first.apiBase && "its own API base", first.probe !== "AUTO" && "probe"].filter(Boolean);
    if (settings.length > 0) warnings.push(`model group ${show(group.name)}: not exported: ${settings.join(", ")} of ${show(first.prefixedId)} (nanobot has no place for them)`);
    const target = models.get(first.provider) ?? {};
    models.set(first.provider, target);
    for (const name of names) {
      target[name] = first.model;
      const alias = aliases.get(name);
      if (alias && (alias.hidden || alias.description)) {
        const meta = aliasMeta.get(first.provider) ?? {};
        aliasMeta.set(first.provider, meta);
        meta[name] = { ...(alias.hidden ? { hidden: true } : {}), ...(alias.description ? { description: alias.description } : {}) };
      }
    }
  }

  const providers: Record<string, unknown> = {};
  for (const p of snapshot.providers) {
    const block: Record<string, unknown> = {};
    if (p.hasLiteralKey) {
      block.apiKey = NANOBOT_KEY_PLACEHOLDER;
      warnings.push(`provider ${show(p.name)}: its literal API key is stored encrypted in modelgraph and not exported; apiKey holds a placeholder: put the key there for nanobot`);
    } else if (p.apiKeyEnv) {
      warnings.push(`provider ${show(p.name)} reads its key from $${p.apiKeyEnv}; nanobot has no environment references: put the key in apiKey for nanobot`);
    }
    if (p.apiBase) block.apiBase = p.apiBase;
    const m = models.get(p.name);
    if (m) block.models = Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const ext: Record<string, unknown> = {};
    const known = NANOBOT_PROVIDERS[p.name];
    if (!known || known.type !== p.type) ext.type = p.type;
    if (!known) {
      warnings.push(`provider ${show(p.name)} is not one of nanobot's provider names (${Object.keys(NANOBOT_PROVIDERS).join(", ")}): nanobot ignores its block; rename it for nanobot`);
    }
    if (p.apiKeyEnv) ext.apiKeyEnv = p.apiKeyEnv;
    if (p.displayName) ext.displayName = p.displayName;
    const meta = aliasMeta.get(p.name);
    if (meta) ext.aliases = meta;
    if (Object.keys(ext).length > 0) block.modelgraph = ext;
    // A block with nothing in it reads as nanobot's unconfigured template entry: keep it visible.
    if (Object.keys(block).length === 0) block.models = {};
    providers[p.name] = block;
  }
  return { content: JSON.stringify({ providers }, null, 2) + "\n", warnings };
}
