import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.ts";
import { Resolution } from "./resolution.type.ts";

@Resolver(_of => Resolution)
export class ResolutionResolver {
  @Query(_returns => Resolution, {
    description: "alias → its group; group → itself; '<provider>/<model>' with an exact provider name → that route; else NOT_FOUND with suggestions.",
  })
  resolve(@Arg("name", _type => String) name: string, @Ctx() ctx: Context): Resolution {
    const r = ctx.catalog.resolution.resolve(name);
    const s = r.selected;
    return {
      name: r.name,
      kind: r.kind,
      alias: r.alias,
      group: r.group,
      deployment: s?.deployment ?? null,
      provider: s?.provider ?? null,
      model: s?.model ?? null,
      prefixedId: s?.prefixedId ?? null,
      apiBase: s?.apiBase ?? null,
      health: r.health,
      allUnhealthy: r.allUnhealthy,
      candidates: r.candidates,
      trace: r.trace,
    };
  }
}
