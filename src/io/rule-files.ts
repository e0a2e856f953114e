/**
 * Loads rule catalogs (data/rules/*.json), validated against the rule language.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatPath } from '../core/diagnostics.ts';
import { RuleCatalog } from '../core/rules/schema.ts';
import { DATA_DIR } from './catalog-files.ts';
import { dataIds, dataLabel, jsonSyntaxMessage } from './data-registry.ts';

export const RULE_DIR = join(DATA_DIR, 'rules');

export function parseRuleCatalog(text: string, file: string): RuleCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`规则文件 ${file} 不是有效的 JSON：${jsonSyntaxMessage(e, text)}`);
  }
  const parsed = RuleCatalog.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 10)
      .map((i) => `  ${formatPath(i.path.filter((p): p is string | number => typeof p !== 'symbol'))}：${i.message}`);
    throw new Error(`规则文件 ${file} 不符合规则语言规范：\n${lines.join('\n')}`);
  }
  return parsed.data;
}

let cached: RuleCatalog[] | undefined;

export function loadRuleCatalogs(dir = RULE_DIR): RuleCatalog[] {
  if (cached && dir === RULE_DIR) return cached;
  const catalogs = dataIds('rules', dir).map((id) =>
    parseRuleCatalog(readFileSync(join(dir, `${id}.json`), 'utf8'), dataLabel('rules', id)),
  );
  const ids = new Map<string, string>();
  for (const c of catalogs) {
    for (const r of c.rules) {
      const other = ids.get(r.id);
      if (other) throw new Error(`规则编号 ${r.id} 在 ${other} 与 ${c.id} 中重复`);
      ids.set(r.id, c.id);
    }
  }
  if (dir === RULE_DIR) cached = catalogs;
  return catalogs;
}

export function ruleCatalogJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RuleCatalog, { io: 'input' }) as Record<string, unknown>;
}
