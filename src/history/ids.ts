/**
 * Opaque ids of changes and change sets, in the shape of the API's other ids (base64url of
 * "Type:number", src/api/graphql/global-id.ts), so that messages name them as the API shows them.
 */

export type HistoryTarget = { kind: "change"; seq: number } | { kind: "set"; id: number };

export function changeId(seq: number): string {
  return Buffer.from(`Change:${seq}`, "utf8").toString("base64url");
}

export function changeSetId(id: number): string {
  return Buffer.from(`ChangeSet:${id}`, "utf8").toString("base64url");
}

/** The change or change set an id names; undefined when it is neither. */
export function parseHistoryId(id: string): HistoryTarget | undefined {
  const decoded = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? Buffer.from(id, "base64url").toString("utf8") : "";
  const match = /^(Change|ChangeSet):([1-9][0-9]{0,15})$/.exec(decoded);
  if (!match) return undefined;
  const n = Number(match[2]);
  return match[1] === "Change" ? { kind: "change", seq: n } : { kind: "set", id: n };
}
