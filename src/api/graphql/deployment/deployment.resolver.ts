import { GraphQLSafeInt } from "graphql-scalars";
import { Arg, Args, Ctx, Field, FieldResolver, ID, ObjectType, Query, Mutation, Resolver, Root } from "type-graphql";
import type { DeploymentRow, ModelGroupRow, ProviderRow } from "../../../db/schema.ts";
import { DeploymentHealth } from "../health/health.type.ts";
import type { HealthView } from "../../../health/status.ts";
import type { Context } from "../context.ts";
import { fromGlobalId, toGlobalId } from "../global-id.ts";
import { PageArgs, payloadType, toConnection, VERSION_DESCRIPTION } from "../relay.ts";
import { providerNotFound } from "../../../catalog/provider/provider.service.ts";
import { deploymentEntry } from "../routes.ts";
import { ModelFacts, toModelFacts } from "../facts/facts.gql.ts";
import { ModelGroup } from "../group/group.type.ts";
import { Provider } from "../provider/provider.type.ts";
import { AddDeploymentInput, UpdateDeploymentInput } from "./deployment.input.ts";
import { Deployment, DeploymentConnection } from "./deployment.type.ts";

export const AddDeploymentPayload = payloadType("AddDeploymentPayload", "deployment", Deployment);
export const UpdateDeploymentPayload = payloadType("UpdateDeploymentPayload", "deployment", Deployment);

@ObjectType("RemoveDeploymentPayload")
export class RemoveDeploymentPayload {
  @Field(_type => ID)
  id!: string;

  @Field(_type => [String])
  warnings!: string[];
  @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
  version!: number | null;
}

@Resolver(_of => Deployment)
export class DeploymentResolver {
  @Query(_returns => DeploymentConnection)
  deployments(
    @Args(_type => PageArgs) page: PageArgs,
    @Arg("provider", _type => String, { nullable: true, description: "Only deployments on this provider (by name)." }) provider: string | null,
    @Ctx() ctx: Context,
  ) {
    const view = ctx.read;
    let providerId: number | null = null;
    if (provider != null) {
      const row = view.providerByName(provider);
      // An unknown provider name: NOT_FOUND with the closest names (the commands' message).
      if (!row) throw providerNotFound(provider, view.providers().map((p) => p.name));
      providerId = row.id;
    }
    return toConnection(view.deploymentPage(page, providerId));
  }

  @Query(_returns => Deployment, { nullable: true })
  deployment(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): DeploymentRow | undefined {
    return ctx.read.deployment(fromGlobalId(id, "Deployment").id);
  }

  @FieldResolver(_returns => ID)
  id(@Root() row: DeploymentRow): string {
    return toGlobalId("Deployment", row.id);
  }

  @FieldResolver(_returns => String, { description: "type.prefix + '/' + model, always; the stored model is never rewritten." })
  prefixedId(@Root() row: DeploymentRow, @Ctx() ctx: Context): string {
    return deploymentEntry(ctx.read, row).prefixedId;
  }

  @FieldResolver(_returns => Provider)
  provider(@Root() row: DeploymentRow, @Ctx() ctx: Context): ProviderRow {
    return ctx.read.provider(row.providerId)!;
  }

  @FieldResolver(_returns => String, { nullable: true, description: "Effective API base: the deployment's override, else its provider's, else the type's default." })
  apiBase(@Root() row: DeploymentRow, @Ctx() ctx: Context): string | null {
    return deploymentEntry(ctx.read, row).effectiveApiBase;
  }

  @FieldResolver(_returns => String, { nullable: true, description: "This deployment's own API base override, if any." })
  apiBaseOverride(@Root() row: DeploymentRow): string | null {
    return row.apiBase || null;
  }

  @FieldResolver(_returns => ModelGroup)
  group(@Root() row: DeploymentRow, @Ctx() ctx: Context): ModelGroupRow {
    return ctx.read.group(row.groupId)!;
  }

  @FieldResolver(_returns => DeploymentHealth, { description: "Stored health of this deployment's upstream (provider, model, API base)." })
  health(@Root() row: DeploymentRow, @Ctx() ctx: Context): HealthView {
    return ctx.read.health(deploymentEntry(ctx.read, row));
  }

  @FieldResolver(_returns => ModelFacts, { description: "What is known about this model on this provider: the deployment's overrides over the model registry." })
  facts(@Root() row: DeploymentRow, @Ctx() ctx: Context): ModelFacts {
    return toModelFacts(ctx.read.facts(deploymentEntry(ctx.read, row)));
  }

  @Mutation(_returns => AddDeploymentPayload)
  async addDeployment(@Arg("input", _type => AddDeploymentInput) input: AddDeploymentInput, @Ctx() ctx: Context) {
    const { value, warnings, version } = await ctx.catalog.deployments.add(input);
    return { deployment: ctx.read.deployment(value.id) ?? value, warnings, version };
  }

  @Mutation(_returns => UpdateDeploymentPayload)
  async updateDeployment(
    @Arg("id", _type => ID) id: string,
    @Arg("input", _type => UpdateDeploymentInput) input: UpdateDeploymentInput,
    @Ctx() ctx: Context,
  ) {
    const { value, warnings, version } = await ctx.catalog.deployments.update(fromGlobalId(id, "Deployment").id, input);
    return { deployment: ctx.read.deployment(value.id) ?? value, warnings, version };
  }

  @Mutation(_returns => RemoveDeploymentPayload)
  async removeDeployment(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): Promise<RemoveDeploymentPayload> {
    const { value, warnings, version } = await ctx.catalog.deployments.remove(fromGlobalId(id, "Deployment").id);
    return { id: toGlobalId("Deployment", value.id), warnings, version: version ?? null };
  }
}
