/**
 * Who is writing, and why: the actor and source the change history files a write transaction
 * under (docs/history.md). Set per HTTP request (src/api/http/actor.ts), per import and per revert
 * with `runAs`, and for a whole process with `setDefaultActor` (the CLI). Kept in an
 * AsyncLocalStorage, so the write path (services, the transaction wrapper of src/db/client.ts)
 * needs no parameter for it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ChangeSource } from "../db/schema.ts";
import { isPromiseLike } from "../promise.ts";

export interface Actor {
  /** The token's label ("admin", "read"), "loopback", "cli", or "unknown". */
  actor: string;
  source: ChangeSource;
  /** What the write is, in a few words ("import LITELLM_YAML MERGE from litellm.yaml"). */
  summary?: string;
}

const storage = new AsyncLocalStorage<Actor>();
let fallback: Actor | undefined;

/**
 * Scopes open now. An enabled AsyncLocalStorage makes Node run a hook for every promise of the
 * process (about a tenth of a small query's time), so the storage is disabled whenever no scope is
 * open and enabled again by the next `runAs`: a server that wrote once does not pay for it on
 * every read after. A scope ends when its work has settled, so every write of it reads its actor.
 */
let open = 0;

function closeScope(): void {
  if (--open === 0) storage.disable();
}

/** Runs `fn` (and everything it starts and awaits) as `actor`; the scope ends when its result settles. */
export function runAs<T>(actor: Actor, fn: () => T): T {
  open++;
  let result: T;
  try {
    result = storage.run(actor, fn);
  } catch (error) {
    closeScope();
    throw error;
  }
  if (!isPromiseLike(result)) {
    closeScope();
    return result;
  }
  return Promise.resolve(result).finally(closeScope) as T;
}

/**
 * Runs `fn` as `actor` for work that goes on after `fn` returns (a request continued by its
 * hooks' callbacks); the scope ends when `until` calls the release it is given.
 */
export function runAsUntil(actor: Actor, fn: () => void, until: (release: () => void) => void): void {
  open++;
  let released = false;
  until(() => {
    if (released) return;
    released = true;
    closeScope();
  });
  storage.run(actor, fn);
}

/** Scopes open now (tests: 0 once every write has settled, the storage then disabled). */
export function openActorScopes(): number {
  return open;
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
