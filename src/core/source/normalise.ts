/**
 * From the JSON form to the normalised model: structural validation (zod), amounts to fen,
 * codes checked against the catalogs for the document's year, and the semantic checks a finance
 * bureau would make before accepting source data. Pure: no I/O.
 */
import { z } from 'zod';
import { type CatalogEntry, economicLevel, functionLevel, lookup, normaliseName } from '../catalogs/catalog.ts';
import {
  type Catalogs,
  documentEntry,
  findFund,
  mappingKind,
  mapToGovEcon,
  withAdditions,
} from '../catalogs/catalogs.ts';
import type { Issue } from '../diagnostics.ts';
import { type AmountUnit, type Fen, formatWan, parseAmount } from '../money/amount.ts';
import {
  type BasicKind,
  type BudgetLine,
  basicKindOfEcon,
  type CarryoverItem,
  type IncomeItem,
  type Project,
  type SourceData,
  type ThreePublic,
  type Unit,
} from './model.ts';
import { type ParsedSource, SourceSchema } from './schema.ts';

z.config(z.locales.zhCN());

type Path = ReadonlyArray<string | number>;

export interface NormaliseResult {
  /** present when there is no error */
  readonly data?: SourceData;
  readonly issues: Issue[];
  /** the catalogs extended with the codes and names this document introduced */
  readonly catalogs: Catalogs;
}

/** Validate raw JSON (already parsed) and normalise it. */
export function normaliseSource(raw: unknown, catalogs: Catalogs): NormaliseResult {
  const parsed = SourceSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => ({
        severity: 'error' as const,
        message: i.message,
        path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      })),
      catalogs,
    };
  }
  return new Normaliser(parsed.data, catalogs).run();
}

const THREE_PUBLIC_ECON: ReadonlyArray<
  [keyof Pick<ThreePublic, 'abroad' | 'vehiclePurchase' | 'vehicleOperation' | 'reception'>, string, string]
> = [
  ['abroad', '30212', '因公出国（境）费'],
  ['vehiclePurchase', '31013', '公务用车购置费'],
  ['vehicleOperation', '30231', '公务用车运行维护费'],
  ['reception', '30217', '公务接待费'],
];

class Normaliser {
  private readonly issues: Issue[] = [];
  private catalogs: Catalogs;
  private readonly unit: AmountUnit;

  constructor(
    private readonly src: ParsedSource,
    catalogs: Catalogs,
  ) {
    this.unit = src.amountUnit;
    this.catalogs = withAdditions(
      catalogs,
      src.catalogAdditions.map((a) => ({
        kind: a.catalog,
        entry: documentEntry(a.code, a.name, src.year, '本文件 catalogAdditions'),
      })),
    );
  }

  private error(path: Path, message: string): void {
    this.issues.push({ severity: 'error', message, path });
  }
  private warn(path: Path, message: string): void {
    this.issues.push({ severity: 'warning', message, path });
  }

  private money(value: string | number | undefined, path: Path, allowNegative = false): Fen {
    if (value === undefined) return 0n;
    const text = typeof value === 'number' ? String(value) : value;
    const p = parseAmount(text, this.unit);
    if (p.kind === 'error') {
      this.error(path, p.reason);
      return 0n;
    }
    if (p.kind === 'blank') return 0n;
    if (p.fen < 0n && !allowNegative) this.error(path, `金额不能为负数（${text}）`);
    return p.fen;
  }

  private wan(fen: Fen): string {
    return `${formatWan(fen)}万元`;
  }

  run(): NormaliseResult {
    const s = this.src;
    const units = this.units();
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const checkUnit = (code: string, path: Path) => {
      if (!unitByCode.has(code)) {
        this.error(path, `单位编码“${code}”不在 units 中（已登记：${[...unitByCode.keys()].join('、')}）`);
        return false;
      }
      return true;
    };
    const fundCode = (v: string, path: Path): string => {
      const f = findFund(this.catalogs, v);
      if (!f) {
        this.error(path, `未知的资金来源“${v}”（见 data/catalogs/fund_sources.csv）`);
        return v;
      }
      return f.code;
    };

    const projects = this.projects(checkUnit);
    const projectByCode = new Map(projects.map((p) => [p.code, p]));

    // --- expenditure lines
    const lines: BudgetLine[] = [];
    const seen = new Map<string, number>();
    s.lines.forEach((l, i) => {
      const path = ['lines', i];
      checkUnit(l.unit, [...path, 'unit']);
      const unit = unitByCode.get(l.unit);
      const func = this.functionCode(l.func, l.funcName, [...path, 'func']);
      const econ = this.economicCode(l.econ, l.econName, [...path, 'econ']);
      const gov = this.govCode(l.econ, l.govEcon, unit, [...path, 'govEcon']);
      const fund = fundCode(l.fund, [...path, 'fund']);
      const amount = this.money(l.amount, [...path, 'amount']);

      let basicKind: BasicKind | null = null;
      if (l.category === '基本') {
        if (l.project)
          this.error([...path, 'project'], `基本支出不应挂项目（项目 ${l.project}）；项目资金请填“项目”类别`);
        const derived = basicKindOfEcon(l.econ);
        if (l.basicKind && l.basicKind !== derived) {
          this.error([...path, 'basicKind'], `经济分类 ${l.econ} 属于${derived}经费，与填写的“${l.basicKind}”不符`);
        }
        basicKind = l.basicKind ?? derived;
      } else if (l.category === '项目') {
        if (!l.project) this.error([...path, 'project'], '项目支出必须填写项目代码');
        else if (!projectByCode.has(l.project))
          this.error([...path, 'project'], `项目代码“${l.project}”不在 projects 中`);
        else if (projectByCode.get(l.project)?.unit !== l.unit) {
          this.error(
            [...path, 'project'],
            `项目 ${l.project} 属于单位 ${projectByCode.get(l.project)?.unit}，与本行单位 ${l.unit} 不符`,
          );
        }
        if (l.basicKind) this.error([...path, 'basicKind'], '项目支出不区分人员经费/公用经费，请留空');
      } else if (l.basicKind) {
        this.error([...path, 'basicKind'], `${l.category}支出不区分人员经费/公用经费，请留空`);
      }

      const key = [l.unit, l.func, l.econ, l.category, l.project ?? '', fund].join('|');
      const first = seen.get(key);
      if (first !== undefined) {
        this.error(
          path,
          `与 lines[${first}] 重复（同一单位、功能科目、经济科目、支出类别、项目和资金来源）；请合并为一行`,
        );
      } else seen.set(key, i);

      lines.push({
        index: i,
        unit: l.unit,
        func: l.func,
        funcName: func,
        econ: l.econ,
        econName: econ,
        govEcon: gov.code,
        govEconName: gov.name,
        category: l.category,
        basicKind,
        project: l.category === '项目' ? (l.project ?? null) : null,
        fund,
        amount,
      });
    });

    // --- incomes and carry-over
    const incomes: IncomeItem[] = s.incomes.map((inc, i) => {
      const path = ['incomes', i];
      checkUnit(inc.unit, [...path, 'unit']);
      return {
        index: i,
        unit: inc.unit,
        fund: fundCode(inc.fund, [...path, 'fund']),
        amount: this.money(inc.amount, [...path, 'amount']),
        carryover: inc.carryover ?? false,
      };
    });
    const yearEndCarryover: CarryoverItem[] = s.yearEndCarryover.map((c, i) => {
      const path = ['yearEndCarryover', i];
      checkUnit(c.unit, [...path, 'unit']);
      return {
        unit: c.unit,
        fund: fundCode(c.fund, [...path, 'fund']),
        amount: this.money(c.amount, [...path, 'amount']),
      };
    });
    if (s.kind === '预算') this.checkBalance(units, incomes, lines, yearEndCarryover);

    for (const p of projects) {
      if (!lines.some((l) => l.project === p.code)) {
        this.warn(['projects', projects.indexOf(p)], `项目 ${p.code}“${p.name}”没有任何支出明细`);
      }
    }

    const threePublic = this.threePublic(checkUnit, lines);
    const meetingTraining = s.meetingTraining.map((m, i) => {
      checkUnit(m.unit, ['meetingTraining', i, 'unit']);
      return {
        unit: m.unit,
        meeting: this.money(m.meeting, ['meetingTraining', i, 'meeting']),
        training: this.money(m.training, ['meetingTraining', i, 'training']),
        counts: {
          meetingCount: m.meetingCount,
          meetingPeople: m.meetingPeople,
          trainingCount: m.trainingCount,
          trainingPeople: m.trainingPeople,
        },
      };
    });

    this.checkMagnitude(lines);

    const data: SourceData = {
      kind: s.kind,
      year: s.year,
      templateSet: s.templateSet,
      amountUnit: s.amountUnit,
      ...(s.region ? { region: s.region } : {}),
      department: s.department,
      units,
      incomes,
      yearEndCarryover,
      lines,
      projects,
      ...(s.departmentPerformance ? { departmentPerformance: s.departmentPerformance } : {}),
      threePublic,
      meetingTraining,
      ...(s.officeOperation !== undefined
        ? { officeOperation: this.money(s.officeOperation, ['officeOperation']) }
        : {}),
      ...(s.procurement
        ? {
            procurement: {
              goods: this.money(s.procurement.goods, ['procurement', 'goods']),
              works: this.money(s.procurement.works, ['procurement', 'works']),
              services: this.money(s.procurement.services, ['procurement', 'services']),
              ...(s.procurement.smeReserved !== undefined
                ? { smeReserved: this.money(s.procurement.smeReserved, ['procurement', 'smeReserved']) }
                : {}),
              ...(s.procurement.smallMicro !== undefined
                ? { smallMicro: this.money(s.procurement.smallMicro, ['procurement', 'smallMicro']) }
                : {}),
            },
          }
        : {}),
      ...(s.assets ? { assets: s.assets } : {}),
      ...(s.priorYear ? { priorYear: this.priorYear(s.priorYear) } : {}),
      reasons: s.reasons,
    };
    const failed = this.issues.some((i) => i.severity === 'error');
    return { ...(failed ? {} : { data }), issues: this.issues, catalogs: this.catalogs };
  }

  private units(): Unit[] {
    const s = this.src;
    const seen = new Set<string>();
    return s.units.map((u, i) => {
      if (seen.has(u.code)) this.error(['units', i, 'code'], `单位编码“${u.code}”重复`);
      seen.add(u.code);
      if (u.parent && u.parent !== s.department.code) {
        this.error(
          ['units', i, 'parent'],
          `单位 ${u.code} 的上级部门“${u.parent}”与部门编码“${s.department.code}”不符`,
        );
      }
      if (u.code !== s.department.code && !u.code.startsWith(s.department.code)) {
        this.warn(['units', i, 'code'], `单位编码“${u.code}”不以部门编码“${s.department.code}”开头`);
      }
      return {
        code: u.code,
        name: u.name,
        kind: u.kind,
        parent: u.parent ?? null,
        duties: u.duties ?? [],
        ...(u.dutiesBasis ? { dutiesBasis: u.dutiesBasis } : {}),
        ...(u.organisation ? { organisation: u.organisation } : {}),
        ...(u.authorisedStaff !== undefined ? { authorisedStaff: u.authorisedStaff } : {}),
        ...(u.actualStaff !== undefined ? { actualStaff: u.actualStaff } : {}),
        ...(u.retiredStaff !== undefined ? { retiredStaff: u.retiredStaff } : {}),
      };
    });
  }

  private projects(checkUnit: (code: string, path: Path) => boolean): Project[] {
    const seen = new Set<string>();
    return this.src.projects.map((p, i) => {
      if (seen.has(p.code)) this.error(['projects', i, 'code'], `项目代码“${p.code}”重复`);
      seen.add(p.code);
      checkUnit(p.unit, ['projects', i, 'unit']);
      return {
        code: p.code,
        name: p.name,
        unit: p.unit,
        category: p.category,
        special: p.special ?? false,
        performanceName: p.performanceName ?? p.name,
        ...(p.period ? { period: p.period } : {}),
        ...(p.budgetMethod ? { budgetMethod: p.budgetMethod } : {}),
        ...(p.goal ? { goal: p.goal } : {}),
        indicators: p.indicators,
      };
    });
  }

  /** Check a catalog code; returns the name to print (the document's own name wins). */
  private checkCode(
    catalogKey: 'func' | 'deptEcon' | 'govEcon',
    label: string,
    code: string,
    given: string | undefined,
    path: Path,
  ): string {
    const catalog = this.catalogs[catalogKey];
    const r = lookup(catalog, code, this.src.year);
    if (r.status === 'unknown') {
      if (given) {
        this.warn(path, `${label}“${code}”不在 ${this.src.year} 年目录中，已按输入名称“${given}”补充到本文件的目录`);
        this.addDocumentEntry(catalogKey, documentEntry(code, given, this.src.year, '本文件'));
        return given;
      }
      this.warn(path, `${label}“${code}”不在 ${this.src.year} 年目录中，且未填写名称`);
      return `（未知科目 ${code}）`;
    }
    if (r.status === 'out-of-range') {
      const range = `${r.entry.validFrom ?? '…'}–${r.entry.validTo ?? '…'}`;
      this.warn(path, `${label}“${code} ${r.entry.name}”只适用于 ${range} 年，不适用于 ${this.src.year} 年`);
    }
    if (given && normaliseName(given) !== normaliseName(r.entry.name)) {
      this.warn(path, `${label} ${code} 的名称“${given}”与目录名称“${r.entry.name}”不一致，按输入名称使用`);
      return given;
    }
    return given ?? r.entry.name;
  }

  private addDocumentEntry(key: 'func' | 'deptEcon' | 'govEcon', entry: CatalogEntry): void {
    const kind = key === 'func' ? '功能分类' : key === 'deptEcon' ? '部门经济分类' : '政府经济分类';
    this.catalogs = withAdditions(this.catalogs, [{ kind, entry }]);
  }

  private functionCode(code: string, given: string | undefined, path: Path): string {
    if (functionLevel(code) !== 3) {
      this.error(path, `支出功能分类必须填到项级（7 位编码），“${code}”不是项级编码`);
      return given ?? code;
    }
    // Ancestors must be known too, or the 类/款 rows would print without names.
    for (const anc of [code.slice(0, 3), code.slice(0, 5)]) {
      if (lookup(this.catalogs.func, anc, this.src.year).status === 'unknown') {
        this.warn(path, `功能分类“${anc}”（${code} 的上级）不在目录中`);
      }
    }
    return this.checkCode('func', '功能分类', code, given, path);
  }

  private economicCode(code: string, given: string | undefined, path: Path): string {
    if (economicLevel(code) !== 2) {
      this.error(path, `部门预算支出经济分类必须填到款级（5 位编码），“${code}”不是款级编码`);
      return given ?? code;
    }
    return this.checkCode('deptEcon', '部门经济分类', code, given, path);
  }

  private govCode(
    deptCode: string,
    explicit: string | undefined,
    unit: Unit | undefined,
    path: Path,
  ): { code: string; name: string } {
    const kind = mappingKind(unit?.kind ?? '行政');
    const mapped = mapToGovEcon(this.catalogs, deptCode, kind);
    const code = explicit ?? mapped;
    if (!code) {
      this.warn(path, `部门经济分类 ${deptCode} 在“${kind}”单位下没有对应的政府经济分类`);
      return { code: '', name: '' };
    }
    if (explicit && mapped && explicit !== mapped) {
      this.warn(path, `政府经济分类 ${explicit} 与对照表（${deptCode} → ${mapped}，${kind}单位）不一致`);
    }
    const r = lookup(this.catalogs.govEcon, code, this.src.year);
    if (r.status === 'unknown') this.warn(path, `政府经济分类“${code}”不在目录中`);
    return { code, name: r.status === 'unknown' ? `（未知科目 ${code}）` : r.entry.name };
  }

  private checkBalance(
    units: readonly Unit[],
    incomes: readonly IncomeItem[],
    lines: readonly BudgetLine[],
    carry: readonly CarryoverItem[],
  ): void {
    for (const u of units) {
      const funds = new Set([...incomes, ...lines, ...carry].filter((x) => x.unit === u.code).map((x) => x.fund));
      for (const fund of funds) {
        const inc = sumBy(incomes, (x) => x.unit === u.code && x.fund === fund);
        const exp = sumBy(lines, (x) => x.unit === u.code && x.fund === fund);
        const out = sumBy(carry, (x) => x.unit === u.code && x.fund === fund);
        if (inc !== exp + out) {
          const name = findFund(this.catalogs, fund)?.name ?? fund;
          this.error(
            ['incomes'],
            `单位 ${u.code} 的“${name}”收支不平衡：收入 ${this.wan(inc)}，支出 ${this.wan(exp)}` +
              (out ? ` + 年终结转结余 ${this.wan(out)}` : '') +
              `，相差 ${this.wan(inc - exp - out)}`,
          );
        }
      }
    }
  }

  private threePublic(checkUnit: (c: string, p: Path) => boolean, lines: readonly BudgetLine[]): ThreePublic[] {
    return this.src.threePublic.map((t, i) => {
      const path = ['threePublic', i];
      checkUnit(t.unit, [...path, 'unit']);
      const tp: ThreePublic = {
        unit: t.unit,
        abroad: this.money(t.abroad, [...path, 'abroad']),
        vehiclePurchase: this.money(t.vehiclePurchase, [...path, 'vehiclePurchase']),
        vehicleOperation: this.money(t.vehicleOperation, [...path, 'vehicleOperation']),
        reception: this.money(t.reception, [...path, 'reception']),
        counts: {
          abroadGroups: t.abroadGroups,
          abroadPeople: t.abroadPeople,
          vehiclesPurchased: t.vehiclesPurchased,
          vehiclesHeld: t.vehiclesHeld,
          receptionGroups: t.receptionGroups,
          receptionGuests: t.receptionGuests,
        },
      };
      // 三公 covers 基本 and 项目 spending, so it can exceed but never fall below its own 款.
      for (const [field, econ, label] of THREE_PUBLIC_ECON) {
        const booked = sumBy(lines, (l) => l.unit === t.unit && l.econ === econ && this.isGeneralBudget(l.fund));
        if (tp[field] < booked) {
          this.warn(
            [...path, field],
            `${label} ${this.wan(tp[field])} 小于一般公共预算中 ${econ} 的安排 ${this.wan(booked)}`,
          );
        }
      }
      return tp;
    });
  }

  private isGeneralBudget(fund: string): boolean {
    return findFund(this.catalogs, fund)?.fundNature === '一般公共预算';
  }

  /** Amounts in the wrong unit are the commonest data-entry slip; catch the implausible ones. */
  private checkMagnitude(lines: readonly BudgetLine[]): void {
    const total = sumBy(lines, () => true);
    if (this.unit === '万元') {
      lines.forEach((l) => {
        if (l.amount >= 1_000_000n * 1_000_000n) {
          this.warn(
            ['lines', l.index, 'amount'],
            `金额 ${this.wan(l.amount)} 超过 100 亿元，疑似按“元”填写（amountUnit 为“万元”）`,
          );
        }
      });
    } else if (total > 0n && total < 1_000_000n) {
      this.warn(
        ['amountUnit'],
        `支出合计仅 ${formatWan(total, 6)}万元（不足 1 万元），疑似按“万元”填写（amountUnit 为“元”）`,
      );
    }
  }

  private priorYear(p: NonNullable<ParsedSource['priorYear']>) {
    const figures: Record<string, Fen | undefined> = {};
    for (const [k, v] of Object.entries(p)) {
      if (k === 'year' || k === 'basis' || k === 'note') continue;
      figures[k] = this.money(v as string | number | undefined, ['priorYear', k]);
    }
    return { year: p.year, basis: p.basis, figures, ...(p.note ? { note: p.note } : {}) };
  }
}

function sumBy<T extends { amount: Fen }>(items: readonly T[], pred: (x: T) => boolean): Fen {
  let s = 0n;
  for (const x of items) if (pred(x)) s += x.amount;
  return s;
}
