/**
 * The 决算 example through the command line: validate, generate (all formats, 绩效自评表 included)
 * and check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../generate/seed-fixture.ts';
import { EXAMPLE } from './fixture.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mingzhang with the 决算 example', () => {
  it('validates it with no error and no warning', { timeout: 60_000 }, () => {
    const r = run('validate', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.out).toContain('株洲市荷塘区人民政府办公室 2023 年决算');
    expect(r.out).toContain('支出合计 878.81 万元');
    expect(r.out).toContain('0 个错误，0 个警告');
  });

  it('generates the nine tables and the two 绩效自评表 in every format', { timeout: 60_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'mz-final-'));
    const r = run('generate', EXAMPLE, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('11 张表（9 张有数据，2 张为空表）');
    for (const ext of ['xlsx', 'html', 'json', 'cells.csv'])
      expect(existsSync(join(out, `004001-2023-final.${ext}`))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(out, '004001-2023-final.json'), 'utf8')).package;
    expect(pkg.templateSet).toBe('hunan-2023-final');
    expect(pkg.tables.map((t: { title: string }) => t.title).slice(8)).toEqual([
      '财政拨款“三公”经费支出决算表',
      '部门整体支出绩效自评表',
      '项目支出绩效自评表',
    ]);
    // the shell scores the sheets: the project sheet's 总分 is the sum of its rows
    const se2 = pkg.tables[10] as { cells: Array<{ row: string; column: string; text: string }> };
    expect(se2.cells.filter((c) => c.row === '总分').map((c) => c.text)).toEqual(['100', '98.00']);
    expect(readFileSync(join(out, '004001-2023-final.html'), 'utf8')).toContain('公开01表 金额单位：万元');
  });

  it('checks it: 尾数 notes only, exit code 0', { timeout: 60_000 }, () => {
    const r = run('check', EXAMPLE);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(/\[错误\]|\[警告\]/);
  });
});
