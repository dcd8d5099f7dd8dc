import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { aliases, deployments, publicNames, type AliasRow, type ModelGroupRow } from "../../db/schema.ts";
import { BadUserInputError, ConflictError } from "../../errors.ts";
import { validateSettings, type DeploymentService } from "../deployment/deployment.service.ts";
import type { GroupService } from "../group/group.service.ts";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../paging.ts";
import type { Payload, ProviderService } from "../provider/provider.service.ts";
import { claimPublicName, describePublicName, preparedOn, publicNameNotFound, releasePublicName, renamePublicName, type Tx } from "../public-names.ts";
import { lookAlikeWarningIn, show, validateDescription, validateModel, validatePublicName } from "../validation.ts";

export interface AddAliasData {
  name: string;
  target?: string | null;
  provider?: string | null;
  model?: string | null;
  hidden?: boolean | null;
  description?: string | null;
}

export interface UpdateAliasData {
  name?: string | null;
  target?: string | null;
  hidden?: boolean | null;
  description?: string | null;
}

const aliasInsert = new WeakMap<object, { get(values: Record<string, unknown>): unknown }>();

export class AliasService {
  constructor(
    private readonly db: Db,
    private readonly groups: GroupService,
    private readonly providers: ProviderService,
    private readonly deployments: DeploymentService,
  ) {}

  page(req: PageRequest, includeHidden: boolean): Page<AliasRow> {
    const limit = pageSize(req.first);
    const after = req.after != null ? decodeCursor<string>(req.after, "string") : null;
    const visible = includeHidden ? undefined : eq(aliases.hidden, false);
    const rows = this.db
      .select()
      .from(aliases)
      .where(and(visible, after != null ? gt(aliases.name, after) : undefined))
      .orderBy(asc(aliases.name))
      .limit(limit + 1)
      .all();
    const total = this.db.select({ n: count() }).from(aliases).where(visible).get()?.n ?? 0;
    return toPage(rows, limit, req, total, (a) => a.name);
  }

  /** Names are stored in NFC, so any spelling of one finds it. */
  byName(name: string, tx: Tx = this.db): AliasRow | undefined {
    return tx.select().from(aliases).where(eq(aliases.name, name.normalize("NFC"))).get();
  }

  byIds(ids: readonly number[]): AliasRow[] {
    if (ids.length === 0) return [];
    return this.db.select().from(aliases).where(inArray(aliases.id, [...ids])).all();
  }

  /** Every alias, hidden ones included, by name, in one statement (the REST listings). */
  all(): AliasRow[] {
    return this.db.select().from(aliases).orderBy(asc(aliases.name)).all();
  }

  byGroupIds(groupIds: readonly number[]): AliasRow[] {
    if (groupIds.length === 0) return [];
    return this.db
      .select()
      .from(aliases)
      .where(inArray(aliases.groupId, [...groupIds]))
      .orderBy(asc(aliases.name))
      .all();
  }

  require(name: string, tx: Tx = this.db): AliasRow {
    const row = this.byName(name, tx);
    if (row) return row;
    const owner = tx.select().from(publicNames).where(eq(publicNames.name, name)).get();
    if (owner?.kind === "group") throw new BadUserInputError(`${show(name)} is a model group, not an alias`, { name });
    throw publicNameNotFound(tx, name, "alias");
  }

  /** The group an alias may point at: never another alias (aliases are one hop). */
  private target(tx: Tx, name: string): ModelGroupRow {
    const group = this.groups.byName(name, tx);
    if (group) return group;
    const owner = tx.select().from(publicNames).where(eq(publicNames.name, name)).get();
    if (owner?.kind === "alias") {
      throw new BadUserInputError(`target ${show(name)} is ${describePublicName(tx, name)}; an alias must point at a model group, not at another alias`, {
        field: "target",
      });
    }
    throw publicNameNotFound(tx, name, "target model group");
  }

  add(data: AddAliasData): Payload<AliasRow> {
    const name = validatePublicName(data.name, "name");
    const description = validateDescription(data.description);
    const byTarget = data.target != null;
    const byModel = data.provider != null || data.model != null;
    if (byTarget === byModel) {
      throw new BadUserInputError(
        byTarget
          ? "give either target (a model group name) or provider + model, not both"
          : "give either target (a model group name) or provider + model (nanobot style); neither was given",
        { field: "target" },
      );
    }
    if (byModel && (data.provider == null || data.model == null)) {
      throw new BadUserInputError(`provider and model go together: ${data.provider == null ? "provider" : "model"} is missing`, {
        field: data.provider == null ? "provider" : "model",
      });
    }
    const model = data.model != null ? validateModel(data.model) : null;
    return this.db.transaction(
      (tx) => {
        const warnings: string[] = [];
        let group: ModelGroupRow;
        if (byTarget) {
          group = this.target(tx, data.target!);
        } else {
          group = this.groupFor(tx, data.provider!, model!, warnings);
        }
        const lookAlike = lookAlikeWarningIn(tx, name, "alias name");
        if (lookAlike) warnings.push(lookAlike);
        const row = this.insert(tx, name, group, data.hidden ?? false, description);
        return { value: row, warnings };
      },
      { behavior: "immediate" },
    );
  }

  /** Claims the name and inserts the alias inside the caller's transaction (names already validated). */
  insert(tx: Tx, name: string, group: ModelGroupRow, hidden: boolean, description: string | null, knownFree = false): AliasRow {
    claimPublicName(tx, name, "alias", knownFree);
    const now = new Date();
    const p = sql.placeholder;
    const statement = preparedOn(aliasInsert, tx, () =>
      tx
        .insert(aliases)
        .values({ name: p("name"), groupId: p("groupId"), hidden: p("hidden"), description: p("description"), createdAt: p("now"), updatedAt: p("now") })
        .returning()
        .prepare(),
    );
    return statement.get({ name, groupId: group.id, hidden, description, now }) as AliasRow;
  }

  /** nanobot style: the group `<provider>/<model>` holding that one deployment, created if missing. */
  private groupFor(tx: Tx, providerName: string, model: string, warnings: string[]): ModelGroupRow {
    const provider = this.providers.require(providerName);
    const groupName = validatePublicName(`${provider.name}/${model}`, "group name");
    const existing = this.groups.byName(groupName, tx);
    if (existing) {
      const served = tx
        .select({ id: deployments.id })
        .from(deployments)
        .where(and(eq(deployments.groupId, existing.id), eq(deployments.providerId, provider.id), eq(deployments.model, model)))
        .get();
      if (!served) {
        throw new ConflictError(
          `group ${show(groupName)} exists but has no deployment of ${show(model)} on ${show(provider.name)}; add one, or use target: ${show(groupName)}`,
          { name: groupName },
        );
      }
      warnings.push(`reused existing group ${show(groupName)}`);
      return existing;
    }
    const owner = describePublicName(tx, groupName);
    if (owner) throw new ConflictError(`the group for provider + model would be called ${show(groupName)}, which is already ${owner}`, { name: groupName });
    const group = this.groups.insert(tx, groupName, null, "chat");
    const added = this.deployments.insert(tx, group, provider, model, validateSettings({}));
    warnings.push(`created group ${show(groupName)} with one deployment of ${show(model)} on ${show(provider.name)}`, ...added.warnings);
    return group;
  }

  update(currentName: string, patch: UpdateAliasData): Payload<AliasRow> {
    const name = patch.name != null ? validatePublicName(patch.name, "name") : undefined;
    const description = patch.description !== undefined ? validateDescription(patch.description) : undefined;
    return this.db.transaction(
      (tx) => {
        const existing = this.require(currentName, tx);
        const group = patch.target != null ? this.target(tx, patch.target) : undefined;
        if (name !== undefined) renamePublicName(tx, existing.name, name);
        const row = tx
          .update(aliases)
          .set({
            ...(group ? { groupId: group.id } : {}),
            ...(patch.hidden != null ? { hidden: patch.hidden } : {}),
            ...(description !== undefined ? { description } : {}),
            updatedAt: new Date(),
          })
          .where(eq(aliases.id, existing.id))
          .returning()
          .get();
        const lookAlike = name !== undefined ? lookAlikeWarningIn(tx, name, "alias name") : null;
        return { value: row, warnings: lookAlike ? [lookAlike] : [] };
      },
      { behavior: "immediate" },
    );
  }

  remove(name: string): Payload<AliasRow> {
    return this.db.transaction(
      (tx) => {
        const row = this.require(name, tx);
        releasePublicName(tx, row.name);
        return { value: row, warnings: [] };
      },
      { behavior: "immediate" },
    );
  }
}
