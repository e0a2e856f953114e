/**
 * Bounded reading: every bomb and oversized input is refused before it is inflated or parsed,
 * with a Chinese LimitError naming the file and the limit (CLI: exit code 2). Time and memory of
 * each refusal are measured by bench/bombs.ts, not here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LimitError, withLimits } from '../../src/io/limits.ts';
import { loadSourceFile } from '../../src/io/source-files.ts';
import { guardXlsx } from '../../src/io/zip-guard.ts';
import { readDisclosure, readDisclosureFile } from '../../src/readers/index.ts';
import { prescanPdf } from '../../src/readers/pdf/prescan.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { pdfContentBomb, pdfImageBomb, pdfWith, xlsxBomb, xlsxStrayCell, zipManyEntries } from '../support/bombs.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const EX = join(ROOT, 'examples/hetang-zfb-2024-budget/source.json');

async function refusal(p: Promise<unknown>): Promise<LimitError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LimitError);
  return e as LimitError;
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('XLSX archive guard', () => {
  it('refuses a sheet that declares 400 MB (entry size), before inflating it', async () => {
    const bomb = await xlsxBomb(400);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const e = await refusal(readDisclosure(bomb, 'bomb.xlsx', []));
    expect(e.limit).toBe('zipEntryBytes');
    expect(e.message).toMatch(
      /^bomb\.xlsx：压缩包内的 xl\/worksheets\/sheet1\.xml 解压后 400 MB，超过单个部件上限 32 MB/,
    );
  });

  it('refuses a sheet whose headers lie about its size, after at most the limit inflated', async () => {
    const bomb = await xlsxBomb(400, true);
    const e = await refusal(guardXlsx(bomb, 'liar.xlsx'));
    expect(e.message).toMatch(/^liar\.xlsx：工作表“收支总表”(解压后的数据多于文件头声明的大小|解压后超过)/);
  });

  it('refuses a compression ratio beyond the limit even under the size limits', async () => {
    const bomb = await xlsxBomb(20);
    const e = await refusal(guardXlsx(bomb, 'ratio.xlsx'));
    expect(e.limit).toBe('zipRatio');
    expect(e.message).toContain('疑似压缩炸弹');
  });

  it('refuses a stray cell at row 1,000,000 naming the sheet and the row', async () => {
    const e = await refusal(readDisclosure(xlsxStrayCell(1_000_000), 'stray.xlsx', []));
    expect(e.limit).toBe('sheetRows');
    expect(e.message).toBe(
      'stray.xlsx：工作表“收支总表”用到第 1000000 行，超过行数上限 20000（若是误填的单元格，请删除多余的行后重试）',
    );
    // a sheet inside the limits passes the guard
    expect((await guardXlsx(xlsxStrayCell(300), 'ok.xlsx'))?.sheets).toEqual([
      { name: '收支总表', rows: 300, columns: 1, cells: 2 },
    ]);
  });

  it('refuses too many entries', async () => {
    const e = await refusal(guardXlsx(zipManyEntries(2_100), 'many.xlsx'));
    expect(e.limit).toBe('zipEntries');
  });

  it('limits are configurable per call', async () => {
    const e = await refusal(guardXlsx(xlsxStrayCell(300), 'ok.xlsx', withLimits({ sheetRows: 100 })));
    expect(e.message).toContain('超过行数上限 100');
  });
});

describe('PDF bounds', () => {
  it('refuses a content stream inflating to 1 GB before pdfjs sees it', async () => {
    const bomb = await pdfContentBomb(1024);
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    const e = await refusal(readDisclosure(bomb, 'bomb.pdf', []));
    expect(e.limit).toBe('pdfContentBytes');
    expect(e.message).toMatch(/^bomb\.pdf：PDF 中一个内容流.*解压后超过 20 MB（内容流大小上限），疑似压缩炸弹/);
  });

  it('refuses an image whose decoded size is over the limit', () => {
    expect(() => prescanPdf(pdfImageBomb(100_000, 100_000), 'img.pdf')).toThrow(
      /^img\.pdf：PDF 中一幅 100000×100000 的图像解码后约 .* MB，超过图像大小上限 50 MB/,
    );
  });

  it('refuses more pages than the limit, reading none of them', async () => {
    const many = pdfWith({ content: Buffer.from('BT ET', 'latin1'), pages: 1_001 });
    const e = await refusal(readDisclosure(many, 'pages.pdf', []));
    expect(e.message).toBe('pages.pdf：PDF 共 1001 页，超过页数上限 1000 页，拒绝读取');
  });

  it('a PDF inside the limits still reads (the worker returns its pages)', async () => {
    const pdf = readFileSync(join(ROOT, 'tests/corpus/shanghai/pdf/2025_budget_sh_czj_unit.pdf'));
    const r = await readDisclosure(pdf, 'ok.pdf', []).catch((e: Error) => e);
    // no template set given: the reader finds tables but matches none — what matters is that it read
    expect(r).not.toBeInstanceOf(LimitError);
  });
});

describe('text, file size and source limits', () => {
  it('refuses a 50 MB one-line text by its line length', async () => {
    const e = await refusal(readDisclosure(Buffer.alloc(50 * 1024 * 1024, 0x41), 'line.txt', []));
    expect(e.message).toBe('line.txt：第 1 行超过 20000 个字符（单行长度上限），拒绝读取');
  });

  it('refuses a file over the size limit from its size alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-big-'));
    const f = join(dir, 'huge.txt');
    writeFileSync(f, '');
    truncateSync(f, 65 * 1024 * 1024);
    const e = await refusal(readDisclosureFile(f, []));
    expect(e.message).toBe('huge.txt：文件大小 65 MB 超过上限 64 MB，拒绝读取');
    const json = join(dir, 'source.json');
    writeFileSync(json, '');
    truncateSync(json, 65 * 1024 * 1024);
    await refusal(loadSourceFile(json));
  });

  it('refuses a 40,000-character unit name and too many line items in source.json, located', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-src-'));
    const src = JSON.parse(readFileSync(EX, 'utf8'));
    src.units[0].name = '单'.repeat(40_000);
    writeFileSync(join(dir, 'long.json'), JSON.stringify(src));
    const long = await loadSourceFile(join(dir, 'long.json'));
    expect(long.data).toBeUndefined();
    expect(long.issues).toContainEqual(
      expect.objectContaining({ path: ['units', 0, 'name'], message: '文字长度 40000 个字符，超过上限 10000 个字符' }),
    );
    const many = JSON.parse(readFileSync(EX, 'utf8'));
    many.lines = Array.from({ length: 100_001 }, () => many.lines[0]);
    writeFileSync(join(dir, 'many.json'), JSON.stringify(many));
    const r = await loadSourceFile(join(dir, 'many.json'));
    expect(r.issues).toContainEqual(
      expect.objectContaining({ path: ['lines'], message: '共 100001 项，超过上限 100000 项，拒绝读取' }),
    );
  });

  it('the CLI reports a limit with exit code 2 and a Chinese message naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cli-bomb-'));
    writeFileSync(join(dir, 'bomb.xlsx'), await xlsxBomb(400));
    const p = cli('parse', join(dir, 'bomb.xlsx'));
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/^错误：bomb\.xlsx：压缩包内的 xl\/worksheets\/sheet1\.xml 解压后 400 MB/);
    const c = cli('check', join(dir, 'bomb.xlsx'));
    expect(c.code).toBe(2);
    expect(c.err).toContain('bomb.xlsx：');
    const v = cli('validate', join(dir, 'bomb.xlsx'));
    expect(v.code).toBe(2);
    expect(v.err).toContain('超过单个部件上限');
  });
});
