// A second modelgraph process for the lease test: opens the same database file, says "ready",
// waits for a line on stdin so that both processes check at once, runs one forced check of NAMES
// and prints its report as JSON.
import "reflect-metadata";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { openDatabase } from "../../src/db/client.ts";
import { SqliteStore } from "../../src/db/store.ts";
import { SecretBox } from "../../src/secrets/secret-box.ts";
import { TEST_HEALTH } from "./server.ts";

const store = new SqliteStore(openDatabase(process.env.DB_PATH!));
const catalog = createCatalog(store, { env: () => undefined, healthStaleAfterMs: 30 * 60_000, health: TEST_HEALTH, secrets: new SecretBox({ kind: "ephemeral" }) });
const names = JSON.parse(process.env.NAMES!) as string[];
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.destroy(); // an open stdin would keep this process alive
const report = await catalog.checker.check({ names, force: true });
process.stdout.write(JSON.stringify({ committedAt: Date.now(), requestsSent: report.requestsSent, reusedResults: report.reusedResults, statuses: report.results.map((r) => r.status) }));
await catalog.close();
await store.close();
