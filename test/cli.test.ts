import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";
import { serveProcess } from "./support/serve-process.ts";

const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;
const MIGRATIONS = (JSON.parse(readFileSync(new URL("../migrations/meta/_journal.json", import.meta.url), "utf8")) as { entries: unknown[] }).entries.length;
const dir = mkdtempSync(join(tmpdir(), "modelgraph-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, cwd: dir, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like cli(), without blocking the event loop (the test process serves the fake upstreams). */
async function cliAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: dir, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Starts `modelgraph serve` on port 0 and waits for the address it logs. */
function serve(dbPath: string) {
  return serveProcess(dbPath, {
    cwd: dir,
    // The flag overrides the environment: the log line must say the sweep is off.
    env: { ...process.env, MODELGRAPH_HEALTH_INTERVAL: "1" },
    ready: /modelgraph listening on (http:\/\/[^/\s]+)\/graphql .*health sweep off/,
    timeoutMs: 20_000,
  });
}

async function post(url: string, query: string, variables: object = {}) {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

describe("modelgraph CLI", () => {
  it("migrate creates the database file and directory, and is idempotent", () => {
    const db = join(dir, "nested", "catalog.db");
    const first = cli(["migrate", "--db", db]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${MIGRATIONS} migration(s) applied, ${MIGRATIONS} in total`);
    const again = cli(["migrate"], { MODELGRAPH_DB: db });
    expect(again.stdout).toContain(`0 migration(s) applied, ${MIGRATIONS} in total`);
  });

  it("serve keeps data in the SQLite file across restarts and exits 0 on SIGTERM", async () => {
    const db = join(dir, "serve.db");
    const first = await serve(db);
    const created = await post(first.url, 'mutation { createProvider(input: { name: "or", type: "openrouter" }) { provider { name } } }');
    expect(created.errors).toBeUndefined();
    await post(first.url, 'mutation { addAlias(input: { name: "smart", provider: "or", model: "anthropic/claude-opus-4-5" }) { alias { name } } }');
    expect(await first.stop()).toBe(0);

    const second = await serve(db);
    const resolved = await post(second.url, '{ resolve(name: "smart") { kind prefixedId provider { name } } }');
    expect(resolved.data?.resolve).toEqual({ kind: "ALIAS", prefixedId: "openrouter/anthropic/claude-opus-4-5", provider: { name: "or" } });
    expect(await second.stop()).toBe(0);
  });

  it("exits 2 with a clear message on usage and configuration errors", () => {
    const unknown = cli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badFlag = cli(["serve", "--port", "http"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--port "http" is not accepted');
    const badEnv = cli(["serve"], { PORT: "eighty" });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('PORT="eighty" is not accepted: expected an integer from 0 to 65535');
    const badInterval = cli(["serve", "--health-interval", "-5"]);
    expect(badInterval.code).toBe(2);
    const extra = cli(["migrate", "--bogus"]);
    expect(extra.code).toBe(2);
  });

  it("prints help for every command", () => {
    for (const command of ["serve", "migrate", "import", "export", "resolve", "check"]) {
      const help = cli([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`modelgraph ${command}`);
    }
    expect(cli(["--help"]).stdout).toContain("Usage:");
  });
});

describe("modelgraph resolve and check", () => {
  async function seeded(name: string, upstream: FakeUpstream): Promise<string> {
    const db = join(dir, `${name}.db`);
    const server = await startTestServer({ dbPath: db });
    await server.ok(ops.CreateProviderDocument, { input: { name: "nim", type: "hosted_vllm", apiBase: upstream.base } });
    await server.ok(ops.AddAliasDocument, { input: { name: "nvgm", provider: "nim", model: "z-ai/glm4.7" } });
    await server.ok(ops.AddAliasDocument, { input: { name: "gone", provider: "nim", model: "not-served" } });
    await server.close();
    return db;
  }

  it("resolve prints the route, --json gives it to scripts, an unknown name exits 2 with suggestions", async () => {
    const up = await FakeUpstream.start(["z-ai/glm4.7"]);
    try {
      const db = await seeded("resolve", up);
      const text = await cliAsync(["resolve", "nvgm", "--db", db]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("nvgm → hosted_vllm/z-ai/glm4.7");
      expect(text.stdout).toMatch(/provider\s+nim \(type hosted_vllm\)/);
      const json = await cliAsync(["resolve", "nvgm", "--json", "--db", db]);
      expect(JSON.parse(json.stdout)).toMatchObject({ kind: "ALIAS", group: "nim/z-ai/glm4.7", prefixedId: "hosted_vllm/z-ai/glm4.7", provider: "nim" });
      const unknown = await cliAsync(["resolve", "nvgn", "--db", db]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('did you mean "nvgm"');
      expect(up.count).toBe(0);
    } finally {
      await up.close();
    }
  });

  it("check probes each upstream once, prints a table, and exits 1 when something is UNHEALTHY", async () => {
    const up = await FakeUpstream.start(["z-ai/glm4.7"]);
    try {
      const db = await seeded("check", up);
      const healthy = await cliAsync(["check", "nvgm", "--db", db]);
      expect(healthy.code).toBe(0);
      expect(healthy.stdout).toMatch(/nim\/z-ai\/glm4\.7\s+hosted_vllm\/z-ai\/glm4\.7\s+nim\s+HEALTHY/);
      expect(healthy.stdout).toContain("1 deployment(s) on 1 upstream(s): 1 HTTP request(s)");
      // Progress bars are for terminals only: none in captured output.
      expect(healthy.stderr).not.toContain("[#");

      up.reset();
      const all = await cliAsync(["check", "--json", "--force", "--db", db]);
      expect(all.code).toBe(1);
      const report = JSON.parse(all.stdout);
      expect(report).toMatchObject({ deploymentsCovered: 2, upstreamsChecked: 2, requestsSent: 1, unhealthy: 1 });
      expect(report.results.find((r: { prefixedId: string }) => r.prefixedId === "hosted_vllm/not-served")).toMatchObject({ status: "UNHEALTHY" });
      expect(up.count).toBe(1);

      const unknown = await cliAsync(["check", "no-such-alias", "--db", db]);
      expect(unknown.code).toBe(2);
    } finally {
      await up.close();
    }
  });

  it("check draws a progress bar on a terminal", async () => {
    const up = await FakeUpstream.start(["z-ai/glm4.7"]);
    try {
      const db = await seeded("tty", up);
      // `script` gives the command a pseudo-terminal, as a person at a shell would have.
      const command = `${process.execPath} ${BIN} check nvgm --force --db ${db}`;
      const result = await promisify(execFile)("script", ["-qec", command, "/dev/null"], { cwd: dir, timeout: 30_000 });
      expect(result.stdout).toMatch(/probing \[#{30}\] 1\/1/);
      expect(result.stdout).toContain("HEALTHY");
    } finally {
      await up.close();
    }
  });
});
