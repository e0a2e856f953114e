/**
 * Exact numbers and encodings at the edges: JSON numbers JSON.parse would change are refused,
 * amounts parse strictly, a source not in UTF-8 is named, `--format` lists are validated, and the
 * exit codes keep their documented meaning.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFormats } from '../../src/cli/generate-run.ts';
import { parseAmount } from '../../src/core/money/amount.ts';
import { detectEncoding } from '../../src/io/input-file.ts';
import { loadSourceBytes } from '../../src/io/source-files.ts';
import { inexactNumbers, isExactJsonNumber } from '../../src/io/source-limits.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const EX = join(ROOT, 'examples/hetang-zfb-2024-budget/source.json');
const BIN = join(ROOT, 'bin/mingzhang.js');
const text = readFileSync(EX, 'utf8');

describe('exact JSON numbers', () => {
  it('knows which literals JSON.parse keeps', () => {
    expect(isExactJsonNumber('9007199254740991')).toBe(true);
    expect(isExactJsonNumber('9007199254740993')).toBe(false);
    expect(isExactJsonNumber('-9007199254740993')).toBe(false);
    expect(isExactJsonNumber('559.57')).toBe(true);
    expect(isExactJsonNumber('1234567890123.4567')).toBe(false);
    expect(isExactJsonNumber('1e400')).toBe(false);
    expect(inexactNumbers('{"a":[1,{"b":9007199254740993}],"s":"9007199254740993"}')).toEqual([
      { path: ['a', 1, 'b'], token: '9007199254740993' },
    ]);
  });

  it('a source amount of 2^53 + 1 as a JSON number is refused at its path; as a string it is exact', async () => {
    const bad = text.replace('"amount": "881100"', '"amount": 9007199254740993');
    expect(bad).not.toBe(text);
    const r = await loadSourceBytes('s.json', Buffer.from(bad));
    expect(r.data).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ severity: 'error', path: ['lines', 0, 'amount'] });
    expect(r.issues[0]?.message).toContain('超出 JSON 数字可精确表示的范围');
    const ok = await loadSourceBytes(
      's.json',
      Buffer.from(text.replace('"amount": "881100"', '"amount": "9007199254740993"')),
    );
    // written as a string it is read exactly (the totals no longer balance, but no precision is lost)
    expect(ok.issues.some((i) => i.message.includes('可精确表示'))).toBe(false);
  });
});

describe('strict amounts', () => {
  it('refuses misplaced thousands separators and (in source data) spaces between digits', () => {
    expect(parseAmount('1,2,3', '元')).toMatchObject({ kind: 'error' });
    expect(parseAmount('1,23', '元')).toMatchObject({ kind: 'error' });
    expect(parseAmount('12 34', '元', { strict: true })).toMatchObject({ kind: 'error' });
    expect(parseAmount('1,234.50', '元', { strict: true })).toMatchObject({ kind: 'value', fen: 123450n });
    expect(parseAmount('9，501，164', '元', { strict: true })).toMatchObject({ kind: 'value', fen: 950116400n });
  });

  it('source data with "1,2,3" or "12 34" is a located error', async () => {
    for (const v of ['1,2,3', '12 34']) {
      const r = await loadSourceBytes('s.json', Buffer.from(text.replace('"amount": "881100"', `"amount": "${v}"`)));
      expect(r.data).toBeUndefined();
      expect(r.issues).toContainEqual(expect.objectContaining({ path: ['lines', 0, 'amount'] }));
    }
  });
});

describe('encodings', () => {
  it('names GB18030 and UTF-16 sources', async () => {
    const gb = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x7b, 0x7d]); // "中文{}" in GB18030
    expect(detectEncoding(gb)).toBe('GB18030');
    const r = await loadSourceBytes('s.json', gb);
    expect(r.issues[0]?.message).toBe('文件编码为 GB18030，请另存为 UTF-8');
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(0, 200), 'utf16le')]);
    expect((await loadSourceBytes('s.json', u16)).issues[0]?.message).toBe('文件编码为 UTF-16，请另存为 UTF-8');
    const u16nobom = Buffer.from('{"kind":"预算"}', 'utf16le');
    expect((await loadSourceBytes('s.json', u16nobom)).issues[0]?.message).toBe('文件编码为 UTF-16，请另存为 UTF-8');
  });
});

describe('--format and exit codes', () => {
  it('refuses empty, unknown and repeated formats', () => {
    expect(() => parseFormats('')).toThrow('--format 中有空的格式');
    expect(() => parseFormats('json,')).toThrow('--format 中有空的格式');
    expect(() => parseFormats('json,json')).toThrow('输出格式“json”重复');
    expect(() => parseFormats('pdfx')).toThrow('未知的输出格式“pdfx”');
    expect(parseFormats('xlsx, json')).toEqual(['xlsx', 'json']);
  });

  it('generate --format "" exits 2 writing nothing; check on a document without tables exits 1, on a missing file 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-exit-'));
    const run = (...a: string[]) =>
      spawnSync(process.execPath, [BIN, ...a], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const g = run('generate', EX, '--out', join(dir, 'out'), '--format', '');
    expect(g.status).toBe(2);
    expect(g.stderr).toContain('--format 中有空的格式');
    writeFileSync(join(dir, 'notes.txt'), '会议纪要\n今天天气很好。\n');
    const c = run('check', join(dir, 'notes.txt'));
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('notes.txt：第 1 页第 1 行：');
    expect(run('check', join(dir, 'missing.txt')).status).toBe(2);
  });
});
