/**
 * Realigning a data row whose fields are displaced against the header.
 *
 * Extraction loses empty cells: summary rows often have fewer leading cells than detail rows, and
 * a row may lose an empty cell in its middle, so its amounts land one column off. The literal
 * reading maps field f to column f − base. A repair is an order-preserving remapping: a start
 * offset (−2…+2) and at most two breakpoints where the offset changes by one. Candidates are
 * scored by
 *   1. arithmetic violations — the header tree's identities (a group's 合计 = Σ its parts) and
 *      the row model's (a unit row = Σ its detail rows), within rounding tolerance;
 *   2. evidence — how many (column name, amount) pairs other tables confirm (会议费 0.50 in 表八);
 *   3. parsimony: fewest offset changes, then fewest values moved off their printed column.
 * The literal reading stays when it is as good as any candidate on 1–2. A repair is taken when one
 * reading is best (its reason says when only parsimony separated it from other balanced readings);
 * when different readings tie on everything, the literal one is kept and the row is flagged as
 * uncertain. No value is ever invented or dropped silently.
 */
import type { Fen } from '../../core/money/amount.ts';
import type { ColumnSpec, Identity } from './templates.ts';

export interface ValueField {
  /** field index on the printed line */
  readonly field: number;
  readonly text: string;
  readonly raw: string;
  readonly fen: Fen;
}

export interface AlignContext {
  readonly columns: readonly ColumnSpec[];
  readonly identities: readonly Identity[];
  /** column = field − base in the literal reading */
  readonly base: number;
  /** one printed unit of the last decimal place, in fen (0.01 万元 = 10 000) */
  readonly step: Fen;
  /** violations of identities that involve other rows (row model), for an assignment col → amount */
  readonly vertical?: (assign: ReadonlyMap<number, Fen>) => number;
  /** is (column, amount) confirmed by another table? */
  readonly evidence?: (col: number, fen: Fen) => boolean;
  /** the row looks damaged (field count differs from the header's) */
  readonly damaged: boolean;
}

export interface Alignment {
  /** column index of each value (−1: no column can take it) */
  readonly cols: readonly number[];
  /** the reading differs from the literal one */
  readonly changed: boolean;
  /** false when equally good readings disagree (the literal one is kept) or no reading is consistent */
  readonly certain: boolean;
  readonly violations: number;
  readonly evidence: number;
  /** human-readable account of the decision (Chinese) */
  readonly reason: string;
}

const MAX_SEARCH_VALUES = 40;

export function tolerance(step: Fen, n: number): Fen {
  return step * BigInt(Math.max(1, Math.min(n, 3)));
}

export function horizontalViolations(
  assign: ReadonlyMap<number, Fen>,
  identities: readonly Identity[],
  step: Fen,
): number {
  let n = 0;
  for (const id of identities) {
    const total = assign.get(id.total);
    let involved = total !== undefined && total !== 0n;
    let sum = 0n;
    for (const p of id.parts) {
      const v = assign.get(p);
      if (v !== undefined) {
        sum += v;
        if (v !== 0n) involved = true;
      }
    }
    if (!involved) continue;
    const diff = (total ?? 0n) - sum;
    if ((diff < 0n ? -diff : diff) > tolerance(step, id.parts.length)) n++;
  }
  return n;
}

interface Scored {
  cols: number[];
  violations: number;
  evidence: number;
  /** offset changes: |start offset| + breakpoints */
  edits: number;
  /** values read in another column than the literal one */
  moved: number;
  literal: boolean;
}

export function alignRow(values: readonly ValueField[], ctx: AlignContext): Alignment {
  const literalCols = values.map((v) => v.field - ctx.base);
  const literalValid = valid(literalCols, ctx.columns);
  const literal = literalValid ? score(literalCols, values, ctx, 0, true) : undefined;
  if (values.length === 0) {
    return { cols: [], changed: false, certain: true, violations: 0, evidence: 0, reason: '' };
  }
  if (literal && !ctx.damaged && literal.violations === 0) return done(literal, true, '');
  if (values.length > MAX_SEARCH_VALUES) return fallback(literalCols, literal, ctx, '金额过多，未尝试重新对齐');

  const candidates: Scored[] = [];
  if (literal) candidates.push(literal);
  const n = values.length;
  for (let s = -2; s <= 2; s++) {
    // no breakpoint
    tryCandidate(candidates, values, ctx, s, []);
    for (let p1 = 1; p1 < n; p1++) {
      for (const d1 of [1, -1]) {
        tryCandidate(candidates, values, ctx, s, [[p1, d1]]);
        for (let p2 = p1 + 1; p2 < n; p2++) {
          for (const d2 of [1, -1])
            tryCandidate(candidates, values, ctx, s, [
              [p1, d1],
              [p2, d2],
            ]);
        }
      }
    }
  }
  if (candidates.length === 0) return fallback(literalCols, literal, ctx, '没有可行的列对齐');
  const best = candidates.reduce((a, b) => (better(b, a) ? b : a));
  // the literal reading stays when nothing reads the row more consistently
  if (literal && literal.violations === best.violations && literal.evidence === best.evidence)
    return done(literal, true, '');
  const sameScore = distinctReadings(
    candidates.filter((c) => c.violations === best.violations && c.evidence === best.evidence),
  );
  const simplest = distinctReadings(
    candidates.filter(
      (c) =>
        c.violations === best.violations &&
        c.evidence === best.evidence &&
        c.edits === best.edits &&
        c.moved === best.moved,
    ),
  );
  if (simplest.length === 1) {
    const why = describeEvidence(literal, best);
    if (sameScore.length === 1) return done(best, true, why);
    return done(
      best,
      true,
      `${why}${why ? '；' : ''}另有 ${sameScore.length - 1} 种读法合计同样平衡，取改动最少的一种`,
    );
  }
  // several different readings are equally good: keep the literal reading (or the least displaced)
  const keep = literal ?? simplest[0]!;
  return done(
    keep,
    false,
    `有 ${simplest.length} 种同样合理的对齐方式，无法确定，${literal ? '保留原样' : '取其中第一种'}`,
  );
}

function distinctReadings(cands: readonly Scored[]): Scored[] {
  const byCols = new Map<string, Scored>();
  for (const c of cands) {
    const k = c.cols.join(',');
    const prev = byCols.get(k);
    if (!prev || better(c, prev)) byCols.set(k, c);
  }
  return [...byCols.values()];
}

function done(s: Scored, certain: boolean, reason: string): Alignment {
  return {
    cols: s.cols,
    changed: !s.literal,
    certain,
    violations: s.violations,
    evidence: s.evidence,
    reason,
  };
}

function fallback(literalCols: number[], literal: Scored | undefined, ctx: AlignContext, why: string): Alignment {
  if (literal) return done(literal, false, why);
  const cols = literalCols.map((c) => (c >= 0 && c < ctx.columns.length && ctx.columns[c]!.acceptsValue ? c : -1));
  return { cols, changed: false, certain: false, violations: 0, evidence: 0, reason: why };
}

/** Fewer violations, more evidence, fewer edits (offset changes), fewer values moved off their printed column. */
function better(a: Scored, b: Scored): boolean {
  if (a.violations !== b.violations) return a.violations < b.violations;
  if (a.evidence !== b.evidence) return a.evidence > b.evidence;
  if (a.edits !== b.edits) return a.edits < b.edits;
  if (a.moved !== b.moved) return a.moved < b.moved;
  return a.literal && !b.literal;
}

function describeEvidence(literal: Scored | undefined, pick: Scored): string {
  const parts: string[] = [];
  if (literal && literal.violations > pick.violations)
    parts.push(`按原位置有 ${literal.violations} 处合计不平衡，调整后 ${pick.violations} 处`);
  else if (!literal) parts.push('按原位置金额落在非金额列');
  if (pick.evidence > (literal?.evidence ?? 0))
    parts.push(`调整后有 ${pick.evidence} 个金额与其他表同名项目一致（原位置 ${literal?.evidence ?? 0} 个）`);
  return parts.join('；');
}

function tryCandidate(
  out: Scored[],
  values: readonly ValueField[],
  ctx: AlignContext,
  start: number,
  breaks: ReadonlyArray<readonly [number, number]>,
): void {
  const cols: number[] = [];
  let offset = start;
  let b = 0;
  for (let i = 0; i < values.length; i++) {
    while (b < breaks.length && breaks[b]![0] === i) {
      offset += breaks[b]![1];
      b++;
    }
    cols.push(values[i]!.field - ctx.base + offset);
  }
  if (!valid(cols, ctx.columns)) return;
  const literal = start === 0 && breaks.every((x) => x[1] === 0);
  if (literal) return; // the literal reading is scored separately
  out.push(score(cols, values, ctx, Math.abs(start) + breaks.length, false));
}

function valid(cols: readonly number[], columns: readonly ColumnSpec[]): boolean {
  let prev = -1;
  for (const c of cols) {
    if (c <= prev || c < 0 || c >= columns.length || !columns[c]!.acceptsValue) return false;
    prev = c;
  }
  return true;
}

function score(
  cols: number[],
  values: readonly ValueField[],
  ctx: AlignContext,
  edits: number,
  literal: boolean,
): Scored {
  const assign = new Map<number, Fen>();
  cols.forEach((c, i) => {
    assign.set(c, values[i]!.fen);
  });
  let violations = horizontalViolations(assign, ctx.identities, ctx.step);
  if (ctx.vertical) violations += ctx.vertical(assign);
  let evidence = 0;
  if (ctx.evidence) {
    cols.forEach((c, i) => {
      const v = values[i]!.fen;
      if (v !== 0n && ctx.evidence!(c, v)) evidence++;
    });
  }
  let moved = 0;
  cols.forEach((c, i) => {
    if (c !== values[i]!.field - ctx.base) moved++;
  });
  return { cols, violations, evidence, edits, moved, literal };
}
