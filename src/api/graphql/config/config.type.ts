import { GraphQLSafeInt } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { RouteChange } from "../../../interop/apply.ts";
import type { EntityChanges, ImportReport, SkippedReport } from "../../../interop/interop.service.ts";
import { VERSION_DESCRIPTION } from "../relay.ts";

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

@ObjectType("ImportRouteChange", { description: "A name that existed before the import and now routes elsewhere." })
export class ImportRouteChange implements RouteChange {
  @Field(_type => String)
  name!: string;

  @Field(_type => String, { description: '"alias" or "group".' })
  entity!: "alias" | "group";

  @Field(_type => String, { description: "An alias: its target group before. A group: its enabled deployments' prefixed ids in candidate order, before." })
  before!: string;

  @Field(_type => String)
  after!: string;
}

@ObjectType("ImportSkippedEntry", { description: "An entry that skipInvalid left out." })
export class ImportSkippedEntry implements SkippedReport {
  @Field(_type => String, { description: 'Where the entry is: "input:12", or a JSON path with its line.' })
  location!: string;

  @Field(_type => Int, { nullable: true })
  line!: number | null;

  @Field(_type => String)
  reason!: string;
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

  @Field(_type => [ImportRouteChange], { description: "Names that existed and now route elsewhere (an alias re-targeted, a group's deployments changed), before → after." })
  rerouted!: ImportRouteChange[];

  @Field(_type => [ImportSkippedEntry], { description: "skipInvalid: the entries left out, each with its line and reason." })
  skipped!: ImportSkippedEntry[];

  @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
  version!: number | null;
}
