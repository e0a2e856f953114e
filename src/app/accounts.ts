/**
 * Accounts, sessions, machine tokens and scope: local accounts with scrypt passwords, database
 * sessions (the cookie carries a random token, the table its sha256), login rate limit per address
 * and lockout per account, and whether a principal reaches an organisation's data.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { RoleId } from '../core/workflow/permissions.ts';
import type { Principal, RoleGrant } from '../core/workflow/principal.ts';
import { loadPermissions } from '../io/workflow-files.ts';
import type { AppContext } from './context.ts';
import { sdb } from './server-tables.ts';
import { UseCaseError } from './use-case-error.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

export const SESSION_HOURS = 8;
export const LOCKOUT = { failures: 5, minutes: 15 };
export const IP_LIMIT = { attempts: 30, minutes: 15 };
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000).toISOString();

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

// a real hash to compare against for unknown logins, so timing does not tell which logins exist
let dummyHash: Promise<string> | null = null;

export interface NewUser {
  login: string;
  displayName: string;
  password: string;
  grants: Array<{ role: RoleId; orgCode?: string | null; regionCode?: string | null }>;
}

export function validatePassword(pw: string): void {
  if (pw.length < 10) throw new UseCaseError('invalid', 'weak_password', '密码至少 10 个字符');
}

export async function createUser(ctx: AppContext, u: NewUser, actorId: number | null = null): Promise<number> {
  validatePassword(u.password);
  if (!/^[A-Za-z0-9._-]{2,64}$/.test(u.login)) {
    throw new UseCaseError('invalid', 'bad_login', '用户名须为 2–64 位字母、数字、点、下划线或连字符');
  }
  const perms = loadPermissions();
  for (const g of u.grants) {
    if (!perms.file.roles[g.role]?.account)
      throw new UseCaseError('invalid', 'bad_role', `角色 ${g.role} 不能授予账户`);
  }
  const hash = await hashPassword(u.password);
  const now = ctx.clock().toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    const db = trx.withTables<import('./server-tables.ts').ServerTables>();
    const exists = await db.selectFrom('users').select('id').where('login', '=', u.login).executeTakeFirst();
    if (exists) throw new UseCaseError('conflict', 'login_taken', `用户名 ${u.login} 已存在`);
    const { id } = await db
      .insertInto('users')
      .values({ login: u.login, display_name: u.displayName, password_hash: hash, created_at: now, disabled: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const g of u.grants) {
      await db
        .insertInto('memberships')
        .values({ user_id: id, role_code: g.role, org_code: g.orgCode ?? null, region_code: g.regionCode ?? null })
        .execute();
    }
    await db
      .insertInto('audit_log')
      .values({
        at: now,
        actor_id: actorId,
        action: 'user.create',
        subject_type: 'user',
        subject_id: String(id),
        detail_json: JSON.stringify({ login: u.login, grants: u.grants }),
      })
      .execute();
    return id;
  });
}

export async function grantsOf(ctx: AppContext, userId: number): Promise<RoleGrant[]> {
  const rows = await ctx.store.db
    .selectFrom('memberships')
    .select(['role_code', 'org_code', 'region_code'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ role: r.role_code as RoleId, orgId: r.org_code ?? r.region_code ?? null }));
}

async function principalOfUser(
  ctx: AppContext,
  user: { id: number; login: string; display_name: string },
): Promise<Principal> {
  return {
    kind: 'user',
    id: user.id,
    name: user.login,
    displayName: user.display_name,
    grants: await grantsOf(ctx, user.id),
  };
}

async function throttleState(ctx: AppContext, key: string) {
  return sdb(ctx).selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

async function recordFailure(
  ctx: AppContext,
  key: string,
  windowMinutes: number,
  lockAfter: number | null,
  lockMinutes: number,
) {
  const now = ctx.clock();
  const db = sdb(ctx);
  const row = await throttleState(ctx, key);
  const windowOpen = row && Date.parse(row.window_start) > now.getTime() - windowMinutes * 60_000;
  const failures = windowOpen ? row.failures + 1 : 1;
  const locked_until = lockAfter !== null && failures >= lockAfter ? addMinutes(now, lockMinutes) : null;
  const values = { failures, window_start: windowOpen ? row.window_start : now.toISOString(), locked_until };
  if (row) await db.updateTable('login_throttle').set(values).where('key', '=', key).execute();
  else
    await db
      .insertInto('login_throttle')
      .values({ key, ...values })
      .execute();
  return failures;
}

export interface LoginResult {
  sessionToken: string;
  sessionId: string;
  csrfToken: string;
  principal: Principal;
  expiresAt: string;
}

/** Log in: refuses with the same message for an unknown login and a wrong password. */
export async function login(
  ctx: AppContext,
  input: { login: string; password: string; ip: string },
): Promise<LoginResult> {
  const now = ctx.clock();
  const ipKey = `ip:${input.ip}`;
  const userKey = `login:${input.login.toLowerCase()}`;
  const ipRow = await throttleState(ctx, ipKey);
  if (
    ipRow &&
    ipRow.failures >= IP_LIMIT.attempts &&
    Date.parse(ipRow.window_start) > now.getTime() - IP_LIMIT.minutes * 60_000
  ) {
    throw new UseCaseError('rate_limited', 'too_many_attempts', `登录尝试过于频繁，请 ${IP_LIMIT.minutes} 分钟后再试`, {
      retryAfter: IP_LIMIT.minutes * 60,
    });
  }
  const userRow = await throttleState(ctx, userKey);
  if (userRow?.locked_until && Date.parse(userRow.locked_until) > now.getTime()) {
    const minutes = Math.ceil((Date.parse(userRow.locked_until) - now.getTime()) / 60_000);
    throw new UseCaseError(
      'locked',
      'account_locked',
      `连续输错密码次数过多，账户已锁定，请 ${minutes} 分钟后再试或联系财政管理员`,
      {
        retryAfter: minutes * 60,
      },
    );
  }
  const user = await ctx.store.db
    .selectFrom('users')
    .select(['id', 'login', 'display_name', 'password_hash', 'disabled'])
    .where('login', '=', input.login)
    .executeTakeFirst();
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash));
  if (!user || !ok || user.disabled) {
    await recordFailure(ctx, ipKey, IP_LIMIT.minutes, null, 0);
    const n = await recordFailure(ctx, userKey, LOCKOUT.minutes, LOCKOUT.failures, LOCKOUT.minutes);
    await audit(ctx, user?.id ?? null, 'session.login_failed', 'user', input.login, { ip: input.ip, failures: n });
    if (n >= LOCKOUT.failures) {
      throw new UseCaseError('locked', 'account_locked', `连续输错密码 ${n} 次，账户已锁定 ${LOCKOUT.minutes} 分钟`, {
        retryAfter: LOCKOUT.minutes * 60,
      });
    }
    throw new UseCaseError('unauthenticated', 'bad_credentials', '用户名或密码错误');
  }
  await sdb(ctx).deleteFrom('login_throttle').where('key', '=', userKey).execute();
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  const sessionId = sha(sessionToken);
  await sdb(ctx)
    .insertInto('sessions')
    .values({
      id_sha: sessionId,
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      ip: input.ip,
    })
    .execute();
  await audit(ctx, user.id, 'session.login', 'user', String(user.id), { ip: input.ip });
  return { sessionToken, sessionId, csrfToken, principal: await principalOfUser(ctx, user), expiresAt };
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  await sdb(ctx).deleteFrom('sessions').where('id_sha', '=', sessionId).execute();
}

/** The session of a raw cookie value, sliding its expiry; null when unknown, expired or the user is disabled. */
export async function resolveSession(ctx: AppContext, raw: string) {
  const id = sha(raw);
  const db = sdb(ctx);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_sha',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.login',
      'users.display_name',
      'users.disabled',
    ])
    .where('sessions.id_sha', '=', id)
    .executeTakeFirst();
  const now = ctx.clock();
  if (!row || row.disabled || Date.parse(row.expires_at) <= now.getTime()) return null;
  // slide the expiry at most once a minute, not on every request
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db
      .updateTable('sessions')
      .set({
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
      })
      .where('id_sha', '=', id)
      .execute();
  }
  return {
    principal: await principalOfUser(ctx, row),
    sessionId: row.id_sha,
    csrfToken: row.csrf_token,
  };
}

const TOKEN_ROLES = ['public_token', 'upload_token'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Issue a machine token; the raw value is returned once and stored only as its hash. */
export async function createApiToken(
  ctx: AppContext,
  input: { role: TokenRole; label: string; orgCode?: string | null; expiresAt?: string | null },
  actorId: number | null,
): Promise<{ id: number; token: string }> {
  if (!TOKEN_ROLES.includes(input.role))
    throw new UseCaseError('invalid', 'bad_role', `令牌角色须为 ${TOKEN_ROLES.join('、')}`);
  if (input.role === 'upload_token' && !input.orgCode) {
    throw new UseCaseError('invalid', 'scope_required', '上传令牌须限定到一个单位或部门（orgCode）');
  }
  if (input.orgCode) {
    const org = await ctx.store.db
      .selectFrom('organisations')
      .select('code')
      .where('code', '=', input.orgCode)
      .executeTakeFirst();
    if (!org) throw new UseCaseError('invalid', 'unknown_org', `没有编码为 ${input.orgCode} 的单位或部门`);
  }
  const token = `mzt_${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock().toISOString();
  const { id } = await sdb(ctx)
    .insertInto('api_tokens')
    .values({
      token_sha: sha(token),
      role_code: input.role,
      label: input.label,
      org_code: input.orgCode ?? null,
      created_by: actorId,
      created_at: now,
      expires_at: input.expiresAt ?? null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(ctx, actorId, 'token.create', 'api_token', String(id), {
    role: input.role,
    orgCode: input.orgCode ?? null,
  });
  return { id, token };
}

export async function revokeApiToken(ctx: AppContext, id: number, actorId: number | null): Promise<void> {
  const r = await sdb(ctx)
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.clock().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new UseCaseError('not_found', 'not_found', '没有这个有效的令牌');
  await audit(ctx, actorId, 'token.revoke', 'api_token', String(id), {});
}

export async function resolveToken(ctx: AppContext, raw: string): Promise<Principal | null> {
  const row = await sdb(ctx).selectFrom('api_tokens').selectAll().where('token_sha', '=', sha(raw)).executeTakeFirst();
  const now = ctx.clock().getTime();
  if (!row || row.revoked_at || (row.expires_at && Date.parse(row.expires_at) <= now)) return null;
  return {
    kind: 'token',
    id: row.id,
    name: `token:${row.id}`,
    displayName: row.label,
    grants: [{ role: row.role_code as RoleId, orgId: row.org_code }],
  };
}

/** The department an organisation belongs to in a year (itself for a department). */
export async function departmentOf(ctx: AppContext, orgCode: string, year: number): Promise<string | null> {
  const org = await ctx.store.db
    .selectFrom('organisations')
    .select(['level'])
    .where('code', '=', orgCode)
    .executeTakeFirst();
  if (!org) return null;
  if (org.level === 'department') return orgCode;
  const y = await ctx.store.db
    .selectFrom('organisation_years')
    .select('parent_code')
    .where('org_code', '=', orgCode)
    .where('year', '<=', year)
    .orderBy('year', 'desc')
    .executeTakeFirst();
  return y?.parent_code ?? null;
}

/** The roles of a principal whose grant reaches an organisation (its scope from data/permissions). */
export async function rolesReaching(ctx: AppContext, p: Principal, orgCode: string, year: number): Promise<RoleId[]> {
  const perms = loadPermissions();
  let dept: string | null | undefined;
  let region: string | null | undefined;
  const out = new Set<RoleId>();
  for (const g of p.grants) {
    let ok = false;
    switch (perms.scopeOf(g.role)) {
      case 'public':
        break;
      case 'unit':
        ok = g.orgId === orgCode;
        break;
      case 'department':
      case 'assigned_departments':
        if (g.orgId === orgCode) ok = true;
        else {
          if (dept === undefined) dept = await departmentOf(ctx, orgCode, year);
          ok = !!dept && g.orgId === dept;
        }
        break;
      case 'region':
        if (region === undefined) {
          const o = await ctx.store.db
            .selectFrom('organisations')
            .select('region_code')
            .where('code', '=', orgCode)
            .executeTakeFirst();
          region = o ? (o.region_code ?? null) : null;
        }
        ok = g.orgId === null || g.orgId === region;
        break;
    }
    if (ok) out.add(g.role);
  }
  return [...out];
}

/** Whether a principal reaches an organisation's unpublished data. */
export async function reachesOrg(ctx: AppContext, p: Principal, orgCode: string, year: number): Promise<boolean> {
  return (await rolesReaching(ctx, p, orgCode, year)).length > 0;
}

export type ScopedResource = 'disclosure' | 'revision' | 'comment' | 'user';

/** Whether the resource exists and its organisation is inside the principal's scope. */
export async function reaches(ctx: AppContext, p: Principal, kind: ScopedResource, rawId: string): Promise<boolean> {
  if (!/^\d{1,12}$/.test(rawId)) return false;
  const id = Number(rawId);
  const db = ctx.store.db;
  if (kind === 'user') {
    return (
      p.grants.some((g) => g.role === 'finance_admin') &&
      !!(await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())
    );
  }
  let disclosureId: number | undefined;
  if (kind === 'disclosure') disclosureId = id;
  else if (kind === 'revision') {
    disclosureId = (
      await db.selectFrom('source_revisions').select('disclosure_id').where('id', '=', id).executeTakeFirst()
    )?.disclosure_id;
  } else {
    disclosureId = (await db.selectFrom('comments').select('disclosure_id').where('id', '=', id).executeTakeFirst())
      ?.disclosure_id;
  }
  if (disclosureId === undefined) return false;
  const d = await db
    .selectFrom('disclosures')
    .select(['org_code', 'year'])
    .where('id', '=', disclosureId)
    .executeTakeFirst();
  return !!d && reachesOrg(ctx, p, d.org_code, d.year);
}

export async function audit(
  ctx: AppContext,
  actorId: number | null,
  action: string,
  subjectType: string,
  subjectId: string,
  detail: unknown,
): Promise<void> {
  await ctx.store.db
    .insertInto('audit_log')
    .values({
      at: ctx.clock().toISOString(),
      actor_id: actorId,
      action,
      subject_type: subjectType,
      subject_id: subjectId,
      detail_json: JSON.stringify(detail),
    })
    .execute();
}

/** The actor id for events and the audit log: accounts only (tokens are recorded in the detail). */
export const actorIdOf = (p: Principal): number | null => (p.kind === 'user' ? (p.id as number) : null);

export async function listUsers(ctx: AppContext) {
  const users = await ctx.store.db
    .selectFrom('users')
    .select(['id', 'login', 'display_name', 'disabled', 'created_at'])
    .orderBy('id')
    .execute();
  return Promise.all(
    users.map(async (u) => ({
      id: u.id,
      login: u.login,
      displayName: u.display_name,
      disabled: !!u.disabled,
      createdAt: u.created_at,
      grants: await grantsOf(ctx, u.id),
    })),
  );
}

export async function setUserDisabled(ctx: AppContext, userId: number, disabled: boolean, actorId: number | null) {
  await ctx.store.db
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
  if (disabled) await sdb(ctx).deleteFrom('sessions').where('user_id', '=', userId).execute();
  await audit(ctx, actorId, disabled ? 'user.disable' : 'user.enable', 'user', String(userId), {});
}

/** Replace a user's roles (memberships); their sessions end so the new roles apply at once. */
export async function setGrants(
  ctx: AppContext,
  userId: number,
  grants: NewUser['grants'],
  actorId: number | null,
): Promise<RoleGrant[]> {
  const perms = loadPermissions();
  for (const g of grants) {
    if (!perms.file.roles[g.role]?.account)
      throw new UseCaseError('invalid', 'bad_role', `角色 ${g.role} 不能授予账户`);
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('memberships').where('user_id', '=', userId).execute();
    for (const g of grants) {
      await trx
        .insertInto('memberships')
        .values({ user_id: userId, role_code: g.role, org_code: g.orgCode ?? null, region_code: g.regionCode ?? null })
        .execute();
    }
    await trx
      .withTables<import('./server-tables.ts').ServerTables>()
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .execute();
  });
  await audit(ctx, actorId, 'user.grants', 'user', String(userId), { grants });
  return grantsOf(ctx, userId);
}
