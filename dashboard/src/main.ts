// The operator dashboard: hash routes, one view at a time, re-read when the server says something
// changed (or every few seconds while it cannot say).
import "../style.css";
import { onTokenChange, tokens } from "./api.ts";
import { errorBox, h } from "./dom.ts";
import { startLive } from "./live.ts";
import { aliasFormView } from "./pages/alias-form.ts";
import { changesView } from "./pages/changes.ts";
import { consoleView } from "./pages/console.ts";
import { detailView } from "./pages/detail.ts";
import { namesView } from "./pages/names.ts";
import { providersView } from "./pages/providers.ts";
import { resolveView } from "./pages/resolve.ts";

export interface Route {
  /** The route's name (nav highlighting), its path segments after the first and its query. */
  name: string;
  parts: string[];
  query: URLSearchParams;
}

export interface View {
  /**
   * Fills `root`; called again on every change while `live`. What it returns runs once `root` is
   * in the document (for code that measures the page, like the console's editors).
   */
  render(root: HTMLElement, route: Route): Promise<void | (() => void)>;
  /** Re-read on changes (read-only pages); forms and the console are left alone. */
  live: boolean;
}

const VIEWS: Record<string, View> = {
  names: namesView,
  name: detailView,
  resolve: resolveView,
  providers: providersView,
  changes: changesView,
  alias: aliasFormView,
  console: consoleView,
};

function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path = "", search = ""] = hash.split("?", 2) as [string?, string?];
  const [name = "names", ...parts] = path.split("/").map((part) => decodeURIComponent(part));
  return { name: VIEWS[name] ? name : "names", parts, query: new URLSearchParams(search) };
}

const viewRoot = document.getElementById("view")!;
let rendering = 0;
let refreshOnBlur = false;
viewRoot.addEventListener("focusout", () => {
  if (!refreshOnBlur) return;
  refreshOnBlur = false;
  refreshSoon();
});
let again = false;

/**
 * Renders the current route into a detached element, then swaps it in, so a re-read does not
 * flicker or lose the scroll position. Changes arriving during a render start one more.
 */
async function render(refresh = false): Promise<void> {
  const route = currentRoute();
  const view = VIEWS[route.name]!;
  if (refresh && !view.live) return;
  // Not while the operator types into the page (a search box): after they leave the field.
  if (refresh && viewRoot.contains(document.activeElement) && document.activeElement!.matches("input, select, textarea")) {
    refreshOnBlur = true;
    return;
  }
  if (rendering > 0 && refresh) {
    again = true;
    return;
  }
  const token = ++rendering;
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a")) link.classList.toggle("active", link.dataset.route === route.name);
  // data-hash: which route this page shows (a test waits for it before it types into a form).
  const next = h("div", { class: "page", "data-page": route.name, "data-hash": location.hash });
  let attached: void | (() => void) = undefined;
  try {
    attached = await view.render(next, route);
  } catch (error) {
    next.replaceChildren(errorBox(error));
  }
  if (token !== rendering) return;
  rendering = 0;
  viewRoot.replaceChildren(next);
  attached?.();
  if (again) {
    again = false;
    void render(true);
  }
}

let queued: ReturnType<typeof setTimeout> | undefined;
/** Several events in a burst (an import, a health sweep) cause one re-read. */
function refreshSoon(): void {
  clearTimeout(queued);
  queued = setTimeout(() => void render(true), 50);
}

window.addEventListener("hashchange", () => void render());
window.addEventListener("modelgraph:changed", refreshSoon);

const mode = document.getElementById("live-mode")!;
startLive({
  changed: refreshSoon,
  mode(value, detail) {
    mode.dataset.mode = value;
    mode.textContent = value === "live" ? "live" : value === "polling" ? "polling" : "connecting…";
    mode.title = detail;
  },
});

const tokenButton = document.getElementById("token-button")!;
function showTokens(): void {
  const known = [tokens.get("admin") && "admin", tokens.get("read") && "read"].filter(Boolean);
  tokenButton.textContent = known.length ? `tokens: ${known.join(", ")} (forget)` : "no token";
  tokenButton.title = known.length ? "Forget the tokens kept in this tab" : "A token is asked for when the server requires one";
}
tokenButton.addEventListener("click", () => {
  tokens.clear();
  showTokens();
});
window.addEventListener("storage", showTokens);
onTokenChange(showTokens);
showTokens();

void render();
