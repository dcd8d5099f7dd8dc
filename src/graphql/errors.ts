import { GraphQLError } from "graphql";

/** The one set of error codes the API uses (DESIGN.md section 3). */
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
