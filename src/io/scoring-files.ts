import { readFileSync } from 'node:fs';
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
