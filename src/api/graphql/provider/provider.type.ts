import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { ProviderRow } from "../../../db/schema.ts";
import { connectionType, Node } from "../relay.ts";
import type { BuiltInProviderType } from "../../../catalog/provider-types.ts";

export enum ApiStyle {
  OPENAI = "openai",
  AZURE = "azure",
  ANTHROPIC = "anthropic",
  GEMINI = "gemini",
  OLLAMA = "ollama",
  NONE = "none",
}
registerEnumType(ApiStyle, { name: "ApiStyle", description: "The API family of a provider type; decides the health probe." });

export enum ApiKeySource {
  LITERAL = "LITERAL",
  ENV = "ENV",
  NONE = "NONE",
}
registerEnumType(ApiKeySource, { name: "ApiKeySource", description: "Where a provider's key comes from; the key is never returned." });

/** A built-in, read-only API family (openai, anthropic, hosted_vllm, …). */
@ObjectType("ProviderType")
export class ProviderType implements Omit<BuiltInProviderType, "apiStyle" | "source"> {
  @Field(_type => ID, { description: "The LiteLLM provider name, e.g. hosted_vllm." })
  id!: string;

  @Field(_type => String, { description: "Routing prefix: prefixedId = prefix + '/' + model." })
  prefix!: string;

  @Field(_type => String)
  displayName!: string;

  @Field(_type => ApiStyle)
  apiStyle!: ApiStyle;

  @Field(_type => String, { nullable: true })
  defaultApiBase!: string | null;

  @Field(_type => String, { description: "The environment variable LiteLLM reads the key from by default." })
  apiKeyEnv!: string;

  @Field(_type => Boolean, { description: "Providers of this type (or each of their deployments) must set apiBase." })
  requiresApiBase!: boolean;

  @Field(_type => String, { nullable: true, description: "The models.dev provider id whose models this type serves (model facts are looked up there); null where models.dev has none." })
  modelsDevId!: string | null;

  @Field(_type => String, { nullable: true, description: "Why this type has no cheap health probe (API style none); null where it has one." })
  probeNote!: string | null;
}

/** A configured account or endpoint of one provider type. */
@ObjectType("Provider", { implements: Node })
export class Provider extends Node {
  @Field(_type => String)
  name!: ProviderRow["name"];

  @Field(_type => String, { nullable: true })
  displayName!: ProviderRow["displayName"];

  @Field(_type => Date)
  createdAt!: ProviderRow["createdAt"];

  @Field(_type => Date)
  updatedAt!: ProviderRow["updatedAt"];
}

export const ProviderConnection = connectionType("Provider", Provider);
