/**
 * Validation of the 决算 source data: located Chinese messages for income without a 功能分类 code,
 * balances that do not close (per unit, per 财政拨款 fund, per 项), balances in the wrong kind of
 * money, 年初/全年预算数, 中小企业 amounts and the self-evaluation inputs; and budget sources keep
 * validating as before, with a warning where they carry 决算-only data.
 */
import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath, type Issue } from '../../src/core/diagnostics.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { exampleSource } from '../generate/seed-fixture.ts';
import { exampleRaw, type FinalSource, variantRaw } from './fixture.ts';

const catalogs = loadBundledCatalogs();
const check = (raw: unknown) => normaliseSource(raw, catalogs);
const at = (issues: Issue[], path: string) => issues.filter((i) => formatPath(i.path) === path);
const errors = (issues: Issue[]) => issues.filter((i) => i.severity === 'error');

describe('the 决算 example and its variant', () => {
  it('validate with no error and no warning, keeping balances and budgets in fen', () => {
    const r = check(variantRaw());
    expect(r.issues.map(formatIssue)).toEqual([]);
    expect(r.data?.balanceUse.map((b) => b.amount)).toEqual([3_000_000n]);
    expect(r.data?.yearEndCarryover.map((b) => [b.fund, b.func, b.amount])).toEqual([
      ['R12', '2120803', 20_000_000n],
      ['R13', '2230105', 2_000_000n],
    ]);
    const ex = check(exampleRaw()).data;
    expect(ex?.budgetByFunc.find((b) => b.func === '2101103')).toMatchObject({
      funcName: '公务员医疗补助',
      initialBudget: 110_100n * 100n,
      fullYearBudget: null,
    });
    expect(ex?.threePublic[0]?.budget?.reception).toBe(670_000n);
    expect(ex?.threePublic[0]?.initialBudget?.reception).toBe(1_000_000n);
    expect(ex?.selfEvaluation?.projects[0]?.total).toEqual({
      initialBudget: 41_600_000n,
      fullYearBudget: 41_570_000n,
      executed: 41_570_000n,
    });
    expect(ex?.procurement?.smeAwarded?.total).toBe(93_710_000n);
  });

  it('the budget examples are unaffected', () => {
    for (const name of ['hetang-zfb-2024-budget', 'demo-two-units-2024-budget']) {
      const r = check(exampleSource(name));
      expect(r.issues.map(formatIssue), name).toEqual([]);
      expect(r.data?.incomes.every((i) => i.func === null)).toBe(true);
      expect(r.data?.balanceUse).toEqual([]);
    }
  });
});

describe('决算 income and balances', () => {
  it('income without a 功能分类 code is an error at the income', () => {
    const src = exampleRaw();
    delete src.incomes[0]!.func;
    const e = at(check(src).issues, 'incomes[0].func');
    expect(e[0]?.severity).toBe('error');
    expect(e[0]?.message).toContain('决算收入须填写功能分类项级科目');
  });

  it('an income 功能分类 code must be a 项 (7 digits)', () => {
    const src = exampleRaw();
    src.incomes[0]!.func = '20103';
    expect(at(check(src).issues, 'incomes[0].func')[0]?.message).toContain('必须填到项级');
  });

  it('a unit whose money does not close is an error naming every term', () => {
    const src = exampleRaw();
    src.incomes[0]!.amount = '4946000';
    const e = errors(check(src).issues);
    expect(e.map((i) => i.message)).toEqual([
      expect.stringContaining(
        '单位 004001 收支不平衡：本年收入 878.723万元 + 使用非财政拨款结余 0.00万元 + 年初结转和结余 0.00万元',
      ),
      expect.stringContaining('单位 004001 的“经费拨款”收支不平衡'),
    ]);
    expect(e[0]?.message).toContain('相差 -0.0848万元');
  });

  it('财政拨款 money that moves between 项 without a carry-over is a warning', () => {
    const src = exampleRaw();
    const a = src.incomes.find((i) => i.func === '2010301')!;
    const b = src.incomes.find((i) => i.func === '2010302')!;
    a.amount = String(Number(a.amount) - 100);
    b.amount = String(Number(b.amount) + 100);
    const w = check(src).issues;
    expect(errors(w)).toEqual([]);
    expect(w.map((i) => i.message)).toEqual([
      expect.stringContaining('在功能分类 2010301 上收支不平衡'),
      expect.stringContaining('在功能分类 2010302 上收支不平衡'),
    ]);
  });

  it('使用非财政拨款结余 and 结余分配 cannot be 财政拨款', () => {
    const src = variantRaw();
    src.balanceUse = [{ unit: '004001', fund: 'R111', amount: '30000' }];
    src.balanceDistribution = [{ unit: '004001', fund: '经费拨款', amount: '20000' }];
    const issues = check(src).issues;
    expect(at(issues, 'balanceUse[0].fund')[0]?.message).toBe('使用非财政拨款结余不能是财政拨款资金');
    expect(at(issues, 'balanceDistribution[0].fund')[0]?.message).toContain('结余分配只能是非财政拨款资金');
  });

  it('balances name a known unit and fund', () => {
    const src = variantRaw();
    (src.yearEndCarryover as Array<Record<string, unknown>>)[0]!.unit = '009';
    (src.yearEndCarryover as Array<Record<string, unknown>>)[1]!.fund = '土地出让金';
    const issues = check(src).issues;
    expect(at(issues, 'yearEndCarryover[0].unit')[0]?.message).toContain('不在 units 中');
    expect(at(issues, 'yearEndCarryover[1].fund')[0]?.message).toContain('未知的资金来源“土地出让金”');
  });
});

describe('年初预算数 / 全年预算数 by 项', () => {
  it('needs one of the two figures, once per unit, 项 and fund', () => {
    const src = exampleRaw() as FinalSource & { budgetByFunc: Array<Record<string, unknown>> };
    delete src.budgetByFunc[0]!.initialBudget;
    src.budgetByFunc.push({ ...src.budgetByFunc[1]! });
    const issues = check(src).issues;
    expect(at(issues, 'budgetByFunc[0]')[0]?.message).toContain('至少填写年初预算数');
    expect(at(issues, `budgetByFunc[${src.budgetByFunc.length - 1}]`)[0]?.message).toContain('与 budgetByFunc[1] 重复');
  });
});

describe('政府采购 授予中小企业合同金额', () => {
  it('cannot exceed the purchases it is part of, and the three kinds add up to the total', () => {
    const src = exampleRaw();
    const sme = src.procurement!.smeAwarded!;
    sme.works = '200000';
    sme.smallMicro = '1000000';
    const issues = check(src).issues;
    expect(at(issues, 'procurement.smeAwarded.works')[0]?.message).toBe(
      '工程采购授予中小企业合同金额 20.00万元 超过工程采购支出 10.78万元',
    );
    expect(at(issues, 'procurement.smeAwarded.smallMicro')[0]?.message).toContain('超过授予中小企业合同金额');
    expect(at(issues, 'procurement.smeAwarded.total')[0]?.message).toContain('与货物、工程、服务三类之和');
  });
});

describe('绩效自评 inputs', () => {
  it('a project sheet names a known project', () => {
    const src = exampleRaw();
    src.selfEvaluation!.projects![0]!.project = 'X1';
    expect(at(check(src).issues, 'selfEvaluation.projects[0].project')[0]?.message).toBe(
      '项目代码“X1”不在 projects 中',
    );
  });

  it('a score above its weight, and an 执行数 the spending does not support, are warnings', () => {
    const src = exampleRaw();
    const dept = src.selfEvaluation!.department!;
    src.selfEvaluation!.projects![0]!.indicators![0]!.score = 7;
    dept.executed = '8700000';
    const issues = check(src).issues;
    expect(errors(issues)).toEqual([]);
    expect(at(issues, 'selfEvaluation.projects[0].indicators[0].score')[0]?.message).toBe(
      '“督查调研次数”得分 7 超过分值 6',
    );
    expect(at(issues, 'selfEvaluation.department.executed')[0]?.message).toBe(
      '部门整体支出绩效自评的全年执行数 870.00万元 与支出明细合计 878.8078万元 不一致',
    );
  });

  it('indicators of a project sheet may have no 二级指标', () => {
    const r = check(exampleRaw());
    expect(r.data?.selfEvaluation?.projects[0]?.indicators.every((i) => i.level2 === undefined)).toBe(true);
    expect(r.data?.selfEvaluation?.projects[0]?.indicators.length).toBe(14);
    // the example leaves the department sheet's indicators out (its README §8)
    expect(r.data?.selfEvaluation?.department?.indicators).toEqual([]);
  });
});

describe('budget sources with 决算-only data', () => {
  it('are warned, not rejected', () => {
    const src = exampleSource() as FinalSource;
    src.balanceUse = [{ unit: '004001', fund: 'R35', amount: '1' }];
    const tp = (src.threePublic as Array<Record<string, unknown>>)[0]!;
    tp.budget = { abroad: '0', vehiclePurchase: '0', vehicleOperation: '0', reception: '1' };
    const issues = check(src).issues;
    expect(errors(issues)).toEqual([]);
    expect(at(issues, 'balanceUse')[0]?.message).toBe('“balanceUse”仅用于决算，预算源数据中已忽略');
    expect(at(issues, 'threePublic[0].budget')[0]?.message).toContain('仅用于决算');
  });
});
