/**
 * A seeded server for the role-matrix and security tests: department 201 with units 201001
 * (published, version 1) and 201002 (a draft with a comment), department 202 with unit 202001,
 * one account per role, a public and an upload token.
 */
import type { FastifyInstance } from 'fastify';
import { createApiToken, createUser } from '../../src/app/accounts.ts';
import { addComment } from '../../src/app/comments.ts';
import { type AppContext, openApp } from '../../src/app/context.ts';
import { advanceDemo, importAndCheck, principalOf, registerOrganisationsOf } from '../../src/app/demo.ts';
import { generateRevision } from '../../src/app/generate.ts';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import type { RoleId } from '../../src/core/workflow/permissions.ts';
import { buildServer, type ServerOptions } from '../../src/server/app.ts';
import { Client, testClock } from './support.ts';

export const PW = 'fixture-password';
export type MatrixRole = RoleId | 'other_department';

export interface Fixture {
  ctx: AppContext;
  app: FastifyInstance;
  clock: ReturnType<typeof testClock>;
  ids: {
    published: number;
    draft: number;
    draftRevision: number;
    comment: number;
    user: number;
    token: number;
    table: string;
    row: string;
    col: string;
  };
  /** a logged-in client (or token holder) per role */
  client(role: MatrixRole): Promise<Client>;
}

/** Put a payload into every free-text field a source document has (names, reasons, duties). */
export function withPayload(raw: Record<string, unknown>, payload: string): Record<string, unknown> {
  const r = structuredClone(raw) as Record<string, unknown> & {
    department: { name: string };
    units: Array<Record<string, unknown>>;
    reasons?: Record<string, string>;
  };
  r.department.name = `${r.department.name}${payload}`;
  for (const u of r.units) {
    u.name = `${u.name}${payload}`;
    if (Array.isArray(u.duties)) u.duties = [...(u.duties as string[]), payload];
    if (typeof u.organisation === 'string') u.organisation = `${u.organisation}${payload}`;
  }
  for (const k of Object.keys(r.reasons ?? {})) r.reasons![k] = `${r.reasons![k]}${payload}`;
  return r;
}

export async function seededServer(url: string, opts: ServerOptions & { payload?: string } = {}): Promise<Fixture> {
  const clock = testClock('2024-01-10T02:00:00.000Z');
  const ctx = await openApp({ db: url, clock, env: {} });
  const files = syntheticDistrict({ departments: 2, minUnits: 1, maxUnits: 1, years: [2024] });
  for (const f of files) await registerOrganisationsOf(ctx, f.raw);
  const [a1, a2] = files.filter((f) => f.departmentCode === '201') as [(typeof files)[0], (typeof files)[0]];
  const grants: Record<string, Parameters<typeof createUser>[1]['grants']> = {
    unit_preparer: [{ role: 'unit_preparer', orgCode: a2.unitCode }],
    department_reviewer: [{ role: 'department_reviewer', orgCode: '201' }],
    finance_reviewer: [{ role: 'finance_reviewer', orgCode: '201' }],
    finance_admin: [{ role: 'finance_admin' }],
    other_department: [{ role: 'department_reviewer', orgCode: '202' }],
  };
  const uid: Record<string, number> = {};
  for (const [login, g] of Object.entries(grants))
    uid[login] = await createUser(ctx, { login, displayName: login, password: PW, grants: g });
  const p = (login: string) => principalOf(ctx, uid[login]!, login, login);

  const pubBytes = opts.payload ? Buffer.from(JSON.stringify(withPayload(a1.raw, opts.payload))) : a1.bytes();
  if (opts.payload) await registerOrganisationsOf(ctx, withPayload(a1.raw, opts.payload));
  const pub = await importAndCheck(ctx, a1.fileName, pubBytes, uid.department_reviewer!);
  const actors = {
    preparer: await p('department_reviewer'),
    department: await p('department_reviewer'),
    finance: await p('finance_reviewer'),
  };
  const why = await advanceDemo(ctx, actors, pub.disclosureId!, 'publish', {
    approvedOn: '2024-01-05',
    publishAt: '2024-01-10T02:00:00.000Z',
  });
  if (why) throw new Error(why);
  const draft = await importAndCheck(ctx, a2.fileName, a2.bytes(), uid.unit_preparer!);
  const { pkg } = await generateRevision(ctx, draft.revisionId!);
  const cell = pkg.tables[0]!.cells.find((c) => c.value !== null)!;
  const comment = await addComment(ctx, await p('department_reviewer'), {
    disclosureId: draft.disclosureId!,
    body: `请核实${opts.payload ?? ''}`,
    tableId: pkg.tables[0]!.id,
    rowKey: cell.row,
    columnKey: cell.column,
  });
  const publicToken = await createApiToken(ctx, { role: 'public_token', label: '开放数据' }, uid.finance_admin!);
  const uploadToken = await createApiToken(
    ctx,
    { role: 'upload_token', label: '一体化系统', orgCode: a2.unitCode },
    uid.finance_admin!,
  );
  const spare = await createApiToken(ctx, { role: 'public_token', label: '备用' }, uid.finance_admin!);
  const { payload: _payload, ...serverOpts } = opts;
  const app = await buildServer(ctx, serverOpts);
  const pubPkg = (await generateRevision(ctx, pub.revisionId!)).pkg;
  const pubCell = pubPkg.tables[0]!.cells.find((c) => c.value !== null)!;
  return {
    ctx,
    app,
    clock,
    ids: {
      published: pub.disclosureId!,
      draft: draft.disclosureId!,
      draftRevision: draft.revisionId!,
      comment: comment.id,
      user: uid.unit_preparer!,
      token: spare.id,
      table: pubPkg.tables[0]!.id,
      row: pubCell.row,
      col: pubCell.column,
    },
    async client(role) {
      const c = new Client(app);
      if (role === 'anonymous') return c;
      if (role === 'public_token') c.bearer = publicToken.token;
      else if (role === 'upload_token') c.bearer = uploadToken.token;
      else {
        const r = await c.login(role, PW);
        if (r.status !== 200) throw new Error(`login ${role}: ${r.body}`);
      }
      return c;
    },
  };
}
