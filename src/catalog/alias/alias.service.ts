import { and, eq, sql } from "drizzle-orm";
import type { AliasRow, ModelGroupRow } from "../../db/schema.ts";
import { committed, one, stmt, type Payload, type Store, type Tx } from "../../db/store.ts";
import { BadUserInputError, ConflictError } from "../../errors.ts";
import { validateSettings, type DeploymentService } from "../deployment/deployment.service.ts";
import type { GroupService } from "../group/group.service.ts";
import type { ProviderService } from "../provider/provider.service.ts";
import { claimPublicName, describePublicName, publicNameNotFound, releasePublicName, renamePublicName } from "../public-names.ts";
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

const aliasInsert = new WeakMap<object, { execute(values: Record<string, unknown>): PromiseLike<unknown[]> }>();

/** The alias commands (reads come from the snapshot, src/read/view.ts). */
export class AliasService {
  constructor(
    private readonly store: Store,
    private readonly groups: GroupService,
    private readonly providers: ProviderService,
    private readonly deployments: DeploymentService,
  ) {}

  /** Names are stored in NFC, so any spelling of one finds it. */
  async byName(name: string, tx: Tx = this.store.db): Promise<AliasRow | undefined> {
    const { aliases } = tx.t;
    return one(tx.select().from(aliases).where(eq(aliases.name, name.normalize("NFC"))));
  }

  async require(name: string, tx: Tx = this.store.db): Promise<AliasRow> {
    const row = await this.byName(name, tx);
    if (row) return row;
    const { publicNames } = tx.t;
    const owner = await one(tx.select().from(publicNames).where(eq(publicNames.name, name)));
    if (owner?.kind === "group") throw new BadUserInputError(`${show(name)} is a model group, not an alias`, { name });
    throw await publicNameNotFound(tx, name, "alias");
  }

  /** The group an alias may point at: never another alias (aliases are one hop). */
  private async target(tx: Tx, name: string): Promise<ModelGroupRow> {
    const group = await this.groups.byName(name, tx);
    if (group) return group;
    const { publicNames } = tx.t;
    const owner = await one(tx.select().from(publicNames).where(eq(publicNames.name, name)));
    if (owner?.kind === "alias") {
      throw new BadUserInputError(`target ${show(name)} is ${await describePublicName(tx, name)}; an alias must point at a model group, not at another alias`, {
        field: "target",
      });
    }
    throw await publicNameNotFound(tx, name, "target model group");
  }

  async add(data: AddAliasData): Promise<Payload<AliasRow>> {
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
    return committed(
      await this.store.transaction(async (tx) => {
        const warnings: string[] = [];
        const group = byTarget ? await this.target(tx, data.target!) : await this.groupFor(tx, data.provider!, model!, warnings);
        const lookAlike = await lookAlikeWarningIn(tx, name, "alias name");
        if (lookAlike) warnings.push(lookAlike);
        const row = await this.insert(tx, name, group, data.hidden ?? false, description);
        return { value: row, warnings };
      }),
    );
  }

  /** Claims the name and inserts the alias inside the caller's transaction (names already validated). */
  async insert(tx: Tx, name: string, group: ModelGroupRow, hidden: boolean, description: string | null, knownFree = false): Promise<AliasRow> {
    await claimPublicName(tx, name, "alias", knownFree);
    const { aliases } = tx.t;
    const now = new Date();
    const p = sql.placeholder;
    const statement = stmt(aliasInsert, tx, () =>
      tx
        .insert(aliases)
        .values({ name: p("name"), groupId: p("groupId"), hidden: p("hidden"), description: p("description"), createdAt: p("now"), updatedAt: p("now") })
        .returning()
        .prepare(),
    );
    return (await statement.execute({ name, groupId: group.id, hidden, description, now }))[0] as AliasRow;
  }

  /** nanobot style: the group `<provider>/<model>` holding that one deployment, created if missing. */
  private async groupFor(tx: Tx, providerName: string, model: string, warnings: string[]): Promise<ModelGroupRow> {
    const provider = await this.providers.require(providerName, tx);
    const groupName = validatePublicName(`${provider.name}/${model}`, "group name");
    const existing = await this.groups.byName(groupName, tx);
    if (existing) {
      const { deployments } = tx.t;
      const served = await one(
        tx
          .select({ id: deployments.id })
          .from(deployments)
          .where(and(eq(deployments.groupId, existing.id), eq(deployments.providerId, provider.id), eq(deployments.model, model)))
          .limit(1),
      );
      if (!served) {
        throw new ConflictError(
          `group ${show(groupName)} exists but has no deployment of ${show(model)} on ${show(provider.name)}; add one, or use target: ${show(groupName)}`,
          { name: groupName },
        );
      }
      warnings.push(`reused existing group ${show(groupName)}`);
      return existing;
    }
    const owner = await describePublicName(tx, groupName);
    if (owner) throw new ConflictError(`the group for provider + model would be called ${show(groupName)}, which is already ${owner}`, { name: groupName });
    const group = await this.groups.insert(tx, groupName, null, "chat");
    const added = await this.deployments.insert(tx, group, provider, model, validateSettings({}));
    warnings.push(`created group ${show(groupName)} with one deployment of ${show(model)} on ${show(provider.name)}`, ...added.warnings);
    return group;
  }

  async update(currentName: string, patch: UpdateAliasData): Promise<Payload<AliasRow>> {
    const name = patch.name != null ? validatePublicName(patch.name, "name") : undefined;
    const description = patch.description !== undefined ? validateDescription(patch.description) : undefined;
    return committed(
      await this.store.transaction(async (tx) => {
        const { aliases } = tx.t;
        const existing = await this.require(currentName, tx);
        const group = patch.target != null ? await this.target(tx, patch.target) : undefined;
        if (name !== undefined) await renamePublicName(tx, existing.name, name);
        const [row] = await tx
          .update(aliases)
          .set({
            ...(group ? { groupId: group.id } : {}),
            ...(patch.hidden != null ? { hidden: patch.hidden } : {}),
            ...(description !== undefined ? { description } : {}),
            updatedAt: new Date(),
          })
          .where(eq(aliases.id, existing.id))
          .returning();
        const lookAlike = name !== undefined ? await lookAlikeWarningIn(tx, name, "alias name") : null;
        return { value: row!, warnings: lookAlike ? [lookAlike] : [] };
      }),
    );
  }

  /** `within`: the caller's open transaction (an import removing what its file no longer names). */
  async remove(name: string, within?: Tx): Promise<Payload<AliasRow>> {
    return committed(
      await this.store.transaction(async (tx) => {
        const row = await this.require(name, tx);
        await releasePublicName(tx, row.name);
        return { value: row, warnings: [] };
      }, within),
    );
  }
}
