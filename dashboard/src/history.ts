// The change history (DESIGN.md section 3: `changes`, `Change`, `revertChange`), shown as a table
// with what each change did and a button that undoes it.
import { gql } from "./api.ts";
import { h, nameLink, table, when } from "./dom.ts";
import { REVERT_CHANGE } from "./operations.ts";

export interface Change {
  id: string;
  at: string;
  actor: string;
  source: string | null;
  entity: string;
  name: string | null;
  action: string;
  before: unknown;
  after: unknown;
  revertedBy: { id: string } | null;
  changeSet: { id: string; summary: string | null; changeCount: number } | null;
}

/** Entities whose `name` is a public name or provider (a registry's or document's is its format). */
const NAMED = new Set(["ALIAS", "MODEL_GROUP", "DEPLOYMENT"]);

function parsed(value: unknown): Record<string, unknown> | null {
  if (typeof value === "string") {
    try {
      return parsed(JSON.parse(value));
    } catch {
      return { value };
    }
  }
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

function show(value: unknown): string {
  if (value === undefined) return "—";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The fields a change touched: `field: before → after` (an insert or delete lists its fields once). */
export function summary(change: Change): HTMLElement {
  const before = parsed(change.before);
  const after = parsed(change.after);
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (key) => !["id", "createdAt", "updatedAt", "created_at", "updated_at"].includes(key),
  );
  const lines = keys
    .filter((key) => !before || !after || JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => {
      if (!before) return h("li", null, h("code", null, key), ` ${show(after![key])}`);
      if (!after) return h("li", null, h("code", null, key), ` was ${show(before[key])}`);
      return h("li", null, h("code", null, key), ` ${show(before[key])} → ${show(after[key])}`);
    });
  return lines.length ? h("ul", { class: "diff" }, lines.slice(0, 8), lines.length > 8 ? h("li", { class: "muted" }, `${lines.length - 8} more`) : null) : h("span", { class: "muted" }, "no field changed");
}

/** Tells the page that the catalog changed here (it re-reads without waiting for the server's event). */
export function announceChange(): void {
  window.dispatchEvent(new Event("modelgraph:changed"));
}

/** A table of changes, each with Revert (and Revert set for a write of several rows, like an import). */
export function changeTable(changes: Change[]): HTMLElement {
  if (changes.length === 0) return h("p", { class: "muted" }, "No changes recorded.");
  return table(
    ["when", "who", "source", "what", "change", ""],
    changes.map((change) => ({
      attributes: { "data-change": change.id, "data-name": change.name ?? "", "data-action": change.action },
      cells: [
        when(change.at),
        change.actor,
        [change.source?.toLowerCase() ?? "—", change.changeSet?.summary ? h("div", { class: "muted small" }, change.changeSet.summary) : null],
        [
          h("span", { class: "action" }, `${change.action.toLowerCase()} ${change.entity.toLowerCase().replace("_", " ")} `),
          change.name ? (NAMED.has(change.entity) ? nameLink(change.name) : change.name) : null,
        ],
        summary(change),
        change.revertedBy
          ? h("span", { class: "tag", "data-reverted": "true" }, "reverted")
          : [
              revertButton(change.id, "Revert", "Undo this change (as a new change)"),
              change.changeSet && change.changeSet.changeCount > 1
                ? revertButton(change.changeSet.id, `Revert set (${change.changeSet.changeCount})`, "Undo the whole write this change was part of (an import is one set)")
                : null,
            ],
      ],
    })),
    { class: "changes" },
  );
}

/**
 * What a Revert click came to, by change or set id: kept across re-reads of the page (which
 * replace the table), so a refusal stays on screen until the operator leaves.
 */
const outcomes = new Map<string, { text: string; error: boolean; busy: boolean }>();

function revertButton(id: string, label: string, title: string): HTMLElement {
  const status = h("span", { class: "revert-status", role: "status" });
  const button = h("button", { type: "button", class: "revert", title }, label);
  const show = () => {
    const outcome = outcomes.get(id);
    status.textContent = outcome?.text ?? "";
    status.classList.toggle("error", outcome?.error ?? false);
    button.disabled = outcome?.busy ?? false;
  };
  button.addEventListener("click", async () => {
    outcomes.set(id, { text: "reverting…", error: false, busy: true });
    show();
    try {
      const { revertChange } = await gql<{ revertChange: { changeSet: { id: string; changeCount: number }; warnings: string[] } }>(REVERT_CHANGE, { id });
      outcomes.set(id, {
        text: `reverted (${revertChange.changeSet.changeCount} rows written)${revertChange.warnings.length ? `: ${revertChange.warnings.join("; ")}` : ""}`,
        error: false,
        busy: false,
      });
      announceChange();
    } catch (error) {
      outcomes.set(id, { text: error instanceof Error ? error.message : String(error), error: true, busy: false });
    }
    // The table may have been re-read meanwhile: update the row on screen, whichever it is.
    for (const element of document.querySelectorAll<HTMLElement>(`[data-revert="${CSS.escape(id)}"]`)) element.dispatchEvent(new Event("outcome"));
  });
  const cell = h("span", { class: "revert-cell", "data-revert": id }, button, " ", status);
  cell.addEventListener("outcome", show);
  show();
  return cell;
}
