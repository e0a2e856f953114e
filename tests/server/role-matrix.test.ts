/**
 * Every route of the route table (API and web pages) × every role, generated: a role without the
 * route's permission is refused (401 anonymous, 403 otherwise); a role with it passes the check; on
 * scoped routes a role that does not reach the resource gets 404 — the answer for a missing one.
 * A new route is covered without editing this file, and cannot register without a permission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp } from '../../src/app/context.ts';
import type { RoleId } from '../../src/core/workflow/permissions.ts';
import { DENIED_HEADER } from '../../src/server/auth.ts';
import type { RouteEntry } from '../../src/server/route-table.ts';
import { withTarget } from '../support/pg.ts';
import { type Fixture, type MatrixRole, seededServer } from './fixture.ts';
import type { Client } from './support.ts';

const ROLES: MatrixRole[] = [
  'anonymous',
  'unit_preparer',
  'department_reviewer',
  'finance_reviewer',
  'finance_admin',
  'other_department',
  'public_token',
  'upload_token',
];
/** The role each matrix role holds (another department's staff is a 部门审核人 of department 202). */
const HOLDS: Record<MatrixRole, RoleId> = {
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
  other_department: 'department_reviewer',
} as Record<MatrixRole, RoleId>;
/** Who reaches the draft of unit 201002 (and its revision and comment); users: only the administrator. */
const REACH: Record<string, Set<MatrixRole>> = {
  disclosure: new Set(['unit_preparer', 'department_reviewer', 'finance_reviewer', 'finance_admin', 'upload_token']),
  revision: new Set(['unit_preparer', 'department_reviewer', 'finance_reviewer', 'finance_admin', 'upload_token']),
  comment: new Set(['unit_preparer', 'department_reviewer', 'finance_reviewer', 'finance_admin', 'upload_token']),
  user: new Set(['finance_admin']),
};

describe('role matrix (sqlite)', () => {
  const target = withTarget('sqlite');
  let fx: Fixture;
  const clients = new Map<MatrixRole, Client>();
  beforeAll(async () => {
    fx = await seededServer(target.url);
    for (const r of ROLES) clients.set(r, await fx.client(r));
  });
  afterAll(async () => {
    await fx?.app.close();
    if (fx) await closeApp(fx.ctx);
  });

  function urlFor(r: RouteEntry): string {
    const ids = fx.ids;
    const resourceId = { disclosure: ids.draft, revision: ids.draftRevision, comment: ids.comment, user: ids.user };
    return r.url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
      if (name === 'id') {
        if (r.resource) return String(resourceId[r.resource]);
        if (r.url.startsWith('/api/admin/tokens')) return String(ids.token);
        return String(ids.published);
      }
      const values: Record<string, string> = {
        disclosure: String(ids.published),
        version: '1',
        table: ids.table,
        row: ids.row,
        col: ids.col,
        format: 'json',
        file: 'none.js',
      };
      return encodeURIComponent(values[name] ?? 'x');
    });
  }

  it('covers the API and the web pages', () => {
    const table = fx.app.routeTable;
    expect(table.length).toBeGreaterThan(40);
    expect(table.some((r) => r.url.startsWith('/api/staff/'))).toBe(true);
    expect(
      table.some((r) => !r.url.startsWith('/api/')),
      'web pages registered',
    ).toBe(true);
    for (const r of table) expect(fx.app.permissions.has(r.permission), `${r.method} ${r.url}`).toBe(true);
  });

  it('allows and refuses every route × role as the permission data says', async () => {
    const routes = fx.app.routeTable;
    const wrong: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const url = urlFor(r);
      const mutates = !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
      const schema = (r.schema ?? {}) as { body?: unknown };
      for (const role of ROLES) {
        const allowed = fx.app.permissions.allows(HOLDS[role], r.permission);
        // logging out ends the session: each logout route gets a fresh one
        const c = r.url.endsWith('/logout') ? await fx.client(role) : clients.get(role)!;
        const res = await c.request({
          method: r.method as 'GET',
          url,
          ...(mutates && schema.body ? { payload: {} } : {}),
        });
        const denied = res.headers[DENIED_HEADER];
        let expected: string;
        let ok: boolean;
        if (!allowed) {
          expected = `${role === 'anonymous' ? 401 : 403} (permission)`;
          ok = String(res.status) === expected.slice(0, 3) && denied === 'permission';
        } else if (r.resource && !REACH[r.resource]!.has(role)) {
          expected = '404 (scope)';
          ok = res.status === 404 && denied === 'scope';
        } else {
          expected = 'passed the checks';
          ok = denied === undefined && res.status < 500;
        }
        checked++;
        if (!ok)
          wrong.push(
            `${r.method} ${r.url} as ${role}: ${res.status}, expected ${expected} (${res.body.slice(0, 160)})`,
          );
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(fx.app.routeTable.length * ROLES.length);
  });
});
