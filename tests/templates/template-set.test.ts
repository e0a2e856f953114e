import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceJsonSchema } from '../../src/core/source/json-schema.ts';
import { checkTemplateSet } from '../../src/core/templates/check-set.ts';
import { buildHeader } from '../../src/core/templates/header.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import {
  listTemplateSets,
  loadTemplateSet,
  parseTemplateSet,
  TEMPLATE_DIR,
  templateSetJsonSchema,
} from '../../src/io/template-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

describe('template sets are data, validated by the template language schema', () => {
  for (const id of listTemplateSets()) {
    it(`${id} validates and references only known funds, with unique ids and columns`, () => {
      const set = loadTemplateSet(id);
      expect(set.tables.length).toBeGreaterThan(0);
      expect(checkTemplateSet(set, loadBundledCatalogs())).toEqual([]);
    });
  }

  it('hunan-2024-budget has the 23 tables of seed 000’s 目录', () => {
    const set = loadTemplateSet('hunan-2024-budget');
    expect(set.tables.map((t) => t.id)).toEqual(
      Array.from({ length: 23 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('rejects a broken template with the file and the JSON path', () => {
    const text = readFileSync(join(TEMPLATE_DIR, 'hunan-2024-budget.json'), 'utf8');
    const broken = JSON.parse(text);
    broken.tables[6].columns[5].measure = { from: 'budget-lines' };
    expect(() => parseTemplateSet(JSON.stringify(broken), 'x.json')).toThrow(
      /x\.json 不符合模板语言规范[\s\S]*tables\[6\]\.columns\[5\]/,
    );
    expect(() => parseTemplateSet('{', 'y.json')).toThrow(/y\.json 不是有效的 JSON/);
  });

  it('flags duplicate row keys and unknown fund codes', () => {
    const set = structuredClone(loadTemplateSet('hunan-2024-budget'));
    const t6 = set.tables.find((t) => t.id === 'T06');
    if (t6?.layout !== 'side-by-side') throw new Error('T06 should be side-by-side');
    for (const r of t6.sections[0]!.rows) delete r.key;
    const t7 = set.tables.find((t) => t.id === 'T07');
    if (t7?.layout !== 'grid') throw new Error('T07 should be a grid');
    t7.filter = { fund: ['R999'] };
    const problems = checkTemplateSet(set, loadBundledCatalogs());
    expect(problems.some((p) => p.includes('行键“(一) 一般公共预算拨款”重复'))).toBe(true);
    expect(problems.some((p) => p.includes('未知的资金来源代码 R999'))).toBe(true);
  });

  it('the published JSON Schemas are up to date with the zod schemas', () => {
    const onDisk = (f: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8'));
    expect(onDisk('template-set.schema.json')).toEqual(JSON.parse(JSON.stringify(templateSetJsonSchema())));
    expect(onDisk('source.schema.json')).toEqual(JSON.parse(JSON.stringify(sourceJsonSchema())));
  });
});

describe('header blocks from leaf paths', () => {
  it('merges shared prefixes and lets short paths span down', () => {
    const { rows, depth } = buildHeader([
      ['合计'],
      ['基本支出', '小计'],
      ['基本支出', '人员经费', '工资福利支出'],
      ['基本支出', '人员经费', '对个人和家庭的补助'],
      ['基本支出', '公用经费'],
      ['项目支出'],
    ]);
    expect(depth).toBe(3);
    const flat = rows.flat().map((h) => `${h.text}@${h.row},${h.col} ${h.rowSpan}x${h.colSpan}`);
    expect(flat).toEqual([
      '合计@0,0 3x1',
      '基本支出@0,1 1x4',
      '项目支出@0,5 3x1',
      '小计@1,1 2x1',
      '人员经费@1,2 1x2',
      '公用经费@1,4 2x1',
      '工资福利支出@2,2 1x1',
      '对个人和家庭的补助@2,3 1x1',
    ]);
  });

  it('does not merge equal labels that are not adjacent', () => {
    const { rows } = buildHeader([
      ['收入', '项目'],
      ['收入', '预算数'],
      ['支出', '项目'],
      ['支出', '预算数'],
    ]);
    expect(rows[0]!.map((h) => `${h.text}:${h.colSpan}`)).toEqual(['收入:2', '支出:2']);
  });
});
