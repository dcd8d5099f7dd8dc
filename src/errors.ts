import { GraphQLError } from "graphql";

/** The one set of error codes the API uses (docs/contract.md section 3). */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  NOT_FOUND = "NOT_FOUND",
  CONFLICT = "CONFLICT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

type Extensions = Record<string, unknown>;

/** Base of every error the catalog throws on purpose: its message is safe to show. */
export class CatalogError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Extensions = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class BadUserInputError extends CatalogError {
  constructor(message: string, extensions?: Extensions) {
    super(ErrorCode.BAD_USER_INPUT, message, extensions);
  }
}

export class NotFoundError extends CatalogError {
  constructor(message: string, extensions?: Extensions) {
    super(ErrorCode.NOT_FOUND, message, extensions);
  }
}

export class ConflictError extends CatalogError {
  constructor(message: string, extensions?: Extensions) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

/** Who holds the database's write lock, as its holder recorded it beside the database file. */
export interface WriteLockHolder {
  pid: number;
  command: string;
  /** ISO 8601 time the holder took the lock. */
  since: string;
}

/**
 * Another process holds the database's write lock (SQLITE_BUSY after the connection's short busy
 * timeout). Retrying shortly is the remedy, so it is a CONFLICT, not an internal error.
 */
export class DatabaseBusyError extends ConflictError {
  constructor(readonly holder: WriteLockHolder | undefined) {
    super(
      holder
        ? `the database is busy: \`${holder.command}\` (pid ${holder.pid}, since ${holder.since.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")}) holds the write lock; retry in a moment`
        : "the database is busy: another process holds the write lock; retry in a moment",
      { reason: "DATABASE_BUSY", ...(holder ? { holder } : {}) },
    );
  }
}

/**
 * The connection to PostgreSQL broke during a write (a restart, a failover, a terminated
 * session). Like a busy database it is the caller's to retry, so a CONFLICT; the message says
 * the write's fate is known only if it failed before COMMIT.
 */
export class DatabaseUnavailableError extends ConflictError {
  constructor(readonly detail: string, duringCommit: boolean) {
    super(
      duringCommit
        ? `the database connection was lost while committing (${detail}); the write may or may not have been committed: read it back, then retry`
        : `the database connection was lost (${detail}); nothing was written: retry in a moment`,
      { reason: "DATABASE_UNAVAILABLE" },
    );
  }
}

export class UnauthenticatedError extends CatalogError {
  constructor(message: string, extensions?: Extensions) {
    super(ErrorCode.UNAUTHENTICATED, message, extensions);
  }
}

export class ForbiddenError extends CatalogError {
  constructor(message: string, extensions?: Extensions) {
    super(ErrorCode.FORBIDDEN, message, extensions);
  }
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** True for errors whose message may be shown to clients as is. */
export function isExpectedError(code: unknown): boolean {
  return typeof code === "string" && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}
