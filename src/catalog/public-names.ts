import type Database from "better-sqlite3";
import { count, eq, sql } from "drizzle-orm";
import { one, stmt, type Tx } from "../db/store.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { closestNames } from "./suggest.ts";
import { show } from "./validation.ts";

export type { Tx };

/** The owner of a public name, prepared once per database (every name claimed looks first). */
const nameOwner = new WeakMap<object, { execute(values: { name: string }): PromiseLike<unknown[]> }>();

/** Says what already owns a public name, e.g. `an alias (it points at "claude-sonnet")`. */
export async function describePublicName(tx: Tx, name: string): Promise<string | null> {
  const { publicNames, aliases, modelGroups, deployments } = tx.t;
  const statement = stmt(nameOwner, tx, () =>
    tx
      .select()
      .from(publicNames)
      .where(eq(publicNames.name, sql.placeholder("name")))
      .prepare(),
  );
  const owner = ((await statement.execute({ name })) as { name: string; kind: string }[])[0];
  if (!owner) return null;
  if (owner.kind === "alias") {
    const row = await one(
      tx
        .select({ target: modelGroups.name })
        .from(aliases)
        .innerJoin(modelGroups, eq(aliases.groupId, modelGroups.id))
        .where(eq(aliases.name, name)),
    );
    return `an alias (it points at ${show(row?.target ?? "?")})`;
  }
  const group = await one(tx.select({ id: modelGroups.id }).from(modelGroups).where(eq(modelGroups.name, name)));
  const n = group ? ((await one(tx.select({ n: count() }).from(deployments).where(eq(deployments.groupId, group.id))))?.n ?? 0) : 0;
  return `a model group (with ${n} deployment${n === 1 ? "" : "s"})`;
}

/**
 * Takes `name` for a group or an alias, or throws CONFLICT naming what already has it.
 * `knownFree`: the caller has checked inside the same transaction (bulk imports); the primary key
 * still refuses a duplicate.
 */
export async function claimPublicName(tx: Tx, name: string, kind: "group" | "alias", knownFree = false): Promise<void> {
  const existing = knownFree ? null : await describePublicName(tx, name);
  if (existing) {
    throw new ConflictError(`${show(name)} is already ${existing}; groups and aliases share one namespace, choose another name`, {
      name,
    });
  }
  await insertName(tx, name, kind);
}

const namesInsert = new WeakMap<object, { execute(values: { name: string; kind: string }): PromiseLike<unknown> }>();

/** The insert into public_names, prepared once per database. */
async function insertName(tx: Tx, name: string, kind: "group" | "alias"): Promise<void> {
  const { publicNames } = tx.t;
  await stmt(namesInsert, tx, () => tx.insert(publicNames).values({ name: sql.placeholder("name"), kind: sql.placeholder("kind") }).prepare()).execute({ name, kind });
}

export async function renamePublicName(tx: Tx, from: string, to: string): Promise<void> {
  if (from === to) return;
  const { publicNames } = tx.t;
  const existing = await describePublicName(tx, to);
  if (existing) {
    throw new ConflictError(`cannot rename ${show(from)} to ${show(to)}: ${show(to)} is already ${existing}`, { name: to });
  }
  // ON UPDATE CASCADE carries the new name into model_groups.name / aliases.name.
  await tx.update(publicNames).set({ name: to }).where(eq(publicNames.name, from));
}

export async function releasePublicName(tx: Tx, name: string): Promise<void> {
  const { publicNames } = tx.t;
  await tx.delete(publicNames).where(eq(publicNames.name, name));
}

export async function allPublicNames(tx: Tx): Promise<string[]> {
  const { publicNames } = tx.t;
  return (await tx.select({ name: publicNames.name }).from(publicNames)).map((r) => r.name);
}

/** NOT_FOUND for a public name, with the closest existing names in `extensions.suggestions`. */
export async function publicNameNotFound(tx: Tx, name: string, what: string): Promise<NotFoundError> {
  const suggestions = await suggestNames(tx, name);
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
async function suggestNames(tx: Tx, wanted: string): Promise<string[]> {
  const client = tx.backend === "sqlite" ? (tx as unknown as { session?: { client?: Database.Database } }).session?.client : undefined;
  if (!client || client.inTransaction) return closestNames(wanted, await allPublicNames(tx));
  const version = `${client.prepare("select total_changes()").pluck().get() as number}:${client.pragma("data_version", { simple: true }) as number}`;
  let index = nameIndexes.get(client);
  if (index?.version !== version) {
    const names = await allPublicNames(tx);
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
