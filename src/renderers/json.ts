/**
 * The JSON form of a disclosure package: the full package model, pretty printed, inside a small
 * envelope that names the format and its version:
 *
 *   { "format": "mingzhang-package", "version": 1, "amounts": "fen", "package": { …model… } }
 *
 * Amount encoding: every exact amount (`rows[].values[]`, `cells[].value`) is written as a
 * decimal string of an integer number of fen (分), e.g. 1 234 567.89 元 → "123456789". Fen are
 * what the model holds, so the encoding is exact, independent of the display unit and needs no
 * rounding or decimal point handling; the printed text next to it (`text`, `texts`) already shows
 * the human form. JSON numbers are never used for money (they would lose precision past 2^53 and
 * invite float arithmetic).
 *
 * `parsePackageJson` is the exact inverse of `renderJson`: both go through one zod codec of the
 * model, which validates the document and turns fen strings into bigint and back. Fields the
 * codec does not know (a newer model) are carried through unchanged in both directions rather
 * than dropped or refused; the envelope itself is strict.
 */
import { z } from 'zod';
import type { DisclosurePackage } from '../core/package/model.ts';

export const PACKAGE_JSON_FORMAT = 'mingzhang-package';
export const PACKAGE_JSON_VERSION = 1;

/** fen ⇄ decimal integer string */
const fen = z.codec(z.string().regex(/^-?(0|[1-9][0-9]*)$/, { message: '金额应为以分计的整数字符串' }), z.bigint(), {
  decode: (s) => BigInt(s),
  encode: (b) => b.toString(),
});

const int = z.number().int();

const provenance = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('lines'), lines: z.array(int) }),
  z.looseObject({ kind: z.literal('incomes'), incomes: z.array(int) }),
  z.looseObject({ kind: z.literal('formula'), formula: z.string() }),
  z.looseObject({ kind: z.literal('field'), field: z.string() }),
  z.looseObject({
    kind: z.literal('document'),
    page: int.optional(),
    line: int.optional(),
    raw: z.string(),
  }),
]);

const cell = z.looseObject({
  table: z.string(),
  row: z.string(),
  column: z.string(),
  value: fen.nullable(),
  text: z.string(),
  provenance,
});

const table = z.looseObject({
  number: int,
  id: z.string(),
  title: z.string(),
  printedTitle: z.string(),
  captions: z.array(z.string()),
  layout: z.enum(['grid', 'side-by-side', 'form']),
  columns: z.array(
    z.looseObject({
      path: z.array(z.string()),
      role: z.enum(['code', 'label', 'amount', 'text']),
      width: z.number(),
    }),
  ),
  headerRows: z.array(
    z.array(
      z.looseObject({
        text: z.string(),
        row: int,
        col: int,
        rowSpan: int,
        colSpan: int,
      }),
    ),
  ),
  headerDepth: int,
  rows: z.array(
    z.looseObject({
      kind: z.enum([
        'total',
        'department',
        'unit',
        'class',
        'kuan',
        'item',
        'econ-class',
        'econ-kuan',
        'line',
        'project',
        'footer',
        'form',
      ]),
      key: z.string().optional(),
      texts: z.array(z.string()),
      values: z.array(fen.nullable()),
    }),
  ),
  merges: z.array(z.looseObject({ top: int, left: int, bottom: int, right: int })),
  cells: z.array(cell),
  note: z.string().optional(),
  empty: z.boolean(),
});

const packageSchema = z.looseObject({
  kind: z.enum(['预算', '决算']),
  year: int,
  templateSet: z.string(),
  title: z.string(),
  unit: z.looseObject({ code: z.string(), name: z.string() }),
  region: z.string().optional(),
  amountUnit: z.enum(['万元', '元']),
  places: int,
  tables: z.array(table),
  origin: z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('generated'), generator: z.string() }),
    z.looseObject({ kind: z.literal('parsed'), file: z.string() }),
  ]),
});

const envelope = z.strictObject({
  format: z.literal(PACKAGE_JSON_FORMAT),
  version: z.literal(PACKAGE_JSON_VERSION),
  amounts: z.literal('fen'),
  package: packageSchema,
});

/**
 * The package as pretty-printed JSON. Encoding goes through the same codec as parsing, so the
 * keys come out in the model's order whatever order the producer built them in (stable diffs),
 * and a package that does not fit the model is refused here rather than written unreadable.
 */
export function renderJson(pkg: DisclosurePackage): string {
  const doc = {
    format: PACKAGE_JSON_FORMAT,
    version: PACKAGE_JSON_VERSION,
    amounts: 'fen',
    package: pkg,
  } as z.output<typeof envelope>;
  const result = z.safeEncode(envelope, doc);
  if (!result.success) {
    throw new Error(`公开包不符合包模型，无法写成 JSON：\n${z.prettifyError(result.error)}`);
  }
  // bigint can only remain in fields the codec does not know; write them as decimal strings too
  const text = JSON.stringify(
    result.data,
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    2,
  );
  return `${text}\n`;
}

export function parsePackageJson(text: string): DisclosurePackage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`公开包 JSON 无法解析：${(e as Error).message}`);
  }
  const result = z.safeDecode(envelope, raw as z.input<typeof envelope>);
  if (!result.success) {
    throw new Error(
      `不是有效的明账公开包 JSON（${PACKAGE_JSON_FORMAT} 第 ${PACKAGE_JSON_VERSION} 版）：\n${z.prettifyError(result.error)}`,
    );
  }
  const pkg: DisclosurePackage = result.data.package;
  return pkg;
}
