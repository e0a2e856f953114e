/**
 * The language of the source workbook's layout: sheets, columns / key rows, their kinds and
 * dropdowns, and where each sheet's rows live in the source JSON. The layout itself
 * (./layout.ts) is data in this language, validated by `WorkbookLayout` when it is loaded; the
 * writer (./writer.ts) and the reader (./reader.ts) both walk it, so a column added to the
 * layout is written, documented in 填写说明 and read back without further code.
 */
import { z } from 'zod';

/**
 * code: identifiers, kept as text; text/long: free text (long wraps); amount: decimal in the
 * document's unit; int: non-negative integer; number: a non-negative decimal that is not an amount
 * (分值、得分); bool: 是/否; flag: 有/无 (section present or not).
 */
export const Kind = z.enum(['code', 'text', 'long', 'amount', 'int', 'number', 'bool', 'flag']);
export type Kind = z.infer<typeof Kind>;

/** Code lists of the workbook a dropdown may refer to (a range of another sheet). */
export const ChoiceRef = z.enum(['fund', 'unit', 'project', 'templateSet', 'slot']);
export type ChoiceRef = z.infer<typeof ChoiceRef>;

/** A dropdown: fixed values (strict: other input is refused) or a range of another sheet. */
export const Choice = z.union([
  z
    .object({ values: z.array(z.string().min(1)).min(1).readonly(), strict: z.boolean() })
    .strict()
    .readonly(),
  z.object({ ref: ChoiceRef }).strict().readonly(),
]);
export type Choice = z.infer<typeof Choice>;

export const Field = z
  .object({
    /** property in the JSON object, dotted for nested ones ('department.code', 'budget.abroad'); '#…' for flags */
    key: z.string().regex(/^(#[A-Za-z]+|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*)$/),
    /** column header (tables) or key label (key/value sheets), in Chinese */
    label: z.string().min(1),
    kind: Kind,
    /** the column / key row must exist and the value must be filled (marked “*”) */
    required: z.boolean().optional(),
    /** a blank cell means the empty text (for required text that may be empty) */
    blankIsEmpty: z.boolean().optional(),
    choice: Choice.optional(),
    width: z.number().int().positive().optional(),
    /** explanation: header note and 填写说明 */
    help: z.string().min(1),
    aliases: z.array(z.string().min(1)).readonly().optional(),
  })
  .strict()
  .readonly();
export type Field = z.infer<typeof Field>;

/**
 * Where the rows of a table sheet live in the source JSON (dotted paths from the root):
 * - `list`: an array of records (`incomes`, `departmentPerformance.tasks`); with `scalar`, an
 *   array of texts, each row's `scalar` column being one item (部门年履职目标);
 * - `children`: arrays nested in the records of another sheet's list, each row naming its parent
 *   in column `keyField` by the parent's `parentKey` (单位职责 → units[].duties, keyed by 单位编码);
 * - `map`: an object, one row per property (说明填写: slot → text).
 */
export const RowSource = z.union([
  z.object({ list: z.string(), scalar: z.string().optional() }).strict().readonly(),
  z
    .object({
      children: z.string(),
      parentSheet: z.string(),
      parentKey: z.string(),
      keyField: z.string(),
      list: z.string(),
      scalar: z.string().optional(),
    })
    .strict()
    .readonly(),
  z.object({ map: z.string(), keyField: z.string(), valueField: z.string() }).strict().readonly(),
]);
export type RowSource = z.infer<typeof RowSource>;

/** A one-row-per-item sheet with a frozen header row. */
export const TableSpec = z
  .object({
    sheet: z.string().min(1),
    purpose: z.string().min(1),
    rows: RowSource,
    fields: z.array(Field).min(1).readonly(),
  })
  .strict()
  .readonly();
export type TableSpec = z.infer<typeof TableSpec>;

/** A key/value sheet (项目 | 内容 | 说明), one key per row. */
export const KvSpec = z
  .object({
    sheet: z.string().min(1),
    purpose: z.string().min(1),
    valueHeader: z.string().min(1),
    fields: z.array(Field).min(1).readonly(),
  })
  .strict()
  .readonly();
export type KvSpec = z.infer<typeof KvSpec>;

export const DataSheet = z.union([
  z.object({ table: TableSpec }).strict().readonly(),
  z
    .object({
      kv: KvSpec,
      /** a table below the keys on the same sheet, found by its first header (国有资产 → 车辆) */
      below: TableSpec.optional(),
    })
    .strict()
    .readonly(),
]);
export type DataSheet = z.infer<typeof DataSheet>;

/** A read-only code list generated from bundled data, referenced by dropdowns. */
export const CodeSheet = z
  .object({
    sheet: z.string().min(1),
    ref: z.union([ChoiceRef, z.literal('none')]),
    purpose: z.string().min(1),
  })
  .strict()
  .readonly();
export type CodeSheet = z.infer<typeof CodeSheet>;

export const WorkbookLayout = z
  .object({
    version: z.literal(1),
    guideSheet: z.string().min(1),
    requiredSheets: z.array(z.string()).readonly(),
    dataSheets: z.array(DataSheet).min(1).readonly(),
    codeSheets: z.array(CodeSheet).readonly(),
  })
  .strict()
  .readonly()
  .superRefine((layout, ctx) => {
    const names = new Set<string>();
    const sheetOf = (s: DataSheet) => ('table' in s ? s.table.sheet : s.kv.sheet);
    for (const name of [
      layout.guideSheet,
      ...layout.dataSheets.map(sheetOf),
      ...layout.codeSheets.map((c) => c.sheet),
    ]) {
      if (names.has(name)) ctx.addIssue({ code: 'custom', message: `工作表名“${name}”重复` });
      names.add(name);
    }
    for (const name of layout.requiredSheets) {
      if (!names.has(name)) ctx.addIssue({ code: 'custom', message: `必需工作表“${name}”不在布局中` });
    }
    for (const s of layout.dataSheets) {
      const specs = 'table' in s ? [s.table] : [s.kv, ...(s.below ? [s.below] : [])];
      for (const spec of specs) {
        const labels = new Set<string>();
        for (const f of spec.fields) {
          for (const l of [f.label, ...(f.aliases ?? [])]) {
            if (labels.has(l)) ctx.addIssue({ code: 'custom', message: `工作表“${spec.sheet}”的列“${l}”重复` });
            labels.add(l);
          }
        }
      }
      if ('table' in s && 'children' in s.table.rows && !names.has(s.table.rows.parentSheet)) {
        ctx.addIssue({
          code: 'custom',
          message: `工作表“${s.table.sheet}”的上级表“${s.table.rows.parentSheet}”不在布局中`,
        });
      }
    }
  });
export type WorkbookLayout = z.infer<typeof WorkbookLayout>;

export const strict = (values: readonly string[]): Choice => ({ values, strict: true });
export const loose = (values: readonly string[]): Choice => ({ values, strict: false });
