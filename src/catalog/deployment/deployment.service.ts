import { and, count, eq, sql } from "drizzle-orm";
import type { DeploymentRow, ModelGroupRow, ProviderRow } from "../../db/schema.ts";
import { committed, one, stmt, type Payload, type Store, type Tx } from "../../db/store.ts";
import { BadUserInputError, ConflictError, NotFoundError } from "../../errors.ts";
import type { GroupService } from "../group/group.service.ts";
import { doublePrefixWarning } from "../prefix.ts";
import type { ProviderService } from "../provider/provider.service.ts";
import { newFactsOverride, patchFactsOverride, type DeploymentFactsData } from "./deployment.facts.ts";
import { modelNormalizationWarning, originOf, show, validateApiBase, validateIntRange, validateModel, validateOptionalPositive } from "../validation.ts";

export interface DeploymentSettings {
  apiBase?: string | null;
  priority?: number | null;
  weight?: number | null;
  rpm?: number | null;
  tpm?: number | null;
  enabled?: boolean | null;
  /** AUTO, COMPLETION or OFF. */
  probe?: string | null;
}

export interface AddDeploymentData extends DeploymentSettings {
  group: string;
  provider: string;
  model: string;
  /** The writer knows that an apiBase on another origin than the provider's receives its key. */
  confirmKeyMove?: boolean | null;
  /** Facts that win over any registry (stored in facts_override). */
  facts?: DeploymentFactsData | null;
}

export interface UpdateDeploymentData extends DeploymentSettings {
  model?: string | null;
  confirmKeyMove?: boolean | null;
  /** Omitted: overrides unchanged; null: all dropped; else merged field by field (see patchFactsOverride). */
  facts?: DeploymentFactsData | null;
}

export const MAX_PRIORITY = 1_000_000;
export const MAX_WEIGHT = 1_000_000;

/** The insert, prepared once per connection: imports insert thousands of deployments. */
const deploymentInsert = new WeakMap<object, { execute(values: Record<string, unknown>): PromiseLike<unknown[]> }>();

function prepareInsert(tx: Tx) {
  const { deployments } = tx.t;
  const p = sql.placeholder;
  return tx
    .insert(deployments)
    .values({
      groupId: p("groupId"),
      providerId: p("providerId"),
      model: p("model"),
      apiBase: p("apiBase"),
      priority: p("priority"),
      weight: p("weight"),
      rpm: p("rpm"),
      tpm: p("tpm"),
      enabled: p("enabled"),
      probe: p("probe"),
      externalId: p("externalId"),
      // Already JSON text or null: a bare placeholder would pass null through JSON.stringify.
      extraParams: sql`${p("extraParams")}`,
      factsOverride: sql`${p("factsOverride")}`,
      modelWritten: p("modelWritten"),
      variant: p("variant"),
      entryExtra: sql`${p("entryExtra")}`,
      createdAt: p("now"),
      updatedAt: p("now"),
    })
    .returning()
    .prepare();
}

/** The deployment commands (reads come from the snapshot, src/read/view.ts). */
export class DeploymentService {
  constructor(
    private readonly store: Store,
    private readonly providers: ProviderService,
    private readonly groups: GroupService,
  ) {}

  async require(id: number, tx: Tx = this.store.db): Promise<DeploymentRow> {
    const { deployments } = tx.t;
    const row = await one(tx.select().from(deployments).where(eq(deployments.id, id)));
    if (!row) throw new NotFoundError(`deployment ${id} does not exist; list them with deployments(first:, after:) or a group's deployments`, { id });
    return row;
  }

  async add(data: AddDeploymentData): Promise<Payload<DeploymentRow>> {
    const model = validateModel(data.model);
    const settings = validateSettings(data);
    const factsOverride = newFactsOverride(data.facts);
    return committed(
      await this.store.transaction(async (tx) => {
        const group = await this.groups.require(data.group, tx);
        if (group.passthrough) {
          throw new BadUserInputError(
            `model group ${show(group.name)} is a passthrough route (LiteLLM model: "*"): the requested name says the provider, so it holds no deployments; add this deployment to another group, or turn passthrough off (updateModelGroup) first`,
            { field: "group" },
          );
        }
        const provider = await this.providers.require(data.provider, tx);
        const moved = this.keyMove(provider, settings.apiBase, data.confirmKeyMove === true);
        const added = await this.insert(tx, group, provider, model, settings, { externalId: null, extraParams: null, factsOverride });
        return moved ? { value: added.value, warnings: [moved, ...added.warnings] } : added;
      }),
    );
  }

  /**
   * An API base override on another origin than the provider's effective base sends the
   * provider's key there: refused unless confirmed (see ProviderService.checkKeyMove). A provider
   * without an effective base (Azure, vLLM: every deployment names its own) has nothing to move from.
   */
  private keyMove(provider: ProviderRow, override: string | null | undefined, confirmed: boolean): string | null {
    if (!override) return null;
    const from = provider.apiBase ?? this.providers.typeOf(provider).defaultApiBase;
    return this.providers.checkKeyMove(provider.name, this.providers.holdingOf(provider), from, override, { given: false, confirmed, what: "apiBase" });
  }

  /**
   * Inserts one deployment inside the caller's transaction; checks the API base requirement and
   * the (group, provider, model, apiBase) uniqueness with a message naming the existing row.
   */
  async insert(
    tx: Tx,
    group: ModelGroupRow,
    provider: ProviderRow,
    model: string,
    settings: ValidSettings,
    /** Import metadata (LiteLLM model_info.id, other litellm_params) and facts overrides. */
    extras: Pick<DeploymentRow, "externalId" | "extraParams"> & Partial<Pick<DeploymentRow, "factsOverride" | "modelWritten" | "variant" | "entryExtra">> = {
      externalId: null,
      extraParams: null,
    },
    /** The caller knows the group has no such deployment (a group created in this transaction). */
    knownFree = false,
    /**
     * An import: a type that needs an API base may go without one (LiteLLM reads e.g.
     * AZURE_API_BASE at call time); the deployment's health is UNKNOWN with the reason.
     */
    imported = false,
  ): Promise<Payload<DeploymentRow>> {
    const type = this.providers.typeOf(provider);
    const apiBase = settings.apiBase ?? "";
    const warnings: string[] = [];
    if (type.requiresApiBase && !apiBase && !provider.apiBase && imported) {
      warnings.push(`provider type ${show(type.id)} needs an API base and none is given: kept, health UNKNOWN until one is set (updateProvider or updateDeployment apiBase)`);
    } else if (type.requiresApiBase && !apiBase && !provider.apiBase) {
      throw new BadUserInputError(
        `provider ${show(provider.name)} (type ${show(type.id)}) has no API base and its type has no default; give this deployment an apiBase, or set one on the provider`,
        { field: "apiBase" },
      );
    }
    const clash = knownFree
      ? undefined
      : await deploymentServing(tx, { groupId: group.id, providerId: provider.id, model, apiBase, variant: extras.variant ?? "" });
    if (clash) {
      throw new ConflictError(
        `group ${show(group.name)} already has deployment ${clash.id} of model ${show(model)} on provider ${show(provider.name)}${apiBase ? ` at ${show(apiBase)}` : ""}; use updateDeployment to change it`,
        { id: clash.id },
      );
    }
    const [row] = (await stmt(deploymentInsert, tx, () => prepareInsert(tx)).execute({
      groupId: group.id,
      providerId: provider.id,
      model,
      apiBase,
      priority: settings.priority ?? 0,
      weight: settings.weight ?? 1,
      rpm: settings.rpm ?? null,
      tpm: settings.tpm ?? null,
      enabled: settings.enabled ?? true,
      probe: settings.probe ?? "AUTO",
      externalId: extras.externalId,
      extraParams: extras.extraParams == null ? null : JSON.stringify(extras.extraParams),
      factsOverride: extras.factsOverride == null ? null : JSON.stringify(extras.factsOverride),
      modelWritten: extras.modelWritten ?? null,
      variant: extras.variant ?? "",
      entryExtra: extras.entryExtra == null ? null : JSON.stringify(extras.entryExtra),
      now: new Date(),
    })) as DeploymentRow[];
    warnings.push(...[doublePrefixWarning(type, model), modelNormalizationWarning(model)].filter((w) => w !== null));
    return { value: row!, warnings };
  }

  /** `within`: the caller's open transaction (an import). */
  async update(id: number, patch: UpdateDeploymentData, within?: Tx): Promise<Payload<DeploymentRow>> {
    const model = patch.model != null ? validateModel(patch.model) : undefined;
    const settings = validateSettings(patch);
    // Refuses bad facts before taking the write lock (the merge with the stored ones happens inside).
    if (patch.facts != null) newFactsOverride(patch.facts);
    return committed(
      await this.store.transaction(async (tx) => {
        const { deployments, providers } = tx.t;
        const existing = await this.require(id, tx);
        const provider = (await one(tx.select().from(providers).where(eq(providers.id, existing.providerId))))!;
        const type = this.providers.typeOf(provider);
        const nextBase = patch.apiBase === undefined ? existing.apiBase : (settings.apiBase ?? "");
        if (type.requiresApiBase && !nextBase && !provider.apiBase) {
          throw new BadUserInputError(`provider ${show(provider.name)} (type ${show(type.id)}) has no API base: deployment ${id} must keep one`, {
            field: "apiBase",
          });
        }
        // Moving from the deployment's own override to another origin, or from the provider's base.
        const moved =
          patch.apiBase != null && !(existing.apiBase && originOf(existing.apiBase) === originOf(nextBase))
            ? this.keyMove(provider, nextBase, patch.confirmKeyMove === true)
            : null;
        const factsOverride = patch.facts === undefined ? undefined : patch.facts === null ? null : patchFactsOverride(existing.factsOverride ?? null, patch.facts);
        const nextModel = model ?? existing.model;
        const clash = await deploymentServing(tx, {
          groupId: existing.groupId,
          providerId: existing.providerId,
          model: nextModel,
          apiBase: nextBase,
          variant: existing.variant,
        });
        if (clash && clash.id !== id) {
          throw new ConflictError(`deployment ${clash.id} in the same group already serves model ${show(nextModel)} on provider ${show(provider.name)}`, {
            id: clash.id,
          });
        }
        const [row] = await tx
          .update(deployments)
          .set({
            // A new model is written out from now on: the file's spelling of the old one no longer applies.
            ...(model !== undefined && model !== existing.model ? { model, modelWritten: null } : {}),
            ...(patch.apiBase !== undefined ? { apiBase: nextBase } : {}),
            ...(patch.priority != null ? { priority: settings.priority! } : {}),
            ...(patch.weight != null ? { weight: settings.weight! } : {}),
            ...(patch.rpm !== undefined ? { rpm: settings.rpm ?? null } : {}),
            ...(patch.tpm !== undefined ? { tpm: settings.tpm ?? null } : {}),
            ...(patch.enabled != null ? { enabled: patch.enabled } : {}),
            ...(settings.probe != null ? { probe: settings.probe } : {}),
            ...(factsOverride !== undefined ? { factsOverride } : {}),
            updatedAt: new Date(),
          })
          .where(eq(deployments.id, id))
          .returning();
        const warnings = [moved, model !== undefined ? doublePrefixWarning(type, model) : null, model !== undefined ? modelNormalizationWarning(model) : null];
        return { value: row!, warnings: warnings.filter((w) => w !== null) };
      }, within),
    );
  }

  /** `within`: the caller's open transaction (an import removing what its file no longer has). */
  async remove(id: number, within?: Tx): Promise<Payload<DeploymentRow>> {
    return committed(
      await this.store.transaction(async (tx) => {
        const { deployments, modelGroups } = tx.t;
        const row = await this.require(id, tx);
        await tx.delete(deployments).where(eq(deployments.id, id));
        const left = (await one(tx.select({ n: count() }).from(deployments).where(eq(deployments.groupId, row.groupId))))?.n ?? 0;
        const group = left === 0 ? await one(tx.select({ name: modelGroups.name }).from(modelGroups).where(eq(modelGroups.id, row.groupId))) : undefined;
        const warnings = group ? [`group ${show(group.name)} has no deployments left; resolving it now answers without a deployment`] : [];
        return { value: row, warnings };
      }, within),
    );
  }
}

export interface ValidSettings {
  apiBase: string | null | undefined;
  priority: number | null | undefined;
  weight: number | null | undefined;
  rpm: number | null;
  tpm: number | null;
  enabled: boolean | null | undefined;
  probe: DeploymentRow["probe"] | null | undefined;
}

const PROBE_MODES = ["AUTO", "COMPLETION", "OFF"] as const;

/** `placeholders`: an import may keep an API base that is no URL (a `<placeholder>`); see validateApiBase. */
export function validateSettings(s: DeploymentSettings, placeholders = false): ValidSettings {
  return {
    apiBase: s.apiBase != null ? validateApiBase(s.apiBase, "apiBase", placeholders) : s.apiBase,
    priority: s.priority != null ? validateIntRange(s.priority, "priority", 0, MAX_PRIORITY) : s.priority,
    weight: s.weight != null ? validateIntRange(s.weight, "weight", 0, MAX_WEIGHT) : s.weight,
    rpm: validateOptionalPositive(s.rpm, "rpm"),
    tpm: validateOptionalPositive(s.tpm, "tpm"),
    enabled: s.enabled,
    probe: s.probe == null ? s.probe : validateProbe(s.probe),
  };
}

function validateProbe(value: string): DeploymentRow["probe"] {
  const mode = PROBE_MODES.find((m) => m === value);
  if (!mode) throw new BadUserInputError(`probe ${show(value)} is not known; accepted: ${PROBE_MODES.join(", ")}`, { field: "probe" });
  return mode;
}

/** The deployment of a group that already serves this model on this provider, base and variant (one per key). */
async function deploymentServing(
  tx: Tx,
  key: { groupId: number; providerId: number; model: string; apiBase: string; variant: string },
): Promise<{ id: number } | undefined> {
  const { deployments } = tx.t;
  return one(
    tx
      .select({ id: deployments.id })
      .from(deployments)
      .where(
        and(
          eq(deployments.groupId, key.groupId),
          eq(deployments.providerId, key.providerId),
          eq(deployments.model, key.model),
          eq(deployments.apiBase, key.apiBase),
          eq(deployments.variant, key.variant),
        ),
      )
      .limit(1),
  );
}
