import { z } from 'zod';
import { SourceSchema } from './schema.ts';

/** The published JSON Schema of source.json, generated from the zod schema (input side). */
export function sourceJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(SourceSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://mingzhang.example/schemas/source.schema.json',
    title: '明账源数据',
  };
}
