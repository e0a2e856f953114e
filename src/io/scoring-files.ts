import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ScoringConfig } from '../core/scoring/config.ts';
import { DATA_DIR } from './catalog-files.ts';

export function loadScoringConfig(id: string): ScoringConfig {
  const file = join(DATA_DIR, 'scoring', `${id}.json`);
  const parsed = ScoringConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`评分规则文件 ${file} 不符合规范：${parsed.error.issues.map((i) => i.message).join('；')}`);
  return parsed.data;
}

export function scoringConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScoringConfig, { io: 'input' }) as Record<string, unknown>;
}

/** Every scoring configuration in data/scoring, by id. */
export function loadAllScoringConfigs(): Record<string, ScoringConfig> {
  const dir = join(DATA_DIR, 'scoring');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .map((id) => [id, loadScoringConfig(id)]),
  );
}
