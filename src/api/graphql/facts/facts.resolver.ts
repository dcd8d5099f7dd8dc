import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.ts";
import { FactsFormat, ImportFactsPayload, ModelRegistryInfo, toFactsDataset } from "./facts.type.ts";

@Resolver()
export class FactsResolver {
  @Query(_returns => ModelRegistryInfo, { description: "The model registry: which datasets model facts come from." })
  async modelRegistry(@Ctx() ctx: Context): Promise<ModelRegistryInfo> {
    return { datasets: (await ctx.catalog.facts.datasets()).map(toFactsDataset) };
  }

  @Mutation(_returns => ImportFactsPayload, {
    description:
      "Loads a newer model registry (replacing the stored one of the same format) for every process on the database. All or nothing: a bad file is refused with the JSON path and what is accepted, and the registry loaded before stays in force.",
  })
  async importFacts(
    @Arg("format", _type => FactsFormat) format: FactsFormat,
    @Arg("content", _type => String, { description: "The file's text." }) content: string,
    @Arg("source", _type => String, { nullable: true, description: 'A name for the data shown in `sources` (e.g. the file name); default "importFacts".' })
    source: string | null,
    @Ctx() ctx: Context,
  ): Promise<ImportFactsPayload> {
    const result = await ctx.catalog.facts.importFacts({ format, content, source: source ?? "importFacts" });
    return { ...result, imported: toFactsDataset(result.imported), datasets: result.datasets.map(toFactsDataset) };
  }
}
