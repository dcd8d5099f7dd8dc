/**
 * Whether anything was committed to a SQLite database in WAL mode since the last look, for the
 * price of one `pread` instead of one statement (src/read/snapshot-store.ts asks before every read).
 *
 * Every connection of every process on a WAL database shares the wal-index, the `-shm` file beside
 * it. Its header (https://www.sqlite.org/walformat.html, "The WAL-Index Header") holds a change
 * counter incremented by each transaction, the last valid frame, the database size and the WAL's
 * salts and checksums; a committing connection rewrites it before its COMMIT returns, in two copies
 * (the second first), so that readers can tell a header being written from a whole one. This reads
 * both copies: equal, they are the stamp; different, the caller asks SQLite instead. A checkpoint
 * that restarts the WAL rewrites the header too, which costs one needless refresh, never a missed one.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type Database from "better-sqlite3";

/** Two copies of the 48-byte header, at the start of the -shm file. */
const HEADER_BYTES = 48;

export class WalIndexStamp {
  private readonly buffer = Buffer.alloc(2 * HEADER_BYTES);

  private constructor(private fd: number | undefined) {}

  /**
   * The stamp reader of `sqlite`'s file, or undefined where there is no shared wal-index to read:
   * an in-memory or temporary database, a rollback journal, or no -shm file.
   */
  static open(sqlite: Database.Database): WalIndexStamp | undefined {
    if (sqlite.memory || !sqlite.name) return undefined;
    if (String(sqlite.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") return undefined;
    try {
      return new WalIndexStamp(openSync(`${sqlite.name}-shm`, "r"));
    } catch {
      return undefined;
    }
  }

  /** The header as a string, or undefined while it is being written (or cannot be read). */
  read(): string | undefined {
    if (this.fd === undefined) return undefined;
    const b = this.buffer;
    try {
      if (readSync(this.fd, b, 0, b.length, 0) !== b.length) return undefined;
    } catch {
      return undefined;
    }
    // isInit (byte 12) is 0 until a connection has built the index.
    if (b[12] === 0 || b.compare(b, 0, HEADER_BYTES, HEADER_BYTES, 2 * HEADER_BYTES) !== 0) return undefined;
    return b.toString("latin1", 0, HEADER_BYTES);
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }
}
