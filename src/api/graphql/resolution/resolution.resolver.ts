import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../context.ts";
import { aggregateFacts } from "../../../registry/facts.ts";
import { toModelFacts, type ModelFacts } from "../facts/facts.gql.ts";
import { type CandidateView } from "../../../catalog/resolution/resolution.service.ts";
import { Resolution, type ResolutionCandidate } from "./resolution.type.ts";

@Resolver(_of => Resolution)
export class ResolutionResolver {
  @Query(_returns => Resolution, {
    description:
      "alias → its group; group → itself; '<provider>/<model>' with an exact provider name and a deployment of it → that route; else the most specific matching pattern group (WILDCARD); else the ad-hoc '<provider>/<model>' candidate; else NOT_FOUND with suggestions.",
  })
  resolve(@Arg("name", _type => String) name: string, @Ctx() ctx: Context): Resolution {
    const view = ctx.read;
    const r = ctx.catalog.resolution.resolve(name, { view });
    const s = r.selected;
    // Facts are read only when asked for (getters). A WILDCARD candidate's facts are those of its
    // filled-in model; an ad-hoc one (no deployment, or a stand-in provider) has no overrides.
    const factsOf = (c: CandidateView): ModelFacts => {
      if (c.deployment && c.deployment.model === c.model) return toModelFacts(view.facts(c.deployment));
      const key = { model: c.model, factsOverride: c.deployment?.factsOverride ?? null, extraParams: c.deployment?.extraParams ?? null };
      return toModelFacts(ctx.catalog.facts.ofDeployment(view.registry(), key, c.provider.type));
    };
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
      fallbacks: r.group?.fallbacks ?? [],
      trace: r.trace,
    };
  }
}
