import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Debian's Chromium (`apt-get install chromium`, as .ci/run does) driven by playwright-core:
 * `npx playwright install` would download a browser build, which cannot be fetched here.
 */
export const CHROMIUM = "/usr/bin/chromium";
/** Screenshots stay out of the repository. */
export const SCREENS = "/tmp/modelgraph-screens";

const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * Builds dist/dashboard/ when it is missing or older than its sources (the vitest suite runs the
 * TypeScript sources, but the page and its scripts are served from the build).
 */
export async function ensureDashboardBuilt(): Promise<void> {
  const { build } = (await import(pathToFileURL(join(ROOT, "scripts/build.mjs")).href)) as {
    build(root?: string, options?: { onlyIfStale?: boolean }): Promise<unknown>;
  };
  await build(ROOT, { onlyIfStale: true });
  if (!existsSync(join(ROOT, "dist/dashboard/index.html"))) throw new Error("npm run build did not produce dist/dashboard/index.html");
}

/** One browser for a test file. Fails (never skips) when Chromium is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install it with apt-get install -y chromium (.ci/run does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested (documents, scripts, styles, fonts, fetches) and every WebSocket it opened. */
  requests: string[];
  /** Console errors and uncaught exceptions, for "the page runs cleanly" checks. */
  errors: string[];
  /** WebSocket messages the page sent and received, in order ("sent: …", "received: …"). */
  frames: string[];
  close(): Promise<void>;
}

/**
 * A fresh context (own sessionStorage) and page. Requests to any other origin than `origin` are
 * aborted as well as recorded, so the page works as it would offline.
 */
export async function openDashboard(browser: Browser, origin: string): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Below the test's own timeout, so a wait that fails names what it waited for.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const frames: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("websocket", (socket) => {
    requests.push(socket.url());
    socket.on("framesent", ({ payload }) => frames.push(`sent: ${String(payload)}`));
    socket.on("framereceived", ({ payload }) => frames.push(`received: ${String(payload)}`));
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  await context.route("**/*", (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort("internetdisconnected")));
  return { context, page, requests, errors, frames, close: () => context.close() };
}

/** Requests that went anywhere but the server: its HTTP origin, or its WebSocket on /graphql. */
export function foreignRequests(requests: string[], origin: string): string[] {
  const socket = origin.replace(/^http/, "ws");
  return requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`${socket}/graphql`) && !url.startsWith("data:"));
}

/**
 * What the page itself did wrong: uncaught exceptions and anything the Content-Security-Policy
 * refused. (Refused API answers and sockets are the server's to report, and the tests check them.)
 */
export function pageProblems(errors: string[]): string[] {
  return errors.filter((error) => error.startsWith("uncaught:") || /Content Security Policy|Refused to/i.test(error));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const path = join(SCREENS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
