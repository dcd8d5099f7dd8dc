import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import cors from "@fastify/cors";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import type { Catalog } from "./catalog/catalog.ts";
import type { Config } from "./config.ts";
import { createContext, type Context } from "./graphql/context.ts";
import { ErrorCode } from "./graphql/errors.ts";
import { buildGraphQLSchema } from "./graphql/schema.ts";
import { registerRestRoutes } from "./interop/rest.ts";

export interface AppDeps {
  config: Pick<Config, "production" | "corsOrigins" | "logLevel">;
  catalog: Catalog;
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
export async function buildApp({ config, catalog }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // One line per request only at debug level: under load, access logs would cost more than the work.
    logController: new LogController({ disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace" }),
  });
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  await app.register(cors, { origin: config.corsOrigins, credentials: false });

  const apollo = new ApolloServer<Context>({
    schema: buildGraphQLSchema(),
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      maskingPlugin(),
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
  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    context: async (request) => createContext(catalog, request.id, request.log),
  });
  await registerRestRoutes(app, catalog);
  return app;
}
