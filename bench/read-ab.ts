/**
 * `npx tsx bench/read-ab.ts [--row=alias|page] [--rounds=N] [--seconds=S] [--rate=N] [--groups=G]
 * [--profile=DIR] [--env=K=V,…] DIR[:--node-flag,…]…`: bench/read.ts's alias (or page) row for
 * several checkouts of modelgraph at once (each DIR a checkout with its dist/ built), beside the
 * peer, all up together and driven in turn, the order turned every round (so that a change of the
 * shared machine's load weighs on each alike). Each modelgraph row runs with the writer (5 writes/s)
 * on its own copy of one imported catalog. Besides req/s and latency, each server's own CPU time
 * per request, read from /proc over the measured seconds (the warm-up left out): on a shared
 * machine it moves less than req/s does. `--rate` fixes the load instead of saturating it;
 * `--slices=N` drives N cycles of one short slice per server instead of rounds (see below);
 * `--profile` runs every server (the peer too) under `node --cpu-prof`.
 */
import autocannon from "autocannon";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  checkSame,
  CONNECTIONS,
  importCatalog,
  modelgraphAt,
  peerData,
  rssMb,
  scenario,
  sleep,
  startModelgraph,
  startPeer,
  WARM_UP_S,
  Writer,
  writeYaml,
  type Catalog,
  type Modelgraph,
  type Server,
} from "./read.ts";
import { median } from "./measure.ts";
import { SYNTHETIC } from "./synthetic.ts";

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Sample {
  reqPerSec: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
}

async function measured(server: Server, makeBody: () => string, seconds: number, rate: number, warmUp = true): Promise<Sample> {
  const run = (duration: number) =>
    autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration,
      ...(rate > 0 ? { overallRate: rate } : {}),
      requests: [{ method: "POST", path: "/graphql", headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: makeBody() }) }],
    });
  if (warmUp) {
    const warm = await run(WARM_UP_S);
    await sleep(Math.min(10_000, warm.latency.max + 500));
  }
  const before = cpuMs(server.proc.child.pid!);
  const result = await run(seconds);
  const cpu = cpuMs(server.proc.child.pid!) - before;
  const errors = result.errors + result.non2xx + result.timeouts;
  if (errors > 0) throw new Error(`${server.url}: ${errors} errors under load`);
  return { reqPerSec: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99, cpuPerRequest: cpu / result.requests.total };
}

async function main(): Promise<void> {
  const roots = process.argv.slice(2).filter((a) => !a.startsWith("--")).map((d) => (d.includes(":") ? resolve(d.split(":")[0]!) + ":" + d.split(":")[1] : resolve(d)));
  if (roots.length === 0) throw new Error("usage: read-ab.ts [--row=alias|page] [--rounds=N] [--seconds=S] [--rate=N] [--profile=DIR] DIR[:--node-flag,…]…");
  const row = arg("row", "alias");
  const rounds = Number(arg("rounds", "3"));
  const seconds = Number(arg("seconds", "8"));
  // --rate=N: N requests per second in all instead of as many as answered; CPU per request then
  // compares versions at the same load, which a busy shared machine disturbs less than req/s.
  const rate = Number(arg("rate", "0"));
  const slices = Number(arg("slices", "0"));
  const groups = Number(arg("groups", String(SYNTHETIC.groups)));
  const env = arg("env", "");
  // --profile=DIR: each modelgraph runs under `node --cpu-prof` into DIR, stopped by SIGTERM at the end.
  const profile = arg("profile", "");
  const catalog: Catalog = { groups, aliases: groups * SYNTHETIC.aliasesPerGroup };
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-ab-"));
  const servers: { name: string; server: Server; samples: Sample[] }[] = [];
  let peerServer: Server | undefined;
  try {
    const first = join(dir, "catalog.db");
    console.error(`importing ${groups} groups with ${roots[0]}`);
    await importCatalog(modelgraphAt(roots[0]!.split(":")[0]!), writeYaml(dir, groups), first);
    const extra: Record<string, string> = Object.fromEntries(env ? env.split(",").map((kv) => kv.split("=") as [string, string]) : []);
    for (const [i, root] of roots.entries()) {
      const db = join(dir, `catalog-${i}.db`);
      copyFileSync(first, db);
      // DIR:--flag,--flag runs that checkout with node flags (e.g. heap settings).
      const [dirPart, flagPart] = root.split(":");
      const flags = [...(flagPart ? flagPart.split(",") : []), ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(profile)}`] : [])];
      const mg: Modelgraph = flags.length > 0 ? (args) => [process.execPath, [...flags, join(dirPart!, "bin/modelgraph.js"), ...args]] : modelgraphAt(dirPart!);
      servers.push({ name: root, server: await startModelgraph(mg, db, extra), samples: [] });
    }
    const data = await peerData(servers[0]!.server.url);
    const s = scenario(catalog, data.map((a) => a.cursor));
    const makeBody = row === "page" ? s.pageBody : s.aliasBody;
    peerServer = await startPeer(data, dir, profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(profile)}/peer`] : []);
    const peer = { name: "peer", server: peerServer, samples: [] as Sample[] };
    await checkSame(servers[0]!.server.url, peer.server.url, [...Array.from({ length: 20 }, s.aliasBody), ...Array.from({ length: 3 }, s.pageBody)]);
    const all = [peer, ...servers];
    console.error(`load before: ${loadavg().map((n) => n.toFixed(2)).join(" / ")}`);
    // --slices=N: every server warmed up once, the writers running on all throughout, then N
    // cycles of one `seconds`-long slice per server (order rotated): finer interleaving, and each
    // cycle's ratio to the peer measured within seconds of each other.
    if (slices > 0) {
      for (const entry of all) await measured(entry.server, makeBody, WARM_UP_S, rate, false);
      const writers = servers.map((entry, i) => new Writer(entry.server.url, catalog, `slices-${i}`));
      for (const w of writers) w.start();
      try {
        for (let c = 0; c < slices; c++) {
          const order = [...all.slice(c % all.length), ...all.slice(0, c % all.length)];
          for (const entry of order) entry.samples.push(await measured(entry.server, makeBody, seconds, rate, false));
        }
      } finally {
        for (const w of writers) w.pause();
      }
      for (const w of writers) console.error(`writer: ${await w.stop()}`);
    }
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? all : [...all].reverse();
      for (const entry of order) {
        const writer = entry === peer ? undefined : new Writer(entry.server.url, catalog, `ab-${r}-${servers.indexOf(entry)}`);
        writer?.start();
        const sample = await measured(entry.server, makeBody, seconds, rate).finally(() => writer?.pause());
        const note = writer ? await writer.stop() : "";
        entry.samples.push(sample);
        console.error(`round ${r} ${entry.name}: ${Math.round(sample.reqPerSec)} req/s, p50 ${sample.p50}, p99 ${sample.p99} ms, CPU ${sample.cpuPerRequest.toFixed(3)} ms/request ${note}`);
      }
    }
    console.error(`load after: ${loadavg().map((n) => n.toFixed(2)).join(" / ")}`);
    console.table(
      all.map((e) => ({
        server: e.name,
        "req/s (rounds)": e.samples.map((x) => Math.round(x.reqPerSec)).join(" / "),
        "p99 ms": e.samples.map((x) => x.p99).join(" / "),
        "CPU ms/request": e.samples.map((x) => x.cpuPerRequest.toFixed(3)).join(" / "),
        "CPU median": median(e.samples.map((x) => x.cpuPerRequest)).toFixed(3),
        "× peer (mean req/s)": (e.samples.reduce((a, x) => a + x.reqPerSec, 0) / peer.samples.reduce((a, x) => a + x.reqPerSec, 0)).toFixed(2),
        "× peer (median of rounds)": median(e.samples.map((x, i) => x.reqPerSec / peer.samples[i]!.reqPerSec)).toFixed(2),
        "RSS MB": Math.round(rssMb(e.server.proc.child.pid!)),
      })),
    );
  } finally {
    for (const e of servers) {
      if (profile) {
        e.server.proc.child.kill("SIGTERM");
        await new Promise((done) => e.server.proc.child.once("exit", done));
      }
      await e.server.proc.stop();
    }
    if (profile && peerServer) {
      peerServer.proc.child.kill("SIGTERM");
      await new Promise((done) => peerServer!.proc.child.once("exit", done));
    }
    await peerServer?.proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
