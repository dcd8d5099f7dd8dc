import { asc, count, eq, sql } from "drizzle-orm";
import type { GroupFallback, ModelGroupRow } from "../../db/schema.ts";
import { committed, one, stmt, type Payload, type Store, type Tx } from "../../db/store.ts";
import { BadUserInputError, ConflictError, NotFoundError } from "../../errors.ts";
import type { CatalogSnapshot } from "../../read/snapshot.ts";
import { claimPublicName, describePublicName, publicNameNotFound, releasePublicName, renamePublicName } from "../public-names.ts";
import { closestNames } from "../suggest.ts";
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

const groupInsert = new WeakMap<object, { execute(values: Record<string, unknown>): PromiseLike<unknown[]> }>();

/** The public names of one snapshot, and the suggestions already given for it. */
interface NameIndex {
  names: string[];
  lowered: string[];
  answers: Map<string, string[]>;
}

/** Suggestions kept per snapshot (the same unknown name asked again costs nothing). */
const ANSWERS_KEPT = 256;

const nameIndexes = new WeakMap<CatalogSnapshot, NameIndex>();

/** The select of a group by name, prepared once per database (every write that names a group runs it). */
const groupByName = new WeakMap<object, { execute(values: { name: string }): PromiseLike<unknown[]> }>();

/** The group commands (reads come from the snapshot, src/read/view.ts). */
export class GroupService {
  constructor(private readonly store: Store) {}

  /** Names are stored in NFC, so any spelling of one finds it. */
  async byName(name: string, tx: Tx = this.store.db): Promise<ModelGroupRow | undefined> {
    const { modelGroups } = tx.t;
    const statement = stmt(groupByName, tx, () =>
      tx
        .select()
        .from(modelGroups)
        .where(eq(modelGroups.name, sql.placeholder("name")))
        .prepare(),
    );
    return ((await statement.execute({ name: name.normalize("NFC") })) as ModelGroupRow[])[0];
  }

  /**
   * The group called `name`. An alias name gets a BAD_USER_INPUT that names its target (the
   * caller asked for a group); anything else NOT_FOUND with suggestions.
   */
  async require(name: string, tx: Tx = this.store.db, what = "model group"): Promise<ModelGroupRow> {
    const row = await this.byName(name, tx);
    if (row) return row;
    const { publicNames } = tx.t;
    const owner = await one(tx.select().from(publicNames).where(eq(publicNames.name, name)));
    if (owner?.kind === "alias") {
      throw new BadUserInputError(`${show(name)} is ${await describePublicName(tx, name)}, not a model group; use the group it points at`, { name });
    }
    throw await publicNameNotFound(tx, name, what);
  }

  async create(data: CreateGroupData): Promise<Payload<ModelGroupRow>> {
    const name = validatePublicName(data.name, "name");
    const description = validateDescription(data.description);
    const mode = validateMode(data.mode) ?? "chat";
    const passthrough = data.passthrough ?? false;
    validatePassthrough(name, passthrough);
    const fallbacks = storedFallbacks(validateFallbacks(data.fallbacks ?? [], { name, aliases: [] }, "input.fallbacks"));
    return committed(
      await this.store.transaction(async (tx) => {
        const { modelGroups } = tx.t;
        const inserted = await this.insert(tx, name, description, mode);
        const row =
          fallbacks === null && !passthrough ? inserted : (await tx.update(modelGroups).set({ fallbacks, passthrough }).where(eq(modelGroups.id, inserted.id)).returning())[0]!;
        const warnings = name.includes("/")
          ? [`group name ${show(name)} contains '/': resolve() finds it by name before trying "<provider>/<model>"`]
          : [];
        const lookAlike = await lookAlikeWarningIn(tx, name, "group name");
        if (lookAlike) warnings.push(lookAlike);
        return { value: row, warnings };
      }),
    );
  }

  /**
   * NOT_FOUND for any public name, with the closest names of `snapshot` as suggestions (readers
   * ask: resolve(), subscription filters). The name list is made once per snapshot, so a query of
   * many unknown names does not rebuild it for each.
   */
  nameNotFound(name: string, what: string, snapshot: CatalogSnapshot): NotFoundError {
    let index = nameIndexes.get(snapshot);
    if (!index) {
      const names = [...snapshot.names.keys()];
      index = { names, lowered: names.map((n) => n.toLowerCase()), answers: new Map() };
      nameIndexes.set(snapshot, index);
    }
    let suggestions = index.answers.get(name);
    if (!suggestions) {
      suggestions = closestNames(name, index.names, 5, index.lowered);
      if (index.answers.size >= ANSWERS_KEPT) index.answers.delete(index.answers.keys().next().value!);
      index.answers.set(name, suggestions);
    }
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => show(s)).join(", ")}?` : "";
    return new NotFoundError(`${what} ${show(name)} does not exist${hint}`, { name, suggestions: [...suggestions] });
  }

  /** Claims the public name and inserts the group, inside the caller's transaction. */
  async insert(tx: Tx, name: string, description: string | null, mode: string, knownFree = false): Promise<ModelGroupRow> {
    await claimPublicName(tx, name, "group", knownFree);
    const { modelGroups } = tx.t;
    const p = sql.placeholder;
    // Prepared once per connection: an import inserts thousands (drizzle builds a statement per call otherwise).
    const statement = stmt(groupInsert, tx, () =>
      tx.insert(modelGroups).values({ name: p("name"), description: p("description"), mode: p("mode"), createdAt: p("now"), updatedAt: p("now") }).returning().prepare(),
    );
    return (await statement.execute({ name, description, mode, now: new Date() }))[0] as ModelGroupRow;
  }

  /** `within`: the caller's open transaction (an import). */
  async update(currentName: string, patch: UpdateGroupData, within?: Tx): Promise<Payload<ModelGroupRow>> {
    const name = patch.name != null ? validatePublicName(patch.name, "name") : undefined;
    const description = patch.description !== undefined ? validateDescription(patch.description) : undefined;
    const mode = validateMode(patch.mode);
    return committed(
      await this.store.transaction(async (tx) => {
        const { modelGroups, deployments, aliases } = tx.t;
        const existing = await this.require(currentName, tx);
        const finalName = name ?? existing.name;
        const passthrough = patch.passthrough ?? existing.passthrough;
        validatePassthrough(finalName, passthrough);
        if (passthrough && !existing.passthrough) {
          const n = (await one(tx.select({ n: count() }).from(deployments).where(eq(deployments.groupId, existing.id))))?.n ?? 0;
          if (n > 0) {
            throw new BadUserInputError(
              `passthrough: model group ${show(existing.name)} has ${n} deployment(s); a passthrough group routes by the requested name and has none (remove them first)`,
              { field: "passthrough" },
            );
          }
        }
        // The rules are checked against the name the group will have and every alias it has.
        let fallbacks: GroupFallback[] | null | undefined;
        if (patch.fallbacks != null) {
          const aliasNames = (await tx.select({ name: aliases.name }).from(aliases).where(eq(aliases.groupId, existing.id))).map((a) => a.name);
          fallbacks = storedFallbacks(validateFallbacks(patch.fallbacks, { name: finalName, aliases: aliasNames }, "input.fallbacks"));
        } else if (name !== undefined && existing.fallbacks?.some((rule) => rule.to.includes(name))) {
          throw new BadUserInputError(
            `name: ${show(name)} is one of this group's fallback targets, so the renamed group would fall back to itself; change its fallbacks in the same update`,
            { field: "name" },
          );
        }
        if (name !== undefined) await renamePublicName(tx, existing.name, name);
        const [row] = await tx
          .update(modelGroups)
          .set({
            ...(description !== undefined ? { description } : {}),
            ...(mode !== undefined ? { mode } : {}),
            ...(fallbacks !== undefined ? { fallbacks } : {}),
            ...(patch.passthrough != null ? { passthrough } : {}),
            updatedAt: new Date(),
          })
          .where(eq(modelGroups.id, existing.id))
          .returning();
        const lookAlike = name !== undefined ? await lookAlikeWarningIn(tx, name, "group name") : null;
        return { value: row!, warnings: lookAlike ? [lookAlike] : [] };
      }, within),
    );
  }

  /**
   * Refuses while aliases point at the group, unless `force`, which removes those aliases too.
   * `within`: the caller's open transaction (an import removing what its file no longer names).
   */
  async delete(name: string, force: boolean, within?: Tx): Promise<Payload<{ group: ModelGroupRow; removedAliases: string[]; removedDeployments: number }>> {
    return committed(
      await this.store.transaction(async (tx) => {
        const { aliases, deployments } = tx.t;
        const group = await this.require(name, tx);
        const pointing = (await tx.select({ name: aliases.name }).from(aliases).where(eq(aliases.groupId, group.id)).orderBy(asc(aliases.name))).map((a) => a.name);
        if (pointing.length > 0 && !force) {
          throw new ConflictError(
            `model group ${show(name)} has ${pointing.length} alias(es) pointing at it (${pointing.slice(0, 5).map((a) => show(a)).join(", ")}${pointing.length > 5 ? ", …" : ""}); retarget or remove them, or pass force: true to remove them with the group`,
            { name, aliases: pointing },
          );
        }
        const removedDeployments = (await one(tx.select({ n: count() }).from(deployments).where(eq(deployments.groupId, group.id))))?.n ?? 0;
        for (const alias of pointing) await releasePublicName(tx, alias);
        // Deleting the name cascades to the group row, and from there to its deployments.
        await releasePublicName(tx, group.name);
        const warnings = pointing.length > 0 ? [`removed alias(es) ${pointing.map((a) => show(a)).join(", ")}`] : [];
        return { value: { group, removedAliases: pointing, removedDeployments }, warnings };
      }, within),
    );
  }
}
