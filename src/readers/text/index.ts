/**
 * Reads a published disclosure, as text extracted from its PDF, back into the package model —
 * deterministically, with provenance (page, line and the printed text of every cell).
 *
 *   text ──splitDocument──▶ pages/lines/cells ──readStructure──▶ cover, 目录, 说明, table blocks
 *        ──(per block, against the matched template)──▶ cells ──packageFromCells──▶ package
 *
 * Tables are identified by their printed titles against every template set given (titles,
 * printed titles, aliases; spacing, bracket widths and dash variants ignored), never by position.
 * The package is read with the set most of its tables match. Tables no template knows become
 * generic tables and are listed in `unmatched` with the reason. Every realignment of a displaced
 * row and every value that could not be taken is listed in `repairs`. The reader never throws
 * anything but a TextReadError (Chinese, located by file, page and line).
 */
import { type AmountUnit, FEN_PER, type Fen, fenToDecimalString } from '../../core/money/amount.ts';
import type { Cell, DisclosurePackage, PackageKind, PackageTable } from '../../core/package/model.ts';
import type { TableTemplate, TemplateSet } from '../../core/templates/schema.ts';
import { type CellRecord, type PrintedTable, packageFromCells } from '../cells-package.ts';
import { ReadCursor, TextReadError } from './errors.ts';
import { readDepartmentForm, readProjectSheet, readReferenceForm } from './forms.ts';
import { readGeneric } from './generic.ts';
import { readGrid } from './grid.ts';
import { lineText, splitDocument, type TextDocument, type TextLine } from './lines.ts';
import { isTotalName, matchKey, nameKey, titleKey } from './normalise.ts';
import { readPositionedTable, splitFields } from './positioned.ts';
import { readReferenceGrid } from './reference.ts';
import { readSideBySide } from './side-by-side.ts';
import { type CoverFacts, type DocumentStructure, readStructure, type TableBlock, type TocEntry } from './structure.ts';
import { gridColumnModel, templateTitleKeys } from './templates.ts';
import type { ReadCell, ReadContext, Repair } from './types.ts';

export { TextReadError } from './errors.ts';
export type { Repair } from './types.ts';

export interface UnmatchedTable {
  readonly title: string;
  readonly reason: string;
  readonly line?: number;
}

export interface ReadTableInfo {
  /** title as printed */
  readonly printedTitle: string;
  readonly line: number;
  readonly page: number;
  /** official title of the matched template (absent for generic tables) */
  readonly title?: string;
  readonly templateId?: string;
  readonly cells: number;
}

export interface TextReadResult {
  readonly pkg: DisclosurePackage;
  readonly unmatched: UnmatchedTable[];
  readonly repairs: Repair[];
  readonly document: {
    readonly cover: CoverFacts;
    readonly toc: readonly TocEntry[];
    readonly tables: readonly ReadTableInfo[];
    /** 目录 entries of the chosen set that the document does not print */
    readonly notPrinted: readonly string[];
  };
}

export function readTextDisclosure(text: string, file: string, sets: readonly TemplateSet[]): TextReadResult {
  const cursor = new ReadCursor();
  try {
    return read(String(text ?? ''), file, sets, cursor);
  } catch (e) {
    if (e instanceof TextReadError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new TextReadError(file, cursor.page, cursor.line, `读取时出错：${reason}`);
  }
}

/**
 * Reads a document already in the intermediate form (pages → lines → cells), e.g. a PDF laid
 * out by readers/pdf: the same structure and table pipeline as for text.
 */
export function readDocument(doc: TextDocument, file: string, sets: readonly TemplateSet[]): TextReadResult {
  const cursor = new ReadCursor();
  try {
    if (sets.length === 0) fail(file, undefined, '没有可用的报表模板集，无法识别表格');
    if (doc.lines.every((l) => l.blank))
      fail(file, undefined, '文件中没有可提取的文字（可能是扫描件，需要先做文字识别）');
    return readLines(doc, file, sets, cursor);
  } catch (e) {
    if (e instanceof TextReadError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new TextReadError(file, cursor.page, cursor.line, `读取时出错：${reason}`);
  }
}

function fail(file: string, l: { page: number; line: number } | undefined, reason: string): never {
  throw new TextReadError(file, l?.page ?? 1, l?.line ?? 1, reason);
}

function checkEncoding(text: string, file: string): void {
  let bad = 0;
  let firstBad = -1;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    total++;
    const isBad = c === 0xfffd || c === 0 || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12);
    if (isBad) {
      bad++;
      if (firstBad < 0) firstBad = i;
    }
  }
  if (bad >= 3 && bad * 100 > total) {
    const before = text.slice(0, firstBad);
    const line = before.split(/\r\n|\r|\n/).length;
    const page = (before.match(/\f/g)?.length ?? 0) + 1;
    fail(file, { page, line }, `含有 ${bad} 个无法识别的字符（乱码或二进制内容），文件可能不是 UTF-8 编码的文本`);
  }
}

function read(text: string, file: string, sets: readonly TemplateSet[], cursor: ReadCursor): TextReadResult {
  if (sets.length === 0) fail(file, undefined, '没有可用的报表模板集，无法识别表格');
  if (text.trim() === '') fail(file, undefined, '文件为空');
  checkEncoding(text, file);
  return readLines(splitDocument(text), file, sets, cursor);
}

function readLines(doc: TextDocument, file: string, sets: readonly TemplateSet[], cursor: ReadCursor): TextReadResult {
  const firstLine = doc.lines.find((l) => !l.blank);
  const structure = readStructure(doc, sets);
  const { cover } = structure;
  if (structure.tables.length === 0 && structure.sections.length === 0)
    fail(file, firstLine, '未找到任何公开表或说明：没有与报表模板集表名相符的标题，也没有可识别的表格');
  const head = doc.lines
    .slice(0, 60)
    .map((l) => lineText(l))
    .join('');
  const set = chooseSet(structure, sets, head);
  const year = cover.year ?? (set.years[0] === set.years[1] ? set.years[0] : undefined);
  if (year === undefined) fail(file, firstLine, '封面中未找到年度（应印有如“2024年部门预算”的标题）');
  const kind: PackageKind = cover.kind ?? set.kind;
  const docUnit: AmountUnit = cover.amountUnit ?? set.amountUnit;
  const repairs: Repair[] = [];
  const unmatched: UnmatchedTable[] = [];
  if (docUnit !== set.amountUnit)
    repairs.push({
      table: '',
      line: cover.lines.amountUnit ?? 1,
      what: `文件金额单位为${docUnit}，模板集为${set.amountUnit}，金额已按${set.amountUnit}换算`,
    });

  // which template each block is read with
  const plans = structure.tables.map((block) => planBlock(block, set));
  for (const p of plans) if (p.unmatched) unmatched.push(p.unmatched);

  // pass 1 without cross-table evidence: collects (name, amount) facts of rows read literally;
  // pass 2 reads every table again, now able to weigh realignments against the other tables.
  // Each table is read in the unit its captions print (Shanghai budgets: 元, the 三公 table 万元).
  const units = plans.map((p) => blockUnit(p.block) ?? docUnit);
  const bases = units.map((unit) => ({
    set,
    unit,
    step: FEN_PER[unit] / 100n,
    unitCode: cover.unitCode,
    cursor,
    split: doc.split,
  }));
  const facts = new Map<string, Map<number, Set<Fen>>>();
  plans.forEach((p, i) => {
    const out = readBlock(p, bases[i]!);
    for (const f of out.facts) addFact(facts, f.name, i, f.fen);
  });
  const results = plans.map((p, i) => readBlock(p, { ...bases[i]!, evidence: evidenceFor(facts, i) }));

  // the package: matched tables through packageFromCells, generic tables appended
  const records: CellRecord[] = [];
  const printed = new Map<string, { block: TableBlock; template: TableTemplate; note?: string }>();
  const generic: PackageTable[] = [];
  const tableInfos: ReadTableInfo[] = [];
  plans.forEach((p, i) => {
    const out = results[i]!;
    repairs.push(...out.repairs);
    tableInfos.push({
      printedTitle: p.block.printedTitle,
      line: p.block.title.line,
      page: p.block.title.page,
      ...(p.template ? { title: p.template.title, templateId: p.template.id } : {}),
      cells: out.cells.length,
    });
    if (!p.template) {
      generic.push(genericTable(p.block, out.cells, set, generic.length + 1));
      return;
    }
    const prev = printed.get(p.template.id);
    if (!prev)
      printed.set(p.template.id, {
        block: p.block,
        template: p.template,
        ...(p.block.note ? { note: p.block.note } : {}),
      });
    const unit = units[i]!;
    if (unit !== docUnit && out.cells.some((c) => c.fen !== undefined))
      repairs.push({
        table: p.template.title,
        line: p.block.title.line,
        what: `本表金额单位为${unit}（文件其他表为${docUnit}），金额已按${set.amountUnit}换算`,
      });
    for (const c of out.cells) records.push(toRecord(c, p.template.title, unit, set.amountUnit));
  });
  const printedTables: PrintedTable[] = [...printed.values()].map((p) => ({
    title: p.template.title,
    captions: p.block.captions,
    ...(p.note ? { note: p.note } : {}),
  }));
  const built = packageFromCells(dedupe(records, repairs), set, {
    kind,
    year,
    unit: { code: cover.unitCode ?? '', name: cover.unitName ?? '' },
    file,
    tables: printedTables,
    ...(structure.sections.length > 0 ? { sections: structure.sections } : {}),
  });
  const { pkg, notPrinted } = finishPackage(built, set, printed, generic, structure.toc);
  return {
    pkg,
    unmatched,
    repairs,
    document: { cover, toc: structure.toc, tables: tableInfos, notPrinted },
  };
}

// ---------------------------------------------------------------- template set

/** The amount unit a table's captions print ("单位：元", "金额单位：万元", "单位:万元"). */
function blockUnit(block: TableBlock): AmountUnit | undefined {
  for (const c of block.captions) {
    const m = /(?:金额)?单位\s*[:：]\s*(万元|元)\s*$/.exec(c);
    if (m) return m[1] as AmountUnit;
  }
  return undefined;
}

function chooseSet(structure: DocumentStructure, sets: readonly TemplateSet[], head: string): TemplateSet {
  const { cover } = structure;
  const count = new Map<string, number>();
  for (const b of structure.tables) {
    const ids = new Set(b.matches.map((m) => m.set.id));
    for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
  }
  // kind first, then the region the document names (上海, 湖南 …), then the year
  const fits = (s: TemplateSet) =>
    (cover.kind === undefined || cover.kind === s.kind ? 4 : 0) +
    (s.region !== '' && head.includes(s.region) ? 2 : 0) +
    (cover.year !== undefined && cover.year >= s.years[0] && cover.year <= s.years[1] ? 1 : 0);
  const distance = (s: TemplateSet) =>
    cover.year === undefined ? 0 : Math.max(0, s.years[0] - cover.year, cover.year - s.years[1]);
  // tables whose printed captions carry the set's table code (公开01表): a set of another region
  // with the same titles does not print them
  const coded = new Map<string, number>();
  for (const b of structure.tables) {
    const printed = b.captions.map((c) => matchKey(c)).join('|');
    for (const m of b.matches)
      if (m.template.code && matchKey(m.template.code) !== '' && printed.includes(matchKey(m.template.code)))
        coded.set(m.set.id, (coded.get(m.set.id) ?? 0) + 1);
  }
  return [...sets].sort(
    (a, b) =>
      (count.get(b.id) ?? 0) - (count.get(a.id) ?? 0) ||
      (coded.get(b.id) ?? 0) - (coded.get(a.id) ?? 0) ||
      fits(b) - fits(a) ||
      distance(a) - distance(b) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0]!;
}

interface Plan {
  readonly block: TableBlock;
  readonly template?: TableTemplate;
  readonly unmatched?: UnmatchedTable;
}

function planBlock(block: TableBlock, set: TemplateSet): Plan {
  const own = block.matches.find((m) => m.set.id === set.id);
  if (own) return { block, template: own.template };
  const line = block.title.line;
  if (block.matches.length > 0) {
    const other = block.matches[0]!;
    return {
      block,
      unmatched: {
        title: block.printedTitle,
        line,
        reason: `表名与模板集“${other.set.id}”的“${other.template.title}”相符，但本文件按模板集“${set.id}”读取，该集中没有此表`,
      },
    };
  }
  return {
    block,
    unmatched: { title: block.printedTitle, line, reason: '表名与任何报表模板集中的表名、印刷表名或别名都不相符' },
  };
}

// ---------------------------------------------------------------- reading one block

interface BlockOut {
  cells: ReadCell[];
  repairs: Repair[];
  facts: Array<{ name: string; fen: Fen }>;
}

function readBlock(p: Plan, ctx: ReadContext): BlockOut {
  const { block, template } = p;
  ctx.cursor.at(block.title);
  const table = template?.title ?? block.printedTitle;
  if (block.illegible) {
    return {
      cells: [],
      repairs: [{ table, line: block.title.line, what: '表格内容在提取的文本中无法辨认（[illegible]），未读取' }],
      facts: [],
    };
  }
  if (ctx.split !== 'tabs' && template) {
    // fields of space-aligned text and of PDFs carry no empty cells: the table is rebuilt by position
    if (template.layout === 'reference' && template.shape !== 'form') {
      const pos = readPositionedTable(block.body, template, table, ctx.split, ctx.unit, ctx.step);
      const tabs: ReadContext = { ...ctx, split: 'tabs' };
      const out =
        template.shape === 'side-by-side'
          ? readSideBySide(pos.body, template, table, tabs, pos.headerLines)
          : readReferenceGrid(pos.body, template.columns, table, tabs, pos.headerLines);
      return { ...out, repairs: [...pos.repairs, ...out.repairs] };
    }
    if (template.layout === 'reference' && template.shape === 'form') {
      // label → amount pairs read in print order; one form per project: its amounts are the project's row
      const body = splitFields(block.body, ctx.split);
      const out = readReferenceForm(body, template.columns, table, ctx);
      const project = projectName(body);
      if (!project) return { ...out, facts: [] };
      const cells: ReadCell[] = [];
      const repairs = out.repairs.filter((r) => !/重复出现/.test(r.what));
      for (const c of out.cells) {
        if (cells.some((x) => x.column === c.column)) {
          repairs.push({
            table,
            line: c.line,
            what: `项目“${project}”的“${c.column}”再次出现（${c.value}），保留第一次的值`,
          });
          continue;
        }
        cells.push({ ...c, row: project });
      }
      return { cells, repairs, facts: [] };
    }
    return {
      cells: [],
      repairs: [
        {
          table,
          line: block.title.line,
          what: '本表的列只能按位置确定，而按位置读取目前只支持参考模板的表格（列清单），本表只识别了标题，未读取金额',
        },
      ],
      facts: [],
    };
  }
  if (!template) return { cells: readGeneric(block.body, ctx.unit), repairs: [], facts: [] };
  switch (template.layout) {
    case 'grid': {
      const model = gridColumnModel(template);
      return readGrid(block.body, { table, model, rowModel: template.rows, base: 0 }, ctx);
    }
    case 'side-by-side':
      return readSideBySide(block.body, template, table, ctx);
    case 'form': {
      const out =
        template.form === 'project-performance'
          ? readProjectSheet(block.body, template, table, ctx)
          : readDepartmentForm(block.body, template, table, ctx);
      return { ...out, facts: [] };
    }
    case 'reference': {
      if (template.shape === 'side-by-side') return readSideBySide(block.body, template, table, ctx);
      if (template.shape === 'form')
        return { ...readReferenceForm(block.body, template.columns, table, ctx), facts: [] };
      return readReferenceGrid(block.body, template.columns, table, ctx);
    }
  }
}

/** The project a form is about ("项目名称 | 新建万里街道社区公共服务中心"). */
function projectName(body: readonly TextLine[]): string | undefined {
  for (const l of body.slice(0, 6)) {
    const f = l.cells.filter((c) => c.text !== '');
    const i = f.findIndex((c) => matchKey(c.text) === '项目名称');
    if (i >= 0 && f[i + 1]) return f[i + 1]!.text;
  }
  return undefined;
}

// ---------------------------------------------------------------- evidence

function addFact(facts: Map<string, Map<number, Set<Fen>>>, name: string, table: number, fen: Fen): void {
  if (name === '' || fen === 0n) return;
  const byTable = facts.get(name) ?? new Map<number, Set<Fen>>();
  facts.set(name, byTable);
  const values = byTable.get(table) ?? new Set<Fen>();
  byTable.set(table, values);
  values.add(fen);
}

const GENERIC_LEAVES = new Set(['预算数', '金额', '决算数', '预算金额', '本年预算', '合计', '小计', '总计']);

function evidenceFor(facts: Map<string, Map<number, Set<Fen>>>, own: number) {
  return (path: readonly string[], fen: Fen): boolean => {
    const leaf = path[path.length - 1] ?? '';
    if (isTotalName(leaf) || GENERIC_LEAVES.has(matchKey(leaf))) return false;
    const byTable = facts.get(nameKey(leaf));
    if (!byTable) return false;
    for (const [t, values] of byTable) if (t !== own && values.has(fen)) return true;
    return false;
  };
}

// ---------------------------------------------------------------- package

function toRecord(c: ReadCell, table: string, docUnit: AmountUnit, setUnit: AmountUnit): CellRecord {
  const provenance = { kind: 'document' as const, page: c.page, line: c.line, raw: c.raw };
  if (c.fen === undefined) return { table, row: c.row, column: c.column, value: c.value, text: true, provenance };
  const value = docUnit === setUnit ? c.value.replace(/,/g, '') : fenToDecimalString(c.fen, setUnit);
  return { table, row: c.row, column: c.column, value, provenance };
}

/** One record per (table, row, column): a second reading of the same cell (two sheets) is reported, not kept. */
function dedupe(records: readonly CellRecord[], repairs: Repair[]): CellRecord[] {
  const seen = new Set<string>();
  const out: CellRecord[] = [];
  for (const r of records) {
    const id = `${r.table}\u0000${r.row}\u0000${r.column}`;
    if (seen.has(id)) {
      const line = r.provenance?.kind === 'document' ? (r.provenance.line ?? 0) : 0;
      repairs.push({ table: r.table, line, what: `行“${r.row}”列“${r.column}”在文件中出现两次，保留第一次的值` });
      continue;
    }
    seen.add(id);
    out.push(r);
  }
  return out;
}

/** A table no template knows: title as printed, rows keyed by their first cell, columns by position. */
export function genericTable(
  block: Pick<TableBlock, 'printedTitle' | 'captions' | 'note'>,
  cells: readonly ReadCell[],
  set: TemplateSet,
  n: number,
): PackageTable {
  const title = block.printedTitle;
  const out: Cell[] = cells.map((c) => ({
    table: title,
    row: c.row,
    column: c.column,
    value: c.fen ?? null,
    text: c.value,
    provenance: { kind: 'document', page: c.page, line: c.line, raw: c.raw },
  }));
  return {
    number: set.tables.length + n,
    id: `X${String(n).padStart(2, '0')}`,
    title,
    printedTitle: title,
    captions: block.captions,
    layout: 'grid',
    columns: [],
    headerRows: [],
    headerDepth: 0,
    rows: [],
    merges: [],
    cells: out,
    ...(block.note ? { note: block.note } : {}),
    empty: !out.some((c) => c.value !== null && c.value !== 0n),
  };
}

/**
 * Shared last step of the readers: tables of reference templates take the printed shape, printed
 * titles are kept, generic tables are appended, and the 目录 entries no table answered are listed.
 */
export function finishPackage(
  built: DisclosurePackage,
  set: TemplateSet,
  printed: ReadonlyMap<string, { block: { printedTitle: string } }>,
  generic: readonly PackageTable[],
  toc: readonly { title: string }[],
): { pkg: DisclosurePackage; notPrinted: string[] } {
  const tables: PackageTable[] = built.tables.map((t) => {
    const p = printed.get(t.id);
    const template = set.tables.find((x) => x.id === t.id);
    // reference tables are printed as grids, halves or forms (the package model has no 'reference' layout)
    const layout = template?.layout === 'reference' ? template.shape : t.layout;
    return { ...t, layout, ...(p ? { printedTitle: p.block.printedTitle } : {}) };
  });
  const pkg: DisclosurePackage = { ...built, tables: [...tables, ...generic] };
  const notPrinted = toc
    .map((e) => set.tables.find((t) => templateTitleKeys(t).includes(titleKey(e.title))))
    .filter((t): t is TableTemplate => t !== undefined && !printed.has(t.id))
    .map((t) => t.title)
    .filter((t, i, all) => all.indexOf(t) === i);
  return { pkg, notPrinted };
}
