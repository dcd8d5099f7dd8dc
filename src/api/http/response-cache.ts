import type Database from "better-sqlite3";

// Transitional: the server no longer caches answers (docs/benchmarks.md, "The response cache",
// issue 11). test/support/server.ts still builds a ResponseCache (buildApp ignores it) and
// test/hostile-http.test.ts imports nestingDepth from here; delete this file with those imports.
export { MAX_VARIABLE_DEPTH, nestingDepth } from "../graphql/execution-guard.ts";

interface Entry {
  version: string;
  body: string;
  expiresAt: number;
}

export interface ResponseCacheOptions {
  /** Entries kept at most (least recently used go first). */
  maxEntries: number;
  /** Bytes of response bodies kept at most. */
  maxBytes: number;
  /** An entry is served for at most this long, even without writes (health goes stale by time). */
  ttlMs: number;
}

/**
 * Caches the JSON answers of GraphQL queries, keyed by (query, operation name, variables). An
 * entry is valid only while the database is exactly as it was when the answer was computed:
 * the version is SQLite's `total_changes()` (every write this connection made: mutations,
 * imports, health results) plus `PRAGMA data_version` (writes by any other process). So a write
 * is visible to the very next read, whoever made it.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly ownWrites: Database.Statement;
  private readonly otherWrites: Database.Statement;
  hits = 0;
  misses = 0;

  constructor(
    sqlite: Database.Database,
    private readonly options: ResponseCacheOptions,
  ) {
    // Two minimal statements: the combined one through pragma_data_version cost several times more.
    this.ownWrites = sqlite.prepare("select total_changes()").pluck();
    this.otherWrites = sqlite.prepare("pragma data_version").pluck();
  }

  /** The database's current version; read once per request, before executing it. */
  version(): string {
    return `${this.ownWrites.get() as number}:${this.otherWrites.get() as number}`;
  }

  /**
   * The entry's key is the request itself (a Map hashes it; no digest needed). Callers refuse
   * variables nested past MAX_VARIABLE_DEPTH first: JSON.stringify recurses once per level.
   */
  static key(query: string, operationName: unknown, variables: unknown): string {
    return `${typeof operationName === "string" ? operationName : ""}\u0000${variables === undefined ? "" : JSON.stringify(variables)}\u0000${query}`;
  }

  get(key: string, version: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version || entry.expiresAt < Date.now()) {
      this.misses++;
      return undefined;
    }
    // Re-insert: Map order is the LRU order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.body;
  }

  set(key: string, version: string, body: string): void {
    if (body.length + key.length > this.options.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length + key.length;
      this.entries.delete(key);
    }
    this.entries.set(key, { version, body, expiresAt: Date.now() + this.options.ttlMs });
    this.bytes += body.length + key.length;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.body.length + k.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
