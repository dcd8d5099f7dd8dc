import { Field, InputType } from "type-graphql";
import { ModelMode } from "./group.type.ts";

@InputType("CreateModelGroupInput")
export class CreateModelGroupInput {
  @Field(_type => String, { description: "1–256 characters, no whitespace; shares one namespace with aliases." })
  name!: string;

  @Field(_type => String, { nullable: true })
  description?: string | null;

  @Field(_type => ModelMode, { nullable: true, description: "Default CHAT." })
  mode?: ModelMode | null;
}

@InputType("UpdateModelGroupInput")
export class UpdateModelGroupInput {
  @Field(_type => String, { nullable: true, description: "Renames the group; aliases keep pointing at it." })
  name?: string | null;

  @Field(_type => String, { nullable: true })
  description?: string | null;

  @Field(_type => ModelMode, { nullable: true })
  mode?: ModelMode | null;
}
