/**
 * Demo data for `mingzhang serve --demo` and `npm start`: the bundled examples and a synthetic
 * district (src/app/synthetic.ts) of departments with units over two years, imported, checked and
 * taken through the workflow to various states (published on time, published late, corrected,
 * approved and near-due or overdue, under review, in preparation), plus one demo account per role.
 */
import type { RoleId } from '../core/workflow/permissions.ts';
import type { Principal } from '../core/workflow/principal.ts';
import { createUser, grantsOf } from './accounts.ts';
import { checkRevision } from './check.ts';
import type { AppContext } from './context.ts';
import { importSource } from './ingest.ts';

type Raw = Record<string, unknown>;

/** Register the region, department and units a source document names (so accounts can be scoped to them first). */
export async function registerOrganisationsOf(ctx: AppContext, raw: Raw): Promise<void> {
  const region = typeof raw.region === 'string' ? raw.region : null;
  const year = Number(raw.year);
  const dept = raw.department as { code: string; name: string };
  const units = (raw.units as Array<{ code: string; name: string; kind?: string; parent?: string }>) ?? [];
  await ctx.store.transaction(async (repos) => {
    if (region && !(await repos.getRegion(region))) {
      await repos.upsertRegion({ code: region, name: region, finance_bureau: `${region}财政局` });
    }
    await repos.upsertOrganisation(
      { code: dept.code, region_code: region, level: 'department', name: dept.name },
      { year, name: dept.name, unit_kind: null, parent_code: null, successor_code: null },
    );
    for (const u of units) {
      if (u.code === dept.code) continue;
      await repos.upsertOrganisation(
        { code: u.code, region_code: region, level: 'unit', name: u.name },
        { year, name: u.name, unit_kind: u.kind ?? null, parent_code: u.parent ?? dept.code, successor_code: null },
      );
    }
  });
}

export interface DemoAccount {
  login: string;
  password: string;
  displayName: string;
  role: RoleId;
  scope: string;
}

export async function principalOf(
  ctx: AppContext,
  userId: number,
  login: string,
  displayName: string,
): Promise<Principal> {
  return { kind: 'user', id: userId, name: login, displayName, grants: await grantsOf(ctx, userId) };
}

/** Create an account unless the login exists; returns its principal. */
export async function ensureAccount(
  ctx: AppContext,
  a: {
    login: string;
    password: string;
    displayName: string;
    grants: Array<{ role: RoleId; orgCode?: string | null; regionCode?: string | null }>;
  },
): Promise<Principal> {
  const found = await ctx.store.repos.userByLogin(a.login);
  const id = found ? found.id : await createUser(ctx, a);
  return principalOf(ctx, id, a.login, a.displayName);
}

/** Import one document and check its revision; returns the disclosure id. */
export async function importAndCheck(ctx: AppContext, fileName: string, bytes: Buffer, userId: number | null) {
  const r = await importSource(ctx, { fileName, bytes, userId });
  if (r.status !== 'created' && r.status !== 'unchanged') {
    throw new Error(`${fileName}：${r.message ?? r.status}${r.issues.length ? `（${r.issues[0]!.message}）` : ''}`);
  }
  await checkRevision(ctx, r.revisionId!);
  return r;
}

export const DEMO_PASSWORD = 'mingzhang-demo';
export const DEMO_REGION = '明账示范区';

export interface DemoOptions {
  /** synthetic departments (default 30) */
  departments?: number;
  /** the bundled examples directory (default examples/) */
  examplesDir?: string;
  onProgress?: (label: string) => void;
  /** called once with the number of steps, before the first onProgress */
  onTotal?: (steps: number) => void;
}

export interface DemoResult {
  seeded: boolean;
  accounts: DemoAccount[];
  disclosures: number;
  published: number;
  notes: string[];
}

/** A context whose clock reads a fixed instant (publication dates of the demo history). */
const at = (ctx: AppContext, iso: string): AppContext => ({ ...ctx, clock: () => new Date(iso) });
const day = (d: Date, offset: number) => new Date(d.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Walk a disclosure through the workflow up to `until` (a transition id), acknowledging warnings
 * and confirming the 保密审查 as the demo actors would. Stops at the first refusal and says why.
 */
export async function advanceDemo(
  ctx: AppContext,
  actors: { preparer: Principal; department: Principal; finance: Principal },
  disclosureId: number,
  until: 'submit' | 'dept_approve' | 'finance_approve' | 'approve' | 'publish',
  dates: { approvedOn: string; publishAt: string },
): Promise<string | null> {
  const { acknowledgeWarning, confirmSecrecy, transition } = await import('./workflow.ts');
  const steps: Array<[string, Principal, Record<string, string>]> = [
    ['submit', actors.preparer, {}],
    ['dept_approve', actors.department, {}],
    ['finance_approve', actors.finance, {}],
    [
      'approve',
      actors.finance,
      { approvalDate: dates.approvedOn, documentNo: `${DEMO_REGION}财预〔${dates.approvedOn.slice(0, 4)}〕1号` },
    ],
    ['publish', actors.department, {}],
  ];
  const d = await ctx.store.repos.mustGetDisclosure(disclosureId);
  const run = await ctx.store.repos.latestCheckRun(d.current_revision_id!);
  if (run) {
    for (const f of await ctx.store.repos.findingsOf(run.id)) {
      if (f.severity === '警告') {
        await acknowledgeWarning(ctx, actors.preparer, { disclosureId, findingId: f.id, reason: '演示数据：已核实' });
      }
    }
  }
  for (const [action, actor, extra] of steps) {
    const current = await ctx.store.repos.mustGetDisclosure(disclosureId);
    const t = (await import('../io/workflow-files.ts')).loadWorkflow().transitions[action]!;
    if (t.from.includes(current.workflow_state)) {
      if (action === 'publish')
        await confirmSecrecy(ctx, actors.department, { disclosureId, note: '演示数据：不涉密' });
      try {
        await transition(action === 'publish' ? at(ctx, dates.publishAt) : ctx, actor, {
          disclosureId,
          action,
          ...extra,
        });
      } catch (e) {
        return `${disclosureId} ${action}：${(e as Error).message}`;
      }
    }
    if (action === until) break;
  }
  return null;
}

/**
 * Seed the demo: skipped when the demo administrator exists already (the database keeps it).
 * The synthetic district publishes 2023 for every department and 2024 for most, with a few
 * late, one corrected, some approved and awaiting publication (near-due, overdue), some in review.
 */
export async function seedDemo(ctx: AppContext, opts: DemoOptions = {}): Promise<DemoResult> {
  const { readdirSync, readFileSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const { syntheticDistrict } = await import('./synthetic.ts');
  const departments = opts.departments ?? 30;
  const accounts: DemoAccount[] = [
    {
      login: 'admin',
      password: DEMO_PASSWORD,
      displayName: '财政管理员（演示）',
      role: 'finance_admin',
      scope: '全部地区',
    },
    {
      login: 'finance',
      password: DEMO_PASSWORD,
      displayName: '财政审核人（演示）',
      role: 'finance_reviewer',
      scope: '全部部门',
    },
    {
      login: 'dept201',
      password: DEMO_PASSWORD,
      displayName: '部门审核人 201（演示）',
      role: 'department_reviewer',
      scope: '201 部门及所属单位（dept202、dept203 … 同理）',
    },
    {
      login: 'unit201002',
      password: DEMO_PASSWORD,
      displayName: '单位填报人（演示）',
      role: 'unit_preparer',
      scope: '201002 单位',
    },
    {
      login: 'hetang',
      password: DEMO_PASSWORD,
      displayName: '荷塘区部门审核人（演示）',
      role: 'department_reviewer',
      scope: '004、118 部门',
    },
  ];
  if (await ctx.store.repos.userByLogin('admin')) {
    return { seeded: false, accounts, disclosures: 0, published: 0, notes: [] };
  }
  const examplesDir = opts.examplesDir ?? fileURLToPath(new URL('../../examples/', import.meta.url));
  const examples = readdirSync(examplesDir)
    .filter((n) => existsSync(join(examplesDir, n, 'source.json')))
    .sort()
    .map((n) => ({ name: n, bytes: readFileSync(join(examplesDir, n, 'source.json')) }));
  const district = syntheticDistrict({ departments, region: DEMO_REGION });
  const deptCodes = [...new Set(district.map((f) => f.departmentCode))];
  opts.onTotal?.(examples.length + district.length + deptCodes.length * 2 + examples.length);

  // organisations first, so that accounts can be scoped to them
  for (const e of examples) await registerOrganisationsOf(ctx, JSON.parse(e.bytes.toString('utf8')) as Raw);
  for (const f of district) await registerOrganisationsOf(ctx, f.raw);
  const exampleDepts = [
    ...new Set(
      examples.map((e) => (JSON.parse(e.bytes.toString('utf8')) as { department: { code: string } }).department.code),
    ),
  ];
  await ensureAccount(ctx, { ...accounts[0]!, grants: [{ role: 'finance_admin' }] });
  const finance = await ensureAccount(ctx, {
    ...accounts[1]!,
    grants: [...deptCodes, ...exampleDepts].map((c) => ({ role: 'finance_reviewer' as const, orgCode: c })),
  });
  // one reviewer account per department: dept201 … (the same demo password)
  const reviewers = new Map<string, Principal>();
  for (const code of deptCodes) {
    reviewers.set(
      code,
      await ensureAccount(ctx, {
        login: `dept${code}`,
        password: DEMO_PASSWORD,
        displayName: `部门审核人 ${code}（演示）`,
        grants: [{ role: 'department_reviewer', orgCode: code }],
      }),
    );
  }
  await ensureAccount(ctx, { ...accounts[3]!, grants: [{ role: 'unit_preparer', orgCode: `${deptCodes[0]}002` }] });
  const hetang = await ensureAccount(ctx, {
    ...accounts[4]!,
    grants: exampleDepts.map((c) => ({ role: 'department_reviewer' as const, orgCode: c })),
  });
  const deptActor = (code: string): Principal => reviewers.get(code)!;

  const notes: string[] = [];
  let disclosures = 0;
  let published = 0;
  const today = ctx.clock();

  // the examples: imported, checked, taken as far as their data allow (published when complete)
  for (const e of examples) {
    const r = await importAndCheck(ctx, `${e.name}.json`, e.bytes, hetang.id as number);
    opts.onProgress?.(e.name);
    disclosures++;
    const year = r.subject!.year;
    const actors = { preparer: hetang, department: hetang, finance };
    const targets = [r.disclosureId!, ...(r.consolidation ? [r.consolidation.disclosureId] : [])];
    for (const id of targets) {
      const dd = await ctx.store.repos.mustGetDisclosure(id);
      if (!(await ctx.store.repos.latestCheckRun(dd.current_revision_id!)))
        await checkRevision(ctx, dd.current_revision_id!);
      const why = await advanceDemo(ctx, actors, id, 'publish', {
        approvedOn: `${year}-01-20`,
        publishAt: `${year}-02-05T02:00:00.000Z`,
      });
      if (why) notes.push(why);
      else published++;
    }
    opts.onProgress?.(`${e.name}（流程）`);
  }

  // the synthetic district: every unit file, then each department's consolidation through the workflow
  const consolidations = new Map<string, number>();
  for (const f of district) {
    const r = await importSource(ctx, { fileName: f.fileName, bytes: f.bytes(), userId: null });
    if (r.status !== 'created') notes.push(`${f.fileName}：${r.message ?? r.status}`);
    if (r.consolidation) consolidations.set(`${f.departmentCode}:${f.year}`, r.consolidation.disclosureId);
    disclosures++;
    opts.onProgress?.(f.fileName);
  }
  for (const [i, code] of deptCodes.entries()) {
    for (const year of [2023, 2024]) {
      const id = consolidations.get(`${code}:${year}`);
      if (id === undefined) continue;
      const dd = await ctx.store.repos.mustGetDisclosure(id);
      await checkRevision(ctx, dd.current_revision_id!);
      const actors = { preparer: deptActor(code), department: deptActor(code), finance };
      // 2023: all published (every seventh late); 2024: a spread of states
      const late = i % 7 === 3;
      let until: Parameters<typeof advanceDemo>[3] = 'publish';
      let approvedOn = `${year}-01-20`;
      if (year === 2024) {
        const slot = i % 10;
        if (slot === 7) {
          until = 'approve';
          approvedOn = day(today, -25); // overdue
        } else if (slot === 8) {
          until = 'approve';
          approvedOn = day(today, -17); // near due
        } else if (slot === 9) until = i % 20 === 9 ? 'submit' : 'dept_approve';
      }
      const why = await advanceDemo(ctx, actors, id, until, {
        approvedOn,
        publishAt: late ? `${year}-02-20T02:00:00.000Z` : `${year}-02-05T02:00:00.000Z`,
      });
      if (why) notes.push(why);
      else if (until === 'publish') published++;
      opts.onProgress?.(`${code} ${year}`);
    }
  }
  return { seeded: true, accounts, disclosures, published, notes };
}
