/**
 * 单位 → 部门 consolidation of a final account: a department made of two units with identical data
 * publishes, under the department code, exactly twice every amount of the one-unit package.
 */
import { describe, expect, it } from 'vitest';
import { exampleRaw, generate } from './fixture.ts';

type Item = Record<string, unknown> & { unit?: string };

function twoUnits() {
  const raw = exampleRaw() as unknown as Record<string, unknown> & { units: Item[] };
  const second = {
    ...structuredClone(raw.units[0] as Item),
    code: '004002',
    name: '区委、区政府接待服务中心',
    kind: '事业',
  };
  raw.units.push(second);
  for (const key of [
    'incomes',
    'lines',
    'yearEndCarryover',
    'balanceUse',
    'balanceDistribution',
    'budgetByFunc',
    'threePublic',
    'meetingTraining',
  ]) {
    const list = (raw[key] as Item[] | undefined) ?? [];
    raw[key] = [...list, ...list.map((x) => ({ ...structuredClone(x), unit: '004002' }))];
  }
  // projects are per unit: the copies get codes of their own
  const projects = raw.projects as Item[];
  raw.projects = [
    ...projects,
    ...projects.map((p) => ({ ...structuredClone(p), code: `${p.code as string}B`, unit: '004002' })),
  ];
  for (const l of raw.lines as Item[]) if (l.unit === '004002' && l.project) l.project = `${l.project as string}B`;
  delete raw.selfEvaluation;
  return raw;
}

describe('consolidating units into the department', () => {
  const one = generate(exampleRaw()).pkg;
  const two = generate(twoUnits()).pkg;

  it('publishes under the department code', () => {
    expect(one.unit.code).toBe('004001');
    expect(two.unit.code).toBe('004');
  });

  it('doubles every amount of tables 01–09 exactly', () => {
    let compared = 0;
    for (const t of one.tables.filter((x) => !/自评表/.test(x.title))) {
      const other = two.tables.find((x) => x.title === t.title)!;
      const cells = new Map(other.cells.filter((c) => c.value !== null).map((c) => [`${c.row}|${c.column}`, c.value]));
      for (const c of t.cells) {
        if (c.value === null) continue;
        expect(cells.get(`${c.row}|${c.column}`), `${t.title} ${c.row} ${c.column}`).toBe(c.value * 2n);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(600);
  });
});
