import { Field, Float, InputType, Int } from "type-graphql";
import { HealthStatus } from "../../../health/status.ts";
import { Capability } from "../facts/facts.gql.ts";
import type { GroupFilter } from "./group.filter.ts";
import type { FallbackRuleData } from "../../../catalog/group/group.fallbacks.ts";
import { FallbackKind, ModelMode } from "./group.type.ts";

@InputType("FallbackRuleInput")
export class FallbackRuleInput implements FallbackRuleData {
  @Field(_type => FallbackKind)
  kind!: FallbackKind;

  @Field(_type => [String], { description: "1–50 names in order, each a public name or a LiteLLM '<prefix>/<model>'; not the group itself nor its aliases." })
  to!: string[];
}

@InputType("CreateModelGroupInput")
export class CreateModelGroupInput {
  @Field(_type => String, { description: "1–256 characters, no whitespace; shares one namespace with aliases." })
  name!: string;

  @Field(_type => String, { nullable: true })
  description?: string | null;

  @Field(_type => ModelMode, { nullable: true, description: "Default CHAT." })
  mode?: ModelMode | null;

  @Field(_type => [FallbackRuleInput], { nullable: true, description: "At most one rule per kind." })
  fallbacks?: FallbackRuleInput[] | null;

  @Field(_type => Boolean, { nullable: true, description: "LiteLLM model: \"*\": only for a pattern name (with *); default false." })
  passthrough?: boolean | null;
}

@InputType("UpdateModelGroupInput")
export class UpdateModelGroupInput {
  @Field(_type => String, { nullable: true, description: "Renames the group; aliases keep pointing at it." })
  name?: string | null;

  @Field(_type => String, { nullable: true })
  description?: string | null;

  @Field(_type => ModelMode, { nullable: true })
  mode?: ModelMode | null;

  @Field(_type => [FallbackRuleInput], { nullable: true, description: "Replaces the rules (at most one per kind); [] removes them; null or absent: unchanged." })
  fallbacks?: FallbackRuleInput[] | null;

  @Field(_type => Boolean, { nullable: true, description: "Only for a pattern name without deployments; null or absent: unchanged." })
  passthrough?: boolean | null;
}

@InputType("ModelGroupFilter", { description: "Every given criterion must hold; facts are the group's aggregated facts, unknown values never match." })
export class ModelGroupFilter implements GroupFilter {
  @Field(_type => [Capability], { nullable: true, description: "Every one known present (on every enabled deployment)." })
  capabilities?: Capability[] | null;

  @Field(_type => Int, { nullable: true, description: "The context window is known and at least this many tokens." })
  minContextWindow?: number | null;

  @Field(_type => Float, { nullable: true, description: "The input price (the highest of the enabled deployments) is known and at most this, in USD per million tokens." })
  maxInputPrice?: number | null;

  @Field(_type => String, { nullable: true, description: "A ProviderType id: an enabled deployment is on a provider of that type." })
  providerType?: string | null;

  @Field(_type => HealthStatus, { nullable: true, description: "The group's derived health." })
  health?: HealthStatus | null;
}
