/**
 * The validator accepts the seed-000 example and rejects broken variants of it with located
 * Chinese messages.
 */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/diagnostics.ts';
import { formatIssue, formatPath } from '../../src/core/diagnostics.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import type { RawSource } from '../../src/core/source/schema.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { exampleSource } from '../generate/seed-fixture.ts';

const catalogs = loadBundledCatalogs();
const base = () => structuredClone(exampleSource()) as RawSource & { lines: Array<Record<string, unknown>> };
const check = (raw: unknown) => normaliseSource(raw, catalogs);
const at = (issues: Issue[], path: string) => issues.filter((i) => formatPath(i.path) === path);

describe('the seed-000 example', () => {
  it('validates without errors or warnings', () => {
    const r = check(base());
    expect(r.issues.map(formatIssue)).toEqual([]);
    expect(r.data?.lines.length).toBeGreaterThan(20);
    // the 2089999 code the partial catalog lacks comes from the document's own catalogAdditions
    expect(r.data?.lines.find((l) => l.func === '2089999')?.funcName).toBe('其他社会保障和就业支出');
  });

  it('is exact to the fen: the total is 5 595 680 元', () => {
    const r = check(base());
    expect(r.data?.lines.reduce((s, l) => s + l.amount, 0n)).toBe(559_568_000n);
  });
});

describe('broken variants are rejected with located Chinese messages', () => {
  it('unknown function code: a warning at the line, with the code', () => {
    const src = base();
    src.lines[0]!.func = '2019999';
    delete src.lines[0]!.funcName;
    const r = check(src);
    const w = at(r.issues, 'lines[0].func');
    expect(w[0]?.severity).toBe('warning');
    expect(w[0]?.message).toContain('2019999');
    expect(w[0]?.message).toContain('不在 2024 年目录中');
  });

  it('unknown code with a name extends the document’s catalog', () => {
    const src = base();
    src.lines[0]!.func = '2019999';
    src.lines[0]!.funcName = '其他一般公共服务支出';
    const r = check(src);
    expect(r.data?.lines[0]?.funcName).toBe('其他一般公共服务支出');
    expect(at(r.issues, 'lines[0].func')[0]?.message).toContain('已按输入名称');
  });

  it('code of the wrong year: a warning naming the years it is valid for', () => {
    const src = base();
    src.year = 2020;
    src.lines[0]!.econ = '31304';
    delete src.lines[0]!.econName;
    const w = at(check(src).issues, 'lines[0].econ')[0];
    expect(w?.severity).toBe('warning');
    expect(w?.message).toBe('部门经济分类“31304 对机关事业单位职业年金的补助”只适用于 2021–… 年，不适用于 2020 年');
  });

  it('a 类 renamed in 2019 keeps its name of the document’s year', () => {
    const src = base();
    src.lines[0]!.func = '2070101';
    delete src.lines[0]!.funcName;
    src.year = 2024;
    const r = check(src);
    // 2070101 exists for 2019–2025; its 类 prints with the 2019 name
    expect(r.catalogs.func.byCode.get('207')?.length).toBe(2);
    expect(r.issues.filter((i) => formatPath(i.path) === 'lines[0].func' && i.severity === 'error')).toEqual([]);
  });

  it('a non-项 function code is an error', () => {
    const src = base();
    src.lines[0]!.func = '20103';
    const r = check(src);
    expect(at(r.issues, 'lines[0].func')[0]).toMatchObject({ severity: 'error' });
    expect(at(r.issues, 'lines[0].func')[0]?.message).toContain('项级');
  });

  it('negative amount', () => {
    const src = base();
    src.lines[2]!.amount = '-100.00';
    const r = check(src);
    expect(at(r.issues, 'lines[2].amount')[0]?.message).toContain('不能为负数');
    expect(r.data).toBeUndefined();
  });

  it('text in a number cell', () => {
    const src = base();
    src.lines[1]!.amount = '十二万';
    const r = check(src);
    expect(at(r.issues, 'lines[1].amount')[0]?.message).toContain('“十二万”不是有效的金额');
  });

  it('unit mismatch: a line of a unit that is not registered', () => {
    const src = base();
    src.lines[3]!.unit = '004002';
    const r = check(src);
    expect(at(r.issues, 'lines[3].unit')[0]?.message).toContain('单位编码“004002”不在 units 中');
  });

  it('unit mismatch: amounts written in 元 while the file says 万元', () => {
    const src = base();
    src.amountUnit = '万元';
    src.lines = src.lines.map((l) => ({ ...l, amount: `${String(l.amount).replace(/\.\d+$/, '')}000000` }));
    const r = check(src);
    expect(r.issues.some((i) => i.severity === 'warning' && i.message.includes('疑似按“元”填写'))).toBe(true);
  });

  it('duplicate line', () => {
    const src = base();
    src.lines.push({ ...src.lines[0]! });
    const r = check(src);
    const e = at(r.issues, `lines[${src.lines.length - 1}]`)[0];
    expect(e?.severity).toBe('error');
    expect(e?.message).toContain('与 lines[0] 重复');
  });

  it('基本 line with a project', () => {
    const src = base();
    const i = src.lines.findIndex((l) => l.category === '基本');
    src.lines[i]!.project = src.projects?.[0]?.code;
    const r = check(src);
    expect(at(r.issues, `lines[${i}].project`)[0]?.message).toContain('基本支出不应挂项目');
  });

  it('项目 line without a project, or with an unknown one', () => {
    const src = base();
    const i = src.lines.findIndex((l) => l.category === '项目');
    delete src.lines[i]!.project;
    expect(at(check(src).issues, `lines[${i}].project`)[0]?.message).toContain('必须填写项目代码');
    src.lines[i]!.project = 'NOPE';
    expect(at(check(src).issues, `lines[${i}].project`)[0]?.message).toContain('不在 projects 中');
  });

  it('totals that do not balance: income against expenditure per unit and fund', () => {
    const src = base();
    src.incomes = [{ unit: '004001', fund: 'R111', amount: '5595000' }];
    const r = check(src);
    const e = r.issues.find((i) => i.message.includes('收支不平衡'));
    expect(e?.severity).toBe('error');
    expect(e?.message).toContain('经费拨款');
    expect(e?.message).toContain('相差 -0.07万元');
  });

  it('structural errors come from the schema, in Chinese, with their path', () => {
    const src = base() as Record<string, unknown>;
    src.kind = '预决算';
    delete src.units;
    const r = check(src);
    expect(r.issues.map((i) => formatPath(i.path))).toEqual(expect.arrayContaining(['kind', 'units']));
    expect(r.issues.every((i) => /[\u4e00-\u9fff]/.test(i.message))).toBe(true);
  });

  it('basicKind contradicting the economic class', () => {
    const src = base();
    const i = src.lines.findIndex((l) => String(l.econ).startsWith('302') && l.category === '基本');
    src.lines[i]!.basicKind = '人员';
    expect(at(check(src).issues, `lines[${i}].basicKind`)[0]?.message).toContain('属于公用经费');
  });

  it('三公 below its own economic lines is a warning', () => {
    const src = base();
    src.threePublic = [{ unit: '004001', abroad: '0', vehiclePurchase: '0', vehicleOperation: '0', reception: '1000' }];
    const w = check(src).issues.find((i) => formatPath(i.path) === 'threePublic[0].reception');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain('30217');
  });
});
