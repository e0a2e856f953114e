/**
 * Fuzz targets for every reader: source JSON, source workbook, published text, published XLSX
 * and PDF. Each target has a fast-check arbitrary of inputs — random, and mutations (byte flips,
 * truncations, splices, injected hostile values) of real documents — and a run that passes when
 * the reader returns or raises one of its own Chinese errors; any other exception, or a message
 * without Chinese, is a crash. Used with a fixed seed and few runs by tests/fuzz (CI), and at
 * length by `npm run fuzz` (scripts/fuzz.ts).
 *
 * The heavy targets (a whole workbook through ExcelJS, a PDF through pdfjs in its worker) are
 * paired with light ones on the same reader's first stages (the archive guard, the PDF prescan,
 * the text checks, the JSON checks), where a hostile file is meant to stop.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAmount } from '../../src/core/money/amount.ts';
import type { TemplateSet } from '../../src/core/templates/schema.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { decodeUtf8Source } from '../../src/io/input-file.ts';
import { FileReadError, LimitError } from '../../src/io/limits.ts';
import { loadSourceBytes } from '../../src/io/source-files.ts';
import { inexactNumbers } from '../../src/io/source-limits.ts';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';
import { guardXlsx } from '../../src/io/zip-guard.ts';
import { checkTextBytes, readDisclosure } from '../../src/readers/index.ts';
import { prescanPdf } from '../../src/readers/pdf/prescan.ts';
import { readTextDisclosure, TextReadError } from '../../src/readers/text/index.ts';
import { XlsxReadError } from '../../src/readers/xlsx/errors.ts';
import { renderJson } from '../../src/renderers/json.ts';

const ROOT = join(import.meta.dirname, '../..');
const EX = join(ROOT, 'examples/hetang-zfb-2024-budget');

export interface FuzzTarget {
  readonly name: string;
  /** inputs per run relative to the others in `npm run fuzz` (the heavy ones run fewer) */
  readonly weight: number;
  readonly arbitrary: fc.Arbitrary<Uint8Array | string>;
  run(input: Uint8Array | string): Promise<void> | void;
}

/** The reader's own errors; anything else escaping a reader is a crash. */
export function isCleanError(e: unknown): boolean {
  const ok =
    e instanceof TextReadError || e instanceof XlsxReadError || e instanceof LimitError || e instanceof FileReadError;
  return (
    ok &&
    /[\u4e00-\u9fff]/.test((e as Error).message) &&
    !/读取时出错：(TypeError|RangeError)/.test((e as Error).message)
  );
}

async function clean(f: () => Promise<unknown> | unknown): Promise<void> {
  try {
    await f();
  } catch (e) {
    if (!isCleanError(e)) throw e;
  }
}

let setsCache: TemplateSet[] | undefined;
function sets(): TemplateSet[] {
  setsCache ??= listTemplateSets().map((id) => loadTemplateSet(id));
  return setsCache;
}
const catalogs = loadBundledCatalogs();

const sourceJson = readFileSync(join(EX, 'source.json'), 'utf8');
const sourceXlsx = new Uint8Array(readFileSync(join(EX, 'source.xlsx')));
const seedText = readFileSync(join(ROOT, 'tests/corpus/seeds/000_1c98b2a221c56ec4.txt'), 'utf8');
const seedLines = seedText.split('\n');
const smallPdf = new Uint8Array(readFileSync(join(ROOT, 'tests/corpus/shanghai/pdf/2025_budget_sh_czj_unit.pdf')));

/** Byte-level mutations of a real file: flips, truncation, a random splice. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc
      .array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((flips) => {
        const b = new Uint8Array(base);
        for (const [i, v] of flips) b[i] = v;
        return b;
      }),
    fc.nat({ max: base.length }).map((n) => base.subarray(0, n)),
    fc
      .tuple(fc.nat({ max: base.length }), fc.nat({ max: 4096 }), fc.uint8Array({ maxLength: 64 }))
      .map(([at, cut, ins]) => {
        const out = new Uint8Array(base.length - Math.min(cut, base.length - at) + ins.length);
        out.set(base.subarray(0, at), 0);
        out.set(ins, at);
        out.set(base.subarray(Math.min(base.length, at + cut)), at + ins.length);
        return out;
      }),
  );
}

const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '9007199254740993',
    '1,2,3',
    '12 34',
    '-0',
    '1e400',
    '=cmd|/C calc!A0',
    '\u001b[2K[错误]',
    '../../etc/passwd',
    '',
    ' ',
    '１２３.４５',
    '1,234.567',
  ),
  fc.double(),
  fc.bigInt().map((b) => Number(b)),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
);

/** The example source.json with one value somewhere replaced by a hostile one, or random JSON. */
const sourceJsonInput: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.nat({ max: 2000 }), hostileValue).map(([n, v]) => {
    const doc = JSON.parse(sourceJson);
    const slots: Array<[Record<string, unknown>, string]> = [];
    const walk = (x: unknown) => {
      if (x && typeof x === 'object')
        for (const [k, y] of Object.entries(x)) {
          slots.push([x as Record<string, unknown>, k]);
          walk(y);
        }
    };
    walk(doc);
    const [obj, key] = slots[n % slots.length] as [Record<string, unknown>, string];
    obj[key] = v;
    return JSON.stringify(doc);
  }),
  fc.json(),
  fc.string(),
  fc.nat({ max: sourceJson.length }).map((n) => sourceJson.slice(0, n)),
);

const textInput: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.nat({ max: seedLines.length - 1 }), fc.nat({ max: 60 }), fc.array(fc.string(), { maxLength: 4 }))
    .map(([from, n, extra]) => [...seedLines.slice(from, from + n), ...extra].join('\n')),
  fc
    .array(fc.oneof(fc.string(), fc.constantFrom('收支总表', '单位：万元', '合计\t1.00\t2.00', '\f', '项目\t预算数')), {
      maxLength: 30,
    })
    .map((l) => l.join('\n')),
  fc.string({ unit: 'binary', maxLength: 400 }),
);

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'source JSON (whole pipeline)',
    weight: 0.2,
    arbitrary: sourceJsonInput,
    run: (s) => clean(() => loadSourceBytes('fuzz.json', Buffer.from(s as string), catalogs)),
  },
  {
    name: 'source JSON (encoding, exact numbers)',
    weight: 8,
    // small documents: the mutated example goes through the whole pipeline above
    arbitrary: fc.oneof(
      fc.json({ maxDepth: 3 }).map((s) => new Uint8Array(Buffer.from(s))),
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => new Uint8Array(Buffer.from(s, 'utf16le'))),
    ),
    run: (b) => {
      const d = decodeUtf8Source(b as Uint8Array);
      if ('text' in d) inexactNumbers(d.text);
    },
  },
  {
    name: 'amount text',
    weight: 45,
    arbitrary: fc.oneof(fc.string({ maxLength: 30 }), hostileValue.map(String)),
    run: (s) => {
      const r = parseAmount(s as string, '万元', { strict: true });
      if (r.kind === 'error' && !/[\u4e00-\u9fff]/.test(r.reason)) throw new Error(`no Chinese reason for ${s}`);
      parseAmount(s as string, '元');
    },
  },
  {
    name: 'source workbook (ExcelJS)',
    weight: 0.002,
    arbitrary: mutated(sourceXlsx),
    run: (b) => clean(() => loadSourceBytes('fuzz.xlsx', Buffer.from(b as Uint8Array), catalogs)),
  },
  {
    name: 'XLSX archive guard',
    weight: 0.3,
    arbitrary: fc.oneof(mutated(sourceXlsx), fc.uint8Array({ maxLength: 512 })),
    run: (b) => clean(() => guardXlsx(b as Uint8Array, 'fuzz.xlsx')),
  },
  {
    name: 'published XLSX (ExcelJS)',
    weight: 0.002,
    arbitrary: mutated(sourceXlsx),
    run: (b) => clean(() => readDisclosure(b as Uint8Array, 'fuzz.xlsx', sets())),
  },
  {
    name: 'published text',
    weight: 0.15,
    arbitrary: textInput,
    run: (s) =>
      clean(() => {
        const r = readTextDisclosure(s as string, 'fuzz.txt', sets());
        renderJson(r.pkg);
      }),
  },
  {
    name: 'published text (byte checks)',
    weight: 45,
    arbitrary: fc.uint8Array({ maxLength: 2000 }),
    run: (b) => clean(() => checkTextBytes(b as Uint8Array, 'fuzz.txt')),
  },
  {
    name: 'PDF prescan',
    weight: 0.3,
    arbitrary: fc.oneof(mutated(smallPdf), fc.uint8Array({ maxLength: 512 })),
    run: (b) => clean(() => prescanPdf(b as Uint8Array, 'fuzz.pdf')),
  },
  {
    name: 'PDF (pdfjs in its worker)',
    weight: 0.0005,
    arbitrary: mutated(smallPdf),
    run: (b) => clean(() => readDisclosure(b as Uint8Array, 'fuzz.pdf', sets())),
  },
];

/** A description of an input for the report: its kind, length and first characters. */
export function describeInput(input: Uint8Array | string): string {
  if (typeof input === 'string') return `文本 ${input.length} 字符：${JSON.stringify(input.slice(0, 60))}`;
  return `${input.length} 字节：${Buffer.from(input.subarray(0, 24)).toString('hex')}`;
}
