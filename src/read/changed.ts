/**
 * What a slice of the change log names, grouped by kind of entity: the ids (keys, formats) whose
 * rows a snapshot store reloads, one statement per kind, on either backend.
 */
import type { ChangeEntity } from "../db/schema.ts";
import { upstreamKey } from "../health/health.store.ts";

export interface ChangeRef {
  entity: ChangeEntity;
  entity_id: string;
}

export interface ChangedKeys {
  provider: Set<number>;
  group: Set<number>;
  deployment: Set<number>;
  alias: Set<number>;
  /** upstreamKey → [providerId, model, apiBase]. */
  health: Map<string, [number, string, string]>;
  registry: Set<string>;
  document: Set<string>;
}

export function changedKeys(changes: readonly ChangeRef[]): ChangedKeys {
  const out: ChangedKeys = { provider: new Set(), group: new Set(), deployment: new Set(), alias: new Set(), health: new Map(), registry: new Set(), document: new Set() };
  for (const c of changes) {
    switch (c.entity) {
      case "health": {
        const [providerId, model, apiBase] = JSON.parse(c.entity_id) as [number, string, string];
        out.health.set(upstreamKey({ providerId, model, apiBase }), [providerId, model, apiBase]);
        break;
      }
      case "registry":
        out.registry.add(c.entity_id);
        break;
      case "document":
        out.document.add(c.entity_id);
        break;
      default:
        out[c.entity].add(Number(c.entity_id));
    }
  }
  return out;
}
