/**
 * Loads template sets from data/templates/<id>.json and validates them against the template
 * language schema; errors name the file and the JSON path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatPath } from '../core/diagnostics.ts';
import { TemplateSet } from '../core/templates/schema.ts';
import { DATA_DIR } from './catalog-files.ts';
import { dataFile, dataIds, jsonSyntaxMessage, quoteId } from './data-registry.ts';

export const TEMPLATE_DIR = join(DATA_DIR, 'templates');

const cache = new Map<string, TemplateSet>();

export function listTemplateSets(dir = TEMPLATE_DIR): string[] {
  return [...dataIds('templates', dir)];
}

export function parseTemplateSet(text: string, file: string): TemplateSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`模板集文件 ${file} 不是有效的 JSON：${jsonSyntaxMessage(e, text)}`);
  }
  const parsed = TemplateSet.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 10)
      .map((i) => `  ${formatPath(i.path.filter((p): p is string | number => typeof p !== 'symbol'))}：${i.message}`);
    throw new Error(`模板集文件 ${file} 不符合模板语言规范：\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function loadTemplateSet(id: string, dir = TEMPLATE_DIR): TemplateSet {
  const hit = dir === TEMPLATE_DIR ? cache.get(id) : undefined;
  if (hit) return hit;
  // only ids listed in data/templates: an input value never becomes a path
  const file = dataFile('templates', id, dir);
  if (!file) {
    throw new Error(`找不到报表模板集“${quoteId(id)}”（可用：${listTemplateSets(dir).join('、') || '无'}）`);
  }
  const label = `data/templates/${id}.json`;
  const set = parseTemplateSet(readFileSync(file, 'utf8'), label);
  if (set.id !== id) throw new Error(`模板集文件 ${label} 的 id 为“${quoteId(set.id)}”，与文件名不符`);
  if (dir === TEMPLATE_DIR) cache.set(id, set);
  return set;
}

/** JSON Schema of the template language, for editors. */
export function templateSetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(TemplateSet, { io: 'input' }) as Record<string, unknown>;
}
