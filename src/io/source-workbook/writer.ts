/**
 * Writes the source workbook: the blank template finance staff fill in, or the workbook form of
 * an existing source. Every sheet, column, dropdown and 填写说明 line comes from the layout
 * (./layout.ts); see ./reader.ts for how the same layout is read back.
 *
 * Amount exactness. Amounts are written as *number* cells whenever that is exact, because that
 * is what finance staff expect (SUM works, no green “number stored as text” triangles, the
 * '0.00####' format shows two decimals and up to six, i.e. one fen in 万元, so nothing is hidden).
 * A number is written only when the decimal written in the source survives the trip through an
 * IEEE double (see `amountCellValue`); everything else is written as a text cell exactly as
 * written. No float ever changes an amount.
 */
import ExcelJS from 'exceljs';
import type { RawSource } from '../../core/source/schema.ts';
import { loadBundledCatalogs } from '../catalog-files.ts';
import { amountCellValue, columnLetter, getPath, type Rec } from './cells.ts';
import { addCodeSheets, bundledCodeLists } from './code-sheets.ts';
import { LAYOUT, SHEET } from './layout.ts';
import type { ChoiceRef, Field, Kind, KvSpec, RowSource, TableSpec } from './spec.ts';
import { KEY_FILL, styleHeader, THIN } from './style.ts';

/** two decimals always, up to six (one fen in 万元) when present: nothing is hidden */
const AMOUNT_FORMAT = '0.00####';
/** rows below the data that carry dropdowns and formats in a table sheet */
const SPARE_ROWS = 500;
const MIN_ROWS = 1000;

function numFmtOf(kind: Kind): string {
  switch (kind) {
    case 'amount':
      return AMOUNT_FORMAT;
    case 'int':
    case 'number':
      // not '0': that format would display 12.5 as 13 while the reader reports 12.5
      return 'General';
    default:
      return '@';
  }
}

function widthOf(f: Field): number {
  if (f.width) return f.width;
  switch (f.kind) {
    case 'long':
      return 50;
    case 'amount':
      return 16;
    case 'code':
      return 16;
    default:
      return Math.max(12, f.label.length * 2 + 4);
  }
}

function headerText(f: Field): string {
  return f.required ? `${f.label}*` : f.label;
}

/** The range of each code list a dropdown refers to, and an optional prompt shown with it. */
interface ListRanges {
  readonly range: Readonly<Record<ChoiceRef, string>>;
  readonly prompt: Readonly<Partial<Record<ChoiceRef, string>>>;
}

const REF_NAME: Readonly<Record<ChoiceRef, string>> = {
  fund: '资金来源',
  unit: '单位编码',
  project: '项目代码',
  templateSet: '报表模板集',
  slot: '插槽名',
};

/** The data validation of a field, or undefined. */
function validationOf(f: Field, ranges: ListRanges): ExcelJS.DataValidation | undefined {
  const c = f.choice;
  if (c) {
    if ('ref' in c) {
      const what = REF_NAME[c.ref];
      const prompt = ranges.prompt[c.ref];
      return {
        type: 'list',
        allowBlank: true,
        formulae: [ranges.range[c.ref]],
        ...(prompt ? { showInputMessage: true, promptTitle: what, prompt } : {}),
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '请核对',
        error: `该${what}不在列表中。确需使用请点“是”。`,
      };
    }
    return {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: c.strict ? 'stop' : 'warning',
      errorTitle: c.strict ? '输入有误' : '请核对',
      error: c.strict ? `请从下拉列表中选择：${c.values.join('、')}` : '该值不在列表中。确需使用请点“是”。',
    };
  }
  if (f.kind === 'int') {
    return {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: '输入有误',
      error: '请填写非负整数',
    };
  }
  if (f.kind === 'number') {
    return {
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: '输入有误',
      error: '请填写不小于 0 的数字',
    };
  }
  return undefined;
}

/** ExcelJS 4.4 has `worksheet.dataValidations` (range addresses allowed) but does not declare it. */
function addValidation(ws: ExcelJS.Worksheet, range: string, dv: ExcelJS.DataValidation): void {
  (ws as unknown as { dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(
    range,
    dv,
  );
}

function cellValueOf(kind: Kind, v: unknown): ExcelJS.CellValue | undefined {
  if (v === undefined || v === null) return undefined;
  switch (kind) {
    case 'amount':
      return typeof v === 'number' || typeof v === 'string' ? amountCellValue(v) : String(v);
    case 'bool':
      return v === true ? '是' : v === false ? '否' : String(v);
    case 'flag':
      return v === true ? '有' : v === false ? '无' : String(v);
    case 'int':
    case 'number':
      return typeof v === 'number' ? v : String(v);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

function tableLastRow(rows: number): number {
  return 1 + Math.max(MIN_ROWS, rows + SPARE_ROWS);
}

function addTableSheet(
  wb: ExcelJS.Workbook,
  spec: TableSpec,
  records: ReadonlyArray<Record<string, unknown>>,
  ranges: ListRanges,
): void {
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  spec.fields.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    col.width = widthOf(f);
    col.numFmt = numFmtOf(f.kind);
    if (f.kind === 'long') col.alignment = { wrapText: true, vertical: 'top' };
  });
  const header = ws.getRow(1);
  spec.fields.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerText(f);
    styleHeader(cell, f.required === true);
    cell.note = f.help;
  });
  header.height = 30;
  records.forEach((rec, r) => {
    const row = ws.getRow(r + 2);
    spec.fields.forEach((f, i) => {
      const v = cellValueOf(f.kind, getPath(rec, f.key));
      if (v !== undefined) row.getCell(i + 1).value = v;
    });
  });
  const last = tableLastRow(records.length);
  spec.fields.forEach((f, i) => {
    const dv = validationOf(f, ranges);
    const letter = columnLetter(i + 1);
    if (dv) addValidation(ws, `${letter}2:${letter}${last}`, dv);
  });
}

function addKvRows(
  ws: ExcelJS.Worksheet,
  fields: readonly Field[],
  values: (f: Field) => unknown,
  firstRow: number,
  ranges: ListRanges,
): number {
  let r = firstRow;
  for (const f of fields) {
    const row = ws.getRow(r);
    const key = row.getCell(1);
    key.value = headerText(f);
    key.font = { bold: true, ...(f.required ? { color: { argb: 'FFC00000' } } : {}) };
    key.fill = KEY_FILL;
    key.border = THIN;
    const cell = row.getCell(2);
    cell.numFmt = numFmtOf(f.kind);
    cell.border = THIN;
    if (f.kind === 'long') cell.alignment = { wrapText: true, vertical: 'top' };
    const v = cellValueOf(f.kind, values(f));
    if (v !== undefined) cell.value = v;
    const dv = validationOf(f, ranges);
    if (dv) addValidation(ws, `B${r}`, dv);
    const help = row.getCell(3);
    help.value = f.help;
    help.alignment = { wrapText: true, vertical: 'top' };
    help.font = { color: { argb: 'FF595959' } };
    r++;
  }
  return r;
}

function addKvSheet(
  wb: ExcelJS.Workbook,
  spec: KvSpec,
  values: (f: Field) => unknown,
  ranges: ListRanges,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 36;
  ws.getColumn(3).width = 70;
  ['项目', spec.valueHeader, '说明'].forEach((h, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.value = h;
    styleHeader(cell, false);
  });
  addKvRows(ws, spec.fields, values, 2, ranges);
  return ws;
}

/** The table below the keys of a key/value sheet (国有资产 → 车辆), two rows below the last key. */
function addBelowBlock(
  ws: ExcelJS.Worksheet,
  kv: KvSpec,
  spec: TableSpec,
  vehicles: ReadonlyArray<Record<string, unknown>>,
  ranges: ListRanges,
): void {
  const headerRow = kv.fields.length + 3;
  const title = ws.getRow(headerRow - 1).getCell(1);
  title.value = '车辆情况（按车辆类型每类一行，如 一般公务用车、执法执勤用车、特种专业技术用车）';
  title.font = { bold: true };
  spec.fields.forEach((f, i) => {
    const cell = ws.getRow(headerRow).getCell(i + 1);
    cell.value = headerText(f);
    styleHeader(cell, true);
    cell.note = f.help;
  });
  const noteCell = ws.getRow(headerRow).getCell(3);
  noteCell.value = '说明';
  styleHeader(noteCell, false);
  const last = headerRow + Math.max(50, vehicles.length + 20);
  for (let r = headerRow + 1; r <= last; r++) {
    ws.getRow(r).getCell(1).numFmt = '@';
    ws.getRow(r).getCell(2).numFmt = 'General';
  }
  vehicles.forEach((v, i) => {
    const row = ws.getRow(headerRow + 1 + i);
    spec.fields.forEach((f, c) => {
      const value = cellValueOf(f.kind, v[f.key]);
      if (value !== undefined) row.getCell(c + 1).value = value;
    });
  });
  const dv = validationOf(spec.fields[1] as Field, ranges);
  if (dv) addValidation(ws, `B${headerRow + 1}:B${last}`, dv);
}

function addGuideSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(LAYOUT.guideSheet);
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 22;
  ws.getColumn(3).width = 90;
  let r = 1;
  const put = (a: string, b = '', c = '', bold = false) => {
    const row = ws.getRow(r++);
    [a, b, c].forEach((v, i) => {
      const cell = row.getCell(i + 1);
      if (v) cell.value = v;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (bold) cell.font = { bold: true };
    });
  };
  const title = ws.getRow(r++).getCell(1);
  title.value = '明账 源数据工作簿 填写说明';
  title.font = { bold: true, size: 16 };
  put('模板版本', '1');
  r++;
  put('一、基本规则', '', '', true);
  const rules = [
    '本工作簿与明账的源数据文件（source.json）内容一一对应：填好后由明账读入，校验后生成公开报表。读入时发现的问题会指明工作表、行和列。',
    '金额单位只在“基本信息”表的“金额单位”中设定一次（元 或 万元），所有工作表的金额都按该单位填写；单元格中不要写“元”“万元”。金额最多精确到分：以元计最多 2 位小数，以万元计最多 6 位小数。',
    '各种编码（单位编码、部门编码、科目编码、项目代码）一律按文本填写，编码列已设为文本格式，请保留前导 0；从其他表格复制时请用“选择性粘贴—数值”，并确认编码没有变成科学计数法。',
    '明细表一行一条记录：不要合并单元格，不要插入小计、合计或标题行；空行会被忽略。',
    '第 1 行是表头，请勿修改列名；列的顺序可以调整，不需要的可选列可以删除。带 * 的列和项目（红色）必须填写；“政府采购”“上年数”“部门整体自评”中带 * 的项目在该表有数据时必须填写。',
    '有下拉列表的列请从列表中选择；资金来源、单位编码、项目代码的下拉列表只是提示，也可以填写资金来源的代码或别名。',
    '“是否专项”“是否上年结转”填写“是”或“否”；人数、次数、车辆数填写整数；绩效自评的分值、得分填写数字（可有小数）。',
    '不适用的表保持空白即可，不要删除工作表。必需的工作表：基本信息、单位、支出明细。“部门整体绩效目标”“国有资产占用情况”“绩效自评”是否公开，可在“基本信息”中填写“有”或“无”；留空时按相应工作表是否有数据判断。',
    '决算专用（编制预算时留空）：“使用非财政拨款结余”“结余分配”“功能分类预算数”表，“部门整体自评”“部门整体自评指标”“项目自评”“项目自评资金”“项目自评指标”五张绩效自评表，“三公经费”表的全年预算数、年初预算数列，“政府采购”表的授予中小企业合同金额各项，以及“基本信息”中的机关运行经费年初预算数。决算的本年收入须在“收入”表中填写功能分类编码。',
    '以“代码-”开头的工作表是根据明账内置目录、报表模板集和说明模板生成的代码表（含中文名称和含义），仅供查阅，读入时忽略；“报表模板集”“插槽名”的下拉列表取自“代码-模板集”“代码-说明插槽”。目录中没有的科目请在“支出明细”中同时填写名称，或在“目录补充”表登记。',
  ];
  rules.forEach((t, i) => {
    put(`${i + 1}.`, '', t);
  });
  r++;
  put('二、各工作表', '', '', true);
  put('工作表 / 列', '要求', '说明', true);
  const describe = (sheet: string, purpose: string, fields: readonly Field[]) => {
    put(sheet, LAYOUT.requiredSheets.includes(sheet) ? '必需' : '可空', purpose, true);
    for (const f of fields) put(`　${f.label}`, f.required ? '必填' : '可选', f.help);
  };
  for (const s of LAYOUT.dataSheets) {
    if ('kv' in s) {
      describe(s.kv.sheet, `${s.kv.purpose}（每行一项：A 列为项目名称，B 列填写内容）`, s.kv.fields);
      for (const f of s.below?.fields ?? []) put(`　${f.label}`, '车辆表', f.help);
    } else describe(s.table.sheet, s.table.purpose, s.table.fields);
  }
  for (const c of LAYOUT.codeSheets) put(c.sheet, '只读', c.purpose);
}

const recs = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);

/** The rows of a table sheet, read from the source object where its layout says they live. */
export function recordsOf(d: Rec, rows: RowSource): Rec[] {
  if ('map' in rows) {
    const map = getPath(d, rows.map);
    if (!map || typeof map !== 'object') return [];
    return Object.entries(map as Rec).map(([k, v]) => ({ [rows.keyField]: k, [rows.valueField]: v }));
  }
  if ('children' in rows) {
    return recs(getPath(d, rows.children)).flatMap((p) => {
      const list = p[rows.list];
      const items = Array.isArray(list) ? (list as unknown[]) : [];
      const key = p[rows.parentKey];
      return items.map((item) =>
        rows.scalar ? { [rows.keyField]: key, [rows.scalar]: item } : { [rows.keyField]: key, ...(item as Rec) },
      );
    });
  }
  const list = getPath(d, rows.list);
  if (!Array.isArray(list)) return [];
  const scalar = rows.scalar;
  return scalar ? (list as unknown[]).map((item) => ({ [scalar]: item })) : (list as Rec[]);
}

/** Write the workbook form of `data`, or the blank template when `data` is undefined. */
export async function writeSourceWorkbook(file: string, data?: RawSource): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '明账';
  const d = (data ?? {}) as Rec;
  const catalogs = loadBundledCatalogs();
  const lists = bundledCodeLists();
  const ranges: ListRanges = {
    range: {
      fund: `'${SHEET.codeFund}'!$B$2:$B$${catalogs.funds.length + 1}`,
      unit: `'${SHEET.units}'!$A$2:$A$${tableLastRow(recs(d.units).length)}`,
      project: `'${SHEET.projects}'!$A$2:$A$${tableLastRow(recs(d.projects).length)}`,
      templateSet: `'${SHEET.codeTemplateSet}'!$A$2:$A$${lists.templateSets.length + 1}`,
      slot: `'${SHEET.codeSlot}'!$A$2:$A$${lists.slots.length + 1}`,
    },
    // Excel shows at most 255 characters of a prompt
    prompt: {
      templateSet: lists.templateSets
        .map((t) => `${t.id}：${t.name}`)
        .join('\n')
        .slice(0, 255),
      slot: '各插槽的含义见“代码-说明插槽”',
    },
  };

  addGuideSheet(wb);
  for (const s of LAYOUT.dataSheets) {
    if ('table' in s) {
      addTableSheet(wb, s.table, recordsOf(d, s.table.rows), ranges);
      continue;
    }
    const values = (f: Field): unknown => {
      if (!data) return f.key === 'schemaVersion' ? 1 : undefined;
      // a flag row says 有 when its section is there
      if (f.key.startsWith('#')) return getPath(d, f.key.slice(1)) ? true : undefined;
      return getPath(d, f.key);
    };
    const ws = addKvSheet(wb, s.kv, values, ranges);
    if (s.below && 'list' in s.below.rows) addBelowBlock(ws, s.kv, s.below, recordsOf(d, s.below.rows), ranges);
  }
  addCodeSheets(wb, catalogs, lists);
  await wb.xlsx.writeFile(file);
}
