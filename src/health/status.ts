/** Health of one upstream, and derived health of groups and aliases. */
export enum HealthStatus {
  UNKNOWN = "UNKNOWN",
  HEALTHY = "HEALTHY",
  DEGRADED = "DEGRADED",
  UNHEALTHY = "UNHEALTHY",
}

export interface HealthView {
  status: HealthStatus;
  /** The upstream this health belongs to (absent only on the shared UNKNOWN constant). */
  upstream?: { providerId: number; model: string; apiBase: string };
  checkedAt: Date | null;
  latencyMs: number | null;
  error: string | null;
  consecutiveFailures: number;
}

export const UNKNOWN_HEALTH: HealthView = Object.freeze({
  status: HealthStatus.UNKNOWN,
  checkedAt: null,
  latencyMs: null,
  error: null,
  consecutiveFailures: 0,
});

/**
 * A group's health from its enabled deployments: none checked → UNKNOWN; every one HEALTHY →
 * HEALTHY; at least one HEALTHY or DEGRADED → DEGRADED; otherwise UNHEALTHY. A mix of HEALTHY and
 * UNKNOWN is DEGRADED: not every route is known to work.
 */
export function deriveGroupHealth(statuses: readonly HealthStatus[]): HealthStatus {
  const checked = statuses.filter((s) => s !== HealthStatus.UNKNOWN);
  if (checked.length === 0) return HealthStatus.UNKNOWN;
  if (checked.length === statuses.length && checked.every((s) => s === HealthStatus.HEALTHY)) return HealthStatus.HEALTHY;
  if (checked.some((s) => s === HealthStatus.HEALTHY || s === HealthStatus.DEGRADED)) return HealthStatus.DEGRADED;
  return HealthStatus.UNHEALTHY;
}
