import type { AliasRow, DeploymentRow, ModelGroupRow, ProviderRow } from "../../db/schema.ts";
import type { HealthStore } from "../../health/health.store.ts";
import { upstreamKey } from "../../health/health.store.ts";
import { HealthStatus, UNKNOWN_HEALTH, type HealthView } from "../../health/status.ts";
import type { AliasService } from "../alias/alias.service.ts";
import type { DeploymentService } from "../deployment/deployment.service.ts";
import type { GroupService } from "../group/group.service.ts";
import { routeTarget } from "../route.ts";
import type { ProviderService } from "../provider/provider.service.ts";
import { show, validatePublicName } from "../validation.ts";
import { candidatesOf, selectCandidate } from "./select.ts";

export enum ResolutionKind {
  ALIAS = "ALIAS",
  MODEL_GROUP = "MODEL_GROUP",
  PROVIDER_MODEL = "PROVIDER_MODEL",
}

/** One route a name can take: a stored deployment, or (PROVIDER_MODEL only) an ad-hoc one. */
export interface CandidateView {
  deployment: DeploymentRow | null;
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

/** Answers "what is `name`?" from the catalog and stored health. Never sends network traffic. */
export class ResolutionService {
  constructor(
    private readonly aliases: AliasService,
    private readonly groups: GroupService,
    private readonly providers: ProviderService,
    private readonly deployments: DeploymentService,
    private readonly health: HealthStore,
  ) {}

  resolve(name: string): ResolutionResult {
    validatePublicName(name, "name");
    const trace: string[] = [];

    const alias = this.aliases.byName(name);
    if (alias) {
      const group = this.groups.byId(alias.groupId)!;
      trace.push(`${show(name)} is an alias of model group ${show(group.name)}`);
      return this.fromDeployments(name, ResolutionKind.ALIAS, alias, group, this.deployments.byGroupIds([group.id]), trace);
    }

    const group = this.groups.byName(name);
    if (group) {
      trace.push(`${show(name)} is a model group`);
      return this.fromDeployments(name, ResolutionKind.MODEL_GROUP, null, group, this.deployments.byGroupIds([group.id]), trace);
    }

    const slash = name.indexOf("/");
    if (slash > 0 && slash < name.length - 1) {
      const provider = this.providers.byName(name.slice(0, slash));
      if (provider) {
        const model = name.slice(slash + 1);
        trace.push(`${show(name)} is neither an alias nor a group; ${show(provider.name)} is a configured provider, model ${show(model)}`);
        const stored = this.deployments.byProviderModel(provider.id, model);
        if (stored.length > 0) {
          trace.push(`provider ${show(provider.name)} has ${stored.length} deployment(s) of ${show(model)}`);
          return this.fromDeployments(name, ResolutionKind.PROVIDER_MODEL, null, null, stored, trace);
        }
        const [candidate] = this.views([{ deployment: null, provider, model }]);
        candidate!.selected = true;
        trace.push(`no deployment of ${show(model)} on ${show(provider.name)}: answering with an ad-hoc candidate built from the provider`);
        return {
          name,
          kind: ResolutionKind.PROVIDER_MODEL,
          alias: null,
          group: null,
          selected: candidate!,
          candidates: [candidate!],
          health: candidate!.health.status,
          allUnhealthy: candidate!.health.status === HealthStatus.UNHEALTHY,
          trace,
        };
      }
    }
    throw this.groups.nameNotFound(name, "model name");
  }

  private fromDeployments(
    name: string,
    kind: ResolutionKind,
    alias: AliasRow | null,
    group: ModelGroupRow | null,
    rows: DeploymentRow[],
    trace: string[],
  ): ResolutionResult {
    const ordered = candidatesOf(rows);
    const byId = new Map(this.providers.byIds([...new Set(ordered.map((d) => d.providerId))]).map((p) => [p.id, p]));
    const candidates = this.views(ordered.map((d) => ({ deployment: d, provider: byId.get(d.providerId)!, model: d.model })));
    const skipped = rows.length - ordered.length;
    trace.push(
      `${ordered.length} enabled candidate(s)${skipped > 0 ? ` (${skipped} disabled skipped)` : ""}, ordered by priority, then weight (descending), then id`,
    );
    const choice = selectCandidate(candidates, (c) => c.health.status);
    if (choice.selected) {
      choice.selected.selected = true;
      const d = choice.selected;
      trace.push(`selected deployment ${d.deployment!.id} (${d.prefixedId} on provider ${show(d.provider.name)}): ${choice.reason}`);
    } else {
      trace.push(`no enabled deployment: nothing to route to`);
    }
    return {
      name,
      kind,
      alias,
      // For "<provider>/<model>", the group of the deployment that was selected.
      group: group ?? (choice.selected ? (this.groups.byId(choice.selected.deployment!.groupId) ?? null) : null),
      selected: choice.selected ?? null,
      candidates,
      health: choice.selected?.health.status ?? HealthStatus.UNKNOWN,
      allUnhealthy: choice.allUnhealthy,
      trace,
    };
  }

  /** Candidate views with their stored health, read in one statement. */
  private views(routes: { deployment: DeploymentRow | null; provider: ProviderRow; model: string }[]): CandidateView[] {
    const drafts = routes.map(({ deployment, provider, model }) => ({
      deployment,
      provider,
      model,
      ...routeTarget(provider, this.providers.typeOf(provider), model, deployment?.apiBase),
    }));
    const health = this.health.readMany(drafts.map((d) => d.ref));
    return drafts.map(({ ref, ...d }) => ({ ...d, health: health.get(upstreamKey(ref)) ?? UNKNOWN_HEALTH, selected: false }));
  }
}
