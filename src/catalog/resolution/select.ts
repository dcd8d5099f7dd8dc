import type { DeploymentRow } from "../../db/schema.ts";
import { HealthStatus } from "../../health/status.ts";

/** Candidate order within a group: priority ascending, then weight descending, then id. */
export function compareCandidates(a: DeploymentRow, b: DeploymentRow): number {
  return a.priority - b.priority || b.weight - a.weight || a.id - b.id;
}

/** The enabled deployments of a group, in candidate order. */
export function candidatesOf(deployments: readonly DeploymentRow[]): DeploymentRow[] {
  return deployments.filter((d) => d.enabled).sort(compareCandidates);
}

/** All deployments for display: enabled ones in candidate order, then disabled ones. */
export function displayOrder(deployments: readonly DeploymentRow[]): DeploymentRow[] {
  return [...deployments].sort((a, b) => Number(b.enabled) - Number(a.enabled) || compareCandidates(a, b));
}

export interface Selection<T> {
  selected: T | undefined;
  /** Why it was chosen, for traces. */
  reason: string;
  /** Every candidate is UNHEALTHY: the first is still returned, as LiteLLM does. */
  allUnhealthy: boolean;
}

const PREFERENCE = [HealthStatus.HEALTHY, HealthStatus.DEGRADED, HealthStatus.UNKNOWN] as const;

/** The first HEALTHY candidate, else the first DEGRADED, else the first UNKNOWN, else the first. */
export function selectCandidate<T>(ordered: readonly T[], statusOf: (c: T) => HealthStatus): Selection<T> {
  if (ordered.length === 0) return { selected: undefined, reason: "no enabled deployment", allUnhealthy: false };
  for (const wanted of PREFERENCE) {
    const hit = ordered.find((c) => statusOf(c) === wanted);
    if (hit !== undefined) {
      const position = ordered.indexOf(hit) === 0 ? "the first candidate" : `the first ${wanted} candidate`;
      return { selected: hit, reason: `${position} (${wanted})`, allUnhealthy: false };
    }
  }
  return {
    selected: ordered[0],
    reason: "every candidate is UNHEALTHY; answering with the first one anyway",
    allUnhealthy: true,
  };
}
