// Building the page from plain DOM calls: text always goes in as text nodes (catalog names are user
// data), never as HTML.

export type Child = Node | string | number | null | undefined | false | Child[];

type Props = {
  class?: string | null;
  /** Event handlers: `on: { click: … }`. */
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
  [attribute: string]: unknown;
};

/** An element with attributes (null/false leave one out, true sets it empty) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (key === "on") {
      for (const [type, handler] of Object.entries(value as object)) element.addEventListener(type, handler as EventListener);
    } else if (value === true) element.setAttribute(key, "");
    else if (value !== null && value !== undefined && value !== false) element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag: string, attributes: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** The hash route of a name's detail page. */
export function nameHref(name: string): string {
  return `#/name/${encodeURIComponent(name)}`;
}

export function nameLink(name: string): HTMLAnchorElement {
  return h("a", { href: nameHref(name) }, name);
}

/** A health badge; `data-status` carries the value for styling and for tests. */
export function badge(status: string | null | undefined): HTMLSpanElement {
  const value = status ?? "UNKNOWN";
  return h("span", { class: `badge ${value.toLowerCase()}`, "data-status": value }, value.toLowerCase());
}

export function tag(text: string): HTMLSpanElement {
  return h("span", { class: "tag" }, text);
}

/** USD per million tokens, as models.dev gives them. */
export function price(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return `$${value < 0.01 ? value.toPrecision(2) : Number(value.toFixed(3))}`;
}

export function tokens(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toFixed(2))}M`;
  if (value >= 1_000) return `${Number((value / 1_000).toFixed(1))}k`;
  return String(value);
}

export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${value} ms`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${Number((value * 100).toFixed(1))}%`;
}

/** A time as the operator's clock shows it, and how long ago. */
export function when(iso: string | null | undefined): HTMLTimeElement | string {
  if (!iso) return "never";
  const at = new Date(iso);
  return h("time", { datetime: iso, title: at.toISOString() }, `${at.toLocaleString()} (${ago(at)})`);
}

function ago(at: Date): string {
  const seconds = Math.round((Date.now() - at.getTime()) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** A table; a row is its cells, or `{ attributes, cells }` to mark the row (tests find rows by `data-name`). */
export function table(headings: string[], rows: (Child[] | { attributes: Props; cells: Child[] })[], attributes: Props = {}): HTMLTableElement {
  const row = (item: (typeof rows)[number]) => {
    const { attributes: rowAttributes, cells } = Array.isArray(item) ? { attributes: null, cells: item } : item;
    return h("tr", rowAttributes, cells.map((cell) => h("td", null, cell)));
  };
  return h("table", attributes, h("thead", null, h("tr", null, headings.map((heading) => h("th", null, heading)))), h("tbody", null, rows.map(row)));
}

export function errorBox(error: unknown): HTMLElement {
  return h("p", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error));
}
