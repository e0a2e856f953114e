/**
 * The workbook must convert to PDF with LibreOffice (what many finance offices print with).
 * Without `soffice` the test is skipped, unless MINGZHANG_REQUIRE_ALL is set (CI), where the
 * missing tool is a failure.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderXlsx } from '../../src/renderers/xlsx.ts';
import { REQUIRE_ALL as requireAll, SOFFICE as soffice } from '../support/soffice.ts';
import { buildFixturePackage } from './fixture.ts';

const run = promisify(execFile);

describe('xlsx → pdf (LibreOffice)', () => {
  it.skipIf(soffice === null && !requireAll)(
    'converts the workbook to a non-empty PDF',
    async () => {
      if (soffice === null) {
        throw new Error('未找到 LibreOffice（soffice）：MINGZHANG_REQUIRE_ALL 已设置，本测试不能跳过');
      }
      const dir = await mkdtemp(join(tmpdir(), 'mingzhang-pdf-'));
      const profile = join(tmpdir(), `lo-profile-${randomBytes(6).toString('hex')}`);
      try {
        const pkg = buildFixturePackage();
        const xlsx = join(dir, 'package.xlsx');
        await writeFile(xlsx, await renderXlsx(pkg));
        await run(
          soffice,
          ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', dir, xlsx],
          { timeout: 170_000 },
        );
        const pdf = join(dir, 'package.pdf');
        expect((await stat(pdf)).size).toBeGreaterThan(1000);
        const bytes = await readFile(pdf);
        expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        // at least one page for the 目录 and one per table
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
