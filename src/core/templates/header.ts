/**
 * Builds the printed header block (with row/col spans) from the leaf columns' header paths:
 * adjacent leaves sharing a path prefix share a merged group cell; a leaf with a shorter path
 * spans down to the bottom of the block.
 */
import type { HeaderCell } from '../package/model.ts';

export function buildHeader(paths: readonly (readonly string[])[]): { rows: HeaderCell[][]; depth: number } {
  const depth = Math.max(1, ...paths.map((p) => p.length));
  const rows: HeaderCell[][] = Array.from({ length: depth }, () => []);
  const samePrefix = (a: readonly string[], b: readonly string[], n: number) => {
    if (a.length <= n || b.length <= n) return false;
    for (let i = 0; i <= n; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  for (let level = 0; level < depth; level++) {
    let col = 0;
    while (col < paths.length) {
      const p = paths[col] as readonly string[];
      if (p.length <= level) {
        col++;
        continue;
      }
      const isLeafLevel = level === p.length - 1;
      let span = 1;
      if (!isLeafLevel) {
        while (col + span < paths.length && samePrefix(p, paths[col + span] as readonly string[], level)) {
          const q = paths[col + span] as readonly string[];
          if (q.length - 1 === level) break;
          span++;
        }
      }
      (rows[level] as HeaderCell[]).push({
        text: p[level] as string,
        row: level,
        col,
        colSpan: span,
        rowSpan: isLeafLevel ? depth - level : 1,
      });
      col += span;
    }
  }
  return { rows, depth };
}
