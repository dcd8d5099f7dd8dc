import { GraphQLSafeInt } from "graphql-scalars";
import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../../../db/schema.ts";
import type { Context } from "../context.ts";
import { toGlobalId } from "../global-id.ts";
import { PageArgs, payloadType, toConnection, VERSION_DESCRIPTION } from "../relay.ts";
import { distinctProviders } from "../routes.ts";
import { HealthStatus } from "../../../health/status.ts";
import { Deployment } from "../deployment/deployment.type.ts";
import { ModelFacts, toModelFacts } from "../facts/facts.gql.ts";
import { ModelGroup } from "../group/group.type.ts";
import { Provider } from "../provider/provider.type.ts";
import { AddAliasInput, UpdateAliasInput } from "./alias.input.ts";
import { Alias, AliasConnection } from "./alias.type.ts";

export const AddAliasPayload = payloadType("AddAliasPayload", "alias", Alias);
export const UpdateAliasPayload = payloadType("UpdateAliasPayload", "alias", Alias);

@ObjectType("RemoveAliasPayload")
export class RemoveAliasPayload {
  @Field(_type => ID)
  id!: string;

  @Field(_type => String)
  name!: string;

  @Field(_type => [String])
  warnings!: string[];

  @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
  version!: number | null;
}

@Resolver(_of => Alias)
export class AliasResolver {
  @Query(_returns => AliasConnection)
  aliases(
    @Args(_type => PageArgs) page: PageArgs,
    @Arg("includeHidden", _type => Boolean, { defaultValue: false }) includeHidden: boolean,
    @Ctx() ctx: Context,
  ) {
    return toConnection(ctx.read.aliasPage(page, includeHidden));
  }

  @Query(_returns => Alias, { nullable: true, description: "Hidden aliases are found by name too." })
  alias(@Arg("name", _type => String) name: string, @Ctx() ctx: Context): AliasRow | undefined {
    return ctx.read.aliasByName(name);
  }

  @FieldResolver(_returns => ID)
  id(@Root() row: AliasRow): string {
    return toGlobalId("Alias", row.id);
  }

  @FieldResolver(_returns => ModelGroup)
  target(@Root() row: AliasRow, @Ctx() ctx: Context): ModelGroupRow {
    return ctx.read.group(row.groupId)!;
  }

  @FieldResolver(_returns => [Deployment], { description: "The target group's deployments: enabled ones in candidate order, then disabled ones." })
  deployments(@Root() row: AliasRow, @Ctx() ctx: Context): readonly DeploymentRow[] {
    return ctx.read.deploymentsOf(row.groupId);
  }

  @FieldResolver(_returns => [Provider])
  providers(@Root() row: AliasRow, @Ctx() ctx: Context): ProviderRow[] {
    return distinctProviders(ctx.read.selection(row.groupId).routes);
  }

  @FieldResolver(_returns => Provider, { nullable: true, description: "Provider of the deployment resolution selects now." })
  provider(@Root() row: AliasRow, @Ctx() ctx: Context): ProviderRow | null {
    return ctx.read.selection(row.groupId).choice.selected?.provider ?? null;
  }

  @FieldResolver(_returns => String, { nullable: true, description: "Prefixed id of the deployment resolution selects now." })
  prefixedId(@Root() row: AliasRow, @Ctx() ctx: Context): string | null {
    return ctx.read.selection(row.groupId).choice.selected?.prefixedId ?? null;
  }

  @FieldResolver(_returns => HealthStatus, { description: "The target group's derived health." })
  health(@Root() row: AliasRow, @Ctx() ctx: Context): HealthStatus {
    return ctx.read.groupHealth(row.groupId);
  }

  @FieldResolver(_returns => ModelFacts, { description: "The target group's facts (aggregated over its enabled deployments)." })
  facts(@Root() row: AliasRow, @Ctx() ctx: Context): ModelFacts {
    return toModelFacts(ctx.read.groupFacts(row.groupId));
  }

  @Mutation(_returns => AddAliasPayload)
  async addAlias(@Arg("input", _type => AddAliasInput) input: AddAliasInput, @Ctx() ctx: Context) {
    const { value, warnings, version } = await ctx.catalog.aliases.add(input);
    return { alias: ctx.read.alias(value.id) ?? value, warnings, version };
  }

  @Mutation(_returns => UpdateAliasPayload)
  async updateAlias(@Arg("name", _type => String) name: string, @Arg("input", _type => UpdateAliasInput) input: UpdateAliasInput, @Ctx() ctx: Context) {
    const { value, warnings, version } = await ctx.catalog.aliases.update(name, input);
    return { alias: ctx.read.alias(value.id) ?? value, warnings, version };
  }

  @Mutation(_returns => RemoveAliasPayload)
  async removeAlias(@Arg("name", _type => String) name: string, @Ctx() ctx: Context): Promise<RemoveAliasPayload> {
    const { value, warnings, version } = await ctx.catalog.aliases.remove(name);
    return { id: toGlobalId("Alias", value.id), name: value.name, warnings, version: version ?? null };
  }
}
