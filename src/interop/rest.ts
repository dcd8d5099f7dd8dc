import type { FastifyInstance } from "fastify";
import type { Catalog } from "../catalog/catalog.ts";

/** LiteLLM/OpenAI-compatible REST views on the same server as GraphQL (DESIGN.md section 4). */
export async function registerRestRoutes(app: FastifyInstance, catalog: Catalog): Promise<void> {
  void app;
  void catalog;
}
