/**
 * Opens and closes change sets around write transactions (called by the transaction wrapper of
 * src/db/client.ts; docs/history.md). `begin` runs right after BEGIN IMMEDIATE when an actor is
 * set (src/history/actor.ts) and inserts the set `open`; the history triggers file their rows
 * under the open set; `end` runs just before COMMIT and closes it, or deletes it when the
 * transaction recorded no catalog row (a health batch, a refused import). A rollback takes the set
 * with it, so an open set is never committed and no transaction leaves an empty one.
 */
import type Database from "better-sqlite3";
import { currentActor } from "./actor.ts";

export class ChangeSetRecorder {
  private statements: { open: Database.Statement; dropEmpty: Database.Statement; close: Database.Statement } | undefined;

  constructor(private readonly sqlite: Database.Database) {}

  /** Inside a write transaction: the id of the set it opened, or undefined (no actor, or the database has no history tables yet). */
  begin(): number | undefined {
    const actor = currentActor();
    if (!actor) return undefined;
    const s = this.prepared();
    if (!s) return undefined;
    return Number(s.open.run(Date.now(), actor.actor, actor.source, actor.summary ?? null).lastInsertRowid);
  }

  /** Before commit: closes the set, or deletes it if nothing was recorded under it. */
  end(id: number): void {
    const s = this.statements!;
    if (s.dropEmpty.run(id, id).changes === 0) s.close.run(id);
  }

  private prepared() {
    if (this.statements) return this.statements;
    // Before migrations have run (or on a database opened without them) there is nothing to record into.
    if (!this.sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'change_sets' /* history */").get()) return undefined;
    this.statements = {
      open: this.sqlite.prepare("insert into change_sets (at, actor, source, summary, open) values (?, ?, ?, ?, 1) /* history */"),
      dropEmpty: this.sqlite.prepare("delete from change_sets where id = ? and not exists (select 1 from change_history where change_set = ?) /* history */"),
      close: this.sqlite.prepare("update change_sets set open = 0 where id = ? /* history */"),
    };
    return this.statements;
  }
}
