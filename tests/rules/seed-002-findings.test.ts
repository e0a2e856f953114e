/**
 * The checker on seed 002 (2023 部门决算, 公开01–09表) as published: it reports exactly the reviewed
 * findings of tests/fixtures/seed-002/expected-findings.json (each with the reason it is real, a
 * catalog gap or a 尾数 difference). The tables of seed 002 agree except for 尾数, so the table
 * catalog reports them as 提示 only, and every 尾数 difference of the transcription that a rule
 * covers is among them. Entries that name another catalog are expected only while it is loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/findings/model.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { seed002 } from './seed-packages.ts';

const CATALOG = 'hunan-2023-final';

interface Expected {
  findings: Array<{
    ruleId: string;
    severity: string;
    /** the rule catalog, when it is not hunan-2023-final */
    catalog?: string;
    table: string | null;
    row: string | null;
    column: string | null;
    section?: string;
    sentence?: string;
    reason: string;
  }>;
}

interface Located {
  ruleId: string;
  severity: string;
  table?: string | null;
  row?: string | null;
  column?: string | null;
  section?: string | null;
  sentence?: string | null;
}

const key = (f: Located) =>
  [
    `${f.severity} ${f.ruleId}`,
    f.table ?? '',
    f.row ?? '',
    f.column ?? '',
    ...(f.section ? [f.section, f.sentence ?? ''] : []),
  ].join(' | ');

const locate = (f: Finding): Located => ({ ruleId: f.ruleId, severity: f.severity, ...f.location });

describe('seed 002 as published (公开01–09表)', () => {
  const expected = JSON.parse(
    readFileSync(join(ROOT, 'tests/fixtures/seed-002/expected-findings.json'), 'utf8'),
  ) as Expected;
  const catalogs = loadRuleCatalogs();
  const loaded = new Set(catalogs.map((c) => c.id));
  const ownRules = new Set(catalogs.find((c) => c.id === CATALOG)?.rules.map((r) => r.id) ?? []);
  const findings = checkPackage(seed002(), catalogs, {
    catalogs: loadBundledCatalogs(),
    scoring: loadAllScoringConfigs(),
  });
  const applicable = expected.findings.filter((f) => loaded.has(f.catalog ?? CATALOG));

  it('reports exactly the reviewed findings', () => {
    expect(loaded.has(CATALOG)).toBe(true);
    expect(findings.map((f) => key(locate(f))).sort()).toEqual(applicable.map(key).sort());
    expect(expected.findings.every((f) => f.reason && f.reason !== 'UNREVIEWED')).toBe(true);
  });

  it('finds no table inconsistency beyond 尾数: the table rules report 提示 only, each within its bound', () => {
    // the comparisons of the tables; completeness (a table not printed) is a separate, real finding
    const own = findings.filter((f) => ownRules.has(f.ruleId) && f.category !== '完整性');
    expect(own.length).toBeGreaterThan(0);
    for (const f of own) {
      expect(f.severity, `${f.ruleId} ${f.message}`).toBe('提示');
      expect(f.message).toMatch(/尾数误差/);
      expect(f.bound).toMatch(/^\d+\.\d{3}$/);
      expect(Math.abs(Number(f.difference))).toBeLessThanOrEqual(Number(f.bound));
    }
  });

  it('reports every 尾数 difference of the transcription’s tables that a rule covers', () => {
    const diffs = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/seed-002/expected-differences.json'), 'utf8')) as {
      roundingDifferences: Array<{ table?: number; row: string; column: string }>;
    };
    const titles: Record<number, string> = {
      2: '收入决算表',
      3: '支出决算表',
      5: '一般公共预算财政拨款支出决算表',
      6: '一般公共预算财政拨款基本支出决算明细表',
    };
    // 人员经费合计 is compared with the printed class totals 301 + 303 (exact); its 0.02 is reported at 301
    const covered = diffs.roundingDifferences.filter((d) => d.table !== undefined && d.row !== '人员经费合计');
    expect(covered.length).toBe(12);
    for (const d of covered) {
      const hit = findings.some(
        (f) =>
          f.severity === '提示' &&
          f.location.table === titles[d.table as number] &&
          f.location.row === d.row &&
          f.location.column === d.column,
      );
      expect(hit, `${d.table} ${d.row} / ${d.column}`).toBe(true);
    }
  });
});
