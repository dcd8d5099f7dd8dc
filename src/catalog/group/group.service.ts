import type Database from "better-sqlite3";
import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { aliases, deployments, modelGroups, publicNames, type GroupFallback, type ModelGroupRow } from "../../db/schema.ts";
import { BadUserInputError, ConflictError } from "../../errors.ts";
import { checkSearch, decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../paging.ts";
import type { Payload } from "../provider/provider.service.ts";
import { claimPublicName, describePublicName, preparedOn, publicNameNotFound, releasePublicName, renamePublicName, type Tx } from "../public-names.ts";
import { lookAlikeWarningIn, show, validateDescription, validatePublicName } from "../validation.ts";
import { isPattern } from "../pattern.ts";
import { validateFallbacks, type FallbackRuleData } from "./group.fallbacks.ts";
import { isModelMode, MODEL_MODES } from "./modes.ts";

export interface CreateGroupData {
  name: string;
  description?: string | null;
  mode?: string | null;
  /** Where a failing call goes next; [] or null: nowhere. */
  fallbacks?: readonly FallbackRuleData[] | null;
  /** LiteLLM `model: "*"`: a pattern group routed by the requested name itself (no deployments). */
  passthrough?: boolean | null;
}

export type UpdateGroupData = { [K in keyof CreateGroupData]?: CreateGroupData[K] | null };

function validatePassthrough(name: string, passthrough: boolean): void {
  if (passthrough && !isPattern(name)) {
    throw new BadUserInputError(
      `passthrough: ${show(name)} is not a pattern; only a name with * (LiteLLM's "*" route) can pass requests through by their own name`,
      { field: "passthrough" },
    );
  }
}

/** Stored form of fallback rules: null for none. */
function storedFallbacks(rules: GroupFallback[]): GroupFallback[] | null {
  return rules.length > 0 ? rules : null;
}

function validateMode(mode: string | null | undefined): string | undefined {
  if (mode == null) return undefined;
  if (!isModelMode(mode)) throw new BadUserInputError(`mode ${show(mode)} is not known; accepted: ${MODEL_MODES.join(", ")}`, { field: "mode" });
  return mode;
}

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(search: string): string {
  return "%" + search.replace(/[\\%_]/g, (c) => "\\" + c) + "%";
}

const groupInsert = new WeakMap<object, { get(values: Record<string, unknown>): unknown }>();

export class GroupService {
  constructor(private readonly db: Db) {}

  /** The SQL condition for `search` (a case-insensitive substring of the name), after checking its length. */
  private searchCondition(search: string | null | undefined) {
    checkSearch(search);
    // Case-insensitive substring match; the ESCAPE clause makes % and _ in the search literal.
    return search ? sql`${modelGroups.name} like ${likePattern(search)} escape '\\'` : undefined;
  }

  page(req: PageRequest, search?: string | null): Page<ModelGroupRow> {
    const limit = pageSize(req.first);
    const after = req.after != null ? decodeCursor<string>(req.after, "string") : null;
    const filter = this.searchCondition(search);
    const rows = this.db
      .select()
      .from(modelGroups)
      .where(and(filter, after != null ? gt(modelGroups.name, after) : undefined))
      .orderBy(asc(modelGroups.name))
      .limit(limit + 1)
      .all();
    const total = this.db.select({ n: count() }).from(modelGroups).where(filter).get()?.n ?? 0;
    return toPage(rows, limit, req, total, (g) => g.name);
  }

  /** Every group matching `search` (all of them without one), by name, in one statement. */
  matching(search?: string | null): ModelGroupRow[] {
    return this.db.select().from(modelGroups).where(this.searchCondition(search)).orderBy(asc(modelGroups.name)).all();
  }

  /** Names are stored in NFC, so any spelling of one finds it. */
  byName(name: string, tx: Tx = this.db): ModelGroupRow | undefined {
    return tx.select().from(modelGroups).where(eq(modelGroups.name, name.normalize("NFC"))).get();
  }

  /** Every group, by name, in one statement (the REST listings show the whole catalog). */
  all(): ModelGroupRow[] {
    return this.db.select().from(modelGroups).orderBy(asc(modelGroups.name)).all();
  }

  /**
   * The pattern groups (names containing `*`), in creation order: resolution sorts them by
   * specificity, and equal ones keep this order, as LiteLLM keeps its config order. One statement.
   */
  patterns(): readonly ModelGroupRow[] {
    // Finding them scans every name (no index can), so the list is kept per database version
    // (this connection's total_changes() and PRAGMA data_version for other processes), as the
    // name suggestions are; inside a transaction it is read fresh and not kept.
    const client = this.db.$client;
    const read = () => this.db.select().from(modelGroups).where(sql`instr(${modelGroups.name}, '*') > 0`).orderBy(asc(modelGroups.id)).all();
    if (client.inTransaction) return read();
    this.ownWrites ??= client.prepare("select total_changes()").pluck();
    const version = `${this.ownWrites.get() as number}:${client.pragma("data_version", { simple: true }) as number}`;
    if (this.patternCache?.version !== version) this.patternCache = { version, rows: read() };
    return this.patternCache.rows;
  }

  private patternCache: { version: string; rows: readonly ModelGroupRow[] } | undefined;
  private ownWrites: Database.Statement | undefined;

  byId(id: number): ModelGroupRow | undefined {
    return this.db.select().from(modelGroups).where(eq(modelGroups.id, id)).get();
  }

  byIds(ids: readonly number[]): ModelGroupRow[] {
    if (ids.length === 0) return [];
    return this.db.select().from(modelGroups).where(inArray(modelGroups.id, [...ids])).all();
  }

  /**
   * The group called `name`. An alias name gets a BAD_USER_INPUT that names its target (the
   * caller asked for a group); anything else NOT_FOUND with suggestions.
   */
  require(name: string, tx: Tx = this.db, what = "model group"): ModelGroupRow {
    const row = this.byName(name, tx);
    if (row) return row;
    const owner = tx.select().from(publicNames).where(eq(publicNames.name, name)).get();
    if (owner?.kind === "alias") {
      throw new BadUserInputError(`${show(name)} is ${describePublicName(tx, name)}, not a model group; use the group it points at`, { name });
    }
    throw publicNameNotFound(tx, name, what);
  }

  create(data: CreateGroupData): Payload<ModelGroupRow> {
    const name = validatePublicName(data.name, "name");
    const description = validateDescription(data.description);
    const mode = validateMode(data.mode) ?? "chat";
    const passthrough = data.passthrough ?? false;
    validatePassthrough(name, passthrough);
    const fallbacks = storedFallbacks(validateFallbacks(data.fallbacks ?? [], { name, aliases: [] }, "input.fallbacks"));
    const row = this.db.transaction(
      (tx) => {
        const inserted = this.insert(tx, name, description, mode);
        if (fallbacks === null && !passthrough) return inserted;
        return tx.update(modelGroups).set({ fallbacks, passthrough }).where(eq(modelGroups.id, inserted.id)).returning().get();
      },
      { behavior: "immediate" },
    );
    const warnings = name.includes("/")
      ? [`group name ${show(name)} contains '/': resolve() finds it by name before trying "<provider>/<model>"`]
      : [];
    const lookAlike = lookAlikeWarningIn(this.db, name, "group name");
    if (lookAlike) warnings.push(lookAlike);
    return { value: row, warnings };
  }

  /** NOT_FOUND for any public name, with the closest existing names as suggestions. */
  nameNotFound(name: string, what: string): Error {
    return publicNameNotFound(this.db, name, what);
  }

  /** Claims the public name and inserts the group, inside the caller's transaction. */
  insert(tx: Tx, name: string, description: string | null, mode: string, knownFree = false): ModelGroupRow {
    claimPublicName(tx, name, "group", knownFree);
    const p = sql.placeholder;
    // Prepared once per connection: an import inserts thousands (drizzle builds a statement per call otherwise).
    const statement = preparedOn(groupInsert, tx, () =>
      tx.insert(modelGroups).values({ name: p("name"), description: p("description"), mode: p("mode"), createdAt: p("now"), updatedAt: p("now") }).returning().prepare(),
    );
    return statement.get({ name, description, mode, now: new Date() }) as ModelGroupRow;
  }

  update(currentName: string, patch: UpdateGroupData): Payload<ModelGroupRow> {
    const name = patch.name != null ? validatePublicName(patch.name, "name") : undefined;
    const description = patch.description !== undefined ? validateDescription(patch.description) : undefined;
    const mode = validateMode(patch.mode);
    const row = this.db.transaction(
      (tx) => {
        const existing = this.require(currentName, tx);
        const finalName = name ?? existing.name;
        const passthrough = patch.passthrough ?? existing.passthrough;
        validatePassthrough(finalName, passthrough);
        if (passthrough && !existing.passthrough) {
          const n = tx.select({ n: count() }).from(deployments).where(eq(deployments.groupId, existing.id)).get()?.n ?? 0;
          if (n > 0) {
            throw new BadUserInputError(
              `passthrough: model group ${show(existing.name)} has ${n} deployment(s); a passthrough group routes by the requested name and has none (remove them first)`,
              { field: "passthrough" },
            );
          }
        }
        // The rules are checked against the name the group will have and every alias it has.
        const aliasNames = () => tx.select({ name: aliases.name }).from(aliases).where(eq(aliases.groupId, existing.id)).all().map((a) => a.name);
        let fallbacks: GroupFallback[] | null | undefined;
        if (patch.fallbacks != null) {
          fallbacks = storedFallbacks(validateFallbacks(patch.fallbacks, { name: finalName, aliases: aliasNames() }, "input.fallbacks"));
        } else if (name !== undefined && existing.fallbacks?.some((rule) => rule.to.includes(name))) {
          throw new BadUserInputError(
            `name: ${show(name)} is one of this group's fallback targets, so the renamed group would fall back to itself; change its fallbacks in the same update`,
            { field: "name" },
          );
        }
        if (name !== undefined) renamePublicName(tx, existing.name, name);
        return tx
          .update(modelGroups)
          .set({
            ...(description !== undefined ? { description } : {}),
            ...(mode !== undefined ? { mode } : {}),
            ...(fallbacks !== undefined ? { fallbacks } : {}),
            ...(patch.passthrough != null ? { passthrough } : {}),
            updatedAt: new Date(),
          })
          .where(eq(modelGroups.id, existing.id))
          .returning()
          .get();
      },
      { behavior: "immediate" },
    );
    const lookAlike = name !== undefined ? lookAlikeWarningIn(this.db, name, "group name") : null;
    return { value: row, warnings: lookAlike ? [lookAlike] : [] };
  }

  /** Refuses while aliases point at the group, unless `force`, which removes those aliases too. */
  delete(name: string, force: boolean): Payload<{ group: ModelGroupRow; removedAliases: string[]; removedDeployments: number }> {
    return this.db.transaction(
      (tx) => {
        const group = this.require(name, tx);
        const pointing = tx
          .select({ name: aliases.name })
          .from(aliases)
          .where(eq(aliases.groupId, group.id))
          .orderBy(asc(aliases.name))
          .all()
          .map((a) => a.name);
        if (pointing.length > 0 && !force) {
          throw new ConflictError(
            `model group ${show(name)} has ${pointing.length} alias(es) pointing at it (${pointing.slice(0, 5).map((a) => show(a)).join(", ")}${pointing.length > 5 ? ", …" : ""}); retarget or remove them, or pass force: true to remove them with the group`,
            { name, aliases: pointing },
          );
        }
        const removedDeployments = tx.select({ n: count() }).from(deployments).where(eq(deployments.groupId, group.id)).get()?.n ?? 0;
        for (const alias of pointing) releasePublicName(tx, alias);
        // Deleting the name cascades to the group row, and from there to its deployments.
        releasePublicName(tx, group.name);
        const warnings = pointing.length > 0 ? [`removed alias(es) ${pointing.map((a) => show(a)).join(", ")}`] : [];
        return { value: { group, removedAliases: pointing, removedDeployments }, warnings };
      },
      { behavior: "immediate" },
    );
  }
}
