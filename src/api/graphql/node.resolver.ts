import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "./context.ts";
import { fromGlobalId, type NodeTypeName } from "./global-id.ts";
import { Node, NODE_TYPE } from "./relay.ts";

@Resolver()
export class NodeResolver {
  @Query(_returns => Node, { nullable: true, description: "Any Provider, ModelGroup, Deployment or Alias by its global id." })
  async node(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): Promise<object | null> {
    const { type, id: rowId } = fromGlobalId(id);
    const loaders: Record<NodeTypeName, (id: number) => Promise<object | undefined>> = {
      Provider: (k) => ctx.loaders.providerById.load(k),
      ModelGroup: (k) => ctx.loaders.groupById.load(k),
      Deployment: (k) => ctx.loaders.deploymentById.load(k),
      Alias: (k) => ctx.loaders.aliasById.load(k),
    };
    const row = await loaders[type](rowId);
    return row ? { ...row, [NODE_TYPE]: type } : null;
  }
}
