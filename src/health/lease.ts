import { and, eq, lt, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { one, stmt, type Store } from "../db/store.ts";
import { DatabaseBusyError } from "../errors.ts";
import { outsideCatalog } from "./health.store.ts";

type Execute<T> = { execute(values: Record<string, unknown>): PromiseLike<T> };
const acquireStatements = new WeakMap<object, Execute<{ key: string }[]>>();
const dropStatements = new WeakMap<object, Execute<unknown>>();

/**
 * Leases in the shared database: between processes (or replicas), the one that takes a probe's
 * lease sends the request; the others wait for it to go and read the stored result. Expiry covers
 * a holder that died mid-probe.
 */
export class LeaseManager {
  readonly owner = randomUUID();

  constructor(
    /** The shared database (the sweeper keeps its probe schedule there too). */
    readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** False when another holder has it, or the database is busy (the caller's retry loop tries again). */
  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    try {
      return await outsideCatalog(this.store, async (tx) => {
        const { probeLeases } = tx.t;
        const p = sql.placeholder;
        // Prepared once per connection: every probe takes and releases a lease.
        const acquire = stmt(acquireStatements, tx, () =>
          tx
            .insert(probeLeases)
            .values({ key: p("key"), owner: p("owner"), expiresAt: p("expiresAt") })
            .onConflictDoUpdate({
              target: probeLeases.key,
              set: { owner: sql`excluded.owner`, expiresAt: sql`excluded.expires_at` },
              // Taken over only when expired (a holder that died) or already ours.
              setWhere: sql`${probeLeases.expiresAt} < ${p("now")} or ${probeLeases.owner} = excluded.owner`,
            })
            .returning({ key: probeLeases.key })
            .prepare(),
        );
        const now = this.now();
        return (await acquire.execute({ key, owner: this.owner, expiresAt: now + ttlMs, now })).length > 0;
      });
    } catch (error) {
      if (error instanceof DatabaseBusyError) return false;
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    await ignoreBusy(() =>
      outsideCatalog(this.store, async (tx) => {
        const { probeLeases } = tx.t;
        const p = sql.placeholder;
        const drop = stmt(dropStatements, tx, () =>
          tx
            .delete(probeLeases)
            .where(and(eq(probeLeases.key, sql`${p("key")}`), eq(probeLeases.owner, sql`${p("owner")}`)))
            .prepare(),
        );
        await drop.execute({ key, owner: this.owner });
      }),
    );
  }

  /** True while another live holder has it. */
  async isHeldByOther(key: string): Promise<boolean> {
    const tx = this.store.db;
    const { probeLeases } = tx.t;
    const row = await one(tx.select().from(probeLeases).where(eq(probeLeases.key, key)).limit(1));
    return !!row && row.owner !== this.owner && row.expiresAt >= this.now();
  }

  async pruneExpired(): Promise<void> {
    await ignoreBusy(() =>
      outsideCatalog(this.store, async (tx) => {
        const { probeLeases } = tx.t;
        await tx.delete(probeLeases).where(lt(probeLeases.expiresAt, this.now()));
      }),
    );
  }
}

/** A lease not released or pruned while the database is busy expires by itself. */
async function ignoreBusy(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
  }
}
