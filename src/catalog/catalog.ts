import { SqliteStore, type Store, type TransactionOptions, type Tx } from "../db/store.ts";
import { HealthChecker, type HealthSettings } from "../health/checker.ts";
import { HealthStore } from "../health/health.store.ts";
import { LeaseManager } from "../health/lease.ts";
import type { InteropService } from "../interop/interop.service.ts";
import { AliasService } from "./alias/alias.service.ts";
import { DeploymentService } from "./deployment/deployment.service.ts";
import { GroupService } from "./group/group.service.ts";
import type { SecretBox } from "../secrets/secret-box.ts";
import { ProviderService, type EnvLookup } from "./provider/provider.service.ts";
import { ResolutionService } from "./resolution/resolution.service.ts";
import { FactsService } from "./facts/facts.service.ts";
import { SnapshotStore, type SnapshotSource, type SnapshotStoreOptions } from "../read/snapshot-store.ts";
import type { CatalogSnapshot } from "../read/snapshot.ts";
import { ReadView } from "../read/view.ts";
import { ChangeFeed } from "../read/feed.ts";
import { HistoryService } from "../history/history.service.ts";

export interface CatalogOptions {
  /** Looks up the environment variables that hold provider keys. */
  env: EnvLookup;
  /** Health results older than this read as UNKNOWN. */
  healthStaleAfterMs: number;
  health: HealthSettings;
  /** Encrypts literal provider keys at rest. */
  secrets: SecretBox;
  snapshots?: SnapshotStoreOptions;
  /**
   * The snapshot store, when it is opened before the catalog (PostgreSQL's, which LISTENs:
   * `PgSnapshotStore.open`). Default: the SQLite store over the commands' own connection, made on first read.
   */
  snapshotSource?: SnapshotSource;
}

/** The services over one database; shared by GraphQL, REST and the CLI. */
export interface Catalog {
  /** The database the commands write through (SQLite or PostgreSQL, src/db/store.ts). */
  store: Store;
  providers: ProviderService;
  groups: GroupService;
  deployments: DeploymentService;
  aliases: AliasService;
  resolution: ResolutionService;
  health: HealthStore;
  checker: HealthChecker;
  leases: LeaseManager;
  /** Import and export; its code (the YAML reader, the LiteLLM and nanobot mappings) loads on first use. */
  interop: Pick<InteropService, "importConfig" | "exportConfig">;
  /** Model facts: the registry and each deployment's overrides. */
  facts: FactsService;
  /** The read model: the current snapshot of the catalog (docs/read-model.md). */
  snapshots: SnapshotSource;
  /**
   * Reads over the current snapshot, health judged at `now` (default: now). Brought up to date
   * first: a write committed by any process on the database is in it.
   */
  read(now?: number): ReadView;
  /** The change history: every committed write, who made it, and revert (docs/history.md). */
  history: HistoryService;
  /** Changes as events for subscribers; made on first use, which starts looking for other processes' commits every 100 ms. */
  feed: ChangeFeed;
  /** Ends subscriptions and stops the snapshot store's timers (the database stays open). */
  close(): Promise<void>;
}

/** How often the change feed looks for commits of other processes (one statement each time). */
const FEED_WATCH_MS = 100;

export function createCatalog(database: Store, options: CatalogOptions): Catalog {
  // Loaded on first use: a CLI command that only writes never reads the catalog whole.
  let snapshots: SnapshotSource | undefined = options.snapshotSource;
  const snapshotStore = () => (snapshots ??= openSnapshots(database, options));
  const store = settling(database, () => snapshots);
  const providers = new ProviderService(store, options.env, options.secrets);
  const groups = new GroupService(store);
  const deployments = new DeploymentService(store, providers, groups);
  const aliases = new AliasService(store, groups, providers, deployments);
  const health = new HealthStore(store, { staleAfterMs: options.healthStaleAfterMs });
  const facts = new FactsService(store);
  if (options.snapshotSource && "beforePublish" in options.snapshotSource) {
    // PostgreSQL's snapshots arrive by notification: load the registry a snapshot needs before it is read.
    (options.snapshotSource as { beforePublish: (previous: CatalogSnapshot, next: CatalogSnapshot) => Promise<void> }).beforePublish = async (previous, next) => {
      if (next.registries !== previous.registries) await facts.registry();
    };
  }
  let feed: ChangeFeed | undefined;
  const read = (now?: number) => new ReadView(snapshotStore().current(), { staleAfterMs: options.healthStaleAfterMs, facts, now });
  const resolution = new ResolutionService(read, groups);
  const leases = new LeaseManager(store);
  const checker = new HealthChecker({ providers, resolution, store: health, leases, read }, options.health);
  const history = new HistoryService(store);
  // Loaded on first use: a server that is never asked to import or export does not hold that code.
  let interopService: Promise<InteropService> | undefined;
  const loadInterop = () =>
    (interopService ??= import("../interop/interop.service.ts").then(
      ({ InteropService }) => new InteropService({ store, providers, groups, deployments, aliases, secrets: options.secrets, env: options.env, facts }),
    ));
  const interop: Catalog["interop"] = {
    importConfig: async (request) => (await loadInterop()).importConfig(request),
    exportConfig: async (format) => (await loadInterop()).exportConfig(format),
  };
  return {
    store,
    providers,
    groups,
    deployments,
    aliases,
    resolution,
    health,
    checker,
    leases,
    interop,
    facts,
    history,
    get snapshots() {
      return snapshotStore();
    },
    get feed() {
      if (!feed) {
        feed = new ChangeFeed(snapshotStore());
        snapshotStore().watch(FEED_WATCH_MS);
      }
      return feed;
    },
    read,
    close: async () => {
      feed?.close();
      await snapshots?.close();
    },
  };
}

/**
 * The store as commands see it: a committed write returns once this process's snapshot holds it,
 * so the mutation's own answer (and the next request) reads it. SQLite's snapshot store reads
 * its own connection's commits on the next `current()`; PostgreSQL's learns of them by
 * notification, so the write waits for that.
 */
function settling(store: Store, snapshots: () => SnapshotSource | undefined): Store {
  return Object.create(store, {
    transaction: {
      value: async <T>(work: (tx: Tx) => Promise<T>, within?: Tx, options?: TransactionOptions) => {
        const result = await store.transaction(work, within, options);
        if (result.version !== null) await snapshots()?.waitFor(result.version);
        return result;
      },
    },
  }) as Store;
}

/** The SQLite snapshot store reads the connection the commands write through. */
function openSnapshots(store: Store, options: CatalogOptions): SnapshotSource {
  if (store instanceof SqliteStore) return new SnapshotStore(store.handle.db, options.snapshots);
  throw new Error("the PostgreSQL snapshot store is opened before the catalog (PgSnapshotStore.open)");
}
