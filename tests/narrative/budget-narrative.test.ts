/**
 * The budget 说明 written from the package: every amount and percentage it prints is bound to a
 * table cell, a source figure, the prior year or a computation over those, and agrees with it.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatWan } from '../../src/core/money/amount.ts';
import { generateNarrative } from '../../src/core/narrative/engine.ts';
import { PackageIndex } from '../../src/core/package/index.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { generatePackage } from '../../src/core/templates/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { narrativeFor } from '../../src/io/narrative-files.ts';
import { loadTemplateSet } from '../../src/io/template-files.ts';
import { parsePackageJson, renderJson } from '../../src/renderers/json.ts';
import { renderNarrativeText } from '../../src/renderers/text.ts';
import { exampleSource } from '../generate/seed-fixture.ts';

const spec = narrativeFor('hunan-2024-budget')!;

function build(name: string, mutate?: (raw: Record<string, unknown>) => void) {
  const raw = structuredClone(exampleSource(name)) as Record<string, unknown>;
  mutate?.(raw);
  const r = normaliseSource(raw, loadBundledCatalogs());
  if (!r.data) throw new Error(JSON.stringify(r.issues));
  const pkg = generatePackage(r.data, r.catalogs, loadTemplateSet('hunan-2024-budget'));
  return { pkg, data: r.data, narrative: generateNarrative(pkg, r.data, spec) };
}

for (const name of ['hetang-zfb-2024-budget', 'demo-two-units-2024-budget']) {
  describe(`说明 of ${name}`, () => {
    const { pkg, narrative } = build(name);
    const index = new PackageIndex(pkg);

    it('prints no amount or percentage that is not a recorded, bound fact', () => {
      for (const s of narrative.sections) {
        const printed = [...s.text.matchAll(/(\d+(?:\.\d+)?)(万元|%)/g)].map((m) => `${m[1]}${m[2]}`);
        const facts = narrative.facts
          .filter((f) => new RegExp(`^${s.number}(?:[ （(]|$)`).test(f.section))
          .map((f) => `${f.text}${f.unit}`);
        expect(printed, `${s.number}${s.title}`).toEqual(facts);
      }
      expect(narrative.facts.length).toBeGreaterThan(30);
    });

    it('every amount bound to a cell equals that cell as printed in the table', () => {
      const cellFacts = narrative.facts.filter((f) => f.unit === '万元' && /^.+“.+”行“.+”$/.test(f.binding));
      expect(cellFacts.length).toBeGreaterThan(10);
      for (const f of cellFacts) {
        const m = /^(.+)“(.+)”行“(.+)”$/.exec(f.binding)!;
        const cell = index.table(m[1]!)?.get(m[2]!, m[3]!);
        expect(cell, f.binding).toBeDefined();
        expect(formatWan(cell!.cell.value ?? 0n), f.binding).toBe(f.text);
      }
    });

    it('every percentage is its exact ratio rounded half up at the regional precision', () => {
      for (const f of narrative.facts.filter((x) => x.unit === '%')) {
        expect(
          new Decimal(f.exact).toDecimalPlaces(spec.percentPlaces, Decimal.ROUND_HALF_UP).toFixed(spec.percentPlaces),
        ).toBe(f.text);
      }
    });

    it('travels with the package through JSON and into the text rendering', () => {
      const withText = { ...pkg, sections: narrative.sections };
      expect(parsePackageJson(renderJson(withText)).sections).toEqual(narrative.sections);
      const text = renderNarrativeText(withText);
      for (const s of narrative.sections) expect(text).toContain(`${s.number}${s.title}`);
    });
  });
}

describe('prior-year comparisons', () => {
  it('compares the seed-000 budget with the 2023 年初预算 that seed 002 states', () => {
    const { narrative } = build('hetang-zfb-2024-budget');
    const four = narrative.sections.find((s) => s.number === '四、')!.text;
    // 559.57 against 635.29: −75.72, −11.92 %
    expect(four).toContain('2024年年初预算数为559.57万元，比上年减少75.72万元，下降11.92%');
    const eight = narrative.sections.find((s) => s.number === '八、')!.text;
    expect(eight).toContain('机关运行经费67.61万元，比上年预算减少24.65万元，下降26.72%');
    expect(eight).toContain('“三公”经费预算数比上年预算数减少0.60万元，下降60.00%');
  });

  it('says the growth rate has no basis when the prior figure is zero', () => {
    const { narrative } = build('hetang-zfb-2024-budget', (raw) => {
      (raw.priorYear as Record<string, string>).threePublic = '0';
    });
    expect(narrative.sections.find((s) => s.number === '八、')!.text).toContain('上年无该项，增长率无可比性');
  });

  it('states equality when nothing changed, and then needs no reason', () => {
    const { narrative } = build('hetang-zfb-2024-budget', (raw) => {
      (raw.priorYear as Record<string, string>).threePublic = '4000';
    });
    expect(narrative.sections.find((s) => s.number === '八、')!.text).toContain('与上年预算数持平');
    expect(narrative.missingReasons.map((m) => m.slot)).not.toContain('三公增减原因');
  });
});

describe('human input', () => {
  it('marks required reasons that are empty, and never invents facts the source lacks', () => {
    const { narrative } = build('hetang-zfb-2024-budget');
    expect(narrative.missingReasons.map((m) => m.slot).sort()).toEqual(
      ['三公增减原因', '收支增减原因', '国有资产占有情况', '政府采购预算', '机关运行经费增减原因'].sort(),
    );
    const text = narrative.sections.map((s) => s.text).join('\n');
    expect(text).toContain('【待填写：收支增减变化的主要原因】');
    expect(text).not.toMatch(/办公及业务用房0平方米/);
  });

  it('uses the reasons the source gives and then requires nothing more', () => {
    const { narrative } = build('demo-two-units-2024-budget');
    expect(narrative.missingReasons).toEqual([]);
    expect(narrative.sections.map((s) => s.text).join('\n')).not.toContain('待填写');
  });

  it('a change below the threshold needs no reason', () => {
    const { narrative } = build('hetang-zfb-2024-budget', (raw) => {
      (raw.priorYear as Record<string, string>).incomeTotal = '5500000';
    });
    // 559.57 against 550.00: +1.74 %, under the 5 % threshold of the narrative file
    expect(narrative.missingReasons.map((m) => m.slot)).not.toContain('收支增减原因');
  });
});
