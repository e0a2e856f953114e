/**
 * “Did you mean …?” for mistyped names (JSON keys, sheet names, column headers, slot names):
 * the closest candidate by edit distance, compared case-insensitively and without spaces and
 * “*” marks, when it is close enough to be a plausible typo.
 */

function fold(s: string): string {
  return s.toLowerCase().replace(/[\s\u3000*＊_-]/g, '');
}

/** Edit distance with adjacent transpositions (optimal string alignment); small inputs: names. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

/** The candidate `word` most plausibly stands for, or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = fold(word);
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const f = fold(c);
    if (f === w) return c;
    const d = editDistance(w, f);
    // a containment (“收入表” for “收入”) counts as close as one edit
    const score = f.includes(w) || w.includes(f) ? Math.min(d, 1) : d;
    const limit = Math.max(1, Math.floor(Math.max(w.length, f.length) / 3));
    if (score <= limit && score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** “（是否应为 threePublic？）” when a candidate is close, else "". */
export function suggestion(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  if (c === undefined) return '';
  // ASCII names (JSON keys) plainly, Chinese names (sheets, columns) in quotes
  return /^[\x20-\x7e]+$/.test(c) ? `（是否应为 ${c}？）` : `（是否应为“${c}”？）`;
}
