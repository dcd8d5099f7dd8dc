/**
 * Built-in provider types: every provider LiteLLM routes (its `LlmProviders` enum), one entry
 * each, with its routing prefix, API style, default API base and key variable as LiteLLM's own
 * source states them. The facts and where each comes from: docs/provider-types.md; the data:
 * provider-types.data.ts. This is the only list of provider types in the code.
 */
import { BUILT_IN_PROVIDER_TYPES } from "./provider-types.data.ts";

/**
 * Decides the health probe. Families whose auth or URL shape has no cheap list route (AWS SigV4,
 * Google OAuth, per-account URLs, native non-OpenAI APIs) are `none`; `probeNote` says why.
 */
export type ApiStyle = "openai" | "azure" | "anthropic" | "gemini" | "ollama" | "none";

/** The fields the GraphQL `ProviderType` exposes. */
export interface ProviderTypeInfo {
  /** LiteLLM provider name, e.g. `hosted_vllm`. */
  readonly id: string;
  /** Routing prefix: prefixedId = prefix + "/" + model. */
  readonly prefix: string;
  readonly displayName: string;
  /** Decides the health probe. */
  readonly apiStyle: ApiStyle;
  /** null: LiteLLM has none (self-hosted, per-account or regional), or it was not read (see `source`). */
  readonly defaultApiBase: string | null;
  readonly apiKeyEnv: string;
  /** A provider of this type must set apiBase (no default exists). */
  readonly requiresApiBase: boolean;
}

/** A built-in type with the facts kept beside the GraphQL fields. */
export interface BuiltInProviderType extends ProviderTypeInfo {
  /** The models.dev provider id whose models this type serves, where one exists. */
  readonly modelsDevId: string | null;
  /** For `apiStyle: "none"`: why there is no cheap probe (health stays UNKNOWN with this reason). */
  readonly probeNote: string | null;
  /**
   * Where the base and key variable come from: a LiteLLM file (paths under `litellm/`), or
   * `convention` when the provider's config was not read and the key variable follows LiteLLM's
   * `<PROVIDER>_API_KEY` naming (the base is then null).
   */
  readonly source: string;
}

export const PROVIDER_TYPES: readonly BuiltInProviderType[] = BUILT_IN_PROVIDER_TYPES;

const byId = new Map(PROVIDER_TYPES.map((t) => [t.id, t]));

export function findProviderType(id: string): BuiltInProviderType | undefined {
  return byId.get(id);
}

export function providerTypeIds(): string[] {
  return PROVIDER_TYPES.map((t) => t.id);
}
