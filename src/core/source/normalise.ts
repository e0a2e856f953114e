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
import {
  type AmountUnit,
  type Fen,
  fenToDecimalString,
  formatWan,
  parseAmount,
  roundToWanCent,
} from '../money/amount.ts';
import {
  type BasicKind,
  type BudgetLine,
  basicKindOfEcon,
  type CarryoverItem,
  type FuncBudget,
  type IncomeItem,
  type Project,
  type SelfEvaluation,
  type SelfEvaluationFunds,
  type SourceData,
  type ThreePublic,
  type ThreePublicAmounts,
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

  /** The exact amount in 万元 (at least 2 decimals): differences of a few 元 must not read as 0.00. */
  private exact(fen: Fen): string {
    return `${fenToDecimalString(fen, '万元', 2)}万元`;
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
      if (inc.func !== undefined) this.functionCode(inc.func, inc.funcName, [...path, 'func']);
      else if (s.kind === '决算' && !inc.carryover) {
        this.error([...path, 'func'], '决算收入须填写功能分类项级科目（func）：收入决算表按支出功能分类列示本年收入');
      }
      return {
        index: i,
        unit: inc.unit,
        fund: fundCode(inc.fund, [...path, 'fund']),
        func: inc.func ?? null,
        amount: this.money(inc.amount, [...path, 'amount']),
        carryover: inc.carryover ?? false,
      };
    });
    const balances = (key: 'yearEndCarryover' | 'balanceUse' | 'balanceDistribution'): CarryoverItem[] =>
      s[key].map((c, i) => {
        const path = [key, i];
        checkUnit(c.unit, [...path, 'unit']);
        if (c.func !== undefined) this.functionCode(c.func, c.funcName, [...path, 'func']);
        return {
          index: i,
          unit: c.unit,
          fund: fundCode(c.fund, [...path, 'fund']),
          func: c.func ?? null,
          amount: this.money(c.amount, [...path, 'amount']),
        };
      });
    const yearEndCarryover = balances('yearEndCarryover');
    const balanceUse = balances('balanceUse');
    const balanceDistribution = balances('balanceDistribution');
    const budgetByFunc = this.budgetByFunc(checkUnit, fundCode);
    if (s.kind === '预算') {
      this.checkBalance(units, incomes, lines, yearEndCarryover);
      this.finalOnly();
    } else {
      this.checkFinalBalance(units, incomes, lines, yearEndCarryover, balanceUse, balanceDistribution);
    }

    const projectsWithLines = new Set(lines.map((l) => l.project));
    projects.forEach((p, i) => {
      if (!projectsWithLines.has(p.code)) this.warn(['projects', i], `项目 ${p.code}“${p.name}”没有任何支出明细`);
    });

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
    const selfEvaluation = s.selfEvaluation ? this.selfEvaluation(s.selfEvaluation, lines, projectByCode) : undefined;

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
      balanceUse,
      balanceDistribution,
      budgetByFunc,
      lines,
      projects,
      ...(s.departmentPerformance ? { departmentPerformance: s.departmentPerformance } : {}),
      threePublic,
      meetingTraining,
      ...(s.officeOperation !== undefined
        ? { officeOperation: this.money(s.officeOperation, ['officeOperation']) }
        : {}),
      ...(s.officeOperationBudget !== undefined
        ? { officeOperationBudget: this.money(s.officeOperationBudget, ['officeOperationBudget']) }
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
              ...(s.procurement.smeAwarded ? { smeAwarded: this.smeAwarded(s.procurement) } : {}),
            },
          }
        : {}),
      ...(s.assets ? { assets: s.assets } : {}),
      ...(s.priorYear ? { priorYear: this.priorYear(s.priorYear) } : {}),
      ...(selfEvaluation ? { selfEvaluation } : {}),
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
    const [incomesOf, linesOf, carryOf] = [byUnit(incomes), byUnit(lines), byUnit(carry)];
    for (const u of units) {
      const [myIncomes, myLines, myCarry] = [incomesOf(u.code), linesOf(u.code), carryOf(u.code)];
      const funds = new Set([...myIncomes, ...myLines, ...myCarry].map((x) => x.fund));
      for (const fund of funds) {
        const inc = sumBy(myIncomes, (x) => x.fund === fund);
        const exp = sumBy(myLines, (x) => x.fund === fund);
        const out = sumBy(myCarry, (x) => x.fund === fund);
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
    const linesOf = byUnit(lines);
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
        ...(t.budget ? { budget: this.threePublicAmounts(t.budget, [...path, 'budget']) } : {}),
        ...(t.initialBudget
          ? { initialBudget: this.threePublicAmounts(t.initialBudget, [...path, 'initialBudget']) }
          : {}),
      };
      if (this.src.kind === '预算' && (t.budget || t.initialBudget)) {
        this.warn(
          [...path, t.budget ? 'budget' : 'initialBudget'],
          '预算源数据的“三公”经费即为预算数，budget、initialBudget 仅用于决算，已忽略',
        );
      }
      // 三公 covers 基本 and 项目 spending, so it can exceed but never fall below its own 款.
      for (const [field, econ, label] of THREE_PUBLIC_ECON) {
        const booked = sumBy(linesOf(t.unit), (l) => l.econ === econ && this.isGeneralBudget(l.fund));
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

  private threePublicAmounts(
    a: {
      abroad: string | number;
      vehiclePurchase: string | number;
      vehicleOperation: string | number;
      reception: string | number;
    },
    path: Path,
  ): ThreePublicAmounts {
    return {
      abroad: this.money(a.abroad, [...path, 'abroad']),
      vehiclePurchase: this.money(a.vehiclePurchase, [...path, 'vehiclePurchase']),
      vehicleOperation: this.money(a.vehicleOperation, [...path, 'vehicleOperation']),
      reception: this.money(a.reception, [...path, 'reception']),
    };
  }

  private smeAwarded(p: NonNullable<ParsedSource['procurement']>) {
    const a = p.smeAwarded as NonNullable<typeof p.smeAwarded>;
    const path = ['procurement', 'smeAwarded'];
    const total = this.money(a.total, [...path, 'total']);
    const out: { total: Fen } & Partial<Record<'smallMicro' | 'goods' | 'works' | 'services', Fen>> = { total };
    for (const k of ['smallMicro', 'goods', 'works', 'services'] as const) {
      if (a[k] !== undefined) out[k] = this.money(a[k], [...path, k]);
    }
    const all =
      this.money(p.goods, ['procurement', 'goods']) +
      this.money(p.works, ['procurement', 'works']) +
      this.money(p.services, ['procurement', 'services']);
    if (total > all) {
      this.error(
        [...path, 'total'],
        `授予中小企业合同金额 ${this.exact(total)} 超过政府采购支出总额 ${this.exact(all)}`,
      );
    }
    if (out.smallMicro !== undefined && out.smallMicro > total) {
      this.error(
        [...path, 'smallMicro'],
        `授予小微企业合同金额 ${this.exact(out.smallMicro)} 超过授予中小企业合同金额 ${this.exact(total)}`,
      );
    }
    for (const k of ['goods', 'works', 'services'] as const) {
      const part = out[k];
      const whole = this.money(p[k], ['procurement', k]);
      if (part !== undefined && part > whole) {
        const label = { goods: '货物', works: '工程', services: '服务' }[k];
        this.error(
          [...path, k],
          `${label}采购授予中小企业合同金额 ${this.exact(part)} 超过${label}采购支出 ${this.exact(whole)}`,
        );
      }
    }
    const parts = (['goods', 'works', 'services'] as const).map((k) => out[k]);
    if (parts.every((x) => x !== undefined)) {
      const sum = parts.reduce((a2, b) => (a2 as Fen) + (b as Fen), 0n) as Fen;
      if (sum !== total) {
        this.error(
          [...path, 'total'],
          `授予中小企业合同金额 ${this.exact(total)} 与货物、工程、服务三类之和 ${this.exact(sum)} 不符`,
        );
      }
    }
    return out;
  }

  private budgetByFunc(
    checkUnit: (code: string, path: Path) => boolean,
    fundCode: (v: string, path: Path) => string,
  ): FuncBudget[] {
    const seen = new Map<string, number>();
    return this.src.budgetByFunc.map((b, i) => {
      const path = ['budgetByFunc', i];
      checkUnit(b.unit, [...path, 'unit']);
      const funcName = this.functionCode(b.func, b.funcName, [...path, 'func']);
      const fund = fundCode(b.fund, [...path, 'fund']);
      if (b.initialBudget === undefined && b.fullYearBudget === undefined) {
        this.error(path, '至少填写年初预算数（initialBudget）或全年预算数（fullYearBudget）之一');
      }
      const key = [b.unit, b.func, fund].join('|');
      const first = seen.get(key);
      if (first !== undefined) {
        this.error(path, `与 budgetByFunc[${first}] 重复（同一单位、功能科目和资金来源）；请合并为一行`);
      } else seen.set(key, i);
      return {
        index: i,
        unit: b.unit,
        func: b.func,
        funcName,
        fund,
        initialBudget: b.initialBudget === undefined ? null : this.money(b.initialBudget, [...path, 'initialBudget']),
        fullYearBudget:
          b.fullYearBudget === undefined ? null : this.money(b.fullYearBudget, [...path, 'fullYearBudget']),
      };
    });
  }

  /** A budget source carrying 决算-only data: ignored, with a warning. */
  private finalOnly(): void {
    const s = this.src;
    for (const key of ['balanceUse', 'balanceDistribution', 'budgetByFunc'] as const) {
      if (s[key].length > 0) this.warn([key], `“${key}”仅用于决算，预算源数据中已忽略`);
    }
    if (s.selfEvaluation) this.warn(['selfEvaluation'], '绩效自评（selfEvaluation）仅用于决算，预算源数据中已忽略');
    if (s.officeOperationBudget !== undefined) {
      this.warn(['officeOperationBudget'], '机关运行经费年初预算数仅用于决算；预算数请填 officeOperation');
    }
  }

  /**
   * 决算 balance (I1–I3 per unit): 本年收入 + 使用非财政拨款结余 + 年初结转和结余 = 本年支出 + 结余分配 +
   * 年末结转和结余. 财政拨款 money balances by fund on its own (04表): 年初 + 收入 = 支出 + 年末, and
   * per 功能分类 项 where every item of the fund names one (07表).
   */
  private checkFinalBalance(
    units: readonly Unit[],
    incomes: readonly IncomeItem[],
    lines: readonly BudgetLine[],
    carryOut: readonly CarryoverItem[],
    use: readonly CarryoverItem[],
    distribution: readonly CarryoverItem[],
  ): void {
    use.forEach((x) => {
      if (this.isFiscal(x.fund)) {
        this.error(['balanceUse', x.index, 'fund'], '使用非财政拨款结余不能是财政拨款资金');
      }
    });
    distribution.forEach((x) => {
      if (this.isFiscal(x.fund)) {
        this.error(
          ['balanceDistribution', x.index, 'fund'],
          '财政拨款结转和结余不参与结余分配；结余分配只能是非财政拨款资金',
        );
      }
    });
    const [incomesOf, linesOf, carryOutOf, useOf, distributionOf] = [
      byUnit(incomes),
      byUnit(lines),
      byUnit(carryOut),
      byUnit(use),
      byUnit(distribution),
    ];
    for (const u of units) {
      // this unit's items only (grouped once: a scan of every list per unit grew with the square)
      const incomes = incomesOf(u.code);
      const lines = linesOf(u.code);
      const carryOut = carryOutOf(u.code);
      const use = useOf(u.code);
      const distribution = distributionOf(u.code);
      const mine = <T extends { unit: string; amount: Fen }>(xs: readonly T[], pred: (x: T) => boolean = () => true) =>
        sumBy(xs, pred);
      const income = mine(incomes, (x) => !x.carryover);
      const carryIn = mine(incomes, (x) => x.carryover);
      const used = mine(use);
      const spent = mine(lines);
      const distributed = mine(distribution);
      const out = mine(carryOut);
      const left = income + used + carryIn;
      const right = spent + distributed + out;
      if (left !== right) {
        this.error(
          ['incomes'],
          `单位 ${u.code} 收支不平衡：本年收入 ${this.exact(income)} + 使用非财政拨款结余 ${this.exact(used)} + 年初结转和结余 ${this.exact(carryIn)} = ${this.exact(left)}，` +
            `本年支出 ${this.exact(spent)} + 结余分配 ${this.exact(distributed)} + 年末结转和结余 ${this.exact(out)} = ${this.exact(right)}，相差 ${this.exact(left - right)}`,
        );
      }
      const fiscal = new Set(
        [...incomes, ...lines, ...carryOut].filter((x) => this.isFiscal(x.fund)).map((x) => x.fund),
      );
      for (const fund of fiscal) {
        const name = findFund(this.catalogs, fund)?.name ?? fund;
        const ofFund = <T extends { fund: string }>(x: T) => x.fund === fund;
        const fin = mine(incomes, (x) => ofFund(x) && !x.carryover);
        const fcin = mine(incomes, (x) => ofFund(x) && x.carryover);
        const fexp = mine(lines, ofFund);
        const fout = mine(carryOut, ofFund);
        if (fin + fcin !== fexp + fout) {
          this.error(
            ['incomes'],
            `单位 ${u.code} 的“${name}”收支不平衡：年初结转和结余 ${this.exact(fcin)} + 本年收入 ${this.exact(fin)}，` +
              `本年支出 ${this.exact(fexp)} + 年末结转和结余 ${this.exact(fout)}，相差 ${this.exact(fin + fcin - fexp - fout)}`,
          );
          continue;
        }
        // by 功能分类 项, when every income and carry-over item of the fund names one
        const items = [...incomes, ...carryOut].filter((x) => x.fund === fund);
        if (items.some((x) => x.func === null)) continue;
        const funcs = new Set([
          ...items.map((x) => x.func as string),
          ...lines.filter((l) => l.fund === fund).map((l) => l.func),
        ]);
        for (const func of [...funcs].sort()) {
          const f = <T extends { fund: string; func: string | null }>(x: T) => x.fund === fund && x.func === func;
          const a = mine(incomes, (x) => f(x) && x.carryover);
          const b = mine(incomes, (x) => f(x) && !x.carryover);
          const c = mine(lines, f);
          const d = mine(carryOut, f);
          if (a + b !== c + d) {
            this.warn(
              ['incomes'],
              `单位 ${u.code} 的“${name}”在功能分类 ${func} 上收支不平衡：年初结转和结余 ${this.exact(a)} + 本年收入 ${this.exact(b)}，` +
                `本年支出 ${this.exact(c)} + 年末结转和结余 ${this.exact(d)}，相差 ${this.exact(a + b - c - d)}`,
            );
          }
        }
      }
    }
  }

  private selfEvaluation(
    se: NonNullable<ParsedSource['selfEvaluation']>,
    lines: readonly BudgetLine[],
    projectByCode: ReadonlyMap<string, Project>,
  ): SelfEvaluation {
    const funds = (
      f: { initialBudget: string | number; fullYearBudget: string | number; executed: string | number },
      path: Path,
    ): SelfEvaluationFunds => ({
      initialBudget: this.money(f.initialBudget, [...path, 'initialBudget']),
      fullYearBudget: this.money(f.fullYearBudget, [...path, 'fullYearBudget']),
      executed: this.money(f.executed, [...path, 'executed']),
    });
    const scores = (sheet: SheetInput, path: Path) => {
      sheet.indicators.forEach((ind, i) => {
        if (ind.score !== undefined && ind.score > ind.weight) {
          this.warn([...path, 'indicators', i, 'score'], `“${ind.level3}”得分 ${ind.score} 超过分值 ${ind.weight}`);
        }
      });
    };
    // the sheet prints 0.01 万元: compare what it prints with the spending it reports on
    const executedMatches = (executed: Fen, spent: Fen, path: Path, what: string) => {
      if (roundToWanCent(executed) !== roundToWanCent(spent)) {
        this.warn(path, `${what}全年执行数 ${this.exact(executed)} 与支出明细合计 ${this.exact(spent)} 不一致`);
      }
    };
    let department: SelfEvaluation['department'];
    if (se.department) {
      const d = se.department;
      const path = ['selfEvaluation', 'department'];
      const f = funds(d, path);
      scores(d, path);
      executedMatches(
        f.executed,
        sumBy(lines, () => true),
        [...path, 'executed'],
        '部门整体支出绩效自评的',
      );
      department = { ...sheetFields(d), ...f };
    }
    const spentOn = new Map<string | null, Fen>();
    for (const l of lines) spentOn.set(l.project, (spentOn.get(l.project) ?? 0n) + l.amount);
    const projects = se.projects.map((p, i) => {
      const path = ['selfEvaluation', 'projects', i];
      const known = projectByCode.get(p.project);
      if (!known) this.error([...path, 'project'], `项目代码“${p.project}”不在 projects 中`);
      const rows = p.funds.map((x, k) => ({ source: x.source, ...funds(x, [...path, 'funds', k]) }));
      const total: SelfEvaluationFunds = {
        initialBudget: rows.reduce((a, x) => a + x.initialBudget, 0n),
        fullYearBudget: rows.reduce((a, x) => a + x.fullYearBudget, 0n),
        executed: rows.reduce((a, x) => a + x.executed, 0n),
      };
      scores(p, path);
      if (known) {
        executedMatches(
          total.executed,
          spentOn.get(p.project) ?? 0n,
          [...path, 'funds'],
          `项目 ${p.project}“${known.name}”绩效自评的`,
        );
      }
      return {
        project: p.project,
        ...(p.competentDepartment ? { competentDepartment: p.competentDepartment } : {}),
        ...(p.implementingUnit ? { implementingUnit: p.implementingUnit } : {}),
        funds: rows,
        total,
        ...sheetFields(p),
      };
    });
    return { ...(department ? { department } : {}), projects };
  }

  private isFiscal(fund: string): boolean {
    return findFund(this.catalogs, fund)?.fiscal ?? false;
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

type SheetInput = Pick<
  NonNullable<NonNullable<ParsedSource['selfEvaluation']>['department']>,
  'goal' | 'executionWeight' | 'executionScore' | 'indicators' | 'totalWeight' | 'totalScore' | 'note'
>;

/** The printed fields of a self-evaluation sheet, absent ones left out. */
function sheetFields(x: SheetInput) {
  return {
    ...(x.goal ? { goal: x.goal } : {}),
    ...(x.executionWeight !== undefined ? { executionWeight: x.executionWeight } : {}),
    ...(x.executionScore !== undefined ? { executionScore: x.executionScore } : {}),
    indicators: x.indicators,
    ...(x.totalWeight !== undefined ? { totalWeight: x.totalWeight } : {}),
    ...(x.totalScore !== undefined ? { totalScore: x.totalScore } : {}),
    ...(x.note ? { note: x.note } : {}),
  };
}

/** The items of each unit, in source order. */
function byUnit<T extends { unit: string }>(items: readonly T[]): (unit: string) => readonly T[] {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const g = groups.get(x.unit);
    if (g) g.push(x);
    else groups.set(x.unit, [x]);
  }
  return (unit) => groups.get(unit) ?? [];
}

function sumBy<T extends { amount: Fen }>(items: readonly T[], pred: (x: T) => boolean): Fen {
  let s = 0n;
  for (const x of items) if (pred(x)) s += x.amount;
  return s;
}
