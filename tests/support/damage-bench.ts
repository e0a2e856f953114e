/**
 * Measures the checker on the damage generator's variants: false 错误 on restyled-but-correct
 * variants, and per damage class how many injected errors are found and how many causes (groups)
 * the report shows for each. Used by tests/rules/damage.test.ts and bench/damage.ts.
 */
import type { Catalogs } from '../../src/core/catalogs/catalogs.ts';
import { groupFindings } from '../../src/core/findings/group.ts';
import type { Finding } from '../../src/core/findings/model.ts';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import type { RuleCatalog } from '../../src/core/rules/schema.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { exampleSource, generateExample } from '../generate/seed-fixture.ts';
import { seed000, seed001, seed002 } from '../rules/seed-packages.ts';
import {
  asDocument,
  DAMAGE_CLASSES,
  type DamageClass,
  damage,
  RESTYLE_CLASSES,
  type RestyleClass,
  restyle,
} from './damage.ts';

export interface Base {
  readonly name: string;
  readonly pkg: DisclosurePackage;
  readonly codes: Catalogs;
}

export function bases(): Base[] {
  const examples = ['hetang-zfb-2024-budget', 'demo-two-units-2024-budget', 'hetang-zfb-2023-final'].map((name) => ({
    name,
    pkg: generateExample(name),
    codes: normaliseSource(exampleSource(name), loadBundledCatalogs()).catalogs,
  }));
  const seeds = [
    { name: 'seed-000', pkg: seed000() },
    { name: 'seed-001', pkg: seed001() },
    { name: 'seed-002', pkg: seed002() },
  ].map((s) => ({ ...s, codes: loadBundledCatalogs() }));
  return [...examples, ...seeds];
}

export class Checker {
  private readonly rules: RuleCatalog[] = loadRuleCatalogs();
  private readonly scoring = loadAllScoringConfigs();

  check(pkg: DisclosurePackage, codes: Catalogs): Finding[] {
    return checkPackage(pkg, this.rules, { catalogs: codes, scoring: this.scoring });
  }
}

/** a finding as the report shows it: the same rule at the same place with the same difference */
const exact = (f: Finding) =>
  `${f.ruleId}|${f.severity}|${f.location.table ?? ''}|${f.location.row ?? ''}|${f.location.column ?? ''}|${f.location.section ?? ''}|${f.difference ?? ''}`;
const coarse = (f: Finding) => `${f.ruleId}|${f.location.table ?? f.location.section ?? ''}`;

/** 错误 of the variant beyond those of the base, counted per rule and table (rows may be renamed). */
export function surplusErrors(base: readonly Finding[], variant: readonly Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of base) if (f.severity === '错误') left.set(coarse(f), (left.get(coarse(f)) ?? 0) + 1);
  const out: Finding[] = [];
  for (const f of variant) {
    if (f.severity !== '错误') continue;
    const n = left.get(coarse(f)) ?? 0;
    if (n > 0) left.set(coarse(f), n - 1);
    else out.push(f);
  }
  return out;
}

/** Findings (错误 or 警告) the variant has and the base does not. */
export function newFindings(base: readonly Finding[], variant: readonly Finding[]): Finding[] {
  const known = new Set(base.map(exact));
  return variant.filter((f) => f.severity !== '提示' && !known.has(exact(f)));
}

export interface RestyleResult {
  readonly kind: RestyleClass;
  readonly variants: number;
  readonly falseErrors: Array<{ base: string; finding: Finding }>;
}

export function measureRestyled(all: readonly Base[], checker: Checker, seeds = 3): RestyleResult[] {
  return RESTYLE_CLASSES.map((kind) => {
    const falseErrors: Array<{ base: string; finding: Finding }> = [];
    let variants = 0;
    for (const b of all) {
      // the base as a document read back: the same reading the variants get
      const base = checker.check(asDocument(b.pkg), b.codes);
      for (let s = 1; s <= seeds; s++) {
        variants++;
        const v = checker.check(restyle(b.pkg, kind, s), b.codes);
        for (const finding of surplusErrors(base, v)) falseErrors.push({ base: b.name, finding });
      }
    }
    return { kind, variants, falseErrors };
  });
}

export interface DamageResult {
  readonly kind: DamageClass;
  readonly injected: number;
  readonly found: number;
  /** new findings per found case, and causes (groups) per found case */
  readonly findings: number;
  readonly causes: number;
  readonly missed: string[];
}

export function measureDamaged(all: readonly Base[], checker: Checker, perBase = 20): DamageResult[] {
  const partner = (b: Base) =>
    all.find((o) => o !== b && o.pkg.templateSet === b.pkg.templateSet && o.pkg.unit.name !== b.pkg.unit.name);
  const baseFindings = new Map(all.map((b) => [b, checker.check(b.pkg, b.codes)]));
  return DAMAGE_CLASSES.map((kind) => {
    let injected = 0;
    let found = 0;
    let findings = 0;
    let causes = 0;
    const missed: string[] = [];
    for (const b of all) {
      const base = baseFindings.get(b) as Finding[];
      const seen = new Set<string>();
      for (let s = 1; s <= perBase; s++) {
        const d = damage(b.pkg, kind, s * 7919 + 13, partner(b)?.pkg);
        if (!d || seen.has(d.what)) continue;
        seen.add(d.what);
        injected++;
        const fresh = newFindings(base, checker.check(d.pkg, b.codes));
        if (fresh.length > 0) {
          found++;
          findings += fresh.length;
          causes += groupFindings(fresh).length;
        } else missed.push(`${b.name}: ${d.what}`);
      }
    }
    return { kind, injected, found, findings, causes, missed };
  });
}
