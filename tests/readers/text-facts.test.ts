/**
 * Text facts of a document read back: every amount, percentage and comparison of the 说明 with
 * the words that say what it is, its sentence and its location.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTextFacts } from '../../src/core/narrative/facts.ts';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';
import { readTextDisclosure } from '../../src/readers/text/index.ts';
import { SEED_DIR } from './seed-parse.ts';

const sets = listTemplateSets().map((id) => loadTemplateSet(id));
const seed002 = readTextDisclosure(
  readFileSync(join(SEED_DIR, '002_85c35c189350072a.txt'), 'utf8'),
  '002.txt',
  sets,
).pkg;
const facts = extractTextFacts(seed002.sections ?? []);

describe('text facts of seed 002', () => {
  it('finds every amount and percentage of the 情况说明, each with its sentence and line', () => {
    const total = (seed002.sections ?? []).reduce((n, s) => n + [...s.text.matchAll(/\d\s*(?:万元|元|%)/g)].length, 0);
    expect(facts.length).toBe(total);
    expect(facts.length).toBeGreaterThan(100);
    for (const f of facts) {
      expect(f.sentence).toContain(f.value.slice(0, 1));
      expect(f.line).toBeGreaterThan(0);
    }
  });

  it('says what each number is and which comparison it states', () => {
    const rate = facts.find((f) => f.value === '102.6');
    expect(rate).toMatchObject({ unit: '%', label: '完成年初预算的' });
    expect(rate?.sentence).toContain('年初预算为41.6万元，支出决算为42.06万元');
    const growth = facts.find((f) => f.section.startsWith('一') && f.unit === '万元' && f.comparison === '增加');
    expect(growth?.value).toBe('144.72');
    // the amount written in 元 where 万元 is meant keeps its unit as printed
    expect(facts.find((f) => f.value === '44.95')).toMatchObject({ unit: '元', label: '年初预算为' });
  });

  it('reads numbers with stray spaces as one number', () => {
    expect(facts.some((f) => f.value === '0.67' && f.unit === '万元')).toBe(true);
  });
});
