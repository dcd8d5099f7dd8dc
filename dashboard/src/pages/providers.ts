// Providers and their upstreams: one cell per upstream (provider, model, API base), the unit health
// is stored and probed for, however many deployments and names share it.
import { gql } from "../api.ts";
import { append, badge, errorBox, h, ms, nameLink, table, when } from "../dom.ts";
import { announceChange } from "../history.ts";
import type { View } from "../main.ts";
import { CHECK_HEALTH, PROVIDERS } from "../operations.ts";

interface Deployment {
  id: string;
  model: string;
  apiBase: string | null;
  enabled: boolean;
  group: { name: string };
  health: { status: string; checkedAt: string | null; latencyMs: number | null; error: string | null };
}
interface Provider {
  name: string;
  displayName: string | null;
  apiBase: string | null;
  apiKeyConfigured: boolean;
  type: { id: string; apiStyle: string };
  deployments: { totalCount: number; edges: { node: Deployment }[] };
}
interface Summary {
  deployments: number;
  healthy: number;
  degraded: number;
  unhealthy: number;
  unknown: number;
}

/** The upstream table lists at most this many, worst first (the grid shows them all). */
const DETAILS = 200;
const SEVERITY = ["UNHEALTHY", "DEGRADED", "UNKNOWN", "HEALTHY"];

/** Deployments sharing (model, effective API base) on one provider are one upstream. */
function upstreams(deployments: Deployment[]): { model: string; apiBase: string | null; health: Deployment["health"]; groups: string[]; enabled: boolean }[] {
  const byKey = new Map<string, { model: string; apiBase: string | null; health: Deployment["health"]; groups: string[]; enabled: boolean }>();
  for (const d of deployments) {
    const key = `${d.model}\u0000${d.apiBase ?? ""}`;
    const found = byKey.get(key);
    if (found) {
      if (!found.groups.includes(d.group.name)) found.groups.push(d.group.name);
      found.enabled ||= d.enabled;
    } else byKey.set(key, { model: d.model, apiBase: d.apiBase, health: d.health, groups: [d.group.name], enabled: d.enabled });
  }
  return [...byKey.values()];
}

/** Probes now (force: true) the given deployments, or every enabled one. */
function checkButton(label: string, deploymentIds: string[] | null): HTMLElement {
  const status = h("span", { class: "muted", role: "status" });
  const button = h(
    "button",
    {
      type: "button",
      class: "check",
      on: {
        click: async () => {
          button.disabled = true;
          status.textContent = "probing…";
          try {
            const { checkHealth } = await gql<{ checkHealth: { upstreamsChecked: number; requestsSent: number; durationMs: number } }>(CHECK_HEALTH, { deploymentIds });
            status.textContent = `${checkHealth.upstreamsChecked} upstreams, ${checkHealth.requestsSent} requests, ${checkHealth.durationMs} ms`;
            announceChange();
          } catch (error) {
            status.replaceChildren(errorBox(error));
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    label,
  );
  return h("span", null, button, " ", status);
}

export const providersView: View = {
  live: true,
  async render(root) {
    const { healthSummary, providers } = await gql<{ healthSummary: Summary; providers: { totalCount: number; edges: { node: Provider }[] } }>(PROVIDERS);
    const list = providers.edges.map((e) => e.node);
    const details = list
      .flatMap((provider) => upstreams(provider.deployments.edges.map((e) => e.node)).map((upstream) => ({ provider, upstream })))
      .sort((a, b) => SEVERITY.indexOf(a.upstream.health.status) - SEVERITY.indexOf(b.upstream.health.status));
    append(root, [
      h("h1", null, "Providers and upstreams"),
      h(
        "p",
        { class: "summary" },
        `${healthSummary.deployments} enabled deployments: `,
        h("span", { class: "healthy" }, `${healthSummary.healthy} healthy`),
        ", ",
        h("span", { class: "degraded" }, `${healthSummary.degraded} degraded`),
        ", ",
        h("span", { class: "unhealthy" }, `${healthSummary.unhealthy} unhealthy`),
        ", ",
        `${healthSummary.unknown} unknown. `,
        checkButton("Check all now", null),
      ),
      h("h2", null, "Health grid"),
      h("p", { class: "muted" }, "One cell per upstream: health is stored per provider, model and API base, so an alias or a second group never causes a probe."),
      h(
        "div",
        { class: "grid" },
        list.map((provider) =>
          h(
            "div",
            { class: "grid-row", "data-provider": provider.name },
            h("div", { class: "grid-head" }, h("strong", null, provider.name), h("div", { class: "muted small" }, provider.type.id)),
            h(
              "div",
              { class: "cells" },
              upstreams(provider.deployments.edges.map((e) => e.node)).map((u) =>
                h(
                  "div",
                  {
                    class: `cell ${u.enabled ? u.health.status.toLowerCase() : "disabled"}`,
                    "data-model": u.model,
                    "data-status": u.health.status,
                    title: `${u.model} @ ${u.apiBase ?? "?"}\n${u.enabled ? u.health.status.toLowerCase() : "disabled"}${u.health.latencyMs !== null ? `, ${u.health.latencyMs} ms` : ""}${u.health.error ? `\n${u.health.error}` : ""}\nused by ${u.groups.join(", ")}`,
                  },
                  h("span", { class: "cell-model" }, u.model),
                  h("span", { class: "cell-status" }, u.enabled ? u.health.status.toLowerCase() : "disabled"),
                ),
              ),
              provider.deployments.totalCount > provider.deployments.edges.length ? h("div", { class: "muted small" }, `and ${provider.deployments.totalCount - provider.deployments.edges.length} more deployments`) : null,
            ),
          ),
        ),
      ),
      h("h2", null, `Providers (${providers.totalCount})`),
      table(
        ["name", "type", "API style", "API base", "key", "deployments", ""],
        list.map((p) => ({
          attributes: { "data-name": p.name },
          cells: [
            [p.name, p.displayName ? h("div", { class: "muted small" }, p.displayName) : null],
            p.type.id,
            p.type.apiStyle.toLowerCase(),
            p.apiBase ?? "—",
            p.apiKeyConfigured ? "configured" : h("span", { class: "muted" }, "none"),
            String(p.deployments.totalCount),
            p.deployments.totalCount ? checkButton("Check", p.deployments.edges.map((e) => e.node.id)) : null,
          ],
        })),
      ),
      h("h2", null, "Upstream details"),
      details.length > DETAILS ? h("p", { class: "muted" }, `The ${DETAILS} that most need attention (unhealthy first) of ${details.length} upstreams shown above.`) : null,
      table(
        ["provider", "model", "API base", "health", "latency", "checked", "used by"],
        details.slice(0, DETAILS).map(({ provider: p, upstream: u }) => [
          p.name,
          h("code", null, u.model),
          u.apiBase ?? "—",
          [badge(u.health.status), u.health.error ? h("div", { class: "error small" }, u.health.error) : null],
          ms(u.health.latencyMs),
          when(u.health.checkedAt),
          u.groups.flatMap((g, i) => [i ? ", " : "", nameLink(g)]),
        ]),
        { class: "upstreams" },
      ),
    ]);
  },
};
