/**
 * Reading a PDF leaves the JavaScript built-ins as they were: pdfjs's legacy build replaces
 * Array.prototype.push (and would slow every library in the process) unless the reader puts the
 * native methods back (src/readers/pdf/extract.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../src/readers/pdf/extract.ts';
import { CORPUS_DIR } from './seed-parse.ts';

/** What push does on an array with a read-only length: the corner case core-js "fixes" (V8 issue 12681). */
function readOnlyLengthPush(): string {
  try {
    (Object.defineProperty([], 'length', { writable: false }) as unknown[]).push(1);
    return 'no error';
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

describe('PDF reader and built-ins', () => {
  it('keeps Array.prototype methods as they were before pdfjs loaded', async () => {
    // core-js makes its replacements print as native code, so compare identities and behaviour
    const before = Object.getOwnPropertyDescriptors(Array.prototype);
    const behaviour = readOnlyLengthPush();
    const pages = await extractPdf(readFileSync(join(CORPUS_DIR, 'shanghai/pdf/2025_budget_shpt_zfb.pdf')));
    expect(pages.length).toBeGreaterThan(10);
    const after = Object.getOwnPropertyDescriptors(Array.prototype);
    const replaced = Object.keys(before).filter((name) => after[name]?.value !== before[name]?.value);
    expect(replaced).toEqual([]);
    expect(readOnlyLengthPush()).toBe(behaviour);
  });
});
