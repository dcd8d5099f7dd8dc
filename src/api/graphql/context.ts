import type { Catalog } from "../../catalog/catalog.ts";
import type { ReadView } from "../../read/view.ts";
import type { AccessLevel } from "../http/access.ts";
import { createLoaders, type Loaders } from "./loaders.ts";

import type { Actor } from "../../history/actor.ts";
import type { Logger } from "../../logger.ts";

export type { Logger };

/**
 * What every resolver gets: the services, this request's view of the catalog, and a
 * request-scoped logger. `read` and `loaders` are getters on the prototype: Apollo copies the
 * context's own properties for each operation (`Object.assign` onto an object of the same
 * prototype), which would freeze a getter defined on the object itself into a value.
 */
export class Context {
  /** Set once the operation is known to write: every `read` is then brought up to date. */
  writes = false;
  private view: ReadView | undefined;
  private historyLoaders: Loaders | undefined;

  constructor(
    readonly catalog: Catalog,
    readonly requestId: string,
    readonly log: Logger,
    /** What the request's bearer token allows. */
    readonly access: AccessLevel = "admin",
    /** Who the request's mutations write as (the change history); none over WebSocket, which only reads. */
    readonly actor?: Actor,
  ) {}

  /**
   * The catalog as this request reads it (src/read/view.ts). A query reads one snapshot from its
   * first field to its last; a mutation's fields read the snapshot as of their own time, so a
   * payload shows the write it made.
   */
  get read(): ReadView {
    if (this.writes) return this.catalog.read();
    return (this.view ??= this.catalog.read());
  }

  /** Batched health-history reads (the one part of a read still answered by SQL). */
  get loaders(): Loaders {
    return (this.historyLoaders ??= createLoaders(this.catalog));
  }
}

export function createContext(catalog: Catalog, requestId: string, log: Logger, access: AccessLevel = "admin", actor?: Actor): Context {
  return new Context(catalog, requestId, log, access, actor);
}
