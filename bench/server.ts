/**
 * Benchmark (not a test): requests/s and p99 latency of the server for a published package's API
 * (GET /api/disclosures/:id/versions/1), for a 404, and — as the baseline — the same bytes served
 * by the same server as a static file; with the ratios.
 *
 *   node --import tsx bench/server.ts [seconds per run, default 10] [connections, default 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../src/app/accounts.ts';
import { closeApp, openApp } from '../src/app/context.ts';
import { advanceDemo, importAndCheck, principalOf, registerOrganisationsOf } from '../src/app/demo.ts';
import { syntheticDistrict } from '../src/app/synthetic.ts';
import { buildServer } from '../src/server/app.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'mz-bench-server-'));
const ctx = await openApp({ db: join(dir, 'bench.sqlite'), env: {}, clock: () => new Date('2024-02-01T02:00:00Z') });

// one published disclosure (a synthetic 行政 unit), taken through the workflow
const [file] = syntheticDistrict({ departments: 1, minUnits: 1, maxUnits: 1, years: [2024] });
await registerOrganisationsOf(ctx, file!.raw);
const dept = await createUser(ctx, {
  login: 'dept',
  displayName: 'dept',
  password: 'bench-password',
  grants: [{ role: 'department_reviewer', orgCode: file!.departmentCode }],
});
const fin = await createUser(ctx, {
  login: 'fin',
  displayName: 'fin',
  password: 'bench-password',
  grants: [{ role: 'finance_reviewer', orgCode: file!.departmentCode }],
});
const r = await importAndCheck(ctx, file!.fileName, file!.bytes(), dept);
const d = await principalOf(ctx, dept, 'dept', 'dept');
const why = await advanceDemo(
  ctx,
  { preparer: d, department: d, finance: await principalOf(ctx, fin, 'fin', 'fin') },
  r.disclosureId!,
  'publish',
  {
    approvedOn: '2024-01-20',
    publishAt: '2024-02-01T02:00:00.000Z',
  },
);
if (why) throw new Error(why);

let app: FastifyInstance | null = null;
const bytes: Record<string, Buffer> = {};
app = await buildServer(ctx, {
  web: false,
  plugins: [
    async (a) => {
      // the baseline: a route that sends bytes held in memory, as a static file server does
      a.get('/bench/static/:name', { config: { permission: 'public.read', api: false } }, async (req, reply) => {
        const name = (req.params as { name: string }).name;
        return reply
          .type(name === 'package' ? 'application/json; charset=utf-8' : 'application/problem+json')
          .send(bytes[name]);
      });
    },
  ],
});
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const pkgUrl = `${base}/api/disclosures/${r.disclosureId}/versions/1`;
const missUrl = `${base}/api/no-such-resource`;
bytes.package = Buffer.from(await (await fetch(pkgUrl)).arrayBuffer());
bytes['404'] = Buffer.from(await (await fetch(missUrl)).arrayBuffer());

async function run(url: string) {
  await autocannon({ url, connections, duration: 1 }); // warm-up
  const res = await autocannon({ url, connections, duration: seconds });
  return { rps: res.requests.average, p99: res.latency.p99, total: res.requests.total, errors: res.errors };
}

const pkg = await run(pkgUrl);
const pkgStatic = await run(`${base}/bench/static/package`);
const miss = await run(missUrl);
const missStatic = await run(`${base}/bench/static/404`);

const line = (
  label: string,
  x: { rps: number; p99: number; total: number; errors: number },
  baseline?: { rps: number; p99: number },
) =>
  `${label.padEnd(46)} ${x.rps.toFixed(0).padStart(7)} req/s  p99 ${String(x.p99).padStart(4)} ms` +
  (baseline
    ? `  ratio to static: ${(x.rps / baseline.rps).toFixed(2)} × req/s, ${(x.p99 / Math.max(1, baseline.p99)).toFixed(2)} × p99`
    : '') +
  (x.errors ? `  (${x.errors} errors)` : '');

const report = [
  `server benchmark: ${seconds} s per run, ${connections} connections, SQLite, Node ${process.version}`,
  line(`published package API (${bytes.package.length} bytes)`, pkg, pkgStatic),
  line('  same bytes as a static file', pkgStatic),
  line(`404 problem+json (${bytes['404'].length} bytes)`, miss, missStatic),
  line('  same bytes as a static file', missStatic),
];
process.stdout.write(`${report.join('\n')}\n`);
await app.close();
await closeApp(ctx);
rmSync(dir, { recursive: true, force: true });
