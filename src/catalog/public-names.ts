import type Database from "better-sqlite3";
import { count, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { aliases, deployments, modelGroups, publicNames } from "../db/schema.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { closestNames } from "./suggest.ts";
import { show } from "./validation.ts";

/** Db or a transaction: both expose the same query builder. */
export type Tx = Pick<Db, "select" | "insert" | "update" | "delete" | "query" | "run" | "all" | "get">;

/** Says what already owns a public name, e.g. `an alias (it points at "claude-sonnet")`. */
export function describePublicName(tx: Tx, name: string): string | null {
  const owner = tx.select().from(publicNames).where(eq(publicNames.name, name)).get();
  if (!owner) return null;
  if (owner.kind === "alias") {
    const row = tx
      .select({ target: modelGroups.name })
      .from(aliases)
      .innerJoin(modelGroups, eq(aliases.groupId, modelGroups.id))
      .where(eq(aliases.name, name))
      .get();
    return `an alias (it points at ${show(row?.target ?? "?")})`;
  }
  const group = tx.select({ id: modelGroups.id }).from(modelGroups).where(eq(modelGroups.name, name)).get();
  const n = group ? (tx.select({ n: count() }).from(deployments).where(eq(deployments.groupId, group.id)).get()?.n ?? 0) : 0;
  return `a model group (with ${n} deployment${n === 1 ? "" : "s"})`;
}

/**
 * Takes `name` for a group or an alias, or throws CONFLICT naming what already has it.
 * `knownFree`: the caller has checked inside the same transaction (bulk imports); the primary key
 * still refuses a duplicate.
 */
export function claimPublicName(tx: Tx, name: string, kind: "group" | "alias", knownFree = false): void {
  const existing = knownFree ? null : describePublicName(tx, name);
  if (existing) {
    throw new ConflictError(`${show(name)} is already ${existing}; groups and aliases share one namespace, choose another name`, {
      name,
    });
  }
  insertName(tx, name, kind);
}

/**
 * A statement prepared once per connection and kept in `cache` (bulk imports run thousands).
 * Statements run on the connection, so one prepared on the transaction's session serves all of it.
 */
export function preparedOn<T>(cache: WeakMap<object, T>, tx: Tx, prepare: () => T): T {
  const session = (tx as unknown as { session: object }).session ?? tx;
  let statement = cache.get(session);
  if (!statement) {
    statement = prepare();
    cache.set(session, statement);
  }
  return statement;
}

const namesInsert = new WeakMap<object, { run(values: { name: string; kind: string }): unknown }>();

/** The insert into public_names, prepared once per database. */
function insertName(tx: Tx, name: string, kind: "group" | "alias"): void {
  preparedOn(namesInsert, tx, () => tx.insert(publicNames).values({ name: sql.placeholder("name"), kind: sql.placeholder("kind") }).prepare()).run({ name, kind });
}

export function renamePublicName(tx: Tx, from: string, to: string): void {
  if (from === to) return;
  const existing = describePublicName(tx, to);
  if (existing) {
    throw new ConflictError(`cannot rename ${show(from)} to ${show(to)}: ${show(to)} is already ${existing}`, { name: to });
  }
  // ON UPDATE CASCADE carries the new name into model_groups.name / aliases.name.
  tx.update(publicNames).set({ name: to }).where(eq(publicNames.name, from)).run();
}

export function releasePublicName(tx: Tx, name: string): void {
  tx.delete(publicNames).where(eq(publicNames.name, name)).run();
}

export function allPublicNames(tx: Tx): string[] {
  return tx
    .select({ name: publicNames.name })
    .from(publicNames)
    .all()
    .map((r) => r.name);
}

/** NOT_FOUND for a public name, with the closest existing names in `extensions.suggestions`. */
export function publicNameNotFound(tx: Tx, name: string, what: string): NotFoundError {
  const suggestions = suggestNames(tx, name);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => show(s)).join(", ")}?` : "";
  return new NotFoundError(`${what} ${show(name)} does not exist${hint}`, { name, suggestions });
}

/** The public names of one database version, and the suggestions already given at it. */
interface NameIndex {
  version: string;
  names: string[];
  lowered: string[];
  answers: Map<string, string[]>;
}

/** Suggestions kept per database version (the same unknown name asked again costs nothing). */
const ANSWERS_KEPT = 256;

const nameIndexes = new WeakMap<Database.Database, NameIndex>();

/**
 * Suggestions for an unknown name. Outside a transaction the name list is read once per
 * database version (`total_changes()` and `PRAGMA data_version`, as the response cache does),
 * so a query of many unknown names does not reload every name for each of them; inside one the
 * names may yet be rolled back, so they are read fresh and nothing is kept.
 */
function suggestNames(tx: Tx, wanted: string): string[] {
  const client = (tx as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client || client.inTransaction) return closestNames(wanted, allPublicNames(tx));
  const version = `${client.prepare("select total_changes()").pluck().get() as number}:${client.pragma("data_version", { simple: true }) as number}`;
  let index = nameIndexes.get(client);
  if (index?.version !== version) {
    const names = allPublicNames(tx);
    index = { version, names, lowered: names.map((n) => n.toLowerCase()), answers: new Map() };
    nameIndexes.set(client, index);
  }
  let answer = index.answers.get(wanted);
  if (!answer) {
    answer = closestNames(wanted, index.names, 5, index.lowered);
    if (index.answers.size >= ANSWERS_KEPT) index.answers.delete(index.answers.keys().next().value!);
    index.answers.set(wanted, answer);
  }
  return [...answer];
}
