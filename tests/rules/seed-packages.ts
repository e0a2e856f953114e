/**
 * Packages of the seeds as published, built from their hand transcriptions
 * (tests/fixtures/seed-NNN/truth.json; see each folder's README for how they were derived).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { type CellRecord, packageFromCells } from '../../src/readers/cells-package.ts';
import { ROOT } from '../generate/seed-fixture.ts';

interface TruthTable {
  number: number;
  title: string;
  printedTitle: string | null;
  state: string;
  note?: string;
  cells?: Array<{ row: string; column: string; value: string; line?: string }>;
  textCells?: Array<{ row: string; column: string; value: string }>;
}

interface SheetRow {
  label?: string;
  level1?: string;
  level2?: string | null;
  level3?: string;
  [k: string]: unknown;
}
interface Sheet {
  funds?: SheetRow[];
  indicators?: SheetRow[];
  total?: { weight: string; score: string };
}
interface SelfEvaluation {
  department?: Sheet;
  projects?: Sheet[];
}

/**
 * Self-evaluation sheets as text cells: the 年度资金总额 row, one row per indicator keyed
 * "一级/二级/三级", and the 总分 row (scores are points, not money).
 */
function selfEvaluationRecords(se: SelfEvaluation | undefined): CellRecord[] {
  if (!se) return [];
  const out: CellRecord[] = [];
  const sheet = (table: string, s: Sheet) => {
    const cell = (row: string, column: string, value: unknown) => {
      if (typeof value === 'string' && value !== '') out.push({ table, row, column, value, text: true });
    };
    for (const f of s.funds ?? []) {
      if (f.label !== '年度资金总额') continue;
      for (const [k, col] of [
        ['initialBudget', '年初预算数'],
        ['fullYearBudget', '全年预算数'],
        ['executed', '全年执行数'],
        ['weight', '分值'],
        ['executionRate', '执行率'],
        ['score', '得分'],
      ] as const) {
        cell('年度资金总额', col, f[k]);
      }
    }
    for (const i of s.indicators ?? []) {
      const row = [i.level1, i.level2, i.level3].filter((x) => x).join('/');
      for (const [k, col] of [
        ['target', '年度指标值'],
        ['actual', '实际完成值'],
        ['weight', '分值'],
        ['score', '得分'],
      ] as const)
        cell(row, col, i[k]);
    }
    if (s.total) {
      cell('总分', '分值', s.total.weight);
      cell('总分', '得分', s.total.score);
    }
  };
  if (se.department) sheet('部门整体支出绩效自评表', se.department);
  for (const p of se.projects ?? []) sheet('项目支出绩效自评表', p);
  return out;
}

interface TruthSection {
  number: string;
  title: string;
  text: string;
}

export function seedPackage(
  seed: '000' | '001' | '002',
  templateSet: string,
  meta: { kind: '预算' | '决算'; year: number; unit: { code: string; name: string } },
): DisclosurePackage {
  const truth = JSON.parse(readFileSync(join(ROOT, `tests/fixtures/seed-${seed}/truth.json`), 'utf8')) as {
    tables: TruthTable[];
    sections?: TruthSection[];
  };
  const records: CellRecord[] = [
    ...selfEvaluationRecords((truth as { selfEvaluation?: SelfEvaluation }).selfEvaluation),
  ];
  // tables the document does not print, or prints illegibly, contribute nothing readable
  const printed = truth.tables.filter((t) => t.state !== 'not-printed' && t.state !== 'illegible');
  for (const t of printed) {
    for (const c of t.cells ?? []) records.push({ table: t.title, row: c.row, column: c.column, value: c.value });
    for (const c of t.textCells ?? [])
      records.push({ table: t.title, row: c.row, column: c.column, value: c.value, text: true });
  }
  return packageFromCells(records, loadTemplateSet(templateSet), {
    ...meta,
    file: `seeds/seed-${seed}`,
    complete: true,
    tables: printed.map((t) => ({ title: t.printedTitle ?? t.title, ...(t.note ? { note: t.note } : {}) })),
    ...(truth.sections
      ? { sections: truth.sections.map((s) => ({ number: s.number, title: s.title, text: s.text })) }
      : {}),
  });
}

export const seed000 = () =>
  seedPackage('000', 'hunan-2024-budget', {
    kind: '预算',
    year: 2024,
    unit: { code: '004001', name: '株洲市荷塘区人民政府办公室' },
  });

export const seed001 = () =>
  seedPackage('001', 'hunan-2020-budget', {
    kind: '预算',
    year: 2020,
    unit: { code: '', name: '株洲市石峰区人民政府办公室' },
  });

export const seed002 = () =>
  seedPackage('002', 'hunan-2023-final', {
    kind: '决算',
    year: 2023,
    unit: { code: '', name: '株洲市荷塘区人民政府办公室' },
  });

/** The seed package for a template set, when a seed in that format exists. */
export const SEED_OF_SET: Record<string, { seed: string; build: () => DisclosurePackage }> = {
  'hunan-2024-budget': { seed: '000', build: seed000 },
  'hunan-2020-budget': { seed: '001', build: seed001 },
  'hunan-2023-final': { seed: '002', build: seed002 },
};
