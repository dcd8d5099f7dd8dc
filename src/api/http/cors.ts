/**
 * CORS headers for allowed origins only (docs/contract.md section 5): a page from an allowed
 * origin may read answers and send JSON writes; any other origin gets no CORS header, preflights
 * included, so the browser shows it nothing and sends none of its JSON writes.
 *
 * What @fastify/cors did with a delegator answering `{ origin: allowed, credentials: false }`,
 * in one hook that does nothing more than add `Vary: Origin` to a request without an Origin
 * header (nearly every request: programs send none). The plugin called its delegator and
 * normalised its options on every request, Origin or not: 4 % of a small query's time.
 */
import type { FastifyInstance } from "fastify";

/** The preflight's methods, as @fastify/cors's default. */
const METHODS = "GET,HEAD,POST";

/**
 * Registers the hook (before the routes' own hooks, so preflights are answered before access
 * checks: a browser sends no token with them) and the OPTIONS route a preflight needs to be
 * routed at all. `allowed` decides an Origin, given the request's Host.
 */
export function registerCors(app: FastifyInstance, allowed: (origin: string, host: string | undefined) => boolean): void {
  app.addHook("onRequest", (request, reply, done) => {
    // Every answer varies with Origin, so that a cache never serves one origin's answer to another.
    reply.header("vary", "Origin");
    const origin = request.headers.origin;
    if (origin === undefined || !allowed(origin, request.headers.host)) return done();
    reply.header("access-control-allow-origin", origin);
    if (request.method !== "OPTIONS") return done();
    if (!request.headers["access-control-request-method"]) {
      reply.code(400).type("text/plain").send("Invalid Preflight Request");
      return;
    }
    reply.header("access-control-allow-methods", METHODS);
    reply.header("vary", "Origin, Access-Control-Request-Headers");
    const headers = request.headers["access-control-request-headers"];
    if (headers !== undefined) reply.header("access-control-allow-headers", headers);
    // Safari waits for a body on a 204 without a length.
    reply.code(204).header("content-length", "0").send();
  });
  // A preflight the hook did not answer (no Origin, or one not allowed) finds nothing here.
  app.options("*", (_request, reply) => {
    reply.callNotFound();
  });
}
