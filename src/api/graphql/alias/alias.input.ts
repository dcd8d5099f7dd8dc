import { Field, InputType } from "type-graphql";
import type { AddAliasData, UpdateAliasData } from "../../../catalog/alias/alias.service.ts";

@InputType("AddAliasInput", { description: "Exactly one of target, or provider + model (nanobot style)." })
export class AddAliasInput implements AddAliasData {
  @Field(_type => String)
  name!: string;

  @Field(_type => String, { nullable: true, description: "Name of the model group it points at (not an alias)." })
  target?: string | null;

  @Field(_type => String, {
    nullable: true,
    description: "With model: creates or reuses the group '<provider>/<model>' holding that one deployment.",
  })
  provider?: string | null;

  @Field(_type => String, { nullable: true })
  model?: string | null;

  @Field(_type => Boolean, { nullable: true, description: "Default false." })
  hidden?: boolean | null;

  @Field(_type => String, { nullable: true })
  description?: string | null;
}

@InputType("UpdateAliasInput")
export class UpdateAliasInput implements UpdateAliasData {
  @Field(_type => String, { nullable: true, description: "Renames the alias." })
  name?: string | null;

  @Field(_type => String, { nullable: true, description: "Retargets it to another model group." })
  target?: string | null;

  @Field(_type => Boolean, { nullable: true })
  hidden?: boolean | null;

  @Field(_type => String, { nullable: true })
  description?: string | null;
}
