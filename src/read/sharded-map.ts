/**
 * An immutable map that shares structure between versions: its entries live in a fixed number of
 * shards (plain `Map`s), and `update` copies only the shards it touches. One alias added to a
 * 100,000-name catalog copies one shard of ~400 entries, not the whole map; a lookup is one
 * hash and one `Map.get`. Nothing outside this file can mutate a shard.
 */

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;
const MASK = SHARDS - 1;

/** Integer ids spread over the shards by their low bits; strings by FNV-1a over their UTF-16 units. */
function shardOf(key: string | number): number {
  if (typeof key === "number") return key & MASK;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) & MASK;
}

/** Shared by every empty map; never written (shards are copied before any write). */
const EMPTY_SHARD = new Map<never, never>();

export class ShardedMap<K extends string | number, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly shards: readonly ReadonlyMap<K, V>[],
    readonly size: number,
  ) {}

  static empty<K extends string | number, V>(): ShardedMap<K, V> {
    return new ShardedMap<K, V>(new Array(SHARDS).fill(EMPTY_SHARD), 0);
  }

  static from<K extends string | number, V>(entries: Iterable<readonly [K, V]>): ShardedMap<K, V> {
    const shards: Map<K, V>[] = Array.from({ length: SHARDS }, () => new Map());
    for (const [k, v] of entries) shards[shardOf(k)]!.set(k, v);
    let size = 0;
    for (const s of shards) size += s.size;
    return new ShardedMap<K, V>(shards, size);
  }

  /** A map of `values` keyed by `keyOf` (no entry tuples allocated). */
  static fromValues<K extends string | number, V>(values: Iterable<V>, keyOf: (value: V) => K): ShardedMap<K, V> {
    const shards: Map<K, V>[] = Array.from({ length: SHARDS }, () => new Map());
    for (const v of values) {
      const k = keyOf(v);
      shards[shardOf(k)]!.set(k, v);
    }
    let size = 0;
    for (const s of shards) size += s.size;
    return new ShardedMap<K, V>(shards, size);
  }

  get(key: K): V | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  has(key: K): boolean {
    return this.shards[shardOf(key)]!.has(key);
  }

  /**
   * The next version: `deletes` removed first, then `sets` written, so a key both deleted and set
   * ends up set. Untouched shards are shared with this version; nothing touched returns `this`.
   */
  update(sets: Iterable<readonly [K, V]>, deletes: Iterable<K> = []): ShardedMap<K, V> {
    let copies: (Map<K, V> | undefined)[] | undefined;
    const shard = (k: K): Map<K, V> => {
      const i = shardOf(k);
      copies ??= new Array(SHARDS);
      return (copies[i] ??= new Map(this.shards[i]!));
    };
    for (const k of deletes) if (this.has(k) || copies?.[shardOf(k)]) shard(k).delete(k);
    for (const [k, v] of sets) shard(k).set(k, v);
    if (!copies) return this;
    let size = this.size;
    const next = this.shards.map((old, i) => {
      const copy = copies![i];
      if (!copy) return old;
      size += copy.size - old.size;
      return copy;
    });
    return new ShardedMap<K, V>(next, size);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const s of this.shards) for (const [k, v] of s) callback.call(thisArg, v, k, this);
  }

  *entries(): MapIterator<[K, V]> {
    for (const s of this.shards) yield* s.entries();
  }

  *keys(): MapIterator<K> {
    for (const s of this.shards) yield* s.keys();
  }

  *values(): MapIterator<V> {
    for (const s of this.shards) yield* s.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
