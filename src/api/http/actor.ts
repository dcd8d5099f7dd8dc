/**
 * Who a request writes as, for the change history (docs/history.md): the label of the token it
 * carries ("admin", "read"), "loopback" for a request without one from this machine, "anonymous"
 * otherwise; source MUTATION. A request that may write runs inside `runAs` of
 * src/history/actor.ts from its preValidation hook (its body parsed) to its answer.
 *
 * Only requests that may write: `runAs` and the context it carries cost a tenth of a small
 * query's time (AsyncLocalStorage, and the AsyncResource that carried it from onRequest through
 * body parsing, nodejs/node#34430), and a read has nothing to record. Entered after parsing, the
 * scope needs no AsyncResource: Fastify runs the later hooks and the handler from that hook's
 * `done`, so the handler and everything it awaits start inside it.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { runAs, type Actor } from "../../history/actor.ts";
import { accessLevel, isLoopbackHost, pathOf, type AccessPolicy } from "./access.ts";

const registered = new WeakSet<FastifyInstance>();

/** The actor of a request: its token's label, or where it comes from. */
export function requestActor(request: FastifyRequest, policy: AccessPolicy): Actor {
  const level = accessLevel(request.headers.authorization, policy);
  const actor = level !== "none" ? level : isLoopbackHost(request.ip) ? "loopback" : "anonymous";
  return { actor, source: "MUTATION" };
}

/**
 * Whether one operation of a GraphQL POST body may write. A mutation needs the keyword
 * `mutation` in its document (GraphQL keywords have no escapes), so a document without that
 * word anywhere is only queries (or subscriptions, refused over HTTP). Anything else may write:
 * no document text (a persisted query sent by hash), a value that is not an operation.
 */
function operationMayWrite(operation: unknown): boolean {
  if (operation === null || typeof operation !== "object") return true;
  const query = (operation as { query?: unknown }).query;
  return typeof query !== "string" || query.includes("mutation");
}

/**
 * Whether a request may write, from its method, path and parsed body: a GraphQL POST holding an
 * operation that may be a mutation, and any request but GET, HEAD and OPTIONS elsewhere (the REST
 * views write nothing today; a write route added later is covered). A GraphQL GET cannot write:
 * Apollo runs mutations from POST only.
 */
export function requestMayWrite(request: FastifyRequest): boolean {
  const method = request.method;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  if (pathOf(request.url) !== "/graphql") return true;
  const body = request.body;
  return Array.isArray(body) ? body.some(operationMayWrite) : operationMayWrite(body);
}

/** Runs every request of `app` that may write as its actor (a second call does nothing). */
export function registerActorHook(app: FastifyInstance, policy: AccessPolicy): void {
  if (registered.has(app)) return;
  registered.add(app);
  app.addHook("preValidation", (request, _reply, done) => {
    if (!requestMayWrite(request)) return done();
    runAs(requestActor(request, policy), done);
  });
}
