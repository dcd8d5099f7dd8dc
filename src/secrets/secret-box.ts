import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The master key is missing, unreadable, cannot be written, or is not the one a secret was
 * encrypted with. The message names the file (never the key) and what to do.
 */
export class SecretKeyError extends Error {
  constructor(
    message: string,
    readonly problem: "missing" | "unreadable" | "malformed" | "unwritable" | "mismatch" | "corrupt" = "mismatch",
    readonly path?: string,
  ) {
    super(message);
  }
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : String(error));
}

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
 * The key in `path`, or null when there is none yet: no file, or an empty one (what a full disk
 * left behind before keys were written through a temporary file). Anything else that cannot be
 * read is a SecretKeyError naming the file and the cause.
 */
function readKeyFile(path: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8").trim();
  } catch (error) {
    const code = errnoOf(error);
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    const what = code === "EISDIR" ? "is a directory, not a key file" : `cannot be read (${code})`;
    throw new SecretKeyError(`the key file ${path} ${what}; restore it (or fix its permissions) or set MODELGRAPH_SECRET_KEY to the master key`, "unreadable", path);
  }
  if (text === "") return null;
  const key = Buffer.from(text, "base64");
  if (key.length !== 32) throw new SecretKeyError(`the key file ${path} does not hold a 32-byte base64 key`, "malformed", path);
  return key;
}

/**
 * Creates the key file: the key goes to a temporary file (mode 0600, synced) that is then linked
 * into place, so a crash or a full disk never leaves a short or empty key behind. An empty file
 * (left by older versions) is replaced. When another process got there first, its key wins.
 * Callers hold the database write lock, which processes sharing the file also share.
 */
function createKeyFile(path: string): Buffer {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  let written = false;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, "wx", 0o600);
    try {
      written = true;
      writeSync(fd, randomBytes(32).toString("base64") + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    try {
      linkSync(tmp, path);
    } catch (error) {
      const code = errnoOf(error);
      if (code === "EEXIST") {
        // An empty file is "no key yet" and may be replaced; a key another process wrote stays.
        if (readKeyFile(path) === null) renameSync(tmp, path);
      } else if (code === "EPERM" || code === "ENOTSUP" || code === "EXDEV") {
        renameSync(tmp, path); // no hard links on this file system
      } else {
        throw error;
      }
    }
  } catch (error) {
    if (error instanceof SecretKeyError) throw error;
    throw new SecretKeyError(
      `cannot write the key file ${path} (${errnoOf(error)}), so a literal apiKey cannot be stored; make ${dirname(path)} writable, set MODELGRAPH_SECRET_KEY, or use apiKeyEnv instead`,
      "unwritable",
      path,
    );
  } finally {
    if (written) {
      try {
        unlinkSync(tmp);
      } catch {
        // Already renamed into place.
      }
    }
  }
  const key = readKeyFile(path);
  if (!key) throw new SecretKeyError(`the key file ${path} is still empty after writing it; check the disk`, "unwritable", path);
  return key;
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
        const existing = readKeyFile(path);
        if (existing) {
          this.key = existing;
          break;
        }
        if (!create) throw new SecretKeyError(`no master key: ${path} does not exist (or is empty) and MODELGRAPH_SECRET_KEY is not set`, "missing", path);
        this.key = createKeyFile(path);
        break;
      }
    }
    return this.key!;
  }

  /**
   * The id of the master key new secrets are encrypted with. `create: false` never creates a key
   * file (a missing one is a SecretKeyError), so asking cannot mint a second master key.
   */
  currentKeyId(create = false): string {
    return this.keyId(this.masterKey(create));
  }

  /** The key id a stored secret was encrypted with, or null for a value in no format this reads. */
  static keyIdOf(stored: string): string | null {
    const [version, kid, payload] = stored.split(".");
    return version === VERSION && kid && payload ? kid : null;
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
    if (version !== VERSION || !kid || !payload) throw new SecretKeyError("the stored key is not in a format this version reads", "corrupt");
    const key = this.masterKey(false);
    if (this.keyId(key) !== kid) {
      throw new SecretKeyError(
        `the stored key was encrypted with another master key than ${this.describe()} (stored key id ${kid}, current key id ${this.keyId(key)}); restore that key or set the provider's apiKey again`,
      );
    }
    const raw = Buffer.from(payload, "base64");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretKeyError("the stored key failed its integrity check (corrupted, or another master key); set the provider's apiKey again", "corrupt");
    }
  }
}
