import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import fastifyApollo from "@as-integrations/fastify";
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from "fastify";
import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { Transform } from "node:stream";
import type { Catalog } from "./catalog/catalog.ts";
import type { Config } from "./config.ts";
import { createContext, type Context } from "./api/graphql/context.ts";
import { registerFastQueries } from "./api/graphql/fast-path.ts";
import { runAs } from "./history/actor.ts";
import { BadUserInputError, ErrorCode, ForbiddenError, UnauthenticatedError } from "./errors.ts";
import { snapshotSizes } from "./read/sizes.ts";
import { attachSubscriptions } from "./api/http/subscriptions.ts";
import { registerMetrics } from "./api/http/metrics.ts";
import { actorOf, registerActorHook } from "./api/http/actor.ts";
import { registerMinVersion } from "./api/http/min-version.ts";
import { registerStatus } from "./api/http/status.ts";
import { registerCors } from "./api/http/cors.ts";
import { isDashboardPath, registerDashboard } from "./api/http/dashboard.ts";
import { checkOperation, executionGuardPlugin, MAX_VARIABLE_DEPTH, nestingDepth } from "./api/graphql/execution-guard.ts";
import {
  accessLevel,
  canRead,
  pathOf,
  hostRefusal,
  isLoopbackHost,
  originAllowed,
  originRefusal,
  READ_REFUSAL,
  writeRefusal,
  type AccessPolicy,
  type BrowserPolicy,
} from "./api/http/access.ts";

import { buildGraphQLSchema } from "./api/graphql/schema.ts";
import { compiledExecutor, compiledGateway, directResolvers } from "./api/graphql/compiled.ts";
import { registerRestRoutes } from "./api/rest/rest.ts";

export interface AppDeps {
  config: Pick<Config, "production" | "corsOrigins" | "allowedHosts" | "logLevel" | "host" | "adminToken" | "readToken" | "introspection" | "limits" | "http">;
  catalog: Catalog;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: NodeJS.WritableStream;
  /** The database file, for readiness (reads a real table and proves a write would succeed). */
  database?: { sqlite: import("better-sqlite3").Database; path: string };
  /** Hot queries on the fast path (default true; tests compare it with Apollo's answers). */
  fastQueries?: boolean;
}

/** What Apollo's cache-control plugin sent for answers without cache hints: browsers must not keep them. */
function noStorePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has("cache-control")) response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}

/** Routes that stay open whatever the tokens: orchestrators probe them. */
const OPEN_ROUTES = new Set(["/health/liveliness", "/health/liveness", "/health/readiness"]);

export function accessPolicy(config: AppDeps["config"]): AccessPolicy {
  return { adminToken: config.adminToken, readToken: config.readToken, loopbackOnly: isLoopbackHost(config.host) };
}

/**
 * Before execution: who may run the operation (reads need the read token when one is set,
 * mutations the admin token, or a loopback-only server), and whether it is small enough.
 */
function guardPlugin(policy: AccessPolicy, limits: AppDeps["config"]["limits"]): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue, request, schema, response }) {
          if (!operation) return; // Apollo has already refused a document without a runnable operation
          if (!canRead(contextValue.access, policy)) throw new UnauthenticatedError(READ_REFUSAL, { http: { status: 401 } });
          if (operation.operation === "subscription") {
            throw new BadUserInputError("subscriptions are served over WebSocket at /graphql (the graphql-ws protocol, e.g. the graphql-ws client), not over HTTP", { http: { status: 400 } });
          }
          if (operation.operation === "mutation") {
            // A mutation's fields read the catalog as of their own time (its payload shows its write).
            contextValue.writes = true;
            const refusal = writeRefusal(contextValue.access, policy);
            if (refusal) throw new UnauthenticatedError(refusal, { http: { status: 401 } });
          }
          // Cost from the catalog's real list sizes and the coerced variables, summed over a batch.
          checkOperation({ schema, document, operation, variables: request.variables, sizes: () => snapshotSizes(contextValue.read.snapshot), limits, httpHead: response.http });
        },
      };
    },
  };
}

/**
 * Errors that were not thrown on purpose (anything but a GraphQLError: a bug, a broken database)
 * are masked in responses and logged with the request id.
 */
function maskingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (!(original instanceof GraphQLError)) {
              contextValue.log.error({ err: original, requestId: contextValue.requestId, path: error.path }, "unexpected error in GraphQL request");
              unexpected.set(error, contextValue.requestId);
            }
          }
        },
      };
    },
  };
}

const unexpected = new WeakMap<object, string>();

/** Fastify's "route not found" line, without the query string. */
class PathOnlyLogController extends LogController {
  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.raw.method}:${pathOf(request.raw.url ?? "")} not found`);
  }
}

/** Answers GET / (there is no dashboard yet): where the API, the REST views and the docs are. */
function welcome(production: boolean) {
  return {
    name: "modelgraph",
    description: "a GraphQL catalog of the models your LLM gateway serves",
    graphql: {
      endpoint: "/graphql",
      send: 'POST /graphql with content-type: application/json and a body of {"query":"…"}',
      ...(production ? {} : { sandbox: "open /graphql in a browser for Apollo Sandbox (it loads from apollographql.com, so it needs internet)" }),
    },
    rest: ["/v1/models", "/v1/models/{id}", "/model/info", "/model_group/info", "/health", "/health/liveliness", "/health/readiness"],
    dashboard: "open / in a browser for the operator dashboard (it works offline)",
    docs: "README.md and docs/ in the modelgraph repository",
  };
}

/** A GET of /graphql that is neither a browser asking for the Sandbox nor a query. */
const HOW_TO_QUERY =
  "this is modelgraph's GraphQL endpoint; send a query as POST /graphql with content-type: application/json and a body of " +
  '{"query":"{ healthSummary { deployments } }"}, or as GET /graphql?query=… with the header apollo-require-preflight: true ' +
  "(Apollo's CSRF prevention refuses GETs without it)";

/** The read refusal on /graphql, in the bytes Apollo sends for it (refused early or late alike). */
const READ_REFUSAL_BODY = JSON.stringify({ errors: [{ message: READ_REFUSAL, extensions: { code: ErrorCode.UNAUTHENTICATED } }] }) + "\n";

/**
 * Mutations carrying a browser `Origin` that is not allowed are refused unless they have the admin
 * token (docs/contract.md section 5): on the loopback default, without this, any page open in the
 * operator's browser could write. CORS alone does not stop a write: it only hides the answer.
 */
function browserWritePlugin(browser: BrowserPolicy): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, request }) {
          if (operation?.operation !== "mutation" || contextValue.access === "admin") return;
          const origin = request.http?.headers.get("origin");
          if (origin === undefined || originAllowed(origin, request.http?.headers.get("host"), browser)) return;
          throw new ForbiddenError(originRefusal(origin), { http: { status: 403 } });
        },
      };
    },
  };
}

/** graphql-js's token-limit refusal ("Document contains more that N tokens"), to reword it. */
const TOKEN_LIMIT = /Document contains more th(?:an|at) \d+ tokens/;

/**
 * Caps connections in total (`server.maxConnections`: Node closes the socket on accept) and per
 * client address, so that one client holding slow sockets cannot take every file descriptor.
 */
function capConnections(server: FastifyInstance["server"], limits: Config["http"]): void {
  server.maxConnections = limits.maxConnections;
  const perClient = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "";
    const open = (perClient.get(address) ?? 0) + 1;
    if (open > limits.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    perClient.set(address, open);
    socket.once("close", () => {
      const left = (perClient.get(address) ?? 1) - 1;
      if (left <= 0) perClient.delete(address);
      else perClient.set(address, left);
    });
  });
}

/** Fastify's own code for a body over the limit, so the error handler words it, with the limit that applied. */
function bodyTooLarge(limit: number): Error & { statusCode: number; code: string; limit: number } {
  return Object.assign(new Error(`request body is larger than ${limit} bytes`), { statusCode: 413, code: "FST_ERR_CTP_BODY_TOO_LARGE", limit });
}

/** Builds the HTTP server (GraphQL on /graphql) from explicit dependencies; does not listen. */
export async function buildApp({ config, catalog, logStream, database, fastQueries }: AppDeps): Promise<FastifyInstance> {
  const policy = accessPolicy(config);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ["req.headers.authorization"],
      ...(logStream ? { stream: logStream } : {}),
      serializers: {
        req: (request: FastifyRequest) => ({ method: request.method, url: pathOf(request.url), remoteAddress: request.ip }),
      },
    },
    bodyLimit: config.limits.bodyLimitBytes,
    // Node's deadline for receiving a request (headers and body), enforced by its connection
    // check. Fastify's requestTimeout option sets it after creating the server, leaving
    // headersTimeout at 60 s; Node then swaps the two (headers may not outlast the request), so
    // the body deadline silently became 60 s, checked every 30 s. Given to http.createServer
    // instead, with a headers deadline no longer than it and a check every second.
    http: {
      requestTimeout: config.limits.requestTimeoutMs,
      headersTimeout: Math.min(10_000, config.limits.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, config.limits.requestTimeoutMs),
    },
    requestTimeout: config.limits.requestTimeoutMs,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // One line per request only at debug level: under load, access logs would cost more than the work.
    logController: new PathOnlyLogController({ disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace" }),
  });
  capConnections(app.server, config.http);
  // Who writes, for the change history: the token's label, loopback, or anonymous (src/history/actor.ts).
  registerActorHook(app, policy);
  registerMinVersion(app, catalog);
  const browser: BrowserPolicy = {
    listenHost: config.host,
    port: () => {
      const address = app.server.address();
      return typeof address === "object" && address ? address.port : undefined;
    },
    allowedHosts: config.allowedHosts,
    corsOrigins: config.corsOrigins,
  };
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  // Allowed origins get CORS headers (their pages may read answers); others, preflights included,
  // get none, so the browser neither shows them an answer nor sends their JSON writes.
  registerCors(app, (origin, host) => originAllowed(origin, host, browser));

  // One hook per phase, in callback style: each hook and each promise is paid on every request.

  // Requests that may not write are held to this body limit (preParsing); writers get bodyLimit.
  const readBodyLimit = Math.min(config.http.readBodyLimitBytes, config.limits.bodyLimitBytes);

  // Before anything is read: the Host must be ours (DNS rebinding), then GraphQL and the REST
  // views need the read token when one is set (an anonymous 14 MB body is refused unread).
  // Liveness and readiness stay open, to any Host and without a token: orchestrators probe them.
  app.addHook("onRequest", (request, reply, done) => {
    const path = pathOf(request.url);
    if (OPEN_ROUTES.has(path)) return done();
    const hostProblem = hostRefusal(request.headers.host, browser);
    if (hostProblem) {
      if (path === "/graphql") reply.code(421).send({ errors: [{ message: hostProblem, extensions: { code: ErrorCode.FORBIDDEN } }] });
      else reply.code(421).send({ error: { message: hostProblem, type: "invalid_request_error", param: null, code: "host_not_allowed" } });
      return;
    }
    if (request.method === "OPTIONS") return done();
    if (isDashboardPath(path) && (request.method === "GET" || request.method === "HEAD")) {
      // A program asking for / gets where the API is; a browser gets the dashboard. Both are
      // public, like the Sandbox page: what the dashboard reads goes through /graphql with a token.
      if (path === "/" && !(request.headers.accept ?? "").includes("text/html")) {
        reply.send(welcome(config.production));
        return;
      }
      return done();
    }
    const level = accessLevel(request.headers.authorization, policy);
    if (path === "/graphql") {
      if (request.method === "GET" && (request.headers.accept ?? "").includes("text/html")) return done(); // the Sandbox page
      if (!canRead(level, policy)) {
        // A large body sent anyway is not read (Node would drain it to keep the connection): close
        // after the answer. A client still uploading may see the socket close instead of the 401.
        if (!(Number(request.headers["content-length"] ?? 0) <= readBodyLimit)) reply.header("connection", "close");
        reply.code(401).header("content-type", "application/json; charset=utf-8").send(READ_REFUSAL_BODY);
        return;
      }
      if (request.method === "GET" && (request.query as Record<string, unknown>).query === undefined) {
        reply.code(400).send({ errors: [{ message: HOW_TO_QUERY, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
        return;
      }
      return done();
    }
    if (!canRead(level, policy)) {
      reply.code(401).send({ error: { message: READ_REFUSAL, type: "authentication_error", code: "unauthorized" } });
      return;
    }
    done();
  });

  // Requests that may not write get a small body limit; only writers (imports) need the large one.
  app.addHook("preParsing", (request, _reply, payload, done) => {
    if (readBodyLimit >= config.limits.bodyLimitBytes || writeRefusal(accessLevel(request.headers.authorization, policy), policy) === null) {
      return done(null, payload);
    }
    if (Number(request.headers["content-length"]) > readBodyLimit) return done(bodyTooLarge(readBodyLimit));
    let received = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(received > readBodyLimit ? bodyTooLarge(readBodyLimit) : null, chunk);
      },
    });
    payload.on("error", (error) => counted.destroy(error));
    done(null, payload.pipe(counted));
  });

  app.addHook("preHandler", (request, reply, done) => {
    const path = pathOf(request.url);
    const isGraphQL = path === "/graphql";
    // Batched GraphQL requests are allowed, up to a limit.
    if (isGraphQL && Array.isArray(request.body) && request.body.length > config.limits.maxBatch) {
      reply.code(400).send({
        errors: [
          {
            message: `a batch of ${request.body.length} operations is over the limit of ${config.limits.maxBatch}; send fewer per request`,
            extensions: { code: ErrorCode.BAD_USER_INPUT },
          },
        ],
      });
      return;
    }
    // Variables nested deeper than any input type are refused before anything walks them:
    // Apollo's coercion recurses once per level.
    if (isGraphQL && request.method === "POST" && request.body !== null && typeof request.body === "object") {
      const operations = (Array.isArray(request.body) ? request.body : [request.body]) as unknown[];
      for (const operation of operations) {
        const variables = operation !== null && typeof operation === "object" ? (operation as { variables?: unknown }).variables : undefined;
        if (nestingDepth(variables, MAX_VARIABLE_DEPTH) <= MAX_VARIABLE_DEPTH) continue;
        reply.code(400).send({
          errors: [
            {
              message: `variables are nested more than ${MAX_VARIABLE_DEPTH} levels deep; no input of this API nests that deep: send flatter values`,
              extensions: { code: ErrorCode.BAD_USER_INPUT },
            },
          ],
        });
        return;
      }
    }
    done();
  });

  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    // While shutting down, answers end their connection so that keep-alive sockets do not hold it up.
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });

  // Refusals Fastify makes before GraphQL runs (body too large, bad JSON) in GraphQL's error shape.
  app.setErrorHandler(async (error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "unexpected error");
      return reply.code(500).send({ errors: [{ message: `Internal server error (request id ${request.id})`, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: request.id } }] });
    }
    const message =
      error.code !== "FST_ERR_CTP_BODY_TOO_LARGE"
        ? error.message
        : (error as { limit?: number }).limit === readBodyLimit
          ? `request body is larger than ${readBodyLimit} bytes, the limit for requests that may not write; send less ` +
            `(MODELGRAPH_READ_BODY_LIMIT sets it; writers with the admin token may send up to ${config.limits.bodyLimitBytes} bytes)`
          : `request body is larger than ${config.limits.bodyLimitBytes} bytes; send less (MODELGRAPH_BODY_LIMIT sets the limit)`;
    return reply.code(status).send({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
  });

  // Queries run compiled (src/api/graphql/compiled.ts): Apollo's supported way in is a gateway.
  const compiledSchema = directResolvers(buildGraphQLSchema());
  const executor = compiledExecutor(compiledSchema, {
    // A mutation runs as the request's actor, from its first resolver to its last (src/history/actor.ts).
    aroundMutation: (context, run) => {
      const actor = (context as Context).actor;
      return actor ? runAs(actor, run) : run();
    },
  });
  const contextFor = (request: FastifyRequest): Context => {
    const level = accessLevel(request.headers.authorization, policy);
    return createContext(catalog, request.id, request.log, level, actorOf(level, request.ip));
  };
  const apollo = new ApolloServer<Context>({
    gateway: compiledGateway(compiledSchema, executor),
    csrfPrevention: true,
    introspection: config.introspection,
    // Without introspection, "did you mean …" suggestions would leak the schema field by field.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    // Parsing is linear, but a document of millions of tokens still costs before any limit applies.
    parseOptions: { maxTokens: config.http.maxTokens },
    allowBatchedHttpRequests: true,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (src/main.ts exitOnSignals): Apollo's own SIGTERM handler would race it and
    // re-raise the signal, and Fastify's close already stops accepting, lets in-flight requests
    // finish and closes idle keep-alive connections, which is all Apollo's drain plugin adds.
    stopOnTerminationSignals: false,
    plugins: [
      browserWritePlugin(browser),
      guardPlugin(policy, config.limits),
      executionGuardPlugin(config.limits),
      maskingPlugin(),
      // Its per-field hook would wrap every field again (no cache hints are used); the header it
      // set on every answer stays.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
    formatError: (formatted, error) => {
      if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && TOKEN_LIMIT.test(formatted.message)) {
        return {
          message: `the document has more than ${config.http.maxTokens} tokens (names, punctuation, values); send a smaller query, and large values as variables (MODELGRAPH_MAX_TOKENS sets the limit)`,
          extensions: { code: ErrorCode.BAD_USER_INPUT },
        };
      }
      const requestId = unexpected.get(error as object);
      if (requestId === undefined) return formatted;
      return {
        message: `Internal server error (request id ${requestId}); the details are in the server log`,
        path: formatted.path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
      };
    },
  });
  await apollo.start();
  app.addHook("onClose", async () => {
    await apollo.stop();
  });
  // Hot queries answered without Apollo's pipeline, exactly as it answers them (src/api/graphql/fast-path.ts).
  if (fastQueries !== false) {
    registerFastQueries(app, {
      executor,
      schema: compiledSchema,
      limits: config.limits,
      contextFor: (request) => {
        const context = contextFor(request);
        return canRead(context.access, policy) ? context : undefined;
      },
    });
  }
  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    // Not spread into another object: the context's `read` and `loaders` are getters.
    context: async (request) => contextFor(request),
  });
  const subscriptions = attachSubscriptions(app, {
    schema: buildGraphQLSchema(),
    catalog,
    policy,
    browser,
    config,
    limits: { maxSockets: config.http.maxSubscriptionSockets, maxMessageBytes: config.http.maxSubscriptionMessageBytes },
    log: app.log,
  });
  app.addHook("preClose", () => subscriptions.close());
  registerMetrics(app, { catalog, subscribers: () => catalog.feed.subscribers, sockets: () => subscriptions.sockets, executions: () => executor.stats });
  await registerRestRoutes(app, catalog, { database });
  registerStatus(app, catalog);
  await registerDashboard(app, { sandbox: config.production ? undefined : "/graphql" });
  return app;
}
