/**
 * The Shanghai documents check with their own catalogs (data/rules/shanghai-*.json): every 错误 and
 * 警告 the checker reports on them is one of the reviewed findings of
 * tests/fixtures/shanghai/expected-findings.json (each with the reason it is real, or a known
 * reader gap), and every reviewed one is reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applicableCatalogs, checkPackage } from '../../src/core/rules/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';
import { readTextDisclosure } from '../../src/readers/text/index.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { CORPUS_DIR } from '../readers/seed-parse.ts';

const dir = join(CORPUS_DIR, 'shanghai/txt');
const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/shanghai/expected-findings.json'), 'utf8')) as {
  findings: Array<{ document: string; ruleId: string; severity: string; table: string | null; reason: string }>;
};
const sets = listTemplateSets().map((id) => loadTemplateSet(id));
const rules = loadRuleCatalogs();

describe('Shanghai documents with their own catalogs', () => {
  const got: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    const doc = file.replace(/\.txt$/, '');
    const read = readTextDisclosure(readFileSync(join(dir, file), 'utf8'), file, sets);
    it(`${doc}: a Shanghai catalog applies`, () => {
      expect(
        applicableCatalogs(read.pkg, rules).some(
          (c) => c.templateSets.includes(read.pkg.templateSet) && c.id.startsWith('shanghai'),
        ),
      ).toBe(true);
    });
    const findings = checkPackage(read.pkg, rules, {
      catalogs: loadBundledCatalogs(),
      scoring: loadAllScoringConfigs(),
      realignments: read.repairs,
    });
    for (const f of findings)
      if (f.severity !== '提示') got.push(`${doc} ${f.severity} ${f.ruleId} ${f.location.table ?? ''}`);
  }
  it('report exactly the reviewed 错误 and 警告', () => {
    expect(got.sort()).toEqual(
      expected.findings.map((f) => `${f.document} ${f.severity} ${f.ruleId} ${f.table ?? ''}`).sort(),
    );
    expect(expected.findings.every((f) => f.reason.length > 10)).toBe(true);
  });
});
