import { and, eq, lt, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.ts";
import { probeLeases } from "../db/schema.ts";
import { DatabaseBusyError } from "../errors.ts";

/**
 * Leases in the shared database: between processes, the one that takes a probe's lease sends the
 * request; the others wait for it to go and read the stored result. Expiry covers a holder that
 * died mid-probe.
 */
export class LeaseManager {
  readonly owner = randomUUID();

  constructor(
    /** The shared database (the sweeper keeps its probe schedule there too). */
    readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  // Prepared once: every probe takes and releases a lease.
  private readonly acquire = this.db
    .insert(probeLeases)
    .values({ key: sql.placeholder("key"), owner: sql.placeholder("owner"), expiresAt: sql.placeholder("expiresAt") })
    .onConflictDoUpdate({
      target: probeLeases.key,
      set: { owner: sql`excluded.owner`, expiresAt: sql`excluded.expires_at` },
      // Taken over only when expired (a holder that died) or already ours.
      setWhere: sql`${probeLeases.expiresAt} < ${sql.placeholder("now")} or ${probeLeases.owner} = excluded.owner`,
    })
    .prepare();

  private readonly drop = this.db
    .delete(probeLeases)
    .where(and(eq(probeLeases.key, sql.placeholder("key")), eq(probeLeases.owner, sql.placeholder("owner"))))
    .prepare();

  /** False when another holder has it, or the database is busy (the caller's retry loop tries again). */
  tryAcquire(key: string, ttlMs: number): boolean {
    const now = this.now();
    try {
      return this.acquire.run({ key, owner: this.owner, expiresAt: now + ttlMs, now }).changes > 0;
    } catch (error) {
      if (error instanceof DatabaseBusyError) return false;
      throw error;
    }
  }

  release(key: string): void {
    ignoreBusy(() => this.drop.run({ key, owner: this.owner }));
  }

  /** True while another live holder has it. */
  isHeldByOther(key: string): boolean {
    const row = this.db.select().from(probeLeases).where(eq(probeLeases.key, key)).get();
    return !!row && row.owner !== this.owner && row.expiresAt >= this.now();
  }

  pruneExpired(): void {
    ignoreBusy(() => this.db.delete(probeLeases).where(lt(probeLeases.expiresAt, this.now())).run());
  }
}

/** A lease not released or pruned while the database is busy expires by itself. */
function ignoreBusy(write: () => unknown): void {
  try {
    write();
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
  }
}
