import type Database from "better-sqlite3";
import type { Catalog } from "./catalog.ts";

/**
 * How large the catalog's lists really are: what a query's cost is computed from, so that a
 * nested `deployments { group { deployments … } }` is priced at the largest group's size instead
 * of a guess.
 */
export interface CatalogSizes {
  publicNames: number;
  providers: number;
  groups: number;
  aliases: number;
  deployments: number;
  enabledDeployments: number;
  /** The largest number of deployments in one group. */
  deploymentsPerGroup: number;
  aliasesPerGroup: number;
  /** The largest number of distinct providers in one group. */
  providersPerGroup: number;
  /** The largest number of deployments of one (provider, model): `resolve("<provider>/<model>")`. */
  deploymentsPerProviderModel: number;
}

const SIZES_SQL = `select
  (select count(*) from public_names) as publicNames,
  (select count(*) from providers) as providers,
  (select count(*) from model_groups) as groups,
  (select count(*) from aliases) as aliases,
  (select count(*) from deployments) as deployments,
  (select count(*) from deployments where enabled = 1) as enabledDeployments,
  (select coalesce(max(n), 0) from (select count(*) as n from deployments group by group_id)) as deploymentsPerGroup,
  (select coalesce(max(n), 0) from (select count(*) as n from aliases group by group_id)) as aliasesPerGroup,
  (select coalesce(max(n), 0) from (select count(distinct provider_id) as n from deployments group by group_id)) as providersPerGroup,
  (select coalesce(max(n), 0) from (select count(*) as n from deployments group by provider_id, model)) as deploymentsPerProviderModel`;

/**
 * Reads the sizes in one aggregate statement and keeps them until the database changes: the
 * version is this connection's `total_changes()` plus `PRAGMA data_version` (writes of other
 * processes), as in src/http/response-cache.ts. Checking the version is two trivial statements.
 */
export class CatalogSizesReader {
  private readonly ownWrites: Database.Statement;
  private readonly otherWrites: Database.Statement;
  private readonly aggregate: Database.Statement;
  private cached: { version: string; sizes: CatalogSizes } | undefined;

  constructor(sqlite: Database.Database) {
    this.ownWrites = sqlite.prepare("select total_changes()").pluck();
    this.otherWrites = sqlite.prepare("pragma data_version").pluck();
    this.aggregate = sqlite.prepare(SIZES_SQL);
  }

  current(): CatalogSizes {
    const version = `${this.ownWrites.get() as number}:${this.otherWrites.get() as number}`;
    if (this.cached?.version !== version) this.cached = { version, sizes: this.aggregate.get() as CatalogSizes };
    return this.cached.sizes;
  }
}

/** The sizes of a catalog's lists now. */
export function catalogSizes(catalog: Catalog): CatalogSizes {
  return catalog.sizes.current();
}
