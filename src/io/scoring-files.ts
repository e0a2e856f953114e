import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ScoringConfig } from '../core/scoring/config.ts';
import { dataFile, dataIds, dataLabel, jsonSyntaxMessage, quoteId } from './data-registry.ts';

export function loadScoringConfig(id: string): ScoringConfig {
  const file = dataFile('scoring', id);
  if (!file) throw new Error(`找不到评分规则“${quoteId(id)}”（可用：${dataIds('scoring').join('、') || '无'}）`);
  const label = dataLabel('scoring', id);
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`评分规则文件 ${label} 不是有效的 JSON：${jsonSyntaxMessage(e, text)}`);
  }
  const parsed = ScoringConfig.safeParse(raw);
  if (!parsed.success)
    throw new Error(`评分规则文件 ${label} 不符合规范：${parsed.error.issues.map((i) => i.message).join('；')}`);
  return parsed.data;
}

export function scoringConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScoringConfig, { io: 'input' }) as Record<string, unknown>;
}

/** Every scoring configuration in data/scoring, by id. */
export function loadAllScoringConfigs(): Record<string, ScoringConfig> {
  return Object.fromEntries(dataIds('scoring').map((id) => [id, loadScoringConfig(id)]));
}
