/**
 * Roles and permissions as data (data/permissions/permissions.json). A role grants permissions; the
 * role's scope says which organisations it reaches. Pure: parsing and lookups only.
 */
import { z } from 'zod';

export const ROLE_IDS = [
  'anonymous',
  'unit_preparer',
  'department_reviewer',
  'finance_reviewer',
  'finance_admin',
  'public_token',
  'upload_token',
] as const;
export const RoleIdSchema = z.enum(ROLE_IDS);
export type RoleId = z.infer<typeof RoleIdSchema>;

/** How far a role reaches: nothing private, one unit, a department and its units, assigned departments, the region. */
export const ScopeKindSchema = z.enum(['public', 'unit', 'department', 'assigned_departments', 'region']);
export type ScopeKind = z.infer<typeof ScopeKindSchema>;

export const PermissionIdSchema = z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, '权限名须形如 area.action');

export const PermissionsFileSchema = z
  .object({
    roles: z.record(
      RoleIdSchema,
      z.strictObject({
        label: z.string().min(1),
        scope: ScopeKindSchema,
        /** Whether people hold this role through an account (tokens and the public do not log in). */
        account: z.boolean(),
      }),
    ),
    permissions: z.record(
      PermissionIdSchema,
      z.strictObject({
        label: z.string().min(1),
        roles: z.array(RoleIdSchema).min(1),
      }),
    ),
  })
  .strict();
export type PermissionsFile = z.infer<typeof PermissionsFileSchema>;

export class PermissionTable {
  readonly file: PermissionsFile;
  constructor(file: PermissionsFile) {
    this.file = file;
    for (const [id, p] of Object.entries(file.permissions)) {
      for (const r of p.roles) {
        if (!file.roles[r]) throw new Error(`权限 ${id} 引用了未定义的角色 ${r}`);
      }
    }
  }
  has(permission: string): boolean {
    return Object.hasOwn(this.file.permissions, permission);
  }
  allows(role: RoleId, permission: string): boolean {
    const p = this.file.permissions[permission];
    return !!p && p.roles.includes(role);
  }
  /** Whether the permission is open to the anonymous public. */
  isPublic(permission: string): boolean {
    return this.allows('anonymous', permission);
  }
  roleLabel(role: RoleId): string {
    return this.file.roles[role]?.label ?? role;
  }
  scopeOf(role: RoleId): ScopeKind {
    return this.file.roles[role]?.scope ?? 'public';
  }
  get permissionIds(): string[] {
    return Object.keys(this.file.permissions);
  }
  get roleIds(): RoleId[] {
    return Object.keys(this.file.roles) as RoleId[];
  }
}

export function parsePermissions(json: unknown, file = 'permissions.json'): PermissionTable {
  const r = PermissionsFileSchema.safeParse(json);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${file} ${i.path.join('.') || '(根)'}：${i.message}`).join('；');
    throw new Error(`权限数据无效：${msg}`);
  }
  return new PermissionTable(r.data);
}
