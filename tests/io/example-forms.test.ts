/**
 * Each bundled example exists in both forms, and the workbook reads back to exactly the model of
 * the JSON (so the two files cannot drift apart).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSourceFile } from '../../src/io/source-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const examples = readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('bundled examples in both forms', () => {
  for (const name of examples) {
    it(`${name}: source.xlsx normalises to the same model as source.json`, async () => {
      const json = await loadSourceFile(join(ROOT, 'examples', name, 'source.json'));
      const xlsx = await loadSourceFile(join(ROOT, 'examples', name, 'source.xlsx'));
      // no errors; the same warnings (e.g. unused project indicators) in both forms
      expect(json.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const plain = (issues: typeof json.issues) => issues.map((i) => `${i.severity} ${i.path.join('.')} ${i.message}`);
      expect(plain(xlsx.issues)).toEqual(plain(json.issues));
      expect(xlsx.data).toEqual(json.data);
    });
  }
});
