/**
 * `GET /metrics` in Prometheus text format (docs/operations.md): requests and latency per GraphQL
 * operation and REST route, probe results and latency per upstream, the snapshot's version and
 * size, subscribers and sockets. Behind the read token when one is set (the server's onRequest
 * hook guards every route but the orchestrators' health routes).
 *
 * Labels come from what this server names (route patterns, provider names, stored models, API base
 * origins), never a raw URL: a client chooses only the GraphQL operation name, so those are
 * sanitised and capped, past which they count as "other".
 */
import type { FastifyInstance } from "fastify";
import type { Catalog } from "../../catalog/catalog.ts";
import type { HealthRecord } from "../../health/health.store.ts";
import type { CatalogSnapshot } from "../../read/snapshot.ts";

/** Latency buckets in seconds: 1 ms to 10 s. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Distinct GraphQL operation names kept; more count as "other". */
const MAX_OPERATIONS = 200;
/** Upstreams with probe series at most (a catalog has fewer). */
const MAX_UPSTREAMS = 20_000;

class Histogram {
  readonly counts = new Array<number>(BUCKETS.length).fill(0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) this.counts[i]!++;
  }
}

/** A label value as Prometheus text wants it. */
function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labels(pairs: Record<string, string>): string {
  return Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(",");
}

/** An API base as a label: its origin and path, without credentials, query or fragment. */
export function baseLabel(apiBase: string): string {
  try {
    const url = new URL(apiBase);
    return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    // An os.environ/NAME reference or an imported placeholder: its name is no secret.
    return apiBase.startsWith("os.environ/") || apiBase.startsWith("${") ? apiBase : "(not a URL)";
  }
}

/** A client-chosen operation name as a label: [A-Za-z0-9_], at most 64 characters (GraphQL names are). */
function operationLabel(name: unknown): string {
  return typeof name === "string" && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : "anonymous";
}

interface RequestSeries {
  kind: string;
  name: string;
  status: Map<number, number>;
  latency: Histogram;
}

interface ProbeSeries {
  provider: string;
  model: string;
  apiBase: string;
  results: Map<string, number>;
  latency: Histogram;
}

export class Metrics {
  private readonly requests = new Map<string, RequestSeries>();
  private readonly probes = new Map<string, ProbeSeries>();
  private operations = 0;

  observeRequest(kind: "graphql" | "rest", rawName: string, status: number, seconds: number): void {
    let name = rawName;
    let key = `${kind}\u0000${name}`;
    if (kind === "graphql" && !this.requests.has(key)) {
      if (this.operations >= MAX_OPERATIONS) {
        name = "other";
        key = `${kind}\u0000other`;
      } else this.operations++;
    }
    let series = this.requests.get(key);
    if (!series) this.requests.set(key, (series = { kind, name, status: new Map(), latency: new Histogram() }));
    series.status.set(status, (series.status.get(status) ?? 0) + 1);
    series.latency.observe(seconds);
  }

  observeProbes(records: readonly HealthRecord[], snapshot: CatalogSnapshot): void {
    for (const r of records) {
      const key = `${r.ref.providerId}\u0000${r.ref.model}\u0000${r.ref.apiBase}`;
      let series = this.probes.get(key);
      if (!series) {
        if (this.probes.size >= MAX_UPSTREAMS) continue;
        const provider = snapshot.providers.get(r.ref.providerId)?.name ?? String(r.ref.providerId);
        this.probes.set(key, (series = { provider, model: r.ref.model, apiBase: baseLabel(r.ref.apiBase), results: new Map(), latency: new Histogram() }));
      }
      series.results.set(r.status, (series.results.get(r.status) ?? 0) + 1);
      if (r.latencyMs !== null) series.latency.observe(r.latencyMs / 1000);
    }
  }

  render(state: { snapshot: CatalogSnapshot; subscribers: number; sockets: number; executions?: ExecutionCounts }): string {
    const out: string[] = [];
    const histogram = (metric: string, base: Record<string, string>, h: Histogram) => {
      BUCKETS.forEach((le, i) => out.push(`${metric}_bucket{${labels({ ...base, le: String(le) })}} ${h.counts[i]}`));
      out.push(`${metric}_bucket{${labels({ ...base, le: "+Inf" })}} ${h.count}`);
      out.push(`${metric}_sum{${labels(base)}} ${h.sum}`);
      out.push(`${metric}_count{${labels(base)}} ${h.count}`);
    };

    out.push("# HELP modelgraph_requests_total Requests answered, by GraphQL operation name or REST route, and HTTP status.");
    out.push("# TYPE modelgraph_requests_total counter");
    for (const s of this.requests.values()) for (const [status, n] of s.status) out.push(`modelgraph_requests_total{${labels({ kind: s.kind, name: s.name, status: String(status) })}} ${n}`);
    out.push("# HELP modelgraph_request_duration_seconds Time to answer, by GraphQL operation name or REST route.");
    out.push("# TYPE modelgraph_request_duration_seconds histogram");
    for (const s of this.requests.values()) histogram("modelgraph_request_duration_seconds", { kind: s.kind, name: s.name }, s.latency);

    out.push("# HELP modelgraph_probe_results_total Probe results per upstream (provider, model, API base) and status.");
    out.push("# TYPE modelgraph_probe_results_total counter");
    for (const s of this.probes.values()) {
      for (const [status, n] of s.results) out.push(`modelgraph_probe_results_total{${labels({ provider: s.provider, model: s.model, api_base: s.apiBase, status })}} ${n}`);
    }
    out.push("# HELP modelgraph_probe_latency_seconds Probe latency per upstream.");
    out.push("# TYPE modelgraph_probe_latency_seconds histogram");
    for (const s of this.probes.values()) histogram("modelgraph_probe_latency_seconds", { provider: s.provider, model: s.model, api_base: s.apiBase }, s.latency);

    if (state.executions) {
      const e = state.executions;
      out.push("# HELP modelgraph_graphql_executions_total GraphQL operations executed over HTTP, by how: compiled behind Apollo, graphql-js behind Apollo, or a hot query on the fast path.");
      out.push("# TYPE modelgraph_graphql_executions_total counter");
      for (const [path, n] of [["compiled", e.compiled], ["graphql_js", e.graphqlJs], ["fast", e.fast]] as const) out.push(`modelgraph_graphql_executions_total{${labels({ path })}} ${n}`);
    }

    const { snapshot } = state;
    out.push("# HELP modelgraph_snapshot_version The change-log version of the snapshot reads are answered from.");
    out.push("# TYPE modelgraph_snapshot_version gauge");
    out.push(`modelgraph_snapshot_version ${snapshot.version}`);
    out.push("# HELP modelgraph_snapshot_entities Entities in the snapshot, by kind.");
    out.push("# TYPE modelgraph_snapshot_entities gauge");
    const sizes: [string, number][] = [
      ["provider", snapshot.providers.size],
      ["group", snapshot.groups.size],
      ["deployment", snapshot.deployments.size],
      ["alias", snapshot.aliases.size],
      ["upstream_health", snapshot.health.size],
    ];
    for (const [kind, n] of sizes) out.push(`modelgraph_snapshot_entities{kind="${kind}"} ${n}`);
    out.push("# HELP modelgraph_subscriptions Open GraphQL subscriptions.");
    out.push("# TYPE modelgraph_subscriptions gauge");
    out.push(`modelgraph_subscriptions ${state.subscribers}`);
    out.push("# HELP modelgraph_subscription_sockets Open graphql-ws WebSocket connections.");
    out.push("# TYPE modelgraph_subscription_sockets gauge");
    out.push(`modelgraph_subscription_sockets ${state.sockets}`);
    return out.join("\n") + "\n";
  }
}

/** The GraphQL operation names of a POST body (a batch has several) or a GET query string. */
function operationNames(body: unknown, query: unknown): string[] {
  const of = (item: unknown) => operationLabel((item as { operationName?: unknown } | null)?.operationName);
  if (Array.isArray(body)) return body.slice(0, 16).map(of);
  if (body && typeof body === "object") return [of(body)];
  return [of(query)];
}

/** How GraphQL operations were executed (src/api/graphql/compiled.ts stats). */
export interface ExecutionCounts {
  compiled: number;
  graphqlJs: number;
  fast: number;
}

/** Counts every answer (onResponse) and serves GET /metrics. */
export function registerMetrics(app: FastifyInstance, deps: { catalog: Catalog; subscribers: () => number; sockets: () => number; executions?: () => ExecutionCounts }): Metrics {
  const metrics = new Metrics();
  deps.catalog.health.onRecord((records) => metrics.observeProbes(records, deps.catalog.snapshots.current()));
  app.addHook("onResponse", (request, reply, done) => {
    const seconds = reply.elapsedTime / 1000;
    const route = request.routeOptions.url;
    if (route === "/graphql") {
      for (const name of operationNames(request.body, request.query)) metrics.observeRequest("graphql", name, reply.statusCode, seconds);
    } else metrics.observeRequest("rest", route ?? "unmatched", reply.statusCode, seconds);
    done();
  });
  app.get("/metrics", async (_request, reply) => {
    const text = metrics.render({ snapshot: deps.catalog.snapshots.current(), subscribers: deps.subscribers(), sockets: deps.sockets(), executions: deps.executions?.() });
    return reply.header("content-type", "text/plain; version=0.0.4; charset=utf-8").header("cache-control", "no-store").send(text);
  });
  return metrics;
}
