import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NarrativeSpec } from '../core/narrative/schema.ts';
import { DATA_DIR } from './catalog-files.ts';
import { dataIds, dataLabel, jsonSyntaxMessage } from './data-registry.ts';

export const NARRATIVE_DIR = join(DATA_DIR, 'narratives');

/** Every narrative (说明) specification of the directory, validated, in file name order. */
export function listNarratives(dir = NARRATIVE_DIR): NarrativeSpec[] {
  const out: NarrativeSpec[] = [];
  for (const id of dataIds('narratives', dir)) {
    const text = readFileSync(join(dir, `${id}.json`), 'utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`说明模板 ${dataLabel('narratives', id)} 不是有效的 JSON：${jsonSyntaxMessage(e, text)}`);
    }
    const parsed = NarrativeSpec.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `说明模板 ${dataLabel('narratives', id)} 不符合规范：${parsed.error.issues
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
