/**
 * Findings reports show one cause once: a wrong cell that breaks several identities is one group
 * with its likely culprit cell, in text, JSON and HTML; each table has a summary line; --min-severity
 * filters what is listed.
 */
import { describe, expect, it } from 'vitest';
import { groupFindings } from '../../src/core/findings/group.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { atLeast, renderFindingsHtml, renderFindingsJson, renderFindingsText } from '../../src/renderers/findings.ts';
import { generateExample } from '../generate/seed-fixture.ts';
import { damage } from '../support/damage.ts';

const example = generateExample('hetang-zfb-2024-budget');
const header = { subject: 'test', rules: 1 };

describe('findings reports', () => {
  // a changed amount in a detail cell: the row, column and cross-table identities all read it
  const broken = damage(example, 'changed-amount', 11)!;
  const findings = checkPackage(broken.pkg, loadRuleCatalogs(), { catalogs: loadBundledCatalogs() }).filter(
    (f) => f.severity === '错误',
  );

  it('group the findings of one changed cell under that cell', () => {
    expect(findings.length).toBeGreaterThan(1);
    const groups = groupFindings(findings);
    expect(groups.length).toBeLessThan(findings.length);
    const big = groups.find((g) => g.findings.length > 1)!;
    expect(big.culprit).toBeDefined();
    expect(broken.what).toContain(big.culprit!.table);
  });

  it('show the group and a per-table line in text, JSON and HTML', () => {
    const text = renderFindingsText(findings, header);
    expect(text).toMatch(/同一原因，涉及 \d+ 条；可能出错的单元格：表“/);
    expect(text).toContain('【各表】');
    const json = JSON.parse(renderFindingsJson(findings, header));
    expect(json.groups.length).toBeLessThan(json.findings.length);
    expect(json.groups.some((g: { culprit?: unknown; findings: number[] }) => g.culprit && g.findings.length > 1)).toBe(
      true,
    );
    expect(json.tables[0].counts.错误).toBeGreaterThan(0);
    const html = renderFindingsHtml(findings, header);
    expect(html).toContain('同一原因的发现');
    expect(html).toContain('<h2>各表</h2>');
  });

  it('filter by minimum severity', () => {
    const all = checkPackage(damage(example, 'changed-amount', 3)!.pkg, loadRuleCatalogs(), {
      catalogs: loadBundledCatalogs(),
    });
    expect(atLeast(all, '错误').every((f) => f.severity === '错误')).toBe(true);
    expect(atLeast(all, '警告').every((f) => f.severity !== '提示')).toBe(true);
    expect(atLeast(all, '提示')).toHaveLength(all.length);
  });
});
