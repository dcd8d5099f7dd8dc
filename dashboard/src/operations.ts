// Every GraphQL operation the dashboard sends, in one place: test/browser/operations.test.ts
// validates each against schema/schema.graphql, so a renamed field fails a test, not the page.

const CHANGE_FIELDS = "id at actor source entity name action before after revertedBy { id } changeSet { id summary changeCount }";

export const REVERT_CHANGE = "mutation DashboardRevert($id: ID!) { revertChange(id: $id) { changeSet { id changeCount } warnings } }";

export const HEALTH_CHANGED = "subscription DashboardHealth { healthChanged { name status previous checkedAt deployment { id } } }";

export const CATALOG_CHANGED = "subscription DashboardCatalog { catalogChanged { id entity name action } }";

export const ALIAS_OPTIONS = `query DashboardAliasOptions {
  modelGroups(first: 500) { edges { node { name } } }
  providers(first: 500) { edges { node { name type { id } } } }
}`;

export const ALIAS = `query DashboardAlias($name: String!) { alias(name: $name) { name hidden description target { name } } }`;

export const ADD_ALIAS = `mutation DashboardAddAlias($input: AddAliasInput!) { addAlias(input: $input) { alias { name target { name } } warnings } }`;

export const UPDATE_ALIAS = `mutation DashboardUpdateAlias($name: String!, $input: UpdateAliasInput!) { updateAlias(name: $name, input: $input) { alias { name target { name } } warnings } }`;

export const REMOVE_ALIAS = `mutation DashboardRemoveAlias($name: String!) { removeAlias(name: $name) { name warnings } }`;

export const CHANGES = `query DashboardChanges($first: Int!, $after: String, $name: String) {
  changes(first: $first, after: $after, name: $name) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node { ${CHANGE_FIELDS} } }
  }
}`;

export const NAME_DETAIL = `query DashboardName($name: String!) {
  resolve(name: $name) {
    name kind prefixedId apiBase health allUnhealthy trace
    provider { name }
    alias { name hidden description target { name } }
    group { name }
    fallbacks { kind to }
    facts { contextWindow maxOutputTokens inputPrice outputPrice capabilities }
    candidates {
      selected prefixedId model apiBase
      provider { name }
      deployment { id enabled priority weight group { name } }
      health {
        status checkedAt latencyMs error consecutiveFailures latencyP50 latencyP95
        uptime(window: DAY)
      }
    }
  }
}`;

/**
 * One deployment's probe results for the 24 h strip, asked for separately: inside NAME_DETAIL
 * the query cost would count 1,000 samples for as many candidates as the catalog's largest group.
 */
export const DEPLOYMENT_HISTORY = `query DashboardDeploymentHistory($id: ID!) {
  deployment(id: $id) { health { history(last: 1000) { checkedAt status latencyMs } } }
}`;

export const NAME_GROUP = `query DashboardGroup($name: String!) {
  modelGroup(name: $name) {
    name description mode pattern
    aliases(includeHidden: true) { name hidden }
    deployments { id enabled prefixedId provider { name } }
  }
}`;

export const NAME_HISTORY = `query DashboardNameHistory($name: String!) {
  alias(name: $name) { history(first: 20) { edges { node { ${CHANGE_FIELDS} } } } }
  modelGroup(name: $name) { history(first: 20) { edges { node { ${CHANGE_FIELDS} } } } }
}`;

const NAME_FACTS = "facts { contextWindow inputPrice outputPrice }";

export const NAMES = `query DashboardNames($first: Int!, $groupsAfter: String, $aliasesAfter: String, $search: String) {
  modelGroups(first: $first, after: $groupsAfter, search: $search) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node { name pattern health deployments { enabled prefixedId provider { name } health { status } } ${NAME_FACTS} } }
  }
  aliases(first: $first, after: $aliasesAfter, includeHidden: true) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { node { name hidden target { name } provider { name } prefixedId health ${NAME_FACTS} } }
  }
}`;

export const PROVIDERS = `query DashboardProviders {
  healthSummary { deployments healthy degraded unhealthy unknown }
  providers(first: 50) {
    totalCount
    edges { node {
      name displayName apiBase apiKeyConfigured
      type { id apiStyle }
      deployments(first: 100) {
        totalCount
        edges { node { id model apiBase enabled group { name } health { status checkedAt latencyMs error } } }
      }
    } }
  }
}`;

export const CHECK_HEALTH = `mutation DashboardCheck($deploymentIds: [ID!]) {
  checkHealth(deploymentIds: $deploymentIds, force: true) { upstreamsChecked requestsSent durationMs }
}`;

export const RESOLVE = `query DashboardResolve($name: String!) {
  resolve(name: $name) {
    name kind prefixedId model apiBase health allUnhealthy trace
    provider { name type { id } }
    fallbacks { kind to }
    candidates { selected prefixedId apiBase provider { name } health { status error } }
  }
}`;
