/**
 * A throw-away PostgreSQL cluster for one test file (docs/postgres.md): initdb in a temp folder,
 * a server listening on a unix socket only (no TCP port to race for), one database. initdb and
 * the server refuse to run as root, so under root (CI) they run as the `postgres` user that
 * Debian's package creates. Fails with a message saying what to install when PostgreSQL is
 * missing: a PostgreSQL test never skips.
 *
 * The database's default collation is ICU's en-US (what a production database usually has, not
 * the byte order of "C"), so tests see what the schema's `COLLATE "C"` columns protect against.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface PgCluster {
  /** libpq-style URL: `postgresql:///modelgraph?host=/tmp/…&port=5432&user=postgres`. */
  url: string;
  /** The URL of another database of this cluster. */
  urlOf(database: string): string;
  /** The folder holding the data directory, the socket and the log. */
  dir: string;
  port: number;
  database: string;
  /** ms spent in initdb, server start and createdb. */
  startMs: number;
  /** Creates another empty database (for a test that needs a fresh one). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and starts it again on the same data (clients are disconnected). */
  restart(): Promise<void>;
  /** Stops the server and removes the folder. */
  stop(): Promise<void>;
}

const PORT = 5432;

/** The directory holding initdb, pg_ctl and postgres: MODELGRAPH_PG_BIN, Debian's newest /usr/lib/postgresql/N/bin, or PATH. */
function binDir(): string {
  const fromEnv = process.env.MODELGRAPH_PG_BIN;
  if (fromEnv) {
    if (existsSync(join(fromEnv, "initdb"))) return fromEnv;
    throw new Error(`MODELGRAPH_PG_BIN=${fromEnv} has no initdb; point it at PostgreSQL's bin directory (e.g. /usr/lib/postgresql/15/bin)`);
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], "bin");
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  const onPath = which.status === 0 ? which.stdout.trim() : "";
  if (onPath) return onPath.slice(0, onPath.lastIndexOf("/"));
  throw new Error(
    "PostgreSQL is not installed: no initdb in /usr/lib/postgresql/*/bin or on PATH. The PostgreSQL tests start a throw-away cluster; install Debian's package (`apt-get install postgresql`, as .ci/run does) or set MODELGRAPH_PG_BIN to a PostgreSQL bin directory",
  );
}

/** Runs a PostgreSQL program, as the `postgres` user when this process is root (initdb and postgres refuse root). */
function runAs(owner: { uid: number; gid: number } | undefined, program: string, args: string[]): string {
  try {
    if (!owner) return execFileSync(program, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return execFileSync("runuser", ["-u", "postgres", "--", program, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${program.split("/").pop()} ${args.join(" ")} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync("id", ["postgres"], { encoding: "utf8" });
  const uid = /uid=(\d+)/.exec(id.stdout)?.[1];
  const gid = /gid=(\d+)/.exec(id.stdout)?.[1];
  if (id.status !== 0 || !uid || !gid) {
    throw new Error("running as root, but there is no `postgres` user to run initdb and the server as (initdb refuses root); install Debian's postgresql package, which creates it");
  }
  return { uid: Number(uid), gid: Number(gid) };
}

const running = new Set<string>();
let exitHookInstalled = false;

/** If the test process dies without stop(), its servers go with it (SIGQUIT: immediate shutdown). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const dir of running) {
      try {
        const pid = Number(readFileSync(join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
        if (pid > 0) process.kill(pid, "SIGQUIT");
      } catch {
        // not running
      }
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

/** /dev/shm when there is one (a memory file system: initdb and the server write less to disk), else the temp folder. */
function scratchRoot(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

function urlFor(dir: string, database: string): string {
  return `postgresql:///${encodeURIComponent(database)}?host=${encodeURIComponent(dir)}&port=${PORT}&user=postgres`;
}

/** Starts a cluster with one empty database (`modelgraph` unless named). Call stop() in afterAll. */
export async function startPostgres(options: { database?: string } = {}): Promise<PgCluster> {
  const started = performance.now();
  const bin = binDir();
  const owner = postgresUser();
  const database = options.database ?? "modelgraph";
  const dir = mkdtempSync(join(scratchRoot(), "modelgraph-pg-"));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  running.add(dir);
  installExitHook();

  runAs(owner, join(bin, "initdb"), [
    "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions",
    "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US",
  ]);
  const serverOptions = [
    "-c listen_addresses=''",
    `-c unix_socket_directories='${dir}'`,
    `-p ${PORT}`,
    // Throw-away data: no fsync (a clean restart still writes everything out).
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
  ].join(" ");
  const start = () => runAs(owner, join(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-t", "60", "-o", serverOptions, "start"]);
  const stopServer = (mode: "fast" | "immediate") => runAs(owner, join(bin, "pg_ctl"), ["-D", data, "-w", "-t", "60", "-m", mode, "stop"]);
  try {
    start();
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").slice(-5).join("\n") : "";
    throw new Error(`${(error as Error).message}${tail ? `\nserver log:\n${tail}` : ""}`);
  }

  const createDatabase = async (name: string): Promise<string> => {
    const admin = new pg.Client({ connectionString: urlFor(dir, "postgres") });
    await admin.connect();
    try {
      await admin.query(`create database ${pg.escapeIdentifier(name)}`);
    } finally {
      await admin.end();
    }
    return urlFor(dir, name);
  };
  const url = await createDatabase(database);

  let stopped = false;
  return {
    url,
    urlOf: (name) => urlFor(dir, name),
    dir,
    port: PORT,
    database,
    startMs: performance.now() - started,
    createDatabase,
    restart: async () => {
      stopServer("fast");
      start();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        stopServer("immediate");
      } finally {
        running.delete(dir);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
