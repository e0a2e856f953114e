/**
 * Every library error we have met, produced by the library itself, and the Chinese message it
 * becomes (file named; JSON by line and column); and the CLI end to end for each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonErrorPlace, jsonSyntaxMessage } from '../../src/core/json-errors.ts';
import { commanderMessage, fileErrorMessage } from '../../src/io/library-errors.ts';
import { loadSourceFile } from '../../src/io/source-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'mz-liberr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BIN = join(ROOT, 'bin/mingzhang.js');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};
const caught = async (f: () => unknown): Promise<unknown> => {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error('expected the library to throw');
};

describe('library errors → Chinese messages', () => {
  it('ExcelJS/JSZip on bytes that are not a zip ("Corrupted zip" / "end of central directory")', async () => {
    const file = join(dir, 'broken.xlsx');
    writeFileSync(file, 'not a zip at all');
    const e = await caught(() => new ExcelJS.Workbook().xlsx.readFile(file));
    expect(String(e)).toMatch(/zip/i);
    expect(fileErrorMessage(e, file)).toBe(
      '文件“broken.xlsx”不是有效的 XLSX 工作簿（文件已损坏，或不是 Excel 文件；请在 Excel/WPS 中另存为 .xlsx 后重试）',
    );
    // a truncated real workbook
    const good = readFileSync(join(ROOT, 'examples/hetang-zfb-2024-budget/source.xlsx'));
    writeFileSync(file, good.subarray(0, 2000));
    const e2 = await caught(() => new ExcelJS.Workbook().xlsx.readFile(file));
    expect(fileErrorMessage(e2, file)).toMatch(/^文件“broken.xlsx”不是有效的 XLSX 工作簿/);
  });

  it('ExcelJS on a missing file ("File not found") and fs (ENOENT)', async () => {
    const missing = join(dir, 'nope.xlsx');
    const e = await caught(() => new ExcelJS.Workbook().xlsx.readFile(missing));
    expect(String(e)).toContain('File not found');
    expect(fileErrorMessage(e, missing)).toBe('找不到文件“nope.xlsx”，请检查路径和文件名');
    const e2 = await caught(() => readFileSync(join(dir, 'nope.json')));
    expect((e2 as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(fileErrorMessage(e2, 'nope.json')).toBe('找不到文件“nope.json”，请检查路径和文件名');
    const e3 = await caught(() => readFileSync(dir));
    expect(fileErrorMessage(e3, dir)).toMatch(/是一个文件夹，不是文件$/);
  });

  it('JSON.parse ("Unexpected token", "Unexpected end of JSON input") → line and column', () => {
    const text = '{\n  "a": 1,\n  "b": \n}\n';
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPlace(text)).toEqual({ line: 4, column: 1, found: '“}”' });
    expect(jsonSyntaxMessage(text)).toBe('JSON 语法错误：第 4 行第 1 列（遇到“}”）');
    expect(jsonSyntaxMessage('{"a":')).toBe(
      'JSON 语法错误：第 1 行第 6 列（遇到文件结尾），文件不完整（缺少右括号或引号？）',
    );
    expect(jsonErrorPlace('{"a": [1, 2,]}')).toMatchObject({ line: 1, column: 13 });
    expect(jsonErrorPlace('{"a": "x\\q"}')).toMatchObject({ column: 10 });
    expect(jsonErrorPlace('{"a": 1} x')).toMatchObject({ column: 10 });
    for (const ok of ['{}', '[1, -2.5e3, "\\u00e9", true, false, null]', ' {"a": {"b": []}} ']) {
      expect(jsonErrorPlace(ok), ok).toBeUndefined();
    }
  });

  it("commander's English", () => {
    expect(commanderMessage("error: required option '-o, --out <目录>' not specified")).toBe(
      '错误：缺少必需的选项 -o, --out <目录>\n',
    );
    expect(commanderMessage("error: missing required argument '文件'")).toBe('错误：缺少参数“文件”\n');
    expect(commanderMessage("error: unknown option '--strikt'\n(Did you mean --strict?)")).toBe(
      '错误：未知的选项 --strikt（是否应为 --strict？）\n',
    );
    expect(commanderMessage("error: unknown command 'frob'")).toBe('错误：未知的命令 frob\n');
    expect(commanderMessage("error: option '-f, --format <格式>' argument missing")).toBe(
      '错误：选项 -f, --format <格式> 需要一个值\n',
    );
  });
});

describe('the CLI, end to end', () => {
  it('names the file and says what is wrong, in Chinese, for each', async () => {
    writeFileSync(join(dir, 'bad.json'), '{\n  "a": 1,\n  "b": \n}\n');
    writeFileSync(join(dir, 'bad.xlsx'), 'not a zip');
    writeFileSync(join(dir, 'report.docx'), 'PK\u0003\u0004 word');
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1');
    await empty.xlsx.writeFile(join(dir, 'empty.xlsx'));
    const cases: Array<[string[], string]> = [
      [['validate', 'bad.json'], '[错误] bad.json，第 4 行，1 列：JSON 语法错误：第 4 行第 1 列（遇到“}”）'],
      [['validate', 'bad.xlsx'], '[错误] bad.xlsx：文件“bad.xlsx”不是有效的 XLSX 工作簿'],
      // a file that cannot be read is exit code 2 (the tool could not do its work), named in Chinese
      [['validate', 'missing.json'], '错误：找不到文件“missing.json”'],
      [['validate', 'missing.xlsx'], '错误：找不到文件“missing.xlsx”'],
      [['generate', 'bad.json'], '错误：缺少必需的选项 -o, --out <目录>'],
      [['validate'], '错误：缺少参数“文件”'],
      [['check', 'empty.xlsx'], 'empty.xlsx'],
      [['check', 'report.docx'], '不支持的文件类型“.docx”（Word 文档）'],
      [['parse', 'report.docx'], '不支持的文件类型“.docx”（Word 文档）'],
    ];
    for (const [args, expected] of cases) {
      const r = run(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.out, args.join(' ')).toContain(expected);
      expect(r.out, args.join(' ')).not.toMatch(/Corrupted zip|File not found|ENOENT|Unexpected|not specified|乱码/);
    }
  });

  it('loadSourceFile locates a JSON syntax error by line and column', async () => {
    const f = join(dir, 'syntax.json');
    writeFileSync(f, '{\n  "schemaVersion": 1,,\n}');
    const r = await loadSourceFile(f);
    expect(r.issues).toEqual([
      {
        severity: 'error',
        message: 'JSON 语法错误：第 2 行第 22 列（遇到“,”）',
        path: [],
        location: { file: 'syntax.json', row: 2, column: '22' },
      },
    ]);
  });
});
