/**
 * The read-only code sheets of the source workbook (代码-*): catalogs, fund sources, template
 * sets and 说明 slots, each with its Chinese name, referenced by the dropdowns of the data sheets.
 */
import type ExcelJS from 'exceljs';
import type { Catalog } from '../../core/catalogs/catalog.ts';
import type { Catalogs } from '../../core/catalogs/catalogs.ts';
import { listNarratives } from '../narrative-files.ts';
import { listTemplateSets, loadTemplateSet } from '../template-files.ts';
import { SHEET } from './layout.ts';
import { styleHeader } from './style.ts';

function catalogRows(
  catalog: Catalog,
): ReadonlyArray<{ code: string; name: string; level: number; parent: string; from: string; to: string }> {
  const out: Array<{ code: string; name: string; level: number; parent: string; from: string; to: string }> = [];
  for (const [code, entries] of catalog.byCode) {
    for (const e of entries) {
      out.push({
        code,
        name: e.name,
        level: e.level,
        parent: e.parent ?? '',
        from: e.validFrom === null ? '' : String(e.validFrom),
        to: e.validTo === null ? '' : String(e.validTo),
      });
    }
  }
  return out;
}

function addCodeSheet(
  wb: ExcelJS.Workbook,
  name: string,
  headers: ReadonlyArray<readonly [string, number]>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    properties: { tabColor: { argb: 'FF808080' } },
  });
  headers.forEach(([h, w], i) => {
    const col = ws.getColumn(i + 1);
    col.width = w;
    col.numFmt = '@';
    const cell = ws.getRow(1).getCell(i + 1);
    cell.value = h;
    styleHeader(cell, false);
  });
  rows.forEach((values, r) => {
    const row = ws.getRow(r + 2);
    values.forEach((v, c) => {
      if (v !== '') row.getCell(c + 1).value = v;
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
}

const LEVEL_NAME: Record<string, Record<number, string>> = {
  func: { 1: '类', 2: '款', 3: '项' },
  econ: { 1: '类', 2: '款' },
};

/** What the code sheets list besides the catalogs: template sets and 说明 slots. */
export interface CodeLists {
  readonly templateSets: ReadonlyArray<{ id: string; name: string; kind: string; years: readonly number[] }>;
  readonly slots: ReadonlyArray<{ slot: string; label: string; templateSets: readonly string[] }>;
}

/** The template sets and slots bundled in data/, for the code sheets and their dropdowns. */
export function bundledCodeLists(): CodeLists {
  const templateSets = listTemplateSets().map((id) => {
    const t = loadTemplateSet(id);
    return { id, name: t.name, kind: t.kind, years: t.years };
  });
  const slots = new Map<string, { slot: string; labels: string[]; templateSets: string[] }>();
  const add = (slot: string, label: string, sets: readonly string[]) => {
    const hit = slots.get(slot) ?? { slot, labels: [], templateSets: [] };
    if (!hit.labels.includes(label)) hit.labels.push(label);
    for (const s of sets) if (!hit.templateSets.includes(s)) hit.templateSets.push(s);
    slots.set(slot, hit);
  };
  for (const n of listNarratives()) {
    for (const [slot, r] of Object.entries(n.reasons)) add(slot, r.label, n.templateSets);
    for (const section of n.sections) {
      for (const b of [...section.blocks, ...(section.subsections ?? []).flatMap((x) => x.blocks)]) {
        // a family: one slot per 功能分类 项, named "<family>/<code>"
        if (b.kind === 'budgetItems')
          add(
            `${b.reason}/功能分类编码`,
            `${n.reasons[b.reason]?.label ?? b.reason}（按功能分类项级科目分别填写，如 ${b.reason}/2010301）`,
            n.templateSets,
          );
      }
    }
  }
  return {
    templateSets,
    slots: [...slots.values()].map((s) => ({ slot: s.slot, label: s.labels.join('；'), templateSets: s.templateSets })),
  };
}

/** Add the read-only code sheets after the data sheets. */
export function addCodeSheets(wb: ExcelJS.Workbook, catalogs: Catalogs, lists: CodeLists): void {
  addCodeSheet(
    wb,
    SHEET.codeFunc,
    [
      ['编码', 12],
      ['名称', 40],
      ['级次', 8],
      ['上级编码', 12],
      ['起始年度', 10],
      ['终止年度', 10],
    ],
    catalogRows(catalogs.func).map((e) => [
      e.code,
      e.name,
      LEVEL_NAME.func?.[e.level] ?? String(e.level),
      e.parent,
      e.from,
      e.to,
    ]),
  );
  const mapped = (code: string, kind: '行政' | '事业') => catalogs.mapping.byKey.get(`${code}|${kind}`)?.govCode ?? '';
  addCodeSheet(
    wb,
    SHEET.codeEcon,
    [
      ['目录', 16],
      ['编码', 10],
      ['名称', 34],
      ['级次', 8],
      ['上级编码', 10],
      ['起始年度', 10],
      ['终止年度', 10],
      ['对应政府经济分类（行政、参公单位）', 20],
      ['对应政府经济分类（事业单位）', 20],
    ],
    [
      ...catalogRows(catalogs.deptEcon).map((e) => [
        '部门经济分类',
        e.code,
        e.name,
        LEVEL_NAME.econ?.[e.level] ?? String(e.level),
        e.parent,
        e.from,
        e.to,
        mapped(e.code, '行政'),
        mapped(e.code, '事业'),
      ]),
      ...catalogRows(catalogs.govEcon).map((e) => [
        '政府经济分类',
        e.code,
        e.name,
        LEVEL_NAME.econ?.[e.level] ?? String(e.level),
        e.parent,
        e.from,
        e.to,
        '',
        '',
      ]),
    ],
  );
  addCodeSheet(
    wb,
    SHEET.codeFund,
    [
      ['编码', 10],
      ['名称', 40],
      ['资金性质', 16],
      ['是否财政拨款', 12],
      ['别名', 60],
    ],
    catalogs.funds.map((f) => [f.code, f.name, f.fundNature, f.fiscal ? '是' : '否', (f.aliases ?? []).join('、')]),
  );
  addCodeSheet(
    wb,
    SHEET.codeTemplateSet,
    [
      ['模板集', 24],
      ['名称', 60],
      ['类型', 8],
      ['适用年度', 14],
    ],
    lists.templateSets.map((t) => [t.id, t.name, t.kind, yearsText(t.years)]),
  );
  addCodeSheet(
    wb,
    SHEET.codeSlot,
    [
      ['插槽名', 30],
      ['含义', 70],
      ['适用模板集', 40],
    ],
    lists.slots.map((s) => [s.slot, s.label, s.templateSets.join('、')]),
  );
}

function yearsText(years: readonly number[]): string {
  const [from, to] = [years[0], years[years.length - 1]];
  return from === to ? String(from) : `${from}–${to}`;
}
