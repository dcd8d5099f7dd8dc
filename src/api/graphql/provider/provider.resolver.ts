import { GraphQLSafeInt } from "graphql-scalars";
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { ProviderRow } from "../../../db/schema.ts";
import type { Context } from "../context.ts";
import { toGlobalId } from "../global-id.ts";
import { PageArgs, payloadType, toConnection, VERSION_DESCRIPTION } from "../relay.ts";
import { DeploymentConnection } from "../deployment/deployment.type.ts";
import { PROVIDER_TYPES, type ProviderTypeInfo } from "../../../catalog/provider-types.ts";
import { CreateProviderInput, UpdateProviderInput } from "./provider.input.ts";
import { ApiKeySource, Provider, ProviderConnection, ProviderType } from "./provider.type.ts";

export const CreateProviderPayload = payloadType("CreateProviderPayload", "provider", Provider);
export const UpdateProviderPayload = payloadType("UpdateProviderPayload", "provider", Provider);

@ObjectType("DeleteProviderPayload")
export class DeleteProviderPayload {
  @Field(_type => ID)
  id!: string;

  @Field(_type => String)
  name!: string;

  @Field(_type => Int, { description: "Deployments removed with it (force: true)." })
  removedDeployments!: number;

  @Field(_type => [String])
  warnings!: string[];
  @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
  version!: number | null;
}

@Resolver(_of => Provider)
export class ProviderResolver {
  @Query(_returns => [ProviderType], { description: "The built-in provider types, read-only." })
  providerTypes(): readonly ProviderTypeInfo[] {
    return PROVIDER_TYPES;
  }

  @Query(_returns => ProviderConnection)
  providers(@Args(_type => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(ctx.read.providerPage(page));
  }

  @Query(_returns => Provider, { nullable: true })
  provider(@Arg("name", _type => String) name: string, @Ctx() ctx: Context): ProviderRow | undefined {
    return ctx.read.providerByName(name);
  }

  @FieldResolver(_returns => ID)
  id(@Root() row: ProviderRow): string {
    return toGlobalId("Provider", row.id);
  }

  @FieldResolver(_returns => ProviderType)
  type(@Root() row: ProviderRow, @Ctx() ctx: Context): ProviderTypeInfo {
    return ctx.catalog.providers.typeOf(row);
  }

  @FieldResolver(_returns => String, { nullable: true, description: "The provider's API base, else its type's default." })
  apiBase(@Root() row: ProviderRow, @Ctx() ctx: Context): string | null {
    return row.apiBase ?? ctx.catalog.providers.typeOf(row).defaultApiBase;
  }

  @FieldResolver(_returns => String, { description: "The environment variable holding the key: the provider's own, else its type's default." })
  apiKeyEnv(@Root() row: ProviderRow, @Ctx() ctx: Context): string {
    return ctx.catalog.providers.keyEnvOf(row);
  }

  @FieldResolver(_returns => Boolean, { description: "Whether a usable key exists (a stored literal key, else that variable). The key itself is never returned." })
  apiKeyConfigured(@Root() row: ProviderRow, @Ctx() ctx: Context): boolean {
    return ctx.catalog.providers.isKeyConfigured(row);
  }

  @FieldResolver(_returns => ApiKeySource, { description: "LITERAL: a key stored encrypted (write-only); ENV: the apiKeyEnv variable is set; NONE." })
  apiKeySource(@Root() row: ProviderRow, @Ctx() ctx: Context): ApiKeySource {
    return ctx.catalog.providers.keyOf(row).source as ApiKeySource;
  }

  @FieldResolver(_returns => String, { nullable: true, description: "Why a stored literal key cannot be used (e.g. a wrong or missing master key)." })
  apiKeyError(@Root() row: ProviderRow, @Ctx() ctx: Context): string | null {
    return ctx.catalog.providers.keyOf(row).problem ?? null;
  }

  @FieldResolver(_returns => DeploymentConnection)
  deployments(@Root() row: ProviderRow, @Args(_type => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(ctx.read.deploymentPage(page, row.id));
  }

  @Mutation(_returns => CreateProviderPayload)
  async createProvider(@Arg("input", _type => CreateProviderInput) input: CreateProviderInput, @Ctx() ctx: Context) {
    const { value, warnings, version } = await ctx.catalog.providers.create(input);
    return { provider: value, warnings, version };
  }

  @Mutation(_returns => UpdateProviderPayload)
  async updateProvider(
    @Arg("name", _type => String) name: string,
    @Arg("input", _type => UpdateProviderInput) input: UpdateProviderInput,
    @Ctx() ctx: Context,
  ) {
    const { value, warnings, version } = await ctx.catalog.providers.update(name, input);
    return { provider: value, warnings, version };
  }

  @Mutation(_returns => DeleteProviderPayload)
  async deleteProvider(
    @Arg("name", _type => String) name: string,
    @Arg("force", _type => Boolean, { defaultValue: false, description: "Also remove its deployments." }) force: boolean,
    @Ctx() ctx: Context,
  ): Promise<DeleteProviderPayload> {
    const { value, warnings, version } = await ctx.catalog.providers.delete(name, force);
    return {
      id: toGlobalId("Provider", value.provider.id),
      name: value.provider.name,
      removedDeployments: value.removedDeployments,
      warnings,
      version: version ?? null,
    };
  }
}
