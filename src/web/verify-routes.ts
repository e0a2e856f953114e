/**
 * 核对: anyone uploads a published document (PDF, workbook, text) and gets the check report and
 * the inspection scores, computed by the same checker. Nothing is kept: the bytes live only in
 * this request. Rate-limited per client address (a fixed window, in memory: the check is CPU work).
 */
import type { FastifyInstance } from 'fastify';
import { inspect } from '../app/inspection.ts';
import { checkPackage } from '../core/rules/engine.ts';
import { loadBundledCatalogs } from '../io/catalog-files.ts';
import { loadRuleCatalogs } from '../io/rule-files.ts';
import { loadAllScoringConfigs } from '../io/scoring-files.ts';
import { listTemplateSets, loadTemplateSet } from '../io/template-files.ts';
import { readDisclosure } from '../readers/index.ts';
import { guardFile } from '../server/upload-guard.ts';
import { verifyPage } from './portal-pages.ts';

export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

export const VERIFY_LIMIT: RateLimit = { max: 10, windowMs: 10 * 60_000 };

export function windowLimiter(limit: RateLimit, now: () => number = Date.now) {
  const hits = new Map<string, { start: number; n: number }>();
  return (key: string): boolean => {
    const t = now();
    const h = hits.get(key);
    if (!h || t - h.start >= limit.windowMs) {
      if (hits.size > 10_000) hits.clear();
      hits.set(key, { start: t, n: 1 });
      return true;
    }
    h.n++;
    return h.n <= limit.max;
  };
}

export function verifyRoutes(app: FastifyInstance, limit: RateLimit = VERIFY_LIMIT): void {
  const allow = windowLimiter(limit);
  const HTML = 'text/html; charset=utf-8';
  let sets: ReturnType<typeof loadTemplateSet>[] | undefined;
  const templateSets = () => {
    sets ??= listTemplateSets().map((id) => loadTemplateSet(id));
    return sets;
  };

  app.get('/verify', { config: { permission: 'public.check', api: false } }, async (req, reply) =>
    reply.type(HTML).send(verifyPage(req.csrfToken())),
  );

  app.post('/verify', { config: { permission: 'public.check', api: false } }, async (req, reply) => {
    if (!allow(req.ip)) {
      reply.header('retry-after', String(Math.ceil(limit.windowMs / 1000)));
      return reply
        .code(429)
        .type(HTML)
        .send(
          verifyPage(
            req.csrfToken(),
            undefined,
            `核对过于频繁：每 ${limit.windowMs / 60_000} 分钟最多 ${limit.max} 次，请稍后再试。`,
          ),
        );
    }
    try {
      const part = await req.file();
      if (!part)
        return reply
          .code(400)
          .type(HTML)
          .send(verifyPage(req.csrfToken(), undefined, '请选择要核对的文件'));
      const file = await guardFile(part.filename, await part.toBuffer(), app.uploadLimits);
      if (!['pdf', 'xlsx', 'text'].includes(file.kind))
        return reply
          .code(415)
          .type(HTML)
          .send(verifyPage(req.csrfToken(), undefined, `${file.name}：请上传 PDF、工作簿（.xlsx）或文本（.txt）`));
      const read = await readDisclosure(file.bytes, file.name, templateSets());
      const rules = loadRuleCatalogs();
      const findings = checkPackage(read.pkg, rules, {
        catalogs: loadBundledCatalogs(),
        scoring: loadAllScoringConfigs(),
      });
      const inspection = inspect({ pkg: read.pkg, today: new Date().toISOString() }, { rules, findings });
      return reply.type(HTML).send(
        verifyPage(req.csrfToken(), {
          file: file.name,
          unit: `${read.pkg.unit.name || '（未识别单位）'} ${read.pkg.year}年${read.pkg.kind}`,
          findings,
          inspection,
        }),
      );
    } catch (e) {
      const msg =
        e && typeof e === 'object' && 'detail' in e
          ? String((e as { detail: unknown }).detail)
          : e instanceof Error
            ? e.message
            : String(e);
      return reply
        .code(422)
        .type(HTML)
        .send(verifyPage(req.csrfToken(), undefined, `无法读取该文件：${msg}`));
    }
  });
}
