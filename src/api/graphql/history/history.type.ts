import { GraphQLJSONObject, GraphQLSafeInt } from "graphql-scalars";
import { ArgsType, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { ChangeOp, ChangeSource as ChangeSourceValue, HistoryEntity } from "../../../db/schema.ts";
import { connectionType, PageArgs, VERSION_DESCRIPTION } from "../relay.ts";

export enum ChangeSource {
  MUTATION = "MUTATION",
  IMPORT = "IMPORT",
  CLI = "CLI",
  REVERT = "REVERT",
}
registerEnumType(ChangeSource, {
  name: "ChangeSource",
  description: "MUTATION: a GraphQL mutation. IMPORT: importConfig or modelgraph import (one change set per import). CLI: another modelgraph command. REVERT: revertChange.",
});

export enum ChangeEntity {
  PROVIDER = "PROVIDER",
  MODEL_GROUP = "MODEL_GROUP",
  DEPLOYMENT = "DEPLOYMENT",
  ALIAS = "ALIAS",
  MODEL_REGISTRY = "MODEL_REGISTRY",
  CONFIG_DOCUMENT = "CONFIG_DOCUMENT",
}
registerEnumType(ChangeEntity, {
  name: "ChangeEntity",
  description: "What a change wrote: a catalog entity, a model registry (importFacts), or the part of an imported config the catalog does not model (CONFIG_DOCUMENT).",
});

export enum ChangeAction {
  CREATE = "CREATE",
  UPDATE = "UPDATE",
  DELETE = "DELETE",
}
registerEnumType(ChangeAction, { name: "ChangeAction" });

const ENTITIES: Record<HistoryEntity, ChangeEntity> = {
  provider: ChangeEntity.PROVIDER,
  group: ChangeEntity.MODEL_GROUP,
  deployment: ChangeEntity.DEPLOYMENT,
  alias: ChangeEntity.ALIAS,
  registry: ChangeEntity.MODEL_REGISTRY,
  document: ChangeEntity.CONFIG_DOCUMENT,
};

export function toChangeEntity(entity: HistoryEntity): ChangeEntity {
  return ENTITIES[entity];
}

export function fromChangeEntity(entity: ChangeEntity): HistoryEntity {
  return (Object.keys(ENTITIES) as HistoryEntity[]).find((k) => ENTITIES[k] === entity)!;
}

const ACTIONS: Record<ChangeOp, ChangeAction> = { insert: ChangeAction.CREATE, update: ChangeAction.UPDATE, delete: ChangeAction.DELETE };

export function toChangeAction(op: ChangeOp): ChangeAction {
  return ACTIONS[op];
}

export function toChangeSource(source: ChangeSourceValue): ChangeSource {
  return source as ChangeSource;
}

@ObjectType("ChangeSet", {
  description: "One committed write transaction: a mutation, a whole import, a CLI command, or a revert. Its changes are the rows it wrote.",
})
export class ChangeSet {
  @Field(_type => ID)
  id!: string;

  @Field(_type => Date, { description: "When the transaction began." })
  at!: Date;

  @Field(_type => String, { description: 'Who wrote: the token\'s label ("admin", "read"), "loopback" (no token, from this machine), "cli".' })
  actor!: string;

  @Field(_type => ChangeSource)
  source!: ChangeSource;

  @Field(_type => String, { nullable: true, description: 'What the writer said it did, e.g. "import LITELLM_YAML MERGE from litellm.yaml".' })
  summary!: string | null;
}

@ObjectType("Change", {
  description:
    "One written row of the catalog: who, when, what before and after. before/after are the row as JSON without secrets: a provider's key is only `apiKey`: null, \"stored\" or \"changed\"; sealed secrets in deployment parameters and config documents read \"(secret)\".",
})
export class Change {
  @Field(_type => ID)
  id!: string;

  @Field(_type => Date)
  at!: Date;

  @Field(_type => String, { description: 'The change set\'s actor; "unknown" when the writer named none (another tool writing the database file).' })
  actor!: string;

  @Field(_type => ChangeSource, { nullable: true, description: "The change set's source; null when the writer named none." })
  source!: ChangeSource | null;

  @Field(_type => ChangeEntity)
  entity!: ChangeEntity;

  @Field(_type => ID, { description: "The entity's id as the API gives it (Provider, ModelGroup, Deployment, Alias), or the format of a registry or config document." })
  entityId!: string;

  @Field(_type => String, {
    nullable: true,
    description: "The entity's name when the change was made: the provider, group or alias name; a deployment's group; a registry's or document's format.",
  })
  name!: string | null;

  @Field(_type => ChangeAction)
  action!: ChangeAction;

  @Field(_type => GraphQLJSONObject, { nullable: true, description: "The row before the change (null for CREATE)." })
  before!: Record<string, unknown> | null;

  @Field(_type => GraphQLJSONObject, { nullable: true, description: "The row after the change (null for DELETE)." })
  after!: Record<string, unknown> | null;
}

export const ChangeConnection = connectionType("Change", Change);

@ArgsType()
export class ChangesArgs extends PageArgs {
  @Field(_type => String, { nullable: true, description: "Only changes of entities of this name (a group's include its deployments')." })
  name?: string | null;

  @Field(_type => ChangeEntity, { nullable: true })
  entity?: ChangeEntity | null;
}

@ObjectType("RevertChangePayload")
export class RevertChangePayload {
  @Field(_type => ChangeSet, { description: "The new change set (source REVERT) that undid the change: its changes are what the revert wrote." })
  changeSet!: unknown;

  @Field(_type => [String], { description: "Non-fatal advice about what was written." })
  warnings!: string[];

  @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
  version!: number | null;
}
