import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.ts";
import { ConfigFormat, ImportConfigPayload, ImportMode } from "./config.type.ts";

@Resolver()
export class ConfigResolver {
  @Mutation(_returns => ImportConfigPayload, {
    description:
      "Imports a LiteLLM proxy config or a nanobot config in one transaction: all or nothing (unless skipInvalid). A refusal lists every problem, each with the line (YAML) or JSON path. `include:` needs a file: use the CLI (modelgraph import FILE).",
  })
  async importConfig(
    @Arg("format", _type => ConfigFormat) format: ConfigFormat,
    @Arg("content", _type => String, { description: "The file's text." }) content: string,
    @Arg("dryRun", _type => Boolean, { nullable: true, defaultValue: false, description: "Report what would change, write nothing." }) dryRun: boolean | null,
    @Arg("mode", _type => ImportMode, { nullable: true, defaultValue: ImportMode.MERGE }) mode: ImportMode | null,
    @Arg("skipInvalid", _type => Boolean, {
      nullable: true,
      defaultValue: false,
      description: "Import the valid entries and list each invalid one in `skipped` with its line and reason (default: refuse the whole file, listing every problem).",
    })
    skipInvalid: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<ImportConfigPayload> {
    return await ctx.catalog.interop.importConfig({ format, content, dryRun: dryRun ?? false, mode: mode ?? ImportMode.MERGE, skipInvalid: skipInvalid ?? false });
  }

  @Query(_returns => String, {
    description: "The catalog as a LiteLLM proxy config or a nanobot config. Literal API keys are never exported: a placeholder stands in their place.",
  })
  async exportConfig(@Arg("format", _type => ConfigFormat) format: ConfigFormat, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.catalog.interop.exportConfig(format)).content;
  }
}
