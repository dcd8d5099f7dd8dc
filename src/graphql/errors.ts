/** Moved to src/errors.ts (errors belong to every layer, not to the GraphQL API); kept while older imports remain. */
export * from "../errors.ts";
