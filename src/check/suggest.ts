// Did-you-mean: the closest known words to a misspelt one, by edit distance.

/**
 * The optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1 (so `alhpa` is 1 from `alpha`, `grd` 1 from `grad`).
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates nearest to `word` (at most two, alphabetically among equals), within a distance
 * that grows with the word: only a difference of case for one or two letters (`x` is no
 * misspelling of `I`), 1 up to 4 letters, 2 beyond. Case differences count as 0.5 (`Alpha` for
 * `alpha`), so they always come first.
 */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  const limit = word.length <= 2 ? 0.5 : word.length <= 4 ? 1 : 2;
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    if (c === word) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c);
    if (d <= limit) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
  return scored.slice(0, 2).map(([c]) => c);
}

/** "; did you mean alpha?" or "; did you mean W or w?", or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>, call = false): string {
  const found = nearest(word, candidates).map((c) => (call ? `${c}(...)` : c));
  return found.length ? `; did you mean ${found.join(' or ')}?` : '';
}
