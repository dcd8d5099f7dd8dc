/**
 * How large the catalog's lists really are: what a query's cost is computed from, so that a
 * nested `deployments { group { deployments … } }` is priced at the largest group's size instead
 * of a guess. Counted from the snapshot (src/read/sizes.ts).
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
