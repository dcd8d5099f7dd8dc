import type Database from "better-sqlite3";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { accessSync, constants } from "node:fs";
import { dirname } from "node:path";
import { sql } from "drizzle-orm";
import type { Catalog } from "../../catalog/catalog.ts";
import { feedStatus } from "../../replicas/status.ts";
import { rows } from "../../db/store.ts";
import { matchPattern } from "../../catalog/pattern.ts";
import type { CheckRequest, CheckResult } from "../../health/checker.ts";
import { HealthStatus } from "../../health/status.ts";
import type { ReadView } from "../../read/view.ts";
import {
  expandedModelObject,
  findName,
  Listings,
  modelGroupInfo,
  modelInfoId,
  modelInfoRows,
  modelListJson,
  modelObject,
  patternNames,
  wildcardExpansions,
  type NameView,
} from "./rest.views.ts";

/** An error answered in OpenAI's shape: `{ error: { message, type, param, code } }`. */
export class RestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly param: string | null,
    readonly code: string | null,
    readonly type = "invalid_request_error",
  ) {
    super(message);
  }
}

function errorBody(message: string, type: string, param: string | null, code: string | null) {
  return { error: { message, type, param, code } };
}

type Query = Record<string, unknown>;

/** A query parameter given at most once, as a string. */
function stringParam(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new RestError(400, `query parameter ${name} was given more than once; give it once`, name, "invalid_parameter");
  return value;
}

const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];

/** A boolean query parameter: true/false (also 1/0, yes/no, on/off, as FastAPI accepts). */
function boolParam(query: Query, name: string): boolean | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new RestError(400, `query parameter ${name}=${JSON.stringify(raw)} is not a boolean; use true or false`, name, "invalid_parameter");
}

/** HTTP statuses for the catalog's deliberate error codes (docs/contract.md section 3). */
const CATALOG_CODES: Record<string, number | undefined> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409 };

function catalogCode(error: unknown): string | undefined {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === "string" && CATALOG_CODES[code] !== undefined ? code : undefined;
}

function modelNotFound(name: string): RestError {
  return new RestError(404, `The model '${name}' does not exist`, "model", "model_not_found");
}

export interface RestOptions {
  /** The database behind the catalog: readiness proves it can be read and written. */
  database?: { sqlite: Database.Database; path: string };
}

/** The OpenAI inference routes a client pointed at us by mistake would call (with and without /v1). */
const INFERENCE_ROUTES = ["chat/completions", "completions", "embeddings", "responses"];

/**
 * What readiness checks, cheapest first: a real table can be read (a file that is not a database,
 * or a malformed one, fails here where `select 1` did not), and a write would succeed: inside a
 * transaction that is rolled back, the header's user_version is set to the value it has (a read-only
 * database refuses that; `BEGIN IMMEDIATE` alone does not). Nothing reaches the file, no history,
 * the response cache's version is unchanged. The lock is not waited for: another process holding
 * it means busy, not broken. On a file database the file and its directory
 * must also still be writable (a chmod after start does not affect the open handle, but would
 * fail the next start and every checkpoint).
 */
async function readinessProblem(catalog: Catalog, database: RestOptions["database"]): Promise<string | null> {
  try {
    await catalog.health.ping();
    await rows(catalog.store.db, sql`select 1 from providers limit 1`);
    if (!database) return null;
    const { sqlite, path } = database;
    if (!sqlite.inTransaction) {
      const busyTimeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
      sqlite.pragma("busy_timeout = 0");
      try {
        const version = sqlite.pragma("user_version", { simple: true }) as number;
        sqlite.exec("BEGIN IMMEDIATE");
        try {
          sqlite.pragma(`user_version = ${version}`);
        } finally {
          sqlite.exec("ROLLBACK");
        }
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
      } finally {
        sqlite.pragma(`busy_timeout = ${busyTimeout}`);
      }
    }
    if (path !== ":memory:" && !path.startsWith("file:")) {
      for (const target of [path, dirname(path)]) {
        try {
          accessSync(target, constants.W_OK);
        } catch {
          return `${target} is not writable`;
        }
      }
    }
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * LiteLLM/OpenAI-compatible REST views on the same server as GraphQL (docs/contract.md section 4,
 * docs/rest.md). Registered in their own plugin scope, so their error handler (OpenAI's error
 * shape, unexpected errors masked) leaves GraphQL's alone; unknown routes keep Fastify's 404.
 */
export async function registerRestRoutes(app: FastifyInstance, catalog: Catalog, options: RestOptions = {}): Promise<void> {
  const listing = new Listings();
  await app.register(async (scope) => {
    scope.setErrorHandler((error: FastifyError | RestError, request, reply) => {
      if (error instanceof RestError) {
        return reply.status(error.statusCode).send(errorBody(error.message, error.type, error.param, error.code));
      }
      // A catalog service refused on purpose (e.g. a deployment removed while /health ran): its
      // message is written to be shown. Recognised by its code, so REST stays free of graphql/.
      const code = catalogCode(error);
      if (code !== undefined) return reply.status(CATALOG_CODES[code]!).send(errorBody(error.message, "invalid_request_error", null, code.toLowerCase()));
      const status = error.statusCode ?? 500;
      if (status < 500) return reply.status(status).send(errorBody(error.message, "invalid_request_error", null, error.code ?? null));
      request.log.error({ err: error, requestId: request.id }, "unexpected error in REST request");
      return reply
        .status(500)
        .send(errorBody(`Internal server error (request id ${request.id}); the details are in the server log`, "server_error", null, "internal_error"));
    });

    // --- OpenAI: models ----------------------------------------------------------------------

    // Every view below reads one snapshot of the catalog (catalog.read(): brought up to date with
    // any process's commits first), so one answer never mixes two versions, and costs no SQL.

    // Wildcard routes as LiteLLM lists them: `anthropic/*` stands aside for the registry's known
    // models it routes; `return_wildcard_routes=true` (LiteLLM's flag) lists the pattern too.
    // Serialised from per-name JSON kept across requests and patched after a write (rest.views.ts).
    const listModels = async (request: FastifyRequest, reply: FastifyReply) => {
      const query = request.query as Query;
      const healthyOnly = boolParam(query, "healthy_only") ?? false;
      const returnWildcardRoutes = boolParam(query, "return_wildcard_routes") ?? false;
      const view = catalog.read();
      const listed = listing.listed(view);
      const names = healthyOnly ? listed.filter((n) => !isUnhealthy(view, n.group.id)) : listed;
      const expansions = wildcardExpansions(view, names);
      let body: string;
      if (expansions.size > 0) body = modelListJson(view, names, expansions, returnWildcardRoutes);
      else if (names === listed) body = listing.json(view);
      else {
        const kept = new Set(names);
        body = listing.json(view, (n) => kept.has(n));
      }
      return reply.type("application/json; charset=utf-8").send(body);
    };
    scope.get("/v1/models", listModels);
    scope.get("/models", listModels);

    // Model ids may contain "/" (`vllm/z-ai/glm4.7`): a wildcard route, decoded by Fastify.
    // A public name answers as itself; else an id a pattern group lists in /v1/models.
    const retrieveModel = async (request: FastifyRequest) => {
      const id = (request.params as { "*": string })["*"];
      if (!id) throw modelNotFound(id);
      const view = catalog.read();
      const name = findName(view, id);
      if (name) return modelObject(view, name);
      if (!view.patterns().some((g) => matchPattern(g.name, id) !== null)) throw modelNotFound(id);
      const expanded = [...wildcardExpansions(view, patternNames(view)).values()].flat().find((e) => e.id === id);
      if (!expanded) throw modelNotFound(id);
      return expandedModelObject(expanded);
    };
    scope.get("/v1/models/*", retrieveModel);
    scope.get("/models/*", retrieveModel);

    // --- LiteLLM: /model/info ----------------------------------------------------------------

    const modelInfo = async (request: FastifyRequest) => {
      const query = request.query as Query;
      const model = stringParam(query, "model") ?? stringParam(query, "model_name");
      const id = stringParam(query, "litellm_model_id");
      const view = catalog.read();
      if (id !== undefined) {
        // A deployment by its model_info.id: the row under its own group's name, once.
        const groups = (model !== undefined ? [findName(view, model)] : listing.listed(view)).filter(
          (n): n is NameView => n !== undefined && n.alias === null && (model === undefined || n.name === model),
        );
        return { data: groups.flatMap((n) => modelInfoRows(view, n, id)) };
      }
      const names = model !== undefined ? [findName(view, model)].filter((n): n is NameView => n !== undefined) : listing.listed(view);
      return { data: names.flatMap((n) => modelInfoRows(view, n)) };
    };
    scope.get("/model/info", modelInfo);
    scope.get("/v1/model/info", modelInfo);

    // --- LiteLLM: /model_group/info ----------------------------------------------------------

    const groupInfo = async (request: FastifyRequest) => {
      const name = stringParam(request.query as Query, "model_group");
      const view = catalog.read();
      const names = name !== undefined ? [findName(view, name)].filter((n): n is NameView => n !== undefined) : listing.listed(view);
      return { data: names.map((n) => modelGroupInfo(view, n)) };
    };
    scope.get("/model_group/info", groupInfo);
    scope.get("/v1/model_group/info", groupInfo);

    // --- LiteLLM: health ---------------------------------------------------------------------

    // The view plans the check (which upstreams) and names the results; the probes' verdicts
    // come from the checker, stored as they arrive.
    scope.get("/health", async (request) => {
      const query = request.query as Query;
      const view = catalog.read();
      const check = healthRequest(view, stringParam(query, "model"), stringParam(query, "model_id"));
      const report = await catalog.checker.check({ ...check, view });
      return healthBody(view, report.results, { upstreams_checked: report.upstreamsChecked, requests_sent: report.requestsSent });
    });

    const alive = async (_request: FastifyRequest, reply: FastifyReply) => {
      // LiteLLM answers a JSON string.
      return reply.type("application/json; charset=utf-8").send(JSON.stringify("I'm alive!"));
    };
    scope.get("/health/liveliness", alive);
    scope.get("/health/liveness", alive);

    // The feed is reported, not judged: a replica whose LISTEN connection is down still converges
    // (it polls the version every second and catches up from the log), so it stays ready.
    scope.get("/health/readiness", async (request, reply) => {
      const problem = await readinessProblem(catalog, options.database);
      if (problem !== null) {
        // No feed here: the snapshot of a database readiness refuses may not load at all.
        request.log.error({ requestId: request.id, reason: problem }, "readiness: database check failed");
        return reply.status(503).send({ status: "unhealthy", db: "disconnected", detail: `Service Unhealthy (database: ${problem})` });
      }
      const { mode, connected, lastNotifiedVersion } = feedStatus(catalog);
      const feed = { mode, connected, applied_version: catalog.snapshots.current().version, last_notified_version: lastNotifiedVersion };
      return { status: "healthy", db: "connected", database: catalog.store.dialect, feed };
    });

    // --- OpenAI inference routes: modelgraph is a catalog, not a proxy --------------------------

    // 404, not 501: the OpenAI SDKs retry 5xx answers (twice, with back-off) but raise NotFoundError at once.
    const notAProxy = async (request: FastifyRequest, reply: FastifyReply) => {
      const body = request.body as { model?: unknown } | undefined;
      const model = body !== null && typeof body === "object" && typeof body.model === "string" ? body.model : undefined;
      const route = pathOnly(request.url);
      return reply.status(404).send(errorBody(notAProxyMessage(catalog, catalog.read(), route, model), "invalid_request_error", model === undefined ? null : "model", "not_a_proxy"));
    };
    for (const route of INFERENCE_ROUTES) {
      scope.post(`/v1/${route}`, notAProxy);
      scope.post(`/${route}`, notAProxy);
    }
  });
}

/** A group whose candidates have no stored result at all is UNKNOWN: no health view is built for it. */
function isUnhealthy(view: ReadView, groupId: number): boolean {
  const health = view.snapshot.health;
  if (!view.candidatesOf(groupId).some((d) => health.has(d.upstreamKey))) return false;
  return view.groupHealth(groupId) === HealthStatus.UNHEALTHY;
}

function pathOnly(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** Where the model would go, from the catalog's own resolution (provider, prefixed id, API base). */
function notAProxyMessage(catalog: Catalog, view: ReadView, route: string, model: string | undefined): string {
  const lead = `modelgraph is a model catalog, not a proxy: it does not serve POST ${route}`;
  if (model === undefined) return `${lead}; send the request to your gateway, or ask modelgraph where a model resolves (GraphQL resolve(name:), GET /v1/models)`;
  let resolved: ReturnType<Catalog["resolution"]["resolve"]>;
  try {
    resolved = catalog.resolution.resolve(model, { view });
  } catch {
    return `${lead}; the model ${JSON.stringify(model)} is not in this catalog either (GET /v1/models lists the names it knows)`;
  }
  const target = resolved.selected;
  if (!target) return `${lead}; ${JSON.stringify(model)} is in the catalog but has no enabled deployment to route to`;
  const base = target.apiBase !== null ? ` at ${target.apiBase}` : "";
  return `${lead}; ${JSON.stringify(model)} resolves to ${target.prefixedId} on provider ${JSON.stringify(target.provider.name)}${base}: send the request there, or to your gateway`;
}

/**
 * What `/health?model=…&model_id=…` covers. A public name (group or alias, hidden too) is passed
 * to the checker by name, so it costs what resolve() costs; a prefixed id (`azure/gpt-1`, LiteLLM's
 * fallback) or a model_info.id selects deployments. Anything else is a 404: an empty report
 * would read as "nothing is unhealthy".
 */
function healthRequest(view: ReadView, model: string | undefined, modelId: string | undefined): CheckRequest {
  if (model === undefined && modelId === undefined) return {};
  if (model !== undefined && modelId === undefined && findName(view, model)) return { names: [model] };
  const ids = view
    .deployments()
    .filter((d) => d.enabled && (modelId === undefined || modelInfoId(d) === modelId) && (model === undefined || d.prefixedId === model))
    .map((d) => d.id);
  if (ids.length === 0) {
    if (modelId !== undefined && model === undefined) throw new RestError(404, `no enabled deployment has model_info.id '${modelId}'`, "model_id", "model_not_found");
    throw modelNotFound(model ?? modelId!);
  }
  return { deploymentIds: ids };
}

const STATUS_WORD: Record<HealthStatus, string> = {
  [HealthStatus.HEALTHY]: "healthy",
  [HealthStatus.DEGRADED]: "degraded",
  [HealthStatus.UNHEALTHY]: "unhealthy",
  [HealthStatus.UNKNOWN]: "unknown",
};

/**
 * LiteLLM's `/health` body: one entry per checked deployment (as LiteLLM lists them), while the
 * probes behind them ran once per upstream. HEALTHY and DEGRADED answered, so they are healthy
 * endpoints; UNKNOWN (nothing to probe) gets its own list rather than a false alarm. The
 * deployments are the view's entries (the check was planned from it).
 */
function healthBody(view: ReadView, results: CheckResult[], extra: Record<string, number>) {
  const healthy: object[] = [];
  const unhealthy: object[] = [];
  const unknown: object[] = [];
  for (const r of results) {
    const d = r.deployment;
    const provider = view.provider(d.providerId)!;
    const group = view.group(d.groupId);
    const apiBase = d.effectiveApiBase;
    const entry = {
      model: d.prefixedId,
      ...(apiBase !== null ? { api_base: apiBase } : {}),
      custom_llm_provider: provider.typeInfo.id,
      model_name: group?.name ?? null,
      model_id: modelInfoId(d),
      mode: group?.mode ?? null,
      ...(d.rpm !== null ? { rpm: d.rpm } : {}),
      ...(d.tpm !== null ? { tpm: d.tpm } : {}),
      provider: provider.name,
      status: STATUS_WORD[r.status],
      latency_ms: r.latencyMs,
      checked_at: r.checkedAt?.toISOString() ?? null,
      source: r.source.toLowerCase(),
    };
    if (r.status === HealthStatus.HEALTHY) healthy.push(entry);
    else if (r.status === HealthStatus.DEGRADED) healthy.push({ ...entry, warning: r.error });
    else if (r.status === HealthStatus.UNHEALTHY) unhealthy.push({ ...entry, error: r.error ?? "unhealthy" });
    else unknown.push({ ...entry, error: r.error });
  }
  return {
    healthy_endpoints: healthy,
    unhealthy_endpoints: unhealthy,
    healthy_count: healthy.length,
    unhealthy_count: unhealthy.length,
    unknown_endpoints: unknown,
    unknown_count: unknown.length,
    ...extra,
  };
}
