// The console page: the bundled GraphiQL (its script and styles are loaded on first use), and a link
// to Apollo Sandbox where the server offers it (outside production; it needs internet).
import { h } from "../dom.ts";
import type { View } from "../main.ts";

let loading: Promise<{ mountConsole(element: HTMLElement): void }> | undefined;

function loadConsole(): Promise<{ mountConsole(element: HTMLElement): void }> {
  if (!loading) {
    const meta = document.querySelector<HTMLMetaElement>('meta[name="modelgraph-console"]')!;
    if (meta.dataset.css) document.head.append(h("link", { rel: "stylesheet", href: meta.dataset.css }));
    loading = import(meta.content) as Promise<{ mountConsole(element: HTMLElement): void }>;
  }
  return loading;
}

export const consoleView: View = {
  live: false,
  async render(root) {
    const sandbox = document.querySelector<HTMLMetaElement>('meta[name="modelgraph-sandbox"]')?.content;
    const mount = h("div", { class: "console", id: "console" });
    root.append(
      h(
        "p",
        { class: "toolbar" },
        h("strong", null, "GraphQL console"),
        " — GraphiQL, served by this server (works offline). ",
        sandbox ? h("a", { href: sandbox, target: "_blank", rel: "noopener" }, "Open Apollo Sandbox") : null,
        sandbox ? h("span", { class: "muted" }, " (Apollo's page, loaded from Apollo's CDN: needs internet)") : null,
      ),
      mount,
    );
    const { mountConsole } = await loadConsole();
    return () => mountConsole(mount);
  },
};
