/**
 * Text items of a PDF with their positions, through pdfjs-dist (legacy build, for Node 20), run
 * in a worker thread (worker.mjs) after the bounds check (prescan.ts): the worker has its own heap
 * limit and a time limit, and its memory is released when it ends, so reading a PDF costs memory
 * in proportion to the PDF.
 *
 * Every item is placed in page coordinates with the y axis pointing down (the viewport transform
 * applied, so rotated pages read upright): `x` is the left edge of the item, `y` its baseline,
 * `width` its advance, `size` its font size, all in points. Items of whitespace only and items not
 * written left to right (vertical text, rotated stamps) are dropped. The text is kept as extracted;
 * layout.ts cleans it.
 *
 * pdfjs is imported only inside the worker, so the text reader does not load it. It needs its optional
 * dependency @napi-rs/canvas on Node (without it even text extraction fails: "DOMMatrix is not
 * defined"). Character maps (predefined CJK CMaps of non-embedded fonts) and the standard fonts
 * are read from the package's own folders.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS, LimitError, type Limits } from '../../io/limits.ts';
import { prescanPdf } from './prescan.ts';
import { type OpCodes, rulingsOf, type Segment } from './rulings.ts';

export interface PdfItem {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
}

export interface PdfPage {
  /** 1-based */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfItem[];
  /** ruling lines (table borders), when asked for */
  readonly segments?: readonly Segment[];
}

export class PdfExtractError extends Error {}

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('pdfjs-dist/package.json'));
}

/** A page as the worker sends it: with the path-drawing part of its operator list when rulings were asked for. */
interface WorkerPage extends Omit<PdfPage, 'segments'> {
  readonly ops?: { readonly fnArray: number[]; readonly argsArray: unknown[]; readonly view: number[] };
}

interface WorkerResult {
  readonly pages?: WorkerPage[];
  readonly opCodes?: OpCodes;
  readonly error?: { readonly kind: 'password' | 'invalid' | 'pages'; readonly message: string };
}

/**
 * Every page's text items. Throws PdfExtractError (Chinese) when the bytes are not a readable PDF,
 * LimitError when the file is over a limit (pages, stream or image size, memory, time).
 */
export async function extractPdf(
  bytes: Uint8Array,
  opts: { readonly rulings?: boolean; readonly limits?: Limits; readonly file?: string } = {},
): Promise<PdfPage[]> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const file = opts.file ?? 'PDF';
  prescanPdf(bytes, file, limits);
  const dir = packageDir();
  const result = await new Promise<WorkerResult>((res, rej) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      // pdfjs takes ownership of the buffer it is given: the worker gets its own copy
      workerData: {
        data: new Uint8Array(bytes),
        cMapUrl: `${join(dir, 'cmaps')}/`,
        standardFontDataUrl: `${join(dir, 'standard_fonts')}/`,
        maxPages: limits.pdfPages,
        rulings: opts.rulings === true,
      },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.pdfHeapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      rej(
        new LimitError(
          file,
          'pdfMillis',
          `读取 PDF 超过 ${Math.round(limits.pdfMillis / 1000)} 秒（读取时间上限），已中止`,
        ),
      );
    }, limits.pdfMillis);
    worker.once('message', (m: WorkerResult) => {
      clearTimeout(timer);
      void worker.terminate();
      res(m);
    });
    worker.once('error', (e: Error & { code?: string }) => {
      clearTimeout(timer);
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
        rej(new LimitError(file, 'pdfHeapMb', `读取 PDF 所需内存超过 ${limits.pdfHeapMb} MB（内存上限），已中止`));
      else rej(new PdfExtractError(`读取 PDF 时出错（${e.message}）`));
    });
  });
  if (result.error?.kind === 'password') throw new PdfExtractError('PDF 文件受密码保护，无法读取');
  if (result.error?.kind === 'pages')
    throw new LimitError(
      file,
      'pdfPages',
      `PDF 共 ${result.error.message} 页，超过页数上限 ${limits.pdfPages} 页，拒绝读取`,
    );
  if (result.error) throw new PdfExtractError(`不是可读取的 PDF 文件（${result.error.message}）`);
  const codes = result.opCodes;
  return (result.pages ?? []).map(({ ops, ...page }) =>
    ops && codes ? { ...page, segments: rulingsOf(ops.fnArray, ops.argsArray, codes, ops.view as never) } : page,
  );
}
