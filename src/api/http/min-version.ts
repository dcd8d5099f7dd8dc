/**
 * Read-your-writes across replicas (DESIGN.md section 6, docs/replicas.md): a request that sends
 * `x-modelgraph-min-version: V` (the `version` a mutation returned, on any replica) is answered
 * from version V or later. A replica that has not applied V yet waits for it, up to
 * MIN_VERSION_WAIT_MS, then answers 503 saying which version it has. Requests without the
 * header pay nothing.
 */
import type { FastifyInstance } from "fastify";
import type { Catalog } from "../../catalog/catalog.ts";
import { ErrorCode } from "../../errors.ts";

export const MIN_VERSION_HEADER = "x-modelgraph-min-version";

/** How long a request waits for its replica to apply the version it asked for. */
export const MIN_VERSION_WAIT_MS = 5_000;

export function registerMinVersion(app: FastifyInstance, catalog: Catalog): void {
  app.addHook("preHandler", async (request, reply) => {
    const raw = request.headers[MIN_VERSION_HEADER];
    if (raw === undefined) return;
    const text = Array.isArray(raw) ? raw.join(",") : raw;
    const version = /^\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!Number.isSafeInteger(version)) {
      return reply.code(400).send({
        errors: [
          {
            message: `${MIN_VERSION_HEADER}: ${JSON.stringify(text.slice(0, 40))} is not a catalog version; send the non-negative integer a mutation returned as \`version\``,
            extensions: { code: ErrorCode.BAD_USER_INPUT },
          },
        ],
      });
    }
    try {
      await catalog.snapshots.waitFor(version, MIN_VERSION_WAIT_MS);
    } catch {
      const applied = catalog.snapshots.current().version;
      return reply
        .code(503)
        .header("retry-after", "1")
        .send({
          errors: [
            {
              message: `this replica has applied catalog version ${applied}, not yet ${version} (waited ${MIN_VERSION_WAIT_MS} ms); retry, or ask another replica`,
              extensions: { code: "VERSION_NOT_APPLIED", applied, wanted: version },
            },
          ],
        });
    }
  });
}
