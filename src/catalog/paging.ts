import { BadUserInputError } from "../errors.ts";
import { show } from "./validation.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

/** One page of a keyset-paginated list, in order; `cursorOf` gives each item's opaque cursor. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
  cursorOf(item: T): string;
}

/** Cursors are opaque: base64url of the sort key of the last item seen. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify(["c", key]), "utf8").toString("base64url");
}

export function decodeCursor<K extends string | number>(cursor: string, kind: "string" | "number"): K {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== "c" || typeof parsed[1] !== kind) {
    throw new BadUserInputError(`after ${show(cursor)} is not a cursor of this list; pass an edges.cursor or pageInfo.endCursor from a previous page`, {
      field: "after",
    });
  }
  return parsed[1] as K;
}

export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first ${first} is out of range; accepted: 0 to ${MAX_PAGE_SIZE}`, { field: "first" });
  }
  return first;
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<T>(rows: T[], limit: number, req: PageRequest, totalCount: number, keyOf: (item: T) => string | number): Page<T> {
  return {
    items: rows.slice(0, limit),
    hasNextPage: rows.length > limit,
    hasPreviousPage: req.after != null,
    totalCount,
    cursorOf: (item) => encodeCursor(keyOf(item)),
  };
}

/** A page of an already loaded list, sorted ascending by `keyOf` (used for batched relations). */
export function pageOfSorted<T>(sorted: readonly T[], req: PageRequest, keyOf: (item: T) => number): Page<T> {
  const limit = pageSize(req.first);
  const after = req.after != null ? decodeCursor<number>(req.after, "number") : null;
  const rest = after != null ? sorted.filter((item) => keyOf(item) > after) : sorted;
  return toPage(rest.slice(0, limit + 1), limit, req, sorted.length, keyOf);
}

/** Longest `search` accepted, in characters: the longest public name (a longer one matches nothing). */
export const MAX_SEARCH_LENGTH = 256;

/** Refuses a `search` longer than any name (SQLite also refuses LIKE patterns over 50,000 bytes). */
export function checkSearch(search: string | null | undefined): void {
  const searchLength = search && search.length > MAX_SEARCH_LENGTH ? [...search].length : 0;
  if (searchLength > MAX_SEARCH_LENGTH) {
    throw new BadUserInputError(`search is ${searchLength} characters long; at most ${MAX_SEARCH_LENGTH} are accepted (no name is longer)`, { field: "search" });
  }
}
