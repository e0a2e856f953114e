/**
 * The web portal as a Fastify plugin (registered by src/server/app.ts): the public portal, the
 * staff workspace and the static assets (the stylesheet, and the Vite-built client script when
 * it has been built into dist/web). Every route declares its permission.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from './plugin-wrap.ts';
import { errorPage } from './portal-pages.ts';
import { portalRoutes } from './portal-routes.ts';
import type { PortalSource } from './source.ts';
import { staffRoutes } from './staff-routes.ts';
import { SITE_CSS, SITE_CSS_PATH } from './styles.ts';
import { verifyRoutes } from './verify-routes.ts';

export const WEB_DIST = resolve(import.meta.dirname, '../../dist/web');

export interface WebOptions {
  /** where published data comes from; defaults to the store (src/app/portal.ts) */
  source?: PortalSource;
}

interface ClientManifest {
  [entry: string]: { file: string; isEntry?: boolean };
}

/** The built client script's URL (hashed name from Vite's manifest), or undefined when not built. */
export function clientScript(dist = WEB_DIST): string | undefined {
  const manifest = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as ClientManifest;
  const entry = Object.values(m).find((e) => e.isEntry);
  return entry ? `/assets/${entry.file.replace(/^assets\//, '')}` : undefined;
}

const ASSET = { permission: 'public.read', api: false } as const;

async function web(app: FastifyInstance, opts: WebOptions): Promise<void> {
  const source = opts.source ?? (await import('../app/portal.ts')).storePortalSource(app.ctx);
  const script = clientScript();
  app.setHtmlErrorPage?.((_req, status, _code, detail) => errorPage(status, detail));

  app.get(SITE_CSS_PATH, { config: ASSET }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.type('text/css; charset=utf-8').send(SITE_CSS);
  });
  app.get('/assets/:file', { config: ASSET }, async (req, reply) => {
    const file = (req.params as { file: string }).file;
    if (!/^[\w.-]+\.js$/.test(file)) return reply.code(404).send();
    const path = join(WEB_DIST, 'assets', file);
    if (!existsSync(path)) return reply.code(404).send();
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.type('text/javascript; charset=utf-8').send(readFileSync(path));
  });

  portalRoutes(app, { source, script: () => script, today: () => (app.ctx?.clock?.() ?? new Date()).toISOString() });
  verifyRoutes(app);
  staffRoutes(app, { script: () => script });
}

export const webPlugin: FastifyPluginAsync<WebOptions> = fp(web);
