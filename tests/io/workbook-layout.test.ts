/**
 * The source workbook layout is data validated by its schema, and every column it declares is a
 * field of the source schema (a mistyped key in the layout would silently drop a column).
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SourceSchema } from '../../src/core/source/schema.ts';
import { LAYOUT } from '../../src/io/source-workbook/layout.ts';
import { type TableSpec, WorkbookLayout } from '../../src/io/source-workbook/spec.ts';

type AnyZod = z.ZodType & { def: Record<string, unknown> };

function unwrap(s: AnyZod): AnyZod {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = cur.def as { type: string; innerType?: AnyZod; in?: AnyZod; element?: AnyZod };
    if (d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else if (d.type === 'array' && d.element) cur = d.element;
    else return cur;
  }
  return cur;
}

/** The schema at a dotted path below `s`, or undefined when a step is not a property. */
function at(s: AnyZod, path: readonly string[]): AnyZod | undefined {
  let cur: AnyZod | undefined = unwrap(s);
  for (const p of path) {
    const shape = (cur?.def as { shape?: Record<string, AnyZod> } | undefined)?.shape;
    if (!shape || !(p in shape)) return undefined;
    cur = unwrap(shape[p] as AnyZod);
  }
  return cur;
}

const root = SourceSchema as unknown as AnyZod;

describe('source workbook layout', () => {
  it('validates against its schema', () => {
    expect(WorkbookLayout.safeParse(LAYOUT).success).toBe(true);
  });

  it('declares only fields the source schema has', () => {
    const missing: string[] = [];
    const check = (base: readonly string[], spec: { sheet: string; fields: readonly { key: string }[] }) => {
      for (const f of spec.fields) {
        const key = f.key.startsWith('#') ? f.key.slice(1) : f.key;
        if (!at(root, [...base, ...key.split('.')])) missing.push(`${spec.sheet}:${f.key}`);
      }
    };
    const tableBase = (t: TableSpec): readonly string[] | undefined => {
      const rows = t.rows;
      if ('map' in rows) return undefined; // 说明填写: slot → text, no fixed keys
      if ('children' in rows) return [...rows.children.split('.'), rows.list];
      return rows.list.split('.');
    };
    for (const s of LAYOUT.dataSheets) {
      if ('kv' in s) {
        check([], s.kv);
        if (s.below && 'list' in s.below.rows) check(s.below.rows.list.split('.'), s.below);
        continue;
      }
      const base = tableBase(s.table);
      if (!base) continue;
      const rows = s.table.rows;
      const fields = s.table.fields.filter(
        (f) => !('children' in rows) || (f.key !== rows.keyField && f.key !== rows.scalar),
      );
      const scalar = 'list' in rows ? rows.scalar : undefined;
      if (scalar) expect(at(root, base), s.table.sheet).toBeDefined();
      else check(base, { sheet: s.table.sheet, fields: fields.filter((f) => f.key !== scalar) });
    }
    expect(missing).toEqual([]);
  });

  it('refuses a layout with a repeated column or an unknown parent sheet', () => {
    const units = LAYOUT.dataSheets.find((s) => 'table' in s && s.table.sheet === '单位') as { table: TableSpec };
    const first = units.table.fields[0];
    const doubled = {
      ...LAYOUT,
      dataSheets: [...LAYOUT.dataSheets, { table: { ...units.table, sheet: '单位2', fields: [first, first] } }],
    };
    const r1 = WorkbookLayout.safeParse(doubled);
    expect(r1.success).toBe(false);
    expect(JSON.stringify(r1.error?.issues)).toContain('重复');
    const orphan = {
      ...LAYOUT,
      dataSheets: [
        ...LAYOUT.dataSheets,
        {
          table: {
            ...units.table,
            sheet: '孤表',
            rows: { children: 'units', parentSheet: '没有', parentKey: 'code', keyField: 'unit', list: 'duties' },
          },
        },
      ],
    };
    const r2 = WorkbookLayout.safeParse(orphan);
    expect(r2.success).toBe(false);
    expect(JSON.stringify(r2.error?.issues)).toContain('没有');
  });
});
