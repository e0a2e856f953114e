/**
 * 本级 + 所属单位 → 部门汇总: the raw source documents of a department's units merged into one
 * department document. Pure: the store keeps the result in step with its units (src/app).
 *
 * Per-unit lists (units, incomes, lines, projects, 三公, …) are concatenated — every item keeps
 * its `unit`, so the template engine consolidates exactly as for a department-wide file. Amounts
 * that exist once per document (机关运行经费, 政府采购, 上年数) are summed exactly in fen; a figure
 * that some unit lacks is left out rather than summed as if it were 0. Texts that exist once per
 * document (部门整体绩效目标, 说明 reasons) come from the first unit that has them (本级 sorts first).
 */
import { type AmountUnit, fenToDecimalString, parseAmount } from '../money/amount.ts';

type Raw = Record<string, unknown>;

const LIST_KEYS = [
  'units',
  'incomes',
  'yearEndCarryover',
  'balanceUse',
  'balanceDistribution',
  'budgetByFunc',
  'lines',
  'projects',
  'threePublic',
  'meetingTraining',
  'catalogAdditions',
] as const;

const SUMMED_AMOUNTS = ['officeOperation', 'officeOperationBudget'] as const;
const FIRST_PRESENT = ['departmentPerformance', 'assets'] as const;
/** the keys this merge understands; a unit document with any other key is refused (not silently dropped) */
const KNOWN = new Set<string>([
  '$schema',
  'schemaVersion',
  'kind',
  'year',
  'templateSet',
  'amountUnit',
  'region',
  'department',
  ...LIST_KEYS,
  ...SUMMED_AMOUNTS,
  ...FIRST_PRESENT,
  'procurement',
  'priorYear',
  'selfEvaluation',
  'reasons',
]);

export class ConsolidationError extends Error {}

export function consolidateSources(
  department: { code: string; name: string },
  units: readonly { unitCode: string; raw: Raw }[],
): Raw {
  if (units.length === 0) throw new ConsolidationError(`部门 ${department.code} 没有可汇总的单位数据`);
  const first = units[0]!.raw;
  const unit = first.amountUnit as AmountUnit;
  for (const { unitCode, raw } of units) {
    for (const key of ['kind', 'year', 'templateSet', 'amountUnit'] as const) {
      if (raw[key] !== first[key]) {
        throw new ConsolidationError(
          `单位 ${unitCode} 的 ${key}（${String(raw[key])}）与单位 ${units[0]!.unitCode} 的（${String(first[key])}）不一致，无法汇总`,
        );
      }
    }
    const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0)
      throw new ConsolidationError(`单位 ${unitCode} 的源数据含汇总不认识的字段：${unknown.join('、')}`);
  }
  const out: Raw = {
    schemaVersion: first.schemaVersion ?? 1,
    kind: first.kind,
    year: first.year,
    templateSet: first.templateSet,
    amountUnit: unit,
    ...(first.region !== undefined ? { region: first.region } : {}),
    department: { code: department.code, name: department.name },
  };
  for (const key of LIST_KEYS) {
    const all = units.flatMap(({ raw }) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []));
    if (all.length > 0 || key === 'units' || key === 'lines' || key === 'incomes') out[key] = structuredClone(all);
  }
  for (const key of SUMMED_AMOUNTS) {
    const s = sumAll(
      units.map((u) => u.raw[key]),
      unit,
      key,
    );
    if (s !== undefined) out[key] = s;
  }
  for (const key of FIRST_PRESENT) {
    const hit = units.find((u) => u.raw[key] !== undefined);
    if (hit) out[key] = structuredClone(hit.raw[key]);
  }
  const procurement = sumObjects(
    units.map((u) => u.raw.procurement as Raw | undefined),
    unit,
    'procurement',
  );
  if (procurement) out.procurement = procurement;
  const prior = units.map((u) => u.raw.priorYear as Raw | undefined);
  if (prior.every((p) => p !== undefined)) {
    const p0 = prior[0]!;
    if (prior.every((p) => p!.year === p0.year && (p!.basis ?? '年初预算') === (p0.basis ?? '年初预算'))) {
      const { year, basis, note } = p0;
      const summed = sumObjects(
        prior.map((p) => {
          const { year: _y, basis: _b, note: _n, ...rest } = p!;
          return rest;
        }),
        unit,
        'priorYear',
      );
      out.priorYear = {
        year,
        ...(basis !== undefined ? { basis } : {}),
        ...summed,
        note: `由 ${units.length} 个单位的上年数汇总${note ? `；${String(note)}` : ''}`,
      };
    }
  }
  const selfEvaluations = units.map((u) => u.raw.selfEvaluation as Raw | undefined).filter((x) => x !== undefined);
  if (selfEvaluations.length > 0) {
    const dept = selfEvaluations.find((s) => s.department !== undefined)?.department;
    out.selfEvaluation = {
      ...(dept !== undefined ? { department: structuredClone(dept) } : {}),
      projects: selfEvaluations.flatMap((s) => (Array.isArray(s.projects) ? structuredClone(s.projects) : [])),
    };
  }
  const reasons: Record<string, unknown> = {};
  for (const { raw } of units) {
    for (const [k, v] of Object.entries((raw.reasons as Raw | undefined) ?? {})) if (!(k in reasons)) reasons[k] = v;
  }
  out.reasons = reasons;
  return out;
}

function toFen(v: unknown, unit: AmountUnit, what: string): bigint {
  const p = parseAmount(String(v), unit);
  if (p.kind === 'error') throw new ConsolidationError(`${what}：${p.reason}`);
  return p.kind === 'blank' ? 0n : p.fen;
}

/** Σ of the values, or undefined when any is missing (unknown is not 0). */
function sumAll(values: readonly unknown[], unit: AmountUnit, what: string): string | undefined {
  if (values.length === 0 || values.some((v) => v === undefined || v === null)) return undefined;
  let total = 0n;
  for (const v of values) total += toFen(v, unit, what);
  return fenToDecimalString(total, unit, 2);
}

/** Field-wise Σ of objects of amounts (nested objects too); a field missing in any object is left out. */
function sumObjects(objs: readonly (Raw | undefined)[], unit: AmountUnit, what: string): Raw | undefined {
  if (objs.length === 0 || objs.some((o) => o === undefined)) return undefined;
  const present = objs as Raw[];
  const out: Raw = {};
  for (const key of Object.keys(present[0]!)) {
    const values = present.map((o) => o[key]);
    if (values.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
      const nested = sumObjects(values as Raw[], unit, `${what}.${key}`);
      if (nested) out[key] = nested;
    } else {
      const s = sumAll(values, unit, `${what}.${key}`);
      if (s !== undefined) out[key] = s;
    }
  }
  return out;
}
