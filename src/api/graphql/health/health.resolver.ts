import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Deployment } from "../deployment/deployment.type.ts";
import type { DeploymentRow, HealthHistoryRow } from "../../../db/schema.ts";
import type { Context } from "../context.ts";
import { BadUserInputError } from "../../../errors.ts";
import { fromGlobalId } from "../global-id.ts";
import type { CheckReport } from "../../../health/checker.ts";
import { DeploymentHealth, HealthCheckReport, HealthCheckResult, HealthSample, HealthSummary, UptimeWindow } from "./health.type.ts";
import { HealthStatus, type HealthView } from "../../../health/status.ts";

const WINDOW_MS: Record<UptimeWindow, number> = { [UptimeWindow.HOUR]: 3_600_000, [UptimeWindow.DAY]: 86_400_000 };
const MAX_HISTORY = 1000;
const MAX_NAMES = 1000;

const answered = (s: string) => s === HealthStatus.HEALTHY || s === HealthStatus.DEGRADED;

/** Nearest-rank percentile of the latencies of answered probes; null without any. */
function percentile(rows: HealthHistoryRow[], p: number): number | null {
  const values = rows
    .filter((r) => answered(r.status) && r.latencyMs != null)
    .map((r) => r.latencyMs!)
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  return values[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
}

@Resolver(_of => DeploymentHealth)
export class DeploymentHealthResolver {
  private async day(health: HealthView, ctx: Context): Promise<HealthHistoryRow[]> {
    return health.upstream ? ctx.loaders.healthDayByUpstream.load(health.upstream) : [];
  }

  @FieldResolver(_returns => Float, {
    nullable: true,
    description: "Share of probes in the window that got an answer (HEALTHY or DEGRADED), 0–1; null without probes. UNKNOWN results do not count.",
  })
  async uptime(
    @Root() health: HealthView,
    @Arg("window", _type => UptimeWindow, { defaultValue: UptimeWindow.DAY }) window: UptimeWindow,
    @Ctx() ctx: Context,
  ): Promise<number | null> {
    const since = Date.now() - WINDOW_MS[window];
    const rows = (await this.day(health, ctx)).filter((r) => r.checkedAt.getTime() >= since && r.status !== HealthStatus.UNKNOWN);
    return rows.length === 0 ? null : rows.filter((r) => answered(r.status)).length / rows.length;
  }

  @FieldResolver(_returns => Int, { nullable: true, description: "Median latency of answered probes over 24 h." })
  async latencyP50(@Root() health: HealthView, @Ctx() ctx: Context): Promise<number | null> {
    return percentile(await this.day(health, ctx), 50);
  }

  @FieldResolver(_returns => Int, { nullable: true, description: "95th percentile latency of answered probes over 24 h." })
  async latencyP95(@Root() health: HealthView, @Ctx() ctx: Context): Promise<number | null> {
    return percentile(await this.day(health, ctx), 95);
  }

  @FieldResolver(_returns => [HealthSample], { description: "The latest probe results of this upstream, newest first." })
  async history(
    @Root() health: HealthView,
    @Arg("last", _type => Int, { defaultValue: 20, description: `0 to ${MAX_HISTORY}.` }) last: number,
    @Ctx() ctx: Context,
  ): Promise<HealthHistoryRow[]> {
    if (!Number.isInteger(last) || last < 0 || last > MAX_HISTORY) {
      throw new BadUserInputError(`last ${last} is out of range; accepted: 0 to ${MAX_HISTORY}`, { field: "last" });
    }
    return health.upstream ? ctx.loaders.healthLatestByUpstream.load({ ref: health.upstream, last }) : [];
  }
}

@Resolver(_of => HealthCheckResult)
export class HealthCheckResultResolver {
  @FieldResolver(_returns => Deployment)
  deployment(@Root() result: HealthCheckResult): DeploymentRow {
    return result.deployment;
  }
}

@Resolver()
export class HealthResolver {
  @Mutation(_returns => HealthCheckReport, {
    description:
      "Probes the upstreams behind the given names and deployments (all enabled deployments when both are empty). Each upstream is probed once, each endpoint's list route once; results fresher than the freshness window are reused unless force.",
  })
  async checkHealth(
    @Arg("names", _type => [String], { nullable: true, description: "Aliases, groups or <provider>/<model> names." }) names: string[] | null,
    @Arg("deploymentIds", _type => [ID], { nullable: true }) deploymentIds: string[] | null,
    @Arg("force", _type => Boolean, { defaultValue: false, description: "Probe even when a fresh result is stored." }) force: boolean,
    @Ctx() ctx: Context,
  ): Promise<CheckReport> {
    if ((names?.length ?? 0) + (deploymentIds?.length ?? 0) > MAX_NAMES) {
      throw new BadUserInputError(`at most ${MAX_NAMES} names and deployment ids per checkHealth; split the request`, { field: "names" });
    }
    const ids = (deploymentIds ?? []).map((id) => fromGlobalId(id, "Deployment").id);
    return ctx.catalog.checker.check({ names, deploymentIds: ids, force });
  }

  @Query(_returns => HealthSummary)
  healthSummary(@Ctx() ctx: Context): HealthSummary {
    return { ...ctx.catalog.checker.summary(ctx.read), requestsSinceStart: ctx.catalog.checker.requestsSent };
  }
}
