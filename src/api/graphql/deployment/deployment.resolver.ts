import { Arg, Args, Ctx, Field, FieldResolver, ID, ObjectType, Query, Mutation, Resolver, Root } from "type-graphql";
import type { DeploymentRow, ModelGroupRow, ProviderRow } from "../../../db/schema.ts";
import { DeploymentHealth } from "../health/health.type.ts";
import type { HealthView } from "../../../health/status.ts";
import type { Context } from "../context.ts";
import { fromGlobalId, toGlobalId } from "../global-id.ts";
import { PageArgs, payloadType, toConnection } from "../relay.ts";
import { routeOf } from "../routes.ts";
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
}

@Resolver(_of => Deployment)
export class DeploymentResolver {
  @Query(_returns => DeploymentConnection)
  deployments(
    @Args(_type => PageArgs) page: PageArgs,
    @Arg("provider", _type => String, { nullable: true, description: "Only deployments on this provider (by name)." }) provider: string | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(ctx.catalog.deployments.page(page, provider));
  }

  @Query(_returns => Deployment, { nullable: true })
  deployment(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): DeploymentRow | undefined {
    return ctx.catalog.deployments.byId(fromGlobalId(id, "Deployment").id);
  }

  @FieldResolver(_returns => ID)
  id(@Root() row: DeploymentRow): string {
    return toGlobalId("Deployment", row.id);
  }

  @FieldResolver(_returns => String, { description: "type.prefix + '/' + model, always; the stored model is never rewritten." })
  async prefixedId(@Root() row: DeploymentRow, @Ctx() ctx: Context): Promise<string> {
    return (await routeOf(ctx, row)).prefixedId;
  }

  @FieldResolver(_returns => Provider)
  async provider(@Root() row: DeploymentRow, @Ctx() ctx: Context): Promise<ProviderRow> {
    return (await ctx.loaders.providerById.load(row.providerId))!;
  }

  @FieldResolver(_returns => String, { nullable: true, description: "Effective API base: the deployment's override, else its provider's, else the type's default." })
  async apiBase(@Root() row: DeploymentRow, @Ctx() ctx: Context): Promise<string | null> {
    return (await routeOf(ctx, row)).apiBase;
  }

  @FieldResolver(_returns => String, { nullable: true, description: "This deployment's own API base override, if any." })
  apiBaseOverride(@Root() row: DeploymentRow): string | null {
    return row.apiBase || null;
  }

  @FieldResolver(_returns => ModelGroup)
  async group(@Root() row: DeploymentRow, @Ctx() ctx: Context): Promise<ModelGroupRow> {
    return (await ctx.loaders.groupById.load(row.groupId))!;
  }

  @FieldResolver(_returns => DeploymentHealth, { description: "Stored health of this deployment's upstream (provider, model, API base)." })
  async health(@Root() row: DeploymentRow, @Ctx() ctx: Context): Promise<HealthView> {
    return (await routeOf(ctx, row)).health;
  }

  @FieldResolver(_returns => ModelFacts, { description: "What is known about this model on this provider: the deployment's overrides over the model registry." })
  async facts(@Root() row: DeploymentRow, @Ctx() ctx: Context): Promise<ModelFacts> {
    return toModelFacts(await ctx.loaders.factsOfDeployment.load(row));
  }

  @Mutation(_returns => AddDeploymentPayload)
  addDeployment(@Arg("input", _type => AddDeploymentInput) input: AddDeploymentInput, @Ctx() ctx: Context) {
    const { value, warnings } = ctx.catalog.deployments.add(input);
    return { deployment: value, warnings };
  }

  @Mutation(_returns => UpdateDeploymentPayload)
  updateDeployment(
    @Arg("id", _type => ID) id: string,
    @Arg("input", _type => UpdateDeploymentInput) input: UpdateDeploymentInput,
    @Ctx() ctx: Context,
  ) {
    const { value, warnings } = ctx.catalog.deployments.update(fromGlobalId(id, "Deployment").id, input);
    return { deployment: value, warnings };
  }

  @Mutation(_returns => RemoveDeploymentPayload)
  removeDeployment(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): RemoveDeploymentPayload {
    const { value, warnings } = ctx.catalog.deployments.remove(fromGlobalId(id, "Deployment").id);
    return { id: toGlobalId("Deployment", value.id), warnings };
  }
}
