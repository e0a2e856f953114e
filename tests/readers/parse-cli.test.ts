/**
 * `mingzhang parse` as a user runs it: the package on stdout (JSON or cells), a Chinese summary
 * on stderr, and a located Chinese error with exit code 1 for an unreadable file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCells } from '../../src/renderers/cells.ts';
import { parsePackageJson } from '../../src/renderers/json.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { SEED_DIR, SEED_FILES } from './seed-parse.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const SEED = join(SEED_DIR, SEED_FILES['000']);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mingzhang parse', () => {
  it('prints the package as JSON by default, with a summary on stderr', () => {
    const r = run('parse', SEED);
    expect(r.code).toBe(0);
    const pkg = parsePackageJson(r.out);
    expect(pkg.templateSet).toBe('hunan-2024-budget');
    expect(pkg.tables).toHaveLength(23);
    expect(pkg.origin).toEqual({ kind: 'parsed', file: SEED_FILES['000'] });
    expect(r.err).toContain('23 张表按报表模板集“hunan-2024-budget”识别，0 张未能识别，481 个金额单元格');
  });

  it('prints the cells form with --format cells, and lists repairs with --verbose', () => {
    const r = run('parse', SEED, '--format', 'cells', '--verbose');
    expect(r.code).toBe(0);
    const cells = parseCells(r.out);
    expect(cells).toHaveLength(481);
    expect(cells).toContainEqual({ table: '专项资金预算汇总表', row: '合计', column: '预算编制方式', value: '43.88' });
    expect(r.err).toMatch(/\[修复\] 整体支出绩效目标表，第 503 行：预算情况：金额错位/);
  });

  it('fails with a Chinese message and exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-parse-'));
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, '会议纪要\n\n今天天气很好。\n');
    const r = run('parse', bad);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^错误：notes\.txt：第 1 页第 1 行：未找到任何公开表或说明/);
    expect(run('parse', join(dir, 'missing.txt')).err).toContain('错误：找不到文件');
    expect(run('parse', SEED, '--format', 'xml').code).toBe(2);
  });

  it('reads GB18030-encoded text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-parse-'));
    const f = join(dir, 'gbk.txt');
    // "收支总表" etc. in GB18030: encode through the decoder's inverse, byte by byte
    const text =
      '2024年部门预算公开表\n收支总表\n金额单位：万元\n项目\t预算数\t项目(按功能分类)\t预算数\n经费拨款\t1.00\t\t\n';
    writeFileSync(f, encodeGb18030(text));
    const r = run('parse', f, '--format', 'cells');
    expect(r.code).toBe(0);
    expect(r.out).toContain('收支总表,经费拨款,收入/项目/预算数,1.00');
  });
});

/** GB18030 bytes of a string (TextEncoder only writes UTF-8): look every character up once. */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GB18030 code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
