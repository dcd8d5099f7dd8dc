import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../graphql/context.ts";
import { ConfigFormat, ImportConfigPayload, ImportMode } from "./config.type.ts";

@Resolver()
export class ConfigResolver {
  @Mutation(_returns => ImportConfigPayload, {
    description:
      "Imports a LiteLLM proxy config or a nanobot config in one transaction: all or nothing. Errors name the line (YAML) or JSON path and the problem.",
  })
  importConfig(
    @Arg("format", _type => ConfigFormat) format: ConfigFormat,
    @Arg("content", _type => String, { description: "The file's text." }) content: string,
    @Arg("dryRun", _type => Boolean, { nullable: true, defaultValue: false, description: "Report what would change, write nothing." }) dryRun: boolean | null,
    @Arg("mode", _type => ImportMode, { nullable: true, defaultValue: ImportMode.MERGE }) mode: ImportMode | null,
    @Ctx() ctx: Context,
  ): ImportConfigPayload {
    return ctx.catalog.interop.importConfig({ format, content, dryRun: dryRun ?? false, mode: mode ?? ImportMode.MERGE });
  }

  @Query(_returns => String, {
    description: "The catalog as a LiteLLM proxy config or a nanobot config. Literal API keys are never exported: a placeholder stands in their place.",
  })
  exportConfig(@Arg("format", _type => ConfigFormat) format: ConfigFormat, @Ctx() ctx: Context): string {
    return ctx.catalog.interop.exportConfig(format).content;
  }
}
