import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SecretBox, SecretKeyError } from "../src/secrets/secret-box.ts";
import * as ops from "./generated/graphql.ts";
import { dumpDatabase, startTestServer } from "./support/server.ts";
import { FakeUpstream } from "./support/upstream.ts";

const KEY = "sk-or-LITERAL-7d1f0c2b9e";
const dir = mkdtempSync(join(tmpdir(), "modelgraph-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("literal provider keys", () => {
  it("are stored encrypted, used for probes, and never returned", async () => {
    const up = await FakeUpstream.start(["m"]);
    const server = await startTestServer({ secretKey: "correct horse battery staple" });
    try {
      const created = await server.gql(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiBase: up.base, apiKey: KEY } });
      expect(created.errors).toBeUndefined();
      expect(created.data?.createProvider.provider).toMatchObject({ apiKeyConfigured: true });
      expect(created.data?.createProvider.warnings.join(" ")).not.toContain("is not set");
      expect(JSON.stringify(created)).not.toContain(KEY);
      expect(JSON.stringify(dumpDatabase(server.db))).not.toContain(KEY);
      expect(JSON.stringify(dumpDatabase(server.db))).not.toContain("7d1f0c2b9e");

      await server.ok(ops.CreateModelGroupDocument, { input: { name: "lit-g" } });
      await server.ok(ops.AddDeploymentDocument, { input: { group: "lit-g", provider: "lit", model: "m" } });
      const report = await server.ok(ops.CheckHealthDocument, { names: ["lit-g"], force: true });
      expect(report.checkHealth.results[0]!.status).toBe("HEALTHY");
      expect(up.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);

      // Replacing and removing the key.
      await server.ok(ops.UpdateProviderDocument, { name: "lit", input: { apiKey: "sk-second-key-000" } });
      up.reset();
      await server.ok(ops.CheckHealthDocument, { names: ["lit-g"], force: true });
      expect(up.requests[0]!.headers.authorization).toBe("Bearer sk-second-key-000");
      const cleared = await server.ok(ops.UpdateProviderDocument, { name: "lit", input: { apiKey: null } });
      expect(cleared.updateProvider.provider.apiKeyConfigured).toBe(false);
    } finally {
      await server.close();
      await up.close();
    }
  });

  it("give a clear error, not a crash or garbage, under a wrong master key", async () => {
    const up = await FakeUpstream.start(["m"]);
    const dbPath = join(dir, "wrong-key.db");
    const first = await startTestServer({ dbPath, secretKey: "the right key" });
    await first.ok(ops.CreateProviderDocument, { input: { name: "lit", type: "openai", apiBase: up.base, apiKey: KEY } });
    await first.ok(ops.CreateModelGroupDocument, { input: { name: "g" } });
    await first.ok(ops.AddDeploymentDocument, { input: { group: "g", provider: "lit", model: "m" } });
    await first.close();

    const second = await startTestServer({ dbPath, secretKey: "a wrong key" });
    try {
      const provider = await second.gql(ops.ProviderWithKeyDocument, { name: "lit" });
      expect(provider.errors).toBeUndefined();
      expect(provider.data?.provider).toMatchObject({ apiKeyConfigured: false, apiKeySource: "LITERAL" });
      expect(provider.data?.provider?.apiKeyError).toMatch(/encrypted with another master key than MODELGRAPH_SECRET_KEY/);
      // The probe goes out without a key and says why.
      up.mode = "auth401";
      const report = await second.ok(ops.CheckHealthDocument, { names: ["g"], force: true });
      expect(report.checkHealth.results[0]!.error).toMatch(/authentication failed.*another master key/);
      expect(up.requests[0]!.headers.authorization).toBeUndefined();
      expect(JSON.stringify(report)).not.toContain(KEY);
    } finally {
      await second.close();
      await up.close();
    }
  });
});

describe("SecretBox", () => {
  it("creates a 0600 key file on first use and reads it back later", () => {
    const path = join(dir, "data", "secret.key");
    const box = new SecretBox({ kind: "file", path });
    const sealed = box.encrypt("hello");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "utf8")).not.toContain("hello");
    expect(new SecretBox({ kind: "file", path }).decrypt(sealed)).toBe("hello");
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain("hello");
  });

  it("refuses to decrypt without the key file, with another key, or a tampered secret", () => {
    const sealed = new SecretBox({ kind: "env", value: "k1" }).encrypt("hello");
    expect(() => new SecretBox({ kind: "file", path: join(dir, "missing", "secret.key") }).decrypt(sealed)).toThrow(SecretKeyError);
    expect(() => new SecretBox({ kind: "env", value: "k2" }).decrypt(sealed)).toThrow(/another master key/);
    const tampered = sealed.slice(0, -4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(() => new SecretBox({ kind: "env", value: "k1" }).decrypt(tampered)).toThrow(/integrity check/);
    // Hex and base64 master keys are used as they are.
    const hex = "ab".repeat(32);
    expect(new SecretBox({ kind: "env", value: hex }).decrypt(new SecretBox({ kind: "env", value: hex }).encrypt("x"))).toBe("x");
  });
});
