import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import type { DeploymentRow } from "../../../db/schema.ts";
import { HealthStatus, type HealthView } from "../../../health/status.ts";

registerEnumType(HealthStatus, {
  name: "HealthStatus",
  description: "UNKNOWN: never checked, stale, or not checkable; DEGRADED: reachable but slow or rate-limited; UNHEALTHY: unreachable or failing.",
});

export enum UptimeWindow {
  HOUR = "HOUR",
  DAY = "DAY",
}
registerEnumType(UptimeWindow, { name: "UptimeWindow", description: "HOUR: the last hour; DAY: the last 24 hours." });

export enum ResultSource {
  PROBED = "PROBED",
  SHARED = "SHARED",
  REUSED = "REUSED",
}
registerEnumType(ResultSource, {
  name: "ResultSource",
  description: "PROBED: this call sent the request; SHARED: a concurrent call's request answered it; REUSED: a stored result (fresh, or just written by another process).",
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

@ObjectType("HealthSample", { description: "One stored probe result." })
export class HealthSample {
  @Field(_type => HealthStatus)
  status!: HealthStatus;

  @Field(_type => Date)
  checkedAt!: Date;

  @Field(_type => Int, { nullable: true })
  latencyMs!: number | null;

  @Field(_type => String, { nullable: true })
  error!: string | null;
}

@ObjectType("HealthCheckResult")
export class HealthCheckResult {
  @Field(_type => HealthStatus)
  status!: HealthStatus;

  @Field(_type => Date, { nullable: true })
  checkedAt!: Date | null;

  @Field(_type => Int, { nullable: true })
  latencyMs!: number | null;

  @Field(_type => String, { nullable: true })
  error!: string | null;

  @Field(_type => ResultSource)
  source!: ResultSource;

  /** Resolved by HealthCheckResultResolver. */
  deployment!: DeploymentRow;
}

@ObjectType("HealthCheckReport")
export class HealthCheckReport {
  @Field(_type => [String], { description: "The names asked for (empty: every enabled deployment)." })
  names!: string[];

  @Field(_type => Int, { description: "Enabled, probe-able deployments those names cover." })
  deploymentsCovered!: number;

  @Field(_type => Int, { description: "Distinct upstreams (provider, model, API base) behind them." })
  upstreamsChecked!: number;

  @Field(_type => Int, { description: "HTTP requests this call actually sent." })
  requestsSent!: number;

  @Field(_type => Int, { description: "Upstreams answered from a stored result without a request." })
  reusedResults!: number;

  @Field(_type => Int, { description: "Upstreams answered by a request a concurrent call sent." })
  sharedResults!: number;

  @Field(_type => Int)
  durationMs!: number;

  @Field(_type => [HealthCheckResult], { description: "One per deployment covered." })
  results!: HealthCheckResult[];
}

@ObjectType("HealthSummary", { description: "Deployments per status of their upstream's stored health." })
export class HealthSummary {
  @Field(_type => Int, { description: "Enabled deployments." })
  deployments!: number;

  @Field(_type => Int)
  healthy!: number;

  @Field(_type => Int)
  degraded!: number;

  @Field(_type => Int)
  unhealthy!: number;

  @Field(_type => Int)
  unknown!: number;

  @Field(_type => Int, { description: "Disabled deployments (never probed, not counted above)." })
  disabled!: number;

  @Field(_type => Int, { description: "Distinct upstreams behind the enabled deployments." })
  upstreams!: number;

  @Field(_type => Float, { nullable: true, description: "HTTP requests this server process has sent for health since it started." })
  requestsSinceStart!: number;
}
