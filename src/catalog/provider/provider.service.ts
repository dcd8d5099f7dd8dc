import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { ProviderRow } from "../../db/schema.ts";
import { committed, one, type Payload, type Store, type Tx } from "../../db/store.ts";
import { BadUserInputError, ConflictError, NotFoundError } from "../../errors.ts";
import { findProviderType, PROVIDER_TYPES, providerTypeIds, type ProviderTypeInfo } from "../provider-types.ts";
import { closestNames } from "../suggest.ts";
import { SecretBox, SecretKeyError } from "../../secrets/secret-box.ts";
import { apiBaseUse, checkKeyEnvAllowed, originOf, show, validateApiBase, type ApiBaseUse, validateApiKeyEnv, validateDisplayName, validateProviderName } from "../validation.ts";

export interface CreateProviderData {
  name: string;
  type: string;
  apiBase?: string | null;
  apiKeyEnv?: string | null;
  apiKey?: string | null;
  displayName?: string | null;
  /** Imports only: an API base that is no URL at all (a `<placeholder>`) is kept, never used (see validateApiBase). */
  placeholders?: boolean;
}

/**
 * Absent fields stay as they are; null clears a nullable field. `confirmKeyMove`: the writer
 * knows that a new API base on another origin receives the provider's existing key.
 */
export type UpdateProviderData = { [K in keyof CreateProviderData]?: CreateProviderData[K] | null } & { confirmKeyMove?: boolean | null };

/** The key variables the built-in types declare (the allowed-name rule starts from them). */
const DECLARED_KEY_ENVS = [...new Set(PROVIDER_TYPES.map((t) => t.apiKeyEnv))];

/** apiKeyEnv as given: syntax (os.environ/ stripped), then the rule of which variables may hold a key. */
function validateKeyEnv(value: string): string {
  return checkKeyEnvAllowed(validateApiKeyEnv(value), DECLARED_KEY_ENVS);
}

/** What a provider sends as its key, for messages (never the key itself). */
export interface KeyHolding {
  literal: boolean;
  /** The variable read when there is no literal key. */
  env: string;
  /** The variable was named on purpose (not the type's default). */
  explicitEnv: boolean;
}

/** Looks an environment variable up by name; injected so that only config.ts reads process.env. */
export type EnvLookup = (name: string) => string | undefined;

export type { Payload };

/** NOT_FOUND for a provider name, with the closest of `names` (the providers there are). */
export function providerNotFound(name: string, names: Iterable<string>): NotFoundError {
  const near = closestNames(name, names);
  const hint = near.length > 0 ? `; did you mean ${near.map((n) => show(n)).join(", ")}?` : "; createProvider registers one";
  return new NotFoundError(`provider ${show(name)} does not exist${hint}`, { name, suggestions: near });
}

function requireType(id: string): ProviderTypeInfo {
  const type = findProviderType(id);
  if (!type) {
    const near = closestNames(id, providerTypeIds(), 3);
    const hint = near.length > 0 ? `did you mean ${near.map((n) => show(n)).join(", ")}? ` : "";
    throw new BadUserInputError(`unknown provider type ${show(id)}; ${hint}accepted: ${providerTypeIds().join(", ")}`, {
      field: "type",
      suggestions: near,
    });
  }
  return type;
}

const MAX_KEY = 8192;

/** A literal key: non-empty, no surrounding whitespace (a pasted newline would break auth). */
function validateApiKey(apiKey: string): string {
  if (apiKey.length === 0 || apiKey.length > MAX_KEY || apiKey.trim() !== apiKey) {
    // Never echo the value: it is a secret.
    throw new BadUserInputError(
      `apiKey must be 1–${MAX_KEY} characters without leading or trailing whitespace (the value is not shown); or use apiKeyEnv`,
      { field: "apiKey" },
    );
  }
  return apiKey;
}

/** Where a provider's key comes from, and the key itself (only for outbound probes). */
export interface ProviderKey {
  source: "LITERAL" | "ENV" | "NONE";
  key: string | undefined;
  /** Why a stored literal key cannot be used (wrong or missing master key). */
  problem: string | undefined;
}

export class ProviderService {
  constructor(
    private readonly store: Store,
    private readonly env: EnvLookup,
    private readonly secrets: SecretBox,
  ) {}

  typeOf(row: Pick<ProviderRow, "type" | "name">): ProviderTypeInfo {
    const type = findProviderType(row.type);
    if (!type) throw new Error(`provider ${row.name} has unknown type ${row.type}`);
    return type;
  }

  /** How a stored API base is used now: a URL, an `os.environ/NAME` read from this server's environment, or an imported placeholder. */
  apiBaseUse(stored: string): ApiBaseUse {
    return apiBaseUse(stored, this.env);
  }

  /** The environment variable that holds this provider's key: its own, else its type's default. */
  keyEnvOf(row: ProviderRow): string {
    return row.apiKeyEnv ?? this.typeOf(row).apiKeyEnv;
  }

  /** The key probes send: a stored literal key first, else the environment variable. */
  keyOf(row: ProviderRow): ProviderKey {
    if (row.apiKeyEncrypted) {
      try {
        return { source: "LITERAL", key: this.secrets.decrypt(row.apiKeyEncrypted), problem: undefined };
      } catch (error) {
        if (!(error instanceof SecretKeyError)) throw error;
        return { source: "LITERAL", key: undefined, problem: `provider ${show(row.name)}: ${error.message}` };
      }
    }
    const value = this.env(this.keyEnvOf(row));
    return value ? { source: "ENV", key: value, problem: undefined } : { source: "NONE", key: undefined, problem: undefined };
  }

  isKeyConfigured(row: ProviderRow): boolean {
    return this.keyOf(row).key !== undefined;
  }

  private async byName(name: string, tx: Tx): Promise<ProviderRow | undefined> {
    const { providers } = tx.t;
    return one(tx.select().from(providers).where(eq(providers.name, name)));
  }

  /** The provider called `name`, or NOT_FOUND with the closest provider names. */
  async require(name: string, tx: Tx = this.store.db): Promise<ProviderRow> {
    const row = await this.byName(name, tx);
    if (row) return row;
    const { providers } = tx.t;
    throw providerNotFound(
      name,
      (await tx.select({ name: providers.name }).from(providers)).map((p) => p.name),
    );
  }

  /** The key `row` sends today: a stored literal key, a variable it names, or its type's default variable when that is set. */
  holdingOf(row: ProviderRow): KeyHolding {
    return { literal: row.apiKeyEncrypted != null, env: this.keyEnvOf(row), explicitEnv: row.apiKeyEnv != null };
  }

  /**
   * A key may only follow its provider to a new origin (scheme, host, port) when the writer says
   * so: the key is given again in the same input (`given`), or `confirmed` (confirmKeyMove).
   * Returns the warning that reports the move, null when nothing moves; refuses otherwise. No
   * origin on either side (a type without a default base) is no move: the key had, or gets, no
   * destination of its own.
   */
  checkKeyMove(
    providerName: string,
    holding: KeyHolding,
    from: string | null,
    to: string | null,
    options: { given: boolean; confirmed: boolean; what: string },
  ): string | null {
    if (!from || !to) return null;
    const before = originOf(from);
    const after = originOf(to);
    if (before === after) return null;
    const hasKey = holding.literal || holding.explicitEnv || !!this.env(holding.env);
    if (!hasKey) return null;
    const key = holding.literal ? "its stored literal apiKey" : `the key in environment variable ${holding.env}`;
    if (!options.given && !options.confirmed) {
      throw new BadUserInputError(
        `${options.what} ${show(to)} is on another origin (${after}) than provider ${show(providerName)}'s API base (${before}): ${key} would be sent there; give the key again in the same input (apiKey or apiKeyEnv), or pass confirmKeyMove: true`,
        { field: options.what, reason: "KEY_MOVE", from: before, to: after, key },
      );
    }
    return `provider ${show(providerName)}: ${key} is now sent to ${after} (it went to ${before})${options.given ? ", as given again in this input" : ", as confirmed (confirmKeyMove)"}`;
  }

  /**
   * Encrypts a new literal key inside the caller's transaction. Refused (CONFLICT) when other
   * stored keys use another master key (a wrong MODELGRAPH_SECRET_KEY or a deleted key file):
   * storing this one under a second key would leave some keys unreadable whatever key is
   * restored. A key file is only created when no stored key needs an existing one.
   */
  /**
   * Seals any other secret (import parameters) under the same rule as literal provider keys:
   * refused when stored secrets use another master key. Call inside the write transaction.
   */
  async sealSecret(plaintext: string, tx: Tx = this.store.db): Promise<string> {
    return this.seal(tx, plaintext);
  }

  private async seal(tx: Tx, apiKey: string, exceptProviderId?: number): Promise<string> {
    const { providers, deployments } = tx.t;
    const byKeyId = new Map<string, string[]>();
    for (const row of await tx.select({ id: providers.id, name: providers.name, sealed: providers.apiKeyEncrypted }).from(providers).where(isNotNull(providers.apiKeyEncrypted))) {
      const kid = row.id === exceptProviderId ? null : SecretBox.keyIdOf(row.sealed!);
      if (kid) byKeyId.set(kid, [...(byKeyId.get(kid) ?? []), `provider ${show(row.name)}`]);
    }
    // Secrets imports seal into deployment parameters ("modelgraph-sealed:" + ciphertext, see
    // SEALED_PREFIX in src/interop/spec.ts; matched as text to keep catalog free of interop).
    // The cast: the column is json on PostgreSQL, which has no LIKE.
    const sealedParams = sql`cast(${deployments.extraParams} as text) like '%modelgraph-sealed:v1.%'`;
    for (const row of await tx.select({ id: deployments.id, params: deployments.extraParams }).from(deployments).where(sealedParams)) {
      for (const m of JSON.stringify(row.params).matchAll(/modelgraph-sealed:v1\.([0-9a-f]{8})\./g)) {
        const names = byKeyId.get(m[1]!) ?? [];
        if (!names.includes(`deployment ${row.id}'s parameters`)) byKeyId.set(m[1]!, [...names, `deployment ${row.id}'s parameters`]);
      }
    }
    const stored = [...byKeyId.keys()];
    const usedBy = (kid: string) => {
      const names = byKeyId.get(kid)!;
      return `${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}`;
    };
    try {
      if (stored.length > 0) {
        const current = this.secrets.currentKeyId(false);
        const foreign = stored.filter((kid) => kid !== current);
        if (foreign.length > 0) {
          throw new ConflictError(
            `cannot store a new literal apiKey: the stored secrets of ${foreign.map(usedBy).join("; ")} use master key id ${foreign.join(", ")}, but ${this.secrets.describe()} has key id ${current}; restore the master key with id ${foreign[0]} (MODELGRAPH_SECRET_KEY or the key file), or remove those stored secrets first (updateProvider with apiKey: null; re-import the parameters) and set them again`,
            { field: "apiKey", reason: "SECRET_KEY_MISMATCH", storedKeyIds: foreign, currentKeyId: current },
          );
        }
      }
      return this.secrets.encrypt(apiKey);
    } catch (error) {
      if (!(error instanceof SecretKeyError)) throw error;
      const needs = stored.length > 0 ? `the stored secrets of ${stored.map(usedBy).join("; ")} use master key id ${stored.join(", ")}, and ` : "";
      throw new ConflictError(`cannot store a literal apiKey: ${needs}${error.message}`, {
        field: "apiKey",
        reason: "SECRET_KEY_UNAVAILABLE",
        ...(stored.length > 0 ? { storedKeyIds: stored } : {}),
        ...(error.path ? { path: error.path } : {}),
      });
    }
  }

  /** `within`: the caller's open transaction (an import). */
  async create(data: CreateProviderData, within?: Tx): Promise<Payload<ProviderRow>> {
    const name = validateProviderName(data.name);
    const type = requireType(data.type);
    const apiBase = data.apiBase != null ? validateApiBase(data.apiBase, "apiBase", data.placeholders === true) : null;
    const apiKeyEnv = data.apiKeyEnv != null ? validateKeyEnv(data.apiKeyEnv) : null;
    const apiKey = data.apiKey != null ? validateApiKey(data.apiKey) : null;
    const warnings: string[] = [];
    if (type.requiresApiBase && apiBase == null) {
      warnings.push(
        data.placeholders
          ? `provider type ${show(type.id)} has no default API base and none is given: deployments on ${show(name)} without their own apiBase have health UNKNOWN until one is set`
          : `provider type ${show(type.id)} has no default API base: every deployment on ${show(name)} must set its own apiBase`,
      );
    }
    const keyEnv = apiKeyEnv ?? type.apiKeyEnv;
    if (apiKey == null && !this.env(keyEnv)) warnings.push(`environment variable ${keyEnv} is not set on this server; health checks will run without a key`);

    return committed(
      await this.store.transaction(async (tx) => {
        const { providers } = tx.t;
        const existing = await this.byName(name, tx);
        if (existing) {
          throw new ConflictError(
            `provider ${show(name)} already exists (type ${show(existing.type)}${existing.apiBase ? `, apiBase ${show(existing.apiBase)}` : ""}); choose another name or use updateProvider`,
            { name },
          );
        }
        const apiKeyEncrypted = apiKey != null ? await this.seal(tx, apiKey) : null;
        const now = new Date();
        const [row] = await tx
          .insert(providers)
          .values({ name, type: type.id, apiBase, apiKeyEnv, apiKeyEncrypted, displayName: validateDisplayName(data.displayName), createdAt: now, updatedAt: now })
          .returning();
        return { value: row!, warnings };
      }, within),
    );
  }

  /** `within`: the caller's open transaction (an import). */
  async update(currentName: string, patch: UpdateProviderData, within?: Tx): Promise<Payload<ProviderRow>> {
    const name = patch.name != null ? validateProviderName(patch.name) : undefined;
    const type = patch.type != null ? requireType(patch.type) : undefined;
    const apiBase = patch.apiBase != null ? validateApiBase(patch.apiBase, "apiBase", patch.placeholders === true) : patch.apiBase;
    const apiKeyEnv = patch.apiKeyEnv != null ? validateKeyEnv(patch.apiKeyEnv) : patch.apiKeyEnv;
    const apiKey = patch.apiKey != null ? validateApiKey(patch.apiKey) : patch.apiKey;

    return committed(
      await this.store.transaction(async (tx) => {
        const { providers, deployments } = tx.t;
        const warnings: string[] = [];
        const existing = await this.require(currentName, tx);
        if (name !== undefined && name !== existing.name) {
          const clash = await this.byName(name, tx);
          if (clash) throw new ConflictError(`cannot rename provider ${show(existing.name)} to ${show(name)}: that provider already exists`, { name });
        }
        const nextType = type ?? this.typeOf(existing);
        const nextBase = apiBase === undefined ? existing.apiBase : apiBase;
        if (nextType.requiresApiBase && nextBase == null) {
          const orphans = await tx
            .select({ id: deployments.id, model: deployments.model })
            .from(deployments)
            .where(and(eq(deployments.providerId, existing.id), eq(deployments.apiBase, "")));
          if (orphans.length > 0) {
            throw new BadUserInputError(
              `provider type ${show(nextType.id)} requires an API base, and ${orphans.length} deployment(s) of ${show(existing.name)} (e.g. model ${show(orphans[0]!.model)}) rely on the provider's; keep apiBase or set it on those deployments first`,
              { field: "apiBase" },
            );
          }
        }
        // The key the provider will send, and whether it moves to an origin it did not go to.
        const holding: KeyHolding = {
          literal: apiKey === undefined ? existing.apiKeyEncrypted != null : apiKey !== null,
          env: (apiKeyEnv === undefined ? existing.apiKeyEnv : apiKeyEnv) ?? nextType.apiKeyEnv,
          explicitEnv: (apiKeyEnv === undefined ? existing.apiKeyEnv : apiKeyEnv) != null,
        };
        const moved = this.checkKeyMove(existing.name, holding, existing.apiBase ?? this.typeOf(existing).defaultApiBase, nextBase ?? nextType.defaultApiBase, {
          given: typeof apiKey === "string" || typeof apiKeyEnv === "string",
          confirmed: patch.confirmKeyMove === true,
          what: "apiBase",
        });
        if (moved) warnings.push(moved);
        // A string replaces the stored literal key, null removes it, absent keeps it.
        const apiKeyEncrypted = typeof apiKey === "string" ? await this.seal(tx, apiKey, existing.id) : apiKey;
        if (type && type.id !== existing.type) {
          warnings.push(`provider type changed from ${show(existing.type)} to ${show(type.id)}: prefixed ids of its deployments now start with "${type.prefix}/"`);
        }
        const [row] = await tx
          .update(providers)
          .set({
            ...(name !== undefined ? { name } : {}),
            ...(type ? { type: type.id } : {}),
            ...(apiBase !== undefined ? { apiBase } : {}),
            ...(apiKeyEnv !== undefined ? { apiKeyEnv } : {}),
            ...(apiKeyEncrypted !== undefined ? { apiKeyEncrypted } : {}),
            ...(patch.displayName !== undefined ? { displayName: validateDisplayName(patch.displayName) } : {}),
            updatedAt: new Date(),
          })
          .where(eq(providers.id, existing.id))
          .returning();
        return { value: row!, warnings };
      }, within),
    );
  }

  /**
   * Deletes a provider; with deployments on it, only when `force` (which removes them too).
   * `within`: the caller's open transaction (an import removing providers nothing uses).
   */
  async delete(name: string, force: boolean, within?: Tx): Promise<Payload<{ provider: ProviderRow; removedDeployments: number }>> {
    return committed(
      await this.store.transaction(async (tx) => {
        const { providers, deployments, modelGroups } = tx.t;
        const row = await this.require(name, tx);
        const used = await tx
          .select({ group: modelGroups.name })
          .from(deployments)
          .innerJoin(modelGroups, eq(modelGroups.id, deployments.groupId))
          .where(eq(deployments.providerId, row.id));
        if (used.length > 0 && !force) {
          const groups = [...new Set(used.map((u) => u.group))];
          throw new ConflictError(
            `provider ${show(name)} still serves ${used.length} deployment(s) in group(s) ${groups.slice(0, 5).map((g) => show(g)).join(", ")}${groups.length > 5 ? ", …" : ""}; remove them first or pass force: true to delete them with it`,
            { name, groups },
          );
        }
        if (used.length > 0) await tx.delete(deployments).where(eq(deployments.providerId, row.id));
        await tx.delete(providers).where(eq(providers.id, row.id));
        const warnings = used.length > 0 ? [`removed ${used.length} deployment(s) of ${show(name)}`] : [];
        return { value: { provider: row, removedDeployments: used.length }, warnings };
      }, within),
    );
  }
}
