/**
 * buildServer(ctx): one Fastify instance for the REST API (/api/…) and the web pages (src/web, a
 * plugin). Every route declares its permission; errors are problem+json; logs are structured (pino).
 */
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { reaches, resolveSession, resolveToken } from '../app/accounts.ts';
import { UseCaseError } from '../app/use-case-error.ts';
import { loadPermissions } from '../io/workflow-files.ts';
import { StoreError } from '../store/errors.ts';
import { type Authenticator, installAuth } from './auth.ts';
import type { ServerContext } from './context.ts';
import { fromFastifyError, ProblemError, problemBody, sendProblem } from './errors.ts';
import { installRouteTable } from './route-table.ts';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './upload-guard.ts';
import { installZod, WHERE_LABEL, zodIssues } from './zod.ts';

export interface ServerOptions {
  /** pino options, true for defaults, false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Sessions, tokens and scope checks; defaults to the database-backed one of src/app/accounts.ts. */
  auth?: Authenticator;
  /** Behind a reverse proxy: trust X-Forwarded-* (then cookies get Secure under HTTPS). */
  trustProxy?: boolean;
  uploadLimits?: Partial<UploadLimits>;
  /** Register the web portal (src/web/index.ts `webPlugin`) when it exists; default true. */
  web?: boolean;
  /** Extra plugins, registered after the API (tests use this for probe routes). */
  plugins?: FastifyPluginAsync[];
}

/** Renders an error page for HTML requests; the web plugin sets it with `app.setHtmlErrorPage`. */
export type HtmlErrorPage = (req: FastifyRequest, status: number, code: string, detail: string) => string;

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServerContext;
    uploadLimits: UploadLimits;
    setHtmlErrorPage(render: HtmlErrorPage): void;
  }
}

const USE_CASE_STATUS: Record<UseCaseError['kind'], number> = {
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  refused: 409,
};

function wantsHtml(req: FastifyRequest): boolean {
  return !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
}

export async function buildServer(ctx: ServerContext, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false || opts.logger === undefined
        ? false
        : opts.logger === true
          ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization'] }
          : opts.logger,
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('ctx', ctx);
  app.decorate('uploadLimits', { ...DEFAULT_UPLOAD_LIMITS, ...opts.uploadLimits });
  installRouteTable(app, loadPermissions());
  installZod(app);

  let htmlErrorPage: HtmlErrorPage | null = null;
  app.decorate('setHtmlErrorPage', (render: HtmlErrorPage) => {
    htmlErrorPage = render;
  });
  const answer = (
    req: FastifyRequest,
    reply: import('fastify').FastifyReply,
    status: number,
    code: string,
    detail: string,
    extra = {},
  ) => {
    if (htmlErrorPage && wantsHtml(req)) {
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(htmlErrorPage(req, status, code, detail));
    }
    return sendProblem(req, reply, status, code, detail, extra);
  };

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof ProblemError) {
      reply.headers(err.headers);
      return answer(req, reply, err.status, err.code, err.detail, err.extra);
    }
    if (err instanceof UseCaseError) {
      const status = USE_CASE_STATUS[err.kind];
      const { retryAfter, ...extra } = err.extra as { retryAfter?: number };
      if (retryAfter) reply.header('retry-after', String(retryAfter));
      return answer(req, reply, status, err.code, err.message, extra);
    }
    if (err instanceof StoreError) {
      const status = { conflict: 409, not_found: 404, immutable: 409, invalid: 422 }[err.code];
      return answer(req, reply, status, err.code === 'conflict' ? 'conflict' : `store_${err.code}`, err.message);
    }
    if (err instanceof z.ZodError) {
      const where = (err as unknown as { validationContext?: string }).validationContext ?? 'body';
      const errors = zodIssues(err, where);
      const detail = `${WHERE_LABEL[where] ?? where}不符合要求：${errors.map((e) => `${e.path} ${e.message}`).join('；')}`;
      return answer(req, reply, 400, 'validation_failed', detail, { errors });
    }
    const e = err as { code?: string; statusCode?: number; message: string };
    const mapped = fromFastifyError(e);
    if (mapped.status >= 500) req.log.error({ err }, 'unhandled error');
    return answer(req, reply, mapped.status, mapped.code, mapped.detail);
  });
  app.setNotFoundHandler((req, reply) =>
    answer(req, reply, 404, 'not_found', `没有这个地址：${req.url.split('?')[0]}`),
  );

  // Secure defaults for every response; HTML pages may set a stricter CSP of their own.
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header(
        'content-security-policy',
        req.url.startsWith('/api/') && !req.url.startsWith('/api/docs')
          ? "default-src 'none'; frame-ancestors 'none'"
          : "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
      );
    }
    return payload;
  });

  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, {
    limits: {
      fileSize: app.uploadLimits.maxFileBytes,
      files: app.uploadLimits.maxFilesPerRequest,
      fields: 20,
      fieldSize: 64 * 1024,
      parts: app.uploadLimits.maxFilesPerRequest + 20,
    },
    throwFileSizeLimit: true,
  });

  installAuth(
    app,
    opts.auth ?? {
      session: (raw) => resolveSession(ctx, raw),
      token: (raw) => resolveToken(ctx, raw),
      reaches: (p, kind, id) => reaches(ctx, p, kind, id),
    },
  );

  const { apiRoutes } = await import('./routes/index.ts');
  await app.register(apiRoutes);

  if (opts.web !== false) {
    const web = await loadWebPlugin();
    if (web) await app.register(web);
  }
  for (const p of opts.plugins ?? []) await app.register(p);
  return app;
}

/** The web engineer's plugin, when src/web/index.ts exists (the API works without it). */
async function loadWebPlugin(): Promise<FastifyPluginAsync | null> {
  // src/server/app.ts next to src/web/index.ts, or build/server/app.js next to build/web/index.js
  const path = new URL(`../web/index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  if (!existsSync(path)) return null;
  const mod = (await import(path.href)) as { webPlugin?: FastifyPluginAsync };
  if (!mod.webPlugin) throw new Error('src/web/index.ts 未导出 webPlugin');
  return mod.webPlugin;
}

export { problemBody };
