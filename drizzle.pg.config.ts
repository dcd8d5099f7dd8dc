import { defineConfig } from "drizzle-kit";

/** The PostgreSQL schema's migrations (docs/postgres.md); the SQLite ones are drizzle.config.ts's. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/pg/schema.ts",
  out: "./migrations-pg",
});
