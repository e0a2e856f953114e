/**
 * The 决算 情况说明 written from the package generated from examples/hetang-zfb-2023-final (seed
 * 002 as data): every number it prints is a bound fact that agrees with its binding, the checker's
 * 情况说明 rules find nothing wrong in it, and it states correctly what seed 002 printed wrongly.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatWan } from '../../src/core/money/amount.ts';
import { generateNarrative } from '../../src/core/narrative/engine.ts';
import { PackageIndex } from '../../src/core/package/index.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { generatePackage } from '../../src/core/templates/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { narrativeFor } from '../../src/io/narrative-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { exampleSource } from '../generate/seed-fixture.ts';

const spec = narrativeFor('hunan-2023-final')!;
const r = normaliseSource(exampleSource('hetang-zfb-2023-final'), loadBundledCatalogs());
const tables = generatePackage(r.data!, r.catalogs, loadTemplateSet('hunan-2023-final'));
const narrative = generateNarrative(tables, r.data!, spec);
const pkg = { ...tables, sections: narrative.sections };
const text = narrative.sections.map((s) => s.text).join('\n');

describe('情况说明 of the 2023 final accounts', () => {
  it('prints no amount or percentage that is not a recorded, bound fact', () => {
    for (const s of narrative.sections) {
      const printed = [...s.text.matchAll(/(\d+(?:\.\d+)?)(万元|%)/g)].map((m) => `${m[1]}${m[2]}`);
      const facts = narrative.facts
        .filter((f) => new RegExp(`^${s.number}(?:[ （(]|$)`).test(f.section))
        .map((f) => `${f.text}${f.unit}`);
      expect(printed, `${s.number} ${s.title}`).toEqual(facts);
    }
    expect(narrative.facts.length).toBeGreaterThan(80);
  });

  it('every amount bound to a cell equals the cell as printed; every percentage is its exact ratio at one decimal', () => {
    const index = new PackageIndex(pkg);
    for (const f of narrative.facts) {
      const m = /^(.+)“(.+)”行“(.+)”$/.exec(f.binding);
      if (f.unit === '万元' && m)
        expect(formatWan(index.table(m[1]!)?.get(m[2]!, m[3]!)?.cell.value ?? -1n), f.binding).toBe(f.text);
      if (f.unit === '%')
        expect(new Decimal(f.exact).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)).toBe(f.text);
    }
  });

  it('passes the checker’s 情况说明 rules (说明与表, 完整性) without an error or warning', () => {
    const findings = checkPackage(pkg, loadRuleCatalogs(), { catalogs: r.catalogs, scoring: loadAllScoringConfigs() });
    const textFindings = findings.filter((f) => f.location.section !== undefined && f.severity !== '提示');
    expect(textFindings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    // the rules did read it
    expect(loadRuleCatalogs().find((c) => c.id === 'hunan-2023-final-text')).toBeDefined();
  });

  it('states correctly what seed 002 printed wrongly', () => {
    expect(text).toContain('年初预算为41.60万元，支出决算为42.06万元，完成年初预算的101.1%');
    expect(text).not.toContain('102.6%');
    expect(text).toContain('年初预算为44.95万元');
    expect(text).not.toMatch(/为\d+(\.\d+)?元/);
    expect(text).toContain('故公开07表为空表');
  });

  it('needs no further human input: every required reason of the example is given', () => {
    expect(narrative.missingReasons).toEqual([]);
  });

  it('asks for the reason of each 项 whose 决算 differs from its 年初预算 when it is missing', () => {
    const raw = structuredClone(exampleSource('hetang-zfb-2023-final')) as { reasons: Record<string, string> };
    delete raw.reasons['决算预算差异/2010302'];
    const r2 = normaliseSource(raw, loadBundledCatalogs());
    const n2 = generateNarrative(
      generatePackage(r2.data!, r2.catalogs, loadTemplateSet('hunan-2023-final')),
      r2.data!,
      spec,
    );
    expect(n2.missingReasons.map((m) => m.slot)).toEqual(['决算预算差异/2010302']);
  });
});
