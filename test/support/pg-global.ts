/**
 * globalSetup of the `postgres` test project (vitest.config.ts): one throw-away cluster for the
 * whole run, with a migrated template database. Each test server of that project gets a fresh
 * database cloned from the template (`create database … template`, a file copy: no migrations per
 * server), so the contract files run unchanged on PostgreSQL.
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../src/db/pg/client.ts";
import { startPostgres } from "./postgres.ts";

export const TEMPLATE_DATABASE = "modelgraph_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the cluster's `postgres` database (to create databases), and the template's name. */
    postgres: { adminUrl: string; template: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgres({ database: TEMPLATE_DATABASE });
  const pool = new pg.Pool({ connectionString: cluster.url, max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  project.provide("postgres", { adminUrl: cluster.urlOf("postgres"), template: TEMPLATE_DATABASE });
  return () => cluster.stop();
}
