/**
 * Public portal routes (permission public.read / public.check). Published versions are
 * immutable, so their pages are rendered once, kept in a small LRU and served with a strong
 * ETag and a long cache lifetime; the latest-version URL redirects to the numbered one.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inspect } from '../app/inspection.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import { chartsFor, functionalTree, type YearPackage } from './chart-data.ts';
import { chartCsv } from './charts.ts';
import { comparePeers, compareYears } from './compare.ts';
import {
  cellPage,
  type DisclosureView,
  disclosurePage,
  FORMAT_LABELS,
  findTable,
  tablePage,
} from './disclosure-page.ts';
import {
  compareIndexPage,
  comparePeersPage,
  compareYearsPage,
  departmentInspectionPage,
  directoryPage,
  disclosureHref,
  errorPage,
  homePage,
  type InspectionRow,
  regionInspectionPage,
  searchPage,
} from './portal-pages.ts';
import type { DocKind, PortalSource, PublishedDisclosure } from './source.ts';

const PUBLIC = { permission: 'public.read', api: false } as const;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=60';

class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}

interface Rendered {
  readonly body: Buffer;
  /** the same bytes gzipped once, for clients that accept it */
  readonly gzip: Buffer;
  readonly etag: string;
}

function rendered(html: string): Rendered {
  const body = Buffer.from(html, 'utf8');
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}

function sendHtml(req: FastifyRequest, reply: FastifyReply, r: Rendered, cache = IMMUTABLE) {
  reply.header('etag', r.etag).header('cache-control', cache).header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === r.etag) return reply.code(304).send();
  reply.type('text/html; charset=utf-8');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')))
    return reply.header('content-encoding', 'gzip').send(r.gzip);
  return reply.send(r.body);
}

function kindParam(s: unknown): DocKind | undefined {
  return s === '预算' || s === '决算' ? s : undefined;
}

function intParam(s: unknown): number | undefined {
  const n = typeof s === 'string' && /^\d{1,9}$/.test(s) ? Number(s) : undefined;
  return n;
}

export interface PortalRouteOptions {
  readonly source: PortalSource;
  readonly script?: () => string | undefined;
  readonly today: () => string;
}

export function portalRoutes(app: FastifyInstance, opts: PortalRouteOptions): void {
  // published versions never change: what is known about a disclosure is cached until any new
  // version is published anywhere (one cheap query per request tells)
  const published = new Map<number, Promise<PublishedDisclosure | undefined>>();
  let seenStamp = -1;
  const source: PortalSource = {
    ...opts.source,
    async published(id: number) {
      const stamp = await opts.source.publishedStamp();
      if (stamp !== seenStamp || published.size > 5000) {
        published.clear();
        seenStamp = stamp;
      }
      let value = published.get(id);
      if (!value) {
        value = opts.source.published(id);
        published.set(id, value);
        value.catch(() => published.delete(id));
      }
      return value;
    },
  };

  const pages = new Lru<Rendered>(256);
  const pkgs = new Lru<DisclosurePackage>(128);

  const pkgOf = async (id: number, version: number) => {
    const key = `${id}/${version}`;
    let pkg = pkgs.get(key);
    if (!pkg) {
      pkg = await source.packageOf(id, version);
      if (pkg) pkgs.set(key, pkg);
    }
    return pkg;
  };

  const historyOf = async (d: PublishedDisclosure): Promise<YearPackage[]> => {
    const out: YearPackage[] = [];
    for (const h of await source.history(d.org.code, d.kind)) {
      if (h.year === d.year) continue;
      const pkg = await pkgOf(h.disclosureId, h.version);
      if (pkg) out.push({ year: h.year, pkg });
    }
    return out;
  };

  async function viewOf(id: number, version: number): Promise<DisclosureView | undefined> {
    const d = await source.published(id);
    const v = d?.versions.find((x) => x.version === version);
    if (!d || !v) return undefined;
    const pkg = await pkgOf(id, version);
    if (!pkg) return undefined;
    const base = disclosureHref(id, version);
    const script = opts.script?.();
    return {
      pkg,
      base,
      latest: disclosureHref(id),
      version: v,
      versions: d.versions,
      versionHref: (n) => disclosureHref(id, n),
      downloads: source
        .formats()
        .map((f) => ({ format: f, label: FORMAT_LABELS[f] ?? f, href: `${base}/download/${f}` })),
      history: await historyOf(d),
      inspectionHref: `/inspection/${id}`,
      compareHref: `/compare/years?org=${encodeURIComponent(d.org.code)}&kind=${encodeURIComponent(d.kind)}`,
      orgName: d.org.name,
      ...(script ? { script } : {}),
    };
  }

  const notFound = (reply: FastifyReply, what = '没有这个已公开的版本') =>
    reply.code(404).type('text/html; charset=utf-8').send(errorPage(404, what));

  app.get('/', { config: PUBLIC }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    const years = await source.years();
    const year = intParam(q.year) ?? years[0] ?? new Date().getUTCFullYear();
    const kind = kindParam(q.kind) ?? '预算';
    const rows = await source.directory({ year, kind });
    const published: DisclosurePackage[] = [];
    for (const r of rows) {
      if (r.status !== '已公开' || r.disclosureId === undefined) continue;
      const d = await source.published(r.disclosureId);
      const last = d?.versions.reduce((m, v) => Math.max(m, v.version), 0);
      const pkg = last ? await pkgOf(r.disclosureId, last) : undefined;
      if (pkg) published.push(pkg);
    }
    const sums = new Map<string, { label: string; v: bigint }>();
    for (const p of published)
      for (const c of functionalTree(p) ?? []) {
        const e = sums.get(c.code ?? c.label) ?? { label: c.label, v: 0n };
        e.v += c.values[0] ?? 0n;
        sums.set(c.code ?? c.label, e);
      }
    const functional = [...sums]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, e]) => ({ label: e.label, code, values: [e.v] }));
    if (q.format === 'csv') {
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`${year}-${kind}-功能分类.csv`)}`,
      );
      return reply.type('text/csv; charset=utf-8').send(
        chartCsv({
          id: 'region-functional',
          title: '',
          type: 'bar',
          series: ['金额（万元）'],
          rows: functional,
          source: '',
        }),
      );
    }
    reply.header('cache-control', SHORT);
    return reply.type('text/html; charset=utf-8').send(
      homePage({
        region: await source.regionName(),
        year,
        kind,
        years,
        rows,
        functional: { rows: functional, csvHref: `/?year=${year}&kind=${encodeURIComponent(kind)}&format=csv` },
      }),
    );
  });

  app.get('/departments', { config: PUBLIC }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    const year = intParam(q.year);
    const kind = kindParam(q.kind);
    const orgKind = q.orgKind || undefined;
    const all = await source.directory({});
    const rows = await source.directory({
      ...(year ? { year } : {}),
      ...(kind ? { kind } : {}),
      ...(orgKind ? { orgKind } : {}),
    });
    reply.header('cache-control', SHORT);
    return reply.type('text/html; charset=utf-8').send(
      directoryPage({
        region: await source.regionName(),
        years: await source.years(),
        ...(year ? { year } : {}),
        ...(kind ? { kind } : {}),
        ...(orgKind ? { orgKind } : {}),
        orgKinds: [...new Set(all.map((r) => r.org.orgKind).filter((k): k is string => !!k))].sort(),
        rows,
      }),
    );
  });

  app.get('/d/:disclosure', { config: PUBLIC }, async (req, reply) => {
    const id = intParam((req.params as { disclosure: string }).disclosure);
    const d = id !== undefined ? await source.published(id) : undefined;
    if (!d || id === undefined || d.versions.length === 0) return notFound(reply);
    const last = d.versions.reduce((m, v) => Math.max(m, v.version), 0);
    reply.header('cache-control', 'public, max-age=60');
    return reply.redirect(disclosureHref(id, last), 302);
  });

  const versionParams = (req: FastifyRequest) => {
    const p = req.params as { disclosure: string; version: string };
    return { id: intParam(p.disclosure), version: intParam(p.version) };
  };

  app.get('/d/:disclosure/v/:version', { config: PUBLIC }, async (req, reply) => {
    const { id, version } = versionParams(req);
    if (id === undefined || version === undefined) return notFound(reply);
    // the page shows whether a later version exists, so the cache key carries the version count
    const d = await source.published(id);
    const key = `page:${id}/${version}/${d?.versions.length ?? 0}`;
    let r = pages.get(key);
    if (!r) {
      const view = await viewOf(id, version);
      if (!view) return notFound(reply);
      r = rendered(disclosurePage(view));
      pages.set(key, r);
    }
    return sendHtml(req, reply, r, SHORT);
  });

  app.get('/d/:disclosure/v/:version/t/:table', { config: PUBLIC }, async (req, reply) => {
    const { id, version } = versionParams(req);
    const tableId = (req.params as { table: string }).table;
    if (id === undefined || version === undefined) return notFound(reply);
    const d = await source.published(id);
    const key = `table:${id}/${version}/${d?.versions.length ?? 0}/${tableId}`;
    let r = pages.get(key);
    if (!r) {
      const view = await viewOf(id, version);
      const table = view && findTable(view.pkg, tableId);
      if (!view || !table) return notFound(reply, '没有这张表');
      r = rendered(tablePage(view, table));
      pages.set(key, r);
    }
    return sendHtml(req, reply, r, SHORT);
  });

  app.get('/d/:disclosure/v/:version/t/:table/c/:row/:col', { config: PUBLIC }, async (req, reply) => {
    const { id, version } = versionParams(req);
    const p = req.params as { table: string; row: string; col: string };
    const row = intParam(p.row);
    const col = intParam(p.col);
    if (id === undefined || version === undefined || row === undefined || col === undefined) return notFound(reply);
    const view = await viewOf(id, version);
    const table = view && findTable(view.pkg, p.table);
    const html = view && table ? cellPage(view, table, row, col) : undefined;
    if (!html) return notFound(reply, '没有这个单元格');
    reply.header('cache-control', SHORT);
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/d/:disclosure/v/:version/download/:format', { config: PUBLIC }, async (req, reply) => {
    const { id, version } = versionParams(req);
    const format = (req.params as { format: string }).format;
    if (id === undefined || version === undefined || !source.formats().includes(format))
      return notFound(reply, '没有这种格式');
    const file = await source.download(id, version, format);
    if (!file) return notFound(reply);
    reply.header('cache-control', IMMUTABLE);
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    return reply.type(file.contentType).send(file.content);
  });

  app.get('/d/:disclosure/v/:version/chart/:chart', { config: PUBLIC }, async (req, reply) => {
    const { id, version } = versionParams(req);
    const chartId = (req.params as { chart: string }).chart.replace(/\.csv$/, '');
    if (id === undefined || version === undefined) return notFound(reply);
    const view = await viewOf(id, version);
    const chart = view && chartsFor(view.pkg, view.history ?? []).find((c) => c.id === chartId);
    if (!view || !chart) return notFound(reply, '没有这个图表');
    reply.header('cache-control', SHORT);
    reply.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`${view.pkg.unit.code}-${view.pkg.year}-${chart.id}.csv`)}`,
    );
    return reply.type('text/csv; charset=utf-8').send(chartCsv(chart));
  });

  app.get('/search', { config: PUBLIC }, async (req, reply) => {
    const q = String((req.query as Record<string, string>).q ?? '')
      .trim()
      .slice(0, 100);
    if (!q) return reply.type('text/html; charset=utf-8').send(searchPage('', []));
    if ([...q].length < 2) return reply.type('text/html; charset=utf-8').send(searchPage(q, [], '请至少输入两个字。'));
    const hits = await source.search(q, 100);
    return reply.type('text/html; charset=utf-8').send(searchPage(q, hits));
  });

  const inspectionCache = new Lru<ReturnType<typeof inspect>>(512);
  const inspectionOf = async (id: number, d: PublishedDisclosure) => {
    const first = [...d.versions].sort((a, b) => a.version - b.version)[0];
    const last = d.versions.reduce((m, v) => Math.max(m, v.version), 0);
    const key = `${id}/${last}`;
    let r = inspectionCache.get(key);
    if (!r) {
      const pkg = await pkgOf(id, last);
      if (!pkg) return undefined;
      r = inspect({
        pkg,
        approvedAt: d.approvedAt ?? null,
        publishedAt: first?.publishedAt ?? null,
        today: opts.today(),
      });
      inspectionCache.set(key, r);
    }
    return { result: r, last };
  };

  app.get('/inspection', { config: PUBLIC }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    const years = await source.years();
    const year = intParam(q.year) ?? years[0] ?? new Date().getUTCFullYear();
    const kind = kindParam(q.kind) ?? '预算';
    const rows = await source.directory({ year, kind });
    const out: InspectionRow[] = [];
    for (const row of rows) {
      const d =
        row.disclosureId !== undefined && row.status === '已公开'
          ? await source.published(row.disclosureId)
          : undefined;
      const r = d && row.disclosureId !== undefined ? await inspectionOf(row.disclosureId, d) : undefined;
      out.push(r ? { row, result: r.result } : { row });
    }
    reply.header('cache-control', SHORT);
    return reply
      .type('text/html; charset=utf-8')
      .send(regionInspectionPage(await source.regionName(), year, kind, out));
  });

  app.get('/inspection/:disclosure', { config: PUBLIC }, async (req, reply) => {
    const id = intParam((req.params as { disclosure: string }).disclosure);
    const d = id !== undefined ? await source.published(id) : undefined;
    if (!d || id === undefined) return notFound(reply);
    const r = await inspectionOf(id, d);
    if (!r) return notFound(reply);
    reply.header('cache-control', SHORT);
    return reply
      .type('text/html; charset=utf-8')
      .send(departmentInspectionPage(d.org.name, d.year, d.kind, disclosureHref(id, r.last), r.result));
  });

  app.get('/compare', { config: PUBLIC }, async (_req, reply) => {
    const rows = await source.directory({});
    const orgs = new Map<string, string>();
    for (const r of rows) if (r.status === '已公开') orgs.set(r.org.code, r.org.name);
    return reply.type('text/html; charset=utf-8').send(
      compareIndexPage({
        years: await source.years(),
        orgs: [...orgs].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code)),
      }),
    );
  });

  app.get('/compare/years', { config: PUBLIC }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    const kind = kindParam(q.kind) ?? '预算';
    const org = String(q.org ?? '');
    const hist = await source.history(org, kind);
    const packages: YearPackage[] = [];
    let name = org;
    let latestHref = '/';
    for (const h of hist) {
      const pkg = await pkgOf(h.disclosureId, h.version);
      if (!pkg) continue;
      packages.push({ year: h.year, pkg });
      name = pkg.unit.name;
    }
    const newest = [...hist].sort((a, b) => b.year - a.year)[0];
    if (newest) latestHref = disclosureHref(newest.disclosureId, newest.version);
    if (!packages.length) return notFound(reply, '这个部门没有已公开的版本');
    return reply
      .type('text/html; charset=utf-8')
      .send(compareYearsPage(name, kind, compareYears(packages), latestHref));
  });

  app.get('/compare/peers', { config: PUBLIC }, async (req, reply) => {
    const q = req.query as Record<string, string | string[]>;
    const kind = kindParam(q.kind) ?? '预算';
    const year = intParam(q.year) ?? (await source.years())[0] ?? 0;
    const wanted = new Set((Array.isArray(q.org) ? q.org : q.org ? [q.org] : []).slice(0, 50));
    const rows = (await source.directory({ year, kind })).filter(
      (r) => r.status === '已公开' && r.disclosureId !== undefined && (wanted.size === 0 || wanted.has(r.org.code)),
    );
    const inputs = [];
    for (const r of rows) {
      const d = await source.published(r.disclosureId as number);
      const last = d?.versions.reduce((m, v) => Math.max(m, v.version), 0) ?? 0;
      const pkg = last ? await pkgOf(r.disclosureId as number, last) : undefined;
      if (pkg) inputs.push({ name: r.org.name, href: disclosureHref(r.disclosureId as number, last), pkg });
    }
    return reply.type('text/html; charset=utf-8').send(comparePeersPage(year, kind, comparePeers(inputs)));
  });
}
