import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../../../db/schema.ts";
import { DeploymentHealth } from "../health/health.type.ts";
import { HealthStatus } from "../../../health/status.ts";
import { Alias } from "../alias/alias.type.ts";
import { Deployment } from "../deployment/deployment.type.ts";
import { ModelFacts } from "../facts/facts.gql.ts";
import { FallbackRule, ModelGroup } from "../group/group.type.ts";
import { Provider } from "../provider/provider.type.ts";
import { ResolutionKind } from "../../../catalog/resolution/resolution.service.ts";

registerEnumType(ResolutionKind, {
  name: "ResolutionKind",
  description: "Which path resolve(name) followed: an alias, a group, '<provider>/<model>', or a pattern group (WILDCARD).",
});

@ObjectType("ResolutionCandidate", { description: "One route for the name, in candidate order." })
export class ResolutionCandidate {
  @Field(_type => Deployment, { nullable: true, description: "null for an ad-hoc candidate (PROVIDER_MODEL, or a passthrough WILDCARD)." })
  deployment!: DeploymentRow | null;

  @Field(_type => Provider, {
    description:
      "For an ad-hoc passthrough candidate of a type with no provider configured on its default API base: a stand-in named after the type, with its defaults, that is not stored (node(id) refuses its id).",
  })
  provider!: ProviderRow;

  @Field(_type => String, { description: "Upstream model id; for WILDCARD the deployment's model with the pattern's * parts filled in." })
  model!: string;

  @Field(_type => String)
  prefixedId!: string;

  @Field(_type => String, { nullable: true })
  apiBase!: string | null;

  @Field(_type => DeploymentHealth)
  health!: DeploymentHealth;

  @Field(_type => Boolean)
  selected!: boolean;

  @Field(_type => ModelFacts, { description: "The deployment's facts (an ad-hoc candidate: the registry's for its provider type and model)." })
  facts!: ModelFacts | Promise<ModelFacts>;
}

@ObjectType("Resolution", { description: "What a name means, following exactly one path; never sends network traffic." })
export class Resolution {
  @Field(_type => String)
  name!: string;

  @Field(_type => ResolutionKind)
  kind!: ResolutionKind;

  @Field(_type => Alias, { nullable: true })
  alias!: AliasRow | null;

  @Field(_type => ModelGroup, { nullable: true, description: "For WILDCARD: the pattern group that matched." })
  group!: ModelGroupRow | null;

  @Field(_type => Deployment, { nullable: true, description: "The selected deployment (null when ad hoc or none is enabled)." })
  deployment!: DeploymentRow | null;

  @Field(_type => Provider, { nullable: true })
  provider!: ProviderRow | null;

  @Field(_type => String, { nullable: true, description: "Upstream model id of the selected candidate." })
  model!: string | null;

  @Field(_type => String, { nullable: true })
  prefixedId!: string | null;

  @Field(_type => String, { nullable: true })
  apiBase!: string | null;

  @Field(_type => HealthStatus, { description: "Health of the selected candidate." })
  health!: HealthStatus;

  @Field(_type => Boolean, { description: "Every candidate is UNHEALTHY; the first is returned anyway." })
  allUnhealthy!: boolean;

  @Field(_type => ModelFacts, { description: "The selected candidate's facts; every field null when nothing is selected." })
  facts!: ModelFacts | Promise<ModelFacts>;

  @Field(_type => [ResolutionCandidate])
  candidates!: ResolutionCandidate[];

  @Field(_type => [FallbackRule], { description: "The resolved group's fallback rules, in order: where a failing call goes next. Never followed by resolve()." })
  fallbacks!: FallbackRule[];

  @Field(_type => [String], { description: "The steps taken, in words." })
  trace!: string[];
}
