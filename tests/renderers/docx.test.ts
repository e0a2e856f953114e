/**
 * The Word document: read back by unzipping its XML, it holds every 说明 sentence and every table
 * cell, real merged header cells and East Asian font attributes; LibreOffice converts it to PDF.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { renderDocx } from '../../src/renderers/docx/index.ts';
import { generateExample } from '../generate/seed-fixture.ts';
import { REQUIRE_ALL as requireAll, SOFFICE as soffice } from '../support/soffice.ts';

function entry(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      file.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return file.readEntry();
        file.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      file.on('end', () => reject(new Error(`${name} not in the archive`)));
      file.readEntry();
    });
  });
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Text of each paragraph (runs joined, breaks as newlines). */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
      .map((t) => (t[1] === undefined ? '\n' : unescapeXml(t[1])))
      .join(''),
  );
}

describe('Word document', () => {
  for (const name of ['hetang-zfb-2024-budget', 'hetang-zfb-2023-final']) {
    it(`${name}: holds every 说明 sentence and every table cell`, async () => {
      const pkg = generateExample(name);
      const xml = await entry(await renderDocx(pkg), 'word/document.xml');
      const paras = new Set(paragraphs(xml));
      const text = paragraphs(xml).join('\n');
      for (const s of pkg.sections ?? []) {
        for (const line of s.text
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)) {
          expect(paras.has(line), line).toBe(true);
        }
      }
      const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
      expect(tables.length).toBe(pkg.tables.length);
      pkg.tables.forEach((t, i) => {
        const cells = new Set(
          [...(tables[i] as string).matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => paragraphs(m[0]).join('\n')),
        );
        for (const row of t.rows)
          for (const cell of row.texts) if (cell !== '') expect(cells.has(cell), `${t.title}: ${cell}`).toBe(true);
        for (const h of t.headerRows.flat()) expect(cells.has(h.text), `${t.title}: ${h.text}`).toBe(true);
      });
      expect(text).toContain(pkg.unit.name);
      // merged header cells and repeated header rows are Word's own
      expect(xml).toMatch(/<w:gridSpan w:val="\d+"\/>/);
      expect(xml).toMatch(/<w:vMerge w:val="restart"\/>/);
      expect(xml).toContain('<w:tblHeader/>');
      expect(xml).toMatch(/w:eastAsia="宋体"/);
      expect(xml).toMatch(/w:eastAsia="仿宋"/);
      expect(xml).toMatch(/<w:pgSz[^>]*w:orient="landscape"/);
    });
  }

  it.skipIf(soffice === null && !requireAll)(
    'LibreOffice converts it to PDF',
    async () => {
      if (soffice === null)
        throw new Error('未找到 LibreOffice（soffice）：MINGZHANG_REQUIRE_ALL 已设置，本测试不能跳过');
      const dir = await mkdtemp(join(tmpdir(), 'mz-docx-'));
      const profile = join(tmpdir(), `lo-profile-${randomBytes(6).toString('hex')}`);
      try {
        const pkg = generateExample('hetang-zfb-2024-budget');
        const file = join(dir, 'package.docx');
        await writeFile(file, await renderDocx(pkg));
        await promisify(execFile)(
          soffice,
          ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', dir, file],
          { timeout: 170_000 },
        );
        const pdf = await readFile(join(dir, 'package.pdf'));
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
        expect(pages).toBeGreaterThanOrEqual(pkg.tables.length + 1);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await rm(profile, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
