import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate as drizzleMigrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema.ts";

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  /** The file path, or ":memory:". */
  path: string;
  close(): void;
}

export interface OpenOptions {
  /** Called with the SQL text of every statement SQLite executes (used to count statements). */
  onStatement?: (sql: string) => void;
  /** Apply migrations from migrations/ before returning (default true). */
  migrate?: boolean;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

/**
 * Opens (creating the directory if needed) and configures a SQLite database: WAL, foreign keys,
 * busy timeout; then brings its schema up to date.
 */
export function openDatabase(path: string, options: OpenOptions = {}): DbHandle {
  if (path !== ":memory:" && !path.startsWith("file:")) {
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const sqlite = new Database(path, options.onStatement ? { verbose: (s) => options.onStatement!(String(s)) } : {});
  cachePreparedStatements(sqlite);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  if (options.migrate !== false) migrate(sqlite, db);
  return {
    db,
    sqlite,
    path,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Keeps prepared statements by SQL text (LRU): drizzle prepares every query it runs, and compiling
 * the same SQL again was the largest single cost of imports and of every request. A statement
 * handed out again is reset to plain row objects (drizzle switches `raw` on where it wants arrays).
 */
function cachePreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
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
