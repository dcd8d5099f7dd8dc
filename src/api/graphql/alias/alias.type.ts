import { Field, ObjectType } from "type-graphql";
import type { AliasRow } from "../../../db/schema.ts";
import { connectionType, Node } from "../relay.ts";

/** Another public name for a model group (LiteLLM model_group_alias). It never probes anything. */
@ObjectType("Alias", { implements: Node })
export class Alias extends Node {
  @Field(_type => String)
  name!: AliasRow["name"];

  @Field(_type => Boolean, { description: "Hidden aliases resolve but are left out of listings." })
  hidden!: AliasRow["hidden"];

  @Field(_type => String, { nullable: true })
  description!: AliasRow["description"];

  @Field(_type => Date)
  createdAt!: AliasRow["createdAt"];

  @Field(_type => Date)
  updatedAt!: AliasRow["updatedAt"];
}

export const AliasConnection = connectionType("Alias", Alias);
