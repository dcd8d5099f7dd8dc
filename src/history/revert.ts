/**
 * `revertChange`: undoes one change or a whole change set as a new change set with source REVERT,
 * in one immediate transaction (docs/history.md, "Revert"). Row level, newest change first: an
 * insert is undone by deleting the row, an update by writing the before values back, a delete by
 * inserting the before row again with its id. Foreign keys are checked at the end (rows come back
 * in any order: PostgreSQL logs a cascade's parent first, SQLite its children), and a public name
 * comes back with its group or alias. One code path for SQLite and PostgreSQL: the history is read
 * with plain SQL, rows are written through drizzle's builders on the dialect's tables (which give
 * booleans, timestamps and JSON their column types), and only deferring foreign keys differs.
 *
 * Refused, with nothing written: an unknown id (NOT_FOUND); a change or set already reverted
 * (CONFLICT naming the revert); a row changed since (CONFLICT naming that later change: its state
 * is not the one the change left); a registry change (its content is not kept); a revert that
 * would break the catalog (a name taken since, a group that gained aliases, a provider that
 * gained deployments: CONFLICT saying which).
 */
import { eq, getTableName, sql } from "drizzle-orm";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { HistoryEntity } from "../db/schema.ts";
import { exec, inJson, one, rows, type Store, type Tables, type Tx } from "../db/store.ts";
import { BadUserInputError, ConflictError, NotFoundError } from "../errors.ts";
import { show } from "../catalog/validation.ts";
import { currentActor, runAs, UNKNOWN_ACTOR } from "./actor.ts";
import { changeId, changeSetId, type HistoryTarget } from "./ids.ts";
import { API_KEY_MARKER, HISTORY_TABLE_OF, HISTORY_TABLES, type HistoryTable } from "./tables.ts";

export interface RevertResult {
  /** The new change set (source REVERT). */
  setId: number;
  warnings: string[];
  /** The catalog version the revert committed. */
  version: number | null;
}

/** A raw row's number: PostgreSQL gives bigints (seq, at) as strings. */
type Num = number | string;

interface RawChange {
  seq: number;
  change_set: number | null;
  at: number;
  entity: HistoryEntity;
  entity_id: string;
  action: "insert" | "update" | "delete";
  name: string | null;
  before: string | null;
  after: string | null;
  before_sealed: string | null;
  after_sealed: string | null;
  actor: string | null;
}

interface SetRow {
  id: number;
  at: number;
  actor: string;
  summary: string | null;
}

type Raw<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends number ? Num : T[P] extends number | null ? Num | null : T[P] };

function rawChange(row: Raw<RawChange, "seq" | "change_set" | "at">): RawChange {
  return { ...row, seq: Number(row.seq), change_set: row.change_set === null ? null : Number(row.change_set), at: Number(row.at) };
}

function setRow(row: Raw<SetRow, "id" | "at">): SetRow {
  return { ...row, id: Number(row.id), at: Number(row.at) };
}

const ENTITY_WORDS: Record<HistoryEntity, string> = {
  provider: "provider",
  group: "model group",
  deployment: "deployment",
  alias: "alias",
  registry: "model registry",
  document: "config document",
};

const ACTION_WORDS = { insert: "created", update: "updated", delete: "deleted" } as const;

const RAW = sql.raw("select h.*, s.actor from change_history h left join change_sets s on s.id = h.change_set");

async function changesWhere(tx: Tx, condition: ReturnType<typeof sql>): Promise<RawChange[]> {
  return (await rows<Raw<RawChange, "seq" | "change_set" | "at">>(tx, sql`${RAW} where ${condition} /* history */`)).map(rawChange);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `alias "smart"`, `deployment 12 of "gpt-4o"`. */
function what(c: RawChange): string {
  if (c.entity === "deployment") return `deployment ${c.entity_id}${c.name ? ` of ${show(c.name)}` : ""}`;
  return `${ENTITY_WORDS[c.entity]} ${show(c.name ?? c.entity_id)}`;
}

/** `change Q2hhbmdlOjQy (alias "smart" updated by admin at 2026-…)`. */
function describe(c: RawChange): string {
  return `change ${changeId(c.seq)} (${what(c)} ${ACTION_WORDS[c.action]} by ${c.actor ?? UNKNOWN_ACTOR} at ${iso(c.at)})`;
}

function describeSet(s: SetRow): string {
  return `change set ${changeSetId(s.id)} (by ${s.actor} at ${iso(s.at)})`;
}

/** A row's state as a change left it, without the provider key marker ("stored"/"changed" says nothing about which key). */
function state(json: string | null, sealed: string | null): string | null {
  if (json === null) return null;
  const value = JSON.parse(json) as Record<string, unknown>;
  delete value[API_KEY_MARKER];
  return JSON.stringify([value, sealed]);
}

/** A constraint the database refused a row for: SQLite's SQLITE_CONSTRAINT_*, PostgreSQL's class 23; the driver's error, under drizzle's wrapper if any. */
function constraintError(error: unknown): Error | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    const code = String(e.code ?? "");
    if (code.startsWith("SQLITE_CONSTRAINT") || /^23\d{3}$/.test(code)) return e as Error;
  }
  return undefined;
}

export async function revert(store: Store, target: HistoryTarget, label: string = target.kind === "change" ? changeId(target.seq) : changeSetId(target.id)): Promise<RevertResult> {
  const actor = currentActor()?.actor ?? UNKNOWN_ACTOR;
  const summary = target.kind === "change" ? `revert of change ${label}` : `revert of change set ${label}`;
  const { value, version } = await runAs({ actor, source: "REVERT", summary }, () =>
    store.transaction(async (tx) => {
      const { changeSets } = tx.t;
      const changes = await load(tx, target, label);
      await refuseReverted(tx, target, changes);
      const registry = changes.find((c) => c.entity === "registry");
      if (registry) {
        throw new BadUserInputError(
          `${describe(registry)} cannot be reverted: the history does not keep a registry's content; import the older registry file again (importFacts, or modelgraph facts import FILE)`,
          { change: changeId(registry.seq) },
        );
      }
      await refuseChangedSince(tx, changes);
      // Rows come back in reverse order, children before their parents where a cascade logged the parent first.
      await exec(tx, tx.backend === "sqlite" ? sql`pragma defer_foreign_keys = on` : sql`set constraints all deferred`);
      const open = await one(tx.select({ id: changeSets.id }).from(changeSets).where(eq(changeSets.open, true)).limit(1));
      if (!open) throw new Error("revert: no open change set (the store's transaction did not open one)");
      await tx
        .update(changeSets)
        .set({ revertsSet: target.kind === "set" ? target.id : null, revertsChange: target.kind === "change" ? target.seq : null })
        .where(eq(changeSets.id, open.id));
      const warnings: string[] = [];
      for (const change of [...changes].reverse()) {
        try {
          await undo(tx, change, warnings);
        } catch (error) {
          const refused = constraintError(error);
          if (!refused) throw error;
          throw new ConflictError(`reverting ${describe(change)} is refused: ${refused.message.replace(/^UNIQUE constraint failed/, "another row already has the same")}`, {
            change: changeId(change.seq),
          });
        }
      }
      await checkForeignKeys(tx, changes);
      return { setId: open.id, warnings };
    }),
  );
  return { ...value, version };
}

async function load(tx: Tx, target: HistoryTarget, label: string): Promise<RawChange[]> {
  const keeps = "the history keeps changes for MODELGRAPH_HISTORY_DAYS days (default 90)";
  if (target.kind === "change") {
    const [row] = await changesWhere(tx, sql`h.seq = ${target.seq}`);
    if (!row) throw new NotFoundError(`no change has the id ${show(label)}; pass the id of a change from changes, or of a change set; ${keeps}`, { id: label });
    return [row];
  }
  const [set] = await rows(tx, sql`select id from change_sets where id = ${target.id} and not open /* history */`);
  const found = set ? await changesWhere(tx, sql`h.change_set = ${target.id} order by h.seq`) : [];
  if (found.length === 0) throw new NotFoundError(`no change set has the id ${show(label)}; pass the id of a change set (Change.changeSet.id), or of one change; ${keeps}`, { id: label });
  return found;
}

/** CONFLICT when a revert of the change (or of its whole set) stands: one that was not itself reverted. */
async function refuseReverted(tx: Tx, target: HistoryTarget, changes: RawChange[]): Promise<void> {
  const standing = sql`not exists (select 1 from change_sets u where u.reverts_set = r.id)`;
  const [raw] = await rows<Raw<SetRow, "id" | "at">>(
    tx,
    target.kind === "change"
      ? sql`select r.id, r.at, r.actor, r.summary from change_sets r where (r.reverts_change = ${target.seq} or r.reverts_set = ${changes[0]!.change_set ?? -1}) and ${standing} order by r.id desc limit 1 /* history */`
      : sql`select r.id, r.at, r.actor, r.summary from change_sets r where (r.reverts_set = ${target.id} or r.reverts_change in (select seq from change_history where change_set = ${target.id})) and ${standing} order by r.id desc limit 1 /* history */`,
  );
  if (!raw) return;
  const row = setRow(raw);
  const subject = target.kind === "change" ? describe(changes[0]!) : `change set ${changeSetId(target.id)}`;
  throw new ConflictError(`${subject} was already reverted by ${describeSet(row)}; revert that change set to redo it`, { revertedBy: changeSetId(row.id) });
}

/**
 * CONFLICT naming the newest later change of any row the revert touches, when that row is no
 * longer as the reverted change left it (later changes that cancel out, such as a change and its
 * revert, do not count).
 */
async function refuseChangedSince(tx: Tx, changes: RawChange[]): Promise<void> {
  const last = new Map<string, RawChange>();
  for (const c of changes) last.set(`${c.entity}\u0000${c.entity_id}`, c);
  // One statement per entity kind, whatever the number of rows (a whole import's revert).
  const newestOf = new Map<string, RawChange>();
  const byEntity = new Map<HistoryEntity, RawChange[]>();
  for (const c of last.values()) byEntity.set(c.entity, [...(byEntity.get(c.entity) ?? []), c]);
  for (const [entity, list] of byEntity) {
    const since = Math.min(...list.map((c) => c.seq));
    const later = await changesWhere(tx, sql`h.entity = ${entity} and ${inJson(tx, sql`h.entity_id`, list.map((c) => c.entity_id))} and h.seq > ${since}`);
    for (const l of later) {
      const key = `${l.entity}\u0000${l.entity_id}`;
      const mine = last.get(key)!;
      const known = newestOf.get(key);
      if (l.seq > mine.seq && (!known || l.seq > known.seq)) newestOf.set(key, l);
    }
  }
  for (const [key, c] of last) {
    const newest = newestOf.get(key);
    if (!newest || state(newest.after, newest.after_sealed) === state(c.after, c.after_sealed)) continue;
    throw new ConflictError(
      `cannot revert ${describe(c)}: ${what(c)} was changed since, by ${describe(newest)}; revert that change first, or edit ${what(c)} by hand`,
      { change: changeId(c.seq), conflictingChange: changeId(newest.seq) },
    );
  }
}

/** The dialect's table of each entity the history covers. */
const TABLE_OF: Record<HistoryEntity, keyof Tables> = {
  provider: "providers",
  group: "modelGroups",
  deployment: "deployments",
  alias: "aliases",
  registry: "modelRegistries",
  document: "configDocuments",
};

/**
 * One of the history's tables, for builders over any of them (their rows differ; the values come
 * from the history's JSON, keyed by drizzle field).
 */
type AnyTable = Tables["providers"];

function tableOf(tx: Tx, t: HistoryTable): { table: AnyTable; key: AnyTable["id"] } {
  const table = tx.t[TABLE_OF[t.entity]] as unknown as AnyTable;
  return { table, key: (table as unknown as Record<string, AnyTable["id"]>)[t.key]! };
}

/**
 * The row's values from a change's JSON, by drizzle field and as the builders take them (Date,
 * boolean, parsed JSON); keys missing there, e.g. columns added since, are left out.
 */
function valuesOf(t: HistoryTable, json: string, sealedJson: string | null): Map<string, unknown> {
  const value = JSON.parse(json) as Record<string, unknown>;
  const sealed = sealedJson ? (JSON.parse(sealedJson) as Record<string, string>) : {};
  const out = new Map<string, unknown>();
  for (const c of t.columns) {
    if (c.kind === "secret") {
      out.set(c.field, sealed[c.column] ?? null);
      continue;
    }
    if (c.kind === "omitted" || !(c.field in value)) continue;
    const v = value[c.field];
    switch (c.kind) {
      case "sealed-json":
        // The stored text, parsed: drizzle writes it back with JSON.stringify, the same text.
        out.set(c.field, sealed[c.column] != null ? JSON.parse(sealed[c.column]!) : (v ?? null));
        break;
      case "json":
        out.set(c.field, v ?? null);
        break;
      case "timestamp":
        out.set(c.field, v == null ? null : new Date(Date.parse(String(v))));
        break;
      case "boolean":
        out.set(c.field, v == null ? null : Boolean(v));
        break;
      default:
        out.set(c.field, v ?? null);
    }
  }
  return out;
}

function keyOf(t: HistoryTable, c: RawChange): string | number {
  return t.key === "id" ? Number(c.entity_id) : c.entity_id;
}

/** Groups and aliases own a row of the public-name namespace. */
function publicKind(t: HistoryTable): "group" | "alias" | undefined {
  return t.entity === "group" ? "group" : t.entity === "alias" ? "alias" : undefined;
}

async function undo(tx: Tx, c: RawChange, warnings: string[]): Promise<void> {
  const t = HISTORY_TABLE_OF.get(c.entity)!;
  const { table, key: keyColumn } = tableOf(tx, t);
  const { publicNames } = tx.t;
  const key = keyOf(t, c);
  const current = (await one(tx.select().from(table).where(eq(keyColumn, key as number)))) as Record<string, unknown> | undefined;
  const kind = publicKind(t);
  if (c.action === "insert") {
    if (!current) {
      warnings.push(`${what(c)} of ${describe(c)} is gone already; nothing to delete`);
      return;
    }
    await refuseDependents(tx, t, c, key);
    await tx.delete(table).where(eq(keyColumn, key as number));
    if (kind) await tx.delete(publicNames).where(sql`${publicNames.name} = ${current.name as string} and ${publicNames.kind} = ${kind}`);
    return;
  }
  const values = valuesOf(t, c.before!, c.before_sealed);
  if (kind) {
    const name = values.get("name") as string;
    const holder = await one(tx.select({ kind: publicNames.kind }).from(publicNames).where(eq(publicNames.name, name)));
    const ours = current && current.name === name;
    if (holder && !ours) {
      throw new ConflictError(`cannot revert ${describe(c)}: the name ${show(name)} is now taken by ${holder.kind === "alias" ? "an alias" : "a model group"}; rename or remove it first`, {
        change: changeId(c.seq),
      });
    }
    if (current && !ours) await tx.update(publicNames).set({ name }).where(eq(publicNames.name, current.name as string));
    if (!current) await tx.insert(publicNames).values({ name, kind });
  }
  if (c.action === "update") {
    if (!current) throw new ConflictError(`cannot revert ${describe(c)}: ${what(c)} no longer exists`, { change: changeId(c.seq) });
    values.delete(t.key);
    await tx
      .update(table)
      .set(Object.fromEntries(values) as never)
      .where(eq(keyColumn, key as number));
    return;
  }
  if (current) throw new ConflictError(`cannot revert ${describe(c)}: ${what(c)} exists again`, { change: changeId(c.seq) });
  await tx.insert(table).values(Object.fromEntries(values) as never);
  if (t.entity === "provider" && values.get("apiKeyEncrypted") != null) {
    warnings.push(`provider ${show(String(values.get("name")))} has its literal API key back (the ciphertext kept by the history; it decrypts with the master key it was stored under)`);
  }
}

/** Deleting a group or provider would take rows with it, or be refused by the database: say which instead. */
async function refuseDependents(tx: Tx, t: HistoryTable, c: RawChange, key: unknown): Promise<void> {
  const checks: { query: ReturnType<typeof sql>; words: string }[] =
    t.entity === "group"
      ? [
          { query: sql`select name as label from aliases where group_id = ${key} order by name limit 5`, words: "aliases point at it" },
          { query: sql`select id as label from deployments where group_id = ${key} order by id limit 5`, words: "it has deployments added since" },
        ]
      : t.entity === "provider"
        ? [{ query: sql`select id as label from deployments where provider_id = ${key} order by id limit 5`, words: "deployments use it" }]
        : [];
  for (const check of checks) {
    const found = await rows<{ label: string | number }>(tx, sql`${check.query} /* history */`);
    if (found.length === 0) continue;
    const labels = found.map((r) => (typeof r.label === "string" ? show(r.label) : String(r.label))).join(", ");
    throw new ConflictError(`cannot revert ${describe(c)}: ${check.words} (${labels}); remove them first, or revert the changes that added them`, { change: changeId(c.seq) });
  }
}

/** The foreign keys of each history table, by SQL name (the same on both dialects: test/pg-schema.test.ts). */
const FOREIGN_KEYS = new Map(
  HISTORY_TABLES.map((t) => [
    t.entity,
    getTableConfig(t.table as SQLiteTable).foreignKeys.map((fk) => {
      const ref = fk.reference();
      return { column: ref.columns[0]!.name, parent: getTableName(ref.foreignTable), parentColumn: ref.foreignColumns[0]!.name };
    }),
  ]),
);

/**
 * After every row is back: a reference to a row that is gone names the change that removed it.
 * Only tables the revert wrote rows into can hold one (a removed parent cascades, or refuses).
 */
async function checkForeignKeys(tx: Tx, changes: RawChange[]): Promise<void> {
  const written = new Set(changes.filter((c) => c.action !== "insert").map((c) => c.entity));
  for (const t of HISTORY_TABLES) {
    if (!written.has(t.entity)) continue;
    for (const fk of FOREIGN_KEYS.get(t.entity)!) {
      const [broken] = await rows<{ row_key: string | number; value: string | number }>(
        tx,
        sql`select c.${sql.raw(quote(t.key))} as row_key, c.${sql.raw(quote(fk.column))} as value from ${sql.raw(quote(t.name))} c where c.${sql.raw(quote(fk.column))} is not null and not exists (select 1 from ${sql.raw(quote(fk.parent))} p where p.${sql.raw(quote(fk.parentColumn))} = c.${sql.raw(quote(fk.column))}) limit 1 /* history */`,
      );
      if (!broken) continue;
      const value = String(broken.value);
      const parent = HISTORY_TABLES.find((p) => p.name === fk.parent);
      const [removal] = parent ? await changesWhere(tx, sql`h.entity = ${parent.entity} and h.entity_id = ${value} and h.action = 'delete' order by h.seq desc limit 1`) : [];
      throw new ConflictError(
        `the revert would leave ${t.name} row ${String(broken.row_key)} pointing at ${fk.parent} ${show(value)} , which no longer exists` +
          (removal ? ` (removed by ${describe(removal)}); revert that change first` : "; restore it first"),
      );
    }
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
