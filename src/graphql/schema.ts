import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AliasResolver } from "../catalog/alias/alias.resolver.ts";
import { DeploymentResolver } from "../catalog/deployment/deployment.resolver.ts";
import { FactsResolver } from "../catalog/facts/facts.resolver.ts";
import { ModelGroupResolver } from "../catalog/group/group.resolver.ts";
import { ProviderResolver } from "../catalog/provider/provider.resolver.ts";
import { ResolutionResolver } from "../catalog/resolution/resolution.resolver.ts";
import { DeploymentHealthResolver, HealthCheckResultResolver, HealthResolver } from "../health/health.resolver.ts";
import { ConfigResolver } from "../interop/config.resolver.ts";
import { NodeResolver } from "./node.resolver.ts";

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
    ],
    validate: false,
  });
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so that diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema = buildGraphQLSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
