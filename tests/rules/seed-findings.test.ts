/**
 * The checker on the seeds as published: it reports exactly the reviewed findings of
 * tests/fixtures/seed-NNN/expected-findings.json (each with the reason it is real, a catalog gap
 * or a 尾数 difference), so every 错误 is a real inconsistency and every covered inconsistency of
 * the transcription's expected-differences file is reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { seed000 } from './seed-packages.ts';

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

const key = (f: { ruleId: string; severity: string; table?: string; row?: string | null; column?: string | null }) =>
  `${f.severity} ${f.ruleId} | ${f.table ?? ''} | ${f.row ?? ''} | ${f.column ?? ''}`;

describe('seed 000 as published', () => {
  const expected = JSON.parse(
    readFileSync(join(ROOT, 'tests/fixtures/seed-000/expected-findings.json'), 'utf8'),
  ) as Expected;
  const findings = checkPackage(seed000(), loadRuleCatalogs(), {
    catalogs: loadBundledCatalogs(),
    scoring: loadAllScoringConfigs(),
  });

  it('reports exactly the reviewed findings', () => {
    expect(findings.map((f) => key({ ...f, ...f.location })).sort()).toEqual(expected.findings.map(key).sort());
    expect(expected.findings.every((f) => f.reason && f.reason !== 'UNREVIEWED')).toBe(true);
  });

  it('reports every amount inconsistency the transcription lists', () => {
    const diffs = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-000/expected-differences.json'), 'utf8'));
    const t14 = diffs.inconsistencies.filter((d: { table: number }) => d.table === 14);
    expect(t14.length).toBe(9);
    for (const d of t14) {
      const hit = findings.some(
        (f) =>
          f.severity === '错误' &&
          f.location.table?.includes('公用经费(商品和服务支出)(按部门预算经济分类)') &&
          (f.location.row === d.row || f.location.column === d.column),
      );
      expect(hit, `${d.row} / ${d.column}`).toBe(true);
    }
  });

  it('never reports a 尾数 difference as an error, and states the bound it used', () => {
    for (const f of findings.filter((x) => x.severity === '提示')) {
      expect(f.message).toMatch(/尾数误差/);
      expect(f.bound).toMatch(/^\d+\.\d{3}$/);
      expect(Math.abs(Number(f.difference))).toBeLessThanOrEqual(Number(f.bound));
    }
  });
});
