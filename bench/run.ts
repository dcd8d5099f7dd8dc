import "reflect-metadata";
import { benchHealthSweep } from "./health-sweep.ts";
import { benchHttp } from "./http.ts";
import { benchInterop, printInteropBench } from "./interop.ts";
import { benchRead, printReadBench } from "./read.ts";
import { benchRegistry, printRegistryBench } from "./registry.ts";
import { benchReplicas, printReplicasBench } from "./replicas.ts";

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** `npm run bench`: every benchmark, each reported against a baseline measured in the same run. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.find((a) => !a.startsWith("--"));
  const big = args.includes("--big");
  const quick = args.includes("--quick");
  const root = args.find((a) => a.startsWith("--root="))?.slice("--root=".length);
  console.log(`modelgraph benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);

  if (!only || only === "sweep") {
    const sweep = await benchHealthSweep();
    console.log("Health sweep: 1,000 deployments over 50 endpoints, upstreams answering in 50 ms");
    const ideal = sweep.rows[0]!.ms;
    const baseline = sweep.rows[1]!.ms;
    console.table(
      sweep.rows.map((r) => ({
        measurement: r.name,
        "time (ms)": round(r.ms),
        "HTTP requests": r.requests,
        "× ideal": round(r.ms / ideal, 2),
        "× baseline": round(r.ms / baseline, 2),
        note: r.note,
      })),
    );
  }

  if (!only || only === "http") {
    const http = await benchHttp();
    console.log("\nHTTP: synthetic catalog (50 providers, 5,000 groups, 15,000 deployments, 10,000 aliases), autocannon, 32 connections, 8 s each;");
    console.log("ceiling = a bare node:http server answering the same precomputed bytes, measured in the same run");
    console.table(
      http.rows.map((r) => ({
        request: r.name,
        "req/s": Math.round(r.reqPerSec),
        "p50 ms": r.p50,
        "p99 ms": r.p99,
        "ceiling req/s": Math.round(r.ceilingReqPerSec),
        "× ceiling": round(r.reqPerSec / r.ceilingReqPerSec, 2),
        errors: r.errors,
        target: r.target,
        met: r.met === null ? "" : r.met ? "yes" : "NO",
      })),
    );
    console.table([
      { measurement: "import of the synthetic catalog (LiteLLM YAML, in process)", value: `${Math.round(http.importMs)} ms`, target: http.importTarget, met: http.importMs <= 5000 ? "yes" : "NO" },
      { measurement: "server resident memory with it loaded, after the runs", value: `${Math.round(http.rssMb)} MB`, target: http.rssTarget, met: http.rssMb <= 250 ? "yes" : "NO" },
    ]);
    console.log(`(${http.cacheNote})`);
  }

  if (!only || only === "interop") {
    console.log("");
    printInteropBench(await benchInterop());
  }

  if (!only || only === "registry") {
    console.log("");
    printRegistryBench(await benchRegistry());
  }

  // `read -- --big` adds ten times the catalog (minutes: the import alone is 150,000 deployments);
  // `read -- --quick` checks the benchmark itself on a small catalog; `read -- --root=DIR` measures
  // the modelgraph checked out in DIR (another version) against the same peer and ceilings.
  if (!only || only === "read") {
    console.log("");
    printReadBench(await benchRead({ big, quick, root }));
  }

  // Replicas on one PostgreSQL (issue 13): a throw-away cluster, up to 5 `serve` processes.
  // `replicas -- --quick` checks the benchmark itself; `--root=DIR` measures the checkout in DIR.
  if (!only || only === "replicas") {
    console.log("");
    printReplicasBench(await benchReplicas({ quick, root }));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
