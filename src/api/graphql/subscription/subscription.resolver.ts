import { Arg, Field, Int, ObjectType, Resolver, Root, Subscription } from "type-graphql";
import type { SubscribeResolverData } from "type-graphql";
import { BadUserInputError } from "../../../errors.ts";
import { HealthStatus } from "../../../health/status.ts";
import type { CatalogChangeEvent, EventQueue, HealthChangeEvent } from "../../../read/feed.ts";
import type { ChangeRecord, HistoryService } from "../../../history/history.service.ts";
import { Change } from "../history/history.type.ts";
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
  for (const name of names) if (!lookupName(view.snapshot, name)) throw ctx.catalog.groups.nameNotFound(name, "name", view.snapshot);
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

/** History rows read per step while a subscriber catches up with a large change (an import). */
const CHANGES_PER_READ = 500;

/**
 * A subscriber's Changes: the feed queues one event per committed advance (a version range), and
 * the Changes of each range are read from the history only as the subscriber takes them, a page at
 * a time, so an import of 10,000 rows neither floods the queue nor holds the publisher up.
 */
class ChangeStream implements AsyncIterableIterator<ChangeRecord> {
  private buffer: ChangeRecord[] = [];
  private cursor = -1;
  private until = -1;
  private snapshot: CatalogChangeEvent["snapshot"] | undefined;

  constructor(
    private readonly events: EventQueue<CatalogChangeEvent>,
    private readonly history: HistoryService,
    private readonly names: readonly string[] | null,
  ) {}

  async next(): Promise<IteratorResult<ChangeRecord>> {
    for (;;) {
      const ready = this.buffer.shift();
      if (ready) return { value: ready, done: false };
      if (this.cursor < this.until) {
        // The history is keyed by the change log's seq on both backends (the event's range is in seqs).
        const page = (await this.history.changesAfter(this.cursor, CHANGES_PER_READ)).filter((c) => c.seq <= this.until);
        this.cursor = page.length > 0 ? page[page.length - 1]!.seq : this.until;
        this.buffer = page.filter((c) => this.wanted(c));
        // A large change (an import) is read a page at a time: let other requests in between.
        if (page.length === CHANGES_PER_READ) await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const event = await this.events.next();
      if (event.done) return { value: undefined, done: true };
      const { from, to, snapshot } = event.value;
      if (this.cursor < from) this.cursor = from;
      this.until = Math.max(this.until, to);
      this.snapshot = snapshot;
    }
  }

  return(): Promise<IteratorResult<ChangeRecord>> {
    this.buffer = [];
    return this.events.return().then(() => ({ value: undefined, done: true as const }));
  }

  throw(error?: unknown): Promise<IteratorResult<ChangeRecord>> {
    void this.events.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Its name is one asked for, or it belongs to the group an asked name routes to (a deployment, an alias of it). */
  private wanted(change: ChangeRecord): boolean {
    if (this.names === null) return true;
    if (change.name !== null && this.names.includes(change.name)) return true;
    // A deployment's change carries its group; an alias's, its target (before or after a retarget).
    const groups = [change.groupId, change.after?.groupId, change.before?.groupId].filter((g): g is number => typeof g === "number");
    return groups.length > 0 && this.names.some((n) => groups.includes(groupOf(this.snapshot!, n)!));
  }
}

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

  @Subscription(_returns => Change, {
    description:
      "Fires with the Change of every committed catalog write (mutations, imports, the CLI, reverts; other processes' too, within a second), oldest first. With names: changes of those names, and of the groups they route to (deployments, aliases).",
    subscribe: ({ args, context }: Data) => {
      const names = checkNames(context, args.names);
      return new ChangeStream(context.catalog.feed.catalogEvents((event) => [event]), context.catalog.history, names);
    },
  })
  catalogChanged(
    @Root() change: ChangeRecord,
    @Arg("names", _type => [String], { nullable: true, description: "Groups or aliases to watch; absent: every change." }) _names?: string[] | null,
  ): ChangeRecord {
    return change;
  }
}
