/**
 * Project performance sheets in a workbook. A sheet usually holds the forms of several projects,
 * one below the other; each form starts at its 项目名称 row (or at the 填报单位 row before it, in
 * departments of several units) and is read with the text reader's project-sheet reader. The
 * form's header facts are keyed as the package keys them ("<project>/表头", with the 项目名称 and
 * 填报单位 cells), and the 年度本级预算金额 is an amount, not text.
 */
import { parseAmount } from '../../core/money/amount.ts';
import type { ProjectPerformanceTemplate } from '../../core/templates/schema.ts';
import { readProjectSheet } from '../text/forms.ts';
import { filled, type TextLine } from '../text/lines.ts';
import { collapseSpaces, matchKey } from '../text/normalise.ts';
import type { ReadCell, ReadContext } from '../text/types.ts';
import type { CellRepair } from './errors.ts';

function firstLabel(l: TextLine): string {
  const f = filled(l)[0];
  return f && f.col === 0 ? matchKey(f.text) : '';
}

function valueAfterLabel(l: TextLine): { text: string; raw: string; col: number } | undefined {
  const f = filled(l);
  const v = f[1];
  return v ? { text: collapseSpaces(v.text), raw: v.raw, col: v.col } : undefined;
}

export function readProjectSheets(
  body: readonly TextLine[],
  t: ProjectPerformanceTemplate,
  table: string,
  ctx: ReadContext,
): { cells: ReadCell[]; repairs: CellRepair[] } {
  const nameKey = matchKey(t.fields.name);
  const unitKey = t.fields.unit ? matchKey(t.fields.unit) : undefined;
  const starts: number[] = [];
  body.forEach((l, i) => {
    const k = firstLabel(l);
    if (unitKey !== undefined && k === unitKey) starts.push(i);
    else if (k === nameKey && !(i > 0 && unitKey !== undefined && firstLabel(body[i - 1]!) === unitKey)) starts.push(i);
  });
  if (starts.length === 0) return readOne(body, t, table, ctx);
  const cells: ReadCell[] = [];
  const repairs: CellRepair[] = [];
  starts.forEach((s, k) => {
    const out = readOne(body.slice(s, starts[k + 1] ?? body.length), t, table, ctx);
    cells.push(...out.cells);
    repairs.push(...out.repairs);
  });
  return { cells, repairs };
}

/** Column keys of the header facts in the package (the generator's spelling). */
function factColumn(t: ProjectPerformanceTemplate, printed: string): string {
  const f = t.fields;
  if (printed === f.category) return '项目类别';
  if (printed === f.period) return '项目支出实施期';
  if (printed === f.goal) return '本年度绩效目标';
  return printed;
}

function readOne(
  chunk: readonly TextLine[],
  t: ProjectPerformanceTemplate,
  table: string,
  ctx: ReadContext,
): { cells: ReadCell[]; repairs: CellRepair[] } {
  const out = readProjectSheet(chunk, t, table, ctx);
  const repairs: CellRepair[] = [...out.repairs];
  const head = out.cells.find((c) => c.row.endsWith('/表头'));
  const nameLine = chunk.find((l) => firstLabel(l) === matchKey(t.fields.name));
  const project = head ? head.row.slice(0, -'/表头'.length) : nameLine ? (valueAfterLabel(nameLine)?.text ?? '') : '';
  if (project === '') return { cells: out.cells, repairs };
  const headerRow = `${project}/表头`;
  const cells: ReadCell[] = [];
  const unitLine = t.fields.unit ? chunk.find((l) => firstLabel(l) === matchKey(t.fields.unit!)) : undefined;
  const unitValue = unitLine ? valueAfterLabel(unitLine) : undefined;
  if (unitLine && unitValue && t.fields.unit) cells.push(textCell(headerRow, t.fields.unit, unitValue, unitLine));
  const nameValue = nameLine ? valueAfterLabel(nameLine) : undefined;
  if (nameLine && nameValue) cells.push(textCell(headerRow, '项目名称', nameValue, nameLine));
  for (const c of out.cells) {
    if (c.row !== headerRow) {
      cells.push(c);
      continue;
    }
    if (c.column !== t.fields.amount) {
      cells.push({ ...c, column: factColumn(t, c.column) });
      continue;
    }
    const p = parseAmount(c.value, ctx.unit);
    if (p.kind === 'value') cells.push({ ...c, fen: p.fen });
    else if (p.kind === 'error') {
      const line = chunk.find((l) => l.line === c.line);
      const col = line?.cells.find((x) => x.text === c.value && x.col > 0)?.col;
      repairs.push({
        table,
        line: c.line,
        what: `项目“${project}”的${t.fields.amount}“${c.value}”不是有效的金额，未读取`,
        ...(col !== undefined ? { col } : {}),
      });
    }
  }
  return { cells, repairs };
}

function textCell(row: string, column: string, v: { text: string; raw: string }, l: TextLine): ReadCell {
  return { row, column, value: v.text, page: l.page, line: l.line, raw: v.raw };
}
