import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import { printSortedSchema } from "../src/api/graphql/schema.ts";

const path = new URL("../schema/schema.graphql", import.meta.url);
const sdl = printSortedSchema();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(path, "utf8");
  } catch {
    // missing counts as drift
  }
  if (current !== sdl) {
    console.error("schema/schema.graphql is out of date: run `npm run schema:emit` and commit it");
    process.exit(1);
  }
} else {
  writeFileSync(path, sdl);
  console.log(`wrote schema/schema.graphql (${sdl.split("\n").length} lines)`);
}
