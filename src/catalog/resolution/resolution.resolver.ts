import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.ts";
import { aggregateFacts } from "../../registry/facts.ts";
import { toModelFacts, type ModelFacts } from "../facts/facts.gql.ts";
import type { CandidateView } from "./resolution.service.ts";
import { Resolution, type ResolutionCandidate } from "./resolution.type.ts";

@Resolver(_of => Resolution)
export class ResolutionResolver {
  @Query(_returns => Resolution, {
    description: "alias → its group; group → itself; '<provider>/<model>' with an exact provider name → that route; else NOT_FOUND with suggestions.",
  })
  resolve(@Arg("name", _type => String) name: string, @Ctx() ctx: Context): Resolution {
    const r = ctx.catalog.resolution.resolve(name);
    const s = r.selected;
    // Facts are read only when asked for (getters), through the request's batched loader.
    const factsOf = (c: CandidateView): Promise<ModelFacts> =>
      ctx.loaders.factsOfDeployment
        .load(c.deployment ?? { providerId: c.provider.id, model: c.model, factsOverride: null, extraParams: null })
        .then(toModelFacts);
    const candidates: ResolutionCandidate[] = r.candidates.map((c) => ({
      ...c,
      get facts() {
        return factsOf(c);
      },
    }));
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
      get facts() {
        return s ? factsOf(s) : toModelFacts(aggregateFacts([]));
      },
      candidates,
      trace: r.trace,
    };
  }
}
