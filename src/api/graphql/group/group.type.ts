import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { GroupFallback, ModelGroupRow } from "../../../db/schema.ts";
import { connectionType, Node } from "../relay.ts";

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

/** Which of LiteLLM's fallback lists a rule comes from. */
export enum FallbackKind {
  GENERAL = "GENERAL",
  CONTEXT_WINDOW = "CONTEXT_WINDOW",
  CONTENT_POLICY = "CONTENT_POLICY",
}
registerEnumType(FallbackKind, {
  name: "FallbackKind",
  description: "GENERAL: LiteLLM fallbacks (any failure); CONTEXT_WINDOW: context_window_fallbacks; CONTENT_POLICY: content_policy_fallbacks.",
});

/** Where a failing call to a group goes next, in order. */
@ObjectType("FallbackRule", { description: "Where a failing call goes next (LiteLLM fallbacks lists; nanobot fallbackModels). resolve() reports them and never follows one by itself." })
export class FallbackRule implements GroupFallback {
  @Field(_type => FallbackKind)
  kind!: GroupFallback["kind"];

  @Field(_type => [String], { description: "Names as given (a public name or a LiteLLM '<prefix>/<model>'), tried in this order; they need not be in the catalog." })
  to!: string[];
}

/** A public model name clients send (LiteLLM model_name), with ordered deployments. */
@ObjectType("ModelGroup", { implements: Node })
export class ModelGroup extends Node {
  @Field(_type => String)
  name!: ModelGroupRow["name"];

  @Field(_type => String, { nullable: true })
  description!: ModelGroupRow["description"];

  @Field(_type => ModelMode)
  mode!: ModelGroupRow["mode"];

  @Field(_type => Boolean, {
    description: "LiteLLM model: \"*\": requests the pattern matches are routed by their own name (a provider type prefix, or an exact first-party registry id); the group has no deployments.",
  })
  passthrough!: ModelGroupRow["passthrough"];

  @Field(_type => Date)
  createdAt!: ModelGroupRow["createdAt"];

  @Field(_type => Date)
  updatedAt!: ModelGroupRow["updatedAt"];
}

export const ModelGroupConnection = connectionType("ModelGroup", ModelGroup);
