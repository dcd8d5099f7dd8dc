import { Ctx, Query, Resolver } from "type-graphql";
import { listReplicas } from "../../../replicas/registry.ts";
import type { Context } from "../context.ts";
import { Replica } from "./replica.type.ts";

@Resolver()
export class ReplicaResolver {
  @Query(_returns => [Replica], {
    description: "Every server process (replica) on this database, oldest start first: alive or gone, the catalog version each has applied, and what it probes. GET /status shows the same with the probe schedule.",
  })
  async replicas(@Ctx() ctx: Context): Promise<Replica[]> {
    const found = await listReplicas(ctx.catalog.store);
    return found.map((r) => ({
      ...r,
      startedAt: new Date(r.startedAt),
      seenAt: new Date(r.seenAt),
      lastProbeAt: r.lastProbeAt === null ? null : new Date(r.lastProbeAt),
    }));
  }
}
