/**
 * `mingzhang parse` on a PDF: the dispatcher routes it through the PDF reader; the summary and the
 * repairs (uncertain ones marked 待核) go to stderr, an unreadable PDF is a Chinese error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCells } from '../../src/renderers/cells.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { CORPUS_DIR } from './seed-parse.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const PDF = join(CORPUS_DIR, 'shanghai/pdf/2024_final_shpt_shgzb.pdf');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mingzhang parse <file.pdf>', () => {
  it('reads a published PDF into the cells form', () => {
    const r = run('parse', PDF, '--format', 'cells');
    expect(r.code).toBe(0);
    expect(r.err).toContain('已解析 2024_final_shpt_shgzb.pdf：中共上海市普陀区委社会工作部 2024 年决算');
    expect(r.err).toContain('9 张表按报表模板集“shanghai-final”识别，0 张未能识别');
    const cells = parseCells(r.out);
    expect(cells).toContainEqual({ table: '收入支出决算总表', row: '总计', column: '收入/金额', value: '307.82' });
    expect(cells).toContainEqual({
      table: '一般公共预算财政拨款基本支出决算表',
      row: '公用经费合计',
      column: '决算数',
      value: '10.23',
    });
  });

  it('fails with a located Chinese message for a file that is not a readable PDF', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-pdf-'));
    const bad = join(dir, 'broken.pdf');
    writeFileSync(bad, '%PDF-1.4\n这不是完整的 PDF\n');
    const r = run('parse', bad);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^错误：broken\.pdf：第 1 页第 1 行：/);
  });
});
