/**
 * Reads the XLSX workbook form of the canonical source data (源数据工作簿); the layout is data
 * (./layout.ts), written by ./writer.ts and read here by walking the same layout.
 *
 * `readSourceWorkbook` turns a filled workbook into the same
 * raw object a parsed `source.json` is, plus the problems met while reading and a map from JSON
 * paths to the cells the values came from, so that every later message (zod, normaliser) can
 * name 工作表 / 行 / 列.
 *
 * Layout (see also docs/source-workbook.md and the 填写说明 sheet the writer generates):
 * - key/value sheets (项目 | 内容 | 说明) for the singletons: 基本信息, 政府采购, 国有资产 (with a
 *   车辆 block below the keys), 上年数, 部门整体自评 (selfEvaluation.department);
 * - one-row-per-item table sheets with a frozen header row for every list of the schema; nested
 *   objects of an item are columns with dotted keys (三公经费: budget.abroad …, 项目自评: goal.expected),
 *   nested lists are child sheets keyed by the parent's code (单位职责, 项目绩效指标, 项目自评资金,
 *   项目自评指标);
 * - code-list sheets 代码-* built from the bundled catalogs, referenced by dropdowns.
 * Columns are found by their header text, so users may reorder them; a trailing “*” marks a
 * required column and is ignored when matching.
 *
 * Not expressed: `$schema` (an editor hint of the JSON file, no data).
 *
 * Absent versus empty. A cell without a value is an absent optional field; the writer stores an
 * empty string as an explicit empty text cell, which reads back as "" (a value, so a row or
 * section holding only such cells is not skipped). Excel keeps such cells; LibreOffice drops them
 * on saving, after which an optional "" reads as absent — required texts that may be empty
 * (指标值, 主要内容, 说明内容, 年度指标值, 实际完成值) read a blank cell as "" anyway, and so does
 * the other half of a 年度总体目标 of which one half is filled. Optional sections and nested
 * objects (三公 budget/initialBudget, smeAwarded, goal) are present when their cells hold any
 * value; 部门整体绩效, 国有资产 and 绩效自评, which can be present yet empty, also have a 有/无 row
 * on 基本信息.
 *
 * Locations name the file by its base name, the sheet, the 1-based row and the column as
 * "K（金额）" (letter and header); on key/value sheets the column is "B".
 *
 * Reading never validates what SourceSchema / normaliseSource check (amount syntax, enums,
 * codes, cross references between values): those values are passed through as written and the
 * later messages are located through `locate`. The reader itself reports what the raw object
 * cannot carry: structure (sheets, headers, key rows), cells that are not integers / numbers /
 * 是否, error values, formulas without results, and child rows that refer to a unit or project
 * the workbook lacks (单位职责 → 单位, 项目绩效指标 → 项目, 项目自评资金/指标 → 项目自评).
 *
 * Amount exactness. Amounts are written as *number* cells whenever that is exact, because that
 * is what finance staff expect (SUM works, no green “number stored as text” triangles, the
 * '0.00####' format shows two decimals and up to six, i.e. one fen in 万元, so nothing is hidden).
 * A number is written only when the decimal written in the source survives the trip through an
 * IEEE double: Excel keeps 15 significant digits, so a number cell is read back as its value
 * rounded to 15 significant digits and printed without exponent. Any decimal of at most 15
 * significant digits comes back digit for digit (and float noise from formulas such as
 * =0.1+0.2 is removed the way Excel itself displays it). Everything else — more than 15
 * significant digits, text that is not a plain decimal ("十二万", "1e-7", "-") — is written as a
 * text cell and passed to the normaliser exactly as written. No float ever changes an amount.
 */
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import type { Issue, Location } from '../../core/diagnostics.ts';
import { labelKey, type Rec } from './cells.ts';
import {
  ADDITIONS,
  ASSETS,
  BALANCE_DISTRIBUTION,
  BALANCE_USE,
  BASIC,
  BUDGET_BY_FUNC,
  CARRYOVER,
  DEPT_INDICATORS,
  DEPT_SELF,
  DEPT_SELF_INDICATORS,
  DUTIES,
  GOALS,
  INCOMES,
  KNOWN_SHEETS,
  LAYOUT,
  LINES,
  MEETING_TRAINING,
  PRIOR_YEAR,
  PROCUREMENT,
  PROJECT_INDICATORS,
  PROJECT_SELF,
  PROJECT_SELF_FUNDS,
  PROJECT_SELF_INDICATORS,
  PROJECTS,
  REASONS,
  TASKS,
  THREE_PUBLIC,
  UNITS,
  VEHICLES,
} from './layout.ts';
import {
  convert,
  EMPTY,
  type KvValue,
  kvRecord,
  type Path,
  Reader,
  readKv,
  readTable,
  rowRecord,
  type Table,
  type TableRow,
} from './sheets.ts';
import type { Field, TableSpec } from './spec.ts';

export interface WorkbookReadResult {
  /** the raw source object (same shape as a parsed source.json), or undefined if the workbook structure is unusable */
  raw: unknown;
  /** problems found while reading (missing sheet, text in a number cell, bad header …), each with location {file, sheet, row, column} */
  issues: Issue[];
  /** maps a JSON path of the raw object (e.g. ['lines', 3, 'amount']) to the workbook cell it came from */
  locate(path: ReadonlyArray<string | number>): Location | undefined;
}

/**
 * A 年度总体目标 with only one of its two texts filled: the other is blank on the form, i.e. the
 * empty text (both are required once the goal is there).
 */
function completeGoal(rec: Rec): void {
  const goal = rec.goal as Rec | undefined;
  if (!goal || typeof goal !== 'object') return;
  if (goal.expected === undefined) goal.expected = '';
  if (goal.actual === undefined) goal.actual = '';
}

function flagOf(r: Reader, found: ReadonlyMap<string, KvValue>, key: string): boolean | undefined {
  const f = BASIC.fields.find((x) => x.key === key) as Field;
  const hit = found.get(key);
  if (!hit) return undefined;
  return convert(f, hit.read, (m) => r.error(m, r.at(BASIC.sheet, hit.row, 'B'))) as boolean | undefined;
}

/** Read a filled workbook into the raw source object; see the module comment. */
export async function readSourceWorkbook(file: string, bytes?: Buffer): Promise<WorkbookReadResult> {
  const r = new Reader(basename(file));
  const result = (raw: unknown): WorkbookReadResult => ({
    raw: r.unusable ? undefined : raw,
    issues: r.issues,
    locate: (path) => r.locate(path),
  });
  const wb = new ExcelJS.Workbook();
  try {
    // bytes given: read them (an upload or a stored blob), `file` only names it in messages
    if (bytes) await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    else await wb.xlsx.readFile(file);
  } catch (e) {
    r.structural(`无法读取工作簿：${e instanceof Error ? e.message : String(e)}`, { file: r.file });
    return result(undefined);
  }

  const sheets = new Map<string, ExcelJS.Worksheet>();
  for (const ws of wb.worksheets) {
    const name = ws.name.trim();
    if (KNOWN_SHEETS.has(name) && !sheets.has(name)) sheets.set(name, ws);
    else r.warn(`未识别的工作表“${ws.name}”，已忽略`, r.at(ws.name));
  }
  for (const name of LAYOUT.requiredSheets) {
    if (!sheets.has(name)) r.structural(`缺少工作表“${name}”`, r.at(name));
  }

  const raw: Rec = {};
  const table = (spec: TableSpec, arrayPath?: Path): Table | undefined => {
    if (arrayPath) r.place(arrayPath, r.at(spec.sheet));
    const ws = sheets.get(spec.sheet);
    return ws ? readTable(r, ws, spec) : undefined;
  };
  /** A top-level list sheet: one record per row, at the path its layout names. */
  const simpleList = (spec: TableSpec): Rec[] => {
    if (!('list' in spec.rows)) throw new Error(`工作表“${spec.sheet}”不是列表`);
    const key = spec.rows.list;
    const t = table(spec, [key]);
    return t ? t.rows.map((row, i) => rowRecord(r, t, row, spec.fields, [key, i])) : [];
  };
  /** The key cell of a child row (单位职责 → 单位, 项目绩效指标 → 项目), converted and checked. */
  const parentOf = (
    t: Table,
    row: TableRow,
    field: Field,
    index: ReadonlyMap<string, number>,
    parentSheet: string,
    parentPath: string,
  ): number | undefined => {
    const loc = r.at(t.sheet, row.row, t.columns.get(field.key)?.label);
    const code = convert(field, row.cells.get(field.key)?.read ?? EMPTY, (m) => r.error(m, loc, [parentPath]));
    const key = typeof code === 'string' ? code.trim() : '';
    if (!key) {
      r.error(`缺少${field.label}`, loc, [parentPath]);
      return undefined;
    }
    const k = index.get(key);
    if (k === undefined) r.error(`${field.label}“${key}”不在“${parentSheet}”表中`, loc, [parentPath]);
    return k;
  };
  const indexBy = (list: readonly Rec[], key: string) => {
    const m = new Map<string, number>();
    list.forEach((x, i) => {
      const v = x[key];
      if (typeof v === 'string' && !m.has(v.trim())) m.set(v.trim(), i);
    });
    return m;
  };

  // 基本信息
  const basicWs = sheets.get(BASIC.sheet);
  const basic = basicWs ? readKv(r, basicWs, BASIC) : new Map<string, KvValue>();
  Object.assign(raw, kvRecord(r, BASIC, basic).rec);
  if (!raw.department) raw.department = {};
  r.place(['department'], r.locate(['department', 'code']) ?? r.at(BASIC.sheet));

  // 单位 and 单位职责
  /**
   * A child sheet (单位职责 → 单位, 项目绩效指标 → 项目): each row names its parent in the key
   * column and is appended to the parent's nested list (as a text for scalar lists).
   * `placeRow`: the list's location is the first child row rather than the sheet.
   */
  const children = (
    spec: TableSpec,
    t: Table | undefined,
    parents: readonly Rec[],
    parentPath: Path,
    placeRow = false,
  ): void => {
    const rows = spec.rows;
    if (!('children' in rows)) throw new Error(`工作表“${spec.sheet}”不是子表`);
    if (!t) return;
    const keyField = spec.fields.find((f) => f.key === rows.keyField) as Field;
    const fields = spec.fields.filter((f) => f !== keyField);
    const index = indexBy(parents, rows.parentKey);
    for (const row of t.rows) {
      const k = parentOf(t, row, keyField, index, rows.parentSheet, String(parentPath[0]));
      if (k === undefined) continue;
      const parent = parents[k] as Rec;
      if (!Array.isArray(parent[rows.list])) parent[rows.list] = [];
      const list = parent[rows.list] as unknown[];
      const listPath = [...parentPath, k, rows.list];
      if (list.length === 0) r.place(listPath, r.at(spec.sheet, placeRow ? row.row : undefined));
      const path = [...listPath, list.length];
      if (rows.scalar) list.push(rowRecord(r, t, row, fields, path, { [rows.scalar]: path })[rows.scalar] ?? '');
      else list.push(rowRecord(r, t, row, fields, path));
    }
  };

  const units = simpleList(UNITS);
  raw.units = units;
  children(DUTIES, table(DUTIES), units, ['units']);

  raw.incomes = simpleList(INCOMES);
  raw.yearEndCarryover = simpleList(CARRYOVER);
  raw.balanceUse = simpleList(BALANCE_USE);
  raw.balanceDistribution = simpleList(BALANCE_DISTRIBUTION);
  raw.budgetByFunc = simpleList(BUDGET_BY_FUNC);
  raw.lines = simpleList(LINES);

  // 项目 and 项目绩效指标
  const projects = simpleList(PROJECTS);
  raw.projects = projects;
  children(PROJECT_INDICATORS, table(PROJECT_INDICATORS), projects, ['projects']);

  // 部门整体绩效: three tables, present when the flag says 有 or when they hold data
  const perfFlag = flagOf(r, basic, '#departmentPerformance');
  const perfFlagRow = basic.get('#departmentPerformance')?.row;
  r.place(['departmentPerformance'], perfFlagRow ? r.at(BASIC.sheet, perfFlagRow, 'B') : r.at(GOALS.sheet));
  const perf = ['departmentPerformance'];
  const goals = table(GOALS, [...perf, 'goals']);
  const tasks = table(TASKS, [...perf, 'tasks']);
  const deptIndicators = table(DEPT_INDICATORS, [...perf, 'indicators']);
  const perfRows = (goals?.rows.length ?? 0) + (tasks?.rows.length ?? 0) + (deptIndicators?.rows.length ?? 0);
  if (perfFlag === false && perfRows > 0) {
    r.warn(
      `“部门整体绩效目标”填写为“无”，但部门整体绩效的三张表中有 ${perfRows} 行数据，这些数据未读入`,
      r.at(BASIC.sheet, perfFlagRow, 'B'),
    );
  } else if (perfFlag === true || (perfFlag === undefined && perfRows > 0)) {
    raw.departmentPerformance = {
      goals: (goals?.rows ?? []).map((row, i) => {
        const path = [...perf, 'goals', i];
        return rowRecord(r, goals as Table, row, GOALS.fields, path, { goal: path }).goal ?? '';
      }),
      tasks: (tasks?.rows ?? []).map((row, i) =>
        rowRecord(r, tasks as Table, row, TASKS.fields, [...perf, 'tasks', i]),
      ),
      indicators: (deptIndicators?.rows ?? []).map((row, i) =>
        rowRecord(r, deptIndicators as Table, row, DEPT_INDICATORS.fields, [...perf, 'indicators', i]),
      ),
    };
  }

  raw.threePublic = simpleList(THREE_PUBLIC);
  raw.meetingTraining = simpleList(MEETING_TRAINING);

  // 政府采购
  const procurementWs = sheets.get(PROCUREMENT.sheet);
  r.place(['procurement'], r.at(PROCUREMENT.sheet));
  if (procurementWs) {
    const { rec, any } = kvRecord(r, PROCUREMENT, readKv(r, procurementWs, PROCUREMENT));
    if (any) raw.procurement = rec.procurement ?? {};
  }

  // 国有资产: key/value rows, then the 车辆 table below its own header row
  const assetsFlag = flagOf(r, basic, '#assets');
  const assetsWs = sheets.get(ASSETS.sheet);
  r.place(['assets'], r.at(ASSETS.sheet));
  if (assetsWs) {
    const vehicleKey = labelKey((VEHICLES.fields[0] as Field).label);
    let vehicleHeader: number | undefined;
    for (let row = 1; row <= assetsWs.rowCount && vehicleHeader === undefined; row++) {
      if (labelKey(assetsWs.getRow(row).getCell(1).text) === vehicleKey) vehicleHeader = row;
    }
    const { rec, any } = kvRecord(r, ASSETS, readKv(r, assetsWs, ASSETS, (vehicleHeader ?? assetsWs.rowCount + 1) - 1));
    const assets: Rec = (rec.assets as Rec | undefined) ?? {};
    let vehicleRows = 0;
    r.place(['assets', 'vehicles'], r.at(ASSETS.sheet, vehicleHeader));
    if (vehicleHeader === undefined) {
      r.structural(`工作表“${ASSETS.sheet}”缺少车辆表的表头行（A 列为“车辆类型”）`, r.at(ASSETS.sheet));
    } else {
      const t = readTable(r, assetsWs, VEHICLES, { headerRow: vehicleHeader });
      if (t && t.rows.length > 0) {
        vehicleRows = t.rows.length;
        assets.vehicles = t.rows.map((row, i) => rowRecord(r, t, row, VEHICLES.fields, ['assets', 'vehicles', i]));
      }
    }
    if (assetsFlag === false && (any || vehicleRows > 0)) {
      r.warn(
        '“国有资产占用情况”填写为“无”，但“国有资产”表中有数据，这些数据未读入',
        r.at(BASIC.sheet, basic.get('#assets')?.row, 'B'),
      );
    } else if (assetsFlag === true || (assetsFlag === undefined && (any || vehicleRows > 0))) {
      raw.assets = assets;
    }
  } else if (assetsFlag === true) raw.assets = {};

  // 上年数
  const priorWs = sheets.get(PRIOR_YEAR.sheet);
  r.place(['priorYear'], r.at(PRIOR_YEAR.sheet));
  if (priorWs) {
    const { rec, any } = kvRecord(r, PRIOR_YEAR, readKv(r, priorWs, PRIOR_YEAR));
    if (any) raw.priorYear = rec.priorYear ?? {};
  }

  // 绩效自评: 部门整体 (key/value sheet + indicators) and 项目 (one row per project + funds and
  // indicators keyed by the project code); present when the flag says 有 or when they hold data
  const selfFlag = flagOf(r, basic, '#selfEvaluation');
  const selfFlagRow = basic.get('#selfEvaluation')?.row;
  const se = ['selfEvaluation'];
  r.place(se, selfFlagRow ? r.at(BASIC.sheet, selfFlagRow, 'B') : r.at(DEPT_SELF.sheet));
  const deptSelfWs = sheets.get(DEPT_SELF.sheet);
  r.place([...se, 'department'], r.at(DEPT_SELF.sheet));
  const deptSelf = deptSelfWs ? kvRecord(r, DEPT_SELF, readKv(r, deptSelfWs, DEPT_SELF)) : { rec: {}, any: false };
  const deptSelfIndicators = table(DEPT_SELF_INDICATORS, [...se, 'department', 'indicators']);
  const selfProjectTable = table(PROJECT_SELF, [...se, 'projects']);
  const selfFunds = table(PROJECT_SELF_FUNDS);
  const selfIndicators = table(PROJECT_SELF_INDICATORS);
  const selfRows =
    (deptSelf.any ? 1 : 0) +
    (deptSelfIndicators?.rows.length ?? 0) +
    (selfProjectTable?.rows.length ?? 0) +
    (selfFunds?.rows.length ?? 0) +
    (selfIndicators?.rows.length ?? 0);
  if (selfFlag === false && selfRows > 0) {
    r.warn('“绩效自评”填写为“无”，但绩效自评的五张表中有数据，这些数据未读入', r.at(BASIC.sheet, selfFlagRow, 'B'));
  } else if (selfFlag === true || (selfFlag === undefined && selfRows > 0)) {
    const selfEvaluation: Rec = {};
    if (deptSelf.any || (deptSelfIndicators?.rows.length ?? 0) > 0) {
      const department = ((deptSelf.rec.selfEvaluation as Rec | undefined)?.department as Rec | undefined) ?? {};
      completeGoal(department);
      department.indicators = (deptSelfIndicators?.rows ?? []).map((row, i) =>
        rowRecord(r, deptSelfIndicators as Table, row, DEPT_SELF_INDICATORS.fields, [
          ...se,
          'department',
          'indicators',
          i,
        ]),
      );
      selfEvaluation.department = department;
    }
    const selfProjects = (selfProjectTable?.rows ?? []).map((row, i) => {
      const rec = rowRecord(r, selfProjectTable as Table, row, PROJECT_SELF.fields, [...se, 'projects', i]);
      completeGoal(rec);
      return rec;
    });
    children(PROJECT_SELF_FUNDS, selfFunds, selfProjects, [...se, 'projects'], true);
    children(PROJECT_SELF_INDICATORS, selfIndicators, selfProjects, [...se, 'projects'], true);
    for (const p of selfProjects) if (!Array.isArray(p.funds)) p.funds = [];
    selfEvaluation.projects = selfProjects;
    raw.selfEvaluation = selfEvaluation;
  }

  // 说明填写: one row per slot; the slot name is the key of `reasons`
  const reasonsTable = table(REASONS, ['reasons']);
  const reasons: Record<string, unknown> = {};
  if (reasonsTable) {
    const [slotField, contentField] = REASONS.fields as [Field, Field];
    const firstRow = new Map<string, number>();
    for (const row of reasonsTable.rows) {
      const slotLoc = r.at(REASONS.sheet, row.row, reasonsTable.columns.get('slot')?.label);
      const read = row.cells.get('slot')?.read ?? EMPTY;
      const slot = String(convert(slotField, read, (m) => r.error(m, slotLoc, ['reasons'])) ?? '').trim();
      if (!slot) {
        r.error('缺少插槽名', slotLoc, ['reasons']);
        continue;
      }
      const seen = firstRow.get(slot);
      if (seen !== undefined) {
        r.error(`插槽名“${slot}”重复（首次在第 ${seen} 行），已忽略本行`, slotLoc, ['reasons', slot]);
        continue;
      }
      firstRow.set(slot, row.row);
      const path = ['reasons', slot];
      reasons[slot] = rowRecord(r, reasonsTable, row, [contentField], path, { content: path }).content ?? '';
    }
  }
  raw.reasons = reasons;

  raw.catalogAdditions = simpleList(ADDITIONS);

  return result(raw);
}
