import { GraphQLSafeInt } from "graphql-scalars";
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../../../db/schema.ts";
import type { Context } from "../context.ts";
import { toGlobalId } from "../global-id.ts";
import { PageArgs, payloadType, toConnection, VERSION_DESCRIPTION } from "../relay.ts";
import { distinctProviders } from "../routes.ts";
import { HealthStatus } from "../../../health/status.ts";
import { Alias } from "../alias/alias.type.ts";
import { Deployment } from "../deployment/deployment.type.ts";
import { ModelFacts, toModelFacts } from "../facts/facts.gql.ts";
import { Provider } from "../provider/provider.type.ts";
import { filteredGroupPage, isEmptyFilter } from "./group.filter.ts";
import { CreateModelGroupInput, ModelGroupFilter, UpdateModelGroupInput } from "./group.input.ts";
import { isPattern } from "../../../catalog/pattern.ts";
import { FallbackRule, ModelGroup, ModelGroupConnection } from "./group.type.ts";

export const CreateModelGroupPayload = payloadType("CreateModelGroupPayload", "modelGroup", ModelGroup);
export const UpdateModelGroupPayload = payloadType("UpdateModelGroupPayload", "modelGroup", ModelGroup);

@ObjectType("DeleteModelGroupPayload")
export class DeleteModelGroupPayload {
  @Field(_type => ID)
  id!: string;

  @Field(_type => String)
  name!: string;

  @Field(_type => [String], { description: "Aliases removed with the group (force: true)." })
  removedAliases!: string[];

  @Field(_type => Int)
  removedDeployments!: number;

  @Field(_type => [String])
  warnings!: string[];
  @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
  version!: number | null;
}

@Resolver(_of => ModelGroup)
export class ModelGroupResolver {
  @Query(_returns => ModelGroupConnection)
  modelGroups(
    @Args(_type => PageArgs) page: PageArgs,
    @Arg("search", _type => String, { nullable: true, description: "Case-insensitive substring of the name." }) search: string | null,
    @Arg("filter", _type => ModelGroupFilter, {
      nullable: true,
      description: "On the groups' aggregated facts, providers and health; combines with search. Reads the whole catalog (in memory), then pages.",
    })
    filter: ModelGroupFilter | null,
    @Ctx() ctx: Context,
  ) {
    if (filter && !isEmptyFilter(filter)) return toConnection(filteredGroupPage(ctx.read, page, search, filter));
    return toConnection(ctx.read.groupPage(page, search));
  }

  @Query(_returns => ModelGroup, { nullable: true })
  modelGroup(@Arg("name", _type => String) name: string, @Ctx() ctx: Context): ModelGroupRow | undefined {
    return ctx.read.groupByName(name);
  }

  @FieldResolver(_returns => ID)
  id(@Root() row: ModelGroupRow): string {
    return toGlobalId("ModelGroup", row.id);
  }

  @FieldResolver(_returns => Boolean, { description: "The name contains * (a LiteLLM wildcard route): resolve() routes names it matches, most specific pattern first." })
  pattern(@Root() row: ModelGroupRow): boolean {
    return isPattern(row.name);
  }

  @FieldResolver(_returns => [FallbackRule], { description: "Where a failing call goes next, one rule per kind; resolve() reports them and never follows one." })
  fallbacks(@Root() row: ModelGroupRow): FallbackRule[] {
    return row.fallbacks ?? [];
  }

  @FieldResolver(_returns => [Deployment], { description: "Enabled deployments in candidate order, then disabled ones." })
  deployments(@Root() row: ModelGroupRow, @Ctx() ctx: Context): readonly DeploymentRow[] {
    return ctx.read.deploymentsOf(row.id);
  }

  @FieldResolver(_returns => [Alias])
  aliases(
    @Root() row: ModelGroupRow,
    @Arg("includeHidden", _type => Boolean, { defaultValue: false }) includeHidden: boolean,
    @Ctx() ctx: Context,
  ): readonly AliasRow[] {
    return ctx.read.aliasesOf(row.id, includeHidden);
  }

  @FieldResolver(_returns => [Provider], { description: "Distinct providers of the enabled deployments, in candidate order." })
  providers(@Root() row: ModelGroupRow, @Ctx() ctx: Context): ProviderRow[] {
    return distinctProviders(ctx.read.selection(row.id).routes);
  }

  @FieldResolver(_returns => HealthStatus, { description: "Derived from the enabled deployments' upstream health." })
  health(@Root() row: ModelGroupRow, @Ctx() ctx: Context): HealthStatus {
    return ctx.read.groupHealth(row.id);
  }

  @FieldResolver(_returns => ModelFacts, {
    description:
      "Aggregated over the enabled deployments as LiteLLM's /model_group/info does: limits and prices the maximum of the known values; a capability only if every enabled deployment has it (absent if any lacks it).",
  })
  facts(@Root() row: ModelGroupRow, @Ctx() ctx: Context): ModelFacts {
    return toModelFacts(ctx.read.groupFacts(row.id));
  }

  @Mutation(_returns => CreateModelGroupPayload)
  async createModelGroup(@Arg("input", _type => CreateModelGroupInput) input: CreateModelGroupInput, @Ctx() ctx: Context) {
    const { value, warnings, version } = await ctx.catalog.groups.create(input);
    return { modelGroup: ctx.read.group(value.id) ?? value, warnings, version };
  }

  @Mutation(_returns => UpdateModelGroupPayload)
  async updateModelGroup(
    @Arg("name", _type => String) name: string,
    @Arg("input", _type => UpdateModelGroupInput) input: UpdateModelGroupInput,
    @Ctx() ctx: Context,
  ) {
    const { value, warnings, version } = await ctx.catalog.groups.update(name, input);
    return { modelGroup: ctx.read.group(value.id) ?? value, warnings, version };
  }

  @Mutation(_returns => DeleteModelGroupPayload)
  async deleteModelGroup(
    @Arg("name", _type => String) name: string,
    @Arg("force", _type => Boolean, { defaultValue: false, description: "Also remove the aliases that point at it." }) force: boolean,
    @Ctx() ctx: Context,
  ): Promise<DeleteModelGroupPayload> {
    const { value, warnings, version } = await ctx.catalog.groups.delete(name, force);
    return {
      id: toGlobalId("ModelGroup", value.group.id),
      name: value.group.name,
      removedAliases: value.removedAliases,
      removedDeployments: value.removedDeployments,
      warnings,
      version: version ?? null,
    };
  }
}
