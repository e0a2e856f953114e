/**
 * The narrative language of the 说明: sections of sentences with placeholders, every number
 * bound to a package cell, a source fact, the prior year, or a computation over those. Sentence
 * patterns, list formats, change phrases, thresholds and percent precision are data; human input
 * (reasons for changes, descriptions) are named slots in the source's `reasons`.
 */
import { z } from 'zod';

/** A number the text may print. */
export type ValueSpec =
  | { cell: { table: string; row: string; column: string } }
  /** a figure of the source data: officeOperation, procurement.goods, threePublic.reception … */
  | { source: string }
  /** a prior-year figure (source.priorYear) */
  | { prior: string }
  | { sum: string[] }
  | { const: string };
export const ValueSpec: z.ZodType<ValueSpec> = z.union([
  z.object({ cell: z.object({ table: z.string(), row: z.string(), column: z.string() }).strict() }).strict(),
  z.object({ source: z.string() }).strict(),
  z.object({ prior: z.string() }).strict(),
  z.object({ sum: z.array(z.string()).min(1) }).strict(),
  z.object({ const: z.string() }).strict(),
]);

/** A list of rows read from a table, printed item by item. */
export const ListSpec = z
  .object({
    table: z.string(),
    /** the column read on each listed row (row lists) */
    column: z.string().default(''),
    /** rows whose key matches (row lists) */
    match: z.string().default('^$'),
    /** a column list instead: these columns of one row, each item labelled by its header */
    row: z.string().optional(),
    columns: z.array(z.string()).optional(),
    /** label rows by their printed name (code tables) rather than by key */
    labelFrom: z.enum(['key', 'name']).default('key'),
    /** remove this suffix from labels (“一般公共服务支出” → “一般公共服务”（类）) */
    stripSuffix: z.string().optional(),
    /** how one item prints: {label} {amount} {share} */
    item: z.string(),
    separator: z.string().default('；'),
    /** drop the numbering prefix of labels ("一、", "(一) ") */
    stripNumbering: z.boolean().default(true),
    skipZero: z.boolean().default(true),
    /** value the {share} is a percentage of */
    shareOf: z.string().optional(),
    /** printed when no row has an amount */
    empty: z.string().default('无'),
  })
  .strict();

export const ChangeSpec = z
  .object({
    current: z.string(),
    base: z.string(),
    /** phrases; {amount} and {percent} are filled in */
    up: z.string(),
    down: z.string(),
    equal: z.string(),
    /** when the base is zero */
    noBase: z.string(),
    /** when the prior figure is not available at all */
    missing: z.string().default(''),
  })
  .strict();

export const ReasonSpec = z
  .object({
    label: z.string(),
    /** required when the named change exceeds this share (percent) in either direction; absent = always optional */
    requiredAbovePercent: z.number().optional(),
    change: z.string().optional(),
    /** required whenever the change is not zero */
    requiredWhenChanged: z.boolean().optional(),
  })
  .strict();

export const Block = z.discriminatedUnion('kind', [
  /** a paragraph: placeholders {value}, {list:name}, {change:name}, {reason:name}, {year}, {prevYear}, {unitName} */
  z
    .object({
      kind: z.literal('paragraph'),
      text: z.string(),
      when: z.string().optional(),
      unless: z.string().optional(),
      /** only when the source provides this part (assets, procurement, officeOperation); else the `missing` reason slot */
      needs: z.enum(['assets', 'procurement', 'officeOperation']).optional(),
      missing: z.string().optional(),
    })
    .strict(),
  /** the unit's duties, numbered (一)… */
  z.object({ kind: z.literal('duties'), intro: z.string() }).strict(),
  /** one paragraph per 专项/project: {name} {amount} {goal} */
  z
    .object({
      kind: z.literal('projects'),
      item: z.string(),
      empty: z.string(),
      /** only money of these fund sources (codes) counts */
      funds: z.array(z.string()).optional(),
    })
    .strict(),
  /** fixed text (名词解释) */
  z.object({ kind: z.literal('fixed'), text: z.string() }).strict(),
  /**
   * One paragraph per 功能分类 项 with a budget (决算: 年初预算 against 决算): {path} {initial}
   * {actual} {rate} {word} {reason}; `itemNoRate` when the budget is zero (no ratio is printed).
   */
  z
    .object({
      kind: z.literal('budgetItems'),
      /** where the 决算数 of a 项 is read: table and column (row = the 项 code) */
      table: z.string(),
      column: z.string(),
      /** only budgets of these fund codes */
      funds: z.array(z.string()).optional(),
      item: z.string(),
      itemNoRate: z.string(),
      /** reason slot family; the slot of a 项 is "<reason>/<code>" */
      reason: z.string(),
      /** what {because} prints before the reason when 决算 and 年初预算 differ */
      because: z.string().default('的主要原因是：'),
      /** remove this suffix from the 类/款/项 names of {path} */
      stripSuffix: z.string().optional(),
    })
    .strict(),
]);
export type Block = z.infer<typeof Block>;

export const NarrativeSpec = z
  .object({
    $schema: z.string().optional(),
    id: z.string(),
    name: z.string(),
    templateSets: z.array(z.string()).min(1),
    /** decimals of percentages (regional: 1 in seed 002, 2 in Shanghai) */
    percentPlaces: z.number().int().min(0).max(4),
    /** print amounts in text without trailing zeros (11.9万元) as some regions do */
    dropTrailingZeros: z.boolean().default(false),
    values: z.record(z.string(), ValueSpec),
    lists: z.record(z.string(), ListSpec).default({}),
    changes: z.record(z.string(), ChangeSpec).default({}),
    reasons: z.record(z.string(), ReasonSpec).default({}),
    sections: z.array(
      z
        .object({
          number: z.string(),
          title: z.string(),
          blocks: z.array(Block),
          subsections: z
            .array(z.object({ number: z.string(), title: z.string(), blocks: z.array(Block) }).strict())
            .default([]),
        })
        .strict(),
    ),
  })
  .strict();
export type NarrativeSpec = z.infer<typeof NarrativeSpec>;
