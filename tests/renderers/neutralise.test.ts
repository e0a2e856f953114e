/**
 * Output is inert: CSV-injection payloads placed in every text field of a source come out of
 * cells.csv prefixed (never starting with = + - @ tab CR), amounts stay plain numbers, and the
 * round trip through parseCells gives the text back; control characters in names are refused at
 * input and never reach the terminal raw.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../src/app/build.ts';
import { printable } from '../../src/cli/terminal.ts';
import { loadSourceFile } from '../../src/io/source-files.ts';
import { neutraliseField, parseCells, parseCsv, renderCells, restoreField } from '../../src/renderers/cells.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const EX = join(ROOT, 'examples/hetang-zfb-2024-budget/source.json');
const BIN = join(ROOT, 'bin/mingzhang.js');
const PAYLOADS = ['=HYPERLINK("http://x","点")', '+1+cmd|/C calc!A0', '-2+3', '@SUM(1,2)', "'=1+1", "''-x"];

describe('cells.csv formula neutralisation', () => {
  it('neutraliseField and restoreField are inverse and prefix every trigger', () => {
    for (const p of [...PAYLOADS, '\t=1', '\r=1', '正常名称', "'普通", '']) {
      const n = neutraliseField(p);
      expect(n).not.toMatch(/^[=+\-@\t\r]/);
      expect(restoreField(n)).toBe(p);
    }
  });

  it('payloads in project, unit, department and line names come out inert; values stay numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-inj-'));
    const src = JSON.parse(readFileSync(EX, 'utf8'));
    src.department.name = PAYLOADS[0];
    src.units[0].name = PAYLOADS[1];
    src.projects.forEach((p: { name: string }, i: number) => {
      p.name = `${PAYLOADS[i % PAYLOADS.length]}${i}`;
    });
    for (const l of src.lines) l.funcName = undefined;
    const f = join(dir, 'source.json');
    writeFileSync(f, JSON.stringify(src));
    const loaded = await loadSourceFile(f);
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const { pkg } = buildPackage(loaded.data as NonNullable<typeof loaded.data>, loaded.catalogs);
    const csv = renderCells(pkg);
    const records = parseCsv(csv).slice(1);
    for (const [table, row, column, value] of records as string[][]) {
      for (const field of [table, row, column]) expect(field).not.toMatch(/^[=+\-@\t\r]/);
      expect(value).toMatch(/^-?\d+(\.\d+)?$/);
    }
    // the payloads did reach the file (inside project row keys)
    expect(csv).toContain('=HYPERLINK');
  });

  it('a package whose row and column texts start with payloads (as read from a document) is neutralised and round-trips', async () => {
    const loaded = await loadSourceFile(EX);
    const { pkg } = buildPackage(loaded.data as NonNullable<typeof loaded.data>, loaded.catalogs);
    const hostile = {
      ...pkg,
      tables: pkg.tables.map((t, ti) => ({
        ...t,
        title: ti === 0 ? '@表' : t.title,
        cells: t.cells.map((c, ci) => ({
          ...c,
          row: `${PAYLOADS[ci % PAYLOADS.length]}${c.row}`,
          column: ci % 2 ? `\t${c.column}` : c.column,
        })),
      })),
    };
    const csv = renderCells(hostile);
    const records = parseCsv(csv).slice(1);
    expect(records.length).toBeGreaterThan(100);
    for (const [table, row, column, value] of records as string[][]) {
      for (const field of [table, row, column]) expect(field).not.toMatch(/^[=+\-@\t\r]/);
      expect(row).toMatch(/^'/);
      expect(value).toMatch(/^-?\d+(\.\d+)?$/);
    }
    const back = parseCells(csv);
    const expected = hostile.tables.flatMap((t) =>
      t.cells
        .filter((c) => c.value !== null && c.text.trim() !== '')
        .map((c) => ({ table: t.title, row: c.row, column: c.column })),
    );
    expect(back.map(({ table, row, column }) => ({ table, row, column }))).toEqual(expected);
  });
});

describe('control characters', () => {
  it('printable escapes C0, C1 and bidi controls but keeps newline and tab', () => {
    expect(printable('a\u001b[31mb\u0007c\rd\u009be\u202ef\n\tg')).toBe(
      'a\\u001b[31mb\\u0007c\\u000dd\\u009be\\u202ef\n\tg',
    );
  });

  it('a name with ESC, BEL or CR is refused at input, and nothing raw reaches the terminal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-ctl-'));
    const src = JSON.parse(readFileSync(EX, 'utf8'));
    src.units[0].name = '单位\u001b[2K\r[错误] 伪造的一行\u0007';
    const f = join(dir, 'ctl.json');
    writeFileSync(f, JSON.stringify(src));
    const r = spawnSync(process.execPath, [BIN, 'validate', f], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[错误] ctl.json，units[0].name：含有控制字符 U+001B，请删除后重试');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
