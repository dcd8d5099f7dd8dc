import { BadUserInputError } from "../../errors.ts";
import { show } from "../../catalog/validation.ts";

export const NODE_TYPES = ["Provider", "ModelGroup", "Deployment", "Alias"] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

/** Relay global id: base64url of "Type:rowId". */
export function toGlobalId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

export function fromGlobalId(id: string, expected?: NodeTypeName): { type: NodeTypeName; id: number } {
  const decoded = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? Buffer.from(id, "base64url").toString("utf8") : "";
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(decoded);
  const type = match?.[1] as NodeTypeName | undefined;
  if (!match || !type || !NODE_TYPES.includes(type)) {
    throw new BadUserInputError(
      `id ${show(id)} is not a modelgraph id; use the id field of ${expected ?? "a Provider, ModelGroup, Deployment or Alias"} as returned by the API`,
      { field: "id" },
    );
  }
  if (expected && type !== expected) {
    throw new BadUserInputError(`id ${show(id)} is the id of ${article(type)} ${type}, not of ${article(expected)} ${expected}`, { field: "id" });
  }
  return { type, id: Number(match[2]) };
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? "an" : "a";
}
