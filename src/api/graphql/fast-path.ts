/**
 * The fast path for hot queries (issue 11, docs/read-model.md "Hot queries"): a POST of a query
 * document that Apollo has already parsed, validated and run compiled without an error is run
 * again by its compiled function straight from Fastify's preHandler, with the same context, the
 * same access rule, the same cost check and run-time charges, and answered with the bytes and
 * headers Apollo gives a successful single result. Anything else, and any run that meets an error
 * of any kind, is left to Apollo, which answers it from the start in its own words: a query
 * changes nothing (every field that writes or probes is a mutation), so running it twice is safe.
 *
 * Not taken: GET, batches, bodies with `extensions` (persisted queries) or other members, another
 * content type, an Accept header asking for anything but JSON, a document not yet hot, mutations.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ExecutionResult, GraphQLSchema } from "graphql";
import { pathOf } from "../http/access.ts";
import type { CompiledExecutor } from "./compiled.ts";
import type { Context } from "./context.ts";
import { attachGuard, checkOperation, variablesRefused, type ExecutionLimits } from "./execution-guard.ts";
import { snapshotSizes } from "../../read/sizes.ts";

export interface FastPathDeps {
  executor: CompiledExecutor;
  schema: GraphQLSchema;
  limits: ExecutionLimits;
  /** The request's context, as the Apollo route's context function builds it; undefined where Apollo would refuse it. */
  contextFor(request: FastifyRequest): Context | undefined;
}

/** Apollo's answer to a single result when the client accepts JSON (its MEDIA_TYPES.APPLICATION_JSON). */
const CONTENT_TYPE = "application/json; charset=utf-8";

/** Accept values for which Apollo's negotiation answers CONTENT_TYPE: none, anything, or JSON. */
function acceptsPlainJson(accept: string | undefined): boolean {
  return accept === undefined || accept === "" || accept === "*/*" || accept === "application/json";
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() === "application/json";
}

interface Body {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | null | undefined;
}

/** The body as a plain single operation, or undefined for anything Apollo should see. */
function plainBody(body: unknown): Body | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  let members = 0;
  for (const key in record) {
    if (key !== "query" && key !== "variables" && key !== "operationName") return undefined;
    members++;
  }
  if (members === 0) return undefined;
  const { query, variables, operationName } = record;
  if (typeof query !== "string") return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return undefined;
  return { query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName as string | null | undefined };
}

/** Registers the fast path; hooks registered before it (access, min-version, batch limits) have run by then. */
export function registerFastQueries(app: FastifyInstance, deps: FastPathDeps): void {
  app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== "POST" || !isJsonContentType(request.headers["content-type"]) || !acceptsPlainJson(request.headers.accept)) return;
    if (pathOf(request.url) !== "/graphql") return;
    const body = plainBody(request.body);
    if (!body) return;
    const hot = deps.executor.hot(body.query, body.operationName);
    if (!hot) return;
    const context = deps.contextFor(request);
    if (!context) return;
    const variables = body.variables;
    if (variablesRefused(deps.schema, hot.operation, variables)) return;
    const head = {};
    try {
      checkOperation({ schema: deps.schema, document: hot.document, operation: hot.operation, variables, sizes: () => snapshotSizes(context.read.snapshot), limits: deps.limits, httpHead: head });
    } catch {
      return; // Apollo refuses it, in its words.
    }
    attachGuard(context, head, deps.schema, deps.limits);
    let result: ExecutionResult;
    try {
      result = await deps.executor.runHot(hot, context, variables ?? {});
    } catch {
      return;
    }
    if (result.errors || result.data === undefined || result.data === null) return;
    // Apollo's body for a single result: errors, data, extensions in that order, none but data here.
    const text = JSON.stringify({ data: result.data }) + "\n";
    reply.code(200).header("content-type", CONTENT_TYPE).header("cache-control", "no-store");
    return reply.send(text);
  });
}
