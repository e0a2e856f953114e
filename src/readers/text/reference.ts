/**
 * Grid tables known only by their column paths (reference templates, e.g. the 决算 公开01–09表
 * and the older Hunan budget tables). The printed header tells where each column is: every
 * column's leaf is looked up in the header lines, left to right. Fields between the header's
 * columns that no column claims are the row's code and name. When the header repeats the whole
 * column list (公开06表: three 科目代码 | 科目名称 | 决算数 blocks), each block is read as rows of its own.
 * Columns whose name or content is text (序号, 支出方向, 绩效目标 …) become text cells.
 */
import type { Fen } from '../../core/money/amount.ts';
import { parseAmount } from '../../core/money/amount.ts';
import { type GridResult, RowKeyer, type RowUnit, resolveRows } from './grid.ts';
import { filled, type TextCell, type TextLine } from './lines.ts';
import { isAmountLike, isDecimalAmount, matchKey } from './normalise.ts';
import { isColumnNumberLine } from './rows.ts';
import { type ColumnModel, type ColumnSpec, columnModel } from './templates.ts';
import type { ReadContext, Repair } from './types.ts';

const HEADER_WORDS = new Set([
  '项目',
  '科目',
  '科目编码',
  '科目代码',
  '科目名称',
  '类',
  '款',
  '项',
  '功能科目',
  '经济科目',
]);
const TEXT_NAME = /^(?:序号|编号|行次|栏次|备注)$|(?:目标|方向|名称|部门|实施期|指标|内容|说明|单位)$/;

interface Block {
  readonly start: number;
  readonly end: number;
  /** field of each template column (undefined: not printed in the header) */
  readonly fields: ReadonlyArray<number | undefined>;
}

export function readReferenceGrid(
  body: readonly TextLine[],
  columns: readonly string[],
  table: string,
  ctx: ReadContext,
  /** number of header lines when the caller knows it (tables rebuilt by positioned.ts) */
  headerLines?: number,
): GridResult {
  const paths = columns.map((c) => c.split('/').filter((s) => s !== ''));
  const vocabulary = new Set([...HEADER_WORDS, ...paths.flat().map(matchKey)]);
  // the header ends with the last line (among the first few, before any amount) naming a column
  const firstAmount = body.findIndex((l) => filled(l).some((c) => isDecimalAmount(c.text)));
  const limit = Math.min(8, firstAmount < 0 ? body.length : firstAmount);
  let h = 0;
  if (headerLines !== undefined) h = Math.min(headerLines, body.length);
  else for (let i = 0; i < limit; i++) if (isHeaderLine(body[i]!, vocabulary)) h = i + 1;
  const header = body.slice(0, h);
  const data = body.slice(h).filter((l) => !l.blank && !isColumnNumberLine(l));
  const width = body.reduce((w, l) => Math.max(w, l.cells.length), 0);
  const blocks = mapBlocks(paths, header, width);
  const textColumn = paths.map((p, i) => isTextColumn(p, blocks, i, data));
  const units: RowUnit[] = [];
  const notes: Repair[] = [];
  const keyer = new RowKeyer(undefined, ctx.unitCode, data);
  for (const l of data) {
    ctx.cursor.at(l);
    const parts = blocks.map((b) => splitUnit(l, b, paths, textColumn, ctx));
    // a label whose amount drifted into the next block ("公用经费合计 | | | … | 85.37")
    parts.forEach((p, i) => {
      if (p.keys.length === 0 && p.values.length > 0) {
        const donor = parts
          .slice(0, i)
          .reverse()
          .find((q) => q.keys.length > 0 && q.values.length === 0);
        if (donor) {
          p.keys = donor.keys;
          donor.keys = [];
          notes.push({
            table,
            line: l.line,
            what: `“${p.keys.map((c) => c.text).join(' ')}”的金额 ${p.values.map((v) => v.text).join('、')} 印在右侧的另一栏，按该行读取`,
          });
        }
      }
    });
    for (const p of parts) {
      if (p.keys.length === 0 && p.values.length === 0 && p.texts.length === 0) continue;
      const { key, label } =
        p.keys.length > 0
          ? keyer.key(p.keys)
          : p.keyFields === 0
            ? { key: ctx.set.labels.total, label: undefined }
            : { key: undefined, label: undefined };
      units.push({
        line: l,
        key,
        label,
        values: p.values,
        stray: p.stray,
        texts: p.texts,
        model: p.model,
        base: p.base,
        expectedFields: undefined,
      });
    }
  }
  const out = resolveRows(units, table, ctx);
  return { ...out, repairs: [...notes, ...out.repairs] };
}

function isHeaderLine(l: TextLine, vocabulary: ReadonlySet<string>): boolean {
  if (l.blank || isColumnNumberLine(l)) return false;
  const f = filled(l);
  if (f.some((c) => isDecimalAmount(c.text))) return false;
  return f.some((c) => vocabulary.has(matchKey(c.text)));
}

/** The column list mapped onto the header, once or (for repeated blocks) several times. */
function mapBlocks(paths: readonly string[][], header: readonly TextLine[], width: number): Block[] {
  const cells = header.flatMap((l) => filled(l).map((c) => ({ col: c.col, key: matchKey(c.text) })));
  const blocks: Block[] = [];
  let from = 0;
  while (blocks.length < 8) {
    const fields: Array<number | undefined> = [];
    let cursor = from;
    for (const p of paths) {
      const leaf = matchKey(p[p.length - 1] ?? '');
      const hit = cells.filter((c) => c.key === leaf && c.col >= cursor).sort((a, b) => a.col - b.col)[0];
      fields.push(hit?.col);
      if (hit) cursor = hit.col + 1;
    }
    const found = fields.filter((f): f is number => f !== undefined);
    if (found.length === 0) break;
    if (blocks.length > 0 && found.length < paths.length) break;
    blocks.push({ start: from, end: width, fields: interpolate(fields, width) });
    from = Math.max(...found) + 1;
  }
  if (blocks.length === 0) {
    // nothing of the header is recognisable: right-align the columns to the widest line
    const start = Math.max(0, width - paths.length);
    return [{ start: 0, end: width, fields: paths.map((_, i) => start + i) }];
  }
  return blocks.map((b, i) => ({ ...b, end: blocks[i + 1]?.start ?? width }));
}

/** Columns the header does not print sit right after the previous printed column, if that field is free. */
function interpolate(fields: ReadonlyArray<number | undefined>, width: number): Array<number | undefined> {
  const out = [...fields];
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== undefined) continue;
    const prev = i > 0 ? out[i - 1] : undefined;
    const next = out.slice(i + 1).find((f) => f !== undefined);
    const guess = prev !== undefined ? prev + 1 : next !== undefined ? next - 1 : undefined;
    if (
      guess !== undefined &&
      guess >= 0 &&
      guess < width &&
      !out.includes(guess) &&
      (next === undefined || guess < next)
    )
      out[i] = guess;
  }
  return out;
}

function isTextColumn(
  path: readonly string[],
  blocks: readonly Block[],
  i: number,
  data: readonly TextLine[],
): boolean {
  if (TEXT_NAME.test(matchKey(path[path.length - 1] ?? ''))) return true;
  let text = 0;
  let amounts = 0;
  for (const b of blocks) {
    const f = b.fields[i];
    if (f === undefined) continue;
    for (const l of data) {
      const t = l.cells[f]?.text ?? '';
      if (t === '') continue;
      if (isAmountLike(t)) amounts++;
      else text++;
    }
  }
  return text > amounts;
}

interface Part {
  keys: TextCell[];
  keyFields: number;
  values: Array<{ field: number; text: string; raw: string; fen: Fen }>;
  stray: TextCell[];
  texts: Array<{ column: ColumnSpec; cell: TextCell }>;
  model: ColumnModel;
  base: number;
}

function splitUnit(
  l: TextLine,
  b: Block,
  paths: readonly string[][],
  textColumn: readonly boolean[],
  ctx: ReadContext,
): Part {
  const byField = new Map<number, number>();
  b.fields.forEach((f, i) => {
    if (f !== undefined) byField.set(f, i);
  });
  const firstAmount = Math.min(
    ...b.fields.map((f, i) => (f !== undefined && !textColumn[i] ? f : Number.POSITIVE_INFINITY)),
  );
  // the block's columns in field space: template columns where the header put them, keys elsewhere
  const specs: Array<{ path: readonly string[]; role: 'key' | 'amount' }> = [];
  for (let f = b.start; f < b.end; f++) {
    const i = byField.get(f);
    specs.push(
      i !== undefined && !textColumn[i]
        ? { path: paths[i]!, role: 'amount' }
        : { path: i !== undefined ? paths[i]! : [`第${f + 1}列`], role: 'key' },
    );
  }
  const model = columnModel(specs);
  const columns: ColumnSpec[] = model.columns.map((c) => ({ ...c, acceptsValue: c.role === 'amount' }));
  const keys: TextCell[] = [];
  const values: Part['values'] = [];
  const stray: TextCell[] = [];
  const texts: Part['texts'] = [];
  let keyFields = 0;
  for (let f = b.start; f < b.end; f++) {
    const i = byField.get(f);
    const cell = l.cells[f];
    if (i === undefined && f < firstAmount) keyFields++;
    if (!cell || cell.text === '') continue;
    if (i !== undefined && textColumn[i]) {
      texts.push({ column: columns[f - b.start]!, cell });
      continue;
    }
    if (i === undefined && f < firstAmount) {
      keys.push(cell);
      continue;
    }
    const p = parseAmount(cell.text.replace(/\s*(万元|元)$/, ''), ctx.unit);
    if (p.kind === 'value') values.push({ field: f, text: cell.text, raw: cell.raw, fen: p.fen });
    else if (p.kind === 'error') stray.push(cell);
  }
  return { keys, keyFields, values, stray, texts, model: { ...model, columns }, base: b.start };
}
