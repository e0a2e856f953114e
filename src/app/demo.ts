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
