import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * The contract suite (DESIGN.md section 6): black-box test files that run again with every test
 * server on PostgreSQL (a database cloned from a migrated template per server,
 * test/support/pg-global.ts). Everything they check through the public surface must hold on both
 * backends.
 */
const CONTRACT = [
  "test/store-contract.test.ts",
  "test/access.test.ts",
  "test/bad-input.test.ts",
  "test/compiled.test.ts",
  "test/corpus-nanobot.test.ts",
  "test/facts-coverage.test.ts",
  "test/fallbacks.test.ts",
  "test/import-merge-scope.test.ts",
  "test/limits.test.ts",
  "test/patterns.test.ts",
  "test/provider-types.test.ts",
  "test/smoke.test.ts",
];

export default defineConfig({
  resolve: {
    // Vite would pick graphql's ESM build for our sources while type-graphql and Apollo (run by
    // Node) load its CommonJS build: two realms, and `instanceof GraphQLError` breaks. Node (tsx,
    // production) resolves the CommonJS entry for everyone; make the tests do the same.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "sqlite", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "postgres", include: CONTRACT, env: { MODELGRAPH_TEST_BACKEND: "postgres" }, globalSetup: ["test/support/pg-global.ts"] },
      },
    ],
  },
});
