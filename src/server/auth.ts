/**
 * Authentication, permission and CSRF hooks. State lives in the database (sessions, tokens, login
 * attempts), reached through an Authenticator, so that several server processes share it.
 *
 * - `Authorization: Bearer <token>` → a machine token (no CSRF: nothing ambient to forge);
 * - cookie `mz_session` → an account session; its CSRF token is stored with the session;
 * - otherwise the anonymous public, with a double-submit CSRF cookie `mz_csrf` for its forms.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../core/workflow/principal.ts';
import { ProblemError } from './errors.ts';
import type { ResourceKind } from './route-table.ts';

export const SESSION_COOKIE = 'mz_session';
export const ANON_CSRF_COOKIE = 'mz_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export interface ResolvedSession {
  principal: Principal;
  sessionId: string;
  csrfToken: string;
}

/** What the hooks need from the account store (src/app/accounts.ts implements it). */
export interface Authenticator {
  /** A session by the raw cookie value; null when unknown or expired. */
  session(rawCookie: string): Promise<ResolvedSession | null>;
  /** A machine token by its raw value; null when unknown or revoked. */
  token(rawToken: string): Promise<Principal | null>;
  /** Whether the resource exists and lies inside the principal's scope. */
  reaches(principal: Principal, kind: ResourceKind, id: string): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling (the anonymous public when nobody logged in). */
    principal: Principal;
    /** The session id when the caller authenticated with the session cookie. */
    sessionId: string | null;
    /** How the caller authenticated. */
    authMethod: 'none' | 'session' | 'token';
    /** The CSRF token to embed in forms (`_csrf` field) or send as the `x-csrf-token` header. */
    csrfToken(): string;
    _csrf: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Which check refused a request (permission, scope, csrf), in a response header: the role-matrix
 * test tells a refusal by the server's rules from a handler's own 401/403/404. The 404 of a scope
 * refusal reads exactly like a missing resource otherwise.
 */
export const DENIED_HEADER = 'x-mingzhang-denied';
const DENIED = (why: 'permission' | 'scope' | 'csrf') => ({ [DENIED_HEADER]: why });

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.protocol === 'https',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** After a successful `login()` (src/app/accounts.ts): set the session cookie for this request's reply. */
export function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  sessionToken: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(SESSION_COOKIE, sessionToken, cookieOptions(req, maxAgeSeconds));
}

export function installAuth(app: FastifyInstance, auth: Authenticator): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('authMethod', 'none');
  app.decorateRequest('_csrf', null);
  app.decorateRequest('csrfToken', function csrfToken(this: FastifyRequest) {
    if (this._csrf) return this._csrf;
    // anonymous visitor without a CSRF cookie yet: mint one; the onSend hook sets the cookie
    this._csrf = randomBytes(24).toString('base64url');
    (this as FastifyRequest & { _newAnonCsrf?: boolean })._newAnonCsrf = true;
    return this._csrf;
  });

  app.addHook('onRequest', async (req, reply) => {
    req.principal = ANONYMOUS;
    const authz = req.headers.authorization;
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const p = m ? await auth.token(m[1]!) : null;
      if (!p) throw new ProblemError(401, 'invalid_token', '接口令牌无效、已过期或已吊销。');
      req.principal = p;
      req.authMethod = 'token';
    } else {
      const raw = req.cookies[SESSION_COOKIE];
      const s = raw ? await auth.session(raw) : null;
      if (s) {
        req.principal = s.principal;
        req.sessionId = s.sessionId;
        req._csrf = s.csrfToken;
        req.authMethod = 'session';
      } else {
        if (raw) reply.clearCookie(SESSION_COOKIE, { path: '/' });
        req._csrf = req.cookies[ANON_CSRF_COOKIE] ?? null;
      }
    }
    const config = req.routeOptions.config as { permission?: string; resource?: ResourceKind };
    const permission = config.permission;
    if (!permission) return; // unmatched URL: the not-found handler answers
    const allowed = req.principal.grants.some((g) => app.permissions.allows(g.role, permission));
    if (!allowed) {
      throw req.principal.kind === 'anonymous'
        ? new ProblemError(401, 'unauthenticated', '请先登录。', {}, DENIED('permission'))
        : new ProblemError(403, 'forbidden', '当前账户没有执行此操作的权限。', {}, DENIED('permission'));
    }
    if (config.resource) {
      const id = (req.params as Record<string, string>).id;
      if (!id || !(await auth.reaches(req.principal, config.resource, id))) {
        throw new ProblemError(404, 'not_found', '请求的资源不存在。', {}, DENIED('scope'));
      }
    }
  });

  // CSRF after the body is parsed (forms carry `_csrf`) and before validation and the handler.
  app.addHook('preValidation', async (req) => {
    if (SAFE_METHODS.has(req.method) || req.authMethod === 'token') return;
    if (!req.routeOptions.config.permission) return;
    const expected = req._csrf;
    const body = req.body as Record<string, unknown> | undefined;
    const isMultipart = (req.headers['content-type'] ?? '').startsWith('multipart/');
    const sent =
      (req.headers[CSRF_HEADER] as string | undefined) ??
      (body && typeof body === 'object' && typeof body[CSRF_FIELD] === 'string'
        ? (body[CSRF_FIELD] as string)
        : undefined) ??
      (isMultipart ? (req.query as Record<string, string> | undefined)?.[CSRF_FIELD] : undefined);
    if (!expected || !sent || !sameToken(expected, sent)) {
      throw new ProblemError(
        403,
        'csrf_failed',
        '缺少或错误的 CSRF 令牌：请刷新页面后重试（接口调用请在 x-csrf-token 请求头中附上令牌）。',
        {},
        DENIED('csrf'),
      );
    }
    if (body && typeof body === 'object' && CSRF_FIELD in body) delete body[CSRF_FIELD];
  });

  app.addHook('onSend', async (req: FastifyRequest & { _newAnonCsrf?: boolean }, reply: FastifyReply, payload) => {
    if (req._newAnonCsrf && req.authMethod === 'none' && req._csrf) {
      reply.setCookie(ANON_CSRF_COOKIE, req._csrf, cookieOptions(req));
    }
    return payload;
  });
}
