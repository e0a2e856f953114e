import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AmountUnit,
  formatAmount,
  formatWan,
  parseAmount,
  roundToWanCent,
  sumFen,
  wanExact,
} from '../../src/core/money/amount.ts';
import { formatPercent, growthPercent, percent } from '../../src/core/money/ratio.ts';

const RUNS = 10_000;

function fenOf(text: string, unit: AmountUnit = '万元'): bigint | 'blank' | 'error' {
  const p = parseAmount(text, unit);
  return p.kind === 'value' ? p.fen : p.kind;
}

describe('parseAmount: spellings found in real documents and workbooks', () => {
  it.each([
    ['365. 55', '万元', 365_550_000n],
    ['1,234.50', '万元', 1_234_500_000n],
    ['111.6768', '万元', 111_676_800n],
    ['9,501,164', '元', 950_116_400n],
    ['60', '万元', 60_000_000n],
    ['0.00', '万元', 0n],
    ['１２３．４５', '万元', 123_450_000n],
    ['１，２３４', '元', 123_400n],
    ['878. 81', '万元', 878_810_000n],
    ['-12.5', '万元', -12_500_000n],
    ['0.000001', '万元', 1n],
    ['12.30万元', '万元', 12_300_000n],
    ['.5', '元', 50n],
  ] as const)('%s (%s)', (text, unit, fen) => {
    expect(fenOf(text, unit)).toBe(fen);
  });

  it.each(['', '  ', '-', '—', '－', '/'])('blank spelling %j', (text) => {
    expect(fenOf(text)).toBe('blank');
  });

  it.each([
    ['abc', '万元'],
    ['12.3.4', '万元'],
    ['1.234', '元'],
    ['0.0000001', '万元'],
    ['12a', '万元'],
    ['.', '万元'],
  ] as const)('rejects %s in %s with a Chinese reason', (text, unit) => {
    const p = parseAmount(text, unit);
    expect(p.kind).toBe('error');
    if (p.kind === 'error') expect(p.reason).toMatch(/金额|精度/);
  });

  it('records the written precision', () => {
    const p = parseAmount('111.6768', '万元');
    expect(p.kind === 'value' && p.places).toBe(4);
  });
});

describe('rounding to 0.01 万元, half up', () => {
  it.each([
    [5_000n, 10_000n],
    [4_999n, 0n],
    [15_000n, 20_000n],
    [-5_000n, -10_000n],
    [-4_999n, 0n],
    [285_762_000n, 285_760_000n],
  ])('%d fen → %d fen', (fen, rounded) => {
    expect(roundToWanCent(fen)).toBe(rounded);
  });

  it('formats from the exact value, not from rounded parts', () => {
    // 123.053 + 59.123 + 88.113 + 15.473 = 285.762 → 285.76, while the rounded parts add to 285.75.
    const parts = ['123.053', '59.123', '88.113', '15.473'].map((t) => fenOf(t) as bigint);
    expect(formatWan(sumFen(parts))).toBe('285.76');
    expect(formatWan(sumFen(parts.map(roundToWanCent)))).toBe('285.75');
  });

  it('formats with grouping as Shanghai prints', () => {
    expect(formatAmount(296_168_000_0n, '万元', { grouping: true })).toBe('2,961.68');
    expect(formatAmount(950_116_400n, '元', { places: 0, grouping: true })).toBe('9,501,164');
    expect(formatAmount(-123_456_789n, '元', { grouping: true })).toBe('-1,234,567.89');
  });
});

describe('money properties (fast-check)', () => {
  const fenArb = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

  it('exact 万元 text round-trips to the same fen', () => {
    fc.assert(
      fc.property(fenArb, (fen) => {
        expect(fenOf(wanExact(fen))).toBe(fen);
      }),
      { numRuns: RUNS },
    );
  });

  it('元 text with two places round-trips, with or without grouping and stray spaces', () => {
    fc.assert(
      fc.property(fenArb, fc.boolean(), fc.nat(8), (fen, grouping, spaceAt) => {
        const text = formatAmount(fen, '元', { grouping });
        const spaced = `${text.slice(0, spaceAt)} ${text.slice(spaceAt)}`;
        expect(fenOf(text, '元')).toBe(fen);
        expect(fenOf(spaced, '元')).toBe(fen);
      }),
      { numRuns: RUNS },
    );
  });

  it('full-width spelling parses like ASCII', () => {
    fc.assert(
      fc.property(fenArb, (fen) => {
        const ascii = wanExact(fen);
        const wide = [...ascii].map((c) => String.fromCodePoint((c.codePointAt(0) as number) + 0xfee0)).join('');
        expect(fenOf(wide)).toBe(fen);
      }),
      { numRuns: RUNS },
    );
  });

  it('display rounding is within half a published cent and is a published-cent value', () => {
    fc.assert(
      fc.property(fenArb, (fen) => {
        const shown = fenOf(formatWan(fen)) as bigint;
        const diff = shown - fen;
        expect(diff <= 5_000n && diff >= -5_000n).toBe(true);
        expect(shown % 10_000n).toBe(0n);
        expect(roundToWanCent(fen)).toBe(shown);
      }),
      { numRuns: RUNS },
    );
  });

  it('sums are exact: Σ of parsed parts equals the parsed exact sum', () => {
    fc.assert(
      fc.property(fc.array(fenArb, { maxLength: 40 }), (values) => {
        const texts = values.map((v) => wanExact(v));
        const parsed = texts.map((t) => fenOf(t) as bigint);
        const total = sumFen(parsed);
        expect(total).toBe(values.reduce((a, b) => a + b, 0n));
        expect(fenOf(wanExact(total))).toBe(total);
        // rounding the sum differs from summing the rounded parts by at most n × half a cent
        const drift = sumFen(parsed.map(roundToWanCent)) - roundToWanCent(total);
        const bound = BigInt(values.length + 1) * 5_000n;
        expect(drift <= bound && drift >= -bound).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('ratios', () => {
  it('reproduces seed 002 percentages at one decimal', () => {
    const p = (a: string, b: string) => percent(fenOf(a) as bigint, fenOf(b) as bigint);
    expect(formatPercent(p('144.72', '734.09')!, 1)).toBe('19.7');
    expect(formatPercent(p('631.32', '878.81')!, 1)).toBe('71.8');
    expect(formatPercent(p('878.81', '635.29')!, 1)).toBe('138.3');
    expect(formatPercent(p('42.06', '41.6')!, 1)).toBe('101.1');
  });
  it('has no ratio against a zero base', () => {
    expect(percent(1n, 0n)).toBeNull();
    expect(growthPercent(5n, 0n)).toBeNull();
    expect(formatPercent(growthPercent(110n, 100n)!, 2)).toBe('10.00');
    expect(formatPercent(growthPercent(90n, 100n)!, 1)).toBe('-10.0');
  });
});
