/**
 * The PostgreSQL tables (issue 13, docs/postgres.md): src/db/schema.ts table by table and column
 * by column, so a row read from either backend has the same TypeScript type and the same values.
 * drizzle has no schema shared between dialects, so this file mirrors the SQLite one by hand and
 * test/pg-schema.test.ts fails when they drift. What drizzle cannot express (the change feed's
 * version row bumps, triggers and NOTIFY; deferrable foreign keys) is in the hand-written
 * migration of migrations-pg/.
 *
 * How SQLite's storage maps here (the table test/pg-schema.test.ts checks):
 * - ms timestamps (`integer` in `timestamp_ms` mode, read as Date): `bigint` milliseconds through
 *   `timestampMs`, so the stored number, SQL that compares it with `Date.now()` values, and the
 *   triggers' arithmetic are the same on both backends;
 * - plain ms integers (`at`, `expires_at`): `bigint` read as number;
 * - ids that grow with every probe (health history, the change log's seq): `bigint` identity read
 *   as number (safe to 2^53); catalog ids: `integer` identity; other integers (validated to at
 *   most 2e9): `integer`;
 * - booleans (`integer` in `boolean` mode): `boolean`;
 * - JSON (`text` in `json` mode): `json`, never `jsonb`. jsonb reorders object keys (by length,
 *   then bytes) and drops duplicates, and every JSON column here is given back in its stored key
 *   order: a config document and a deployment's entry_extra/extra_params are exported (exports
 *   must be byte-identical on both backends, DESIGN.md section 6), and fallbacks and facts
 *   overrides appear in the change history's before/after, which the API returns as stored.
 *   `json` keeps the text as written (drizzle writes `JSON.stringify` of the value, as on SQLite)
 *   and still refuses malformed JSON. Nothing queries inside these values, so jsonb's indexing
 *   would buy nothing.
 * - text: `text COLLATE "C"` (byte order, as SQLite's BINARY; see `text` below). PostgreSQL's text
 *   cannot hold U+0000, SQLite's can (docs/postgres.md).
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, index, integer, json, pgTable, primaryKey, uniqueIndex } from "drizzle-orm/pg-core";
import {
  CHANGE_ENTITIES,
  CHANGE_OPS,
  CHANGE_SOURCES,
  HISTORY_ENTITIES,
  type FactsOverride,
  type GroupFallback,
} from "../schema.ts";

/**
 * A moment stored as milliseconds since the epoch in a `bigint` and read as a Date: what SQLite's
 * `integer({ mode: "timestamp_ms" })` stores and returns. int8 arrives from node-postgres as a
 * string; a Date holds any value a bigint of milliseconds can (to ±8.64e15).
 */
export const timestampMs = customType<{ data: Date; driverData: string | number }>({
  dataType: () => "bigint",
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

/**
 * Text compared and sorted by its bytes (code points), as SQLite's BINARY collation does: SQL that
 * orders by a name (export, listings) and the snapshot's sorted lists then agree, and the result
 * does not depend on the collation the database was created with (often en_US.UTF-8). Equality
 * and uniqueness are the same under any deterministic collation; only order changes.
 */
const text = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

/** Now in ms, truncated like SQLite's `cast(unixepoch('subsec') * 1000 as integer)` (the statement's clock, not the transaction's). */
export const NOW_MS = sql`(floor(extract(epoch from clock_timestamp()) * 1000)::bigint)`;

const createdAt = () => timestampMs("created_at").notNull().default(NOW_MS);
const updatedAt = () => timestampMs("updated_at").notNull().default(NOW_MS);

export const providers = pgTable("providers", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  name: text("name").notNull().unique(),
  type: text("type").notNull(),
  displayName: text("display_name"),
  apiBase: text("api_base"),
  apiKeyEnv: text("api_key_env"),
  apiKeyEncrypted: text("api_key_encrypted"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const publicNames = pgTable(
  "public_names",
  {
    name: text("name").primaryKey(),
    kind: text("kind").$type<"group" | "alias">().notNull(),
  },
  (t) => [check("public_names_kind", sql`${t.kind} in ('group', 'alias')`)],
);

export const modelGroups = pgTable("model_groups", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  name: text("name")
    .notNull()
    .unique()
    .references(() => publicNames.name, { onUpdate: "cascade", onDelete: "cascade" }),
  description: text("description"),
  mode: text("mode").notNull().default("chat"),
  fallbacks: json("fallbacks").$type<GroupFallback[]>(),
  passthrough: boolean("passthrough").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const deployments = pgTable(
  "deployments",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    groupId: integer("group_id")
      .notNull()
      .references(() => modelGroups.id, { onDelete: "cascade" }),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "restrict" }),
    model: text("model").notNull(),
    apiBase: text("api_base").notNull().default(""),
    priority: integer("priority").notNull().default(0),
    weight: integer("weight").notNull().default(1),
    rpm: integer("rpm"),
    tpm: integer("tpm"),
    enabled: boolean("enabled").notNull().default(true),
    probe: text("probe").$type<"AUTO" | "COMPLETION" | "OFF">().notNull().default("AUTO"),
    externalId: text("external_id"),
    extraParams: json("extra_params").$type<Record<string, unknown>>(),
    factsOverride: json("facts_override").$type<FactsOverride>(),
    modelWritten: text("model_written"),
    variant: text("variant").notNull().default(""),
    entryExtra: json("entry_extra").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("deployments_group_provider_model_base_variant").on(t.groupId, t.providerId, t.model, t.apiBase, t.variant),
    index("deployments_provider").on(t.providerId),
  ],
);

export const aliases = pgTable(
  "aliases",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name")
      .notNull()
      .unique()
      .references(() => publicNames.name, { onUpdate: "cascade", onDelete: "cascade" }),
    groupId: integer("group_id")
      .notNull()
      .references(() => modelGroups.id, { onDelete: "restrict" }),
    hidden: boolean("hidden").notNull().default(false),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("aliases_group").on(t.groupId)],
);

export const upstreamHealth = pgTable(
  "upstream_health",
  {
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    apiBase: text("api_base").notNull(),
    status: text("status").$type<"UNKNOWN" | "HEALTHY" | "DEGRADED" | "UNHEALTHY">().notNull(),
    checkedAt: timestampMs("checked_at").notNull(),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.model, t.apiBase] })],
);

export const healthHistory = pgTable(
  "health_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    apiBase: text("api_base").notNull(),
    status: text("status").$type<"UNKNOWN" | "HEALTHY" | "DEGRADED" | "UNHEALTHY">().notNull(),
    checkedAt: timestampMs("checked_at").notNull(),
    latencyMs: integer("latency_ms"),
    error: text("error"),
  },
  (t) => [index("health_history_upstream_time").on(t.providerId, t.model, t.apiBase, t.checkedAt), index("health_history_time").on(t.checkedAt)],
);

export const probeLeases = pgTable("probe_leases", {
  key: text("key").primaryKey(),
  owner: text("owner").notNull(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
});

/** The fleet-wide probe schedule (src/db/schema.ts); claimed with FOR UPDATE SKIP LOCKED here (src/health/schedule.ts). */
export const probeSchedule = pgTable(
  "probe_schedule",
  {
    key: text("key").primaryKey(),
    nextDueAt: timestampMs("next_due_at").notNull(),
    owner: text("owner"),
    leaseUntil: timestampMs("lease_until"),
  },
  (t) => [index("probe_schedule_due").on(t.nextDueAt)],
);

/** The server processes on this database (src/db/schema.ts replicas): not logged, no version. */
export const replicas = pgTable("replicas", {
  id: text("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  startedAt: timestampMs("started_at").notNull(),
  seenAt: timestampMs("seen_at").notNull(),
  /** A catalog version (catalog_version.version is a bigint). */
  appliedVersion: bigint("applied_version", { mode: "number" }).notNull(),
  lastProbeAt: timestampMs("last_probe_at"),
});

export const modelRegistries = pgTable(
  "model_registries",
  {
    format: text("format").$type<"MODELS_DEV_JSON" | "LITELLM_MODEL_PRICES">().primaryKey(),
    source: text("source").notNull(),
    dataset: text("dataset").notNull(),
    version: text("version"),
    dataDate: text("data_date"),
    providers: integer("providers").notNull(),
    models: integer("models").notNull(),
    /** The serialized registry (src/registry/formats.ts), text on both backends: it is read whole, never queried. */
    content: text("content").notNull(),
    importedAt: timestampMs("imported_at").notNull(),
  },
  (t) => [check("model_registries_format", sql`${t.format} in ('MODELS_DEV_JSON', 'LITELLM_MODEL_PRICES')`)],
);

export const configDocuments = pgTable(
  "config_documents",
  {
    format: text("format").$type<"LITELLM_YAML" | "NANOBOT_JSON">().primaryKey(),
    content: json("content").$type<Record<string, unknown>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check("config_documents_format", sql`${t.format} in ('LITELLM_YAML', 'NANOBOT_JSON')`)],
);

/**
 * The catalog's version (PostgreSQL only; on SQLite the version is the change log's largest seq).
 * One row. Every write transaction that touches a catalog table locks it before its first catalog
 * row (a statement trigger) and increments it once, at its first logged row; the lock is held to
 * commit, so versions commit in order and a reader that has applied version V never later sees a
 * commit with a smaller one (docs/postgres.md). `pruned_through`: the change log holds no row of
 * this version or any before it; a reader behind it loads the catalog whole.
 */
export const catalogVersion = pgTable(
  "catalog_version",
  {
    id: integer("id").primaryKey().default(1),
    version: bigint("version", { mode: "number" }).notNull().default(0),
    prunedThrough: bigint("pruned_through", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("catalog_version_single_row", sql`${t.id} = 1`)],
);

/**
 * The change log (src/db/schema.ts catalogChanges), written by the triggers of the hand-written
 * migration. `version` is the writing transaction's catalog version: readers ask for
 * `version > theirs`, never `seq > theirs` (a sequence is handed out at insert, not at commit).
 * `seq` orders the rows of one version and is the change history's key; it also follows commit
 * order, as every row is inserted while its transaction holds the version row.
 */
export const catalogChanges = pgTable(
  "catalog_changes",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    version: bigint("version", { mode: "number" }).notNull(),
    entity: text("entity").$type<(typeof CHANGE_ENTITIES)[number]>().notNull(),
    entityId: text("entity_id").notNull(),
    op: text("op").$type<(typeof CHANGE_OPS)[number]>().notNull(),
    at: bigint("at", { mode: "number" }).notNull(),
  },
  (t) => [index("catalog_changes_version").on(t.version)],
);

export const changeSets = pgTable(
  "change_sets",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    at: bigint("at", { mode: "number" }).notNull(),
    actor: text("actor").notNull(),
    source: text("source").$type<(typeof CHANGE_SOURCES)[number]>().notNull(),
    summary: text("summary"),
    revertsSet: integer("reverts_set"),
    revertsChange: integer("reverts_change"),
    open: boolean("open").notNull().default(false),
  },
  (t) => [
    index("change_sets_open").on(t.open).where(sql`${t.open}`),
    index("change_sets_reverts_set").on(t.revertsSet).where(sql`${t.revertsSet} is not null`),
    index("change_sets_reverts_change").on(t.revertsChange).where(sql`${t.revertsChange} is not null`),
  ],
);

export const changeHistory = pgTable(
  "change_history",
  {
    /** The change log's seq of the row that recorded it (a bigint, as the log's seq). */
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    changeSet: integer("change_set"),
    at: bigint("at", { mode: "number" }).notNull(),
    entity: text("entity").$type<(typeof HISTORY_ENTITIES)[number]>().notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").$type<(typeof CHANGE_OPS)[number]>().notNull(),
    name: text("name"),
    groupId: integer("group_id"),
    /** JSON text in the triggers' key order (text, like SQLite's: read with JSON.parse). */
    before: text("before"),
    after: text("after"),
    beforeSealed: text("before_sealed"),
    afterSealed: text("after_sealed"),
  },
  (t) => [
    index("change_history_entity").on(t.entity, t.entityId),
    index("change_history_set").on(t.changeSet).where(sql`${t.changeSet} is not null`),
    index("change_history_name").on(t.name),
    index("change_history_group").on(t.groupId).where(sql`${t.groupId} is not null`),
  ],
);
