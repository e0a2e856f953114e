/**
 * The page plan of the print PDF: what goes on which page, where, in which face. Pure — text is
 * measured through the injected `Measure`, so the plan can be computed, inspected (tests check that
 * every text run stays inside its cell and inside the page) and then drawn by any backend.
 *
 * Coordinates are PDF points from the top-left corner of the page; `y` of a text op is its
 * baseline.
 */

export type FontRole = 'serif' | 'serifBold' | 'sans';

/** Advance width of `text` in `font` at 1 pt (multiply by the size). */
export type Measure = (font: FontRole, text: string) => number;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export type Op =
  | {
      readonly kind: 'text';
      readonly font: FontRole;
      readonly size: number;
      readonly x: number;
      readonly y: number;
      readonly text: string;
      /** measured width of the run */
      readonly width: number;
      readonly color?: string;
      /** named destination this run links to (目录 entries) */
      readonly goTo?: string;
      /** the cell the run must stay inside (table cells) */
      readonly cell?: Box;
    }
  | { readonly kind: 'rect'; readonly box: Box; readonly fill?: string; readonly stroke?: number }
  | {
      readonly kind: 'line';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly width: number;
      readonly dash?: number;
    }
  | { readonly kind: 'dest'; readonly name: string; readonly y: number };

export interface PlanPage {
  readonly width: number;
  readonly height: number;
  readonly ops: Op[];
}

export interface OutlineEntry {
  readonly title: string;
  readonly page: number;
  readonly dest: string;
  readonly children: OutlineEntry[];
}

export interface Plan {
  readonly pages: PlanPage[];
  readonly outline: OutlineEntry[];
}

export const A4 = { short: 595.28, long: 841.89 } as const;

export const MARGIN = { left: 40, right: 40, top: 42, bottom: 48 } as const;

// ---------------------------------------------------------------------------------------------
// Text measure and line breaking

/** Characters a line must not start with (closing punctuation). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕’”·％%,.;:?!)]}']);

/** Pieces that stay together: runs of Latin letters/digits with their punctuation, else one character. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9.,%\-+_/]+|[\s\S]/gu) ?? [];
}

/**
 * Greedy line breaking at width `max` (points, at `size`). Explicit line breaks are kept; a token
 * wider than the line is split into characters; a closing punctuation mark never starts a line
 * (the character before it moves down with it).
 */
export function wrap(
  measure: Measure,
  font: FontRole,
  size: number,
  text: string,
  max: number,
  firstIndent = 0,
): string[] {
  const out: string[] = [];
  const w = (s: string) => measure(font, s) * size + (out.length === 0 ? firstIndent : 0);
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    const pieces: string[] = [];
    for (const t of tokens(para)) {
      if (w(t) > max) pieces.push(...t);
      else pieces.push(t);
    }
    for (const piece of pieces) {
      if (line === '' || w(line + piece) <= max) {
        line += piece;
        continue;
      }
      if (NO_LINE_START.has(piece[0] ?? '') && [...line].length > 1) {
        const chars = [...line];
        const last = chars.pop() as string;
        out.push(chars.join(''));
        line = last + piece;
        if (w(line) > max) {
          out.push(line);
          line = '';
        }
        continue;
      }
      out.push(line.replace(/\s+$/u, ''));
      line = piece.trimStart();
    }
    out.push(line);
  }
  return out;
}

/** Width of the widest line of `text` (explicit breaks only). */
export function naturalWidth(measure: Measure, font: FontRole, size: number, text: string): number {
  return Math.max(0, ...text.split(/\r?\n/).map((l) => measure(font, l) * size));
}

/** Baseline of a line whose box starts at `top`, for CJK faces (em box: 0.88 above, 0.12 below). */
export function baselineIn(top: number, lineHeight: number, size: number): number {
  return top + lineHeight / 2 + 0.38 * size;
}

// ---------------------------------------------------------------------------------------------
// Page builder shared by the parts

export class Pages {
  readonly pages: PlanPage[] = [];

  add(landscape: boolean): PlanPage {
    const page: PlanPage = {
      width: landscape ? A4.long : A4.short,
      height: landscape ? A4.short : A4.long,
      ops: [],
    };
    this.pages.push(page);
    return page;
  }

  get current(): PlanPage {
    const p = this.pages[this.pages.length - 1];
    if (!p) throw new Error('no page');
    return p;
  }

  /** 1-based number of the current page. */
  get number(): number {
    return this.pages.length;
  }
}

export function textOp(
  measure: Measure,
  font: FontRole,
  size: number,
  x: number,
  y: number,
  text: string,
  extra: { color?: string; goTo?: string; cell?: Box } = {},
): Op {
  return { kind: 'text', font, size, x, y, text, width: measure(font, text) * size, ...extra };
}

/** A run aligned in [left, left + width]. */
export function alignedText(
  measure: Measure,
  font: FontRole,
  size: number,
  left: number,
  width: number,
  y: number,
  text: string,
  align: 'left' | 'center' | 'right',
  extra: { color?: string; goTo?: string; cell?: Box } = {},
): Op {
  const w = measure(font, text) * size;
  const x = align === 'left' ? left : align === 'right' ? left + width - w : left + (width - w) / 2;
  return { kind: 'text', font, size, x, y, text, width: w, ...extra };
}
