/**
 * The catalog tables the change history covers and how a row of each becomes the JSON of a
 * change (docs/history.md). The triggers of migrations/0007_history.sql were written from these
 * specs (the same keys, in the same order), revert maps the JSON back to columns with them, and
 * test/history.test.ts fails when a table gains a column the history would not carry.
 */
import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { aliases, configDocuments, deployments, modelGroups, modelRegistries, providers, type HistoryEntity } from "../db/schema.ts";

/** How a column's value is written in a change's JSON. */
export type ColumnKind =
  /** ms integer ↔ ISO 8601 string */
  | "timestamp"
  /** 0/1 ↔ false/true */
  | "boolean"
  /** JSON text ↔ the JSON value itself */
  | "json"
  /** JSON text that may hold sealed secrets: "(secret)" in the JSON, the stored text in `*_sealed` */
  | "sealed-json"
  /** a ciphertext: left out of the JSON, kept in `*_sealed`; `marker` names the key that says whether one is stored */
  | "secret"
  /** left out altogether (a registry's content: megabytes that revert does not restore) */
  | "omitted"
  | "plain";

export interface HistoryColumn {
  /** The drizzle field name: the key in the change's JSON. */
  field: string;
  /** The SQL column name. */
  column: string;
  kind: ColumnKind;
}

export interface HistoryTable {
  entity: HistoryEntity;
  table: SQLiteTable;
  name: string;
  /** The key column: `id`, or `format` for registries and documents. */
  key: string;
  columns: HistoryColumn[];
  /** Whether revert can restore a row of it (a registry's content is not kept). */
  revertible: boolean;
}

/** The JSON key that says whether a provider holds a literal key: null, "stored", or "changed" (this update replaced it). */
export const API_KEY_MARKER = "apiKey";
/** What a sealed string reads as in a change's JSON. */
export const SECRET_TEXT = "(secret)";

const SPECIAL: Record<string, ColumnKind> = {
  "providers.api_key_encrypted": "secret",
  "deployments.extra_params": "sealed-json",
  "config_documents.content": "sealed-json",
  "model_registries.content": "omitted",
};

function kindOf(tableName: string, column: SQLiteColumn): ColumnKind {
  const special = SPECIAL[`${tableName}.${column.name}`];
  if (special) return special;
  switch (column.columnType) {
    case "SQLiteTimestamp":
      return "timestamp";
    case "SQLiteBoolean":
      return "boolean";
    case "SQLiteTextJson":
      return "json";
    default:
      return "plain";
  }
}

function spec(entity: HistoryEntity, table: SQLiteTable, key: string, revertible = true): HistoryTable {
  const name = getTableName(table);
  const columns = Object.entries(getTableColumns(table)).map(([field, column]) => ({ field, column: column.name, kind: kindOf(name, column) }));
  return { entity, table, name, key, columns, revertible };
}

export const HISTORY_TABLES: readonly HistoryTable[] = [
  spec("provider", providers, "id"),
  spec("group", modelGroups, "id"),
  spec("deployment", deployments, "id"),
  spec("alias", aliases, "id"),
  spec("registry", modelRegistries, "format", false),
  spec("document", configDocuments, "format"),
];

export const HISTORY_TABLE_OF = new Map<HistoryEntity, HistoryTable>(HISTORY_TABLES.map((t) => [t.entity, t]));
