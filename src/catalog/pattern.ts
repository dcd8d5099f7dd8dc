/**
 * Wildcard routes (LiteLLM's "pattern" model names: `*`, `anthropic/*`, `fo::*:static::*`), with
 * LiteLLM's own rules (litellm/router_utils/pattern_match_deployments.py, PatternMatchRouter):
 *
 * - a pattern becomes a regular expression by escaping it as Python's `re.escape` does and turning
 *   each `*` into `(.*)`; it is matched with `re.match`, i.e. anchored at the start only;
 * - patterns are tried most specific first: by the length of that regular expression, then by
 *   its count of regex characters (`* + ? \ ^ $ | ( )`), both descending; ties keep their order
 *   (LiteLLM: config order; here: creation order, which an import keeps);
 * - the matched `*` parts are substituted, in order, into the deployment's model; a model without
 *   `*` is used as is, and one with fewer `*` than the pattern takes the requested name whole.
 *
 * Plain functions over strings: no storage, no network.
 */

/** A public name containing `*` is a pattern (DESIGN.md section 2). */
export function isPattern(name: string): boolean {
  return name.includes("*");
}

/** The characters Python's `re.escape` (3.7+) puts a backslash before. */
const PY_SPECIAL = new Set([..."()[]{}?*+-|^$\\.&~# \t\n\r\v\f"]);

/** Python `re.escape(pattern).replace("\\*", "(.*)")`: LiteLLM's regex source, whose length orders patterns. */
export function litellmRegexSource(pattern: string): string {
  let out = "";
  for (const ch of pattern) {
    if (ch === "*") out += "(.*)";
    else out += PY_SPECIAL.has(ch) ? "\\" + ch : ch;
  }
  return out;
}

const COMPLEXITY = new Set([..."*+?\\^$|()"]);

/** LiteLLM's `calculate_pattern_specificity`: (regex length in code points, regex characters in it). */
export function specificity(pattern: string): [number, number] {
  const source = [...litellmRegexSource(pattern)];
  return [source.length, source.filter((c) => COMPLEXITY.has(c)).length];
}

/** Most specific first; a stable sort, so equal patterns keep the order they were given in. */
export function sortBySpecificity<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  const keyed = items.map((item, index) => ({ item, index, key: specificity(nameOf(item)) }));
  keyed.sort((a, b) => b.key[0] - a.key[0] || b.key[1] - a.key[1] || a.index - b.index);
  return keyed.map((k) => k.item);
}

const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 1024;

/** The JavaScript form of LiteLLM's regex: same escaping, anchored at the start only (`re.match`). */
function regexOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const parts = pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    // `u`: code points, as Python's str; no `s`: `.` stops at line breaks, as Python's does (names have none).
    re = new RegExp("^" + parts.join("(.*)"), "u");
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** The text each `*` of `pattern` matched in `name`, in order; null when it does not match. */
export function matchPattern(pattern: string, name: string): string[] | null {
  const m = regexOf(pattern).exec(name);
  return m ? m.slice(1).map((s) => s ?? "") : null;
}

/**
 * LiteLLM's `set_deployment_model_name`: the deployment's model with the `*` parts filled in.
 * Substitution is positional (each `*` of the model takes the next part); LiteLLM replaces the
 * first remaining `*` each time, which differs only when a matched part itself holds a `*`.
 */
export function substitute(model: string, parts: readonly string[], requested: string): string {
  if (!model.includes("*")) return model;
  const pieces = model.split("*");
  if (parts.length > pieces.length - 1) return requested;
  let out = pieces[0]!;
  for (let i = 1; i < pieces.length; i++) out += (i - 1 < parts.length ? parts[i - 1]! : "*") + pieces[i]!;
  return out;
}

/**
 * How LiteLLM's /v1/models expands a pattern model name (`get_known_models_from_wildcard`): only
 * `<prefix>/<rest>` names are expanded, with the literal `<prefix>` (no `*` in it); others
 * (`*`, `fo::*:static::*`) are listed as themselves.
 */
export function listingPrefix(pattern: string): string | null {
  const slash = pattern.indexOf("/");
  if (slash <= 0) return null;
  const prefix = pattern.slice(0, slash);
  return prefix.includes("*") ? null : prefix;
}

/**
 * The ids a pattern group lists for a deployment's known models: `<prefix>/<model>` for each known
 * model that this very pattern and deployment would route back to that model (so `openai/o1-*`
 * keeps only the `o1-…` models, and `byok/*` over model `*` lists `byok/gpt-4o`).
 */
export function expandPattern(pattern: string, deploymentModel: string, knownModels: Iterable<string>): string[] {
  const prefix = listingPrefix(pattern);
  if (prefix === null) return [];
  const out: string[] = [];
  for (const model of knownModels) {
    const id = `${prefix}/${model}`;
    const parts = matchPattern(pattern, id);
    if (parts && substitute(deploymentModel, parts, id) === model) out.push(id);
  }
  return out;
}
