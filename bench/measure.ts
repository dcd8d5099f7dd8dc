/** Small helpers the benchmarks share. */

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds the promise of `fn` took to settle. */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Milliseconds `fn` took. */
export function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}
