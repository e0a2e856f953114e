/**
 * The property names the source schema allows at a JSON path, for the “unknown key” message and
 * its suggestion. Walks the zod schema: arrays by element, optional/default wrappers by inner type.
 */
import type { z } from 'zod';
import { SourceSchema } from './schema.ts';

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly valueType?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    if (d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else return cur;
  }
  return cur;
}

/** Keys of the object schema at `path` (indices step into arrays), or [] when it is not an object. */
export function knownKeysAt(path: ReadonlyArray<string | number>, schema: z.ZodType = SourceSchema): string[] {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const p of path) {
    if (!cur) return [];
    const d = defOf(cur);
    if (typeof p === 'number') cur = d.element ? unwrap(d.element) : undefined;
    else if (d.shape) cur = d.shape[p] ? unwrap(d.shape[p] as z.ZodType) : undefined;
    else if (d.type === 'record' && d.valueType) cur = unwrap(d.valueType);
    else return [];
  }
  const shape = cur ? defOf(cur).shape : undefined;
  return shape ? Object.keys(shape) : [];
}
