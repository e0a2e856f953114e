/**
 * Strict input: a mistyped key, sheet, template set or 说明 slot is an error that names the
 * place and suggests the intended name; `validate` (loadSourceFile) runs the same checks as
 * `generate`, so what validates can be published.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/diagnostics.ts';
import { closest } from '../../src/core/suggest.ts';
import { loadSourceFile } from '../../src/io/source-files.ts';
import { writeSourceWorkbook } from '../../src/io/source-workbook/writer.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'mz-strict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

type Raw = Record<string, unknown> & { reasons: Record<string, string> };
const example = (name: string): Raw =>
  JSON.parse(readFileSync(join(ROOT, 'examples', name, 'source.json'), 'utf8')) as Raw;
const budget = () => example('hetang-zfb-2024-budget');
const final = () => example('hetang-zfb-2023-final');

async function load(raw: unknown) {
  const file = join(dir, `s${++n}.json`);
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return loadSourceFile(file);
}
const errors = (r: { issues: readonly Issue[] }) => r.issues.filter((i) => i.severity === 'error');

describe('unknown JSON keys', () => {
  it('refuse the threepublic typo with a suggestion, instead of publishing 三公 as 0', async () => {
    const src = budget();
    src.threepublic = src.threePublic;
    delete src.threePublic;
    const r = await load(src);
    expect(r.data).toBeUndefined();
    expect(errors(r)).toEqual([
      expect.objectContaining({
        path: ['threepublic'],
        message: '未知的字段“threepublic”（是否应为 threePublic？）；源数据中不能有模式以外的字段',
        location: { file: `s${n}.json` },
      }),
    ]);
  });

  it('refuse unknown keys deep in lists, at their path', async () => {
    const src = budget();
    const line = (src.lines as Record<string, unknown>[])[2] as Record<string, unknown>;
    line.amout = line.amount;
    const r = await load(src);
    expect(errors(r).map((i) => [i.path, i.message])).toEqual([
      [['lines', 2, 'amout'], '未知的字段“amout”（是否应为 amount？）；源数据中不能有模式以外的字段'],
    ]);
  });

  it('are forbidden by the published JSON Schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/source.schema.json'), 'utf8'));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.lines.items.additionalProperties).toBe(false);
    expect(schema.properties.department.additionalProperties).toBe(false);
  });
});

describe('template set and 说明 slots (the checks generate needs, run by validate)', () => {
  it('refuses a 预算 source with a 决算 template set', async () => {
    const src = budget();
    src.templateSet = 'hunan-2023-final';
    const r = await load(src);
    expect(r.data).toBeUndefined();
    expect(errors(r)[0]?.message).toContain('类型为“预算”，但报表模板集“hunan-2023-final”');
    expect(errors(r)[0]?.path).toEqual(['templateSet']);
  });

  it('refuses a 决算 source with a 预算 template set, and a year outside the set', async () => {
    const src = final();
    src.templateSet = 'hunan-2024-budget';
    const r = await load(src);
    const messages = errors(r).map((i) => i.message);
    expect(messages.some((m) => m.startsWith('类型为“决算”，但报表模板集“hunan-2024-budget”'))).toBe(true);
    expect(r.issues.find((i) => i.message.startsWith('报表模板集“hunan-2024-budget”适用于 2024 年'))).toMatchObject({
      severity: 'warning',
      message: '报表模板集“hunan-2024-budget”适用于 2024 年，与年度 2023 不符，请确认表样未变',
    });
  });

  it('refuses a mistyped template set with a suggestion', async () => {
    const src = budget();
    src.templateSet = 'hunan-2024-budgt';
    const r = await load(src);
    expect(errors(r)[0]?.message).toMatch(/^报表模板集“hunan-2024-budgt”不存在（是否应为 hunan-2024-budget？）/);
  });

  it('refuses a mistyped reasons slot with a suggestion; accepts family slots', async () => {
    const src = budget();
    src.reasons.三公经费增减原因 = '因公出国团组减少。';
    const r = await load(src);
    expect(r.data).toBeUndefined();
    expect(errors(r)).toEqual([
      expect.objectContaining({
        path: ['reasons', '三公经费增减原因'],
        message: expect.stringMatching(/^说明插槽“三公经费增减原因”不存在（是否应为“三公增减原因”？）/),
      }),
    ]);
    const f = final();
    f.reasons['决算预算差异/2010301'] = '年中追加了专项经费。';
    const ok = await load(f);
    expect(errors(ok)).toEqual([]);
    f.reasons.决算预算差异 = '';
    f.reasons['决算差异/2010301'] = '';
    expect(errors(await load(f)).map((i) => i.path)).toEqual([['reasons', '决算差异/2010301']]);
  });

  it('locates a mistyped slot of a workbook at its row on 说明填写', async () => {
    const src = budget();
    src.reasons.收支增减原由 = '……';
    const file = join(dir, 'slot.xlsx');
    await writeSourceWorkbook(file, src as never);
    const r = await loadSourceFile(file);
    const e = errors(r);
    expect(e).toHaveLength(1);
    expect(e[0]?.location).toMatchObject({ file: 'slot.xlsx', sheet: '说明填写', column: 'B（内容）' });
    expect(e[0]?.message).toContain('（是否应为“收支增减原因”？）');
  });

  it('`mingzhang validate` refuses the mismatch with exit code 1', () => {
    const src = budget();
    src.templateSet = 'shanghai-final';
    const file = join(dir, 'mismatch.json');
    writeFileSync(file, JSON.stringify(src));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/mingzhang.js'), 'validate', file], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[错误] mismatch.json，templateSet：类型为“预算”，但报表模板集“shanghai-final”');
  });
});

describe('nothing vanishes', () => {
  it('reports the indicators of a project that is not 专项 (no table prints them) as unused, at their place', async () => {
    const src = example('demo-two-units-2024-budget');
    const projects = src.projects as Array<{ code: string; special?: boolean; indicators?: unknown[] }>;
    const i = projects.findIndex((p) => !p.special && (p.indicators?.length ?? 0) > 0);
    expect(i).toBeGreaterThanOrEqual(0);
    const r = await load(src);
    const w = r.issues.find((x) => x.path.join('.') === `projects.${i}.indicators`);
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain(`（${projects[i]?.code}）的 ${projects[i]?.indicators?.length} 个绩效指标未使用`);
    // marked 专项, the project gets its sheet in 项目支出绩效目标表 and nothing is reported
    (projects[i] as { special: boolean }).special = true;
    const r2 = await load(src);
    expect(r2.issues.find((x) => x.path.join('.') === `projects.${i}.indicators`)).toBeUndefined();
  });
});

describe('amounts with their own unit in a workbook', () => {
  it('"…万元" typed into a 元 workbook is converted, not read as 元', async () => {
    const src = budget();
    const file = join(dir, 'units.xlsx');
    await writeSourceWorkbook(file, src as never);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('支出明细') as ExcelJS.Worksheet;
    let col = 0;
    ws.getRow(1).eachCell((c, i) => {
      if (c.text === '金额*') col = i;
    });
    const cell = ws.getRow(2).getCell(col);
    const yuan = String(cell.value);
    cell.value = `${new Decimal(yuan).div(10_000).toFixed()}万元`;
    await wb.xlsx.writeFile(file);
    const fromXlsx = await loadSourceFile(file);
    const fromJson = await load(src);
    expect(errors(fromXlsx)).toEqual([]);
    expect(fromXlsx.data?.lines[0]?.amount).toBe(fromJson.data?.lines[0]?.amount);
    expect(fromXlsx.data).toEqual(fromJson.data);
  });
});

describe('suggestions', () => {
  it('pick a close name and nothing for a far one', () => {
    expect(closest('nmae', ['code', 'name'])).toBe('name');
    expect(closest('收入表', ['收入', '支出明细'])).toBe('收入');
    expect(closest('我的草稿', ['收入', '支出明细', '单位'])).toBeUndefined();
  });
});
