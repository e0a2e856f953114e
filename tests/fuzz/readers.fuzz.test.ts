/**
 * The fuzz suite in CI: every reader's target (tests/support/fuzz-targets.ts) with a fixed seed
 * and a bounded number of runs (about a minute in all on a 2-core machine); `npm run fuzz` runs
 * the same targets at length.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { TARGETS } from '../support/fuzz-targets.ts';

const SEED = 20261204;
// runs per target: the light ones many, the ones that start ExcelJS or a pdfjs worker few
const runs = (weight: number) => Math.max(5, Math.min(400, Math.round(weight * 100)));

describe('fuzz: no reader crashes', () => {
  for (const t of TARGETS) {
    it(`${t.name}: ${runs(t.weight)} inputs`, async () => {
      await fc.assert(
        fc.asyncProperty(t.arbitrary, async (input) => {
          await t.run(input);
        }),
        { seed: SEED, numRuns: runs(t.weight), endOnFailure: true },
      );
    }, 120_000);
  }
});
