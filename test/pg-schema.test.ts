/**
 * The PostgreSQL schema mirrors the SQLite one (issue 13, docs/postgres.md): the two drizzle
 * schemas agree table by table and column by column (types through the mapping below), the row
 * types are the same at compile time, both migration folders apply to empty databases and give
 * what their schema says, and the PostgreSQL choices that keep the backends' output identical
 * (json keeps key order, text sorts by bytes) hold on a database whose default collation is not C.
 */
import { eq, is } from "drizzle-orm";
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres, openPostgres, PG_MIGRATIONS_DIR } from "../src/db/pg/client.ts";
import * as pgSchema from "../src/db/pg/schema.ts";
import { openDatabase } from "../src/db/client.ts";
import * as sqliteSchema from "../src/db/schema.ts";
import { startPostgres, type PgCluster } from "./support/postgres.ts";

/*
 * How a SQLite column type maps to PostgreSQL (docs/postgres.md has the reasons). An integer column
 * is `integer` unless listed in BIGINT (values past 2^31: ms times, ids and seqs that grow with
 * every probe).
 */
const TYPE_MAP: Record<string, string> = {
  SQLiteText: 'text COLLATE "C"',
  SQLiteTextJson: "json",
  SQLiteBoolean: "boolean",
  SQLiteTimestamp: "bigint",
  SQLiteInteger: "integer",
};
const BIGINT = new Set([
  "health_history.id",
  "probe_leases.expires_at",
  "catalog_changes.seq",
  "catalog_changes.at",
  "change_sets.at",
  "change_history.seq",
  "change_history.at",
  "replicas.applied_version",
]);
/** What only PostgreSQL has: the version row, and the version each change-log row belongs to. */
const PG_ONLY_TABLES = ["catalog_version"];
const PG_ONLY_COLUMNS = ["catalog_changes.version"];
const PG_ONLY_INDEXES = ["catalog_changes_version"];

/*
 * Compile time: a row read from either backend has the same type (a renamed or retyped column
 * breaks the build). catalog_changes differs by its version only.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameRows: [
  Equal<typeof sqliteSchema.providers.$inferSelect, typeof pgSchema.providers.$inferSelect>,
  Equal<typeof sqliteSchema.publicNames.$inferSelect, typeof pgSchema.publicNames.$inferSelect>,
  Equal<typeof sqliteSchema.modelGroups.$inferSelect, typeof pgSchema.modelGroups.$inferSelect>,
  Equal<typeof sqliteSchema.deployments.$inferSelect, typeof pgSchema.deployments.$inferSelect>,
  Equal<typeof sqliteSchema.aliases.$inferSelect, typeof pgSchema.aliases.$inferSelect>,
  Equal<typeof sqliteSchema.upstreamHealth.$inferSelect, typeof pgSchema.upstreamHealth.$inferSelect>,
  Equal<typeof sqliteSchema.healthHistory.$inferSelect, typeof pgSchema.healthHistory.$inferSelect>,
  Equal<typeof sqliteSchema.probeLeases.$inferSelect, typeof pgSchema.probeLeases.$inferSelect>,
  Equal<typeof sqliteSchema.modelRegistries.$inferSelect, typeof pgSchema.modelRegistries.$inferSelect>,
  Equal<typeof sqliteSchema.configDocuments.$inferSelect, typeof pgSchema.configDocuments.$inferSelect>,
  Equal<typeof sqliteSchema.catalogChanges.$inferSelect, Omit<typeof pgSchema.catalogChanges.$inferSelect, "version">>,
  Equal<typeof sqliteSchema.changeSets.$inferSelect, typeof pgSchema.changeSets.$inferSelect>,
  Equal<typeof sqliteSchema.changeHistory.$inferSelect, typeof pgSchema.changeHistory.$inferSelect>,
  Equal<typeof sqliteSchema.deployments.$inferInsert, typeof pgSchema.deployments.$inferInsert>,
  Equal<typeof sqliteSchema.providers.$inferInsert, typeof pgSchema.providers.$inferInsert>,
  Equal<typeof sqliteSchema.configDocuments.$inferInsert, typeof pgSchema.configDocuments.$inferInsert>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];

const sqliteTables: SQLiteTable[] = (Object.values(sqliteSchema) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTable));
const pgTables: PgTable[] = (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));

/** One comparable description of a table, with PostgreSQL types mapped back through TYPE_MAP. */
interface Shape {
  columns: Record<string, { type: string; notNull: boolean; primary: boolean; unique: boolean; generated: boolean; default: unknown }>;
  primaryKeys: string[][];
  indexes: Record<string, { columns: string[]; unique: boolean; partial: boolean }>;
  foreignKeys: string[];
  checks: string[];
}

function sqliteShape(table: SQLiteTable): Shape {
  const c = sqliteConfig(table);
  const columns: Shape["columns"] = {};
  for (const col of c.columns) {
    const key = `${c.name}.${col.name}`;
    const mapped = TYPE_MAP[col.columnType];
    if (!mapped) throw new Error(`${key}: SQLite column type ${col.columnType} has no PostgreSQL mapping in TYPE_MAP`);
    const autoIncrement = Boolean((col as unknown as { autoIncrement?: boolean }).autoIncrement);
    columns[col.name] = {
      type: col.columnType === "SQLiteInteger" && BIGINT.has(key) ? "bigint" : mapped,
      notNull: col.notNull,
      primary: col.primary,
      unique: col.isUnique,
      generated: autoIncrement,
      default: autoIncrement ? "generated" : describeDefault(col.default),
    };
  }
  return {
    columns,
    primaryKeys: c.primaryKeys.map((k) => k.columns.map((x) => x.name)),
    indexes: Object.fromEntries(
      c.indexes.map((i) => [i.config.name, { columns: i.config.columns.map((x) => (x as { name: string }).name), unique: Boolean(i.config.unique), partial: Boolean(i.config.where) }]),
    ),
    foreignKeys: c.foreignKeys.map((f) => {
      const r = f.reference();
      return `${r.columns.map((x) => x.name).join(",")} -> ${sqliteConfig(r.foreignTable).name}(${r.foreignColumns.map((x) => x.name).join(",")}) on delete ${f.onDelete ?? "no action"} on update ${f.onUpdate ?? "no action"}`;
    }),
    checks: c.checks.map((k) => k.name).sort(),
  };
}

function pgShape(table: PgTable): Shape {
  const c = pgConfig(table);
  const columns: Shape["columns"] = {};
  for (const col of c.columns) {
    if (PG_ONLY_COLUMNS.includes(`${c.name}.${col.name}`)) continue;
    const generated = col.generatedIdentity?.type === "byDefault";
    columns[col.name] = {
      type: col.getSQLType(),
      notNull: col.notNull,
      primary: col.primary,
      unique: col.isUnique,
      generated,
      default: generated ? "generated" : describeDefault(col.default),
    };
  }
  return {
    columns,
    primaryKeys: c.primaryKeys.map((k) => k.columns.map((x) => x.name)),
    indexes: Object.fromEntries(
      c.indexes
        .filter((i) => !PG_ONLY_INDEXES.includes(i.config.name!))
        .map((i) => [i.config.name, { columns: i.config.columns.map((x) => (x as { name: string }).name), unique: Boolean(i.config.unique), partial: Boolean(i.config.where) }]),
    ),
    foreignKeys: c.foreignKeys.map((f) => {
      const r = f.reference();
      return `${r.columns.map((x) => x.name).join(",")} -> ${pgConfig(r.foreignTable).name}(${r.foreignColumns.map((x) => x.name).join(",")}) on delete ${f.onDelete ?? "no action"} on update ${f.onUpdate ?? "no action"}`;
    }),
    checks: c.checks.map((k) => k.name).sort(),
  };
}

/** A literal default as itself; an SQL default (the clock) only as "sql": the two dialects spell it differently. */
function describeDefault(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value && typeof value === "object" && "queryChunks" in value) return "sql";
  return value;
}

describe("the two drizzle schemas agree", () => {
  it("row and insert types are the same (checked by tsc)", () => {
    expect(sameRows.every(Boolean)).toBe(true);
  });

  it("same tables, and only the documented PostgreSQL extras", () => {
    const sqliteNames = sqliteTables.map((t) => sqliteConfig(t).name).sort();
    const pgNames = pgTables.map((t) => pgConfig(t).name).sort();
    expect(sqliteNames.length).toBeGreaterThanOrEqual(13);
    expect(pgNames.filter((n) => !PG_ONLY_TABLES.includes(n))).toEqual(sqliteNames);
    expect(PG_ONLY_TABLES.every((n) => pgNames.includes(n))).toBe(true);
  });

  for (const table of sqliteTables) {
    const name = sqliteConfig(table).name;
    it(`${name}: columns, nullability, defaults, keys, indexes, references, checks`, () => {
      const other = pgTables.find((t) => pgConfig(t).name === name);
      expect(other, `no PostgreSQL table ${name}`).toBeDefined();
      expect(pgShape(other!)).toEqual(sqliteShape(table));
    });
  }
});

describe("migrations", () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("SQLite's apply to an empty database and give its schema's columns", () => {
    const handle = openDatabase(":memory:");
    try {
      for (const table of sqliteTables) {
        const c = sqliteConfig(table);
        const info = handle.sqlite.pragma(`table_info(${c.name})`) as { name: string; notnull: number; pk: number }[];
        expect(info.map((r) => r.name).sort(), c.name).toEqual(c.columns.map((x) => x.name).sort());
        for (const col of c.columns) expect(Boolean(info.find((r) => r.name === col.name)!.notnull || info.find((r) => r.name === col.name)!.pk), `${c.name}.${col.name}`).toBe(col.notNull);
      }
    } finally {
      handle.close();
    }
  });

  it("PostgreSQL's apply to an empty database and give its schema: types, nullability, C collation, indexes, triggers, deferrable references", async () => {
    const handle = await openPostgres(await cluster.createDatabase("fresh_schema"));
    try {
      const columns = await handle.pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; collation_name: string | null }>(
        "select table_name, column_name, data_type, is_nullable, collation_name from information_schema.columns where table_schema = 'public'",
      );
      const sqlType: Record<string, string> = { integer: "integer", bigint: "bigint", text: 'text COLLATE "C"', json: "json", boolean: "boolean" };
      for (const table of pgTables) {
        const c = pgConfig(table);
        const rows = columns.rows.filter((r) => r.table_name === c.name);
        expect(rows.map((r) => r.column_name).sort(), c.name).toEqual(c.columns.map((x) => x.name).sort());
        for (const col of c.columns) {
          const row = rows.find((r) => r.column_name === col.name)!;
          const at = `${c.name}.${col.name}`;
          expect(sqlType[row.data_type], at).toBe(col.getSQLType());
          expect(row.is_nullable === "NO", at).toBe(col.notNull);
          if (row.data_type === "text") expect(row.collation_name, at).toBe("C");
        }
        const indexes = await handle.pool.query<{ indexname: string }>("select indexname from pg_indexes where schemaname = 'public' and tablename = $1", [c.name]);
        for (const i of c.indexes) expect(indexes.rows.map((r) => r.indexname), c.name).toContain(i.config.name);
      }
      const triggers = await handle.pool.query<{ table: string; name: string }>(
        "select c.relname as table, t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal",
      );
      const on = (table: string) => triggers.rows.filter((r) => r.table === table).map((r) => r.name).sort();
      for (const table of ["providers", "model_groups", "deployments", "aliases", "model_registries", "config_documents"]) {
        expect(on(table), table).toEqual([`catalog_changes_${table}`, `catalog_lock_${table}`, "catalog_no_truncate"]);
      }
      expect(on("upstream_health")).toEqual(["catalog_changes_upstream_health_delete", "catalog_changes_upstream_health_insert", "catalog_changes_upstream_health_update", "catalog_lock_upstream_health", "catalog_no_truncate"]);
      expect(on("public_names")).toEqual(["catalog_lock_public_names", "catalog_no_truncate"]);
      const fks = await handle.pool.query<{ conname: string; condeferrable: boolean }>("select conname, condeferrable from pg_constraint where contype = 'f'");
      expect(fks.rows.length).toBe(7);
      expect(fks.rows.filter((r) => !r.condeferrable)).toEqual([]);
      expect((await handle.pool.query("select id, version, pruned_through from catalog_version")).rows).toEqual([{ id: 1, version: "0", pruned_through: "0" }]);
      expect(await migratePostgres(handle.pool)).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it("replicas migrating one empty database at the same time apply each migration once", async () => {
    const url = await cluster.createDatabase("fresh_race");
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      const applied = await Promise.all(pools.map((p) => migratePostgres(p)));
      const files = readdirSync(PG_MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).length;
      expect(applied.sort()).toEqual([0, 0, files]);
      const recorded = await pools[0]!.query('select count(*)::int as n from drizzle."__drizzle_migrations"');
      expect(recorded.rows[0].n).toBe(files);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("migrations-pg/ is what drizzle-kit generates from src/db/pg/schema.ts", () => {
    const root = resolve(import.meta.dirname, "..");
    const dir = mkdtempSync(join(tmpdir(), "modelgraph-pg-kit-"));
    try {
      cpSync(PG_MIGRATIONS_DIR, join(dir, "migrations-pg"), { recursive: true });
      const config = join(dir, "drizzle.config.ts");
      // drizzle-kit reads paths relative to its working directory.
      writeFileSync(config, `export default ${JSON.stringify({ dialect: "postgresql", schema: relative(dir, join(root, "src/db/pg/schema.ts")), out: "./migrations-pg" })};\n`);
      const run = spawnSync(join(root, "node_modules/.bin/drizzle-kit"), ["generate", "--config", config], { cwd: dir, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(`${run.stdout}${run.stderr}`).toContain("No schema changes");
      expect(readdirSync(join(dir, "migrations-pg")).sort()).toEqual(readdirSync(PG_MIGRATIONS_DIR).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("json columns keep key order and text sorts by bytes on a database whose default collation is en-US", async () => {
    const handle = await openPostgres(await cluster.createDatabase("fresh_values"));
    try {
      const { db } = handle;
      const content = { zeta: 1, alpha: { y: [3, { b: 1, a: 2 }], b: null }, "": "empty key", long_key_first: true };
      await db.insert(pgSchema.configDocuments).values({ format: "NANOBOT_JSON", content });
      const [doc] = await db.select().from(pgSchema.configDocuments);
      expect(JSON.stringify(doc!.content)).toBe(JSON.stringify(content));
      expect(doc!.updatedAt).toBeInstanceOf(Date);

      for (const name of ["b", "B", "a", "é", "A", "_x"]) await db.insert(pgSchema.providers).values({ name, type: "openai" });
      const byName = await db.select({ name: pgSchema.providers.name }).from(pgSchema.providers).orderBy(pgSchema.providers.name);
      const binary = ["b", "B", "a", "é", "A", "_x"].sort(); // JavaScript's sort: code-unit order, SQLite's BINARY
      expect(byName.map((r) => r.name)).toEqual(binary);
      // The database's own collation orders otherwise: without COLLATE "C" the order would differ from SQLite's.
      const linguistic = await handle.pool.query<{ name: string }>('select name from providers order by name collate "default"');
      expect(linguistic.rows.map((r) => r.name)).not.toEqual(binary);

      const [provider] = await db.select().from(pgSchema.providers).where(eq(pgSchema.providers.name, "a"));
      expect(provider!.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(provider!.createdAt.getTime() - Date.now())).toBeLessThan(24 * 3600_000);
    } finally {
      await handle.close();
    }
  });
});
