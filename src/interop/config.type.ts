import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { EntityChanges, ImportReport } from "./interop.service.ts";

export enum ConfigFormat {
  LITELLM_YAML = "LITELLM_YAML",
  NANOBOT_JSON = "NANOBOT_JSON",
}
registerEnumType(ConfigFormat, {
  name: "ConfigFormat",
  description: "LITELLM_YAML: a LiteLLM proxy config (model_list, router_settings.model_group_alias). NANOBOT_JSON: a nanobot config (providers.<name>.{apiKey, apiBase, models}).",
});

export enum ImportMode {
  MERGE = "MERGE",
  REPLACE = "REPLACE",
}
registerEnumType(ImportMode, {
  name: "ImportMode",
  description: "MERGE: create what is missing, update what differs, keep the rest. REPLACE: also remove what the file does not have.",
});

/** Names per entity kind; deployments as "<group>: <prefixedId>". */
@ObjectType("ImportChanges")
export class ImportChanges implements EntityChanges {
  @Field(_type => [String])
  providers!: string[];

  @Field(_type => [String])
  groups!: string[];

  @Field(_type => [String], { description: 'As "<group>: <prefixedId>".' })
  deployments!: string[];

  @Field(_type => [String])
  aliases!: string[];
}

@ObjectType("ImportConfigPayload", { description: "What an import created, updated, left alone and (REPLACE) removed; with dryRun, what it would do." })
export class ImportConfigPayload implements ImportReport {
  @Field(_type => ConfigFormat)
  format!: ImportReport["format"];

  @Field(_type => ImportMode)
  mode!: ImportReport["mode"];

  @Field(_type => Boolean, { description: "True when nothing was written." })
  dryRun!: boolean;

  @Field(_type => ImportChanges)
  created!: ImportChanges;

  @Field(_type => ImportChanges)
  updated!: ImportChanges;

  @Field(_type => ImportChanges)
  unchanged!: ImportChanges;

  @Field(_type => ImportChanges, { description: "REPLACE only: what the file no longer has." })
  removed!: ImportChanges;

  @Field(_type => [String], { description: "Non-fatal advice, each starting with the location it is about." })
  warnings!: string[];
}
