/**
 * Reads of the change history (docs/history.md): pages of changes newest first, filtered by
 * name, entity kind, one entity or one group; change sets and their changes; and `revert`, the
 * one command here (src/history/revert.ts). The history is SQL, not part of the catalog snapshot:
 * it is read when asked for, like health history.
 */
import type Database from "better-sqlite3";
import type { Db } from "../db/client.ts";
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

interface HistoryRow {
  seq: number;
  change_set: number | null;
  at: number;
  entity: HistoryEntity;
  entity_id: string;
  action: ChangeOp;
  name: string | null;
  group_id: number | null;
  before: string | null;
  after: string | null;
  set_at: number | null;
  actor: string | null;
  source: ChangeSource | null;
  summary: string | null;
  reverts_set: number | null;
  reverts_change: number | null;
  reverted_by: number | null;
}

interface SetRow {
  id: number;
  at: number;
  actor: string;
  source: ChangeSource;
  summary: string | null;
  reverts_set: number | null;
  reverts_change: number | null;
}

const SELECT = `select h.seq, h.change_set, h.at, h.entity, h.entity_id, h.action, h.name, h.group_id, h.before, h.after,
  s.at as set_at, s.actor, s.source, s.summary, s.reverts_set, s.reverts_change,
  (select r.id from change_sets r where r.reverts_change = h.seq or (h.change_set is not null and r.reverts_set = h.change_set) order by r.id desc limit 1) as reverted_by
  from change_history h left join change_sets s on s.id = h.change_set`;

export function toSetRecord(row: SetRow): ChangeSetRecord {
  return { id: row.id, at: new Date(row.at), actor: row.actor, source: row.source, summary: row.summary, revertsSet: row.reverts_set, revertsChange: row.reverts_change };
}

function toRecord(row: HistoryRow): ChangeRecord {
  return {
    seq: row.seq,
    at: new Date(row.at),
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    name: row.name,
    groupId: row.group_id,
    before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
    after: row.after === null ? null : (JSON.parse(row.after) as Record<string, unknown>),
    changeSet:
      row.change_set === null || row.actor === null
        ? null
        : toSetRecord({ id: row.change_set, at: row.set_at!, actor: row.actor, source: row.source!, summary: row.summary, reverts_set: row.reverts_set, reverts_change: row.reverts_change }),
    revertedBy: row.reverted_by,
  };
}

export class HistoryService {
  private readonly sqlite: Database.Database;

  constructor(private readonly db: Db) {
    this.sqlite = db.$client;
  }

  /** Changes newest first. */
  page(filter: ChangeFilter, req: PageRequest): Page<ChangeRecord> {
    const limit = pageSize(req.first);
    const after = req.after != null ? decodeCursor<number>(req.after, "number") : null;
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.name != null) {
      where.push("h.name = ?");
      params.push(filter.name.normalize("NFC"));
    }
    if (filter.entity != null) {
      where.push("h.entity = ?");
      params.push(filter.entity);
    }
    if (filter.entityId != null) {
      where.push("h.entity_id = ?");
      params.push(filter.entityId);
    }
    if (filter.groupId != null) {
      where.push("h.group_id = ?");
      params.push(filter.groupId);
    }
    const filtered = where.length > 0 ? ` where ${where.join(" and ")}` : "";
    const paged = [...where, ...(after != null ? ["h.seq < ?"] : [])];
    const rows = this.sqlite
      .prepare(`${SELECT}${paged.length > 0 ? ` where ${paged.join(" and ")}` : ""} order by h.seq desc limit ? /* history */`)
      .all(...params, ...(after != null ? [after] : []), limit + 1) as HistoryRow[];
    const total = (this.sqlite.prepare(`select count(*) as n from change_history h${filtered} /* history */`).get(...params) as { n: number }).n;
    return toPage(rows.map(toRecord), limit, req, total, (c) => c.seq);
  }

  change(seq: number): ChangeRecord | undefined {
    const row = this.sqlite.prepare(`${SELECT} where h.seq = ? /* history */`).get(seq) as HistoryRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Changes after `seq`, oldest first (a feed: subscriptions, other processes' writes). */
  changesAfter(seq: number, limit = 1000): ChangeRecord[] {
    return (this.sqlite.prepare(`${SELECT} where h.seq > ? order by h.seq limit ? /* history */`).all(seq, limit) as HistoryRow[]).map(toRecord);
  }

  /** The changes of these change-log seqs, oldest first (health rows have none). */
  changesIn(seqs: readonly number[]): ChangeRecord[] {
    if (seqs.length === 0) return [];
    return (this.sqlite.prepare(`${SELECT} where h.seq in (select value from json_each(?)) order by h.seq /* history */`).all(JSON.stringify(seqs)) as HistoryRow[]).map(toRecord);
  }

  changeSet(id: number): ChangeSetRecord | undefined {
    const row = this.sqlite.prepare("select id, at, actor, source, summary, reverts_set, reverts_change from change_sets where id = ? and open = 0 /* history */").get(id) as
      | SetRow
      | undefined;
    return row ? toSetRecord(row) : undefined;
  }

  /** The changes of one set, oldest first (the order they were written in). */
  changesOfSet(id: number, req: PageRequest): Page<ChangeRecord> {
    const limit = pageSize(req.first);
    const after = req.after != null ? decodeCursor<number>(req.after, "number") : null;
    const rows = this.sqlite
      .prepare(`${SELECT} where h.change_set = ? and h.seq > ? order by h.seq limit ? /* history */`)
      .all(id, after ?? 0, limit + 1) as HistoryRow[];
    return toPage(rows.map(toRecord), limit, req, this.countOfSet(id), (c) => c.seq);
  }

  countOfSet(id: number): number {
    return (this.sqlite.prepare("select count(*) as n from change_history where change_set = ? /* history */").get(id) as { n: number }).n;
  }

  /** The newest set that reverted this whole set, if any. */
  revertedBy(setId: number): number | null {
    const row = this.sqlite.prepare("select id from change_sets where reverts_set = ? order by id desc limit 1 /* history */").get(setId) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /**
   * Undoes one change or a whole change set, as a new change set with source REVERT, in one
   * transaction; refused (CONFLICT) naming the later change when the entity changed since.
   */
  revert(target: HistoryTarget): RevertResult {
    return revert(this.db, target);
  }
}
