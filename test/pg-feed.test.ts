/**
 * The change feed on a real PostgreSQL cluster (issue 13, docs/postgres.md): versions commit in
 * order, a reader of `version > mine` never sees a gap however writers interleave, a listener gets
 * each committed version once through LISTEN/NOTIFY, a reader whose connection was terminated
 * catches up from the log, cascaded deletes are logged, and the change history rows are the ones
 * SQLite's triggers write for the same writes.
 */
import { asc, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.ts";
import { CHANGE_CHANNEL, openPostgres, type PgHandle } from "../src/db/pg/client.ts";
import * as pgSchema from "../src/db/pg/schema.ts";
import * as sqliteSchema from "../src/db/schema.ts";
import { startPostgres, type PgCluster } from "./support/postgres.ts";

let cluster: PgCluster;
let handle: PgHandle;
const clients: pg.Client[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
  handle = await openPostgres(cluster.url);
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => {});
  await handle?.close();
  await cluster?.stop();
});

async function connect(url = cluster.url): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // a terminated backend is expected in one test
  await client.connect();
  clients.push(client);
  return client;
}

async function pidOf(client: pg.Client): Promise<number> {
  return (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
}

async function catalogVersion(client: pg.Client | pg.Pool = handle.pool): Promise<number> {
  return Number((await client.query<{ version: string }>("select version from catalog_version")).rows[0]!.version);
}

/** The version this transaction took (it has logged a row), or null. */
async function ownVersion(client: pg.Client): Promise<number | null> {
  const v = (await client.query<{ v: string | null }>("select nullif(current_setting('modelgraph.catalog_version', true), '') as v")).rows[0]!.v;
  return v === null ? null : Number(v);
}

/** Waits for a condition (bounded: fails naming it after 20 s); no test asserts how long it took. */
async function waitUntil(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** A small seeded generator, so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let names = 0;
const fresh = (prefix: string) => `${prefix}-${++names}`;

describe("versions follow commit order", () => {
  it("a sequence does not (why the feed has a version row): a later insert can commit first", async () => {
    const [a, b, reader] = [await connect(), await connect(), await connect()];
    const provider = (await handle.pool.query<{ id: number }>("insert into providers (name, type) values ($1, 'openai') returning id", [fresh("seq")])).rows[0]!.id;
    const start = Number((await reader.query<{ n: string }>("select coalesce(max(id), 0) as n from health_history")).rows[0]!.n);
    const insert = "insert into health_history (provider_id, model, api_base, status, checked_at) values ($1, 'm', '', 'HEALTHY', 0) returning id";
    await a.query("begin");
    const first = Number((await a.query<{ id: string }>(insert, [provider])).rows[0]!.id);
    await b.query("begin");
    const second = Number((await b.query<{ id: string }>(insert, [provider])).rows[0]!.id);
    await b.query("commit");
    const seen = (await reader.query<{ id: string }>("select id from health_history where id > $1", [start])).rows.map((r) => Number(r.id));
    expect(first).toBeLessThan(second);
    expect(seen).toEqual([second]); // a reader of "id > mine" would move past `first` and never read it
    await a.query("commit");
  });

  it("a second writer waits for the first one's commit and takes the next version", async () => {
    const [a, b, reader] = [await connect(), await connect(), await connect()];
    const bPid = await pidOf(b);
    const before = await catalogVersion(reader);
    const [nameA, nameB] = [fresh("first"), fresh("second")];

    await a.query("begin");
    await a.query("insert into providers (name, type) values ($1, 'openai')", [nameA]);
    const versionA = await ownVersion(a);
    await b.query("begin");
    await b.query("insert into probe_leases (key, owner, expires_at) values ($1, 'b', 0)", [fresh("lease")]); // not a catalog table: no wait
    const writeB = b.query("insert into providers (name, type) values ($1, 'openai')", [nameB]);
    await waitUntil("the second writer to wait on a lock", async () => {
      const r = await reader.query<{ wait_event_type: string | null }>("select wait_event_type from pg_stat_activity where pid = $1", [bPid]);
      return r.rows[0]?.wait_event_type === "Lock";
    });
    expect((await reader.query("select 1 from catalog_changes where version > $1", [before])).rowCount).toBe(0);

    await a.query("commit");
    await writeB;
    const versionB = await ownVersion(b);
    const afterA = (await reader.query<{ version: string }>("select version from catalog_changes where version > $1", [before])).rows.map((r) => Number(r.version));
    await b.query("commit");

    expect(versionA).toBe(before + 1);
    expect(versionB).toBe(before + 2);
    expect(afterA).toEqual([before + 1]); // B's row is not visible before B commits
    const log = await reader.query<{ version: string; entity_id: string; seq: string }>(
      "select c.version, c.entity_id, c.seq from catalog_changes c where c.entity = 'provider' and c.version > $1 order by c.seq",
      [before],
    );
    const ids = (await reader.query<{ id: number; name: string }>("select id, name from providers where name = any($1)", [[nameA, nameB]])).rows;
    const idOf = (n: string) => String(ids.find((r) => r.name === n)!.id);
    expect(log.rows.map((r) => [Number(r.version), r.entity_id])).toEqual([
      [before + 1, idOf(nameA)],
      [before + 2, idOf(nameB)],
    ]);
    expect(await catalogVersion(reader)).toBe(before + 2);
  });

  it("a reader of `version > mine` never sees a gap while 4 writers interleave 160 transactions (rollbacks and savepoints included)", async () => {
    const writers = await Promise.all([0, 1, 2, 3].map(() => connect()));
    const reader = await connect();
    const start = await catalogVersion(reader);
    const committed: number[] = [];
    let done = false;

    const write = async (client: pg.Client, w: number) => {
      const next = random(1000 + w);
      const own: number[] = [];
      for (let t = 0; t < 40; t++) {
        await client.query("begin");
        const statements = 1 + Math.floor(next() * 3);
        for (let s = 0; s < statements; s++) {
          const pick = next();
          if (pick < 0.35 || own.length === 0) {
            const id = (await client.query<{ id: number }>("insert into providers (name, type) values ($1, 'openai') returning id", [fresh(`w${w}`)])).rows[0]!.id;
            own.push(id);
          } else if (pick < 0.6) {
            await client.query("update providers set display_name = $2 where id = $1", [own[Math.floor(next() * own.length)], `t${t}`]);
          } else if (pick < 0.85) {
            await client.query(
              "insert into upstream_health (provider_id, model, api_base, status, checked_at) values ($1, 'm', '', 'HEALTHY', $2) on conflict (provider_id, model, api_base) do update set checked_at = excluded.checked_at",
              [own[Math.floor(next() * own.length)], t],
            );
          } else {
            await client.query("savepoint s");
            await client.query("insert into providers (name, type) values ($1, 'openai')", [fresh(`gone${w}`)]);
            await client.query("rollback to savepoint s");
          }
        }
        const version = await ownVersion(client);
        if (next() < 0.1) {
          await client.query("rollback");
          own.length = Math.min(own.length, 1);
          continue;
        }
        await client.query("commit");
        if (version !== null) committed.push(version);
      }
    };

    const gaps: string[] = [];
    const follow = async () => {
      let applied = start;
      let reads = 0;
      while (!done || applied < (await catalogVersion(reader))) {
        const rows = (await reader.query<{ version: string; seq: string }>("select version, seq from catalog_changes where version > $1 order by seq", [applied])).rows;
        reads++;
        if (rows.length === 0) continue;
        const versions = rows.map((r) => Number(r.version));
        const distinct = [...new Set(versions)];
        const expected = range(applied + 1, Math.max(...versions));
        if (JSON.stringify(distinct) !== JSON.stringify(expected)) gaps.push(`after ${applied}: read ${distinct.join(",")}`);
        applied = Math.max(...versions);
      }
      return { applied, reads };
    };

    const following = follow();
    await Promise.all(writers.map((c, w) => write(c, w)));
    done = true;
    const { applied, reads } = await following;

    const end = await catalogVersion(reader);
    expect(gaps).toEqual([]);
    expect(reads).toBeGreaterThan(1);
    expect(applied).toBe(end);
    expect(committed.length).toBeGreaterThan(100);
    expect([...committed].sort((x, y) => x - y)).toEqual(range(start + 1, end)); // one version per committed transaction, none lost to a rollback
  });
});

describe("LISTEN/NOTIFY", () => {
  it("a listener gets each committed version once, in order; a rollback, a non-catalog write or a statement that changes nothing sends nothing", async () => {
    const listener = await connect();
    const received: number[] = [];
    listener.on("notification", (n) => {
      if (n.channel === CHANGE_CHANNEL) received.push(Number(n.payload));
    });
    await listener.query(`listen ${CHANGE_CHANNEL}`);
    const [a, b] = [await connect(), await connect()];
    const start = await catalogVersion();

    await a.query("insert into providers (name, type) values ($1, 'openai')", [fresh("n")]);
    await a.query("begin");
    for (let i = 0; i < 5; i++) await a.query("insert into providers (name, type) values ($1, 'openai')", [fresh("many")]);
    await a.query("update providers set display_name = 'x' where name like 'many-%'");
    await a.query("commit");
    await a.query("begin");
    await a.query("insert into providers (name, type) values ($1, 'openai')", [fresh("rolled-back")]);
    await a.query("rollback");
    await a.query("begin");
    await a.query("savepoint s");
    await a.query("insert into providers (name, type) values ($1, 'openai')", [fresh("savepoint")]);
    await a.query("rollback to savepoint s");
    await a.query("insert into providers (name, type) values ($1, 'openai')", [fresh("after-savepoint")]);
    await a.query("commit");
    await a.query("insert into probe_leases (key, owner, expires_at) values ($1, 'a', 0)", [fresh("lease")]);
    await a.query("update providers set display_name = 'nobody' where name = 'no such provider'");
    await a.query("delete from aliases where id < 0");
    await Promise.all(
      [a, b].map(async (c, i) => {
        for (let t = 0; t < 10; t++) {
          await c.query("begin");
          await c.query("insert into providers (name, type) values ($1, 'openai')", [fresh(`c${i}`)]);
          await c.query("insert into providers (name, type) values ($1, 'openai')", [fresh(`c${i}`)]);
          await c.query("commit");
        }
      }),
    );

    const end = await catalogVersion();
    expect(end).toBe(start + 1 + 1 + 1 + 20);
    await waitUntil(`the notification of version ${end}`, () => received.includes(end));
    // Nothing else is queued: one more commit is the very next notification.
    await a.query("insert into providers (name, type) values ($1, 'openai')", [fresh("last")]);
    await waitUntil(`the notification of version ${end + 1}`, () => received.includes(end + 1));
    expect(received).toEqual(range(start + 1, end + 1));
  });

  it("after its connection is terminated, a reader listens again and catches up from the log: no version lost, none applied twice", async () => {
    const writer = await connect();
    const applied: number[] = [];
    let position = await catalogVersion();
    const apply = (version: number) => {
      if (version <= position) return; // a notification of a version already caught up
      applied.push(version);
      position = version;
    };
    /** Reads every version after the position from the log, in order (what a replica does after (re)connecting). */
    const catchUp = async (client: pg.Client) => {
      const rows = await client.query<{ version: string }>("select distinct version from catalog_changes where version > $1 order by version", [position]);
      for (const r of rows.rows) apply(Number(r.version));
    };
    const listen = async () => {
      const client = await connect();
      client.on("notification", (n) => {
        if (n.channel === CHANGE_CHANNEL) void catchUp(client);
      });
      await client.query(`listen ${CHANGE_CHANNEL}`); // listen first, then read: a commit in between is in the log or notified, or both
      await catchUp(client);
      return client;
    };
    const start = position;

    const first = await listen();
    for (let i = 0; i < 2; i++) await writer.query("insert into providers (name, type) values ($1, 'openai')", [fresh("before-drop")]);
    await waitUntil("the first two versions", () => position === start + 2);

    const ended = new Promise<void>((resolve) => first.once("end", () => resolve()));
    const admin = await connect();
    expect((await admin.query<{ ok: boolean }>("select pg_terminate_backend($1) as ok", [await pidOf(first)])).rows[0]!.ok).toBe(true);
    await ended;

    for (let i = 0; i < 3; i++) await writer.query("insert into providers (name, type) values ($1, 'openai')", [fresh("while-down")]);
    expect(position).toBe(start + 2);

    const second = await listen();
    expect(position).toBe(start + 5);
    await writer.query("insert into providers (name, type) values ($1, 'openai')", [fresh("after-reconnect")]);
    await waitUntil("the version written after the reconnect", () => position === start + 6);
    expect(applied).toEqual(range(start + 1, start + 6));
    await second.end();
  });
});

describe("what the log holds", () => {
  it("cascaded deletes and a rename through public_names are logged, each statement's rows under its transaction's version", async () => {
    const c = await connect();
    const q = async (text: string, values: unknown[] = []) => (await c.query(text, values)).rows;
    const provider = (await q("insert into providers (name, type) values ($1, 'openai') returning id", [fresh("cascade")]))[0].id as number;
    const other = (await q("insert into providers (name, type) values ($1, 'openai') returning id", [fresh("cascade-other")]))[0].id as number;
    const group = fresh("group");
    await q("insert into public_names (name, kind) values ($1, 'group')", [group]);
    const groupId = (await q("insert into model_groups (name) values ($1) returning id", [group]))[0].id as number;
    const deploymentIds: number[] = [];
    for (const model of ["a", "b", "c"]) {
      deploymentIds.push((await q("insert into deployments (group_id, provider_id, model) values ($1, $2, $3) returning id", [groupId, other, model]))[0].id as number);
    }
    for (const model of ["m1", "m2"]) {
      await q("insert into upstream_health (provider_id, model, api_base, status, checked_at) values ($1, $2, 'https://api.example', 'HEALTHY', 1)", [provider, model]);
    }
    const logAfter = async (version: number) =>
      (await q("select version, entity, entity_id, op from catalog_changes where version > $1 order by seq", [version])).map((r) => ({ ...r, version: Number(r.version) }));

    let v = await catalogVersion(c);
    await q("update public_names set name = $2 where name = $1", [group, `${group}-renamed`]);
    expect(await logAfter(v)).toEqual([{ version: v + 1, entity: "group", entity_id: String(groupId), op: "update" }]);
    expect((await q("select name from change_history where entity = 'group' and entity_id = $1 order by seq desc limit 1", [String(groupId)]))[0].name).toBe(`${group}-renamed`);

    v = await catalogVersion(c);
    await q("delete from public_names where name = $1", [`${group}-renamed`]);
    const groupDelete = await logAfter(v);
    expect(groupDelete.every((r) => r.version === v + 1)).toBe(true);
    expect(groupDelete.map((r) => `${r.entity}:${r.entity_id}:${r.op}`).sort()).toEqual(
      [`group:${groupId}:delete`, ...deploymentIds.map((id) => `deployment:${id}:delete`)].sort(),
    );
    const history = await q("select entity, name, group_id from change_history where entity = 'deployment' and action = 'delete' and entity_id = any($1)", [deploymentIds.map(String)]);
    expect(history.map((r) => [r.name, r.group_id])).toEqual(deploymentIds.map(() => [`${group}-renamed`, groupId]));

    v = await catalogVersion(c);
    await q(
      "insert into upstream_health (provider_id, model, api_base, status, checked_at) values ($1, 'm1', 'https://api.example', 'DEGRADED', 2), ($1, 'm0', 'https://api.example', 'HEALTHY', 2) on conflict (provider_id, model, api_base) do update set status = excluded.status",
      [provider],
    );
    expect((await logAfter(v)).map((r) => `${r.version} ${r.entity_id} ${r.op}`).sort()).toEqual(
      [`${v + 1} [${provider},"m0","https://api.example"] insert`, `${v + 1} [${provider},"m1","https://api.example"] update`].sort(),
    );
    await q("delete from upstream_health where provider_id = $1 and model = 'm0'", [provider]);

    v = await catalogVersion(c);
    await q("delete from providers where id = $1", [provider]);
    expect((await logAfter(v)).map((r) => [r.version, r.entity, r.entity_id, r.op])).toEqual([
      [v + 1, "provider", String(provider), "delete"],
      [v + 1, "health", `[${provider},"m1","https://api.example"]`, "delete"],
      [v + 1, "health", `[${provider},"m2","https://api.example"]`, "delete"],
    ]);
    await expect(c.query("truncate aliases")).rejects.toThrow(/not logged in the change feed/);
  });

  it("the change history rows are the ones SQLite's triggers write for the same writes", async () => {
    const sqlite = openDatabase(":memory:");
    // One connection, so the script's begin and commit enclose its writes.
    const pgHandle = await openPostgres(await cluster.createDatabase("history_twin"), { max: 1 });
    try {
      await historyScript(sqlite.db, sqliteSchema, async (sql) => void sqlite.sqlite.exec(sql));
      await historyScript(pgHandle.db, pgSchema, async (sql) => void (await pgHandle.pool.query(sql)));
      const fromSqlite = await readHistory(sqlite.db, sqliteSchema);
      const fromPg = await readHistory(pgHandle.db, pgSchema);
      // Transactions in the same order; within one, a cascade's rows come parent first on
      // PostgreSQL (its row triggers fire at the end of the statement) and children first on
      // SQLite, so rows are compared as a set per transaction, without their seq.
      expect(fromPg.history.map((h) => h.changeSet)).toEqual(fromSqlite.history.map((h) => h.changeSet));
      expect(canonical(fromPg.history)).toEqual(canonical(fromSqlite.history));
      expect(canonical(fromPg.log)).toEqual(canonical(fromSqlite.log));

      const text = JSON.stringify(fromPg.history);
      expect(fromPg.history.length).toBeGreaterThan(10);
      expect(text).toContain("(secret)");
      expect(JSON.stringify(fromPg.history.map((h) => [h.before, h.after]))).not.toContain("modelgraph-sealed:");
      const providerKeys = fromPg.history.filter((h) => h.entity === "provider").map((h) => [h.action, (h.before as { apiKey?: unknown } | null)?.apiKey ?? null, (h.after as { apiKey?: unknown } | null)?.apiKey ?? null]);
      expect(providerKeys).toEqual([
        ["insert", null, "stored"],
        ["update", "stored", "changed"],
        ["delete", "stored", null],
      ]);
      const entryExtra = fromPg.history.find((h) => h.entity === "deployment" && h.action === "insert")!.after as { entryExtra: Record<string, number> };
      expect(Object.keys(entryExtra.entryExtra)).toEqual(["zeta", "alpha"]);
    } finally {
      sqlite.close();
      await pgHandle.close();
    }
  });
});

/*
 * The same writes through drizzle on either backend (the query builders are the same; the tables
 * differ in dialect only), in three change sets and one write without a set. Times are given, so
 * the history's JSON is comparable.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one script for two dialects' builders
type AnyDb = any;
async function historyScript(db: AnyDb, t: typeof sqliteSchema | typeof pgSchema, exec: (sql: string) => Promise<void>): Promise<void> {
  const at = new Date("2026-01-02T03:04:05.678Z");
  const later = new Date("2026-02-03T04:05:06.789Z");
  const set = async (id: number, writes: () => Promise<void>) => {
    await exec("begin");
    await db.insert(t.changeSets).values({ at: at.getTime(), actor: "test", source: "MUTATION", open: true });
    await writes();
    await db.update(t.changeSets).set({ open: false }).where(eq(t.changeSets.id, id));
    await exec("commit");
  };
  await set(1, async () => {
    await db.insert(t.providers).values({ name: "openai-main", type: "openai", apiKeyEncrypted: "enc:v1:aaa", createdAt: at, updatedAt: at });
    await db.update(t.providers).set({ displayName: "Main" }).where(eq(t.providers.name, "openai-main"));
    await db.insert(t.publicNames).values({ name: "smart", kind: "group" });
    await db.insert(t.modelGroups).values({ name: "smart", fallbacks: [{ kind: "GENERAL", to: ["cheap"] }], createdAt: at, updatedAt: at });
    await db.insert(t.deployments).values({
      groupId: 1,
      providerId: 1,
      model: "gpt-4o",
      extraParams: { api_version: "2024-06-01", headers: { "x-key": "modelgraph-sealed:v1:zzz", list: ["a", "modelgraph-sealed:v1:yyy"] } },
      entryExtra: { zeta: 1, alpha: 2 },
      factsOverride: { contextWindow: 128000 },
      createdAt: at,
      updatedAt: at,
    });
    await db.insert(t.publicNames).values({ name: "fast", kind: "alias" });
    await db.insert(t.aliases).values({ name: "fast", groupId: 1, createdAt: at, updatedAt: at });
  });
  await set(2, async () => {
    await db.update(t.providers).set({ apiKeyEncrypted: "enc:v1:bbb", updatedAt: later }).where(eq(t.providers.id, 1));
    await db.update(t.providers).set({ apiBase: "https://gateway.example/v1" }).where(eq(t.providers.id, 1));
    await db.update(t.publicNames).set({ name: "smart-2" }).where(eq(t.publicNames.name, "smart"));
    await db.update(t.deployments).set({ priority: 3, updatedAt: later }).where(eq(t.deployments.id, 1));
    await db.insert(t.configDocuments).values({ format: "LITELLM_YAML", content: { general_settings: { master_key: "modelgraph-sealed:v1:mk", port: 4000 }, a: 1 }, updatedAt: at });
    await db.insert(t.modelRegistries).values({ format: "MODELS_DEV_JSON", source: "models.json", dataset: "models.dev", version: null, dataDate: "2026-01-01", providers: 1, models: 2, content: "{}", importedAt: at });
  });
  await exec("begin"); // a writer without a change set (another tool on the database)
  await db.delete(t.publicNames).where(eq(t.publicNames.name, "fast"));
  await db.update(t.configDocuments).set({ content: { a: 2 }, updatedAt: later }).where(eq(t.configDocuments.format, "LITELLM_YAML"));
  await exec("commit");
  await set(3, async () => {
    await db.insert(t.upstreamHealth).values({ providerId: 1, model: "gpt-4o", apiBase: "https://gateway.example/v1", status: "HEALTHY", checkedAt: at, latencyMs: 5 });
    await db.delete(t.publicNames).where(eq(t.publicNames.name, "smart-2"));
    await db.delete(t.providers).where(eq(t.providers.id, 1));
  });
}

async function readHistory(db: AnyDb, t: typeof sqliteSchema | typeof pgSchema) {
  const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));
  const rows = (await db.select().from(t.changeHistory).orderBy(asc(t.changeHistory.seq))) as (typeof sqliteSchema.changeHistory.$inferSelect)[];
  const log = (await db.select().from(t.catalogChanges).orderBy(asc(t.catalogChanges.seq))) as (typeof sqliteSchema.catalogChanges.$inferSelect)[];
  return {
    history: rows.map((r) => ({
      seq: r.seq,
      changeSet: r.changeSet,
      entity: r.entity,
      entityId: r.entityId,
      action: r.action,
      name: r.name,
      groupId: r.groupId,
      before: parse(r.before),
      after: parse(r.after),
      beforeSealed: parse(r.beforeSealed),
      afterSealed: parse(r.afterSealed),
    })),
    log: log.map((r) => ({ seq: r.seq, change: `${r.entity} ${r.entityId} ${r.op}` })),
  };
}

/** Rows without their seq, sorted: what two backends must agree on whatever their order within a transaction. */
function canonical(rows: { seq: number }[]): string[] {
  return rows.map(({ seq: _seq, ...rest }) => JSON.stringify(rest)).sort();
}
