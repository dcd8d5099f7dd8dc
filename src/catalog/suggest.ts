/**
 * The largest edit distance a suggestion may have: typos, not rewrites. It also bounds the work
 * per candidate (a band of 2 × this + 1 cells per row), which matters because an unknown name is
 * compared with every public name.
 */
export const MAX_SUGGESTION_DISTANCE = 4;

/**
 * Edit distance, computed only within `limit` of the diagonal (cells farther out cannot give a
 * result within `limit`), with an early exit once every cell of a row exceeds it. Over the limit:
 * `limit + 1`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  const over = Number.isFinite(limit) ? limit + 1 : a.length + n + 1;
  const band = Number.isFinite(limit) ? limit : Math.max(a.length, n);
  if (rows[0]!.length < n + 2) rows = [new Int32Array(n + 2), new Int32Array(n + 2)];
  let [prev, cur] = rows as [Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j <= band ? j : over;
  prev[n + 1] = over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(n, i + band);
    // Cells just outside the band read as "over the limit"; cells farther out are never read.
    cur[from - 1] = from === 1 ? (i <= band ? i : over) : over;
    if (to < n) cur[to + 1] = over;
    let best = cur[from - 1]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      let v = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const up = prev[j]! + 1;
      const left = cur[j - 1]! + 1;
      if (up < v) v = up;
      if (left < v) v = left;
      if (v > over) v = over;
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[n]!, over);
}

/** Two rows reused by every editDistance call (grown as needed): suggestions compare thousands of names. */
let rows: [Int32Array, Int32Array] = [new Int32Array(258), new Int32Array(258)];

/**
 * The closest existing names to `wanted`: case-insensitive matches first, then names containing
 * it (or contained in it), then small edit distances (at most MAX_SUGGESTION_DISTANCE). At most
 * `max` names. `lowered`: the candidates already in lower case, in the same order (callers that
 * keep a name list pass it once).
 */
export function closestNames(wanted: string, candidates: Iterable<string>, max = 5, lowered?: readonly string[]): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(2, Math.floor(w.length / 3)));
  const scored: { name: string; score: number }[] = [];
  let index = 0;
  for (const name of candidates) {
    const n = lowered?.[index++] ?? name.toLowerCase();
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
