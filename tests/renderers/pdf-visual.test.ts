/**
 * Visual checks of the print PDF of the renderer fixture: pages rendered with pdftoppm (30 dpi,
 * grey) match the reviewed reference images in pdf-reference/ within a pixel tolerance, and every
 * word poppler finds on every page lies inside the page's margins (nothing runs off or is clipped
 * at the edge). Skipped without poppler unless MINGZHANG_REQUIRE_ALL is set.
 *
 * To renew a reference after an intended change of layout: render the fixture, look at the pages,
 * and copy them (pdftoppm -r 30 -gray -png -f N -l N) over the files.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/renderers/pdf/index.ts';
import { REQUIRE_ALL as requireAll } from '../support/soffice.ts';
import { buildFixturePackage } from './fixture.ts';

const run = promisify(execFile);
const REF = join(import.meta.dirname, 'pdf-reference');
const PAGES = [1, 3, 5];

function which(cmd: string): boolean {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const poppler = which('pdftoppm') && which('pdftotext');

/** An 8-bit PNG without palette (as pdftoppm writes) → width, height, grey level of each pixel. */
export function decodePng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  let pos = 8;
  let width = 0;
  let height = 0;
  let bpp = 1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const channels: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
      if (data[8] !== 8 || channels[data[9] as number] === undefined) throw new Error('unsupported PNG');
      bpp = channels[data[9] as number] as number;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i] as number;
      const a = i >= bpp ? (out[y * stride + i - bpp] as number) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + i] as number) : 0;
      const c = i >= bpp && y > 0 ? (out[(y - 1) * stride + i - bpp] as number) : 0;
      let r = v;
      if (filter === 1) r = v + a;
      else if (filter === 2) r = v + b;
      else if (filter === 3) r = v + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        r = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      out[y * stride + i] = r & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let k = 0; k < width * height; k++) {
    const base = k * bpp;
    const ch = bpp >= 3 ? 3 : 1;
    let sum = 0;
    for (let j = 0; j < ch; j++) sum += out[base + j] as number;
    pixels[k] = Math.round(sum / ch);
  }
  return { width, height, pixels };
}

describe.skipIf(!poppler && !requireAll)('print PDF, as rendered', () => {
  let dir = '';
  let pdf = '';
  beforeAll(async () => {
    if (!poppler)
      throw new Error('未找到 poppler-utils（pdftoppm、pdftotext）：MINGZHANG_REQUIRE_ALL 已设置，本测试不能跳过');
    dir = await mkdtemp(join(tmpdir(), 'mz-visual-'));
    pdf = join(dir, 'fixture.pdf');
    await writeFile(pdf, await renderPdf(buildFixturePackage()));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const n of PAGES) {
    it(`page ${n} matches its reviewed reference image`, async () => {
      await run('pdftoppm', ['-r', '30', '-gray', '-png', '-f', String(n), '-l', String(n), pdf, join(dir, 'p')]);
      const got = decodePng(await readFile(join(dir, `p-${n}.png`)));
      const ref = decodePng(await readFile(join(REF, `fixture-p${n}.png`)));
      expect([got.width, got.height]).toEqual([ref.width, ref.height]);
      let far = 0;
      let sum = 0;
      for (let i = 0; i < ref.pixels.length; i++) {
        const d = Math.abs((got.pixels[i] as number) - (ref.pixels[i] as number));
        sum += d;
        if (d > 64) far++;
      }
      // anti-aliasing may shift a little; a moved line, a missing cell or text is far more
      expect(far / ref.pixels.length, 'share of pixels far off').toBeLessThan(0.002);
      expect(sum / ref.pixels.length, 'mean difference').toBeLessThan(1.5);
    });
  }

  it('puts every word of every page inside the page margins', async () => {
    const { stdout } = await run('pdftotext', ['-bbox', pdf, '-']);
    const pages = [...stdout.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
    expect(pages.length).toBe(6);
    let words = 0;
    for (const [, w, h, body] of pages) {
      for (const m of (body as string).matchAll(
        /xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g,
      )) {
        words++;
        const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
        const where = `“${m[5]}” at ${x0},${y0}`;
        expect(x0, where).toBeGreaterThanOrEqual(20);
        expect(y0, where).toBeGreaterThanOrEqual(20);
        expect(x1, where).toBeLessThanOrEqual(Number(w) - 20);
        expect(y1, where).toBeLessThanOrEqual(Number(h) - 10);
      }
    }
    expect(words).toBeGreaterThan(100);
  });
});
