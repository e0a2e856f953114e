/**
 * The XLSX of the packages generated from the bundled examples, read back with ExcelJS, shows
 * exactly the amounts of the `cells` output, table by table (no amount missing, none extra, none
 * different), and LibreOffice opens it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCells, renderCells } from '../../src/renderers/cells.ts';
import { renderXlsx } from '../../src/renderers/xlsx.ts';
import { generateExample } from '../generate/seed-fixture.ts';
import { SOFFICE as bin, REQUIRE_ALL as requireAll } from '../support/soffice.ts';

const examples = ['hetang-zfb-2024-budget', 'demo-two-units-2024-budget'];

describe('generated workbooks read back', () => {
  for (const name of examples) {
    it(`${name}: every sheet holds exactly the amounts of the cells output`, async () => {
      const pkg = generateExample(name);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await renderXlsx(pkg)) as unknown as ArrayBuffer);
      const records = parseCells(renderCells(pkg));
      // 目录, 说明, then one sheet per table
      expect(wb.worksheets.length).toBe(pkg.tables.length + 2);
      expect(wb.worksheets[1]?.name).toBe('说明');
      pkg.tables.forEach((table, i) => {
        const ws = wb.worksheets[i + 2] as ExcelJS.Worksheet;
        const inSheet: string[] = [];
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            // merged slave cells echo their master's value when read back; count each value once
            if (typeof cell.value === 'number' && (!cell.isMerged || cell.master === cell))
              inSheet.push(cell.value.toFixed(2));
          }),
        );
        const expected = records.filter((r) => r.table === table.title).map((r) => r.value);
        expect(inSheet.sort(), `${table.number} ${table.title}`).toEqual(expected.sort());
      });
    });
  }
});

describe('the 说明 and 目录 sheets', () => {
  it('the 说明 sheet holds every paragraph in order, the 目录 every full title linking to its sheet', async () => {
    const pkg = generateExample('hetang-zfb-2024-budget');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(pkg)) as unknown as ArrayBuffer);
    const narrative = wb.getWorksheet('说明') as ExcelJS.Worksheet;
    const texts: string[] = [];
    narrative.eachRow((row) => texts.push(row.getCell(1).text));
    const expected = (pkg.sections ?? []).flatMap((s) =>
      s.text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    expect(texts.filter((t) => expected.includes(t))).toEqual(expected);
    expect(narrative.pageSetup.orientation).toBe('portrait');
    const toc = wb.getWorksheet('目录') as ExcelJS.Worksheet;
    const links: string[] = [];
    toc.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { formula?: string } | null;
        if (v && typeof v === 'object' && v.formula?.startsWith('HYPERLINK')) links.push(v.formula);
      }),
    );
    expect(links.length).toBe(pkg.tables.length);
    const long = pkg.tables.find((t) => t.title.length > 31) as (typeof pkg.tables)[number];
    expect(links.some((f) => f.includes(`"${long.title}"`))).toBe(true);
    for (const f of links) {
      const sheet = /#'([^']+)'!A1/.exec(f)?.[1] as string;
      expect(wb.getWorksheet(sheet), sheet).toBeDefined();
    }
  });
});

describe('LibreOffice opens the generated seed-000 workbook', () => {
  it.skipIf(bin === null && !requireAll)(
    'converts it to a PDF with a page for every table',
    async () => {
      if (bin === null) throw new Error('未找到 LibreOffice（soffice）：MINGZHANG_REQUIRE_ALL 已设置，本测试不能跳过');
      const dir = await mkdtemp(join(tmpdir(), 'mz-lo-'));
      const profile = join(tmpdir(), `lo-profile-${randomBytes(6).toString('hex')}`);
      try {
        const pkg = generateExample('hetang-zfb-2024-budget');
        const xlsx = join(dir, 'seed000.xlsx');
        await writeFile(xlsx, await renderXlsx(pkg));
        await promisify(execFile)(
          bin,
          ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', dir, xlsx],
          {
            timeout: 170_000,
          },
        );
        const bytes = await readFile(join(dir, 'seed000.pdf'));
        expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const pages = bytes.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
        expect(pages).toBeGreaterThanOrEqual(pkg.tables.length + 1);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await rm(profile, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
