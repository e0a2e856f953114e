/**
 * The ruling lines of a PDF page: the horizontal and vertical strokes (and hairline fills) that
 * draw table borders, in viewport coordinates (points, y down), from pdfjs' operator list.
 *
 * Producers draw borders in different ways — pdfkit strokes a rectangle per cell, LibreOffice and
 * Chromium stroke or fill thin rectangles and lines, often many in one path — so every subpath is
 * taken on its own: a stroked segment is a ruling if it is axis-aligned; a filled subpath is one
 * if its box is thin (under 2.5 pt) and longer than it is thick. Everything is under the current
 * transformation matrix, which is tracked through save/restore/transform.
 */

export interface Segment {
  /** 'h': y fixed, from x1 to x2; 'v': x fixed, from y1 to y2 */
  readonly dir: 'h' | 'v';
  /** the fixed coordinate */
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

type Matrix = [number, number, number, number, number, number];

function mul(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** pdfjs operator codes used here (OPS in pdfjs-dist 5). */
export interface OpCodes {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly constructPath: number;
  readonly stroke: number;
  readonly closeStroke: number;
  readonly fill: number;
  readonly eoFill: number;
  readonly fillStroke: number;
  readonly eoFillStroke: number;
  readonly closeFillStroke: number;
  readonly closeEOFillStroke: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
}

const THIN = 2.5;
const ALIGNED = 0.6;

/** Rulings of one page from its operator list; `view` is the viewport transform. */
export function rulingsOf(
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  ops: OpCodes,
  view: Matrix,
): Segment[] {
  const out: Segment[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const strokes = new Set([
    ops.stroke,
    ops.closeStroke,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  const fills = new Set([
    ops.fill,
    ops.eoFill,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  const push = (x1: number, y1: number, x2: number, y2: number) => {
    if (Math.abs(y1 - y2) <= ALIGNED && Math.abs(x2 - x1) > ALIGNED) {
      out.push({ dir: 'h', at: (y1 + y2) / 2, from: Math.min(x1, x2), to: Math.max(x1, x2) });
    } else if (Math.abs(x1 - x2) <= ALIGNED && Math.abs(y2 - y1) > ALIGNED) {
      out.push({ dir: 'v', at: (x1 + x2) / 2, from: Math.min(y1, y2), to: Math.max(y1, y2) });
    }
  };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save || fn === ops.paintFormXObjectBegin) {
      stack.push(ctm);
      if (fn === ops.paintFormXObjectBegin && Array.isArray(args?.[0])) ctm = mul(ctm, args[0] as Matrix);
    } else if (fn === ops.restore || fn === ops.paintFormXObjectEnd) {
      ctm = stack.pop() ?? ctm;
    } else if (fn === ops.transform && args) {
      ctm = mul(ctm, args as unknown as Matrix);
    } else if (fn === ops.constructPath && args) {
      const paint = args[0] as number;
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!data || (!strokes.has(paint) && !fills.has(paint))) continue;
      const m = mul(view, ctm);
      // subpaths as lists of points
      const subpaths: [number, number][][] = [];
      let cur: [number, number][] = [];
      for (let k = 0; k < data.length; ) {
        const code = data[k] as number;
        if (code === 0) {
          if (cur.length) subpaths.push(cur);
          cur = [apply(m, data[k + 1] as number, data[k + 2] as number)];
          k += 3;
        } else if (code === 1) {
          cur.push(apply(m, data[k + 1] as number, data[k + 2] as number));
          k += 3;
        } else if (code === 2) {
          cur.push(apply(m, data[k + 5] as number, data[k + 6] as number));
          k += 7;
        } else if (code === 3) {
          cur.push(apply(m, data[k + 3] as number, data[k + 4] as number));
          k += 5;
        } else {
          if (cur.length) cur.push(cur[0] as [number, number]);
          k += 1;
        }
      }
      if (cur.length) subpaths.push(cur);
      for (const sp of subpaths) {
        if (strokes.has(paint)) {
          for (let k = 1; k < sp.length; k++) {
            const a = sp[k - 1] as [number, number];
            const b = sp[k] as [number, number];
            push(a[0], a[1], b[0], b[1]);
          }
        }
        if (fills.has(paint) && sp.length >= 3) {
          const xs = sp.map((p) => p[0]);
          const ys = sp.map((p) => p[1]);
          const x0 = Math.min(...xs);
          const x1 = Math.max(...xs);
          const y0 = Math.min(...ys);
          const y1 = Math.max(...ys);
          const w = x1 - x0;
          const h = y1 - y0;
          if (h <= THIN && w > h * 2) push(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
          else if (w <= THIN && h > w * 2) push((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
        }
      }
    }
  }
  return out;
}
