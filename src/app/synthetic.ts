/**
 * Deterministic synthetic source data: a fictional district of departments and their units over
 * several years, for demo data (the server's --demo), load tests and benchmarks. Same options,
 * same bytes — no clock, no Math.random.
 *
 * Each unit is derived from one of the two units of the demo example (行政 本级 118001, 事业 118002):
 * its line items, projects, 三公 and 会议费培训费 scaled by a per-unit, per-year factor, exactly in
 * fen; incomes are recomputed per fund source so that 收入 = 支出 + 年末结转 holds as in the example.
 * Optionally every project is split into several (`lineSplit`), each with its share of the
 * project's lines, for scale benchmarks with many line items per unit.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fenToDecimalString, parseAmount } from '../core/money/amount.ts';

type Raw = Record<string, unknown>;
type Item = Record<string, unknown> & { unit?: string; amount?: string; fund?: string; carryover?: boolean };

const BASE_FILE = fileURLToPath(new URL('../../examples/demo-two-units-2024-budget/source.json', import.meta.url));

/** The example the synthetic units are derived from (examples/demo-two-units-2024-budget). */
export function loadSyntheticBase(): Raw {
  return JSON.parse(readFileSync(BASE_FILE, 'utf8')) as Raw;
}

const DEPARTMENT_STEMS = [
  '教育局',
  '卫生健康局',
  '民政局',
  '财政局',
  '自然资源局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '水利局',
  '商务局',
  '文化旅游体育局',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '城市管理局',
  '人力资源和社会保障局',
  '司法局',
  '科学技术局',
  '工业和信息化局',
  '生态环境局',
  '林业局',
  '档案馆',
  '机关事务服务中心',
  '政务服务中心',
  '融媒体中心',
  '信访局',
  '发展和改革局',
  '民族宗教事务局',
  '供销合作社',
  '总工会',
  '妇女联合会',
  '残疾人联合会',
  '科学技术协会',
];
const UNIT_SUFFIXES = ['事务服务中心', '综合保障中心', '信息中心', '培训中心', '监测站', '服务站'];

export interface SyntheticOptions {
  /** departments (default 30) */
  departments?: number;
  /** 事业 units per department besides 本级: seeded between min and max (default 1–3) */
  minUnits?: number;
  maxUnits?: number;
  /** years (default [2023, 2024]) */
  years?: readonly number[];
  /** split every project (and its lines) into this many (default 1: the example's lines) */
  lineSplit?: number;
  seed?: number;
  region?: string;
  /** first department code (3 digits, default 201) */
  firstCode?: number;
}

export interface SyntheticFile {
  /** e.g. 201002-2024-budget.json */
  fileName: string;
  unitCode: string;
  departmentCode: string;
  year: number;
  raw: Raw;
  bytes(): Buffer;
}

/** A PRNG with a 32-bit state (mulberry32): small, fast, reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticUnitSpec {
  departmentCode: string;
  departmentName: string;
  unitCode: string;
  unitName: string;
  /** 行政 (from 118001) or 事业 (from 118002) */
  kind: '行政' | '事业';
  year: number;
  /** scale in percent (exact: amounts × percent / 100, half up) */
  percent: number;
  lineSplit?: number;
  region: string;
}

/** One unit's source document. */
export function syntheticUnit(base: Raw, spec: SyntheticUnitSpec): Raw {
  const template = spec.kind === '行政' ? '118001' : '118002';
  const unitTemplate = (base.units as Item[]).find((u) => u.code === template)!;
  const of = (key: string) => ((base[key] as Item[] | undefined) ?? []).filter((x) => x.unit === template);
  const scale = (text: unknown): bigint => {
    const p = parseAmount(String(text), '元');
    const fen = p.kind === 'value' ? p.fen : 0n;
    return (fen * BigInt(spec.percent) + 50n) / 100n;
  };
  const yuan = (fen: bigint) => fenToDecimalString(fen, '元', 2);
  const projectCode = (old: string) => `${spec.unitCode}XM${spec.year}${old.slice(-3)}`;
  const split = Math.max(1, spec.lineSplit ?? 1);

  const lines: Item[] = [];
  const byFund = new Map<string, bigint>();
  const add = (fund: string, fen: bigint) => byFund.set(fund, (byFund.get(fund) ?? 0n) + fen);
  /** project code → the codes of its parts (lineSplit > 1 splits every project into that many) */
  const parts = new Map<string, string[]>();
  const partCodes = (old: string) => {
    const code = projectCode(old);
    const list =
      split === 1 ? [code] : Array.from({ length: split }, (_, k) => `${code}${String(k + 1).padStart(2, '0')}`);
    parts.set(old, list);
    return list;
  };
  for (const l of of('lines')) {
    const total = scale(l.amount);
    add(String(l.fund), total);
    if (!l.project) {
      lines.push({ ...l, unit: spec.unitCode, amount: yuan(total) });
      continue;
    }
    // a project line becomes one line per project part, summing exactly to the scaled amount
    const codes = parts.get(String(l.project)) ?? partCodes(String(l.project));
    const part = total / BigInt(codes.length);
    codes.forEach((code, k) => {
      const fen = k === codes.length - 1 ? total - part * BigInt(codes.length - 1) : part;
      lines.push({ ...l, unit: spec.unitCode, project: code, amount: yuan(fen) });
    });
  }
  const yearEndCarryover = of('yearEndCarryover').map((c) => {
    const fen = scale(c.amount);
    add(String(c.fund), fen);
    return { ...c, unit: spec.unitCode, amount: yuan(fen) };
  });
  // incomes: carryover incomes scale; the current-year income of each fund makes up the rest
  const incomes: Item[] = [];
  const carried = new Map<string, bigint>();
  for (const i of of('incomes').filter((x) => x.carryover)) {
    const fen = scale(i.amount);
    carried.set(String(i.fund), (carried.get(String(i.fund)) ?? 0n) + fen);
  }
  for (const i of of('incomes')) {
    const fund = String(i.fund);
    const fen = i.carryover ? scale(i.amount) : (byFund.get(fund) ?? 0n) - (carried.get(fund) ?? 0n);
    incomes.push({ ...i, unit: spec.unitCode, amount: yuan(fen) });
  }
  const scaleFields = (x: Item, fields: readonly string[]) => {
    const out: Item = { ...x, unit: spec.unitCode };
    for (const f of fields) if (x[f] !== undefined) out[f] = yuan(scale(x[f]));
    return out;
  };
  const raw: Raw = {
    schemaVersion: 1,
    kind: base.kind,
    year: spec.year,
    templateSet: base.templateSet,
    amountUnit: '元',
    region: spec.region,
    department: { code: spec.departmentCode, name: spec.departmentName },
    units: [
      {
        ...unitTemplate,
        code: spec.unitCode,
        name: spec.unitName,
        parent: spec.departmentCode,
      },
    ],
    incomes,
    yearEndCarryover,
    lines,
    projects: ((base.projects as Item[]) ?? [])
      .filter((p) => p.unit === template)
      .flatMap((p) =>
        (parts.get(String(p.code)) ?? partCodes(String(p.code))).map((code, k, all) => ({
          ...structuredClone(p),
          code,
          ...(all.length > 1 ? { name: `${String(p.name)}（${k + 1}）` } : {}),
          unit: spec.unitCode,
        })),
      ),
    threePublic: of('threePublic').map((t) =>
      scaleFields(t, ['abroad', 'vehiclePurchase', 'vehicleOperation', 'reception']),
    ),
    meetingTraining: of('meetingTraining').map((t) => scaleFields(t, ['meeting', 'training'])),
    officeOperation: spec.kind === '行政' ? yuan(scale(base.officeOperation)) : '0',
    procurement: Object.fromEntries(
      Object.entries((base.procurement as Record<string, string>) ?? {}).map(([k, v]) => [
        k,
        yuan(spec.kind === '行政' ? scale(v) : 0n),
      ]),
    ),
    reasons: structuredClone(base.reasons ?? {}),
    catalogAdditions: structuredClone(base.catalogAdditions ?? []),
  };
  if (spec.kind === '行政') {
    if (base.departmentPerformance) raw.departmentPerformance = structuredClone(base.departmentPerformance);
    if (base.assets) raw.assets = structuredClone(base.assets);
  }
  return raw;
}

/** The whole district: every unit of every department for every year, in a stable order. */
export function syntheticDistrict(opts: SyntheticOptions = {}, base: Raw = loadSyntheticBase()): SyntheticFile[] {
  const departments = opts.departments ?? 30;
  const years = opts.years ?? [2023, 2024];
  const minUnits = opts.minUnits ?? 1;
  const maxUnits = Math.max(minUnits, opts.maxUnits ?? 3);
  const region = opts.region ?? '明账示范区';
  const random = rng(opts.seed ?? 20240101);
  const files: SyntheticFile[] = [];
  for (let d = 0; d < departments; d++) {
    const code = String((opts.firstCode ?? 201) + d).padStart(3, '0');
    const stem = DEPARTMENT_STEMS[d % DEPARTMENT_STEMS.length]!;
    const round = Math.floor(d / DEPARTMENT_STEMS.length);
    const deptName = `${region}${stem}${round > 0 ? `（第${round + 1}组）` : ''}`;
    const extra = minUnits + Math.floor(random() * (maxUnits - minUnits + 1));
    const units = [
      { code: `${code}001`, name: `${deptName}（本级）`, kind: '行政' as const },
      ...Array.from({ length: extra }, (_, k) => ({
        code: `${code}${String(k + 2).padStart(3, '0')}`,
        name: `${deptName.replace(/局$|馆$|中心$|社$|会$/, '')}${UNIT_SUFFIXES[k % UNIT_SUFFIXES.length]}`,
        kind: '事业' as const,
      })),
    ];
    for (const u of units) {
      const basePercent = 40 + Math.floor(random() * 160);
      for (const [yi, year] of years.entries()) {
        // each year grows or shrinks a little against the year before
        const percent = Math.max(1, basePercent + yi * (Math.floor(random() * 21) - 8));
        const raw = syntheticUnit(base, {
          departmentCode: code,
          departmentName: deptName,
          unitCode: u.code,
          unitName: u.name,
          kind: u.kind,
          year,
          percent,
          region,
          ...(opts.lineSplit ? { lineSplit: opts.lineSplit } : {}),
        });
        const text = `${JSON.stringify(raw, null, 1)}\n`;
        files.push({
          fileName: `${u.code}-${year}-budget.json`,
          unitCode: u.code,
          departmentCode: code,
          year,
          raw,
          bytes: () => Buffer.from(text, 'utf8'),
        });
      }
    }
  }
  return files;
}
