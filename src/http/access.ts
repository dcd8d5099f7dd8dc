import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** What a request may do: admin (read and write), read, or nothing but the open routes. */
export type AccessLevel = "admin" | "read" | "none";

export interface AccessPolicy {
  adminToken: string | undefined;
  readToken: string | undefined;
  /** The server listens on loopback addresses only. */
  loopbackOnly: boolean;
}

/** 127.0.0.0/8, ::1 and localhost: nobody but this machine can reach the server. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1" || /^::ffff:127\./i.test(bare);
  return false;
}

/** Compares in constant time (hashing first makes the lengths equal too). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function accessLevel(authorization: string | undefined, policy: AccessPolicy): AccessLevel {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const token = match?.[1];
  if (token !== undefined) {
    // Both comparisons always run, so timing says nothing about which token matched.
    const admin = policy.adminToken !== undefined && sameSecret(token, policy.adminToken);
    const read = policy.readToken !== undefined && sameSecret(token, policy.readToken);
    if (admin) return "admin";
    if (read) return "read";
  }
  return "none";
}

export function canRead(level: AccessLevel, policy: AccessPolicy): boolean {
  return policy.readToken === undefined || level !== "none";
}

/** null when the request may write; else why not, and how to fix it. */
export function writeRefusal(level: AccessLevel, policy: AccessPolicy): string | null {
  if (policy.adminToken !== undefined) {
    return level === "admin" ? null : "this operation writes: send Authorization: Bearer <MODELGRAPH_ADMIN_TOKEN>";
  }
  if (policy.loopbackOnly) return null;
  return (
    "writes are disabled: this server listens beyond loopback and MODELGRAPH_ADMIN_TOKEN is not set; " +
    "set MODELGRAPH_ADMIN_TOKEN on the server and send Authorization: Bearer <token>"
  );
}

export const READ_REFUSAL = "this server requires a token to read: send Authorization: Bearer <MODELGRAPH_READ_TOKEN> (or the admin token)";
