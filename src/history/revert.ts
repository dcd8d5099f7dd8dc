/**
 * `revertChange`: undoes one change or a whole change set as a new change set with source REVERT,
 * in one immediate transaction (docs/history.md, "Revert"). Row level, newest change first: an
 * insert is undone by deleting the row, an update by writing the before values back, a delete by
 * inserting the before row again with its id. Foreign keys are checked at the end (rows come back
 * in any order), and a public name comes back with its group or alias.
 *
 * Refused, with nothing written: an unknown id (NOT_FOUND); a change or set already reverted
 * (CONFLICT naming the revert); a row changed since (CONFLICT naming that later change: its state
 * is not the one the change left); a registry change (its content is not kept); a revert that
 * would break the catalog (a name taken since, a group that gained aliases, a provider that
 * gained deployments: CONFLICT saying which).
 */
import Database from "better-sqlite3";
import type { Db } from "../db/client.ts";
import type { HistoryEntity } from "../db/schema.ts";
import { BadUserInputError, ConflictError, NotFoundError } from "../errors.ts";
import { show } from "../catalog/validation.ts";
import { currentActor, runAs, UNKNOWN_ACTOR } from "./actor.ts";
import { changeId, changeSetId, type HistoryTarget } from "./ids.ts";
import { API_KEY_MARKER, HISTORY_TABLE_OF, HISTORY_TABLES, type HistoryTable } from "./tables.ts";

export interface RevertResult {
  /** The new change set (source REVERT). */
  setId: number;
  warnings: string[];
}

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

const ENTITY_WORDS: Record<HistoryEntity, string> = {
  provider: "provider",
  group: "model group",
  deployment: "deployment",
  alias: "alias",
  registry: "model registry",
  document: "config document",
};

const ACTION_WORDS = { insert: "created", update: "updated", delete: "deleted" } as const;

const RAW = "select h.*, s.actor from change_history h left join change_sets s on s.id = h.change_set";

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

function isConstraintError(error: unknown): error is InstanceType<typeof Database.SqliteError> {
  return error instanceof Database.SqliteError && String(error.code).startsWith("SQLITE_CONSTRAINT");
}

export function revert(db: Db, target: HistoryTarget, label: string = target.kind === "change" ? changeId(target.seq) : changeSetId(target.id)): RevertResult {
  const sqlite = db.$client;
  const actor = currentActor()?.actor ?? UNKNOWN_ACTOR;
  const summary = target.kind === "change" ? `revert of change ${label}` : `revert of change set ${label}`;
  return runAs({ actor, source: "REVERT", summary }, () =>
    sqlite.transaction((): RevertResult => {
      const changes = load(sqlite, target, label);
      refuseReverted(sqlite, target, changes);
      const registry = changes.find((c) => c.entity === "registry");
      if (registry) {
        throw new BadUserInputError(
          `${describe(registry)} cannot be reverted: the history does not keep a registry's content; import the older registry file again (importFacts, or modelgraph facts import FILE)`,
          { change: changeId(registry.seq) },
        );
      }
      refuseChangedSince(sqlite, changes);
      sqlite.pragma("defer_foreign_keys = ON");
      const open = sqlite.prepare("select id from change_sets where open = 1 /* history */").get() as { id: number } | undefined;
      if (!open) throw new Error("revert: no open change set (the transaction wrapper of src/db/client.ts did not open one)");
      sqlite
        .prepare("update change_sets set reverts_set = ?, reverts_change = ? where id = ? /* history */")
        .run(target.kind === "set" ? target.id : null, target.kind === "change" ? target.seq : null, open.id);
      const warnings: string[] = [];
      for (const change of [...changes].reverse()) {
        try {
          undo(sqlite, change, warnings);
        } catch (error) {
          if (!isConstraintError(error)) throw error;
          throw new ConflictError(`reverting ${describe(change)} is refused: ${error.message.replace(/^UNIQUE constraint failed/, "another row already has the same")}`, {
            change: changeId(change.seq),
          });
        }
      }
      checkForeignKeys(sqlite);
      return { setId: open.id, warnings };
    }).immediate(),
  );
}

function load(sqlite: Database.Database, target: HistoryTarget, label: string): RawChange[] {
  const keeps = "the history keeps changes for MODELGRAPH_HISTORY_DAYS days (default 90)";
  if (target.kind === "change") {
    const row = sqlite.prepare(`${RAW} where h.seq = ? /* history */`).get(target.seq) as RawChange | undefined;
    if (!row) throw new NotFoundError(`no change has the id ${show(label)}; pass the id of a change from changes, or of a change set; ${keeps}`, { id: label });
    return [row];
  }
  const set = sqlite.prepare("select id from change_sets where id = ? and open = 0 /* history */").get(target.id);
  const rows = set ? (sqlite.prepare(`${RAW} where h.change_set = ? order by h.seq /* history */`).all(target.id) as RawChange[]) : [];
  if (rows.length === 0) throw new NotFoundError(`no change set has the id ${show(label)}; pass the id of a change set (Change.changeSet.id), or of one change; ${keeps}`, { id: label });
  return rows;
}

/** CONFLICT when a revert of the change (or of its whole set) stands: one that was not itself reverted. */
function refuseReverted(sqlite: Database.Database, target: HistoryTarget, changes: RawChange[]): void {
  const standing = "not exists (select 1 from change_sets u where u.reverts_set = r.id)";
  const row =
    target.kind === "change"
      ? (sqlite
          .prepare(`select r.id, r.at, r.actor, r.summary from change_sets r where (r.reverts_change = ? or r.reverts_set = ?) and ${standing} order by r.id desc limit 1 /* history */`)
          .get(target.seq, changes[0]!.change_set ?? -1) as SetRow | undefined)
      : (sqlite
          .prepare(
            `select r.id, r.at, r.actor, r.summary from change_sets r where (r.reverts_set = ? or r.reverts_change in (select seq from change_history where change_set = ?)) and ${standing} order by r.id desc limit 1 /* history */`,
          )
          .get(target.id, target.id) as SetRow | undefined);
  if (!row) return;
  const subject = target.kind === "change" ? describe(changes[0]!) : `change set ${changeSetId(target.id)}`;
  throw new ConflictError(`${subject} was already reverted by ${describeSet(row)}; revert that change set to redo it`, { revertedBy: changeSetId(row.id) });
}

/**
 * CONFLICT naming the newest later change of any row the revert touches, when that row is no
 * longer as the reverted change left it (later changes that cancel out, such as a change and its
 * revert, do not count).
 */
function refuseChangedSince(sqlite: Database.Database, changes: RawChange[]): void {
  const last = new Map<string, RawChange>();
  for (const c of changes) last.set(`${c.entity}\u0000${c.entity_id}`, c);
  const later = sqlite.prepare(`${RAW} where h.entity = ? and h.entity_id = ? and h.seq > ? order by h.seq desc limit 1 /* history */`);
  for (const c of last.values()) {
    const newest = later.get(c.entity, c.entity_id, c.seq) as RawChange | undefined;
    if (!newest || state(newest.after, newest.after_sealed) === state(c.after, c.after_sealed)) continue;
    throw new ConflictError(
      `cannot revert ${describe(c)}: ${what(c)} was changed since, by ${describe(newest)}; revert that change first, or edit ${what(c)} by hand`,
      { change: changeId(c.seq), conflictingChange: changeId(newest.seq) },
    );
  }
}

/** The row's columns from a change's JSON (keys missing there, e.g. columns added since, are left out). */
function columnsOf(t: HistoryTable, json: string, sealedJson: string | null): Map<string, unknown> {
  const value = JSON.parse(json) as Record<string, unknown>;
  const sealed = sealedJson ? (JSON.parse(sealedJson) as Record<string, string>) : {};
  const out = new Map<string, unknown>();
  for (const c of t.columns) {
    if (c.kind === "secret") {
      out.set(c.column, sealed[c.column] ?? null);
      continue;
    }
    if (c.kind === "omitted" || !(c.field in value)) continue;
    const v = value[c.field];
    switch (c.kind) {
      case "sealed-json":
        out.set(c.column, sealed[c.column] ?? (v == null ? null : JSON.stringify(v)));
        break;
      case "json":
        out.set(c.column, v == null ? null : JSON.stringify(v));
        break;
      case "timestamp":
        out.set(c.column, v == null ? null : Date.parse(String(v)));
        break;
      case "boolean":
        out.set(c.column, v == null ? null : v ? 1 : 0);
        break;
      default:
        out.set(c.column, v ?? null);
    }
  }
  return out;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function keyOf(t: HistoryTable, c: RawChange): unknown {
  return t.key === "id" ? Number(c.entity_id) : c.entity_id;
}

/** Groups and aliases own a row of the public-name namespace. */
function publicKind(t: HistoryTable): "group" | "alias" | undefined {
  return t.entity === "group" ? "group" : t.entity === "alias" ? "alias" : undefined;
}

function undo(sqlite: Database.Database, c: RawChange, warnings: string[]): void {
  const t = HISTORY_TABLE_OF.get(c.entity)!;
  const key = keyOf(t, c);
  const current = sqlite.prepare(`select * from ${quote(t.name)} where ${quote(t.key)} = ? /* history */`).get(key) as Record<string, unknown> | undefined;
  const kind = publicKind(t);
  if (c.action === "insert") {
    if (!current) {
      warnings.push(`${what(c)} of ${describe(c)} is gone already; nothing to delete`);
      return;
    }
    refuseDependents(sqlite, t, c, key);
    sqlite.prepare(`delete from ${quote(t.name)} where ${quote(t.key)} = ? /* history */`).run(key);
    if (kind) sqlite.prepare("delete from public_names where name = ? and kind = ? /* history */").run(current.name, kind);
    return;
  }
  const values = columnsOf(t, c.before!, c.before_sealed);
  if (kind) {
    const name = values.get("name") as string;
    const holder = sqlite.prepare("select kind from public_names where name = ? /* history */").get(name) as { kind: string } | undefined;
    const ours = current && current.name === name;
    if (holder && !ours) {
      throw new ConflictError(`cannot revert ${describe(c)}: the name ${show(name)} is now taken by ${holder.kind === "alias" ? "an alias" : "a model group"}; rename or remove it first`, {
        change: changeId(c.seq),
      });
    }
    if (current && !ours) sqlite.prepare("update public_names set name = ? where name = ? /* history */").run(name, current.name);
    if (!current) sqlite.prepare("insert into public_names (name, kind) values (?, ?) /* history */").run(name, kind);
  }
  if (c.action === "update") {
    if (!current) throw new ConflictError(`cannot revert ${describe(c)}: ${what(c)} no longer exists`, { change: changeId(c.seq) });
    values.delete(t.key);
    const columns = [...values.keys()];
    sqlite.prepare(`update ${quote(t.name)} set ${columns.map((col) => `${quote(col)} = ?`).join(", ")} where ${quote(t.key)} = ? /* history */`).run(...values.values(), key);
    return;
  }
  if (current) throw new ConflictError(`cannot revert ${describe(c)}: ${what(c)} exists again`, { change: changeId(c.seq) });
  const columns = [...values.keys()];
  sqlite.prepare(`insert into ${quote(t.name)} (${columns.map(quote).join(", ")}) values (${columns.map(() => "?").join(", ")}) /* history */`).run(...values.values());
  if (t.entity === "provider" && values.get("api_key_encrypted") != null) {
    warnings.push(`provider ${show(String(values.get("name")))} has its literal API key back (the ciphertext kept by the history; it decrypts with the master key it was stored under)`);
  }
}

/** Deleting a group or provider would take rows with it, or be refused by the database: say which instead. */
function refuseDependents(sqlite: Database.Database, t: HistoryTable, c: RawChange, key: unknown): void {
  const checks: { sql: string; words: string }[] =
    t.entity === "group"
      ? [
          { sql: "select name as label from aliases where group_id = ? order by name limit 5", words: "aliases point at it" },
          { sql: "select id as label from deployments where group_id = ? order by id limit 5", words: "it has deployments added since" },
        ]
      : t.entity === "provider"
        ? [{ sql: "select id as label from deployments where provider_id = ? order by id limit 5", words: "deployments use it" }]
        : [];
  for (const check of checks) {
    const rows = sqlite.prepare(`${check.sql} /* history */`).all(key) as { label: string | number }[];
    if (rows.length === 0) continue;
    const labels = rows.map((r) => (typeof r.label === "string" ? show(r.label) : String(r.label))).join(", ");
    throw new ConflictError(`cannot revert ${describe(c)}: ${check.words} (${labels}); remove them first, or revert the changes that added them`, { change: changeId(c.seq) });
  }
}

/** After every row is back: a reference to a row that is gone names the change that removed it. */
function checkForeignKeys(sqlite: Database.Database): void {
  const broken = sqlite.pragma("foreign_key_check") as { table: string; rowid: number; parent: string; fkid: number }[];
  const first = broken[0];
  if (!first) return;
  const fk = (sqlite.pragma(`foreign_key_list(${quote(first.table)})`) as { id: number; from: string; to: string; table: string }[]).find((f) => f.id === first.fkid);
  const row = sqlite.prepare(`select * from ${quote(first.table)} where rowid = ? /* history */`).get(first.rowid) as Record<string, unknown> | undefined;
  const value = fk && row ? row[fk.from] : undefined;
  const parent = HISTORY_TABLES.find((t) => t.name === first.parent);
  const removal =
    parent && value !== undefined
      ? (sqlite
          .prepare(`${RAW} where h.entity = ? and h.entity_id = ? and h.action = 'delete' order by h.seq desc limit 1 /* history */`)
          .get(parent.entity, String(value)) as RawChange | undefined)
      : undefined;
  throw new ConflictError(
    `the revert would leave ${first.table} row ${first.rowid} pointing at ${first.parent} ${value === undefined ? "" : `${show(String(value))} `}, which no longer exists` +
      (removal ? ` (removed by ${describe(removal)}); revert that change first` : "; restore it first"),
  );
}
