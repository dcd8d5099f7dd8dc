import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** The master key is missing or is not the one a secret was encrypted with. */
export class SecretKeyError extends Error {}

export type MasterKeySource =
  /** MODELGRAPH_SECRET_KEY: 64 hex characters or base64 of 32 bytes are used as is; anything else is a passphrase (scrypt). */
  | { kind: "env"; value: string }
  /** A key file, created with mode 0600 on first use. */
  | { kind: "file"; path: string }
  /** A key that lives as long as the process (`:memory:` databases, tests). */
  | { kind: "ephemeral" };

const VERSION = "v1";

function keyFromString(value: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  const b64 = Buffer.from(value, "base64");
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return b64;
  return scryptSync(value, "modelgraph-master-key-v1", 32);
}

/**
 * Encrypts provider keys at rest with AES-256-GCM (node:crypto). A stored secret reads
 * `v1.<key id>.<base64 iv|tag|ciphertext>`; the key id tells a wrong master key from a broken
 * secret, so a wrong key gives a clear error and never garbage.
 */
export class SecretBox {
  private key: Buffer | undefined;

  constructor(private readonly source: MasterKeySource) {}

  /** Where the master key comes from, for messages (never the key). */
  describe(): string {
    switch (this.source.kind) {
      case "env":
        return "MODELGRAPH_SECRET_KEY";
      case "file":
        return `the key file ${this.source.path}`;
      case "ephemeral":
        return "a per-process key (in-memory database)";
    }
  }

  private masterKey(create: boolean): Buffer {
    if (this.key) return this.key;
    switch (this.source.kind) {
      case "env":
        this.key = keyFromString(this.source.value);
        break;
      case "ephemeral":
        this.key = randomBytes(32);
        break;
      case "file": {
        const path = this.source.path;
        if (existsSync(path)) {
          const text = readFileSync(path, "utf8").trim();
          const key = Buffer.from(text, "base64");
          if (key.length !== 32) throw new SecretKeyError(`the key file ${path} does not hold a 32-byte base64 key`);
          this.key = key;
        } else {
          if (!create) {
            throw new SecretKeyError(`no master key: ${path} does not exist and MODELGRAPH_SECRET_KEY is not set`);
          }
          mkdirSync(dirname(path), { recursive: true });
          const key = randomBytes(32);
          writeFileSync(path, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
          chmodSync(path, 0o600);
          this.key = key;
        }
        break;
      }
    }
    return this.key!;
  }

  private keyId(key: Buffer): string {
    return createHash("sha256").update(key).digest("hex").slice(0, 8);
  }

  encrypt(plaintext: string): string {
    const key = this.masterKey(true);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${VERSION}.${this.keyId(key)}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  decrypt(stored: string): string {
    const [version, kid, payload] = stored.split(".");
    if (version !== VERSION || !kid || !payload) throw new SecretKeyError("the stored key is not in a format this version reads");
    const key = this.masterKey(false);
    if (this.keyId(key) !== kid) {
      throw new SecretKeyError(`the stored key was encrypted with another master key than ${this.describe()} (key id ${kid}); restore that key or set the provider's apiKey again`);
    }
    const raw = Buffer.from(payload, "base64");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretKeyError("the stored key failed its integrity check (corrupted, or another master key); set the provider's apiKey again");
    }
  }
}
