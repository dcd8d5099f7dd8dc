import type { ProviderTypeInfo } from "./provider-types.ts";

/**
 * The id a LiteLLM-style gateway routes: always the type's prefix, a slash, then the model as
 * stored. No "already prefixed?" guessing: OpenRouter's own `openrouter/auto` is
 * `openrouter/openrouter/auto`.
 */
export function prefixedId(type: ProviderTypeInfo, model: string): string {
  return `${type.prefix}/${model}`;
}

/** Advice for a model that already starts with its type's prefix (accepted, never rewritten). */
export function doublePrefixWarning(type: ProviderTypeInfo, model: string): string | null {
  if (!model.startsWith(type.prefix + "/")) return null;
  return (
    `model "${model}" already starts with "${type.prefix}/", the routing prefix of provider type "${type.id}"; ` +
    `it is stored as given, so its prefixed id is "${prefixedId(type, model)}". ` +
    `If you meant "${model.slice(type.prefix.length + 1)}", update the deployment's model.`
  );
}

/** The API base a deployment talks to: its own override, else its provider's, else the type's default. */
export function effectiveApiBase(
  deploymentApiBase: string | null | undefined,
  providerApiBase: string | null | undefined,
  type: ProviderTypeInfo,
): string | null {
  return deploymentApiBase || providerApiBase || type.defaultApiBase || null;
}

/** The API base as a key: trailing slashes do not make a different upstream. */
export function normalizeApiBase(base: string | null): string {
  return (base ?? "").replace(/\/+$/, "");
}
