/**
 * Regional configuration of performance self-evaluation scoring (绩效自评): weights, how each
 * comparator earns credit, 定性 bands, rounding and grades. One data file per region/year in
 * data/scoring/, validated by this schema.
 */
import { z } from 'zod';

export const ScoringConfig = z
  .object({
    $schema: z.string().optional(),
    id: z.string(),
    name: z.string(),
    /** 预算执行率: weight (分值), the budget it divides by, and whether over-execution is capped */
    execution: z
      .object({
        weight: z.number().nonnegative(),
        basis: z.enum(['全年预算数', '年初预算数']).default('全年预算数'),
        cap: z.boolean().default(true),
      })
      .strict(),
    /** default first-level weights (分值) when a sheet does not print them; informative */
    firstLevelWeights: z.record(z.string(), z.number()).default({}),
    /** how an indicator without a printed comparator is read: a number target is ≥ unless its name says otherwise */
    inferComparator: z
      .object({
        /** names that mean "at most" (a ceiling): 控制数, 成本 … */
        atMost: z.array(z.string()).default([]),
        /** names that mean "exactly" */
        exactly: z.array(z.string()).default([]),
      })
      .strict()
      .default({ atMost: [], exactly: [] }),
    /** over-achievement of ≥ indicators: capped at the weight ("得分不得突破权重") */
    capAtWeight: z.boolean().default(true),
    /** 定性 grades: share of the weight earned, highest band first */
    qualitative: z
      .array(z.object({ name: z.string(), share: z.number().min(0).max(1), min: z.number(), max: z.number() }).strict())
      .min(1),
    /** decimals of printed scores */
    scorePlaces: z.number().int().min(0).max(4).default(2),
    /** grade bands on the total (100 points), highest first */
    grades: z.array(z.object({ name: z.string(), min: z.number() }).strict()).min(1),
    /** what a sheet's weights must add up to */
    totalWeight: z.number().default(100),
  })
  .strict();
export type ScoringConfig = z.infer<typeof ScoringConfig>;
