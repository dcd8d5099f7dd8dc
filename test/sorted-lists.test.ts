/**
 * The snapshot's sorted lists are built when first read (src/read/snapshot.ts SortedList): a
 * write only records what it removed and added. Long runs of writes nobody reads, reads at random
 * points among them, and versions read out of order must all give what a fresh build gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AliasRow, ModelGroupRow } from "../src/db/schema.ts";
import { applyChanges, buildSnapshot, dumpSnapshot, type CatalogRows, type CatalogSnapshot } from "../src/read/snapshot.ts";

const AT = new Date(1_700_000_000_000);

function groupRow(id: number): ModelGroupRow {
  return { id, name: `g-${id}`, description: null, mode: "chat", fallbacks: null, passthrough: false, createdAt: AT, updatedAt: AT };
}

function aliasRow(id: number, name: string, groupId: number): AliasRow {
  return { id, name, groupId, hidden: id % 7 === 0, description: null, createdAt: AT, updatedAt: AT };
}

// Copies: a snapshot takes the rows it is given as its entries (and freezes them).
const rowsOf = (groups: ModelGroupRow[], aliases: Map<number, AliasRow>): CatalogRows => ({
  providers: [],
  groups: groups.map((g) => ({ ...g })),
  deployments: [],
  aliases: [...aliases.values()].map((a) => ({ ...a })),
  health: [],
  registries: [],
  documents: [],
});

type Write = { kind: "add"; name: string } | { kind: "rename"; pick: number; name: string } | { kind: "remove"; pick: number };

const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z]{1,4}$/).map((name) => ({ kind: "add" as const, name })) },
  { weight: 2, arbitrary: fc.record({ pick: fc.nat(), name: fc.stringMatching(/^[a-z]{1,4}$/) }).map((w) => ({ kind: "rename" as const, ...w })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "remove" as const, pick })) },
);

describe("sorted lists built on first read", () => {
  it("equal a fresh build after any run of writes, whichever versions are read and when", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(write, fc.nat({ max: 9 })), { minLength: 1, maxLength: 400 }), (steps) => {
        const groups = [groupRow(1), groupRow(2)];
        const aliases = new Map<number, AliasRow>();
        for (let id = 1; id <= 20; id++) aliases.set(id, aliasRow(id, `seed-${String(id).padStart(2, "0")}`, 1 + (id % 2)));
        let nextId = 100;
        let snapshot = buildSnapshot(rowsOf(groups, aliases), 0);
        const kept: { snapshot: CatalogSnapshot; dump: unknown }[] = [];
        const names = () => new Set([...aliases.values()].map((a) => a.name));
        steps.forEach(([w, read], i) => {
          const ids = [...aliases.keys()];
          let changed: number | undefined;
          if (w.kind === "add" && !names().has(w.name) && !w.name.startsWith("g-")) {
            changed = nextId++;
            aliases.set(changed, aliasRow(changed, w.name, 1 + (changed % 2)));
          } else if (w.kind === "rename" && ids.length > 0 && !names().has(w.name)) {
            changed = ids[w.pick % ids.length]!;
            aliases.set(changed, { ...aliases.get(changed)!, name: w.name });
          } else if (w.kind === "remove" && ids.length > 0) {
            changed = ids[w.pick % ids.length]!;
            aliases.delete(changed);
          }
          if (changed === undefined) return;
          const row = aliases.get(changed);
          snapshot = applyChanges(snapshot, { aliases: { ids: new Set([changed]), rows: row ? [{ ...row }] : [] } }, i + 1);
          // Read now (0), keep this version to read after later writes (1), or leave it unread.
          if (read === 0) expect(dumpSnapshot(snapshot)).toEqual(dumpSnapshot(buildSnapshot(rowsOf(groups, aliases), i + 1)));
          if (read === 1) kept.push({ snapshot, dump: dumpSnapshot(buildSnapshot(rowsOf(groups, aliases), i + 1)) });
        });
        expect(dumpSnapshot(snapshot)).toEqual(dumpSnapshot(buildSnapshot(rowsOf(groups, aliases), snapshot.version)));
        // Older versions, read last and newest first: each still gives its own lists.
        for (const { snapshot: old, dump } of kept.reverse()) expect(dumpSnapshot(old)).toEqual(dump);
      }),
      { numRuns: 40 },
    );
  });

  it("give the same array on every read of a version, and share it with versions whose list did not change", () => {
    const groups = [groupRow(1)];
    const aliases = new Map([[1, aliasRow(1, "a", 1)]]);
    const first = buildSnapshot(rowsOf(groups, aliases), 0);
    aliases.set(2, aliasRow(2, "b", 1));
    const second = applyChanges(first, { aliases: { ids: new Set([2]), rows: [{ ...aliases.get(2)! }] } }, 1);
    expect(second.aliasesSorted).toBe(second.aliasesSorted);
    expect(second.aliasesSorted.map((a) => a.name)).toEqual(["a", "b"]);
    expect(second.groupsSorted).toBe(first.groupsSorted);
    expect(Object.isFrozen(second.aliasesSorted)).toBe(true);
    // A version past the bound on unbuilt patches (256) builds its list when written.
    let s = second;
    for (let id = 3; id < 600; id++) {
      aliases.set(id, aliasRow(id, `n-${String(id).padStart(3, "0")}`, 1));
      s = applyChanges(s, { aliases: { ids: new Set([id]), rows: [{ ...aliases.get(id)! }] } }, id);
    }
    expect(s.aliasesSorted.length).toBe(599);
    expect(dumpSnapshot(s)).toEqual(dumpSnapshot(buildSnapshot(rowsOf(groups, aliases), s.version)));
  });
});
