/**
 * Amounts that carry their own unit are converted by it; a bare number takes the document's
 * unit; two units in one cell are an error; an implausible unit total is warned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseAmountWithUnit } from '../../src/core/money/unit-amount.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const fen = (raw: string, unit: '元' | '万元') => {
  const p = parseAmountWithUnit(raw, unit);
  return p.kind === 'value' ? p.fen : p.kind;
};

describe('amounts with their own unit', () => {
  it('"42万元" in a 元 document is 420 000 元, not 42 元', () => {
    expect(fen('42万元', '元')).toBe(42_000_000n);
    expect(fen('42', '元')).toBe(4_200n);
    expect(fen('42万', '元')).toBe(42_000_000n);
    expect(fen('0.25 万元', '元')).toBe(250_000n);
  });

  it('"¥25,000元" and "¥25,000" in a 万元 document are 2.5 万元', () => {
    expect(fen('¥25,000元', '万元')).toBe(2_500_000n);
    expect(fen('￥25,000', '万元')).toBe(2_500_000n);
    expect(fen('25000元', '万元')).toBe(2_500_000n);
    expect(fen('2.5', '万元')).toBe(2_500_000n);
  });

  it('refuses a cell naming two units, and keeps precision checks in the written unit', () => {
    const p = parseAmountWithUnit('4.2万元元', '元');
    expect(p).toEqual({ kind: 'error', reason: '“4.2万元元”同时写了“元”和“万元”两个单位，请只保留一个' });
    expect(parseAmountWithUnit('1.234元', '万元')).toEqual({
      kind: 'error',
      reason: '“1.234元”的精度超过 1 分（以元计最多 2 位小数）',
    });
    expect(parseAmountWithUnit('十二万元', '元').kind).toBe('error');
  });
});

type Raw = { amountUnit: string; lines: Array<{ amount: string }>; units: Array<{ name: string }> };
const example = (): Raw =>
  JSON.parse(readFileSync(join(ROOT, 'examples/hetang-zfb-2024-budget/source.json'), 'utf8')) as Raw;

describe('the normaliser', () => {
  it('reads an amount written in 万元 inside a 元 source by its own unit, a bare number by the sheet’s', () => {
    const raw = example();
    expect(raw.amountUnit).toBe('元');
    const catalogs = loadBundledCatalogs();
    const base = normaliseSource(raw, catalogs);
    expect(base.data).toBeDefined();
    const line = raw.lines[0] as { amount: string };
    const yuan = line.amount;
    line.amount = `${new Decimal(yuan).div(10_000).toFixed()}万元`;
    expect(line.amount).toMatch(/万元$/);
    const inWan = normaliseSource(raw, catalogs);
    expect(inWan.data).toEqual(base.data);
    // the same digits without a unit are 元: 10 000 times less, and the books no longer balance
    line.amount = new Decimal(yuan).div(10_000).toFixed();
    const bare = normaliseSource(raw, catalogs);
    expect(bare.data).toBeUndefined();
    line.amount = '42万元元';
    expect(normaliseSource(raw, catalogs).issues).toContainEqual(
      expect.objectContaining({ path: ['lines', 0, 'amount'], message: expect.stringContaining('两个单位') }),
    );
  });

  it('warns about a unit whose total is implausible for its kind', () => {
    // 元 figures under amountUnit 万元: every unit spends 10 000 times too much
    const raw = example();
    raw.amountUnit = '万元';
    const r = normaliseSource(raw, loadBundledCatalogs());
    const w = r.issues.filter((i) => i.severity === 'warning' && i.path[0] === 'units');
    expect(w.length).toBeGreaterThan(0);
    expect(w[0]?.message).toMatch(
      /^(行政|参公|事业)单位“.+”支出合计 .+万元，超过同类单位的常见规模（不超过 \d+\.00万元），请核对金额单位（amountUnit 为“万元”）$/,
    );
    expect(normaliseSource(example(), loadBundledCatalogs()).issues.filter((i) => i.path[0] === 'units')).toEqual([]);
  });
});
