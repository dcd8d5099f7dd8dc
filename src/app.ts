import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import fastifyApollo from "@as-integrations/fastify";
import cors from "@fastify/cors";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import type { Catalog } from "./catalog/catalog.ts";
import type { Config } from "./config.ts";
import { createContext, type Context } from "./graphql/context.ts";
import { BadUserInputError, ErrorCode, UnauthenticatedError } from "./graphql/errors.ts";
import { complexity } from "./graphql/limits.ts";
import { accessLevel, canRead, isLoopbackHost, READ_REFUSAL, writeRefusal, type AccessPolicy } from "./http/access.ts";
import { ResponseCache } from "./http/response-cache.ts";
import { buildGraphQLSchema } from "./graphql/schema.ts";
import { registerRestRoutes } from "./interop/rest.ts";

export interface AppDeps {
  config: Pick<Config, "production" | "corsOrigins" | "logLevel" | "host" | "adminToken" | "readToken" | "introspection" | "limits">;
  catalog: Catalog;
  /** Caches query answers until the next write; none: every query executes. */
  cache?: ResponseCache;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set while an answer may be cached: its key and the database version it was read at. */
    graphqlCache?: { key: string; version: string; cacheable: boolean };
  }
}

/** Marks successful query answers as cacheable (never mutations, never answers with errors). */
function cachePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          const slot = contextValue.cacheSlot;
          if (!slot) return;
          slot.cacheable = operation?.operation === "query" && response.body.kind === "single" && !response.body.singleResult.errors;
        },
      };
    },
  };
}

/** REST views answered from the response cache (never /health: it may probe). */
const CACHEABLE_VIEWS = /^\/(?:v1\/)?(?:models(?:\/.+)?|model\/info|model_group\/info)$/;

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
        async didResolveOperation({ operation, document, contextValue, request, schema }) {
          if (!operation) return; // Apollo has already refused a document without a runnable operation
          if (!canRead(contextValue.access, policy)) throw new UnauthenticatedError(READ_REFUSAL, { http: { status: 401 } });
          if (operation.operation === "mutation") {
            const refusal = writeRefusal(contextValue.access, policy);
            if (refusal) throw new UnauthenticatedError(refusal, { http: { status: 401 } });
          }
          const { depth, cost } = complexity(schema, document, operation, request.variables ?? {});
          if (depth > limits.maxDepth) {
            throw new BadUserInputError(`query depth ${depth} is over the limit of ${limits.maxDepth}; ask for fewer nested levels`, { http: { status: 400 } });
          }
          if (cost > limits.maxCost) {
            throw new BadUserInputError(
              `query cost ${cost} is over the limit of ${limits.maxCost} (each field counts once per item: lower first:, or ask for fewer nested lists)`,
              { http: { status: 400 } },
            );
          }
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

/** Builds the HTTP server (GraphQL on /graphql) from explicit dependencies; does not listen. */
export async function buildApp({ config, catalog, cache }: AppDeps): Promise<FastifyInstance> {
  const policy = accessPolicy(config);
  const app = Fastify({
    logger: { level: config.logLevel, redact: ["req.headers.authorization"] },
    bodyLimit: config.limits.bodyLimitBytes,
    requestTimeout: config.limits.requestTimeoutMs,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // One line per request only at debug level: under load, access logs would cost more than the work.
    logController: new LogController({ disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace" }),
  });
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  await app.register(cors, { origin: config.corsOrigins, credentials: false });

  // One hook per phase, in callback style: each hook and each promise is paid on every request.

  // REST views need the read token when one is set; liveness and readiness stay open.
  app.addHook("onRequest", (request, reply, done) => {
    const path = request.url.split("?")[0]!;
    if (path === "/graphql" || OPEN_ROUTES.has(path) || request.method === "OPTIONS") return done();
    if (!canRead(accessLevel(request.headers.authorization, policy), policy)) {
      reply.code(401).send({ error: { message: READ_REFUSAL, type: "authentication_error", code: "unauthorized" } });
      return;
    }
    done();
  });

  app.addHook("preHandler", (request, reply, done) => {
    const path = request.url.split("?")[0]!;
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
    if (!cache) return done();
    let key: string;
    let cacheable = false;
    if (request.method === "POST" && isGraphQL) {
      const body = request.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
      if (!body || Array.isArray(body) || typeof body.query !== "string") return done();
      // Refused reads are never answered from the cache: Apollo refuses them.
      if (!canRead(accessLevel(request.headers.authorization, policy), policy)) return done();
      key = ResponseCache.key(body.query, body.operationName, body.variables);
    } else if (request.method === "GET" && CACHEABLE_VIEWS.test(path)) {
      // The REST listings are pure reads of the catalog (the onRequest hook has checked access).
      key = `GET ${request.url}`;
      cacheable = true;
    } else {
      return done();
    }
    // The version is read before the request runs: a write during it makes the answer unusable.
    const version = cache.version();
    const hit = cache.get(key, version);
    if (hit !== undefined) {
      reply.header("content-type", "application/json; charset=utf-8").header("x-cache", "hit").send(hit);
      return;
    }
    request.graphqlCache = { key, version, cacheable };
    done();
  });

  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    // While shutting down, answers end their connection so that keep-alive sockets do not hold it up.
    if (closing) reply.header("connection", "close");
    const slot = request.graphqlCache;
    if (cache && slot?.cacheable && reply.statusCode === 200 && typeof payload === "string") {
      cache.set(slot.key, slot.version, payload);
      reply.header("x-cache", "miss");
    }
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
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? `request body is larger than ${config.limits.bodyLimitBytes} bytes; send less (MODELGRAPH_BODY_LIMIT sets the limit)`
        : error.message;
    return reply.code(status).send({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
  });

  const apollo = new ApolloServer<Context>({
    schema: buildGraphQLSchema(),
    csrfPrevention: true,
    introspection: config.introspection,
    allowBatchedHttpRequests: true,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (src/main.ts exitOnSignals): Apollo's own SIGTERM handler would race it and
    // re-raise the signal, and Fastify's close already stops accepting, lets in-flight requests
    // finish and closes idle keep-alive connections, which is all Apollo's drain plugin adds.
    stopOnTerminationSignals: false,
    plugins: [
      guardPlugin(policy, config.limits),
      maskingPlugin(),
      cachePlugin(),
      config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
    formatError: (formatted, error) => {
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
  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    context: async (request) => ({
      ...createContext(catalog, request.id, request.log, accessLevel(request.headers.authorization, policy)),
      cacheSlot: request.graphqlCache,
    }),
  });
  await registerRestRoutes(app, catalog);
  return app;
}
