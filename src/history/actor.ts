/**
 * Who is writing, and why: the actor and source the change history files a write transaction
 * under (docs/history.md). Set per HTTP request (src/api/http/actor.ts), per import and per revert
 * with `runAs`, and for a whole process with `setDefaultActor` (the CLI). Kept in an
 * AsyncLocalStorage, so the write path (services, the transaction wrapper of src/db/client.ts)
 * needs no parameter for it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ChangeSource } from "../db/schema.ts";

export interface Actor {
  /** The token's label ("admin", "read"), "loopback", "cli", or "unknown". */
  actor: string;
  source: ChangeSource;
  /** What the write is, in a few words ("import LITELLM_YAML MERGE from litellm.yaml"). */
  summary?: string;
}

const storage = new AsyncLocalStorage<Actor>();
let fallback: Actor | undefined;

/** Runs `fn` (and everything it starts) as `actor`. */
export function runAs<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}

/** The actor of the running code: the innermost `runAs`, else the process default, else none. */
export function currentActor(): Actor | undefined {
  return storage.getStore() ?? fallback;
}

/** The actor of everything this process writes outside any `runAs` (the CLI: "cli", CLI). */
export function setDefaultActor(actor: Actor | undefined): void {
  fallback = actor;
}

/** The name recorded when nobody said who is writing. */
export const UNKNOWN_ACTOR = "unknown";
