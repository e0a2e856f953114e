/**
 * The checker on seed 001 as published (the older Hunan format, template set hunan-2020-budget):
 * it reports exactly the reviewed findings of tests/fixtures/seed-001/expected-findings.json, each
 * with the reason it is real, a transcription gap or a 尾数 difference; 4-decimal amounts next to
 * 2-decimal totals stay 提示 within the rounding bound; the differences the transcription explains
 * (三公 and 会议费 against the basic-expenditure items) are not reported as errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseTitle } from '../../src/core/package/index.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { seed001 } from './seed-packages.ts';

interface Expected {
  findings: Array<{
    ruleId: string;
    severity: string;
    table: string;
    row: string | null;
    column: string | null;
    reason: string;
  }>;
}

const fixture = (f: string) => JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-001', f), 'utf8'));

const key = (f: { ruleId: string; severity: string; table?: string; row?: string | null; column?: string | null }) =>
  `${f.severity} ${f.ruleId} | ${f.table ?? ''} | ${f.row ?? ''} | ${f.column ?? ''}`;

describe('seed 001 as published', () => {
  const expected = fixture('expected-findings.json') as Expected;
  const pkg = seed001();
  const findings = checkPackage(pkg, loadRuleCatalogs(), {
    catalogs: loadBundledCatalogs(),
    scoring: loadAllScoringConfigs(),
  });

  it('is checked by the hunan-2020-budget catalog', () => {
    expect(pkg.templateSet).toBe('hunan-2020-budget');
    expect(loadRuleCatalogs().some((c) => c.templateSets.includes('hunan-2020-budget'))).toBe(true);
  });

  it('reports exactly the reviewed findings', () => {
    expect(findings.map((f) => key({ ...f, ...f.location })).sort()).toEqual(expected.findings.map(key).sort());
    expect(expected.findings.every((f) => f.reason && f.reason !== 'UNREVIEWED')).toBe(true);
  });

  it('never reports a 尾数 difference as an error, and states the bound it used', () => {
    const hints = findings.filter((x) => x.severity === '提示');
    expect(hints.length).toBeGreaterThan(0);
    for (const f of hints) {
      expect(f.message).toMatch(/尾数误差/);
      expect(f.bound).toMatch(/^\d+\.\d{3}$/);
      expect(Math.abs(Number(f.difference))).toBeLessThanOrEqual(Number(f.bound));
    }
  });

  it('reports every 错误 at an inconsistency the transcription lists, and every listed one', () => {
    const diffs = fixture('expected-differences.json') as {
      inconsistencies: Array<{ table: number; row: string }>;
    };
    const truth = fixture('truth.json') as { tables: Array<{ number: number; title: string }> };
    const titleOf = (n: number) => truth.tables.find((t) => t.number === n)?.title ?? '';
    const errors = findings.filter((f) => f.severity === '错误');
    for (const f of errors) {
      expect(
        diffs.inconsistencies.some((d) => d.row === f.location.row),
        `${f.ruleId} ${f.location.table} ${f.location.row}`,
      ).toBe(true);
    }
    for (const d of diffs.inconsistencies) {
      // a missing row of 绩效表三 is found from 绩效表二, the table that still lists the 专项
      const hit = errors.some(
        (f) => f.location.row === d.row && (f.location.table === titleOf(d.table) || f.ruleId === 'HN20-P03-P02'),
      );
      expect(hit, `${d.table} / ${d.row}`).toBe(true);
    }
  });

  it('does not report the explained 三公 / 会议费 differences as errors or warnings', () => {
    const serious = findings.filter((f) => f.severity !== '提示');
    const explained = ['30215', '30216', '30217', '2.公务接待费', '1.会议费', '2.培训费'];
    expect(serious.filter((f) => explained.includes(f.location.row ?? ''))).toEqual([]);
    expect(serious.filter((f) => f.location.table === '一般公共预算“三公”经费支出表')).toEqual([]);
  });

  it('requires every table of the set except the two the seed prints illegibly (extraction damage)', () => {
    const truth = fixture('truth.json') as { tables: Array<{ number: number; title: string; state: string }> };
    const illegible = truth.tables.filter((t) => t.state === 'illegible').map((t) => t.title);
    expect(illegible).toEqual(['政府性基金拨款部门支出总表', '纳入专户管理的非税收入拨款部门支出总表']);
    const rule = loadRuleCatalogs()
      .flatMap((c) => c.rules)
      .find((r) => r.id === 'HN20-TABLES-PRESENT');
    if (rule?.check.kind !== 'check') throw new Error('HN20-TABLES-PRESENT should be a named check');
    const set = loadTemplateSet('hunan-2020-budget');
    const budgetTables = set.tables.filter((t) => t.layout === 'reference' && /^表/.test(t.code ?? ''));
    expect(budgetTables.length).toBe(17);
    expect([...(rule.check.tables ?? []), ...illegible].map(normaliseTitle).sort()).toEqual(
      budgetTables.map((t) => normaliseTitle(t.title)).sort(),
    );
    expect(findings.filter((f) => f.ruleId === 'HN20-TABLES-PRESENT')).toEqual([]);
  });
});
