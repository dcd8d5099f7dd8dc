import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate as drizzleMigrate } from "drizzle-orm/better-sqlite3/migrator";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseBusyError, type WriteLockHolder } from "../errors.ts";
import { ChangeSetRecorder } from "../history/recorder.ts";
import * as schema from "./schema.ts";

/** drizzle keeps the better-sqlite3 connection it was made from as `$client`. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  /** The file path, or ":memory:". */
  path: string;
  /**
   * Names `command` (e.g. "modelgraph import litellm.yaml") as the holder of the write lock while
   * this connection is inside an immediate transaction, so that another process refused with
   * DatabaseBusyError can say who to wait for. Meant for long writers (the CLI's import).
   */
  announceWriter(command: string): void;
  close(): void;
}

export interface OpenOptions {
  /** Called with the SQL text of every statement SQLite executes (used to count statements). */
  onStatement?: (sql: string) => void;
  /** Apply migrations from migrations/ before returning (default true). */
  migrate?: boolean;
  /**
   * How long a write waits for another process's write lock before failing with
   * DatabaseBusyError (default SERVER_BUSY_TIMEOUT_MS). better-sqlite3 waits synchronously, so in
   * the server this is time every client waits too.
   */
  busyTimeoutMs?: number;
}

/**
 * The server's busy timeout: long enough to absorb another server's or a health sweep's tiny
 * writes (well under a millisecond each in WAL mode), short enough that a long writer in another
 * process (a CLI import) stalls the event loop for one blink, not seconds. See docs/cli.md.
 */
export const SERVER_BUSY_TIMEOUT_MS = 30;
/** For processes that serve nobody while they wait (CLI commands, start-up migrations). */
export const WAITING_BUSY_TIMEOUT_MS = 5_000;

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

/** Why a database file could not be opened at start-up; the message is one line naming the file. */
export class DatabaseFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: "directory" | "read-only" | "not-a-database" | "malformed" | "cannot-open" | "inconsistent",
    message: string,
  ) {
    super(message);
    this.name = "DatabaseFileError";
  }
}

/**
 * Opens (creating the directory if needed) and configures a SQLite database: WAL, foreign keys,
 * busy timeout; then brings its schema up to date. A file that cannot be used (read-only, not a
 * database, malformed) fails with DatabaseFileError; a write lock held elsewhere for longer than
 * the busy timeout fails with DatabaseBusyError, at start-up and in every later write.
 */
export function openDatabase(path: string, options: OpenOptions = {}): DbHandle {
  const onDisk = path !== ":memory:" && !path.startsWith("file:");
  if (onDisk) createDirectory(path);
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path, options.onStatement ? { verbose: (s) => options.onStatement!(String(s)) } : {});
    const writer = new WriterRecord(onDisk ? `${path}-writer.json` : undefined);
    cachePreparedStatements(sqlite, writer);
    wrapTransactions(sqlite, writer);
    sqlite.pragma(`busy_timeout = ${WAITING_BUSY_TIMEOUT_MS}`);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    const db = drizzle(sqlite, { schema });
    if (options.migrate !== false) migrate(sqlite, db);
    else sqlite.prepare("select count(*) from sqlite_master").get(); // reads the header and schema: a bad file fails here
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? SERVER_BUSY_TIMEOUT_MS))}`);
    const handle = sqlite;
    return {
      db,
      sqlite: handle,
      path,
      announceWriter: (command) => writer.announce(command),
      close: () => {
        if (handle.open) handle.close();
      },
    };
  } catch (error) {
    if (sqlite?.open) sqlite.close();
    throw onDisk ? openFailure(path, error) : error;
  }
}

function createDirectory(path: string): void {
  const dir = dirname(resolve(path));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const ancestor = existingAncestor(dir);
    const cause = !statSync(ancestor).isDirectory()
      ? `${ancestor} is a file, not a directory (${code ?? "error"})`
      : (writeProblem(ancestor, "") ?? (error as Error).message);
    throw new DatabaseFileError(path, "directory", `cannot create the directory ${dir} for the database ${resolve(path)}: ${cause}; choose another --db path`);
  }
}

function existingAncestor(dir: string): string {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** One line for what went wrong while opening, configuring or migrating the file. */
function openFailure(path: string, error: unknown): unknown {
  if (error instanceof DatabaseFileError || error instanceof DatabaseBusyError) return error;
  const file = resolve(path);
  const code = String((error as { code?: unknown })?.code ?? "");
  const detail = (error as Error)?.message ?? String(error);
  if (error instanceof Database.SqliteError) {
    if (code === "SQLITE_NOTADB") {
      return new DatabaseFileError(path, "not-a-database", `${file} is not a SQLite database (${detail}); point --db (MODELGRAPH_DB) at a modelgraph database, or move the file away to start a new one`);
    }
    if (code.startsWith("SQLITE_CORRUPT")) {
      return new DatabaseFileError(path, "malformed", `the database ${file} is malformed (${detail}); restore it from a backup, or salvage what is left with \`sqlite3 ${file} .recover\``);
    }
    if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_IOERR") || code === "SQLITE_PERM") {
      if (existsSync(file) && statSync(file).isDirectory()) {
        return new DatabaseFileError(path, "cannot-open", `cannot open the database ${file}: it is a directory; --db (MODELGRAPH_DB) takes the path of a file`);
      }
      const problem = writeProblem(file);
      if (problem) {
        return new DatabaseFileError(path, "read-only", `cannot open the database ${file} for writing: ${problem}; modelgraph writes the file and its -wal and -shm files beside it, so choose a --db path that this process can write`);
      }
      return new DatabaseFileError(path, "cannot-open", `cannot open the database ${file} (${detail}, ${code}); check that it is a modelgraph database and that its directory is writable`);
    }
    return new DatabaseFileError(path, "cannot-open", `cannot open the database ${file} (${detail}, ${code})`);
  }
  if (detail.includes("dangling foreign key")) return new DatabaseFileError(path, "inconsistent", `the database ${file} ${detail.replace(/^database /, "")}; restore it from a backup`);
  return error;
}

/** Why this process may not write the file or its directory, if that is the reason. */
function writeProblem(file: string, dir = dirname(file)): string | undefined {
  const targets: [string, string][] = dir ? [[dir, `its directory ${dir}`], [file, "the file"]] : [[file, file]];
  for (const [target, what] of targets) {
    if (!existsSync(target)) continue;
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EROFS") return `${what} is on a read-only filesystem (EROFS)`;
      if (code === "EACCES" || code === "EPERM") return `this user may not write ${what} (${code})`;
    }
  }
  return undefined;
}

/**
 * The record beside the database (`<file>-writer.json`) that names the process inside a long
 * write transaction. Written once the lock is held, removed after commit or rollback; a record
 * whose process is gone is ignored.
 */
class WriterRecord {
  private command: string | undefined;

  constructor(private readonly file: string | undefined) {}

  announce(command: string): void {
    this.command = command;
  }

  /** Writes the record if this connection announced itself; returns whether it did. */
  write(): boolean {
    if (!this.file || this.command === undefined) return false;
    const holder: WriteLockHolder = { pid: process.pid, command: this.command, since: new Date().toISOString() };
    try {
      writeFileSync(this.file, JSON.stringify(holder) + "\n");
      return true;
    } catch {
      return false; // a missing record only makes a busy error less specific
    }
  }

  remove(): void {
    try {
      if (this.read()?.pid === process.pid) unlinkSync(this.file!);
    } catch {
      // already gone
    }
  }

  /** The recorded holder, if the record is well-formed and its process is alive. */
  read(): WriteLockHolder | undefined {
    if (!this.file) return undefined;
    let holder: Partial<WriteLockHolder>;
    try {
      holder = JSON.parse(readFileSync(this.file, "utf8")) as Partial<WriteLockHolder>;
    } catch {
      return undefined;
    }
    if (!Number.isSafeInteger(holder.pid) || typeof holder.command !== "string" || typeof holder.since !== "string") return undefined;
    return processAlive(holder.pid!) ? { pid: holder.pid!, command: holder.command, since: holder.since } : undefined;
  }

  /** A SQLITE_BUSY error becomes DatabaseBusyError naming the holder; anything else is returned as is. */
  map(error: unknown): unknown {
    const code = (error as { code?: unknown })?.code;
    if (error instanceof Database.SqliteError && typeof code === "string" && code.startsWith("SQLITE_BUSY")) return new DatabaseBusyError(this.read());
    return error;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

type TransactionFunction = ReturnType<Database.Database["transaction"]>;
type Variant = (...args: unknown[]) => unknown;

/**
 * better-sqlite3 runs BEGIN, COMMIT and ROLLBACK itself (not through prepare): map SQLITE_BUSY from
 * them, and keep the writer record while an announced connection is inside an outermost immediate
 * or exclusive transaction (the lock is held from BEGIN on). Such a transaction is also one change
 * set of the history when an actor is set (src/history/recorder.ts): opened after BEGIN, closed
 * (or dropped, if it recorded nothing) before COMMIT, rolled back with the rest.
 */
function wrapTransactions(sqlite: Database.Database, writer: WriterRecord): void {
  const transaction = sqlite.transaction.bind(sqlite);
  const recorder = new ChangeSetRecorder(sqlite);
  writers.set(sqlite, { writer, recorder });
  sqlite.transaction = ((fn: Variant) => {
    let announce = false;
    let recorded = false;
    let record = false;
    const native = transaction(function (this: unknown, ...args: unknown[]) {
      if (announce) {
        announce = false;
        recorded = writer.write();
      }
      const set = record ? recorder.begin() : undefined;
      record = false;
      const result = fn.apply(this, args);
      if (set !== undefined) recorder.end(set);
      return result;
    });
    const wrap = (variant: Variant, locks: boolean): Variant =>
      function (this: unknown, ...args: unknown[]) {
        const outermost = !sqlite.inTransaction;
        announce = locks && outermost;
        record = locks && outermost;
        try {
          return variant.apply(this, args);
        } catch (error) {
          throw writer.map(error);
        } finally {
          announce = false;
          record = false;
          if (outermost && recorded) {
            recorded = false;
            writer.remove();
          }
        }
      };
    const wrapped = wrap(native.default, false) as TransactionFunction;
    Object.defineProperties(wrapped, {
      default: { value: wrapped },
      deferred: { value: wrap(native.deferred, false) },
      immediate: { value: wrap(native.immediate, true) },
      exclusive: { value: wrap(native.exclusive, true) },
      database: { value: sqlite, enumerable: true },
    });
    return wrapped;
  }) as typeof sqlite.transaction;
}

const writers = new WeakMap<Database.Database, { writer: WriterRecord; recorder: ChangeSetRecorder }>();

export interface WriteScope {
  commit(): void;
  /** Rolls back; returns `error` as the caller should throw it (SQLITE_BUSY as DatabaseBusyError). */
  rollback(error: unknown): unknown;
}

/**
 * Opens an outermost immediate transaction for an asynchronous writer (src/db/store.ts) with what
 * `sqlite.transaction(...).immediate()` does around it here: the busy error mapped, the writer
 * record kept while the lock is held, the history's change set opened after BEGIN and closed
 * before COMMIT.
 */
export function beginWrite(sqlite: Database.Database): WriteScope {
  const state = writers.get(sqlite);
  if (!state) throw new Error("beginWrite: the connection was not opened with openDatabase");
  if (sqlite.inTransaction) throw new Error("beginWrite: a transaction is already open on this connection");
  const { writer, recorder } = state;
  try {
    sqlite.exec("BEGIN IMMEDIATE");
  } catch (error) {
    throw writer.map(error);
  }
  const recorded = writer.write();
  let set: number | undefined;
  try {
    set = recorder.begin();
  } catch (error) {
    sqlite.exec("ROLLBACK");
    if (recorded) writer.remove();
    throw error;
  }
  const finish = () => {
    if (recorded) writer.remove();
  };
  return {
    commit() {
      try {
        if (set !== undefined) recorder.end(set);
        sqlite.exec("COMMIT");
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
        finish();
        throw writer.map(error);
      }
      finish();
    },
    rollback(error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      finish();
      return writer.map(error);
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Keeps prepared statements by SQL text (LRU): drizzle prepares every query it runs, and compiling
 * the same SQL again was the largest single cost of imports and of every request. A statement
 * handed out again is reset to plain row objects (drizzle switches `raw` on where it wants arrays).
 */
function cachePreparedStatements(sqlite: Database.Database, writer: WriterRecord): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
    } else {
      statement = prepare(source);
      if (!statement.readonly) mapBusyErrors(statement, writer);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

/** Writes outside better-sqlite3's transaction helper (drizzle's own statements) fail as DatabaseBusyError too. */
function mapBusyErrors(statement: Database.Statement, writer: WriterRecord): void {
  for (const method of ["run", "get", "all"] as const) {
    const original = statement[method] as Variant;
    statement[method] = function (this: unknown, ...args: unknown[]) {
      try {
        return original.apply(this, args);
      } catch (error) {
        throw writer.map(error);
      }
    } as never;
  }
}

/**
 * Applies pending migrations with foreign keys off (drizzle's table-rebuild migrations would
 * otherwise cascade-delete child rows), then refuses to continue if any reference is dangling.
 */
export function migrate(sqlite: Database.Database, db: Db): void {
  sqlite.pragma("foreign_keys = OFF");
  try {
    drizzleMigrate(db, { migrationsFolder: MIGRATIONS_DIR });
    const broken = sqlite.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0) {
      throw new Error(`database has ${broken.length} dangling foreign key reference(s) after migration`);
    }
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}
