// One name: what it resolves to, its candidates in order with their health over 24 hours, its
// fallbacks and its history.
import { gql } from "../api.ts";
import { uptimeChart, type Sample } from "../chart.ts";
import { append, badge, errorBox, h, ms, nameLink, percent, price, table, tag, tokens, when } from "../dom.ts";
import { changeTable, type Change } from "../history.ts";
import type { View } from "../main.ts";
import { DEPLOYMENT_HISTORY, NAME_DETAIL, NAME_GROUP, NAME_HISTORY } from "../operations.ts";

interface Candidate {
  selected: boolean;
  prefixedId: string;
  model: string;
  apiBase: string | null;
  provider: { name: string };
  deployment: { id: string; enabled: boolean; priority: number; weight: number; group: { name: string } } | null;
  health: {
    status: string;
    checkedAt: string | null;
    latencyMs: number | null;
    error: string | null;
    consecutiveFailures: number;
    latencyP50: number | null;
    latencyP95: number | null;
    uptime: number | null;
  };
}

/** Candidates drawn with their 24 h strip (the rest show their uptime figure only). */
const CHARTED = 10;

/** The probe results of the first CHARTED candidates' deployments, by deployment id. */
async function histories(candidates: Candidate[]): Promise<Map<string, Sample[]>> {
  const ids = candidates.slice(0, CHARTED).flatMap((c) => (c.deployment ? [c.deployment.id] : []));
  const answers = await Promise.all(
    ids.map((id) => gql<{ deployment: { health: { history: Sample[] } } | null }>(DEPLOYMENT_HISTORY, { id }).then((d) => [id, d.deployment?.health.history ?? []] as const)),
  );
  return new Map(answers);
}

interface Resolution {
  name: string;
  kind: string;
  prefixedId: string | null;
  apiBase: string | null;
  health: string;
  allUnhealthy: boolean;
  trace: string[];
  provider: { name: string } | null;
  alias: { name: string; hidden: boolean; description: string | null; target: { name: string } } | null;
  group: { name: string } | null;
  fallbacks: { kind: string; to: string[] }[];
  facts: { contextWindow: number | null; maxOutputTokens: number | null; inputPrice: number | null; outputPrice: number | null; capabilities: string[] };
  candidates: Candidate[];
}

interface History {
  history: { edges: { node: Change }[] };
}

interface Group {
  name: string;
  description: string | null;
  mode: string;
  pattern: boolean;
  aliases: { name: string; hidden: boolean }[];
  deployments: { id: string; enabled: boolean; prefixedId: string; provider: { name: string } }[];
}

export function candidateTable(candidates: Candidate[], samples: Map<string, Sample[]>): HTMLElement {
  if (candidates.length === 0) return h("p", { class: "muted" }, "No enabled candidate.");
  return table(
    ["#", "provider", "prefixed id", "health", "uptime 24 h", "last 24 h", "latency p50 / p95", "last probe"],
    candidates.map((candidate, index) => ({
      attributes: { "data-prefixed-id": candidate.prefixedId, class: candidate.selected ? "selected" : null },
      cells: [
        [String(index + 1), candidate.selected ? tag("selected") : null],
        candidate.provider.name,
        [h("code", null, candidate.prefixedId), candidate.apiBase ? h("div", { class: "muted small" }, candidate.apiBase) : null],
        [badge(candidate.health.status), candidate.health.error ? h("div", { class: "error small" }, candidate.health.error) : null],
        percent(candidate.health.uptime),
        candidate.deployment && samples.has(candidate.deployment.id) ? uptimeChart(samples.get(candidate.deployment.id)!) : h("span", { class: "muted" }, "—"),
        `${ms(candidate.health.latencyP50)} / ${ms(candidate.health.latencyP95)}`,
        [when(candidate.health.checkedAt), candidate.health.latencyMs !== null ? h("div", { class: "muted small" }, ms(candidate.health.latencyMs)) : null],
      ],
    })),
    { class: "candidates" },
  );
}

export function fallbackList(fallbacks: Resolution["fallbacks"]): HTMLElement {
  if (fallbacks.length === 0) return h("p", { class: "muted" }, "No fallbacks: a failing call has nowhere to go.");
  return h(
    "ul",
    { class: "fallbacks" },
    fallbacks.map((rule) => h("li", null, h("strong", null, rule.kind.toLowerCase().replace("_", " ")), ": ", rule.to.flatMap((to, i) => [i ? " → " : "", nameLink(to)]))),
  );
}

export const detailView: View = {
  live: true,
  async render(root, route) {
    const name = route.parts.join("/");
    const resolution = (await gql<{ resolve: Resolution }>(NAME_DETAIL, { name })).resolve;
    const groupName = resolution.alias?.target.name ?? resolution.group?.name ?? (resolution.kind === "MODEL_GROUP" ? resolution.name : null);
    const [group, history, samples] = await Promise.all([
      groupName ? gql<{ modelGroup: Group | null }>(NAME_GROUP, { name: groupName }).then((d) => d.modelGroup) : Promise.resolve(null),
      gql<{ alias: History | null; modelGroup: History | null }>(NAME_HISTORY, { name }).then(
        (d) => (d.alias ?? d.modelGroup)?.history.edges.map((e) => e.node) ?? [],
        (error: unknown) => error,
      ),
      histories(resolution.candidates),
    ]);
    const alias = resolution.alias;
    const disabled = group?.deployments.filter((d) => !d.enabled) ?? [];
    append(root, [
      h("h1", null, name, " ", badge(resolution.health)),
      h(
        "dl",
        { class: "facts" },
        h("dt", null, "kind"),
        h("dd", null, resolution.kind.toLowerCase().replace("_", " ")),
        alias ? [h("dt", null, "target"), h("dd", null, nameLink(alias.target.name), alias.hidden ? [" ", tag("hidden")] : null)] : null,
        alias?.description || group?.description ? [h("dt", null, "description"), h("dd", null, alias?.description ?? group?.description ?? "")] : null,
        h("dt", null, "selected"),
        h("dd", null, resolution.prefixedId ? [h("code", null, resolution.prefixedId), ` on ${resolution.provider?.name ?? "?"}`] : "nothing"),
        h("dt", null, "API base"),
        h("dd", null, resolution.apiBase ?? "—"),
        h("dt", null, "context"),
        h("dd", null, tokens(resolution.facts.contextWindow), resolution.facts.maxOutputTokens ? ` (output ${tokens(resolution.facts.maxOutputTokens)})` : ""),
        h("dt", null, "price $/M"),
        h("dd", null, `${price(resolution.facts.inputPrice)} in, ${price(resolution.facts.outputPrice)} out`),
        resolution.facts.capabilities.length ? [h("dt", null, "capabilities"), h("dd", null, resolution.facts.capabilities.map((c) => tag(c.toLowerCase())))] : null,
        group && group.aliases.length ? [h("dt", null, "aliases"), h("dd", null, group.aliases.flatMap((a, i) => [i ? ", " : "", nameLink(a.name), a.hidden ? " (hidden)" : ""]))] : null,
      ),
      resolution.allUnhealthy ? h("p", { class: "error" }, "Every candidate is unhealthy: resolution answers with the first anyway.") : null,
      alias ? h("p", null, h("a", { class: "button", href: `#/alias/edit/${encodeURIComponent(alias.name)}` }, "Edit alias")) : null,
      h("h2", null, "Candidates, in order"),
      candidateTable(resolution.candidates, samples),
      disabled.length ? h("p", { class: "muted" }, `Disabled (never candidates, never probed): ${disabled.map((d) => d.prefixedId).join(", ")}`) : null,
      h("h2", null, "Fallbacks"),
      fallbackList(resolution.fallbacks),
      h("h2", null, "How it resolves"),
      h("ol", { class: "trace" }, resolution.trace.map((step) => h("li", null, step))),
      h("h2", null, "History"),
      Array.isArray(history) ? changeTable(history) : errorBox(history),
    ]);
  },
};
