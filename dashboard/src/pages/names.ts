// Names: every model group and alias with what it resolves to now, its health and its facts.
import { gql } from "../api.ts";
import { append, badge, h, nameLink, price, table, tag, tokens } from "../dom.ts";
import type { Route, View } from "../main.ts";
import { NAMES } from "../operations.ts";

const PAGE = 50;

interface Facts {
  contextWindow: number | null;
  inputPrice: number | null;
  outputPrice: number | null;
}
interface Page<T> {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  edges: { node: T }[];
}
interface GroupRow {
  name: string;
  pattern: boolean;
  health: string;
  deployments: { enabled: boolean; prefixedId: string; provider: { name: string }; health: { status: string } }[];
  facts: Facts;
}
interface AliasRow {
  name: string;
  hidden: boolean;
  target: { name: string };
  provider: { name: string } | null;
  prefixedId: string | null;
  health: string;
  facts: Facts;
}

const SELECTION_ORDER = ["HEALTHY", "DEGRADED", "UNKNOWN"];

/**
 * The deployment resolution selects in a group (DESIGN.md, Resolution): the first healthy
 * candidate, else the first degraded, else the first unknown, else the first. `deployments` lists
 * the enabled ones in candidate order first.
 */
export function selected<T extends { enabled: boolean; health: { status: string } }>(deployments: T[]): T | undefined {
  const candidates = deployments.filter((d) => d.enabled);
  for (const status of SELECTION_ORDER) {
    const found = candidates.find((d) => d.health.status === status);
    if (found) return found;
  }
  return candidates[0];
}

function factCells(facts: Facts) {
  return [tokens(facts.contextWindow), price(facts.inputPrice), price(facts.outputPrice)];
}

function pager(route: Route, key: "groupsAfter" | "aliasesAfter", page: Page<unknown>): HTMLElement | null {
  const query = new URLSearchParams(route.query);
  const links: HTMLElement[] = [];
  if (query.has(key)) {
    const first = new URLSearchParams(query);
    first.delete(key);
    links.push(h("a", { href: `#/names?${first}` }, "first page"));
  }
  if (page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
    query.set(key, page.pageInfo.endCursor);
    links.push(h("a", { href: `#/names?${query}` }, "next page"));
  }
  return links.length ? h("p", { class: "pager" }, links) : null;
}

export const namesView: View = {
  live: true,
  async render(root, route) {
    const search = route.query.get("search") ?? "";
    const data = await gql<{ modelGroups: Page<GroupRow>; aliases: Page<AliasRow> }>(NAMES, {
      first: PAGE,
      groupsAfter: route.query.get("groupsAfter"),
      aliasesAfter: route.query.get("aliasesAfter"),
      search: search || null,
    });
    const groups = data.modelGroups.edges.map((edge) => edge.node);
    const needle = search.toLowerCase();
    const aliases = data.aliases.edges.map((edge) => edge.node).filter((alias) => alias.name.toLowerCase().includes(needle));

    const form = h(
      "form",
      {
        class: "inline",
        on: {
          submit: (event) => {
            event.preventDefault();
            const value = (form.elements.namedItem("search") as HTMLInputElement).value.trim();
            location.hash = value ? `#/names?search=${encodeURIComponent(value)}` : "#/names";
          },
        },
      },
      h("input", { name: "search", type: "search", placeholder: "part of a name", value: search, "aria-label": "Search names" }),
      h("button", { type: "submit" }, "Search"),
    );

    append(root, [
      h("h1", null, "Names"),
      h("p", { class: "toolbar" }, form, h("a", { class: "button", href: "#/alias/new" }, "Add alias")),
      h("h2", null, `Model groups (${data.modelGroups.totalCount})`),
      groups.length === 0
        ? h("p", { class: "muted" }, search ? `No group name contains "${search}".` : "No model groups yet: import a LiteLLM or nanobot config, or create one.")
        : table(
            ["name", "health", "selected provider", "prefixed id", "deployments", "context", "input $/M", "output $/M"],
            groups.map((group) => {
              const chosen = selected(group.deployments);
              const enabled = group.deployments.filter((d) => d.enabled).length;
              return {
                attributes: { "data-name": group.name, "data-kind": "group" },
                cells: [
                  [nameLink(group.name), group.pattern ? tag("pattern") : null],
                  badge(group.health),
                  chosen?.provider.name ?? "—",
                  chosen ? h("code", null, chosen.prefixedId) : "—",
                  `${enabled}${enabled < group.deployments.length ? ` (+${group.deployments.length - enabled} disabled)` : ""}`,
                  ...factCells(group.facts),
                ],
              };
            }),
            { class: "names", id: "groups" },
          ),
      pager(route, "groupsAfter", data.modelGroups),
      h("h2", null, `Aliases (${data.aliases.totalCount})`),
      aliases.length === 0
        ? h("p", { class: "muted" }, search ? `No alias on this page contains "${search}".` : "No aliases yet.")
        : table(
            ["name", "target", "health", "selected provider", "prefixed id", "context", "input $/M", "output $/M", ""],
            aliases.map((alias) => ({
              attributes: { "data-name": alias.name, "data-kind": "alias" },
              cells: [
                [nameLink(alias.name), alias.hidden ? tag("hidden") : null],
                nameLink(alias.target.name),
                badge(alias.health),
                alias.provider?.name ?? "—",
                alias.prefixedId ? h("code", null, alias.prefixedId) : "—",
                ...factCells(alias.facts),
                h("a", { href: `#/alias/edit/${encodeURIComponent(alias.name)}` }, "edit"),
              ],
            })),
            { class: "names", id: "aliases" },
          ),
      pager(route, "aliasesAfter", data.aliases),
    ]);
  },
};
