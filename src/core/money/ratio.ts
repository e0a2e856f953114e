/**
 * Ratios between amounts (shares, growth, 完成预算 %) with decimal.js: exact division of the
 * fen integers, rounded half up only at the end, to the precision the region publishes.
 */
import { Decimal } from 'decimal.js';
import type { Fen } from './amount.ts';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** part / whole × 100, or null when the whole is zero (no meaningful ratio). */
export function percent(part: Fen, whole: Fen): Decimal | null {
  if (whole === 0n) return null;
  return new D(part.toString()).mul(100).div(new D(whole.toString()));
}

/** (current − base) / base × 100, or null when the base is zero ("上年无该项"). */
export function growthPercent(current: Fen, base: Fen): Decimal | null {
  if (base === 0n) return null;
  return new D((current - base).toString()).mul(100).div(new D(base.toString()).abs());
}

/** Format a percentage with a fixed number of places, half up: 19.7143 → "19.7". */
export function formatPercent(value: Decimal, places: number): string {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

export { D as ExactDecimal };
