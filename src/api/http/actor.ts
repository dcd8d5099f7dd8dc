/**
 * Who a request writes as, for the change history (docs/history.md): the label of the token it
 * carries ("admin", "read"), "loopback" for a request without one from this machine, "anonymous"
 * otherwise; source MUTATION. The request runs inside `runAs` of src/history/actor.ts from its
 * first hook to its answer.
 *
 * Fastify runs onRequest and preParsing in the context the hook set, but the later hooks and the
 * handler run from the request stream's 'end' event, in another async context (nodejs/node#34430):
 * the context is carried there through an AsyncResource, as @fastify/request-context does.
 */
import { AsyncResource } from "node:async_hooks";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { runAs, type Actor } from "../../history/actor.ts";
import { accessLevel, isLoopbackHost, type AccessPolicy } from "./access.ts";

const resources = new WeakMap<FastifyRequest, AsyncResource>();
const registered = new WeakSet<FastifyInstance>();

/** The actor of a request: its token's label, or where it comes from. */
export function requestActor(request: FastifyRequest, policy: AccessPolicy): Actor {
  const level = accessLevel(request.headers.authorization, policy);
  const actor = level !== "none" ? level : isLoopbackHost(request.ip) ? "loopback" : "anonymous";
  return { actor, source: "MUTATION" };
}

/** Runs every request of `app` as its actor (register before the routes; a second call does nothing). */
export function registerActorHook(app: FastifyInstance, policy: AccessPolicy): void {
  if (registered.has(app)) return;
  registered.add(app);
  app.addHook("onRequest", (request, _reply, done) => {
    runAs(requestActor(request, policy), () => {
      const resource = new AsyncResource("modelgraph-actor");
      resources.set(request, resource);
      resource.runInAsyncScope(done);
    });
  });
  app.addHook("preValidation", (request, _reply, done) => {
    const resource = resources.get(request);
    if (resource) resource.runInAsyncScope(done);
    else done();
  });
}
