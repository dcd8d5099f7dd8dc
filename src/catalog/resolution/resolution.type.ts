import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../../db/schema.ts";
import { DeploymentHealth } from "../../health/health.type.ts";
import { HealthStatus } from "../../health/status.ts";
import { Alias } from "../alias/alias.type.ts";
import { Deployment } from "../deployment/deployment.type.ts";
import { ModelFacts } from "../facts/facts.gql.ts";
import { ModelGroup } from "../group/group.type.ts";
import { Provider } from "../provider/provider.type.ts";
import { ResolutionKind } from "./resolution.service.ts";

registerEnumType(ResolutionKind, { name: "ResolutionKind", description: "Which of the three paths resolve(name) followed." });

@ObjectType("ResolutionCandidate", { description: "One route for the name, in candidate order." })
export class ResolutionCandidate {
  @Field(_type => Deployment, { nullable: true, description: "null for an ad-hoc PROVIDER_MODEL candidate." })
  deployment!: DeploymentRow | null;

  @Field(_type => Provider)
  provider!: ProviderRow;

  @Field(_type => String)
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

  @Field(_type => ModelGroup, { nullable: true })
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

  @Field(_type => [String], { description: "The steps taken, in words." })
  trace!: string[];
}
