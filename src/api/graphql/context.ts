import type { Catalog } from "../../catalog/catalog.ts";
import type { AccessLevel } from "../http/access.ts";
import { createLoaders, type Loaders } from "./loaders.ts";

import type { Logger } from "../../logger.ts";

export type { Logger };

/** What every resolver gets: the services, this request's loaders, and a request-scoped logger. */
export interface Context {
  catalog: Catalog;
  loaders: Loaders;
  requestId: string;
  log: Logger;
  /** What the request's bearer token allows. */
  access: AccessLevel;
  /** The response cache's slot for this request, when its answer may be cached. */
  cacheSlot?: { cacheable: boolean };
}

export function createContext(catalog: Catalog, requestId: string, log: Logger, access: AccessLevel = "admin"): Context {
  return { catalog, loaders: createLoaders(catalog), requestId, log, access };
}
