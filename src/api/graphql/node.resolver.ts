import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "./context.ts";
import { fromGlobalId, type NodeTypeName } from "./global-id.ts";
import { Node, NODE_TYPE } from "./relay.ts";

@Resolver()
export class NodeResolver {
  @Query(_returns => Node, { nullable: true, description: "Any Provider, ModelGroup, Deployment or Alias by its global id." })
  node(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): object | null {
    const { type, id: rowId } = fromGlobalId(id);
    const view = ctx.read;
    const lookups: Record<NodeTypeName, (id: number) => object | undefined> = {
      Provider: (k) => view.provider(k),
      ModelGroup: (k) => view.group(k),
      Deployment: (k) => view.deployment(k),
      Alias: (k) => view.alias(k),
    };
    const row = lookups[type](rowId);
    return row ? { ...row, [NODE_TYPE]: type } : null;
  }
}
