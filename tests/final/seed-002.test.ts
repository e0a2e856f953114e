/**
 * The 决算 example reproduces seed 002 (2023 部门决算 of 株洲市荷塘区人民政府办公室): every amount cell of
 * the hand transcription (tests/fixtures/seed-002/truth.json) for 公开01–06表 and 09表 is generated
 * with the same table, row key, column path and printed text (0.01 万元), apart from the differences
 * listed with their reasons in seed-002-expected-differences.json; and the checker reports on the
 * generated package (绩效自评表 included) exactly the findings listed there, none of them 错误 or 警告.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/diagnostics.ts';
import { normaliseTitle } from '../../src/core/package/index.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { exampleRaw, generate, TITLES } from './fixture.ts';

interface TruthTable {
  number: number;
  title: string;
  state: string;
  cells?: Array<{ row: string; column: string; value: string }>;
}

interface Expected {
  cells: Array<{ table: number; row: string; column: string; printed: string; generated: string; reason: string }>;
  tables: Array<{ table: number; title: string; reason: string }>;
  findings: Array<{
    ruleId: string;
    severity: string;
    table: string | null;
    row: string | null;
    column: string | null;
    reason: string;
  }>;
}

const truth = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-002/truth.json'), 'utf8')) as {
  tables: TruthTable[];
};
const expected = JSON.parse(
  readFileSync(join(import.meta.dirname, 'seed-002-expected-differences.json'), 'utf8'),
) as Expected;

describe('examples/hetang-zfb-2023-final', () => {
  it('validates with no error and no warning', () => {
    const r = normaliseSource(exampleRaw(), loadBundledCatalogs());
    expect(r.issues.map(formatIssue)).toEqual([]);
    expect(r.data?.kind).toBe('决算');
    // exact to the 元: 878.8078 万元 of spending, all of it 一般公共预算财政拨款
    expect(r.data?.lines.reduce((s, l) => s + l.amount, 0n)).toBe(878_807_800n);
  });
});

describe('the generated package reproduces seed 002 (公开01–06表, 09表)', () => {
  const { pkg } = generate(exampleRaw());
  const compared = truth.tables.filter((t) => t.state === 'full');
  const listed = (t: number, row: string, column: string) =>
    expected.cells.find((d) => d.table === t && d.row === row && d.column === column);

  it('prints the nine tables 公开01–09表 in 目录 order, then the two 绩效自评表', () => {
    expect(pkg.tables.map((t) => t.title)).toEqual(Object.values(TITLES));
    expect(pkg.tables.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(compared.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 9]);
  });

  it('matches every transcribed amount cell at 0.01 万元, apart from the listed differences', () => {
    let matched = 0;
    let total = 0;
    const unlisted: string[] = [];
    for (const t of compared) {
      const g = pkg.tables.find((x) => normaliseTitle(x.title) === normaliseTitle(t.title));
      for (const c of t.cells ?? []) {
        total++;
        const cell = g?.cells.find((x) => x.row === c.row && x.column === c.column);
        if (cell?.text === c.value) matched++;
        else {
          const d = listed(t.number, c.row, c.column);
          if (!d || d.generated !== (cell?.text ?? ''))
            unlisted.push(`${t.number} ${c.row} / ${c.column}: ${c.value} → ${cell?.text}`);
        }
      }
    }
    console.log(`seed 002: ${matched}/${total} amount cells of 公开01–06表 and 09表 reproduced`);
    expect(total).toBe(614);
    expect(unlisted).toEqual([]);
    expect(matched + expected.cells.length).toBe(total);
  });

  it('generates no amount cell the seed does not print in those tables', () => {
    const extra: string[] = [];
    for (const t of compared) {
      const g = pkg.tables.find((x) => normaliseTitle(x.title) === normaliseTitle(t.title));
      for (const c of g?.cells ?? []) {
        if (!(t.cells ?? []).some((x) => x.row === c.row && x.column === c.column))
          extra.push(`${t.number} ${c.row} / ${c.column}`);
      }
    }
    expect(extra).toEqual([]);
  });

  it('prints the tables the seed leaves out (07/08表) empty, with the note C-EMPTY asks for', () => {
    const notPrinted = truth.tables.filter((t) => t.state === 'not-printed').map((t) => t.number);
    expect(notPrinted).toEqual(expected.tables.map((t) => t.table));
    for (const n of notPrinted) {
      const t = pkg.tables.find((x) => x.number === n);
      expect(t?.empty, `table ${n}`).toBe(true);
      expect(t?.note).toMatch(/故本表无数据/);
      expect(t?.cells.every((c) => c.row === '合计' && c.value === 0n && c.text === '0.00')).toBe(true);
    }
  });

  it('prints the seed’s captions, 栏次 rows and notes', () => {
    const t1 = pkg.tables[0]!;
    expect(t1.captions).toEqual(['部门：株洲市荷塘区人民政府办公室', '公开01表 金额单位：万元']);
    expect(t1.headerRows.at(-1)?.map((h) => h.text)).toEqual(['栏次', '1', '栏次', '2']);
    expect(t1.note).toBe(
      '注：1. 本表反映部门本年度的总收支和年末结转结余情况。\n2. 本套报表金额单位转换时可能存在尾数误差。',
    );
    expect(t1.rows.map((r) => r.texts[1])).toEqual([
      ...Array.from({ length: 26 }, (_, i) => String(i + 1)),
      ...['27', '28', '29', '30', '31'],
    ]);
    const t9 = pkg.tables[8]!;
    expect(t9.headerRows.at(-1)?.map((h) => h.text)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
  });
});

describe('the checker on the generated package', () => {
  const { pkg, catalogs } = generate(exampleRaw());
  const findings = checkPackage(pkg, loadRuleCatalogs(), { catalogs, scoring: loadAllScoringConfigs() });
  const key = (f: {
    ruleId: string;
    severity: string;
    table?: string | null;
    row?: string | null;
    column?: string | null;
  }) => `${f.severity} ${f.ruleId} | ${f.table ?? ''} | ${f.row ?? ''} | ${f.column ?? ''}`;

  it('reports exactly the listed findings, each with its reason', () => {
    expect(findings.map((f) => key({ ...f, ...f.location })).sort()).toEqual(expected.findings.map(key).sort());
    expect(expected.findings.every((f) => f.reason.length > 20)).toBe(true);
  });

  it('reports no 错误 and no 警告: the generated tables agree except for 尾数', () => {
    expect(findings.filter((f) => f.severity !== '提示').map((f) => f.message)).toEqual([]);
    for (const f of findings) expect(f.message).toMatch(/尾数误差/);
  });
});
