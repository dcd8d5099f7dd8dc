/**
 * `GET /status` (issue 13 "Operations", docs/replicas.md): this replica's id and applied catalog
 * version, the database kind, the change feed, every replica of the registry and the probe
 * schedule per endpoint, as JSON (src/replicas/status.ts). The read token is enough (the
 * app's onRequest hook asks for it when one is set); nothing in it is secret.
 */
import type { FastifyInstance } from "fastify";
import type { Catalog } from "../../catalog/catalog.ts";
import { readStatus } from "../../replicas/status.ts";

export function registerStatus(app: FastifyInstance, catalog: Catalog): void {
  app.get("/status", async (request, reply) => {
    reply.header("cache-control", "no-store");
    try {
      return await readStatus(catalog);
    } catch (error) {
      request.log.error({ err: error, requestId: request.id }, "status: the database could not be read");
      return reply.code(503).send({
        error: { message: `the replica registry could not be read from the database: ${error instanceof Error ? error.message : String(error)}`, type: "service_unavailable", code: "database_unavailable" },
      });
    }
  });
}
