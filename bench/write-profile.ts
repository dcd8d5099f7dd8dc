/**
 * `npx tsx bench/write-profile.ts [--profile=DIR] [--writes=N] [DIR]`: addAlias end to end, one at a
 * time, on the synthetic catalog (bench/read.ts's row), for the checkout in DIR (default this one);
 * prints p50/p99 and, with --profile, leaves the server's CPU profile in DIR (node --cpu-prof).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { importCatalog, modelgraphAt, post, startModelgraph, writeYaml, type Modelgraph } from "./read.ts";
import { SYNTHETIC } from "./synthetic.ts";

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

async function main(): Promise<void> {
  const root = resolve(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? ".");
  const profile = arg("profile", "");
  const writes = Number(arg("writes", "400"));
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-write-profile-"));
  try {
    const db = join(dir, "catalog.db");
    await importCatalog(modelgraphAt(root), writeYaml(dir, SYNTHETIC.groups), db);
    const flags = profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(profile)}`] : [];
    const mg: Modelgraph = (args) => [process.execPath, [...flags, join(root, "bin/modelgraph.js"), ...args]];
    const server = await startModelgraph(mg, db, {});
    const body = (n: number) =>
      JSON.stringify({ query: "mutation C($n: String!, $t: String!) { addAlias(input: { name: $n, target: $t }) { alias { name } } }", variables: { n: `profile-${n}`, t: `group-${String(n % SYNTHETIC.groups).padStart(4, "0")}` } });
    const times: number[] = [];
    for (let i = 0; i < writes; i++) {
      const started = performance.now();
      const { status, text } = await post(server.url, body(i));
      times.push(performance.now() - started);
      if (status !== 200 || text.includes('"errors"')) throw new Error(`addAlias ${i}: ${status} ${text}`);
    }
    const sorted = times.slice(Math.floor(writes / 4)).sort((a, b) => a - b);
    console.log(`addAlias, ${writes} one at a time (the first quarter left out): p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(2)} ms`);
    server.proc.child.kill("SIGTERM");
    await new Promise((done) => server.proc.child.once("exit", done));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
