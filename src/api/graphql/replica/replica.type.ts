import { GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType("Replica", {
  description:
    "A server process on this database (docs/replicas.md): each writes its row every second while it runs and removes it when it shuts down cleanly; one that died stays listed as not alive for a day.",
})
export class Replica {
  @Field(_type => ID, { description: "host:pid:random, new at every start; the owner of its claims in the probe schedule." })
  id!: string;

  @Field(_type => String)
  host!: string;

  @Field(_type => Int)
  pid!: number;

  @Field(_type => Date)
  startedAt!: Date;

  @Field(_type => Date, { description: "Its last heartbeat." })
  seenAt!: Date;

  @Field(_type => GraphQLSafeInt, { description: "The catalog version its snapshot had applied at its last heartbeat." })
  appliedVersion!: number;

  @Field(_type => Boolean, { description: "Seen within the last 30 seconds." })
  alive!: boolean;

  @Field(_type => Int, { description: "Endpoints of the fleet-wide probe schedule it holds a live claim (lease) on now." })
  probing!: number;

  @Field(_type => Date, { nullable: true, description: "When it last stored probe results (as of its last heartbeat); null if never since it started." })
  lastProbeAt!: Date | null;
}
