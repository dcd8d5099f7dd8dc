import { normalizeApiBase } from "../catalog/prefix.ts";
import type { ProviderTypeInfo } from "../catalog/provider-types.ts";
import type { ProviderService } from "../catalog/provider/provider.service.ts";
import { apiBaseProblem } from "../catalog/validation.ts";
import type { ResolutionService } from "../catalog/resolution/resolution.service.ts";
import { NotFoundError } from "../errors.ts";
import type { DeploymentEntry, ProviderEntry } from "../read/snapshot.ts";
import type { ReadView } from "../read/view.ts";
import type { HealthRecord, HealthStore, UpstreamRef } from "./health.store.ts";
import type { LeaseManager } from "./lease.ts";
import { KeyedLimiter } from "./limiter.ts";
import { probeCompletion, probeList, verdictFor, type Endpoint, type ListOutcome, type UpstreamVerdict } from "./probes.ts";
import { scheduleKey } from "./schedule.ts";
import { HealthStatus } from "./status.ts";

export interface HealthSettings {
  /** Deadline of one probe (headers and body). */
  timeoutMs: number;
  /** Slower answers are DEGRADED. */
  slowMs: number;
  /** A stored result younger than this is reused unless forced. */
  freshForMs: number;
  /** Probes in flight at once, in all. */
  concurrency: number;
  /** Probes in flight at once against one provider. */
  perProviderConcurrency: number;
  /** List answers larger than this are refused (UNHEALTHY). */
  maxBodyBytes: number;
  /** How long a sweep's claim on an endpoint lasts unless renewed (src/health/schedule.ts); default 30 s. */
  leaseMs?: number;
}

export interface CheckRequest {
  names?: readonly string[] | null;
  deploymentIds?: readonly number[] | null;
  force?: boolean | null;
  /** Called as probes finish: `done` of `total` probes (a probe covers one endpoint or upstream). */
  onProgress?: (done: number, total: number) => void;
  /** The view the check is planned from (a request's, to name the results from it too); default the current snapshot. */
  view?: ReadView;
}

export interface CheckResult {
  /** The view's entry (its prefixed id, effective API base and upstream precomputed). */
  deployment: DeploymentEntry;
  status: HealthStatus;
  checkedAt: Date | null;
  latencyMs: number | null;
  error: string | null;
  /** How this call got the result. */
  source: "PROBED" | "SHARED" | "REUSED";
}

export interface CheckReport {
  names: string[];
  deploymentsCovered: number;
  upstreamsChecked: number;
  /** HTTP requests this call sent (a request shared with a concurrent call counts once, for its sender). */
  requestsSent: number;
  /** Upstreams answered from a stored result (fresh, or written by another process) without a request. */
  reusedResults: number;
  /** Upstreams answered by a request another concurrent call of this process sent. */
  sharedResults: number;
  results: CheckResult[];
  durationMs: number;
}

type Mode = "list" | "completion" | "none";

export interface Upstream {
  ref: UpstreamRef;
  key: string;
  provider: ProviderEntry;
  type: ProviderTypeInfo;
  /** The effective API base as stored (a URL, `os.environ/NAME`, or an imported placeholder). */
  base: string | null;
  /** The URL requests go to: `base`, or the value of its variable; null when it cannot be used. */
  url: string | null;
  /** Why the upstream cannot be probed now (UNKNOWN with this reason), if so. */
  problem: string | null;
  model: string;
  mode: Mode;
  deployments: DeploymentEntry[];
}

interface Verdict extends UpstreamVerdict {
  checkedAt: Date;
}

/** What a probe's exchange gave, before anything is stored. */
interface Sent {
  verdictOf(u: Upstream): Verdict;
  requests: number;
}

/**
 * One unit the sweep probes (src/health/sweeper.ts): an endpoint's list request, or one
 * upstream's completion (or its UNKNOWN when it cannot be probed), with the upstreams it answers for.
 */
export interface SweepProbe {
  /** Its row in the probe schedule (src/health/schedule.ts scheduleKey). */
  readonly key: string;
  readonly upstreams: readonly UpstreamRef[];
  readonly group: readonly Upstream[];
}

/** What one probe (or the wait for another process's probe) produced. */
interface ProbeRun {
  verdictOf(u: Upstream): Verdict;
  /** Upstreams whose verdict is already stored. */
  stored: Set<string>;
  requests: number;
  fromStore: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Probes upstreams, deduplicated from the structure outward: names and aliases only select
 * deployments; deployments collapse into upstreams; upstreams on one endpoint share one list
 * request; concurrent checks share in-flight requests; fresh results are reused; and a lease in
 * the database keeps two processes from probing the same endpoint at once.
 *
 * The plan (which deployments, which upstreams, which stored results are fresh) is read from one
 * snapshot of the catalog (src/read/view.ts), without SQL. The database is asked only around a
 * probe: the lease, and what another process stored while this one waited for it.
 */
export class HealthChecker {
  private readonly inflight = new Map<string, Promise<ProbeRun>>();
  private readonly limiter: KeyedLimiter;
  /** HTTP requests sent by this process since start. */
  requestsSent = 0;

  private readonly read: () => ReadView;

  constructor(
    private readonly deps: {
      providers: ProviderService;
      resolution: ResolutionService;
      store: HealthStore;
      leases: LeaseManager;
      /** Reads over the current snapshot (catalog.read). */
      read: () => ReadView;
    },
    readonly settings: HealthSettings,
  ) {
    this.limiter = new KeyedLimiter(settings.concurrency, settings.perProviderConcurrency);
    this.read = deps.read;
  }

  async check(request: CheckRequest = {}): Promise<CheckReport> {
    const started = performance.now();
    const callStart = Date.now();
    const force = request.force ?? false;
    const names = [...(request.names ?? [])];
    const view = request.view ?? this.read();
    const deployments = this.select(view, names, request.deploymentIds ?? null);
    const upstreams = this.upstreamsOf(view, deployments);

    // Stored results as written (not judged stale: freshness is this call's own rule).
    const stored = view.snapshot.health;
    const verdicts = new Map<string, { verdict: Verdict; source: CheckResult["source"] }>();
    const probes = new Map<string, Upstream[]>();
    for (const u of upstreams) {
      const row = stored.get(u.key);
      if (!force && row && callStart - row.checkedAt.getTime() < this.settings.freshForMs) {
        verdicts.set(u.key, { verdict: { status: row.status as HealthStatus, latencyMs: row.latencyMs, error: row.error, checkedAt: row.checkedAt }, source: "REUSED" });
        continue;
      }
      const probeKey = this.probeKey(u);
      const list = probes.get(probeKey);
      if (list) list.push(u);
      else probes.set(probeKey, [u]);
    }

    let requestsSent = 0;
    let done = 0;
    request.onProgress?.(0, probes.size);
    await Promise.all(
      [...probes].map(async ([probeKey, group]) => {
        const { run, joined } = await this.shared(probeKey, group, force ? callStart : callStart - this.settings.freshForMs);
        request.onProgress?.(++done, probes.size);
        if (!joined) requestsSent += run.requests;
        const source = run.fromStore ? "REUSED" : joined ? "SHARED" : "PROBED";
        for (const u of group) verdicts.set(u.key, { verdict: run.verdictOf(u), source });
      }),
    );

    const byDeployment = new Map(upstreams.flatMap((u) => u.deployments.map((d) => [d.id, u.key] as const)));
    const results = deployments.map((deployment): CheckResult => {
      const { verdict, source } = verdicts.get(byDeployment.get(deployment.id)!)!;
      return { deployment, status: verdict.status, checkedAt: verdict.checkedAt, latencyMs: verdict.latencyMs, error: verdict.error, source };
    });
    const count = (s: CheckResult["source"]) => [...verdicts.values()].filter((v) => v.source === s).length;
    return {
      names,
      deploymentsCovered: deployments.length,
      upstreamsChecked: upstreams.length,
      requestsSent,
      reusedResults: count("REUSED"),
      sharedResults: count("SHARED"),
      results,
      durationMs: Math.round(performance.now() - started),
    };
  }

  private lastPlan: { deployments: unknown; providers: unknown; plan: ReadonlyMap<string, SweepProbe> } | undefined;

  /** The current snapshot's view (the sweeper reads its plan and the plan's version from one). */
  view(): ReadView {
    return this.read();
  }

  /**
   * What a sweep covers, by schedule key: one probe per endpoint (or lone upstream) of every
   * enabled, probe-able deployment in the view. Made again only when the view's deployments or
   * providers changed (health results and other writes keep the previous plan).
   */
  sweepPlan(view: ReadView = this.read()): ReadonlyMap<string, SweepProbe> {
    const { deploymentsSorted, providers } = view.snapshot;
    if (this.lastPlan?.deployments === deploymentsSorted && this.lastPlan.providers === providers) return this.lastPlan.plan;
    const groups = new Map<string, Upstream[]>();
    for (const u of this.upstreamsOf(view, this.select(view, [], null))) {
      const key = scheduleKey(this.probeKey(u));
      const group = groups.get(key);
      if (group) group.push(u);
      else groups.set(key, [u]);
    }
    const plan = new Map<string, SweepProbe>();
    for (const [key, group] of groups) plan.set(key, { key, upstreams: group.map((u) => u.ref), group });
    this.lastPlan = { deployments: deploymentsSorted, providers, plan };
    return plan;
  }

  /**
   * Sends one sweep probe and returns its results unstored: the sweeper writes them fenced on its
   * claim. No lease (the schedule's claim is the sweep's), no stored result reused.
   */
  async probeForSweep(probe: SweepProbe): Promise<{ records: HealthRecord[]; requests: number }> {
    const sent = await this.send(probe.group);
    return { records: probe.group.map((u) => ({ ref: u.ref, ...sent.verdictOf(u) })), requests: sent.requests };
  }

  /** Deployments per status of their upstream's stored health (stale reads as UNKNOWN). */
  summary(view: ReadView = this.read()): { deployments: number; healthy: number; degraded: number; unhealthy: number; unknown: number; disabled: number; upstreams: number } {
    const all = view.deployments();
    const enabled = all.filter((d) => d.enabled);
    const upstreams = new Set<string>();
    const counts = { [HealthStatus.HEALTHY]: 0, [HealthStatus.DEGRADED]: 0, [HealthStatus.UNHEALTHY]: 0, [HealthStatus.UNKNOWN]: 0 };
    for (const d of enabled) {
      upstreams.add(d.upstreamKey);
      counts[view.health(d).status]++;
    }
    return {
      deployments: enabled.length,
      healthy: counts.HEALTHY,
      degraded: counts.DEGRADED,
      unhealthy: counts.UNHEALTHY,
      unknown: counts.UNKNOWN,
      disabled: all.length - enabled.length,
      upstreams: upstreams.size,
    };
  }

  /** The enabled, probe-able deployments a request covers: all of them when it names none. */
  private select(view: ReadView, names: string[], ids: readonly number[] | null): DeploymentEntry[] {
    const picked = new Map<number, DeploymentEntry>();
    const everything = names.length === 0 && (ids === null || ids.length === 0);
    if (everything) for (const d of view.deployments()) if (d.enabled) picked.set(d.id, d);
    for (const name of names) {
      // Aliases and groups only select deployments: they never cause a probe of their own.
      for (const c of this.deps.resolution.resolve(name, { view }).candidates) if (c.deployment) picked.set(c.deployment.id, view.deployment(c.deployment.id)!);
    }
    for (const id of ids ?? []) {
      const d = view.deployment(id);
      if (!d) throw new NotFoundError(`deployment ${id} does not exist; list them with deployments(first:, after:) or a group's deployments`, { id });
      if (d.enabled) picked.set(d.id, d);
    }
    return [...picked.values()].filter((d) => d.enabled && d.probe !== "OFF").sort((a, b) => a.id - b.id);
  }

  /** Deployments grouped by upstream (provider, model, effective API base: precomputed on each entry). */
  private upstreamsOf(view: ReadView, deployments: readonly DeploymentEntry[]): Upstream[] {
    const upstreams = new Map<string, Upstream>();
    for (const d of deployments) {
      const key = d.upstreamKey;
      let u = upstreams.get(key);
      if (!u) {
        const provider = view.provider(d.providerId)!;
        const base = d.effectiveApiBase;
        const use = base === null ? null : this.deps.providers.apiBaseUse(base);
        const url = use === null ? null : use.kind === "PLACEHOLDER" ? null : use.url;
        const problem = use === null ? null : apiBaseProblem(use);
        u = { ref: d.upstream, key, provider, type: provider.typeInfo, base, url, problem, model: d.model, mode: "completion", deployments: [] };
        upstreams.set(key, u);
      }
      u.deployments.push(d);
      // Any deployment on the upstream that asks for the list probe gets it (it is the cheap one).
      if (d.probe === "AUTO") u.mode = "list";
    }
    for (const u of upstreams.values()) {
      if (u.url === null || (u.mode === "list" && u.type.apiStyle === "none")) u.mode = "none";
    }
    return [...upstreams.values()];
  }

  private endpointOf(u: Upstream): Endpoint {
    const keyEnv = this.deps.providers.keyEnvOf(u.provider);
    const { key, source, problem } = this.deps.providers.keyOf(u.provider);
    return { style: u.type.apiStyle, base: u.url ?? "", key, keyEnv: source === "LITERAL" ? "the provider's stored apiKey" : keyEnv, keyProblem: problem };
  }

  /** One list request per endpoint (provider + API base + credential); one completion per upstream. */
  private probeKey(u: Upstream): string {
    const credential = u.provider.apiKeyEncrypted ? "literal" : this.deps.providers.keyEnvOf(u.provider);
    if (u.mode === "list") return `list|${u.provider.id}|${normalizeApiBase(u.url)}|${credential}`;
    return `${u.mode}|${u.key}`;
  }

  /** Single flight: concurrent checks of the same probe in this process share one run. */
  private async shared(probeKey: string, group: Upstream[], acceptStoredSince: number): Promise<{ run: ProbeRun; joined: boolean }> {
    const existing = this.inflight.get(probeKey);
    if (existing) return { run: await this.complete(await existing, group), joined: true };
    const promise = this.probe(probeKey, group, acceptStoredSince);
    this.inflight.set(probeKey, promise);
    try {
      return { run: await this.complete(await promise, group), joined: false };
    } finally {
      this.inflight.delete(probeKey);
    }
  }

  /** Stores verdicts for upstreams a shared run did not cover yet (a joiner's extra models). */
  private async complete(run: ProbeRun, group: Upstream[]): Promise<ProbeRun> {
    const missing = group.filter((u) => !run.stored.has(u.key));
    if (missing.length > 0) {
      for (const u of missing) run.stored.add(u.key);
      await this.deps.store.record(missing.map((u) => ({ ref: u.ref, ...run.verdictOf(u) })));
    }
    return run;
  }

  private async probe(probeKey: string, group: Upstream[], acceptStoredSince: number): Promise<ProbeRun> {
    // An upstream that cannot be probed sends nothing: no lease to take.
    if (group[0]!.mode === "none") return this.finish(group, await this.send(group));
    const ttl = this.settings.timeoutMs * 4 + 5_000;
    // Waiting for another process's lease does not hold a concurrency slot.
    const fromOther = await this.takeLease(probeKey, group, ttl, acceptStoredSince);
    if (fromOther) return fromOther;
    try {
      // Another process may have finished this probe just before we took the lease.
      const fresh = await this.storedSince(group, acceptStoredSince);
      if (fresh) return fresh;
      // Stored before the lease goes, so a process waiting for it finds the result.
      return await this.finish(group, await this.send(group));
    } finally {
      await this.deps.leases.release(probeKey);
    }
  }

  /** The probe's exchange (none for an upstream that cannot be probed) and a verdict per upstream; nothing stored. */
  private async send(group: readonly Upstream[]): Promise<Sent> {
    const first = group[0]!;
    if (first.mode === "none") {
      const checkedAt = new Date();
      const error =
        first.problem ??
        (first.base === null
          ? `no API base: provider ${JSON.stringify(first.provider.name)} has none and type ${first.type.id} has no default`
          : `provider type ${first.type.id} has no list route to probe; set the deployment's probe to COMPLETION for a 1-token completion check`);
      return { verdictOf: () => ({ status: HealthStatus.UNKNOWN, latencyMs: null, error, checkedAt }), requests: 0 };
    }
    let requests = 0;
    const endpoint = this.endpointOf(first);
    const http = {
      timeoutMs: this.settings.timeoutMs,
      maxBytes: this.settings.maxBodyBytes,
      onRequest: () => {
        requests++;
        this.requestsSent++;
      },
    };
    // Only the HTTP exchange holds a slot; storing happens after it is released.
    const limited = <T>(fn: () => Promise<T>) => this.limiter.run(String(first.provider.id), fn);
    if (first.mode === "list") {
      const outcome: ListOutcome = await limited(() => probeList(endpoint, http));
      const checkedAt = new Date();
      return { verdictOf: (u) => ({ ...verdictFor(outcome, u.model, this.settings.slowMs, u.url ?? ""), checkedAt }), requests };
    }
    const verdict = (await limited(() => probeCompletion(endpoint, first.model, this.settings.slowMs, http))) ?? {
      status: HealthStatus.UNKNOWN,
      latencyMs: null,
      error: `a completion probe is not available for API style ${endpoint.style}`,
    };
    const checkedAt = new Date();
    return { verdictOf: () => ({ ...verdict, checkedAt }), requests };
  }

  private async finish(group: Upstream[], sent: Sent): Promise<ProbeRun> {
    const cache = new Map<string, Verdict>();
    const memo = (u: Upstream) => {
      let v = cache.get(u.key);
      if (!v) cache.set(u.key, (v = sent.verdictOf(u)));
      return v;
    };
    await this.deps.store.record(group.map((u) => ({ ref: u.ref, ...memo(u) })));
    return { verdictOf: memo, stored: new Set(group.map((u) => u.key)), requests: sent.requests, fromStore: false };
  }

  /** A run answered from stored rows written at or after `since`, if every upstream has one. */
  private async storedSince(group: Upstream[], since: number): Promise<ProbeRun | null> {
    const rows = await this.deps.store.rows(group.map((u) => u.ref));
    if (!group.every((u) => (rows.get(u.key)?.checkedAt.getTime() ?? -Infinity) >= since)) return null;
    return {
      verdictOf: (u) => {
        const row = rows.get(u.key);
        if (!row) throw new Error(`no stored result for upstream ${u.key}`);
        return { status: row.status as HealthStatus, latencyMs: row.latencyMs, error: row.error, checkedAt: row.checkedAt };
      },
      stored: new Set(group.map((u) => u.key)),
      requests: 0,
      fromStore: true,
    };
  }

  /**
   * Takes the probe's lease, or, while another process holds it, waits for it to go and returns
   * what that process stored (null once we hold the lease ourselves).
   */
  private async takeLease(probeKey: string, group: Upstream[], ttl: number, since: number): Promise<ProbeRun | null> {
    while (!(await this.deps.leases.tryAcquire(probeKey, ttl))) {
      await sleep(20);
      if (!(await this.deps.leases.isHeldByOther(probeKey))) {
        const stored = await this.storedSince(group, since);
        if (stored) return stored;
      }
    }
    return null;
  }
}
