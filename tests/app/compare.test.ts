import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, compareYears } from '../../src/app/compare.ts';
import { type AppContext, closeApp, openApp } from '../../src/app/context.ts';
import { importSource } from '../../src/app/ingest.ts';
import { correct, publish } from '../../src/app/publish.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import { withTarget } from '../support/pg.ts';

const DEMO = 'examples/demo-two-units-2024-budget/source.json';

describe('compare (SQLite)', () => {
  const target = withTarget('sqlite');
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await openApp({ db: target.url, env: {} });
  });
  afterAll(async () => {
    if (ctx) await closeApp(ctx);
  });

  it('two published versions differ exactly in the corrected amount and what sums it', async () => {
    const r1 = await importSource(ctx, { fileName: 'a.json', bytes: readFileSync(DEMO) });
    const v1 = await publish(ctx, { disclosureId: r1.disclosureId!, formats: ['json'] });
    const raw = JSON.parse(readFileSync(DEMO, 'utf8'));
    // move 100 元 from one basic line to another of the same fund: totals stay, two lines change
    raw.lines[0].amount = (Number(raw.lines[0].amount) - 100).toFixed(2);
    raw.lines[1].amount = (Number(raw.lines[1].amount) + 100).toFixed(2);
    await importSource(ctx, { fileName: 'b.json', bytes: Buffer.from(JSON.stringify(raw)) });
    const v2 = await correct(ctx, { disclosureId: r1.disclosureId!, note: '调整', formats: ['json'] });
    const c = await compare(ctx, { a: { versionId: v1.versionId }, b: { versionId: v2.versionId } });
    expect(c.compared).toBeGreaterThan(500);
    expect(c.cells.length).toBeGreaterThan(0);
    for (const change of c.cells) {
      expect(change.difference === 10000n || change.difference === -10000n).toBe(true);
    }
    const total = c.cells.find((x) => x.row === '收入总计');
    expect(total).toBeUndefined();
    const same = await compare(ctx, { a: { versionId: v1.versionId }, b: { packageSha: v1.packageSha } });
    expect(same.cells).toEqual([]);
    expect(same.sections).toEqual([]);
  });

  it('two years of one unit', async () => {
    for (const f of syntheticDistrict({ departments: 1, minUnits: 0, maxUnits: 0 })) {
      await importSource(ctx, { fileName: f.fileName, bytes: f.bytes() });
    }
    const c = await compareYears(ctx, { orgCode: '201001', kind: '预算', yearA: 2023, yearB: 2024 });
    expect(c.a.label).toContain('2023');
    const income = c.cells.find(
      (x) => x.table === '收支总表' && x.row === '收入总计' && x.column === '收入/项目/预算数',
    );
    expect(income?.difference).toBe((income!.b as bigint) - (income!.a as bigint));
    expect(income!.a).not.toBe(income!.b);
  });
});
