import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

/** GET /metrics (issue 12, operability): what it counts, what it never shows, who may read it. */

let upstream: FakeUpstream;
let server: TestServer;

/** `name{labels} value` lines of a Prometheus text answer, by series. */
function series(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

beforeAll(async () => {
  upstream = await FakeUpstream.start(["m1"]);
  server = await startTestServer({ config: { readToken: "read-secret", adminToken: "admin-secret" } });
  const admin = { authorization: "Bearer admin-secret" };
  const base = upstream.base;
  for (const [doc, vars] of [
    [ops.CreateProviderDocument, { input: { name: "prov", type: "openai", apiBase: base, apiKey: "sk-metrics-secret" } }],
    [ops.CreateModelGroupDocument, { input: { name: "g" } }],
    [ops.AddDeploymentDocument, { input: { group: "g", provider: "prov", model: "m1" } }],
  ] as const) {
    const r = await server.gql(doc as never, vars as never, admin);
    expect(r.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await server.close();
  await upstream.close();
});

describe("/metrics", () => {
  it("needs the read token when one is set", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
  });

  it("counts GraphQL operations by name, REST routes by pattern, probes per upstream, and shows the snapshot and subscribers", async () => {
    const read = { authorization: "Bearer read-secret" };
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...read },
        body: JSON.stringify({ query: "query ListGroups { modelGroups(first: 5) { totalCount } }", operationName: "ListGroups" }),
      });
      expect(r.status).toBe(200);
    }
    expect((await fetch(`${server.url}/v1/models/g`, { headers: read })).status).toBe(200);
    expect((await fetch(`${server.url}/v1/models/nope`, { headers: read })).status).toBe(404);
    const checked = await server.gql(ops.CheckHealthDocument, { names: ["g"], force: true }, { authorization: "Bearer admin-secret" });
    expect(checked.errors).toBeUndefined();

    const response = await fetch(`${server.url}/metrics`, { headers: read });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const s = series(text);
    expect(s.get('modelgraph_requests_total{kind="graphql",name="ListGroups",status="200"}')).toBe(3);
    expect(s.get('modelgraph_request_duration_seconds_count{kind="graphql",name="ListGroups"}')).toBe(3);
    expect(s.get('modelgraph_requests_total{kind="rest",name="/v1/models/*",status="200"}')).toBe(1);
    expect(s.get('modelgraph_requests_total{kind="rest",name="/v1/models/*",status="404"}')).toBe(1);
    const probe = `provider="prov",model="m1",api_base="${upstream.base.replace(/\/$/, "")}"`;
    expect(s.get(`modelgraph_probe_results_total{${probe},status="HEALTHY"}`)).toBe(1);
    expect(s.get(`modelgraph_probe_latency_seconds_count{${probe}}`)).toBe(1);
    expect(s.get('modelgraph_snapshot_entities{kind="deployment"}')).toBe(1);
    expect(s.get("modelgraph_snapshot_version")).toBe(server.catalog.snapshots.current().version);
    expect(s.get("modelgraph_subscriptions")).toBe(0);
    // Cumulative buckets end at the count.
    const buckets = [...s].filter(([k]) => k.startsWith('modelgraph_request_duration_seconds_bucket{kind="graphql",name="ListGroups"')).map(([, v]) => v);
    expect(buckets.at(-1)).toBe(3);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(text).not.toMatch(/sk-metrics-secret|read-secret|admin-secret/);
  });

  it("caps client-chosen operation names: unusual ones are anonymous, and past 200 they count as other", async () => {
    const read = { "content-type": "application/json", authorization: "Bearer read-secret" };
    const send = (operationName: string) =>
      fetch(`${server.url}/graphql`, { method: "POST", headers: read, body: JSON.stringify({ query: `query ${/^\w+$/.test(operationName) ? operationName : "Q"} { providerTypes { id } }`, operationName }) });
    await send('bad"name\n{}');
    for (let i = 0; i < 205; i++) await send(`Op${i}`);
    const s = series(await (await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer read-secret" } })).text());
    const names = new Set([...s.keys()].filter((k) => k.startsWith('modelgraph_requests_total{kind="graphql"')).map((k) => /name="([^"]*)"/.exec(k)![1]));
    expect(names.has("anonymous")).toBe(true);
    expect(names.has("other")).toBe(true);
    expect(names.size).toBeLessThanOrEqual(201);
  });
});

describe("API base labels", () => {
  it("keep the origin and path, never credentials, a query or a fragment", async () => {
    const { baseLabel } = await import("../src/api/http/metrics.ts");
    expect(baseLabel("https://user:pw@api.example.com/v1?key=abc#x")).toBe("https://api.example.com/v1");
    expect(baseLabel("http://127.0.0.1:8000/")).toBe("http://127.0.0.1:8000");
    expect(baseLabel("os.environ/AZURE_API_BASE")).toBe("os.environ/AZURE_API_BASE");
    expect(baseLabel("not a url with sk-secret")).toBe("(not a URL)");
  });
});
