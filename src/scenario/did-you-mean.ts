/** The choice closest to a misspelt word, for "did you mean" in error messages. */

/** Edit distance between `a` and `b` (insertions, deletions, substitutions, swaps of neighbours). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * ` (did you mean "x"?)` for the closest of `choices` within a third of the word's length, else ''.
 * A choice's beginning counts too: `tolerence` is a misspelt start of `tolerancePercent`.
 */
export function didYouMean(word: string, choices: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3));
  for (const choice of choices) {
    const [w, c] = [word.toLowerCase(), choice.toLowerCase()];
    const d = Math.min(distance(w, c), w.length >= 4 ? distance(w, c.slice(0, w.length)) + 1 : Infinity);
    if (d <= bestDistance) [best, bestDistance] = [choice, d];
  }
  return best ? ` (did you mean "${best}"?)` : '';
}
