import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { DeploymentRow } from "../../../db/schema.ts";
import { connectionType, Node } from "../relay.ts";

export enum ProbeMode {
  AUTO = "AUTO",
  COMPLETION = "COMPLETION",
  OFF = "OFF",
}
registerEnumType(ProbeMode, {
  name: "ProbeMode",
  description: "AUTO: the API style's list probe (one request per endpoint); COMPLETION: a 1-token completion for endpoints without a list route; OFF: never probed.",
});

/** One upstream model on one provider inside one group. */
@ObjectType("Deployment", { implements: Node })
export class Deployment extends Node {
  @Field(_type => String, { description: "The model id exactly as the provider's API knows it." })
  model!: DeploymentRow["model"];

  @Field(_type => Int, { description: "Lower comes first among a group's candidates." })
  priority!: DeploymentRow["priority"];

  @Field(_type => Int, { description: "Higher comes first among candidates of equal priority." })
  weight!: DeploymentRow["weight"];

  @Field(_type => Int, { nullable: true })
  rpm!: DeploymentRow["rpm"];

  @Field(_type => Int, { nullable: true })
  tpm!: DeploymentRow["tpm"];

  @Field(_type => Boolean, { description: "Disabled deployments are never candidates and never probed." })
  enabled!: DeploymentRow["enabled"];

  @Field(_type => ProbeMode)
  probe!: DeploymentRow["probe"];

  @Field(_type => Date)
  createdAt!: DeploymentRow["createdAt"];

  @Field(_type => Date)
  updatedAt!: DeploymentRow["updatedAt"];
}

export const DeploymentConnection = connectionType("Deployment", Deployment);
