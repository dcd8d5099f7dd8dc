import type { Db } from "../db/client.ts";
import type { AliasService } from "../catalog/alias/alias.service.ts";
import type { DeploymentService } from "../catalog/deployment/deployment.service.ts";
import type { GroupService } from "../catalog/group/group.service.ts";
import type { ProviderService } from "../catalog/provider/provider.service.ts";

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
}

/** Import and export of LiteLLM proxy YAML and nanobot JSON. */
export class InteropService {
  constructor(private readonly deps: InteropDeps) {}

  importConfig(request: ImportRequest): ImportReport {
    void this.deps;
    throw new Error(`importConfig(${request.format}) is not implemented yet`);
  }

  exportConfig(format: ConfigFormatValue): ExportResult {
    throw new Error(`exportConfig(${format}) is not implemented yet`);
  }
}
