// The change history of the whole catalog, newest first, with Revert on each change.
import { gql } from "../api.ts";
import { h } from "../dom.ts";
import { changeTable, type Change } from "../history.ts";
import type { View } from "../main.ts";
import { CHANGES } from "../operations.ts";

const PAGE = 50;

export const changesView: View = {
  live: true,
  async render(root, route) {
    const name = route.query.get("name") || null;
    const after = route.query.get("after");
    const { changes } = await gql<{ changes: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: { node: Change }[] } }>(CHANGES, {
      first: PAGE,
      after,
      name,
    });
    const input = h("input", { name: "name", type: "search", value: name ?? "", placeholder: "a name", "aria-label": "Only changes of this name" });
    const next = new URLSearchParams(route.query);
    if (changes.pageInfo.endCursor) next.set("after", changes.pageInfo.endCursor);
    const first = new URLSearchParams(route.query);
    first.delete("after");
    root.append(
      h("h1", null, `Changes (${changes.totalCount})`),
      h("p", { class: "muted" }, "Every committed write: mutations, imports (one change set each), the CLI and reverts. A revert is itself a change, and is refused when a later change conflicts."),
      h(
        "form",
        {
          class: "inline",
          on: {
            submit: (event) => {
              event.preventDefault();
              location.hash = input.value.trim() ? `#/changes?name=${encodeURIComponent(input.value.trim())}` : "#/changes";
            },
          },
        },
        input,
        h("button", { type: "submit" }, "Filter"),
      ),
      changeTable(changes.edges.map((e) => e.node)),
      h(
        "p",
        { class: "pager" },
        after ? h("a", { href: `#/changes?${first}` }, "newest") : null,
        " ",
        changes.pageInfo.hasNextPage ? h("a", { href: `#/changes?${next}` }, "older") : null,
      ),
    );
  },
};
