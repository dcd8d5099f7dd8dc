import { asc, eq, sql } from "drizzle-orm";
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { one, type Store, type Tx } from "../db/store.ts";
import type { FactsService } from "../catalog/facts/facts.service.ts";
import type { EnvLookup } from "../catalog/provider/provider.service.ts";
import { BadUserInputError } from "../errors.ts";
import type { AliasService } from "../catalog/alias/alias.service.ts";
import type { DeploymentService } from "../catalog/deployment/deployment.service.ts";
import type { GroupService } from "../catalog/group/group.service.ts";
import { prefixedId } from "../catalog/prefix.ts";
import type { ProviderService } from "../catalog/provider/provider.service.ts";
import { displayOrder } from "../catalog/resolution/select.ts";
import { ImportApplier, type RouteChange } from "./apply.ts";
import { parseLiteLLM, serializeLiteLLM } from "./litellm.ts";
import { parseNanobot, serializeNanobot } from "./nanobot.ts";
import { SecretKeyError, type SecretBox } from "../secrets/secret-box.ts";
import {
  canonicalJson,
  NANOBOT_ENV_REF,
  checkNames,
  isLiteralSecret,
  isSealed,
  isRecord,
  mapStrings,
  paramPath,
  sealedPlaceholder,
  SEALED_PREFIX,
  STORED_SECRET_ENV_PREFIX,
  where,
  type CatalogSnapshot,
  type ConfigSpec,
  type ParseOptions,
} from "./spec.ts";
import { MAX_CONFIG_BYTES } from "./source.ts";
import { currentActor, runAs, UNKNOWN_ACTOR } from "../history/actor.ts";

export type ConfigFormatValue = "LITELLM_YAML" | "NANOBOT_JSON";
export type ImportModeValue = "MERGE" | "REPLACE";

export interface ImportRequest {
  format: ConfigFormatValue;
  content: string;
  /** Report what would change, write nothing. */
  dryRun?: boolean;
  /** MERGE (default): add and update, keep the rest. REPLACE: the catalog becomes the file. */
  mode?: ImportModeValue;
  /** A file path, for error messages. */
  source?: string;
  /** Import the valid entries and report each skipped one (default: all or nothing). */
  skipInvalid?: boolean;
  /**
   * The file on disk the content was read from (the CLI): LiteLLM `include:` paths are read
   * relative to its folder. Absent (GraphQL), no file is ever read and `include:` is refused.
   */
  path?: string;
}

/** An entry `skipInvalid` left out. */
export interface SkippedReport {
  /** `input:12` / `$.providers.x (input:3)`: where the entry starts. */
  location: string;
  line: number | null;
  reason: string;
}

/** Names per entity kind; deployments as "<group>: <prefixedId>". */
export interface EntityChanges {
  providers: string[];
  groups: string[];
  deployments: string[];
  aliases: string[];
}

export interface ImportReport {
  format: ConfigFormatValue;
  mode: ImportModeValue;
  dryRun: boolean;
  created: EntityChanges;
  updated: EntityChanges;
  unchanged: EntityChanges;
  /** REPLACE only: what the file no longer has. */
  removed: EntityChanges;
  warnings: string[];
  /** Names that existed and now route elsewhere, before → after. */
  rerouted: RouteChange[];
  /** skipInvalid: the entries left out and why. */
  skipped: SkippedReport[];
  /** The catalog version the import committed (null: a dry run, or nothing changed). */
  version: number | null;
}

export interface ExportResult {
  content: string;
  warnings: string[];
}

export interface InteropDeps {
  store: Store;
  providers: ProviderService;
  groups: GroupService;
  deployments: DeploymentService;
  aliases: AliasService;
  /** Seals and opens the literal secrets of deployment parameters (the provider keys' box). */
  secrets: SecretBox;
  /** The importing process's environment (model ids written as environment references). */
  env: EnvLookup;
  /** The model registry: how an unprefixed LiteLLM model finds its provider. */
  facts: FactsService;
}

/** Thrown inside the transaction of a dry run, after the report is complete, to roll it back. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run: rolled back");
  }
}

/** Import and export of LiteLLM proxy YAML and nanobot JSON (rules: docs/import-export.md). */
export class InteropService {
  constructor(private readonly deps: InteropDeps) {}

  /**
   * Parses the whole file first (errors name its line or JSON path), then applies it in one
   * immediate transaction: all or nothing. A dry run does the same work and rolls it back, so its
   * report is exactly what a real import would do now.
   */
  async importConfig(request: ImportRequest): Promise<ImportReport> {
    const mode = request.mode ?? "MERGE";
    const dryRun = request.dryRun ?? false;
    const registry = await this.deps.facts.registry();
    const spec = this.parse(request.format, request.content, request.source ?? "input", {
      skipInvalid: request.skipInvalid ?? false,
      env: this.deps.env,
      firstParty: (model) => registry.firstPartyProvidersFor(model),
      readInclude: request.path ? includeReader(request.path) : undefined,
    });
    checkNames(spec);
    const skipped = (spec.skipped ?? []).map((s) => ({ location: where(s.loc), line: s.loc.line, reason: s.reason }));
    // One change set of the history per import, source IMPORT, by whoever imports (docs/history.md).
    const importer = { actor: currentActor()?.actor ?? UNKNOWN_ACTOR, source: "IMPORT" as const, summary: `import ${request.format} ${mode} from ${basename(request.source ?? "input")}` };
    try {
      const { value, version } = await runAs(importer, () =>
        this.deps.store.transaction(async (tx) => {
          await this.sealSecrets(spec, tx);
          const applied = await new ImportApplier(this.deps, tx, spec, mode).run();
          await this.storeDocument(request.format, mode, spec, tx);
          const report: ImportReport = { format: request.format, mode, dryRun, ...applied, skipped, version: null };
          if (dryRun) throw new DryRunRollback(report);
          return report;
        }),
      );
      return { ...value, version };
    } catch (error) {
      if (error instanceof DryRunRollback) return error.report;
      throw error;
    }
  }

  /**
   * Replaces every literal secret in the file's deployment parameters by its SecretBox
   * ciphertext, and every export placeholder (`os.environ/MODELGRAPH_STORED_SECRET_<digest>`) by
   * the stored ciphertext it stands for. A secret already stored under the same plaintext keeps
   * its ciphertext, so importing a file twice changes nothing. The kept document is sealed the same way.
   */
  private async sealSecrets(spec: ConfigSpec, tx: Tx): Promise<void> {
    const { deployments, configDocuments } = tx.t;
    // What is stored already is read only when the file holds a secret or a placeholder, and only
    // the rows that hold a sealed string (a file with none, the usual case, reads nothing).
    const sealer = new SecretSealer(
      this.deps.secrets,
      async (plaintext) => await this.deps.providers.sealSecret(plaintext, tx),
      async (learn) => {
        // The JSON's text holds the prefix (json on PostgreSQL, text on SQLite: the cast is the same on both).
        const sealed = sql`cast(${deployments.extraParams} as text) like ${`%${SEALED_PREFIX}%`}`;
        for (const row of await tx.select({ extraParams: deployments.extraParams }).from(deployments).where(sealed).orderBy(asc(deployments.id))) learn(row.extraParams);
        for (const row of await tx.select().from(configDocuments)) learn(row.content);
      },
    );
    // The first new ciphertext goes through the provider service (which may refuse it) before the rest are sealed.
    await sealer.prepare([...spec.groups.flatMap((g) => g.deployments.map((d) => ({ value: d.extraParams, urls: false }))), { value: spec.document, urls: true }]);
    for (const d of spec.groups.flatMap((g) => g.deployments)) {
      if (!d.extraParams) continue;
      const missing: string[] = [];
      d.extraParams = sealer.seal(d.extraParams, false, (path) => missing.push(`litellm_params.${paramPath(path)}`)) as Record<string, unknown>;
      if (missing.length > 0) {
        spec.warnings.push(
          `${where(d.loc)}: ${missing.join(", ")}: modelgraph's export placeholder for a secret that this catalog does not hold; kept as an environment reference: give the value itself, or os.environ/NAME`,
        );
      }
    }
    if (spec.document) {
      const missing: string[] = [];
      spec.document = sealer.seal(spec.document, true, (path) => missing.push(paramPath(path))) as Record<string, unknown>;
      if (missing.length > 0) {
        spec.warnings.push(`${missing.join(", ")}: modelgraph's export placeholder for a secret that this catalog does not hold; kept as written`);
      }
    }
  }

  /**
   * What the file holds beside the catalog (`spec.document`), sealed: MERGE deep-merges it into
   * the stored one (the file's values win; lists are replaced whole), REPLACE replaces it.
   */
  private async storeDocument(format: ConfigFormatValue, mode: ImportModeValue, spec: ConfigSpec, tx: Tx): Promise<void> {
    const { configDocuments } = tx.t;
    const stored = await one(tx.select().from(configDocuments).where(eq(configDocuments.format, format)));
    const next = mode === "REPLACE" ? (spec.document ?? null) : spec.document ? deepMerge(stored?.content ?? {}, spec.document) : (stored?.content ?? null);
    const empty = next === null || Object.keys(next).length === 0;
    if (empty) {
      if (stored) await tx.delete(configDocuments).where(eq(configDocuments.format, format));
      return;
    }
    if (stored && canonicalJson(stored.content) === canonicalJson(next)) return;
    await tx
      .insert(configDocuments)
      .values({ format, content: next, updatedAt: new Date() })
      .onConflictDoUpdate({ target: configDocuments.format, set: { content: next, updatedAt: new Date() } });
  }

  async exportConfig(format: ConfigFormatValue): Promise<ExportResult> {
    const snapshot = await this.deps.store.read((tx) => this.snapshot(format, tx));
    return format === "LITELLM_YAML" ? serializeLiteLLM(snapshot) : serializeNanobot(snapshot);
  }

  private parse(format: ConfigFormatValue, content: string, source: string, options: ParseOptions): ConfigSpec {
    return format === "LITELLM_YAML" ? parseLiteLLM(content, source, options) : parseNanobot(content, source, options);
  }

  /** The whole catalog as export writes it, read through `tx` (one consistent state: Store.read). */
  private async snapshot(format: ConfigFormatValue, tx: Tx): Promise<CatalogSnapshot> {
    const { configDocuments, providers, modelGroups, aliases, deployments } = tx.t;
    const stored = await one(tx.select().from(configDocuments).where(eq(configDocuments.format, format)));
    const placeholder = format === "LITELLM_YAML" ? (p: string) => p : (p: string) => `\${${p.slice("os.environ/".length)}}`;
    const document = stored ? (mapStrings(stored.content, (leaf) => (isSealed(leaf) ? placeholder(sealedPlaceholder(leaf)) : leaf)) as Record<string, unknown>) : null;
    const providerRows = await tx.select().from(providers).orderBy(asc(providers.name));
    const byId = new Map(providerRows.map((p) => [p.id, p]));
    const groupRows = await tx.select().from(modelGroups).orderBy(asc(modelGroups.name));
    const aliasRows = await tx.select().from(aliases).orderBy(asc(aliases.name));
    const groupNames = new Map(groupRows.map((g) => [g.id, g.name]));
    const aliasesOf = byKey(aliasRows, (a) => a.groupId);
    const deploymentsOf = byKey(await tx.select().from(deployments).orderBy(asc(deployments.id)), (d) => d.groupId);
    return {
      providers: providerRows.map((p) => ({
        name: p.name,
        type: p.type,
        prefix: this.deps.providers.typeOf(p).prefix,
        apiBase: p.apiBase,
        apiKeyEnv: p.apiKeyEnv,
        hasLiteralKey: p.apiKeyEncrypted != null,
        displayName: p.displayName,
      })),
      groups: groupRows.map((g) => ({
        name: g.name,
        mode: g.mode,
        description: g.description,
        fallbacks: g.fallbacks ?? [],
        passthrough: g.passthrough,
        aliases: (aliasesOf.get(g.id) ?? []).map((a) => a.name),
        deployments: displayOrder(deploymentsOf.get(g.id) ?? []).map((d) => {
          const provider = byId.get(d.providerId)!;
          return {
            provider: provider.name,
            model: d.model,
            prefixedId: prefixedId(this.deps.providers.typeOf(provider), d.model),
            apiBase: d.apiBase || null,
            priority: d.priority,
            weight: d.weight,
            rpm: d.rpm,
            tpm: d.tpm,
            enabled: d.enabled,
            probe: d.probe,
            externalId: d.externalId,
            extraParams: d.extraParams,
            modelWritten: d.modelWritten,
            variant: d.variant,
            entryExtra: d.entryExtra,
            factsOverride: d.factsOverride,
          };
        }),
      })),
      aliases: aliasRows.map((a) => ({ name: a.name, target: groupNames.get(a.groupId)!, hidden: a.hidden, description: a.description })),
      document,
    };
  }
}

/** Rows by a key, each list in the rows' order. */
function byKey<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

/** `include:` of a file import: read relative to the including file's folder, size-checked first. */
function includeReader(path: string): NonNullable<ParseOptions["readInclude"]> {
  const folder = dirname(resolve(path));
  return (included) => {
    const full = resolve(folder, included);
    let size: number;
    try {
      size = statSync(full).size;
    } catch {
      throw new BadUserInputError(`included file ${JSON.stringify(included)} not found (looked for ${full}); include: paths are relative to the including file's folder`, {
        include: included,
      });
    }
    if (size > MAX_CONFIG_BYTES) {
      throw new BadUserInputError(`included file ${JSON.stringify(included)} is ${size} bytes; at most ${MAX_CONFIG_BYTES} bytes (8 MiB) are accepted`, { include: included });
    }
    return { content: readFileSync(full, "utf8"), source: full };
  };
}

/** `over` merged into `base`: mappings key by key (recursively), anything else replaced by `over`'s. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isRecord(b) && isRecord(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** A string that is a URL with a password in it (`postgres://user:pass@host/db`): secret whatever its key. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;
const NANOBOT_STORED_REF = new RegExp(`^\\$\\{(${STORED_SECRET_ENV_PREFIX}[0-9A-F]{16})\\}$`);

/**
 * Seals literal secrets with the master key, reusing the ciphertext of a secret stored before
 * under the same plaintext, and turns export placeholders back into the ciphertext they stand for.
 */
class SecretSealer {
  private readonly byPlaintext = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private checked = false;
  private learned = false;

  constructor(
    private readonly box: SecretBox,
    /** The first seal goes through the provider service, which refuses a second master key. */
    private readonly firstSeal: (plaintext: string) => Promise<string>,
    /** Hands every stored value that may hold sealed strings to `learn`; called once, when first needed. */
    private readonly stored: (learn: (value: unknown) => void) => Promise<void>,
  ) {}

  /**
   * Reads what `seal` needs from the database, before any value is sealed: the stored sealed
   * strings (only when one of `values` holds a secret or a placeholder), and the first new
   * ciphertext through `firstSeal` (the rest are then encrypted without asking again).
   */
  async prepare(values: readonly { value: unknown; urls: boolean }[]): Promise<void> {
    let needed = false;
    for (const { value, urls } of values) {
      if (value == null) continue;
      mapStrings(value, (leaf, _path, secret) => {
        if (this.kindOf(leaf, urls, secret)) needed = true;
        return leaf;
      });
    }
    if (!needed) return;
    if (!this.learned) {
      this.learned = true;
      await this.stored((value) => this.learn(value));
    }
    for (const { value, urls } of values) {
      if (value == null || this.checked) continue;
      const plaintexts: string[] = [];
      mapStrings(value, (leaf, _path, secret) => {
        if (this.kindOf(leaf, urls, secret) === "secret") plaintexts.push(leaf);
        return leaf;
      });
      const first = plaintexts.find((p) => !this.byPlaintext.has(p));
      if (first === undefined) continue;
      this.byPlaintext.set(first, SEALED_PREFIX + (await this.firstSeal(first)));
      this.checked = true;
    }
  }

  /** Remembers every sealed string in a stored value. */
  private learn(value: unknown): void {
    mapStrings(value, (leaf) => {
      if (!isSealed(leaf) || this.byPlaceholder.has(sealedPlaceholder(leaf))) return leaf;
      this.byPlaceholder.set(sealedPlaceholder(leaf), leaf);
      try {
        const plaintext = this.box.decrypt(leaf.slice(SEALED_PREFIX.length));
        if (!this.byPlaintext.has(plaintext)) this.byPlaintext.set(plaintext, leaf);
      } catch (error) {
        // Sealed under another master key: it cannot be reused, a new ciphertext is written.
        if (!(error instanceof SecretKeyError)) throw error;
      }
      return leaf;
    });
  }

  /** A string `seal` replaces: an export placeholder, or a literal secret; null: kept as written. */
  private kindOf(leaf: string, urls: boolean, secret: boolean): "placeholder" | "secret" | null {
    if (NANOBOT_STORED_REF.test(leaf) || leaf.startsWith(`os.environ/${STORED_SECRET_ENV_PREFIX}`)) return "placeholder";
    if (!isLiteralSecret(leaf) || NANOBOT_ENV_REF.test(leaf)) return null;
    if (!secret && !(urls && URL_WITH_PASSWORD.test(leaf))) return null;
    return "secret";
  }

  /**
   * A copy of `value` with its secrets sealed: strings under a secret name (isSecretParam), and,
   * when `urls`, any URL with a password. `missing` hears of placeholders this catalog cannot
   * restore. `prepare` has read what this needs.
   */
  seal(value: unknown, urls: boolean, missing: (path: (string | number)[]) => void): unknown {
    return mapStrings(value, (leaf, path, secret) => {
      const kind = this.kindOf(leaf, urls, secret);
      if (kind === "placeholder") {
        const stored = NANOBOT_STORED_REF.exec(leaf);
        const sealed = this.byPlaceholder.get(stored ? `os.environ/${stored[1]}` : leaf);
        if (sealed) return sealed;
        missing(path);
        return leaf;
      }
      if (kind !== "secret") return leaf;
      let sealed = this.byPlaintext.get(leaf);
      if (!sealed) {
        sealed = SEALED_PREFIX + this.box.encrypt(leaf);
        this.byPlaintext.set(leaf, sealed);
      }
      return sealed;
    });
  }
}
