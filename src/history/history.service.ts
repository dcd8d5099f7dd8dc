/**
 * Reads of the change history (docs/history.md): pages of changes newest first, filtered by
 * name, entity kind, one entity or one group; change sets and their changes; and `revert`, the
 * one command here (src/history/revert.ts). The history is SQL, not part of the catalog snapshot:
 * it is read when asked for, like health history.
 */
import { sql, type SQL } from "drizzle-orm";
import { rows, type Store, type Tx } from "../db/store.ts";
import type { ChangeOp, ChangeSource, HistoryEntity } from "../db/schema.ts";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../catalog/paging.ts";
import type { HistoryTarget } from "./ids.ts";
import { revert, type RevertResult } from "./revert.ts";

export interface ChangeSetRecord {
  id: number;
  at: Date;
  actor: string;
  source: ChangeSource;
  summary: string | null;
  revertsSet: number | null;
  revertsChange: number | null;
}

export interface ChangeRecord {
  /** The change log's seq: the change's identity and its order. */
  seq: number;
  at: Date;
  entity: HistoryEntity;
  /** The row id, or the format of a registry or config document. */
  entityId: string;
  action: ChangeOp;
  name: string | null;
  groupId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** null: written by a process that said nobody (another tool on the file). */
  changeSet: ChangeSetRecord | null;
  /** The newest change set that reverted this change (or its whole set), if any. */
  revertedBy: number | null;
}

export interface ChangeFilter {
  name?: string | null;
  entity?: HistoryEntity | null;
  /** One entity: with `entity`. */
  entityId?: string | null;
  /** A group and its deployments. */
  groupId?: number | null;
}

/** Raw rows: PostgreSQL gives bigints (seq, at) as strings, so every number is read through Number(). */
type Num = number | string;

interface HistoryRow {
  seq: Num;
  change_set: Num | null;
  at: Num;
  entity: HistoryEntity;
  entity_id: string;
  action: ChangeOp;
  name: string | null;
  group_id: Num | null;
  before: string | null;
  after: string | null;
  set_at: Num | null;
  actor: string | null;
  source: ChangeSource | null;
  summary: string | null;
  reverts_set: Num | null;
  reverts_change: Num | null;
  reverted_by: Num | null;
}

interface SetRow {
  id: Num;
  at: Num;
  actor: string;
  source: ChangeSource;
  summary: string | null;
  reverts_set: Num | null;
  reverts_change: Num | null;
}

const SELECT = sql.raw(`select h.seq, h.change_set, h.at, h.entity, h.entity_id, h.action, h.name, h.group_id, h.before, h.after,
  s.at as set_at, s.actor, s.source, s.summary, s.reverts_set, s.reverts_change,
  (select r.id from change_sets r where r.reverts_change = h.seq or (h.change_set is not null and r.reverts_set = h.change_set) order by r.id desc limit 1) as reverted_by
  from change_history h left join change_sets s on s.id = h.change_set`);

const num = (v: Num): number => Number(v);
const numOrNull = (v: Num | null): number | null => (v === null ? null : Number(v));

export function toSetRecord(row: SetRow): ChangeSetRecord {
  return {
    id: num(row.id),
    at: new Date(num(row.at)),
    actor: row.actor,
    source: row.source,
    summary: row.summary,
    revertsSet: numOrNull(row.reverts_set),
    revertsChange: numOrNull(row.reverts_change),
  };
}

function toRecord(row: HistoryRow): ChangeRecord {
  return {
    seq: num(row.seq),
    at: new Date(num(row.at)),
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    name: row.name,
    groupId: numOrNull(row.group_id),
    before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
    after: row.after === null ? null : (JSON.parse(row.after) as Record<string, unknown>),
    changeSet:
      row.change_set === null || row.actor === null
        ? null
        : toSetRecord({ id: row.change_set, at: row.set_at!, actor: row.actor, source: row.source!, summary: row.summary, reverts_set: row.reverts_set, reverts_change: row.reverts_change }),
    revertedBy: numOrNull(row.reverted_by),
  };
}

/** `where a and b` (nothing when there are no conditions). */
function whereAll(conditions: SQL[]): SQL {
  return conditions.length > 0 ? sql` where ${sql.join(conditions, sql` and `)}` : sql``;
}

/** The same SQL on SQLite and PostgreSQL: plain columns, `not open` for the boolean, counts read through Number(). */
export class HistoryService {
  constructor(private readonly store: Store) {}

  private get db(): Tx {
    return this.store.db;
  }

  /** Changes newest first. */
  async page(filter: ChangeFilter, req: PageRequest): Promise<Page<ChangeRecord>> {
    const limit = pageSize(req.first);
    const after = req.after != null ? decodeCursor<number>(req.after, "number") : null;
    const where: SQL[] = [];
    if (filter.name != null) where.push(sql`h.name = ${filter.name.normalize("NFC")}`);
    if (filter.entity != null) where.push(sql`h.entity = ${filter.entity}`);
    if (filter.entityId != null) where.push(sql`h.entity_id = ${filter.entityId}`);
    if (filter.groupId != null) where.push(sql`h.group_id = ${filter.groupId}`);
    const paged = after != null ? [...where, sql`h.seq < ${after}`] : where;
    const found = await rows<HistoryRow>(this.db, sql`${SELECT}${whereAll(paged)} order by h.seq desc limit ${limit + 1} /* history */`);
    const [total] = await rows<{ n: Num }>(this.db, sql`select count(*) as n from change_history h${whereAll(where)} /* history */`);
    return toPage(found.map(toRecord), limit, req, num(total!.n), (c) => c.seq);
  }

  async change(seq: number): Promise<ChangeRecord | undefined> {
    const [row] = await rows<HistoryRow>(this.db, sql`${SELECT} where h.seq = ${seq} /* history */`);
    return row ? toRecord(row) : undefined;
  }

  /** Changes after `seq`, oldest first (a feed: subscriptions, other processes' writes). */
  async changesAfter(seq: number, limit = 1000): Promise<ChangeRecord[]> {
    return (await rows<HistoryRow>(this.db, sql`${SELECT} where h.seq > ${seq} order by h.seq limit ${limit} /* history */`)).map(toRecord);
  }

  async changeSet(id: number): Promise<ChangeSetRecord | undefined> {
    const [row] = await rows<SetRow>(this.db, sql`select id, at, actor, source, summary, reverts_set, reverts_change from change_sets where id = ${id} and not open /* history */`);
    return row ? toSetRecord(row) : undefined;
  }

  /** The changes of one set, oldest first (the order they were written in). */
  async changesOfSet(id: number, req: PageRequest): Promise<Page<ChangeRecord>> {
    const limit = pageSize(req.first);
    const after = req.after != null ? decodeCursor<number>(req.after, "number") : null;
    const found = await rows<HistoryRow>(this.db, sql`${SELECT} where h.change_set = ${id} and h.seq > ${after ?? 0} order by h.seq limit ${limit + 1} /* history */`);
    return toPage(found.map(toRecord), limit, req, await this.countOfSet(id), (c) => c.seq);
  }

  async countOfSet(id: number): Promise<number> {
    const [row] = await rows<{ n: Num }>(this.db, sql`select count(*) as n from change_history where change_set = ${id} /* history */`);
    return num(row!.n);
  }

  /** The newest set that reverted this whole set, if any. */
  async revertedBy(setId: number): Promise<number | null> {
    const [row] = await rows<{ id: Num }>(this.db, sql`select id from change_sets where reverts_set = ${setId} order by id desc limit 1 /* history */`);
    return row ? num(row.id) : null;
  }

  /**
   * Undoes one change or a whole change set, as a new change set with source REVERT, in one
   * transaction; refused (CONFLICT) naming the later change when the entity changed since.
   */
  async revert(target: HistoryTarget): Promise<RevertResult> {
    return revert(this.store, target);
  }
}
