#!/usr/bin/env node
// Runs the compiled CLI in dist/ (npm run build). When dist/ is missing or older than src/ it is
// rebuilt first if esbuild is installed, else the bin says so and exits 2: stale code never runs.
import { ensureBuilt } from "../scripts/build.mjs";

await ensureBuilt();
await import("../dist/modelgraph.js");
