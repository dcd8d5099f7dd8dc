import { and, eq, lt, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.ts";
import { probeLeases } from "../db/schema.ts";

/**
 * Leases in the shared database: between processes, the one that takes a probe's lease sends the
 * request; the others wait for it to go and read the stored result. Expiry covers a holder that
 * died mid-probe.
 */
export class LeaseManager {
  readonly owner = randomUUID();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  tryAcquire(key: string, ttlMs: number): boolean {
    const now = this.now();
    const result = this.db
      .insert(probeLeases)
      .values({ key, owner: this.owner, expiresAt: now + ttlMs })
      .onConflictDoUpdate({
        target: probeLeases.key,
        set: { owner: this.owner, expiresAt: now + ttlMs },
        setWhere: sql`${probeLeases.expiresAt} < ${now} or ${probeLeases.owner} = ${this.owner}`,
      })
      .run();
    return result.changes > 0;
  }

  release(key: string): void {
    this.db.delete(probeLeases).where(and(eq(probeLeases.key, key), eq(probeLeases.owner, this.owner))).run();
  }

  /** True while another live holder has it. */
  isHeldByOther(key: string): boolean {
    const row = this.db.select().from(probeLeases).where(eq(probeLeases.key, key)).get();
    return !!row && row.owner !== this.owner && row.expiresAt >= this.now();
  }

  pruneExpired(): void {
    this.db.delete(probeLeases).where(lt(probeLeases.expiresAt, this.now())).run();
  }
}
