/**
 * Performance forms (绩效目标表): header facts, task lists, the budget block and indicator rows.
 *
 * Indicator rows are keyed "<一级>/<二级>/<三级>" (prefixed by the project name on project sheets).
 * Blank 一级/二级 cells belong to merged cells above and are filled down. Where a row lost its
 * leading cells (the 指标值类型 sits left of its column), the row is read shifted back. A lost 一级
 * is rebuilt from the 二级's category (数量/质量/时效/成本 → 产出指标, …), and a filled-down 一级 that
 * contradicts the 二级 gives way to the 一级 printed on the next row (a merged cell's text lands in
 * one of its rows). Every such decision is listed as a repair.
 */
import { type Fen, parseAmount } from '../../core/money/amount.ts';
import type { DepartmentPerformanceTemplate, ProjectPerformanceTemplate } from '../../core/templates/schema.ts';
import { alignRow } from './align.ts';
import { cellAt, filled, type TextLine } from './lines.ts';
import { collapseSpaces, isDecimalAmount, matchKey, nameKey } from './normalise.ts';
import { parseRow } from './rows.ts';
import { columnModel } from './templates.ts';
import type { ReadCell, ReadContext, Repair } from './types.ts';

type IndicatorColumn = ProjectPerformanceTemplate['indicatorColumns'][number];

const TYPE_TOKENS = new Set(['≥', '≤', '=', '＝', '>', '<', '＞', '＜', '定性', '定量', '正向', '反向', '≧', '≦']);

const LEVEL1_OF: Array<[RegExp, string]> = [
  [/^(数量|质量|时效|成本)指标$/, '产出指标'],
  [/^(经济|社会|生态)效益(指标)?$|^可持续影响(指标)?$/, '效益指标'],
  [/满意度/, '满意度指标'],
];

function categoryOf(level2: string): string | undefined {
  const k = matchKey(level2);
  for (const [re, l1] of LEVEL1_OF) if (re.test(k)) return l1;
  return undefined;
}

function consistent(level1: string, level2: string): boolean {
  const cat = categoryOf(level2);
  if (cat === undefined) return true;
  // satisfaction was a 效益 二级 in older standards
  return cat === level1 || (cat === '满意度指标' && level1 === '效益指标');
}

interface IndicatorOut {
  cells: ReadCell[];
  repairs: Repair[];
}

/** Indicator rows: `lines` are the lines after `headerLine` (一级指标 | 二级指标 | …) to the end of the form. */
function readIndicators(
  lines: readonly TextLine[],
  headerLine: TextLine,
  columns: readonly IndicatorColumn[],
  prefix: string,
  table: string,
  ctx: ReadContext,
): IndicatorOut {
  const fieldOf = new Map<IndicatorColumn, number>();
  for (const c of filled(headerLine)) {
    const k = matchKey(c.text);
    const col = columns.find((x) => matchKey(x) === k);
    if (col && !fieldOf.has(col)) fieldOf.set(col, c.col);
  }
  // columns the header does not print follow the previous one
  let last = -1;
  for (const c of columns) {
    const f = fieldOf.get(c);
    if (f === undefined) fieldOf.set(c, last + 1);
    last = fieldOf.get(c)!;
  }
  const typeField = fieldOf.get('指标值类型');
  const cells: ReadCell[] = [];
  const repairs: Repair[] = [];
  const rows = lines.filter((l) => !l.blank);
  const read = rows.map((l) => {
    let shift = 0;
    if (typeField !== undefined && !TYPE_TOKENS.has(cellAt(l, typeField))) {
      const at = filled(l).find((c) => TYPE_TOKENS.has(c.text));
      if (at && at.col < typeField && typeField - at.col <= 2) shift = typeField - at.col;
    }
    const get = (c: IndicatorColumn) => {
      const f = fieldOf.get(c);
      return f === undefined ? '' : cellAt(l, f - shift);
    };
    return { l, shift, get };
  });
  let level1 = '';
  let level2 = '';
  const seen = new Set<string>();
  read.forEach((r, i) => {
    ctx.cursor.at(r.l);
    let l1 = shiftedBlank(r.shift, 1) ? '' : r.get('一级指标');
    let l2 = shiftedBlank(r.shift, 2) ? '' : r.get('二级指标');
    const l3 = r.get('三级指标');
    if (l3 === '' && l1 === '' && l2 === '') return;
    const notes: string[] = [];
    if (r.shift > 0) notes.push(`本行前 ${r.shift} 列缺失，已按指标值类型的位置整行右移 ${r.shift} 列读取`);
    if (l1 !== '') {
      level1 = l1;
      if (l2 === '') level2 = '';
    }
    if (l2 !== '') level2 = l2;
    else l2 = level2;
    if (l1 === '') {
      l1 = level1;
      const cat = categoryOf(l2);
      if (l1 === '' && cat) {
        l1 = cat;
        notes.push(`一级指标缺失，按二级指标“${l2}”补为“${cat}”`);
      } else if (l1 !== '' && !consistent(l1, l2)) {
        const next = read[i + 1];
        const nextL1 = next && !shiftedBlank(next.shift, 1) ? next.get('一级指标') : '';
        if (nextL1 !== '' && consistent(nextL1, l2)) {
          notes.push(`一级指标空白，合并单元格的文字“${nextL1}”印在下一行，据此取“${nextL1}”而非上方的“${l1}”`);
          l1 = nextL1;
        }
      }
      level1 = l1;
    }
    if (l3 === '') return;
    const row = [prefix, l1, l2, l3].filter((s) => s !== '').join('/');
    if (seen.has(row)) {
      repairs.push({ table, line: r.l.line, what: `指标“${row}”重复出现，未读取第二次` });
      return;
    }
    seen.add(row);
    for (const n of notes) repairs.push({ table, line: r.l.line, what: `指标“${row}”：${n}` });
    for (const c of ['指标值', '指标值内容', '度量单位', '指标值类型', '备注'] as const) {
      if (!fieldOf.has(c)) continue;
      const v = r.get(c);
      if (v === '') continue;
      const f = fieldOf.get(c)! - r.shift;
      cells.push({ row, column: c, value: v, page: r.l.page, line: r.l.line, raw: r.l.cells[f]?.raw ?? v });
    }
  });
  return { cells, repairs };
}

/** In a row shifted by `shift`, the first `shift` hierarchy levels were lost, not blank. */
function shiftedBlank(shift: number, level: 1 | 2): boolean {
  return shift >= level;
}

/** The non-empty cell after the one whose text is `label` on the same line. */
function valueAfter(l: TextLine, label: string): { text: string; raw: string; col: number } | undefined {
  const f = filled(l);
  const i = f.findIndex((c) => matchKey(c.text) === matchKey(label));
  if (i < 0) return undefined;
  const v = f[i + 1];
  return v ? { text: v.text, raw: v.raw, col: v.col } : undefined;
}

function textCell(row: string, column: string, v: { text: string; raw: string }, l: TextLine): ReadCell {
  return { row, column, value: collapseSpaces(v.text), page: l.page, line: l.line, raw: v.raw };
}

export function readProjectSheet(
  body: readonly TextLine[],
  t: ProjectPerformanceTemplate,
  table: string,
  ctx: ReadContext,
): { cells: ReadCell[]; repairs: Repair[] } {
  const f = t.fields;
  const nameLine = body.find((l) => valueAfter(l, f.name));
  const project = nameLine ? collapseSpaces(valueAfter(nameLine, f.name)!.text) : '';
  const cells: ReadCell[] = [];
  const repairs: Repair[] = [];
  if (project === '') {
    repairs.push({ table, line: body[0]?.line ?? 0, what: `绩效目标表没有“${f.name}”，未读取` });
    return { cells, repairs };
  }
  const headerRow = `${project}/表头`;
  const indicatorIdx = body.findIndex(
    (l) => filled(l).some((c) => matchKey(c.text) === matchKey(f.indicators)) || hasIndicatorHeader(l),
  );
  const facts = indicatorIdx < 0 ? body : body.slice(0, indicatorIdx);
  for (const field of [f.category, f.amount, f.period, f.goal]) {
    for (const l of facts) {
      const v = valueAfter(l, field);
      if (v) {
        cells.push(textCell(headerRow, field, v, l));
        break;
      }
    }
  }
  if (indicatorIdx >= 0) {
    const out = readIndicators(
      body.slice(indicatorIdx + 1),
      body[indicatorIdx]!,
      t.indicatorColumns,
      project,
      table,
      ctx,
    );
    cells.push(...out.cells);
    repairs.push(...out.repairs);
  }
  return { cells, repairs };
}

function hasIndicatorHeader(l: TextLine): boolean {
  return filled(l).some((c) => matchKey(c.text) === '一级指标');
}

export function readDepartmentForm(
  body: readonly TextLine[],
  t: DepartmentPerformanceTemplate,
  table: string,
  ctx: ReadContext,
): { cells: ReadCell[]; repairs: Repair[] } {
  const cells: ReadCell[] = [];
  const repairs: Repair[] = [];
  const budgetKey = matchKey(t.budgetLabel.replace(/[（(][^）)]*[)）]/g, ''));
  const budgetIdx = body.findIndex((l) => matchKey(cellAt(l, 0)).startsWith(budgetKey) && budgetKey !== '');
  const indicatorIdx = body.findIndex((l, i) => i > Math.max(budgetIdx, -1) && hasIndicatorHeader(l));
  const head = body.slice(0, budgetIdx >= 0 ? budgetIdx : indicatorIdx >= 0 ? indicatorIdx : body.length);
  // header facts and tasks
  let taskColumn = '主要内容';
  let inTasks = false;
  for (const l of head) {
    ctx.cursor.at(l);
    const first = matchKey(cellAt(l, 0));
    if (first === '部门名称' || first === '年履职目标') {
      const v = valueAfter(l, cellAt(l, 0));
      if (v) cells.push(textCell('部门/表头', cellAt(l, 0), v, l));
      inTasks = false;
      continue;
    }
    if (first === '年度主要任务') {
      // the heading line names the columns: 任务名称 | 主要内容
      inTasks = true;
      const cols = filled(l).slice(1);
      if (cols[1]) taskColumn = cols[1].text;
      continue;
    }
    if (!inTasks) continue;
    const f = filled(l);
    const name = f[0];
    if (!name) continue;
    const content = f[1];
    cells.push({
      row: `任务/${collapseSpaces(name.text)}`,
      column: taskColumn,
      value: content ? collapseSpaces(content.text) : '',
      page: l.page,
      line: l.line,
      raw: content?.raw ?? '',
    });
  }
  // budget block
  if (budgetIdx >= 0) {
    const end = indicatorIdx >= 0 ? indicatorIdx : body.length;
    const valueLine = body.slice(budgetIdx, end).find((l) => filled(l).some((c) => isDecimalAmount(c.text)));
    if (valueLine) {
      ctx.cursor.at(valueLine);
      const model = columnModel(t.budgetColumns.map((c) => ({ path: c.path, role: 'amount' as const })));
      const parsed = parseRow(valueLine, ctx.unit, 1);
      const a = alignRow(parsed.values, {
        columns: model.columns,
        identities: model.identities,
        base: 1,
        step: ctx.step,
        damaged: valueLine.cells.length !== model.columns.length + 1,
        ...(ctx.evidence ? { evidence: (col: number, fen: Fen) => ctx.evidence!(model.columns[col]!.path, fen) } : {}),
      });
      const row = t.budgetLabel.replace(/[（(][^）)]*[)）]/g, '').trim();
      const moves: string[] = [];
      parsed.values.forEach((v, i) => {
        const col = model.columns[a.cols[i] ?? -1];
        if (!col) return;
        if (a.cols[i] !== v.field - 1) moves.push(`${v.text}：${model.columns[v.field - 1]?.key ?? '?'} → ${col.key}`);
        cells.push({
          row,
          column: col.key,
          value: v.text,
          fen: v.fen,
          page: valueLine.page,
          line: valueLine.line,
          raw: v.raw,
        });
      });
      if (a.changed || !a.certain)
        repairs.push({
          table,
          line: valueLine.line,
          what: `${row}：${a.certain ? `金额错位，已重新对齐（${a.reason}）` : `列对齐不确定（${a.reason}）`}${moves.length ? `：${moves.join('，')}` : ''}`,
        });
    }
  }
  if (indicatorIdx >= 0) {
    const out = readIndicators(body.slice(indicatorIdx + 1), body[indicatorIdx]!, t.indicatorColumns, '', table, ctx);
    cells.push(...out.cells);
    repairs.push(...out.repairs);
  }
  return { cells, repairs };
}

/**
 * A form known only by its value paths (reference tables): "label | amount" pairs, the label
 * matched to the last segment of a template path; a label ending in ":" with no amount opens a
 * group ("按支出性质分:"). Rows are keyed by the first column, filled down. When the template has a
 * text column (e.g. 内容), a line "label | [sub-label |] text" gives a text cell keyed by its labels.
 */
export function readReferenceForm(
  body: readonly TextLine[],
  paths: readonly string[],
  table: string,
  ctx: ReadContext,
): { cells: ReadCell[]; repairs: Repair[] } {
  const cells: ReadCell[] = [];
  const repairs: Repair[] = [];
  const byLeaf = new Map<string, string[]>();
  for (const p of paths) {
    const segs = p.split('/');
    const leaf = nameKey(segs[segs.length - 1] ?? '');
    byLeaf.set(leaf, [...(byLeaf.get(leaf) ?? []), p]);
  }
  const amountPaths = new Set(paths.filter((p) => !/^(?:内容|说明|备注|文字)$/.test(p)));
  const textPath = paths.find((p) => !amountPaths.has(p));
  const amountOf = (text: string) => {
    const t = text.replace(/\s*(万元|元)$/, '');
    if (!/^-?\d[\d,]*(\.\d+)?$/.test(t)) return undefined;
    const p = parseAmount(t, ctx.unit);
    return p.kind === 'value' ? { text: t.replace(/,/g, ''), fen: p.fen } : undefined;
  };
  let rowLabel = '';
  let group = '';
  const seen = new Set<string>();
  const add = (c: ReadCell) => {
    const id = `${c.row}\u0000${c.column}`;
    if (seen.has(id)) {
      repairs.push({
        table,
        line: c.line,
        what: `行“${c.row}”列“${c.column}”重复出现，保留第一次的值，“${c.value}”未读取`,
      });
      return;
    }
    seen.add(id);
    cells.push(c);
  };
  for (const l of body) {
    ctx.cursor.at(l);
    const f = filled(l);
    if (f.length === 0) continue;
    if (f[0]!.col === 0 && amountOf(f[0]!.text) === undefined) {
      rowLabel = collapseSpaces(f[0]!.text.replace(/[:：]$/, ''));
      group = '';
    }
    let sawAmount = false;
    for (let i = 0; i < f.length; i++) {
      const c = f[i]!;
      const next = f[i + 1];
      const amount = next ? amountOf(next.text) : undefined;
      if (!amount && /[:：]$/.test(c.text) && c.col > 0) group = nameKey(c.text);
      if (!amount || !next) continue;
      sawAmount = true;
      const candidates = byLeaf.get(nameKey(c.text)) ?? [];
      const path =
        candidates.find((p) => group !== '' && p.split('/').some((s) => nameKey(s) === group)) ?? candidates[0];
      if (!path || !amountPaths.has(path)) continue;
      add({
        row: rowLabel,
        column: path,
        value: amount.text,
        fen: amount.fen,
        page: l.page,
        line: l.line,
        raw: next.raw,
      });
      i++;
    }
    // a text line: labels, then the text in the last cell
    if (!sawAmount && textPath && f.length >= 2 && f[f.length - 1]!.col > 0) {
      const last = f[f.length - 1]!;
      if (amountOf(last.text) !== undefined || /[:：]$/.test(last.text)) continue;
      const labels = f.slice(0, -1).map((c) => collapseSpaces(c.text.replace(/[:：]$/, '')));
      if (f[0]!.col > 0 && rowLabel !== '') labels.unshift(rowLabel);
      add({
        row: labels.join('/'),
        column: textPath,
        value: collapseSpaces(last.text),
        page: l.page,
        line: l.line,
        raw: last.raw,
      });
    }
  }
  return { cells, repairs };
}
