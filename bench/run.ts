import "reflect-metadata";
import { benchHealthSweep } from "./health-sweep.ts";

/** `npm run bench`: every benchmark, each reported against a baseline measured in the same run. */
async function main(): Promise<void> {
  console.log(`modelgraph benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);

  const sweep = await benchHealthSweep();
  console.log("Health sweep: 1,000 deployments over 50 endpoints, upstreams answering in 50 ms");
  const ideal = sweep.rows[0]!.ms;
  const baseline = sweep.rows[1]!.ms;
  console.table(
    sweep.rows.map((r) => ({
      measurement: r.name,
      "time (ms)": Number(r.ms.toFixed(1)),
      "HTTP requests": r.requests,
      "× ideal": Number((r.ms / ideal).toFixed(2)),
      "× baseline": Number((r.ms / baseline).toFixed(2)),
      note: r.note,
    })),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
