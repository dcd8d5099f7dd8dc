import { execFile, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The command line as a new user meets it (issue 8, finding 23 and "CLI and first contact"): every
 * start-up problem is one line that names the file, port or flag and says what to do, with exit
 * code 2 and no stack trace. Each case runs the real bin/modelgraph.js in a child process.
 */

const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "modelgraph-first-contact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Result {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, MODELGRAPH_DB: "", ...env }, cwd: dir, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exit 2 and exactly one line on stderr (no stack trace), which contains every `parts`. */
function expectOneLine(result: Result, ...parts: string[]): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^modelgraph: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  for (const part of parts) expect(lines[0]).toContain(part);
}

const LITELLM = `model_list:
  - model_name: smart
    litellm_params:
      model: openrouter/anthropic/claude-opus-4-5
`;

let goodDb: string;
beforeAll(() => {
  goodDb = join(dir, "good.db");
  writeFileSync(join(dir, "catalog.yaml"), LITELLM);
  const imported = cli(["import", "catalog.yaml", "--db", goodDb]);
  expect(imported.code, imported.stderr).toBe(0);
});

describe("start-up on a database file that cannot be used", () => {
  it("a read-only filesystem: serve and migrate say so in one line naming the file, exit 2", () => {
    // A read-only bind mount of the directory, in a mount namespace of the child's own.
    const roDir = join(dir, "ro");
    mkdirSync(join(roDir, "empty"), { recursive: true });
    const existing = join(roDir, "existing.db");
    expect(cli(["migrate", "--db", existing]).code).toBe(0);
    const inNamespace = (args: string[]): Result => {
      const script = `mount --bind "$RO" "$RO" && mount -o remount,bind,ro "$RO" && exec "$NODE" "$BIN" "$@"`;
      const result = spawnSync("unshare", ["-rm", "sh", "-c", script, "sh", ...args], {
        encoding: "utf8",
        env: { ...process.env, MODELGRAPH_DB: "", RO: roDir, NODE: process.execPath, BIN },
        cwd: dir,
        timeout: 30_000,
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    for (const command of [["migrate"], ["serve", "--port", "0", "--health-interval", "0"]]) {
      expectOneLine(inNamespace([...command, "--db", existing]), existing, "read-only filesystem", "--db");
      const fresh = join(roDir, "empty", "new.db");
      expectOneLine(inNamespace([...command, "--db", fresh]), fresh, "read-only filesystem");
      const nested = join(roDir, "sub", "new.db");
      expectOneLine(inNamespace([...command, "--db", nested]), nested, "read-only filesystem");
    }
  });

  it("a file that is not a database: one line naming it, exit 2", () => {
    const file = join(dir, "notes.db");
    writeFileSync(file, "these are my notes, not a database\n".repeat(20));
    expectOneLine(cli(["migrate", "--db", file]), file, "is not a SQLite database");
    expectOneLine(cli(["serve", "--port", "0", "--db", file]), file, "is not a SQLite database");
  });

  it("a malformed database: one line naming it and how to recover, exit 2", () => {
    const file = join(dir, "malformed.db");
    expect(cli(["migrate", "--db", file]).code).toBe(0);
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(300, 0xff), 0, 300, 100); // the first page's b-tree header and cells
    closeSync(fd);
    expectOneLine(cli(["migrate", "--db", file]), file, "is malformed", "restore it from a backup");
    expectOneLine(cli(["serve", "--port", "0", "--db", file]), file, "is malformed");
  });

  it("a --db whose directory cannot be created, or that is a directory: one line, exit 2", () => {
    writeFileSync(join(dir, "plain-file"), "x");
    const blocked = join(dir, "plain-file", "catalog.db");
    expectOneLine(cli(["migrate", "--db", blocked]), blocked, `${join(dir, "plain-file")} is a file, not a directory`);
    expectOneLine(cli(["serve", "--port", "0", "--db", blocked]), blocked);
    expectOneLine(cli(["migrate", "--db", dir]), `${dir} is a directory`);
    expectOneLine(cli(["serve", "--port", "0", "--db", dir]), `${dir}: it is a directory`);
  });
});

describe("first contact", () => {
  it("serve on a port in use: one line naming the port with a hint, exit 2", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      // Asynchronously: the port is held by this process's event loop.
      const result = await cliAsync(["serve", "--port", String(port), "--db", join(dir, "port.db"), "--health-interval", "0"]);
      expectOneLine(result, `127.0.0.1:${port}`, "already in use", "--port");
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("export --out into a directory that does not exist, or onto a directory: one line, exit 2", () => {
    const missing = join(dir, "no-such-dir", "out.yaml");
    expectOneLine(cli(["export", "--out", missing, "--db", goodDb]), missing, "does not exist");
    expect(existsSync(join(dir, "no-such-dir"))).toBe(false);
    expectOneLine(cli(["export", "--out", dir, "--db", goodDb]), dir, "is a directory");
  });

  it("resolve, export and check refuse a database that does not exist, say how to create one, and create nothing", () => {
    const missing = join(dir, "typo.db");
    for (const command of [["resolve", "smart"], ["export"], ["check"]]) {
      expectOneLine(cli([...command, "--db", missing]), `no database at ${missing}`, `modelgraph migrate --db ${missing}`, "modelgraph import FILE");
      expect(existsSync(missing)).toBe(false);
    }
    expectOneLine(cli(["resolve", "smart"], { MODELGRAPH_DB: missing }), `no database at ${missing} (MODELGRAPH_DB)`);
    expect(existsSync(missing)).toBe(false);
    // The default path, from a fresh directory: no ./data/modelgraph.db appears.
    expectOneLine(cli(["export"]), `no database at ${join(dir, "data", "modelgraph.db")}`);
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("an unknown flag suggests the closest accepted one, exit 2", () => {
    expectOneLine(cli(["import", "catalog.yaml", "--dryrun", "--db", goodDb]), "unknown flag --dryrun for import: did you mean --dry-run?");
    expectOneLine(cli(["check", "--forse", "--db", goodDb]), "did you mean --force?");
    expectOneLine(cli(["export", "--formt", "nanobot", "--db", goodDb]), "did you mean --format?");
    expectOneLine(cli(["serve", "--prot", "0"]), "did you mean --port?");
    expectOneLine(cli(["resolve", "smart", "--jsno", "--db", goodDb]), "did you mean --json?");
    expectOneLine(cli(["migrate", "--frobnicate"]), "unknown flag --frobnicate for migrate; accepted: --db, --help");
    expectOneLine(cli(["migrate", "--db"]), "--db needs a value");
    expectOneLine(cli(["resolv", "smart"]), 'unknown command "resolv": did you mean resolve?');
  });

  it("`modelgraph resolve NAME | true` (the reader leaves at once) exits quietly instead of crashing on EPIPE", () => {
    const errFile = join(dir, "epipe.err");
    for (const command of [`resolve smart --db ${goodDb}`, `export --db ${goodDb}`, "--help"]) {
      const shell = spawnSync("bash", ["-c", `"$NODE" "$BIN" ${command} 2>"$ERR" | true; echo "\${PIPESTATUS[0]}"`], {
        encoding: "utf8",
        env: { ...process.env, NODE: process.execPath, BIN, ERR: errFile },
        cwd: dir,
        timeout: 30_000,
      });
      const stderr = spawnSync("cat", [errFile], { encoding: "utf8" }).stdout;
      expect(stderr, command).toBe("");
      expect(shell.stdout.trim(), command).toBe("0");
    }
  });
});

function cliAsync(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, MODELGRAPH_DB: "" }, cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      resolve({ code: typeof code === "number" ? code : null, stdout, stderr });
    });
  });
}
