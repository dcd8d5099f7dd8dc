// Another process writing the catalog: opens DB_PATH, adds the alias ALIAS to the group TARGET as
// the CLI would (actor "cli"), and prints when it committed.
import "reflect-metadata";
import { createCatalog } from "../../src/catalog/catalog.ts";
import { openDatabase } from "../../src/db/client.ts";
import { SqliteStore } from "../../src/db/store.ts";
import { setDefaultActor } from "../../src/history/actor.ts";
import { SecretBox } from "../../src/secrets/secret-box.ts";
import { TEST_HEALTH } from "./server.ts";

setDefaultActor({ actor: "cli", source: "CLI" });
const store = new SqliteStore(openDatabase(process.env.DB_PATH!));
const catalog = createCatalog(store, { env: () => undefined, healthStaleAfterMs: 30 * 60_000, health: TEST_HEALTH, secrets: new SecretBox({ kind: "ephemeral" }) });
await catalog.aliases.add({ name: process.env.ALIAS!, target: process.env.TARGET! });
process.stdout.write(JSON.stringify({ committedAt: Date.now() }));
await store.close();
