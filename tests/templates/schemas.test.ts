import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { narrativeJsonSchema } from '../../src/io/narrative-files.ts';
import { ruleCatalogJsonSchema } from '../../src/io/rule-files.ts';
import { scoringConfigJsonSchema } from '../../src/io/scoring-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

describe('published JSON Schemas of the data languages are up to date', () => {
  for (const [file, schema] of [
    ['rule-catalog.schema.json', ruleCatalogJsonSchema],
    ['narrative.schema.json', narrativeJsonSchema],
    ['scoring-config.schema.json', scoringConfigJsonSchema],
  ] as const) {
    it(file, () => {
      expect(JSON.parse(readFileSync(join(ROOT, 'schemas', file), 'utf8'))).toEqual(
        JSON.parse(JSON.stringify(schema())),
      );
    });
  }
});
