/**
 * The 决算 example (examples/hetang-zfb-2023-final, derived from seed 002 as its README explains),
 * its generated package, and a variant with money in every kind of fund and balance (政府性基金,
 * 国有资本经营, 事业收入, 年初/年末结转和结余, 使用非财政拨款结余, 结余分配) so that the rows and
 * identities the seed leaves at zero are exercised too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogs } from '../../src/core/catalogs/catalogs.ts';
import type { DisclosurePackage, PackageTable } from '../../src/core/package/model.ts';
import type { SourceData } from '../../src/core/source/model.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import type { RawSource } from '../../src/core/source/schema.ts';
import { type GenerateOptions, generatePackage } from '../../src/core/templates/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

export const SET = 'hunan-2023-final';
export const EXAMPLE = join(ROOT, 'examples/hetang-zfb-2023-final/source.json');

export const TITLES = {
  T01: '收入支出决算总表',
  T02: '收入决算表',
  T03: '支出决算表',
  T04: '财政拨款收入支出决算总表',
  T05: '一般公共预算财政拨款支出决算表',
  T06: '一般公共预算财政拨款基本支出决算明细表',
  T07: '政府性基金预算财政拨款收入支出决算表',
  T08: '国有资本经营预算财政拨款支出决算表',
  T09: '财政拨款“三公”经费支出决算表',
  SE1: '部门整体支出绩效自评表',
  SE2: '项目支出绩效自评表',
} as const;

/** The scoring configurations of data/scoring, as the shell passes them to the generator. */
export const SCORING = loadAllScoringConfigs();

export type FinalSource = RawSource & {
  incomes: Array<Record<string, unknown>>;
  lines: Array<Record<string, unknown>>;
};

export function exampleRaw(): FinalSource {
  return JSON.parse(readFileSync(EXAMPLE, 'utf8')) as FinalSource;
}

export interface Generated {
  readonly data: SourceData;
  readonly catalogs: Catalogs;
  readonly pkg: DisclosurePackage;
}

/** The complete package, as the shell generates it (with the scoring configurations). */
export function generate(raw: unknown, options: GenerateOptions = { scoring: SCORING }): Generated {
  const r = normaliseSource(raw, loadBundledCatalogs());
  if (!r.data) throw new Error(`source does not validate: ${JSON.stringify(r.issues)}`);
  return {
    data: r.data,
    catalogs: r.catalogs,
    pkg: generatePackage(r.data, r.catalogs, loadTemplateSet(SET), options),
  };
}

/**
 * The example plus, for unit 004001: 政府性基金 (年初 10.00 + 本年 50.00 = 支出 40.00 + 年末 20.00 on
 * 2120803), 国有资本经营 (本年 8.00 = 基本支出 6.00 + 年末 2.00 on 2230105), and unit money
 * (事业收入 5.00 + 使用非财政拨款结余 3.00 = 项目支出 6.00 + 结余分配 2.00 on 2010303).
 */
export function variantRaw(): FinalSource {
  const src = exampleRaw();
  const u = '004001';
  src.catalogAdditions = [
    { catalog: '功能分类', code: '22301', name: '解决历史遗留问题及改革成本支出' },
    { catalog: '功能分类', code: '2230105', name: '国有企业退休人员社会化管理补助支出' },
  ];
  src.incomes.push(
    { unit: u, fund: 'R12', func: '2120803', amount: '100000', carryover: true },
    { unit: u, fund: 'R12', func: '2120803', amount: '500000' },
    { unit: u, fund: 'R13', func: '2230105', amount: '80000' },
    { unit: u, fund: 'R31', func: '2010303', amount: '50000' },
  );
  src.lines.push(
    { unit: u, func: '2120803', econ: '30299', category: '项目', project: 'HT2023002', fund: 'R12', amount: '400000' },
    { unit: u, func: '2230105', econ: '30302', category: '基本', fund: 'R13', amount: '60000' },
    { unit: u, func: '2010303', econ: '30213', category: '项目', project: 'HT2023003', fund: 'R31', amount: '60000' },
  );
  src.yearEndCarryover = [
    { unit: u, fund: 'R12', func: '2120803', amount: '200000' },
    { unit: u, fund: 'R13', func: '2230105', amount: '20000' },
  ];
  src.balanceUse = [{ unit: u, fund: 'R31', amount: '30000' }];
  src.balanceDistribution = [{ unit: u, fund: 'R31', amount: '20000' }];
  // the department's self-evaluation reports on all of its spending
  const dept = src.selfEvaluation?.department;
  if (dept) dept.executed = dept.fullYearBudget = '9308078';
  return src;
}

export function table(pkg: DisclosurePackage, title: string): PackageTable {
  const t = pkg.tables.find((x) => x.title === title);
  if (!t) throw new Error(`no table ${title}`);
  return t;
}

/** Exact value of a cell (fen); throws when the package has no such cell. */
export function v(pkg: DisclosurePackage, title: string, row: string, column: string): bigint {
  const c = table(pkg, title).cells.find((x) => x.row === row && x.column === column);
  if (!c || c.value === null) throw new Error(`no cell ${title} / ${row} / ${column}`);
  return c.value;
}

/** Row keys of a table that carry a value in the column, in print order. */
export function rowKeys(pkg: DisclosurePackage, title: string, column: string): string[] {
  return table(pkg, title)
    .cells.filter((c) => c.column === column && c.value !== null)
    .map((c) => c.row);
}

export const sum = (xs: Iterable<bigint>): bigint => [...xs].reduce((a, b) => a + b, 0n);
