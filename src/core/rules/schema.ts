/**
 * The rule language of the checker (审核). A rule catalog is a data file (data/rules/*.json);
 * each rule is declarative: what it compares (cells addressed by table title, row and column),
 * how (=, ≥, ≤), over which rows and columns it iterates, and the Chinese message it reports.
 * A handful of structural checks (a table is present, an empty table carries its note, codes
 * are valid for the year …) are named checks with parameters, written once for every table set.
 */
import { z } from 'zod';

export const Severity = z.enum(['错误', '警告', '提示']);
export type Severity = z.infer<typeof Severity>;
export const Category = z.enum(['表内', '表间', '说明与表', '完整性', '绩效', '规范性']);
export type Category = z.infer<typeof Category>;

/** Which row(s) a term reads. */
export const RowSelector = z.union([
  /** the current row of `forEach` (default when iterating) */
  z.literal('$row'),
  /** one row by key */
  z.object({ key: z.string() }).strict(),
  /** the direct children of the current row in the 功能分类 hierarchy (类 → 款 → 项, per unit) */
  z.object({ children: z.literal(true) }).strict(),
  /** every row of these kinds (e.g. all unit rows) */
  z.object({ kinds: z.array(z.string()).min(1) }).strict(),
  /** every row whose key matches the pattern */
  z.object({ match: z.string() }).strict(),
  /**
   * every row numbered at this level (1: the first numbering style the column's rows use, e.g. 一、;
   * 2: the second, e.g. （一）): found by the document's own styles, whichever they are
   */
  z.object({ numbered: z.number().int().min(1).max(4) }).strict(),
]);
export type RowSelector = z.infer<typeof RowSelector>;

export const Term = z
  .object({
    /** official table title (as in the 目录) */
    table: z.string(),
    /** column path; "$col" is the current column of `forEachColumn` */
    column: z.string(),
    row: RowSelector.optional(),
    /** −1 subtracts the term */
    sign: z.union([z.literal(1), z.literal(-1)]).optional(),
  })
  .strict();
export type Term = z.infer<typeof Term>;

export const Compare = z
  .object({
    kind: z.literal('compare'),
    /** iterate over the rows of a table (optionally only some kinds / keys) */
    forEach: z
      .object({
        table: z.string(),
        kinds: z.array(z.string()).optional(),
        match: z.string().optional(),
        /** only rows that have children (for 类 = Σ款 rules) */
        withChildren: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** iterate over these columns ("$col" in terms) */
    forEachColumn: z.array(z.string()).optional(),
    lhs: z.array(Term).min(1),
    op: z.enum(['=', '≥', '≤']),
    rhs: z.array(Term).min(1),
    /** skip the comparison when the table(s) it reads are absent from the package */
    whenPresent: z.boolean().default(true),
  })
  .strict();

/** Named structural checks, implemented once in the engine, parameterised here. */
export const NamedCheck = z
  .object({
    kind: z.literal('check'),
    check: z.enum([
      'tables-present',
      'empty-table-note',
      'function-codes-valid',
      'economic-codes-valid',
      'code-names-match',
      'caption-unit',
      'caption-amount-unit',
      'magnitude-yuan',
      'function-item-level',
      'economic-kuan-level',
      'columns-present',
      'indicator-value-content',
      'header-only',
      'sections-present',
      'self-evaluation',
      'text-years',
      'foreign-unit',
    ]),
    /** tables the check applies to (titles); default: all tables of the package */
    tables: z.array(z.string()).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** A number in a 说明 sentence or a table cell, or a sum/difference of such. */
export type Operand =
  | { capture: string }
  | { cell: { table: string; row: string; column: string } }
  | { plus: Operand[] }
  | { minus: [Operand, Operand] };
export const Operand: z.ZodType<Operand> = z.lazy(() =>
  z.union([
    z.object({ capture: z.string() }).strict(),
    z.object({ cell: z.object({ table: z.string(), row: z.string(), column: z.string() }).strict() }).strict(),
    z.object({ plus: z.array(Operand).min(1) }).strict(),
    z.object({ minus: z.tuple([Operand, Operand]) }).strict(),
  ]),
);

/** What a matched sentence must satisfy. */
export const TextAssert = z.discriminatedUnion('kind', [
  /** a captured percentage equals part / whole × 100 at the precision it is printed with */
  z.object({ kind: z.literal('percent-of'), percent: z.string(), part: Operand, whole: Operand }).strict(),
  /**
   * "比X增加/减少A万元，增长/下降P%": the base is current ∓ A; P = A / base × 100; the direction
   * words must agree with each other.
   */
  z
    .object({
      kind: z.literal('change'),
      current: Operand,
      amount: z.string(),
      word: z.string(),
      percent: z.string().optional(),
      percentWord: z.string().optional(),
    })
    .strict(),
  /** a captured amount equals a cell or an expression */
  z.object({ kind: z.literal('equals'), value: z.string(), other: Operand }).strict(),
  /** 大于/小于/等于 must agree with the two amounts */
  z.object({ kind: z.literal('compare-word'), word: z.string(), left: Operand, right: Operand }).strict(),
  /** the pattern itself is the defect (e.g. an amount written in 元 where 万元 is meant); `value` names the amount */
  z.object({ kind: z.literal('defect'), value: z.string().optional() }).strict(),
]);
export type TextAssert = z.infer<typeof TextAssert>;

export const TextCheck = z
  .object({
    kind: z.literal('text'),
    /** sections the rule reads: patterns matched against "number title" (default: all) */
    sections: z.array(z.string()).optional(),
    /**
     * Regular expression with named groups, applied to the section text; {amount} and {percent}
     * stand for a printed number (stray spaces allowed), e.g. "完成年初预算的(?<rate>{percent})%".
     */
    pattern: z.string(),
    asserts: z.array(TextAssert).min(1),
  })
  .strict();
export type TextCheckSpec = z.infer<typeof TextCheck>;

export const Rule = z
  .object({
    id: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/),
    title: z.string(),
    category: Category,
    severity: Severity,
    /** DOMAIN.md identity or inspection check this rule implements (B1, X7, C-EMPTY …) */
    basis: z.string().optional(),
    check: z.discriminatedUnion('kind', [Compare, NamedCheck, TextCheck]),
    /**
     * Message template. Placeholders: {table} {row} {column} {lhs} {rhs} {diff} {bound} {detail}.
     */
    message: z.string(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;
export type CompareCheck = z.infer<typeof Compare>;
export type NamedCheckSpec = z.infer<typeof NamedCheck>;

export const RuleCatalog = z
  .object({
    $schema: z.string().optional(),
    id: z.string(),
    name: z.string(),
    /** template sets whose packages these rules apply to */
    templateSets: z.array(z.string()).min(1),
    rules: z.array(Rule).min(1),
  })
  .strict();
export type RuleCatalog = z.infer<typeof RuleCatalog>;
