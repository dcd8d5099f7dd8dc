import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { WalIndexStamp } from "../src/read/wal-stamp.ts";

/*
 * The snapshot's version check on a file (src/read/wal-stamp.ts): the wal-index header read from
 * the -shm file must change with every commit, of this connection, of another connection and of
 * another process, and stay the same while nothing is committed. Where there is no wal-index the
 * reader is absent and the snapshot store asks SQLite (test/read-path.test.ts, in-memory server).
 */

const run = promisify(execFile);
const folders: string[] = [];
const open: Database.Database[] = [];
afterAll(() => {
  for (const db of open.splice(0)) db.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function walFile(): { path: string; a: Database.Database; b: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), "modelgraph-wal-stamp-"));
  folders.push(dir);
  const path = join(dir, "x.db");
  const a = new Database(path);
  a.pragma("journal_mode = WAL");
  a.exec("create table t (x integer)");
  const b = new Database(path);
  open.push(a, b);
  return { path, a, b };
}

describe("the wal-index stamp", () => {
  it("changes with each commit of any connection and stays put without one", () => {
    const { a, b } = walFile();
    const stamp = WalIndexStamp.open(a)!;
    expect(stamp).toBeDefined();
    const seen = new Set<string>();
    let last = stamp.read()!;
    expect(last).toHaveLength(48);
    seen.add(last);
    const commits: [string, () => void][] = [
      ["other connection", () => b.prepare("insert into t values (1)").run()],
      ["own connection", () => a.prepare("insert into t values (2)").run()],
      ["a transaction of two rows", () => b.transaction(() => b.prepare("insert into t values (3), (4)").run())()],
      ["an update", () => a.prepare("update t set x = x + 1").run()],
      ["a delete", () => b.prepare("delete from t where x = 2").run()],
    ];
    for (const [what, commit] of commits) {
      expect(stamp.read(), `${what}: before`).toBe(last);
      commit();
      const next = stamp.read()!;
      expect(next, what).not.toBe(last);
      expect(seen.has(next), `${what}: a stamp seen before`).toBe(false);
      seen.add(next);
      last = next;
    }
    // Reads and a rolled-back write commit nothing.
    b.prepare("select count(*) from t").get();
    try {
      b.transaction(() => {
        b.prepare("insert into t values (9)").run();
        throw new Error("roll back");
      })();
    } catch {
      // rolled back
    }
    expect(stamp.read()).toBe(last);
    stamp.close();
    expect(stamp.read()).toBeUndefined();
  });

  it("changes with a commit of another process, and after a checkpoint restarts the WAL", async () => {
    const { path, a, b } = walFile();
    const stamp = WalIndexStamp.open(a)!;
    const before = stamp.read()!;
    const script = `const D = require(${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))}); const d = new D(${JSON.stringify(path)}); d.prepare("insert into t values (7)").run(); d.close();`;
    await run(process.execPath, ["-e", script]);
    const afterProcess = stamp.read()!;
    expect(afterProcess).not.toBe(before);
    expect(a.prepare("select count(*) as n from t").get()).toEqual({ n: 1 });
    b.pragma("wal_checkpoint(TRUNCATE)");
    const afterCheckpoint = stamp.read();
    b.prepare("insert into t values (8)").run();
    const afterRestart = stamp.read()!;
    expect(afterRestart).not.toBe(afterProcess);
    expect(afterRestart).not.toBe(afterCheckpoint);
    stamp.close();
  });

  it("is absent where there is no wal-index: in memory, or a rollback journal", () => {
    const memory = new Database(":memory:");
    open.push(memory);
    expect(WalIndexStamp.open(memory)).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), "modelgraph-wal-stamp-"));
    folders.push(dir);
    const journal = new Database(join(dir, "j.db"));
    open.push(journal);
    journal.exec("create table t (x)");
    expect(WalIndexStamp.open(journal)).toBeUndefined();
  });
});
