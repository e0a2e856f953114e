/**
 * No PDF input crashes the reader: truncated, byte-damaged and random inputs each yield a package
 * or a located Chinese error (file, page and line), never an exception escaping unlocated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';
import { readDisclosure } from '../../src/readers/index.ts';
import { TextReadError } from '../../src/readers/text/index.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const sets = listTemplateSets().map((id) => loadTemplateSet(id));
const PDF = readFileSync(join(ROOT, 'tests/corpus/shanghai/pdf/2025_budget_shpt_zfb_unit.pdf'));
const RUNS = Number(process.env.MZ_PROPERTY_RUNS ?? 12);

async function outcome(bytes: Uint8Array): Promise<'package' | 'located'> {
  try {
    const r = await readDisclosure(bytes, 'damaged.pdf', sets);
    expect(r.pkg.tables).toBeDefined();
    return 'package';
  } catch (e) {
    // only the reader's own located error may come out, naming the file, page and line in Chinese
    expect(e).toBeInstanceOf(TextReadError);
    expect((e as Error).message).toMatch(/^damaged\.pdf：第 \d+ 页第 \d+ 行：[\u4e00-\u9fff]/);
    return 'located';
  }
}

describe('damaged PDFs', () => {
  it('reads the undamaged file (the base of the properties)', async () => {
    expect(await outcome(PDF)).toBe('package');
  });

  it('truncated at any point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: PDF.length - 1 }), async (cut) => {
        await outcome(PDF.subarray(0, cut));
      }),
      { numRuns: RUNS },
    );
  });

  it('with bytes overwritten anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: PDF.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 40,
        }),
        async (edits) => {
          const bytes = Uint8Array.from(PDF);
          for (const [at, value] of edits) bytes[at] = value;
          await outcome(bytes);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('random bytes behind a PDF header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (noise) => {
        const bytes = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...noise]);
        expect(await outcome(bytes)).toBe('located');
      }),
      { numRuns: RUNS },
    );
  });
});
