import { Arg, Field, Int, ObjectType, Resolver, Root, Subscription } from "type-graphql";
import type { SubscribeResolverData } from "type-graphql";
import { BadUserInputError } from "../../../errors.ts";
import { HealthStatus } from "../../../health/status.ts";
import type { HealthChangeEvent } from "../../../read/feed.ts";
import { lookupName, type CatalogSnapshot, type DeploymentEntry } from "../../../read/snapshot.ts";
import type { Context } from "../context.ts";
import { Deployment } from "../deployment/deployment.type.ts";
import "../health/health.type.ts";

/** Names a subscription may filter on at most. */
export const MAX_SUBSCRIPTION_NAMES = 100;

@ObjectType("HealthChange", { description: "A deployment's upstream changed status (not sent for a probe that found the same status)." })
export class HealthChange {
  @Field(_type => Deployment)
  deployment!: DeploymentEntry;

  @Field(_type => String, { description: "The group or alias the subscriber asked for that routes to the deployment; without names, the deployment's group." })
  name!: string;

  @Field(_type => HealthStatus)
  status!: HealthStatus;

  @Field(_type => HealthStatus)
  previous!: HealthStatus;

  @Field(_type => Date, { nullable: true })
  checkedAt!: Date | null;

  @Field(_type => Int, { nullable: true })
  latencyMs!: number | null;

  @Field(_type => String, { nullable: true, description: "Why the probe failed, redacted as DeploymentHealth.error is." })
  error!: string | null;
}

/**
 * The names a subscriber filters on, each checked against the catalog now: an unknown one is
 * refused with suggestions, as resolve() refuses it. null: no filter.
 */
export function checkNames(ctx: Context, names: readonly string[] | null | undefined): string[] | null {
  if (names == null) return null;
  if (names.length > MAX_SUBSCRIPTION_NAMES) {
    throw new BadUserInputError(`names has ${names.length} entries; at most ${MAX_SUBSCRIPTION_NAMES} are accepted (leave it out for every name)`, { field: "names" });
  }
  const view = ctx.read;
  for (const name of names) if (!lookupName(view.snapshot, name)) throw ctx.catalog.groups.nameNotFound(name, "name");
  return [...new Set(names)];
}

/** The group a public name routes to in `snapshot` (an alias's target), if it still exists. */
function groupOf(snapshot: CatalogSnapshot, name: string): number | undefined {
  const found = lookupName(snapshot, name);
  return found ? (found.kind === "group" ? found.group.id : found.alias.groupId) : undefined;
}

/** One event per asked name that routes to the deployment now (names are looked up in the event's snapshot: a retarget counts). */
export function namedHealthChanges(event: HealthChangeEvent, names: readonly string[] | null): HealthChange[] {
  const { snapshot, deployment, ...rest } = event;
  if (names === null) {
    const group = snapshot.groups.get(deployment.groupId);
    return group ? [{ ...rest, deployment, name: group.name }] : [];
  }
  return names.filter((n) => groupOf(snapshot, n) === deployment.groupId).map((name) => ({ ...rest, deployment, name }));
}

type Data = SubscribeResolverData<unknown, { names?: string[] | null }, Context>;

@Resolver()
export class SubscriptionResolver {
  @Subscription(_returns => HealthChange, {
    description: "Fires when a probe changes a deployment's upstream status, for writes of this server and of other processes on the database (within a second).",
    subscribe: ({ args, context }: Data) => {
      const names = checkNames(context, args.names);
      return context.catalog.feed.healthEvents((event) => namedHealthChanges(event, names));
    },
  })
  healthChanged(
    @Root() change: HealthChange,
    @Arg("names", _type => [String], { nullable: true, description: "Groups or aliases to watch; absent: every deployment." }) _names?: string[] | null,
  ): HealthChange {
    return change;
  }
}
