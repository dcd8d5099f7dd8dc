import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../../db/schema.ts";
import { NotFoundError } from "../../errors.ts";
import { HealthStatus, type HealthView } from "../../health/status.ts";
import type { DeploymentEntry, GroupEntry, ProviderEntry } from "../../read/snapshot.ts";
import type { ReadView } from "../../read/view.ts";
import type { GroupService } from "../group/group.service.ts";
import { matchPattern, substitute } from "../pattern.ts";
import { effectiveApiBase, normalizeApiBase } from "../prefix.ts";
import { findProviderType, PROVIDER_TYPES, type ProviderTypeInfo } from "../provider-types.ts";
import { routeTarget } from "../route.ts";
import { show, validatePublicName } from "../validation.ts";
import { selectCandidate } from "./select.ts";

export enum ResolutionKind {
  ALIAS = "ALIAS",
  MODEL_GROUP = "MODEL_GROUP",
  PROVIDER_MODEL = "PROVIDER_MODEL",
  WILDCARD = "WILDCARD",
}

/** The part of the model registry resolution reads: which first-party types list an exact id. */
export interface FirstPartyLookup {
  firstPartyProvidersFor(modelId: string): string[];
}

export interface ResolveOptions {
  /** The view to read (a request's); default a fresh one of the current snapshot. */
  view?: ReadView;
  /**
   * The model registry in force, asked only when a name without a provider type prefix meets a
   * pattern (LiteLLM looks such names up by exact id). Overrides the one the service was built with.
   */
  registry?: () => FirstPartyLookup;
}

/**
 * Row id of the stand-in provider of an ad-hoc passthrough candidate whose type has no configured
 * provider: it is not stored (no row has id 0), carries the type's defaults and reads UNKNOWN health.
 */
export const STAND_IN_PROVIDER_ID = 0;

export function isStandInProvider(provider: Pick<ProviderRow, "id">): boolean {
  return provider.id === STAND_IN_PROVIDER_ID;
}

function standInProvider(type: ProviderTypeInfo): ProviderRow {
  const epoch = new Date(0);
  return {
    id: STAND_IN_PROVIDER_ID,
    name: type.id,
    type: type.id,
    displayName: `${type.displayName} (not configured: the type's defaults)`,
    apiBase: null,
    apiKeyEnv: null,
    apiKeyEncrypted: null,
    createdAt: epoch,
    updatedAt: epoch,
  };
}

const TYPE_BY_PREFIX = new Map(PROVIDER_TYPES.map((t) => [t.prefix, t]));

/**
 * One route a name can take: a stored deployment (for WILDCARD, `model` is the deployment's with
 * the `*` parts filled in), or an ad-hoc one (PROVIDER_MODEL, or a passthrough WILDCARD).
 */
export interface CandidateView {
  /** The snapshot's entry (its route as stored is `prefixedId`, `effectiveApiBase`). */
  deployment: DeploymentEntry | null;
  /** For an ad-hoc passthrough candidate of an unconfigured type: a stand-in (isStandInProvider). */
  provider: ProviderRow;
  model: string;
  prefixedId: string;
  apiBase: string | null;
  health: HealthView;
  selected: boolean;
}

export interface ResolutionResult {
  name: string;
  kind: ResolutionKind;
  alias: AliasRow | null;
  group: ModelGroupRow | null;
  selected: CandidateView | null;
  candidates: CandidateView[];
  health: HealthStatus;
  allUnhealthy: boolean;
  trace: string[];
}

/** Answers "what is `name`?" from the catalog snapshot and stored health. Never sends network traffic, reads no SQL. */
export class ResolutionService {
  constructor(
    private readonly view: () => ReadView,
    private readonly groups: GroupService,
    private readonly registry?: () => FirstPartyLookup,
  ) {}

  /**
   * The order (docs/decisions.md, "Wildcard routes"): 1 alias, 2 group, 3 `<provider>/<model>` with
   * a stored deployment of it; then the pattern groups, most specific first (WILDCARD); then the
   * ad-hoc candidate of step 3; then NOT_FOUND, saying why a passthrough pattern did not route it.
   */
  resolve(rawName: string, options: ResolveOptions = {}): ResolutionResult {
    const name = validatePublicName(rawName, "name");
    const view = options.view ?? this.view();
    const trace: string[] = [];

    const alias = view.aliasByName(name);
    if (alias) {
      const group = view.group(alias.groupId)!;
      trace.push(`${show(name)} is an alias of model group ${show(group.name)}`);
      return this.fromDeployments(view, name, ResolutionKind.ALIAS, alias, group, view.deploymentsOf(group.id), trace);
    }

    const group = view.groupByName(name);
    if (group) {
      trace.push(`${show(name)} is a model group`);
      return this.fromDeployments(view, name, ResolutionKind.MODEL_GROUP, null, group, view.deploymentsOf(group.id), trace);
    }

    // Step 3 without a stored deployment waits: a pattern names its routes explicitly.
    let adHoc: (() => ResolutionResult) | null = null;
    const slash = name.indexOf("/");
    if (slash > 0 && slash < name.length - 1) {
      const provider = view.providerByName(name.slice(0, slash));
      if (provider) {
        const model = name.slice(slash + 1);
        trace.push(`${show(name)} is neither an alias nor a group; ${show(provider.name)} is a configured provider, model ${show(model)}`);
        const stored = view.deploymentsOfProvider(provider.id).filter((d) => d.model === model);
        if (stored.length > 0) {
          trace.push(`provider ${show(provider.name)} has ${stored.length} deployment(s) of ${show(model)}`);
          return this.fromDeployments(view, name, ResolutionKind.PROVIDER_MODEL, null, null, stored, trace);
        }
        trace.push(`no deployment of ${show(model)} on ${show(provider.name)}`);
        adHoc = () => {
          trace.push(`answering with an ad-hoc candidate built from provider ${show(provider.name)}`);
          return this.single(view, name, ResolutionKind.PROVIDER_MODEL, null, { deployment: null, provider, model }, trace);
        };
      }
    }

    const why: string[] = [];
    const wildcard = this.fromPatterns(view, name, trace, why, options.registry ?? (() => view.registry()));
    if (wildcard) return wildcard;
    if (adHoc) return adHoc();
    const missing = this.groups.nameNotFound(name, "model name", view.snapshot);
    if (why.length === 0) throw missing;
    const { code: _code, ...extensions } = (missing as NotFoundError).extensions as Record<string, unknown>;
    throw new NotFoundError(`${missing.message} (${why.join("; ")})`, { ...extensions, reasons: why });
  }

  /**
   * Step 4: the pattern groups that match `name`, most specific first (LiteLLM's
   * PatternMatchRouter order). A passthrough group that cannot tell where the name goes is no
   * match (`why` says so) and the next pattern is tried. A name without a provider type prefix
   * that no pattern matches is tried once more as `<type>/<name>` when the registry lists it under
   * exactly one first-party type (LiteLLM's `get_pattern`: `route(f"{provider}/{model}")`).
   */
  private fromPatterns(view: ReadView, name: string, trace: string[], why: string[], registry: (() => FirstPartyLookup) | undefined): ResolutionResult | null {
    const ordered = view.patterns();
    if (ordered.length === 0) return null;
    let lookup: FirstPartyLookup | null | undefined;
    const firstParty = () => (lookup === undefined ? (lookup = registry?.() ?? null) : lookup);

    const attempt = (requested: string): ResolutionResult | null => {
      const matching = ordered.flatMap((group) => {
        const parts = matchPattern(group.name, requested);
        return parts ? [{ group, parts }] : [];
      });
      if (matching.length === 0) return null;
      trace.push(
        `${show(requested)} matches pattern group${matching.length > 1 ? "s" : ""} ${matching.map((m) => show(m.group.name)).join(", ")}` +
          (matching.length > 1 ? " (most specific first: LiteLLM's order, the longest pattern first)" : ""),
      );
      for (const { group, parts } of matching) {
        if (group.passthrough) {
          const routed = this.passthrough(view, name, group, trace, why, firstParty);
          if (routed) return routed;
          continue;
        }
        trace.push(`pattern ${show(group.name)} matched: its * part${parts.length === 1 ? "" : "s"} ${parts.map((p) => show(p)).join(", ")} fill${parts.length === 1 ? "s" : ""} each deployment's model`);
        return this.fromDeployments(view, name, ResolutionKind.WILDCARD, null, group, view.deploymentsOf(group.id), trace, (d) => substitute(d.model, parts, requested));
      }
      return null;
    };

    const direct = attempt(name);
    if (direct) return direct;
    if (typeOfPrefix(name) !== null) return null;
    const types = firstParty()?.firstPartyProvidersFor(name) ?? [];
    const type = types.length === 1 ? TYPE_BY_PREFIX.get(types[0]!) ?? PROVIDER_TYPES.find((t) => t.id === types[0]) : undefined;
    if (!type) return null;
    trace.push(`${show(name)} has no provider prefix; the model registry lists it under first-party type ${type.id} only, so it is tried as ${show(`${type.prefix}/${name}`)}`);
    return attempt(`${type.prefix}/${name}`);
  }

  /**
   * A passthrough group (LiteLLM `model: "*"`): the requested name says where it goes. Its
   * provider type prefix, else the one first-party type the registry lists the exact id under;
   * then the configured provider of that type on the type's default API base (first by name), else
   * an ad-hoc candidate of the type itself. Null (with the reason in `why`) when neither tells.
   */
  private passthrough(
    view: ReadView,
    name: string,
    group: GroupEntry,
    trace: string[],
    why: string[],
    firstParty: () => FirstPartyLookup | null,
  ): ResolutionResult | null {
    let type = typeOfPrefix(name);
    let model: string;
    let how: string;
    if (type) {
      model = name.slice(type.prefix.length + 1);
      how = `its prefix ${show(type.prefix)} is provider type ${type.id}`;
    } else {
      const lookup = firstParty();
      // Why it is no match: for the NOT_FOUND, and for the trace if a later step answers.
      const fail = (reason: string): null => {
        why.push(`passthrough pattern ${show(group.name)}: ${show(name)} ${reason}`);
        trace.push(why[why.length - 1]!);
        return null;
      };
      if (!lookup) return fail("has no provider type prefix and no model registry is available to look it up");
      const types = lookup.firstPartyProvidersFor(name);
      if (types.length === 0) return fail(`has no provider type prefix and no first-party provider in the model registry lists that exact id; write "<prefix>/<model>"`);
      if (types.length > 1) return fail(`is listed by several first-party provider types (${types.join(", ")}); write "<prefix>/${name}" to choose one`);
      type = PROVIDER_TYPES.find((t) => t.id === types[0])!;
      model = name;
      how = `the model registry lists that exact id under first-party type ${type.id} only`;
    }
    const defaultBase = normalizeApiBase(type.defaultApiBase);
    const configured = view
      .providers()
      .find((p) => p.type === type.id && normalizeApiBase(effectiveApiBase(null, p.apiBase, type)) === defaultBase);
    trace.push(
      `passthrough pattern ${show(group.name)} routes ${show(name)} by the name itself: ${how}; ` +
        (configured
          ? `provider ${show(configured.name)} is the first configured one of that type on its default API base`
          : `no provider of that type is configured on its default API base, so the candidate is the type's own (its default API base and key variable)`),
    );
    return this.single(view, name, ResolutionKind.WILDCARD, group, { deployment: null, provider: configured ?? standInProvider(type), model }, trace);
  }

  /** A resolution with one ad-hoc candidate. */
  private single(
    view: ReadView,
    name: string,
    kind: ResolutionKind,
    group: ModelGroupRow | null,
    route: { deployment: null; provider: ProviderRow; model: string },
    trace: string[],
  ): ResolutionResult {
    const [candidate] = this.views(view, [route]);
    candidate!.selected = true;
    return {
      name,
      kind,
      alias: null,
      group,
      selected: candidate!,
      candidates: [candidate!],
      health: candidate!.health.status,
      allUnhealthy: candidate!.health.status === HealthStatus.UNHEALTHY,
      trace,
    };
  }

  /** `rows`: deployments in display order (enabled ones first, in candidate order). */
  private fromDeployments(
    view: ReadView,
    name: string,
    kind: ResolutionKind,
    alias: AliasRow | null,
    group: ModelGroupRow | null,
    rows: readonly DeploymentEntry[],
    trace: string[],
    modelOf: (d: DeploymentEntry) => string = (d) => d.model,
  ): ResolutionResult {
    const ordered = rows.filter((d) => d.enabled);
    const candidates = this.views(
      view,
      ordered.map((d) => ({ deployment: d, provider: view.provider(d.providerId)!, model: modelOf(d) })),
    );
    const skipped = rows.length - ordered.length;
    trace.push(
      `${ordered.length} enabled candidate(s)${skipped > 0 ? ` (${skipped} disabled skipped)` : ""}, ordered by priority, then weight (descending), then id`,
    );
    const choice = selectCandidate(candidates, (c) => c.health.status);
    if (choice.selected) {
      choice.selected.selected = true;
      const d = choice.selected;
      const filled = d.model !== d.deployment!.model ? ` (its model ${show(d.deployment!.model)} filled in)` : "";
      trace.push(`selected deployment ${d.deployment!.id}: ${d.prefixedId}${filled} on provider ${show(d.provider.name)}: ${choice.reason}`);
    } else {
      trace.push(`no enabled deployment: nothing to route to`);
    }
    return {
      name,
      kind,
      alias,
      // For "<provider>/<model>", the group of the deployment that was selected.
      group: group ?? (choice.selected ? (view.group(choice.selected.deployment!.groupId) ?? null) : null),
      selected: choice.selected ?? null,
      candidates,
      health: choice.selected?.health.status ?? HealthStatus.UNKNOWN,
      allUnhealthy: choice.allUnhealthy,
      trace,
    };
  }

  /**
   * Candidate views with their stored health. A stored deployment routing its own model has its
   * route precomputed in the snapshot; a filled-in pattern model or an ad-hoc one is derived.
   */
  private views(view: ReadView, routes: { deployment: DeploymentEntry | null; provider: ProviderEntry | ProviderRow; model: string }[]): CandidateView[] {
    return routes.map(({ deployment, provider, model }) => {
      if (deployment && model === deployment.model) {
        return { deployment, provider, model, prefixedId: deployment.prefixedId, apiBase: deployment.effectiveApiBase, health: view.health(deployment), selected: false };
      }
      // The stand-in provider of an unconfigured type is built from a built-in type.
      const type = "typeInfo" in provider ? provider.typeInfo : findProviderType(provider.type)!;
      const { prefixedId, apiBase, ref } = routeTarget(provider, type, model, deployment?.apiBase);
      return { deployment, provider, model, prefixedId, apiBase, health: view.healthOf(ref), selected: false };
    });
  }
}

/** The provider type whose routing prefix `name` starts with (`anthropic/claude-3` → anthropic), if any. */
function typeOfPrefix(name: string): ProviderTypeInfo | null {
  const slash = name.indexOf("/");
  if (slash <= 0 || slash === name.length - 1) return null;
  return TYPE_BY_PREFIX.get(name.slice(0, slash)) ?? null;
}
