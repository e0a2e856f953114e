/**
 * Robustness measured on the damage generator (tests/support/damage.ts): restyled-but-correct
 * variants of every example and visible seed add no 错误; damage that changes a number or removes a
 * table is found in at least 99 % of the generated cases of each class, and reported as few causes.
 * The figures themselves are printed by bench/damage.ts.
 */
import { describe, expect, it } from 'vitest';
import { DAMAGE_CLASSES, RESTYLE_CLASSES } from '../support/damage.ts';
import { bases, Checker, measureDamaged, measureRestyled } from '../support/damage-bench.ts';

const all = bases();
const checker = new Checker();

describe('restyled but correct variants', () => {
  const results = measureRestyled(all, checker, 4);
  for (const kind of RESTYLE_CLASSES) {
    it(`${kind}: no false 错误 on any example or seed`, () => {
      const r = results.find((x) => x.kind === kind)!;
      expect(r.variants).toBeGreaterThanOrEqual(all.length);
      expect(r.falseErrors.map((f) => `${f.base}: [${f.finding.ruleId}] ${f.finding.message}`)).toEqual([]);
    });
  }
});

describe('damaged variants', () => {
  const results = measureDamaged(all, checker, 6);
  for (const kind of DAMAGE_CLASSES) {
    it(`${kind}: found in ≥ 99 % of the generated cases`, () => {
      const r = results.find((x) => x.kind === kind)!;
      expect(r.injected).toBeGreaterThan(0);
      expect(r.missed).toEqual([]);
      expect(r.found / r.injected).toBeGreaterThanOrEqual(0.99);
    });
  }
  it('reports a changed amount as about one cause', () => {
    const r = results.find((x) => x.kind === 'changed-amount')!;
    expect(r.causes / r.found).toBeLessThanOrEqual(1.5);
  });
});
