import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../src/server/errors.ts';
import {
  DEFAULT_UPLOAD_LIMITS,
  expandZip,
  guardFile,
  isTraversal,
  safeFileName,
  type UploadLimits,
} from '../../src/server/upload-guard.ts';
import { xlsxWith, zip } from './zip.ts';

const small: UploadLimits = {
  ...DEFAULT_UPLOAD_LIMITS,
  maxUncompressedBytes: 8 * 1024 * 1024,
  maxEntryBytes: 4 * 1024 * 1024,
};

async function refusal(p: Promise<unknown>): Promise<ProblemError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('upload guard', () => {
  it('tells the type from the content, not the name', async () => {
    expect((await guardFile('data.xlsx', Buffer.from('{"a":1}'), small)).kind).toBe('json');
    expect((await guardFile('table.json', xlsxWith([]), small)).kind).toBe('xlsx');
    expect((await guardFile('x.txt', zip([{ name: 'a.json', data: Buffer.from('{}') }]), small)).kind).toBe('zip');
    expect((await guardFile('doc', Buffer.from('%PDF-1.7\n...'), small)).kind).toBe('pdf');
    const bin = await refusal(guardFile('a.json', Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x13]), small));
    expect(bin).toMatchObject({ status: 415, code: 'unsupported_type' });
    expect(bin.detail).toContain('a.json');
  });

  it('refuses a file over the size limit', async () => {
    const e = await refusal(guardFile('big.json', Buffer.alloc(2048, 0x20), { ...small, maxFileBytes: 1024 }));
    expect(e).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('refuses an XLSX ZIP bomb fast, by its declared size', async () => {
    // 1 MB of zeros that says it inflates to 3.9 GB, as real bombs (nested or overlapping) do
    const bomb = xlsxWith([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024 * 1024, 0x30), declaredSize: 0xf0000000 },
    ]);
    expect(bomb.length).toBeLessThan(10_000);
    const t = Date.now();
    const e = await refusal(guardFile('预算.xlsx', bomb, DEFAULT_UPLOAD_LIMITS));
    expect(Date.now() - t).toBeLessThan(1500);
    expect(e).toMatchObject({ status: 413, code: 'zip_bomb' });
    expect(e.detail).toMatch(/预算\.xlsx.*sheet1\.xml.*压缩炸弹/);
  });

  it('refuses a real deflate bomb over the limits', async () => {
    const bomb = xlsxWith([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(16 * 1024 * 1024, 0x30) }]);
    expect(bomb.length).toBeLessThan(100_000);
    const e = await refusal(guardFile('bomb.xlsx', bomb, small));
    expect(e).toMatchObject({ status: 413, code: 'zip_bomb' });
  });

  it('catches a bomb whose headers lie about its size while inflating', async () => {
    const liar = xlsxWith([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(12 * 1024 * 1024, 0x30), declaredSize: 1000 },
    ]);
    const e = await refusal(guardFile('liar.xlsx', liar, small));
    expect(e.status).toBeGreaterThanOrEqual(413);
    expect(e.detail).toContain('liar.xlsx');
  });

  it('refuses too many entries and the sum of many small ones', async () => {
    const many = zip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.json`, data: Buffer.from('{}') })));
    expect(await refusal(guardFile('many.zip', many, { ...small, maxZipEntries: 10 }))).toMatchObject({
      code: 'zip_bomb',
    });
    const sum = zip(
      Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.json`, data: Buffer.alloc(3 * 1024 * 1024, 0x20) })),
    );
    expect(await refusal(guardFile('sum.zip', sum, small))).toMatchObject({ code: 'zip_bomb' });
  });

  it('path traversal in entry names is refused; file names never carry a path', async () => {
    for (const bad of ['../evil.json', 'a/../../evil.json', '/etc/passwd', 'C:\\x.json', '..\\..\\x.json']) {
      expect(isTraversal(bad), bad).toBe(true);
      const e = await refusal(guardFile('t.zip', zip([{ name: bad, data: Buffer.from('{}') }]), small));
      expect(e).toMatchObject({ status: 422, code: 'unsafe_path' });
    }
    expect(isTraversal('dir/a..b.json')).toBe(false);
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\windows\\win.ini')).toBe('win.ini');
    expect(safeFileName('<script>.json')).toBe('script.json');
    expect(safeFileName('...')).toBe('upload');
  });

  it('expands a ZIP of many into guarded members, refusing nested ZIPs', async () => {
    const inner = zip([{ name: 'x.json', data: Buffer.from('{}') }]);
    const outer = zip([
      { name: 'a/单位一.json', data: Buffer.from('{"a":1}') },
      { name: '__MACOSX/._junk', data: Buffer.from('x') },
      { name: 'b.xlsx', data: xlsxWith([]) },
    ]);
    const files = await expandZip(await guardFile('批量.zip', outer, small), small);
    expect(files.map((f) => [f.name, f.kind])).toEqual([
      ['批量.zip/单位一.json', 'json'],
      ['批量.zip/b.xlsx', 'xlsx'],
    ]);
    const nested = zip([{ name: 'inner.zip', data: inner }]);
    expect(await refusal(expandZip(await guardFile('n.zip', nested, small), small))).toMatchObject({
      code: 'nested_zip',
    });
  });
});
