/**
 * The 说明 is well formed whatever optional input is missing: for every example, the 说明 is
 * generated for every combination of the optional inputs the narrative reads being absent, and
 * for each 上年数 figure missing on its own; the grammar rules (data/rules/text-grammar.json,
 * the same ones `check` and `generate --final` apply) find nothing in any of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../src/app/build.ts';
import { grammarFindings } from '../../src/core/narrative/grammar.ts';
import type { DisclosurePackage } from '../../src/core/package/model.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const catalogs = loadBundledCatalogs();
const rules = loadRuleCatalogs();
const examples = readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
type Raw = Record<string, unknown>;
const read = (name: string): Raw => JSON.parse(readFileSync(join(ROOT, 'examples', name, 'source.json'), 'utf8'));

/** Optional inputs whose absence changes the wording; combined exhaustively. */
const OPTIONAL = ['priorYear', 'reasons', 'officeOperation', 'procurement', 'assets'] as const;

function generate(raw: Raw): DisclosurePackage {
  const r = normaliseSource(raw, catalogs);
  if (!r.data) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return buildPackage(r.data, r.catalogs).pkg;
}

function problems(pkg: DisclosurePackage): string[] {
  const out = grammarFindings(pkg, rules).map((f) => `${f.ruleId} ${f.message}`);
  for (const s of pkg.sections ?? []) {
    // a value the source lacks must not print as a dash where a number belongs
    for (const m of s.text.matchAll(/—\s*(?:万元|%)/g)) out.push(`DASH “${s.title}”：${m[0]}`);
  }
  return out;
}

function without(raw: Raw, keys: readonly string[]): Raw {
  const copy = structuredClone(raw);
  for (const k of keys) {
    if (k.startsWith('priorYear.')) delete (copy.priorYear as Raw | undefined)?.[k.slice(10)];
    else delete copy[k];
  }
  return copy;
}

describe('说明 with optional inputs missing', () => {
  for (const name of examples) {
    const raw = read(name);
    const present = OPTIONAL.filter((k) => raw[k] !== undefined);
    it(`${name}: every combination of ${present.join('、')} missing reads cleanly`, () => {
      const failures: string[] = [];
      for (let mask = 0; mask < 1 << present.length; mask++) {
        const drop = present.filter((_, i) => mask & (1 << i));
        const pkg = generate(without(raw, drop));
        expect(pkg.sections?.length ?? 0).toBeGreaterThan(0);
        for (const p of problems(pkg)) failures.push(`[${drop.join('+') || '完整'}] ${p}`);
      }
      expect(failures).toEqual([]);
    });

    it(`${name}: each 上年数 figure missing on its own reads cleanly`, () => {
      const prior = (raw.priorYear ?? {}) as Raw;
      const failures: string[] = [];
      for (const k of Object.keys(prior).filter((x) => x !== 'year')) {
        for (const p of problems(generate(without(raw, [`priorYear.${k}`])))) failures.push(`[priorYear.${k}] ${p}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('the grammar check finds the broken text this issue started from', () => {
    const pkg = generate(read('hetang-zfb-2024-budget'));
    const broken: DisclosurePackage = {
      ...pkg,
      sections: (pkg.sections ?? []).map((s, i) =>
        i === 0
          ? {
              ...s,
              text: '2024年年初预算数为559.57万元，（未提供上年预算数，不作比较）。其中基本支出515.69万元，；项目支出43.88万元，。“三公”经费预算数。',
            }
          : s,
      ),
    };
    const ids = new Set(grammarFindings(broken, rules).map((f) => f.ruleId));
    expect([...ids].sort()).toEqual(['TXT-GRAMMAR-DANGLING', 'TXT-GRAMMAR-NOTE', 'TXT-GRAMMAR-PUNCT']);
  });
});
