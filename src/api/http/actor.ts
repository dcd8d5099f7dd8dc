/**
 * Who a request writes as, for the change history (docs/history.md): the label of the token it
 * carries ("admin", "read"), "loopback" for a request without one from this machine, "anonymous"
 * otherwise; source MUTATION.
 *
 * A GraphQL mutation runs as its actor for exactly its execution (`runAs` of src/history/actor.ts
 * around it in the executor, src/app.ts; the actor comes with the request's Context). Any other
 * request that may write runs inside a scope from its preValidation hook (its body parsed) until
 * its response has closed: Fastify runs the later hooks and the handler from that hook's `done`,
 * so the handler and everything it awaits start inside it. Reads never enter a scope: an enabled
 * AsyncLocalStorage costs a tenth of a small query's time (a hook on every promise), and actor.ts
 * disables it whenever no scope is open. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { runAsUntil, type Actor } from "../../history/actor.ts";
import { accessLevel, isLoopbackHost, pathOf, type AccessLevel, type AccessPolicy } from "./access.ts";

const registered = new WeakSet<FastifyInstance>();

/** The actor of a request: its token's label, or where it comes from. */
export function requestActor(request: FastifyRequest, policy: AccessPolicy): Actor {
  return actorOf(accessLevel(request.headers.authorization, policy), request.ip);
}

/** The actor of a request whose access level is known. */
export function actorOf(level: AccessLevel, ip: string): Actor {
  const actor = level !== "none" ? level : isLoopbackHost(ip) ? "loopback" : "anonymous";
  return { actor, source: "MUTATION" };
}

/**
 * Whether a request outside /graphql may write: any but GET, HEAD and OPTIONS (the REST views
 * write nothing today; a write route added later is covered).
 */
function restRequestMayWrite(request: FastifyRequest): boolean {
  const method = request.method;
  return method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
}

/**
 * Runs every request of `app` outside /graphql that may write as its actor, until its response
 * has closed (a second call does nothing). GraphQL mutations run as their actor from the
 * executor instead (src/app.ts, Context.actor), for exactly their execution.
 */
export function registerActorHook(app: FastifyInstance, policy: AccessPolicy): void {
  if (registered.has(app)) return;
  registered.add(app);
  app.addHook("preValidation", (request, reply, done) => {
    if (!restRequestMayWrite(request) || pathOf(request.url) === "/graphql") return done();
    runAsUntil(requestActor(request, policy), done, (release) => reply.raw.once("close", release));
  });
}
