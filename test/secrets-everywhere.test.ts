import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ops from "./generated/graphql.ts";
import { FakeUpstream } from "./support/upstream.ts";

/**
 * Secrets never leave: recognisable keys (a literal one from a nanobot import and createProvider,
 * one from the environment) are used by probes, and then every query, REST route, CLI command and
 * error path is exercised while every response body, CLI output and server log line is kept and
 * searched for them. The database file is searched too (literal keys are stored encrypted).
 */
const LITERAL = "sk-lit-CANARY-5f0e2a77c1";
const LITERAL_2 = "sk-lit-CANARY-second-9b3d";
const ENV_KEY = "sk-env-CANARY-7c4b1d90e3";
const CANARIES = [LITERAL, LITERAL_2, ENV_KEY, "CANARY-5f0e", "CANARY-7c4b", "CANARY-second"];

const BIN = new URL("../bin/modelgraph.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "modelgraph-secrets-"));
const dbPath = join(dir, "catalog.db");
const seen: { where: string; text: string }[] = [];
const env = { ...process.env, CANARY_ENV_KEY: ENV_KEY, MODELGRAPH_SECRET_KEY: "master key for the canary test", MODELGRAPH_LOG_LEVEL: "debug" };
delete (env as Record<string, unknown>).NODE_ENV;

let server: ChildProcess;
let url = "";
let serverLog = "";
let upstream: FakeUpstream;
let echo: Server;
let echoBase = "";

async function send<R, V>(where: string, doc: TypedDocumentNode<R, V>, variables: V): Promise<{ data?: R; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: print(doc), variables }) });
  const text = await response.text();
  seen.push({ where, text });
  return JSON.parse(text);
}

async function rest(path: string): Promise<void> {
  const response = await fetch(url + path);
  seen.push({ where: `GET ${path}`, text: `${response.status} ${[...response.headers].join(" ")} ${await response.text()}` });
}

async function cli(args: string[], input?: { file: string; content: string }): Promise<void> {
  if (input) writeFileSync(input.file, input.content);
  const result = await promisify(execFile)(process.execPath, [BIN, ...args, "--db", dbPath], { env, cwd: dir, timeout: 60_000 }).catch(
    (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
  seen.push({ where: `modelgraph ${args.join(" ")}`, text: result.stdout + result.stderr });
}

beforeAll(async () => {
  upstream = await FakeUpstream.start(["z-ai/glm4.7", "anthropic/claude-opus-4-5", "gpt-x"]);
  // An upstream that echoes whatever credentials it receives, in its error body and a redirect.
  echo = createServer((req, res) => {
    const creds = `${req.headers.authorization ?? ""} ${req.headers["x-api-key"] ?? ""}`;
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(`upstream failure; you sent ${creds}; retry at https://user:${ENV_KEY}@example.invalid/v1?key=${LITERAL}`);
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoBase = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;

  server = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", dbPath, "--health-interval", "0"], { env, cwd: dir });
  server.stdout!.on("data", (c: Buffer) => (serverLog += c.toString()));
  server.stderr!.on("data", (c: Buffer) => (serverLog += c.toString()));
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    const match = /listening on (http:\/\/[^/\s]+)\/graphql/.exec(serverLog);
    if (match) {
      url = match[1]!;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(url).not.toBe("");
}, 90_000);

afterAll(async () => {
  server?.kill("SIGKILL");
  await upstream?.close();
  echo?.closeAllConnections();
  await new Promise<void>((resolve) => echo?.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("secrets never leave", () => {
  it("appear in no response body, CLI output, log line or stored byte", async () => {
    const nanobot = JSON.stringify({
      providers: {
        vllm: { apiKey: LITERAL, apiBase: upstream.base, models: { nvgm: "z-ai/glm4.7" } },
        openrouter: { apiKey: LITERAL, apiBase: echoBase, models: { smart: "anthropic/claude-opus-4-5" } },
      },
    });
    await send("importConfig nanobot", ops.ImportConfigDocument, { format: "NANOBOT_JSON", content: nanobot });
    await send("createProvider literal", ops.CreateProviderDocument, { input: { name: "lit2", type: "openai", apiBase: upstream.base, apiKey: LITERAL_2 } });
    await send("createProvider env", ops.CreateProviderDocument, { input: { name: "envp", type: "openai", apiBase: echoBase, apiKeyEnv: "CANARY_ENV_KEY" } });
    for (const [group, provider] of [["g-lit2", "lit2"], ["g-env", "envp"]] as const) {
      await send("createModelGroup", ops.CreateModelGroupDocument, { input: { name: group } });
      await send("addDeployment", ops.AddDeploymentDocument, { input: { group, provider, model: "gpt-x" } });
    }
    await send("addAlias", ops.AddAliasDocument, { input: { name: "envy", target: "g-env" } });

    // Probes use the keys (and the echo upstream throws them back).
    const report = await send("checkHealth", ops.CheckHealthDocument, { force: true });
    expect(report.errors).toBeUndefined();
    expect(upstream.requests.map((r) => r.headers.authorization)).toEqual(expect.arrayContaining([`Bearer ${LITERAL}`, `Bearer ${LITERAL_2}`]));

    // Every query.
    await send("providerTypes", ops.ProviderTypesDocument, {});
    await send("providers", ops.ProvidersDocument, { first: 50 });
    for (const name of ["vllm", "openrouter", "lit2", "envp"]) {
      await send(`provider ${name}`, ops.ProviderDocument, { name, first: 50 });
      await send(`provider key ${name}`, ops.ProviderWithKeyDocument, { name });
    }
    await send("modelGroups", ops.ModelGroupsDocument, { first: 100 });
    await send("aliases deep", ops.AliasesDeepDocument, { first: 100 });
    const deployments = await send("deployments", ops.DeploymentsDocument, { first: 100 });
    for (const edge of (deployments.data?.deployments.edges ?? [])) {
      await send("deployment health", ops.DeploymentHealthDetailDocument, { id: edge.node.id, last: 10 });
      await send("node", ops.NodeDocument, { id: edge.node.id });
    }
    for (const name of ["nvgm", "smart", "envy", "lit2/gpt-x", "vllm/z-ai/glm4.7"]) await send(`resolve ${name}`, ops.ResolveDocument, { name });
    await send("healthSummary", ops.HealthSummaryDocument, {});
    await send("export litellm", ops.ExportConfigDocument, { format: "LITELLM_YAML" });
    await send("export nanobot", ops.ExportConfigDocument, { format: "NANOBOT_JSON" });

    // Error paths, some of which carry a key in the bad input.
    await send("bad apiKey", ops.CreateProviderDocument, { input: { name: "bad", type: "openai", apiKey: ` ${LITERAL} ` } });
    await send("bad apiBase with key", ops.UpdateProviderDocument, { name: "lit2", input: { apiBase: `https://api.example.com/v1?key=${LITERAL}` } });
    await send("bad apiBase with userinfo", ops.UpdateProviderDocument, { name: "lit2", input: { apiBase: `https://u:${ENV_KEY}@api.example.com/v1` } });
    await send("duplicate provider", ops.CreateProviderDocument, { input: { name: "lit2", type: "openai", apiKey: LITERAL } });
    await send("unknown name", ops.ResolveDocument, { name: "no-such" });
    await send("bad import", ops.ImportConfigDocument, { format: "NANOBOT_JSON", content: `{"providers":{"x y":{"apiKey":"${LITERAL}"}}}` });
    await send("bad import yaml", ops.ImportConfigDocument, { format: "LITELLM_YAML", content: `model_list:\n  - model_name: a\n    litellm_params:\n      model: nope/x\n      api_key: ${LITERAL}\n` });

    // Every REST route.
    for (const path of ["/v1/models", "/models", "/v1/models/nvgm", "/v1/models/missing", "/model/info", "/v1/model/info", "/model_group/info", "/health", "/health?model=smart", "/health/liveliness", "/health/readiness"]) {
      await rest(path);
    }

    // Every CLI command.
    await cli(["resolve", "smart"]);
    await cli(["resolve", "envy", "--json"]);
    await cli(["check", "--json", "--force"]);
    await cli(["check", "smart", "envy", "--force"]);
    await cli(["export", "--format", "litellm"]);
    await cli(["export", "--format", "nanobot"]);
    await cli(["import", join(dir, "again.json"), "--dry-run", "--json"], { file: join(dir, "again.json"), content: nanobot });
    await cli(["import", join(dir, "bad.json")], { file: join(dir, "bad.json"), content: `{"providers":{"zhipu":{"apiKey":"${LITERAL}","models":{"a b":"x"}}}}` });

    // The echo upstream's failures were recorded as a fixed reason (issue 8, finding 11: nothing of
    // the body it echoed is kept; the whole report is searched for the keys below).
    expect(JSON.stringify(report)).toMatch(/HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/v1\/models: server error/);

    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    seen.push({ where: "server log", text: serverLog });
    expect(serverLog).toMatch(/"reqId"|"requestId"|incoming request/);
    for (const file of readdirSync(dir).filter((f) => f.startsWith("catalog.db"))) {
      seen.push({ where: `database file ${file}`, text: readFileSync(join(dir, file)).toString("latin1") });
    }

    const leaks = seen.flatMap(({ where, text }) => CANARIES.filter((c) => text.includes(c)).map((c) => `${where}: contains ${c}`));
    console.log(`secrets: searched ${seen.length} responses, outputs and files (${Math.round(seen.reduce((n, s) => n + s.text.length, 0) / 1024)} KiB)`);
    expect(leaks).toEqual([]);
  }, 180_000);
});
