import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { FactValues } from "../registry/facts.ts";

/** The facts a deployment overrides: only the fields that were set (capabilities as given). */
export type FactsOverride = Partial<FactValues>;

/** One fallback rule of a model group: `kind` GENERAL, CONTEXT_WINDOW or CONTENT_POLICY. */
export interface GroupFallback {
  kind: "GENERAL" | "CONTEXT_WINDOW" | "CONTENT_POLICY";
  to: string[];
}

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const providers = sqliteTable("providers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** A ProviderType id from src/catalog/provider-types.ts. */
  type: text("type").notNull(),
  displayName: text("display_name"),
  apiBase: text("api_base"),
  apiKeyEnv: text("api_key_env"),
  /** A literal key, AES-256-GCM encrypted with the master key (src/secrets); never returned. */
  apiKeyEncrypted: text("api_key_encrypted"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The public-name namespace: every model group and every alias owns exactly one row here, so the
 * primary key makes "a name is either a group or an alias, never both" a database guarantee.
 * Group and alias names reference it with ON UPDATE CASCADE, so a rename is one UPDATE here.
 */
export const publicNames = sqliteTable(
  "public_names",
  {
    name: text("name").primaryKey(),
    kind: text("kind", { enum: ["group", "alias"] }).notNull(),
  },
  (t) => [check("public_names_kind", sql`${t.kind} in ('group', 'alias')`)],
);

export const modelGroups = sqliteTable("model_groups", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name")
    .notNull()
    .unique()
    .references(() => publicNames.name, { onUpdate: "cascade", onDelete: "cascade" }),
  description: text("description"),
  /** LiteLLM model_info.mode, lower case (chat, embedding, …). */
  mode: text("mode").notNull().default("chat"),
  /**
   * Where a failing call goes next, in order (LiteLLM fallbacks, context_window_fallbacks,
   * content_policy_fallbacks; nanobot fallbackModels). null: none. Targets are names as written.
   */
  fallbacks: text("fallbacks", { mode: "json" }).$type<GroupFallback[]>(),
  /**
   * LiteLLM's `model: "*"` entry: the group (a pattern) has no deployment of its own; a requested
   * name it matches is routed by that name's own prefix, or an exact first-party registry id.
   */
  passthrough: integer("passthrough", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const deployments = sqliteTable(
  "deployments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    groupId: integer("group_id")
      .notNull()
      .references(() => modelGroups.id, { onDelete: "cascade" }),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "restrict" }),
    /** The model id exactly as the provider's API knows it; never rewritten. */
    model: text("model").notNull(),
    /** Per-deployment API base override; '' means "the provider's", so the unique index sees it. */
    apiBase: text("api_base").notNull().default(""),
    priority: integer("priority").notNull().default(0),
    weight: integer("weight").notNull().default(1),
    rpm: integer("rpm"),
    tpm: integer("tpm"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** AUTO: the API style's list probe; COMPLETION: a 1-token completion; OFF: never probed. */
    probe: text("probe", { enum: ["AUTO", "COMPLETION", "OFF"] }).notNull().default("AUTO"),
    /** LiteLLM model_info.id, kept for import/export round trips. */
    externalId: text("external_id"),
    /** Other litellm_params (api_version, …) as JSON, kept for round trips; never a literal secret. */
    extraParams: text("extra_params", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Model facts set on this deployment (mutations, LiteLLM model_info, nanobot presets); they win over any registry. */
    factsOverride: text("facts_override", { mode: "json" }).$type<FactsOverride>(),
    /**
     * The model exactly as the imported file wrote it, when that is not `<prefix>/<model>`: an
     * environment reference read at import (`os.environ/NAME`, `${NAME}`) or an unprefixed id
     * found in the registry (`gpt-4o`). Export writes it back; changing the model clears it.
     */
    modelWritten: text("model_written"),
    /**
     * What tells two deployments of one (provider, model, API base) in a group apart: LiteLLM's
     * model_info.id, else a digest of their parameters; '' for the usual single one.
     */
    variant: text("variant").notNull().default(""),
    /** Config keys of the entry beside the mapped ones (a LiteLLM entry's top-level tpm, …), kept as read. */
    entryExtra: text("entry_extra", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("deployments_group_provider_model_base_variant").on(t.groupId, t.providerId, t.model, t.apiBase, t.variant),
    index("deployments_provider").on(t.providerId),
  ],
);

export const aliases = sqliteTable(
  "aliases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name")
      .notNull()
      .unique()
      .references(() => publicNames.name, { onUpdate: "cascade", onDelete: "cascade" }),
    groupId: integer("group_id")
      .notNull()
      .references(() => modelGroups.id, { onDelete: "restrict" }),
    hidden: integer("hidden", { mode: "boolean" }).notNull().default(false),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("aliases_group").on(t.groupId)],
);

/**
 * Health is stored per upstream: (provider, model, effective API base). Every deployment on the
 * same upstream reads the same row, so aliases and groups can never cause a probe of their own.
 */
export const upstreamHealth = sqliteTable(
  "upstream_health",
  {
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    apiBase: text("api_base").notNull(),
    /** UNKNOWN is stored when a probe could not tell (no list route), with the reason in `error`. */
    status: text("status", { enum: ["UNKNOWN", "HEALTHY", "DEGRADED", "UNHEALTHY"] }).notNull(),
    checkedAt: integer("checked_at", { mode: "timestamp_ms" }).notNull(),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.model, t.apiBase] })],
);

/** Every probe result per upstream, pruned by age and count (see health/history). */
export const healthHistory = sqliteTable(
  "health_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    apiBase: text("api_base").notNull(),
    status: text("status", { enum: ["UNKNOWN", "HEALTHY", "DEGRADED", "UNHEALTHY"] }).notNull(),
    checkedAt: integer("checked_at", { mode: "timestamp_ms" }).notNull(),
    latencyMs: integer("latency_ms"),
    error: text("error"),
  },
  (t) => [index("health_history_upstream_time").on(t.providerId, t.model, t.apiBase, t.checkedAt), index("health_history_time").on(t.checkedAt)],
);

/**
 * Probe leases: processes sharing the database take one before probing an endpoint, so only
 * one of them sends the request; the others wait for the lease to go and read the stored result.
 */
export const probeLeases = sqliteTable("probe_leases", {
  key: text("key").primaryKey(),
  owner: text("owner").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * The fleet-wide probe schedule (docs/health.md, "One schedule for every server"): one row per
 * endpoint the sweeper probes (its key: a hash of the checker's probe key, so no URL or variable
 * name is stored). A server claims due rows (owner, lease_until), probes them, and writes the
 * results only while its claim holds; then the row is due again one interval later.
 */
export const probeSchedule = sqliteTable(
  "probe_schedule",
  {
    key: text("key").primaryKey(),
    nextDueAt: integer("next_due_at", { mode: "timestamp_ms" }).notNull(),
    owner: text("owner"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
  },
  (t) => [index("probe_schedule_due").on(t.nextDueAt)],
);

/**
 * The server processes on this database (docs/replicas.md, src/replicas/): one row per process
 * start, its id random and also its `owner` in probe_schedule. Each server upserts its row every
 * second (the heartbeat: `seen_at`, the catalog version its snapshot has applied, when it last
 * stored a probe) and deletes it on a clean shutdown. A row not seen for 30 s reads as gone; it is
 * deleted a day later. Not a catalog table: no change-log trigger, so a heartbeat takes no version.
 */
export const replicas = sqliteTable("replicas", {
  id: text("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  seenAt: integer("seen_at", { mode: "timestamp_ms" }).notNull(),
  appliedVersion: integer("applied_version").notNull(),
  lastProbeAt: integer("last_probe_at", { mode: "timestamp_ms" }),
});

/**
 * Model registries loaded with `importFacts` / `modelgraph facts import`: one per format, the newest
 * replacing the one before. `content` is the parsed registry in its stored form
 * (src/registry/formats.ts serializeRegistry), so other processes load it without parsing the file.
 */
export const modelRegistries = sqliteTable(
  "model_registries",
  {
    format: text("format", { enum: ["MODELS_DEV_JSON", "LITELLM_MODEL_PRICES"] }).primaryKey(),
    /** The file it was read from (a name, not a path). */
    source: text("source").notNull(),
    dataset: text("dataset").notNull(),
    version: text("version"),
    /** The newest date in the data (ISO), if it has one. */
    dataDate: text("data_date"),
    providers: integer("providers").notNull(),
    models: integer("models").notNull(),
    content: text("content").notNull(),
    importedAt: integer("imported_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("model_registries_format", sql`${t.format} in ('MODELS_DEV_JSON', 'LITELLM_MODEL_PRICES')`)],
);

/**
 * What an imported config holds that the catalog does not model (LiteLLM litellm_settings,
 * general_settings, …; nanobot agents, channels, …), one per format, so export gives it back.
 * Literal secrets in it are sealed like deployment parameters (src/interop/spec.ts).
 */
export const configDocuments = sqliteTable(
  "config_documents",
  {
    format: text("format", { enum: ["LITELLM_YAML", "NANOBOT_JSON"] }).primaryKey(),
    content: text("content", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check("config_documents_format", sql`${t.format} in ('LITELLM_YAML', 'NANOBOT_JSON')`)],
);

/** The kinds of catalog entity whose changes the database logs (see catalogChanges). */
export const CHANGE_ENTITIES = ["provider", "group", "deployment", "alias", "health", "registry", "document"] as const;
export type ChangeEntity = (typeof CHANGE_ENTITIES)[number];
export const CHANGE_OPS = ["insert", "update", "delete"] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/**
 * The change log, written by SQLite triggers (migrations/0006_change_log.sql) on every catalog
 * table, so every writer (this server, another one, the CLI, an import) is logged in its own
 * transaction. SQLite serializes writers, so `seq` follows commit order and the catalog's version
 * is the largest `seq`. Old rows are pruned (src/read/snapshot-store.ts); a reader further behind
 * than what is kept loads the catalog whole. Why PostgreSQL needs another rule: docs/read-model.md.
 */
export const catalogChanges = sqliteTable(
  "catalog_changes",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    entity: text("entity", { enum: CHANGE_ENTITIES }).notNull(),
    /**
     * The row's id (providers, groups, deployments, aliases), its format (registries, documents),
     * or for upstream health the JSON array [provider_id, model, api_base] of its key.
     */
    entityId: text("entity_id").notNull(),
    op: text("op", { enum: CHANGE_OPS }).notNull(),
    /** When the change was written, ms since the epoch (retention only; order is `seq`). */
    at: integer("at").notNull(),
  },
  // No CHECK constraints: only the triggers write here, with constant values, and a CHECK on
  // this table tripled what the triggers add to a health batch (docs/read-model.md).
);

/** Where a change set came from: a GraphQL mutation, an import (GraphQL or CLI), another CLI command, a revert. */
export const CHANGE_SOURCES = ["MUTATION", "IMPORT", "CLI", "REVERT"] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

/**
 * One committed write transaction and who made it (docs/history.md). The transaction wrapper of
 * src/db/client.ts inserts it `open` at the start of a write transaction that runs with an actor
 * (src/history/actor.ts), the history triggers file their rows under the open set, and the set is
 * closed (or deleted, if it recorded nothing) before commit. SQLite serializes writers, so at most
 * one set is open, and an open set is never committed.
 */
export const changeSets = sqliteTable(
  "change_sets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** ms since the epoch, when the transaction began. */
    at: integer("at").notNull(),
    /** The token's label ("admin", "read"), "loopback", "cli", or "unknown". */
    actor: text("actor").notNull(),
    source: text("source", { enum: CHANGE_SOURCES }).notNull(),
    /** What the writer said it did ("import LITELLM_YAML MERGE from litellm.yaml"), if anything. */
    summary: text("summary"),
    /** The set a REVERT undid (a whole set). */
    revertsSet: integer("reverts_set"),
    /** The change a REVERT undid (one change). */
    revertsChange: integer("reverts_change"),
    open: integer("open", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("change_sets_open").on(t.open).where(sql`${t.open} = 1`),
    index("change_sets_reverts_set").on(t.revertsSet).where(sql`${t.revertsSet} is not null`),
    index("change_sets_reverts_change").on(t.revertsChange).where(sql`${t.revertsChange} is not null`),
  ],
);

/** The catalog entities whose history is kept, with before and after (not health: feed only). */
export const HISTORY_ENTITIES = ["provider", "group", "deployment", "alias", "registry", "document"] as const;
export type HistoryEntity = (typeof HISTORY_ENTITIES)[number];

/**
 * The change history (docs/history.md): one row per written catalog row, inserted by the same
 * triggers as the change log and in the same statement, so `seq` is the change log's seq. Kept
 * for the history retention (MODELGRAPH_HISTORY_DAYS), apart from the change log, which is pruned
 * after an hour: pruning health rows out of one shared log would leave gaps that a reader behind
 * them could not see. `before`/`after` are JSON objects of the row without its secrets (a
 * provider's key ciphertext is left out, sealed strings in deployment parameters and config
 * documents read "(secret)"); `*_sealed` keep what revert needs to restore them (ciphertexts, as
 * the tables hold them) and are never returned by the API.
 */
export const changeHistory = sqliteTable(
  "change_history",
  {
    seq: integer("seq").primaryKey(),
    /** The change set, or null: written by a process without an actor (another tool on the file). */
    changeSet: integer("change_set"),
    at: integer("at").notNull(),
    entity: text("entity", { enum: HISTORY_ENTITIES }).notNull(),
    /** The row id, or the format (registries, documents). */
    entityId: text("entity_id").notNull(),
    action: text("action", { enum: CHANGE_OPS }).notNull(),
    /** The entity's name at the time: provider, group or alias name; a deployment's group; the format. */
    name: text("name"),
    /** The group of a deployment, or the group itself: ModelGroup.history reads by it. */
    groupId: integer("group_id"),
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

export type ProviderRow = typeof providers.$inferSelect;
export type ModelGroupRow = typeof modelGroups.$inferSelect;
export type DeploymentRow = typeof deployments.$inferSelect;
export type AliasRow = typeof aliases.$inferSelect;
export type UpstreamHealthRow = typeof upstreamHealth.$inferSelect;
export type HealthHistoryRow = typeof healthHistory.$inferSelect;
export type ModelRegistryRow = typeof modelRegistries.$inferSelect;
export type CatalogChangeRow = typeof catalogChanges.$inferSelect;
export type ChangeSetRow = typeof changeSets.$inferSelect;
export type ChangeHistoryRow = typeof changeHistory.$inferSelect;
