import { readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The operator dashboard (dashboard/, built by `npm run build` into dist/dashboard/): its page at
 * `GET /` and its files under `/assets/`. The page and its code are public like the Sandbox page;
 * what it reads and writes goes through /graphql with the tokens the operator gives it.
 */
export const DASHBOARD_DIR = fileURLToPath(new URL("../../../dist/dashboard/", import.meta.url));

export interface DashboardOptions {
  /** Where the built dashboard is (default dist/dashboard/ of this checkout). */
  dir?: string;
  /** The Apollo Sandbox's path, linked from the console page; undefined in production. */
  sandbox?: string;
}

/** The paths the dashboard serves: the access rules let them through without a token. */
export function isDashboardPath(path: string): boolean {
  return path === "/" || path.startsWith("/assets/");
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** esbuild names every asset `<name>-<HASH>.<ext>` (chunk names too): such a file never changes. */
const HASHED = /-[A-Z0-9]{8}\.[A-Za-z0-9.]+$/;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A Host already accepted by the Host check, as it may appear in a CSP source. */
const HOST_SOURCE = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/**
 * Only this origin: scripts and styles from files it serves (no inline code), fonts and images
 * also as data: URLs (GraphiQL's stylesheet embeds its fonts), and connections to /graphql over
 * HTTP and WebSocket. Older browsers do not count ws: as 'self', so the socket is named.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const socket = host !== undefined && HOST_SOURCE.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${socket}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function secure(reply: FastifyReply, request: FastifyRequest): FastifyReply {
  return reply
    .header("content-security-policy", contentSecurityPolicy(request.headers.host))
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("cross-origin-opener-policy", "same-origin");
}

/** Registers `GET /` and `GET /assets/:file`. */
export async function registerDashboard(app: FastifyInstance, options: DashboardOptions = {}): Promise<void> {
  const dir = options.dir ?? DASHBOARD_DIR;
  // Assets are immutable (hashed names): read once, kept. A rebuild writes new names.
  const assets = new Map<string, Buffer>();

  app.get("/", async (request, reply) => {
    let page: string;
    try {
      // Read on every request (it is small): a rebuild takes effect on the next reload.
      page = readFileSync(join(dir, "index.html"), "utf8");
    } catch {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("the dashboard has not been built: run npm run build (npm ci runs it), then reload\n");
    }
    if (options.sandbox) page = page.replace('<meta name="modelgraph-sandbox" content="">', `<meta name="modelgraph-sandbox" content="${options.sandbox.replaceAll('"', "&quot;").replaceAll("<", "&lt;")}">`);
    return secure(reply, request).header("cache-control", "no-cache").type("text/html; charset=utf-8").send(page);
  });

  app.get<{ Params: { file: string } }>("/assets/:file", async (request, reply) => {
    const { file } = request.params;
    const type = TYPES[extname(file)];
    if (!SAFE_NAME.test(file) || type === undefined) return reply.code(404).type("text/plain; charset=utf-8").send(`no dashboard file ${JSON.stringify(file)}\n`);
    let body = assets.get(file);
    if (body === undefined) {
      try {
        body = readFileSync(join(dir, "assets", file));
      } catch {
        return reply.code(404).type("text/plain; charset=utf-8").send(`no dashboard file ${JSON.stringify(file)} (rebuilt since the page was loaded? reload it)\n`);
      }
      if (HASHED.test(file)) assets.set(file, body);
    }
    return secure(reply, request)
      .header("cache-control", HASHED.test(file) ? "public, max-age=31536000, immutable" : "no-cache")
      .type(type)
      .send(body);
  });
}
