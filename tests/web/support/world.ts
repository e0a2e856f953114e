/**
 * A running server for the browser tests: the embedded database with the bundled examples
 * published (the two-unit department also for the year before, so charts and comparisons have a
 * history), accounts for every staff role, and the hetang 2024 budget left for the browser flow
 * to upload through the workspace. Listens on 127.0.0.1, port 0.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../../src/app/accounts.ts';
import { type AppContext, openApp } from '../../../src/app/context.ts';
import { importSource } from '../../../src/app/ingest.ts';
import { publish } from '../../../src/app/publish.ts';
import { syntheticDistrict } from '../../../src/app/synthetic.ts';
import { buildServer } from '../../../src/server/app.ts';
import { exampleBytes } from './fixture.ts';

export const PASSWORD = 'mingzhang-test-pw';

export interface World {
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
  /** published disclosures by name */
  published: { final: number; twoUnits: number; departments: number[] };
  close(): Promise<void>;
}

async function importAndPublish(ctx: AppContext, bytes: Buffer, name: string): Promise<number> {
  const r = await importSource(ctx, { fileName: name, bytes });
  if (r.status !== 'created' || r.disclosureId === undefined)
    throw new Error(`${name}: ${r.status} ${r.message ?? ''}`);
  await publish(ctx, { disclosureId: r.disclosureId, formats: ['xlsx', 'cells', 'json'] });
  return r.disclosureId;
}

export async function startWorld(): Promise<World> {
  const ctx = await openApp({ db: ':memory:', clock: () => new Date() });
  // a small synthetic district: departments with units over two years; publish each department's 部门汇总
  const departments = new Set<number>();
  for (const f of syntheticDistrict({ departments: 3, minUnits: 1, maxUnits: 2, years: [2023, 2024] })) {
    const r = await importSource(ctx, { fileName: f.fileName, bytes: f.bytes() });
    if (r.status !== 'created') throw new Error(`${f.fileName}: ${r.status} ${r.message ?? ''}`);
    if (r.consolidation?.disclosureId) departments.add(r.consolidation.disclosureId);
  }
  for (const id of departments) await publish(ctx, { disclosureId: id, formats: ['xlsx', 'cells', 'json'] });
  const twoUnits = await importAndPublish(ctx, exampleBytes('demo-two-units-2024-budget'), 'two-units-2024.json');
  const final = await importAndPublish(ctx, exampleBytes('hetang-zfb-2023-final'), 'hetang-2023-final.json');
  const region = (await ctx.store.repos.listRegions())[0]?.code ?? null;
  const users: [
    string,
    string,
    'unit_preparer' | 'department_reviewer' | 'finance_reviewer' | 'finance_admin',
    string | null,
  ][] = [
    ['unit', '荷塘区政府办填报人', 'unit_preparer', '004001'],
    ['dept', '荷塘区政府办审核人', 'department_reviewer', '004'],
    ['fin', '区财政局审核人', 'finance_reviewer', '004'],
    ['admin', '区财政局管理员', 'finance_admin', region],
  ];
  for (const [login, displayName, role, org] of users) {
    await createUser(ctx, {
      login,
      displayName,
      password: PASSWORD,
      grants: [role === 'finance_admin' ? { role, regionCode: org } : { role, orgCode: org }],
    });
  }
  // the department 004 must exist before its reviewer can see the unit: it comes with the flow's upload
  const app = await buildServer(ctx, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    ctx,
    app,
    url: `http://127.0.0.1:${port}`,
    published: { final, twoUnits, departments: [...departments] },
    async close() {
      await app.close();
      await ctx.store.close();
    },
  };
}
