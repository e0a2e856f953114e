/**
 * Benchmark (not a test): requests/s and p99 latency of a published disclosure page of the portal
 * (GET /d/:id/v/1, server-rendered HTML) and of one table's page, with — as the baseline — the same
 * bytes served by the same server as a static file (both gzip-compressed once, as a browser asks for
 * them), and the ratios. Also prints the gzipped size of the client script each page loads.
 *
 *   node --import tsx bench/web.ts [seconds per run, default 10] [connections, default 10]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { closeApp, openApp } from '../src/app/context.ts';
import { importSource } from '../src/app/ingest.ts';
import { publish } from '../src/app/publish.ts';
import { buildServer } from '../src/server/app.ts';
import { WEB_DIST } from '../src/web/index.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const ctx = await openApp({ db: ':memory:', env: {}, clock: () => new Date('2024-03-01T02:00:00Z') });
const source = readFileSync(join(import.meta.dirname, '../examples/demo-two-units-2024-budget/source.json'));
const imported = await importSource(ctx, { fileName: 'two-units.json', bytes: source });
if (imported.disclosureId === undefined) throw new Error(`import: ${imported.status}`);
await publish(ctx, { disclosureId: imported.disclosureId, formats: ['xlsx', 'cells', 'json'] });

const bytes: Record<string, Buffer> = {};
const gzipped: Record<string, Buffer> = {};
const app = await buildServer(ctx, {
  plugins: [
    async (a) => {
      // the baseline: the same bytes held in memory, sent as a static file server does
      a.get('/bench/static/:name', { config: { permission: 'public.read', api: false } }, async (req, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('content-encoding', 'gzip')
          .send(gzipped[(req.params as { name: string }).name]),
      );
    },
  ],
});
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const pages = {
  disclosure: `${base}/d/${imported.disclosureId}/v/1`,
  table: `${base}/d/${imported.disclosureId}/v/1/t/T05`,
};
for (const [name, url] of Object.entries(pages)) {
  bytes[name] = Buffer.from(await (await fetch(url)).arrayBuffer());
  gzipped[name] = gzipSync(bytes[name]!, { level: 9 });
}

async function run(url: string) {
  // as browsers do: ask for gzip (the page is sent pre-compressed, the static baseline too)
  const headers = { 'accept-encoding': 'gzip' };
  await autocannon({ url, connections, duration: 1, headers }); // warm-up
  const res = await autocannon({ url, connections, duration: seconds, headers });
  return { rps: res.requests.average, p99: res.latency.p99, errors: res.errors + res.non2xx };
}

const scripts = (html: string) => [...html.matchAll(/<script[^>]*src="\/assets\/([^"]+)"/g)].map((m) => m[1] as string);
process.stdout.write(`web pages, ${connections} connections, ${seconds} s each (autocannon)\n`);
for (const [name, url] of Object.entries(pages)) {
  const page = await run(url);
  const file = await run(`${base}/bench/static/${name}`);
  const js = scripts(bytes[name]!.toString('utf8')).reduce(
    (n, f) => n + gzipSync(readFileSync(join(WEB_DIST, 'assets', f))).length,
    0,
  );
  process.stdout.write(
    `${name.padEnd(10)} ${(bytes[name]!.length / 1024).toFixed(1)} KB HTML (gzip ${(gzipSync(bytes[name]!).length / 1024).toFixed(1)} KB), JS ${js} B gzip: ` +
      `${page.rps.toFixed(0)} req/s, p99 ${page.p99} ms${page.errors ? `, ${page.errors} errors` : ''} | ` +
      `static same bytes ${file.rps.toFixed(0)} req/s, p99 ${file.p99} ms | ratio ${(page.rps / file.rps).toFixed(2)}\n`,
  );
}
await app.close();
await closeApp(ctx);
