/**
 * The read model: one immutable, versioned value holding the whole catalog with the indexes reads
 * need, so that a resolver, a REST view or the health planner is a map lookup (docs/read-model.md).
 * Plain data and pure functions over rows: no SQL here (src/read/snapshot-store.ts loads rows and
 * keeps the current snapshot), so a test can build one by hand.
 *
 * A new version is made from the previous one and the rows that changed (`applyChanges`), sharing
 * every map shard and list that did not change. Entries and lists are frozen (shallowly: the JSON
 * column values inside rows are shared with nobody and never written to either). The four
 * catalog-wide sorted lists are built when first read (SortedList), not by the write.
 */
import type { ProviderTypeInfo } from "../catalog/provider-types.ts";
import { PROVIDER_TYPES, findProviderType, type BuiltInProviderType } from "../catalog/provider-types.ts";
import { isPattern, sortBySpecificity } from "../catalog/pattern.ts";
import { routeTarget } from "../catalog/route.ts";
import { compareCandidates } from "../catalog/resolution/select.ts";
import type { AliasRow, DeploymentRow, ModelGroupRow, ModelRegistryRow, ProviderRow, UpstreamHealthRow } from "../db/schema.ts";
import { upstreamKey, type UpstreamRef } from "../health/health.store.ts";
import { shownReason } from "../health/reasons.ts";
import { ShardedMap } from "./sharded-map.ts";

export type ProviderEntry = Readonly<ProviderRow> & {
  /** The provider's type; a stand-in named after `type` (apiStyle none) when no built-in type has that id. */
  readonly typeInfo: ProviderTypeInfo;
  readonly typeKnown: boolean;
};

export type GroupEntry = Readonly<ModelGroupRow> & {
  /** The name holds `*`: a wildcard route (LiteLLM pattern). */
  readonly pattern: boolean;
};

export type DeploymentEntry = Readonly<DeploymentRow> & {
  /** type prefix + "/" + model (src/catalog/prefix.ts). */
  readonly prefixedId: string;
  /** The deployment's own API base, else its provider's, else its type's default, as stored (an `os.environ/NAME` stays a reference). */
  readonly effectiveApiBase: string | null;
  /** The upstream whose stored health applies, and its key in `health`. */
  readonly upstream: UpstreamRef;
  readonly upstreamKey: string;
};

export type AliasEntry = Readonly<AliasRow>;

/** Stored health of one upstream as shown (`error` already passed through shownReason); staleness is the reader's, by time. */
export type HealthEntry = Readonly<UpstreamHealthRow>;

/** A loaded model registry, without its content (facts come from the registry built from it). */
export type RegistryEntry = Readonly<Omit<ModelRegistryRow, "content">>;

/** A stored config document (what an import kept beside the catalog): when it last changed. */
export interface DocumentEntry {
  readonly format: string;
  readonly updatedAt: Date;
}

/** One public name: a group or an alias, never both. */
export type NameEntry = { readonly kind: "group"; readonly group: GroupEntry } | { readonly kind: "alias"; readonly alias: AliasEntry };

export interface CatalogSnapshot {
  /** The change-log seq this snapshot reflects (0: nothing logged yet). */
  readonly version: number;
  readonly providerTypes: readonly BuiltInProviderType[];
  readonly providerTypesById: ReadonlyMap<string, BuiltInProviderType>;

  readonly providers: ReadonlyMap<number, ProviderEntry>;
  readonly providersByName: ReadonlyMap<string, ProviderEntry>;
  /** By name (SQLite's binary order), as `providers` pages them. */
  readonly providersSorted: readonly ProviderEntry[];

  readonly groups: ReadonlyMap<number, GroupEntry>;
  /** By name (binary order), as `modelGroups` pages them. */
  readonly groupsSorted: readonly GroupEntry[];
  /** Pattern groups, most specific first, ties by creation (id), as resolution tries them. */
  readonly patterns: readonly GroupEntry[];

  readonly aliases: ReadonlyMap<number, AliasEntry>;
  /** By name (binary order), hidden ones included, as `aliases` pages them. */
  readonly aliasesSorted: readonly AliasEntry[];
  /** Aliases of each group, by name; a group without aliases has no key. */
  readonly aliasesByGroup: ReadonlyMap<number, readonly AliasEntry[]>;

  /** The public-name namespace: groups and aliases by name (names are stored in NFC). */
  readonly names: ReadonlyMap<string, NameEntry>;

  readonly deployments: ReadonlyMap<number, DeploymentEntry>;
  /** By id, as `deployments` pages them. */
  readonly deploymentsSorted: readonly DeploymentEntry[];
  /** Each group's enabled deployments in candidate order (priority asc, weight desc, id). */
  readonly candidates: ReadonlyMap<number, readonly DeploymentEntry[]>;
  /** Each group's deployments for display: the candidates, then the disabled ones in the same order. */
  readonly deploymentsByGroup: ReadonlyMap<number, readonly DeploymentEntry[]>;
  /** Each provider's deployments, by id. */
  readonly deploymentsByProvider: ReadonlyMap<number, readonly DeploymentEntry[]>;

  /** Stored upstream health by upstreamKey (src/health/health.store.ts). */
  readonly health: ReadonlyMap<string, HealthEntry>;
  readonly registries: ReadonlyMap<string, RegistryEntry>;
  readonly documents: ReadonlyMap<string, DocumentEntry>;
}

/** Every row a snapshot is built from. */
export interface CatalogRows {
  providers: readonly ProviderRow[];
  groups: readonly ModelGroupRow[];
  deployments: readonly DeploymentRow[];
  aliases: readonly AliasRow[];
  health: readonly UpstreamHealthRow[];
  registries: readonly Omit<ModelRegistryRow, "content">[];
  documents: readonly DocumentEntry[];
}

/**
 * What changed since a snapshot: for each kind, the ids (keys, formats) the change log named and
 * their rows as read now (fresh objects: they become entries). A named id without a row was deleted.
 */
export interface ChangedRows {
  providers?: { ids: ReadonlySet<number>; rows: readonly ProviderRow[] };
  groups?: { ids: ReadonlySet<number>; rows: readonly ModelGroupRow[] };
  deployments?: { ids: ReadonlySet<number>; rows: readonly DeploymentRow[] };
  aliases?: { ids: ReadonlySet<number>; rows: readonly AliasRow[] };
  /** Keys as upstreamKey() makes them. */
  health?: { keys: ReadonlySet<string>; rows: readonly UpstreamHealthRow[] };
  registries?: { formats: ReadonlySet<string>; rows: readonly Omit<ModelRegistryRow, "content">[] };
  documents?: { formats: ReadonlySet<string>; rows: readonly DocumentEntry[] };
}

const EMPTY: readonly never[] = Object.freeze([]);
const PROVIDER_TYPES_BY_ID: ReadonlyMap<string, BuiltInProviderType> = new Map(PROVIDER_TYPES.map((t) => [t.id, t]));

/**
 * SQLite's BINARY collation on UTF-8 text is code point order; JavaScript's `<` compares UTF-16
 * units, which differs only where a surrogate pair meets a character above U+D7FF.
 */
export function compareBinary(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      const cx = a.codePointAt(i)!;
      const cy = b.codePointAt(i)!;
      return cx < cy ? -1 : cx > cy ? 1 : 0;
    }
    return x - y;
  }
  return a.length - b.length;
}

const nameOf = (n: NameEntry) => (n.kind === "group" ? n.group.name : n.alias.name);
const byName = (a: { name: string }, b: { name: string }) => compareBinary(a.name, b.name);
const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** Display order (src/catalog/resolution/select.ts displayOrder): enabled first, each part in candidate order. */
function compareDisplay(a: DeploymentRow, b: DeploymentRow): number {
  return Number(b.enabled) - Number(a.enabled) || compareCandidates(a, b);
}

/*
 * Entries are the rows themselves, extended and frozen in place: a full load copies nothing (a
 * copy of 15,000 deployment rows cost more than deriving them). The rows handed in must be owned
 * by the snapshot (fresh from a query); an entry re-derived from a published one is a copy.
 */

function providerEntry(row: ProviderRow): ProviderEntry {
  const known = findProviderType(row.type);
  const typeInfo: ProviderTypeInfo = known ?? {
    id: row.type,
    prefix: row.type,
    displayName: row.type,
    apiStyle: "none",
    defaultApiBase: null,
    apiKeyEnv: "",
    requiresApiBase: false,
  };
  return Object.freeze(Object.assign(row, { typeInfo, typeKnown: known !== undefined }));
}

function groupEntry(row: ModelGroupRow): GroupEntry {
  return Object.freeze(Object.assign(row, { pattern: isPattern(row.name) }));
}

function aliasEntry(row: AliasRow): AliasEntry {
  return Object.freeze(row);
}

/** `row`: a fresh row (extended in place), or a published entry (copied). */
function deploymentEntry(row: DeploymentRow, provider: ProviderEntry): DeploymentEntry {
  const target = routeTarget(provider, provider.typeInfo, row.model, row.apiBase);
  const derived = { prefixedId: target.prefixedId, effectiveApiBase: target.apiBase, upstream: Object.freeze(target.ref), upstreamKey: upstreamKey(target.ref) };
  return Object.freeze(Object.isFrozen(row) ? { ...row, ...derived } : Object.assign(row, derived));
}

function healthEntry(row: UpstreamHealthRow): HealthEntry {
  const error = shownReason(row.error);
  if (error !== row.error) row.error = error;
  return Object.freeze(row);
}

function healthKeyOf(row: Pick<UpstreamHealthRow, "providerId" | "model" | "apiBase">): string {
  return upstreamKey({ providerId: row.providerId, model: row.model, apiBase: row.apiBase });
}

function sortedPatterns(groups: Iterable<GroupEntry>): readonly GroupEntry[] {
  const list = [...groups].filter((g) => g.pattern).sort(byId);
  return Object.freeze(sortBySpecificity(list, (g) => g.name));
}

function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function frozenLists<K extends string | number, T>(lists: Map<K, T[]>, compare: (a: T, b: T) => number): ShardedMap<K, readonly T[]> {
  return ShardedMap.from([...lists].map(([k, list]) => [k, Object.freeze(list.sort(compare))] as const));
}

function candidatesOf(display: readonly DeploymentEntry[]): readonly DeploymentEntry[] {
  let n = 0;
  while (n < display.length && display[n]!.enabled) n++;
  return n === display.length ? display : Object.freeze(display.slice(0, n));
}

/** The snapshot's sorted lists (SortedList: built when first read). */
interface SortedLists {
  providers: SortedList<ProviderEntry>;
  groups: SortedList<GroupEntry>;
  aliases: SortedList<AliasEntry>;
  deployments: SortedList<DeploymentEntry>;
}

const listsBySnapshot = new WeakMap<CatalogSnapshot, SortedLists>();

function listsOf(snapshot: CatalogSnapshot): SortedLists {
  return listsBySnapshot.get(snapshot)!;
}

type SortedFields = "providersSorted" | "groupsSorted" | "aliasesSorted" | "deploymentsSorted";

/** The frozen snapshot of `fields`, its sorted lists read through `lists` (each the same array on every read). */
function withLists(lists: SortedLists, fields: Omit<CatalogSnapshot, SortedFields>): CatalogSnapshot {
  const snapshot: CatalogSnapshot = Object.freeze(
    Object.defineProperties(fields, {
      providersSorted: { enumerable: true, get: () => lists.providers.get() },
      groupsSorted: { enumerable: true, get: () => lists.groups.get() },
      aliasesSorted: { enumerable: true, get: () => lists.aliases.get() },
      deploymentsSorted: { enumerable: true, get: () => lists.deployments.get() },
    }) as CatalogSnapshot,
  );
  listsBySnapshot.set(snapshot, lists);
  return snapshot;
}

/** A snapshot of the given rows, whole. The rows become its entries (see above): pass fresh ones. */
export function buildSnapshot(rows: CatalogRows, version: number): CatalogSnapshot {
  const providers = rows.providers.map(providerEntry);
  const providersById = new Map(providers.map((p) => [p.id, p]));
  const groups = rows.groups.map(groupEntry);
  const aliases = rows.aliases.map(aliasEntry);
  const deployments: DeploymentEntry[] = [];
  for (const row of rows.deployments) {
    const provider = providersById.get(row.providerId);
    // Foreign keys make this impossible; a deployment without its provider could not route anyway.
    if (provider) deployments.push(deploymentEntry(row, provider));
  }
  const display = frozenLists(groupBy(deployments, (d) => d.groupId), compareDisplay);
  const names: NameEntry[] = [];
  for (const group of groups) names.push(Object.freeze({ kind: "group", group }));
  for (const alias of aliases) names.push(Object.freeze({ kind: "alias", alias }));
  const lists: SortedLists = {
    providers: SortedList.of(providers, byName),
    groups: SortedList.of(groups, byName),
    aliases: SortedList.of(aliases, byName),
    deployments: SortedList.of(deployments, byId),
  };
  return withLists(lists, {
    version,
    providerTypes: PROVIDER_TYPES,
    providerTypesById: PROVIDER_TYPES_BY_ID,
    providers: ShardedMap.fromValues(providers, (p) => p.id),
    providersByName: ShardedMap.fromValues(providers, (p) => p.name),
    groups: ShardedMap.fromValues(groups, (g) => g.id),
    patterns: sortedPatterns(groups),
    aliases: ShardedMap.fromValues(aliases, (a) => a.id),
    aliasesByGroup: frozenLists(groupBy(aliases, (a) => a.groupId), byName),
    names: ShardedMap.fromValues(names, nameOf),
    deployments: ShardedMap.fromValues(deployments, (d) => d.id),
    candidates: ShardedMap.from([...display].map(([g, list]) => [g, candidatesOf(list)] as const)),
    deploymentsByGroup: display,
    deploymentsByProvider: frozenLists(groupBy(deployments, (d) => d.providerId), byId),
    health: ShardedMap.fromValues(rows.health.map(healthEntry), healthKeyOf),
    registries: new Map(rows.registries.map((r) => [r.format, Object.freeze({ ...r })])),
    documents: new Map(rows.documents.map((d) => [d.format, Object.freeze({ ...d })])),
  });
}

/** The old and new entry of every touched id (undefined: absent on that side). */
interface Delta<K, T> {
  before: Map<K, T | undefined>;
  after: Map<K, T | undefined>;
}

function delta<K, T>(ids: Iterable<K>, old: ReadonlyMap<K, T>, fresh: ReadonlyMap<K, T>): Delta<K, T> {
  const before = new Map<K, T | undefined>();
  const after = new Map<K, T | undefined>();
  for (const id of ids) {
    before.set(id, old.get(id));
    after.set(id, fresh.get(id));
  }
  return { before, after };
}

function applyToMap<K extends string | number, T>(map: ReadonlyMap<K, T>, d: Delta<K, T>): ReadonlyMap<K, T> {
  const sets: [K, T][] = [];
  const deletes: K[] = [];
  for (const [k, v] of d.after) {
    if (v === undefined) deletes.push(k);
    else sets.push([k, v]);
  }
  return (map as ShardedMap<K, T>).update(sets, deletes);
}

/**
 * A sorted list without `removed` and with `added`, in `compare` order (unique keys). A few
 * changes are spliced into a copy (binary search, native moves); many are merged.
 */
function patchSorted<T>(list: readonly T[], removed: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  if (removed.length === 0 && added.length === 0) return list;
  const find = (arr: readonly T[], item: T): number => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(arr[mid]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let out: T[];
  if (removed.length + added.length <= 64) {
    // Array.from, not slice(): V8 copies a frozen array through slice() element by element
    // (0.38 ms against 4 µs for 10,000 items, helper J2's profile of addAlias).
    out = Array.from(list);
    for (const item of removed) {
      const at = find(out, item);
      if (out[at] === item) out.splice(at, 1);
    }
    for (const item of added) out.splice(find(out, item), 0, item);
  } else {
    const gone = new Set(removed);
    out = list.filter((item) => !gone.has(item));
    out.push(...added);
    out.sort(compare);
  }
  return Object.freeze(out);
}

/** Pending patches a sorted list may gather before it is built anyway (bounds what unread versions hold). */
const MAX_PENDING = 256;

/**
 * A sorted list of the snapshot, patched when it is first read (`get`) rather than at every write:
 * copying a list of 100,000 aliases costs about a millisecond, and most writes are followed by
 * reads that never look at it (an alias by name). A write records what it removed and added; the
 * first read builds the list once for every write since the last build, from the nearest built
 * one. Versions nobody reads keep only their removed and added entries, never a copy.
 */
class SortedList<T> {
  private value: readonly T[] | undefined;
  private base: SortedList<T> | undefined;
  private removed: readonly T[];
  private added: readonly T[];
  /** Unbuilt lists between this one and the nearest built one, this one included (0 once built). */
  private pending: number;

  private constructor(
    private readonly compare: (a: T, b: T) => number,
    value: readonly T[] | undefined,
    base: SortedList<T> | undefined,
    removed: readonly T[],
    added: readonly T[],
  ) {
    this.value = value;
    this.base = base;
    this.removed = removed;
    this.added = added;
    this.pending = value ? 0 : base!.pending + 1;
  }

  /** A built list of `items` (sorted here). */
  static of<T>(items: Iterable<T>, compare: (a: T, b: T) => number): SortedList<T> {
    return new SortedList(compare, Object.freeze([...items].sort(compare)), undefined, EMPTY, EMPTY);
  }

  /** This list without `removed` (entries it holds) and with `added`; nothing changed: this very list. */
  next(removed: readonly T[], added: readonly T[]): SortedList<T> {
    if (removed.length === 0 && added.length === 0) return this;
    const list = new SortedList(this.compare, undefined, this, removed, added);
    if (list.pending >= MAX_PENDING) list.get();
    return list;
  }

  get(): readonly T[] {
    if (this.value) return this.value;
    const chain: SortedList<T>[] = [];
    let at: SortedList<T> = this;
    while (!at.value) {
      chain.push(at);
      at = at.base!;
    }
    let removed = this.removed;
    let added = this.added;
    if (chain.length > 1) {
      // The net change since the built list, oldest patch first: an entry added by one write and
      // removed by a later one was never in the built list.
      const gone = new Set<T>();
      const fresh = new Set<T>();
      for (let i = chain.length - 1; i >= 0; i--) {
        for (const item of chain[i]!.removed) if (!fresh.delete(item)) gone.add(item);
        for (const item of chain[i]!.added) fresh.add(item);
      }
      removed = [...gone];
      added = [...fresh];
    }
    this.value = patchSorted(at.value, removed, added, this.compare);
    this.base = undefined;
    this.removed = this.added = EMPTY;
    this.pending = 0;
    return this.value;
  }
}

/** Rebuilds the per-key lists of `keys`: the old list without `removed` items, plus `added` items whose key is it. */
function patchLists<K extends string | number, T>(
  lists: ReadonlyMap<K, readonly T[]>,
  keys: Iterable<K>,
  isRemoved: (item: T) => boolean,
  added: ReadonlyMap<K, T[]>,
  compare: (a: T, b: T) => number,
  derive?: (list: readonly T[], key: K) => readonly T[],
): { lists: ReadonlyMap<K, readonly T[]>; rebuilt: Map<K, readonly T[] | undefined> } {
  const rebuilt = new Map<K, readonly T[] | undefined>();
  const sets: [K, readonly T[]][] = [];
  const deletes: K[] = [];
  for (const k of new Set(keys)) {
    const list = (lists.get(k) ?? EMPTY).filter((item) => !isRemoved(item));
    list.push(...(added.get(k) ?? []));
    if (list.length === 0) {
      deletes.push(k);
      rebuilt.set(k, undefined);
    } else {
      const frozen = Object.freeze(list.sort(compare));
      sets.push([k, frozen]);
      rebuilt.set(k, derive ? derive(frozen, k) : frozen);
    }
  }
  return { lists: (lists as ShardedMap<K, readonly T[]>).update(sets, deletes), rebuilt };
}

function present<T>(values: Iterable<T | undefined>): T[] {
  const out: T[] = [];
  for (const v of values) if (v !== undefined) out.push(v);
  return out;
}

/**
 * The next snapshot: `prev` with the changed rows applied, sharing every shard and list that no
 * change touched. Deployments are re-derived when their provider changed (prefixed id, API base,
 * upstream), and only the touched groups' candidate lists are rebuilt.
 */
export function applyChanges(prev: CatalogSnapshot, changes: ChangedRows, version: number): CatalogSnapshot {
  // Providers.
  const providerDelta = delta(changes.providers?.ids ?? [], prev.providers, new Map((changes.providers?.rows ?? []).map((r) => [r.id, providerEntry(r)])));
  const providers = applyToMap(prev.providers, providerDelta);
  const providersByName = (prev.providersByName as ShardedMap<string, ProviderEntry>).update(
    present(providerDelta.after.values()).map((p) => [p.name, p] as const),
    present(providerDelta.before.values()).map((p) => p.name),
  );
  const previousLists = listsOf(prev);
  const providersSorted = previousLists.providers.next(present(providerDelta.before.values()), present(providerDelta.after.values()));

  // Groups.
  const groupDelta = delta(changes.groups?.ids ?? [], prev.groups, new Map((changes.groups?.rows ?? []).map((r) => [r.id, groupEntry(r)])));
  const groups = applyToMap(prev.groups, groupDelta);
  const groupsBefore = present(groupDelta.before.values());
  const groupsAfter = present(groupDelta.after.values());
  const groupsSorted = previousLists.groups.next(groupsBefore, groupsAfter);
  const touchedGroups = changes.groups?.ids ?? new Set<number>();
  const patterns =
    groupsBefore.some((g) => g.pattern) || groupsAfter.some((g) => g.pattern) ? sortedPatterns([...prev.patterns.filter((g) => !touchedGroups.has(g.id)), ...groupsAfter]) : prev.patterns;

  // Aliases.
  const aliasDelta = delta(changes.aliases?.ids ?? [], prev.aliases, new Map((changes.aliases?.rows ?? []).map((r) => [r.id, aliasEntry(r)])));
  const aliases = applyToMap(prev.aliases, aliasDelta);
  const aliasesBefore = present(aliasDelta.before.values());
  const aliasesAfter = present(aliasDelta.after.values());
  const aliasesSorted = previousLists.aliases.next(aliasesBefore, aliasesAfter);
  const aliasGroups = [...aliasesBefore.map((a) => a.groupId), ...aliasesAfter.map((a) => a.groupId), ...groupsBefore.filter((g) => !groups.has(g.id)).map((g) => g.id)];
  const touchedAliases = changes.aliases?.ids ?? new Set<number>();
  const aliasesByGroup = patchLists(prev.aliasesByGroup, aliasGroups, (a) => touchedAliases.has(a.id), groupBy(aliasesAfter, (a) => a.groupId), byName).lists;

  // Names: every touched entity's old name out, then its new one in (the database keeps them unique).
  const names = (prev.names as ShardedMap<string, NameEntry>).update(
    [
      ...groupsAfter.map((group) => [group.name, Object.freeze({ kind: "group", group }) as NameEntry] as const),
      ...aliasesAfter.map((alias) => [alias.name, Object.freeze({ kind: "alias", alias }) as NameEntry] as const),
    ],
    [...groupsBefore.map((g) => g.name), ...aliasesBefore.map((a) => a.name)],
  );

  // Deployments: the reloaded ones, and those of changed providers (re-derived from their row).
  const reloaded = new Map((changes.deployments?.rows ?? []).map((r) => [r.id, r]));
  const deploymentIds = new Set(changes.deployments?.ids ?? []);
  for (const providerId of providerDelta.after.keys()) for (const d of prev.deploymentsByProvider.get(providerId) ?? EMPTY) deploymentIds.add(d.id);
  const freshDeployments = new Map<number, DeploymentEntry>();
  for (const id of deploymentIds) {
    const row = changes.deployments?.ids.has(id) ? reloaded.get(id) : prev.deployments.get(id);
    const provider = row && providers.get(row.providerId);
    if (row && provider) freshDeployments.set(id, deploymentEntry(row, provider));
  }
  const deploymentDelta = delta(deploymentIds, prev.deployments, freshDeployments);
  const deployments = applyToMap(prev.deployments, deploymentDelta);
  const deploymentsBefore = present(deploymentDelta.before.values());
  const deploymentsAfter = present(deploymentDelta.after.values());
  const deploymentsSorted = previousLists.deployments.next(deploymentsBefore, deploymentsAfter);
  const isTouched = (d: DeploymentEntry) => deploymentIds.has(d.id);
  const byProvider = patchLists(
    prev.deploymentsByProvider,
    [...deploymentsBefore.map((d) => d.providerId), ...deploymentsAfter.map((d) => d.providerId)],
    isTouched,
    groupBy(deploymentsAfter, (d) => d.providerId),
    byId,
  ).lists;
  const display = patchLists(
    prev.deploymentsByGroup,
    [...deploymentsBefore.map((d) => d.groupId), ...deploymentsAfter.map((d) => d.groupId)],
    isTouched,
    groupBy(deploymentsAfter, (d) => d.groupId),
    compareDisplay,
    candidatesOf,
  );
  const candidates = (prev.candidates as ShardedMap<number, readonly DeploymentEntry[]>).update(
    present([...display.rebuilt].map(([g, list]) => (list ? ([g, list] as const) : undefined))),
    [...display.rebuilt].filter(([, list]) => !list).map(([g]) => g),
  );

  // Health, registries, documents.
  let health = prev.health;
  if (changes.health) {
    const fresh = new Map(changes.health.rows.map((h) => [healthKeyOf(h), healthEntry(h)]));
    health = applyToMap(prev.health, delta(changes.health.keys, prev.health, fresh));
  }
  const small = <T extends { format: string }>(map: ReadonlyMap<string, T>, change: { formats: ReadonlySet<string>; rows: readonly T[] } | undefined) => {
    if (!change) return map;
    const next = new Map(map);
    for (const f of change.formats) next.delete(f);
    for (const row of change.rows) next.set(row.format, Object.freeze({ ...row }));
    return next;
  };

  return withLists({ providers: providersSorted, groups: groupsSorted, aliases: aliasesSorted, deployments: deploymentsSorted }, {
    version,
    providerTypes: prev.providerTypes,
    providerTypesById: prev.providerTypesById,
    providers,
    providersByName,
    groups,
    patterns,
    aliases,
    aliasesByGroup,
    names,
    deployments,
    candidates,
    deploymentsByGroup: display.lists,
    deploymentsByProvider: byProvider,
    health,
    registries: small(prev.registries, changes.registries),
    documents: small(prev.documents, changes.documents),
  });
}

/** The empty catalog at version 0. */
export const EMPTY_SNAPSHOT: CatalogSnapshot = buildSnapshot({ providers: [], groups: [], deployments: [], aliases: [], health: [], registries: [], documents: [] }, 0);

/** A public name as a reader sends it: names are stored in NFC, so any spelling of one finds it. */
export function lookupName(snapshot: CatalogSnapshot, name: string): NameEntry | undefined {
  return snapshot.names.get(name) ?? snapshot.names.get(name.normalize("NFC"));
}

/**
 * The snapshot as plain, ordered JSON data: every entry and every index, with dates as ms and no
 * key material (whether a literal key is stored, not its ciphertext). Two snapshots of the same
 * catalog dump the same, however they were built.
 */
export function dumpSnapshot(s: CatalogSnapshot): unknown {
  const plain = (value: unknown): unknown => {
    if (value instanceof Date) return value.getTime();
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) {
        const v = (value as Record<string, unknown>)[k];
        if (k === "apiKeyEncrypted") out.apiKeyStored = v != null;
        else out[k] = plain(v);
      }
      return out;
    }
    return value;
  };
  const sortedEntries = <K extends string | number, V>(map: ReadonlyMap<K, V>, f: (v: V) => unknown = plain) =>
    [...map].sort(([a], [b]) => (typeof a === "number" ? (a as number) - (b as number) : compareBinary(String(a), String(b)))).map(([k, v]) => [k, f(v)]);
  const sameAs = <T>(map: ReadonlyMap<number, T>) => (entry: T) => {
    // An index entry must be the very object its by-id map holds (no stale copy left behind).
    const id = (entry as { id: number }).id;
    return map.get(id) === entry ? id : { stale: id };
  };
  return {
    version: s.version,
    providerTypes: s.providerTypes.map((t) => t.id),
    providers: sortedEntries(s.providers),
    providersByName: sortedEntries(s.providersByName, sameAs(s.providers)),
    providersSorted: s.providersSorted.map(sameAs(s.providers)),
    groups: sortedEntries(s.groups),
    groupsSorted: s.groupsSorted.map(sameAs(s.groups)),
    patterns: s.patterns.map(sameAs(s.groups)),
    aliases: sortedEntries(s.aliases),
    aliasesSorted: s.aliasesSorted.map(sameAs(s.aliases)),
    aliasesByGroup: sortedEntries(s.aliasesByGroup, (list) => list.map(sameAs(s.aliases))),
    names: sortedEntries(s.names, (n) => (n.kind === "group" ? ["group", sameAs(s.groups)(n.group)] : ["alias", sameAs(s.aliases)(n.alias)])),
    deployments: sortedEntries(s.deployments),
    deploymentsSorted: s.deploymentsSorted.map(sameAs(s.deployments)),
    candidates: sortedEntries(s.candidates, (list) => list.map(sameAs(s.deployments))),
    deploymentsByGroup: sortedEntries(s.deploymentsByGroup, (list) => list.map(sameAs(s.deployments))),
    deploymentsByProvider: sortedEntries(s.deploymentsByProvider, (list) => list.map(sameAs(s.deployments))),
    health: sortedEntries(s.health),
    registries: sortedEntries(s.registries),
    documents: sortedEntries(s.documents),
  };
}
