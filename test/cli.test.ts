import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;
const MIGRATIONS = (JSON.parse(readFileSync(new URL("../migrations/meta/_journal.json", import.meta.url), "utf8")) as { entries: unknown[] }).entries.length;
const dir = mkdtempSync(join(tmpdir(), "modelgraph-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, cwd: dir, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `modelgraph serve` on port 0 and waits for the address it logs. */
function serve(dbPath: string): Promise<{ url: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", dbPath, "--health-interval", "0"], {
    // The flag overrides the environment: the log line must say the sweep is off.
    env: { ...process.env, MODELGRAPH_HEALTH_INTERVAL: "1" },
    cwd: dir,
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /modelgraph listening on (http:\/\/[^/\s]+)\/graphql .*health sweep off/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          stop: () =>
            new Promise((done) => {
              child.once("exit", (code) => done(code));
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
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
    for (const command of ["serve", "migrate"]) {
      const help = cli([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`modelgraph ${command}`);
    }
    expect(cli(["--help"]).stdout).toContain("Usage:");
  });
});
