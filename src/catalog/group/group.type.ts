import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { ModelGroupRow } from "../../db/schema.ts";
import { connectionType, Node } from "../../graphql/relay.ts";

/** LiteLLM's model_info.mode; the GraphQL names are upper case, the stored values lower case. */
export enum ModelMode {
  CHAT = "chat",
  COMPLETION = "completion",
  EMBEDDING = "embedding",
  IMAGE_GENERATION = "image_generation",
  AUDIO_TRANSCRIPTION = "audio_transcription",
  AUDIO_SPEECH = "audio_speech",
  MODERATION = "moderation",
  RERANK = "rerank",
  RESPONSES = "responses",
}
registerEnumType(ModelMode, { name: "ModelMode" });

/** A public model name clients send (LiteLLM model_name), with ordered deployments. */
@ObjectType("ModelGroup", { implements: Node })
export class ModelGroup extends Node {
  @Field(_type => String)
  name!: ModelGroupRow["name"];

  @Field(_type => String, { nullable: true })
  description!: ModelGroupRow["description"];

  @Field(_type => ModelMode)
  mode!: ModelGroupRow["mode"];

  @Field(_type => Date)
  createdAt!: ModelGroupRow["createdAt"];

  @Field(_type => Date)
  updatedAt!: ModelGroupRow["updatedAt"];
}

export const ModelGroupConnection = connectionType("ModelGroup", ModelGroup);
