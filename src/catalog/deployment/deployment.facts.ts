import type { FactsOverride } from "../../db/schema.ts";
import { CAPABILITIES, FactsInputError, validateFactsInput, VALUE_FIELDS, type FactsInput, type FactValues } from "../../registry/facts.ts";
import { BadUserInputError } from "../../errors.ts";

/**
 * Facts a writer sets on a deployment (addDeployment/updateDeployment `input.facts`). As in
 * ModelFactsInput, `capabilities` lists exactly the capabilities present: the others are then
 * overridden as absent.
 */
export type DeploymentFactsData = Omit<FactsInput, "capabilities"> & { capabilities?: readonly string[] | null };

const FIELDS = VALUE_FIELDS satisfies readonly (keyof DeploymentFactsData & keyof FactValues)[];

/** Checks the given values; FactsInputError becomes BAD_USER_INPUT naming `facts.<field>`. */
function validate(data: DeploymentFactsData): FactValues {
  const input: FactsInput = {};
  for (const f of FIELDS) {
    const v = data[f];
    if (v === undefined || v === null) continue;
    if (f === "capabilities") {
      const list = v as readonly string[];
      // Exactly these are present: every other capability is known absent.
      const record: Record<string, boolean> = Object.fromEntries(CAPABILITIES.map((c) => [c, false]));
      for (const c of list) record[c] = true;
      input.capabilities = record;
    } else {
      (input as Record<string, unknown>)[f] = v;
    }
  }
  try {
    return validateFactsInput(input);
  } catch (error) {
    if (error instanceof FactsInputError) throw new BadUserInputError(error.message, { field: `facts.${error.field}` });
    throw error;
  }
}

function isSet(values: FactValues, f: (typeof FIELDS)[number]): boolean {
  return f === "capabilities" ? Object.keys(values.capabilities).length > 0 : values[f] !== null;
}

/** The override to store for a new deployment: the given facts, validated; null when none is given. */
export function newFactsOverride(data: DeploymentFactsData | null | undefined): FactsOverride | null {
  if (data == null) return null;
  const values = validate(data);
  const out: FactsOverride = {};
  for (const f of FIELDS) if (isSet(values, f)) (out as Record<string, unknown>)[f] = values[f];
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The override after an update, field by field: a given value replaces that field's override, a
 * field given as null drops it, an omitted field keeps it. Validated before anything is written.
 */
export function patchFactsOverride(existing: FactsOverride | null, patch: DeploymentFactsData): FactsOverride | null {
  const values = validate(patch);
  const out: Record<string, unknown> = { ...(existing ?? {}) };
  for (const f of FIELDS) {
    const given = patch[f];
    if (given === undefined) continue;
    if (given === null || !isSet(values, f)) delete out[f];
    else out[f] = values[f];
  }
  return Object.keys(out).length > 0 ? (out as FactsOverride) : null;
}
