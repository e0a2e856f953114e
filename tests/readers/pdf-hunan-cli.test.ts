/**
 * `mingzhang parse` on Hunan-format documents: Mingzhang's own print PDF reads with exit 0 and
 * every amount; the same document as extracted text (no table lines to go by, which the reader
 * cannot yet read by position) fails, naming each table whose amounts were not read and why —
 * never a silent success with no amounts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCells, renderCells } from '../../src/renderers/cells.ts';
import { renderPdf } from '../../src/renderers/pdf/index.ts';
import { generateExample, ROOT } from '../generate/seed-fixture.ts';
import { REQUIRE_ALL as requireAll } from '../support/soffice.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const dir = mkdtempSync(join(tmpdir(), 'mz-hunan-'));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function hasPdftotext(): boolean {
  try {
    execFileSync('which', ['pdftotext'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mingzhang parse on Hunan-format documents', () => {
  it('reads the print PDF to every amount of the package, exit 0', async () => {
    const pkg = generateExample('hetang-zfb-2024-budget');
    const pdf = join(dir, 'hetang.pdf');
    writeFileSync(pdf, await renderPdf(pkg));
    const r = run('parse', pdf, '--format', 'cells');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('[错误]');
    const got = parseCells(r.out).map((c) => `${c.table}|${c.row}|${c.column}|${c.value}`);
    const want = parseCells(renderCells(pkg)).map((c) => `${c.table}|${c.row}|${c.column}|${c.value}`);
    expect(got.sort()).toEqual(want.sort());
  }, 60_000);

  it.skipIf(!hasPdftotext() && !requireAll)(
    'fails on its extracted text, naming each table whose amounts it could not read',
    () => {
      const txt = join(dir, 'hetang.txt');
      execFileSync('pdftotext', ['-layout', join(dir, 'hetang.pdf'), txt]);
      const r = run('parse', txt, '--format', 'cells');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/\[错误\] 表“收支总表”（第 \d+ 行）的金额未能读取：/);
      expect(r.err).toContain('[错误] 表“一般公共预算支出表”');
    },
    60_000,
  );
});
