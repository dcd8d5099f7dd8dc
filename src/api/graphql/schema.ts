import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AliasResolver } from "./alias/alias.resolver.ts";
import { DeploymentResolver } from "./deployment/deployment.resolver.ts";
import { FactsResolver } from "./facts/facts.resolver.ts";
import { ModelGroupResolver } from "./group/group.resolver.ts";
import { ProviderResolver } from "./provider/provider.resolver.ts";
import { ResolutionResolver } from "./resolution/resolution.resolver.ts";
import { DeploymentHealthResolver, HealthCheckResultResolver, HealthResolver } from "./health/health.resolver.ts";
import { ConfigResolver } from "./config/config.resolver.ts";
import { NodeResolver } from "./node.resolver.ts";
import { SubscriptionResolver } from "./subscription/subscription.resolver.ts";
import { ReplicaResolver } from "./replica/replica.resolver.ts";
import { AliasHistoryResolver, ChangeResolver, ChangeSetResolver, ModelGroupHistoryResolver } from "./history/history.resolver.ts";

let built: GraphQLSchema | undefined;

/** The executable schema; built once per process (type-graphql keeps global metadata). */
export function buildGraphQLSchema(): GraphQLSchema {
  built ??= buildSchemaSync({
    resolvers: [
      ProviderResolver,
      ModelGroupResolver,
      DeploymentResolver,
      AliasResolver,
      ResolutionResolver,
      NodeResolver,
      HealthResolver,
      DeploymentHealthResolver,
      HealthCheckResultResolver,
      ConfigResolver,
      FactsResolver,
      SubscriptionResolver,
      ChangeResolver,
      ChangeSetResolver,
      AliasHistoryResolver,
      ModelGroupHistoryResolver,
      ReplicaResolver,
    ],
    validate: false,
    // Every subscription has its own `subscribe` (src/read/feed.ts); type-graphql still asks for a
    // PubSub, and this one refuses to be used.
    pubSub: {
      publish: () => {
        throw new Error("subscriptions are fed by the change feed, not a PubSub");
      },
      subscribe: () => {
        throw new Error("subscriptions are fed by the change feed, not a PubSub");
      },
    },
  });
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so that diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema = buildGraphQLSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
