import type { GroupFallback } from "../../db/schema.ts";
import { BadUserInputError, type CatalogError } from "../../errors.ts";
import { show, validatePublicName } from "../validation.ts";

/** LiteLLM's three lists: `fallbacks`, `context_window_fallbacks`, `content_policy_fallbacks`. */
export const FALLBACK_KINDS = ["GENERAL", "CONTEXT_WINDOW", "CONTENT_POLICY"] as const;
export type FallbackKindValue = (typeof FALLBACK_KINDS)[number];

/** Most targets one rule may name (LiteLLM has no limit; every real config names a handful). */
export const MAX_FALLBACK_TARGETS = 50;

export interface FallbackRuleData {
  kind: string;
  to: readonly string[];
}

/** What the group's own name is, and which other names stand for it (its aliases). */
export interface FallbackOwner {
  name: string;
  aliases: readonly string[];
}

function refuse(at: string, message: string): CatalogError {
  return new BadUserInputError(`${at}: ${message}`, { field: at });
}

/**
 * Checks a group's fallback rules and returns them as stored (targets in NFC, kinds in LiteLLM's
 * order). Refused: an unknown kind, a kind given twice, an empty list or one of more than
 * MAX_FALLBACK_TARGETS, a target that is not a valid public name (a LiteLLM `<prefix>/<model>` string
 * is one), a target named twice in a rule, and a target that is the group itself or one of its
 * aliases (a call would fall back to where it failed). Targets need not exist: LiteLLM routes them
 * when the call is made (`azure/gpt-4o` through an `azure/*` route), and so does resolve().
 * `at` is where the rules were given (`input.fallbacks`), the start of every message.
 */
export function validateFallbacks(rules: readonly FallbackRuleData[], owner: FallbackOwner, at = "fallbacks"): GroupFallback[] {
  const byKind = new Map<FallbackKindValue, string[]>();
  rules.forEach((rule, i) => {
    const here = `${at}[${i}]`;
    const kind = rule.kind as FallbackKindValue;
    if (!FALLBACK_KINDS.includes(kind)) {
      throw refuse(`${here}.kind`, `kind ${show(String(rule.kind))} is not known; accepted: ${FALLBACK_KINDS.join(", ")}`);
    }
    if (byKind.has(kind)) {
      throw refuse(`${here}.kind`, `kind ${kind} is given twice; give one rule per kind, with its targets in order`);
    }
    if (rule.to.length === 0) throw refuse(`${here}.to`, `a ${kind} rule needs at least one target (to clear the rules, send fallbacks: [])`);
    if (rule.to.length > MAX_FALLBACK_TARGETS) {
      throw refuse(`${here}.to`, `a ${kind} rule names ${rule.to.length} targets; at most ${MAX_FALLBACK_TARGETS} are accepted`);
    }
    const self = new Set([owner.name, ...owner.aliases]);
    const seen = new Set<string>();
    const to = rule.to.map((raw, j) => {
      const spot = `${here}.to[${j}]`;
      let name: string;
      try {
        name = validatePublicName(raw, "fallback target");
      } catch (error) {
        throw refuse(spot, (error as Error).message);
      }
      if (self.has(name)) {
        const what = name === owner.name ? "the group itself" : `an alias of the group`;
        throw refuse(spot, `${show(name)} is ${what}: a group may not fall back to itself; name another group or model`);
      }
      if (seen.has(name)) throw refuse(spot, `${show(name)} is named twice in the ${kind} rule; name each target once`);
      seen.add(name);
      return name;
    });
    byKind.set(kind, to);
  });
  return FALLBACK_KINDS.filter((k) => byKind.has(k)).map((kind) => ({ kind, to: byKind.get(kind)! }));
}
