import { asc, eq } from "drizzle-orm";
import { validateSettings } from "../catalog/deployment/deployment.service.ts";
import { validateFallbacks } from "../catalog/group/group.fallbacks.ts";
import { candidatesOf } from "../catalog/resolution/select.ts";
import { normalizeApiBase, prefixedId } from "../catalog/prefix.ts";
import type { UpdateProviderData } from "../catalog/provider/provider.service.ts";
import { findProviderType, type ProviderTypeInfo } from "../catalog/provider-types.ts";
import { describePublicName } from "../catalog/public-names.ts";
import { closestNames } from "../catalog/suggest.ts";
import { show, validateApiBase, validateDescription, validateDisplayName, validatePublicName } from "../catalog/validation.ts";
import type { AliasRow, GroupFallback, DeploymentRow, ModelGroupRow, ProviderRow } from "../db/schema.ts";
import { inJson, one, type Tx } from "../db/store.ts";
import { BadUserInputError, CatalogError } from "../errors.ts";
import type { EntityChanges, ImportModeValue, InteropDeps } from "./interop.service.ts";
import { modelInfoOverride } from "./litellm.ts";
import { CAPABILITIES, VALUE_FIELDS } from "../registry/facts.ts";
import type { FactsOverride } from "../db/schema.ts";
import { atLoc, atLocAsync, canonicalJson, locatedError, where, type AliasSpec, type ConfigSpec, type DeploymentSpec, type GroupSpec, type ProviderSpec } from "./spec.ts";

export interface AppliedChanges {
  created: EntityChanges;
  updated: EntityChanges;
  unchanged: EntityChanges;
  removed: EntityChanges;
  warnings: string[];
  /** Names that existed before and now route elsewhere (an alias re-targeted, a group's candidates changed). */
  rerouted: RouteChange[];
}

/** A public name whose route this import changed: `before` and `after` as "target" / "candidates in order". */
interface Route {
  entity: "alias" | "group";
  route: string;
}

export interface RouteChange {
  name: string;
  entity: "alias" | "group";
  before: string;
  after: string;
}

/**
 * An API base as the catalog stores it (validateApiBase's normalised form), so that a file
 * spelling a URL differently (`HTTPS://Host:443/v1`) matches what is stored. The parsers have
 * validated it already; a value they let through unvalidated is compared as written.
 */
function storedBase(value: string | null | undefined): string | null {
  if (value == null) return null;
  try {
    return validateApiBase(value, "apiBase", true);
  } catch {
    return value;
  }
}

function changes(): EntityChanges {
  return { providers: [], groups: [], deployments: [], aliases: [] };
}

/**
 * The facts_override after an import states `fromFile` (null: none) for a deployment whose stored
 * override is `existing` and whose stored model_info stood for `previous`: the fields the last
 * import set are replaced by the file's, the fields a mutation set (addDeployment/updateDeployment
 * `facts`) stay unless the file states them. Capabilities count one by one.
 */
export function importedFactsOverride(existing: FactsOverride | null, previous: FactsOverride | null, fromFile: FactsOverride | null): FactsOverride | null {
  const merged: Record<string, unknown> = {};
  const caps: Record<string, boolean> = {};
  for (const f of VALUE_FIELDS) {
    if (f === "capabilities") continue;
    const v = existing?.[f];
    if (v !== undefined && v !== null && previous?.[f] === undefined) merged[f] = v;
    if (fromFile?.[f] !== undefined) merged[f] = fromFile[f];
  }
  for (const c of CAPABILITIES) {
    const v = existing?.capabilities?.[c];
    if (v !== undefined && previous?.capabilities?.[c] === undefined) caps[c] = v;
    const w = fromFile?.capabilities?.[c];
    if (w !== undefined) caps[c] = w;
  }
  const out: Record<string, unknown> = {};
  for (const f of VALUE_FIELDS) {
    if (f === "capabilities") {
      if (Object.keys(caps).length > 0) out.capabilities = Object.fromEntries(CAPABILITIES.filter((c) => c in caps).map((c) => [c, caps[c]]));
    } else if (f in merged) {
      out[f] = merged[f];
    }
  }
  return Object.keys(out).length > 0 ? (out as FactsOverride) : null;
}

/**
 * Applies a parsed config to the catalog inside the caller's transaction (nested service calls
 * become savepoints of it). MERGE creates what is missing and updates what differs; REPLACE also
 * removes what the file does not have: aliases first, then deployments and groups, then providers
 * nothing uses any more.
 */
export class ImportApplier {
  private readonly out: AppliedChanges = { created: changes(), updated: changes(), unchanged: changes(), removed: changes(), warnings: [], rerouted: [] };
  private readonly providerRows = new Map<ProviderSpec, ProviderRow>();
  private readonly groupRows = new Map<string, ModelGroupRow>();
  /*
   * The part of the catalog this import can touch, loaded in a few statements when it starts and
   * kept in step with every change below: a large import then asks the database nothing per entity.
   * MERGE loads only the names the file states (its groups, aliases and alias targets) and those
   * groups' deployments, so that its cost follows the file, not the catalog; REPLACE loads
   * everything, since it removes what the file does not name.
   */
  private names = new Map<string, "group" | "alias">();
  private groupsByName = new Map<string, ModelGroupRow>();
  private aliasesByName = new Map<string, AliasRow>();
  private readonly deploymentsByGroup = new Map<number, DeploymentRow[]>();
  /** (group, provider, model, apiBase) added to groups this import created. */
  private readonly seenInNewGroups = new Set<string>();
  /** Provider types by id, for the labels of removed deployments. */
  private readonly typesById = new Map<number, ProviderTypeInfo>();

  constructor(
    private readonly deps: InteropDeps,
    private readonly tx: Tx,
    private readonly spec: ConfigSpec,
    private readonly mode: ImportModeValue,
  ) {}

  private async load(): Promise<void> {
    const { tx, spec } = this;
    const { publicNames, modelGroups, aliases, deployments } = tx.t;
    if (this.mode === "REPLACE") {
      this.names = new Map((await tx.select().from(publicNames)).map((r) => [r.name, r.kind]));
      this.groupsByName = new Map((await tx.select().from(modelGroups)).map((g) => [g.name, g]));
      this.aliasesByName = new Map((await tx.select().from(aliases)).map((a) => [a.name, a]));
      this.indexDeployments(await tx.select().from(deployments).orderBy(asc(deployments.id)));
    } else {
      const fileNames = [...spec.groups.map((g) => g.name), ...spec.aliases.map((a) => a.name)];
      const groupNames = [...spec.groups.map((g) => g.name), ...spec.aliases.map((a) => a.target)];
      this.names = new Map((await tx.select().from(publicNames).where(inJson(tx, publicNames.name, fileNames))).map((r) => [r.name, r.kind]));
      this.groupsByName = new Map((await tx.select().from(modelGroups).where(inJson(tx, modelGroups.name, groupNames))).map((g) => [g.name, g]));
      this.aliasesByName = new Map((await tx.select().from(aliases).where(inJson(tx, aliases.name, spec.aliases.map((a) => a.name)))).map((a) => [a.name, a]));
      const fileGroupIds = spec.groups.flatMap((g) => {
        const row = this.groupsByName.get(g.name);
        return row ? [row.id] : [];
      });
      this.indexDeployments(await tx.select().from(deployments).where(inJson(tx, deployments.groupId, fileGroupIds)).orderBy(asc(deployments.id)));
    }
  }

  private indexDeployments(rows: DeploymentRow[]): void {
    for (const d of rows) {
      const list = this.deploymentsByGroup.get(d.groupId);
      if (list) list.push(d);
      else this.deploymentsByGroup.set(d.groupId, [d]);
    }
  }

  async run(): Promise<AppliedChanges> {
    await this.load();
    this.out.warnings.push(...this.spec.warnings);
    /*
     * Only the names the file states can change route, and the groups whose deployments run on a
     * provider whose prefix this import changes (their rows stay as they are: reroutes() reads
     * them afterwards with the prefixes from before). A name the file does not state is either
     * untouched (MERGE) or removed (REPLACE), and removed names are not reported.
     */
    const watched = new Set([...this.spec.groups.map((g) => g.name), ...this.spec.aliases.map((a) => a.name)]);
    const prefixesBefore = await this.prefixes();
    const routesBefore = await this.routes(watched, prefixesBefore);
    const fileAliases = new Set(this.spec.aliases.map((a) => a.name));
    if (this.mode === "REPLACE") {
      for (const row of [...this.aliasesByName.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (!fileAliases.has(row.name)) {
          await this.deps.aliases.remove(row.name, this.tx);
          this.aliasesByName.delete(row.name);
          this.names.delete(row.name);
          this.out.removed.aliases.push(row.name);
        }
      }
    }
    await this.applyProviders();
    for (const group of this.spec.groups) await this.applyGroup(group);
    const targets = new Map<string, ModelGroupRow>();
    for (const a of this.spec.aliases) targets.set(a.name, await this.targetOf(a));
    const fresh: AliasSpec[] = [];
    for (const alias of this.spec.aliases) {
      const row = this.aliasesByName.get(alias.name);
      if (row) await this.updateAlias(alias, row, targets.get(alias.name)!);
      else fresh.push(alias);
    }
    if (this.mode === "REPLACE") await this.removeGroupsNotInFile();
    for (const alias of fresh) await this.createAlias(alias, targets.get(alias.name)!);
    if (this.mode === "REPLACE") await this.removeUnusedProviders();
    this.out.rerouted = await this.reroutes(watched, prefixesBefore, routesBefore);
    this.out.warnings = [...new Set(this.out.warnings)];
    return this.out;
  }

  /** Every provider's type, which gives its deployments' prefixed ids, by id (providers are few). */
  private async prefixes(): Promise<Map<number, ProviderTypeInfo>> {
    const { providers } = this.tx.t;
    return new Map((await this.tx.select().from(providers)).map((p) => [p.id, this.deps.providers.typeOf(p)]));
  }

  /**
   * Where each of `names` routes now: an alias by its target group, a group by its enabled
   * deployments' prefixed ids in candidate order, with the prefixes given (three statements,
   * whatever the number of names). Names not in the catalog are left out.
   */
  private async routes(names: ReadonlySet<string>, prefixes: ReadonlyMap<number, ProviderTypeInfo>): Promise<Map<string, Route>> {
    const tx = this.tx;
    const { modelGroups, deployments, aliases } = tx.t;
    const list = [...names];
    const out = new Map<string, Route>();
    const groupRows = await tx.select({ id: modelGroups.id, name: modelGroups.name }).from(modelGroups).where(inJson(tx, modelGroups.name, list));
    const byGroup = new Map<number, DeploymentRow[]>();
    for (const d of await tx.select().from(deployments).where(inJson(tx, deployments.groupId, groupRows.map((g) => g.id)))) {
      const rows = byGroup.get(d.groupId);
      if (rows) rows.push(d);
      else byGroup.set(d.groupId, [d]);
    }
    for (const g of groupRows) {
      const ids = candidatesOf(byGroup.get(g.id) ?? []).map((d) => prefixedId(prefixes.get(d.providerId)!, d.model));
      out.set(g.name, { entity: "group", route: ids.length > 0 ? ids.join(", ") : "(no deployments)" });
    }
    const aliasRows = await tx
      .select({ name: aliases.name, target: modelGroups.name })
      .from(aliases)
      .innerJoin(modelGroups, eq(modelGroups.id, aliases.groupId))
      .where(inJson(tx, aliases.name, list));
    for (const a of aliasRows) out.set(a.name, { entity: "alias", route: a.target });
    return out;
  }

  /** Names that were in the catalog before and still are, whose route differs now. */
  private async reroutes(watched: Set<string>, prefixesBefore: Map<number, ProviderTypeInfo>, before: Map<string, Route>): Promise<RouteChange[]> {
    const { modelGroups, deployments } = this.tx.t;
    const prefixesAfter = await this.prefixes();
    const moved = [...prefixesBefore].filter(([id, type]) => prefixesAfter.has(id) && prefixesAfter.get(id)!.prefix !== type.prefix).map(([id]) => id);
    if (moved.length > 0) {
      const others = new Set<string>();
      const rows = await this.tx
        .select({ name: modelGroups.name })
        .from(deployments)
        .innerJoin(modelGroups, eq(modelGroups.id, deployments.groupId))
        .where(inJson(this.tx, deployments.providerId, moved));
      for (const r of rows) if (!watched.has(r.name)) others.add(r.name);
      // Not in the file: their deployments are as they were, only the prefixes moved.
      for (const [name, route] of await this.routes(others, prefixesBefore)) before.set(name, route);
      for (const name of others) watched.add(name);
    }
    const after = await this.routes(watched, prefixesAfter);
    const changed: RouteChange[] = [];
    for (const [name, was] of before) {
      const now = after.get(name);
      if (!now || (now.entity === was.entity && now.route === was.route)) continue;
      const describe = (r: Route) => (r.entity === "alias" ? `alias of ${show(r.route)}` : `group: ${r.route}`);
      changed.push({
        name,
        entity: now.entity,
        before: now.entity === was.entity ? was.route : describe(was),
        after: now.entity === was.entity ? now.route : describe(now),
      });
    }
    return changed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  // -------------------------------------------------------------------------------------------
  // Providers

  private async applyProviders(): Promise<void> {
    const { providers } = this.tx.t;
    const all = await this.tx.select().from(providers).orderBy(asc(providers.name));
    const claimed = new Set(this.spec.providers.flatMap((p) => (p.name ? [p.name] : [])));
    for (const spec of this.spec.providers) if (spec.name) this.providerRows.set(spec, await this.applyNamedProvider(spec, spec.name));

    const taken = new Set([...all.map((p) => p.name), ...claimed]);
    for (const spec of this.spec.providers) {
      if (spec.name) continue;
      // The same endpoint and credential already named in this file, or in the catalog.
      // A named provider whose key the file cannot state (modelgraph's stored-key placeholder) is
      // not known to share this entry's credential: it is never reused for it.
      const inFile = this.spec.providers.find(
        (p) => p.name && this.providerRows.has(p) && !(p.apiKey === undefined && p.apiKeyEnv === undefined) && this.sameEndpoint(this.providerRows.get(p)!, spec),
      );
      const inCatalog = all
        .filter((row) => !claimed.has(row.name) && this.sameEndpoint(row, spec))
        .sort((a, b) => Number(b.name === spec.suggestedName) - Number(a.name === spec.suggestedName));
      const match = inFile ? this.providerRows.get(inFile)! : inCatalog[0];
      if (match) {
        this.providerRows.set(spec, match);
        if (!inFile) this.report("unchanged", "providers", match.name);
        continue;
      }
      let name = spec.suggestedName;
      for (let n = 2; taken.has(name); n++) name = `${spec.suggestedName}-${n}`;
      taken.add(name);
      this.providerRows.set(spec, await this.applyNamedProvider(spec, name));
    }
  }

  /** Same type, effective API base and key source: entries without a provider name reuse it. */
  private sameEndpoint(row: ProviderRow, spec: ProviderSpec): boolean {
    const type = findProviderType(spec.type);
    if (!type || row.type !== spec.type) return false;
    if (normalizeApiBase(row.apiBase ?? type.defaultApiBase) !== normalizeApiBase(storedBase(spec.apiBase) ?? type.defaultApiBase)) return false;
    if (spec.apiKey !== undefined) {
      const key = this.deps.providers.keyOf(row);
      return key.source === "LITERAL" && key.key === spec.apiKey;
    }
    return row.apiKeyEncrypted == null && (row.apiKeyEnv ?? type.apiKeyEnv) === (spec.apiKeyEnv ?? type.apiKeyEnv);
  }

  private async applyNamedProvider(spec: ProviderSpec, name: string): Promise<ProviderRow> {
    const { providers } = this.tx.t;
    const existing = await one(this.tx.select().from(providers).where(eq(providers.name, name)));
    const context = `provider ${show(name)}`;
    if (!existing) {
      const created = await atLocAsync(
        spec.loc,
        async () =>
          await this.deps.providers.create(
            {
              name,
              type: spec.type,
              apiBase: spec.apiBase,
              apiKeyEnv: spec.apiKeyEnv ?? null,
              apiKey: spec.apiKey ?? null,
              displayName: spec.displayName ?? null,
              placeholders: true,
            },
            this.tx,
          ),
        context,
      );
      this.out.warnings.push(...created.warnings.map((w) => `${context}: ${w}`));
      this.report("created", "providers", name);
      return created.value;
    }
    const patch: UpdateProviderData = {};
    if (existing.type !== spec.type) patch.type = spec.type;
    // Compared as stored (normalised), so a file that spells the URL differently changes nothing.
    const apiBase = spec.apiBase == null ? null : atLoc(spec.loc, () => validateApiBase(spec.apiBase!, "apiBase", true), context);
    // A file that gives no API base for a type that has no default cannot mean "none": the stored one stays (MERGE).
    const keepsStoredBase = apiBase === null && existing.apiBase !== null && findProviderType(spec.type)?.defaultApiBase == null && this.mode === "MERGE";
    if (keepsStoredBase) {
      this.out.warnings.push(`${where(spec.loc)}: provider ${show(name)} has no API base in the file and its type none by default: the stored ${show(existing.apiBase!)} is kept`);
    } else if (existing.apiBase !== apiBase) {
      patch.apiBase = apiBase;
      patch.placeholders = true;
    }
    if (spec.apiKeyEnv !== undefined && existing.apiKeyEnv !== spec.apiKeyEnv) patch.apiKeyEnv = spec.apiKeyEnv;
    // Compared as stored: validated, and "" meaning none.
    const displayName = spec.displayName === undefined ? undefined : atLoc(spec.loc, () => validateDisplayName(spec.displayName));
    if (displayName !== undefined && existing.displayName !== displayName) patch.displayName = displayName;
    if (spec.apiKey !== undefined) {
      const stored = this.deps.providers.keyOf(existing);
      if (stored.source !== "LITERAL" || stored.key !== spec.apiKey) patch.apiKey = spec.apiKey;
    }
    /*
     * A new API base (or type) may take the provider's key to another origin. A key the file states
     * (a literal api_key, or os.environ/NAME) counts as given again, as in updateProvider; without
     * one (no api_key, or modelgraph's export placeholder) the update refuses, located in the file.
     */
    if (patch.apiBase !== undefined || patch.type !== undefined) {
      if (spec.apiKey !== undefined) patch.apiKey = spec.apiKey;
      else if (typeof spec.apiKeyEnv === "string") patch.apiKeyEnv = spec.apiKeyEnv;
    }
    if (Object.keys(patch).length === 0) {
      this.report("unchanged", "providers", name);
      return existing;
    }
    const updated = await atLocAsync(spec.loc, () => this.updateProvider(name, patch), context);
    this.out.warnings.push(...updated.warnings.map((w) => `${context}: ${w}`));
    this.report("updated", "providers", name);
    return updated.value;
  }

  /** updateProvider, with the remedy for a refused key move said in the file's terms. */
  private async updateProvider(name: string, patch: UpdateProviderData) {
    try {
      return await this.deps.providers.update(name, patch, this.tx);
    } catch (error) {
      const ext = error instanceof CatalogError ? (error.extensions as Record<string, unknown>) : {};
      if (ext.reason !== "KEY_MOVE") throw error;
      throw new BadUserInputError(
        `the file moves its API base to ${String(ext.to)} (from ${String(ext.from)}), which would send ${String(ext.key)} there; state the key in this entry (api_key: os.environ/NAME or a literal key; nanobot: apiKey) to send it to the new origin, or keep the API base`,
        { field: "api_base", reason: "KEY_MOVE", from: ext.from, to: ext.to },
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Groups and deployments

  private async applyGroup(spec: GroupSpec): Promise<void> {
    const { modelGroups } = this.tx.t;
    const name = spec.name;
    let row = this.groupsByName.get(name);
    const isNew = !row;
    if (!row) {
      if (this.names.has(name)) {
        // Only MERGE gets here: REPLACE removed aliases the file does not have.
        throw locatedError(spec.loc, `model group ${show(name)} would take a name that is already ${await describePublicName(this.tx, name)} in the catalog; remove or rename that alias first, or import with mode REPLACE`);
      }
      row = await atLocAsync(spec.loc, async () => await this.deps.groups.insert(this.tx, name, validateDescription(spec.description), spec.mode ?? "chat", true), `model group ${show(name)}`);
      const routing = await this.groupRouting(spec, null);
      if (routing) row = (await this.tx.update(modelGroups).set(routing).where(eq(modelGroups.id, row.id)).returning())[0]!;
      this.groupsByName.set(name, row);
      this.names.set(name, "group");
      if (name.includes("/") && !this.isNanobotGroup(spec)) this.out.warnings.push(`model group ${show(name)} contains '/': resolve() finds it by name before trying "<provider>/<model>"`);
      this.report("created", "groups", name);
    } else {
      const patch: { mode?: string; description?: string | null } = {};
      if (spec.mode !== undefined && spec.mode !== row.mode) patch.mode = spec.mode;
      const description = spec.description === undefined ? undefined : atLoc(spec.loc, () => validateDescription(spec.description));
      if (description !== undefined && description !== row.description) patch.description = description;
      const routing = await this.groupRouting(spec, row);
      if (Object.keys(patch).length > 0 || routing) {
        if (Object.keys(patch).length > 0) row = (await atLocAsync(spec.loc, async () => await this.deps.groups.update(name, patch, this.tx), `model group ${show(name)}`)).value;
        if (routing) row = (await this.tx.update(modelGroups).set({ ...routing, updatedAt: new Date() }).where(eq(modelGroups.id, row!.id)).returning())[0]!;
        this.report("updated", "groups", name);
      } else {
        this.report("unchanged", "groups", name);
      }
    }
    this.groupRows.set(name, row!);

    const existing = this.deploymentsByGroup.get(row!.id) ?? [];
    const matched = new Set<number>();
    for (const d of spec.deployments) {
      const provider = this.providerRows.get(d.provider)!;
      const base = storedBase(d.apiBase) ?? "";
      const variant = d.variant ?? "";
      const hit = existing.find((e) => !matched.has(e.id) && e.providerId === provider.id && e.model === d.model && e.apiBase === base && e.variant === variant);
      if (hit) matched.add(hit.id);
      await this.applyDeployment(row!, provider, d, hit, isNew);
    }
    if (this.mode === "REPLACE") {
      for (const e of existing) {
        if (matched.has(e.id)) continue;
        await this.deps.deployments.remove(e.id, this.tx);
        this.report("removed", "deployments", await this.label(name, e));
      }
    }
  }

  /**
   * The group's fallbacks and passthrough flag as the file states them, when they differ from
   * `row` (null: a new group). Returns null when nothing is to be written.
   */
  private async groupRouting(spec: GroupSpec, row: ModelGroupRow | null): Promise<Partial<Pick<ModelGroupRow, "fallbacks" | "passthrough">> | null> {
    const { aliases } = this.tx.t;
    const out: Partial<Pick<ModelGroupRow, "fallbacks" | "passthrough">> = {};
    if (spec.fallbacks !== undefined) {
      let rules: GroupFallback[] | null = null;
      if (spec.fallbacks.length > 0) {
        // The group's aliases, in the catalog and in the file: a rule may not fall back to them.
        const aliasNames = row ? (await this.tx.select({ name: aliases.name }).from(aliases).where(eq(aliases.groupId, row.id))).map((a) => a.name) : [];
        aliasNames.push(...this.spec.aliases.filter((a) => a.target === spec.name).map((a) => a.name));
        // The rules mutations follow (group.fallbacks.ts), each located at the file's rule.
        for (const f of spec.fallbacks) atLoc(f.loc, () => validateFallbacks([{ kind: f.kind, to: f.to }], { name: spec.name, aliases: aliasNames }), `fallbacks of ${show(spec.name)}`);
        rules = validateFallbacks(spec.fallbacks.map((f) => ({ kind: f.kind, to: f.to })), { name: spec.name, aliases: aliasNames });
      }
      if (canonicalJson(rules) !== canonicalJson(row?.fallbacks ?? null)) out.fallbacks = rules;
    }
    if (spec.passthrough !== undefined && spec.passthrough !== (row?.passthrough ?? false)) out.passthrough = spec.passthrough;
    return Object.keys(out).length > 0 ? out : null;
  }

  /** A group the nanobot format names `<provider>/<model>` after its one deployment. */
  private isNanobotGroup(group: GroupSpec): boolean {
    const d = group.deployments[0];
    return !!d && group.deployments.length === 1 && group.name === `${this.providerRows.get(d.provider)?.name}/${d.model}`;
  }

  /** `newGroup`: the group was created by this import, so the file's own duplicates are the only clash. */
  private async applyDeployment(group: ModelGroupRow, provider: ProviderRow, d: DeploymentSpec, existing: DeploymentRow | undefined, newGroup: boolean): Promise<void> {
    const id = prefixedId(this.deps.providers.typeOf(provider), d.model);
    const label = `${group.name}: ${id}`;
    const context = `deployment ${show(id)} of model group ${show(group.name)}`;
    const extras: Partial<Pick<DeploymentRow, "externalId" | "extraParams" | "factsOverride" | "modelWritten" | "entryExtra">> = {};
    if (!existing) {
      const settings = atLoc(d.loc, () =>
        validateSettings({ apiBase: d.apiBase, priority: d.priority, weight: d.weight, rpm: d.rpm, tpm: d.tpm, enabled: d.enabled, probe: d.probe }, true),
      );
      const meta = {
        externalId: d.externalId ?? null,
        extraParams: d.extraParams ?? null,
        factsOverride: d.factsOverride ?? null,
        modelWritten: d.modelWritten ?? null,
        variant: d.variant ?? "",
        entryExtra: d.entryExtra ?? null,
      };
      // In a group this import created, only an earlier entry of the same file can clash: the
      // unique index refuses that, and the checked path below names it.
      const identity = `${group.id}\u0000${provider.id}\u0000${d.model}\u0000${settings.apiBase ?? ""}\u0000${meta.variant}`;
      const fresh = newGroup && !this.seenInNewGroups.has(identity);
      this.seenInNewGroups.add(identity);
      const added = await atLocAsync(d.loc, async () => await this.deps.deployments.insert(this.tx, group, provider, d.model, settings, meta, fresh, true), context);
      this.out.warnings.push(...added.warnings.map((w) => `${context}: ${w}`));
      this.report("created", "deployments", label);
      return;
    }
    const patch: { priority?: number; weight?: number; rpm?: number | null; tpm?: number | null; enabled?: boolean; probe?: string } = {};
    if (d.priority !== undefined && d.priority !== existing.priority) patch.priority = d.priority;
    if (d.weight !== undefined && d.weight !== existing.weight) patch.weight = d.weight;
    if (d.rpm !== undefined && d.rpm !== existing.rpm) patch.rpm = d.rpm;
    if (d.tpm !== undefined && d.tpm !== existing.tpm) patch.tpm = d.tpm;
    if (d.enabled !== undefined && d.enabled !== existing.enabled) patch.enabled = d.enabled;
    if (d.probe !== undefined && d.probe !== existing.probe) patch.probe = d.probe;
    if (d.externalId !== undefined && d.externalId !== existing.externalId) extras.externalId = d.externalId;
    if (d.extraParams !== undefined && canonicalJson(d.extraParams) !== canonicalJson(existing.extraParams)) extras.extraParams = d.extraParams;
    if (d.modelWritten !== undefined && (d.modelWritten ?? null) !== existing.modelWritten) extras.modelWritten = d.modelWritten ?? null;
    if (d.entryExtra !== undefined && canonicalJson(d.entryExtra) !== canonicalJson(existing.entryExtra)) extras.entryExtra = d.entryExtra ?? null;
    if (d.factsOverride !== undefined) {
      const existingOverride = existing.factsOverride ?? null;
      const next = importedFactsOverride(existingOverride, modelInfoOverride(existing.extraParams), d.factsOverride);
      if (canonicalJson(next) !== canonicalJson(existingOverride)) extras.factsOverride = next;
    }
    if (Object.keys(patch).length === 0 && Object.keys(extras).length === 0) {
      this.report("unchanged", "deployments", label);
      return;
    }
    if (Object.keys(patch).length > 0) await atLocAsync(d.loc, async () => await this.deps.deployments.update(existing.id, patch, this.tx), context);
    if (Object.keys(extras).length > 0) {
      const { deployments } = this.tx.t;
      await this.tx.update(deployments).set({ ...extras, updatedAt: new Date() }).where(eq(deployments.id, existing.id));
    }
    this.report("updated", "deployments", label);
  }

  private async label(groupName: string, row: DeploymentRow): Promise<string> {
    let type = this.typesById.get(row.providerId);
    if (!type) {
      const { providers } = this.tx.t;
      const provider = (await one(this.tx.select().from(providers).where(eq(providers.id, row.providerId))))!;
      type = this.deps.providers.typeOf(provider);
      this.typesById.set(row.providerId, type);
    }
    return `${groupName}: ${prefixedId(type, row.model)}`;
  }

  private async removeGroupsNotInFile(): Promise<void> {
    const keep = new Set(this.spec.groups.map((g) => g.name));
    for (const group of [...this.groupsByName.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (keep.has(group.name)) continue;
      for (const row of this.deploymentsByGroup.get(group.id) ?? []) this.out.removed.deployments.push(await this.label(group.name, row));
      await this.deps.groups.delete(group.name, false, this.tx);
      this.groupsByName.delete(group.name);
      this.names.delete(group.name);
      this.out.removed.groups.push(group.name);
    }
  }

  private async removeUnusedProviders(): Promise<void> {
    const { providers } = this.tx.t;
    const keep = new Set([...this.providerRows.values()].map((p) => p.id));
    for (const row of await this.tx.select().from(providers).orderBy(asc(providers.name))) {
      if (keep.has(row.id)) continue;
      await this.deps.providers.delete(row.name, false, this.tx);
      this.out.removed.providers.push(row.name);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Aliases

  /** The group an alias points at: in the file, or (MERGE only) already in the catalog. */
  private async targetOf(alias: AliasSpec): Promise<ModelGroupRow> {
    const inFile = this.groupRows.get(alias.target);
    if (inFile) return inFile;
    const context = `alias ${show(alias.name)} points at ${show(alias.target)}`;
    const existing = this.groupsByName.get(alias.target);
    if (existing && this.mode === "MERGE") return existing;
    if (existing) {
      throw locatedError(alias.loc, `${context}, which is not a model group in this file; REPLACE would remove it: add it to the file or point the alias at one of its groups`);
    }
    const owner = await describePublicName(this.tx, alias.target);
    if (owner && this.mode === "MERGE") {
      throw locatedError(alias.loc, `${context}, which is ${owner}; an alias must point at a model group, not at another alias`);
    }
    const { modelGroups } = this.tx.t;
    const names = [...this.groupRows.keys(), ...(this.mode === "MERGE" ? (await this.tx.select({ name: modelGroups.name }).from(modelGroups)).map((g) => g.name) : [])];
    const near = closestNames(alias.target, new Set(names), 3);
    throw locatedError(
      alias.loc,
      `${context}, which is not a model group in this file${this.mode === "MERGE" ? " nor in the catalog" : ""}${near.length > 0 ? `; did you mean ${near.map((n) => show(n)).join(", ")}?` : "; add the group first"}`,
      { suggestions: near },
    );
  }

  /** The alias row written here: its target is a group this import resolved (targetOf) and its name stays, so updateAlias's checks have nothing to add. */
  private async updateAlias(alias: AliasSpec, row: AliasRow, target: ModelGroupRow): Promise<void> {
    const patch: { groupId?: number; hidden?: boolean; description?: string | null } = {};
    if (row.groupId !== target.id) patch.groupId = target.id;
    if (alias.hidden !== undefined && alias.hidden !== row.hidden) patch.hidden = alias.hidden;
    const description = alias.description === undefined ? undefined : atLoc(alias.loc, () => validateDescription(alias.description));
    if (description !== undefined && description !== row.description) patch.description = description;
    if (Object.keys(patch).length === 0) {
      this.report("unchanged", "aliases", alias.name);
      return;
    }
    const { aliases } = this.tx.t;
    await this.tx
      .update(aliases)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(aliases.id, row.id));
    this.report("updated", "aliases", alias.name);
  }

  private async createAlias(alias: AliasSpec, target: ModelGroupRow): Promise<void> {
    if (this.names.has(alias.name)) {
      const owner = await describePublicName(this.tx, alias.name);
      throw locatedError(alias.loc, `alias ${show(alias.name)} would take a name that is already ${owner} in the catalog; rename the alias, or import with mode REPLACE if the file replaces that group`);
    }
    await atLocAsync(
      alias.loc,
      async () => {
        const name = validatePublicName(alias.name, "alias name");
        await this.deps.aliases.insert(this.tx, name, target, alias.hidden ?? false, validateDescription(alias.description), true);
      },
      `alias ${show(alias.name)}`,
    );
    this.names.set(alias.name, "alias");
    this.report("created", "aliases", alias.name);
  }

  private report(kind: "created" | "updated" | "unchanged" | "removed", entity: keyof EntityChanges, name: string): void {
    this.out[kind][entity].push(name);
  }
}
