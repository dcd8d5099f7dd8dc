// Uptime over the last 24 hours as a strip of inline SVG: one bar per half hour, coloured by the
// probe results stored in it (grey: no probe).
import { svg } from "./dom.ts";

export interface Sample {
  checkedAt: string;
  status: string;
  latencyMs: number | null;
}

const HOURS = 24;
const BUCKETS = 48;
const WIDTH = 240;
const HEIGHT = 24;

/** The strip's classes: ok (every probe answered and healthy), degraded, down, mixed, none. */
function bucketClass(statuses: string[]): string {
  if (statuses.length === 0) return "none";
  const answered = statuses.filter((s) => s === "HEALTHY" || s === "DEGRADED").length;
  const down = statuses.filter((s) => s === "UNHEALTHY").length;
  if (down === 0) return statuses.includes("DEGRADED") ? "degraded" : answered > 0 ? "ok" : "none";
  return answered === 0 ? "down" : "mixed";
}

export function uptimeChart(samples: Sample[], now = Date.now()): SVGElement {
  const start = now - HOURS * 3_600_000;
  const span = (HOURS * 3_600_000) / BUCKETS;
  const buckets: string[][] = Array.from({ length: BUCKETS }, () => []);
  for (const sample of samples) {
    const at = Date.parse(sample.checkedAt);
    if (!(at >= start && at <= now)) continue;
    buckets[Math.min(BUCKETS - 1, Math.floor((at - start) / span))]!.push(sample.status);
  }
  const bar = WIDTH / BUCKETS;
  const bars = buckets.map((statuses, index) => {
    const from = new Date(start + index * span);
    const label = `${from.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: ${
      statuses.length ? statuses.map((s) => s.toLowerCase()).join(", ") : "no probe"
    }`;
    return svg("rect", { x: (index * bar).toFixed(2), y: 0, width: (bar - 1).toFixed(2), height: HEIGHT, class: bucketClass(statuses) }, svg("title", {}, label));
  });
  return svg(
    "svg",
    { class: "uptime", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: "img", "aria-label": `probe results over the last ${HOURS} hours` },
    ...bars,
  );
}
