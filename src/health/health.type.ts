import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { HealthStatus, type HealthView } from "./status.ts";

registerEnumType(HealthStatus, {
  name: "HealthStatus",
  description: "UNKNOWN: never checked or stale; DEGRADED: reachable but slow or rate-limited; UNHEALTHY: unreachable or failing.",
});

/** Stored health of the upstream a deployment runs on (shared by every deployment on it). */
@ObjectType("DeploymentHealth")
export class DeploymentHealth implements HealthView {
  @Field(_type => HealthStatus)
  status!: HealthStatus;

  @Field(_type => Date, { nullable: true })
  checkedAt!: Date | null;

  @Field(_type => Int, { nullable: true })
  latencyMs!: number | null;

  @Field(_type => String, { nullable: true, description: "Why the last probe failed, redacted: never a key, query string or credentials." })
  error!: string | null;

  @Field(_type => Int)
  consecutiveFailures!: number;
}
