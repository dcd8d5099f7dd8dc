import { GraphQLSafeInt } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { VERSION_DESCRIPTION } from "../relay.ts";
import type { DatasetSummary } from "../../../registry/registry.ts";

/** The registry files `importFacts` reads (values are the RegistryFormat strings). */
export enum FactsFormat {
  MODELS_DEV_JSON = "MODELS_DEV_JSON",
  LITELLM_MODEL_PRICES = "LITELLM_MODEL_PRICES",
}
registerEnumType(FactsFormat, {
  name: "FactsFormat",
  description:
    "MODELS_DEV_JSON: a models.dev api.json (providers with `models`; prices in USD per million tokens). LITELLM_MODEL_PRICES: a LiteLLM model_prices_and_context_window.json (entries with `litellm_provider`; prices in USD per token).",
});

@ObjectType("FactsDataset", { description: "One dataset of the model registry: an imported file or the shipped package's data." })
export class FactsDataset implements Omit<DatasetSummary, "format" | "importedAt"> {
  @Field(_type => String, { description: "Its name as `FactSource.dataset` shows it." })
  dataset!: string;

  @Field(_type => FactsFormat)
  format!: FactsFormat;

  @Field(_type => String, { description: "The file name (or `importFacts`) it was imported from, or the package it is shipped in." })
  source!: string;

  @Field(_type => String, { nullable: true, description: "The package version; null for imported files." })
  version!: string | null;

  @Field(_type => String, { nullable: true, description: "Date of the data (YYYY-MM-DD or ISO): its newest `last_updated`, or the file's own." })
  date!: string | null;

  @Field(_type => Date, { nullable: true, description: "When it was imported; null for the shipped data." })
  importedAt!: Date | null;

  @Field(_type => Boolean, { description: "True for the data shipped with modelgraph (always loaded, lowest precedence)." })
  shipped!: boolean;

  @Field(_type => Int, { description: "Providers it lists (models.dev provider ids, or LiteLLM provider types)." })
  providers!: number;

  @Field(_type => Int)
  models!: number;
}

@ObjectType("ModelRegistry", { description: "What model facts come from: the loaded datasets." })
export class ModelRegistryInfo {
  @Field(_type => [FactsDataset], {
    description: "In precedence order: imports newest first, then the shipped data. Each fact comes from the first dataset that lists the model and knows that fact.",
  })
  datasets!: FactsDataset[];
}

@ObjectType("ImportFactsPayload")
export class ImportFactsPayload {
  @Field(_type => FactsDataset, { description: "The dataset this import loaded (or found already loaded)." })
  imported!: FactsDataset;

  @Field(_type => [FactsDataset], { description: "What is loaded now, newest first, the shipped data last." })
  datasets!: FactsDataset[];

  @Field(_type => Boolean, { description: "False when the same data from the same source was already loaded: nothing was written." })
  changed!: boolean;

  @Field(_type => [String])
  warnings!: string[];

  @Field(_type => GraphQLSafeInt, { nullable: true, description: VERSION_DESCRIPTION })
  version!: number | null;
}

export function toFactsDataset(summary: DatasetSummary): FactsDataset {
  return {
    ...summary,
    format: summary.format as FactsFormat,
    importedAt: summary.importedAt === null ? null : new Date(summary.importedAt),
    shipped: summary.importedAt === null,
  };
}
