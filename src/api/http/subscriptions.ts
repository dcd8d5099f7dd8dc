/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) on the HTTP server's own port and
 * path, `/graphql` (docs/subscriptions.md). The same rules as HTTP: the Host must name this server
 * and a browser Origin must be one HTTP would answer (a WebSocket has no CORS: without this check
 * any web page could read the catalog through the user's browser); the read token, when one is
 * set, comes in `connection_init` (`{ "authorization": "Bearer …" }`) or the upgrade's
 * Authorization header; every operation passes the depth and cost limits. Mutations go over HTTP
 * POST (their history names the HTTP caller); queries are answered here too.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { CloseCode, type Context as WsContext } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Catalog } from "../../catalog/catalog.ts";
import type { Config } from "../../config.ts";
import { ErrorCode } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import { createContext } from "../graphql/context.ts";
import { checkOperation } from "../graphql/execution-guard.ts";
import { snapshotSizes } from "../../read/sizes.ts";
import { accessLevel, canRead, hostRefusal, originAllowed, pathOf, READ_REFUSAL, type AccessLevel, type AccessPolicy, type BrowserPolicy } from "./access.ts";

export interface SubscriptionLimits {
  /** Open WebSocket connections at most; past it an upgrade gets 503. */
  maxSockets: number;
  /** Largest message a client may send, in bytes; a larger one closes its socket (1009). */
  maxMessageBytes: number;
}

export interface SubscriptionServer {
  /** Open sockets now. */
  readonly sockets: number;
  /** Closes every socket (1001, "going away") and stops accepting upgrades. */
  close(): Promise<void>;
}

interface Deps {
  schema: GraphQLSchema;
  catalog: Catalog;
  policy: AccessPolicy;
  browser: BrowserPolicy;
  config: Pick<Config, "limits" | "http">;
  limits: SubscriptionLimits;
  log: Logger;
}

/** Refuses an upgrade with a plain HTTP answer (the socket is not a WebSocket yet). */
function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message }] });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** Errors thrown on purpose keep their message; anything else is masked, as over HTTP. */
function masked(result: ExecutionResult, log: Logger, id: string): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const original = error.originalError;
    if (!original || original instanceof GraphQLError) return error;
    log.error({ err: original, subscription: id, path: error.path }, "unexpected error in a GraphQL subscription");
    return new GraphQLError(`Internal server error (subscription ${id}); the details are in the server log`, {
      path: error.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  });
  return { ...result, errors };
}

export function attachSubscriptions(app: FastifyInstance, deps: Deps): SubscriptionServer {
  const { schema, catalog, policy, browser, config, limits, log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const levels = new WeakMap<WebSocket, AccessLevel>();
  let closing = false;

  app.server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(request.url) !== "/graphql") return refuse(socket, 404, "Not Found", `no WebSocket endpoint at ${pathOf(request.url)}; subscriptions are at /graphql (graphql-ws protocol)`);
    if (closing) return refuse(socket, 503, "Service Unavailable", "the server is shutting down");
    const host = request.headers.host;
    const hostProblem = hostRefusal(host, browser);
    if (hostProblem) return refuse(socket, 403, "Forbidden", hostProblem);
    const origin = request.headers.origin;
    if (origin !== undefined && !originAllowed(origin, host, browser)) {
      return refuse(socket, 403, "Forbidden", `WebSocket from the browser origin ${JSON.stringify(origin)} refused: add it to MODELGRAPH_CORS_ORIGINS on the server to allow its pages`);
    }
    if (wss.clients.size >= limits.maxSockets) {
      return refuse(socket, 503, "Service Unavailable", `${limits.maxSockets} WebSocket connections are open, the limit; try again later`);
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });

  const authorizationOf = (ctx: WsContext<Record<string, unknown> | undefined, Extra>): string | undefined => {
    const given = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
    return typeof given === "string" ? given : ctx.extra.request.headers.authorization;
  };

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: (ctx) => {
        const level = accessLevel(authorizationOf(ctx), policy);
        if (!canRead(level, policy)) {
          // graphql-ws closes with 4403 Forbidden; the reason says what to send.
          ctx.extra.socket.close(CloseCode.Forbidden, READ_REFUSAL.slice(0, 120));
          return false;
        }
        levels.set(ctx.extra.socket, level);
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.http.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError("the document has no operation to run (or several, and no operationName names one)", { extensions: { code: ErrorCode.BAD_USER_INPUT } })];
        if (operation.operation === "mutation") {
          return [new GraphQLError("mutations are accepted over HTTP POST /graphql only; this socket carries subscriptions and queries", { extensions: { code: ErrorCode.BAD_USER_INPUT } })];
        }
        const contextValue = createContext(catalog, `ws-${id}`, log, levels.get(ctx.extra.socket) ?? "none");
        // A subscription lives on: each event's fields read the catalog as of that event.
        contextValue.writes = true;
        try {
          checkOperation({ schema, document, operation, variables: payload.variables ?? undefined, sizes: () => snapshotSizes(contextValue.read.snapshot), limits: config.limits, httpHead: {} });
        } catch (error) {
          return [error as GraphQLError];
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: (_ctx, id, _payload, _args, result) => masked(result as ExecutionResult, log, id),
      onOperation: (_ctx, id, _payload, _args, result) => ("errors" in result && !(Symbol.asyncIterator in result) ? masked(result as ExecutionResult, log, id) : undefined),
    },
    wss,
  );

  return {
    get sockets() {
      return wss.clients.size;
    },
    async close() {
      closing = true;
      for (const ws of wss.clients) ws.close(1001, "server shutting down");
      // A client that does not answer the close handshake is cut off.
      const deadline = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1_000);
      deadline.unref();
      await disposable.dispose();
      clearTimeout(deadline);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
