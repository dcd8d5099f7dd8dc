import { asc } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { aliases, modelGroups } from "../db/schema.ts";
import type { AliasService } from "../catalog/alias/alias.service.ts";
import type { DeploymentService } from "../catalog/deployment/deployment.service.ts";
import type { GroupService } from "../catalog/group/group.service.ts";
import { prefixedId } from "../catalog/prefix.ts";
import type { ProviderService } from "../catalog/provider/provider.service.ts";
import { displayOrder } from "../catalog/resolution/select.ts";
import { ImportApplier } from "./apply.ts";
import { parseLiteLLM, serializeLiteLLM } from "./litellm.ts";
import { parseNanobot, serializeNanobot } from "./nanobot.ts";
import type { Tx } from "../catalog/public-names.ts";
import { SecretKeyError, type SecretBox } from "../secrets/secret-box.ts";
import {
  checkNames,
  isLiteralSecret,
  isSealed,
  mapStrings,
  paramPath,
  sealedPlaceholder,
  SEALED_PREFIX,
  STORED_SECRET_ENV_PREFIX,
  where,
  type CatalogSnapshot,
  type ConfigSpec,
} from "./spec.ts";

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
}

export interface ExportResult {
  content: string;
  warnings: string[];
}

export interface InteropDeps {
  db: Db;
  providers: ProviderService;
  groups: GroupService;
  deployments: DeploymentService;
  aliases: AliasService;
  /** Seals and opens the literal secrets of deployment parameters (the provider keys' box). */
  secrets: SecretBox;
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
  importConfig(request: ImportRequest): ImportReport {
    const mode = request.mode ?? "MERGE";
    const dryRun = request.dryRun ?? false;
    const spec = this.parse(request.format, request.content, request.source ?? "input");
    checkNames(spec);
    try {
      return this.deps.db.transaction(
        (tx) => {
          this.sealSecrets(spec, tx);
          const applied = new ImportApplier(this.deps, tx, spec, mode).run();
          const report: ImportReport = { format: request.format, mode, dryRun, ...applied };
          if (dryRun) throw new DryRunRollback(report);
          return report;
        },
        { behavior: "immediate" },
      );
    } catch (error) {
      if (error instanceof DryRunRollback) return error.report;
      throw error;
    }
  }

  /**
   * Replaces every literal secret in the file's deployment parameters by its SecretBox
   * ciphertext, and every export placeholder (`os.environ/MODELGRAPH_STORED_SECRET_<digest>`) by
   * the stored ciphertext it stands for. A secret already stored under the same plaintext keeps
   * its ciphertext, so importing a file twice changes nothing.
   */
  private sealSecrets(spec: ConfigSpec, tx: Tx): void {
    const deployments = spec.groups.flatMap((g) => g.deployments).filter((d) => d.extraParams);
    if (deployments.length === 0) return;
    const box = this.secretBox();
    const byPlaintext = new Map<string, string>();
    const byPlaceholder = new Map<string, string>();
    let checked = false;
    for (const row of this.deps.deployments.all()) {
      if (!row.extraParams) continue;
      mapStrings(row.extraParams, (leaf) => {
        if (!isSealed(leaf) || byPlaceholder.has(sealedPlaceholder(leaf))) return leaf;
        byPlaceholder.set(sealedPlaceholder(leaf), leaf);
        try {
          const plaintext = box.decrypt(leaf.slice(SEALED_PREFIX.length));
          if (!byPlaintext.has(plaintext)) byPlaintext.set(plaintext, leaf);
        } catch (error) {
          // Sealed under another master key: it cannot be reused, a new ciphertext is written.
          if (!(error instanceof SecretKeyError)) throw error;
        }
        return leaf;
      });
    }
    for (const d of deployments) {
      const missing: string[] = [];
      d.extraParams = mapStrings(d.extraParams, (leaf, path, secret) => {
        if (leaf.startsWith(`os.environ/${STORED_SECRET_ENV_PREFIX}`)) {
          const stored = byPlaceholder.get(leaf);
          if (stored) return stored;
          missing.push(`litellm_params.${paramPath(path)}`);
          return leaf;
        }
        if (!secret || !isLiteralSecret(leaf)) return leaf;
        let sealed = byPlaintext.get(leaf);
        if (!sealed) {
          // The first through the provider service, which refuses a second master key (it reads
          // every stored secret's key id); the rest of this import uses the same key.
          sealed = SEALED_PREFIX + (checked ? box.encrypt(leaf) : this.deps.providers.sealSecret(leaf, tx));
          checked = true;
          byPlaintext.set(leaf, sealed);
        }
        return sealed;
      }) as Record<string, unknown>;
      if (missing.length > 0) {
        spec.warnings.push(
          `${where(d.loc)}: ${missing.join(", ")}: modelgraph's export placeholder for a secret that this catalog does not hold; kept as an environment reference: give the value itself, or os.environ/NAME`,
        );
      }
    }
  }

  private secretBox(): SecretBox {
    return this.deps.secrets;
  }

  exportConfig(format: ConfigFormatValue): ExportResult {
    const snapshot = this.snapshot();
    return format === "LITELLM_YAML" ? serializeLiteLLM(snapshot) : serializeNanobot(snapshot);
  }

  private parse(format: ConfigFormatValue, content: string, source: string): ConfigSpec {
    return format === "LITELLM_YAML" ? parseLiteLLM(content, source) : parseNanobot(content, source);
  }

  /** The whole catalog, read in one transaction so that export sees one consistent state. */
  private snapshot(): CatalogSnapshot {
    return this.deps.db.transaction((tx) => {
      const providerRows = this.deps.providers.list();
      const byId = new Map(providerRows.map((p) => [p.id, p]));
      const groupRows = tx.select().from(modelGroups).orderBy(asc(modelGroups.name)).all();
      const aliasRows = tx.select().from(aliases).orderBy(asc(aliases.name)).all();
      const groupNames = new Map(groupRows.map((g) => [g.id, g.name]));
      const deploymentRows = this.deps.deployments.all();
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
          aliases: aliasRows.filter((a) => a.groupId === g.id).map((a) => a.name),
          deployments: displayOrder(deploymentRows.filter((d) => d.groupId === g.id)).map((d) => {
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
            };
          }),
        })),
        aliases: aliasRows.map((a) => ({ name: a.name, target: groupNames.get(a.groupId)!, hidden: a.hidden, description: a.description })),
      };
    });
  }
}
