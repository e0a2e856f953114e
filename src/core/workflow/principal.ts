/**
 * Who is acting: the anonymous public, a logged-in account or a machine token, with the roles it holds
 * and the organisations each role is scoped to. Pure data; the server builds it, the app layer checks it.
 */
import type { RoleId } from './permissions.ts';

export interface RoleGrant {
  role: RoleId;
  /** The unit, department or region the role applies to; null for the public roles. */
  orgId: string | null;
}

export interface Principal {
  kind: 'anonymous' | 'user' | 'token';
  /** Account id (users) or token id (tokens). */
  id: number | null;
  /** Login name or token label, for events and the audit log. */
  name: string;
  displayName: string;
  grants: RoleGrant[];
}

export const ANONYMOUS: Principal = Object.freeze({
  kind: 'anonymous',
  id: null,
  name: 'anonymous',
  displayName: '公众',
  grants: [{ role: 'anonymous', orgId: null }],
}) as Principal;

export function rolesOf(p: Principal): RoleId[] {
  return [...new Set(p.grants.map((g) => g.role))];
}
