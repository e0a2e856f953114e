/**
 * The command line as a user runs it: real processes, real files, exit codes and Chinese output.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../generate/seed-fixture.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const EX = join(ROOT, 'examples/hetang-zfb-2024-budget');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mingzhang validate', () => {
  it('accepts the seed-000 example as JSON and as a workbook, with the same summary', () => {
    const json = run('validate', join(EX, 'source.json'));
    const xlsx = run('validate', join(EX, 'source.xlsx'));
    expect(json.code).toBe(0);
    expect(xlsx.code).toBe(0);
    expect(json.out).toContain('支出合计 559.57 万元');
    expect(xlsx.out).toContain('支出合计 559.57 万元');
    expect(json.out).toContain('0 个错误，0 个警告');
    expect(xlsx.out).toContain('0 个错误，0 个警告');
  });

  it('rejects a broken JSON variant with a located Chinese message and exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cli-'));
    const src = JSON.parse(readFileSync(join(EX, 'source.json'), 'utf8'));
    src.lines[4].amount = '-1';
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify(src));
    const r = run('validate', f);
    expect(r.code).toBe(1);
    expect(r.out).toContain('[错误] bad.json，lines[4].amount：金额不能为负数（-1）');
  });

  it('names sheet, row and column for a broken workbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cli-'));
    const f = join(dir, 'bad.xlsx');
    copyFileSync(join(EX, 'source.xlsx'), f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    const ws = wb.getWorksheet('支出明细')!;
    const header = ws.getRow(1).values as unknown[];
    const amountCol = header.findIndex((v) => typeof v === 'string' && v.startsWith('金额'));
    ws.getRow(3).getCell(amountCol).value = '一百元';
    await wb.xlsx.writeFile(f);
    const r = run('validate', f);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad\.xlsx，工作表“支出明细”，第 3 行，[A-Z]+（金额）? ?列：“一百元”不是有效的金额/);
  });

  it('--strict turns warnings into failures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cli-'));
    const src = JSON.parse(readFileSync(join(EX, 'source.json'), 'utf8'));
    src.lines[0].funcName = '行政运行（改名）';
    const f = join(dir, 'warn.json');
    writeFileSync(f, JSON.stringify(src));
    expect(run('validate', f).code).toBe(0);
    expect(run('validate', '--strict', f).code).toBe(1);
  });
});

describe('mingzhang generate and check', () => {
  it('writes every format named by unit code, year and kind, with a summary', () => {
    const out = mkdtempSync(join(tmpdir(), 'mz-gen-'));
    const r = run('generate', join(EX, 'source.json'), '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('23 张表');
    expect(r.out).toContain('收入总计 559.57 万元');
    for (const ext of ['.xlsx', '.html', '.json', '.cells.csv'])
      expect(existsSync(join(out, `004001-2024-budget${ext}`))).toBe(true);
    const csv = readFileSync(join(out, '004001-2024-budget.cells.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('table,row,column,value');
    expect(csv).toContain('收支总表,收入总计,收入/项目/预算数,559.57');
  });

  it('generate --format restricts the outputs and rejects unknown formats', () => {
    const out = mkdtempSync(join(tmpdir(), 'mz-gen-'));
    expect(run('generate', join(EX, 'source.json'), '--out', out, '--format', 'cells').code).toBe(0);
    expect(existsSync(join(out, '004001-2024-budget.xlsx'))).toBe(false);
    const bad = run('generate', join(EX, 'source.json'), '--out', out, '--format', 'pdfx');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('未知的输出格式“pdfx”');
  });

  it('check reports no error on the example, and exit code 1 with a located error on a broken package', () => {
    const ok = run('check', join(EX, 'source.json'));
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('发现错误 0 个');
    const out = mkdtempSync(join(tmpdir(), 'mz-chk-'));
    execFileSync(process.execPath, [BIN, 'generate', join(EX, 'source.json'), '--out', out, '--format', 'json'], {
      env: { ...process.env, CI: '1' },
    });
    const f = join(out, '004001-2024-budget.json');
    // a published figure changed by hand: 收入总计 no longer matches
    writeFileSync(f, readFileSync(f, 'utf8').replace('"text": "559.57"', '"text": "559.75"'));
    const bad = run('check', f, '--format', 'json');
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.out);
    expect(report.counts.错误).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({ severity: '错误', location: { table: expect.any(String) } });
  });

  it('template writes a blank workbook that validate reads with located errors, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-tpl-'));
    const f = join(dir, '模板.xlsx');
    expect(run('template', '--out', f).code).toBe(0);
    const r = run('validate', f);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/工作表“/);
  });

  it('prints Chinese help', () => {
    const r = run('--help');
    expect(r.out).toContain('用法：');
    expect(r.out).toContain('validate');
    expect(r.out).toContain('check');
  });
});

describe('importing an official catalog from the command line', () => {
  it('--catalog adds a code the bundled catalog lacks, silencing its warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cat-'));
    const src = JSON.parse(readFileSync(join(EX, 'source.json'), 'utf8'));
    src.catalogAdditions = [];
    const f = join(dir, 'no-additions.json');
    writeFileSync(f, JSON.stringify(src));
    const before = run('validate', f);
    expect(before.out).toContain('2089999');
    const csv = join(dir, '功能分类2024.csv');
    writeFileSync(csv, 'code,name,parent,level\n2089999,其他社会保障和就业支出,20899,3\n');
    const after = run('validate', '--catalog', `功能分类:2024:${csv}`, f);
    expect(after.code).toBe(0);
    expect(after.out).toContain('0 个错误，0 个警告');
    expect(run('validate', '--catalog', 'bad-spec', f).err).toContain('--catalog 的格式应为');
  });
});
