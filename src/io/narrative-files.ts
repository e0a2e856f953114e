import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NarrativeSpec } from '../core/narrative/schema.ts';
import { DATA_DIR } from './catalog-files.ts';

export const NARRATIVE_DIR = join(DATA_DIR, 'narratives');

/** Every narrative (说明) specification of the directory, validated, in file name order. */
export function listNarratives(dir = NARRATIVE_DIR): NarrativeSpec[] {
  if (!existsSync(dir)) return [];
  const out: NarrativeSpec[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const parsed = NarrativeSpec.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `说明模板 ${join(dir, f)} 不符合规范：${parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.')} ${i.message}`)
          .join('；')}`,
      );
    }
    out.push(parsed.data);
  }
  return out;
}

/** The narrative (说明) specification for a template set, if one exists. */
export function narrativeFor(templateSet: string, dir = NARRATIVE_DIR): NarrativeSpec | undefined {
  return listNarratives(dir).find((n) => n.templateSets.includes(templateSet));
}

export function narrativeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(NarrativeSpec, { io: 'input' }) as Record<string, unknown>;
}
