import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AddAliasDocument,
  AddDeploymentWithFactsDocument,
  AliasDocument,
  CheckHealthDocument,
  CreateModelGroupDocument,
  CreateProviderDocument,
  UpdateAliasDocument,
} from "../generated/graphql.ts";
import { ensureDashboardBuilt, foreignRequests, launchBrowser, openDashboard, pageProblems, screenshot, type DashboardPage } from "../support/browser.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { FakeUpstream } from "../support/upstream.ts";

/**
 * The operator dashboard in a real browser (Debian's Chromium through playwright-core) against a
 * real server on 127.0.0.1 with a SQLite file and real HTTP upstreams. Every request the page makes
 * is recorded, and any to another origin is aborted: the page has to work offline.
 */
const dir = mkdtempSync(join(tmpdir(), "modelgraph-dashboard-"));
let browser: Browser;
let server: TestServer;
let nim: FakeUpstream;
let open: DashboardPage | undefined;

/** A provider on a fake OpenAI-style upstream, a group with one deployment (with facts) and an alias. */
async function seed(target: TestServer, upstream: FakeUpstream): Promise<void> {
  await target.ok(CreateProviderDocument, { input: { name: "nim", type: "hosted_vllm", apiBase: upstream.base } });
  await target.ok(CreateModelGroupDocument, { input: { name: "glm" } });
  await target.ok(AddDeploymentWithFactsDocument, {
    input: { group: "glm", provider: "nim", model: "z-ai/glm4.7", facts: { contextWindow: 128_000, inputPrice: 0.6, outputPrice: 2.2 } },
  });
  await target.ok(AddAliasDocument, { input: { name: "smart", target: "glm" } });
}

beforeAll(async () => {
  [browser, nim] = await Promise.all([launchBrowser(), FakeUpstream.start(["z-ai/glm4.7"]), ensureDashboardBuilt()]).then(([b, u]) => [b, u] as const);
  server = await startTestServer({ dbPath: join(dir, "catalog.db") });
  await seed(server, nim);
}, 120_000);

afterEach(async () => {
  await open?.close();
  open = undefined;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await nim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the route and waits until the page shows it (so a form filled next is the route's own). */
async function go(page: Page, hash: string, target = server): Promise<void> {
  await page.goto(`${target.url}/${hash}`);
  await page.locator(`main > .page[data-hash=${JSON.stringify(hash)}]`).waitFor();
}

async function visit(hash = "#/names", target = server): Promise<DashboardPage> {
  open = await openDashboard(browser, target.url);
  await open.page.goto(`${target.url}/${hash}`);
  return open;
}

/** The text of a names-table row. */
async function row(page: Page, table: "groups" | "aliases", name: string): Promise<string> {
  return page.locator(`#${table} tr[data-name="${name}"]`).innerText();
}

describe("the dashboard at /", () => {
  it("is served by the server with a same-origin Content-Security-Policy, index.html uncached and hashed assets cached for good", async () => {
    const page = await fetch(`${server.url}/`, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const host = new URL(server.url).host;
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    const html = await page.text();
    const script = /<script type="module" src="(\/assets\/dashboard-[A-Z0-9]{8}\.js)">/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(server.url + script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await asset.text()).length).toBeGreaterThan(1000);
    // Bodies are read to the end: an unread one keeps undici's connection busy, and it reconnects
    // while the server closes (the close then waits for that silent connection).
    const outside = await fetch(`${server.url}/assets/..%2Fpackage.json`);
    expect([outside.status, await outside.text()]).toEqual([404, expect.stringContaining("no dashboard file")]);
  });

  it("shows the catalog: groups and aliases with target, selected provider, prefixed id, health and facts", async () => {
    const { page, errors } = await visit();
    await page.locator('#aliases tr[data-name="smart"]').waitFor();
    const alias = await row(page, "aliases", "smart");
    expect(alias).toContain("glm"); // target
    expect(alias).toContain("nim"); // selected provider
    expect(alias).toContain("hosted_vllm/z-ai/glm4.7");
    expect(alias).toContain("128k");
    expect(alias).toContain("$0.6");
    expect(alias).toContain("$2.2");
    expect(await page.locator('#aliases tr[data-name="smart"] .badge').getAttribute("data-status")).toBe("UNKNOWN");
    const group = await row(page, "groups", "glm");
    expect(group).toContain("hosted_vllm/z-ai/glm4.7");
    expect(group).toContain("nim");
    await screenshot(page, "names");
    expect(pageProblems(errors)).toEqual([]);
  });

  it("shows a name's detail (candidates with health, 24 h uptime chart, latency percentiles, fallbacks) and the resolve trace", async () => {
    await server.ok(CheckHealthDocument, { names: ["smart"], force: true });
    const { page, errors } = await visit("#/name/smart");
    const candidate = page.locator('table.candidates tr[data-prefixed-id="hosted_vllm/z-ai/glm4.7"]');
    await candidate.waitFor();
    expect(await candidate.locator(".badge").getAttribute("data-status")).toBe("HEALTHY");
    expect(await candidate.innerText()).toContain("100%"); // uptime over 24 h: the one probe answered
    expect(await candidate.locator("svg.uptime rect").count()).toBe(48);
    expect(await candidate.locator("svg.uptime rect.ok").count()).toBe(1);
    expect(await candidate.innerText()).toMatch(/\d+ ms \/ \d+ ms/); // p50 / p95
    expect(await page.locator("ul.fallbacks, p:has-text('No fallbacks')").count()).toBe(1);
    expect(await page.locator("ol.trace li").first().innerText()).toContain("smart");
    await screenshot(page, "detail");

    await go(page, `#/resolve`);
    await page.fill('input[name="name"]', "nim/z-ai/glm4.7");
    await page.click('button:has-text("Resolve")');
    await page.locator(".result").waitFor();
    expect(await page.locator(".result").getAttribute("data-kind")).toBe("PROVIDER_MODEL");
    expect(await page.locator(".result .prefixed-id").innerText()).toBe("hosted_vllm/z-ai/glm4.7");
    expect((await page.locator("ol.trace li").allInnerTexts()).join("\n")).toContain("configured provider");
    await page.fill('input[name="name"]', "smrt");
    await page.click('button:has-text("Resolve")');
    await page.locator('.result[data-kind="NOT_FOUND"]').waitFor();
    expect(await page.locator(".result").innerText()).toContain("smart"); // the closest name is suggested
    await screenshot(page, "resolve");
    expect(pageProblems(errors)).toEqual([]);
  });

  it("makes no request outside the server's origin on any page, the console included", async () => {
    const { page, requests, errors } = await visit();
    await page.locator('#aliases tr[data-name="smart"]').waitFor();
    for (const [hash, ready] of [
      ["#/name/smart", "table.candidates"],
      ["#/resolve?name=smart", ".result"],
      ["#/providers", ".grid-row"],
      ["#/changes", "h1"],
      ["#/alias/new", "form.alias-form"],
      ["#/console", ".graphiql-container"],
    ] as const) {
      await page.goto(`${server.url}/${hash}`);
      await page.locator(ready).first().waitFor();
    }
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.some((url) => url.includes("/assets/console-"))).toBe(true);
    expect(foreignRequests(requests, server.url)).toEqual([]);
    expect(pageProblems(errors)).toEqual([]);
  });

  it("adds an alias through the form, and the API sees it", async () => {
    const { page, errors } = await visit("#/alias/new");
    await page.fill('input[name="name"]', "Local LLM");
    await page.fill('input[name="target"]', "glm");
    await page.fill('input[name="description"]', "added from the dashboard");
    await page.click('button:has-text("Add alias")');
    await page.locator(".done").waitFor();
    expect(await page.locator(".done").innerText()).toContain("Local LLM → glm");
    const { alias } = await server.ok(AliasDocument, { name: "Local LLM" });
    expect(alias).toMatchObject({ name: "Local LLM", description: "added from the dashboard", hidden: false, target: { name: "glm" } });

    // Hide it through the edit form: still resolvable, marked hidden in the listing.
    await go(page, `#/alias/edit/${encodeURIComponent("Local LLM")}`);
    await page.check('input[name="hidden"]');
    await page.click('button:has-text("Save")');
    await page.locator(".done").waitFor();
    expect((await server.ok(AliasDocument, { name: "Local LLM" })).alias?.hidden).toBe(true);

    // A refusal is shown as the server words it, and nothing is written.
    await go(page, `#/alias/new`);
    await page.fill('input[name="name"]', "smart");
    await page.fill('input[name="target"]', "glm");
    await page.click('button:has-text("Add alias")');
    await page.locator('.outcome [role="alert"]').waitFor();
    expect(await page.locator('.outcome [role="alert"]').innerText()).toContain("smart");
    expect(pageProblems(errors)).toEqual([]);
  });

  it("shows a health change without a reload, pushed by the healthChanged subscription", async () => {
    await server.ok(CheckHealthDocument, { names: ["smart"], force: true });
    const { page, frames } = await visit();
    const badge = page.locator('#aliases tr[data-name="smart"] .badge');
    await page.locator('#aliases tr[data-name="smart"] .badge[data-status="HEALTHY"]').waitFor();
    await page.evaluate("window.__sameDocument = true");

    nim.mode = "fail500";
    try {
      await server.ok(CheckHealthDocument, { names: ["smart"], force: true });
      await page.locator('#aliases tr[data-name="smart"] .badge[data-status="UNHEALTHY"]').waitFor({ timeout: 20_000 });
    } finally {
      nim.mode = "ok";
    }
    expect(await badge.innerText()).toBe("unhealthy");
    expect(await page.evaluate("window.__sameDocument")).toBe(true);
    // It came over the WebSocket: the server pushed the status change to the page.
    const pushed = frames.filter((frame) => frame.startsWith("received: ") && frame.includes('"healthChanged"'));
    expect(pushed.some((frame) => frame.includes('"status":"UNHEALTHY"') && frame.includes('"previous":"HEALTHY"'))).toBe(true);
    // The indicator says which mode is on.
    expect(await page.locator("#live-mode").getAttribute("data-mode")).toBe("live");
    await go(page, `#/providers`);
    await page.locator('.grid-row[data-provider="nim"] .cell[data-status="UNHEALTHY"]').waitFor();
    await screenshot(page, "providers");
  });

  it("re-reads every few seconds when the WebSocket is refused, and says so", async () => {
    open = await openDashboard(browser, server.url);
    const { page, frames } = open;
    // What a proxy that drops upgrades does to the socket.
    await page.routeWebSocket(/\/graphql$/, (socket) => socket.close({ code: 1013, reason: "try again later" }));
    await page.goto(`${server.url}/#/names`);
    await page.locator('#live-mode[data-mode="polling"]').waitFor();
    expect(await page.locator("#live-mode").getAttribute("title")).toContain("re-reading every 5 s");
    await page.evaluate("window.__sameDocument = true");
    await server.ok(AddAliasDocument, { input: { name: "polled", target: "glm" } });
    await page.locator('#aliases tr[data-name="polled"]').waitFor({ timeout: 20_000 });
    expect(await page.evaluate("window.__sameDocument")).toBe(true);
    expect(frames.filter((frame) => frame.startsWith("received: "))).toEqual([]);
  });

  it("reverts a change from the history page, and shows why a conflicting revert is refused", async () => {
    await server.ok(AddAliasDocument, { input: { name: "temp", target: "glm" } });
    const { page, errors } = await visit("#/changes?name=temp");
    const created = page.locator('table.changes tr[data-name="temp"][data-action="CREATE"]');
    await created.waitFor();
    expect(await created.innerText()).toContain("loopback"); // who: no token, from this machine
    await created.locator("button.revert").first().click();
    await created.locator("[data-reverted]").waitFor();
    expect((await server.gql(AliasDocument, { name: "temp" })).data?.alias).toBeNull();
    // The revert is a change of its own.
    expect(await page.locator('table.changes tr[data-name="temp"][data-action="DELETE"]').innerText()).toContain("revert");

    // A change with a later change of the same alias after it cannot be reverted: the page says why.
    await server.ok(AddAliasDocument, { input: { name: "temp2", target: "glm" } });
    await server.ok(UpdateAliasDocument, { name: "temp2", input: { description: "edited later" } });
    await go(page, `#/changes?name=temp2`);
    const first = page.locator('table.changes tr[data-name="temp2"][data-action="CREATE"]');
    await first.waitFor();
    await first.locator("button.revert").first().click();
    await first.locator(".revert-status.error").waitFor();
    expect(await first.locator(".revert-status").innerText()).toContain("temp2");
    expect((await server.ok(AliasDocument, { name: "temp2" })).alias?.description).toBe("edited later");
    await screenshot(page, "changes");
    expect(pageProblems(errors)).toEqual([]);
  });

  it("runs a query in the bundled GraphQL console with every other origin unreachable", async () => {
    const { page, requests } = await visit("#/console");
    await page.locator(".graphiql-container .graphiql-query-editor .CodeMirror").waitFor();
    // Browser-side code as strings: this project's TypeScript has no DOM types.
    await page.evaluate(`document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue('query SmartAlias { alias(name: "smart") { prefixedId target { name } } }')`);
    // GraphiQL names the tab after the operation once it has taken in the edit.
    await page.locator(".graphiql-tab", { hasText: "SmartAlias" }).waitFor();
    await page.click(".graphiql-execute-button");
    const response = page.locator(".result-window");
    await response.getByText("hosted_vllm/z-ai/glm4.7").waitFor();
    expect(await response.innerText()).toContain('"target"');
    expect(await page.locator('a:has-text("Apollo Sandbox")').getAttribute("href")).toBe("/graphql");
    await screenshot(page, "console");
    expect(foreignRequests(requests, server.url)).toEqual([]);
  });
});

describe("the dashboard on a server with tokens", () => {
  let guarded: TestServer;
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await FakeUpstream.start(["z-ai/glm4.7"]);
    guarded = await startTestServer({ dbPath: join(dir, "guarded.db"), config: { adminToken: "admin-secret-1", readToken: "read-secret-1" } });
    // Seeded through the API with the admin token.
    const admin = { authorization: "Bearer admin-secret-1" };
    const provider = await guarded.gql(CreateProviderDocument, { input: { name: "nim", type: "hosted_vllm", apiBase: upstream.base } }, admin);
    const group = await guarded.gql(CreateModelGroupDocument, { input: { name: "glm" } }, admin);
    expect([provider.errors, group.errors]).toEqual([undefined, undefined]);
  });
  afterAll(async () => {
    await guarded?.close();
    await upstream?.close();
  });

  it("asks for the read token to show the page and for the admin token to write, keeps them in sessionStorage and sends them as Bearer", async () => {
    const { page, frames } = await visit("#/names", guarded);
    const dialog = page.locator("#token-dialog");
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("read token");
    await page.fill("#token-input", "read-secret-1");
    await page.click("#token-save");
    await page.locator('#groups tr[data-name="glm"]').waitFor();
    expect(await page.evaluate('sessionStorage.getItem("modelgraph.readToken")')).toBe("read-secret-1");
    // The subscription socket reconnects with it in connection_init, and the server accepts it.
    await page.locator('#live-mode:not([data-mode="connecting"])').waitFor();
    expect(frames.some((frame) => frame.startsWith("sent: ") && frame.includes('"connection_init"') && frame.includes('"authorization":"Bearer read-secret-1"'))).toBe(true);
    expect(frames).toContain('received: {"type":"connection_ack"}');

    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/graphql") && request.method() === "POST") sent.push(request.headers().authorization ?? "");
    });
    await go(page, `#/alias/new`, guarded);
    await page.fill('input[name="name"]', "fast");
    await page.fill('input[name="target"]', "glm");
    await page.click('button:has-text("Add alias")');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("admin token");
    await page.fill("#token-input", "admin-secret-1");
    await page.click("#token-save");
    await page.locator(".done").waitFor();
    expect(await page.evaluate('sessionStorage.getItem("modelgraph.adminToken")')).toBe("admin-secret-1");
    expect(sent).toContain("Bearer admin-secret-1");
    const check = await guarded.gql(AliasDocument, { name: "fast" }, { authorization: "Bearer read-secret-1" });
    expect(check.data?.alias?.target.name).toBe("glm");
  });
});
