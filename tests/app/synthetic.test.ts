import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../src/app/build.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';

describe('synthetic district', () => {
  const files = syntheticDistrict();

  it('has at least 30 departments with units over two years, deterministically', () => {
    expect(new Set(files.map((f) => f.departmentCode)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(files.map((f) => f.year))).toEqual(new Set([2023, 2024]));
    const again = syntheticDistrict();
    expect(again.map((f) => f.bytes().toString())).toEqual(files.map((f) => f.bytes().toString()));
    const other = syntheticDistrict({ seed: 7 });
    expect(other.map((f) => f.bytes().toString())).not.toEqual(files.map((f) => f.bytes().toString()));
    expect(new Set(files.map((f) => f.fileName)).size).toBe(files.length);
  });

  it('units are valid and pass every 错误-level rule; split projects keep every amount', () => {
    const catalogs = loadBundledCatalogs();
    const rules = loadRuleCatalogs();
    const scoring = loadAllScoringConfigs();
    for (const f of [files[0]!, files[3]!]) {
      const n = normaliseSource(f.raw, catalogs);
      expect(n.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const { pkg } = buildPackage(n.data!, n.catalogs);
      expect(pkg.unit.code).toBe(f.unitCode);
      const errors = checkPackage(pkg, rules, { catalogs: n.catalogs, scoring }).filter((x) => x.severity === '错误');
      expect(errors.map((e) => e.message)).toEqual([]);
    }
    const one = syntheticDistrict({ departments: 1, lineSplit: 4, minUnits: 0, maxUnits: 0 });
    const plain = syntheticDistrict({ departments: 1, minUnits: 0, maxUnits: 0 });
    const total = (raw: Record<string, unknown>) =>
      normaliseSource(raw, catalogs).data!.lines.reduce((a, l) => a + l.amount, 0n);
    const projectLines = (plain[0]!.raw.lines as { project?: string }[]).filter((l) => l.project).length;
    expect(projectLines).toBeGreaterThan(3);
    expect((one[0]!.raw.lines as unknown[]).length).toBe((plain[0]!.raw.lines as unknown[]).length + 3 * projectLines);
    expect(total(one[0]!.raw)).toBe(total(plain[0]!.raw));
  });
});
