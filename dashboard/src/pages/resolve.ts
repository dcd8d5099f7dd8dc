// The resolve box: what a client sending this name gets, and every step that decided it.
import { ApiError, gql } from "../api.ts";
import { append, badge, errorBox, h, nameLink, table } from "../dom.ts";
import type { View } from "../main.ts";
import { fallbackList } from "./detail.ts";
import { RESOLVE } from "../operations.ts";

interface Resolution {
  name: string;
  kind: string;
  prefixedId: string | null;
  model: string | null;
  apiBase: string | null;
  health: string;
  allUnhealthy: boolean;
  trace: string[];
  provider: { name: string; type: { id: string } } | null;
  fallbacks: { kind: string; to: string[] }[];
  candidates: { selected: boolean; prefixedId: string; apiBase: string | null; provider: { name: string }; health: { status: string; error: string | null } }[];
}

async function answer(name: string): Promise<HTMLElement> {
  let resolution: Resolution;
  try {
    resolution = (await gql<{ resolve: Resolution }>(RESOLVE, { name })).resolve;
  } catch (error) {
    const suggestions = error instanceof ApiError ? (error.errors[0]?.extensions?.suggestions ?? []) : [];
    return h(
      "div",
      { class: "result", "data-kind": error instanceof ApiError ? (error.code ?? "ERROR") : "ERROR" },
      errorBox(error),
      suggestions.length ? h("p", null, "Closest names: ", suggestions.flatMap((s, i) => [i ? ", " : "", h("a", { href: `#/resolve?name=${encodeURIComponent(s)}` }, s)])) : null,
    );
  }
  return h(
    "div",
    { class: "result", "data-kind": resolution.kind },
    h(
      "p",
      { class: "answer" },
      h("code", { class: "prefixed-id" }, resolution.prefixedId ?? "nothing selected"),
      " ",
      badge(resolution.health),
      ` (${resolution.kind.toLowerCase().replace("_", " ")}`,
      resolution.provider ? `, provider ${resolution.provider.name} of type ${resolution.provider.type.id}` : "",
      resolution.apiBase ? `, at ${resolution.apiBase}` : "",
      ")",
    ),
    resolution.allUnhealthy ? h("p", { class: "error" }, "Every candidate is unhealthy: the first is returned anyway.") : null,
    h("h2", null, "Trace"),
    h("ol", { class: "trace" }, resolution.trace.map((step) => h("li", null, step))),
    h("h2", null, "Candidates"),
    resolution.candidates.length
      ? table(
          ["", "provider", "prefixed id", "API base", "health"],
          resolution.candidates.map((c) => [c.selected ? "→" : "", c.provider.name, h("code", null, c.prefixedId), c.apiBase ?? "—", badge(c.health.status)]),
        )
      : h("p", { class: "muted" }, "none"),
    h("h2", null, "Fallbacks"),
    fallbackList(resolution.fallbacks),
    ["ALIAS", "MODEL_GROUP"].includes(resolution.kind) ? h("p", null, "Details: ", nameLink(resolution.name)) : null,
  );
}

export const resolveView: View = {
  live: false,
  async render(root, route) {
    const name = route.query.get("name") ?? "";
    const input = h("input", { name: "name", type: "text", value: name, placeholder: "smart, gpt-4o, openrouter/anthropic/claude-opus-4-5", required: true, "aria-label": "Name to resolve", size: 48 });
    const form = h(
      "form",
      {
        class: "inline",
        on: {
          submit: (event) => {
            event.preventDefault();
            location.hash = `#/resolve?name=${encodeURIComponent(input.value.trim())}`;
          },
        },
      },
      input,
      h("button", { type: "submit" }, "Resolve"),
    );
    append(root, [
      h("h1", null, "Resolve"),
      h("p", { class: "muted" }, "What a client sending this name gets: an alias, a group, <provider>/<model>, or a pattern. Resolving sends no traffic upstream."),
      form,
      name ? await answer(name) : null,
    ]);
  },
};
