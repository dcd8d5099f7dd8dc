import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCatalog } from "../src/catalog/catalog.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { SqliteStore } from "../src/db/store.ts";
import { SecretBox } from "../src/secrets/secret-box.ts";
import { SYNTHETIC, syntheticLiteLLMYaml } from "./synthetic.ts";

const CONNECTIONS = 32;
const DURATION_S = 8;
const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;

export interface HttpRow {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  ceilingReqPerSec: number;
  ceilingP99: number;
  errors: number;
  target: string;
  met: boolean | null;
}

export interface HttpBenchResult {
  importMs: number;
  importTarget: string;
  rssMb: number;
  rssTarget: string;
  rows: HttpRow[];
  cacheNote: string;
}

interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  /** The target as written in the issue, and whether a result meets it. */
  target: string;
  meets?: (row: HttpRow) => boolean;
}

const gql = (query: string, variables: object) => JSON.stringify({ query, variables });

const SCENARIOS: Scenario[] = [
  {
    name: "alias(name) { provider { name } prefixedId health }",
    method: "POST",
    path: "/graphql",
    body: gql("query A($n: String!) { alias(name: $n) { provider { name } prefixedId health } }", { n: "alias-04242" }),
    target: "≥ 50% of ceiling req/s, p99 ≤ 10 ms",
    meets: (r) => r.reqPerSec >= 0.5 * r.ceilingReqPerSec && r.p99 <= 10,
  },
  {
    name: "resolve(name)",
    method: "POST",
    path: "/graphql",
    body: gql("query R($n: String!) { resolve(name: $n) { kind prefixedId apiBase health provider { name } candidates { prefixedId selected } } }", { n: "alias-04242" }),
    target: "(measured)",
  },
  {
    name: "aliases(first: 500) with deployments",
    method: "POST",
    path: "/graphql",
    body: gql("query P { aliases(first: 500) { edges { node { name deployments { prefixedId provider { name } } } } } }", {}),
    target: "(measured)",
  },
  { name: "GET /v1/models (15,000 names)", method: "GET", path: "/v1/models", target: "(measured)" },
];

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}: ${output}`)));
  });
}

/** A bare node:http server answering every request with the same precomputed bytes: the ceiling. */
async function startCeiling(body: string, dir: string): Promise<{ url: string; stop(): void }> {
  const file = join(dir, "ceiling-body.json");
  writeFileSync(file, body);
  const script = `
    const body = require("fs").readFileSync(${JSON.stringify(file)});
    const server = require("http").createServer((req, res) => {
      req.resume();
      req.on("end", () => { res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length }); res.end(body); });
    });
    server.listen(0, "127.0.0.1", () => console.log("ceiling on " + server.address().port));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  const match = await waitForLine(child, /ceiling on (\d+)/, "ceiling server");
  return { url: `http://127.0.0.1:${match[1]}`, stop: () => child.kill("SIGKILL") };
}

async function load(url: string, s: Scenario): Promise<{ reqPerSec: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: url + s.path,
    method: s.method,
    body: s.body,
    headers: s.body ? { "content-type": "application/json" } : {},
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export async function benchHttp(): Promise<HttpBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-bench-http-"));
  const dbPath = join(dir, "bench.db");
  try {
    // Import of the synthetic catalog, in process, into a fresh file.
    const yaml = syntheticLiteLLMYaml((p) => `http://127.0.0.1:9/p${p}/v1`);
    const store = new SqliteStore(openDatabase(dbPath));
    const config = loadConfig({});
    const catalog = createCatalog(store, { env: () => undefined, healthStaleAfterMs: 3_600_000, health: config.health, secrets: new SecretBox({ kind: "ephemeral" }) });
    const started = performance.now();
    const report = await catalog.interop.importConfig({ format: "LITELLM_YAML", content: yaml, source: "synthetic.yaml" });
    const importMs = performance.now() - started;
    const created = report.created;
    if (created.groups.length !== SYNTHETIC.groups || created.aliases.length !== SYNTHETIC.groups * SYNTHETIC.aliasesPerGroup || created.deployments.length !== SYNTHETIC.groups * SYNTHETIC.deploymentsPerGroup) {
      throw new Error(`synthetic import created ${created.groups.length} groups, ${created.deployments.length} deployments, ${created.aliases.length} aliases`);
    }
    await catalog.close();
    await store.close();

    const server = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", dbPath, "--health-interval", "0"], {
      env: { ...process.env, MODELGRAPH_LOG_LEVEL: "info", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const match = await waitForLine(server, /listening on (http:\/\/[^/\s]+)\/graphql/, "modelgraph");
    const url = match[1]!;
    const rows: HttpRow[] = [];
    let rss = 0;
    try {
      for (const s of SCENARIOS) {
        const response = await fetch(url + s.path, { method: s.method, body: s.body, headers: s.body ? { "content-type": "application/json" } : {} });
        const body = await response.text();
        if (response.status !== 200 || body.includes('"errors"')) throw new Error(`${s.name}: HTTP ${response.status} ${body.slice(0, 300)}`);
        const ceiling = await startCeiling(body, dir);
        let c;
        try {
          c = await load(ceiling.url, s);
        } finally {
          ceiling.stop();
        }
        const m = await load(url, s);
        const row: HttpRow = { name: s.name, reqPerSec: m.reqPerSec, p50: m.p50, p99: m.p99, ceilingReqPerSec: c.reqPerSec, ceilingP99: c.p99, errors: m.errors, target: s.target, met: null };
        row.met = s.meets ? s.meets(row) : null;
        rows.push(row);
      }
      rss = rssMb(server.pid!);
    } finally {
      server.kill("SIGTERM");
    }
    return {
      importMs,
      importTarget: "≤ 5,000 ms",
      rssMb: rss,
      rssTarget: "≤ 250 MB",
      rows,
      cacheNote: "queries answered from the response cache until the next write (MODELGRAPH_RESPONSE_CACHE)",
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
