/** Edit distance with an early exit once every cell of a row exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest existing names to `wanted`: case-insensitive matches first, then names containing
 * it (or contained in it), then small edit distances. At most `max` names.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, max = 5): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    const n = name.toLowerCase();
    let score: number;
    if (n === w) score = 0;
    else if (w.length >= 2 && (n.includes(w) || w.includes(n))) score = 1 + Math.abs(n.length - w.length) / 1000;
    else {
      const d = editDistance(w, n, limit);
      if (d > limit) continue;
      score = 1 + d;
    }
    scored.push({ name, score });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}
