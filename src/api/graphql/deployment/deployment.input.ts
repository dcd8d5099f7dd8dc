import { Field, InputType, Int } from "type-graphql";
import type { AddDeploymentData, UpdateDeploymentData } from "../../../catalog/deployment/deployment.service.ts";
import { ProbeMode } from "./deployment.type.ts";
import { ModelFactsInput } from "../facts/facts.gql.ts";

@InputType("AddDeploymentInput")
export class AddDeploymentInput implements AddDeploymentData {
  @Field(_type => String, { description: "Name of the model group." })
  group!: string;

  @Field(_type => String, { description: "Name of the provider." })
  provider!: string;

  @Field(_type => String, { description: "Model id as the provider knows it, without the routing prefix." })
  model!: string;

  @Field(_type => String, { nullable: true, description: "Overrides the provider's API base for this deployment." })
  apiBase?: string | null;

  @Field(_type => Int, { nullable: true, description: "Default 0; lower comes first." })
  priority?: number | null;

  @Field(_type => Int, { nullable: true, description: "Default 1; higher comes first at equal priority." })
  weight?: number | null;

  @Field(_type => Int, { nullable: true })
  rpm?: number | null;

  @Field(_type => Int, { nullable: true })
  tpm?: number | null;

  @Field(_type => Boolean, { nullable: true, description: "Default true." })
  enabled?: boolean | null;

  @Field(_type => ProbeMode, { nullable: true, description: "Default AUTO." })
  probe?: ProbeMode | null;

  @Field(_type => Boolean, {
    nullable: true,
    description: "Required (true) when apiBase is on another origin than the provider's API base and the provider has a key: that key is then sent there.",
  })
  confirmKeyMove?: boolean | null;

  @Field(_type => ModelFactsInput, { nullable: true, description: "Facts that win over any model registry for this deployment." })
  facts?: ModelFactsInput | null;
}

@InputType("UpdateDeploymentInput")
export class UpdateDeploymentInput implements UpdateDeploymentData {
  @Field(_type => String, { nullable: true })
  model?: string | null;

  @Field(_type => String, { nullable: true, description: "null clears the override." })
  apiBase?: string | null;

  @Field(_type => Int, { nullable: true })
  priority?: number | null;

  @Field(_type => Int, { nullable: true })
  weight?: number | null;

  @Field(_type => Int, { nullable: true, description: "null clears it." })
  rpm?: number | null;

  @Field(_type => Int, { nullable: true, description: "null clears it." })
  tpm?: number | null;

  @Field(_type => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(_type => ProbeMode, { nullable: true })
  probe?: ProbeMode | null;

  @Field(_type => Boolean, {
    nullable: true,
    description: "Required (true) when the new apiBase is on another origin than the provider's API base and the provider has a key: that key is then sent there.",
  })
  confirmKeyMove?: boolean | null;

  @Field(_type => ModelFactsInput, {
    nullable: true,
    description: "Merged into the deployment's fact overrides field by field: a value replaces that override, null drops it, an omitted field keeps it. facts: null drops every override.",
  })
  facts?: ModelFactsInput | null;
}
